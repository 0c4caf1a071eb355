"""Benchmark: CS_ATTRIBUTION_CREDIT on 100,000 rows through ``roi-xl serve`` and a real
Office.js client (figures and ratios, not a test).

The client is tests/excel/server/officejs_client.mjs in Node: the custom-functions
JavaScript that the server generates for Excel, calling over HTTP on 127.0.0.1,
so the figure includes what Excel's runtime adds: JSON both ways, HTTP, the
xlwings Server route and xlwings's Office.js conversion. Goal: under 1.5 s.
The reference is the same call in-process (``xlwings.server.custom_functions_call``,
no HTTP, no JavaScript), timed in the same run; and the core alone.

Run: ``make benchmark`` (needs Node: ``make nodejs``).
"""

import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings
from xlwings import server

from roi_xl.core import attribution_credit
from roi_xl.excel import udfs

CLIENT = Path(__file__).resolve().parents[1] / "tests" / "excel" / "server" / "officejs_client.mjs"
ROWS = 100_000
REPEATS = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port, log):
    script = Path(sys.executable).with_name("roi-xl")
    process = subprocess.Popen(
        [str(script), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"roi-xl serve stopped with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("roi-xl serve did not answer within 60 s")


def cpu_seconds(pid):
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    node = shutil.which("node")
    if node is None:
        raise SystemExit("Node.js is missing: make nodejs")
    rng = random.Random(2)
    ids = [[f"J{rng.randrange(20_000)}"] for _ in range(ROWS)]
    times = [[45_000 + rng.random() * 90] for _ in range(ROWS)]
    values = [[rng.choice([None, rng.uniform(0, 500)])] for _ in range(ROWS)]
    # As Excel passes them: three ranges, a dropdown word, omitted optional arguments.
    call = {"name": "CS_ATTRIBUTION_CREDIT", "args": [ids, times, values, "time_decay", None]}
    calls = json.dumps([call] * REPEATS)

    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = start_server(port, log)
        try:
            server_cpu = cpu_seconds(process.pid)
            done = subprocess.run(
                [node, str(CLIENT), f"http://127.0.0.1:{port}"],
                input=calls.encode(),
                capture_output=True,
                timeout=600,
                check=True,
            )
            server_cpu = (cpu_seconds(process.pid) - server_cpu) / REPEATS
        finally:
            process.terminate()
            process.wait(timeout=30)
    answer = json.loads(done.stdout)
    result = answer["results"][0]["value"]
    assert len(result) == ROWS, "the client did not get one credit per row"
    through = sorted(answer["seconds"])

    data = {
        "func_name": "CS_ATTRIBUTION_CREDIT",
        "args": [ids, times, values, [["time_decay"]], [[None]], [[None]], [[None]]],
        "client": "Office.js",
        "version": xlwings.__version__,
        "runtime": "1.4",
        "caller_address": "Sheet1!A1",
    }
    in_process = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        local = asyncio.run(server.custom_functions_call(data, udfs))
        in_process.append(time.perf_counter() - start)
    in_process.sort()
    assert [r[0] for r in local] == [r[0] for r in result], "server and in-process disagree"
    core = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        attribution_credit(
            [r[0] for r in ids], [r[0] for r in times], [r[0] for r in values], "time_decay"
        )
        core.append(time.perf_counter() - start)
    core.sort()

    def show(label, timings):
        print(f"{label:<58}{timings[0]:6.2f} s best, {timings[len(timings) // 2]:6.2f} s median")

    print(f"CS_ATTRIBUTION_CREDIT, {ROWS:,} rows, time_decay ({REPEATS} calls each)")
    show("roi-xl serve + Office.js client in Node (goal < 1.5 s)", through)
    show("in-process custom_functions_call (reference)", in_process)
    show("the core on the same Python lists", core)
    print(f"{'ratio, served / in-process (medians)':<58}{through[2] / in_process[2]:6.2f}x")
    client_cpu = sum(answer["cpuSeconds"]) / REPEATS
    print(
        f"CPU per call (unaffected by other work on the machine): server {server_cpu:.2f} s, "
        f"JavaScript client {client_cpu:.2f} s, together {server_cpu + client_cpu:.2f} s"
    )
    print(f"goal < 1.5 s: {'met' if through[len(through) // 2] < 1.5 else 'NOT met'} (median)")


if __name__ == "__main__":
    main()

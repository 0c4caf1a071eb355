"""``roi-xl serve`` in a subprocess on a free loopback port, and the Node client that calls it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CLIENT = Path(__file__).with_name("officejs_client.mjs")
NODE_MISSING = (
    "Node.js is missing (no `node` on PATH): the Office.js client tests need it; "
    "`make test` installs it (Debian package nodejs), or: apt-get install nodejs"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def roi_xl_command() -> list[str]:
    """``roi-xl`` of this interpreter's environment (the console script of the install)."""
    script = Path(sys.executable).with_name("roi-xl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "roi_xl.cli"]


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path
    context: Any = None

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=30, context=self.context) as r:
            return str(r.read().decode("utf-8"))

    def meta(self) -> dict[str, Any]:
        return dict(json.loads(self.get("/xlwings/custom-functions-meta.json")))

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serving(
    *extra: str, scheme: str = "http", context: Any = None, env: dict[str, str] | None = None
):
    """Start ``roi-xl serve`` on a free port of 127.0.0.1; stop it afterwards.

    Fails (never skips) when the server does not answer within 60 s, with its output.
    """
    port = free_port()
    with tempfile.TemporaryDirectory() as work:
        log = Path(work) / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*roi_xl_command(), "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=work,
                env=env if env is not None else os.environ.copy(),
            )
        server = Server(f"{scheme}://127.0.0.1:{port}", process, log, context)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    pytest.fail(
                        f"roi-xl serve stopped with {process.returncode}:\n{server.output()}"
                    )
                try:
                    if json.loads(server.get("/")) == {"status": "ok"}:
                        break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"roi-xl serve did not answer within 60 s:\n{server.output()}")
                time.sleep(0.2)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail(NODE_MISSING)
    return found


def run_client(
    base: str,
    calls: list[tuple[str, list[Any]]],
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run the Node client against ``base`` with ``calls``; its JSON answer.

    Fails with the client's output when it cannot run or does not finish.
    """
    payload = json.dumps([{"name": name, "args": args} for name, args in calls])
    try:
        done = subprocess.run(
            [node(), str(CLIENT), base],
            input=payload.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the Node client did not finish within {timeout} s")
    if done.returncode != 0:
        pytest.fail(f"the Node client failed ({done.returncode}):\n{done.stderr.decode()}")
    return dict(json.loads(done.stdout))

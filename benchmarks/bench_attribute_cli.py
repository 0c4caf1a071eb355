"""Benchmark of the whole ``roi-xl attribute`` command on a large touch export (figures, not tests).

* A touch export of 5,000,000 rows (CSV, the shape of a marketing/CRM touch
  export: text journey ids, ISO date-times, a channel, the conversion value on
  each journey's last touch, blanks elsewhere) is generated here, seeded.
* ``roi-xl attribute`` runs on it in its own process: wall time and peak
  RSS (``wait4``), without ``-o`` and with ``-o credits.csv``. Goal: under 30 s
  and under 1.5 GB.
* The reference is the reader the command had before (the whole file read with
  Python's ``csv`` module, each cell parsed in Python, lists handed to the
  core), kept below as :func:`reference_attribute`, measured in the same run in
  its own process on a smaller export (``REFERENCE_ROWS``: at 5 million rows it
  takes 81 s and 3.5 GB). Both print their credits by channel and the support
  revenue: they must agree to the cent on that export, which both read.

Run: ``.venv/bin/python benchmarks/bench_attribute_cli.py [ROWS] [REFERENCE_ROWS]``.
"""

import csv
import datetime as dt
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = 5_000_000
REFERENCE_ROWS = 1_000_000
CHANNELS = ("Chat", "Phone", "Email", "Paid search", "Organic", "Social", "Referral", "Display")
SUPPORT = "Chat,Phone,Email"


def write_export(path: Path, rows: int, seed: int = 7) -> None:
    """``rows`` touches of ``rows // 5`` journeys, in time order, written in blocks."""
    import numpy as np

    rng = np.random.default_rng(seed)
    journeys = max(rows // 5, 1)
    start = np.datetime64("2024-01-01T00:00:00")
    with path.open("w", newline="") as handle:
        handle.write("Journey,Touch Time,Channel,Conversion Value\n")
        block = 500_000
        for first in range(0, rows, block):
            n = min(block, rows - first)
            ids = rng.integers(0, journeys, n)
            seconds = np.sort(rng.integers(0, 180 * 86_400, n)) + first // block * 180 * 86_400
            stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
            channels = np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)]
            converted = rng.random(n) < 0.3
            cents = rng.integers(100, 50_000, n)
            lines = [
                f"J{j:07d},{t},{c},{v // 100}.{v % 100:02d}\n" if keep else f"J{j:07d},{t},{c},\n"
                for j, t, c, v, keep in zip(ids, stamps, channels, cents, converted, strict=True)
            ]
            handle.write("".join(lines))


# ---------------------------------------------------------------- the reference: the old reader
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _old_time(text):
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return float(text)
    return dt.datetime.fromisoformat(text)


def _old_value(text):
    text = text.strip()
    return float(text) if text else None


def reference_attribute(path: str, model: str) -> None:
    """The command as it was: every row read into lists by Python, then the core."""
    from roi_xl.core import attribution_by_channel, attribution_credit

    with open(path, newline="", encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    rows = table[1:]
    journeys, times, channels, values = [], [], [], []
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        journeys.append(row[0])
        times.append(_old_time(row[1]))
        channels.append(row[2])
        values.append(_old_value(row[3]))
    summary = attribution_by_channel(journeys, times, channels, values, model)
    credits = attribution_credit(journeys, times, values, model).tolist()
    wanted = {c.lower() for c in SUPPORT.split(",")}
    support = [c.strip().lower() in wanted for c in channels]
    revenue = math.fsum(c for c, s in zip(credits, support, strict=True) if s)
    for channel, value in summary:
        print(f"{channel:<24}{value:>18,.2f}")
    print(f"\nSupport-attributed revenue ({SUPPORT}; {model}): {revenue:,.2f}")


# ---------------------------------------------------------------- measuring
def run(argv: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MB), stdout and CPU seconds of one process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode() if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"{argv[:4]} failed ({process.returncode}): {error[-500:]}")
        out.seek(0)
        text = out.read().decode()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, text, cpu  # ru_maxrss is in KiB on Linux


def figures(text: str) -> dict[str, str]:
    """Channel → credited value as printed, and the support revenue: the cents compared."""
    found = dict(re.findall(r"^(\S.*?)\s{2,}([\d,]+\.\d\d)$", text, re.MULTILINE))
    found["support revenue"] = re.search(r"revenue .*: ([\d,.]+)", text).group(1)
    return found


def command(path: Path, model: str, *extra: str) -> list[str]:
    roi = [sys.executable, "-m", "roi_xl.cli", "attribute", str(path), "--model", model]
    return [*roi, "--support-channels", SUPPORT, *extra]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    reference_rows = int(sys.argv[2]) if len(sys.argv) > 2 else REFERENCE_ROWS
    model = "time_decay"
    with tempfile.TemporaryDirectory(prefix="bench-attribute-") as folder:
        big, small = Path(folder) / "touches.csv", Path(folder) / "touches-small.csv"
        started = time.perf_counter()
        # generated in a child process: a child's peak RSS starts from its parent's at fork
        for path, count, seed in ((big, rows, 7), (small, reference_rows, 11)):
            run([sys.executable, __file__, "--generate", str(path), str(count), str(seed)])
        print(
            f"generated {rows:,} rows ({big.stat().st_size / 1e6:,.0f} MB) and {reference_rows:,} "
            f"rows in {time.perf_counter() - started:.1f} s"
        )
        new_small = run(command(small, model))
        old_small = run([sys.executable, __file__, "--reference", str(small), model])
        same = figures(new_small[2]) == figures(old_small[2])
        print(f"\n{reference_rows:,} rows, {model}, no output file:")
        for label, (wall, peak, _, cpu) in (
            ("reference (old reader)", old_small),
            ("roi-xl attribute      ", new_small),
        ):
            print(f"  {label}: {wall:6.1f} s ({cpu:5.1f} s CPU)  {peak:7,.0f} MB peak RSS")
        print(
            f"  ratio: {old_small[0] / new_small[0]:.1f}x faster, "
            f"{old_small[1] / new_small[1]:.1f}x less memory; same cents: {same}"
        )
        if not same:
            print(f"  new: {figures(new_small[2])}\n  old: {figures(old_small[2])}")
        print(f"\n{rows:,} rows, {model} (goal: under 30 s and 1,500 MB):")
        seconds, peak, text, cpu = run(command(big, model))
        print(
            f"  roi-xl attribute                 : {seconds:6.1f} s ({cpu:5.1f} s CPU)  "
            f"{peak:7,.0f} MB peak RSS"
        )
        print(f"  support revenue: {figures(text)['support revenue']}")
        out = Path(folder) / "credits.csv"
        seconds, peak, _, cpu = run(command(big, model, "-o", str(out)))
        print(
            f"  roi-xl attribute -o credits.csv  : {seconds:6.1f} s ({cpu:5.1f} s CPU)  "
            f"{peak:7,.0f} MB peak RSS"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--generate":
        write_export(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--reference":
        reference_attribute(sys.argv[2], sys.argv[3])
    else:
        main()

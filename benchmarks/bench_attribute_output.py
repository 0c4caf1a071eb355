"""Benchmark of ``roi-xl attribute`` writing its credits (figures and ratios, not tests).

A touch export of 1,048,575 rows (a full worksheet with its header: the most
an ``.xlsx`` output can hold), realistic in shape: ids of journeys of 1 to 6
touches, ISO touch times, four channels, a conversion value on the last row of
each journey. The whole command (read, attribute, write) runs three ways in
the same run:

* ``-o credits.csv``: the simple reference (a text file, one line a row);
* ``-o credits.xlsx``: the streamed workbook; goal under 60 s, and a ratio to
  the CSV run near 1 (linear, like the CSV);
* the xlsx writer alone at 1/8, 1/4, 1/2 and all of the rows: seconds per
  100,000 rows must stay flat (linear), where the old writer grew with the
  square of the rows (20,000 rows 127 s).

Run: ``python benchmarks/bench_attribute_output.py [ROWS]`` (``make benchmark``).
"""

import csv
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from roi_xl.cli import main
from roi_xl.io.value_workbook import write_value_workbook

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_048_575
CHANNELS = ("Chat", "Phone", "Email", "Web")


def touch_export(path: Path, rows: int) -> None:
    rng = random.Random(1)
    start = dt.datetime(2024, 1, 1)
    written = 0
    journey = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Journey", "Touch Time", "Channel", "Conversion Value"])
        while written < rows:
            touches = min(rng.randint(1, 6), rows - written)
            for t in range(touches):
                moment = start + dt.timedelta(minutes=journey * 7 + t * 90)
                value = f"{rng.uniform(10, 500):.2f}" if t == touches - 1 else ""
                writer.writerow(
                    [f"J{journey:07d}", moment.isoformat(), rng.choice(CHANNELS), value]
                )
            written += touches
            journey += 1


def timed(args: list[str]) -> float:
    begin = time.perf_counter()
    assert main(args) == 0
    return time.perf_counter() - begin


def main_benchmark() -> None:
    with tempfile.TemporaryDirectory(prefix="roi-xl-bench-") as work:
        folder = Path(work)
        source = folder / "touches.csv"
        touch_export(source, ROWS)
        base = ["attribute", str(source), "--support-channels", "Chat,Phone,Email"]
        csv_seconds = timed([*base, "-o", str(folder / "credits.csv")])
        xlsx_seconds = timed([*base, "-o", str(folder / "credits.xlsx")])
        print(f"\n{ROWS:,} rows, whole command (read, attribute, write):")
        print(f"  -o credits.csv   {csv_seconds:6.1f} s (reference)")
        ratio = xlsx_seconds / csv_seconds
        print(f"  -o credits.xlsx  {xlsx_seconds:6.1f} s  ratio to CSV {ratio:.2f}")
        print(f"  goal: under 60 s: {'yes' if xlsx_seconds < 60 else 'NO'}")
        rows = [
            [f"J{i // 3:07d}", "2024-01-01T09:30:00", "Chat", "12.50", 4.1666, "yes"]
            for i in range(ROWS)
        ]
        print("\nxlsx writer alone (6 columns):")
        for part in (8, 4, 2, 1):
            n = ROWS // part
            begin = time.perf_counter()
            write_value_workbook(folder / f"w{part}.xlsx", [("Credits", rows[:n])], force=True)
            seconds = time.perf_counter() - begin
            print(
                f"  {n:>9,} rows {seconds:6.2f} s  {seconds / n * 100_000:5.2f} s per 100,000 rows"
            )


if __name__ == "__main__":
    main_benchmark()

"""Benchmarks for the template workbooks (figures and ratios, not tests).

* Building all four templates (goal: under 2 seconds together), against
  building one blank openpyxl workbook with the same number of cells written.
* ``roi-xl recalc`` of the filled example business case, LibreOffice start
  included (goal: under 5 seconds), against LibreOffice converting an empty
  workbook (the start-up cost alone).
* A ``CostLines`` table with 10,000 rows: recalculation time against the
  blank template's (goal: no more than 2x; the totals use bounded ranges and
  no volatile functions).

Needs LibreOffice (``make benchmark`` installs it). Run: ``make benchmark``.
"""

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from roi_xl.core import CostLine
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.recalc import convert
from roi_xl.workbooks.lists import CHANNELS, COST_CATEGORIES
from roi_xl.workbooks.templates import TEMPLATES, build_template, write_template


def best_of(function, repeat=3):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)

        def build_all():
            for kind in TEMPLATES:
                write_template(kind, work / f"{kind}.xlsx", force=True)

        cells = sum(
            1
            for kind in TEMPLATES
            for sheet in build_template(kind).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )

        def plain():
            book = Workbook()
            sheet = book.active
            for index in range(cells):
                sheet.cell(index // 20 + 1, index % 20 + 1, index)
            book.save(work / "plain.xlsx")

        templates = best_of(build_all)
        reference = best_of(plain)
        print(f"build all four templates      : {templates:6.2f} s (goal < 2 s)")
        print(f"plain openpyxl, {cells:,} cells : {reference:6.2f} s")
        print(f"ratio (templates / plain)     : {templates / reference:6.1f}x")

        _, fill = parse_scenario(example_scenario_text())
        case = write_template("roi_business_case", work / "case.xlsx", fill, force=True)
        empty = work / "empty.xlsx"
        Workbook().save(empty)
        command = [sys.executable, "-m", "roi_xl.cli", "recalc", str(case)]
        recalc = best_of(lambda: subprocess.run(command, check=True, capture_output=True))
        start_up = best_of(lambda: convert([empty], work / "out"))
        print(
            f"roi-xl recalc, filled case    : {recalc:6.2f} s (goal < 5 s, LibreOffice start "
            "included)"
        )
        print(f"LibreOffice start, empty book : {start_up:6.2f} s")
        print(f"ratio (recalc / start-up)     : {recalc / start_up:6.1f}x")

        rng = random.Random(1)
        lines = [
            CostLine(
                rng.choice(COST_CATEGORIES),
                f"line {i}",
                rng.choice(CHANNELS),
                rng.uniform(0, 1e5),
                (rng.uniform(0, 1e5),) * 3,
            )
            for i in range(10_000)
        ]
        blank = write_template("roi_business_case", work / "blank.xlsx", force=True)
        big = write_template(
            "roi_business_case",
            work / "big.xlsx",
            fill=type(fill)(cost_lines=lines),
            cost_rows=10_000,
            force=True,
        )
        blank_time = best_of(lambda: convert([blank], work / "out"))
        big_time = best_of(lambda: convert([big], work / "out"))
        print(f"recalc, blank business case   : {blank_time:6.2f} s")
        print(f"recalc, 10,000 cost lines     : {big_time:6.2f} s")
        print(f"ratio (10,000 rows / blank)   : {big_time / blank_time:6.2f}x (goal <= 2x)")
        print(
            f"  without LibreOffice start   : "
            f"{(big_time - start_up) / max(blank_time - start_up, 1e-9):6.2f}x"
        )


if __name__ == "__main__":
    main()

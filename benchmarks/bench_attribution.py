"""Benchmarks for touch attribution (figures and ratios, not tests).

* ``attribution_credit`` on 1,048,576 rows (Excel's maximum) for each row
  model, given as Excel sends them -- Python lists: text journey ids, float
  times, values with blank cells (``None``): goal under 0.5 s each and at least
  10x faster than a plain per-row Python implementation timed in the same run
  on the same lists; then the same rows as numpy arrays (integer ids); peak
  memory (tracemalloc).
* ``CS_ATTRIBUTION_CREDIT`` through xlwings's Office.js call path on 100,000
  rows: overhead over the core call on the same rows, as a ratio.
* The native Attribution sheet: LibreOffice recalculation at its sized row
  count, against the same workbook with an empty touch log.

Run: ``make benchmark``.
"""

import asyncio
import os
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import numpy as np
import xlwings
from xlwings import server

from roi_xl.core import ROW_MODELS, attribution_credit
from roi_xl.excel import udfs
from roi_xl.office.recalc import convert
from roi_xl.workbooks.attribution import DEFAULT_TOUCH_ROWS, TouchLogFill
from roi_xl.workbooks.templates import Fill, write_template


def per_row_python(ids, times, values, model, half_life=7.0, first=0.4, last=0.4):
    """The simple reference: dictionaries and loops, one row at a time.

    Each journey's touches are sorted by time, then row; the decay weights are
    computed for ``time_decay`` only (the other models have no use for them).
    """
    journeys = {}
    for row, (journey, moment, value) in enumerate(zip(ids, times, values, strict=True)):
        journeys.setdefault(journey, []).append((moment, row, value or 0.0))
    credit = [0.0] * len(ids)
    for touches in journeys.values():
        touches.sort()
        worth = max(v for _, _, v in touches)
        n = len(touches)
        if model == "time_decay":
            latest = touches[-1][0]
            weights = [2 ** (-(latest - t) / half_life) for t, _, _ in touches]
            total = sum(weights)
        for position, (_, row, _) in enumerate(touches):
            if model == "first":
                share = 1.0 if position == 0 else 0.0
            elif model == "last":
                share = 1.0 if position == n - 1 else 0.0
            elif model == "linear":
                share = 1.0 / n
            elif model == "time_decay":
                share = weights[position] / total
            elif n <= 2:
                share = 1.0 / n
            elif position in (0, n - 1):
                share = first if position == 0 else last
            else:
                share = (1 - first - last) / (n - 2)
            credit[row] = worth * share
    return credit


def excel_lists(n, journeys, rng):
    """A touch log as Excel sends it: text ids, float serial times, values with blanks."""
    ids = [f"J{j}" for j in rng.integers(0, journeys, n)]
    times = (45_000 + rng.uniform(0, 365, n)).tolist()
    worth = rng.uniform(0, 500, n)
    values = [
        float(v) if keep else None for v, keep in zip(worth, rng.random(n) < 0.3, strict=True)
    ]
    return ids, times, values


def timed(function, *args):
    """The result, the wall-clock seconds and the CPU seconds of this process.

    On a shared machine the wall clock includes waiting for a core; the CPU time
    does not, so the ratios are given on both.
    """
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - start, time.process_time() - cpu


def main():
    rng = np.random.default_rng(1)
    n = 1_048_576
    print(f"attribution_credit, {n:,} rows (Excel's maximum), 250,000 journeys")
    print("\nas Excel sends them: Python lists (text ids, float times, values with blanks)")
    print(
        f"{'model':<12}{'core wall':>10}{'cpu':>7}{'per-row wall':>14}{'cpu':>7}"
        f"{'speed-up wall':>15}{'cpu':>7}   goal (< 0.5 s, >= 10x)"
    )
    ids_list, times_list, values_list = excel_lists(n, 250_000, rng)
    attribution_credit(ids_list, times_list, values_list)  # warm-up
    for model in ROW_MODELS:
        # fresh lists for each model, as each call from Excel brings new objects
        ids_list, times_list, values_list = excel_lists(n, 250_000, rng)
        fast, wall, cpu = timed(attribution_credit, ids_list, times_list, values_list, model)
        slow, loop_wall, loop_cpu = timed(per_row_python, ids_list, times_list, values_list, model)
        assert np.allclose(fast, slow, rtol=1e-9, atol=1e-9)
        met = "met" if wall < 0.5 and loop_wall / wall >= 10 else "NOT met"
        met_cpu = "met" if cpu < 0.5 and loop_cpu / cpu >= 10 else "NOT met"
        print(
            f"{model:<12}{wall:>9.2f}s{cpu:>6.2f}s{loop_wall:>13.2f}s{loop_cpu:>6.2f}s"
            f"{loop_wall / wall:>14.1f}x{loop_cpu / cpu:>6.1f}x   wall {met}, cpu {met_cpu}"
        )

    ids = rng.integers(0, 250_000, n)
    times = 45_000 + rng.uniform(0, 365, n)
    values = np.where(rng.random(n) < 0.3, rng.uniform(0, 500, n), 0.0)
    ids_list, times_list, values_list = ids.tolist(), times.tolist(), values.tolist()
    print("\nas numpy arrays (integer ids)")
    print(f"{'model':<12}{'numpy':>10}{'per-row Python':>16}{'speed-up':>10}{'peak memory':>14}")
    attribution_credit(ids, times, values)  # warm-up: first-touch page faults, imports
    for model in ROW_MODELS:
        tracemalloc.start()
        start = time.perf_counter()
        fast = attribution_credit(ids, times, values, model)
        vectorised = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        start = time.perf_counter()
        slow = per_row_python(ids_list, times_list, values_list, model)
        loop = time.perf_counter() - start
        assert np.allclose(fast, slow, rtol=1e-9, atol=1e-9)
        print(
            f"{model:<12}{vectorised:>9.2f}s{loop:>15.2f}s{loop / vectorised:>9.0f}x"
            f"{peak / 2**20:>11.0f} MiB"
        )

    m = 100_000
    py = random.Random(2)
    excel_ids = [[f"J{py.randrange(20_000)}"] for _ in range(m)]
    excel_times = [[45_000 + py.random() * 90] for _ in range(m)]
    excel_values = [[py.choice([0.0, py.uniform(0, 500)])] for _ in range(m)]
    data = {
        "func_name": "CS_ATTRIBUTION_CREDIT",
        "args": [excel_ids, excel_times, excel_values, [["linear"]], [[None]], [[None]], [[None]]],
        "client": "Office.js",
        "version": xlwings.__version__,
        "runtime": "1.4",
        "caller_address": "Sheet1!A1",
    }
    start = time.perf_counter()
    asyncio.run(server.custom_functions_call(data, udfs))
    through = time.perf_counter() - start
    start = time.perf_counter()
    attribution_credit(
        [r[0] for r in excel_ids], [r[0] for r in excel_times], [r[0] for r in excel_values]
    )
    core = time.perf_counter() - start
    print(f"\nCS_ATTRIBUTION_CREDIT, {m:,} rows via Office.js in-process: {through:7.2f} s")
    print(f"core on the same Python lists                 : {core:7.2f} s")
    print(f"overhead ratio (Office.js / core)             : {through / core:7.0f}x")

    touches = [
        (
            f"J{py.randrange(250)}",
            45_000 + py.random() * 60,
            py.choice(["Chat", "Phone", "Email", "Ads", "Web"]),
            py.choice([None, round(py.uniform(0, 900), 2)]),
        )
        for _ in range(DEFAULT_TOUCH_ROWS)
    ]
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        empty = write_template("gain_attribution", work / "empty.xlsx")
        full = write_template(
            "gain_attribution",
            work / "full.xlsx",
            Fill(touch_log=TouchLogFill(touches=touches, model="time_decay")),
        )
        timings = {}
        for path in (empty, full):
            start = time.perf_counter()
            convert([path], work / "out")
            timings[path.stem] = time.perf_counter() - start
    print(
        f"\nAttribution sheet, {DEFAULT_TOUCH_ROWS:,} touches, LibreOffice load + recalculate + "
        f"save: {timings['full']:.2f} s"
    )
    print(f"same workbook, empty touch log                : {timings['empty']:.2f} s")
    print(
        f"ratio (full / empty)                          : {timings['full'] / timings['empty']:.1f}x"
    )


if __name__ == "__main__":
    main()

"""Benchmarks for the CS_ functions and the simulation (not tests: figures and ratios).

Each figure is printed beside a simple reference measured in the same run, so
the ratio means something on any machine:

* CS_ROI through xlwings's Office.js call path (what a cell in xlwings Server
  or Lite costs on the Python side) versus calling ``roi_xl.core.roi`` directly;
* ``simulate_roi`` with 100,000 trials (target: well under a second) versus a
  plain per-trial Python loop with ``random.triangular``.

Run: ``make benchmark`` (or ``.venv/bin/python benchmarks/bench_udfs.py``).
"""

import asyncio
import os
import random
import statistics
import time

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings
from xlwings import server

from roi_xl import core, udfs


def per_call(function, repeat=5, number=2_000):
    """Best-of-``repeat`` mean seconds per call."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        timings.append((time.perf_counter() - start) / number)
    return min(timings)


def officejs_roi():
    data = {
        "func_name": "CS_ROI",
        "args": [[[300_000, 400_000, 200_000]], [[1_000_000]]],
        "client": "Office.js",
        "version": xlwings.__version__,
        "runtime": "1.4",
        "caller_address": "Sheet1!A1",
    }
    loop = asyncio.new_event_loop()
    try:
        return per_call(lambda: loop.run_until_complete(server.custom_functions_call(data, udfs)))
    finally:
        loop.close()


def python_loop_simulation(trials):
    rng = random.Random(1)
    rois = []
    for _ in range(trials):
        gains = rng.triangular(50, 200, 100)
        costs = rng.triangular(60, 120, 80)
        rois.append((gains - costs) / costs)
    rois.sort()
    return statistics.fmean(rois)


def main():
    direct = per_call(lambda: core.roi([300_000, 400_000, 200_000], 1_000_000))
    through = officejs_roi()
    print(f"CS_ROI via Office.js path : {through * 1e6:8.1f} µs per call")
    print(f"core.roi directly         : {direct * 1e6:8.1f} µs per call")
    print(f"ratio (Office.js / core)  : {through / direct:8.1f}x")

    trials = 100_000
    start = time.perf_counter()
    core.simulate_roi(50, 100, 200, 60, 80, 120, trials=trials, seed=1)
    vectorised = time.perf_counter() - start
    start = time.perf_counter()
    python_loop_simulation(trials)
    loop = time.perf_counter() - start
    print(f"simulate_roi, {trials:,} trials : {vectorised * 1e3:8.1f} ms (target: well under 1 s)")
    print(f"per-trial Python loop     : {loop * 1e3:8.1f} ms")
    print(f"speed-up (loop / numpy)   : {loop / vectorised:8.1f}x")


if __name__ == "__main__":
    main()

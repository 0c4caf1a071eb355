"""A plain per-row Python implementation of the five row models, written from
FORMULAS.md section D without numpy: the independent reference for the tests.
(The benchmark's per-row baseline, benchmarks/bench_attribution.py, is the same
algorithm with each journey's decay total computed once.)"""

from __future__ import annotations


def reference_credit(ids, times, values, model="linear", half_life=7.0, first=0.4, last=0.4):
    journeys: dict = {}
    for row, (journey, time, value) in enumerate(zip(ids, times, values, strict=True)):
        journeys.setdefault(journey, []).append((time, row, value or 0.0))
    credit = [0.0] * len(ids)
    for touches in journeys.values():
        touches.sort()  # by time, then row: ties in time broken by row order
        worth = max(v for _, _, v in touches)
        n = len(touches)
        latest = touches[-1][0]
        weights = [2 ** (-(latest - t) / half_life) for t, _, _ in touches]
        for position, (_, row, _) in enumerate(touches):
            if model == "first":
                share = 1.0 if position == 0 else 0.0
            elif model == "last":
                share = 1.0 if position == n - 1 else 0.0
            elif model == "linear":
                share = 1.0 / n
            elif model == "time_decay":
                share = weights[position] / sum(weights)
            elif n == 1:
                share = 1.0
            elif n == 2:
                share = 0.5
            elif position == 0:
                share = first
            elif position == n - 1:
                share = last
            else:
                share = (1 - first - last) / (n - 2)
            credit[row] = worth * share
    return credit

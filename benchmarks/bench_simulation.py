"""Benchmark of ``roi-xl simulate``'s draws (figures and ratios, not a test).

1,000,000 trials of the example business case (8 gain lines and the costs,
each triangular) with :func:`roi_xl.core.simulate_case`: goal under 2 s.
The reference is a plain per-trial Python loop (``random.triangular`` per
line, as one would write it first), timed in the same run on 100,000 trials
and scaled to 1,000,000 (it is linear in the trials).

Run: ``make benchmark``.
"""

import random
import statistics
import time

from roi_xl.core import decision_outputs, simulate_case
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.office.simulate import read_estimates
from roi_xl.workbooks.assumptions import ALL_ASSUMPTIONS

TRIALS = 1_000_000
REFERENCE_TRIALS = 100_000


def example_estimates():
    _, fill = parse_scenario(example_scenario_text())
    defaults = {a.name: a.default for a in ALL_ASSUMPTIONS if a.default is not None}
    case = ({**defaults, **fill.inputs}, fill.cost_lines, fill.lever_settings, fill.gain_lines)
    gains, costs, _ = read_estimates(decision_outputs(*case, settings=fill.decisions))
    return gains, costs


def per_trial_python(gains, costs, trials, seed=1):
    """The simple reference: one trial at a time."""
    rng = random.Random(seed)
    rois = []
    for _ in range(trials):
        total = sum(rng.triangular(g.low, g.high, g.likely) for g in gains)
        cost = rng.triangular(costs.low, costs.high, costs.likely)
        rois.append((total - cost) / cost)
    rois.sort()
    return statistics.fmean(rois), rois[len(rois) // 2]


def main():
    gains, costs = example_estimates()
    simulate_case(gains, costs, trials=10_000)  # warm up numpy
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = simulate_case(gains, costs, trials=TRIALS, seed=1)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    mean, median = per_trial_python(gains, costs, REFERENCE_TRIALS)
    reference = (time.perf_counter() - start) * TRIALS / REFERENCE_TRIALS
    print(f"simulate_case, {TRIALS:,} trials x {len(gains) + 1} distributions")
    print(f"  vectorised: {best:.2f} s (goal < 2 s) -> {'OK' if best < 2 else 'SLOW'}")
    print(f"  per-trial Python loop: {reference:.1f} s (measured on {REFERENCE_TRIALS:,}, scaled)")
    print(f"  ratio: {reference / best:.0f}x")
    print(
        f"  agreement: mean {result.mean:.4f} vs {mean:.4f}, "
        f"median {result.p50:.4f} vs {median:.4f} (different random streams)"
    )


if __name__ == "__main__":
    main()

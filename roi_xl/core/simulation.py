"""Uncertainty: Monte Carlo ROI from low / likely / high estimates (FORMULAS.md section H)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import _inputs as check
from .errors import OutOfDomainError, ZeroDenominatorError

__all__ = [
    "MAX_TRIALS",
    "triangular",
    "simulate_roi",
    "Estimate",
    "CaseSimulation",
    "simulate_case",
    "triangular_mean_of_reciprocal",
]

#: Most trials one call draws (two float arrays of this size fit easily in memory).
MAX_TRIALS = 10_000_000


def triangular(
    low: float, likely: float, high: float, uniform: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Draws from a triangular distribution by its inverse CDF.

    Unlike ``numpy.random.Generator.triangular`` this accepts ``low == high``
    (a known value), which a spreadsheet user types on purpose.

    Parameters
    ----------
    low, likely, high : float
        Minimum, mode and maximum, ``low <= likely <= high``.
    uniform : ndarray
        Uniform draws in [0, 1).

    Returns
    -------
    ndarray
        One draw per uniform value.

    Examples
    --------
    >>> triangular(1.0, 2.0, 3.0, np.array([0.0, 0.5])).tolist()
    [1.0, 2.0]
    """
    width = high - low
    if width == 0:
        return np.full(uniform.shape, low, dtype=float)
    split = (likely - low) / width
    left = low + np.sqrt(uniform * width * (likely - low))
    right = high - np.sqrt((1.0 - uniform) * width * (high - likely))
    return np.where(uniform < split, left, right)


def _estimate(low: Any, likely: Any, high: Any, name: str) -> tuple[float, float, float]:
    values = (
        check.number(low, f"{name}_low"),
        check.number(likely, f"{name}_likely"),
        check.number(high, f"{name}_high"),
    )
    if not values[0] <= values[1] <= values[2]:
        raise OutOfDomainError(
            f"{name}_likely",
            f"{name}_low <= {name}_likely <= {name}_high must hold, got "
            + ", ".join(check.show(v) for v in values),
        )
    return values


def simulate_roi(
    gains_low: Any,
    gains_likely: Any,
    gains_high: Any,
    costs_low: Any,
    costs_likely: Any,
    costs_high: Any,
    trials: Any = 10_000,
    seed: Any = 1,
) -> dict[str, float]:
    """ROI under uncertainty: percentiles of a Monte Carlo simulation.

    Gains and costs are drawn independently from triangular distributions
    (low, most likely, high); each trial's ROI is ``(gains - costs) / costs``.

    Parameters
    ----------
    gains_low, gains_likely, gains_high : float
        Estimates of total gains, ``low <= likely <= high``.
    costs_low, costs_likely, costs_high : float
        Estimates of total costs, ``0 < low <= likely <= high``.
    trials : int, default 10000
        Number of draws, 1 .. 10,000,000.
    seed : int, default 1
        Seed of the random generator (0 or more): the same seed gives the same result.

    Returns
    -------
    dict
        ``p10``, ``p50``, ``p90`` (percentiles of ROI, linear interpolation),
        ``mean`` (mean ROI) and ``prob_negative`` (share of trials with ROI < 0).

    Raises
    ------
    ZeroDenominatorError
        When ``costs_low`` is 0 (a trial could divide by zero).

    Examples
    --------
    Known gains and costs give the deterministic ROI in every percentile:

    >>> result = simulate_roi(150, 150, 150, 100, 100, 100, trials=1000)
    >>> result["p10"], result["p90"], result["prob_negative"]
    (0.5, 0.5, 0.0)
    """
    g_low, g_likely, g_high = _estimate(gains_low, gains_likely, gains_high, "gains")
    c_low, c_likely, c_high = _estimate(costs_low, costs_likely, costs_high, "costs")
    if c_low < 0:
        raise OutOfDomainError("costs_low", f"costs_low must be 0 or more, got {check.show(c_low)}")
    if c_low == 0:
        raise ZeroDenominatorError("costs_low", "costs_low is 0: a trial's ROI would be undefined")
    n = check.whole_number(trials, "trials", minimum=1, maximum=MAX_TRIALS)
    rng = np.random.default_rng(check.whole_number(seed, "seed", maximum=2**63 - 1))
    gains = triangular(g_low, g_likely, g_high, rng.random(n))
    costs = triangular(c_low, c_likely, c_high, rng.random(n))
    roi = (gains - costs) / costs
    if not np.all(np.isfinite(roi)):
        raise OutOfDomainError("gains_high", "the estimates are too large to simulate")
    p10, p50, p90 = np.percentile(roi, [10, 50, 90])
    return {
        "p10": float(p10),
        "p50": float(p50),
        "p90": float(p90),
        "mean": float(roi.mean()),
        "prob_negative": float(np.mean(roi < 0)),
    }


#: Trials drawn at a time by :func:`simulate_case`: fixed, so that a seed gives the same
#: result whether or not progress is shown.
CHUNK = 262_144
HISTOGRAM_BINS = 30


@dataclass(frozen=True)
class Estimate:
    """Low, most likely and high 3-year value of one line of the business case."""

    name: str
    low: float
    likely: float
    high: float

    @classmethod
    def from_scenarios(
        cls, name: str, conservative: Any, expected: Any, optimistic: Any
    ) -> Estimate:
        """The triangle a line's scenario columns span: low and high are the outer two.

        For a gain the conservative value is the low one; for costs it is the high one.
        """
        values = [
            check.number(v, f"{name} ({label})")
            for v, label in zip(
                (conservative, expected, optimistic),
                ("conservative", "expected", "optimistic"),
                strict=True,
            )
        ]
        low, high = min(values[0], values[2]), max(values[0], values[2])
        if not low <= values[1] <= high:
            raise OutOfDomainError(
                name,
                f"{name}: the expected value {check.show(values[1])} is not between the "
                f"conservative and optimistic values ({check.show(values[0])}, "
                f"{check.show(values[2])})",
            )
        return cls(name, low, values[1], high)

    @property
    def mean(self) -> float:
        """The mean of the triangular distribution, (low + likely + high) / 3."""
        return (self.low + self.likely + self.high) / 3


@dataclass(frozen=True)
class CaseSimulation:
    """Percentiles of the 3-year ROI over the trials, and its histogram."""

    p10: float
    p50: float
    p90: float
    mean: float
    prob_negative: float
    trials: int
    seed: int
    counts: tuple[int, ...]
    edges: tuple[float, ...]


def simulate_case(
    gains: Sequence[Estimate],
    costs: Estimate,
    trials: Any = 100_000,
    seed: Any = 1,
    progress: Callable[[int], None] | None = None,
) -> CaseSimulation:
    """Monte Carlo 3-year ROI of a business case, vectorised.

    Each trial draws every gain line and the costs independently from their
    triangular distributions (:class:`Estimate`) and computes
    ``(sum of gains - costs) / costs``.

    Parameters
    ----------
    gains : sequence of Estimate
        One per gain line: its 3-year value, low / most likely / high.
    costs : Estimate
        The 3-year costs (Initial plus Years 1-3), ``low > 0``.
    trials : int, default 100000
        1 .. :data:`MAX_TRIALS`.
    seed : int, default 1
        The same seed gives the same result.
    progress : callable, optional
        Called with the number of trials just done, chunk by chunk.

    Returns
    -------
    CaseSimulation
        Percentiles (linear interpolation), mean, share of trials with ROI
        below 0, and a histogram of ROI between its 1st and 99th percentiles.

    Examples
    --------
    Known values give the deterministic ROI in every trial:

    >>> result = simulate_case([Estimate("Savings", 150, 150, 150)],
    ...                        Estimate("Costs", 100, 100, 100), trials=1000)
    >>> result.p10, result.p90, result.prob_negative
    (0.5, 0.5, 0.0)
    """
    if costs.low < 0:
        raise OutOfDomainError("costs", f"costs must be 0 or more, got {check.show(costs.low)}")
    if costs.low == 0:
        raise ZeroDenominatorError("costs", "the costs can be 0: a trial's ROI would be undefined")
    n = check.whole_number(trials, "trials", minimum=1, maximum=MAX_TRIALS)
    rng = np.random.default_rng(check.whole_number(seed, "seed", maximum=2**63 - 1))
    roi = np.empty(n)
    for start in range(0, n, CHUNK):
        size = min(CHUNK, n - start)
        total = np.zeros(size)
        for line in gains:
            total += triangular(line.low, line.likely, line.high, rng.random(size))
        cost = triangular(costs.low, costs.likely, costs.high, rng.random(size))
        roi[start : start + size] = (total - cost) / cost
        if progress is not None:
            progress(size)
    if not np.all(np.isfinite(roi)):
        raise OutOfDomainError("gains", "the estimates are too large to simulate")
    p1, p10, p50, p90, p99 = np.percentile(roi, [1, 10, 50, 90, 99])
    counts, edges = np.histogram(roi, bins=HISTOGRAM_BINS, range=(p1, p99))
    return CaseSimulation(
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        mean=float(roi.mean()),
        prob_negative=float(np.mean(roi < 0)),
        trials=n,
        seed=int(seed),
        counts=tuple(int(c) for c in counts),
        edges=tuple(float(e) for e in edges),
    )


def triangular_mean_of_reciprocal(low: float, likely: float, high: float) -> float:
    """E[1/X] for X triangular on ``0 < low <= likely <= high``, in closed form.

    Integrating 1/x against the two linear pieces of the density gives
    ``2/(high-low) * (high ln(high/likely)/(high-likely) - low ln(likely/low)/(likely-low))``;
    a piece of zero width contributes its limit, 1.

    Examples
    --------
    >>> triangular_mean_of_reciprocal(2.0, 2.0, 2.0)
    0.5
    """
    if low <= 0:
        raise OutOfDomainError("low", f"low must be above 0, got {check.show(low)}")
    if high == low:
        return 1 / low
    left = low * np.log(likely / low) / (likely - low) if likely > low else 1.0
    right = high * np.log(high / likely) / (high - likely) if high > likely else 1.0
    return float(2 / (high - low) * (right - left))

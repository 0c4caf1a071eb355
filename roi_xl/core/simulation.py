"""Uncertainty: Monte Carlo ROI from low / likely / high estimates (FORMULAS.md section H)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import _inputs as check
from .errors import OutOfDomainError, ZeroDenominatorError

__all__ = ["MAX_TRIALS", "triangular", "simulate_roi"]

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

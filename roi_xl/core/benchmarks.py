"""Published benchmark ranges (FORMULAS.md section F).

The figures live in ``roi_xl/core/benchmarks.toml`` with their source; this
module only reads and compares them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from . import _inputs as check

__all__ = [
    "BUSINESS_TYPES",
    "benchmark_figures",
    "benchmark_roi",
    "benchmark_position",
    "is_sourced",
]

#: What ``publisher`` and ``year`` say in ``benchmarks.toml`` when nobody recorded them.
NOT_RECORDED = "not recorded"


def is_sourced(entry: dict[str, Any]) -> bool:
    """Whether a benchmark figure is *published*: its publisher and year are recorded.

    >>> is_sourced({"publisher": "Bain & Company", "year": "2014"})
    True
    >>> is_sourced({"publisher": "not recorded", "year": "not recorded"})
    False
    """
    return all(
        str(entry.get(key, "")).strip() and NOT_RECORDED not in str(entry[key])
        for key in ("publisher", "year")
    )


BUSINESS_TYPES = ("saas", "ecommerce", "services")


@cache
def benchmark_figures() -> dict[str, Any]:
    """All benchmark figures shipped with roi_xl, with their sources.

    Returns
    -------
    dict
        ``{"roi_by_business_type": {...}, "figures": {...}}`` as in
        ``roi_xl/core/benchmarks.toml``.

    Examples
    --------
    >>> benchmark_figures()["figures"]["ai_payback_months"]["high"]
    18.0
    """
    text = resources.files("roi_xl.core").joinpath("benchmarks.toml").read_text("utf-8")
    return tomllib.loads(text)


def benchmark_roi(business_type: Any, bound: Any = "low") -> float:
    """Published support ROI for a business type: the low or the high end.

    Parameters
    ----------
    business_type : {"saas", "ecommerce", "services"}
        Case-insensitive.
    bound : {"low", "high"}, default "low"

    Returns
    -------
    float
        The ROI as a fraction (4.0 is 400%).

    Examples
    --------
    >>> benchmark_roi("SaaS"), benchmark_roi("saas", "high")
    (4.0, 7.0)
    """
    kind = check.choice(business_type, "business_type", BUSINESS_TYPES)
    end = check.choice(bound, "bound", ("low", "high"))
    return float(benchmark_figures()["roi_by_business_type"][kind][end])


def benchmark_position(roi: Any, business_type: Any) -> str:
    """Where an ROI stands against the published range for its business type.

    Parameters
    ----------
    roi : float
        ROI as a fraction (3.0 is 300%).
    business_type : {"saas", "ecommerce", "services"}

    Returns
    -------
    str
        ``"below"``, ``"within"`` (ends included) or ``"above"``.

    Examples
    --------
    >>> benchmark_position(3.0, "saas"), benchmark_position(5.62, "saas")
    ('below', 'within')
    """
    value = check.number(roi, "roi")
    low = benchmark_roi(business_type, "low")
    high = benchmark_roi(business_type, "high")
    if value < low:
        return "below"
    return "above" if value > high else "within"

"""Headline ROI: the numbers leadership asks for first (FORMULAS.md section A)."""

from __future__ import annotations

from typing import Any

from . import _inputs as check
from .errors import ZeroDenominatorError

__all__ = ["roi", "net_value", "benefit_cost_ratio", "cost_per_contact"]


def _costs(costs: Any) -> float:
    total = check.money_total(costs, "costs", allow_negative=False)
    if total == 0:
        raise ZeroDenominatorError("costs", "costs are 0, so a return on them is undefined")
    return total


def roi(gains: Any, costs: Any) -> float:
    """Return on investment: what the gains return over the costs.

    Parameters
    ----------
    gains : float or array_like
        Total gains: a number or a range, summed (blank cells ignored).
    costs : float or array_like
        Total costs: a number or a range, summed. Must be more than 0.

    Returns
    -------
    float
        ``(gains - costs) / costs`` as a fraction (0.3 is 30%).

    Raises
    ------
    ZeroDenominatorError
        When the costs add up to 0.
    OutOfDomainError
        When a cost is negative.

    Notes
    -----
    This is the *net* return. Some published material calls ``gains / costs``
    "ROI" (gains of 400,000 on costs of 100,000 reported as "400%"): that
    figure is the benefit-cost ratio 4.0 (:func:`benefit_cost_ratio`); the
    ROI is 300%. Gains equal to costs give an ROI of 0.

    Examples
    --------
    Costs of 1,000,000 and gains of 300,000 + 400,000 + 200,000:

    >>> round(roi([300_000, 400_000, 200_000], 1_000_000), 10)
    -0.1
    >>> roi(150, 100)
    0.5
    """
    gained = check.money_total(gains, "gains")
    total_costs = _costs(costs)
    return check.finite_result((gained - total_costs) / total_costs, "ROI")


def net_value(gains: Any, costs: Any) -> float:
    """Net value: gains minus costs.

    Parameters
    ----------
    gains, costs : float or array_like
        Totals: numbers or ranges, summed. Costs may not be negative.

    Returns
    -------
    float
        ``gains - costs``. Defined for costs of 0, unlike :func:`roi`.

    Examples
    --------
    >>> net_value([180_000, 40_000], 100_000)
    120000.0
    """
    gained = check.money_total(gains, "gains")
    total_costs = check.money_total(costs, "costs", allow_negative=False)
    return check.finite_result(gained - total_costs, "net value")


def benefit_cost_ratio(gains: Any, costs: Any) -> float:
    """Benefit-cost ratio: gains per unit of cost.

    Parameters
    ----------
    gains, costs : float or array_like
        Totals: numbers or ranges, summed. Costs must be more than 0.

    Returns
    -------
    float
        ``gains / costs``; equals ``roi + 1``. A ratio of 4.0 means
        "for every $1 invested, $4 comes back" and an ROI of 300%.

    Raises
    ------
    ZeroDenominatorError
        When the costs add up to 0.

    Examples
    --------
    >>> benefit_cost_ratio(400_000, 100_000)
    4.0
    """
    gained = check.money_total(gains, "gains")
    return check.finite_result(gained / _costs(costs), "benefit-cost ratio")


def cost_per_contact(total_cost: Any, contacts: Any) -> float:
    """Cost per contact: what one handled contact costs.

    Parameters
    ----------
    total_cost : float or array_like
        Total support cost for the period: a number or a range, summed; 0 or more.
    contacts : float
        Contacts handled in the same period; more than 0.

    Returns
    -------
    float
        ``total_cost / contacts``.

    Raises
    ------
    ZeroDenominatorError
        When ``contacts`` is 0.

    Examples
    --------
    >>> cost_per_contact(400_000, 100_000)
    4.0
    """
    cost = check.money_total(total_cost, "total_cost", allow_negative=False)
    return check.finite_result(cost / check.positive(contacts, "contacts"), "cost per contact")

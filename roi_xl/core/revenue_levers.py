"""Revenue and retention levers (FORMULAS.md section C).

Not every upsell or retained customer is due to service. A gain line's
*attribution share* is the part credited to service and its *risk
adjustment* the haircut for uncertainty (:func:`attributed_value`).
``gross_margin`` defaults to 1 (revenue counted whole, as most published
calculators do); a careful business case counts revenue at its margin.
"""

from __future__ import annotations

from typing import Any

from . import _inputs as check
from .errors import ZeroDenominatorError

__all__ = [
    "conversion_uplift",
    "customers_saved",
    "retained_revenue",
    "clv",
    "net_revenue_retention",
    "attributed_value",
]


def conversion_uplift(
    interactions: Any,
    base_rate: Any,
    new_rate: Any,
    average_order_value: Any,
    gross_margin: Any = 1.0,
) -> float:
    """Extra revenue from a higher conversion rate in service interactions.

    Parameters
    ----------
    interactions : float
        Sales-relevant interactions in the period (0 or more).
    base_rate, new_rate : float
        Conversion rate before and after, 0..1.
    average_order_value : float
        Revenue of one order (0 or more).
    gross_margin : float, default 1
        Share of revenue kept as margin, 0..1.

    Returns
    -------
    float
        ``interactions * (new - base) * AOV * margin``.

    Examples
    --------
    50,000 interactions a month, conversion 5% to 7%, $100 orders:

    >>> round(conversion_uplift(50_000, 0.05, 0.07, 100), 6)
    100000.0
    """
    n = check.non_negative(interactions, "interactions")
    base = check.rate(base_rate, "base_rate")
    new = check.rate(new_rate, "new_rate")
    aov = check.non_negative(average_order_value, "average_order_value")
    margin = check.rate(gross_margin, "gross_margin")
    return check.finite_result(n * (new - base) * aov * margin, "conversion uplift")


def customers_saved(customers: Any, churn_before: Any, churn_after: Any) -> float:
    """Customers kept who would have churned.

    Parameters
    ----------
    customers : float
        Customers at the start of the period (0 or more).
    churn_before, churn_after : float
        Churn rate for the period before and after, 0..1.

    Returns
    -------
    float
        ``customers * (churn_before - churn_after)``.

    Examples
    --------
    >>> round(customers_saved(500_000, 0.10, 0.09), 6)
    5000.0
    """
    n = check.non_negative(customers, "customers")
    before = check.rate(churn_before, "churn_before")
    after = check.rate(churn_after, "churn_after")
    return check.finite_result(n * (before - after), "customers saved")


def retained_revenue(
    customers: Any,
    churn_before: Any,
    churn_after: Any,
    revenue_per_customer: Any,
    gross_margin: Any = 1.0,
) -> float:
    """Revenue kept because fewer customers churn.

    Parameters
    ----------
    customers : float
        Customers at the start of the period (0 or more).
    churn_before, churn_after : float
        Churn rate before and after, 0..1.
    revenue_per_customer : float
        Yearly revenue of one customer (0 or more).
    gross_margin : float, default 1
        Share of revenue kept as margin, 0..1.

    Returns
    -------
    float
        ``customers * (before - after) * revenue_per_customer * margin``.

    Examples
    --------
    500,000 customers at $200 a year, churn 10% to 9%:

    >>> round(retained_revenue(500_000, 0.10, 0.09, 200), 6)
    1000000.0
    """
    saved = customers_saved(customers, churn_before, churn_after)
    revenue = check.non_negative(revenue_per_customer, "revenue_per_customer")
    margin = check.rate(gross_margin, "gross_margin")
    return check.finite_result(saved * revenue * margin, "retained revenue")


def clv(
    revenue_per_customer: Any, gross_margin: Any, churn_rate: Any, discount_rate: Any = 0.0
) -> float:
    """Customer lifetime value: the margin a customer brings while they stay.

    Parameters
    ----------
    revenue_per_customer : float
        Revenue per period (0 or more).
    gross_margin : float
        Share of revenue kept as margin, 0..1.
    churn_rate : float
        Share of customers lost per period, 0..1.
    discount_rate : float, default 0
        Discount rate per period, 0..1.

    Returns
    -------
    float
        ``revenue * margin * (1 + d) / (d + churn)``: a margin payment at the
        start of each period while the customer stays,
        ``sum(m * ((1 - c) / (1 + d)) ** t for t = 0, 1, ...)``. With
        ``d = 0`` it is the familiar ``revenue * margin / churn``.

    Raises
    ------
    ZeroDenominatorError
        When churn and discount rate are both 0 (the value never ends).

    Examples
    --------
    >>> clv(200, 0.5, 0.1)
    1000.0
    >>> round(clv(200, 0.5, 0.1, 0.1), 6)
    550.0
    """
    revenue = check.non_negative(revenue_per_customer, "revenue_per_customer")
    margin = check.rate(gross_margin, "gross_margin")
    churn = check.rate(churn_rate, "churn_rate")
    d = check.rate(discount_rate, "discount_rate")
    if churn + d == 0:
        raise ZeroDenominatorError(
            "churn_rate", "churn_rate is 0 with no discount_rate: the lifetime never ends"
        )
    return check.finite_result(revenue * margin * (1 + d) / (d + churn), "lifetime value")


def net_revenue_retention(
    starting_recurring_revenue: Any, expansion: Any, contraction: Any, churned: Any
) -> float:
    """Net revenue retention (NRR) of a customer base over a period.

    Parameters
    ----------
    starting_recurring_revenue : float or array_like
        Recurring revenue at the start (a number or a range, summed; more than 0).
    expansion, contraction, churned : float or array_like
        Upsell added, downgrades lost and revenue of customers lost (0 or more each).

    Returns
    -------
    float
        ``(start + expansion - contraction - churned) / start``; above 1 means
        the base grows without new customers.

    Examples
    --------
    >>> net_revenue_retention(1_000_000, 150_000, 30_000, 70_000)
    1.05
    """
    start = check.money_total(
        starting_recurring_revenue, "starting_recurring_revenue", allow_negative=False
    )
    up = check.money_total(expansion, "expansion", allow_negative=False)
    down = check.money_total(contraction, "contraction", allow_negative=False)
    lost = check.money_total(churned, "churned", allow_negative=False)
    if start == 0:
        raise ZeroDenominatorError(
            "starting_recurring_revenue", "starting_recurring_revenue is 0: nothing to retain"
        )
    return check.finite_result((start + up - down - lost) / start, "NRR")


def attributed_value(gross_value: Any, attribution_share: Any, risk_adjustment: Any = 0.0) -> float:
    """The part of a gain credited to service, after a haircut for risk.

    Parameters
    ----------
    gross_value : float or array_like
        Gross gain: a number or a range, summed.
    attribution_share : float
        Share of the gain credited to service, 0..1.
    risk_adjustment : float, default 0
        Haircut for uncertainty, 0..1.

    Returns
    -------
    float
        ``gross * share * (1 - risk)``.

    Examples
    --------
    >>> attributed_value(1_000_000, 0.5, 0.2)
    400000.0
    """
    gross = check.money_total(gross_value, "gross_value")
    share = check.rate(attribution_share, "attribution_share")
    risk = check.rate(risk_adjustment, "risk_adjustment")
    return check.finite_result(gross * share * (1 - risk), "attributed value")

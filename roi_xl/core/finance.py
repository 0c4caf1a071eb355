"""Business-case cash flows, risk and payback (FORMULAS.md section E).

Cash flows follow the Total Economic Impact (TEI) convention: an *Initial*
value at time 0, which is not discounted, then Year 1 .. Year n, each
discounted at the end of its year. ``flows`` are a row or a column of those
values; a blank cell is a period with nothing in it (0).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import _inputs as check
from .errors import InputTypeError, NeverPaysBackError, OutOfDomainError, ZeroDenominatorError

__all__ = [
    "present_value",
    "tei_npv",
    "tei_roi",
    "risk_adjust",
    "payback_months",
    "payback_period",
    "tei_irr",
    "discounted_payback_period",
    "BREAK_EVEN_TOLERANCE",
]

#: A cumulative flow within this fraction of the largest absolute cumulative value
#: counts as 0 (FORMULAS.md E: money in cents is not exact in binary floating point).
BREAK_EVEN_TOLERANCE = 1e-9


def _discounted(rate: float, flows: NDArray[np.float64]) -> float:
    factors = (1.0 + rate) ** -np.arange(flows.size, dtype=float)
    return check.finite_result(math.fsum((flows * factors).tolist()), "present value")


def _paired(rate: Any, benefits: Any, costs: Any) -> tuple[float, float]:
    r = check.rate(rate, "rate")
    b = check.series(benefits, "benefits")
    c = check.series(costs, "costs", allow_negative=False)
    if b.size != c.size:
        raise InputTypeError(
            "costs",
            f"benefits and costs must cover the same periods, got {b.size} and {c.size} values",
        )
    return _discounted(r, b), _discounted(r, c)


def present_value(rate: Any, flows: Any) -> float:
    """Present value of an Initial value plus yearly flows.

    Parameters
    ----------
    rate : float
        Discount rate per period, 0..1.
    flows : float or array_like
        Initial, Year 1, Year 2, ...: a row or a column (blank cells are 0).

    Returns
    -------
    float
        ``flows[0] + sum(flows[t] / (1 + rate) ** t for t >= 1)``.

    Warnings
    --------
    Excel's ``NPV`` discounts its *first* value by one period. This function
    does not discount the Initial value (time 0), as TEI studies do. The
    Excel equivalent of ``CS_PV(rate, B1:E1)`` is ``=B1+NPV(rate, C1:E1)``.

    Examples
    --------
    >>> round(present_value(0.1, [-100, 110, 121]), 10)
    100.0
    >>> present_value(0, [1, 2, 3])
    6.0
    """
    return _discounted(check.rate(rate, "rate"), check.series(flows, "flows"))


def tei_npv(rate: Any, benefits: Any, costs: Any) -> float:
    """Net present value of benefits less costs, TEI style.

    Parameters
    ----------
    rate : float
        Discount rate per period, 0..1.
    benefits, costs : array_like
        Initial, Year 1, ... for benefits and for costs: the same number of
        periods each. Costs are entered as positive amounts.

    Returns
    -------
    float
        ``PV(benefits) - PV(costs)`` with :func:`present_value`.

    Warnings
    --------
    The Initial value is not discounted, unlike Excel's ``NPV``; see
    :func:`present_value`.

    Examples
    --------
    >>> round(tei_npv(0.1, [0, 110, 121], [100, 0, 0]), 10)
    100.0
    """
    pv_benefits, pv_costs = _paired(rate, benefits, costs)
    return check.finite_result(pv_benefits - pv_costs, "NPV")


def tei_roi(rate: Any, benefits: Any, costs: Any) -> float:
    """Risk-adjusted ROI of a TEI study: NPV over the present value of costs.

    Parameters
    ----------
    rate : float
        Discount rate per period, 0..1.
    benefits, costs : array_like
        Initial, Year 1, ... for benefits and costs (same length; costs >= 0).

    Returns
    -------
    float
        ``(PV(benefits) - PV(costs)) / PV(costs)``.

    Raises
    ------
    ZeroDenominatorError
        When the present value of the costs is 0.

    Warnings
    --------
    The Initial value is not discounted, unlike Excel's ``NPV``; see
    :func:`present_value`.

    Examples
    --------
    >>> round(tei_roi(0.1, [0, 110, 121], [100, 0, 0]), 10)
    1.0
    """
    pv_benefits, pv_costs = _paired(rate, benefits, costs)
    if pv_costs == 0:
        raise ZeroDenominatorError("costs", "the costs add up to 0, so a return is undefined")
    return check.finite_result((pv_benefits - pv_costs) / pv_costs, "TEI ROI")


def risk_adjust(value: Any, risk: Any, kind: Any = "benefit") -> float:
    """Adjust a benefit down, or a cost up, for the risk that it differs.

    Parameters
    ----------
    value : float
        The unadjusted benefit or cost.
    risk : float
        The adjustment, 0..1 (0.1 for 10%).
    kind : {"benefit", "cost"}, default "benefit"
        Benefits are reduced, costs increased (case-insensitive).

    Returns
    -------
    float
        ``value * (1 - risk)`` for a benefit, ``value * (1 + risk)`` for a cost.

    Examples
    --------
    >>> risk_adjust(100_000, 0.1)
    90000.0
    >>> round(risk_adjust(100_000, 0.1, "cost"), 6)
    110000.0
    """
    amount = check.number(value, "value")
    r = check.rate(risk, "risk")
    sign = -1.0 if check.choice(kind, "kind", ("benefit", "cost")) == "benefit" else 1.0
    return check.finite_result(amount * (1 + sign * r), "risk-adjusted value")


def payback_months(upfront_cost: Any, monthly_net_benefit: Any) -> float:
    """Months until an upfront cost is paid back by a steady monthly net benefit.

    Parameters
    ----------
    upfront_cost : float
        One-time cost (0 or more).
    monthly_net_benefit : float
        Net benefit per month; must be more than 0.

    Returns
    -------
    float
        ``upfront_cost / monthly_net_benefit``.

    Raises
    ------
    NeverPaysBackError
        When the monthly net benefit is 0 or less.

    Examples
    --------
    >>> payback_months(120_000, 10_000)
    12.0
    """
    upfront = check.non_negative(upfront_cost, "upfront_cost")
    monthly = check.number(monthly_net_benefit, "monthly_net_benefit")
    if monthly <= 0:
        raise NeverPaysBackError(
            "monthly_net_benefit",
            f"monthly_net_benefit must be more than 0 to pay back, got {check.show(monthly)}",
        )
    return check.finite_result(upfront / monthly, "payback")


def payback_period(flows: Any, periods_per_year: Any = 1) -> float:
    """Months until the cumulative net cash flow turns non-negative for good.

    Parameters
    ----------
    flows : array_like
        Net flows (benefits minus costs): Initial at time 0, then one value
        per period. Each later period's flow accrues evenly through it.
    periods_per_year : int, default 1
        1 for yearly flows, 4 for quarters, 12 for months.

    Returns
    -------
    float
        Months, interpolated within the period in which the cumulative flow
        crosses 0 for the last time. 0 when it is never negative.

    Raises
    ------
    NeverPaysBackError
        When the cumulative flow is still negative at the end of the flows.

    Notes
    -----
    If the cumulative flow turns positive and then negative again (a second
    investment), payback is counted from the *last* crossing, so that a
    project is never reported as paid back while it is under water.

    An exact break-even counts: a cumulative value within
    :data:`BREAK_EVEN_TOLERANCE` (1e-9) of the largest absolute cumulative
    value is 0, so cents that binary floating point cannot hold exactly do
    not turn "paid back in month 7" into "never".

    Examples
    --------
    Invest 100, then 50 a year: paid back after two years.

    >>> payback_period([-100, 50, 50, 50])
    24.0
    >>> payback_period([-120, 40, 40, 40, 40], periods_per_year=12)
    3.0

    FORMULAS.md E: -68,608.47 then 9,801.21 a month for seven months breaks even
    exactly at month 7, although the float sum ends a hair below 0.

    >>> payback_period([-68_608.47] + [9_801.21] * 7, periods_per_year=12)
    7.0
    """
    net = check.series(flows, "flows")
    ppy = check.whole_number(periods_per_year, "periods_per_year", minimum=1, maximum=366)
    return _payback_months(net, ppy)


def _payback_months(net: NDArray[np.float64], periods_per_year: int) -> float:
    """Payback in months of checked net flows, with the exact break-even tolerance."""
    cumulative = np.cumsum(net)
    tolerance = BREAK_EVEN_TOLERANCE * float(np.max(np.abs(cumulative)))
    below = cumulative < -tolerance
    if below[-1]:
        raise NeverPaysBackError(
            "flows", "the cumulative net flow is still negative at the end: never pays back"
        )
    negative = np.flatnonzero(below)
    if negative.size == 0:
        return 0.0
    k = int(negative[-1])
    # the crossing lies in period k + 1; a cumulative value counted as 0 ends it exactly
    fraction = 1.0 if abs(cumulative[k + 1]) <= tolerance else -cumulative[k] / net[k + 1]
    periods = k + min(fraction, 1.0)
    return check.finite_result(float(periods * 12.0 / periods_per_year), "payback")


def discounted_payback_period(rate: Any, flows: Any, periods_per_year: Any = 1) -> float:
    """Months until the discounted cumulative net cash flow turns non-negative for good.

    Parameters
    ----------
    rate : float
        Discount rate per period, 0..1 (a yearly rate for yearly flows).
    flows : array_like
        Net flows: Initial at time 0 (not discounted), then one value per period,
        each discounted as :func:`present_value` does.
    periods_per_year : int, default 1
        1 for yearly flows, 4 for quarters, 12 for months.

    Returns
    -------
    float
        :func:`payback_period` of ``flows[t] / (1 + rate) ** t``: months,
        interpolated within the period, with the same exact break-even tolerance.

    Raises
    ------
    NeverPaysBackError
        When the discounted cumulative flow is still negative at the end.

    Examples
    --------
    Invest 100, get 110 after a year and 121 after two, at 10%: each is worth 100 today,
    so the discounted flow pays back after one year.

    >>> discounted_payback_period(0.1, [-100, 110, 121])
    12.0
    >>> discounted_payback_period(0, [-100, 50, 50, 50])
    24.0
    """
    r = check.rate(rate, "rate")
    net = check.series(flows, "flows")
    ppy = check.whole_number(periods_per_year, "periods_per_year", minimum=1, maximum=366)
    discounted = net * (1.0 + r) ** -np.arange(net.size, dtype=float)
    return _payback_months(discounted, ppy)


#: Excel's IRR starts from a guess of 10%; with several roots, the one nearest it is taken.
_IRR_GUESS = 0.1


#: Longest series ``tei_irr`` takes: an Initial and 20 years of months. The roots of a
#: polynomial of degree n cost O(n^3); a TEI case has 3 to 5 yearly periods.
MAX_IRR_PERIODS = 241


def tei_irr(benefits: Any, costs: Any) -> float:
    """Internal rate of return of benefits less costs (Initial at time 0).

    Parameters
    ----------
    benefits, costs : array_like
        Initial, Year 1, ... for benefits and costs (same length; costs >= 0).

    Returns
    -------
    float
        The rate r > -1 at which ``sum((benefits[t] - costs[t]) / (1 + r) ** t)``
        is 0: Excel's ``IRR`` of the net flows. Where the flows change sign more
        than once and several rates qualify, the one nearest Excel's default
        guess of 10% is returned.

    Raises
    ------
    OutOfDomainError
        When the net flows do not change sign (all gains or all costs) or no rate
        above -100% gives a net present value of 0 (``#NUM!``, as Excel).

    Warnings
    --------
    Like Excel's ``IRR`` the first value is at time 0 and is not discounted; unlike
    ``CS_PV`` there is no rate argument: the IRR is the rate.

    Examples
    --------
    Invest 100, get 110 a year later: 10%.

    >>> round(tei_irr([0, 110], [100, 0]), 12)
    0.1
    >>> round(tei_irr([0, 60, 60, 60], [100, 0, 0, 0]), 4)
    0.3631
    """
    # lengths first: an oversize range is refused before a cell is read (O(n^3) roots)
    for value, name in ((benefits, "benefits"), (costs, "costs")):
        count = check.period_count(value)
        if count > MAX_IRR_PERIODS:
            raise OutOfDomainError(
                name,
                f"the IRR takes at most {MAX_IRR_PERIODS:,} periods (Initial included), "
                f"got {count:,}",
            )
    b = check.series(benefits, "benefits")
    c = check.series(costs, "costs", allow_negative=False)
    if b.size != c.size:
        raise InputTypeError(
            "costs",
            f"benefits and costs must cover the same periods, got {b.size} and {c.size} values",
        )
    net = b - c
    signs = np.sign(net[net != 0])
    if signs.size == 0 or np.all(signs == signs[0]):
        raise OutOfDomainError(
            "benefits", "the net flows never change sign, so there is no internal rate of return"
        )
    # NPV(r) = sum net[t] x^t with x = 1 / (1 + r): a polynomial in x; r > -1 means x > 0
    # scaled to a largest value of 1 (same roots): 1e-300 beside 1e12 must not overflow
    try:
        with np.errstate(all="ignore"):
            roots = np.roots(net[::-1] / np.max(np.abs(net)))
    except np.linalg.LinAlgError:
        roots = np.array([])
    candidates = [
        1.0 / x.real - 1.0 for x in roots if abs(x.imag) <= 1e-9 * max(1.0, abs(x)) and x.real > 0
    ]
    # nearest Excel's guess first; a root that does not zero the NPV once polished is
    # round-off of an ill-conditioned polynomial, not an answer (a wrong rate is worse)
    for candidate in sorted(candidates, key=lambda r: abs(r - _IRR_GUESS)):
        rate = _polish_irr(net, float(candidate))
        if _npv_is_zero(net, rate):
            return check.finite_result(float(rate), "IRR")
    raise OutOfDomainError("benefits", "no rate above -100% makes the net present value 0")


def _npv_is_zero(net: NDArray[np.float64], rate: float) -> bool:
    """Whether the NPV at ``rate`` is 0 to 1e-9 of the size of its discounted terms."""
    if not math.isfinite(rate) or rate <= -1.0:
        return False
    with np.errstate(all="ignore"):
        terms = net * (1.0 + rate) ** -np.arange(net.size, dtype=float)
        scale = float(np.sum(np.abs(terms)))
        return math.isfinite(scale) and abs(float(np.sum(terms))) <= 1e-9 * scale


def _polish_irr(net: NDArray[np.float64], rate: float) -> float:
    """A few Newton steps on NPV(rate) = 0 from a polynomial root, to full precision."""
    t = np.arange(net.size, dtype=float)
    for _ in range(50):
        with np.errstate(all="ignore"):  # a rate near -100% overflows: stop there
            factors = (1.0 + rate) ** -t
            value = float(np.dot(net, factors))
            slope = float(np.dot(-t * net, factors / (1.0 + rate)))
        if slope == 0 or not math.isfinite(value):
            break
        step = value / slope
        if not math.isfinite(step) or rate - step <= -1.0:
            break
        rate -= step
        if abs(step) <= 1e-15 * max(1.0, abs(rate)):
            break
    return rate

"""Staffing with Erlang C: hard savings versus freed capacity (FORMULAS.md section G).

A shorter handle time or more deflection frees capacity in a straight line
(:func:`roi_xl.core.fte_freed`), but a queue needs slack: the agents you can
actually release are found by sizing the team for a service level before and
after the change. This module does that with the Erlang C model.

Erlang C is computed from the Erlang B recursion
``B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))``, which never forms a factorial
or a power of the traffic, so it neither overflows (``171!`` already does in
floating point) nor loses precision for large centres.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from . import _inputs as check
from .errors import OutOfDomainError, ZeroDenominatorError

__all__ = [
    "MAX_AGENTS",
    "traffic_erlangs",
    "erlang_c",
    "service_level",
    "agents_required",
    "HOURS_PER_DAY",
    "WEEKS_PER_YEAR",
    "DEFAULT_HOUR_PROFILE",
    "hour_profile",
    "profile_adds_up",
    "contacts_by_hour",
    "agents_by_hour",
    "fte_from_agent_hours",
    "cost_per_handle_hour",
]

#: Largest team the functions size; beyond it the input is almost surely a typo.
MAX_AGENTS = 100_000

# Rounding guard for ceilings of quotients such as 14 / 0.7 = 20.000000000000004.
_EPS = 1e-9


def traffic_erlangs(contacts_per_interval: Any, aht_seconds: Any, interval_seconds: Any) -> float:
    """Offered traffic in Erlangs: how many agents would be busy all the time.

    Parameters
    ----------
    contacts_per_interval : float
        Contacts arriving in one interval (0 or more).
    aht_seconds : float
        Average handle time in seconds (0 or more).
    interval_seconds : float
        Length of the interval in seconds (more than 0; 1800 for half an hour).

    Returns
    -------
    float
        ``contacts * AHT / interval``.

    Examples
    --------
    >>> traffic_erlangs(100, 180, 1800)
    10.0
    """
    contacts = check.non_negative(contacts_per_interval, "contacts_per_interval")
    aht = check.non_negative(aht_seconds, "aht_seconds")
    interval = check.positive(interval_seconds, "interval_seconds")
    traffic = check.finite_result(contacts * aht / interval, "traffic")
    if traffic >= MAX_AGENTS:
        raise OutOfDomainError(
            "contacts_per_interval",
            f"the traffic ({traffic:,.0f} Erlangs) needs more than {MAX_AGENTS:,} agents",
        )
    return traffic


def _erlang_b(agents: int, traffic: float) -> float:
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic * blocking / (n + traffic * blocking)
    return blocking


def _erlang_c_from_b(agents: int, traffic: float, blocking: float) -> float:
    if agents <= traffic:
        return 1.0
    return agents * blocking / (agents - traffic * (1.0 - blocking))


def erlang_c(agents: Any, traffic: Any) -> float:
    """Probability that a contact has to wait (Erlang C).

    Parameters
    ----------
    agents : int
        Agents on duty (a whole number, 0 or more).
    traffic : float
        Offered traffic in Erlangs (0 or more), see :func:`traffic_erlangs`.

    Returns
    -------
    float
        P(wait), 0..1. With as many agents as Erlangs or fewer the queue
        grows without end and every contact waits: 1.

    Examples
    --------
    >>> round(erlang_c(2, 1), 6)
    0.333333
    """
    n = check.whole_number(agents, "agents", maximum=MAX_AGENTS)
    a = check.non_negative(traffic, "traffic")
    if a == 0:
        return 0.0
    return _erlang_c_from_b(n, a, _erlang_b(n, a))


def _service_level(agents: int, traffic: float, p_wait: float, answer: float, aht: float) -> float:
    if agents <= traffic:
        return 0.0
    return 1.0 - p_wait * math.exp(-(agents - traffic) * answer / aht)


def service_level(
    agents: Any,
    contacts_per_interval: Any,
    aht_seconds: Any,
    interval_seconds: Any,
    answer_seconds: Any,
) -> float:
    """Share of contacts answered within a target time (Erlang C).

    Parameters
    ----------
    agents : int
        Agents on duty (a whole number, 0 or more).
    contacts_per_interval : float
        Contacts arriving in one interval.
    aht_seconds : float
        Average handle time in seconds.
    interval_seconds : float
        Length of the interval in seconds (more than 0).
    answer_seconds : float
        Target answer time in seconds (20 for "80/20").

    Returns
    -------
    float
        ``1 - P(wait) * exp(-(N - A) * answer / AHT)``, 0..1. 0 when the
        agents cannot keep up (N <= A); 1 when no traffic arrives.

    Examples
    --------
    100 calls per half hour, 3 minutes each, 12 agents, 20 seconds:

    >>> round(service_level(12, 100, 180, 1800, 20), 4)
    0.6402
    """
    n = check.whole_number(agents, "agents", maximum=MAX_AGENTS)
    traffic = traffic_erlangs(contacts_per_interval, aht_seconds, interval_seconds)
    answer = check.non_negative(answer_seconds, "answer_seconds")
    if traffic == 0:
        return 1.0
    aht = float(aht_seconds)
    p_wait = _erlang_c_from_b(n, traffic, _erlang_b(n, traffic))
    return _service_level(n, traffic, p_wait, answer, aht)


def agents_required(
    contacts_per_interval: Any,
    aht_seconds: Any,
    interval_seconds: Any,
    service_level: Any,
    answer_seconds: Any,
    max_occupancy: Any = 1.0,
    shrinkage: Any = 0.0,
) -> int:
    """Agents to schedule to meet a service level (Erlang C).

    Parameters
    ----------
    contacts_per_interval : float
        Contacts arriving in one interval (0 or more).
    aht_seconds : float
        Average handle time in seconds (0 or more).
    interval_seconds : float
        Length of the interval in seconds (more than 0).
    service_level : float
        Target share answered within ``answer_seconds``, 0..1 (below 1).
    answer_seconds : float
        Target answer time in seconds.
    max_occupancy : float, default 1
        Highest share of time an agent may be busy, above 0 and up to 1.
    shrinkage : float, default 0
        Share of paid time not available for contacts (breaks, training),
        0 up to but not including 1.

    Returns
    -------
    int
        The smallest N above the traffic A that meets the service level with
        ``A / N <= max_occupancy``, then scheduled as ``ceil(N / (1 - shrinkage))``.
        0 when no traffic arrives.

    Raises
    ------
    OutOfDomainError
        When the target is 100% with traffic (no finite team reaches it) or
        the team, before or after shrinkage, would exceed :data:`MAX_AGENTS`
        (checked before the search, so that every call returns in milliseconds).
    ZeroDenominatorError
        When ``max_occupancy`` is 0 or ``shrinkage`` is 100%.

    Examples
    --------
    >>> agents_required(100, 180, 1800, 0.8, 20)
    14
    >>> agents_required(100, 180, 1800, 0.8, 20, 0.85, 0.3)
    20
    """
    traffic = traffic_erlangs(contacts_per_interval, aht_seconds, interval_seconds)
    target = check.rate(service_level, "service_level")
    answer = check.non_negative(answer_seconds, "answer_seconds")
    occupancy = check.rate(max_occupancy, "max_occupancy")
    shrink = check.rate(shrinkage, "shrinkage")
    if occupancy == 0:
        raise ZeroDenominatorError("max_occupancy", "max_occupancy is 0: no agent may work")
    if shrink == 1:
        raise ZeroDenominatorError("shrinkage", "shrinkage is 100%: no agent is ever available")
    if traffic == 0:
        return 0
    if target == 1:
        raise OutOfDomainError(
            "service_level", "a service level of 100% cannot be reached while contacts queue"
        )
    aht = float(aht_seconds)
    # The search starts where the occupancy cap allows; a start above the cap is
    # refused before any work (a tiny max_occupancy would otherwise ask for
    # billions of agents), so the work is at most MAX_AGENTS steps in all.
    start = traffic / occupancy - _EPS
    if start > MAX_AGENTS:
        raise OutOfDomainError(
            "max_occupancy",
            f"a maximum occupancy of {occupancy:g} needs more than {MAX_AGENTS:,} agents",
        )
    agents = max(math.floor(traffic) + 1, math.ceil(start))
    blocking = _erlang_b(agents, traffic)
    while True:
        p_wait = _erlang_c_from_b(agents, traffic, blocking)
        if _service_level(agents, traffic, p_wait, answer, aht) >= target:
            break
        if agents >= MAX_AGENTS:
            raise OutOfDomainError(
                "service_level", f"the target needs more than {MAX_AGENTS:,} agents"
            )
        agents += 1
        blocking = traffic * blocking / (agents + traffic * blocking)
    scheduled = math.ceil(agents / (1.0 - shrink) - _EPS)
    if scheduled > MAX_AGENTS:
        raise OutOfDomainError(
            "shrinkage", f"the team after shrinkage needs more than {MAX_AGENTS:,} agents"
        )
    return scheduled


#: The intervals of a typical open day: one an hour.
HOURS_PER_DAY = 24
#: Weeks a year: days open a year = Days_Open_Per_Week x 52.
WEEKS_PER_YEAR = 52
#: The interval the Staffing sheet sizes, in seconds.
INTERVAL_SECONDS = 3600

#: The template's defaults of the cost basis and the staffing view.
DEFAULT_PAID_HOURS = 2080.0  # 52 weeks x 40 hours: a full-time year
DEFAULT_SHRINKAGE = 0.3
DEFAULT_OCCUPANCY = 0.85
DEFAULT_DAYS_OPEN = 5.0

#: The blank template's profile: open 08:00-18:00, a tenth of a day's contacts each hour.
#: A placeholder to replace with the hourly shares of your own ACD or helpdesk export.
DEFAULT_HOUR_PROFILE: tuple[float, ...] = (0.0,) * 8 + (0.1,) * 10 + (0.0,) * 6

#: How far the shares of a day may add up away from 100% before the profile is refused.
PROFILE_TOLERANCE = 1e-6


def hour_profile(shares: Any) -> tuple[float, ...]:
    """A day's hourly profile: 24 shares of 0..1 (blank = 0), one an hour from 00:00.

    The shares are used as given; :func:`profile_adds_up` says whether they
    add up to 100% (a model check and the scenario reader ask it).

    Examples
    --------
    >>> hour_profile([0.5, 0.5] + [None] * 22)[:3]
    (0.5, 0.5, 0.0)
    """
    if isinstance(shares, str) or not hasattr(shares, "__len__") or len(shares) != HOURS_PER_DAY:
        raise OutOfDomainError("HourProfile", "HourProfile must hold 24 shares, one an hour")
    return tuple(
        0.0 if share is None else check.rate(share, f"HourProfile[{hour}]")
        for hour, share in enumerate(shares)
    )


def profile_adds_up(shares: Any) -> bool:
    """Whether the 24 shares of a day add up to 100% (within 0.0001%).

    >>> profile_adds_up(DEFAULT_HOUR_PROFILE), profile_adds_up([0.5] + [0] * 23)
    (True, False)
    """
    return abs(math.fsum(hour_profile(shares)) - 1.0) <= PROFILE_TOLERANCE


def contacts_by_hour(contacts_a_year: Any, profile: Any, days_open_per_week: Any) -> list[float]:
    """Contacts in each hour of a typical open day.

    ``contacts_a_year / (days_open_per_week x 52) x share`` for each of the 24
    shares of ``profile`` (see :func:`hour_profile`).

    Examples
    --------
    >>> contacts_by_hour(2600, DEFAULT_HOUR_PROFILE, 5)[8]
    1.0
    """
    contacts = check.non_negative(contacts_a_year, "contacts_a_year")
    days = check.positive(days_open_per_week, "Days_Open_Per_Week")
    if days > 7:
        raise OutOfDomainError("Days_Open_Per_Week", f"a week has 7 days; got {days:g}")
    shares = hour_profile(profile)
    return [contacts / (days * WEEKS_PER_YEAR) * share for share in shares]


def agents_by_hour(
    contacts: Any,
    aht_seconds: Any,
    service_level: Any,
    answer_seconds: Any,
    max_occupancy: Any,
) -> list[int]:
    """Agents on duty in each hour (Erlang C, :func:`agents_required` with a 3,600 s interval).

    Examples
    --------
    100 contacts in an hour of 3 minutes each are 5 Erlangs; 7 agents answer
    74% within 20 seconds, 8 agents 88%:

    >>> agents_by_hour([0, 100], 180, 0.8, 20, 1)
    [0, 8]
    """
    sizing = (aht_seconds, service_level, answer_seconds, max_occupancy)
    return [_agents_in_an_hour(c, *sizing) for c in contacts]


@functools.lru_cache(maxsize=4096)
def _agents_in_an_hour(
    contacts: Any, aht_seconds: Any, service_level: Any, answer_seconds: Any, max_occupancy: Any
) -> int:
    # A business case is recomputed many times with the staffing unchanged (scenarios,
    # break-evens): the hours it sized before are remembered (the function is pure).
    return agents_required(
        contacts, aht_seconds, INTERVAL_SECONDS, service_level, answer_seconds, max_occupancy
    )


def fte_from_agent_hours(
    agents: Any, days_open_per_week: Any, paid_hours_per_year: Any, shrinkage: Any
) -> float:
    """Full-time equivalents that schedule the agents of each hour all year (the WFM method).

    FTE = sum of agents on duty over the hours of a day x days open a year
    (``days_open_per_week x 52``) / (``paid_hours_per_year x (1 - shrinkage)``):
    the agent-hours on duty a year over the hours one paid agent is available.

    Examples
    --------
    10 agents for 8 hours, 5 days a week; 2,080 paid hours, 20% shrinkage:
    80 x 260 / 1,664 = 12.5 FTE.

    >>> fte_from_agent_hours([10] * 8, 5, 2080, 0.2)
    12.5
    """
    on_duty = math.fsum(check.non_negative(a, "agents") for a in agents)
    days = check.positive(days_open_per_week, "Days_Open_Per_Week")
    available = _available_hours(paid_hours_per_year, shrinkage)
    return on_duty * days * WEEKS_PER_YEAR / available


def _available_hours(paid_hours_per_year: Any, shrinkage: Any) -> float:
    paid = check.non_negative(paid_hours_per_year, "Paid_Hours_Per_Year")
    shrink = check.rate(shrinkage, "Shrinkage")
    if paid * (1 - shrink) == 0:
        raise ZeroDenominatorError(
            "Paid_Hours_Per_Year",
            "no paid hour is available for contacts (paid hours of 0 or shrinkage of 100%)",
        )
    return paid * (1 - shrink)


def cost_per_handle_hour(
    agent_annual_cost: Any, paid_hours_per_year: Any, shrinkage: Any, occupancy: Any
) -> float:
    """What an hour of handling contacts costs: the one cost basis of the handle-time lever.

    ``agent_annual_cost / (paid_hours_per_year x (1 - shrinkage) x occupancy)``:
    a loaded agent's year over the hours in which they handle contacts.

    Examples
    --------
    $36,000 a year, 2,080 paid hours, 30% shrinkage, 85% occupancy:
    36,000 / 1,237.6 = $29.09 an hour.

    >>> round(cost_per_handle_hour(36_000, 2080, 0.3, 0.85), 2)
    29.09
    """
    cost = check.non_negative(agent_annual_cost, "Agent_Annual_Cost")
    busy = check.rate(occupancy, "Occupancy")
    paid = check.non_negative(paid_hours_per_year, "Paid_Hours_Per_Year")
    shrink = check.rate(shrinkage, "Shrinkage")
    hours = paid * (1 - shrink) * busy
    if hours == 0:
        raise ZeroDenominatorError(
            "Paid_Hours_Per_Year",
            "no hour is spent on contacts (paid hours, 1 - shrinkage or occupancy is 0)",
        )
    return cost / hours

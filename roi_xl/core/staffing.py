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

import math
from typing import Any

from . import _inputs as check
from .errors import OutOfDomainError, ZeroDenominatorError

__all__ = ["MAX_AGENTS", "traffic_erlangs", "erlang_c", "service_level", "agents_required"]

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

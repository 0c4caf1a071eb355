"""An independent Erlang C staffing reference for the tests: erlanglib (PyPI), not roi_xl.

erlanglib computes Erlang C from the textbook formula with exact factorials in
high-precision decimals; the search below is the definition of FORMULAS.md G
written out plainly: the smallest N above the traffic A with A / N within the
occupancy cap whose service level 1 - C(N, A) e^(-(N - A) t / AHT) meets the
target. Nothing here calls roi_xl.
"""

from __future__ import annotations

import math

import erlanglib


def agents_reference(
    contacts: float,
    aht_seconds: float,
    target: float,
    answer: float,
    cap: float,
    interval: float = 3600.0,
) -> int:
    """Agents on duty for one interval, by erlanglib."""
    traffic = contacts * aht_seconds / interval
    if traffic == 0:
        return 0
    agents = math.floor(traffic) + 1
    while True:
        if traffic / agents <= cap + 1e-12:
            p_wait = erlanglib.erlang_c(agents, traffic)
            level = erlanglib.service_level(agents, traffic, p_wait, answer, aht_seconds)
            if level >= target:
                return agents
        agents += 1


def fte_reference(
    contacts_a_year: float,
    profile,
    days_a_week: float,
    aht_seconds: float,
    target: float,
    answer: float,
    cap: float,
    paid_hours: float,
    shrinkage: float,
) -> float:
    """FTE of a year's contacts sized hour by hour: agent-hours on duty a year over the
    hours one full-time agent is available (paid hours less shrinkage)."""
    per_day = contacts_a_year / (days_a_week * 52)
    agent_hours_a_day = sum(
        agents_reference(per_day * share, aht_seconds, target, answer, cap) for share in profile
    )
    return agent_hours_a_day * days_a_week * 52 / (paid_hours * (1 - shrinkage))

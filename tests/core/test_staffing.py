"""roi_xl.core.staffing: FORMULAS.md section G, checked against independent Erlang C."""

import itertools
import math
from fractions import Fraction

import pytest

from roi_xl.core import (
    OutOfDomainError,
    ZeroDenominatorError,
    agents_required,
    erlang_c,
    service_level,
    traffic_erlangs,
)


def erlang_c_exact(agents: int, traffic: Fraction) -> Fraction:
    """Textbook Erlang C with exact factorials and rational arithmetic.

    C = (A^N / N! * N / (N - A)) / (sum_{k<N} A^k / k! + A^N / N! * N / (N - A)).
    Independent of the Erlang B recursion used by roi_xl; exact, so only for small N.
    """
    top = traffic**agents / math.factorial(agents) * Fraction(agents) / (agents - traffic)
    return top / (sum(traffic**k / math.factorial(k) for k in range(agents)) + top)


def erlang_c_logspace(agents: int, traffic: float) -> float:
    """Textbook Erlang C in log space (lgamma, log-sum-exp): independent, for large N."""
    logs = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(agents)]
    log_top = (
        agents * math.log(traffic) - math.lgamma(agents + 1) + math.log(agents / (agents - traffic))
    )
    peak = max(*logs, log_top)
    total = sum(math.exp(x - peak) for x in logs) + math.exp(log_top - peak)
    return math.exp(log_top - peak) / total


def sl_reference(agents, contacts, aht, interval, answer, p_wait):
    traffic = contacts * aht / interval
    return 1 - p_wait * math.exp(-(agents - traffic) * answer / aht)


@pytest.mark.parametrize("agents", [11, 12, 13, 14, 20])
def test_erlang_c_matches_exact_formula(agents):
    # A = 100 contacts x 180 s / 1800 s = 10 Erlangs.
    exact = float(erlang_c_exact(agents, Fraction(10)))
    assert erlang_c(agents, 10) == pytest.approx(exact, rel=1e-12)


def test_erlang_c_two_agents_one_erlang_by_hand():
    # by hand: A = 1, N = 2: (1/2 * 2/1) / (1 + 1 + 1) = 1/3.
    assert erlang_c(2, 1) == pytest.approx(1 / 3, rel=1e-12)


@pytest.mark.parametrize("agents", [11, 12, 13, 14, 20])
def test_service_level_matches_reference(agents):
    p_wait = float(erlang_c_exact(agents, Fraction(10)))
    expected = sl_reference(agents, 100, 180, 1800, 20, p_wait)
    assert service_level(agents, 100, 180, 1800, 20) == pytest.approx(expected, rel=1e-12)


def test_agents_required_is_the_smallest_team_meeting_the_target():
    # Reference: walk N upward with the exact Erlang C until SL >= 80%.
    n = 11
    while sl_reference(n, 100, 180, 1800, 20, float(erlang_c_exact(n, Fraction(10)))) < 0.8:
        n += 1
    assert agents_required(100, 180, 1800, 0.8, 20) == n
    # shrinkage 30%: ceil(n / 0.7) scheduled; occupancy 85% needs N >= 10 / 0.85 = 11.8.
    assert agents_required(100, 180, 1800, 0.8, 20, 0.85, 0.3) == math.ceil(n / 0.7)


def test_occupancy_cap_binds_when_service_target_is_loose():
    # by hand: A = 10; a 10% target is met by 11 agents, but 85% occupancy needs
    # ceil(10 / 0.85) = 12.
    assert agents_required(100, 180, 1800, 0.1, 20, 0.85) == 12


def test_shrinkage_ceiling_is_not_fooled_by_rounding():
    # 14 / 0.7 is 20.000000000000004 in floating point; the schedule is 20, not 21.
    n = agents_required(100, 180, 1800, 0.8, 20)
    assert n == 14
    assert agents_required(100, 180, 1800, 0.8, 20, 1, 0.3) == 20


def test_two_thousand_agents_without_overflow():
    # 1,900 Erlangs: factorials would overflow a float past 170!; the recursion does not.
    traffic = traffic_erlangs(19_000, 180, 1800)
    assert traffic == pytest.approx(1900)
    n = agents_required(19_000, 180, 1800, 0.8, 20)
    assert 1900 < n < 2100
    assert erlang_c(2000, 1900) == pytest.approx(erlang_c_logspace(2000, 1900.0), rel=1e-9)
    assert service_level(n, 19_000, 180, 1800, 20) >= 0.8
    assert service_level(n - 1, 19_000, 180, 1800, 20) < 0.8


def test_service_level_rises_with_agents():
    levels = [service_level(n, 100, 180, 1800, 20) for n in range(8, 30)]
    assert all(b >= a for a, b in itertools.pairwise(levels))
    assert levels[0] == 0  # 8 agents for 10 Erlangs: the queue never clears


def test_no_traffic_needs_no_agents():
    assert agents_required(0, 180, 1800, 0.8, 20) == 0
    assert service_level(0, 0, 180, 1800, 20) == 1


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: agents_required(100, 180, 0, 0.8, 20), ZeroDenominatorError, "interval_seconds"),
        (lambda: agents_required(100, 180, 1800, 1, 20), OutOfDomainError, "service_level"),
        (lambda: agents_required(100, 180, 1800, 1.2, 20), OutOfDomainError, "service_level"),
        (
            lambda: agents_required(100, 180, 1800, 0.8, 20, 0),
            ZeroDenominatorError,
            "max_occupancy",
        ),
        (lambda: agents_required(100, 180, 1800, 0.8, 20, 1, 1), ZeroDenominatorError, "shrinkage"),
        (
            lambda: agents_required(1e9, 180, 1800, 0.8, 20),
            OutOfDomainError,
            "contacts_per_interval",
        ),
        (lambda: service_level(10.5, 100, 180, 1800, 20), OutOfDomainError, "agents"),
        (lambda: service_level(-1, 100, 180, 1800, 20), OutOfDomainError, "agents"),
        (lambda: service_level(12, 100, -1, 1800, 20), OutOfDomainError, "aht_seconds"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument

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


# --- Issue 20: one cost basis, staffing by interval (hand calculations and erlanglib). ---


def test_cost_per_handle_hour_by_hand():
    from roi_xl.core.staffing import cost_per_handle_hour

    # by hand: 2,080 paid hours x (1 - 0.30) available x 0.85 busy = 1,237.6 handle hours;
    # $36,000 / 1,237.6 = $29.0885585...
    assert cost_per_handle_hour(36_000, 2080, 0.30, 0.85) == pytest.approx(
        36_000 / 1237.6, rel=1e-12
    )
    with pytest.raises(ZeroDenominatorError):
        cost_per_handle_hour(36_000, 2080, 0.30, 0)


def test_handle_time_lever_is_valued_at_the_cost_of_a_handle_hour():
    from roi_xl.core import lever_gains

    inputs = {
        "Annual_Contacts": 120_000,
        "AHT_Before_Min": 10,
        "AHT_After_Min": 8,
        "Agent_Annual_Cost": 50_000,
        "Paid_Hours_Per_Year": 2000,
        "Shrinkage": 0.2,
        "Occupancy": 0.8,
    }
    gains = lever_gains(inputs)
    # by hand: 50,000 / (2,000 x 0.8 x 0.8) = $39.0625 an hour; 120,000 contacts x 2 minutes
    # = 4,000 hours saved -> $156,250
    assert gains["Cost_Per_Handle_Hour"] == pytest.approx(39.0625, rel=1e-12)
    assert gains["Gain_AHT"] == pytest.approx(156_250, rel=1e-12)


def test_fte_from_agent_hours_by_hand():
    from roi_xl.core.staffing import fte_from_agent_hours

    # by hand: 10 agents for 8 hours = 80 agent-hours a day x 5 days x 52 = 20,800 a year;
    # one FTE is available 2,080 x (1 - 0.2) = 1,664 hours -> 12.5 FTE
    assert fte_from_agent_hours([10] * 8 + [0] * 16, 5, 2080, 0.2) == pytest.approx(12.5)


def test_hourly_staffing_matches_erlanglib():
    import random

    from roi_xl.core import staffing_outputs
    from tests.reference_erlang import fte_reference

    rng = random.Random("hourly")
    for _ in range(6):
        profile = [0.0] * 24
        open_hours = range(rng.randint(0, 8), rng.randint(16, 24))
        weights = [rng.random() for _ in open_hours]
        for hour, weight in zip(open_hours, weights, strict=True):
            profile[hour] = weight / sum(weights)
        inputs = {
            "Annual_Contacts": rng.uniform(50_000, 600_000),
            "Deflection_Rate_Before": rng.uniform(0, 0.3),
            "Deflection_Rate": rng.uniform(0.3, 0.6),
            "AHT_Before_Min": rng.uniform(4, 10),
            "AHT_After_Min": rng.uniform(2, 4),
            "HourProfile": profile,
            "Days_Open_Per_Week": rng.choice([5, 6, 7]),
            "Service_Level_Target": rng.uniform(0.7, 0.9),
            "Answer_Seconds": rng.choice([10, 20, 30]),
            "Max_Occupancy": rng.uniform(0.75, 0.9),
            "Paid_Hours_Per_Year": 2080,
            "Shrinkage": rng.uniform(0.2, 0.4),
            "Agent_Annual_Cost": 40_000,
        }
        i = inputs
        out = staffing_outputs(inputs)
        sizing = (
            i["Service_Level_Target"],
            i["Answer_Seconds"],
            i["Max_Occupancy"],
            2080,
            i["Shrinkage"],
        )
        days = i["Days_Open_Per_Week"]
        today = i["Annual_Contacts"] * (1 - i["Deflection_Rate_Before"])
        after = i["Annual_Contacts"] * (1 - i["Deflection_Rate"])  # no FCR given: factor 1
        before_fte = fte_reference(today, profile, days, i["AHT_Before_Min"] * 60, *sizing)
        after_fte = fte_reference(after, profile, days, i["AHT_After_Min"] * 60, *sizing)
        at_aht_before = fte_reference(after, profile, days, i["AHT_Before_Min"] * 60, *sizing)
        assert out["Agents_Before"] == pytest.approx(before_fte, rel=1e-12)
        assert out["Agents_After"] == pytest.approx(after_fte, rel=1e-12)
        assert out["Agents_Freed_By_AHT"] == pytest.approx(at_aht_before - after_fte, rel=1e-9)
        assert out["Hard_Savings_AHT"] == pytest.approx(
            (at_aht_before - after_fte) * 40_000, rel=1e-9
        )


def test_the_cost_basis_check_fails_when_labour_exceeds_the_cost_of_a_contact():
    from roi_xl.core import business_case

    base = {"AHT_Before_Min": 8, "Human_Cost_Per_Contact": 4.0}
    base |= {"Paid_Hours_Per_Year": 2080, "Shrinkage": 0.3, "Occupancy": 0.85}
    # by hand: $55,000 / 1,237.6 = $44.44 an hour; 8 minutes = $5.93 of labour > $4: fails
    dear = business_case({**base, "Agent_Annual_Cost": 55_000})
    # $36,000 / 1,237.6 = $29.09 an hour; 8 minutes = $3.88 <= $4: passes
    fair = business_case({**base, "Agent_Annual_Cost": 36_000})
    assert dear["Checks_Failed"] == 1
    assert fair["Checks_Failed"] == 0


def test_an_hour_profile_that_does_not_add_up_fails_a_check():
    from roi_xl.core import business_case

    assert business_case({"HourProfile": [0.5, 0.4] + [0] * 22})["Checks_Failed"] == 1
    assert business_case({"HourProfile": [0.5, 0.5] + [0] * 22})["Checks_Failed"] == 0

"""Scenarios, sensitivity and break-even of the business case (issue 5).

Expected numbers are hand calculations written out in each test; the
break-even tests feed the answer back into :func:`business_case` and need a
3-year ROI of 0 within 1e-9.
"""

from __future__ import annotations

import random

import pytest

from roi_xl.core import (
    BREAKEVEN_INPUTS,
    NOT_REACHABLE,
    CostLine,
    DecisionSettings,
    GainLine,
    NeverPaysBackError,
    NotLinearError,
    ZeroDenominatorError,
    business_case,
    decision_outputs,
    lever_breakeven,
)
from tests.workbooks.fills import random_cost_lines, random_inputs

PLATFORM = [CostLine("Technology", "Platform", initial=300_000)]
SAVINGS = [GainLine("Savings", gross=200_000)]  # $200,000 counted in each of 3 years


def test_scenarios_by_hand():
    out = decision_outputs({"Discount_Rate": 0.0}, PLATFORM, gain_lines=SAVINGS)
    # expected: (600,000 - 300,000) / 300,000
    assert out["ROI_Expected"] == pytest.approx(1.0, rel=1e-12)
    # conservative: gains 70% = 420,000, costs 110% = 330,000 -> 90,000 / 330,000
    assert out["ROI_Conservative"] == pytest.approx(90_000 / 330_000, rel=1e-12)
    # optimistic: gains 120% = 720,000, costs 95% = 285,000 -> 435,000 / 285,000
    assert out["ROI_Optimistic"] == pytest.approx(435_000 / 285_000, rel=1e-12)
    # NPV at 0%: the net value; payback: 300,000 / 200,000 a year = 1.5 years = 18 months
    assert out["NPV_Expected"] == pytest.approx(300_000, rel=1e-12)
    assert out["Payback_Expected"] == pytest.approx(18.0, rel=1e-12)
    # conservative payback: 330,000 / 140,000 a year = 2.357 years
    assert out["Payback_Conservative"] == pytest.approx(330 / 140 * 12, rel=1e-12)
    assert out["Scenario_Costs"] == ((330_000.0, 300_000.0, 285_000.0),)
    assert out["Scenario_Gains"][-1] == pytest.approx((420_000, 600_000, 720_000), rel=1e-12)


def test_scenario_npv_discounts_the_years():
    out = decision_outputs({"Discount_Rate": 0.1}, PLATFORM, gain_lines=SAVINGS)
    # 200,000 x (1/1.1 + 1/1.1^2 + 1/1.1^3) - 300,000
    pv = 200_000 * (1 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3)
    assert out["NPV_Expected"] == pytest.approx(pv - 300_000, rel=1e-12)
    assert out["NPV_Optimistic"] == pytest.approx(1.2 * pv - 0.95 * 300_000, rel=1e-12)


def test_a_scenario_that_never_pays_back_is_na():
    settings = DecisionSettings(cost_multipliers=(3.0, 1.0, 0.95))  # 900,000 vs 420,000
    out = decision_outputs({}, PLATFORM, gain_lines=SAVINGS, settings=settings)
    assert isinstance(out["Payback_Conservative"], NeverPaysBackError)
    assert out["ROI_Conservative"] == pytest.approx(420 / 900 - 1, rel=1e-12)


def test_per_line_multipliers_apply_to_their_line_only():
    inputs = {"Customers": 10_000, "Churn_Before": 0.1, "Churn_After": 0.08}
    inputs["Revenue_Per_Customer"] = 500  # 200 customers x $500 = $100,000 a year
    settings = DecisionSettings(gain_multipliers={"Gain_Retention": (0.5, 1.0, 1.5)})
    out = decision_outputs(inputs, PLATFORM, gain_lines=SAVINGS, settings=settings)
    # conservative gains: 50% of 300,000 + 70% of 600,000 = 570,000 against 330,000
    assert out["ROI_Conservative"] == pytest.approx(570 / 330 - 1, rel=1e-12)


def test_sensitivity_is_sorted_by_swing():
    inputs = {"Customers": 10_000, "Churn_Before": 0.1, "Churn_After": 0.08}
    inputs["Revenue_Per_Customer"] = 500  # churn avoided: $300,000 over 3 years
    out = decision_outputs(inputs, PLATFORM, gain_lines=SAVINGS)  # other lines: $600,000
    table = out["Sensitivity_Table"]
    assert [row[0] for row in table[:2]] == ["Other gain lines", "Churn avoided"]
    # other lines -20%: (900,000 - 120,000 - 300,000) / 300,000 = 1.6; +20%: 2.4
    assert table[0][1:] == pytest.approx((1.6, 2.4), rel=1e-12)
    # churn -20%: (900,000 - 60,000 - 300,000) / 300,000 = 1.8; +20%: 2.2
    assert table[1][1:] == pytest.approx((1.8, 2.2), rel=1e-12)
    # lines with no value keep their order at the bottom, with the base ROI of 2
    assert table[2][0] == "Deflection to self-service and AI"
    assert table[-1][1:] == pytest.approx((2.0, 2.0), rel=1e-12)


def test_breakeven_gains_by_hand():
    costs = [CostLine("People", "Agents", initial=60_000, years=(100_000, 120_000, 20_000))]
    out = decision_outputs({}, costs, settings=DecisionSettings(target_roi=0.5))
    assert out["Breakeven_Gains"] == pytest.approx(100_000, rel=1e-12)  # 300,000 / 3
    assert out["Target_ROI_Gains"] == pytest.approx(150_000, rel=1e-12)  # 1.5 x 300,000 / 3


def test_breakeven_deflection_rate_of_the_published_example():
    # FORMULAS.md B: 1.2M contacts x (4 - 0.5) = $4.2M a year per 100% deflected.
    # Costs of $1.2M a year break even at 1.2 / 4.2 = 2/7.
    inputs = {
        "Annual_Contacts": 1_200_000,
        "Deflection_Rate": 0.4,
        "Human_Cost_Per_Contact": 4,
        "Automated_Cost_Per_Contact": 0.5,
    }
    costs = [CostLine("Technology", "AI", years=(1_200_000,) * 3)]
    rate = decision_outputs(inputs, costs)["Breakeven_Deflection_Rate"]
    assert rate == pytest.approx(2 / 7, rel=1e-12)


def _case(rng: random.Random) -> dict:
    return {
        # straight-line totals: under Erlang C the lever break-evens are #N/A (not linear)
        # capacity at a recapture rate above 0 (at 0 the cost levers count nothing)
        "inputs": {
            **random_inputs(rng),
            "Discount_Rate": 0.1,
            "Staffing_Feeds_Totals": None,
            "Capacity_Recapture": rng.uniform(0.3, 1.0),
        },
        "cost_lines": random_cost_lines(rng),
        "lever_settings": {
            name: GainLine(name, share=rng.uniform(0.2, 1), realisation=(0.5, 0.8, 1.0))
            for name, *_ in BREAKEVEN_INPUTS
        },
    }


DOMAIN = {"AHT_After_Min": (0.0, float("inf"))}


@pytest.mark.parametrize("seed", range(40))
def test_every_breakeven_fed_back_gives_roi_zero(seed):
    rng = random.Random(f"breakeven-{seed}")
    case = _case(rng)
    out = decision_outputs(
        case["inputs"], case["cost_lines"], case["lever_settings"], [], None, False
    )
    for _lever, name, field, *_ in BREAKEVEN_INPUTS:
        value = out[name]
        low, high = DOMAIN.get(field, (0.0, 1.0))
        if value == NOT_REACHABLE:  # the straight line crosses 0 outside the input's range
            raw = lever_breakeven(name, case["inputs"], case["cost_lines"], case["lever_settings"])
            assert not low <= raw <= high, (name, raw)
            continue
        if isinstance(value, Exception):
            continue
        assert low <= value <= high, (name, value)
        moved = {**case["inputs"], field: value}
        again = business_case(moved, case["cost_lines"], case["lever_settings"])
        assert again["ROI_3yr"] == pytest.approx(0.0, abs=1e-9), (name, value)
    gains = [GainLine("Break-even", gross=out["Breakeven_Gains"])]
    assert business_case({}, case["cost_lines"], gain_lines=gains)["ROI_3yr"] == pytest.approx(
        0.0, abs=1e-9
    )
    target = [GainLine("Target", gross=out["Target_ROI_Gains"])]
    assert business_case({}, case["cost_lines"], gain_lines=target)["ROI_3yr"] == pytest.approx(
        1.0, abs=1e-9
    )


def test_random_cases_reach_breakeven_inside_the_domain_often():
    """The feed-back test above must not pass by skipping every lever."""
    inside = dict.fromkeys((row[1] for row in BREAKEVEN_INPUTS), 0)
    for seed in range(40):
        rng = random.Random(f"breakeven-{seed}")
        case = _case(rng)
        out = decision_outputs(case["inputs"], case["cost_lines"], case["lever_settings"])
        for _lever, name, field, *_ in BREAKEVEN_INPUTS:
            low, high = DOMAIN.get(field, (0.0, 1.0))
            inside[name] += isinstance(out[name], float) and low <= out[name] <= high
    assert min(inside.values()) >= 3, inside


def test_no_straight_line_breakeven_under_erlang_c_or_without_fcr():
    inputs = {"Annual_Contacts": 1_000, "Deflection_Rate": 0.2}
    inputs |= {"AHT_Before_Min": 6, "AHT_After_Min": 5, "Agent_Annual_Cost": 50_000}
    for name in ("Breakeven_Deflection_Rate", "Breakeven_AHT_After_Min"):
        result = lever_breakeven(name, inputs, PLATFORM, hard_savings_feed_totals=True)
        assert isinstance(result, NotLinearError)
        assert result.excel_error == "#N/A"
    assert isinstance(lever_breakeven("Breakeven_FCR_After", inputs, PLATFORM), NotLinearError)


def test_an_input_that_moves_nothing_has_no_breakeven():
    # no contacts: the handle time changes nothing
    result = lever_breakeven("Breakeven_AHT_After_Min", {"Agent_Annual_Cost": 37_440}, PLATFORM)
    assert isinstance(result, ZeroDenominatorError)

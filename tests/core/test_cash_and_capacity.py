"""Cash apart from capacity, risk with its weight, and the reconciling checks (issue 20).

Every expected number is a hand calculation written beside it.
"""

from __future__ import annotations

import pytest

from roi_xl.core import (
    CostLine,
    DecisionSettings,
    GainLine,
    business_case,
    decision_outputs,
    staffing_outputs,
)
from roi_xl.core.checks import expected_is_base, model_checks, reconciles
from roi_xl.core.errors import RoiInputError

#: Deflection 100,000 x (30% - 0%) x ($5 - $1) = 120,000 a year (a cost lever: capacity);
#: churn 1,000 customers x (10% - 5%) x $100 = 5,000 a year (retention: cash).
INPUTS = {
    "Annual_Contacts": 100_000,
    "Deflection_Rate": 0.3,
    "Human_Cost_Per_Contact": 5,
    "Automated_Cost_Per_Contact": 1,
    "Customers": 1_000,
    "Churn_Before": 0.1,
    "Churn_After": 0.05,
    "Revenue_Per_Customer": 100,
    "Discount_Rate": 0.0,
}


def test_capacity_counts_at_the_recapture_rate_and_cash_whole():
    case = business_case({**INPUTS, "Capacity_Recapture": 0.5})
    # 120,000 x 50% + 5,000 = 65,000 a year
    assert case["Total_Gains_Y1"] == pytest.approx(65_000, rel=1e-12)
    assert case["Cash_Gains_3yr"] == pytest.approx(3 * 5_000, rel=1e-12)
    assert case["Capacity_Gains_3yr"] == pytest.approx(3 * 60_000, rel=1e-12)
    assert case["Capacity_Not_Counted_3yr"] == pytest.approx(3 * 60_000, rel=1e-12)


def test_a_blank_recapture_is_neutral():
    case = business_case(INPUTS)  # Capacity_Recapture blank: 100%
    assert case["Total_Gains_Y1"] == pytest.approx(125_000, rel=1e-12)
    assert case["Capacity_Gains_3yr"] == pytest.approx(360_000, rel=1e-12)
    assert case["Capacity_Not_Counted_3yr"] == 0


def test_a_line_set_to_cash_is_not_recaptured_and_a_revenue_line_can_be_capacity():
    settings = {"Gain_Deflection": GainLine("Gain_Deflection", counts_as="cash")}
    lines = [GainLine("Overtime cut", "Revenue", 1_000, counts_as="capacity")]
    case = business_case({**INPUTS, "Capacity_Recapture": 0.25}, (), settings, lines)
    # deflection 120,000 cash + churn 5,000 cash; the table's line 1,000 x 25% capacity
    assert case["Cash_Gains_3yr"] == pytest.approx(3 * 125_000, rel=1e-12)
    assert case["Capacity_Gains_3yr"] == pytest.approx(3 * 250, rel=1e-12)
    assert case["Capacity_Not_Counted_3yr"] == pytest.approx(3 * 750, rel=1e-12)


def test_hard_savings_feeding_the_totals_count_as_cash():
    inputs = {
        "Annual_Contacts": 500_000,  # sized hour by hour over the default day (issue 20)
        "AHT_Before_Min": 8,
        "AHT_After_Min": 6,
        "Agent_Annual_Cost": 50_000,
        "Staffing_Feeds_Totals": "erlang c",
        "Capacity_Recapture": 0.1,
    }
    hard = staffing_outputs(inputs)["Hard_Savings_AHT"]
    assert hard > 0  # agents released: money that leaves the budget
    case = business_case(inputs)
    # the handle-time line is the hard savings, whole: no 10% recapture on released agents
    assert case["Cash_Gains_3yr"] == pytest.approx(3 * hard, rel=1e-12)
    assert case["Capacity_Gains_3yr"] == 0
    assert case["Total_Gains_Y1"] == pytest.approx(hard, rel=1e-12)


def test_the_value_weighted_risk_adjustment():
    lines = [
        GainLine("A", "Revenue", 100, risk=0.1),  # counted 90 a year, 10 taken off
        GainLine("B", "Revenue", 300, risk=0.3),  # counted 210 a year, 90 taken off
    ]
    case = business_case({}, [CostLine("Technology", "x", initial=1)], gain_lines=lines)
    assert case["Risk_Haircut_3yr"] == pytest.approx(3 * 100, rel=1e-12)
    # 300 / (300 + 900) = 25%
    assert case["Benefits_Risk_Adjustment"] == pytest.approx(0.25, rel=1e-12)
    assert business_case(INPUTS)["Benefits_Risk_Adjustment"] == 0  # no risk: not adjusted


def test_the_risk_adjustment_weighs_capacity_after_recapture():
    # capacity 1,000 at 50% recapture, risk 20%: before risk 500, taken off 100, counted 400;
    # cash 600 at risk 0: 100 / (100 + 400 + 600) = 1/11
    lines = [
        GainLine("Time freed", "Cost savings", 1_000, risk=0.2),
        GainLine("Sales", "Revenue", 600),
    ]
    case = business_case({"Capacity_Recapture": 0.5}, gain_lines=lines)
    assert case["Benefits_Risk_Adjustment"] == pytest.approx(1 / 11, rel=1e-12)


def test_counts_as_is_cash_or_capacity():
    with pytest.raises(RoiInputError, match="cash, capacity"):
        GainLine("x", counts_as="savings").kind()
    assert GainLine("x", "Cost savings").kind() == "capacity"
    assert GainLine("x", "Retention").kind() == "cash"


def test_reconciling_checks_fail_when_a_figure_does_not_add_up():
    costs = [CostLine("Technology", "AI", initial=100_000, years=(50_000,) * 3)]
    inputs = {**INPUTS, "Discount_Rate": 0.1}
    case = business_case(inputs, costs)
    assert case["Checks_Failed"] == 0
    # Net value: 3 x 125,000 - 250,000 = 125,000
    assert case["Net_Value_3yr"] == pytest.approx(125_000, rel=1e-12)
    for name, key in (("Net_Value_3yr", "NetValue"), ("NPV_3yr", "NPV"), ("PV_Costs", "NPV")):
        typed = {**case, name: case[name] + 1_000}
        failing = [c.key for c in model_checks(inputs, costs, outputs=typed) if c.failed]
        assert failing == [key], name
    assert reconciles(1.0, 1.0 + 1e-9) and not reconciles(1.0, 1.01)


def test_the_expected_scenario_must_be_the_base_case():
    costs = [CostLine("Technology", "AI", initial=100_000)]
    args = (INPUTS, costs)
    assert decision_outputs(*args)["Checks_Failed"] == 0  # default multipliers: 100% expected
    shifted = DecisionSettings(cost_multipliers=(1.2, 1.1, 1.0))
    assert decision_outputs(*args, settings=shifted)["Checks_Failed"] == 1
    assert expected_is_base({"ROI_3yr": 0.5, "ROI_Expected": 0.5}).failed is False

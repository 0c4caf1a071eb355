"""The business case's model integrity (issue 10): stacking, an agent counted once,
revenue at margin, cost risk, IRR and discounted payback, model checks.

Expected numbers are hand calculations written out in each test, or the
FORMULAS.md / TEMPLATES.md examples they name.
"""

from __future__ import annotations

import pytest

from roi_xl.core import (
    CostLine,
    GainLine,
    business_case,
    lever_gains,
    model_checks,
    staffing_outputs,
)
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from tests.reference_erlang import fte_reference

EXAMPLE = {
    "Annual_Contacts": 1_200_000,
    "Human_Cost_Per_Contact": 4.0,
    "Automated_Cost_Per_Contact": 0.5,
    "Deflection_Rate": 0.40,
    "AHT_Before_Min": 8.0,
    "AHT_After_Min": 6.4,
    # $30 an hour of handling: 37,440 / (2,080 x (1 - 0.25) x 0.8) = 37,440 / 1,248
    "Agent_Annual_Cost": 37_440.0,
    "Paid_Hours_Per_Year": 2_080.0,
    "Shrinkage": 0.25,
    "Occupancy": 0.8,
    "FCR_Before": 0.70,
    "FCR_After": 0.76,
    "Escalation_Rate_Before": 0.10,
    "Escalation_Rate_After": 0.08,
    "Cost_Per_Escalation": 25.0,
}


def test_handle_time_and_escalations_stack_on_the_contacts_still_handled():
    gains = lever_gains(EXAMPLE)
    # by hand: 1.2M x (1 - 0.4) = 720,000 after deflection; FCR 70% -> 76% leaves
    # 720,000 x 0.70 / 0.76 = 663,157.89 contacts that people still handle
    handled = 720_000 * 0.70 / 0.76
    assert gains["Contacts_After_Deflection"] == pytest.approx(720_000, rel=1e-12)
    assert gains["Contacts_Handled_After"] == pytest.approx(handled, rel=1e-12)
    # handle time: 663,157.89 x 1.6 min / 60 x $30 = $530,526.32 (not 720,000 x 0.8 = $576,000)
    assert gains["Gain_AHT"] == pytest.approx(handled * 1.6 / 60 * 30, rel=1e-12)
    # issue 10: about $45,000 a year was counted twice (repeat contacts FCR removes)
    assert 576_000 - gains["Gain_AHT"] == pytest.approx(45_473.68, abs=0.01)
    # escalations: 663,157.89 x 2 points x $25
    assert gains["Gain_Escalation"] == pytest.approx(handled * 0.02 * 25, rel=1e-12)
    # FCR itself on the contacts after deflection: issues 504,000 x (1/0.7 - 1/0.76) x $4
    assert gains["Gain_FCR"] == pytest.approx(504_000 * (1 / 0.7 - 1 / 0.76) * 4, rel=1e-12)


def test_fcr_factor_is_one_while_an_fcr_is_blank():
    inputs = {**EXAMPLE, "FCR_After": None}
    gains = lever_gains(inputs)
    assert gains["Contacts_Handled_After"] == pytest.approx(720_000, rel=1e-12)
    assert gains["Gain_AHT"] == pytest.approx(720_000 * 1.6 / 60 * 30, rel=1e-12)
    assert gains["Gain_FCR"] == 0


def test_deflection_counts_only_the_rise_over_todays_rate():
    # TEMPLATES.md Gains: 1.2M x (40% - 10%) x ($4 - $0.50) = $1,260,000
    gains = lever_gains({**EXAMPLE, "Deflection_Rate_Before": 0.10})
    assert gains["Gain_Deflection"] == pytest.approx(1_260_000, rel=1e-12)
    assert lever_gains(EXAMPLE)["Gain_Deflection"] == pytest.approx(1_680_000, rel=1e-12)


def test_revenue_gain_lines_count_at_the_gross_margin():
    # TEMPLATES.md: a gross value of $100,000 at a 75% margin adds $75,000 before share,
    # risk and realisation; a Cost savings line is not a revenue and counts whole.
    lines = [
        GainLine("Referrals", "Revenue", 100_000),
        GainLine("Fines avoided", "Risk & compliance", 10_000),
    ]
    case = business_case({"Gross_Margin": 0.75}, gain_lines=lines)
    assert case["Total_Gains_Y1"] == pytest.approx(75_000 + 10_000, rel=1e-12)
    # and with share 50% and risk 20%: 100,000 x 0.75 x 0.5 x 0.8 = 30,000
    half = [GainLine("Referrals", "Revenue", 100_000, share=0.5, risk=0.2)]
    assert business_case({"Gross_Margin": 0.75}, gain_lines=half)[
        "Total_Gains_Y2"
    ] == pytest.approx(30_000, rel=1e-12)


def test_cost_risk_raises_the_totals():
    # FORMULAS.md E: a cost x (1 + risk): $100,000 at 10% risk counts $110,000
    lines = [
        CostLine("Technology", "AI", initial=100_000, years=(50_000, 50_000, 50_000), risk=0.1),
        CostLine("Training", "Courses", years=(20_000, 0, 0)),
    ]
    case = business_case({}, lines)
    assert case["Total_Costs_Initial"] == pytest.approx(110_000, rel=1e-12)
    assert case["Total_Costs_Y1"] == pytest.approx(55_000 + 20_000, rel=1e-12)
    assert case["Total_Costs_Y3"] == pytest.approx(55_000, rel=1e-12)


def _example():
    _, fill = parse_scenario(example_scenario_text())
    return fill.inputs, fill.cost_lines, fill.lever_settings, fill.gain_lines


def test_erlang_switch_moves_the_roi_only_by_the_handle_time_hard_savings():
    inputs, costs, settings, lines = _example()
    straight = business_case(inputs, costs, settings, lines)
    erlang = business_case(inputs, costs, settings, lines, hard_savings_feed_totals=True)
    assert business_case(
        {**inputs, "Staffing_Feeds_Totals": "erlang c"}, costs, settings, lines
    ) == pytest.approx(erlang)
    # Hard savings of handle time alone, sized hour by hour by erlanglib (independent): the
    # contacts people handle after deflection and FCR (1.2M x 0.6 x 0.70 / 0.76) over the
    # example's 08:00-20:00 profile, 5 days a week, at AHT 8 and 6.4 minutes, 80/20, cap 85%;
    # FTE = agent-hours x 260 days / (2,080 x 0.7 hours); x $32,000 an agent.
    handled = 1_200_000 * 0.6 * 0.70 / 0.76
    sizing = (0.8, 20, 0.85, 2080, 0.3)
    profile = inputs["HourProfile"]
    freed = fte_reference(handled, profile, 5, 480, *sizing) - fte_reference(
        handled, profile, 5, 384, *sizing
    )
    assert erlang["Agents_Freed_By_AHT"] == pytest.approx(freed, rel=1e-12)
    assert erlang["Hard_Savings_AHT"] == pytest.approx(freed * 32_000, rel=1e-12)
    # The handle-time line has share 100%, risk 10%, realisation 50% / 100% / 100% in the
    # example; straight-line it is capacity counted at the 60% recapture rate, Erlang C hard
    # savings are cash (agents released): the 3-year gains move by
    # (hard savings x 90% - Gain_AHT x 90% x 60%) x 2.5, and nothing else (issue 20).
    delta = (erlang["Hard_Savings_AHT"] * 0.9 - straight["Gain_AHT"] * 0.9 * 0.6) * 2.5
    assert erlang["Net_Value_3yr"] - straight["Net_Value_3yr"] == pytest.approx(delta, rel=1e-9)
    total_costs = 290_000 + 630_000 + 635_000 + 640_000  # the example's cost lines, by hand
    assert erlang["ROI_3yr"] - straight["ROI_3yr"] == pytest.approx(delta / total_costs, rel=1e-9)
    # the all-levers figure is information only: it does not feed the totals
    assert erlang["Hard_Savings_Staffing"] > erlang["Hard_Savings_AHT"]
    assert erlang["Total_Gains_Y3"] < straight["Total_Gains_Y3"] + erlang["Hard_Savings_Staffing"]


def test_hard_savings_of_handle_time_alone_are_zero_without_a_shorter_call():
    out = staffing_outputs(
        {
            "Annual_Contacts": 600_000,
            "AHT_Before_Min": 5,
            "AHT_After_Min": 5,
            "Deflection_Rate": 0.5,
            "Agent_Annual_Cost": 50_000,
        }
    )
    # deflection frees agents (all levers), but handle time alone frees none
    assert out["Agents_No_Longer_Needed"] > 0
    assert out["Agents_Freed_By_AHT"] == 0
    assert out["Hard_Savings_AHT"] == 0


def test_irr_and_discounted_payback_are_outputs():
    # by hand: 100,000 now, then 60,000 a year of gains: IRR solves
    # 100 = 60/(1+r) + 60/(1+r)^2 + 60/(1+r)^3 -> 36.31% (numpy-financial's irr gives it
    # too: tests/core/test_finance.py); at 0% the discounted payback is the payback: 20 months
    case = business_case(
        {"Discount_Rate": 0.0},
        [CostLine("Technology", "Platform", initial=100_000)],
        gain_lines=[GainLine("Savings", gross=60_000)],
    )
    assert case["IRR_3yr"] == pytest.approx(0.363096539475, rel=1e-9)
    assert case["Discounted_Payback_Months"] == pytest.approx(20.0, rel=1e-12)
    assert case["Payback_Months"] == pytest.approx(20.0, rel=1e-12)


def test_model_checks_catch_a_pasted_rate_and_an_after_worse_than_before():
    # issue 10: a deflection rate of 40 (4,000%) pasted past the validation
    failing = [c.key for c in model_checks({**EXAMPLE, "Deflection_Rate": 40}) if c.failed]
    assert failing == ["Deflection_Rate"]
    worse = {**EXAMPLE, "AHT_After_Min": 9.0, "FCR_After": 0.6, "Churn_Before": 0.1}
    worse["Churn_After"] = 0.12
    failing = [c.key for c in model_checks(worse) if c.failed]
    assert failing == ["AHT_After_Min", "FCR_After", "Churn_After"]
    assert not [c for c in model_checks(EXAMPLE) if c.failed]


def test_checks_failed_of_the_example_is_zero_and_counts_an_error_in_a_total():
    inputs, costs, settings, lines = _example()
    assert business_case(inputs, costs, settings, lines)["Checks_Failed"] == 0
    # FCR before filled in as 0: the FCR lever and the totals are #DIV/0!; every input is in
    # its range and FCR after (76%) is better than before, so exactly one check fails.
    broken = business_case({**EXAMPLE, "FCR_Before": 0.0})
    assert broken["Checks_Failed"] == 1

"""Realised gains and the figures to date (TRACKING.md §2), by hand."""

import pytest

from roi_xl.core.errors import RoiInputError, ZeroDenominatorError
from roi_xl.core.tracking import month_index, planned_month, realised_gains, track

INPUTS = {
    "Deflection_Rate_Before": 0.10,
    "Human_Cost_Per_Contact": 6.0,
    "Automated_Cost_Per_Contact": 1.0,
    "FCR_Before": 0.70,
    "AHT_Before_Min": 10.0,
    # $30 an hour of handling: 37,440 / (2,080 x (1 - 0.25) x 0.8) = 37,440 / 1,248
    "Agent_Annual_Cost": 37_440.0,
    "Paid_Hours_Per_Year": 2_080.0,
    "Shrinkage": 0.25,
    "Occupancy": 0.8,
    "Escalation_Rate_Before": 0.10,
    "Cost_Per_Escalation": 50.0,
    "Conversion_Before": 0.05,
    "Average_Order_Value": 200.0,
    "Gross_Margin": 0.5,
    "Churn_Before": 0.12,
    "Revenue_Per_Customer": 1200.0,
}
SHARES = {"Gain_FCR": 0.5, "Gain_Conversion": 0.25}  # the others: 100%
MONTH = {
    "Contacts": 10_000,
    "Automated Contacts": 2_000,
    "AHT (min)": 9.0,
    "FCR": 0.77,
    "Escalation Rate": 0.08,
    "Conversions": 600,
    "Sales Interactions": 10_000,
    "Churned Customers": 80,
    "Customers": 10_000,
}
# By hand, H = 10,000 - 2,000 = 8,000 contacts handled by people:
BY_HAND = {
    "Gain_Deflection": (2_000 - 10_000 * 0.10) * (6 - 1),  # 5,000
    "Gain_FCR": 8_000 * (0.77 / 0.70 - 1) * 6 * 0.5,  # 4,800 x 50% = 2,400
    "Gain_AHT": 8_000 * (10 - 9) / 60 * 30,  # 4,000
    "Gain_Escalation": 8_000 * (0.10 - 0.08) * 50,  # 8,000
    "Gain_Conversion": (600 - 10_000 * 0.05) * 200 * 0.5 * 0.25,  # 10,000 x 25% = 2,500
    "Gain_Retention": (10_000 * 0.12 / 12 - 80) * 1200 * 0.5,  # 20 x 600 = 12,000
}


def test_realised_gains_by_hand():
    assert BY_HAND["Gain_FCR"] == pytest.approx(2_400)  # the hand figures themselves
    assert realised_gains(MONTH, INPUTS, SHARES) == pytest.approx(BY_HAND)


@pytest.mark.parametrize(
    ("blank", "zeroed"),
    [
        ("FCR", {"Gain_FCR"}),
        ("AHT (min)", {"Gain_AHT"}),
        ("Contacts", {"Gain_Deflection", "Gain_FCR", "Gain_AHT", "Gain_Escalation"}),
        ("Automated Contacts", {"Gain_Deflection"}),
        ("Customers", {"Gain_Retention"}),
        ("Sales Interactions", {"Gain_Conversion"}),
    ],
)
def test_a_blank_actual_realises_zero_for_its_lever_only(blank, zeroed):
    gains = realised_gains({**MONTH, blank: None}, INPUTS, SHARES)
    for lever, value in gains.items():
        if lever in zeroed:
            assert value == 0.0, lever
        elif blank == "Automated Contacts" and lever in ("Gain_FCR", "Gain_AHT", "Gain_Escalation"):
            # a blank automated count is 0: all 10,000 contacts were handled by people
            assert value == pytest.approx(BY_HAND[lever] * 10_000 / 8_000), lever
        else:
            assert value == pytest.approx(BY_HAND[lever]), lever


def test_worse_than_before_is_a_negative_gain_and_fcr_before_zero_is_refused():
    gains = realised_gains({"Contacts": 100, "AHT (min)": 12.0}, INPUTS, {})
    assert gains["Gain_AHT"] == pytest.approx(-100 * 2 / 60 * 30)  # by hand: -100
    with pytest.raises(ZeroDenominatorError):
        realised_gains({"Contacts": 100, "FCR": 0.8}, {**INPUTS, "FCR_Before": 0}, {})
    # no FCR measured: nothing to divide
    assert realised_gains({"Contacts": 100}, {**INPUTS, "FCR_Before": 0}, {})["Gain_FCR"] == 0


def test_plan_spread_over_months():
    costs, gains = [12_000, 24_000, 36_000, 48_000], {"Gain_AHT": [12_000, 24_000, 36_000]}
    assert planned_month(0, costs, gains) == (14_000, {"Gain_AHT": 1_000})  # initial + 24,000/12
    assert planned_month(11, costs, gains) == (2_000, {"Gain_AHT": 1_000})
    assert planned_month(12, costs, gains) == (3_000, {"Gain_AHT": 2_000})
    assert planned_month(35, costs, gains) == (4_000, {"Gain_AHT": 3_000})
    assert planned_month(36, costs, gains) == (0, {"Gain_AHT": 0})
    assert month_index("2024-07", "2025-07") == 12
    with pytest.raises(RoiInputError):
        month_index("2024-7", "2025-07")


def test_track_go_live_mid_year_by_hand():
    costs, gains = [12_000, 24_000, 36_000, 48_000], {"Gain_AHT": [12_000, 24_000, 36_000]}
    months = {
        "2024-06": {"Actual Costs": 99_999, "Contacts": 1},  # before go-live: left out
        "2024-07": {"Actual Costs": 15_000, "Contacts": 1_000, "AHT (min)": 9.0},
        "2025-07": {"Actual Costs": 1_000, "Contacts": 1_000, "AHT (min)": 6.0},
    }
    rows, out = track("2024-07", months, INPUTS, {}, costs, gains)
    # by hand: realised AHT gains 1,000 x 1/60 x 30 = 500 and 1,000 x 4/60 x 30 = 2,000
    assert [r.month for r in rows] == ["2024-07", "2025-07"]
    assert rows[0].realised_gains["Gain_AHT"] == pytest.approx(500)
    assert rows[0].variance["Gain_AHT"] == pytest.approx(500 - 1_000)
    assert rows[1].cumulative_realised_net == pytest.approx(500 - 15_000 + 2_000 - 1_000)
    assert rows[1].cumulative_planned_net == pytest.approx(1_000 - 14_000 + 2_000 - 3_000)
    assert out["Months_Tracked"] == 2
    assert out["Actual_Costs_To_Date"] == 16_000
    assert out["Realised_Gains_To_Date"] == pytest.approx(2_500)
    assert out["Planned_Gains_To_Date"] == pytest.approx(3_000)
    assert out["Realised_ROI_To_Date"] == pytest.approx((2_500 - 16_000) / 16_000)
    assert out["Payback_Reached_Month"] is None
    # by hand: the plan is 120,000 of costs and 72,000 of gains over 36 months; month 0 and
    # month 12 replaced by their actuals.
    forecast_costs = 120_000 - 14_000 + 15_000 - 3_000 + 1_000
    forecast_gains = 72_000 - 1_000 + 500 - 2_000 + 2_000
    assert out["Forecast_ROI_3yr"] == pytest.approx(
        (forecast_gains - forecast_costs) / forecast_costs
    )


def test_actual_costs_without_gains_and_payback():
    plan = ([0, 1_200, 1_200, 1_200], {"Gain_Deflection": [0, 0, 0]})
    _, out = track("2024-01", {"2024-01": {"Actual Costs": 100}}, INPUTS, {}, *plan)
    assert out["Realised_ROI_To_Date"] == -1.0  # by hand: (0 - 100) / 100
    assert out["Payback_Reached_Month"] is None
    # by hand: deflection (300 - 1,000 x 10%) x 5 = 1,000 in February covers 100 + 100 of costs
    months = {
        "2024-01": {"Actual Costs": 100},
        "2024-02": {"Actual Costs": 100, "Contacts": 1_000, "Automated Contacts": 300},
    }
    _, out = track("2024-01", months, INPUTS, {}, *plan)
    assert out["Payback_Reached_Month"] == "2024-02"
    _, out = track("2024-01", {"2024-01": {"Contacts": 5}}, INPUTS, {}, *plan)
    assert out["Realised_ROI_To_Date"] is None  # no cost recorded: undefined, not 0


def test_plan_to_date_and_the_variance_of_measured_levers_by_hand():
    # issue 20. Plan: 1,200 initial and 1,200 a year of costs; deflection 2,400 a year and
    # handle time 1,200 a year. Two months tracked, deflection measured, handle time not.
    _, out = track(
        "2024-01",
        {
            "2024-01": {"Actual Costs": 1300, "Contacts": 100, "Automated Contacts": 150},
            "2024-02": {"Actual Costs": 100, "Contacts": 100, "Automated Contacts": 250},
        },
        {"Human_Cost_Per_Contact": 1.0},
        {},
        [1200, 1200, 1200, 1200],
        {"Gain_Deflection": [2400, 2400, 2400], "Gain_AHT": [1200, 1200, 1200]},
    )
    # by hand: plan costs 1,200 + 2 x 100 = 1,400; plan gains 2 x (200 + 100) = 600;
    # plan ROI (600 - 1,400) / 1,400 = -4/7
    assert out["Plan_Costs_To_Date"] == pytest.approx(1_400)
    assert out["Plan_Gains_To_Date"] == pytest.approx(600)
    assert out["Plan_ROI_To_Date"] == pytest.approx(-4 / 7)
    # realised deflection 150 + 250 = 400 against its plan of 400: variance 0; handle time
    # is not measured (no AHT in any month): its plan of 200 is left out, not a -200
    assert out["Variance_To_Date"] == pytest.approx(0.0, abs=1e-9)

"""Complete months and the mean of the chosen months, by hand."""

import datetime as dt

import pytest

from roi_xl.core.baseline import baseline_from_months, complete_months, outlier_months
from roi_xl.core.errors import RoiInputError

MONTHS = ["2024-01", "2024-02", "2024-03"]


@pytest.mark.parametrize(
    ("first", "last", "present", "expected"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 3, 31), MONTHS, MONTHS),
        # within GRACE_DAYS (3) of the edge: a holiday and a weekend without tickets
        (dt.date(2024, 1, 2), dt.date(2024, 3, 31), MONTHS, MONTHS),
        (dt.date(2024, 1, 4), dt.date(2024, 3, 28), MONTHS, MONTHS),
        # a fourth day uncovered: partial
        (dt.date(2024, 1, 5), dt.date(2024, 3, 31), MONTHS, ["2024-02", "2024-03"]),
        (dt.date(2024, 1, 1), dt.date(2024, 3, 27), MONTHS, ["2024-01", "2024-02"]),
        # leap year: February ends on the 29th
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), ["2024-02"], ["2024-02"]),
        (dt.date(2023, 2, 1), dt.date(2023, 2, 28), ["2023-02"], ["2023-02"]),
        # a gap: no ticket in February is not a month of zero contacts
        (dt.date(2024, 1, 1), dt.date(2024, 3, 31), ["2024-01", "2024-03"], ["2024-01", "2024-03"]),
        # one day only
        (dt.date(2024, 1, 5), dt.date(2024, 1, 5), ["2024-01"], []),
        # across a year end
        (
            dt.date(2023, 12, 1),
            dt.date(2024, 1, 31),
            ["2023-12", "2024-01"],
            ["2023-12", "2024-01"],
        ),
    ],
)
def test_complete_months(first, last, present, expected):
    assert complete_months(first, last, present) == expected


def test_baseline_is_the_plain_mean_of_monthly_values():
    monthly = {
        "2024-01": {"Contacts": 900.0, "Deflection_Rate": 0.10, "AHT_Min": 8.0, "FCR": 0.70},
        "2024-02": {"Contacts": 1100.0, "Deflection_Rate": 0.20, "AHT_Min": None, "FCR": 0.74},
        "2024-03": {"Contacts": 1300.0, "Deflection_Rate": 0.30, "AHT_Min": 10.0, "FCR": 0.78},
    }
    values, gaps = baseline_from_months(monthly, MONTHS)
    # by hand: (900 + 1100 + 1300) / 3 * 12 = 13,200; (0.1 + 0.2 + 0.3) / 3 = 0.2;
    # AHT (8 + 10) / 2 = 9 (February has none); FCR (0.70 + 0.74 + 0.78) / 3 = 0.74
    assert values == pytest.approx(
        {
            "Annual_Contacts": 13_200,
            "Deflection_Rate_Before": 0.2,
            "AHT_Before_Min": 9.0,
            "FCR_Before": 0.74,
        }
    )
    assert gaps == {"AHT_Before_Min": ["2024-02"]}
    assert "Escalation_Rate_Before" not in values  # missing from the export: left out, not 0


def test_baseline_refuses_no_month_or_an_unknown_month():
    with pytest.raises(RoiInputError):
        baseline_from_months({"2024-01": {"Contacts": 1.0}}, [])
    with pytest.raises(RoiInputError, match="2024-05"):
        baseline_from_months({"2024-01": {"Contacts": 1.0}}, ["2024-05"])


def test_outlier_months_by_the_median():
    # median of (1, 400, 500, 520) = (400 + 500) / 2 = 450; a quarter is 112.5
    volumes = {"1970-01": 1, "2024-01": 500, "2024-02": 400, "2024-03": 520}
    assert outlier_months(volumes) == ["1970-01"]
    # with a fifth month: median of (1, 99, 400, 500, 520) = 400; a quarter is 100
    assert outlier_months({**volumes, "2024-04": 99}) == ["1970-01", "2024-04"]
    assert outlier_months({**volumes, "2024-04": 100}) == ["1970-01"]
    assert outlier_months({"2024-01": 10}) == []

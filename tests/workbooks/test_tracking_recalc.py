"""The Tracking sheet, filled with random months and recalculated in LibreOffice,
gives every output to date exactly as ``roi_xl.core.tracking`` computes it.

The plan of the business case comes from the core's business case (gross lever
gains x share x (1 - risk) x realisation, TEMPLATES.md); the stand-alone
template's plan is typed in. LibreOffice is a real part of this test: when it
is missing the test fails.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from roi_xl.core import LEVERS, GainLine, business_case
from roi_xl.core.business_case import feeds_hard_savings, recapture_rate, yearly_by_line
from roi_xl.core.tracking import ACTUALS_COLUMNS, track
from roi_xl.office.recalc import convert, read_names, recalculate
from roi_xl.workbooks.assumptions import ALL_ASSUMPTIONS
from roi_xl.workbooks.templates import Fill, write_template
from roi_xl.workbooks.totals import GAIN_LABELS
from roi_xl.workbooks.tracking import DEFAULT_MONTHS, HEADER_ROW
from tests.workbooks.fills import random_fill, random_summary_fill

CASES = 30  # random business cases; and STANDALONE random stand-alone templates
STANDALONE = 10
LEVER_NAMES = [name for name, _, _ in LEVERS]
OUTPUTS = (
    "Months_Tracked",
    "Actual_Costs_To_Date",
    "Realised_Gains_To_Date",
    "Planned_Gains_To_Date",
    "Realised_ROI_To_Date",
    "Payback_Reached_Month",
    "Forecast_ROI_3yr",
    # issue 20: the plan of the months tracked, and the variance of the measured levers
    "Plan_Costs_To_Date",
    "Plan_Gains_To_Date",
    "Plan_ROI_To_Date",
    "Variance_To_Date",
)


def _month(go_live: str, offset: int) -> str:
    index = int(go_live[:4]) * 12 + int(go_live[5:]) - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def random_months(rng: random.Random, go_live: str) -> list[dict[str, Any]]:
    """Months around the horizon (some before go-live, some after Year 3), blanks here and there."""
    offsets = rng.sample(range(-2, 40), rng.randint(1, 14))
    rows = []
    for offset in offsets:
        contacts = rng.randint(0, 200_000)
        values: dict[str, Any] = {
            "Month": _month(go_live, offset),
            "Actual Costs": round(rng.uniform(0, 400_000), 2),
            "Contacts": contacts,
            "Automated Contacts": rng.randint(0, contacts),
            "AHT (min)": rng.uniform(2, 15),
            "FCR": rng.uniform(0.4, 0.95),
            "Escalation Rate": rng.uniform(0, 0.3),
            "Conversions": rng.randint(0, 5_000),
            "Sales Interactions": rng.randint(0, 50_000),
            "Churned Customers": rng.randint(0, 3_000),
            "Customers": rng.randint(0, 200_000),
        }
        rows.append(
            {k: (None if rng.random() < 0.12 and k != "Month" else v) for k, v in values.items()}
        )
    return rows


def _go_live(rng: random.Random) -> str:
    return f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}"


def _with_tracking(rng: random.Random, fill: Fill) -> Fill:
    go_live = _go_live(rng)
    inputs = dict(fill.inputs)
    inputs["Go_Live_Date"] = go_live
    if not inputs.get("FCR_Before"):  # a measured FCR against no FCR before is an error
        inputs["FCR_Before"] = 0.7
    return replace(fill, inputs=inputs, monthly_actuals=random_months(rng, go_live))


def _standalone(rng: random.Random) -> Fill:
    fill = _with_tracking(rng, random_summary_fill(rng))
    settings = {name: GainLine(name, share=rng.uniform(0.1, 1)) for name in LEVER_NAMES}
    return replace(fill, lever_settings=settings)


def _core(kind: str, fill: Fill) -> dict[str, Any]:
    """The core's outputs to date for ``fill``."""
    defaults = {a.name: a.default for a in ALL_ASSUMPTIONS if a.default is not None}
    inputs = {**defaults, **fill.inputs}
    settings = fill.lever_settings or {}
    shares = {name: settings.get(name, GainLine(name)).share for name in LEVER_NAMES}
    if kind != "value_tracking":  # realised capacity counts at the recapture rate, as planned
        recapture = recapture_rate(inputs)
        erlang = feeds_hard_savings(inputs)
        for name, _, category in LEVERS:
            line = replace(settings.get(name, GainLine(name)), category=category)
            if line.kind() == "capacity" and not (erlang and name == "Gain_AHT"):
                shares[name] *= recapture
    if kind == "value_tracking":
        costs = [inputs[f"Total_Costs_{p}"] for p in ("Initial", "Y1", "Y2", "Y3")]
        gains = dict(
            zip([*LEVER_NAMES, "Other"], (fill.gains_by_line[g] for g in GAIN_LABELS), strict=True)
        )
    else:
        case = business_case(
            inputs, fill.cost_lines or (), fill.lever_settings, fill.gain_lines or (), None, False
        )
        costs = [case[f"Total_Costs_{p}"] for p in ("Initial", "Y1", "Y2", "Y3")]
        by_line = yearly_by_line(inputs, fill.lever_settings, fill.gain_lines or (), None, False)
        gains = {name: by_line[name] for name in LEVER_NAMES}
        gains["Other"] = [
            case[f"Total_Gains_Y{y + 1}"] - sum(g[y] for g in gains.values()) for y in range(3)
        ]
    months = {
        row["Month"]: {k: v for k, v in row.items() if k != "Month"} for row in fill.monthly_actuals
    }
    _, outputs = track(inputs["Go_Live_Date"], months, inputs, shares, costs, gains)
    return outputs


def _agrees(got: Any, want: Any, scale: float) -> bool:
    if want is None:  # no cost recorded / not paid back yet: the sheet's error
        return got in ("#DIV/0!", "#N/A")
    if isinstance(want, str):  # a month
        return isinstance(got, datetime) and f"{got.year:04d}-{got.month:02d}" == want
    return got == pytest.approx(want, rel=1e-9, abs=1e-9 * scale)


def _edge_fills() -> list[tuple[str, Fill]]:
    base = {
        "Human_Cost_Per_Contact": 5,
        "Automated_Cost_Per_Contact": 1,
        "Deflection_Rate_Before": 0.2,
        "AHT_Before_Min": 8,
        "Agent_Annual_Cost": 37_440,  # $30 a handle hour: / (2,080 x 0.75 x 0.8)
        "Paid_Hours_Per_Year": 2_080,
        "Shrinkage": 0.25,
        "Occupancy": 0.8,
        "FCR_Before": 0.7,
        "Total_Costs_Initial": 120_000,
        "Total_Costs_Y1": 240_000,
        "Total_Costs_Y2": 240_000,
        "Total_Costs_Y3": 240_000,
    }
    plan = {
        label: [360_000.0, 480_000.0, 480_000.0] if label == GAIN_LABELS[0] else [0.0] * 3
        for label in GAIN_LABELS
    }
    full = {"Contacts": 10_000, "Automated Contacts": 3_000, "AHT (min)": 7, "FCR": 0.75}
    return [
        # a month with every KPI blank between two full months
        (
            "value_tracking",
            Fill(
                inputs={**base, "Go_Live_Date": "2025-01"},
                gains_by_line=plan,
                monthly_actuals=[
                    {"Month": "2025-01", "Actual Costs": 140_000, **full},
                    {"Month": "2025-02", "Actual Costs": 20_000},
                    {"Month": "2025-03", "Actual Costs": 20_000, **full},
                ],
            ),
        ),
        # go-live in mid-year: Year 1 runs July to June, Year 2 starts in July
        (
            "value_tracking",
            Fill(
                inputs={**base, "Go_Live_Date": "2024-07"},
                gains_by_line=plan,
                monthly_actuals=[
                    {"Month": m, "Actual Costs": 20_000, **full}
                    for m in ("2024-07", "2024-12", "2025-01", "2025-06", "2025-07", "2025-08")
                ],
            ),
        ),
        # actual costs without any gains: ROI to date -100%, no payback
        (
            "value_tracking",
            Fill(
                inputs={**base, "Go_Live_Date": "2025-01"},
                gains_by_line=plan,
                monthly_actuals=[
                    {"Month": m, "Actual Costs": 50_000} for m in ("2025-01", "2025-02")
                ],
            ),
        ),
        # nothing tracked: zeros, and errors where a ratio has no denominator
        ("roi_business_case", Fill(inputs={"Go_Live_Date": "2025-01"})),
    ]


def _cases() -> list[tuple[str, Fill]]:
    rng = random.Random(1212)
    cases = [("roi_business_case", _with_tracking(rng, random_fill(rng))) for _ in range(CASES)]
    cases += [("value_tracking", _standalone(rng)) for _ in range(STANDALONE)]
    return cases + _edge_fills()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Every case, recalculated by one LibreOffice start."""
    folder = tmp_path_factory.mktemp("tracking")
    cases = _cases()
    paths = [
        write_template(kind, folder / f"{kind}-{i:03d}.xlsx", fill)
        for i, (kind, fill) in enumerate(cases)
    ]
    return list(zip(cases, recalculate(paths), strict=True))


def test_outputs_to_date_match_the_core(recalculated):
    checked = 0
    for (kind, fill), names in recalculated:
        want = _core(kind, fill)
        scale = max([1.0, *(abs(v) for v in want.values() if isinstance(v, float))])
        for name in OUTPUTS:
            assert _agrees(names[name], want[name], scale), (kind, name, names[name], want, fill)
            checked += 1
    assert checked >= (CASES + STANDALONE) * len(OUTPUTS)


def test_edge_cases_by_hand(recalculated):
    edges = [names for (_, fill), names in recalculated[-4:]]
    blank_month, mid_year, costs_only, nothing = edges
    # 10,000 contacts, 3,000 automated (20% before): (3,000 - 2,000) x ($5 - $1) = 4,000;
    # handled 7,000: AHT 7,000 x 1 min / 60 x $30 = 3,500; FCR 7,000 x (0.75/0.7 - 1) x $5 = 2,500
    full_month = 4_000 + 3_500 + 2_500
    assert blank_month["Months_Tracked"] == 3
    assert blank_month["Realised_Gains_To_Date"] == pytest.approx(2 * full_month)
    # plan: 360,000 / 12 = 30,000 of gains a month in Year 1
    assert blank_month["Planned_Gains_To_Date"] == pytest.approx(3 * 30_000)
    # mid-year: Jul..Jun is Year 1 (30,000 a month), Jul 2025 on is Year 2 (40,000)
    assert mid_year["Planned_Gains_To_Date"] == pytest.approx(4 * 30_000 + 2 * 40_000)
    # six months of 20,000 costs and 10,000 realised: ROI -50%, never paid back
    assert mid_year["Realised_ROI_To_Date"] == pytest.approx((60_000 - 120_000) / 120_000)
    assert mid_year["Payback_Reached_Month"] == "#N/A"
    # blank KPIs month: costs 180,000, realised 20,000 -> still under water
    assert blank_month["Actual_Costs_To_Date"] == pytest.approx(180_000)
    assert costs_only["Realised_Gains_To_Date"] == 0
    assert costs_only["Realised_ROI_To_Date"] == pytest.approx(-1)
    assert costs_only["Payback_Reached_Month"] == "#N/A"
    # issue 20, by hand: the plan of the same months beside the actuals. Three months from
    # go-live: Initial 120,000 + 3 x 240,000 / 12 = 180,000 of costs, 3 x 30,000 of gains;
    # plan ROI (90,000 - 180,000) / 180,000 = -50%
    assert blank_month["Plan_Costs_To_Date"] == pytest.approx(180_000)
    assert blank_month["Plan_Gains_To_Date"] == pytest.approx(90_000)
    assert blank_month["Plan_ROI_To_Date"] == pytest.approx(-0.5)
    # measured levers only: the deflection line's plan of 90,000 against 20,000 realised
    assert blank_month["Variance_To_Date"] == pytest.approx(20_000 - 90_000)
    # no KPI in any month: nothing is measured, so nothing counts as a shortfall (the plan
    # of 60,000 is left out of the variance, not shown as -60,000)
    assert costs_only["Variance_To_Date"] == 0
    assert costs_only["Plan_Gains_To_Date"] == pytest.approx(60_000)
    assert nothing["Plan_ROI_To_Date"] == "#DIV/0!"
    assert nothing["Months_Tracked"] == 0
    assert nothing["Realised_ROI_To_Date"] == "#DIV/0!"
    assert nothing["Payback_Reached_Month"] == "#N/A"


def _serial(month: str) -> int:
    """The Excel date serial of the first day of ``month`` (YYYY-MM)."""
    return (datetime(int(month[:4]), int(month[5:]), 1) - datetime(1899, 12, 30)).days


def test_months_in_rows_inserted_inside_the_table_count_everywhere(tmp_path):
    # TEMPLATES.md Model integrity, as for CostLines: the Tracking sheet is protected but
    # allows inserting rows; the user types a month into an inserted row and nothing else.
    from tests.workbooks.test_model_integrity import _edit

    go_live = "2025-01"
    fill = _edge_fills()[0][1]  # the stand-alone template, plan by hand above
    full = {"Contacts": 10_000, "Automated Contacts": 3_000, "AHT (min)": 7, "FCR": 0.75}
    # 47 months from go-live (month 3 left out) fill 47 of the table's 48 rows
    generated = [
        {"Month": _month(go_live, k), "Actual Costs": 50_000, **full} for k in range(48) if k != 3
    ]
    fill = replace(fill, monthly_actuals=generated)
    blank = write_template("value_tracking", tmp_path / "tracking.xlsx", fill)
    # the table spans rows first..last; insert a row near its top, one in the middle and
    # one before its last row (which has moved down by the first two): the table grows by 3
    first, last = HEADER_ROW + 1, HEADER_ROW + DEFAULT_MONTHS
    top, middle, bottom = first + 4, first + 29, last + 2
    inserted = {
        top: {
            "Month": _month(go_live, 3),
            "Actual Costs": 50_000,
            "Contacts": 200_000,
            "Automated Contacts": 150_000,
            "AHT (min)": 7,
            "FCR": 0.75,
        },
        middle: {"Month": _month(go_live, 48), "Actual Costs": 50_000, **full},
        bottom: {"Month": _month(go_live, -1), "Actual Costs": 99_999, **full},
    }
    plan: list[dict[str, Any]] = [
        {"insert": ["Tracking", top, 1]},
        {"insert": ["Tracking", middle, 1]},
        {"insert": ["Tracking", bottom, 1]},
    ]
    letters = dict(zip(["Month", *ACTUALS_COLUMNS], "ABCDEFGHIJK", strict=True))
    for row, values in inserted.items():
        for name, value in values.items():
            typed = _serial(value) if name == "Month" else value
            plan.append({"set": ["Tracking", f"{letters[name]}{row}", typed]})
    result = _edit(tmp_path, blank, plan, "inserted")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["protected"]["Tracking"]
    names = read_names(tmp_path / "inserted.xlsx")
    every = replace(fill, monthly_actuals=[*generated, *inserted.values()])
    want = _core("value_tracking", every)
    scale = max([1.0, *(abs(v) for v in want.values() if isinstance(v, float))])
    for name in OUTPUTS:
        assert _agrees(names[name], want[name], scale), (name, names[name], want[name])
    # by hand: 47 + 2 months counted (the month before go-live is not);
    assert names["Months_Tracked"] == 49
    # month 3 is the inserted one: 150,000 automated against 20% of 200,000 before, x ($5 - $1)
    # = 440,000, with AHT and FCR on 50,000 handled: 25,000 + 17,857; until then 10,000 a
    # month of gains against 50,000 of costs. Cumulative at month 3: 4 x -50,000 + 3 x
    # 10,000 + 482,857 > 0, at month 2: -120,000: payback in the inserted month, 2025-04.
    assert _agrees(names["Payback_Reached_Month"], "2025-04", 1)
    assert names["Actual_Costs_To_Date"] == pytest.approx(49 * 50_000)


TRACKING_CHECKS = {
    "before": "Tracking: every month a date in the 10 years from the go-live month",
    "twice": "Tracking: no month entered twice",
    "no-month": "Tracking: every row with figures has its month",
    "range": "Tracking: figures of 0 or more",
    # issue 20: its own reconciling check, failing alone when a month has more automated
    # contacts (1,001) than contacts (1,000)
    "automated": "Tracking: automated contacts at most the contacts",
    "below": "Nothing typed beside or below the monthly actuals table",
    "error": "No error value in a tracking figure",
}


def _failing(path) -> list[str]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Checks"]
    return [row[0].value for row in sheet.iter_rows(min_row=8, max_row=107) if row[3].value == 1]


def test_tracking_checks_fail_one_at_a_time(tmp_path):
    # TEMPLATES.md Model integrity, applied to the Tracking sheet: each case breaks one thing
    base = {"Go_Live_Date": "2025-01", "FCR_Before": 0.7}
    good = {"Actual Costs": 1_000, "Contacts": 1_000, "Automated Contacts": 300, "FCR": 0.8}
    months = [{"Month": f"2025-{m:02d}", **good} for m in (1, 2, 3)]
    cases: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {
        "clean": (base, months),
        "before": (base, [*months, {"Month": "2024-12", **good}]),
        "twice": (base, [*months, {"Month": "2025-02", **good}]),
        "no-month": (base, [*months, {"Month": None, **good}]),
        "range FCR": (base, [*months, {"Month": "2025-04", **good, "FCR": 1.5}]),
        "range negative": (base, [*months, {"Month": "2025-04", **good, "Actual Costs": -5}]),
        "automated": (
            base,
            [*months, {"Month": "2025-04", **good, "Automated Contacts": 1_001}],
        ),
        # FCR measured against no FCR before: the realised gains are #DIV/0!
        "error": ({**base, "FCR_Before": None}, months),
        # no go-live month but months typed: none of them counts
        "before no go-live": ({"FCR_Before": 0.7}, months),
    }
    paths = []
    for i, (inputs, rows) in enumerate(cases.values()):
        fill = Fill(inputs=inputs, monthly_actuals=rows)
        paths.append(write_template("roi_business_case", tmp_path / f"case-{i}.xlsx", fill))
    done = dict(zip(cases, convert(paths, tmp_path / "done"), strict=True))
    assert read_names(done["clean"])["Checks_Failed"] == 0
    for case, path in done.items():
        if case == "clean":
            continue
        failing = _failing(path)
        assert len(failing) == 1 and failing[0].startswith(TRACKING_CHECKS[case.split()[0]]), (
            case,
            failing,
        )
        assert read_names(path)["Checks_Failed"] == 1, case
    # a number typed two rows below the table, on the protected sheet
    from tests.workbooks.test_model_integrity import _edit

    below = f"B{HEADER_ROW + DEFAULT_MONTHS + 2}"
    result = _edit(tmp_path, paths[0], [{"set": ["Tracking", below, 5_000]}], "below")
    assert result.returncode == 0, result.stderr
    assert [f[: len(TRACKING_CHECKS["below"])] for f in _failing(tmp_path / "below.xlsx")] == [
        TRACKING_CHECKS["below"]
    ]
    names = read_names(tmp_path / "below.xlsx")
    assert names["Checks_Failed"] == 1
    assert names["Actual_Costs_To_Date"] == pytest.approx(3_000)  # left out of the figures

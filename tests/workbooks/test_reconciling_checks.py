"""Reconciling checks of the business case, in real LibreOffice (issue 20).

Each check recomputes a figure another way; tampering with its twin - a total
overwritten by a typed number, a row left out of a sum - makes that check
fail after recalculation. The tampering is done on the file with openpyxl (as
a user typing over a formula would), then LibreOffice recalculates it.

LibreOffice is a real part of these tests: when missing they fail and say so.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from roi_xl.core import CostLine, GainLine
from roi_xl.office.recalc import convert, read_names
from roi_xl.workbooks.gains import FIRST_LEVER_ROW, OTHER_TOTAL_ROW, TOTAL_ROW, YEAR_COLUMNS
from roi_xl.workbooks.summary import COST_TABLE_ROW
from roi_xl.workbooks.templates import Fill, write_template

#: The first words of each reconciling check on the Checks sheet.
SUMMARY = "Summary: the costs and gains by year are the Costs and Gains sheets' totals"
LINES = "Gains: the gain lines add up to the total gains of each year"
NET = "Net value = gains - costs over the 3 years"
NPV = "NPV = PV of benefits - PV of costs"
EXPECTED = "Scenarios: the expected column is the base case"

#: A small clean case: deflection (capacity) and churn (cash) against two cost lines.
CASE = Fill(
    inputs={
        "Annual_Contacts": 100_000,
        "Deflection_Rate": 0.3,
        "Human_Cost_Per_Contact": 5,
        "Automated_Cost_Per_Contact": 1,
        "Customers": 1_000,
        "Churn_Before": 0.1,
        "Churn_After": 0.05,
        "Revenue_Per_Customer": 100,
        "Capacity_Recapture": 0.5,
    },
    cost_lines=[
        CostLine("Technology", "AI platform licences", initial=20_000, years=(30_000,) * 3),
    ],
    gain_lines=[GainLine("Referrals", "Revenue", 10_000)],
)


def _cell(workbook: openpyxl.Workbook, name: str) -> tuple[str, str]:
    sheet, ref = next(iter(workbook.defined_names[name].destinations))
    return sheet, ref.replace("$", "")


def _tampered(source: Path, folder: Path, key: str, edit) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    path = folder / f"{key}.xlsx"
    workbook.save(path)
    return path


def _set_name(name: str, value):
    def edit(workbook):
        sheet, ref = _cell(workbook, name)
        workbook[sheet][ref] = value

    return edit


def _set(sheet: str, ref: str, value):
    def edit(workbook):
        workbook[sheet][ref] = value

    return edit


def _failing(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Checks"]
    return [row[0].value for row in sheet.iter_rows(min_row=8, max_row=107) if row[3].value == 1]


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tamper")
    clean = write_template("roi_business_case", folder / "clean.xlsx", CASE)
    first = FIRST_LEVER_ROW
    y1 = YEAR_COLUMNS[0]  # the Year 1 column of the Gains sheet
    edits = {
        # Total_Gains_Y1 typed over with a number
        "gains total typed": _set_name("Total_Gains_Y1", 1_000_000),
        # Total_Gains_Y1 leaves the deflection row (the first lever) out of its sum
        "gains row left out": _set(
            "Gains",
            f"{y1}{TOTAL_ROW}",
            f"=SUM({y1}{first + 1}:{y1}{first + 6})+{y1}{OTHER_TOTAL_ROW}",
        ),
        # the Summary's Year 1 costs typed over
        "summary typed": _set("Summary", f"E{COST_TABLE_ROW}", 12_345),
        "net value typed": _set_name("Net_Value_3yr", 999),
        "npv typed": _set_name("NPV_3yr", 999),
        "pv typed": _set_name("PV_Benefits", 999),
        "expected typed": _set_name("ROI_Expected", 9.99),
    }
    paths = [clean] + [_tampered(clean, folder, key, edit) for key, edit in edits.items()]
    blank = write_template("roi_business_case", folder / "blank.xlsx")
    out = convert([*paths, blank], folder / "out")
    return dict(zip(["clean", *edits, "blank"], out, strict=True))


def test_the_clean_case_reconciles(done):
    names = read_names(done["clean"])
    assert _failing(done["clean"]) == []
    assert names["Checks_Failed"] == 0
    # by hand: deflection 100,000 x 30% x ($5 - $1) = 120,000 capacity at 50% recapture
    # = 60,000; churn 1,000 x 5% x $100 = 5,000 cash; referrals 10,000 cash: 75,000 a year
    assert names["Total_Gains_Y1"] == pytest.approx(75_000, rel=1e-12)


@pytest.mark.parametrize(
    ("key", "checks"),
    [
        # the Summary's gains follow the typed total: its table no longer matches the lines,
        # nor does the Scenarios sheet's expected column (summed from the lines) the base case
        ("gains total typed", (LINES, SUMMARY, EXPECTED)),
        ("gains row left out", (LINES, SUMMARY, EXPECTED)),
        ("summary typed", (SUMMARY,)),
        ("net value typed", (NET,)),
        # the Scenarios sheet's expected NPV, from its own flows, no longer matches either
        ("npv typed", (NPV, EXPECTED)),
        ("pv typed", (NPV, EXPECTED)),
        ("expected typed", (EXPECTED,)),
    ],
)
def test_a_tampered_figure_fails_its_check(done, key, checks):
    failing = _failing(done[key])
    assert len(failing) == len(checks), failing
    for prefix in checks:
        assert any(f.startswith(prefix) for f in failing), (prefix, failing)
    assert read_names(done[key])["Checks_Failed"] == len(checks)


def test_a_blank_case_says_the_checks_have_not_run(done):
    shown = openpyxl.load_workbook(done["blank"], data_only=True)
    assert read_names(done["blank"])["Checks_Failed"] == 0
    for sheet in ("Summary", "Start Here"):
        assert shown[sheet]["A3"].value == "Checks not run: enter the case"
    assert shown["Checks"]["A5"].value == "Checks not run: enter the case"

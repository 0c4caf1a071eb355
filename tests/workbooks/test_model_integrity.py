"""Model integrity of the business case in real LibreOffice (issue 10).

* Rows inserted inside ``CostLines`` and ``GainLines`` on the *protected* sheets
  (headless LibreOffice driven through UNO by ``lo_insert_rows.py``, no macro)
  count in the totals; a protected sheet that does not allow it refuses.
* The ``Checks`` sheet: a deflection rate of 40 pasted past the validation, a
  number typed below a table and an *after* worse than its *before* raise
  ``Checks_Failed``; a clean case gives 0, and the Summary and Start Here say so.
* An exact break-even in cents pays back in the native payback formula.

LibreOffice and its Python bridge (Debian ``python3-uno``; ``make test`` installs
both) are real parts of these tests: when missing they fail and say so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from roi_xl.core import CostLine, GainLine
from roi_xl.office.recalc import convert, read_names, recalculate
from roi_xl.workbooks.gains import GAIN_LINES_HEADER_ROW
from roi_xl.workbooks.levers import RISK_REASON_COLUMN
from roi_xl.workbooks.templates import Fill, write_template

SCRIPT = Path(__file__).with_name("lo_insert_rows.py")
UNO_PYTHON = "/usr/bin/python3"


def _uno_python() -> str:
    found = shutil.which("soffice")
    probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    if not found or probe.returncode != 0:
        pytest.fail(
            "LibreOffice with its Python bridge is needed: "
            "apt-get install libreoffice-calc-nogui python3-uno (make test installs them)"
        )
    return UNO_PYTHON


def _edit(tmp_path: Path, source: Path, plan: list, name: str) -> subprocess.CompletedProcess:
    plan_file = tmp_path / f"{name}.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    copy = tmp_path / f"{name}-source.xlsx"  # each run opens a file of its own
    shutil.copyfile(source, copy)
    return subprocess.run(
        [_uno_python(), str(SCRIPT), str(copy), str(tmp_path / f"{name}.xlsx"), str(plan_file)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def _cell(path: Path, name: str) -> tuple[str, str]:
    """(sheet, cell) of a defined name."""
    workbook = openpyxl.load_workbook(path)
    sheet, ref = next(iter(workbook.defined_names[name].destinations))
    return sheet, ref.replace("$", "")


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    return write_template("roi_business_case", tmp_path_factory.mktemp("blank") / "case.xlsx")


def test_rows_inserted_inside_the_tables_of_protected_sheets_count(tmp_path, blank):
    margin = _cell(blank, "Gross_Margin")
    # The CostLines table spans rows 6..65 and GainLines its 20 rows below its header in the
    # blank template; rows 10 and the third row of GainLines are inside them. Amounts go into
    # the new rows only.
    gain = GAIN_LINES_HEADER_ROW + 3
    plan = [
        {"insert": ["Costs", 10, 2]},
        {"set": ["Costs", "D10", 1000]},  # Initial
        {"set": ["Costs", "E10", 2000]},  # Year 1
        {"set": ["Costs", "H10", 0.5]},  # Risk 50%
        {"set": ["Costs", "G11", 300]},  # Year 3 of the second new row, risk blank
        {"insert": ["Gains", gain, 1]},
        {"set": ["Gains", f"A{gain}", "Inserted revenue line"]},
        {"set": ["Gains", f"B{gain}", "Revenue"]},
        {"set": ["Gains", f"C{gain}", 10_000]},  # share, risk and realisation left blank
        {"set": [*margin, 0.75]},
    ]
    result = _edit(tmp_path, blank, plan, "inserted")
    assert result.returncode == 0, result.stderr
    assert all(json.loads(result.stdout.splitlines()[-1])["protected"].values())
    names = read_names(tmp_path / "inserted.xlsx")
    # by hand: Initial 1,000 x (1 + 50%) = 1,500; Year 1 2,000 x 1.5 = 3,000; Year 3 300 x 1
    assert names["Total_Costs_Initial"] == pytest.approx(1_500, rel=1e-12)
    assert names["Total_Costs_Y1"] == pytest.approx(3_000, rel=1e-12)
    assert names["Total_Costs_Y2"] == 0
    assert names["Total_Costs_Y3"] == pytest.approx(300, rel=1e-12)
    # a Revenue line at the 75% margin, blank share and realisation neutral: 7,500 a year
    for year in (1, 2, 3):
        assert names[f"Total_Gains_Y{year}"] == pytest.approx(7_500, rel=1e-12)
    assert names["Checks_Failed"] == 0
    workbook = openpyxl.load_workbook(tmp_path / "inserted.xlsx")
    assert workbook["Costs"].tables["CostLines"].ref == "A5:I67"  # the table grew by 2
    # and GainLines by 1 (20 rows and its header, to its last column, Risk reason)
    grown = f"A{GAIN_LINES_HEADER_ROW}:{RISK_REASON_COLUMN}{GAIN_LINES_HEADER_ROW + 21}"
    assert workbook["Gains"].tables["GainLines"].ref == grown


def test_a_protected_sheet_without_the_permission_refuses_to_insert(tmp_path, blank):
    # the permission is what lets the tables grow: the Scenarios sheet does not have it
    result = _edit(tmp_path, blank, [{"insert": ["Scenarios", 10, 1]}], "refused")
    assert result.returncode != 0
    assert not (tmp_path / "refused.xlsx").exists()


def test_checks_catch_a_pasted_rate_a_number_below_a_table_and_a_worse_after(tmp_path, blank):
    deflection = _cell(blank, "Deflection_Rate")
    aht_before, aht_after = _cell(blank, "AHT_Before_Min"), _cell(blank, "AHT_After_Min")
    plans = {
        # issue 10: a deflection rate of 40 (4,000%) pasted past the validation
        "pasted": [{"set": [*deflection, 40]}],
        # 5,000 typed two rows below CostLines (rows 6..65): the totals leave it out
        "below": [{"set": ["Costs", "E67", 5000]}],
        # handle time after longer than before: a warning
        "worse": [{"set": [*aht_before, 6]}, {"set": [*aht_after, 8]}],
    }
    values = {}
    for key, plan in plans.items():
        result = _edit(tmp_path, blank, plan, key)
        assert result.returncode == 0, result.stderr
        values[key] = read_names(tmp_path / f"{key}.xlsx")
    # each case breaks exactly one check of the list, by construction
    assert values["pasted"]["Checks_Failed"] == 1
    assert values["below"]["Checks_Failed"] == 1
    assert values["below"]["Total_Costs_Y1"] == 0  # the number below the table is not counted
    assert values["worse"]["Checks_Failed"] == 1
    shown = openpyxl.load_workbook(tmp_path / "pasted.xlsx", data_only=True)
    assert shown["Summary"]["A3"].value == "1 model check fails - see Checks"
    assert shown["Start Here"]["A3"].value == "1 model check fails - see Checks"
    checks = shown["Checks"]
    failing = [
        (row[0].value, row[1].value, row[4].value)
        for row in checks.iter_rows(min_row=8, max_row=60)
        if row[3].value == 1
    ]
    assert failing == [
        (
            "Deflection rate: within its allowed range",
            "Assumptions",
            "enter a fraction between 0 and 1 (40% is 0.4; 40 is 4,000%)",
        )
    ]


def test_a_clean_case_passes_every_check_and_says_so(tmp_path):
    fill = Fill(
        inputs={"Annual_Contacts": 100_000, "Deflection_Rate": 0.3, "FCR_Before": 0.7},
        cost_lines=[CostLine("Technology", "AI", initial=50_000, risk=0.1)],
    )
    path = write_template("roi_business_case", tmp_path / "clean.xlsx", fill)
    done = convert([path], tmp_path / "out")[0]
    assert read_names(done)["Checks_Failed"] == 0
    shown = openpyxl.load_workbook(done, data_only=True)
    assert shown["Summary"]["A3"].value == "All model checks pass"
    assert shown["Start Here"]["A3"].value == "All model checks pass"


def test_exact_break_even_pays_back_in_the_native_payback(tmp_path):
    # FORMULAS.md E (exact break-even): 3 x 23,542.57 = 70,627.71 exactly in cents, so an
    # investment of 70,627.71 is paid back at the end of Year 3 (36 months); summed in binary
    # floating point the cumulative flow ends at -7.3e-12.
    assert -70_627.71 + 23_542.57 + 23_542.57 + 23_542.57 < 0
    fill = Fill(
        inputs={"Discount_Rate": 0.0},
        cost_lines=[CostLine("Technology", "Platform", initial=70_627.71)],
        gain_lines=[GainLine("Savings", "Cost savings", 23_542.57)],
    )
    path = write_template("roi_business_case", tmp_path / "exact.xlsx", fill)
    names = recalculate([path])[0]
    assert names["Payback_Months"] == pytest.approx(36.0, abs=1e-9)
    assert names["Discounted_Payback_Months"] == pytest.approx(36.0, abs=1e-9)  # at 0%
    assert names["Payback_Expected"] == pytest.approx(36.0, abs=1e-9)  # Scenarios sheet

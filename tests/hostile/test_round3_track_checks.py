"""``roi-xl track`` runs the model checks on the copy it writes (issue 23, item 3).

Before, ``track`` printed the figures to date and exited 0 while ``recalc`` of
the same copy said a model check failed. The copy is recalculated by
LibreOffice here (a real part of the test: it fails when LibreOffice is
missing), so the case is built once for the module.
"""

from __future__ import annotations

import pytest

from roi_xl.cli import main
from roi_xl.workbooks.templates import Fill, write_template

INPUTS = {"Human_Cost_Per_Contact": 5, "Automated_Cost_Per_Contact": 1, "FCR_Before": 0.7}
#: The check the Checks sheet runs on a month before the go-live month (roi_xl/workbooks/checks.py).
BEFORE_GO_LIVE = "Tracking: every month a date in the 10 years from the go-live month"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checks")
    # December 2023 is before the go-live month: counted nowhere, and the check says so
    existing = [{"Month": "2023-12", "Actual Costs": 5_000}]
    fill = Fill(inputs={**INPUTS, "Go_Live_Date": "2024-01"}, monthly_actuals=existing)
    case = write_template("roi_business_case", folder / "case.xlsx", fill)
    kpis = folder / "kpis.csv"
    kpis.write_text("Month,Actual Costs,Contacts,Automated Contacts\n2024-01,20000,10000,3000\n")
    return case, kpis


def test_a_failing_model_check_exits_1_and_is_listed(inputs, tmp_path, capsys):
    case, kpis = inputs
    out = tmp_path / "tracked.xlsx"
    assert main(["track", str(case), str(kpis), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "1 model check fails" in captured.out
    listed = [line for line in captured.out.splitlines() if line.startswith("  - ")]
    assert len(listed) == 1 and BEFORE_GO_LIVE in listed[0] and "(FAIL)" in listed[0], listed
    assert captured.err.count("\n") == 1 and "--allow-failed-checks" in captured.err
    assert out.exists()  # written, to be opened at its Checks sheet


def test_allow_failed_checks_exits_0_and_still_lists_them(inputs, tmp_path, capsys):
    case, kpis = inputs
    out = tmp_path / "tracked.xlsx"
    arguments = ["track", str(case), str(kpis), "-o", str(out), "--allow-failed-checks"]
    assert main(arguments) == 0
    captured = capsys.readouterr()
    assert BEFORE_GO_LIVE in captured.out and captured.err == ""

"""``roi-xl track`` end to end: KPIs merged by month into a copy of a business case.

The figures to date are recalculated by LibreOffice (a real part of the test:
it fails when LibreOffice is missing) and checked against a hand calculation.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.workbooks.templates import Fill, write_template

# $5 a contact by a person, $1 by AI, no automation before, FCR 70% before
INPUTS = {"Human_Cost_Per_Contact": 5, "Automated_Cost_Per_Contact": 1, "FCR_Before": 0.7}


@pytest.fixture()
def case(tmp_path):
    existing = [
        {"Month": "2025-01", "Actual Costs": 999, "Contacts": 1},  # replaced by the CSV
        {"Month": "2024-12", "Actual Costs": 5_000},  # before go-live: kept, not counted
    ]
    fill = Fill(inputs=INPUTS, monthly_actuals=existing)
    return write_template("roi_business_case", tmp_path / "case.xlsx", fill)


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _charts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))


def _actuals(path: Path) -> dict[str, dict]:
    sheet = openpyxl.load_workbook(path)["Tracking"]
    rows = list(sheet[sheet.tables["MonthlyActuals"].ref])
    header = [c.value for c in rows[0]]
    out = {}
    for row in rows[1:]:
        values = dict(zip(header, (c.value for c in row), strict=True))
        if values["Month"] is not None:
            out[values["Month"].strftime("%Y-%m")] = values
    return out


def test_merges_by_month_keeps_charts_and_prints_figures_to_date(case, tmp_path, capsys):
    kpis = _csv(
        tmp_path / "kpis.csv",
        "Month,Actual Costs,Contacts,Automated Contacts,FCR\n"
        "2025-02,20000,10000,3000,0.75\n"
        "2025-01,140000,10000,3000,0.75\n",
    )
    before = case.read_bytes()
    out = tmp_path / "tracked.xlsx"
    arguments = ["track", str(case), str(kpis), "--go-live", "2025-01", "-o", str(out)]
    # December is before go-live: the Checks sheet flags it, so track would exit 1
    assert main([*arguments, "--allow-failed-checks"]) == 0
    assert case.read_bytes() == before  # the original is never touched
    assert _charts(out) == _charts(case) and _charts(out)  # the charts are kept
    actuals = _actuals(out)
    assert sorted(actuals) == ["2024-12", "2025-01", "2025-02"]
    assert actuals["2025-01"]["Actual Costs"] == 140_000  # replaced
    assert actuals["2024-12"]["Actual Costs"] == 5_000  # kept
    printed = capsys.readouterr().out
    # by hand, each month: deflection (3,000 - 0) x ($5 - $1) = 12,000;
    # FCR 7,000 handled x (0.75 / 0.7 - 1) x $5 = 2,500 -> 29,000 in two months;
    # costs 160,000 (December is before go-live): ROI (29,000 - 160,000) / 160,000 = -81.9%
    assert "1 added, 1 replaced" in printed
    assert "$160,000" in printed and "$29,000" in printed and "-81.9%" in printed
    go_live = openpyxl.load_workbook(out)["Tracking"]["B4"].value
    assert go_live == datetime(2025, 1, 1)


def test_go_live_defaults_to_the_first_month_of_the_file(tmp_path):
    case = write_template("roi_business_case", tmp_path / "blank.xlsx", Fill(inputs=INPUTS))
    kpis = _csv(
        tmp_path / "k.csv", "Month,Contacts,CSAT\n2025-05,10,4.2\n2025-04,10,\n"
    )  # CSAT: ignored
    out = tmp_path / "out.xlsx"
    assert main(["track", str(case), str(kpis), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out)["Tracking"]["B4"].value == datetime(2025, 4, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Month,FCR\n2025-03,abc\n", "month 2025-03, column FCR: 'abc' is not a number"),
        ("Month,FCR\n2025-03,1.5\n", "month 2025-03, column FCR: '1.5' must be a fraction"),
        ('Month,Contacts\n2025-03,"1,000"\n', "month 2025-03, column Contacts: '1,000'"),
        ("Month,Contacts\n2025-03,-4\n", "column Contacts: '-4' must be a number of 0 or more"),
        ("Month,Contacts\n2025-3,4\n", "row 2, column Month: '2025-3' is not YYYY-MM"),
        ("Month,Contacts\n2025-03,4\n2025-03,5\n", "month 2025-03: appears twice"),
        ("Month,Tickets\n2025-03,4\n", "unknown column 'Tickets'"),
        ("Contacts\n4\n", "no Month column"),
    ],
)
def test_bad_kpis_name_the_month_and_column(case, tmp_path, capsys, text, message):
    kpis = _csv(tmp_path / "bad.csv", text)
    out = tmp_path / "out.xlsx"
    assert main(["track", str(case), str(kpis), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
    assert not out.exists()


def test_never_overwrites_the_case_nor_an_output_without_force(case, tmp_path, capsys):
    kpis = _csv(tmp_path / "k.csv", "Month,Contacts\n2025-03,4\n")
    before = case.read_bytes()
    assert main(["track", str(case), str(kpis), "-o", str(case), "--force"]) == 2
    assert "never overwrites the case" in capsys.readouterr().err
    assert case.read_bytes() == before
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"mine")
    assert main(["track", str(case), str(kpis), "-o", str(taken)]) == 2
    assert taken.read_bytes() == b"mine"


def test_takes_the_kpis_csv_that_baseline_writes(case, tmp_path):
    """A Zendesk web export (labels, follow-ups among the rows) -> kpis.csv -> track."""
    export = _csv(
        tmp_path / "export.csv",
        "Id,Status,Via,Created at,Satisfaction Score,Reopens,Replies\n"
        "1,Solved,Mail,2025-01-01 09:00:00,Good,0,1\n"
        "2,Solved,Web form,2025-01-15 10:00:00,Bad,1,2\n"
        "3,Closed,Closed Ticket,2025-01-20 10:00:00,Unoffered,0,1\n"
        "4,Solved,Chat,2025-01-31 18:00:00,Unoffered,0,0\n"
        "5,Solved,Mail,2025-02-01 09:00:00,Unoffered,0,1\n"
        "6,Open,Mail,2025-02-28 09:00:00,Unoffered,0,1\n",
    )
    kpis = tmp_path / "kpis.csv"
    assert main(["baseline", str(export), "--source", "zendesk", "-o", str(kpis)]) == 0
    assert "Channel: Mail" in kpis.read_text().splitlines()[0]  # the mix rides along
    out = tmp_path / "tracked.xlsx"
    arguments = ["track", str(case), str(kpis), "--go-live", "2025-01", "-o", str(out)]
    # the case's December is before go-live: the Checks sheet flags it, track would exit 1
    assert main([*arguments, "--allow-failed-checks"]) == 0
    actuals = _actuals(out)
    # by hand: January 3 contacts (ticket 3 is a follow-up, left out), FCR over the solved
    # 1, 2, 4: tickets 1 and 4 -> 2/3; February 2 contacts, FCR over the solved 5 -> 1
    assert actuals["2025-01"]["Contacts"] == 3
    assert actuals["2025-01"]["FCR"] == pytest.approx(2 / 3)
    assert actuals["2025-02"]["Contacts"] == 2
    assert actuals["2025-02"]["FCR"] == 1

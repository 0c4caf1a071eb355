"""``roi-xl track`` on hostile KPI files and cases: refused in one line, before LibreOffice.

Repros of issue 23: item 3 (an actuals row typed ``2042-09`` and automated
contacts above contacts gave a realised ROI of +29.5% and +108.4%, exit 0),
item 4 (two rows of one month in a tracked case: one dropped silently), item 9
(the whole KPI file read before its header was checked), item 12 (a broken
``Go_Live_Date`` name: tracebacks) and the 309-digit amount of ``1e308``
actual costs. Every refusal here happens before any recalculation, so nothing
in this module needs LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import tracemalloc

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from roi_xl.cli import main
from roi_xl.data.track import MAX_LINE, TrackError, read_kpis, summary_lines, track_file
from roi_xl.workbooks.templates import Fill, write_template

INPUTS = {"Human_Cost_Per_Contact": 5, "Automated_Cost_Per_Contact": 1, "FCR_Before": 0.7}
HEADER = "Month,Actual Costs,Contacts,Automated Contacts,FCR\n"
#: Six ordinary months after a go-live in January 2024.
MONTHS = "".join(f"2024-{m:02d},20000,10000,3000,0.75\n" for m in range(1, 7))


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("case")
    fill = Fill(inputs={**INPUTS, "Go_Live_Date": "2024-01"})
    return write_template("roi_business_case", folder / "case.xlsx", fill)


def _run(capsys, *arguments):
    code = main(["track", *map(str, arguments)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _refused(capsys, out, *arguments) -> str:
    code, printed, err = _run(capsys, *arguments, "-o", out)
    assert code == 2, (printed, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert not out.exists()
    return err


def test_a_month_typed_2042_is_refused_naming_its_row(case, tmp_path, capsys):
    # the recipe: six months, then one row whose year is mistyped
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + MONTHS + "2042-09,0,10000,9000,0.9\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis)
    assert "kpis.csv, row 8 (month 2042-09)" in err  # header row 1, six months, then row 8
    assert "after the current month" in err


def test_a_month_after_today_is_refused_even_next_month(case, tmp_path):
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-01,1,1,0,0.7\n2024-03,1,1,0,0.7\n")
    # as if run in February 2024: March has not happened yet
    with pytest.raises(TrackError, match=r"row 3 \(month 2024-03\).*after the current month"):
        track_file(case, kpis, tmp_path / "out.xlsx", today=dt.date(2024, 2, 29))
    assert not (tmp_path / "out.xlsx").exists()
    # the current month itself is accepted (a month in progress)
    track_file(case, kpis, tmp_path / "ok.xlsx", today=dt.date(2024, 3, 1))


def test_a_month_beyond_the_tracked_horizon_is_refused(case, tmp_path, capsys):
    kpis = tmp_path / "kpis.csv"
    # by hand: 2010-01 + 120 months = 2020-01, the first month the sheet does not count
    kpis.write_text(HEADER + "2010-01,1,1,0,0.7\n2020-01,1,1,0,0.7\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis, "--go-live", "2010-01")
    assert "row 3 (month 2020-01): 120 months after the go-live month 2010-01" in err


def test_automated_contacts_above_contacts_are_refused_naming_the_row(case, tmp_path, capsys):
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-01,20000,10000,3000,0.75\n2024-02,20000,10000,12000,0.75\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis)
    assert "kpis.csv, row 3 (month 2024-02): Automated Contacts 12,000 is more than Contacts" in err


def test_two_rows_of_one_month_in_the_case_are_an_error_naming_both(tmp_path, capsys):
    existing = [
        {"Month": "2024-01", "Actual Costs": 20000, "Contacts": 10000},
        {"Month": "2024-02", "Actual Costs": 20000, "Contacts": 10000},
        {"Month": "2024-02", "Actual Costs": 90000, "Contacts": 10000},
    ]
    fill = Fill(inputs={**INPUTS, "Go_Live_Date": "2024-01"}, monthly_actuals=existing)
    case = write_template("roi_business_case", tmp_path / "twice.xlsx", fill)
    sheet = openpyxl.load_workbook(case)["Tracking"]
    first = openpyxl.utils.range_boundaries(sheet.tables["MonthlyActuals"].ref)[1] + 1
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-03,20000,10000,3000,0.75\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis)
    # the second and third rows of the table
    assert f"Tracking rows {first + 1} and {first + 2}: both are month 2024-02" in err


def test_automated_above_contacts_already_in_the_case_is_refused(tmp_path, capsys):
    existing = [{"Month": "2024-01", "Contacts": 100, "Automated Contacts": 150}]
    fill = Fill(inputs={**INPUTS, "Go_Live_Date": "2024-01"}, monthly_actuals=existing)
    case = write_template("roi_business_case", tmp_path / "auto.xlsx", fill)
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-02,20000,10000,3000,0.75\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis)
    assert "auto.xlsx, Tracking row" in err and "(month 2024-01): Automated Contacts 150" in err


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("#REF!", "is an error value, not a cell"),
        ("45292", "is a number, not a cell"),
        ("Tracking!$B$4:$C$5", "is a range of cells, not one cell"),
        ("Tracking!$B$4,Tracking!$C$4", "names 2 areas, not one cell"),
        ("Nowhere!$B$4", "points at a sheet the workbook does not have"),
        ("Tracking!#REF!", "is not a cell reference"),
    ],
)
def test_a_broken_go_live_name_is_one_line(case, tmp_path, capsys, reference, message):
    book = openpyxl.load_workbook(case)
    book.defined_names["Go_Live_Date"] = DefinedName("Go_Live_Date", attr_text=reference)
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-01,20000,10000,3000,0.75\n")
    err = _refused(capsys, tmp_path / "out.xlsx", broken, kpis)
    assert "broken.xlsx: the name Go_Live_Date" in err and message in err


def test_1e308_actual_costs_are_refused(case, tmp_path, capsys):
    kpis = tmp_path / "kpis.csv"
    kpis.write_text(HEADER + "2024-01,1e308,10000,3000,0.75\n")
    err = _refused(capsys, tmp_path / "out.xlsx", case, kpis)
    assert "row 2 (month 2024-01), column Actual Costs: 1e+308 is more than 1e+15" in err


def test_figures_to_date_never_print_hundreds_of_digits():
    # a case typed by hand in Excel can still hold 1e308: printed short, not as 309 digits
    lines = summary_lines(
        {"Actual_Costs_To_Date": 1e308, "Realised_ROI_To_Date": 1e300, "Months_Tracked": "#VALUE!"}
    )
    assert max(len(line) for line in lines) < 60, lines
    assert "$1.000e+308" in "\n".join(lines)


def _peak_of(function, *args):
    tracemalloc.start()
    try:
        with pytest.raises(TrackError) as caught:
            function(*args)
        return tracemalloc.get_traced_memory()[1], str(caught.value)
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("head", "body", "message"),
    [
        # the recipe, scaled to 8 MiB: an unknown column, then the rest of the file
        ("Month,Tickets\n", "2024-01,1\n", "unknown column 'Tickets'"),
        # a header that is right and rows far beyond the months a KPI file holds
        ("Month,Contacts\n", " " * 30 + ",\n", "more than 1200 months"),
        # a first line without end
        ("Month,Contacts", ",Contacts", f"line 1: longer than {MAX_LINE:,} characters"),
    ],
)
def test_the_kpi_file_is_streamed_header_first(tmp_path, head, body, message):
    kpis = tmp_path / "big.csv"
    with kpis.open("w") as out:
        out.write(head)
        chunk = body * ((1 << 20) // len(body))
        for _ in range(8):  # 8 MiB
            out.write(chunk)
    peak, error = _peak_of(read_kpis, kpis)
    assert message in error
    # read whole, 8 MiB of text takes at least 8 MiB; a stream takes a few lines
    assert peak < 4 * 1024**2, f"{peak / 1024**2:.1f} MiB"


def test_a_fifo_as_kpi_file_is_refused(case, tmp_path, capsys):
    fifo = tmp_path / "kpis.csv"
    os.mkfifo(fifo)
    # a writer, so that a reader that opens the FIFO reads KPIs and ends instead of hanging
    writer = threading.Thread(target=fifo.write_text, args=(HEADER + MONTHS,), daemon=True)
    writer.start()
    try:
        err = _refused(capsys, tmp_path / "out.xlsx", case, fifo)
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets a waiting writer finish
        writer.join(timeout=10)
        os.close(reader)
    assert "is not a regular file" in err


def test_reading_the_names_of_a_workbook_survives_broken_names(tmp_path):
    # recalc reads every defined name back: one that points nowhere is left out, no traceback
    from roi_xl.office.recalc import read_names

    book = openpyxl.Workbook()
    book.active.title = "S"
    book.active["A1"] = 7
    for name, reference in (("Good", "S!$A$1"), ("Gone", "Nowhere!$A$1"), ("Cut", "S!#REF!")):
        book.defined_names[name] = DefinedName(name, attr_text=reference)
    path = tmp_path / "names.xlsx"
    book.save(path)
    assert read_names(path) == {"Good": 7}

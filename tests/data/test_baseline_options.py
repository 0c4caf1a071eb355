"""roi-xl baseline's options (TRACKING.md §1b): what each does, and one helpful line for
each bad value. Files are generated here."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.data.baseline import Options, compute_baseline
from tests.data.files import write_csv


def _january(path: Path, header: list[str], row) -> Path:
    """Tickets on 1, 15 and 31 January: a complete month."""
    return write_csv(path, header, [row(i, day) for i, day in enumerate((1, 15, 31), start=1)])


def _error(capsys, *argv: str) -> str:
    assert main(["baseline", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("roi-xl: error: ") and captured.err.count("\n") == 1, (
        captured.err
    )
    assert "Traceback" not in captured.err
    return captured.err


# -- --column -------------------------------------------------------------------------------


def test_column_maps_a_header(tmp_path):
    path = _january(tmp_path / "t.csv", ["Ref", "Opened on", "Work (min)"],
                    lambda i, d: [i, f"2024-01-{d:02d} 10:00", 10 * i])  # fmt: skip
    options = Options(columns={"id": "Ref", "created_at": "Opened on",
                               "handle_seconds": "Work (min)"})  # fmt: skip
    result = compute_baseline(path, options)
    # by hand: (10 + 20 + 30) / 3 = 20 minutes (the header says minutes)
    assert result.monthly["2024-01"]["AHT_Min"] == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("created_at", "expected NAME=HEADER"),
        ("when=Opened on", "unknown column 'when'"),
        ("created_at=Opened", "--column created_at='Opened': no such header; 'Opened on' looks"),
    ],
)
def test_column_bad_values(tmp_path, capsys, value, says):
    path = _january(tmp_path / "t.csv", ["id", "Opened on"], lambda i, d: [i, f"2024-01-{d:02d}"])
    assert says in _error(capsys, str(path), "--column", value)


def test_a_header_that_matches_nothing_names_the_closest(tmp_path, capsys):
    path = _january(tmp_path / "t.csv", ["Id", "Created at (local)"],
                    lambda i, d: [i, f"2024-01-{d:02d}"])  # fmt: skip
    err = _error(capsys, str(path))
    assert "'Created at (local)' looks like created_at" in err
    assert "--column created_at='Created at (local)'" in err


# -- --mapping and --print-mapping ---------------------------------------------------------


def test_print_mapping_is_a_mapping_file_that_reads_the_export(tmp_path, capsys):
    assert main(["baseline", "--source", "zendesk", "--print-mapping"]) == 0
    text = capsys.readouterr().out
    assert 'created_at = ["Created at"' in text
    # the user edits a header to their export's and runs it
    edited = text.replace('created_at = ["Created at"', 'created_at = ["Opened"')
    (tmp_path / "zendesk.toml").write_text(edited)
    path = _january(tmp_path / "t.csv", ["Id", "Opened", "Via"],
                    lambda i, d: [i, f"2024-01-{d:02d} 09:00:00", "Mail"])  # fmt: skip
    assert main(["baseline", str(path), "--mapping", str(tmp_path / "zendesk.toml")]) == 0
    out = capsys.readouterr().out
    assert "(zendesk)" in out and "2024-01*" in out


def test_shipped_mapping_files_are_the_presets():
    from roi_xl.data.presets import MAPPINGS, PRESETS, mapping_text

    for preset in PRESETS:
        assert (MAPPINGS / f"{preset}.toml").read_text() == mapping_text(preset), preset


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[columns\n", "not a TOML file"),
        ('[columns]\nwhen = "x"\n', "unknown column 'when'"),
        ("[columns]\nid = 3\n", "must be a header or a list of headers"),
        ('[options]\nzone = "UTC"\n', "unknown option 'zone'"),
        ("[extra]\nx = 1\n", "unknown table 'extra'"),
    ],
)
def test_mapping_bad_files(tmp_path, capsys, text, says):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    (tmp_path / "m.toml").write_text(text)
    assert says in _error(capsys, str(path), "--mapping", str(tmp_path / "m.toml"))


def test_mapping_missing_file(tmp_path, capsys):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    assert "no such file" in _error(capsys, str(path), "--mapping", str(tmp_path / "none.toml"))


# -- --date-format ---------------------------------------------------------------------------


def test_ambiguous_day_month_file_is_refused_naming_a_row(tmp_path, capsys):
    # 08/01/2025 is 8 January or 1 August; every date here reads both ways
    rows = [[1, "01/01/2025 09:00"], [2, "08/01/2025 15:00"], [3, "12/01/2025 10:00"]]
    path = write_csv(tmp_path / "re-saved.csv", ["Ticket ID", "Created time"], rows)
    err = _error(capsys, str(path), "--source", "freshdesk")
    assert "re-saved.csv, row 3, column 'Created time': '08/01/2025 15:00'" in err
    assert "--date-format dmy" in err
    result = compute_baseline(path, Options(source="freshdesk", date_format="dmy",
                                            months="2025-01"))  # fmt: skip
    assert result.monthly["2025-01"]["Contacts"] == 3  # by hand: 1, 8 and 12 January
    result = compute_baseline(path, Options(source="freshdesk", date_format="mdy",
                                            months="2025-01"))  # fmt: skip
    assert sorted(result.monthly) == ["2025-01", "2025-08", "2025-12"]


def test_a_date_that_reads_one_way_settles_the_order(tmp_path):
    rows = [[1, "01/01/2025"], [2, "08/01/2025"], [3, "31/01/2025"]]
    path = write_csv(tmp_path / "t.csv", ["id", "created_at"], rows)
    result = compute_baseline(path)
    assert result.monthly == {"2025-01": result.monthly["2025-01"]}  # all January: day first
    assert any("read day first ('31/01/2025', row 4" in note for note in result.notes)


def test_a_file_with_both_orders_is_refused(tmp_path, capsys):
    rows = [[1, "31/01/2025"], [2, "01/31/2025"]]
    path = write_csv(tmp_path / "t.csv", ["id", "created_at"], rows)
    err = _error(capsys, str(path))
    assert "'31/01/2025' (row 2) is day first but '01/31/2025' (row 3) is month first" in err


def test_date_format_pattern(tmp_path):
    path = _january(tmp_path / "t.csv", ["id", "created_at"],
                    lambda i, d: [i, f"{d:02d}.01.2024 kl. 10.30"])  # fmt: skip
    result = compute_baseline(path, Options(date_format="%d.%m.%Y kl. %H.%M"))
    assert result.monthly["2024-01"]["Contacts"] == 3


@pytest.mark.parametrize(
    ("value", "says"),
    [("ymd", "expected iso, dmy, mdy or a strftime pattern"), ("%H:%M", "has no day")],
)
def test_date_format_bad_values(tmp_path, capsys, value, says):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    assert says in _error(capsys, str(path), "--date-format", value)


# -- --timezone ------------------------------------------------------------------------------


def test_timezone_bad_value(tmp_path, capsys):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    err = _error(capsys, str(path), "--timezone", "Mars/Olympus")
    assert "--timezone 'Mars/Olympus' is not a time zone name" in err


# -- --unit and --blank-zero -----------------------------------------------------------------


def test_unit_and_blank_zero(tmp_path):
    path = _january(tmp_path / "t.csv", ["id", "created_at", "handle_seconds"],
                    lambda i, d: [i, f"2024-01-{d:02d}", [0, 6, 12][i - 1]])  # fmt: skip
    # seconds by default: (0 + 6 + 12) / 3 = 6 s = 0.1 min
    assert compute_baseline(path).monthly["2024-01"]["AHT_Min"] == pytest.approx(0.1)
    # minutes: 6 min
    minutes = Options(units={"handle_seconds": "minutes"})
    assert compute_baseline(path, minutes).monthly["2024-01"]["AHT_Min"] == pytest.approx(6.0)
    # the 0 is "not tracked": (6 + 12) / 2 = 9 min
    blank = Options(units={"handle_seconds": "minutes"}, blank_zero=["handle_seconds"])
    assert compute_baseline(path, blank).monthly["2024-01"]["AHT_Min"] == pytest.approx(9.0)


def test_clock_durations_hours_above_24(tmp_path):
    clocks = ["27:31:07", "00:30", "1:00:00"]
    path = _january(tmp_path / "t.csv", ["id", "created_at", "handle_seconds"],
                    lambda i, d: [i, f"2024-01-{d:02d}", clocks[i - 1]])  # fmt: skip
    # by hand: 27 h 31 min 7 s = 99,067 s; 30 min = 1,800 s; 1 h = 3,600 s -> 104,467 s / 3 / 60
    assert compute_baseline(path).monthly["2024-01"]["AHT_Min"] == pytest.approx(104_467 / 180)


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--unit", "handle_seconds", "expected COLUMN=UNIT"),
        ("--unit", "handle_seconds=fortnights", "unknown unit; expected one of seconds"),
        ("--unit", "nothing=minutes", "--unit 'nothing': no such column read"),
        ("--unit", "created_at=minutes", "created_at is not a duration"),
        ("--blank-zero", "nothing", "--blank-zero 'nothing': no such column read"),
        ("--blank-zero", "created_at", "created_at is not a number"),
    ],
)
def test_unit_and_blank_zero_bad_values(tmp_path, capsys, option, value, says):
    path = _january(tmp_path / "t.csv", ["id", "created_at", "handle_seconds"],
                    lambda i, d: [i, f"2024-01-{d:02d}", 60])  # fmt: skip
    assert says in _error(capsys, str(path), option, value)


# -- --latest-per-id and --metrics ------------------------------------------------------------


def test_latest_per_id_needs_a_time_of_writing(tmp_path, capsys):
    path = write_csv(
        tmp_path / "t.csv", ["id", "created_at"], [[1, "2024-01-01"], [1, "2024-01-01"]]
    )
    err = _error(capsys, str(path), "--latest-per-id")
    assert "--latest-per-id needs a column saying when each row was written" in err


def test_metrics_bad_values(tmp_path, capsys):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    assert "--metrics" in _error(capsys, str(path), "--metrics", str(tmp_path / "none.csv"))
    other = write_csv(tmp_path / "m.csv", ["ticket_id", "colour"], [[1, "red"]])
    err = _error(capsys, str(path), "--source", "zendesk", "--metrics", str(other))
    assert "none of replies, reopens, group_stations" in err


# -- --sheet and workbooks ---------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Pivot"
    book.active.append(["Channel", "Count"])
    book.active.append(["Email", 3])
    summary = book.create_sheet("Summary")
    summary.append(["Month", "Tickets"])
    raw = book.create_sheet("Raw export")
    raw.append(["Ticket ID", "Created time", "Source"])
    for i, day in enumerate((1, 15, 31), start=1):
        raw.append([i, f"2024-01-{day:02d} 10:00:00", "Email"])
    book.save(path)
    return path


def test_the_export_on_the_third_sheet_is_found_and_named(tmp_path, capsys):
    path = _workbook(tmp_path / "analysis.xlsx")
    assert main(["baseline", str(path), "--source", "freshdesk"]) == 0
    out = capsys.readouterr().out
    assert "note: sheet 'Raw export' read" in out
    assert compute_baseline(path, "freshdesk").monthly["2024-01"]["Contacts"] == 3


def test_sheet_bad_values(tmp_path, capsys):
    path = _workbook(tmp_path / "analysis.xlsx")
    err = _error(capsys, str(path), "--sheet", "Raw")
    assert "no sheet 'Raw'; the workbook has 'Pivot', 'Summary', 'Raw export'" in err
    err = _error(capsys, str(path), "--sheet", "Pivot")
    assert "analysis.xlsx, sheet 'Pivot', row 1: required column id is missing" in err
    # no sheet has the columns: the sheets read are named
    err = _error(capsys, str(path), "--source", "generic", "--column", "id=Ref")
    assert "sheets read: 'Pivot', 'Summary', 'Raw export'" in err
    csv_path = _january(tmp_path / "t.csv", ["id", "created_at"],
                        lambda i, d: [i, f"2024-01-{d:02d}"])  # fmt: skip
    assert "is not a workbook" in _error(capsys, str(csv_path), "--sheet", "Raw")


def test_binary_xls_is_refused(tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    assert "binary Excel 97-2003 workbook" in _error(capsys, str(path))


def test_spreadsheetml_with_an_entity_is_refused(tmp_path, capsys):
    path = tmp_path / "bomb.xls"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">&a;</Workbook>'
    )
    assert "not an XML Spreadsheet 2003 file" in _error(capsys, str(path))


def test_source_bad_value(tmp_path, capsys):
    path = _january(tmp_path / "t.csv", ["id", "created_at"], lambda i, d: [i, f"2024-01-{d:02d}"])
    assert "unknown --source 'zendsk'" in _error(capsys, str(path), "--source", "zendsk")

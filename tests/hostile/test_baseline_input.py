"""Hostile input to roi-xl baseline (issue 23, items 1, 2, 5, 8, 11): files generated here."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.data.baseline import compute_baseline


def _steady_export(path: Path, stray: str | None = None) -> Path:
    """Ten tickets a day from 1 January to 30 June 2024, and maybe one stray row."""
    day = dt.date(2024, 1, 1)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "created_at", "reopens", "agent_replies"])
        number = 0
        while day <= dt.date(2024, 6, 30):
            for hour in range(10):
                number += 1
                # FCR yes on every other ticket: 50% in every month
                writer.writerow([number, f"{day}T{8 + hour:02d}:00:00", number % 2, 1])
            day += dt.timedelta(days=1)
        if stray is not None:
            writer.writerow([number + 1, stray, 1, 5])
    return path


@pytest.mark.parametrize("stray", ["1970-01-01", "2099-12-31"])
def test_a_stray_date_is_an_outlier_month_not_a_baseline_month(tmp_path, capsys, stray):
    path = _steady_export(tmp_path / "t.csv", stray)
    result = compute_baseline(path)
    # by hand: 182 days x 10 tickets = 1,820 over 6 months; mean 303.33 a month x 12 = 3,640
    assert result.months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert result.baseline["Annual_Contacts"] == pytest.approx(1820 / 6 * 12)
    assert result.baseline["FCR_Before"] == pytest.approx(0.5)
    assert result.outliers == [stray[:7]]
    assert main(["baseline", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"outlier month {stray[:7]}" in out and "(outlier month)" in out


def test_parquet_timestamptz_months_do_not_follow_the_machine_zone(tmp_path):
    import duckdb

    path = tmp_path / "t.parquet"
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    # 23:30 UTC on the last day of January: January in UTC whatever the machine's zone
    connection.execute(
        "COPY (SELECT * FROM (VALUES ('1', TIMESTAMPTZ '2024-01-01 00:30:00+00'),"
        " ('2', TIMESTAMPTZ '2024-01-31 23:30:00+00'), ('3', TIMESTAMPTZ '2024-02-29 12:00:00+00'))"
        f" AS t(id, created_at)) TO '{path}' (FORMAT parquet)"
    )
    connection.close()
    script = (
        "import json, sys; from roi_xl.data.baseline import compute_baseline;"
        "r = compute_baseline(sys.argv[1], months='2024-01..2024-02');"
        "print(json.dumps({m: k['Contacts'] for m, k in r.monthly.items()}))"
    )
    outputs = []
    for zone in ("UTC", "Asia/Tokyo", "America/New_York"):
        env = {**os.environ, "TZ": zone}
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(done.stdout.strip())
    assert outputs == ['{"2024-01": 2.0, "2024-02": 1.0}'] * 3


def test_xlsx_in_the_1904_date_system(tmp_path):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(["id", "created_at"])
    sheet.append([1, dt.datetime(2024, 1, 1, 9)])  # a date cell
    # a plain number in the 1904 system: 2024-01-31 is 45322 - 1462 = 43860 days after
    # 1 January 1904 (45322 is its serial in the 1900 system; the systems differ by 1,462 days)
    sheet.append([2, 43860])
    book.save(tmp_path / "mac.xlsx")
    with zipfile.ZipFile(tmp_path / "mac.xlsx") as archive:
        assert b"date1904" in archive.read("xl/workbook.xml")  # the file says 1904
    result = compute_baseline(tmp_path / "mac.xlsx")
    assert result.first == dt.date(2024, 1, 1) and result.last == dt.date(2024, 1, 31)
    assert result.monthly["2024-01"]["Contacts"] == 2


def _xlsx_padded(path: Path, rows: int) -> None:
    """An .xlsx whose every row ends with an empty cell in column XFD (16,384)."""
    lines = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>created_at</t></is></c><c r="XFD1"/></row>'
    ]
    for number in range(2, rows + 2):
        lines.append(
            f'<row r="{number}"><c r="A{number}"><v>{number}</v></c>'
            f'<c r="B{number}"><v>{45292 + number % 28}</v></c><c r="XFD{number}"/></row>'
        )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(lines)
        + "</sheetData></worksheet>"
    )
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            f'"{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main_ns}" xmlns:r="{rel}">'
            '<sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            f'"{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


def test_xlsx_rows_padded_to_column_xfd_cost_what_they_hold(tmp_path):
    path = tmp_path / "padded.xlsx"
    rows = 30_000
    _xlsx_padded(path, rows)
    started = time.perf_counter()
    result = compute_baseline(path, months="2024-01")
    took = time.perf_counter() - started
    assert result.rows == rows
    # padded to 16,384 cells a row this took 165 s per 100,000 rows (about 50 s here);
    # read by the cells the rows hold it takes about a second on a loaded 2-core machine
    assert took < 15, took


def test_a_csv_header_over_the_field_limit_is_one_line(tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_text("id," + "x" * 200_000 + "\n1,2\n")
    assert main(["baseline", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("roi-xl: error: wide.csv, row 1:") and err.count("\n") == 1
    assert "131,072 characters" in err


def test_a_file_without_a_newline_is_refused_before_it_is_read_whole(tmp_path, capsys):
    path = tmp_path / "one-line.csv"
    with path.open("w") as handle:
        for _ in range(64):  # 64 MiB without a newline
            handle.write("a," * (1 << 19))
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert main(["baseline", str(path)]) == 2
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "header line is longer" in capsys.readouterr().err
    assert (after - before) * 1024 < 32 * 2**20  # ru_maxrss is in KiB: not the 64 MiB file


def test_a_file_name_with_a_newline_stays_in_its_toml_comment(tmp_path):
    import tomllib

    name = "t\n[scenarios]\ntarget_roi = 9\n#.csv"
    path = tmp_path / name
    path.write_text("id,created_at\n1,2024-01-01\n2,2024-01-31\n")
    output = tmp_path / "base.toml"
    assert main(["baseline", str(path), "-o", str(output)]) == 0
    data = tomllib.loads(output.read_text())
    assert list(data) == ["assumptions"]  # no [scenarios] table injected

"""The export reader: strict values, errors naming file, row and column, hostile files, size."""

import io
import re
import time
import zipfile

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.data.baseline import compute_baseline
from roi_xl.data.reader import ExportError, Field, open_export

HEADER = "id,created_at,handle_seconds,reopens,escalated\n"
GOOD = "1,2024-01-01,600,0,false\n"


@pytest.mark.parametrize(
    ("line", "row", "column", "says"),
    [
        ('2,2024-01-02,"1,5",0,false', 3, "handle_seconds", "decimal comma"),
        ('2,2024-01-02,"1,234",0,false', 3, "handle_seconds", "thousands separator"),
        ("2,2024-01-02,12 min,0,false", 3, "handle_seconds", "not a number"),
        ("2,2024-01-02,-5,0,false", 3, "handle_seconds", "negative"),
        ("2,2024-01-02,600,1.5,false", 3, "reopens", "not a whole number"),
        ("2,2024-02-30,600,0,false", 3, "created_at", "not a date"),
        ("2,31/13/2024,600,0,false", 3, "created_at", "not a date"),
        ("2,yesterday,600,0,false", 3, "created_at", "not a date"),
        ("2,2024-01-02,600,0,maybe", 3, "escalated", "not true/false"),
        (",2024-01-02,600,0,false", 3, "id", "blank"),
        ("   ,2024-01-02,600,0,false", 3, "id", "blank"),
        ("2,2024-01-02,   ,0,false", 3, "handle_seconds", "only spaces"),
        ("1,2024-01-02,600,0,false", 3, "id", "duplicate id '1' (first at row 2)"),
    ],
)
def test_bad_values_name_file_row_and_column(tmp_path, capsys, line, row, column, says):
    path = tmp_path / "export.csv"
    path.write_text(
        HEADER + GOOD + "\n".join([GOOD.strip()] * 0) + line + "\n" + GOOD.replace("1,", "9,", 1)
    )
    assert main(["baseline", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"roi-xl: error: export.csv, row {row}, column '{column}':"), err
    assert says in err


def test_error_row_is_the_first_bad_row_far_into_a_file(tmp_path, capsys):
    rows = [f"{i},2024-01-{1 + i % 28:02d},{i % 900},0,false" for i in range(1, 50_001)]
    rows[41_230] = rows[41_230].replace(",0,false", ",0,nope")  # the 41,231st data row: row 41,232
    (tmp_path / "big.csv").write_text(HEADER + "\n".join(rows) + "\n")
    assert main(["baseline", str(tmp_path / "big.csv")]) == 2
    assert "big.csv, row 41232, column 'escalated'" in capsys.readouterr().err
    rows[99] = rows[99].replace(",0,false", ",0,maybe")  # another wrong value, earlier: row 101
    (tmp_path / "big.csv").write_text(HEADER + "\n".join(rows) + "\n")
    assert main(["baseline", str(tmp_path / "big.csv")]) == 2
    assert "big.csv, row 101, column 'escalated': 'maybe'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "ident,created_at\n1,2024-01-01\n",
            "row 1: no column for id (looked for 'id', 'ticket_id'",
        ),
        ("id,ID,created_at\n1,2,2024-01-01\n", "column 'ID' twice"),
        (
            "id,created_at\n1,2024-01-01\n2,2024-01-02,extra\n",
            "row 3: 3 fields where the header has 2",
        ),
        ("id,created_at\n", "has a header but no rows"),
        ("\n", "first line is empty"),
    ],
)
def test_bad_files(tmp_path, capsys, text, says):
    (tmp_path / "x.csv").write_text(text)
    assert main(["baseline", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_unknown_preset_and_format(tmp_path, capsys):
    (tmp_path / "x.csv").write_text(HEADER + GOOD)
    assert main(["baseline", str(tmp_path / "x.csv"), "--source", "helpscout"]) == 2
    assert (
        "unknown --source 'helpscout'; expected one of generic, zendesk" in capsys.readouterr().err
    )
    (tmp_path / "x.json").write_text("{}")
    assert main(["baseline", str(tmp_path / "x.json")]) == 2
    assert "expected a .csv, .xlsx, .xls (XML) or .parquet" in capsys.readouterr().err
    (tmp_path / "latin.csv").write_bytes(
        "id,created_at,channel\n1,2024-01-01,t\xe9l\xe9phone\n".encode("latin-1")
    )
    assert main(["baseline", str(tmp_path / "latin.csv")]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_spaces_around_values_are_allowed(tmp_path):
    (tmp_path / "s.csv").write_text(
        "id,created_at,handle_seconds,escalated\n"
        " 1 , 2024-01-01 , 600 , TRUE \n"
        "2,2024-01-31,1200,no\n"
    )
    result = compute_baseline(tmp_path / "s.csv")
    assert result.monthly["2024-01"]["AHT_Min"] == 15.0  # by hand: (600 + 1200) / 2 / 60
    assert result.monthly["2024-01"]["Escalation_Rate"] == 0.5


def test_semicolon_csv_is_read_and_decimal_commas_are_still_refused(tmp_path, capsys):
    (tmp_path / "eu.csv").write_text(
        "id;created_at;handle_seconds\n1;2024-01-01;60\n2;2024-01-31;1,5\n"
    )
    assert main(["baseline", str(tmp_path / "eu.csv")]) == 2
    assert (
        "eu.csv, row 3, column 'handle_seconds': '1,5' has a decimal comma"
        in capsys.readouterr().err
    )


def _xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data, change):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def test_xlsx_forged_dimension_is_not_trusted(tmp_path):
    data = _xlsx_bytes([["id", "created_at"], [1, "2024-01-01"], [2, "2024-01-31"]])

    def forge(name, body):
        if name == "xl/worksheets/sheet1.xml":
            return re.sub(
                rb"<dimension ref=\"[^\"]*\" ?/>", b'<dimension ref="A1:XFD1048576"/>', body
            )
        return body

    forged = _rewrite(data, forge)
    with zipfile.ZipFile(io.BytesIO(forged)) as archive:
        assert b"XFD1048576" in archive.read("xl/worksheets/sheet1.xml")
    (tmp_path / "forged.xlsx").write_bytes(forged)
    started = time.perf_counter()
    result = compute_baseline(tmp_path / "forged.xlsx")
    # Trusting the dimension would walk 1,048,576 rows of 16,384 cells: far beyond this bound.
    assert time.perf_counter() - started < 10
    assert result.monthly["2024-01"]["Contacts"] == 2


def test_xlsx_zip_bomb_part_is_refused(tmp_path, capsys):
    data = _xlsx_bytes([["id", "created_at"], [1, "2024-01-01"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in names:
            target.writestr(name, source.read(name))
        target.writestr("xl/media/padding.xml", b"\0" * (20 << 20))  # 20 MB of zeros, ~20 kB packed
    (tmp_path / "bomb.xlsx").write_bytes(out.getvalue())
    assert main(["baseline", str(tmp_path / "bomb.xlsx")]) == 2
    assert "a possible zip bomb" in capsys.readouterr().err


def test_xlsx_xml_entities_are_refused(tmp_path, capsys):
    data = _xlsx_bytes([["id", "created_at"], [1, "2024-01-01"]])

    def entity(name, body):
        if name == "xl/worksheets/sheet1.xml":
            return body.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
        return body

    (tmp_path / "dtd.xlsx").write_bytes(_rewrite(data, entity))
    assert main(["baseline", str(tmp_path / "dtd.xlsx")]) == 2
    assert "XML bomb" in capsys.readouterr().err


def test_xlsx_bad_value_names_the_sheet_row(tmp_path, capsys):
    data = _xlsx_bytes([["id", "created_at"], [1, "2024-01-01"], [None, None], [2, "31.13.2024"]])
    (tmp_path / "t.xlsx").write_bytes(data)
    assert main(["baseline", str(tmp_path / "t.xlsx")]) == 2
    assert (
        "t.xlsx, row 4, column 'created_at': '31.13.2024' is not a date" in capsys.readouterr().err
    )


def test_parquet_bad_value_names_the_row(tmp_path, capsys):
    import duckdb

    path = tmp_path / "t.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('1', '2024-01-01'), ('2', '2024-01-02'), ('3', 'soon'))"
        f" AS t(id, created_at)) TO '{path}' (FORMAT parquet)"
    )
    assert main(["baseline", str(path)]) == 2
    assert "t.parquet, row 3, column 'created_at': 'soon'" in capsys.readouterr().err


def test_reader_is_usable_for_other_exports(tmp_path):
    """The reader knows nothing of tickets: a touch export reads through the same fields."""
    (tmp_path / "touches.csv").write_text(
        "Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,\nA,2024-01-02,Phone,100\n"
    )
    fields = (
        Field("journey", ("Journey",), required=True),
        Field("time", ("Touch Time",), "datetime", required=True),
        Field("channel", ("Channel",)),
        Field("value", ("Conversion Value",), "number"),
    )
    with open_export(tmp_path / "touches.csv", fields) as export:
        # one pass: checks plus the caller's aggregates, grouped as the caller says
        by_channel = export.aggregate(["sum(value)", "count(*)"], by="channel")
        rows = export.query("SELECT journey, channel, value FROM {source} ORDER BY time")
    assert sorted(by_channel) == [("Chat", None, 1), ("Phone", 100.0, 1)]
    assert rows == [("A", "Chat", None), ("A", "Phone", 100.0)]


def test_fetch_keeps_file_order_times_of_day_and_blanks(tmp_path):
    """What touch attribution needs: every row in order, times to the second."""
    import numpy as np

    rows = [
        f"J{i % 7},2024-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:05Z,{i}" for i in range(5000)
    ]
    rows[10] = "J3,45322.75,"  # an Excel serial: 31 Jan 2024 18:00; a blank value
    (tmp_path / "t.csv").write_text("Journey,Touch Time,Value\n" + "\n".join(rows) + "\n")
    fields = (
        Field("journey", ("Journey",), required=True),
        Field("time", ("Touch Time",), "datetime", required=True),
        Field("value", ("Value",), "number"),
    )
    with open_export(tmp_path / "t.csv", fields) as export:
        export.aggregate()
        got = export.fetch(["journey", "time", "value"])
    assert list(got["journey"][:3]) == ["J0", "J1", "J2"]
    assert got["time"][1] == np.datetime64("2024-03-02T01:01:05")  # as written, Z not applied
    assert got["time"][10] == np.datetime64("2024-01-31T18:00:00")
    values = np.ma.asarray(got["value"])
    assert values.mask[10] and values.count() == 4999  # the blank, and only it, is masked
    assert [v for i, v in enumerate(values.tolist()) if i != 10] == [
        float(i) for i in range(5000) if i != 10
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an offset is applied: the months are counted in UTC unless --timezone says otherwise
        ("2024-01-31T23:30:00-05:00", "2024-02-01T04:30:00"),  # 23:30 + 5 h
        ("2024-01-31T09:30+0200", "2024-01-31T07:30:00"),  # 09:30 - 2 h
        ("2024-01-15T10:30:00.000+0000", "2024-01-15T10:30:00"),  # Salesforce's CreatedDate
        ("2024-01-31T09:30:00,5", "2024-01-31T09:30:00.500000"),  # ISO allows a comma
        (" 2024-01-31 ", "2024-01-31T00:00:00"),
        ("45322.25", "2024-01-31T06:00:00"),  # Excel serial: 45322 = 31 Jan 2024
    ],
)
def test_date_times_as_written(tmp_path, text, expected):
    import numpy as np

    (tmp_path / "d.csv").write_text(f'id,created_at\n1,"{text}"\n')
    with open_export(tmp_path / "d.csv", (Field("t", ("created_at",), "datetime"),)) as export:
        export.aggregate()
        assert export.fetch(["t"])["t"][0] == np.datetime64(expected)


@pytest.mark.parametrize("text", ["2024-01-31T24:00:00", "2024-1-5", "2024-01-31 9:30", "45_322"])
def test_almost_dates_are_refused(tmp_path, capsys, text):
    (tmp_path / "d.csv").write_text(f"id,created_at\n1,{text}\n")
    assert main(["baseline", str(tmp_path / "d.csv")]) == 2
    assert "row 2, column 'created_at'" in capsys.readouterr().err


def test_unix_times_of_intercom(tmp_path):
    text = "id,created_at\n1,1711929600\n2,1714521599\n"  # 2024-04-01 00:00, 2024-04-30 23:59:59
    (tmp_path / "i.csv").write_text(text)
    result = compute_baseline(tmp_path / "i.csv", "intercom")
    assert result.first.isoformat() == "2024-04-01" and result.last.isoformat() == "2024-04-30"
    assert result.months == ["2024-04"]


def test_100_000_rows(tmp_path):
    """Counts known by construction: ticket i is automated when i % 5 == 0, escalated when
    i % 10 == 1, reopened when i % 4 == 3, has i % 3 replies and handles 300 + 60 * (i % 2) s."""
    lines = [HEADER.strip() + ",automated,agent_replies"]
    for i in range(100_000):
        day = 1 + (i % 31)
        lines.append(
            f"{i},2024-01-{day:02d}T10:00:00,{300 + 60 * (i % 2)},{1 if i % 4 == 3 else 0},"
            f"{'true' if i % 10 == 1 else 'false'},{'true' if i % 5 == 0 else 'false'},{i % 3}"
        )
    (tmp_path / "big.csv").write_text("\n".join(lines) + "\n")
    result = compute_baseline(tmp_path / "big.csv")
    january = result.monthly["2024-01"]
    assert january["Contacts"] == 100_000
    assert january["Automated_Contacts"] == 20_000  # i % 5 == 0
    # Human tickets: i % 5 != 0 (80,000). Of those, i % 10 == 1 are all human: 10,000 -> 1/8.
    assert january["Escalation_Rate"] == pytest.approx(10_000 / 80_000)
    # AHT: i % 5 != 0 has as many odd as even i (period 10: 1,2,3,4,6,7,8,9) -> 330 s = 5.5 min
    assert january["AHT_Min"] == pytest.approx(5.5)
    # FCR over period 60 (lcm of 3, 4, 5): human i with i % 4 != 3 and i % 3 <= 1
    period = [i for i in range(60) if i % 5 != 0]
    fcr = sum(1 for i in period if i % 4 != 3 and i % 3 <= 1) / len(period)
    assert january["FCR"] == pytest.approx(fcr)


def test_an_export_must_exist(tmp_path, capsys):
    assert main(["baseline", str(tmp_path / "none.csv")]) == 2
    assert "none.csv does not exist" in capsys.readouterr().err
    with pytest.raises(ExportError, match=r"expected a \.csv"):
        (tmp_path / "x.txt").write_text("id,created_at\n")
        compute_baseline(tmp_path / "x.txt")


@pytest.mark.parametrize("decimal", [".", ","])
def test_one_rule_for_numbers_in_sql_and_in_python(decimal):
    """The bulk SQL and ``parse_number`` accept the same texts as the same numbers."""
    import math

    import duckdb

    from roi_xl.data.reader import _number_sql, parse_number

    texts = [
        "12", " 12.5 ", "12,5", "1,234.56", "1.234,56", "+.5", "5.", ",5", "-3", "1e5", "1E-3",
        "1e400", "-1e400", "1_000", "inf", "-inf", "nan", "Infinity", "0x10", "$100", "12 min",
        "1 000", "", " ", "e5", "1e", "--1", "١٢",
    ]  # fmt: skip
    for text in texts:
        literal = "'" + text.replace("'", "''") + "'"
        (sql,) = duckdb.sql(f"SELECT {_number_sql(literal, decimal)}").fetchone()
        python = parse_number(text, decimal)
        if python is None:
            assert sql is None, (text, sql)
        elif math.isinf(python):
            assert sql == python, text
        else:
            assert sql == python, (text, sql, python)

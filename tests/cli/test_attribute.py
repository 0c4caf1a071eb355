"""roi-xl attribute: touch exports in, credits and a channel summary out, safely."""

import io
import time
import zipfile

import openpyxl
import pytest

from roi_xl.cli import main
from roi_xl.office.recalc import convert

# Journey A: chat then phone, worth 100 (value on its last row); B: one email worth 50.
CSV = (
    "Journey,Touch Time,Channel,Conversion Value\n"
    "A,2024-01-01T09:00,Chat,\n"
    "A,2024-01-02,Phone,100\n"
    "B,2024-01-03,Email,50\n"
)


def test_csv_in_csv_out(tmp_path, capsys):
    source = tmp_path / "touches.csv"
    source.write_text(CSV)
    out = tmp_path / "credits.csv"
    assert main(["attribute", str(source), "--support-channels", "Chat,Phone", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    # by hand (linear): A's 100 split 50/50 between Chat and Phone; B's 50 to Email.
    assert "Support-attributed revenue (Chat, Phone; linear): 100.00" in printed
    lines = out.read_text().splitlines()
    assert lines[0] == "Journey,Touch Time,Channel,Conversion Value,Credit,Support"
    assert lines[1].endswith(",50.0,yes") and lines[3].endswith(",50.0,no")
    summary = (tmp_path / "credits-by-channel.csv").read_text().splitlines()
    assert summary == ["Channel,Credited value", "Chat,50.0", "Email,50.0", "Phone,50.0"]


@pytest.mark.parametrize("change", ["a row more", "a row fewer"])
def test_a_csv_changed_between_the_two_readings_is_refused(tmp_path, change):
    # The credits are computed from a first reading; the output copies each row from a
    # second one. A file that changed in between must not give a silently shifted or
    # truncated output (the CSV writer's fast path must keep the count check).
    from roi_xl.data.touchlog import TouchLogError, read_touch_log, write_results

    source = tmp_path / "touches.csv"
    source.write_text(CSV)
    log = read_touch_log(source)
    credits = [50.0, 50.0, 50.0]  # by hand, as in test_csv_in_csv_out
    if change == "a row more":
        source.write_text(CSV + "C,2024-01-04,Chat,10\n")
    else:
        source.write_text(CSV.rsplit("B,", 1)[0])
    with pytest.raises(TouchLogError, match="second reading"):
        write_results(tmp_path / "credits.csv", log, credits, [True, True, False], [])
    assert not (tmp_path / "credits.csv").exists()


def test_xlsx_in_xlsx_out(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["journey", "when", "via", "amount"])  # custom headers
    sheet.append(["A", 45292.0, "Chat", None])
    sheet.append(["A", 45293.0, "Phone", 100])
    book.save(tmp_path / "touches.xlsx")
    out = tmp_path / "credits.xlsx"
    assert (
        main(
            [
                "attribute",
                str(tmp_path / "touches.xlsx"),
                "--model",
                "first",
                "--support-channels",
                "chat",
                "--journey-col",
                "journey",
                "--time-col",
                "when",
                "--channel-col",
                "via",
                "--value-col",
                "amount",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "(chat; first): 100.00" in capsys.readouterr().out  # support match ignores case
    result = openpyxl.load_workbook(out)
    assert [c.value for c in result["Credits"][2]][-2:] == [100, "yes"]
    assert [[c.value for c in r] for r in result["By channel"].iter_rows(min_row=2)] == [
        ["Chat", 100],
        ["Phone", 0],
    ]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    hostile = ['=HYPERLINK("http://attacker")', "+1+1", "-2+3", "@SUM(1)"]
    rows = "".join(
        f'"{h.replace(chr(34), chr(34) * 2)}",2024-01-0{i + 1},Chat,10\n'
        for i, h in enumerate(hostile)
    )
    source = tmp_path / "evil.csv"
    source.write_text("Journey,Touch Time,Channel,Conversion Value\n" + rows)
    xlsx, csv_out = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(xlsx)]) == 0
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(csv_out)]) == 0
    sheet = openpyxl.load_workbook(xlsx)["Credits"]
    cells = [sheet.cell(row, 1) for row in range(2, 6)]
    assert [c.value for c in cells] == hostile and all(c.data_type == "s" for c in cells)
    # LibreOffice opens it and still shows the text, not a computed formula
    recalculated = openpyxl.load_workbook(convert([xlsx], tmp_path / "lo")[0], data_only=True)
    assert [recalculated["Credits"].cell(r, 1).value for r in range(2, 6)] == hostile
    lines = csv_out.read_text().splitlines()[1:]
    assert all(line.startswith(("\"'", "'")) for line in lines), lines


def _xlsx_with_sheet_xml(tmp_path, xml: bytes):
    good = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Journey", "Touch Time", "Channel", "Conversion Value"])
    book.save(good)
    bad = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(io.BytesIO(good.getvalue())) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item)
            dst.writestr(item, data)
    return bad


def test_xml_bomb_is_refused_quickly(tmp_path, capsys):
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    path = _xlsx_with_sheet_xml(tmp_path, bomb)
    start = time.perf_counter()
    assert main(["attribute", str(path), "--support-channels", "Chat"]) == 2
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "possible XML bomb" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a zip file", "cannot be read"),
        (None, "no column 'Channel'"),
    ],
)
def test_malformed_files_give_one_line(tmp_path, capsys, content, message):
    if content is None:
        path = tmp_path / "t.csv"
        path.write_text("Journey,Touch Time,Conversion Value\nA,2024-01-01,5\n")
    else:
        path = tmp_path / "t.xlsx"
        path.write_bytes(content)
    assert main(["attribute", str(path), "--support-channels", "Chat"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_bad_date_and_value_name_the_row(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Journey,Touch Time,Channel,Conversion Value\nA,yesterday,Chat,5\n")
    assert main(["attribute", str(path), "--support-channels", "Chat"]) == 2
    assert "row 2: touch time 'yesterday' is not an ISO date" in capsys.readouterr().err
    path.write_text("Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,-5\n")
    assert main(["attribute", str(path), "--support-channels", "Chat"]) == 2
    assert "conversion_values row 1 must be 0 or more" in capsys.readouterr().err


def test_output_is_not_overwritten_without_force(tmp_path, capsys):
    source = tmp_path / "touches.csv"
    source.write_text(CSV)
    out = tmp_path / "credits.csv"
    out.write_text("mine")
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 2
    assert out.read_text() == "mine" and not (tmp_path / "credits-by-channel.csv").exists()


def _touch_export(path, rows, seed):
    """``rows`` touches of ``rows // 4`` journeys: ISO times or Excel serials, blank values."""
    import random

    rng = random.Random(seed)
    channels = ["Chat", "Phone", "Email", "Paid search", "Organic"]
    with path.open("w", newline="") as handle:
        handle.write("Journey,Touch Time,Channel,Conversion Value,Note\n")
        for i in range(rows):
            seconds = rng.randrange(0, 90 * 86_400)
            when = (
                f"2024-{1 + seconds // (31 * 86_400):02d}-{1 + seconds // 86_400 % 28:02d}"
                f"T{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
                if i % 3
                else f"{45_300 + seconds / 86_400:.6f}"
            )
            value = f"{rng.randrange(0, 100_000) / 100:.2f}" if rng.random() < 0.3 else ""
            journey, channel = rng.randrange(rows // 4), rng.choice(channels)
            handle.write(f"J{journey},{when},{channel},{value},n{i}\n")


@pytest.mark.parametrize("model", ["linear", "time_decay", "position"])
def test_a_100k_row_export_gets_the_credits_of_the_core(tmp_path, capsys, model):
    """The reader (DuckDB) against the core fed by Python's csv module on the same rows."""
    import csv
    import datetime as dt
    import math

    from roi_xl.core import attribution_by_channel, attribution_credit

    source, out = tmp_path / "touches.csv", tmp_path / "credits.csv"
    _touch_export(source, 100_000, seed=12)
    argv = ["attribute", str(source), "--model", model, "--support-channels", "Chat,Phone"]
    assert main([*argv, "-o", str(out)]) == 0
    printed = capsys.readouterr().out

    with source.open(newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    ids = [r[0] for r in rows]
    times = [dt.datetime.fromisoformat(r[1]) if "T" in r[1] else float(r[1]) for r in rows]
    channels = [r[2] for r in rows]
    values = [float(r[3]) if r[3] else None for r in rows]
    expected = attribution_credit(ids, times, values, model)
    with out.open(newline="") as handle:
        written = list(csv.reader(handle))
    assert [r[:5] for r in written[1:]] == rows  # every row, in the file's order
    credits = [float(r[5]) for r in written[1:]]
    assert len(credits) == 100_000
    # Times read to the microsecond (serials converted): equal to far below a cent.
    assert max(abs(a - b) for a, b in zip(credits, expected, strict=True)) < 1e-6
    support = [c in ("Chat", "Phone") for c in channels]
    revenue = math.fsum(c for c, s in zip(expected, support, strict=True) if s)
    assert f"Support-attributed revenue (Chat, Phone; {model}): {revenue:,.2f}" in printed
    for channel, value in attribution_by_channel(ids, times, channels, values, model):
        assert f"{channel:<24}{value:>18,.2f}" in printed

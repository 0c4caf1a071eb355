"""Touch exports that would give a wrong number, a traceback or a hang: refused in one line.

Repros of issue 14: item 5 (a declared dimension smaller than the sheet), item
6 (decimal commas, thousands separators, blank journey ids, 1e308), item 8
(malformed XML, a 1 GiB cell) and item 12 (duplicate header columns, a folder
as input, an encrypted workbook).
"""

import csv
import re
import time

import pytest

from roi_xl.cli import main
from roi_xl.io.files import MAX_XLSX_PART
from tests.hostile import files


def _csv(tmp_path, rows, name="t.csv"):
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([files.HEADER, *rows])
    return path


def _attribute(path, *extra):
    return main(["attribute", str(path), "--support-channels", "Chat", *extra])


def _one_line(capsys, *needles):
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


def _revenue(out):
    return float(
        re.search(r"Support-attributed revenue .*: ([\d,.]+)", out).group(1).replace(",", "")
    )


def test_rows_are_counted_not_taken_from_the_declared_dimension(tmp_path, capsys):
    rows = [[f"J{i}", 45_000 + i, "Chat", 50] for i in range(10)]
    data = files.workbook_bytes([files.HEADER, *rows])
    path = files.replace_part(
        data,
        tmp_path / "lying.xlsx",
        files.SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D3"', xml),
    )
    assert _attribute(path) == 0
    assert _revenue(capsys.readouterr().out) == 500.0  # by hand: 10 journeys x 50


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12,50", "row 2, column 'Conversion Value': conversion value '12,50' holds a ','"),
        ("1.234,56", "row 2, column 'Conversion Value': conversion value '1.234,56' holds a ','"),
        ("1_000", "conversion value '1_000' is not a number"),
        ("$100", "conversion value '$100' is not a number"),
        ("nan", "conversion value 'nan' is not a number"),
        ("inf", "conversion value 'inf' is not a number"),
        ("1e400", "row 2, column 'Conversion Value': conversion value inf is not a finite"),
    ],
)
def test_ambiguous_or_non_finite_numbers_name_row_and_column(tmp_path, capsys, value, message):
    assert _attribute(_csv(tmp_path, [["A", "2024-01-01", "Chat", value]])) == 2
    _one_line(capsys, message)


def test_decimal_comma_is_read_when_asked(tmp_path, capsys):
    path = _csv(tmp_path, [["A", "2024-01-01", "Chat", "12,50"], ["B", "2024-01-02", "Mail", "3"]])
    assert _attribute(path, "--decimal", ",") == 0
    assert _revenue(capsys.readouterr().out) == 12.5  # by hand: A's 12,50 to Chat
    with_point = _csv(tmp_path, [["A", "2024-01-01", "Chat", "1.234,56"]], "p.csv")
    assert _attribute(with_point, "--decimal", ",") == 2
    _one_line(capsys, "holds a '.'")


def test_an_unquoted_thousands_separator_is_refused(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,1,000\n")
    assert _attribute(path) == 2
    _one_line(capsys, "row 2 has 5 fields but the header 4")


@pytest.mark.parametrize("journey", ["", "   "])
def test_a_blank_journey_id_names_the_row(tmp_path, capsys, journey):
    path = _csv(tmp_path, [["A", "2024-01-01", "Chat", "5"], [journey, "2024-01-02", "Chat", "7"]])
    assert _attribute(path) == 2
    _one_line(capsys, "row 3: the journey id ('Journey') is blank")


def test_values_that_overflow_are_refused(tmp_path, capsys):
    path = _csv(
        tmp_path, [["A", "2024-01-01", "Chat", "1e308"], ["B", "2024-01-02", "Chat", "1e308"]]
    )
    assert _attribute(path) == 2
    _one_line(capsys, "overflow to infinity")


def test_a_non_finite_serial_time_is_refused(tmp_path, capsys):
    assert _attribute(_csv(tmp_path, [["A", "1e400", "Chat", "5"]])) == 2
    _one_line(capsys, "row 2: touch time inf is not a finite number")


def test_a_header_naming_a_column_twice_is_refused(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text(
        "Journey,Touch Time,Channel,Conversion Value,channel\nA,2024-01-01,Chat,5,Phone\n"
    )
    assert _attribute(path) == 2
    _one_line(capsys, "names column 'Channel' more than once (columns 3 and 5)")


def test_a_cell_longer_than_a_cell_holds_is_refused(tmp_path, capsys):
    assert _attribute(_csv(tmp_path, [["A" * 40_000, "2024-01-01", "Chat", "5"]])) == 2
    _one_line(capsys, "row 2, column 1: a text of 40,000 characters")


def test_a_folder_as_input_says_it_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "export.csv"
    folder.mkdir()
    assert _attribute(folder) == 2
    _one_line(capsys, "is a folder, not a file")


def test_an_encrypted_workbook_says_so(tmp_path, capsys):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(files.ENCRYPTED)
    assert _attribute(path) == 2
    _one_line(capsys, "locked.xlsx is encrypted (password-protected) or an old .xls file")


def test_malformed_xml_is_one_line(tmp_path, capsys):
    data = files.workbook_bytes([files.HEADER])
    path = files.replace_part(data, tmp_path / "bad.xlsx", files.SHEET, lambda _: files.MALFORMED)
    assert _attribute(path) == 2
    _one_line(capsys, "bad.xlsx cannot be read as an .xlsx workbook")


def test_external_entity_is_refused(tmp_path, capsys):
    data = files.workbook_bytes([files.HEADER])
    path = files.replace_part(
        data, tmp_path / "xxe.xlsx", files.SHEET, lambda _: files.external_entity()
    )
    assert _attribute(path) == 2
    _one_line(capsys, "xxe.xlsx was refused: its XML declares entities")


def test_a_one_gib_cell_is_refused_before_reading(tmp_path, capsys):
    path = files.one_gib_cell(files.workbook_bytes([files.HEADER]), tmp_path / "big.xlsx")
    assert path.stat().st_size < 10 * 1024**2  # a small file ...
    start = time.perf_counter()
    assert _attribute(path) == 2
    assert time.perf_counter() - start < 5  # ... refused from its zip directory, not parsed
    limit = f"{MAX_XLSX_PART / 1024**2:,.0f} MiB"
    _one_line(
        capsys, f"big.xlsx is too large to read: its part {files.SHEET} holds 1,024 MiB", limit
    )


def test_an_over_compressed_part_is_refused_as_for_baseline(tmp_path, capsys):
    """One check of .xlsx inputs for both readers: 20 MB of zeros pack ~1000 times."""
    import io
    import zipfile

    data = files.workbook_bytes([files.HEADER, ["A", 45_000, "Chat", 5]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("xl/media/padding.xml", b"\0" * (20 << 20))
    (tmp_path / "bomb.xlsx").write_bytes(out.getvalue())
    assert _attribute(tmp_path / "bomb.xlsx") == 2
    _one_line(capsys, "bomb.xlsx: part xl/media/padding.xml is compressed", "a possible zip bomb")


def test_a_semicolon_export_reads_with_decimal_commas(tmp_path, capsys):
    """The reader's delimiter sniffing: a European export (semicolons, decimal commas)."""
    path = tmp_path / "eu.csv"
    path.write_text(
        "Journey;Touch Time;Channel;Conversion Value\n"
        "A;2024-01-01;Chat;\nA;2024-01-02;Mail;12,50\nB;2024-01-03;Chat;7,25\n"
    )
    assert _attribute(path, "--decimal", ",") == 0
    # by hand (linear): A's 12.50 split 6.25 / 6.25; B's 7.25 to Chat: 6.25 + 7.25
    assert _revenue(capsys.readouterr().out) == 13.5

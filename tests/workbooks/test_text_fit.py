"""No wrapped text is cut off: every row is tall enough for the wrapped text of its cells.

The lines a text needs are counted here by the standard library's
``textwrap`` (an implementation independent of roi_xl's), at the cell's
column width less one character of padding, one character per width unit for
11 pt text (bold 10% wider, other sizes in proportion); a line of 11 pt text
takes 15 pt, Excel's default row height.
"""

from __future__ import annotations

import textwrap

import pytest
from openpyxl.utils import get_column_letter

from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.calculator import build_calculator
from roi_xl.workbooks.gains import LEVER_HEADER_ROW, REALISATION_COLUMNS, TOTAL_ROW
from roi_xl.workbooks.templates import TEMPLATES, VALUE_TRACKING, build_template
from roi_xl.workbooks.text_fit import wrapped_lines

DEFAULT_ROW_POINTS = 15.0  # Excel's default row height, one line of 11 pt Calibri


def _lines(text: str, characters: float) -> int:
    width = max(1, int(characters))
    return sum(
        max(1, len(textwrap.wrap(p, width, break_long_words=True))) for p in text.split("\n")
    )


def _merged(sheet, cell):
    """The merged range ``cell`` heads, or ``None``."""
    return next((m for m in sheet.merged_cells.ranges if cell.coordinate in m), None)


def _height(sheet, cell) -> float:
    """Points of height the text of ``cell`` has: its row's, or all the rows it is merged over."""
    merged = _merged(sheet, cell)
    rows = range(merged.min_row, merged.max_row + 1) if merged else (cell.row,)
    return sum(sheet.row_dimensions[r].height or DEFAULT_ROW_POINTS for r in rows)


def _width(sheet, cell) -> float:
    first = last = cell.column
    merged = _merged(sheet, cell)
    if merged:
        first, last = merged.min_col, merged.max_col
    total = 0.0
    for column in range(first, last + 1):
        letter = get_column_letter(column)
        dimension = sheet.column_dimensions.get(letter)
        total += (dimension.width if dimension is not None and dimension.width else 0) or 8.43
    return total


def _workbooks():
    yield "calculator", build_calculator()
    for kind in (*TEMPLATES, VALUE_TRACKING):
        yield kind, build_template(kind)
    fill = parse_scenario(example_scenario_text())[1]
    yield "example case", build_template("roi_business_case", fill)


@pytest.mark.parametrize(("label", "workbook"), list(_workbooks()))
def test_wrapped_text_fits_its_row(label, workbook):
    checked = merged = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if not isinstance(text, str) or text.startswith("="):
                    continue
                if cell.alignment is None or not cell.alignment.wrap_text:
                    continue
                size = float(cell.font.sz or 11)
                scale = size / 11 * (1.1 if cell.font.b else 1.0)
                lines = _lines(text, (_width(sheet, cell) - 1) / scale)
                needed = lines * size * DEFAULT_ROW_POINTS / 11
                height = _height(sheet, cell)
                assert height >= needed, (
                    f"{label}: {sheet.title}!{cell.coordinate} needs {lines} lines "
                    f"({needed:.0f} pt) but its row is {height} pt: {text[:40]!r}"
                )
                checked += 1
                merged += _merged(sheet, cell) is not None
    assert checked > 0, f"{label} has no wrapped text to check"
    if "Tracking" in workbook.sheetnames and workbook["Tracking"].sheet_state == "visible":
        # the Tracking sheet's note (A2:H2) is merged: merged cells are measured whole
        assert merged > 0, f"{label}: no merged wrapped text was checked"


def test_gains_headers_show_their_year():
    # The ramp-up columns read "Realisation Y1/Y2/Y3": the year must not be cut off.
    sheet = build_template("roi_business_case")["Gains"]
    row = LEVER_HEADER_ROW
    for column in REALISATION_COLUMNS:
        cell = sheet[f"{column}{row}"]
        assert cell.value.endswith(("Y1", "Y2", "Y3"))
        assert sheet.row_dimensions[row].height >= 2 * DEFAULT_ROW_POINTS, "two-line header"
    # "Total attributed gains" (22 characters, 12 pt bold: about 22 x 12/11 x 1.1 = 26.4
    # widths of 11 pt text) stands in column A on one line, not cut off
    assert sheet[f"A{TOTAL_ROW}"].value == "Total attributed gains"
    assert sheet.column_dimensions["A"].width > 22 * 12 / 11 * 1.1


def test_wrapped_lines_counts_a_greedy_wrap():
    # "Realisation Y1" is 14 characters: at 12 per line, "Realisation" / "Y1".
    assert wrapped_lines("Realisation Y1", 12) == 2
    assert wrapped_lines("a b c d", 3) == 2  # "a b" / "c d"
    assert wrapped_lines("abcdefghij", 4) == 3  # a long word breaks: abcd / efgh / ij

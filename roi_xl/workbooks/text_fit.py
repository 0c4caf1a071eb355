"""Row heights that fit wrapped text (openpyxl does not auto-fit rows, and neither
does LibreOffice for a row whose height the file sets).

The width of text is estimated, not measured: a column of width ``w`` holds
about ``w`` characters of 11 pt Calibri (the unit of a column's width is the
width of a digit, and most letters are narrower), less one for the cell's
padding; bold text takes 10% more, other sizes in proportion. A line of text
takes :data:`LINE_FACTOR` times its font size in points. The estimate errs on
the side of more lines, so that nothing is cut off.
"""

from __future__ import annotations

import math
from copy import copy

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DEFAULT_COLUMN_WIDTH = 8.43
DEFAULT_FONT_SIZE = 11.0
#: Points of row height per point of font size for one line (Excel: 15 pt for 11 pt text).
LINE_FACTOR = 15 / 11
PADDING_POINTS = 3.0


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` needs when greedily word-wrapped at ``width`` characters.

    >>> wrapped_lines("Realisation Y1", 12)
    2
    >>> wrapped_lines("one\\ntwo three", 20)
    2
    >>> wrapped_lines("", 10)
    1
    """
    per_line = max(1, math.floor(width))
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += max(0, math.ceil(size / per_line) - 1)  # a word longer than a line
            used = size % per_line or per_line
    return lines


def cell_width(sheet: Worksheet, cell: Cell) -> float:
    """Width of ``cell`` in characters (of all its columns when it is merged)."""
    first = last = cell.column
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            first, last = merged.min_col, merged.max_col
            break
    total = 0.0
    for column in range(first, last + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        total += (dimension.width if dimension is not None and dimension.width else None) or (
            DEFAULT_COLUMN_WIDTH
        )
    return total


def _font(cell: Cell) -> tuple[float, bool]:
    size = float(cell.font.sz) if cell.font is not None and cell.font.sz else DEFAULT_FONT_SIZE
    return size, bool(cell.font is not None and cell.font.b)


def needed_height(sheet: Worksheet, cell: Cell) -> float:
    """Row height in points that the wrapped text of ``cell`` needs."""
    size, bold = _font(cell)
    scale = size / DEFAULT_FONT_SIZE * (1.1 if bold else 1.0)
    characters = max(1.0, (cell_width(sheet, cell) - 1) / scale)
    return wrapped_lines(str(cell.value), characters) * size * LINE_FACTOR + PADDING_POINTS


def wrapped_text_cells(sheet: Worksheet) -> list[Cell]:
    """Cells with wrapped literal text (a formula's text is not known before it runs)."""
    return [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and not cell.value.startswith("=")
        and cell.alignment is not None
        and cell.alignment.wrap_text
    ]


def fit_row_heights(sheet: Worksheet) -> None:
    """Make every row of ``sheet`` tall enough for its wrapped text (never shorter)."""
    needed: dict[int, float] = {}
    for cell in wrapped_text_cells(sheet):
        needed[cell.row] = max(needed.get(cell.row, 0.0), needed_height(sheet, cell))
    one_line = DEFAULT_FONT_SIZE * LINE_FACTOR
    for row, height in needed.items():
        current = sheet.row_dimensions[row].height
        if height > (current or one_line):
            sheet.row_dimensions[row].height = math.ceil(height)
        if max(height, current or 0) > one_line + PADDING_POINTS:
            _align_top(sheet, row)


def _align_top(sheet: Worksheet, row: int) -> None:
    """Cells of a tall row read from its top, beside the first line of the wrapped text
    (a cell is aligned to the bottom by default)."""
    for cell in sheet[row]:
        if cell.value is not None and cell.alignment.vertical is None:
            alignment = copy(cell.alignment)
            alignment.vertical = "top"
            cell.alignment = alignment


_TEXT_FORMATS = ("General", "@")


def _right_aligned(cell: Cell) -> bool:
    """A cell whose content ends at its right edge: set so, or a number."""
    horizontal = cell.alignment.horizontal if cell.alignment is not None else None
    if horizontal in ("right", "center", "centerContinuous", "fill", "justify", "distributed"):
        return horizontal == "right"
    if isinstance(cell.value, bool) or cell.value is None:
        return False
    if isinstance(cell.value, (int, float)):
        return True
    formula = isinstance(cell.value, str) and cell.value.startswith("=")
    return formula and cell.number_format not in _TEXT_FORMATS


def _left_text(cell: Cell) -> bool:
    """A cell whose text starts at its left edge: typed text, or a text formula."""
    horizontal = cell.alignment.horizontal if cell.alignment is not None else None
    if horizontal not in (None, "general", "left") or not isinstance(cell.value, str):
        return False
    typed = not cell.value.startswith("=")
    return typed or cell.number_format == "@" or horizontal == "left"


def separate_columns(sheet: Worksheet) -> int:
    """Indent a text that starts where a number or a right-aligned text of the cell on its
    left ends ("$856,800" then "capacity", "Value Y3" then "Counts as"): printed, the two
    would read as one. Returns the number of cells indented.
    """
    indented = 0
    for row in sheet.iter_rows(min_col=2):
        for cell in row:
            left = sheet.cell(cell.row, cell.column - 1)
            if not _left_text(cell) or (cell.alignment is not None and cell.alignment.indent):
                continue
            if left.value is None or not _right_aligned(left):
                continue
            alignment = copy(cell.alignment)
            alignment.horizontal = "left"
            alignment.indent = 1
            cell.alignment = alignment
            indented += 1
    return indented

"""The look every roi_xl workbook shares: the input/formula legend and number formats.

Inputs are blue on a light fill and unlocked; formulas are black and locked.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

INPUT_FONT = Font(name="Calibri", size=11, color="1F4E9E")
INPUT_FILL = PatternFill("solid", fgColor="E8F0FB")
FORMULA_FONT = Font(name="Calibri", size=11, color="000000")
TITLE_FONT = Font(name="Calibri", size=16, bold=True, color="1F3864")
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
SECTION_FONT = Font(name="Calibri", size=12, bold=True, color="1F3864")
NOTE_FONT = Font(name="Calibri", size=11, italic=True, color="595959")
WRAP = Alignment(wrap_text=True, vertical="top")
#: A header over a column of numbers: right-aligned, as the numbers are.
NUMBER_HEADER = Alignment(wrap_text=True, vertical="top", horizontal="right")

#: The money symbol every money format is built on: the finishing pass
#: (:func:`roi_xl.workbooks.currency.apply_currency`) turns it into the case's currency.
SYMBOL = '"$"'
#: Negatives in one format everywhere: a minus sign before the amount (and its symbol),
#: in red: -$319,000, -1,000,000.
CURRENCY = f"{SYMBOL}#,##0;[Red]-{SYMBOL}#,##0"
CURRENCY_CENTS = f"{SYMBOL}#,##0.00;[Red]-{SYMBOL}#,##0.00"
NUMBER = "#,##0;[Red]-#,##0"
DECIMAL = "#,##0.00;[Red]-#,##0.00"
PERCENT = "0.0%"
MONTHS = '0.0 "months"'
#: A change of a percentage, in percentage points (the cell holds points: 38.3, not 0.383).
PTS = '+0.0" pts";-0.0" pts";0.0" pts"'
RATIO = '0.00"x"'


def style_input(cell: Cell, number_format: str = NUMBER) -> None:
    """Mark a cell as an input: blue on light fill, unlocked."""
    cell.font = INPUT_FONT
    cell.fill = INPUT_FILL
    cell.number_format = number_format
    cell.protection = Protection(locked=False)


def style_formula(cell: Cell, number_format: str = NUMBER) -> None:
    """Mark a cell as a formula: black, locked."""
    cell.font = FORMULA_FONT
    cell.number_format = number_format
    cell.protection = Protection(locked=True)


def style_header(cells: tuple[Cell, ...] | list[Cell], numbers: str = "") -> None:
    """A table header row; the columns (letters) in ``numbers`` hold numbers: right-aligned."""
    for cell in cells:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        letter = get_column_letter(cell.column)  # a MergedCell has no column_letter
        cell.alignment = NUMBER_HEADER if letter in numbers else WRAP

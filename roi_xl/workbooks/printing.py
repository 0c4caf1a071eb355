"""Print setup of every sheet of every workbook, in one place.

:func:`apply_print_setup` runs once over the finished workbook (from
:func:`roi_xl.workbooks.templates.build_template` and the calculator), so a
sheet a builder adds later gets a print setup without asking for one: print
area over the used range, fit to one page wide (as many pages tall as it
needs), landscape when the printed columns are wide, one paper size for the
whole workbook, and a footer with the case name, the sheet name and
"Page n of m"; rows tall enough for their wrapped text. Hidden sheets get
none: they do not print. A builder that
needs more (a helper block left out of the print area, header rows repeated
on every page, one page tall) says so with
:class:`SheetPrint` through :meth:`TemplateBook.print_layout
<roi_xl.workbooks.book.TemplateBook.print_layout>`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .text_fit import fit_row_heights, separate_columns

#: Paper sizes by name, as the SpreadsheetML ``paperSize`` codes (ECMA-376 18.3.1.63).
PAPER_SIZES = {"A4": 9, "Letter": 1}
DEFAULT_PAPER = "A4"
#: Paper (width, height) in points, portrait, by ``paperSize`` code.
PAPER_POINTS = {9: (595.3, 841.9), 1: (612.0, 792.0)}
_DEFAULT_WIDTH = 8.43  # Excel's default column width in characters
#: No printed text smaller than this, in points, after a page is scaled to fit.
MIN_PRINTED_POINTS = 8.0
#: Printed points of one unit of column width: the width of a digit of the workbook's
#: font, Calibri 11 (Excel: 7 pixels, 5.25 points, plus padding), as LibreOffice prints
#: it with Carlito, Calibri's metric twin (50 units: 277.5 points, measured).
#: LibreOffice without Carlito prints DejaVu Sans, 7 points a unit: wider pages, smaller
#: text (``make test`` installs Carlito; the page tests check it is there).
POINTS_PER_WIDTH = 5.55
_MARGINS = PageMargins(left=0.3, right=0.3, top=0.4, bottom=0.5, header=0.2, footer=0.2)
_FOOTER_POINTS = 8


@dataclass(frozen=True)
class SheetPrint:
    """What a sheet builder says about how its sheet prints.

    ``area``: the print area (``"A1:H40"``); default: the sheet's used range.
    ``title_rows``: rows repeated at the top of every page (``"16:16"``).
    ``orientation``: ``"portrait"`` or ``"landscape"``; default from the width.
    ``one_page``: fit the whole area on one page (else one page wide only).
    ``breaks``: rows that end a page (a section or a chart that should start a new one).
    """

    area: str | None = None
    title_rows: str | None = None
    orientation: str | None = None
    one_page: bool = False
    breaks: tuple[int, ...] = ()


def paper_code(paper: str) -> int:
    """The ``paperSize`` code of a paper name, case-insensitive.

    >>> paper_code("a4"), paper_code("Letter")
    (9, 1)
    """
    for name, code in PAPER_SIZES.items():
        if name.lower() == paper.strip().lower():
            return code
    raise ValueError(f"unknown paper size {paper!r}; one of {', '.join(PAPER_SIZES)}")


def header_footer_text(text: str) -> str:
    """Text safe to put in a header or footer: ``&`` starts a code there, so it is doubled.

    >>> header_footer_text("R&D service case")
    'R&&D service case'
    """
    return text.replace("&", "&&")


def _column(sheet: Worksheet, column: int) -> tuple[float, bool]:
    """Width and hidden state of ``column`` (a dimension may cover several columns)."""
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    if dimension is None or dimension.min is None or not dimension.min <= column <= dimension.max:
        dimension = next(
            (
                d
                for d in sheet.column_dimensions.values()
                if d.min is not None and d.max is not None and d.min <= column <= d.max
            ),
            dimension,
        )
    if dimension is None:
        return _DEFAULT_WIDTH, False
    return dimension.width or _DEFAULT_WIDTH, bool(dimension.hidden)


def _printed_width(sheet: Worksheet, area: str) -> float:
    """Width of ``area`` in character widths, hidden columns left out (they do not print)."""
    min_col, _, max_col, _ = range_boundaries(area)
    total = 0.0
    for column in range(min_col or 1, (max_col or 1) + 1):
        width, hidden = _column(sheet, column)
        total += 0.0 if hidden else width
    return total


def smallest_font(sheet: Worksheet, area: str) -> float:
    """The size in points of the smallest text in ``area`` (11, Calibri's, when empty)."""
    min_col, min_row, max_col, max_row = range_boundaries(area)
    sizes = [
        float(cell.font.sz) if cell.font is not None and cell.font.sz else 11.0
        for row in sheet.iter_rows(min_row, max_row, min_col, max_col)
        for cell in row
        if cell.value is not None and cell.value != ""
    ]
    return min(sizes, default=11.0)


#: The size of a chart's text unless the chart says (Excel's and LibreOffice's default).
CHART_TEXT_POINTS = 10


def chart_text(chart: ChartBase, points: float) -> None:
    """The text of ``chart`` (axes, legend, data labels) at ``points``; a text whose size
    the chart sets keeps it."""

    def text() -> RichText:
        size = CharacterProperties(sz=round(points * 100))
        return RichText(
            bodyPr=RichTextProperties(),
            p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)],
        )

    parts = [chart.legend]
    for plot in (chart, *chart._charts):
        parts += [plot.x_axis, plot.y_axis, getattr(plot, "dataLabels", None)]
        parts += [series.dLbls for series in plot.series]
    for part in parts:
        if part is not None and part.txPr is None:
            part.txPr = text()


def printed_size(scale: int) -> float:
    """The size, in points, that prints at :data:`MIN_PRINTED_POINTS` or more at ``scale``
    percent (in half points, with 3% to spare for LibreOffice's rounding).

    >>> printed_size(100), printed_size(80), printed_size(73)
    (8.5, 10.5, 11.5)
    """
    return math.ceil(MIN_PRINTED_POINTS * 100 / max(scale, 1) * _ROUNDING * 2) / 2


def least_scale(sheet: Worksheet, area: str) -> int:
    """The smallest print scale, in percent, at which every text of ``area`` prints at
    :data:`MIN_PRINTED_POINTS` or more.

    >>> from openpyxl import Workbook
    >>> sheet = Workbook().active
    >>> sheet["A1"] = "a note"
    >>> least_scale(sheet, "A1:A1")  # 8 / 11 = 72.7%
    73
    """
    return math.ceil(MIN_PRINTED_POINTS / smallest_font(sheet, area) * 100)


#: A text column is not made narrower than this (in character widths).
NARROWEST_TEXT = 16.0


def _is_text(cell: Cell) -> bool:
    return isinstance(cell.value, str) and not cell.value.startswith("=")


def _flexible(sheet: Worksheet, cell: Cell, max_col: int) -> bool:
    """A cell that a narrower column does not cut: typed text (it can wrap), text that
    wraps, or a text formula with nothing on its right (its text runs on over it)."""
    if _is_text(cell) or _wraps(cell):
        return True
    right = sheet.cell(cell.row, cell.column + 1) if cell.column < max_col else None
    text_format = cell.number_format in ("General", "@")
    return isinstance(cell.value, str) and text_format and right is not None and not right.value


def narrow_text_columns(sheet: Worksheet, area: str, room: float) -> bool:
    """Make the text columns of ``area`` narrower, in proportion and down to
    :data:`NARROWEST_TEXT`, until the area is ``room`` character widths wide; whether
    they did (they do not change when that is not enough).

    A text column holds typed text only (labels, notes) or text that wraps; a text
    that would run into the filled cell on its right wraps onto more lines instead
    (its row grows: :func:`fit_row_heights`). Columns of numbers and formulas keep
    their width: a number too wide for its column prints as ``###``.
    """
    min_col, min_row, max_col, max_row = range_boundaries(area)
    excess = _printed_width(sheet, area) - room
    if excess <= 0:
        return False
    slack: dict[int, float] = {}
    for column in range(min_col, max_col + 1):
        width, hidden = _column(sheet, column)
        filled = [
            cell
            for (cell,) in sheet.iter_rows(min_row, max_row, column, column)
            if cell.value is not None and cell.value != ""
        ]
        flexible = all(_flexible(sheet, c, max_col) for c in filled)
        if filled and not hidden and width > NARROWEST_TEXT and flexible:
            slack[column] = width - NARROWEST_TEXT
    total = sum(slack.values())
    if total < excess + 0.5:
        return False  # still too wide: the columns go on to a next page as they are
    share = (excess + 0.5) / total
    for column, spare in slack.items():
        letter = get_column_letter(column)
        width, _ = _column(sheet, column)
        sheet.column_dimensions[letter].width = round(width - spare * share, 1)
        for (cell,) in sheet.iter_rows(min_row, max_row, column, column):
            right = sheet.cell(cell.row, column + 1) if column < max_col else None
            if _is_text(cell) and not _wraps(cell) and right is not None and right.value:
                alignment = copy(cell.alignment)
                alignment.wrap_text = True
                cell.alignment = alignment
    return True


def _wraps(cell: Cell) -> bool:
    return cell.alignment is not None and bool(cell.alignment.wrap_text)


def _height(sheet: Worksheet, area: str) -> float:
    """Printed height of ``area`` in points (a row of no set height: 15 points)."""
    _, min_row, _, max_row = range_boundaries(area)
    return sum(
        (sheet.row_dimensions[row].height or 15.0) if row in sheet.row_dimensions else 15.0
        for row in range(min_row, max_row + 1)
    )


def _printable_height(code: int, orientation: str) -> float:
    width, height = PAPER_POINTS[code]
    down = width if orientation == "landscape" else height
    return down - (_MARGINS.top + _MARGINS.bottom) * 72


def _plan(sheet: Worksheet, area: str, code: int, orientation: str, least: int) -> tuple[int, int]:
    """Lay ``area`` out for ``orientation``: its text columns narrowed when one page wide
    would print smaller than ``least`` percent. Returns the scale one page wide would print
    at (percent) and an estimate of the pages (plus 1,000 when the columns go on to a next
    page: one page wide before fewer pages)."""
    width = _printed_width(sheet, area) * _unit(sheet)
    fit = math.floor(_printable_width(code, orientation) / width * 100)
    if fit < least:
        # narrower text columns (their text wraps onto more lines) before smaller text
        room = _printable_width(code, orientation) * 100 / least / _unit(sheet)
        if narrow_text_columns(sheet, area, room):
            fit_row_heights(sheet)
            width = _printed_width(sheet, area) * _unit(sheet)
            fit = math.floor(_printable_width(code, orientation) / width * 100)
    scale = max(min(100, fit), least)
    across = (
        1 if fit >= least else math.ceil(width * scale / 100 / _printable_width(code, orientation))
    )
    down = math.ceil(_height(sheet, area) * scale / 100 / _printable_height(code, orientation))
    return fit, across * down + (1000 if across > 1 else 0)  # columns split: the last resort


def _choose(sheet: Worksheet, area: str, code: int, asked: str | None, least: int) -> str:
    """The orientation that prints ``area`` on fewer pages at ``least`` percent or more: the
    one asked for (else portrait) on a tie; landscape when the one asked for cannot be one
    page wide and landscape can (legibility first)."""
    min_col, min_row, max_col, max_row = range_boundaries(area)
    letters = [get_column_letter(c) for c in range(min_col, max_col + 1)]
    widths = {
        letter: sheet.column_dimensions[letter].width if letter in sheet.column_dimensions else None
        for letter in letters
    }
    heights = {r: sheet.row_dimensions[r].height for r in range(min_row, max_row + 1)}
    alignments = {
        cell.coordinate: copy(cell.alignment)
        for row in sheet.iter_rows(min_row, max_row, min_col, max_col)
        for cell in row
    }
    plans = {}
    for orientation in ("portrait", "landscape"):
        plans[orientation] = _plan(sheet, area, code, orientation, least)
        for letter, width in widths.items():
            if width is None:
                sheet.column_dimensions.pop(letter, None)  # as it was: no width of its own
            else:
                sheet.column_dimensions[letter].width = width
        for row, height in heights.items():
            sheet.row_dimensions[row].height = height
        for coordinate, alignment in alignments.items():
            sheet[coordinate].alignment = alignment
    first = asked or "portrait"
    other = "landscape" if first == "portrait" else "portrait"
    (fit, pages), (other_fit, other_pages) = plans[first], plans[other]
    if asked:
        wider = first == "portrait" and fit < least <= other_fit
        return other if wider else first
    return other if other_pages < pages else first


def _unit(sheet: Worksheet) -> float:
    """Printed points of a unit of column width of ``sheet``: a digit of the workbook's
    default font (:data:`POINTS_PER_WIDTH` for Calibri 11, in proportion for another size)."""
    fonts = sheet.parent._fonts
    size = float(fonts[0].sz) if len(fonts) and fonts[0].sz else 11.0
    return POINTS_PER_WIDTH * size / 11.0 * _ROUNDING


#: LibreOffice rounds column widths to whole pixels and pads the page: a sheet is
#: planned 3% wider than its widths add up to, so that it never prints below the plan.
_ROUNDING = 1.03


def _printable_width(code: int, orientation: str) -> float:
    width, height = PAPER_POINTS[code]
    across = height if orientation == "landscape" else width
    return across - (_MARGINS.left + _MARGINS.right) * 72


def apply_print_setup(
    workbook: Workbook,
    *,
    paper: str = DEFAULT_PAPER,
    case_name: str = "",
    layouts: Mapping[str, SheetPrint] | None = None,
) -> None:
    """Give every worksheet of ``workbook`` its print setup (see the module docstring)."""
    code = paper_code(paper)
    layouts = layouts or {}
    footer_left = header_footer_text(case_name.strip()[:80])
    for sheet in workbook.worksheets:
        separate_columns(sheet)
        fit_row_heights(sheet)
        if sheet.sheet_state != "visible":
            continue  # LibreOffice prints a hidden sheet that has a print area
        layout = layouts.get(sheet.title, SheetPrint())
        area = layout.area or sheet.dimensions
        if ":" not in area:
            area = f"{area}:{area}"
        sheet.print_area = area
        if layout.title_rows:
            sheet.print_title_rows = layout.title_rows
        for row in layout.breaks:
            sheet.row_breaks.append(Break(id=row))
        setup = sheet.page_setup
        setup.paperSize = code
        least = least_scale(sheet, area)
        orientation = _choose(sheet, area, code, layout.orientation, least)
        fit, _ = _plan(sheet, area, code, orientation, least)
        setup.orientation = orientation
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if layout.one_page else 0
        scale = min(100, fit)
        if layout.one_page:  # as tall as the page too
            scale = min(
                scale, math.floor(_printable_height(code, orientation) / _height(sheet, area) * 100)
            )
        if fit < least and not layout.one_page:
            # one page wide would print too small: the columns go on to a next page
            sheet.sheet_properties.pageSetUpPr.fitToPage = False
            setup.scale = scale = least
        sheet.page_margins = copy(_MARGINS)
        footer_size = max(_FOOTER_POINTS, math.ceil(printed_size(scale)))
        if printed_size(scale) > CHART_TEXT_POINTS:  # chart text as large as it must be
            for chart in sheet._charts:
                chart_text(chart, printed_size(scale))
        footer = sheet.oddFooter
        footer.left.text = footer_left or None
        footer.center.text = "&A"
        footer.right.text = "Page &P of &N"
        for part in (footer.left, footer.center, footer.right):
            part.size = footer_size

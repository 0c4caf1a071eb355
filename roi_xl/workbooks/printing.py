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

from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .text_fit import fit_row_heights

#: Paper sizes by name, as the SpreadsheetML ``paperSize`` codes (ECMA-376 18.3.1.63).
PAPER_SIZES = {"A4": 9, "Letter": 1}
DEFAULT_PAPER = "A4"
#: Printed columns wider than this (in character widths) print landscape.
LANDSCAPE_WIDTH = 95
_DEFAULT_WIDTH = 8.43  # Excel's default column width in characters


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


def _printed_width(sheet: Worksheet, area: str) -> float:
    min_col, _, max_col, _ = range_boundaries(area)
    total = 0.0
    for column in range(min_col or 1, (max_col or 1) + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        width = dimension.width if dimension is not None and dimension.width else None
        total += width or _DEFAULT_WIDTH
    return total


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
        landscape = _printed_width(sheet, area) > LANDSCAPE_WIDTH
        setup.orientation = layout.orientation or ("landscape" if landscape else "portrait")
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if layout.one_page else 0
        sheet.page_margins = PageMargins(
            left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.25
        )
        footer = sheet.oddFooter
        footer.left.text = footer_left or None
        footer.left.size = 8
        footer.center.text = "&A"
        footer.center.size = 8
        footer.right.text = "Page &P of &N"
        footer.right.size = 8

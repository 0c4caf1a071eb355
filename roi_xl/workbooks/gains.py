"""The ``Gains`` sheet: the lever gains, extra gain lines, attribution, risk and ramp-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import copy

from openpyxl.worksheet.worksheet import Worksheet

from ..core import LEVERS, GainLine
from ..core.business_case import ATTRIBUTION_KEY
from ..io.cell_text import put
from . import styles
from .book import Rule, TemplateBook
from .levers import (
    ATTRIBUTION_LINE,
    CONTACTS_AFTER_DEFLECTION,
    CONTACTS_HANDLED_AFTER,
    LEVER_FORMULAS,
    LEVER_NOTES,
    attributed_value,
    table_value,
)
from .lists import GAIN_CATEGORY_LIST

HEADERS = (
    "Gain line",
    "Category",
    "Gross annual value",
    "Attribution share",
    "Risk adjustment",
    "Realisation Y1",
    "Realisation Y2",
    "Realisation Y3",
    "Value Y1",
    "Value Y2",
    "Value Y3",
)
YEAR_COLUMNS = ("I", "J", "K")
REALISATION_COLUMNS = ("F", "G", "H")
LEVER_HEADER_ROW = 6
FIRST_LEVER_ROW = LEVER_HEADER_ROW + 3  # after contacts after deflection and handled after FCR
ATTRIBUTION_ROW = FIRST_LEVER_ROW + len(LEVERS)  # support-attributed revenue, after the levers
ATTRIBUTION_LABEL = "Support-attributed revenue (Attribution sheet)"
#: The counted value of the whole GainLines table by year (columns I..K), above its header.
OTHER_TOTAL_ROW = ATTRIBUTION_ROW + 2
GAIN_LINES_HEADER_ROW = ATTRIBUTION_ROW + 3
DEFAULT_GAIN_ROWS = 20

#: Extra gain lines a user is likely to have, pre-filled with no value.
DEFAULT_GAIN_LINES: tuple[GainLine, ...] = (
    GainLine("Saved carts", "Revenue"),
    GainLine("Referrals", "Revenue"),
    GainLine("Compliance fines avoided", "Risk & compliance"),
    GainLine("Other", "Cost savings"),
)

_SHARE = Rule("rate", "Part of this gain credited to service (100% = all of it).")
_RISK = Rule("rate", "Haircut for uncertainty (0% = none).")
_REALISATION = Rule("rate", "Share of the gain realised in this year (ramp-up).")


def _line_values(
    book: TemplateBook,
    sheet: Worksheet,
    row: int,
    line: GainLine,
    gross: str | None = None,
    *,
    at_margin: bool = False,
    empty: bool = False,
) -> None:
    """Share, risk and realisation of one gain line, and its three yearly values.

    ``empty``: a table row with no line yet: its inputs stay blank (neutral) and its
    values show nothing while they are 0, so an empty row prints empty.
    """
    if not empty:
        values = (line.share, line.risk, *line.realisation)
        for column, value in zip("DEFGH", values, strict=True):
            sheet[f"{column}{row}"] = value
    for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
        book.formula(
            sheet,
            f"{column}{row}",
            attributed_value(row, realised, gross, at_margin=at_margin),
            number_format=f"{styles.CURRENCY};" if empty else styles.CURRENCY,
        )


def _adjustment_inputs(book: TemplateBook, sheet: Worksheet, first: int, last: int) -> None:
    book.input(sheet, f"D{first}:D{last}", _SHARE, number_format=styles.PERCENT)
    book.input(sheet, f"E{first}:E{last}", _RISK, number_format=styles.PERCENT)
    book.input(sheet, f"F{first}:H{last}", _REALISATION, number_format=styles.PERCENT)


def build_gains(
    book: TemplateBook,
    lever_settings: Mapping[str, GainLine] | None = None,
    lines: Sequence[GainLine] | None = None,
    rows: int = DEFAULT_GAIN_ROWS,
    aht_gross: str | None = None,
) -> None:
    """The Gains sheet: six lever rows, then a ``GainLines`` table of ``rows`` rows.

    ``aht_gross`` replaces the gross value the handle-time line's yearly values use
    (the business case lets the Staffing sheet's hard savings stand in for it).
    """
    settings = lever_settings or {}
    lines = DEFAULT_GAIN_LINES if lines is None else tuple(lines)
    rows = max(rows, len(lines))
    sheet = book.sheet("Gains")
    sheet["A1"] = "Gains: what service saves and earns"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Value in a year = gross x attribution share x (1 - risk) x realisation; Revenue "
        "lines of the table at the gross margin. Defaults are neutral (100%, 0%, 100%)."
    )
    sheet["A2"].font = styles.NOTE_FONT
    first_line, last_line = GAIN_LINES_HEADER_ROW + 1, GAIN_LINES_HEADER_ROW + rows
    last_lever = ATTRIBUTION_ROW
    sheet["H4"] = "Total attributed gains"
    sheet["H4"].font = styles.SECTION_FONT
    sheet["H4"].alignment = styles.WRAP  # two lines in a narrow column, not cut off
    for year, column in enumerate(YEAR_COLUMNS, start=1):
        sheet[f"{column}3"] = f"Year {year}"
        sheet[f"{column}3"].font = styles.SECTION_FONT
        sheet[f"{column}3"].alignment = styles.NUMBER_HEADER  # over its total
        book.formula(
            sheet,
            f"{column}4",
            f"=SUM({column}{FIRST_LEVER_ROW}:{column}{last_lever})+{column}{OTHER_TOTAL_ROW}",
            name=f"Total_Gains_Y{year}",
            number_format=styles.CURRENCY,
        )
    for column, title in enumerate((*HEADERS, "Note"), start=1):
        sheet.cell(LEVER_HEADER_ROW, column, title)
    styles.style_header(
        [sheet.cell(LEVER_HEADER_ROW, c) for c in range(1, len(HEADERS) + 2)], numbers="CDEFGHIJK"
    )
    row = LEVER_HEADER_ROW + 1
    sheet[f"A{row}"] = "Contacts after deflection (base of FCR)"
    book.formula(sheet, f"C{row}", CONTACTS_AFTER_DEFLECTION, name="Contacts_After_Deflection")
    sheet[f"A{row + 1}"] = "Contacts people still handle, after FCR (base of AHT, escalation)"
    book.formula(sheet, f"C{row + 1}", CONTACTS_HANDLED_AFTER, name="Contacts_Handled_After")
    sheet[f"L{row + 1}"] = "after deflection x FCR before / FCR after: no contact saved twice"
    sheet[f"L{row + 1}"].font = styles.NOTE_FONT
    sheet[f"L{row + 1}"].alignment = styles.WRAP  # notes: the last printed column, wrapped
    for row, (name, label, category) in enumerate(LEVERS, start=FIRST_LEVER_ROW):
        sheet[f"A{row}"] = label
        sheet[f"B{row}"] = category
        book.formula(
            sheet, f"C{row}", LEVER_FORMULAS[name], name=name, number_format=styles.CURRENCY
        )
        gross = aht_gross if name == "Gain_AHT" else None
        _line_values(book, sheet, row, settings.get(name, GainLine(name)), gross)
        if name in LEVER_NOTES:
            book.formula(sheet, f"L{row}", LEVER_NOTES[name], number_format="@")
            sheet[f"L{row}"].font = styles.NOTE_FONT

    sheet[f"A{ATTRIBUTION_ROW}"] = ATTRIBUTION_LABEL
    sheet[f"B{ATTRIBUTION_ROW}"] = "Revenue"
    book.formula(sheet, f"C{ATTRIBUTION_ROW}", ATTRIBUTION_LINE, number_format=styles.CURRENCY)
    _line_values(
        book, sheet, ATTRIBUTION_ROW, settings.get(ATTRIBUTION_KEY, GainLine(ATTRIBUTION_KEY))
    )
    sheet[f"L{ATTRIBUTION_ROW}"] = "0 unless switched on (yes) on the Attribution sheet"
    sheet[f"L{ATTRIBUTION_ROW}"].font = styles.NOTE_FONT
    sheet[f"L{ATTRIBUTION_ROW}"].alignment = styles.WRAP
    _adjustment_inputs(book, sheet, FIRST_LEVER_ROW, last_lever)
    sheet[f"A{OTHER_TOTAL_ROW}"] = "Other gain lines: type your own below (insert rows inside)"
    sheet[f"A{OTHER_TOTAL_ROW}"].font = styles.SECTION_FONT
    sheet[f"H{OTHER_TOTAL_ROW}"] = "Table, counted"
    for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
        book.formula(
            sheet,
            f"{column}{OTHER_TOTAL_ROW}",
            table_value(first_line, last_line, realised),
            number_format=styles.CURRENCY,
        )
    for column, title in enumerate(HEADERS, start=1):
        sheet.cell(GAIN_LINES_HEADER_ROW, column, title)
    styles.style_header(
        [sheet.cell(GAIN_LINES_HEADER_ROW, c) for c in range(1, 12)], numbers="CDEFGHIJK"
    )
    for offset in range(rows):
        row = first_line + offset
        line = lines[offset] if offset < len(lines) else GainLine("")
        if line.name:
            put(sheet[f"A{row}"], line.name)  # the user's text, kept text
            put(sheet[f"B{row}"], line.category)
        if line.gross:
            sheet[f"C{row}"] = line.gross
        _line_values(book, sheet, row, line, at_margin=True, empty=offset >= len(lines))
    book.input(
        sheet, f"A{first_line}:A{last_line}", Rule("text", "What the gain is."), number_format="@"
    )
    book.input(
        sheet,
        f"B{first_line}:B{last_line}",
        Rule("list", "Cost savings, Revenue, Retention or Risk & compliance.", GAIN_CATEGORY_LIST),
        number_format="@",
    )
    book.input(
        sheet,
        f"C{first_line}:C{last_line}",
        Rule("money", "Gross value a year before attribution and risk."),
        number_format=styles.CURRENCY,
    )
    _adjustment_inputs(book, sheet, first_line, last_line)
    book.table(sheet, "GainLines", f"A{GAIN_LINES_HEADER_ROW}:K{last_line}")
    for column, width in {
        "A": 52,
        "B": 18,
        "C": 18,
        "D": 12,
        "E": 12,
        "F": 12,
        "G": 12,
        "H": 12,
        "I": 16,
        "J": 16,
        "K": 16,
        "L": 44,
    }.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"B{LEVER_HEADER_ROW + 1}"
    for (note,) in sheet.iter_rows(min_col=12, max_col=12, min_row=LEVER_HEADER_ROW):
        if note.value is not None:  # apart from the Value Y3 figures to their left
            alignment = copy(note.alignment)
            alignment.indent = 1
            note.alignment = alignment

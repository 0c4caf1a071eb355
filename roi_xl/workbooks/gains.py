"""The ``Gains`` sheet: the lever gains, extra gain lines, attribution, risk and ramp-up."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import replace
from typing import Any

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
    COUNTS_AS_COLUMN,
    LEVER_FORMULAS,
    LEVER_NOTES,
    RISK_REASON_COLUMN,
    attributed_value,
    counts_as_capacity,
    table_value,
)
from .lists import COUNTS_AS_LIST, GAIN_CATEGORY_LIST

#: The notes column, right of the table.
NOTE_COLUMN = "N"
#: The cash and capacity outputs: (label, name), in column M (label) and N (value), rows 2..6.
SPLIT_OUTPUTS = (
    ("Counted as cash, 3 years", "Cash_Gains_3yr"),
    ("Capacity counted (after recapture), 3 years", "Capacity_Gains_3yr"),
    ("Capacity not counted (recapture below 100%), 3 years", "Capacity_Not_Counted_3yr"),
    ("Taken off by the risk adjustments, 3 years", "Risk_Haircut_3yr"),
    ("Value-weighted risk adjustment", "Benefits_Risk_Adjustment"),
)

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
    "Counts as",
    "Risk reason",
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
_COUNTS_AS = Rule(
    "list",
    "cash: money that leaves the budget or arrives; capacity: agent time freed, counted at "
    "the capacity recapture rate (Assumptions). Blank: capacity for a cost saving, else cash.",
    COUNTS_AS_LIST,
)
_RISK_REASON = Rule(
    "text", "Why the risk adjustment is what it is (evidence, what could go wrong)."
)


def _line_values(
    book: TemplateBook,
    sheet: Worksheet,
    row: int,
    line: GainLine,
    gross: str | None = None,
    *,
    at_margin: bool = False,
    empty: bool = False,
    erlang_cash: bool = False,
) -> None:
    """Share, risk and realisation of one gain line, and its three yearly values.

    ``empty``: a table row with no line yet: its inputs stay blank (neutral) and its
    values show nothing while they are 0, so an empty row prints empty.
    """
    if not empty:
        values = (line.share, line.risk, *line.realisation)
        for column, value in zip("DEFGH", values, strict=True):
            sheet[f"{column}{row}"] = value
        put(sheet[f"{COUNTS_AS_COLUMN}{row}"], line.kind())  # the default written out
        if line.risk_reason:
            put(sheet[f"{RISK_REASON_COLUMN}{row}"], line.risk_reason)  # the user's text
    for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
        book.formula(
            sheet,
            f"{column}{row}",
            attributed_value(row, realised, gross, at_margin=at_margin, erlang_cash=erlang_cash),
            number_format=f"{styles.CURRENCY};" if empty else styles.CURRENCY,
        )


def _adjustment_inputs(book: TemplateBook, sheet: Worksheet, first: int, last: int) -> None:
    book.input(sheet, f"D{first}:D{last}", _SHARE, number_format=styles.PERCENT)
    book.input(sheet, f"E{first}:E{last}", _RISK, number_format=styles.PERCENT)
    book.input(sheet, f"F{first}:H{last}", _REALISATION, number_format=styles.PERCENT)
    book.input(
        sheet, f"{COUNTS_AS_COLUMN}{first}:{COUNTS_AS_COLUMN}{last}", _COUNTS_AS, number_format="@"
    )
    book.input(
        sheet,
        f"{RISK_REASON_COLUMN}{first}:{RISK_REASON_COLUMN}{last}",
        _RISK_REASON,
        number_format="@",
    )
    for row in range(first, last + 1):
        sheet[f"{RISK_REASON_COLUMN}{row}"].alignment = styles.WRAP


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
        "Value in a year = gross x attribution share x (1 - risk) x realisation, x the capacity "
        "recapture rate for a line that counts as capacity; Revenue lines of the table at the "
        "gross margin. Defaults are neutral (100%, 0%, 100%). Give every risk its reason."
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
    n = NOTE_COLUMN
    sheet[f"{n}{row + 1}"] = "after deflection x FCR before / FCR after: no contact saved twice"
    sheet[f"{n}{row + 1}"].font = styles.NOTE_FONT
    sheet[f"{n}{row + 1}"].alignment = styles.WRAP  # notes: the last printed column, wrapped
    erlang = aht_gross is not None  # the business case: Erlang C hard savings count as cash
    for row, (name, label, category) in enumerate(LEVERS, start=FIRST_LEVER_ROW):
        sheet[f"A{row}"] = label
        sheet[f"B{row}"] = category
        book.formula(
            sheet, f"C{row}", LEVER_FORMULAS[name], name=name, number_format=styles.CURRENCY
        )
        aht = name == "Gain_AHT"
        line = replace(settings.get(name, GainLine(name)), category=category)
        _line_values(
            book,
            sheet,
            row,
            line,
            aht_gross if aht else None,
            erlang_cash=aht and erlang,
        )
        if name in LEVER_NOTES:
            book.formula(sheet, f"{n}{row}", LEVER_NOTES[name], number_format="@")
            sheet[f"{n}{row}"].font = styles.NOTE_FONT
        elif aht and erlang:
            book.formula(
                sheet,
                f"{n}{row}",
                f'=IF({counts_as_capacity(row, erlang_cash=True)},"",'
                '"counted as cash: the Staffing sheet\'s agents no longer needed")',
                number_format="@",
            )
            sheet[f"{n}{row}"].font = styles.NOTE_FONT

    sheet[f"A{ATTRIBUTION_ROW}"] = ATTRIBUTION_LABEL
    sheet[f"B{ATTRIBUTION_ROW}"] = "Revenue"
    book.formula(sheet, f"C{ATTRIBUTION_ROW}", ATTRIBUTION_LINE, number_format=styles.CURRENCY)
    attribution = settings.get(ATTRIBUTION_KEY, GainLine(ATTRIBUTION_KEY))
    _line_values(book, sheet, ATTRIBUTION_ROW, replace(attribution, category="Revenue"))
    sheet[f"{n}{ATTRIBUTION_ROW}"] = "0 unless switched on (yes) on the Attribution sheet"
    sheet[f"{n}{ATTRIBUTION_ROW}"].font = styles.NOTE_FONT
    sheet[f"{n}{ATTRIBUTION_ROW}"].alignment = styles.WRAP
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
        [sheet.cell(GAIN_LINES_HEADER_ROW, c) for c in range(1, len(HEADERS) + 1)],
        numbers="CDEFGHIJK",
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
    book.table(sheet, "GainLines", f"A{GAIN_LINES_HEADER_ROW}:{RISK_REASON_COLUMN}{last_line}")
    _split(book, sheet, first_line, last_line, aht_gross)
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
        "L": 12,
        "M": 44,
        "N": 40,
    }.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"B{LEVER_HEADER_ROW + 1}"
    for (note,) in sheet.iter_rows(min_col=14, max_col=14, min_row=LEVER_HEADER_ROW):
        if note.value is not None:  # apart from the Value Y3 figures to their left
            alignment = copy(note.alignment)
            alignment.indent = 1
            note.alignment = alignment


def _split(
    book: TemplateBook, sheet: Worksheet, first: int, last: int, aht_gross: str | None
) -> None:
    """Cash and capacity over 3 years, and what the risk adjustments take off (M1:N5).

    Each lever row counts by its "Counts as" cell (blank: by its category); the table by
    the same rule row by row, from its inputs (as its counted total).
    """
    handle_time = FIRST_LEVER_ROW + [name for name, *_ in LEVERS].index("Gain_AHT")
    erlang = aht_gross is not None
    recapture = "IF(ISBLANK(Capacity_Recapture),1,Capacity_Recapture)"

    def capacity(row: int) -> str:
        return counts_as_capacity(row, erlang_cash=erlang and row == handle_time)

    def before_risk(row: int) -> str:
        """The row's 3-year value before risk and recapture: gross x share x realisation."""
        gross = aht_gross if erlang and row == handle_time else f"$C${row}"
        share = f"IF(ISBLANK($D${row}),1,$D${row})"
        realised = "+".join(f"IF(ISBLANK(${c}${row}),1,${c}${row})" for c in REALISATION_COLUMNS)
        return f"{gross}*{share}*({realised})"

    def levers(term: Callable[[int], str]) -> str:
        return "+".join(term(row) for row in range(FIRST_LEVER_ROW, ATTRIBUTION_ROW + 1))

    def table(only: str | None, **options: Any) -> str:
        return "+".join(
            table_value(first, last, realised, only=only, **options).removeprefix("=")
            for realised in REALISATION_COLUMNS
        )

    # each lever's term a product, so that an error in a lever (an FCR of 0) flows into
    # these sums as into the totals
    counted = "Risk_Haircut_3yr+Cash_Gains_3yr+Capacity_Gains_3yr"
    formulas = {
        "Cash_Gains_3yr": (
            "="
            + levers(lambda r: f"SUM($I${r}:$K${r})*IF({capacity(r)},0,1)")
            + f"+{table('cash')}"
        ),
        "Capacity_Gains_3yr": (
            "="
            + levers(lambda r: f"SUM($I${r}:$K${r})*IF({capacity(r)},1,0)")
            + f"+{table('capacity')}"
        ),
        "Capacity_Not_Counted_3yr": (
            "="
            + levers(lambda r: f"{before_risk(r)}*(1-$E${r})*(1-{recapture})*IF({capacity(r)},1,0)")
            + f"+{table('capacity', recaptured=False)}-({table('capacity')})"
        ),
        "Risk_Haircut_3yr": (
            "="
            + levers(lambda r: f"{before_risk(r)}*$E${r}*IF({capacity(r)},{recapture},1)")
            + f"+{table(None, risk='haircut')}"
        ),
        "Benefits_Risk_Adjustment": f"=IF({counted}=0,0,Risk_Haircut_3yr/({counted}))",
    }
    for row, (label, name) in enumerate(SPLIT_OUTPUTS, start=1):
        sheet[f"M{row}"] = label
        sheet[f"M{row}"].alignment = styles.WRAP
        book.formula(
            sheet,
            f"N{row}",
            formulas[name],
            name=name,
            number_format=styles.PERCENT if name == "Benefits_Risk_Adjustment" else styles.CURRENCY,
        )

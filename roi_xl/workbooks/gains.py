"""The ``Gains`` sheet: the lever gains, extra gain lines, attribution, risk and ramp-up.

Laid out on the workbook's one timeline: a gain line's values for Initial, Year 1,
Year 2 and Year 3 sit in columns D..G, as the Costs and Summary sheets' (gains start
in Year 1: Initial is 0). Its inputs follow (attribution share, risk, realisation by
year, what it counts as, why its risk is what it is). Every total is a short formula
over labelled steps: a lever row's working columns right of the printed page (counts
as capacity, its counted share, its 3-year values), and the extra-lines table summed
year by year in labelled rows above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from openpyxl.styles import Alignment, Font
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
    INITIAL_COLUMN,
    LEVER_FORMULAS,
    LEVER_NOTES,
    MARGIN,
    REALISATION_COLUMNS,
    RECAPTURE,
    RISK_COLUMN,
    RISK_REASON_COLUMN,
    SHARE_COLUMN,
    STAFFING_SWITCH,
    YEAR_COLUMNS,
    attributed_value,
    capacity_factor,
    is_capacity,
    table_sum,
)
from .lists import COUNTS_AS_LIST, GAIN_CATEGORY_LIST
from .staffing import HARD_SAVINGS

#: The last printed column (the table's last, Risk reason); the workings lie right of it.
LAST_PRINTED_COLUMN = RISK_REASON_COLUMN
#: The column right of the table: a number typed there would be left out of the totals.
BESIDE_COLUMN = "O"
#: The cash and capacity outputs, 3 years: (label, name), labels in column I, values in N,
#: from the row of the year headings down (beside the totals by year).
SPLIT_OUTPUTS = (
    ("Counted as cash, 3 years", "Cash_Gains_3yr"),
    ("Capacity counted (after recapture), 3 years", "Capacity_Gains_3yr"),
    ("Capacity not counted (recapture below 100%), 3 years", "Capacity_Not_Counted_3yr"),
    ("Taken off by the risk adjustments, 3 years", "Risk_Haircut_3yr"),
    ("Value-weighted risk adjustment", "Benefits_Risk_Adjustment"),
)
SPLIT_LABEL_COLUMN, SPLIT_VALUE_COLUMN = RISK_COLUMN, RISK_REASON_COLUMN

HEADERS = (
    "Gain line",
    "Category",
    "Gross annual value",
    "Initial",
    "Year 1",
    "Year 2",
    "Year 3",
    "Attribution share",
    "Risk adjustment",
    "Realisation Y1",
    "Realisation Y2",
    "Realisation Y3",
    "Counts as",
    "Risk reason",
)
#: Columns of numbers (headers right-aligned over them).
NUMBER_COLUMNS = "CDEFGHIJKL"
TIMELINE = (INITIAL_COLUMN, *YEAR_COLUMNS)

YEAR_HEADER_ROW, TOTAL_ROW = 3, 4
LEVER_HEADER_ROW = 8  # below the totals and the cash and capacity outputs
FIRST_LEVER_ROW = LEVER_HEADER_ROW + 3  # after contacts after deflection and handled after FCR
ATTRIBUTION_ROW = FIRST_LEVER_ROW + len(LEVERS)  # support-attributed revenue, after the levers
ATTRIBUTION_LABEL = "Support-attributed revenue (Attribution sheet; 0 unless switched on there)"
#: Notes under the levers that explain an error or a choice (blank otherwise).
FCR_NOTE_ROW, STAFFING_NOTE_ROW = ATTRIBUTION_ROW + 1, ATTRIBUTION_ROW + 2
#: The counted value of the whole GainLines table by year, and the labelled steps it is
#: made of (each summed over the table's rows, before capacity recapture).
OTHER_TOTAL_ROW = ATTRIBUTION_ROW + 4
TABLE_COUNTED_ROW = OTHER_TOTAL_ROW + 1  # after share, risk and realisation, all lines
TABLE_CAPACITY_ROW = OTHER_TOTAL_ROW + 2  # the same, capacity lines alone
TABLE_HAIRCUT_ROW = OTHER_TOTAL_ROW + 3  # taken off by the risk adjustments, all lines
TABLE_HAIRCUT_CAPACITY_ROW = OTHER_TOTAL_ROW + 4  # the same, capacity lines alone
TABLE_NOTE_ROW = OTHER_TOTAL_ROW + 5
GAIN_LINES_HEADER_ROW = OTHER_TOTAL_ROW + 6
DEFAULT_GAIN_ROWS = 20

#: Working cells right of the printed page: the gross margin and the recapture rate as
#: counted (blank = 100%), and by lever row: counts as capacity (1/0), its counted share
#: (the recapture rate or 1), the gross its yearly values use, its 3-year value before the
#: risk adjustment and its 3-year counted value.
WORKINGS_LABEL_COLUMN, WORKINGS_VALUE_COLUMN = "P", "Q"
MARGIN_CELL, RECAPTURE_CELL = "$Q$2", "$Q$3"
CAPACITY_FLAG, COUNTED_SHARE, GROSS_COUNTED, BEFORE_RISK_3YR, COUNTED_3YR = "PQRST"
WORKINGS = (
    (CAPACITY_FLAG, "Counts as capacity (1 = yes)"),
    (COUNTED_SHARE, "Counted share: recapture rate (capacity) or 100%"),
    (GROSS_COUNTED, "Gross value the years use"),
    (BEFORE_RISK_3YR, "3 years: gross x share x realisation (before risk)"),
    (COUNTED_3YR, "3 years counted (Year 1 to Year 3)"),
)

#: Notes on the printed page: as large as the figures (the sheet prints scaled down).
NOTE_FONT = Font(
    name=styles.NOTE_FONT.name,
    size=styles.FORMULA_FONT.size,
    italic=True,
    color=styles.NOTE_FONT.color,
)

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
_EXPLANATION = (
    "Value in a year = gross x attribution share x (1 - risk) x realisation, x the capacity "
    "recapture rate for a capacity line; Revenue lines of the table at the gross margin. "
    "Defaults are neutral (100%, 0%, 100%). Give every risk its reason. Gains start in "
    "Year 1 (Initial is 0): the years line up with the Costs and Summary sheets."
)
#: Wrapped text in line with its row's figures (a tall row reads from the top, as
#: the print setup aligns it).
_WRAP = Alignment(wrap_text=True)
#: A step of a total, indented under it.
_STEP = Alignment(horizontal="left", indent=1)
#: A short word between figures: centred, apart from them.
_CENTRED = Alignment(horizontal="center", wrap_text=True)
#: A one-word heading over a column of numbers: right-aligned, one line.
_OVER_NUMBERS = Alignment(horizontal="right", vertical="bottom")
_STAFFING_NOTE = (
    f'=IF({STAFFING_SWITCH}="{HARD_SAVINGS}","Handle time counts as cash: the agents no '
    'longer needed on the Staffing sheet, in place of the handle-time lever","")'
)


def _note(sheet: Worksheet, ref: str, text: str, *, wrap: bool = False) -> None:
    sheet[ref] = text
    sheet[ref].font = NOTE_FONT
    if wrap:
        sheet[ref].alignment = styles.WRAP


def _inputs(sheet: Worksheet, row: int, line: GainLine) -> None:
    """A line's share, risk, realisation, what it counts as and its risk reason."""
    columns = (SHARE_COLUMN, RISK_COLUMN, *REALISATION_COLUMNS)
    values = (line.share, line.risk, *line.realisation)
    for column, value in zip(columns, values, strict=True):
        sheet[f"{column}{row}"] = value
    put(sheet[f"{COUNTS_AS_COLUMN}{row}"], line.kind())  # the default written out
    if line.risk_reason:
        put(sheet[f"{RISK_REASON_COLUMN}{row}"], line.risk_reason)  # the user's text


def _initial(sheet: Worksheet, row: int, number_format: str) -> None:
    """Initial: no gain before Year 1 (0, locked), on the timeline of the other sheets."""
    cell = sheet[f"{INITIAL_COLUMN}{row}"]
    cell.value = 0
    styles.style_formula(cell, number_format)


def _adjustment_inputs(book: TemplateBook, sheet: Worksheet, first: int, last: int) -> None:
    book.input(
        sheet, f"{SHARE_COLUMN}{first}:{SHARE_COLUMN}{last}", _SHARE, number_format=styles.PERCENT
    )
    book.input(
        sheet, f"{RISK_COLUMN}{first}:{RISK_COLUMN}{last}", _RISK, number_format=styles.PERCENT
    )
    first_r, last_r = REALISATION_COLUMNS[0], REALISATION_COLUMNS[-1]
    book.input(
        sheet, f"{first_r}{first}:{last_r}{last}", _REALISATION, number_format=styles.PERCENT
    )
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
        sheet[f"{COUNTS_AS_COLUMN}{row}"].alignment = _CENTRED
        sheet[f"{RISK_REASON_COLUMN}{row}"].alignment = _WRAP


def _lever_workings(
    book: TemplateBook, sheet: Worksheet, row: int, gross: str | None, erlang_cash: bool
) -> None:
    """The working columns of one lever row (right of the printed page)."""
    capacity = f"IF({is_capacity(row)},1,0)"
    if erlang_cash:  # released agents (the Staffing sheet's hard savings) are cash
        capacity = f'IF({STAFFING_SWITCH}="{HARD_SAVINGS}",0,{capacity})'
    share = f"IF(ISBLANK(${SHARE_COLUMN}{row}),1,${SHARE_COLUMN}{row})"
    realised = "+".join(f"IF(ISBLANK(${c}{row}),1,${c}{row})" for c in REALISATION_COLUMNS)
    first, last = YEAR_COLUMNS[0], YEAR_COLUMNS[-1]
    formulas = {
        CAPACITY_FLAG: (f"={capacity}", styles.NUMBER),
        COUNTED_SHARE: (f"=IF(${CAPACITY_FLAG}{row}=1,{RECAPTURE_CELL},1)", styles.PERCENT),
        GROSS_COUNTED: (f"={gross or f'$C{row}'}", styles.CURRENCY),
        BEFORE_RISK_3YR: (f"=${GROSS_COUNTED}{row}*{share}*({realised})", styles.CURRENCY),
        COUNTED_3YR: (f"=SUM(${first}{row}:${last}{row})", styles.CURRENCY),
    }
    for column, (formula, number_format) in formulas.items():
        book.formula(sheet, f"{column}{row}", formula, number_format=number_format)


def _lever_values(
    book: TemplateBook,
    sheet: Worksheet,
    row: int,
    line: GainLine,
    gross: str | None = None,
    *,
    erlang_cash: bool = False,
) -> None:
    """A lever row: its inputs, its Initial (0) and yearly values, and its workings."""
    _inputs(sheet, row, line)
    _initial(sheet, row, styles.CURRENCY)
    for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
        book.formula(
            sheet,
            f"{column}{row}",
            attributed_value(
                row, realised, f"${GROSS_COUNTED}{row}", factor=f"${COUNTED_SHARE}{row}"
            ),
            number_format=styles.CURRENCY,
        )
    _lever_workings(book, sheet, row, gross, erlang_cash)


def _table_values(
    book: TemplateBook, sheet: Worksheet, row: int, line: GainLine, *, empty: bool
) -> None:
    """A row of the GainLines table: its inputs and its values by year (for the reader;
    the totals sum the table's input columns, so that an inserted row counts at once).

    ``empty``: a row with no line yet: its inputs stay blank (neutral) and its values
    show nothing while they are 0, so an empty row prints empty.
    """
    if not empty:
        _inputs(sheet, row, line)
    number_format = f"{styles.CURRENCY};" if empty else styles.CURRENCY
    _initial(sheet, row, number_format)
    factor = capacity_factor(row, recapture=RECAPTURE_CELL)
    for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
        book.formula(
            sheet,
            f"{column}{row}",
            attributed_value(row, realised, at_margin=True, margin=MARGIN_CELL, factor=factor),
            number_format=number_format,
        )


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
    _note(sheet, "A2", _EXPLANATION, wrap=True)
    sheet.merge_cells(f"A2:{LAST_PRINTED_COLUMN}2")
    first_line, last_line = GAIN_LINES_HEADER_ROW + 1, GAIN_LINES_HEADER_ROW + rows
    _workings_header(book, sheet)

    sheet[f"A{TOTAL_ROW}"] = "Total attributed gains"
    sheet[f"A{TOTAL_ROW}"].font = styles.SECTION_FONT
    for column, title in zip(TIMELINE, ("Initial", "Year 1", "Year 2", "Year 3"), strict=True):
        sheet[f"{column}{YEAR_HEADER_ROW}"] = title
        sheet[f"{column}{YEAR_HEADER_ROW}"].font = styles.SECTION_FONT
        sheet[f"{column}{YEAR_HEADER_ROW}"].alignment = _OVER_NUMBERS  # over its total
    for year, column in enumerate(TIMELINE):
        book.formula(
            sheet,
            f"{column}{TOTAL_ROW}",
            f"=SUM({column}{FIRST_LEVER_ROW}:{column}{ATTRIBUTION_ROW})+{column}{OTHER_TOTAL_ROW}",
            name=f"Total_Gains_Y{year}" if year else None,
            number_format=styles.CURRENCY,
        )

    _header(sheet, LEVER_HEADER_ROW)
    row = LEVER_HEADER_ROW + 1
    sheet[f"A{row}"] = "Contacts after deflection (base of FCR)"
    sheet[f"A{row}"].alignment = _WRAP
    book.formula(sheet, f"C{row}", CONTACTS_AFTER_DEFLECTION, name="Contacts_After_Deflection")
    sheet[f"A{row + 1}"] = "Contacts still handled (base of AHT, escalation)"
    sheet[f"A{row + 1}"].alignment = _WRAP
    book.formula(sheet, f"C{row + 1}", CONTACTS_HANDLED_AFTER, name="Contacts_Handled_After")
    # beside the contact counts, over the empty timeline cells of their rows
    _note(
        sheet,
        f"{INITIAL_COLUMN}{row + 1}",
        "after deflection x FCR before / FCR after: no contact saved twice",
    )
    sheet[f"{INITIAL_COLUMN}{row + 1}"].alignment = _STEP  # apart from the count to its left
    erlang = aht_gross is not None  # the business case: Erlang C hard savings count as cash
    for row, (name, label, category) in enumerate(LEVERS, start=FIRST_LEVER_ROW):
        sheet[f"A{row}"] = label
        sheet[f"B{row}"] = category
        book.formula(
            sheet, f"C{row}", LEVER_FORMULAS[name], name=name, number_format=styles.CURRENCY
        )
        aht = name == "Gain_AHT"
        line = replace(settings.get(name, GainLine(name)), category=category)
        _lever_values(
            book, sheet, row, line, aht_gross if aht else None, erlang_cash=aht and erlang
        )
    sheet[f"A{ATTRIBUTION_ROW}"] = ATTRIBUTION_LABEL
    sheet[f"B{ATTRIBUTION_ROW}"] = "Revenue"
    book.formula(sheet, f"C{ATTRIBUTION_ROW}", ATTRIBUTION_LINE, number_format=styles.CURRENCY)
    attribution = settings.get(ATTRIBUTION_KEY, GainLine(ATTRIBUTION_KEY))
    _lever_values(book, sheet, ATTRIBUTION_ROW, replace(attribution, category="Revenue"))
    _adjustment_inputs(book, sheet, FIRST_LEVER_ROW, ATTRIBUTION_ROW)
    for row in range(FIRST_LEVER_ROW, ATTRIBUTION_ROW + 1):
        sheet[f"A{row}"].alignment = _WRAP
    # notes that explain an error or a choice, under the levers (blank otherwise)
    book.formula(sheet, f"A{FCR_NOTE_ROW}", LEVER_NOTES["Gain_FCR"], number_format="@")
    sheet[f"A{FCR_NOTE_ROW}"].font = NOTE_FONT
    if erlang:
        book.formula(sheet, f"A{STAFFING_NOTE_ROW}", _STAFFING_NOTE, number_format="@")
        sheet[f"A{STAFFING_NOTE_ROW}"].font = NOTE_FONT

    _table_totals(book, sheet, first_line, last_line)
    _header(sheet, GAIN_LINES_HEADER_ROW)
    for offset in range(rows):
        row = first_line + offset
        line = lines[offset] if offset < len(lines) else GainLine("")
        if line.name:
            put(sheet[f"A{row}"], line.name)  # the user's text, kept text
            put(sheet[f"B{row}"], line.category)
        if line.gross:
            sheet[f"C{row}"] = line.gross
        _table_values(book, sheet, row, line, empty=offset >= len(lines))
    book.input(
        sheet, f"A{first_line}:A{last_line}", Rule("text", "What the gain is."), number_format="@"
    )
    for row in range(first_line, last_line + 1):
        sheet[f"A{row}"].alignment = _WRAP  # a long name on two lines, not cut off
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
    book.table(sheet, "GainLines", f"A{GAIN_LINES_HEADER_ROW}:{LAST_PRINTED_COLUMN}{last_line}")
    _split(book, sheet)
    for column, width in {
        "A": 28,
        "B": 11,
        "C": 11,
        "D": 9,
        "E": 11,
        "F": 11,
        "G": 11,
        "H": 11,
        "I": 11,
        "J": 11,
        "K": 11,
        "L": 11,
        "M": 10,
        "N": 20,
        "O": 4,
        "P": 42,  # the workings, not printed: wide enough for headers on two lines
        "Q": 36,
        "R": 30,
        "S": 36,
        "T": 30,
    }.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"B{LEVER_HEADER_ROW + 1}"
    # the printed page: the sheet up to the table's last column; the workings stay out
    # (the header of the lines repeated on every page: the levers and the table share it)
    book.print_layout(
        sheet,
        area=f"A1:{LAST_PRINTED_COLUMN}{last_line}",
        orientation="landscape",
        title_rows=f"{LEVER_HEADER_ROW}:{LEVER_HEADER_ROW}",
    )


def _header(sheet: Worksheet, row: int) -> None:
    for column, title in enumerate(HEADERS, start=1):
        sheet.cell(row, column, title)
    styles.style_header(
        [sheet.cell(row, c) for c in range(1, len(HEADERS) + 1)], numbers=NUMBER_COLUMNS
    )
    sheet[f"{COUNTS_AS_COLUMN}{row}"].alignment = _CENTRED  # apart from the figures to its left


def _workings_header(book: TemplateBook, sheet: Worksheet) -> None:
    """The working block's title, its two rates and its column headers (not printed)."""
    label, value = WORKINGS_LABEL_COLUMN, WORKINGS_VALUE_COLUMN
    sheet[f"{label}1"] = "Workings of the totals (not printed)"
    sheet[f"{label}1"].font = styles.SECTION_FONT
    sheet[f"{label}2"] = "Gross margin counted (blank = 100%)"
    book.formula(sheet, f"{value}2", f"={MARGIN}", number_format=styles.PERCENT)
    sheet[f"{label}3"] = "Capacity recapture counted (blank = 100%)"
    book.formula(sheet, f"{value}3", f"={RECAPTURE}", number_format=styles.PERCENT)
    for column, title in WORKINGS:
        sheet[f"{column}{LEVER_HEADER_ROW}"] = title
    styles.style_header(
        [sheet[f"{column}{LEVER_HEADER_ROW}"] for column, _ in WORKINGS],
        numbers="".join(column for column, _ in WORKINGS),
    )


def _table_totals(book: TemplateBook, sheet: Worksheet, first: int, last: int) -> None:
    """The GainLines table's counted value by year, and the labelled sums it is made of.

    Each step sums the table's input columns over all its rows for one year, before the
    capacity recapture rate; the counted value takes off what the rate leaves out of
    the capacity lines.
    """
    sheet[f"A{OTHER_TOTAL_ROW}"] = "Other gain lines, counted (the table below)"
    sheet[f"A{OTHER_TOTAL_ROW}"].font = styles.SECTION_FONT
    steps = {
        TABLE_COUNTED_ROW: ("all lines, before capacity recapture", "counted", False),
        TABLE_CAPACITY_ROW: ("of which lines that count as capacity", "counted", True),
        TABLE_HAIRCUT_ROW: ("all lines: taken off by the risk adjustments", "haircut", False),
        TABLE_HAIRCUT_CAPACITY_ROW: ("of which lines that count as capacity", "haircut", True),
    }
    for row, (label, risk, capacity_only) in steps.items():
        sheet[f"A{row}"] = label
        sheet[f"A{row}"].alignment = _STEP
        for column, realised in zip(YEAR_COLUMNS, REALISATION_COLUMNS, strict=True):
            book.formula(
                sheet,
                f"{column}{row}",
                table_sum(
                    first,
                    last,
                    realised,
                    margin=MARGIN_CELL,
                    risk=risk,
                    capacity_only=capacity_only,
                ),
                number_format=styles.CURRENCY,
            )
    _initial(sheet, OTHER_TOTAL_ROW, styles.CURRENCY)
    for column in YEAR_COLUMNS:
        book.formula(
            sheet,
            f"{column}{OTHER_TOTAL_ROW}",
            f"={column}{TABLE_COUNTED_ROW}-(1-{RECAPTURE_CELL})*{column}{TABLE_CAPACITY_ROW}",
            number_format=styles.CURRENCY,
        )
    _note(
        sheet,
        f"A{TABLE_NOTE_ROW}",
        "Type your own gain lines in the table below; insert rows inside it (above its last "
        "row) and the totals follow. Revenue lines count at the gross margin.",
    )


def _split(book: TemplateBook, sheet: Worksheet) -> None:
    """Cash and capacity over 3 years, and what the risk adjustments take off.

    Each lever row counts by its "counts as capacity" working cell (from its Counts as
    cell; blank: by its category); the table by the labelled sums above it. Sums of
    products, so that an error in a lever (an FCR of 0) flows into them as into the
    totals.
    """
    first, last = FIRST_LEVER_ROW, ATTRIBUTION_ROW

    def levers(column: str) -> str:
        return f"${column}${first}:${column}${last}"

    def years(row: int) -> str:
        return f"SUM(${YEAR_COLUMNS[0]}${row}:${YEAR_COLUMNS[-1]}${row})"

    flag, counted, before = levers(CAPACITY_FLAG), levers(COUNTED_3YR), levers(BEFORE_RISK_3YR)
    capacity, haircut_capacity = years(TABLE_CAPACITY_ROW), years(TABLE_HAIRCUT_CAPACITY_ROW)
    not_recaptured = f"(1-{RECAPTURE_CELL})"
    total = "Risk_Haircut_3yr+Cash_Gains_3yr+Capacity_Gains_3yr"
    formulas = {
        "Cash_Gains_3yr": (
            f"=SUMPRODUCT({counted},1-{flag})+{years(TABLE_COUNTED_ROW)}-{capacity}"
        ),
        "Capacity_Gains_3yr": f"=SUMPRODUCT({counted},{flag})+{RECAPTURE_CELL}*{capacity}",
        "Capacity_Not_Counted_3yr": (
            f"={not_recaptured}*(SUMPRODUCT({before},1-{levers(RISK_COLUMN)},{flag})+{capacity})"
        ),
        "Risk_Haircut_3yr": (
            f"=SUMPRODUCT({before},{levers(RISK_COLUMN)},{levers(COUNTED_SHARE)})"
            f"+{years(TABLE_HAIRCUT_ROW)}-{not_recaptured}*{haircut_capacity}"
        ),
        "Benefits_Risk_Adjustment": f"=IF({total}=0,0,Risk_Haircut_3yr/({total}))",
    }
    for row, (label, name) in enumerate(SPLIT_OUTPUTS, start=YEAR_HEADER_ROW):
        sheet[f"{SPLIT_LABEL_COLUMN}{row}"] = label  # over the empty cells to its right
        book.formula(
            sheet,
            f"{SPLIT_VALUE_COLUMN}{row}",
            formulas[name],
            name=name,
            number_format=styles.PERCENT if name == "Benefits_Risk_Adjustment" else styles.CURRENCY,
        )

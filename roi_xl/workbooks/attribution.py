"""The ``Attribution`` sheet: touch-log attribution in native formulas.

The ``TouchLog`` table (Journey, Touch Time, Channel, Conversion Value) sits
beside helper columns that compute each touch's credit exactly as
:func:`roi_xl.core.attribution_credit` does for the five row models, and the
named output ``Support_Attributed_Revenue`` sums the credit of the channels
listed as support.

Each helper compares its row with every row of the log (a journey's value,
size, last touch and the touch's rank), so the work grows with the square of
the rows. The sheet is sized for :data:`DEFAULT_TOUCH_ROWS` rows, which
recalculates in about a second; larger logs go through
``CS_ATTRIBUTION_CREDIT`` or ``roi-xl attribute``.

Comparisons use ``SUMPRODUCT`` rather than ``COUNTIF``: ``COUNTIF`` reads
``*``, ``?`` and ``<`` in a journey id as patterns and turns times into text
for its criteria, which would change the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..io.cell_text import put
from . import styles
from .book import Rule, TemplateBook

DEFAULT_TOUCH_ROWS = 1_000
HEADER_ROW = 16
COLUMNS = ("Journey", "Touch Time", "Channel", "Conversion Value")
HELPERS = (
    "Journey value",
    "Touches",
    "Rank",
    "Last touch",
    "Decay weight",
    "Weight total",
    "Credit",
    "Support?",
)
SUPPORT_LIST_ROWS = 8

# Settings cells (unnamed: the names of TEMPLATES.md are the contract).
MODEL, HALF_LIFE, FIRST, LAST, INCLUDE = "$B$4", "$B$5", "$B$6", "$B$7", "$B$8"
#: The switch the Gains sheet reads to count Support_Attributed_Revenue as a gain line.
INCLUDE_SWITCH = f"Attribution!{INCLUDE}"
SUPPORT_FIRST = 4
SUPPORT_RANGE = f"$E${SUPPORT_FIRST}:$E${SUPPORT_FIRST + SUPPORT_LIST_ROWS - 1}"
MODELS_LIST = '"first,last,linear,time_decay,position"'


@dataclass(frozen=True)
class TouchLogFill:
    """What to write on the Attribution sheet."""

    touches: Sequence[tuple[Any, Any, Any, Any]] = ()
    model: str = "linear"
    half_life_days: float = 7.0
    first_weight: float = 0.4
    last_weight: float = 0.4
    support_channels: Sequence[str] = field(default=("Chat", "Phone", "Email"))
    include_in_case: bool = False


def build_attribution(
    book: TemplateBook, fill: TouchLogFill | None = None, rows: int = DEFAULT_TOUCH_ROWS
) -> None:
    fill = fill or TouchLogFill()
    rows = max(rows, len(fill.touches))
    sheet = book.sheet("Attribution")
    sheet["A1"] = "Attribution: which share of revenue support touches earned"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        f"Paste a touch export into the TouchLog table (sized for {rows:,} rows: every row is "
        "compared with every other, so the work grows with the square of the rows; for "
        "larger logs use CS_ATTRIBUTION_CREDIT or roi-xl attribute)."
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.merge_cells("A2:D2")  # the printed width: wrapped inside the page, not cut
    settings = (
        (
            "Model",
            MODEL,
            fill.model,
            Rule("list", "first, last, linear, time_decay or position.", MODELS_LIST),
            "@",
        ),
        (
            "Half-life (days), time_decay",
            HALF_LIFE,
            fill.half_life_days,
            Rule("count", "Days for a touch's weight to halve; more than 0."),
            styles.DECIMAL,
        ),
        (
            "First-touch weight, position",
            FIRST,
            fill.first_weight,
            Rule("rate", "Share of the first touch (three or more touches)."),
            styles.PERCENT,
        ),
        (
            "Last-touch weight, position",
            LAST,
            fill.last_weight,
            Rule("rate", "Share of the last touch (three or more touches)."),
            styles.PERCENT,
        ),
        (
            "Count it as a gain line in the business case",
            INCLUDE,
            "yes" if fill.include_in_case else "no",
            Rule("list", "yes: the Gains sheet adds this revenue as a gain line.", '"yes,no"'),
            "@",
        ),
    )
    for label, ref, value, rule, number_format in settings:
        cell = ref.replace("$", "")
        sheet[f"A{cell[1:]}"] = label
        book.input(sheet, cell, rule, default=value, number_format=number_format)
    sheet["E3"] = "Support channels"
    sheet["E3"].font = styles.SECTION_FONT
    for offset in range(SUPPORT_LIST_ROWS):
        channel = fill.support_channels[offset] if offset < len(fill.support_channels) else None
        put(sheet[f"E{SUPPORT_FIRST + offset}"], channel)
    book.input(
        sheet,
        SUPPORT_RANGE.replace("$", ""),
        Rule("text", "A channel that counts as support, as written in the log."),
        number_format="@",
    )
    sheet["A10"] = "Support-attributed revenue"
    sheet["A10"].font = styles.SECTION_FONT
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    book.formula(
        sheet,
        "B10",
        f"=SUMPRODUCT($L${first}:$L${last},$M${first}:$M${last})",
        name="Support_Attributed_Revenue",
        number_format=styles.CURRENCY,
    )
    book.formula(
        sheet,
        "A11",
        f'=IF({FIRST}+{LAST}>1,"first + last weight above 100%: '
        'position credits are undefined","")',
        number_format="@",
    )
    sheet["A11"].font = styles.NOTE_FONT

    for column, title in enumerate((*COLUMNS, "", *HELPERS), start=1):
        if title:
            sheet.cell(HEADER_ROW, column, title)
    styles.style_header(
        [sheet.cell(HEADER_ROW, c) for c in (1, 2, 3, 4, *range(6, 6 + len(HELPERS)))]
    )
    for offset, touch in enumerate(fill.touches):
        for column, value in enumerate(touch, start=1):
            put(sheet.cell(first + offset, column), value)  # journey ids, channels: kept text
    book.input(
        sheet,
        f"A{first}:A{last}",
        Rule("text", "Journey (customer or deal) id."),
        number_format="General",
    )
    book.input(
        sheet,
        f"B{first}:B{last}",
        Rule("count", "Date and time of the touch."),
        number_format="yyyy-mm-dd hh:mm",
    )
    book.input(sheet, f"C{first}:C{last}", Rule("text", "Channel of the touch."), number_format="@")
    book.input(
        sheet,
        f"D{first}:D{last}",
        Rule("money", "Conversion value of the journey (on one row or all; the largest counts)."),
        number_format=styles.CURRENCY,
    )
    book.table(sheet, "TouchLog", f"A{HEADER_ROW}:D{last}")

    def whole(column: str) -> str:
        return f"${column}${first}:${column}${last}"

    journey, time, value = whole("A"), whole("B"), whole("D")
    for row in range(first, last + 1):
        # A blank cell equals 0 in a comparison, so a journey id 0 would match every
        # empty row of the table: compare non-blank cells only.
        same = f'({journey}=$A{row})*({journey}<>"")'
        above = f"$A${HEADER_ROW}:$A{row - 1}=$A{row}"
        above_time = f"$B${HEADER_ROW}:$B{row - 1}=$B{row}"
        blank = f'$A{row}=""'
        formulas = {
            "F": f"=IF({blank},0,SUMPRODUCT(MAX({same}*{value})))",
            "G": f"=IF({blank},0,SUMPRODUCT({same}))",
            "H": f"=IF({blank},0,SUMPRODUCT({same}*({time}<$B{row}))"
            f"+SUMPRODUCT(({above})*({above_time}))+1)",
            "I": f"=IF({blank},0,SUMPRODUCT(MAX({same}*{time})))",
            "J": f"=IF({blank},0,2^(-(I{row}-B{row})/{HALF_LIFE}))",
            "K": f"=IF({blank},0,SUMPRODUCT({same}*{whole('J')}))",
            "L": (
                f'=IF({blank},0,IF({MODEL}="first",IF(H{row}=1,F{row},0),'
                f'IF({MODEL}="last",IF(H{row}=G{row},F{row},0),'
                f'IF({MODEL}="linear",F{row}/G{row},'
                f'IF({MODEL}="time_decay",F{row}*J{row}/K{row},'
                f"IF(G{row}=1,F{row},IF(G{row}=2,F{row}/2,"
                f"IF(H{row}=1,F{row}*{FIRST},IF(H{row}=G{row},F{row}*{LAST},"
                f"F{row}*(1-{FIRST}-{LAST})/(G{row}-2))))))))))"
            ),
            "M": f'=IF({blank},0,IF(SUMPRODUCT(({SUPPORT_RANGE}=$C{row})*({SUPPORT_RANGE}<>""))'
            f">0,1,0))",
        }
        for column, formula in formulas.items():
            number_format = styles.CURRENCY if column in "FL" else styles.DECIMAL
            book.formula(sheet, f"{column}{row}", formula, number_format=number_format)
    for column, width in {
        "A": 44,
        "B": 18,
        "C": 16,
        "D": 16,
        "E": 18,
        "F": 14,
        "G": 9,
        "H": 7,
        "I": 14,
        "J": 12,
        "K": 12,
        "L": 14,
        "M": 9,
    }.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{first}"
    # The touch log prints as far as it was filled (at least a few rows to show its shape);
    # the helper columns beside it stay off the printed pages.
    printed = HEADER_ROW + max(len(fill.touches), 5)
    book.print_layout(
        sheet,
        area=f"A1:D{printed}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        orientation="portrait",
    )

"""The ``Attribution`` sheet: touch-log attribution in native formulas.

The ``TouchLog`` table (Journey, Touch Time, Channel, Conversion Value) sits
beside helper columns that compute each touch's credit exactly as
:func:`roi_xl.core.attribution_credit` does for the five row models, and the
named output ``Support_Attributed_Revenue`` sums the credit of the channels
listed as support.

The model is chosen in the reader's words (:data:`MODEL_WORDS`: "Time decay",
not the core's ``time_decay``); a helper cell turns the choice into its
number once, and the credit is ``value x CHOOSE(model number, share of each
model)``, the position-based share in a helper column of its own. A touch's
time-decay weight is the weight it keeps after one half-life (50%, a labelled
helper cell) to the power of its age in half-lives.

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
    "Middle touches",
    "Position share",
)
SUPPORT_LIST_ROWS = 8

# Settings cells (unnamed: the names of TEMPLATES.md are the contract).
MODEL, HALF_LIFE, FIRST, LAST, INCLUDE = "$B$4", "$B$5", "$B$6", "$B$7", "$B$8"
#: The switch the Gains sheet reads to count Support_Attributed_Revenue as a gain line.
INCLUDE_SWITCH = f"Attribution!{INCLUDE}"
SUPPORT_FIRST = 4
SUPPORT_RANGE = f"$E${SUPPORT_FIRST}:$E${SUPPORT_FIRST + SUPPORT_LIST_ROWS - 1}"
#: The row models of :data:`roi_xl.core.attribution.ROW_MODELS` in the reader's words, in the
#: order of the model number the credit's CHOOSE reads.
MODEL_WORDS = {
    "first": "First touch",
    "last": "Last touch",
    "linear": "Linear",
    "time_decay": "Time decay",
    "position": "Position-based",
}
MODELS_LIST = '"' + ",".join(MODEL_WORDS.values()) + '"'
#: Helper cells beside the touch table, off the printed page: the model as a number and the
#: weight a touch keeps after one half-life.
MODEL_NUMBER, HALF_LIFE_WEIGHT = "$H$12", "$H$13"


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
        f"Paste a touch export into the touch table (sized for {rows:,} rows: every row is "
        "compared with every other, so the work grows with the square of the rows; for "
        "larger logs use the add-in's attribution function or the command line)."
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.merge_cells("A2:D2")  # the printed width: wrapped inside the page, not cut
    settings = (
        (
            "Model",
            MODEL,
            MODEL_WORDS.get(fill.model, fill.model),
            Rule("list", ", ".join(MODEL_WORDS.values()) + ".", MODELS_LIST),
            "@",
        ),
        (
            "Half-life (days), time-decay model",
            HALF_LIFE,
            fill.half_life_days,
            Rule("count", "Days for a touch's weight to halve; more than 0."),
            styles.DECIMAL,
        ),
        (
            "First-touch weight, position-based model",
            FIRST,
            fill.first_weight,
            Rule("rate", "Share of the first touch (three or more touches)."),
            styles.PERCENT,
        ),
        (
            "Last-touch weight, position-based model",
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
    _helper_settings(book, sheet)

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
            "J": f"=IF({blank},0,{HALF_LIFE_WEIGHT}^((I{row}-B{row})/{HALF_LIFE}))",
            "K": f"=IF({blank},0,SUMPRODUCT({same}*{whole('J')}))",
            # the share of each model, in the order of MODEL_WORDS
            "L": f"=IF({blank},0,F{row}*CHOOSE({MODEL_NUMBER},H{row}=1,H{row}=G{row},"
            f"1/G{row},J{row}/K{row},O{row}))",
            "M": f'=IF({blank},0,IF(SUMPRODUCT(({SUPPORT_RANGE}=$C{row})*({SUPPORT_RANGE}<>""))'
            f">0,1,0))",
            # touches between the first and the last: the touches less the first, less the last
            "N": f"=IF({blank},0,MAX(G{row}-1-1,0))",
            # position-based: one or two touches share alike; else first, last, middle shares
            "O": f"=IF({blank},0,IF(N{row}=0,1/G{row},IF(H{row}=1,{FIRST},"
            f"IF(H{row}=G{row},{LAST},(1-{FIRST}-{LAST})/N{row}))))",
        }
        for column, formula in formulas.items():
            number_format = {"F": styles.CURRENCY, "L": styles.CURRENCY, "O": styles.PERCENT}.get(
                column, styles.DECIMAL
            )
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
        "N": 9,
        "O": 10,
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


def _helper_settings(book: TemplateBook, sheet: Any) -> None:
    """The model as a number and the half-life weight: labelled helper cells, not printed."""
    number = MODEL_NUMBER.replace("$", "")
    words = ",".join(f'"{word}"' for word in MODEL_WORDS.values())
    sheet[f"F{number[1:]}"] = "Model, as a number"
    book.formula(sheet, number, f"=MATCH({MODEL},{{{words}}},0)", number_format="0")
    weight = HALF_LIFE_WEIGHT.replace("$", "")
    sheet[f"F{weight[1:]}"] = "Weight kept after a half-life"
    # a fixed number by definition (what "half-life" means): locked and black like a formula
    book.formula(sheet, weight, 0.5, number_format=styles.PERCENT)
    for row in (number[1:], weight[1:]):
        sheet[f"F{row}"].font = styles.NOTE_FONT
        sheet[f"F{row}"].alignment = styles.WRAP
        sheet.merge_cells(f"F{row}:G{row}")

"""The ``Staffing`` sheet: FTE needed hour by hour (Erlang C), the WFM method.

Each hour of a typical open day gets its share (``HourProfile``, 24 rows) of
an open day's contacts (a year's / (``Days_Open_Per_Week`` x ``Weeks_Per_Year``)) and is
sized by Erlang C for ``Service_Level_Target`` within ``Answer_Seconds`` and
the ``Max_Occupancy`` cap, exactly as :func:`roi_xl.core.agents_required`
does: the first count from ``max(floor(A) + 1, ceil(A / cap))`` whose service
level meets the target. The agents on duty convert to FTE:
FTE = sum of agents x days open a year / (``Paid_Hours_Per_Year`` x
(1 - ``Shrinkage``)), and hard savings = FTE x ``Agent_Annual_Cost`` (the
cost basis of the Assumptions sheet, which also gives the straight-line
handle-time lever its ``Cost_Per_Handle_Hour``).

Three sizings: all levers (before: the contacts people handle today at AHT
before; after: ``Contacts_Handled_After`` at AHT after; information, not
additive with the per-contact levers) and handle time alone
(``Contacts_Handled_After`` at AHT before against AHT after:
``Agents_Freed_By_AHT`` and ``Hard_Savings_AHT``, what
``Staffing_Feeds_Totals = "Erlang C"`` puts in place of ``Gain_AHT``).

The search is one array formula per sizing and hour over :data:`SEARCH`
candidate counts from the start (a helper row of offsets below the printed
page): the first whose service level meets the target. Erlang B of a count
is the ratio of two Poisson probabilities, ``B(N, A) = POISSON(N, A, FALSE)
/ POISSON(N, A, TRUE)``, so nothing depends on a recursion from 1 agent, and
the sheet holds 3 x 24 formulas for the search however large the centre.

The test "service level >= target" is written without a division by a
probability that may underflow: with Erlang C ``C = N B / (N - A + A B)``,
``w = 1 - target`` and ``t = answer / AHT``, ``1 - C exp(-(N - A) t) >= 1 - w``
is ``B (N exp(-(N - A) t) - w A) <= w (N - A)`` (both sides times
``(N - A + A B) / N > 0``, as N > A from the start); ``w`` and ``t`` are
labelled cells of the helper block.
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..core.staffing import DEFAULT_DAYS_OPEN, DEFAULT_HOUR_PROFILE, HOURS_PER_DAY
from . import styles
from .book import Rule, TemplateBook

#: Candidate counts searched above each hour's start (the occupancy cap or the traffic).
SEARCH = 200
#: The values of the Staffing switch, in the reader's words (the core and the formulas
#: compare them case-insensitively with ``STAFFING_SWITCH_VALUES``): the default first.
STRAIGHT_LINE = "Straight-line"
#: The Staffing switch's value that makes hard savings feed the totals.
HARD_SAVINGS = "Erlang C"
SWITCH_ROW = 30
#: The hourly table: its header row, the first hour's row and the totals row.
HOURS_HEADER = 34
FIRST_HOUR = HOURS_HEADER + 1
LAST_HOUR = FIRST_HOUR + HOURS_PER_DAY - 1
HOURS_TOTAL = LAST_HOUR + 1
#: The helper block below the printed page: the share that may wait longer and the answer
#: time in AHTs (labelled cells), then the row of offsets the search runs over.
WAIT_SHARE = HOURS_TOTAL + 3
ANSWER_IN_AHT = {"$B$12": f"$B${WAIT_SHARE + 1}", "$B$13": f"$B${WAIT_SHARE + 2}"}
TABLE_HEADER = WAIT_SHARE + 3

INPUTS = (
    (
        "Days_Open_Per_Week",
        "Days open a week",
        Rule("days", "Days a week the contacts arrive and agents are on duty (1 to 7)."),
        DEFAULT_DAYS_OPEN,
        styles.DECIMAL,
    ),
    (
        "Service_Level_Target",
        "Service level target",
        Rule("rate", "Share answered within the target time (80% in 80/20)."),
        0.8,
        styles.PERCENT,
    ),
    (
        "Answer_Seconds",
        "Answer within (seconds)",
        Rule("count", "Target answer time in seconds (20 in 80/20)."),
        20,
        styles.NUMBER,
    ),
    (
        "Max_Occupancy",
        "Maximum occupancy in an hour",
        Rule("rate", "Highest share of an hour an agent may be busy (the Erlang cap)."),
        0.85,
        styles.PERCENT,
    ),
)

#: The three sizings: (title, contacts column, traffic column, start column, agents column,
#: AHT seconds cell).
_SIZINGS = (
    ("today, AHT before", "C", "I", "J", "D", "$B$12"),
    ("after, AHT after", "E", "K", "L", "F", "$B$13"),
    ("after, AHT before", "E", "M", "N", "G", "$B$12"),
)

#: FTE of a column of agents on duty: agent-hours of a day x days open a year / available hours.
_FTE = (
    "SUM({col}{first}:{col}{last})*Days_Open_Per_Week*Weeks_Per_Year"
    "/(Paid_Hours_Per_Year*(1-Shrinkage))"
)


def _fte(column: str) -> str:
    return "=" + _FTE.format(col=column, first=FIRST_HOUR, last=LAST_HOUR)


def build_staffing(book: TemplateBook, switch: str | None = None) -> None:
    """The Staffing sheet; ``switch`` is the value of ``Staffing_Feeds_Totals``."""
    sheet = book.sheet("Staffing")
    sheet["A1"] = "Staffing: FTE needed hour by hour (Erlang C)"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Each hour of a typical open day is sized by Erlang C for the service level within the "
        "occupancy cap; the agents on duty convert to full-time equivalents (FTE) with the paid "
        "hours and shrinkage of the Assumptions sheet, valued at its loaded agent cost."
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.merge_cells("A2:G2")
    sheet.row_dimensions[2].height = 30
    for row, (name, label, rule, default, number_format) in enumerate(INPUTS, start=4):
        sheet[f"A{row}"] = label
        book.input(sheet, f"B{row}", rule, name=name, default=default, number_format=number_format)
    derived = (
        (
            "Contacts a year people handle today",
            "B9",
            "=Annual_Contacts*(1-Deflection_Rate_Before)",
        ),
        ("Contacts a year people handle after (Gains sheet)", "B10", "=Contacts_Handled_After"),
        ("Cost of a handle hour (Assumptions)", "B11", "=Cost_Per_Handle_Hour"),
        ("AHT before (seconds)", "B12", "=AHT_Before_Min*Seconds_Per_Hour/Minutes_Per_Hour"),
        ("AHT after (seconds)", "B13", "=AHT_After_Min*Seconds_Per_Hour/Minutes_Per_Hour"),
    )
    formats = {"B11": styles.CURRENCY_CENTS, "B12": styles.DECIMAL, "B13": styles.DECIMAL}
    for label, ref, formula in derived:
        sheet[f"A{ref[1:]}"] = label
        book.formula(sheet, ref, formula, number_format=formats.get(ref, styles.NUMBER))

    sheet["A15"] = "All levers (information: not additive with the per-contact levers)"
    sheet["A15"].font = styles.SECTION_FONT
    sheet["A22"] = "Handle time alone (what may replace the handle-time line)"
    sheet["A22"].font = styles.SECTION_FONT
    outputs = (
        ("FTE needed today", "B16", _fte("D"), "Agents_Before", styles.DECIMAL),
        ("FTE needed after every lever", "B17", _fte("F"), "Agents_After", styles.DECIMAL),
        (
            "FTE no longer needed, all levers",
            "B18",
            "=Agents_Before-Agents_After",
            "Agents_No_Longer_Needed",
            styles.DECIMAL,
        ),
        (
            "Hard savings a year, all levers (not additive)",
            "B19",
            "=Agents_No_Longer_Needed*Agent_Annual_Cost",
            "Hard_Savings_Staffing",
            styles.CURRENCY,
        ),
        ("FTE for the contacts handled after, at AHT before", "B23", _fte("G"), None, "0.00"),
        ("FTE for the contacts handled after, at AHT after", "B24", "=Agents_After", None, "0.00"),
        ("FTE freed by shorter handle time", "B25", "=B23-B24", "Agents_Freed_By_AHT", "0.00"),
        (
            "Hard savings a year of handle time (FTE x loaded agent cost)",
            "B26",
            "=Agents_Freed_By_AHT*Agent_Annual_Cost",
            "Hard_Savings_AHT",
            styles.CURRENCY,
        ),
        (
            "Straight-line handle-time lever (hours saved x cost of a handle hour)",
            "B27",
            "=Gain_AHT",
            None,
            styles.CURRENCY,
        ),
    )
    for label, ref, formula, name, number_format in outputs:
        sheet[f"A{ref[1:]}"] = label
        book.formula(sheet, ref, formula, name=name, number_format=number_format)
    sheet["C19"] = "also counts FTE deflection and FCR free, which those levers already value"
    # The sentences say what the numbers show: less, more or the same as the straight line.
    sheet["A28"] = "Erlang C less the straight line, a year (rounded)"
    book.formula(sheet, "B28", "=ROUND(Hard_Savings_AHT-Gain_AHT,0)", number_format=styles.CURRENCY)
    book.formula(
        sheet,
        "C28",
        '=IF(ISERROR(B28),"",IF(B28<0,"Erlang C frees less than the straight line.",'
        'IF(B28>0,"Erlang C frees more than the straight line.",'
        '"Erlang C and the straight line free the same.")))',
        number_format="@",
    )
    book.formula(
        sheet,
        "C29",
        '=IF(ISERROR(B28),"",IF(B28<0,"A queue needs slack, most of all in quiet hours.",'
        'IF(B28>0,"The hourly sizing runs below the Occupancy of the Assumptions sheet.","")))',
        number_format="@",
    )
    sheet[f"A{SWITCH_ROW}"] = "Which feeds the handle-time line of the totals"
    book.input(
        sheet,
        f"B{SWITCH_ROW}",
        Rule(
            "list",
            f"{STRAIGHT_LINE}: the handle-time lever (hours saved x cost of a handle hour); "
            f"{HARD_SAVINGS}: hard savings of the FTE shorter handle time frees.",
            f'"{STRAIGHT_LINE},{HARD_SAVINGS}"',
        ),
        name="Staffing_Feeds_Totals",
        default=switch or STRAIGHT_LINE,
        number_format="@",
    )
    # a value filled in as the core spells it ("erlang c") is shown in the reader's words
    chosen = sheet[f"B{SWITCH_ROW}"].value
    for word in (STRAIGHT_LINE, HARD_SAVINGS):
        if isinstance(chosen, str) and chosen.strip().lower() == word.lower():
            sheet[f"B{SWITCH_ROW}"] = word
    sheet[f"C{SWITCH_ROW}"] = (
        f"{HARD_SAVINGS} replaces the handle-time line on the Gains sheet with the hard savings "
        "of handle time alone; deflection and FCR keep their per-contact value"
    )
    sheet["A31"] = "Occupancy the hourly sizing implies today (busy hours / hours on duty)"
    book.formula(
        sheet,
        "B31",
        f"=IF(SUM(D{FIRST_HOUR}:D{LAST_HOUR})=0,0,"
        f"SUM(I{FIRST_HOUR}:I{LAST_HOUR})/SUM(D{FIRST_HOUR}:D{LAST_HOUR}))",
        number_format=styles.PERCENT,
    )
    book.formula(
        sheet,
        "C16",
        f'=IF(ISNA(SUM(D{FIRST_HOUR}:G{LAST_HOUR})),"an hour needs more than {SEARCH} agents '
        'above its start, or the target cannot be reached","")',
        number_format="@",
    )
    book.formula(
        sheet,
        "C31",
        f'=IF(ABS(B{HOURS_TOTAL}-1)>Check_Tolerance,"the hourly shares add up to "'
        f'&TEXT(B{HOURS_TOTAL},"0.0%")&", not 100%","")',
        number_format="@",
    )
    for ref in ("C16", "C19", f"C{SWITCH_ROW}", "C31", "C28", "C29"):
        sheet[ref].font = styles.NOTE_FONT
    # wrapped inside the printed columns (A:G), not cut, and set off from the figure beside them
    for row in (19, 28, 29, SWITCH_ROW, 31):
        sheet[f"C{row}"].alignment = Alignment(wrap_text=True, vertical="top", indent=1)
        sheet.merge_cells(f"C{row}:G{row}")
    sheet["C16"].alignment = Alignment(indent=1)
    sheet.row_dimensions[SWITCH_ROW].height = 30
    _offsets(book, sheet)
    _hours(book, sheet)
    widths = {"A": 58, "B": 16, "C": 16, "D": 14, "E": 16, "F": 14, "G": 16}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for column in "IJKLMN":
        sheet.column_dimensions[column].width = 12
    sheet.freeze_panes = "A4"
    # The Erlang search below the hourly table is a helper block: it stays off the printed page.
    book.print_layout(sheet, area=f"A1:G{HOURS_TOTAL}", orientation="portrait")


def _hours(book: TemplateBook, sheet: Worksheet) -> None:
    """The hourly table: share, contacts and agents on duty of each sizing, and helpers."""
    sheet[f"A{HOURS_HEADER - 1}"] = "A typical open day, hour by hour (agents on duty)"
    sheet[f"A{HOURS_HEADER - 1}"].font = styles.SECTION_FONT
    headers = (
        "Hour",
        "Share of a day's contacts",
        "Contacts today",
        "Agents today (AHT before)",
        "Contacts after",
        "Agents after (AHT after)",
        "Agents after at AHT before",
        "",
        "Traffic today (Erlangs)",
        "Start today",
        "Traffic after (Erlangs)",
        "Start after",
        "Traffic after at AHT before",
        "Start after at AHT before",
    )
    for column, title in enumerate(headers, start=1):
        if title:
            sheet.cell(HOURS_HEADER, column, title)
    styles.style_header([sheet.cell(HOURS_HEADER, c) for c in range(1, 8)])
    styles.style_header([sheet.cell(HOURS_HEADER, c) for c in range(9, 15)])
    for column in range(1, 15):
        sheet.cell(HOURS_HEADER, column).alignment = styles.WRAP
    sheet.row_dimensions[HOURS_HEADER].height = 30
    profile = book.fill.get("HourProfile") or DEFAULT_HOUR_PROFILE
    book.input(
        sheet,
        f"B{FIRST_HOUR}:B{LAST_HOUR}",
        Rule("rate", "Share of a day's contacts that arrive in this hour; the 24 add up to 100%."),
        number_format=styles.PERCENT,
    )
    book.define("HourProfile", sheet, f"B{FIRST_HOUR}:B{LAST_HOUR}")
    per_day = "/(Days_Open_Per_Week*Weeks_Per_Year)*$B{row}"
    for hour in range(HOURS_PER_DAY):
        row = FIRST_HOUR + hour
        sheet[f"A{row}"] = f"{hour:02d}:00-{(hour + 1) % 24:02d}:00"
        share = profile[hour]
        if share is not None:
            sheet[f"B{row}"] = share
        book.formula(sheet, f"C{row}", "=$B$9" + per_day.format(row=row))
        book.formula(sheet, f"E{row}", "=$B$10" + per_day.format(row=row))
        for _title, contacts, traffic, start, _agents, aht in _SIZINGS:
            book.formula(
                sheet,
                f"{traffic}{row}",
                f"={contacts}{row}*{aht}/Seconds_Per_Hour",
                number_format="0.00",
            )
            book.formula(
                sheet,
                f"{start}{row}",
                f"=MAX(INT({traffic}{row})+1,ROUNDUP({traffic}{row}/Max_Occupancy-Zero_Tolerance,0))",
            )
    sheet[f"A{HOURS_TOTAL}"] = "A day"
    sheet[f"A{HOURS_TOTAL}"].font = styles.SECTION_FONT
    for column, number_format in (("B", styles.PERCENT), ("C", styles.NUMBER), ("E", "#,##0")):
        book.formula(
            sheet,
            f"{column}{HOURS_TOTAL}",
            f"=SUM({column}{FIRST_HOUR}:{column}{LAST_HOUR})",
            number_format=number_format,
        )
    for column in "DFG":
        book.formula(
            sheet, f"{column}{HOURS_TOTAL}", f"=SUM({column}{FIRST_HOUR}:{column}{LAST_HOUR})"
        )
        sheet[f"{column}{HOURS_TOTAL}"].number_format = '#,##0" agent-h"'
    offsets = f"$B${TABLE_HEADER}:${get_column_letter(1 + SEARCH)}${TABLE_HEADER}"
    wait = f"$B${WAIT_SHARE}"
    for _title, _contacts, traffic, start, agents, aht in _SIZINGS:
        for hour in range(HOURS_PER_DAY):
            row = FIRST_HOUR + hour
            a, first, n = f"{traffic}{row}", f"{start}{row}", f"{start}{row}+{offsets}"
            blocking = f"POISSON({n},{a},0)/POISSON({n},{a},1)"
            # service level >= target, as B x (N x e^(-(N-A) t) - w A) <= w (N - A)
            meets = (
                f"{blocking}*(({n})*EXP(({a}-({n}))*{ANSWER_IN_AHT[aht]})-{wait}*{a})"
                f"<={wait}*({n}-{a})"
            )
            # one array formula an hour: the first count from the start that meets the target
            # (#N/A when none of the counts searched does)
            text = f"=IF({a}=0,0,{first}-1+MATCH(TRUE,{meets},0))"
            ref = f"{agents}{row}"
            book.formula(sheet, ref, text)
            sheet[ref] = ArrayFormula(ref, text)
    for row in range(FIRST_HOUR, LAST_HOUR + 1):
        for column in "CE":
            sheet[f"{column}{row}"].number_format = styles.NUMBER


def _offsets(book: TemplateBook, sheet: Worksheet) -> None:
    """The helper block: the search's two labelled quantities and its row of offsets."""
    note = sheet[f"A{WAIT_SHARE - 1}"]
    note.value = (
        "Erlang C search (helper): each hour's agents are the first count N = start + offset "
        "whose service level meets the target, tested as B x (N x e^(-(N - A) x t) - w x A) "
        "<= w x (N - A), with traffic A, Erlang B = POISSON(N, A, FALSE) / POISSON(N, A, TRUE), "
        "w and t below"
    )
    note.font = styles.NOTE_FONT
    note.alignment = styles.WRAP
    sheet.merge_cells(f"A{WAIT_SHARE - 1}:G{WAIT_SHARE - 1}")
    sheet.row_dimensions[WAIT_SHARE - 1].height = 30
    sheet[f"A{WAIT_SHARE}"] = "Share that may wait longer than the target, w (1 - target)"
    book.formula(sheet, f"B{WAIT_SHARE}", "=1-Service_Level_Target", number_format=styles.PERCENT)
    for aht, cell in ANSWER_IN_AHT.items():
        which = "before" if aht == "$B$12" else "after"
        sheet[f"A{cell[3:]}"] = f"Answer time in AHTs, t (answer seconds / AHT {which})"
        book.formula(
            sheet,
            cell.replace("$", ""),
            f"=IF({aht}=0,0,Answer_Seconds/{aht})",
            number_format="0.0000",
        )
    sheet.cell(TABLE_HEADER, 1, "Offset above the start")
    for offset in range(SEARCH):
        sheet.cell(TABLE_HEADER, 2 + offset, offset)
    styles.style_header([sheet.cell(TABLE_HEADER, c) for c in range(1, 2 + SEARCH)])

"""The ``Staffing`` sheet: agents actually no longer needed, by native Erlang C.

A table of agent counts 1 .. :data:`MAX_AGENTS` computes, row by row, the
Erlang B recursion ``B(n) = A B(n-1) / (n + A B(n-1))`` (no factorials, no
macros, no volatile functions), Erlang C and the service level, before
(peak volume, AHT before) and after (peak volume after deflection, AHT
after). The agents required are the first count above the traffic that meets
the service level within the occupancy cap, scheduled after shrinkage — as
:func:`roi_xl.core.agents_required` computes them.
"""

from __future__ import annotations

from . import styles
from .book import Rule, TemplateBook

MAX_AGENTS = 1_500
TABLE_HEADER = 26
SWITCH = "$B$23"
#: The Staffing switch's value that makes hard savings feed the totals.
HARD_SAVINGS = "erlang c"
SWITCH_FORMULA = f"Staffing!{SWITCH}"

INPUTS = (
    (
        "Peak_Hour_Contacts",
        "Contacts in the peak hour",
        Rule("count", "Contacts arriving in the busiest hour (before deflection)."),
        None,
        styles.NUMBER,
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
        "Maximum occupancy",
        Rule("rate", "Highest share of time an agent may be busy."),
        0.85,
        styles.PERCENT,
    ),
    (
        "Shrinkage",
        "Shrinkage",
        Rule("rate", "Share of paid time not available for contacts (breaks, training, absence)."),
        0.3,
        styles.PERCENT,
    ),
    (
        "Agent_Annual_Cost",
        "Loaded cost of an agent a year",
        Rule("money", "Salary, benefits and overhead of one scheduled agent a year."),
        None,
        styles.CURRENCY,
    ),
)


def build_staffing(book: TemplateBook, rows: int = MAX_AGENTS) -> None:
    sheet = book.sheet("Staffing")
    sheet["A1"] = "Staffing: agents actually no longer needed (Erlang C)"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        f"Sized for up to {rows:,} agents on duty in the peak hour. A queue needs slack, so "
        "Erlang C frees fewer agents than the straight-line handle-time lever."
    )
    sheet["A2"].font = styles.NOTE_FONT
    for row, (name, label, rule, default, number_format) in enumerate(INPUTS, start=4):
        sheet[f"A{row}"] = label
        book.input(sheet, f"B{row}", rule, name=name, default=default, number_format=number_format)
    derived = (
        ("Traffic before (Erlangs)", "B11", "=Peak_Hour_Contacts*AHT_Before_Min*60/3600"),
        ("AHT before (seconds)", "B12", "=AHT_Before_Min*60"),
        (
            "Traffic after (Erlangs)",
            "B13",
            "=Peak_Hour_Contacts*(1-Deflection_Rate)*AHT_After_Min*60/3600",
        ),
        ("AHT after (seconds)", "B14", "=AHT_After_Min*60"),
    )
    for label, ref, formula in derived:
        sheet[f"A{ref[1:]}"] = label
        book.formula(sheet, ref, formula, number_format=styles.DECIMAL)
    first, last = TABLE_HEADER + 1, TABLE_HEADER + rows
    outputs = (
        ("Agents on duty before", "B16", "C", "$B$11", None),
        ("Agents on duty after", "B17", "F", "$B$13", None),
        ("Agents scheduled before (after shrinkage)", "B18", None, "B16", "Agents_Before"),
        ("Agents scheduled after (after shrinkage)", "B19", None, "B17", "Agents_After"),
    )
    for label, ref, flag, source, name in outputs:
        sheet[f"A{ref[1:]}"] = label
        if flag:  # the first count in the table that meets every condition
            formula = f"=IF({source}=0,0,IFERROR(MATCH(1,{flag}{first}:{flag}{last},0),NA()))"
        else:
            formula = f"=IF({source}=0,0,ROUNDUP({source}/(1-Shrinkage)-1E-9,0))"
        book.formula(sheet, ref, formula, name=name, number_format=styles.NUMBER)
    sheet["A20"] = "Agents no longer needed"
    book.formula(sheet, "B20", "=Agents_Before-Agents_After", name="Agents_No_Longer_Needed")
    sheet["A21"] = "Hard savings a year (agents x loaded cost)"
    book.formula(
        sheet,
        "B21",
        "=Agents_No_Longer_Needed*Agent_Annual_Cost",
        name="Hard_Savings_Staffing",
        number_format=styles.CURRENCY,
    )
    sheet["C22"] = "Straight-line capacity freed (handle-time lever)"
    book.formula(sheet, "B22", "=Gain_AHT", number_format=styles.CURRENCY)
    sheet["A22"] = "Capacity freed, straight line"
    sheet["A23"] = "Which feeds the totals"
    book.input(
        sheet,
        SWITCH.replace("$", ""),
        Rule(
            "list",
            "straight-line: the handle-time lever (Gain_AHT); erlang c: hard "
            "savings from agents no longer needed.",
            '"straight-line,erlang c"',
        ),
        default="straight-line",
        number_format="@",
    )
    sheet["C23"] = (
        "erlang c replaces the handle-time line on the Gains sheet with the hard "
        "savings (which also include the agents freed by deflection)"
    )
    book.formula(
        sheet,
        "C16",
        '=IF(OR(ISNA(B16),ISNA(B17)),"more agents than the table '
        'holds, or an unreachable target","")',
        number_format="@",
    )
    for ref in ("C16", "C22", "C23"):
        sheet[ref].font = styles.NOTE_FONT

    headers = (
        "Agents",
        "Erlang B before",
        "OK before",
        "Service level before",
        "Erlang B after",
        "OK after",
        "Service level after",
    )
    for column, title in enumerate(headers, start=1):
        sheet.cell(TABLE_HEADER, column, title)
    styles.style_header([sheet.cell(TABLE_HEADER, c) for c in range(1, len(headers) + 1)])
    table = (("B", "C", "D", "$B$11", "$B$12"), ("E", "F", "G", "$B$13", "$B$14"))
    for row in range(first, last + 1):
        book.formula(sheet, f"A{row}", f"={row - first + 1}" if row == first else f"=A{row - 1}+1")
        for erlang_b, ok, level, traffic, aht in table:
            previous = "1" if row == first else f"{erlang_b}{row - 1}"
            book.formula(
                sheet,
                f"{erlang_b}{row}",
                f"=IF({traffic}=0,0,{traffic}*{previous}/(A{row}+{traffic}*{previous}))",
                number_format="0.000000",
            )
            book.formula(
                sheet,
                f"{level}{row}",
                f"=IF(A{row}>{traffic},1-A{row}*{erlang_b}{row}/(A{row}-{traffic}*(1-"
                f"{erlang_b}{row}))*EXP(-(A{row}-{traffic})*Answer_Seconds/{aht}),0)",
                number_format=styles.PERCENT,
            )
            book.formula(
                sheet,
                f"{ok}{row}",
                f"=IF(AND({traffic}>0,A{row}>{traffic},{level}{row}>=Service_Level_Target,"
                f"{traffic}/A{row}<=Max_Occupancy),1,0)",
                number_format="0",
            )
    for column, width in {"A": 44, "B": 16, "C": 16, "D": 18, "E": 16, "F": 12, "G": 18}.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{first}"

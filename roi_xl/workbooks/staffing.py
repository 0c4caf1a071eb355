"""The ``Staffing`` sheet: agents actually no longer needed, by native Erlang C.

A table of agent counts 1 .. :data:`MAX_AGENTS` computes, row by row, the
Erlang B recursion ``B(n) = A B(n-1) / (n + A B(n-1))`` (no factorials, no
macros, no volatile functions), Erlang C and the service level for four
sizings: all levers (before: peak volume at AHT before; after: peak volume
after deflection at AHT after: information, not additive with the
per-contact levers) and handle time alone (the peak volume after deflection
and FCR at AHT before and at AHT after: ``Agents_Freed_By_AHT`` and
``Hard_Savings_AHT``, what ``Staffing_Feeds_Totals = "erlang c"`` puts in
place of ``Gain_AHT``). The agents required are the first count above the
traffic that meets the service level within the occupancy cap, scheduled
after shrinkage, as :func:`roi_xl.core.agents_required` computes them.
"""

from __future__ import annotations

from . import styles
from .book import Rule, TemplateBook

MAX_AGENTS = 1_500
TABLE_HEADER = 35
#: The Staffing switch's value that makes hard savings feed the totals.
HARD_SAVINGS = "erlang c"
SWITCH_ROW = 32

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


#: The four sizings of the Erlang table: (traffic cell, AHT seconds cell, first column).
_SIZINGS = (
    ("$B$11", "$B$12", "B"),  # all levers, before
    ("$B$13", "$B$14", "E"),  # all levers, after
    ("$B$15", "$B$12", "H"),  # handle time alone, at AHT before
    ("$B$16", "$B$14", "K"),  # handle time alone, at AHT after
)


def _columns(first: str) -> tuple[str, str, str]:
    start = ord(first)
    return first, chr(start + 1), chr(start + 2)


def build_staffing(book: TemplateBook, rows: int = MAX_AGENTS, switch: str | None = None) -> None:
    """The Staffing sheet; ``switch`` is the value of ``Staffing_Feeds_Totals``."""
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
    fcr_factor = "IF(OR(ISBLANK(FCR_Before),ISBLANK(FCR_After)),1,FCR_Before/FCR_After)"
    derived = (
        ("Traffic before (Erlangs)", "B11", "=Peak_Hour_Contacts*AHT_Before_Min*60/3600"),
        ("AHT before (seconds)", "B12", "=AHT_Before_Min*60"),
        (
            "Traffic after (Erlangs)",
            "B13",
            "=Peak_Hour_Contacts*(1-Deflection_Rate)*AHT_After_Min*60/3600",
        ),
        ("AHT after (seconds)", "B14", "=AHT_After_Min*60"),
        (
            "Peak handled after deflection and FCR, at AHT before (Erlangs)",
            "B15",
            f"=Peak_Hour_Contacts*(1-Deflection_Rate)*{fcr_factor}*AHT_Before_Min*60/3600",
        ),
        (
            "Peak handled after deflection and FCR, at AHT after (Erlangs)",
            "B16",
            f"=Peak_Hour_Contacts*(1-Deflection_Rate)*{fcr_factor}*AHT_After_Min*60/3600",
        ),
    )
    for label, ref, formula in derived:
        sheet[f"A{ref[1:]}"] = label
        book.formula(sheet, ref, formula, number_format=styles.DECIMAL)
    first, last = TABLE_HEADER + 1, TABLE_HEADER + rows
    sheet["A18"] = "All levers (information: not additive with the per-contact levers)"
    sheet["A18"].font = styles.SECTION_FONT
    sheet["A25"] = "Handle time alone (what may replace the handle-time line)"
    sheet["A25"].font = styles.SECTION_FONT
    outputs = (
        ("Agents on duty before", "B19", "C", "$B$11", None),
        ("Agents on duty after", "B20", "F", "$B$13", None),
        ("Agents scheduled before (after shrinkage)", "B21", None, "B19", "Agents_Before"),
        ("Agents scheduled after (after shrinkage)", "B22", None, "B20", "Agents_After"),
        ("Agents on duty, handled peak at AHT before", "B26", "I", "$B$15", None),
        ("Agents on duty, handled peak at AHT after", "B27", "L", "$B$16", None),
        ("Scheduled at AHT before (after shrinkage)", "B28", None, "B26", None),
        ("Scheduled at AHT after (after shrinkage)", "B29", None, "B27", None),
    )
    for label, ref, flag, source, name in outputs:
        sheet[f"A{ref[1:]}"] = label
        if flag:  # the first count in the table that meets every condition
            formula = f"=IF({source}=0,0,IFERROR(MATCH(1,{flag}{first}:{flag}{last},0),NA()))"
        else:
            formula = f"=IF({source}=0,0,ROUNDUP({source}/(1-Shrinkage)-1E-9,0))"
        book.formula(sheet, ref, formula, name=name, number_format=styles.NUMBER)
    results = (
        (
            "Agents no longer needed, all levers",
            "B23",
            "=Agents_Before-Agents_After",
            "Agents_No_Longer_Needed",
            styles.NUMBER,
        ),
        (
            "Hard savings a year, all levers (not additive)",
            "B24",
            "=Agents_No_Longer_Needed*Agent_Annual_Cost",
            "Hard_Savings_Staffing",
            styles.CURRENCY,
        ),
        (
            "Agents freed by shorter handle time",
            "B30",
            "=B28-B29",
            "Agents_Freed_By_AHT",
            styles.NUMBER,
        ),
        (
            "Hard savings a year of handle time (agents x loaded cost)",
            "B31",
            "=Agents_Freed_By_AHT*Agent_Annual_Cost",
            "Hard_Savings_AHT",
            styles.CURRENCY,
        ),
    )
    for label, ref, formula, name, number_format in results:
        sheet[f"A{ref[1:]}"] = label
        book.formula(sheet, ref, formula, name=name, number_format=number_format)
    sheet["A33"] = "Capacity freed, straight line (handle-time lever)"
    book.formula(sheet, "B33", "=Gain_AHT", number_format=styles.CURRENCY)
    sheet[f"A{SWITCH_ROW}"] = "Which feeds the handle-time line of the totals"
    book.input(
        sheet,
        f"B{SWITCH_ROW}",
        Rule(
            "list",
            "straight-line: the handle-time lever (Gain_AHT); erlang c: hard "
            "savings of the agents shorter handle time frees.",
            '"straight-line,erlang c"',
        ),
        name="Staffing_Feeds_Totals",
        default=switch or "straight-line",
        number_format="@",
    )
    sheet[f"C{SWITCH_ROW}"] = (
        "erlang c replaces the handle-time line on the Gains sheet with the hard savings of "
        "handle time alone; deflection and FCR keep their per-contact value"
    )
    sheet["C24"] = "also counts agents deflection and FCR free, which those levers already value"
    book.formula(
        sheet,
        "C19",
        '=IF(OR(ISNA(B19),ISNA(B20),ISNA(B26),ISNA(B27)),"more agents than the table '
        'holds, or an unreachable target","")',
        number_format="@",
    )
    for ref in ("C19", "C24", f"C{SWITCH_ROW}"):
        sheet[ref].font = styles.NOTE_FONT
    for row in (24, SWITCH_ROW):  # wrapped inside the printed columns (A:G), not cut
        sheet[f"C{row}"].alignment = styles.WRAP
        sheet.merge_cells(f"C{row}:G{row}")

    headers = ("Agents",)
    for title in ("before", "after", "AHT alone, before", "AHT alone, after"):
        headers += (f"Erlang B {title}", f"OK {title}", f"Service level {title}")
    for column, title in enumerate(headers, start=1):
        sheet.cell(TABLE_HEADER, column, title)
    styles.style_header([sheet.cell(TABLE_HEADER, c) for c in range(1, len(headers) + 1)])
    for column in range(1, len(headers) + 1):  # long titles wrap in the header row
        sheet.cell(TABLE_HEADER, column).alignment = styles.WRAP
    sheet.row_dimensions[TABLE_HEADER].height = 30
    for row in range(first, last + 1):
        book.formula(sheet, f"A{row}", f"={row - first + 1}" if row == first else f"=A{row - 1}+1")
        for traffic, aht, start in _SIZINGS:
            erlang_b, ok, level = _columns(start)
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
    widths = {"A": 58, "B": 16, "C": 16, "D": 18, "E": 16, "F": 12, "G": 18}
    widths |= {"H": 16, "I": 12, "J": 18, "K": 16, "L": 12, "M": 18}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{first}"
    # The Erlang table below the results is a helper block: it stays off the printed page.
    book.print_layout(sheet, area=f"A1:G{TABLE_HEADER - 1}", orientation="landscape")

"""The ``Costs`` sheet: the ``CostLines`` table, yearly totals and cost per contact."""

from __future__ import annotations

from collections.abc import Sequence

from ..core import CostLine
from ..io.cell_text import put
from . import styles
from .book import Rule, TemplateBook
from .lists import CHANNEL_LIST, COST_CATEGORY_LIST

COLUMNS = (
    "Category",
    "Item",
    "Channel",
    "Initial",
    "Year 1",
    "Year 2",
    "Year 3",
    "Risk",
    "Notes",
)
HEADER_ROW = 5
DEFAULT_ROWS = 60
#: The table's last column, and the empty column right of it.
LAST_COLUMN, GUTTER = "I", "J"
#: The totals: a header of the years and a row of totals, above the table.
TOTALS_HEADER, TOTALS_ROW = HEADER_ROW - 2, HEADER_ROW - 1
TOTAL_NAMES = ("Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3")


#: What the cost per contact beside the totals is (business case: incremental).
_PER_CONTACT_NOTE = {
    True: " Added cost per contact: the Year 1 costs of this table / all contacts a year, "
    "what the change adds per contact, not a contact's unit cost.",
    False: " Support cost per contact: the Year 1 costs of this table / all contacts a year, "
    "before deflection, not the unit cost of one contact.",
}


def cost_total(column: str, first: int, last: int) -> str:
    """A risk-adjusted total over the whole table: amount x (1 + risk), row by row.

    Written over the table's full rows, so that a row inserted inside the table is
    counted at once (the references grow with the table).
    """
    return f"=SUMPRODUCT({column}{first}:{column}{last},1+H{first}:H{last})"


#: The usual cost lines of a support organisation (cost tracking), pre-filled with 0.
DEFAULT_COST_LINES: tuple[CostLine, ...] = (
    CostLine("Personnel", "Agent salaries", "All"),
    CostLine("Personnel", "Benefits", "All"),
    CostLine("Personnel", "Overtime", "All"),
    CostLine("Personnel", "Management", "All"),
    CostLine("Training", "Training and development", "All"),
    CostLine("Technology", "Software licences", "All"),
    CostLine("Technology", "Telephony and chat platforms", "Phone"),
    CostLine("Technology", "AI platform", "Self-service/AI"),
    CostLine("Technology", "Infrastructure", "All"),
    CostLine(
        "Implementation",
        "Implementation and integration (one-time)",
        "All",
        notes="one-time: enter it in Initial",
    ),
    CostLine("Overhead", "Facilities and supplies", "All"),
    CostLine("Quality & Compliance", "QA and monitoring", "All"),
)

#: The usual lines of an investment in customer service (the business case), pre-filled
#: with amounts of 0: what the change adds to today's operation, never today's running
#: costs (agent salaries, telephony: the levers' savings are counted against those).
INVESTMENT_COST_LINES: tuple[CostLine, ...] = (
    CostLine("Technology", "AI platform licences", "Self-service/AI", notes="yearly"),
    CostLine(
        "Implementation",
        "Implementation and integration",
        "All",
        notes="one-time: enter it in Initial",
    ),
    CostLine("Training", "Training and change management", "All"),
    CostLine("Personnel", "Knowledge and bot content", "Self-service/AI"),
    CostLine("Quality & Compliance", "QA of automated answers", "Self-service/AI"),
    CostLine("Personnel", "Project management", "All", notes="one-time: enter it in Initial"),
    CostLine("Technology", "Infrastructure (hosting, integration upkeep)", "All"),
)


def build_costs(
    book: TemplateBook,
    lines: Sequence[CostLine] | None = None,
    rows: int = DEFAULT_ROWS,
    *,
    with_cost_per_contact: bool = True,
    incremental: bool = False,
) -> None:
    """The Costs sheet with a ``CostLines`` table of ``rows`` rows.

    ``incremental``: the business case, whose table holds what the change adds to
    today's operation (pre-filled with the lines of an investment); else the costs
    of customer service as they are tracked (pre-filled with its running costs).
    """
    if lines is None:
        lines = INVESTMENT_COST_LINES if incremental else DEFAULT_COST_LINES
    lines = tuple(lines)
    rows = max(rows, len(lines))
    sheet = book.sheet("Costs")
    sheet["A1"] = (
        "Costs of the change: what it adds to today's operation"
        if incremental
        else "Costs of customer service"
    )
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        (
            "Incremental costs only: what the change adds (licences, implementation, training, "
            "content, QA), not today's running costs (the savings are counted against those). "
            if incremental
            else ""
        )
        + f"The cost table has {rows} rows: to add more, insert rows inside it (above its "
        "last row), and the totals count them. One-time costs in Initial. Risk raises a "
        "cost line for the chance it runs over (0% = as entered)."
        + (_PER_CONTACT_NOTE[incremental] if with_cost_per_contact else "")
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.merge_cells(f"A2:{LAST_COLUMN}2")  # the note wraps over the table's width
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    for column, title in enumerate(COLUMNS, start=1):
        sheet.cell(HEADER_ROW, column, title)
    styles.style_header(
        [sheet.cell(HEADER_ROW, c) for c in range(1, len(COLUMNS) + 1)], numbers="DEFGH"
    )
    for offset, line in enumerate(lines):
        row = first + offset
        values = (
            line.category,
            line.item,
            line.channel,
            line.initial,
            *line.years,
            line.risk,
            line.notes,
        )
        for column, value in enumerate(values, start=1):
            put(sheet.cell(row, column), value)  # item, notes: the user's text, kept text
    book.input(
        sheet,
        f"A{first}:A{last}",
        Rule(
            "list",
            "Personnel, Training, Technology, Implementation, Overhead or Quality & Compliance.",
            COST_CATEGORY_LIST,
        ),
        number_format="@",
    )
    book.input(sheet, f"B{first}:B{last}", Rule("text", "What the cost is."), number_format="@")
    book.input(
        sheet,
        f"C{first}:C{last}",
        Rule("list", "Phone, Email, Chat, Social, Self-service/AI or All.", CHANNEL_LIST),
        number_format="@",
    )
    book.input(
        sheet,
        f"D{first}:G{last}",
        Rule("money", "Amount for the period: Initial is one-time (time 0), then each year."),
        number_format=styles.CURRENCY,
    )
    book.input(
        sheet,
        f"H{first}:H{last}",
        Rule("rate", "Cost risk: the line counts as amount x (1 + risk). 0% = as entered."),
        number_format=styles.PERCENT,
    )
    book.input(
        sheet, f"I{first}:I{last}", Rule("text", "Anything worth knowing."), number_format="@"
    )
    book.table(sheet, "CostLines", f"A{HEADER_ROW}:{LAST_COLUMN}{last}")

    # the totals: one row over the table's year columns, under a header of the same years
    top = TOTALS_HEADER
    titles = {
        "A": "Totals",
        "C": "3 years",
        "D": "Initial",
        "E": "Year 1",
        "F": "Year 2",
        "G": "Year 3",
    }
    if with_cost_per_contact:
        titles["I"] = (
            "Added cost per contact, Year 1" if incremental else "Support cost per contact, Year 1"
        )
    for column, title in titles.items():
        sheet[f"{column}{top}"] = title
    styles.style_header([sheet[f"{c}{top}"] for c in "ABCDEFGHI"], numbers="CDEFGI")
    sheet[f"A{TOTALS_ROW}"] = "Total costs"
    sheet[f"A{TOTALS_ROW}"].font = styles.SECTION_FONT
    sheet[f"B{TOTALS_ROW}"] = "risk-adjusted: amount x (1 + risk), every row"
    sheet[f"B{TOTALS_ROW}"].font = styles.NOTE_FONT
    for column, name in zip("DEFG", TOTAL_NAMES, strict=True):
        book.formula(
            sheet,
            f"{column}{TOTALS_ROW}",
            cost_total(column, first, last),
            name=name,
            number_format=styles.CURRENCY,
        )
    book.formula(
        sheet, f"C{TOTALS_ROW}", f"=SUM(D{TOTALS_ROW}:G{TOTALS_ROW})", number_format=styles.CURRENCY
    )
    if with_cost_per_contact:
        book.formula(
            sheet,
            f"I{TOTALS_ROW}",
            "=IF(ISBLANK(Annual_Contacts),0,(Total_Costs_Y1)/Annual_Contacts)",
            number_format=styles.CURRENCY_CENTS,
        )
    for column, width in {
        "A": 22,
        "B": 40,
        "C": 16,
        "D": 14,
        "E": 14,
        "F": 14,
        "G": 14,
        "H": 10,
        "I": 30,
        GUTTER: 3,
    }.items():
        sheet.column_dimensions[column].width = width
    # A styled empty cell in the column right of the table: LibreOffice's COUNTA over a
    # column past the sheet's last one counts the last column's cells instead, and the
    # model check "nothing typed beside the cost table" counts that column.
    sheet[f"{GUTTER}1"].font = styles.NOTE_FONT
    sheet.freeze_panes = f"A{first}"
    book.print_layout(
        sheet, area=f"A1:{LAST_COLUMN}{last}", title_rows=f"{HEADER_ROW}:{HEADER_ROW}"
    )

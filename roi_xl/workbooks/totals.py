"""The ``Totals`` sheet of the stand-alone executive summary: yearly figures typed in.

Initial, Year 1, Year 2, Year 3 in columns D..G, as on every sheet; gains have no
Initial (they start in Year 1), so their column D stays empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core import LEVERS
from . import styles
from .book import Rule, TemplateBook
from .timeline import INITIAL, TIMELINE, YEARS, write_titles

COST_HEADER = 3
COST_ROW = 4
FIRST_GAIN_ROW = 7
OTHER_LABEL = "Other gain lines"
GAIN_LABELS = (*(label for _, label, _ in LEVERS), OTHER_LABEL)
TOTAL_ROW = FIRST_GAIN_ROW + len(GAIN_LABELS)
#: The columns of the typed years: Year 1, Year 2, Year 3.
YEAR_COLUMNS = YEARS


def _header(sheet, row: int, title: str) -> None:
    sheet[f"A{row}"] = title
    write_titles(sheet, row)
    styles.style_header([sheet[f"{c}{row}"] for c in "ABCDEFG"], numbers="DEFG")


def build_totals(book: TemplateBook, gains_by_line: Mapping[str, Sequence[float]]) -> None:
    """Costs by year and attributed gains by lever and year, as inputs.

    ``gains_by_line`` maps a label of :data:`GAIN_LABELS` to its three yearly values.
    """
    sheet = book.sheet("Totals")
    sheet["A1"] = "Totals: type or paste the yearly figures of your business case"
    sheet["A1"].font = styles.TITLE_FONT
    _header(sheet, COST_HEADER, "Costs")
    sheet[f"A{COST_ROW}"] = "Total costs"
    money = Rule("money", "Total for the period: Initial is one-time (time 0).")
    for column, name in zip(
        TIMELINE,
        ("Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"),
        strict=True,
    ):
        book.input(
            sheet, f"{column}{COST_ROW}", money, name=name, default=0, number_format=styles.CURRENCY
        )
    header = FIRST_GAIN_ROW - 1
    _header(sheet, header, "Gains, attributed and risk-adjusted")
    sheet[f"B{header}"] = "gains start in Year 1"
    for row, label in enumerate(GAIN_LABELS, start=FIRST_GAIN_ROW):
        sheet[f"A{row}"] = label
        for column, value in zip(YEARS, gains_by_line.get(label, (0, 0, 0)), strict=True):
            sheet[f"{column}{row}"] = value
    book.input(
        sheet,
        f"{YEARS[0]}{FIRST_GAIN_ROW}:{YEARS[-1]}{TOTAL_ROW - 1}",
        Rule("money", "Value credited to service in this year, after risk."),
        number_format=styles.CURRENCY,
    )
    sheet[f"A{TOTAL_ROW}"] = "Total gains"
    for year, column in enumerate(YEARS, start=1):
        book.formula(
            sheet,
            f"{column}{TOTAL_ROW}",
            f"=SUM({column}{FIRST_GAIN_ROW}:{column}{TOTAL_ROW - 1})",
            name=f"Total_Gains_Y{year}",
            number_format=styles.CURRENCY,
        )
    widths = {"A": 44, "B": 22, "C": 4, INITIAL: 16, **dict.fromkeys(YEARS, 16)}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B4"


def lever_values() -> list[tuple[str, str]]:
    """(label, 3-year value formula) for the Summary's chart."""
    first, last = YEARS[0], YEARS[-1]
    return [
        (label, f"=SUM(Totals!{first}{row}:{last}{row})")
        for row, label in enumerate(GAIN_LABELS, start=FIRST_GAIN_ROW)
    ]

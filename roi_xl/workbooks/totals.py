"""The ``Totals`` sheet of the stand-alone executive summary: yearly figures typed in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core import LEVERS
from . import styles
from .book import Rule, TemplateBook

COST_ROW = 4
FIRST_GAIN_ROW = 7
OTHER_LABEL = "Other gain lines"
GAIN_LABELS = (*(label for _, label, _ in LEVERS), OTHER_LABEL)
TOTAL_ROW = FIRST_GAIN_ROW + len(GAIN_LABELS)


def build_totals(book: TemplateBook, gains_by_line: Mapping[str, Sequence[float]]) -> None:
    """Costs by year and attributed gains by lever and year, as inputs.

    ``gains_by_line`` maps a label of :data:`GAIN_LABELS` to its three yearly values.
    """
    sheet = book.sheet("Totals")
    sheet["A1"] = "Totals: type or paste the yearly figures of your business case"
    sheet["A1"].font = styles.TITLE_FONT
    for column, title in zip(
        "ABCDE", ("Costs", "Initial", "Year 1", "Year 2", "Year 3"), strict=True
    ):
        sheet[f"{column}3"] = title
    styles.style_header([sheet[f"{c}3"] for c in "ABCDE"], numbers="BCDE")
    sheet[f"A{COST_ROW}"] = "Total costs"
    money = Rule("money", "Total for the period: Initial is one-time (time 0).")
    for column, name in zip(
        "BCDE",
        ("Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"),
        strict=True,
    ):
        book.input(
            sheet, f"{column}{COST_ROW}", money, name=name, default=0, number_format=styles.CURRENCY
        )
    header = FIRST_GAIN_ROW - 1
    for column, title in zip(
        "ACDE", ("Gains, attributed and risk-adjusted", "Year 1", "Year 2", "Year 3"), strict=True
    ):
        sheet[f"{column}{header}"] = title
    styles.style_header([sheet[f"{c}{header}"] for c in "ABCDE"], numbers="BCDE")
    for row, label in enumerate(GAIN_LABELS, start=FIRST_GAIN_ROW):
        sheet[f"A{row}"] = label
        for column, value in zip("CDE", gains_by_line.get(label, (0, 0, 0)), strict=True):
            sheet[f"{column}{row}"] = value
    book.input(
        sheet,
        f"C{FIRST_GAIN_ROW}:E{TOTAL_ROW - 1}",
        Rule("money", "Value credited to service in this year, after risk."),
        number_format=styles.CURRENCY,
    )
    sheet[f"A{TOTAL_ROW}"] = "Total gains"
    for year, column in enumerate("CDE", start=1):
        book.formula(
            sheet,
            f"{column}{TOTAL_ROW}",
            f"=SUM({column}{FIRST_GAIN_ROW}:{column}{TOTAL_ROW - 1})",
            name=f"Total_Gains_Y{year}",
            number_format=styles.CURRENCY,
        )
    for column, width in {"A": 44, "B": 16, "C": 16, "D": 16, "E": 16}.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B4"


def lever_values() -> list[tuple[str, str]]:
    """(label, 3-year value formula) for the Summary's chart."""
    return [
        (label, f"=SUM(Totals!C{row}:E{row})")
        for row, label in enumerate(GAIN_LABELS, start=FIRST_GAIN_ROW)
    ]

"""One timeline: Initial, Year 1, Year 2, Year 3 in columns D, E, F, G on every sheet.

The formulas of a yearly timeline, written once over those columns: a period
counter row (0 for Initial, then 1, 2, 3), discount factors from it, running
totals, and the payback of a row of net flows, each formula short and over
labelled rows (STYLE.md, "Workbooks that reviewers trust"; FAST Standard).
The numbers they need are the named model constants (``Months_Per_Year``,
``Zero_Tolerance``), never typed.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from . import styles
from .book import TemplateBook

#: The columns of the timeline: Initial (time 0), then Year 1, Year 2, Year 3.
TIMELINE = ("D", "E", "F", "G")
INITIAL, YEARS = TIMELINE[0], TIMELINE[1:]
TITLES = ("Initial", "Year 1", "Year 2", "Year 3")


def span(row: int, columns: tuple[str, ...] = TIMELINE, *, absolute: bool = False) -> str:
    """The cells of ``row`` over ``columns`` (``D7:G7``)."""
    d = "$" if absolute else ""
    return f"{d}{columns[0]}{d}{row}:{d}{columns[-1]}{d}{row}"


def write_titles(sheet: Worksheet, row: int) -> None:
    """Initial, Year 1, Year 2, Year 3 over the timeline columns of ``row``."""
    for column, title in zip(TIMELINE, TITLES, strict=True):
        sheet[f"{column}{row}"] = title


def period_row(book: TemplateBook, sheet: Worksheet, row: int) -> None:
    """The period counter: 0 at Initial, then one more each year (the discount exponent)."""
    sheet[f"A{row}"] = "Period (years from the start)"
    book.formula(sheet, f"{INITIAL}{row}", 0, number_format="0")
    for previous, column in zip(TIMELINE, YEARS, strict=False):
        book.formula(sheet, f"{column}{row}", f"={previous}{row}+1", number_format="0")


def discount_row(book: TemplateBook, sheet: Worksheet, row: int, period: int) -> None:
    """1 / (1 + Discount_Rate) ^ period: Initial undiscounted, Year t at t years."""
    sheet[f"A{row}"] = "Discount factor: 1 / (1 + discount rate) ^ period"
    for column in TIMELINE:
        book.formula(
            sheet,
            f"{column}{row}",
            f"=1/(1+Discount_Rate)^{column}${period}",
            number_format="0.0000",
        )


def running_total(book: TemplateBook, sheet: Worksheet, source: int, total: int) -> None:
    """Row ``total``: the running sum of row ``source`` along the timeline."""
    book.formula(sheet, f"{INITIAL}{total}", f"={INITIAL}{source}", number_format=styles.CURRENCY)
    for previous, column in zip(TIMELINE, YEARS, strict=False):
        book.formula(
            sheet,
            f"{column}{total}",
            f"={previous}{total}+{column}{source}",
            number_format=styles.CURRENCY,
        )


def present_value(net: int, factors: int) -> str:
    """The present value of the flows of row ``net`` with the discount factors of ``factors``."""
    return f"=SUMPRODUCT({span(net)},{span(factors, absolute=True)})"


def tolerance(cumulative: int) -> str:
    """What counts as 0 in a cumulative row: Zero_Tolerance of its largest absolute value
    (the exact break-even of :data:`roi_xl.core.finance.BREAK_EVEN_TOLERANCE`)."""
    largest = ",".join(f"ABS({c}{cumulative})" for c in TIMELINE)
    return f"=Zero_Tolerance*MAX({largest})"


def under_water(cumulative: int, zero: str, period: int) -> str:
    """The period of the last of Initial, Year 1, Year 2 whose cumulative flow is below 0
    (beyond the tolerance in cell ``zero``), or -1 when none is."""
    terms = ",".join(f"IF({c}{cumulative}<-{zero},{c}${period},-1)" for c in TIMELINE[:-1])
    return f"=MAX({terms})"


def payback(net: int, cumulative: int, zero: str, last_under: str) -> str:
    """Payback in months, as :func:`roi_xl.core.payback_period`: from the last period under
    water, the share of the next year's net flow that brings the cumulative flow to 0;
    a year that ends within the tolerance of 0 pays back at its end; ``#N/A`` when Year 3
    still ends under water.
    """
    u, c, n = last_under, cumulative, net
    ends_at_zero = f"ABS(INDEX({span(c, YEARS)},1,{u}+1))<={zero}"
    share = f"MIN(1,-INDEX({span(c, TIMELINE[:-1])},1,{u}+1)/INDEX({span(n, YEARS)},1,{u}+1))"
    crossing = f"IF({ends_at_zero},1,{share})"
    return f"=IF({YEARS[-1]}{c}<-{zero},NA(),IF({u}<0,0,({u}+{crossing})*Months_Per_Year))"

"""The ``Tracking`` sheet: monthly actuals against the plan (TRACKING.md §2).

The ``MonthlyActuals`` table holds the inputs only (its columns are the
contract). The month-by-month figures are on a hidden sheet with one row per
calendar month from go-live, each row summing the table's rows of its month
with ``SUMPRODUCT`` over the table's full columns, so a row inserted inside the
table counts at once and nothing needs copying. That sheet is a model a
reviewer can read: one labelled step a column, one formula a column (a month
counter from the row above, the year of the plan from ``Months_Per_Year`` and
``Horizon_Months``, the plan by line, each lever's rows measured and sums, its
realised gain, running totals). The figures to date on the Tracking sheet are
sums of its columns; no formula is longer than 200 characters or types a
number other than 0 and 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment
from openpyxl.utils import column_index_from_string, get_column_letter

from ..core import LEVERS
from ..core.tracking import ACTUALS_COLUMNS, HORIZON_MONTHS, REALISED_LEVERS
from ..io.cell_text import put
from . import styles
from .book import Rule, TemplateBook
from .levers import SHARE_COLUMN, capacity_factor
from .levers import YEAR_COLUMNS as GAIN_YEAR_COLUMNS
from .timeline import YEARS as TOTALS_YEARS  # the Totals sheet's Year 1..3 columns

COLUMNS = ("Month", *ACTUALS_COLUMNS)
#: Table column letter of each header.
COL = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
#: The chart sits between the figures to date (rows 1-16) and the table.
CHART_ROW = 18
HEADER_ROW = CHART_ROW + 17  # the chart (8 cm) takes 16 rows of 15 points
#: Where the outputs that may be an error (#N/A, #DIV/0!) keep their names, outside the
#: print area; the printed column B shows them as "not yet" / "—" (nothing yet to divide by).
RAW_COLUMN = "M"
#: Beside it, the recapture rate each lever counts at in the business case (outside the print area).
FACTOR_COLUMN = "N"
#: 36 months of the horizon and a year to spare; insert rows inside the table for more.
DEFAULT_MONTHS = 48
LEVER_NAMES = tuple(name for name, _, _ in LEVERS)
LEVER_LABELS = {name: label for name, label, _ in LEVERS}
OTHER_LABEL = "Other gain lines (plan only)"
DATE_FORMAT = "yyyy-mm"
#: The hidden sheet of calendar months, and how many months from go-live it covers.
MONTHS_SHEET = "TrackingMonths"
BY_MONTH_ROWS = 120
FIRST_MONTH_ROW = 5
LAST_MONTH_ROW = FIRST_MONTH_ROW + BY_MONTH_ROWS - 1
#: Its column of the table's rows counted in each month (the Checks sheet reads it).
ROWS_COLUMN = "E"
#: Months from go-live the chart shows: the plan's horizon, the one the page names.
CHART_MONTHS = HORIZON_MONTHS
#: The rows of the plan's and the forecast's 3-year costs (column B) and gains (column C).
PLAN_ROW, FORECAST_ROW = 15, 16


@dataclass(frozen=True)
class Plan:
    """Where the plan lives: each gain line's three yearly values and each lever's share.

    ``years`` maps a lever name (or ``"Other"``) to three cell references
    (Year 1, 2, 3); ``shares`` maps a lever name to a cell reference, or is
    empty when the Tracking sheet should hold the shares as inputs.
    """

    years: Mapping[str, tuple[str, str, str]]
    shares: Mapping[str, str]
    #: lever name -> the rate it counts at (the recapture rate of a capacity line, 1 for
    #: cash), which multiplies its share; empty: none
    factors: Mapping[str, str] = field(default_factory=dict)


COST_YEARS = ("Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3")
GAIN_YEARS = ("Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3")


def _planned(year: str, yearly: tuple[str, str, str]) -> str:
    """Plan of one line in a month of plan year ``year`` (a cell, 0 outside the plan).

    Year k's value / Months_Per_Year in each month of Year k.
    """
    return f"IF({year}=0,0,CHOOSE({year},{','.join(yearly)})/Months_Per_Year)"


NOT_MEASURED = "not measured"

#: What each lever sums over the table's rows of a month (TrackingMonths), in three
#: columns: the rows measured (every figure the lever needs filled in), then two sums
#: over those rows. ``H`` is the contacts people handled (Contacts - Automated
#: Contacts). A figure left blank adds 0 to a sum, so each sum needs only the masks
#: of the other figures.
LEVER_SUMS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    # (label, figures that must be filled in, what is summed)
    "Gain_Deflection": (
        ("automated contacts", ("Contacts",), "Automated Contacts"),
        ("contacts", ("Automated Contacts",), "Contacts"),
    ),
    "Gain_FCR": (
        ("contacts handled by people", ("Contacts", "FCR"), "H"),
        ("handled x FCR", ("Contacts",), "H*FCR"),
    ),
    "Gain_AHT": (
        ("contacts handled by people", ("Contacts", "AHT (min)"), "H"),
        ("handled x AHT (min)", ("Contacts",), "H*AHT (min)"),
    ),
    "Gain_Escalation": (
        ("contacts handled by people", ("Contacts", "Escalation Rate"), "H"),
        ("handled x escalation rate", ("Contacts",), "H*Escalation Rate"),
    ),
    "Gain_Conversion": (
        ("conversions", ("Sales Interactions",), "Conversions"),
        ("sales interactions", ("Conversions",), "Sales Interactions"),
    ),
    "Gain_Retention": (
        ("churned customers", ("Customers",), "Churned Customers"),
        ("customers", ("Churned Customers",), "Customers"),
    ),
}


def _realised_month(lever: str, count: str, first: str, second: str, share: str) -> str:
    """One lever's realised gain in a month from its two sums (cells of the month's row)."""
    if lever == "Gain_Deflection":
        gross = (
            f"({first}-{second}*Deflection_Rate_Before)"
            "*(Human_Cost_Per_Contact-Automated_Cost_Per_Contact)"
        )
    elif lever == "Gain_FCR":
        # no FCR measured: 0 even when FCR_Before is 0; measured: #DIV/0! then
        gross = f"({second}-{first}*FCR_Before)/FCR_Before*Human_Cost_Per_Contact"
        return f"=IF({count}=0,0,{gross}*{share})"
    elif lever == "Gain_AHT":
        gross = f"({first}*AHT_Before_Min-{second})/Minutes_Per_Hour*Cost_Per_Handle_Hour"
    elif lever == "Gain_Escalation":
        gross = f"({first}*Escalation_Rate_Before-{second})*Cost_Per_Escalation"
    elif lever == "Gain_Conversion":
        gross = f"({first}-{second}*Conversion_Before)*Average_Order_Value*Gross_Margin"
    else:
        gross = f"({second}*Churn_Before/Months_Per_Year-{first})*Revenue_Per_Customer*Gross_Margin"
    return f"={gross}*{share}"


def _date(month: Any) -> Any:
    if isinstance(month, str):
        return date(int(month[:4]), int(month[5:7]), 1)
    return month


def build_tracking(
    book: TemplateBook,
    plan: Plan,
    actuals: Sequence[Mapping[str, Any]] = (),
    *,
    months: int = DEFAULT_MONTHS,
    share_values: Mapping[str, float] | None = None,
) -> None:
    """The Tracking sheet with a ``MonthlyActuals`` table of ``months`` rows.

    ``actuals`` are the table's rows by header (``Month`` as ``YYYY-MM`` or a
    date); ``share_values`` fill the share inputs when the plan has none.
    """
    months = max(months, len(actuals))
    sheet = book.sheet("Tracking")
    sheet["A1"] = "Tracking: what the business case promised, and what happened"
    sheet["A1"].font = styles.TITLE_FONT
    put(
        sheet["A2"],
        f"The plan runs {HORIZON_MONTHS} months from the go-live month; the figures to date "
        "set the actuals of the months tracked beside the plan of the same months. One row a "
        "month in the monthly actuals table below (insert rows inside it for more). Realised "
        "gains use each lever's formula on the month's figures against the before values of "
        "the Assumptions, times its attribution share: no risk haircut, no ramp-up. A lever "
        "with no figures in any month is not measured: it is left out of the variance.",
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.merge_cells("A2:H2")
    sheet.row_dimensions[2].height = 45
    sheet["A4"] = "Go-live month (first month of Year 1)"
    book.input(
        sheet,
        "B4",
        Rule("count", "The first month of Year 1, as a date (e.g. 2025-01-01)."),
        name="Go_Live_Date",
        number_format=DATE_FORMAT,
    )
    if book.fill.get("Go_Live_Date") is not None:
        sheet["B4"].value = _date(book.fill["Go_Live_Date"])

    first, last = HEADER_ROW + 1, HEADER_ROW + months
    ranges = {name: f"${c}${first}:${c}${last}" for name, c in COL.items()}

    # --- figures to date: sums over the month-by-month sheet
    sheet["A6"] = "To date"
    sheet["A6"].font = styles.SECTION_FONT
    sheet["B6"], sheet["C6"] = "Actual", "Plan"
    styles.style_header([sheet["B6"], sheet["C6"]], numbers="BC")
    shares = dict(plan.shares)
    lever_first = 8
    # the lever block keeps a column's gap from the plan column: its title and its
    # gain lines start indented, so "Plan" and "By lever, to date" do not run together
    sheet["D6"] = "By lever, to date"
    sheet["D6"].font = styles.SECTION_FONT
    sheet["D6"].alignment = Alignment(horizontal="left", indent=1)
    for column, title in zip(
        "DEFGH", ("Gain line", "Share", "Planned", "Realised", "Variance"), strict=True
    ):
        sheet[f"{column}7"] = title
    styles.style_header([sheet[f"{c}7"] for c in "DEFGH"], numbers="EFGH")
    sheet["D7"].alignment = Alignment(horizontal="left", indent=1)
    if plan.factors:
        sheet[f"{FACTOR_COLUMN}7"] = "Counts at (recapture of a capacity line)"
        sheet[f"{FACTOR_COLUMN}7"].font = styles.SECTION_FONT
    for offset, lever in enumerate(LEVER_NAMES):
        row = lever_first + offset
        sheet[f"D{row}"] = LEVER_LABELS[lever]
        sheet[f"D{row}"].alignment = Alignment(horizontal="left", indent=1)
        if lever in plan.factors:
            book.formula(
                sheet,
                f"{FACTOR_COLUMN}{row}",
                f"={plan.factors[lever]}",
                number_format=styles.PERCENT,
            )
        if lever in shares:
            factor = f"*${FACTOR_COLUMN}{row}" if lever in plan.factors else ""
            book.formula(
                sheet, f"E{row}", f"={shares[lever]}{factor}", number_format=styles.PERCENT
            )
        else:
            sheet[f"E{row}"] = (share_values or {}).get(lever, 1.0)
        # a blank share is neutral (100%), as on the Gains sheet
        shares[lever] = f"IF(ISBLANK(Tracking!$E${row}),1,Tracking!$E${row})"
    if not plan.shares:
        book.input(
            sheet,
            f"E{lever_first}:E{lever_first + len(LEVER_NAMES) - 1}",
            Rule("rate", "Part of this lever's gain credited to service (100% = all of it)."),
            number_format=styles.PERCENT,
        )
    other_row = lever_first + len(LEVER_NAMES)
    total_row = other_row + 1

    by_month = _build_by_month(book, plan, ranges, shares)
    rows_tracked = by_month.column("rows")

    for offset, lever in enumerate((*LEVER_NAMES, "Other")):
        row = lever_first + offset
        if lever == "Other":
            sheet[f"D{row}"] = OTHER_LABEL
            sheet[f"D{row}"].alignment = Alignment(horizontal="left", indent=1)
            book.formula(sheet, f"G{row}", f'="{NOT_MEASURED}"', number_format=styles.CURRENCY)
        else:
            measured = by_month.column(f"{lever}:measured")
            realised = by_month.column(f"{lever}:realised")
            book.formula(
                sheet,
                f"G{row}",
                f'=IF(SUM({measured})>0,SUM({realised}),"{NOT_MEASURED}")',
                number_format=styles.CURRENCY,
            )
        sheet[f"G{row}"].alignment = Alignment(horizontal="right")
        sheet[f"H{row}"].alignment = Alignment(horizontal="right")
        planned = by_month.column(f"{lever}:planned")
        book.formula(
            sheet,
            f"F{row}",
            f"=SUMPRODUCT({rows_tracked},{planned})",
            number_format=styles.CURRENCY,
        )
        book.formula(
            sheet,
            f"H{row}",
            f'=IF(ISNUMBER(G{row}),G{row}-F{row},"{NOT_MEASURED}")',
            number_format=styles.CURRENCY,
        )
    sheet[f"D{total_row}"] = "Total"
    sheet[f"D{total_row}"].font = styles.SECTION_FONT
    sheet[f"D{total_row}"].alignment = Alignment(horizontal="left", indent=1)  # apart from C
    for column in "FGH":
        book.formula(
            sheet,
            f"{column}{total_row}",
            f"=SUM({column}{lever_first}:{column}{other_row})",
            name="Variance_To_Date" if column == "H" else None,
            number_format=styles.CURRENCY,
        )
    sheet[f"D{total_row + 1}"] = (
        "Not measured: no figures for the lever in any month tracked; its plan is left out "
        "of the variance (the total variance is over the measured levers)."
    )
    sheet[f"D{total_row + 1}"].font = styles.NOTE_FONT
    sheet[f"D{total_row + 1}"].alignment = Alignment(wrap_text=True, vertical="top", indent=1)
    sheet.merge_cells(f"D{total_row + 1}:H{total_row + 1}")
    sheet.row_dimensions[total_row + 1].height = 28

    paid_back = by_month.column("reached")
    outputs = (
        ("Months tracked", "Months_Tracked", f"=SUM({rows_tracked})", styles.NUMBER),
        (
            "Actual costs to date",
            "Actual_Costs_To_Date",
            f"=SUM({by_month.column('actual costs')})",
            styles.CURRENCY,
        ),
        ("Realised gains to date", "Realised_Gains_To_Date", f"=G{total_row}", styles.CURRENCY),
        ("Planned gains to date", "Planned_Gains_To_Date", f"=F{total_row}", styles.CURRENCY),
        (
            "Realised ROI to date",
            "Realised_ROI_To_Date",
            "=(Realised_Gains_To_Date-Actual_Costs_To_Date)/Actual_Costs_To_Date",
            styles.PERCENT,
        ),
        (
            "Payback reached in",
            "Payback_Reached_Month",
            f"=IF(COUNT({paid_back})=0,NA(),MIN({paid_back}))",
            DATE_FORMAT,
        ),
        (
            "3-year ROI, actuals + plan",
            "Forecast_ROI_3yr",
            f"=(C{FORECAST_ROW}-B{FORECAST_ROW})/B{FORECAST_ROW}",
            styles.PERCENT,
        ),
    )
    shown = {  # what the printed column shows of an output that is an error until later
        "Realised_ROI_To_Date": '=IF(Actual_Costs_To_Date=0,"—",Realised_ROI_To_Date)',
        "Payback_Reached_Month": '=IF(ISNA(Payback_Reached_Month),"not yet",Payback_Reached_Month)',
        "Forecast_ROI_3yr": f'=IF(B{FORECAST_ROW}=0,"—",Forecast_ROI_3yr)',
    }
    sheet[f"{RAW_COLUMN}6"] = "As calculated"
    sheet[f"{RAW_COLUMN}6"].font = styles.SECTION_FONT
    for offset, (label, name, formula, fmt) in enumerate(outputs):
        row = 7 + offset
        sheet[f"A{row}"] = label
        if name in shown:
            book.formula(sheet, f"{RAW_COLUMN}{row}", formula, name=name, number_format=fmt)
            book.formula(sheet, f"B{row}", shown[name], number_format=fmt)
            sheet[f"B{row}"].alignment = Alignment(horizontal="right")
        else:
            book.formula(sheet, f"B{row}", formula, name=name, number_format=fmt)
    # the plan of the months tracked, beside the actuals (column C)
    book.formula(
        sheet,
        "C8",
        f"=SUMPRODUCT({rows_tracked},{by_month.column('planned costs')})",
        name="Plan_Costs_To_Date",
        number_format=styles.CURRENCY,
    )
    book.formula(
        sheet, "C9", f"=F{total_row}", name="Plan_Gains_To_Date", number_format=styles.CURRENCY
    )
    book.formula(
        sheet,
        f"{RAW_COLUMN}14",
        "=(Plan_Gains_To_Date-Plan_Costs_To_Date)/Plan_Costs_To_Date",
        name="Plan_ROI_To_Date",
        number_format=styles.PERCENT,
    )
    book.formula(
        sheet, "C11", '=IF(Plan_Costs_To_Date=0,"—",Plan_ROI_To_Date)', number_format=styles.PERCENT
    )
    sheet["C11"].alignment = Alignment(horizontal="right")
    # the forecast: the plan's months, the tracked ones at their actuals
    sheet[f"A{PLAN_ROW}"] = "Plan, 3 years: costs / gains"
    book.formula(sheet, f"B{PLAN_ROW}", f"={PLAN_COSTS}", number_format=styles.CURRENCY)
    book.formula(sheet, f"C{PLAN_ROW}", f"={PLAN_GAINS}", number_format=styles.CURRENCY)
    sheet[f"A{FORECAST_ROW}"] = "Forecast, 3 years: costs / gains"
    book.formula(
        sheet,
        f"B{FORECAST_ROW}",
        f"=SUM({by_month.column('forecast costs')})",
        number_format=styles.CURRENCY,
    )
    book.formula(
        sheet,
        f"C{FORECAST_ROW}",
        f"=SUM({by_month.column('forecast gains')})",
        number_format=styles.CURRENCY,
    )

    # --- the table
    for column, title in enumerate(COLUMNS, start=1):
        sheet.cell(HEADER_ROW, column, title)
    styles.style_header(
        [sheet.cell(HEADER_ROW, c) for c in range(1, len(COLUMNS) + 1)],
        numbers="".join(COL[name] for name in ACTUALS_COLUMNS),
    )
    sheet.row_dimensions[HEADER_ROW].height = 45  # three lines of a wrapped header
    for offset, values in enumerate(actuals):
        row = first + offset
        for name, value in values.items():
            if value is None:
                continue
            cell = sheet[f"{COL[name]}{row}"]
            cell.value = _date(value) if name == "Month" else float(value)
    rules = {
        "Month": (Rule("count", "The month, as its first day (e.g. 2025-03-01)."), DATE_FORMAT),
        "Actual Costs": (Rule("money", "What the month cost, all lines."), styles.CURRENCY),
        "Contacts": (Rule("count", "Contacts received in the month."), styles.NUMBER),
        "Automated Contacts": (
            Rule("count", "Contacts resolved without a person (bot, self-service, AI)."),
            styles.NUMBER,
        ),
        "AHT (min)": (Rule("minutes", "Average handle time of people, minutes."), styles.DECIMAL),
        "FCR": (Rule("rate", "First-contact resolution of people-handled contacts."), "0.0%"),
        "Escalation Rate": (Rule("rate", "Share of people-handled contacts escalated."), "0.0%"),
        "Conversions": (Rule("count", "Sales made in service interactions."), styles.NUMBER),
        "Sales Interactions": (
            Rule("count", "Service interactions with a sales opportunity."),
            styles.NUMBER,
        ),
        "Churned Customers": (Rule("count", "Customers lost in the month."), styles.NUMBER),
        "Customers": (Rule("count", "Customers at the start of the month."), styles.NUMBER),
    }
    for name, (rule, fmt) in rules.items():
        c = COL[name]
        book.input(sheet, f"{c}{first}:{c}{last}", rule, number_format=fmt)
    for row in range(first, last + 1):  # the month under its header, not across column A
        sheet[f"A{row}"].alignment = Alignment(horizontal="left")
    book.table(sheet, "MonthlyActuals", f"A{HEADER_ROW}:{COL['Customers']}{last}")

    sheet.add_chart(_chart(book.workbook[MONTHS_SHEET], by_month), f"A{CHART_ROW}")

    widths = {"A": 34, "B": 14, "C": 16, "D": 30, "E": 10, "F": 14, "G": 14, "H": 14}
    widths.update({c: 13 for c in "IJKLMN"})
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"B{first}"
    # the figures to date, the chart below them and the table, whose header row
    # repeats on every page: the table's width, so it prints at a readable size
    book.print_layout(
        sheet,
        area=f"A1:{COL['Customers']}{last}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        orientation="landscape",
    )


#: The plan's costs and gains over its years.
PLAN_COSTS = "Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3"
PLAN_GAINS = "Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3"


@dataclass(frozen=True)
class ByMonth:
    """Where the month-by-month sheet keeps each column (by key): its letter."""

    letters: Mapping[str, str]

    def column(self, key: str) -> str:
        """The column's month rows, as a reference from another sheet."""
        c = self.letters[key]
        return f"{MONTHS_SHEET}!${c}${FIRST_MONTH_ROW}:${c}${LAST_MONTH_ROW}"


def _build_by_month(
    book: TemplateBook, plan: Plan, ranges: Mapping[str, str], shares: Mapping[str, str]
) -> ByMonth:
    """The hidden sheet of calendar months: month k after go-live in row ``FIRST_MONTH_ROW + k``.

    One formula per column, the same in every row: the month number counts on from
    the row above; the month's first day and the next month's follow from
    ``Go_Live_Date``; the year of the plan from the month number. Each row sums the
    table's rows dated in its month, wherever they are in the table (SUMPRODUCT over
    the table's full columns, which grow with rows inserted inside the table): nothing
    here moves or needs copying when the user adds rows, and the months come out in
    calendar order for the running sums, the payback month and the chart. The
    Tracking sheet's figures to date are sums of these columns.
    """
    sheet = book.sheet(MONTHS_SHEET)
    sheet.sheet_state = "hidden"
    sheet["A1"] = "Tracking, month by month from the go-live month (read by the Tracking sheet)"
    sheet["A1"].font = styles.SECTION_FONT
    first, last = FIRST_MONTH_ROW, LAST_MONTH_ROW
    table = {name: f"Tracking!{ref}" for name, ref in ranges.items()}

    # the columns, in order: key, title, number format
    block: list[tuple[str, str, str]] = [
        ("no", "Month no. (0 = go-live)", styles.NUMBER),
        ("month", "Month (first day)", DATE_FORMAT),
        ("next", "Next month's first day", DATE_FORMAT),
        ("year", "Year of the plan (0 = after it)", styles.NUMBER),
        ("rows", "Rows in the table", styles.NUMBER),
        ("actual costs", "Actual costs", styles.CURRENCY),
        ("planned costs", "Planned costs", styles.CURRENCY),
        ("planned gains", "Planned gains", styles.CURRENCY),
    ]
    for lever in (*LEVER_NAMES, "Other"):
        label = OTHER_LABEL if lever == "Other" else LEVER_LABELS[lever]
        block.append((f"{lever}:planned", f"Planned: {label}", styles.CURRENCY))
    for lever in LEVER_NAMES:
        label = LEVER_LABELS[lever]
        block.append((f"{lever}:measured", f"{label}: rows measured", styles.NUMBER))
        for i, (what, _, _) in enumerate(LEVER_SUMS[lever]):
            block.append((f"{lever}:sum{i}", f"{label}: {what}", styles.DECIMAL))
        block.append((f"{lever}:realised", f"Realised: {label}", styles.CURRENCY))
    block += [
        ("realised", "Realised gains", styles.CURRENCY),
        ("variance", "Variance (tracked months)", styles.CURRENCY),
        ("planned net", "Cumulative net, planned", styles.CURRENCY),
        ("running net", "Cumulative net, realised (running)", styles.CURRENCY),
        ("realised net", "Cumulative net, realised", styles.CURRENCY),
        ("tracked no", "Tracked month no.", styles.NUMBER),
        ("reached", "Net value reached 0", DATE_FORMAT),
        ("forecast costs", "Forecast costs (plan's months)", styles.CURRENCY),
        ("forecast gains", "Forecast gains (plan's months)", styles.CURRENCY),
    ]
    letters = {key: get_column_letter(i) for i, (key, _, _) in enumerate(block, start=1)}
    assert letters["rows"] == ROWS_COLUMN
    L = letters  # noqa: N806 - the column letters, as a reader of the sheet names them

    header = first - 1
    for key, title, _ in block:
        cell = sheet[f"{L[key]}{header}"]
        cell.value = title
        cell.alignment = styles.WRAP
    styles.style_header([sheet[f"{L[key]}{header}"] for key, _, _ in block])
    sheet.row_dimensions[header].height = 45
    sheet["A2"] = "Last month no. tracked"
    book.formula(
        sheet, "C2", f"=MAX({L['tracked no']}{first}:{L['tracked no']}{last})", number_format="0"
    )
    sheet["A3"] = "Share credited to service, each lever (above its realised column)"
    for lever in LEVER_NAMES:
        book.formula(
            sheet, f"{L[lever + ':realised']}3", f"={shares[lever]}", number_format=styles.PERCENT
        )

    def masked(row: int, needs: tuple[str, ...], what: str = "") -> str:
        """SUMPRODUCT over the table's rows of month ``row`` with ``needs`` filled in."""
        this = f"({table['Month']}>=${L['month']}{row})*({table['Month']}<${L['next']}{row})"
        need = "".join(f'*({table[n]}<>"")' for n in needs)
        handled = f"({table['Contacts']}-{table['Automated Contacts']})"
        terms = [handled if t == "H" else table[t] for t in what.split("*") if t]
        return f"=SUMPRODUCT({this}{need}{''.join('*' + t for t in terms)})"

    for k in range(BY_MONTH_ROWS):
        row = first + k

        def at(key: str, row: int = row) -> str:
            return f"${L[key]}{row}"

        go_live = "DATE(YEAR(Go_Live_Date),MONTH(Go_Live_Date)"
        formulas = {
            "no": "=0" if k == 0 else f"={at('no', row - 1)}+1",
            "month": f'=IF(ISNUMBER(Go_Live_Date),{go_live}+{at("no")},1),"")',
            # no go-live month: 0, and no date is before 0, so no row counts
            "next": f'=IF({at("month")}="",0,DATE(YEAR({at("month")}),MONTH({at("month")})+1,1))',
            "year": f"=IF({at('no')}<Horizon_Months,INT({at('no')}/Months_Per_Year)+1,0)",
            "rows": masked(row, ()),
            "actual costs": masked(row, (), "Actual Costs"),
            "planned costs": f"={_planned(at('year'), COST_YEARS)}"
            f"+({at('no')}=0)*Total_Costs_Initial",
            "planned gains": f"={_planned(at('year'), GAIN_YEARS)}",
        }
        for lever in (*LEVER_NAMES, "Other"):
            formulas[f"{lever}:planned"] = f"={_planned(at('year'), plan.years[lever])}"
        for lever in LEVER_NAMES:
            formulas[f"{lever}:measured"] = masked(row, REALISED_LEVERS[lever])
            for i, (_, needs, what) in enumerate(LEVER_SUMS[lever]):
                formulas[f"{lever}:sum{i}"] = masked(row, needs, what)
            formulas[f"{lever}:realised"] = _realised_month(
                lever,
                at(f"{lever}:measured"),
                at(f"{lever}:sum0"),
                at(f"{lever}:sum1"),
                f"{L[lever + ':realised']}$3",
            )
        realised = [at(f"{lever}:realised") for lever in LEVER_NAMES]
        formulas["realised"] = "=" + "+".join(realised)
        formulas["variance"] = f'=IF({at("rows")}>0,{at("realised")}-{at("planned gains")},"")'
        previous = "" if k == 0 else f"{at('planned net', row - 1)}+"
        formulas["planned net"] = f"={previous}{at('planned gains')}-{at('planned costs')}"
        previous = "" if k == 0 else f"{at('running net', row - 1)}+"
        formulas["running net"] = f"={previous}{at('realised')}-{at('actual costs')}"
        # not plotted: a month after the last one tracked
        formulas["realised net"] = f"=IF({at('no')}<=$C$2,{at('running net')},NA())"
        formulas["tracked no"] = f"=IF({at('rows')}>0,{at('no')},-1)"
        formulas["reached"] = f'=IF(AND({at("rows")}>0,{at("running net")}>=0),{at("month")},"")'
        # the plan's months: at the actuals when tracked, at the plan otherwise
        for what, actual, planned in (
            ("costs", "actual costs", "planned costs"),
            ("gains", "realised", "planned gains"),
        ):
            formulas[f"forecast {what}"] = (
                f"=({at('year')}>0)*IF({at('rows')}>0,{at(actual)},{at(planned)})"
            )
        for key, _, fmt in block:
            book.formula(sheet, f"{L[key]}{row}", formulas[key], number_format=fmt)
    for key, _, _ in block:
        sheet.column_dimensions[L[key]].width = 16
    sheet.freeze_panes = f"C{first}"
    return ByMonth(letters)


def _chart(sheet: Any, by_month: ByMonth) -> BarChart:
    """Cumulative net value by month from go-live: the plan as a line, the actuals as columns.

    Months after the last one tracked are ``#N/A``: Excel draws nothing for
    them, LibreOffice draws them as 0, which for a column is no column at all
    (a line would drop to 0); so the realised values are columns. The value
    axis crosses at 0 with its 0 labelled, and says its unit.
    """
    first, last = FIRST_MONTH_ROW, FIRST_MONTH_ROW + CHART_MONTHS - 1
    letters = by_month.letters
    realised = BarChart()
    realised.type = "col"
    realised.title = (
        f"Cumulative net value over the plan's {CHART_MONTHS} months: planned and realised, "
        "in the currency of the case"
    )
    realised.add_data(
        Reference(
            sheet,
            min_col=column_index_from_string(letters["realised net"]),
            min_row=first - 1,
            max_row=last,
        ),
        titles_from_data=True,
    )
    realised.set_categories(
        Reference(
            sheet, min_col=column_index_from_string(letters["month"]), min_row=first, max_row=last
        )
    )
    realised.gapWidth = 40
    planned = LineChart()
    planned.add_data(
        Reference(
            sheet,
            min_col=column_index_from_string(letters["planned net"]),
            min_row=first - 1,
            max_row=last,
        ),
        titles_from_data=True,
    )
    for series in planned.series:
        series.smooth = False
    realised.display_blanks = "gap"
    realised.visible_cells_only = False  # the data is on a hidden sheet
    realised.x_axis.number_format = DATE_FORMAT
    realised.x_axis.tickLblPos = "low"  # month labels below the plot, not across it at 0
    # the month axis crosses the values at 0 and is drawn dark: the 0 line
    realised.x_axis.crosses = "autoZero"
    realised.x_axis.spPr = GraphicalProperties(ln=LineProperties(solidFill="404040", w=19050))
    realised.x_axis.delete = False
    realised.y_axis.delete = False
    realised.y_axis.crosses = "autoZero"
    # the unit: an amount in the currency of the case (the value-tracking template has no
    # currency input; a title can't follow the Currency cell in LibreOffice)
    # 0 and amounts of 1,000 or more as whole numbers; an empty chart's scale of 0 to 1
    # reads 0, 0.2, ... rather than 0, 0, 0, 1, 1. No symbol: an axis format cannot follow
    # a currency typed into the Currency cell later, so the unit is in the title
    realised.y_axis.number_format = "[>=1000]#,##0;[<=-1000]-#,##0;General"
    realised.y_axis.majorGridlines = ChartLines(
        spPr=GraphicalProperties(ln=LineProperties(solidFill="D9D9D9"))
    )
    realised += planned
    realised.legend.position = "b"  # below: the plot keeps the chart's width
    realised.width, realised.height = 27.5, 8  # columns A:H, above the table
    return realised


def business_case_plan(first_lever_row: int, other_rows: Sequence[int]) -> Plan:
    """The plan of the business case: the Gains sheet's yearly values and shares."""
    y1, y2, y3 = GAIN_YEAR_COLUMNS
    years: dict[str, tuple[str, str, str]] = {
        lever: (f"Gains!${y1}${row}", f"Gains!${y2}${row}", f"Gains!${y3}${row}")
        for row, lever in enumerate(LEVER_NAMES, start=first_lever_row)
    }
    years["Other"] = tuple(  # type: ignore[assignment]
        "+".join(f"Gains!${c}${row}" for row in other_rows) for c in GAIN_YEAR_COLUMNS
    )
    # the share credited to service, and for a capacity line the recapture rate: realised
    # capacity counts as the plan counts it (issue 20)
    # (the Tracking sheet shows share x rate, the rate in a column of its own)
    levers = list(enumerate(LEVER_NAMES, start=first_lever_row))
    share = f"Gains!${SHARE_COLUMN}$"
    shares = {lever: f"IF(ISBLANK({share}{row}),1,{share}{row})" for row, lever in levers}
    factors = {
        lever: capacity_factor(row, erlang_cash=lever == "Gain_AHT", sheet="Gains!")
        for row, lever in levers
    }
    return Plan(years, shares, factors)


def totals_plan(first_gain_row: int) -> Plan:
    """The plan of the stand-alone template: the Totals sheet, shares on the Tracking sheet."""
    years = {
        name: tuple(f"Totals!${column}${row}" for column in TOTALS_YEARS)
        for row, name in enumerate((*LEVER_NAMES, "Other"), start=first_gain_row)
    }
    return Plan(years, {})

"""The ``Tracking`` sheet: monthly actuals against the plan (TRACKING.md §2).

The ``MonthlyActuals`` table holds the inputs only (its columns are the
contract). The figures to date are written over the table's full rows with
``SUMPRODUCT``, so a row inserted inside the table counts at once. The
month-by-month figures (plan, realised gains by lever, variance, cumulative
net values: the chart and the payback month) are on a hidden sheet with one
row per calendar month from go-live, each summing the table's rows of its
month: it does not move when rows are inserted, so nothing needs copying.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from ..core import LEVERS
from ..core.tracking import ACTUALS_COLUMNS, HORIZON_MONTHS, REALISED_LEVERS
from ..io.cell_text import put
from . import styles
from .book import Rule, TemplateBook
from .levers import SHARE_COLUMN, capacity_factor
from .levers import YEAR_COLUMNS as GAIN_YEAR_COLUMNS

COLUMNS = ("Month", *ACTUALS_COLUMNS)
#: Table column letter of each header.
COL = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
#: The chart sits between the figures to date (rows 1-16) and the table.
CHART_ROW = 18
HEADER_ROW = CHART_ROW + 17  # the chart (8 cm) takes 16 rows of 15 points
#: Where the outputs that may be an error (#N/A, #DIV/0!) keep their names, outside the
#: print area; the printed column B shows them as "not yet" / "—" (nothing yet to divide by).
RAW_COLUMN = "M"
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


def _index(month: str) -> str:
    """Months from the go-live month to ``month`` (a cell or a range)."""
    return f"((YEAR({month})-YEAR(Go_Live_Date))*12+MONTH({month})-MONTH(Go_Live_Date))"


def _counted(month: str) -> str:
    """1 for a month that is filled in and not before the go-live month."""
    return f'({month}<>"")*(Go_Live_Date<>"")*({_index(month)}>=0)'


def _in_year(index: str, year: int) -> str:
    """1 when month number ``index`` (0 = the go-live month) falls in Year ``year``."""
    low, high = 12 * (year - 1), 12 * year
    return f"({index}>={low})*({index}<{high})"


def _planned(index: str, yearly: tuple[str, str, str]) -> str:
    """Plan of one line for month number ``index``: Year k / 12 in each month of Year k."""
    return "+".join(
        f"{_in_year(index, year)}*({ref})/12" for year, ref in enumerate(yearly, start=1)
    )


def _planned_costs(index: str) -> str:
    yearly = ("Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3")
    return f"({index}=0)*Total_Costs_Initial+{_planned(index, yearly)}"


def _planned_gains(index: str) -> str:
    yearly = ("Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3")
    return _planned(index, yearly)


def _realised(lever: str, rows: Mapping[str, str], share: str, only: str = "") -> str:
    """One lever's realised gain summed over the table's ``rows`` (column ranges).

    A lever whose actual KPI is blank in a month realises 0 that month;
    ``only`` (a 0/1 factor over the rows) narrows the sum, e.g. to one month.
    """
    counted = _counted(rows["Month"]) + (f"*{only}" if only else "")

    def need(*names: str) -> str:
        return "*".join(f'({rows[n]}<>"")' for n in names)

    handled = f"({rows['Contacts']}-{rows['Automated Contacts']})"
    if lever == "Gain_Deflection":
        mask = f"{counted}*{need('Contacts', 'Automated Contacts')}"
        body = (
            f"SUMPRODUCT({mask}*({rows['Automated Contacts']}-{rows['Contacts']}"
            "*Deflection_Rate_Before))*(Human_Cost_Per_Contact-Automated_Cost_Per_Contact)"
        )
    elif lever == "Gain_FCR":
        mask = f"{counted}*{need('Contacts', 'FCR')}"
        # no FCR measured: 0 even when FCR_Before is 0; measured: #DIV/0! then
        return (
            f"=IF(SUMPRODUCT({mask})=0,0,SUMPRODUCT({mask}*{handled}*({rows['FCR']}"
            f"-FCR_Before))/FCR_Before*Human_Cost_Per_Contact*{share})"
        )
    elif lever == "Gain_AHT":
        mask = f"{counted}*{need('Contacts', 'AHT (min)')}"
        body = (
            f"SUMPRODUCT({mask}*{handled}*(AHT_Before_Min-{rows['AHT (min)']}))"
            "/60*Cost_Per_Handle_Hour"
        )
    elif lever == "Gain_Escalation":
        mask = f"{counted}*{need('Contacts', 'Escalation Rate')}"
        body = (
            f"SUMPRODUCT({mask}*{handled}*(Escalation_Rate_Before-{rows['Escalation Rate']}))"
            "*Cost_Per_Escalation"
        )
    elif lever == "Gain_Conversion":
        mask = f"{counted}*{need('Conversions', 'Sales Interactions')}"
        body = (
            f"SUMPRODUCT({mask}*({rows['Conversions']}-{rows['Sales Interactions']}"
            "*Conversion_Before))*Average_Order_Value*Gross_Margin"
        )
    else:
        mask = f"{counted}*{need('Churned Customers', 'Customers')}"
        body = (
            f"SUMPRODUCT({mask}*({rows['Customers']}*Churn_Before/12"
            f"-{rows['Churned Customers']}))*Revenue_Per_Customer*Gross_Margin"
        )
    return f"={body}*{share}"


NOT_MEASURED = "not measured"


def _measured(lever: str, rows: Mapping[str, str]) -> str:
    """True when some month tracked has every figure the lever needs (it is measured)."""
    need = "*".join(f'({rows[n]}<>"")' for n in REALISED_LEVERS[lever])
    return f"SUMPRODUCT({_counted(rows['Month'])}*{need})>0"


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
        "month in the MonthlyActuals table (insert rows inside it for more). Realised gains "
        "use each lever's formula on the month's figures against the before values of the "
        "Assumptions, times its attribution share: no risk haircut, no ramp-up. A lever with "
        "no figures in any month is not measured: it is left out of the variance.",
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

    # --- figures to date, over the whole table
    sheet["A6"] = "To date"
    sheet["A6"].font = styles.SECTION_FONT
    sheet["B6"], sheet["C6"] = "Actual", "Plan"
    styles.style_header([sheet["B6"], sheet["C6"]], numbers="BC")
    shares = dict(plan.shares)
    lever_first = 8
    sheet["D6"] = "By lever, to date"
    sheet["D6"].font = styles.SECTION_FONT
    for column, title in zip(
        "DEFGH", ("Gain line", "Share", "Planned", "Realised", "Variance"), strict=True
    ):
        sheet[f"{column}7"] = title
    styles.style_header([sheet[f"{c}7"] for c in "DEFGH"], numbers="EFGH")
    for offset, lever in enumerate(LEVER_NAMES):
        row = lever_first + offset
        sheet[f"D{row}"] = LEVER_LABELS[lever]
        if lever in shares:
            book.formula(sheet, f"E{row}", f"={shares[lever]}", number_format=styles.PERCENT)
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
    counted_all = _counted(ranges["Month"])
    month_index = _index(ranges["Month"])
    for offset, lever in enumerate((*LEVER_NAMES, "Other")):
        row = lever_first + offset
        if lever == "Other":
            sheet[f"D{row}"] = OTHER_LABEL
            book.formula(sheet, f"G{row}", f'="{NOT_MEASURED}"', number_format=styles.CURRENCY)
        else:
            realised = _realised(lever, ranges, shares[lever])[1:]
            book.formula(
                sheet,
                f"G{row}",
                f'=IF({_measured(lever, ranges)},{realised},"{NOT_MEASURED}")',
                number_format=styles.CURRENCY,
            )
        sheet[f"G{row}"].alignment = Alignment(horizontal="right")
        sheet[f"H{row}"].alignment = Alignment(horizontal="right")
        book.formula(
            sheet,
            f"F{row}",
            f"=SUMPRODUCT({counted_all}*({_planned(month_index, plan.years[lever])}))",
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
    sheet[f"D{total_row + 1}"].alignment = styles.WRAP
    sheet.merge_cells(f"D{total_row + 1}:H{total_row + 1}")
    sheet.row_dimensions[total_row + 1].height = 28

    by_month = _build_by_month(book, ranges, shares)
    outputs = (
        ("Months tracked", "Months_Tracked", f"=SUMPRODUCT({counted_all})", styles.NUMBER),
        (
            "Actual costs to date",
            "Actual_Costs_To_Date",
            f"=SUMPRODUCT({counted_all}*{ranges['Actual Costs']})",
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
            f"=IF(COUNT({by_month.paid_back})=0,NA(),MIN({by_month.paid_back}))",
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
        f"=SUMPRODUCT({counted_all}*({_planned_costs(month_index)}))",
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
    # the forecast: the plan of the 36 months with the tracked ones replaced by actuals
    plan_costs = "(Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3)"
    plan_gains = "(Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3)"
    sheet[f"A{PLAN_ROW}"] = "Plan, 3 years: costs / gains"
    book.formula(sheet, f"B{PLAN_ROW}", f"={plan_costs}", number_format=styles.CURRENCY)
    book.formula(sheet, f"C{PLAN_ROW}", f"={plan_gains}", number_format=styles.CURRENCY)
    sheet[f"A{FORECAST_ROW}"] = "Forecast, 3 years: costs / gains"
    book.formula(
        sheet, f"B{FORECAST_ROW}", f"={by_month.forecast_costs}", number_format=styles.CURRENCY
    )
    book.formula(
        sheet, f"C{FORECAST_ROW}", f"={by_month.forecast_gains}", number_format=styles.CURRENCY
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

    sheet.add_chart(_chart(book.workbook[MONTHS_SHEET]), f"A{CHART_ROW}")

    widths = {"A": 34, "B": 14, "C": 16, "D": 30, "E": 10, "F": 14, "G": 14, "H": 14}
    widths.update({c: 13 for c in "IJKLM"})
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


@dataclass(frozen=True)
class ByMonth:
    """What the Tracking sheet reads from the month-by-month sheet."""

    paid_back: str  # the range of months whose cumulative realised net value is >= 0
    forecast_costs: str  # formulas: the 36 months, tracked ones at their actuals
    forecast_gains: str


def _build_by_month(
    book: TemplateBook, ranges: Mapping[str, str], shares: Mapping[str, str]
) -> ByMonth:
    """The hidden sheet of calendar months: month k after go-live in row ``FIRST_MONTH_ROW + k``.

    Each row sums the table's rows of its month, wherever they are in the table
    (SUMPRODUCT over the table's full columns, which grow with rows inserted
    inside the table): nothing here moves or needs copying when the user adds
    rows, and the months come out in calendar order for the running sums, the
    payback month and the chart.
    """
    sheet = book.sheet(MONTHS_SHEET)
    sheet.sheet_state = "hidden"
    sheet["A1"] = "Tracking, month by month from the go-live month (read by the Tracking sheet)"
    sheet["A1"].font = styles.SECTION_FONT
    first, last = FIRST_MONTH_ROW, FIRST_MONTH_ROW + BY_MONTH_ROWS - 1
    tracking = f"{_quote_title('Tracking')}!"
    table = {name: f"{tracking}{ref}" for name, ref in ranges.items()}
    counted = _counted(table["Month"])
    in_table = _index(table["Month"])
    block = [
        ("Month no.", "A", styles.NUMBER),
        ("Month", "B", DATE_FORMAT),
        ("Rows in the table", "C", styles.NUMBER),
        ("Planned costs", "D", styles.CURRENCY),
        ("Planned gains", "E", styles.CURRENCY),
        *(
            (f"Realised: {LEVER_LABELS[lever]}", get_column_letter(6 + i), styles.CURRENCY)
            for i, lever in enumerate(LEVER_NAMES)
        ),
        ("Realised gains", "L", styles.CURRENCY),
        ("Actual costs", "M", styles.CURRENCY),
        ("Variance (tracked months)", "N", styles.CURRENCY),
        ("Cumulative net, planned", "O", styles.CURRENCY),
        ("Cumulative net, realised (running)", "P", styles.CURRENCY),
        ("Cumulative net, realised", "Q", styles.CURRENCY),
        ("Tracked month no.", "R", styles.NUMBER),
        ("Net value reached 0", "S", DATE_FORMAT),
    ]
    header = first - 1
    for title, column, _ in block:
        sheet[f"{column}{header}"] = title
    styles.style_header([sheet[f"{c}{header}"] for _, c, _ in block])
    sheet["A2"] = "Last month no. tracked"
    book.formula(sheet, "C2", f"=MAX(R{first}:R{last})", number_format=styles.NUMBER)
    gap = "NA()"  # not plotted: a month after the last one tracked
    for k in range(BY_MONTH_ROWS):
        row = first + k
        this = f"({in_table}=$A{row})"
        formulas = {
            "A": f"={k}",
            "B": f"=IF(ISNUMBER(Go_Live_Date),"
            f'DATE(YEAR(Go_Live_Date),MONTH(Go_Live_Date)+A{row},1),"")',
            "C": f"=SUMPRODUCT({counted}*{this})",
            "D": f'=IF(B{row}="",0,{_planned_costs(f"A{row}")})',
            "E": f'=IF(B{row}="",0,{_planned_gains(f"A{row}")})',
        }
        for i, lever in enumerate(LEVER_NAMES):
            formulas[get_column_letter(6 + i)] = _realised(lever, table, shares[lever], this)
        formulas["L"] = f"=SUM(F{row}:K{row})"
        formulas["M"] = f"=SUMPRODUCT({counted}*{this}*{table['Actual Costs']})"
        formulas["N"] = f'=IF(C{row}>0,L{row}-E{row},"")'
        previous = "" if k == 0 else f"O{row - 1}+"
        formulas["O"] = f"={previous}E{row}-D{row}"
        previous = "" if k == 0 else f"P{row - 1}+"
        formulas["P"] = f"={previous}L{row}-M{row}"
        formulas["Q"] = f"=IF(A{row}<=$C$2,P{row},{gap})"
        formulas["R"] = f"=IF(C{row}>0,A{row},-1)"
        formulas["S"] = f'=IF(AND(C{row}>0,P{row}>=0),B{row},"")'
        for _, column, fmt in block:
            book.formula(sheet, f"{column}{row}", formulas[column], number_format=fmt)
    for _, column, _ in block:
        sheet.column_dimensions[column].width = 16
    sheet.freeze_panes = f"C{first}"
    here = f"{_quote_title(MONTHS_SHEET)}!"
    horizon = f"({here}$A${first}:$A${last}<{HORIZON_MONTHS})"
    tracked = f"({here}$C${first}:$C${last}>0)"
    plan_costs = "(Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3)"
    plan_gains = "(Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3)"

    def forecast(plan: str, planned: str, actual: str) -> str:
        return (
            f"({plan}-SUMPRODUCT({horizon}*{tracked}*{here}${planned}${first}:${planned}${last})"
            f"+SUMPRODUCT({horizon}*{here}${actual}${first}:${actual}${last}))"
        )

    return ByMonth(
        paid_back=f"{here}$S${first}:$S${last}",
        forecast_costs=forecast(plan_costs, "D", "M"),
        forecast_gains=forecast(plan_gains, "E", "L"),
    )


def _chart(sheet: Any) -> BarChart:
    """Cumulative net value by month from go-live: the plan as a line, the actuals as columns.

    Months after the last one tracked are ``#N/A``: Excel draws nothing for
    them, LibreOffice draws them as 0, which for a column is no column at all
    (a line would drop to 0); so the realised values are columns.
    """
    first, last = FIRST_MONTH_ROW, FIRST_MONTH_ROW + CHART_MONTHS - 1
    realised = BarChart()
    realised.type = "col"
    realised.title = (
        f"Cumulative net value over the plan's {CHART_MONTHS} months: planned and realised"
    )
    realised.add_data(
        Reference(sheet, min_col=17, min_row=first - 1, max_row=last), titles_from_data=True
    )
    realised.set_categories(Reference(sheet, min_col=2, min_row=first, max_row=last))
    realised.gapWidth = 40
    planned = LineChart()
    planned.add_data(
        Reference(sheet, min_col=15, min_row=first - 1, max_row=last), titles_from_data=True
    )
    for series in planned.series:
        series.smooth = False
    realised.display_blanks = "gap"
    realised.visible_cells_only = False  # the data is on a hidden sheet
    realised.x_axis.number_format = DATE_FORMAT
    realised.x_axis.tickLblPos = "low"  # month labels below the plot, not across it at 0
    # amounts of $1,000 or more: an empty chart's scale of 0 to 1 would read "$0, $1, $1"
    realised.y_axis.number_format = '[>=1000]$#,##0;[<=-1000]-$#,##0;""'
    realised += planned
    realised.legend.position = "b"  # below: the plot keeps the chart's width
    realised.width, realised.height = 27.5, 8  # columns A:H, above the table
    return realised


def _quote_title(title: str) -> str:
    return f"'{title}'" if any(not c.isalnum() and c != "_" for c in title) else title


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
    shares = {
        lever: f"IF(ISBLANK(Gains!${SHARE_COLUMN}${row}),1,Gains!${SHARE_COLUMN}${row})"
        f"*{capacity_factor(row, erlang_cash=lever == 'Gain_AHT', sheet='Gains!')}"
        for row, lever in enumerate(LEVER_NAMES, start=first_lever_row)
    }
    return Plan(years, shares)


def totals_plan(first_gain_row: int) -> Plan:
    """The plan of the stand-alone template: the Totals sheet, shares on the Tracking sheet."""
    years = {
        name: (f"Totals!$C${row}", f"Totals!$D${row}", f"Totals!$E${row}")
        for row, name in enumerate((*LEVER_NAMES, "Other"), start=first_gain_row)
    }
    return Plan(years, {})

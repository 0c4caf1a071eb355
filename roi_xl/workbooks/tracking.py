"""The ``Tracking`` sheet: monthly actuals against the plan (TRACKING.md §2).

The ``MonthlyActuals`` table holds the inputs only (its columns are the
contract). The figures to date are written over the table's full rows with
``SUMPRODUCT``, so a row inserted inside the table counts at once; the
per-month block right of the table (plan, realised gains by lever, variance,
cumulative net values, the chart) covers the generated rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter

from ..cell_text import put
from ..core import LEVERS
from ..core.tracking import ACTUALS_COLUMNS, HORIZON_MONTHS
from . import styles
from .book import Rule, TemplateBook

COLUMNS = ("Month", *ACTUALS_COLUMNS)
#: Table column letter of each header.
COL = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
HEADER_ROW = 20
#: 36 months of the horizon and a year to spare; insert rows inside the table for more.
DEFAULT_MONTHS = 48
LEVER_NAMES = tuple(name for name, _, _ in LEVERS)
LEVER_LABELS = {name: label for name, label, _ in LEVERS}
OTHER_LABEL = "Other gain lines (plan only)"
DATE_FORMAT = "yyyy-mm"


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


def _in_year(month: str, year: int) -> str:
    low, high = 12 * (year - 1), 12 * year
    return f"({_index(month)}>={low})*({_index(month)}<{high})"


def _planned(month: str, yearly: tuple[str, str, str]) -> str:
    """Plan of one line for ``month``: Year k / 12 in each month of Year k."""
    return "+".join(
        f"{_in_year(month, year)}*({ref})/12" for year, ref in enumerate(yearly, start=1)
    )


def _planned_costs(month: str) -> str:
    yearly = ("Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3")
    return f"({_index(month)}=0)*Total_Costs_Initial+{_planned(month, yearly)}"


def _planned_gains(month: str) -> str:
    yearly = ("Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3")
    return _planned(month, yearly)


def _realised(lever: str, rows: Mapping[str, str], share: str) -> str:
    """One lever's realised gain summed over ``rows`` (column ranges or single cells).

    A lever whose actual KPI is blank in a month realises 0 that month.
    """
    counted = _counted(rows["Month"])

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
            "/60*Loaded_Cost_Per_Hour"
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
        f"One row a month in the MonthlyActuals table ({months} rows: insert rows inside it "
        "for more). Realised gains use each lever's formula on the month's figures against "
        "the before values of the Assumptions, times the lever's attribution share: no risk "
        "haircut, no ramp-up. A blank figure: that lever realises 0 that month.",
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
    shares = dict(plan.shares)
    lever_first = 8
    sheet["D6"] = "By lever, to date"
    sheet["D6"].font = styles.SECTION_FONT
    for column, title in zip(
        "DEFGH", ("Gain line", "Share", "Planned", "Realised", "Variance"), strict=True
    ):
        sheet[f"{column}7"] = title
    styles.style_header([sheet[f"{c}7"] for c in "DEFGH"])
    for offset, lever in enumerate(LEVER_NAMES):
        row = lever_first + offset
        sheet[f"D{row}"] = LEVER_LABELS[lever]
        if lever in shares:
            book.formula(sheet, f"E{row}", f"={shares[lever]}", number_format=styles.PERCENT)
        else:
            sheet[f"E{row}"] = (share_values or {}).get(lever, 1.0)
        # a blank share is neutral (100%), as on the Gains sheet
        shares[lever] = f"IF(ISBLANK($E${row}),1,$E${row})"
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
    for offset, lever in enumerate((*LEVER_NAMES, "Other")):
        row = lever_first + offset
        if lever == "Other":
            sheet[f"D{row}"] = OTHER_LABEL
            book.formula(sheet, f"G{row}", "=0", number_format=styles.CURRENCY)
        else:
            book.formula(
                sheet,
                f"G{row}",
                _realised(lever, ranges, shares[lever]),
                number_format=styles.CURRENCY,
            )
        book.formula(
            sheet,
            f"F{row}",
            f"=SUMPRODUCT({counted_all}*({_planned(ranges['Month'], plan.years[lever])}))",
            number_format=styles.CURRENCY,
        )
        book.formula(sheet, f"H{row}", f"=G{row}-F{row}", number_format=styles.CURRENCY)
    sheet[f"D{total_row}"] = "Total"
    sheet[f"D{total_row}"].font = styles.SECTION_FONT
    for column in "FGH":
        book.formula(
            sheet,
            f"{column}{total_row}",
            f"=SUM({column}{lever_first}:{column}{other_row})",
            number_format=styles.CURRENCY,
        )

    in_horizon = f"{counted_all}*({_index(ranges['Month'])}<{HORIZON_MONTHS})"
    planned_costs_all = _planned_costs(ranges["Month"])
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
        ("Payback reached in", "Payback_Reached_Month", "", DATE_FORMAT),
        ("3-year ROI, actuals + plan", "Forecast_ROI_3yr", "", styles.PERCENT),
    )
    rows_of = {}
    for offset, (label, name, formula, fmt) in enumerate(outputs):
        row = 7 + offset
        rows_of[name] = row
        sheet[f"A{row}"] = label
        if formula:
            book.formula(sheet, f"B{row}", formula, name=name, number_format=fmt)
    # the forecast: the plan of the 36 months with the tracked ones replaced by actuals
    plan_costs = "(Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3)"
    plan_gains = "(Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3)"
    forecast_costs = (
        f"({plan_costs}-SUMPRODUCT({in_horizon}*({planned_costs_all}))"
        f"+SUMPRODUCT({in_horizon}*{ranges['Actual Costs']}))"
    )
    sheet["A15"] = "Plan, 3 years: costs / gains"
    book.formula(sheet, "B15", f"={plan_costs}", number_format=styles.CURRENCY)
    book.formula(sheet, "C15", f"={plan_gains}", number_format=styles.CURRENCY)
    sheet["A16"] = "Forecast, 3 years: costs / gains"
    book.formula(sheet, "B16", f"={forecast_costs}", number_format=styles.CURRENCY)

    # --- the per-month block, right of the table
    block = (
        ("Counted", "M", styles.NUMBER),
        ("Planned costs", "N", styles.CURRENCY),
        ("Planned gains", "O", styles.CURRENCY),
        *(
            (f"Realised: {LEVER_LABELS[lever]}", get_column_letter(16 + i), styles.CURRENCY)
            for i, lever in enumerate(LEVER_NAMES)
        ),
        ("Realised gains", "V", styles.CURRENCY),
        ("Variance", "W", styles.CURRENCY),
        ("Cumulative net, planned", "X", styles.CURRENCY),
        ("Cumulative net, realised", "Y", styles.CURRENCY),
        ("Net value reached 0", "Z", DATE_FORMAT),
    )
    for title, column, _ in block:
        sheet[f"{column}{HEADER_ROW}"] = title
    styles.style_header([sheet[f"{c}{HEADER_ROW}"] for _, c, _ in block])
    span = {c: f"${c}${first}:${c}${last}" for c in "MNOVXY"}
    for row in range(first, last + 1):
        cells = {name: f"{c}{row}" for name, c in COL.items()}
        a = cells["Month"]
        formulas = {
            "M": f"={_counted(a)}",
            "N": f"=M{row}*({_planned_costs(a)})",
            "O": f"=M{row}*({_planned_gains(a)})",
        }
        for i, lever in enumerate(LEVER_NAMES):
            formulas[get_column_letter(16 + i)] = _realised(lever, cells, shares[lever])
        formulas["V"] = f"=SUM(P{row}:U{row})"
        formulas["W"] = f"=V{row}-O{row}"
        formulas["X"] = (
            f"=IF(M{row}=1,SUMPRODUCT({span['M']}*({ranges['Month']}<={a})"
            f"*({span['O']}-{span['N']})),NA())"
        )
        formulas["Y"] = (
            f"=IF(M{row}=1,SUMPRODUCT({span['M']}*({ranges['Month']}<={a})"
            f"*({span['V']}-{ranges['Actual Costs']})),NA())"
        )
        formulas["Z"] = f'=IF(M{row}=1,IF(Y{row}>=0,{a},""),"")'
        for _, column, fmt in block:
            book.formula(sheet, f"{column}{row}", formulas[column], number_format=fmt)
    # realised gains beyond the horizon leave the forecast
    forecast_gains = (
        f"({plan_gains}-SUMPRODUCT({in_horizon}*({_planned_gains(ranges['Month'])}))"
        f"+Realised_Gains_To_Date-SUMPRODUCT(({_index(ranges['Month'])}>={HORIZON_MONTHS})"
        f"*{span['V']}))"
    )
    book.formula(sheet, "C16", f"={forecast_gains}", number_format=styles.CURRENCY)
    book.formula(
        sheet,
        f"B{rows_of['Payback_Reached_Month']}",
        f"=IF(COUNT($Z${first}:$Z${last})=0,NA(),MIN($Z${first}:$Z${last}))",
        name="Payback_Reached_Month",
        number_format=DATE_FORMAT,
    )
    book.formula(
        sheet,
        f"B{rows_of['Forecast_ROI_3yr']}",
        "=(C16-B16)/B16",
        name="Forecast_ROI_3yr",
        number_format=styles.PERCENT,
    )

    # --- the table
    for column, title in enumerate(COLUMNS, start=1):
        sheet.cell(HEADER_ROW, column, title)
    styles.style_header([sheet.cell(HEADER_ROW, c) for c in range(1, len(COLUMNS) + 1)])
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
    book.table(sheet, "MonthlyActuals", f"A{HEADER_ROW}:{COL['Customers']}{last}")

    chart = LineChart()
    chart.title = "Cumulative net value: planned and realised"
    chart.add_data(
        Reference(sheet, min_col=24, max_col=25, min_row=HEADER_ROW, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    for series in chart.series:
        series.smooth = False
    chart.display_blanks = "gap"  # months not yet tracked (#N/A) draw nothing
    chart.x_axis.number_format = DATE_FORMAT
    chart.width, chart.height = 9.5, 8  # inside the printed columns I:L
    chart.legend.position = "b"
    sheet.add_chart(chart, "I3")

    widths = {"A": 34, "B": 14, "C": 16, "D": 30, "E": 10, "F": 14, "G": 14, "H": 14}
    widths.update({c: 13 for c in "IJKL"})
    widths.update({get_column_letter(i): 18 for i in range(13, 27)})
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"B{first}"
    # the table, the figures and the chart (I:L) print, the table's header on every page;
    # the per-month block right of them does not
    book.print_layout(
        sheet,
        area=f"A1:L{last}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        orientation="landscape",
    )


def business_case_plan(first_lever_row: int, other_rows: Sequence[int]) -> Plan:
    """The plan of the business case: the Gains sheet's yearly values and shares."""
    years: dict[str, tuple[str, str, str]] = {
        lever: (f"Gains!$I${row}", f"Gains!$J${row}", f"Gains!$K${row}")
        for row, lever in enumerate(LEVER_NAMES, start=first_lever_row)
    }
    years["Other"] = tuple(  # type: ignore[assignment]
        "+".join(f"Gains!${c}${row}" for row in other_rows) for c in "IJK"
    )
    shares = {
        lever: f"IF(ISBLANK(Gains!$D${row}),1,Gains!$D${row})"
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

"""The ``Summary`` sheet: one landscape page for leadership.

Headline figures, the "for every $1" sentence, the benchmark band and
position, costs and gains by year with present values, a baseline-versus-
target KPI table, and two native charts (gains by lever; cumulative net cash
flow). It reads only defined names and the per-lever formulas it is given,
so the same builder serves the linked business case and the stand-alone
executive summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from . import styles
from .book import TemplateBook
from .lists import BENCHMARK_HIGH_CELLS, BENCHMARK_LOW_CELLS, BUSINESS_TYPE_CELLS
from .staffing import HARD_SAVINGS

YEAR_ROW = 16  # header of the by-year table
COSTS, GAINS, NET, CUMULATIVE = (YEAR_ROW + 1, YEAR_ROW + 2, YEAR_ROW + 3, YEAR_ROW + 4)
DISCOUNTED_NET, DISCOUNTED_CUMULATIVE = CUMULATIVE + 1, CUMULATIVE + 2
UNDER_WATER = f"H{CUMULATIVE}"  # helper: the last year (0..2) ending with a negative cumulative
DISCOUNTED_UNDER_WATER = f"H{DISCOUNTED_CUMULATIVE}"
PRINT_AREA = "A1:Q38"

_COST_SUM = "(Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3)"
_GAIN_SUM = "(Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3)"
_NOTHING_YET = f"AND({_COST_SUM}=0,{_GAIN_SUM}=0)"


def _tolerance(c: int) -> str:
    """What counts as 0 in a cumulative row: 1e-9 of its largest absolute value (exact
    break-even, as :data:`roi_xl.core.finance.BREAK_EVEN_TOLERANCE`)."""
    return f"1E-9*MAX(ABS(B{c}),ABS(C{c}),ABS(D{c}),ABS(E{c}))"


def under_water_formula(cumulative_row: int) -> str:
    """The last year (0..2) whose cumulative net cash flow (columns B..E) is negative, or -1.

    A value within the break-even tolerance of 0 is not negative.
    """
    c, t = cumulative_row, _tolerance(cumulative_row)
    return f"=MAX(IF(B{c}<-{t},0,-1),IF(C{c}<-{t},1,-1),IF(D{c}<-{t},2,-1))"


def payback_formula(net_row: int, cumulative_row: int, under_water: str) -> str:
    """Payback in months from yearly net flows in columns B (time 0) .. E (Year 3).

    Counted from the last time the cumulative flow turns non-negative, as
    :func:`roi_xl.core.payback_period`, with its exact break-even tolerance (a
    cumulative value within 1e-9 of the largest one is 0, so a year that ends
    exactly at 0 pays back at its end); ``#N/A`` when not within 3 years.
    """
    n, c, u, t = net_row, cumulative_row, under_water, _tolerance(cumulative_row)
    crossing = (
        f"IF(ABS(INDEX(C{c}:E{c},1,{u}+1))<={t},1,"
        f"MIN(1,-INDEX(B{c}:D{c},1,{u}+1)/INDEX(C{n}:E{n},1,{u}+1)))"
    )
    return f"=IF(E{c}<-{t},NA(),IF({u}<0,0,({u}+{crossing})*12))"


def checks_status(cell: str = "Checks_Failed") -> str:
    """The model-check sentence shown at the top of the Summary and of Start Here."""
    return (
        f'=IF(ISERROR({cell}),"Model checks cannot run: see Checks",'
        f'IF({cell}=0,"All model checks pass",IF({cell}=1,"1 model check fails - see Checks",'
        f'{cell}&" model checks fail - see Checks")))'
    )


def _lookup(cells: str) -> str:
    return f"INDEX({cells},MATCH(Business_Type,{BUSINESS_TYPE_CELLS},0))"


def build_summary(
    book: TemplateBook, lever_values: Sequence[tuple[str, str]], *, business_case: bool = False
) -> None:
    """The Summary sheet; ``lever_values`` are (label, 3-year value formula) for the chart.

    With ``business_case``, the ROI range of the Scenarios sheet shows under the
    headline figures, and a block shows the Erlang C hard savings beside the
    straight-line capacity freed, and which of the two feeds the totals.
    """
    sheet = book.sheet("Summary")
    sheet["A1"] = "Executive summary: the return on customer service"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "3 years, gains attributed to service and risk-adjusted. ROI = (gains - costs) "
        "/ costs. Present values discount Years 1-3; Initial is not discounted."
    )
    sheet["A2"].font = styles.NOTE_FONT
    if business_case:
        book.formula(sheet, "A3", checks_status(), number_format="@")
        sheet["A3"].font = styles.SECTION_FONT

    headline = (
        (
            "3-year ROI",
            "ROI_3yr",
            f"=IF({_NOTHING_YET},0,({_GAIN_SUM}-{_COST_SUM})/{_COST_SUM})",
            styles.PERCENT,
        ),
        ("Net value, 3 years", "Net_Value_3yr", f"={_GAIN_SUM}-{_COST_SUM}", styles.CURRENCY),
        (
            "Payback",
            "Payback_Months",
            payback_formula(NET, CUMULATIVE, UNDER_WATER),
            styles.MONTHS,
        ),
        ("NPV, 3 years", "NPV_3yr", "=PV_Benefits-PV_Costs", styles.CURRENCY),
        (
            "TEI ROI (discounted)",
            "ROI_TEI",
            "=IF(AND(PV_Costs=0,PV_Benefits=0),0,NPV_3yr/PV_Costs)",
            styles.PERCENT,
        ),
        (
            "ROI, year 1",
            "ROI_Year1",
            "=IF(AND(Total_Costs_Initial+Total_Costs_Y1=0,Total_Gains_Y1=0),0,"
            "(Total_Gains_Y1-(Total_Costs_Initial+Total_Costs_Y1))"
            "/(Total_Costs_Initial+Total_Costs_Y1))",
            styles.PERCENT,
        ),
        (
            "Benefit-cost ratio",
            "Benefit_Cost_Ratio",
            f"=IF({_NOTHING_YET},0,{_GAIN_SUM}/{_COST_SUM})",
            styles.RATIO,
        ),
    )
    for row, (label, name, formula, number_format) in enumerate(headline, start=4):
        sheet[f"A{row}"] = label
        book.formula(sheet, f"B{row}", formula, name=name, number_format=number_format)
        sheet[f"B{row}"].font = styles.SECTION_FONT
    notes = {
        4: f'=IF(AND({_COST_SUM}=0,{_GAIN_SUM}<>0),"enter the costs on the Costs sheet","")',
        6: '=IF(ISNA(Payback_Months),"not within 3 years","")',
    }
    for row, formula in notes.items():
        book.formula(sheet, f"C{row}", formula, number_format="@")
        sheet[f"C{row}"].font = styles.NOTE_FONT
    more = (
        (
            7,
            "IRR, 3 years",
            "IRR_3yr",
            # a starting guess from the flows themselves (gains over losses, spread over the
            # middle of the horizon), so that a negative IRR converges as readily as 10%
            f"=IF(AND(MIN(B{NET}:E{NET})<0,MAX(B{NET}:E{NET})>0),IRR(B{NET}:E{NET},"
            f'(SUMIF(B{NET}:E{NET},">0")/-SUMIF(B{NET}:E{NET},"<0"))^(1/2)-1),NA())',
            styles.PERCENT,
        ),
        (
            8,
            "Discounted payback",
            "Discounted_Payback_Months",
            payback_formula(DISCOUNTED_NET, DISCOUNTED_CUMULATIVE, DISCOUNTED_UNDER_WATER),
            styles.MONTHS,
        ),
    )
    for row, label, name, formula, number_format in more:
        sheet[f"D{row}"] = label
        book.formula(sheet, f"F{row}", formula, name=name, number_format=number_format)
        sheet[f"F{row}"].font = styles.SECTION_FONT
    book.formula(
        sheet,
        "G7",
        '=IF(ISNA(IRR_3yr),"none: the net flows never change sign","")',
        number_format="@",
    )
    book.formula(
        sheet,
        "G8",
        '=IF(ISNA(Discounted_Payback_Months),"not within 3 years","")',
        number_format="@",
    )
    for ref in ("G7", "G8"):
        sheet[ref].font = styles.NOTE_FONT

    book.formula(
        sheet,
        "A12",
        '=IF(ISERROR(Benefit_Cost_Ratio),"Enter the costs to see what comes back.",'
        '"For every $1 invested, "&TEXT(Benefit_Cost_Ratio,"$#,##0.00")'
        '&" comes back over 3 years.")',
        number_format="@",
    )
    sheet["A12"].font = styles.SECTION_FONT
    book.formula(
        sheet,
        "A13",
        f'="Published support ROI for "&Business_Type&": "&TEXT({_lookup(BENCHMARK_LOW_CELLS)}'
        f',"0%")&" to "&TEXT({_lookup(BENCHMARK_HIGH_CELLS)},"0%")',
        number_format="@",
    )
    sheet["A14"] = "This case is"
    book.formula(
        sheet,
        "B14",
        f'=IF(ROI_3yr<{_lookup(BENCHMARK_LOW_CELLS)},"below",'
        f'IF(ROI_3yr>{_lookup(BENCHMARK_HIGH_CELLS)},"above","within"))',
        name="Benchmark_Position",
        number_format="@",
    )
    sheet["C14"] = "the published range"
    breakeven = "Breakeven_Gains" if business_case else f"{_COST_SUM}/3"
    book.formula(
        sheet,
        "A15",
        f'=IF({_COST_SUM}=0,"Enter the costs to see the break-even.",'
        f'"ROI turns positive once gains reach "&TEXT({breakeven},"$#,##0")'
        f'&" a year (this case: "&TEXT({_GAIN_SUM}/3,"$#,##0")&" a year).")',
        number_format="@",
    )
    sheet["A15"].font = styles.SECTION_FONT
    if business_case:
        sheet["A11"] = "ROI range, conservative to optimistic"
        book.formula(
            sheet,
            "B11",
            '=IF(OR(ISERROR(ROI_Conservative),ISERROR(ROI_Optimistic)),"n/a",'
            'TEXT(ROI_Conservative,"0%")&" to "&TEXT(ROI_Optimistic,"0%"))',
            number_format="@",
        )
        sheet["B11"].font = styles.SECTION_FONT
        sheet["C11"] = "Scenarios sheet"
        sheet["C11"].font = styles.NOTE_FONT

    for column, title in zip(
        "ABCDEFG",
        ("Costs and gains", "Initial", "Year 1", "Year 2", "Year 3", "Total", "Present value"),
        strict=True,
    ):
        sheet[f"{column}{YEAR_ROW}"] = title
    styles.style_header([sheet[f"{c}{YEAR_ROW}"] for c in "ABCDEFG"])
    rows = {
        COSTS: (
            "Costs",
            ["Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"],
        ),
        GAINS: ("Gains (attributed)", ["0", "Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3"]),
    }
    for row, (label, refs) in rows.items():
        sheet[f"A{row}"] = label
        for column, ref in zip("BCDE", refs, strict=True):
            book.formula(sheet, f"{column}{row}", f"={ref}", number_format=styles.CURRENCY)
        book.formula(sheet, f"F{row}", f"=SUM(B{row}:E{row})", number_format=styles.CURRENCY)
        book.formula(
            sheet,
            f"G{row}",
            f"=B{row}+C{row}/(1+Discount_Rate)+D{row}/(1+Discount_Rate)^2"
            f"+E{row}/(1+Discount_Rate)^3",
            name="PV_Costs" if row == COSTS else "PV_Benefits",
            number_format=styles.CURRENCY,
        )
    sheet[f"A{NET}"] = "Net cash flow"
    sheet[f"A{CUMULATIVE}"] = "Cumulative net cash flow"
    for index, column in enumerate("BCDE"):
        book.formula(
            sheet,
            f"{column}{NET}",
            f"={column}{GAINS}-{column}{COSTS}",
            number_format=styles.CURRENCY,
        )
        _running_total(book, sheet, index, NET, CUMULATIVE)
    book.formula(sheet, f"F{NET}", f"=SUM(B{NET}:E{NET})", number_format=styles.CURRENCY)
    sheet[f"A{DISCOUNTED_NET}"] = "Discounted net cash flow"
    sheet[f"A{DISCOUNTED_CUMULATIVE}"] = "Discounted cumulative"
    for index, column in enumerate("BCDE"):
        book.formula(
            sheet,
            f"{column}{DISCOUNTED_NET}",
            f"={column}{NET}/(1+Discount_Rate)^{index}" if index else f"={column}{NET}",
            number_format=styles.CURRENCY,
        )
        _running_total(book, sheet, index, DISCOUNTED_NET, DISCOUNTED_CUMULATIVE)
    sheet[f"H{YEAR_ROW}"] = "Last year under water"
    for ref, row in ((UNDER_WATER, CUMULATIVE), (DISCOUNTED_UNDER_WATER, DISCOUNTED_CUMULATIVE)):
        book.formula(sheet, ref, under_water_formula(row), number_format="0")
    sheet[f"H{NET}"] = "(-1: never; helper for Payback)"
    sheet[f"H{NET}"].font = styles.NOTE_FONT

    kpi_row = DISCOUNTED_CUMULATIVE + 1
    for column, title in zip("ABC", ("KPI", "Baseline", "Target"), strict=True):
        sheet[f"{column}{kpi_row}"] = title
    styles.style_header([sheet[f"{c}{kpi_row}"] for c in "ABC"])
    kpis = (
        ("Average handle time (minutes)", "=AHT_Before_Min", "=AHT_After_Min", styles.DECIMAL),
        ("First-contact resolution", "=FCR_Before", "=FCR_After", styles.PERCENT),
        (
            "Unit cost per contact, blended",
            "=Human_Cost_Per_Contact",
            "=Deflection_Rate*Automated_Cost_Per_Contact+(1-Deflection_Rate)*Human_Cost_Per_Contact",
            styles.CURRENCY_CENTS,
        ),
        (
            "Deflection to self-service and AI",
            "=Deflection_Rate_Before" if business_case else "=0",
            "=Deflection_Rate",
            styles.PERCENT,
        ),
        ("Yearly churn", "=Churn_Before", "=Churn_After", styles.PERCENT),
    )
    for row, (label, before, after, number_format) in enumerate(kpis, start=kpi_row + 1):
        sheet[f"A{row}"] = label
        book.formula(sheet, f"B{row}", before, number_format=number_format)
        book.formula(sheet, f"C{row}", after, number_format=number_format)

    if business_case:
        top = kpi_row + len(kpis) + 2
        for column, title in zip("AB", ("Handle time and staffing", "A year"), strict=True):
            sheet[f"{column}{top}"] = title
        styles.style_header([sheet[f"A{top}"], sheet[f"B{top}"]])
        block = (
            ("Capacity freed (straight line)", "=Gain_AHT", styles.CURRENCY),
            ("Hard savings of handle time (Erlang C)", "=Hard_Savings_AHT", styles.CURRENCY),
            ("Agents freed by handle time", "=Agents_Freed_By_AHT", styles.NUMBER),
            (
                "Feeding the totals",
                f'=IF(Staffing_Feeds_Totals="{HARD_SAVINGS}","hard savings","capacity freed")',
                "@",
            ),
        )
        for row, (label, formula, number_format) in enumerate(block, start=top + 1):
            sheet[f"A{row}"] = label
            book.formula(sheet, f"B{row}", formula, number_format=number_format)

    sheet["J3"] = "Gains by lever"
    sheet["K3"] = "3-year value"
    styles.style_header([sheet["J3"], sheet["K3"]])
    for row, (label, formula) in enumerate(lever_values, start=4):
        sheet[f"J{row}"] = label
        book.formula(sheet, f"K{row}", formula, number_format=styles.CURRENCY)
    last = 3 + len(lever_values)
    bars = BarChart()
    bars.type = "bar"
    bars.title = "Gains by lever, 3 years"
    bars.legend = None
    bars.add_data(Reference(sheet, min_col=11, min_row=3, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=10, min_row=4, max_row=last))
    bars.width, bars.height = 16, 9
    sheet.add_chart(bars, f"J{last + 2}")
    line = LineChart()
    line.title = "Cumulative net cash flow"
    line.legend = None
    line.add_data(
        Reference(sheet, min_col=1, max_col=5, min_row=CUMULATIVE),
        from_rows=True,
        titles_from_data=True,
    )
    line.set_categories(Reference(sheet, min_col=2, max_col=5, min_row=YEAR_ROW))
    line.width, line.height = 16, 6.5
    sheet.add_chart(line, f"D{CUMULATIVE + 3}")

    for column, width in {
        "A": 34,
        "B": 16,
        "C": 16,
        "D": 14,
        "E": 14,
        "F": 16,
        "G": 16,
        "H": 22,
        "I": 3,
        "J": 34,
        "K": 16,
    }.items():
        sheet.column_dimensions[column].width = width
    book.print_layout(sheet, area=PRINT_AREA, orientation="landscape", one_page=True)


def _running_total(
    book: TemplateBook, sheet: Worksheet, index: int, source: int, total: int
) -> None:
    """Timeline column ``index`` (B..E) of row ``total``: the running sum of row ``source``."""
    column = "BCDE"[index]
    previous = f"{'BCDE'[index - 1]}{total}+" if index else ""
    book.formula(
        sheet, f"{column}{total}", f"={previous}{column}{source}", number_format=styles.CURRENCY
    )

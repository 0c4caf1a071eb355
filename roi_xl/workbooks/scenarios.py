"""The ``Scenarios`` sheet: what if the assumptions are wrong?

Three blocks, all native formulas over the Gains and Costs sheets, each the
formula of :func:`roi_xl.core.decision_outputs`:

* **Scenarios**: a multiplier on each gain line and on the costs per
  scenario (conservative, expected, optimistic), giving the 3-year ROI, NPV
  and payback of each. ``roi-xl simulate`` draws from the same columns.
* **Sensitivity**: the 3-year ROI when one line's gain moves by -/+
  ``Sensitivity_Percent``, sorted by swing (``SUMPRODUCT`` ranks with ties
  kept in line order, then ``INDEX``/``MATCH``; no dynamic arrays), and a
  native bar chart (tornado).
* **Break-even**: the gains a year for a 3-year ROI of 0 and of
  ``Target_ROI``, and for each lever alone the value of its input that
  breaks even: the lever's gross formula solved for its input, with the gap
  scaled up by the line's share, risk and realisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from ..core.business_case import CASE_LINES, OTHER_KEY
from ..core.decisions import (
    BREAKEVEN_INPUTS,
    DEFAULT_COST_MULTIPLIERS,
    NOT_REACHABLE,
    SCENARIOS,
    DecisionSettings,
)
from . import styles
from .book import Rule, TemplateBook
from .gains import (
    ATTRIBUTION_ROW,
    DEFAULT_GAIN_ROWS,
    FIRST_LEVER_ROW,
    OTHER_TOTAL_ROW,
    YEAR_COLUMNS,
)
from .levers import (
    FCR_FACTOR,
    MARGIN,
    PER_CONTACT,
    REALISATION_COLUMNS,
    RISK_COLUMN,
    SHARE_COLUMN,
    STAFFING_SWITCH,
    capacity_factor,
)
from .staffing import HARD_SAVINGS
from .summary import (
    payback_formula,
    present_value_formula,
    running_total,
    under_water_formula,
)

SCENARIO_COLUMNS = ("B", "C", "D")
MULTIPLIER_HEADER = 4
FIRST_LINE = MULTIPLIER_HEADER + 1
COST_ROW = FIRST_LINE + len(CASE_LINES)  # the costs' multipliers, after the gain lines
VALUE_HEADER = COST_ROW + 2
FIRST_VALUE = VALUE_HEADER + 1
VALUE_COST_ROW = FIRST_VALUE + len(CASE_LINES)
RESULT_HEADER = VALUE_COST_ROW + 2
ROI_ROW, NPV_ROW, PAYBACK_ROW = RESULT_HEADER + 1, RESULT_HEADER + 2, RESULT_HEADER + 3
FLOW_HEADER = PAYBACK_ROW + 2
SENSITIVITY_ROW = FLOW_HEADER + 2 * len(SCENARIOS) + 2
HELPER_HEADER = SENSITIVITY_ROW + 2
FIRST_HELPER = HELPER_HEADER + 1
SORTED_HEADER = FIRST_HELPER + len(CASE_LINES) + 1
FIRST_SORTED = SORTED_HEADER + 1
BREAKEVEN_HEADER = FIRST_SORTED + len(CASE_LINES) + 2
GAP = f"$B${BREAKEVEN_HEADER + 5}"  # gains still needed over 3 years (negative: headroom)
LEVER_HEADER = BREAKEVEN_HEADER + 7
#: The tornado chart, below the break-even tables, and the rows it takes (8 cm tall).
TORNADO_ROW = LEVER_HEADER + len(BREAKEVEN_INPUTS) + 3
TORNADO_ROWS = 17

#: The last year the cumulative net cash flow is negative, as a reader says it (-1: never).
UNDER_WATER_FORMAT = '"Year "0;"never";"Initial"'
_TOTAL_COSTS = f"$E${COST_ROW}"
_TOTAL_GAINS = f"SUM($E${FIRST_LINE}:$E${COST_ROW - 1})"

_MULTIPLIER = Rule("multiplier", "Multiplier on this line in this scenario (100% = as entered).")


def _lever_row(key: str) -> int:
    """The Gains sheet row of a lever or of the support-attributed revenue line."""
    return FIRST_LEVER_ROW + [k for k, _ in CASE_LINES].index(key)


def _gains_rows(key: str, gain_rows: int) -> tuple[int, int]:
    """The Gains sheet rows of one line of the business case (the table: its counted total)."""
    if key == OTHER_KEY:
        return OTHER_TOTAL_ROW, OTHER_TOTAL_ROW
    return _lever_row(key), _lever_row(key)


def _factor(key: str) -> str:
    """Share x (1 - risk) x the sum of realisation x the recapture rate (a capacity line) of
    a lever row: its gross-to-counted factor."""
    row = _lever_row(key)
    capacity = capacity_factor(row, erlang_cash=key == "Gain_AHT", sheet="Gains!")
    ramp = "+".join(f"Gains!${c}${row}" for c in REALISATION_COLUMNS)
    return f"(Gains!${SHARE_COLUMN}${row}*(1-Gains!${RISK_COLUMN}${row})*({ramp})*{capacity})"


def _needed(lever: str) -> str:
    """The gross gain the lever needs for break-even: today's gross plus the gap, grossed up."""
    return f"({lever}+{GAP}/{_factor(lever)})"


_ERLANG = f'{STAFFING_SWITCH}="{HARD_SAVINGS}"'
_AFTER = "Contacts_After_Deflection"
_HANDLED = "Contacts_Handled_After"
_FCR_BLANK = "OR(ISBLANK(FCR_Before),ISBLANK(FCR_After))"
# The net value is linear in the deflection rate: every lever after deflection scales with
# the contacts after deflection (handle time and escalations through the FCR factor).
_DEFLECTION_SLOPE = (
    f"Annual_Contacts*((Human_Cost_Per_Contact-Automated_Cost_Per_Contact)"
    f"*{_factor('Gain_Deflection')}"
    f"-{FCR_FACTOR}*(({PER_CONTACT['Gain_AHT']})*{_factor('Gain_AHT')}"
    f"+({PER_CONTACT['Gain_Escalation']})*{_factor('Gain_Escalation')})"
    f"-({PER_CONTACT['Gain_FCR']})*{_factor('Gain_FCR')})"
)
# ... and linear in 1 / FCR after: FCR saves fewer repeats, handle time and escalations
# apply to the contacts handled (after deflection x FCR before x 1 / FCR after).
_FCR_SLOPE = (
    f"{_AFTER}*FCR_Before*(({PER_CONTACT['Gain_AHT']})*{_factor('Gain_AHT')}"
    f"+({PER_CONTACT['Gain_Escalation']})*{_factor('Gain_Escalation')}"
    f"-Human_Cost_Per_Contact*{_factor('Gain_FCR')})"
)

#: Per lever: (label of its input, the input's name, its break-even formula, upper bound).
#: The formula is the straight-line solution; the sheet shows it only inside the range.
BREAKEVEN_FORMULAS: dict[str, tuple[str, str, str, float | None]] = {
    "Breakeven_Deflection_Rate": (
        "Deflection rate",
        "Deflection_Rate",
        f"=IF({_ERLANG},NA(),Deflection_Rate+{GAP}/({_DEFLECTION_SLOPE}))",
        1.0,
    ),
    "Breakeven_AHT_After_Min": (
        "Handle time after (minutes)",
        "AHT_After_Min",
        f"=IF({_ERLANG},NA(),AHT_Before_Min-{_needed('Gain_AHT')}*60"
        f"/({_HANDLED}*Cost_Per_Handle_Hour))",
        None,
    ),
    "Breakeven_FCR_After": (
        "FCR after",
        "FCR_After",
        f"=IF(OR({_FCR_BLANK},{_ERLANG}),NA(),1/(1/FCR_After+{GAP}/({_FCR_SLOPE})))",
        1.0,
    ),
    "Breakeven_Escalation_Rate_After": (
        "Escalation rate after",
        "Escalation_Rate_After",
        f"=Escalation_Rate_Before-{_needed('Gain_Escalation')}/({_HANDLED}*Cost_Per_Escalation)",
        1.0,
    ),
    "Breakeven_Conversion_After": (
        "Conversion after",
        "Conversion_After",
        f"=Conversion_Before+{_needed('Gain_Conversion')}"
        f"/(Sales_Interactions*Average_Order_Value*{MARGIN})",
        1.0,
    ),
    "Breakeven_Churn_After": (
        "Churn after",
        "Churn_After",
        f"=Churn_Before-{_needed('Gain_Retention')}/(Customers*Revenue_Per_Customer*{MARGIN})",
        1.0,
    ),
}

#: The same gains a year in every year that give a 3-year ROI of 0 (used by the Summary too).
BREAKEVEN_GAINS = "Breakeven_Gains"


def _roi(gains: str, costs: str) -> str:
    """(gains - costs) / costs, 0 while nothing is entered (as the Summary's ROI)."""
    return f"IF(AND({costs}=0,{gains}=0),0,({gains}-{costs})/{costs})"


def _header(sheet: Worksheet, row: int, titles: Sequence[str], numbers: str = "BCDEFG") -> None:
    for column, title in enumerate(titles, start=1):
        sheet.cell(row, column, title)
    styles.style_header([sheet.cell(row, c) for c in range(1, len(titles) + 1)], numbers)


def build_scenarios(
    book: TemplateBook,
    settings: DecisionSettings | None = None,
    gain_rows: int = DEFAULT_GAIN_ROWS,
) -> None:
    """The Scenarios sheet of the business case, filled with ``settings``."""
    settings = settings or DecisionSettings()
    sheet = book.sheet("Scenarios")
    sheet["A1"] = "Scenarios, sensitivity and break-even: what if the assumptions are wrong?"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Gains are the counted values of the Gains sheet (after attribution, risk and "
        "realisation); costs are the Costs sheet's. roi-xl simulate draws from these columns."
    )
    sheet["A2"].font = styles.NOTE_FONT

    _header(sheet, MULTIPLIER_HEADER, ("Multiplier on", *SCENARIOS, "3-year value as entered"))
    for row, (key, label) in enumerate(CASE_LINES, start=FIRST_LINE):
        sheet[f"A{row}"] = label
        for column, value in zip(SCENARIO_COLUMNS, settings.gains(key), strict=True):
            sheet[f"{column}{row}"] = value
        first, last = _gains_rows(key, gain_rows)
        book.formula(
            sheet,
            f"E{row}",
            f"=SUM(Gains!{YEAR_COLUMNS[0]}{first}:{YEAR_COLUMNS[-1]}{last})",
            number_format=styles.CURRENCY,
        )
    sheet[f"A{COST_ROW}"] = "Costs (every cost line, Initial and Years 1-3)"
    for column, value in zip(SCENARIO_COLUMNS, settings.cost_multipliers, strict=True):
        sheet[f"{column}{COST_ROW}"] = value
    book.formula(
        sheet,
        f"E{COST_ROW}",
        "=Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3",
        number_format=styles.CURRENCY,
    )
    book.input(sheet, f"B{FIRST_LINE}:D{COST_ROW}", _MULTIPLIER, number_format="0%")
    defaults = "/".join(f"{m:.0%}" for m in DEFAULT_COST_MULTIPLIERS)
    sheet[f"F{COST_ROW}"] = f"default {defaults}: costs run over when things go badly"
    sheet[f"F{COST_ROW}"].font = styles.NOTE_FONT
    sheet[f"F{COST_ROW}"].alignment = styles.WRAP

    _header(sheet, VALUE_HEADER, ("3-year value by scenario", *SCENARIOS))
    for offset, (_key, label) in enumerate((*CASE_LINES, ("", "Costs")), start=0):
        row, source = FIRST_VALUE + offset, FIRST_LINE + offset
        sheet[f"A{row}"] = label
        for column in SCENARIO_COLUMNS:
            book.formula(
                sheet,
                f"{column}{row}",
                f"={column}{source}*$E{source}",
                number_format=styles.CURRENCY,
            )
    book.define("Scenario_Gains", sheet, f"B{FIRST_VALUE}:D{VALUE_COST_ROW - 1}")
    book.define("Scenario_Costs", sheet, f"B{VALUE_COST_ROW}:D{VALUE_COST_ROW}")

    _header(sheet, RESULT_HEADER, ("Result", *SCENARIOS))
    for row, label in (
        (ROI_ROW, "3-year ROI"),
        (NPV_ROW, "NPV, 3 years"),
        (PAYBACK_ROW, "Payback"),
    ):
        sheet[f"A{row}"] = label
        sheet[f"A{row}"].font = styles.SECTION_FONT
    _header(sheet, FLOW_HEADER, ("Net cash flow", "Initial", "Year 1", "Year 2", "Year 3"))
    # the payback helper sits in column G, outside the print area (A:F)
    sheet[f"G{FLOW_HEADER}"] = "Last year under water (helper for Payback)"
    lever_first, lever_last = FIRST_LEVER_ROW, ATTRIBUTION_ROW
    other_first, other_last = _gains_rows(OTHER_KEY, gain_rows)
    for index, (scenario, column) in enumerate(zip(SCENARIOS, SCENARIO_COLUMNS, strict=True)):
        net, cumulative = FLOW_HEADER + 1 + 2 * index, FLOW_HEADER + 2 + 2 * index
        m = f"${column}$"
        sheet[f"A{net}"] = f"{scenario}: net"
        sheet[f"A{cumulative}"] = f"{scenario}: cumulative"
        book.formula(
            sheet, f"B{net}", f"=-{m}{COST_ROW}*Total_Costs_Initial", number_format=styles.CURRENCY
        )
        for year, (flow_column, g) in enumerate(zip("CDE", YEAR_COLUMNS, strict=True), start=1):
            book.formula(
                sheet,
                f"{flow_column}{net}",
                f"=SUMPRODUCT({m}{FIRST_LINE}:{m}{COST_ROW - 2},"
                f"Gains!${g}${lever_first}:${g}${lever_last})"
                f"+{m}{COST_ROW - 1}*SUM(Gains!${g}${other_first}:${g}${other_last})"
                f"-{m}{COST_ROW}*Total_Costs_Y{year}",
                number_format=styles.CURRENCY,
            )
        for position in range(4):  # B..E
            running_total(book, sheet, position, net, cumulative)
        under_water = f"G{cumulative}"
        book.formula(
            sheet, under_water, under_water_formula(cumulative), number_format=UNDER_WATER_FORMAT
        )
        sums = f"SUM({column}{FIRST_VALUE}:{column}{VALUE_COST_ROW - 1})"
        book.formula(
            sheet,
            f"{column}{ROI_ROW}",
            f"={_roi(sums, f'{column}{VALUE_COST_ROW}')}",
            name=f"ROI_{scenario}",
            number_format=styles.PERCENT,
        )
        book.formula(
            sheet,
            f"{column}{NPV_ROW}",
            present_value_formula(net),
            name=f"NPV_{scenario}",
            number_format=styles.CURRENCY,
        )
        book.formula(
            sheet,
            f"{column}{PAYBACK_ROW}",
            payback_formula(net, cumulative, under_water),
            name=f"Payback_{scenario}",
            number_format=styles.MONTHS,
        )
    sheet[f"E{PAYBACK_ROW}"] = "(#N/A would mean: no payback within 3 years)"
    sheet[f"E{PAYBACK_ROW}"].font = styles.NOTE_FONT

    _build_sensitivity(book, sheet, settings)
    _build_breakeven(book, sheet, settings)
    widths = {"A": 52, "B": 26, "C": 18, "D": 32, "E": 22, "F": 22, "G": 14}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B4"
    # column G (the payback and break-even helpers) does not print; the sensitivity starts a page
    book.print_layout(
        sheet,
        area=f"A1:F{TORNADO_ROW + TORNADO_ROWS}",
        orientation="landscape",
        breaks=(SENSITIVITY_ROW - 1,),
    )


def _build_sensitivity(book: TemplateBook, sheet: Worksheet, settings: DecisionSettings) -> None:
    row = SENSITIVITY_ROW
    sheet[f"A{row}"] = "Sensitivity: 3-year ROI when one gain moves up or down by"
    sheet[f"A{row}"].font = styles.SECTION_FONT
    sheet[f"A{row}"].alignment = styles.WRAP
    book.input(
        sheet,
        f"B{row}",
        Rule("rate", "How far each gain moves, down and up (20% = 80% and 120% of it)."),
        name="Sensitivity_Percent",
        default=settings.sensitivity,
        number_format="0%",
    )
    p = "Sensitivity_Percent"
    _header(sheet, HELPER_HEADER, ("Gain line", "3-year value", "Order", "ROI down", "ROI up"))
    last_helper = FIRST_HELPER + len(CASE_LINES) - 1
    values = f"$B${FIRST_HELPER}:$B${last_helper}"
    for offset, (_key, label) in enumerate(CASE_LINES):
        r = FIRST_HELPER + offset
        sheet[f"A{r}"] = label
        book.formula(sheet, f"B{r}", f"=E{FIRST_LINE + offset}", number_format=styles.CURRENCY)
        ties = f"+SUMPRODUCT(--(ABS($B${FIRST_HELPER}:B{r - 1})=ABS(B{r})))" if offset else ""
        book.formula(
            sheet, f"C{r}", f"=SUMPRODUCT(--(ABS({values})>ABS(B{r}))){ties}+1", number_format="0"
        )
        for column, sign in (("D", "-"), ("E", "+")):
            book.formula(
                sheet,
                f"{column}{r}",
                f"={_roi(f'({_TOTAL_GAINS}{sign}{p}*B{r})', _TOTAL_COSTS)}",
                number_format=styles.PERCENT,
            )
    _header(
        sheet,
        SORTED_HEADER,
        (
            "Largest swing first",
            "ROI down",
            "ROI up",
            "Swing (pts)",
            "Down vs 3-year ROI (pts)",
            "Up vs 3-year ROI (pts)",
        ),
    )
    orders = f"$C${FIRST_HELPER}:$C${last_helper}"
    for rank in range(1, len(CASE_LINES) + 1):
        r = FIRST_SORTED + rank - 1
        for column, source, number_format in (
            ("A", "A", "@"),
            ("B", "D", styles.PERCENT),
            ("C", "E", styles.PERCENT),
        ):
            book.formula(
                sheet,
                f"{column}{r}",
                f"=INDEX(${source}${FIRST_HELPER}:${source}${last_helper},MATCH({rank},{orders},0))",
                number_format=number_format,
            )
        # changes of a percentage are percentage points: 0.383 of ROI is 38.3 pts, not 38.3%
        book.formula(sheet, f"D{r}", f"=ABS(C{r}-B{r})*100", number_format='0.0" pts"')
        book.formula(sheet, f"E{r}", f"=(B{r}-ROI_3yr)*100", number_format=styles.PTS)
        book.formula(sheet, f"F{r}", f"=(C{r}-ROI_3yr)*100", number_format=styles.PTS)
    last_sorted = FIRST_SORTED + len(CASE_LINES) - 1
    book.define("Sensitivity_Table", sheet, f"A{FIRST_SORTED}:C{last_sorted}")

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.title = "Tornado: change in 3-year ROI, percentage points"
    chart.add_data(
        Reference(sheet, min_col=5, max_col=6, min_row=SORTED_HEADER, max_row=last_sorted),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=FIRST_SORTED, max_row=last_sorted))
    chart.x_axis.scaling.orientation = "maxMin"  # largest swing on top
    chart.x_axis.tickLblPos = "low"  # labels beside the chart, clear of the bars going left
    chart.legend.position = "b"
    chart.y_axis.number_format = '0" pts"'
    chart.y_axis.majorGridlines = None
    chart.width, chart.height = 18, 8
    sheet.add_chart(chart, f"A{TORNADO_ROW}")
    # the unsorted helper table only feeds the sorted one: grouped and hidden, not printed
    sheet.row_dimensions.group(HELPER_HEADER, last_helper, outline_level=1, hidden=True)


def _build_breakeven(book: TemplateBook, sheet: Worksheet, settings: DecisionSettings) -> None:
    top = BREAKEVEN_HEADER
    _header(sheet, top, ("Break-even", "A year"))
    rows = (
        ("Gains counted now, a year on average", f"={_TOTAL_GAINS}/3", "Gains_Per_Year"),
        ("Gains a year for a 3-year ROI of 0", f"={_TOTAL_COSTS}/3", BREAKEVEN_GAINS),
    )
    for row, (label, formula, name) in enumerate(rows, start=top + 1):
        sheet[f"A{row}"] = label
        book.formula(sheet, f"B{row}", formula, name=name, number_format=styles.CURRENCY)
    sheet[f"A{top + 3}"] = "Target 3-year ROI"
    book.input(
        sheet,
        f"B{top + 3}",
        Rule("target", "The 3-year ROI the business case must reach (a hurdle finance sets)."),
        name="Target_ROI",
        default=settings.target_roi,
        number_format="0%",
    )
    sheet[f"A{top + 4}"] = "Gains a year for the target ROI"
    book.formula(
        sheet,
        f"B{top + 4}",
        f"={_TOTAL_COSTS}*(1+Target_ROI)/3",
        name="Target_ROI_Gains",
        number_format=styles.CURRENCY,
    )
    sheet[f"A{top + 5}"] = "Gains still needed over 3 years (negative: headroom)"
    book.formula(
        sheet,
        GAP.replace("$", ""),
        f"={_TOTAL_COSTS}-{_TOTAL_GAINS}",
        number_format=styles.CURRENCY,
    )
    sheet[f"C{top + 1}"] = "the same amount each year, after attribution, risk and realisation"
    sheet[f"C{top + 1}"].font = styles.NOTE_FONT

    _header(
        sheet,
        LEVER_HEADER,
        ("Lever alone (the others held)", "Input", "Now", "Break-even", "Note", "", "Solved"),
        numbers="CDG",
    )
    sheet[f"A{LEVER_HEADER + len(BREAKEVEN_INPUTS) + 1}"] = (
        "Solved: where the straight line through the input crosses 0; the break-even "
        "shows it only inside the input's range."
    )
    sheet[f"A{LEVER_HEADER + len(BREAKEVEN_INPUTS) + 1}"].font = styles.NOTE_FONT
    for row, (lever, name, *_rest) in enumerate(BREAKEVEN_INPUTS, start=LEVER_HEADER + 1):
        label, input_name, formula, upper = BREAKEVEN_FORMULAS[name]
        number_format = styles.DECIMAL if upper is None else styles.PERCENT
        sheet[f"A{row}"] = next(text for key, text in CASE_LINES if key == lever)
        sheet[f"B{row}"] = label
        book.formula(sheet, f"C{row}", f"={input_name}", number_format=number_format)
        book.formula(sheet, f"G{row}", formula, number_format=number_format)
        outside = f"G{row}<0" if upper is None else f"OR(G{row}<0,G{row}>{upper:g})"
        book.formula(
            sheet,
            f"D{row}",
            f'=IF(ISERROR(G{row}),G{row},IF({outside},"{NOT_REACHABLE}",G{row}))',
            name=name,
            number_format=number_format,
        )
        reason = (
            f'IF({_FCR_BLANK},"fill in FCR before and after",'
            '"not linear while Erlang C hard savings feed the totals")'
            if lever == "Gain_FCR"
            else '"not linear while Erlang C hard savings feed the totals"'
        )
        book.formula(
            sheet,
            f"E{row}",
            f'=IF(ISNA(G{row}),{reason},IF(ISERROR(G{row}),"this input does not move the gains",'
            f'IF({outside},IF(Net_Value_3yr>=0,"ROI stays positive over the whole range",'
            f'"this lever alone cannot break even"),'
            f'IF(Net_Value_3yr>=0,"ROI positive now: the input can move this far",'
            f'"ROI negative now: the input must reach this"))))',
            number_format="@",
        )
        sheet[f"E{row}"].font = styles.NOTE_FONT

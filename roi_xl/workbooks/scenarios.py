"""The ``Scenarios`` sheet: what if the assumptions are wrong?

Four blocks, all native formulas over the Gains and Costs sheets, each the
formula of :func:`roi_xl.core.decision_outputs`, over one timeline (Initial,
Year 1, Year 2, Year 3 in columns D..G, as every sheet):

* **Counted gains and costs**: each gain line's counted value by year, read from
  the Gains sheet's lines (not its totals, so that the reconciling check sees a
  total typed over), and the costs by year.
* **Scenarios**: a multiplier on each gain line and on the costs per
  scenario (conservative, expected, optimistic), giving the 3-year ROI, NPV
  and payback of each, over a period counter and its discount factors.
  The command-line simulation draws from the same columns.
* **Sensitivity**: the 3-year ROI when one line's gain moves by -/+
  ``Sensitivity_Percent``, sorted by swing (``SUMPRODUCT`` ranks with ties
  kept in line order, then ``INDEX``/``MATCH`` on a rank column; no dynamic
  arrays), and a native bar chart (tornado).
* **Break-even**: the gains a year for a 3-year ROI of 0 and of
  ``Target_ROI``, and for each lever alone the value of its input that
  breaks even: today's input plus the gap over how much the 3-year net value
  moves per unit of the input (a labelled workings block below the page).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
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
    DEFAULT_GAIN_ROWS,
    FIRST_LEVER_ROW,
    HEADERS,
    OTHER_TOTAL_ROW,
    REALISATION_COLUMNS,
    YEAR_COLUMNS,
)
from .levers import FCR_FACTOR, MARGIN, PER_CONTACT, STAFFING_SWITCH, capacity_factor
from .staffing import HARD_SAVINGS
from .timeline import (
    TIMELINE,
    YEARS,
    discount_row,
    payback,
    period_row,
    present_value,
    running_total,
    span,
    tolerance,
    under_water,
    write_titles,
)

SCENARIO_COLUMNS = ("B", "C", "D")
#: The column left of the timeline: the 3-year total of a row.
TOTAL_COLUMN = "C"
LINES = len(CASE_LINES)

#: Counted gains by line and year (from the Gains sheet) and the costs by year.
IMPORT_HEADER = 4
FIRST_IMPORT = IMPORT_HEADER + 1
GAINS_ROW = FIRST_IMPORT + LINES  # all gain lines
COSTS_ROW = GAINS_ROW + 1
MULTIPLIER_HEADER = COSTS_ROW + 2
FIRST_LINE = MULTIPLIER_HEADER + 1
COST_ROW = FIRST_LINE + LINES  # the costs' multipliers, after the gain lines
VALUE_HEADER = COST_ROW + 2
FIRST_VALUE = VALUE_HEADER + 1
VALUE_COST_ROW = FIRST_VALUE + LINES
RESULT_HEADER = VALUE_COST_ROW + 2
ROI_ROW, NPV_ROW, PAYBACK_ROW = RESULT_HEADER + 1, RESULT_HEADER + 2, RESULT_HEADER + 3
FLOW_HEADER = PAYBACK_ROW + 2
PERIOD_ROW, FACTOR_ROW = FLOW_HEADER + 1, FLOW_HEADER + 2
FIRST_FLOW = FLOW_HEADER + 3  # net and cumulative of each scenario
#: The payback workings of each scenario's cumulative row, right of the printed columns.
ZERO_COLUMN, UNDER_COLUMN = "H", "I"
SENSITIVITY_ROW = FIRST_FLOW + 2 * len(SCENARIOS) + 1
POINTS_ROW = SENSITIVITY_ROW + 1
HELPER_HEADER = POINTS_ROW + 2
FIRST_HELPER = HELPER_HEADER + 1
SORTED_HEADER = FIRST_HELPER + LINES + 1
FIRST_SORTED = SORTED_HEADER + 1
BREAKEVEN_HEADER = FIRST_SORTED + LINES + 2
GAP = f"$B${BREAKEVEN_HEADER + 5}"  # gains still needed over 3 years (negative: headroom)
LEVER_HEADER = BREAKEVEN_HEADER + 7
#: The tornado chart, below the break-even tables, and the rows it takes (8 cm tall).
TORNADO_ROW = LEVER_HEADER + len(BREAKEVEN_INPUTS) + 3
TORNADO_ROWS = 17
LAST_PRINTED = TORNADO_ROW + TORNADO_ROWS
#: The rows that end a printed page.
PAGE_BREAKS = (RESULT_HEADER - 1, BREAKEVEN_HEADER - 1)
#: The break-even workings, below the printed page.
WORKINGS_ROW = LAST_PRINTED + 2
FIRST_WORKING = WORKINGS_ROW + 2
MESSAGES_HEADER = FIRST_WORKING + len(BREAKEVEN_INPUTS) + 1

#: The last year the cumulative net cash flow is negative, as a reader says it (-1: never).
UNDER_WATER_FORMAT = '"Year "0;"never";"Initial"'
_TOTAL_COSTS = f"${TOTAL_COLUMN}${COSTS_ROW}"
_TOTAL_GAINS = f"${TOTAL_COLUMN}${GAINS_ROW}"

_MULTIPLIER = Rule("multiplier", "Multiplier on this line in this scenario (100% = as entered).")


def _gains_column(title: str) -> str:
    """The Gains sheet's column of a lever row's input, by its header (``"Risk adjustment"``)."""
    return get_column_letter(HEADERS.index(title) + 1)


_SHARE, _RISK = _gains_column("Attribution share"), _gains_column("Risk adjustment")


def _gains_row(key: str) -> int:
    """The Gains sheet row of a line of the business case: a lever, the support-attributed
    revenue, or the counted total of the gain lines table."""
    if key == OTHER_KEY:
        return OTHER_TOTAL_ROW
    return FIRST_LEVER_ROW + [k for k, _ in CASE_LINES].index(key)


def _import_row(key: str) -> int:
    return FIRST_IMPORT + [k for k, _ in CASE_LINES].index(key)


_ERLANG = f'{STAFFING_SWITCH}="{HARD_SAVINGS}"'
_FCR_BLANK = "OR(ISBLANK(FCR_Before),ISBLANK(FCR_After))"

#: The break-even notes, by when each shows; written once below the page, referred to.
MESSAGES = (
    ("erlang", "not linear while Erlang C hard savings feed the totals"),
    ("fcr", "fill in FCR before and after"),
    ("flat", "this input does not move the gains"),
    ("positive outside", "ROI stays positive over the whole range"),
    ("negative outside", "this lever alone cannot break even"),
    ("positive inside", "ROI positive now: the input can move this far"),
    ("negative inside", "ROI negative now: the input must reach this"),
)
_WHEN = {
    "erlang": "Erlang C hard savings feed the totals (agent counts are not linear)",
    "fcr": "FCR before or after is blank",
    "flat": "the net value does not move with the input",
    "positive outside": "ROI positive now, the solved input outside its range",
    "negative outside": "ROI negative now, the solved input outside its range",
    "positive inside": "ROI positive now, the solved input inside its range",
    "negative inside": "ROI negative now, the solved input inside its range",
}


def _message(key: str) -> str:
    return f"$B${MESSAGES_HEADER + 1 + [k for k, _ in MESSAGES].index(key)}"


#: Per lever: what one unit of its base is, and the counted value per unit of base over
#: 3 years (column D of the workings: ``{f}`` is the lever's counted share of gross).
_PER_BASE: dict[str, tuple[str, str]] = {
    "Gain_Deflection": (
        "contact deflected",
        "=(Human_Cost_Per_Contact-Automated_Cost_Per_Contact)*{f}",
    ),
    "Gain_AHT": (
        "contact handled",
        "=(AHT_Before_Min-AHT_After_Min)/Minutes_Per_Hour*Cost_Per_Handle_Hour*{f}",
    ),
    "Gain_FCR": ("contact after deflection", f"={PER_CONTACT['Gain_FCR']}*{{f}}"),
    "Gain_Escalation": ("contact handled", f"={PER_CONTACT['Gain_Escalation']}*{{f}}"),
    "Gain_Conversion": ("sale", f"=Average_Order_Value*{MARGIN}*{{f}}"),
    "Gain_Retention": ("customer kept", f"=Revenue_Per_Customer*{MARGIN}*{{f}}"),
}


def _slope(lever: str, row: int, per_base: dict[str, str]) -> str:
    """How much the 3-year net value moves per unit of the lever's input, others held.

    Deflection moves every lever after it (they apply to the contacts it leaves);
    FCR after is linear in 1 / FCR after (the contacts handled follow FCR before /
    FCR after).
    """
    d, f = per_base, f"C{row}"
    return {
        "Gain_Deflection": (
            f"=Annual_Contacts*({d['Gain_Deflection']}-{FCR_FACTOR}"
            f"*({d['Gain_AHT']}+{d['Gain_Escalation']})-{d['Gain_FCR']})"
        ),
        "Gain_AHT": f"=-Contacts_Handled_After*Cost_Per_Handle_Hour/Minutes_Per_Hour*{f}",
        "Gain_FCR": (
            f"=Contacts_After_Deflection*FCR_Before*({d['Gain_AHT']}+{d['Gain_Escalation']}"
            f"-Human_Cost_Per_Contact*{f})"
        ),
        "Gain_Escalation": f"=-Contacts_Handled_After*Cost_Per_Escalation*{f}",
        "Gain_Conversion": f"=Sales_Interactions*D{row}",
        "Gain_Retention": f"=-Customers*D{row}",
    }[lever]


def _solved(lever: str, input_name: str, slope: str) -> str:
    """Where the straight line of the net value through today's input crosses 0."""
    if lever == "Gain_FCR":
        return f"=IF(OR({_FCR_BLANK},{_ERLANG}),NA(),1/(1/FCR_After+{GAP}/{slope}))"
    if lever in ("Gain_Deflection", "Gain_AHT"):
        return f"=IF({_ERLANG},NA(),{input_name}+{GAP}/{slope})"
    return f"={input_name}+{GAP}/{slope}"


#: Per break-even output: (label of its input, the input's name, upper bound).
BREAKEVEN_FORMULAS: dict[str, tuple[str, str, float | None]] = {
    "Breakeven_Deflection_Rate": ("Deflection rate", "Deflection_Rate", 1.0),
    "Breakeven_AHT_After_Min": ("Handle time after (min)", "AHT_After_Min", None),
    "Breakeven_FCR_After": ("FCR after", "FCR_After", 1.0),
    "Breakeven_Escalation_Rate_After": ("Escalation rate after", "Escalation_Rate_After", 1.0),
    "Breakeven_Conversion_After": ("Conversion after", "Conversion_After", 1.0),
    "Breakeven_Churn_After": ("Churn after", "Churn_After", 1.0),
}

#: The same gains a year in every year that give a 3-year ROI of 0 (used by the Summary too).
BREAKEVEN_GAINS = "Breakeven_Gains"


def _roi(gains: str, costs: str) -> str:
    """(gains - costs) / costs, 0 while nothing is entered (as the Summary's ROI)."""
    return f"IF(AND({costs}=0,{gains}=0),0,({gains}-{costs})/{costs})"


def _header(
    sheet: Worksheet, row: int, titles: Sequence[str], numbers: str = "BCDEFGH", first: int = 1
) -> None:
    for column, title in enumerate(titles, start=first):
        if title:
            sheet.cell(row, column, title)
    cells = [sheet.cell(row, c) for c in range(first, first + len(titles))]
    styles.style_header(cells, numbers)


def _note(sheet: Worksheet, ref: str, text: str, *, indent: bool = False) -> None:
    sheet[ref] = text
    sheet[ref].font = styles.NOTE_FONT
    if indent:  # clear of the figure to its left
        sheet[ref].alignment = Alignment(indent=1)


def build_scenarios(
    book: TemplateBook,
    settings: DecisionSettings | None = None,
    gain_rows: int = DEFAULT_GAIN_ROWS,
) -> None:
    """The Scenarios sheet of the business case, filled with ``settings``.

    ``gain_rows`` (the size of the gain lines table) is not needed: the sheet reads
    the table's counted total row, which follows the table.
    """
    del gain_rows
    settings = settings or DecisionSettings()
    sheet = book.sheet("Scenarios")
    sheet["A1"] = "Scenarios, sensitivity and break-even: what if the assumptions are wrong?"
    sheet["A1"].font = styles.TITLE_FONT
    _note(
        sheet,
        "A2",
        "Gains are the counted values of the Gains sheet's lines (after attribution, risk "
        "and realisation); costs are the Costs sheet's totals. Years in columns D to G, as "
        "on every sheet; gains start in Year 1.",
    )
    _build_counted(book, sheet)
    _build_multipliers(book, sheet, settings)
    _build_flows(book, sheet)
    _build_sensitivity(book, sheet, settings)
    _build_breakeven(book, sheet, settings)
    _build_workings(book, sheet)
    # printed A..G: 168 characters wide, so that text prints at 8 pt or more in landscape;
    # D holds the break-even's "not reachable by this input alone"
    widths = {"A": 48, "B": 24, "C": 14, "D": 34, "E": 16, "F": 16, "G": 16, "H": 16, "I": 22}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B4"
    # the workings (payback, break-evens) do not print; three pages: the scenarios' inputs,
    # their results with the sensitivity, the break-evens with the tornado
    book.print_layout(
        sheet,
        area=f"A1:{TIMELINE[-1]}{LAST_PRINTED}",
        orientation="landscape",
        breaks=PAGE_BREAKS,
    )


def _build_counted(book: TemplateBook, sheet: Worksheet) -> None:
    """Each gain line's counted value by year (Gains sheet) and the costs by year."""
    sheet[f"A{IMPORT_HEADER}"] = "Counted gains and costs"
    write_titles(sheet, IMPORT_HEADER)
    sheet[f"{TOTAL_COLUMN}{IMPORT_HEADER}"] = "3 years"
    _header(sheet, IMPORT_HEADER, ("",) * 7)  # style A..G as one header
    for row, (key, label) in enumerate(CASE_LINES, start=FIRST_IMPORT):
        sheet[f"A{row}"] = label
        for column, gains in zip(YEARS, YEAR_COLUMNS, strict=True):
            book.formula(
                sheet,
                f"{column}{row}",
                f"=Gains!{gains}{_gains_row(key)}",
                number_format=styles.CURRENCY,
            )
    sheet[f"A{GAINS_ROW}"] = "Gains counted, all lines"
    sheet[f"A{GAINS_ROW}"].font = styles.SECTION_FONT
    for column in YEARS:
        book.formula(
            sheet,
            f"{column}{GAINS_ROW}",
            f"=SUM({column}{FIRST_IMPORT}:{column}{GAINS_ROW - 1})",
            number_format=styles.CURRENCY,
        )
    sheet[f"A{COSTS_ROW}"] = "Costs, every cost line (risk-adjusted)"
    sheet[f"A{COSTS_ROW}"].font = styles.SECTION_FONT
    for column, name in zip(
        TIMELINE,
        ("Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"),
        strict=True,
    ):
        book.formula(sheet, f"{column}{COSTS_ROW}", f"={name}", number_format=styles.CURRENCY)
    for row in range(FIRST_IMPORT, COSTS_ROW + 1):
        book.formula(
            sheet,
            f"{TOTAL_COLUMN}{row}",
            f"=SUM({span(row)})",
            number_format=styles.CURRENCY,
        )


def _build_multipliers(book: TemplateBook, sheet: Worksheet, settings: DecisionSettings) -> None:
    _header(sheet, MULTIPLIER_HEADER, ("Multiplier on", *SCENARIOS), numbers="BCD")
    for row, (key, label) in enumerate(CASE_LINES, start=FIRST_LINE):
        sheet[f"A{row}"] = label
        for column, value in zip(SCENARIO_COLUMNS, settings.gains(key), strict=True):
            sheet[f"{column}{row}"] = value
    sheet[f"A{COST_ROW}"] = "Costs (every cost line, Initial and Years 1-3)"
    for column, value in zip(SCENARIO_COLUMNS, settings.cost_multipliers, strict=True):
        sheet[f"{column}{COST_ROW}"] = value
    book.input(sheet, f"B{FIRST_LINE}:D{COST_ROW}", _MULTIPLIER, number_format="0%")
    defaults = "/".join(f"{m:.0%}" for m in DEFAULT_COST_MULTIPLIERS)
    _note(
        sheet,
        f"E{COST_ROW}",
        f"default {defaults}: costs run over when things go badly",
        indent=True,
    )

    _header(sheet, VALUE_HEADER, ("3-year value by scenario", *SCENARIOS), numbers="BCD")
    for offset, (_key, label) in enumerate((*CASE_LINES, ("", "Costs")), start=0):
        row, source = FIRST_VALUE + offset, FIRST_LINE + offset
        counted = FIRST_IMPORT + offset if offset < LINES else COSTS_ROW
        sheet[f"A{row}"] = label
        for column in SCENARIO_COLUMNS:
            book.formula(
                sheet,
                f"{column}{row}",
                f"={column}{source}*${TOTAL_COLUMN}{counted}",
                number_format=styles.CURRENCY,
            )
    book.define("Scenario_Gains", sheet, f"B{FIRST_VALUE}:D{VALUE_COST_ROW - 1}")
    book.define("Scenario_Costs", sheet, f"B{VALUE_COST_ROW}:D{VALUE_COST_ROW}")


def _build_flows(book: TemplateBook, sheet: Worksheet) -> None:
    """Each scenario's net cash flow over the timeline, and its ROI, NPV and payback."""
    _header(sheet, RESULT_HEADER, ("Result", *SCENARIOS), numbers="BCD")
    for row, label in (
        (ROI_ROW, "3-year ROI"),
        (NPV_ROW, "NPV, 3 years"),
        (PAYBACK_ROW, "Payback"),
    ):
        sheet[f"A{row}"] = label
        sheet[f"A{row}"].font = styles.SECTION_FONT
    _note(sheet, f"E{PAYBACK_ROW}", "#N/A would mean: no payback within 3 years", indent=True)

    _header(sheet, FLOW_HEADER, ("Net cash flow", "", "", "Initial", "Year 1", "Year 2", "Year 3"))
    # the payback workings: right of the printed columns, labelled
    _header(
        sheet,
        FLOW_HEADER,
        ("Zero within", "Last year under water"),
        numbers="HI",
        first=8,
    )
    period_row(book, sheet, PERIOD_ROW)
    discount_row(book, sheet, FACTOR_ROW, PERIOD_ROW)
    lines = f"{FIRST_IMPORT}:{{c}}{GAINS_ROW - 1}"
    for index, (scenario, column) in enumerate(zip(SCENARIOS, SCENARIO_COLUMNS, strict=True)):
        net, cumulative = FIRST_FLOW + 2 * index, FIRST_FLOW + 1 + 2 * index
        m = f"${column}$"
        sheet[f"A{net}"] = f"{scenario}: net"
        sheet[f"A{cumulative}"] = f"{scenario}: cumulative"
        for c in TIMELINE:  # one formula along the row: the lines' multipliers x their values
            book.formula(
                sheet,
                f"{c}{net}",
                f"=SUMPRODUCT({m}{FIRST_LINE}:{m}{COST_ROW - 1},{c}${lines.format(c=c)})"
                f"-{m}{COST_ROW}*{c}${COSTS_ROW}",
                number_format=styles.CURRENCY,
            )
        running_total(book, sheet, net, cumulative)
        zero = f"{ZERO_COLUMN}{cumulative}"
        book.formula(sheet, zero, tolerance(cumulative), number_format=styles.CURRENCY_CENTS)
        under = f"{UNDER_COLUMN}{cumulative}"
        book.formula(
            sheet,
            under,
            under_water(cumulative, zero, PERIOD_ROW),
            number_format=UNDER_WATER_FORMAT,
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
            present_value(net, FACTOR_ROW),
            name=f"NPV_{scenario}",
            number_format=styles.CURRENCY,
        )
        book.formula(
            sheet,
            f"{column}{PAYBACK_ROW}",
            payback(net, cumulative, zero, under),
            name=f"Payback_{scenario}",
            number_format=styles.MONTHS,
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
    sheet[f"A{POINTS_ROW}"] = "Percentage points in an ROI of 100%"
    points = f"$B${POINTS_ROW}"
    book.formula(sheet, points.replace("$", ""), 100, number_format='0" pts"')
    _note(sheet, f"C{POINTS_ROW}", "ROI changes in points: 29.7% to 33.5% is +3.8 pts", indent=True)
    p = "Sensitivity_Percent"
    _header(sheet, HELPER_HEADER, ("Gain line", "3-year value", "Order", "ROI down", "ROI up"))
    last_helper = FIRST_HELPER + LINES - 1
    values = f"$B${FIRST_HELPER}:$B${last_helper}"
    for offset, (_key, label) in enumerate(CASE_LINES):
        r = FIRST_HELPER + offset
        sheet[f"A{r}"] = label
        book.formula(
            sheet,
            f"B{r}",
            f"={TOTAL_COLUMN}{FIRST_IMPORT + offset}",
            number_format=styles.CURRENCY,
        )
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
            "Rank",
        ),
    )
    orders = f"$C${FIRST_HELPER}:$C${last_helper}"
    for rank in range(1, LINES + 1):
        r = FIRST_SORTED + rank - 1
        book.formula(sheet, f"G{r}", f"=G{r - 1}+1" if rank > 1 else 1, number_format="0")
        for column, source, number_format in (
            ("A", "A", "@"),
            ("B", "D", styles.PERCENT),
            ("C", "E", styles.PERCENT),
        ):
            book.formula(
                sheet,
                f"{column}{r}",
                f"=INDEX(${source}${FIRST_HELPER}:${source}${last_helper},MATCH($G{r},{orders},0))",
                number_format=number_format,
            )
        # changes of a percentage are percentage points: 0.383 of ROI is 38.3 pts, not 38.3%
        book.formula(sheet, f"D{r}", f"=ABS(C{r}-B{r})*{points}", number_format='0.0" pts"')
        book.formula(sheet, f"E{r}", f"=(B{r}-ROI_3yr)*{points}", number_format=styles.PTS)
        book.formula(sheet, f"F{r}", f"=(C{r}-ROI_3yr)*{points}", number_format=styles.PTS)
    last_sorted = FIRST_SORTED + LINES - 1
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
    chart.y_axis.number_format = "0"  # the unit, percentage points, is in the title
    chart.y_axis.majorGridlines = None
    chart.width, chart.height = 18, 8
    sheet.add_chart(chart, f"A{TORNADO_ROW}")
    # the unsorted helper table only feeds the sorted one: grouped and hidden, not printed
    sheet.row_dimensions.group(HELPER_HEADER, last_helper, outline_level=1, hidden=True)


def _build_breakeven(book: TemplateBook, sheet: Worksheet, settings: DecisionSettings) -> None:
    top = BREAKEVEN_HEADER
    _header(sheet, top, ("Break-even", "A year"), numbers="B")
    rows = (
        (
            "Gains counted now, a year on average",
            f"={_TOTAL_GAINS}/Horizon_Years",
            "Gains_Per_Year",
        ),
        ("Gains a year for a 3-year ROI of 0", f"={_TOTAL_COSTS}/Horizon_Years", BREAKEVEN_GAINS),
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
        f"={_TOTAL_COSTS}*(1+Target_ROI)/Horizon_Years",
        name="Target_ROI_Gains",
        number_format=styles.CURRENCY,
    )
    sheet[f"A{top + 5}"] = "Gains still needed, 3 years (negative: headroom)"
    book.formula(
        sheet,
        GAP.replace("$", ""),
        f"={_TOTAL_COSTS}-{_TOTAL_GAINS}",
        number_format=styles.CURRENCY,
    )
    _note(
        sheet,
        f"C{top + 1}",
        "the same amount each year, after attribution, risk and realisation",
        indent=True,
    )

    _header(
        sheet,
        LEVER_HEADER,
        ("Lever alone (the others held)", "Input", "Now", "Break-even", "Note", "", ""),
        numbers="CD",
    )
    # clear of "Break-even" to its left
    sheet[f"E{LEVER_HEADER}"].alignment = Alignment(horizontal="left", indent=1, vertical="top")
    _note(
        sheet,
        f"A{LEVER_HEADER + len(BREAKEVEN_INPUTS) + 1}",
        "Break-even: where the straight line of the net value through today's input crosses "
        "0, shown only inside the input's range (workings below the printed page).",
    )
    for offset, (lever, name, *_rest) in enumerate(BREAKEVEN_INPUTS):
        row, working = LEVER_HEADER + 1 + offset, FIRST_WORKING + offset
        label, input_name, upper = BREAKEVEN_FORMULAS[name]
        number_format = styles.DECIMAL if upper is None else styles.PERCENT
        solved = f"G{working}"
        sheet[f"A{row}"] = next(text for key, text in CASE_LINES if key == lever)
        sheet[f"B{row}"] = label
        book.formula(sheet, f"C{row}", f"={input_name}", number_format=number_format)
        outside = f"{solved}<0" if upper is None else f"OR({solved}<0,{solved}>{upper:g})"
        book.formula(
            sheet,
            f"D{row}",
            f'=IF(ISERROR({solved}),{solved},IF({outside},"{NOT_REACHABLE}",{solved}))',
            name=name,
            number_format=number_format,
        )
        sheet[f"D{row}"].alignment = Alignment(horizontal="right")  # text as the numbers
        erlang = _message("erlang")
        reason = f"IF({_FCR_BLANK},{_message('fcr')},{erlang})" if lever == "Gain_FCR" else erlang
        positive = "Net_Value_3yr>=0"
        book.formula(
            sheet,
            f"E{row}",
            f"=IF(ISNA({solved}),{reason},IF(ISERROR({solved}),{_message('flat')},"
            f"IF({outside},IF({positive},{_message('positive outside')},"
            f"{_message('negative outside')}),IF({positive},{_message('positive inside')},"
            f"{_message('negative inside')}))))",
            number_format="@",
        )
        sheet[f"E{row}"].font = styles.NOTE_FONT
        sheet[f"E{row}"].alignment = Alignment(indent=1)  # clear of the break-even's text


def _build_workings(book: TemplateBook, sheet: Worksheet) -> None:
    """Each lever's counted share of its gross, its counted value per unit of its base and
    how much the 3-year net value moves per unit of its input; the notes the break-even
    table shows. Below the printed page: for a reviewer, not for the reader."""
    sheet[f"A{WORKINGS_ROW}"] = "Workings of the break-evens (below the printed page)"
    sheet[f"A{WORKINGS_ROW}"].font = styles.SECTION_FONT
    _header(
        sheet,
        WORKINGS_ROW + 1,
        (
            "Lever",
            "Recapture (1 for a cash line)",
            "Counted per 1 of gross, 3 years",
            "Counted value per unit of its base, 3 years",
            "Base",
            "Net value, 3 years, per unit of the input",
            "Input at break-even (straight line)",
        ),
        numbers="BCDFG",
    )
    rows = {lever: FIRST_WORKING + i for i, (lever, *_r) in enumerate(BREAKEVEN_INPUTS)}
    per_base = {lever: f"$D${row}" for lever, row in rows.items()}
    for lever, name, *_rest in BREAKEVEN_INPUTS:
        row, gains = rows[lever], _gains_row(lever)
        first, last = REALISATION_COLUMNS[0], REALISATION_COLUMNS[-1]
        sheet[f"A{row}"] = next(text for key, text in CASE_LINES if key == lever)
        book.formula(
            sheet,
            f"B{row}",
            f"={capacity_factor(gains, erlang_cash=lever == 'Gain_AHT', sheet='Gains!')}",
            number_format=styles.PERCENT,
        )
        book.formula(
            sheet,
            f"C{row}",
            f"=Gains!${_SHARE}${gains}*(1-Gains!${_RISK}${gains})"
            f"*SUM(Gains!${first}${gains}:${last}${gains})*B{row}",
            number_format=styles.DECIMAL,
        )
        base, value = _PER_BASE[lever]
        book.formula(
            sheet, f"D{row}", value.format(f=f"C{row}"), number_format=styles.CURRENCY_CENTS
        )
        sheet[f"E{row}"] = f"per {base}"
        slope = f"F{row}"
        book.formula(sheet, slope, _slope(lever, row, per_base), number_format=styles.CURRENCY)
        _label, input_name, upper = BREAKEVEN_FORMULAS[name]
        book.formula(
            sheet,
            f"G{row}",
            _solved(lever, input_name, slope),
            number_format=styles.DECIMAL if upper is None else styles.PERCENT,
        )
    _header(sheet, MESSAGES_HEADER, ("Note of the break-even table, when", "Text"))
    for row, (key, text) in enumerate(MESSAGES, start=MESSAGES_HEADER + 1):
        sheet[f"A{row}"] = _WHEN[key]
        sheet[f"B{row}"] = text

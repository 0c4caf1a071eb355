"""The ``Summary`` sheet: one landscape page for a CFO.

At the top the case's name, date and currency (``Case_Name``, ``Case_Date``,
``Currency`` on the Assumptions sheet) and the model-check status; five large
tiles, the risk-adjusted discounted view first (TEI ROI, NPV with the present
values of benefits and costs), then the undiscounted 3-year ROI, payback and
IRR; the sentence "For every $1 invested, $X comes back over 3 years"; the ROI
range of the Scenarios sheet (business case); the benchmark position as one
sentence with its source; the break-even. Then costs and gains by year with
present values, the key assumptions (baseline against target), in the business
case the actuals to date beside the plan (Tracking sheet), and two native
charts: benefits and costs by year with the cumulative net benefit (bars and a
line, as TEI studies draw it) and the gains by lever. "Net benefit", not "cash
flow": the gains hold freed capacity as well as cash (the business case says
how much of each, and by how much the benefits are risk-adjusted).

A blank template says "—" where there is nothing to say yet, never a zero
dressed as a result. The named outputs (``ROI_3yr``, ``Payback_Months``, ...)
and every helper the page needs live in a workings block below the printed
page: they keep the contract's values (0 in a blank template, an Excel error
where a denominator is 0) while the page shows what a reader can use. Money on
the page is in a neutral ``#,##0`` format, in the currency named at the top (a
number format cannot follow a cell, so the page names the currency instead of
printing a ``$`` that may be wrong).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..core import BUSINESS_TYPES, benchmark_figures
from ..core.benchmarks import is_sourced
from . import styles
from .book import TemplateBook
from .lists import BENCHMARK_HIGH_CELLS, BENCHMARK_LOW_CELLS, BUSINESS_TYPE_CELLS, cited
from .staffing import HARD_SAVINGS

# --- the printed page: columns A..O, rows 1..PAGE_END
PAGE_COLUMNS = "ABCDEFGHIJKLMNO"
COLUMN_WIDTH = 10.5
TILES = ("A", "C"), ("D", "F"), ("G", "I"), ("J", "L"), ("M", "O")
TILE_LABEL, TILE_VALUE, TILE_NOTE = 5, 6, 7
SENTENCE_ROW = 9  # For every $1 invested ...
RANGE_ROW, BENCHMARK_ROW, BREAKEVEN_ROW = 10, 11, 12
SPLIT_ROW = 13  # business case: cash against capacity, and the average risk adjustment
TABLE_ROW = 14  # header of the by-year table; Costs, Gains, Net, Cumulative below
COST_TABLE_ROW, GAIN_TABLE_ROW, NET_TABLE_ROW = TABLE_ROW + 1, TABLE_ROW + 2, TABLE_ROW + 3
KEY_ROW = 20  # header of the key assumptions
TRACK_ROW = 30  # business case: the actuals to date beside the plan
BAND_END = 35
ROW_HEIGHT = 16
LEVER_HEADER = 26  # the gains-by-lever chart: its header, then the chart to BAND_END
GAP_EMU = 100_000  # about 3 mm between a chart and its neighbours
EMU_PER_POINT = 12_700
FOOTNOTE_ROW = 36
PAGE_END = FOOTNOTE_ROW
PRINT_AREA = f"A1:O{PAGE_END}"

# --- the workings below the page (not printed): named outputs and helpers
WORK = PAGE_END + 4
NOTHING = f"$B${WORK + 2}"  # TRUE while no cost and no gain is entered
PREFIX, SUFFIX = f"$B${WORK + 3}", f"$B${WORK + 4}"  # "$" and "" for USD; "" and " EUR"
BENCH_LABEL, BENCH_LOW, BENCH_HIGH, BENCH_SOURCE = (f"$B${WORK + i}" for i in range(5, 9))
BENCH_SOURCED = f"$B${WORK + 9}"  # TRUE when the range has its publisher and year
NAMED_ROW = WORK + 10  # the named headline outputs, one a row
YEAR_ROW = NAMED_ROW + 12  # header of the by-year workings
COSTS, GAINS, NET, CUMULATIVE = (YEAR_ROW + 1, YEAR_ROW + 2, YEAR_ROW + 3, YEAR_ROW + 4)
DISCOUNTED_NET, DISCOUNTED_CUMULATIVE = CUMULATIVE + 1, CUMULATIVE + 2
UNDER_WATER = f"H{CUMULATIVE}"  # helper: the last year (0..2) ending with a negative cumulative
DISCOUNTED_UNDER_WATER = f"H{DISCOUNTED_CUMULATIVE}"
CHART_ROW = DISCOUNTED_CUMULATIVE + 2  # chart data: benefits, costs (negative), cumulative
LEVER_ROW = CHART_ROW + 5  # chart data: gains by lever

_COST_SUM = "(Total_Costs_Initial+Total_Costs_Y1+Total_Costs_Y2+Total_Costs_Y3)"
_GAIN_SUM = "(Total_Gains_Y1+Total_Gains_Y2+Total_Gains_Y3)"
_NOTHING_YET = f"AND({_COST_SUM}=0,{_GAIN_SUM}=0)"
DASH = "—"
#: Money on the page: thousands separated, negatives red in brackets, zero a dash.
MONEY = f'#,##0;[Red]-#,##0;"{DASH}"'
AXIS_FORMAT = '[>=1000]#,##0;[<=-1000]-#,##0;""'
WHOLE_PERCENT = "0%;[Red]-0%"

_DARK = "1F3864"
_TILE_FILL = PatternFill("solid", fgColor="F2F2F2")
_CASE_FONT = Font(name="Calibri", size=20, bold=True, color=_DARK)
_SUBTITLE_FONT = Font(name="Calibri", size=11, color="404040")
_STATUS_FONT = Font(name="Calibri", size=11, bold=True, color=_DARK)
_TILE_LABEL_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
_TILE_VALUE_FONT = Font(name="Calibri", size=24, bold=True, color=_DARK)
_TILE_NOTE_FONT = Font(name="Calibri", size=11, italic=True, color="404040")
_SENTENCE_FONT = Font(name="Calibri", size=15, bold=True, color=_DARK)
_LINE_FONT = Font(name="Calibri", size=11, color="000000")
_NOTE_FONT = Font(name="Calibri", size=11, italic=True, color="595959")
_CENTER = Alignment(horizontal="center", vertical="center")
_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_RIGHT = Alignment(horizontal="right", vertical="center")
_VALUE = Alignment(horizontal="right")  # on the baseline of its row, as the labels
_INDENTED = Alignment(horizontal="left", vertical="center", indent=1)
_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _tolerance(c: int) -> str:
    """What counts as 0 in a cumulative row: 1e-9 of its largest absolute value (exact
    break-even, as :data:`roi_xl.core.finance.BREAK_EVEN_TOLERANCE`)."""
    return f"1E-9*MAX(ABS(B{c}),ABS(C{c}),ABS(D{c}),ABS(E{c}))"


def under_water_formula(cumulative_row: int) -> str:
    """The last year (0..2) whose cumulative net benefit (columns B..E) is negative, or -1.

    A value within the break-even tolerance of 0 is not negative.
    """
    c, t = cumulative_row, _tolerance(cumulative_row)
    return f"=MAX(IF(B{c}<-{t},0,-1),IF(C{c}<-{t},1,-1),IF(D{c}<-{t},2,-1))"


def present_value_formula(row: int) -> str:
    """Present value of yearly flows in columns B (Initial, not discounted) .. E (Year 3)."""
    r = row
    return f"=B{r}+C{r}/(1+Discount_Rate)+D{r}/(1+Discount_Rate)^2+E{r}/(1+Discount_Rate)^3"


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
    blank = f"IFERROR({_NOTHING_YET},FALSE)"
    return (
        f'=IF(ISERROR({cell}),"Model checks cannot run: see Checks",'
        f'IF(AND({cell}=0,{blank}),"Checks not run: enter the case",'
        f'IF({cell}=0,"All model checks pass",IF({cell}=1,"1 model check fails - see Checks",'
        f'{cell}&" model checks fail - see Checks"))))'
    )


def _lookup(cells: str) -> str:
    return f"INDEX({cells},MATCH(Business_Type,{BUSINESS_TYPE_CELLS},0))"


def _money(value: str, decimals: bool = False) -> str:
    """Text of an amount in the case's currency: "$1,200" for USD, "1,200 EUR" else."""
    number = "#,##0.00" if decimals else "#,##0"
    return f'{PREFIX}&TEXT({value},"{number}")&{SUFFIX}'


def _shown(value: str) -> str:
    """A figure of the page: a dash while nothing is entered or when it is an error."""
    return f'=IF(OR({NOTHING},ISERROR({value})),"{DASH}",{value})'


def _benchmark_choices(key: str) -> str:
    """``CHOOSE`` over the business types of a text of the benchmark figures."""
    ranges = benchmark_figures()["roi_by_business_type"]
    texts = []
    for kind in BUSINESS_TYPES:
        entry = ranges[kind]
        if key == "sourced":
            texts.append("TRUE" if is_sourced(entry) else "FALSE")
            continue
        text = cited(entry) if key == "source" else entry[key]
        texts.append('"' + str(text).replace('"', '""') + '"')
    return f"CHOOSE(MATCH(Business_Type,{BUSINESS_TYPE_CELLS},0),{','.join(texts)})"


def build_summary(
    book: TemplateBook, lever_values: Sequence[tuple[str, str]], *, business_case: bool = False
) -> None:
    """The Summary sheet; ``lever_values`` are (label, 3-year value formula) for the chart.

    With ``business_case``, the page adds the model-check status, the ROI range of
    the Scenarios sheet, the feed of the handle-time gains (straight line or Erlang
    C) and the actuals to date of the Tracking sheet beside the plan.
    """
    sheet = book.sheet("Summary")
    for column in PAGE_COLUMNS:
        sheet.column_dimensions[column].width = COLUMN_WIDTH
    _workings(book, sheet, lever_values, business_case)
    _top(book, sheet, business_case)
    _tiles(book, sheet)
    _sentences(book, sheet, business_case)
    _by_year_table(book, sheet)
    _key_assumptions(book, sheet, business_case)
    if business_case:
        _to_date(book, sheet)
    else:
        _reading_notes(sheet)
    _charts(sheet, len(lever_values))
    sheet.sheet_view.showGridLines = False
    book.print_layout(sheet, area=PRINT_AREA, orientation="landscape", one_page=True)


def _text_formula(
    book: TemplateBook, sheet: Worksheet, ref: str, formula: str, font: Font, align: Alignment
) -> None:
    book.formula(sheet, ref, formula, number_format="@")
    sheet[ref].font = font
    sheet[ref].alignment = align


def _heights(sheet: Worksheet, heights: dict[int, float]) -> None:
    for row, height in heights.items():
        sheet.row_dimensions[row].height = height


def _top(book: TemplateBook, sheet: Worksheet, business_case: bool) -> None:
    sheet.merge_cells("A1:O1")
    _text_formula(
        book,
        sheet,
        "A1",
        '=IF(LEN(TRIM(Case_Name))=0,"Customer service business case",Case_Name)',
        _CASE_FONT,
        _LEFT,
    )
    sheet.merge_cells("A2:O2")
    _text_formula(
        book,
        sheet,
        "A2",
        '="Executive summary: the return on customer service over 3 years   |   "'
        f'&IF(ISNUMBER(Case_Date),TEXT(Case_Date,"d mmmm yyyy"),"Date: {DASH}")&"   |   "'
        f'&IF(LEN(TRIM(Currency))=0,"Currency: {DASH}","Figures in "&TRIM(Currency))',
        _SUBTITLE_FONT,
        _LEFT,
    )
    sheet.merge_cells("A3:O3")
    if business_case:
        _text_formula(book, sheet, "A3", checks_status(), _STATUS_FONT, _LEFT)
    _heights(sheet, {1: 34, 2: 20, 3: 20 if business_case else 8, 4: 8})


def _tiles(book: TemplateBook, sheet: Worksheet) -> None:
    """The risk-adjusted, discounted view first (TEI ROI, NPV with the PVs), then the
    undiscounted ROI, the payback and the IRR, each labelled."""
    millions = 'TEXT({}/1E6,"#,##0.0")&"M"'
    tiles = (
        (
            "ROI, risk-adjusted, discounted",
            _shown("ROI_TEI"),
            WHOLE_PERCENT,
            f'=IF({NOTHING},"enter the costs and gains",IF(ISERROR(ROI_TEI),"enter the costs",'
            '"TEI: NPV / PV of costs, gains risk-adjusted"))',
        ),
        (
            "NPV, 3 years",
            _shown("NPV_3yr"),
            MONEY,
            f'=IF(OR({NOTHING},ISERROR(NPV_3yr)),"discounted at "&TEXT(Discount_Rate,"0.0%"),'
            f'"PV benefits "&{millions.format("PV_Benefits")}&" less PV costs "'
            f'&{millions.format("PV_Costs")}&" at "&TEXT(Discount_Rate,"0%"))',
        ),
        (
            "ROI, 3 years, undiscounted",
            _shown("ROI_3yr"),
            WHOLE_PERCENT,
            f'=IF({NOTHING},"gains less costs, over costs",'
            f'"net value "&TEXT({_GAIN_SUM}-{_COST_SUM},"#,##0")&" (not discounted)")',
        ),
        (
            "Payback",
            _shown("Payback_Months"),
            styles.MONTHS,
            f'=IF({NOTHING},"gains accrue evenly within each year",'
            'IF(ISERROR(Payback_Months),"not within 3 years",'
            'IF(ISERROR(Discounted_Payback_Months),"discounted: not within 3 years",'
            '"discounted: "&TEXT(Discounted_Payback_Months,"0.0")&" months"))'
            '&"; gains accrue evenly within each year")',
        ),
        (
            "IRR, 3 years",
            _shown("IRR_3yr"),
            WHOLE_PERCENT,
            f'=IF({NOTHING},"",IF(ISERROR(IRR_3yr),"none: the net flows never change sign",'
            '"internal rate of return"))',
        ),
    )
    for (first, last), (label, value, number_format, note) in zip(TILES, tiles, strict=True):
        for row in (TILE_LABEL, TILE_VALUE, TILE_NOTE):
            sheet.merge_cells(f"{first}{row}:{last}{row}")
            for column in _columns(first, last):
                sheet[f"{column}{row}"].fill = (
                    styles.HEADER_FILL if row == TILE_LABEL else _TILE_FILL
                )
        sheet[f"{first}{TILE_LABEL}"] = label
        sheet[f"{first}{TILE_LABEL}"].font = _TILE_LABEL_FONT
        sheet[f"{first}{TILE_LABEL}"].alignment = _CENTER
        book.formula(sheet, f"{first}{TILE_VALUE}", value, number_format=number_format)
        sheet[f"{first}{TILE_VALUE}"].font = _TILE_VALUE_FONT
        sheet[f"{first}{TILE_VALUE}"].alignment = _CENTER
        _text_formula(book, sheet, f"{first}{TILE_NOTE}", note, _TILE_NOTE_FONT, _CENTER_WRAP)
    _heights(sheet, {TILE_LABEL: 22, TILE_VALUE: 48, TILE_NOTE: 30, TILE_NOTE + 1: 8})


def _sentences(book: TemplateBook, sheet: Worksheet, business_case: bool) -> None:
    one = f'{PREFIX}&"1"&{SUFFIX}'
    for row in (SENTENCE_ROW, RANGE_ROW, BENCHMARK_ROW, BREAKEVEN_ROW):
        sheet.merge_cells(f"A{row}:O{row}")
    _text_formula(
        book,
        sheet,
        f"A{SENTENCE_ROW}",
        f'=IF({NOTHING},"For every "&{one}&" invested: {DASH} (enter the costs and gains)",'
        f'IF(ISERROR(Benefit_Cost_Ratio),"For every "&{one}&" invested: {DASH} (enter the costs)",'
        f'"For every "&{one}&" invested, "&{_money("Benefit_Cost_Ratio", decimals=True)}'
        '&" comes back over 3 years."))',
        _SENTENCE_FONT,
        _LEFT,
    )
    if business_case:
        _text_formula(
            book,
            sheet,
            f"A{RANGE_ROW}",
            '="ROI range, conservative to optimistic (Scenarios sheet): "'
            f'&IF(OR({NOTHING},ISERROR(ROI_Conservative),ISERROR(ROI_Optimistic)),"{DASH}",'
            'TEXT(ROI_Conservative,"0%")&" to "&TEXT(ROI_Optimistic,"0%"))',
            _LINE_FONT,
            _LEFT,
        )
    published = (
        f'"the published range of support ROI for "&{BENCH_LABEL}&" businesses, "'
        f'&TEXT({BENCH_LOW},"0%")&" to "&TEXT({BENCH_HIGH},"0%")&" ("&{BENCH_SOURCE}&")"'
    )
    _text_formula(
        book,
        sheet,
        f"A{BENCHMARK_ROW}",
        f'=IF(ISERROR({BENCH_LOW}),"Pick a business type on the Assumptions sheet to compare '
        'this case with a published range.",'
        f'IF(NOT({BENCH_SOURCED}),"Benchmark: no published range of support ROI (with its '
        f'publisher and year) is recorded for "&{BENCH_LABEL}&" businesses, so this case is not '
        f'placed in one; the indicative "&TEXT({BENCH_LOW},"0%")&" to "&TEXT({BENCH_HIGH},"0%")'
        '&" (source not recorded) is on the Lists sheet.",'
        f'IF(OR({NOTHING},ISERROR(ROI_3yr)),"Benchmark: "&{published}&"; enter the costs and '
        'gains to place this case in it.",'
        '"At "&TEXT(ROI_3yr,"0%")&", this case\'s 3-year ROI is "&Benchmark_Position&" "'
        f'&{published}&".")))',
        _LINE_FONT,
        _WRAP,
    )
    breakeven = "Breakeven_Gains" if business_case else f"{_COST_SUM}/3"
    _text_formula(
        book,
        sheet,
        f"A{BREAKEVEN_ROW}",
        f'=IF({_COST_SUM}=0,"Break-even: {DASH} (enter the costs)",'
        f'"ROI turns positive once gains reach "&{_money(breakeven)}'
        f'&" a year (this case: "&{_money(f"{_GAIN_SUM}/3")}&" a year).")',
        _LINE_FONT,
        _LEFT,
    )
    if business_case:
        sheet.merge_cells(f"A{SPLIT_ROW}:O{SPLIT_ROW}")
        _text_formula(book, sheet, f"A{SPLIT_ROW}", split_sentence(), _LINE_FONT, _WRAP)
    _heights(
        sheet,
        {
            SENTENCE_ROW: 28,
            RANGE_ROW: 20 if business_case else 6,
            BENCHMARK_ROW: 34,
            BREAKEVEN_ROW: 20,
            SPLIT_ROW: 34 if business_case else 10,
        },
    )


def split_sentence() -> str:
    """What the gains are made of: cash against capacity (at the recapture rate), and the
    value-weighted risk adjustment of the benefits."""
    risk = (
        'IF(ISERROR(Benefits_Risk_Adjustment),"",IF(ABS(Benefits_Risk_Adjustment)<0.0005,'
        '"Benefits not risk-adjusted. ","Benefits risk-adjusted by "'
        '&TEXT(Benefits_Risk_Adjustment,"0%")&" on average (value-weighted). "))'
    )
    recapture = 'TEXT(IF(ISBLANK(Capacity_Recapture),1,Capacity_Recapture),"0%")'
    split = (
        f'"Of the gains over 3 years, "&{_money("Cash_Gains_3yr")}&" are cash and "'
        f'&{_money("Capacity_Gains_3yr")}&" agent time freed, counted at "&{recapture}'
        f'&" recapture"&IF(Capacity_Not_Counted_3yr=0,"",'
        f'" ("&{_money("Capacity_Not_Counted_3yr")}&" more not counted)")&"."'
    )
    return (
        f'=IF({NOTHING},"Cash and capacity: {DASH} (enter the costs and gains)",'
        f'{risk}&IF(OR(ISERROR(Cash_Gains_3yr),ISERROR(Capacity_Gains_3yr)),"",{split}))'
    )


def _header(sheet: Worksheet, row: int, spans: Sequence[tuple[str, str, str]]) -> None:
    """A header row of merged spans (first column, last column, title)."""
    for first, last, title in spans:
        if first != last:
            sheet.merge_cells(f"{first}{row}:{last}{row}")
        sheet[f"{first}{row}"] = title
        cells = [sheet[f"{c}{row}"] for c in _columns(first, last)]
        styles.style_header(cells)
        for cell in cells:
            cell.alignment = _LEFT if first == "A" else _INDENTED if first == "J" else _RIGHT


def _columns(first: str, last: str) -> str:
    return PAGE_COLUMNS[PAGE_COLUMNS.index(first) : PAGE_COLUMNS.index(last) + 1]


def _label(sheet: Worksheet, row: int, text: str, last: str = "C") -> None:
    sheet.merge_cells(f"A{row}:{last}{row}")
    sheet[f"A{row}"] = text


def _by_year_table(book: TemplateBook, sheet: Worksheet) -> None:
    _header(
        sheet,
        TABLE_ROW,
        (
            ("A", "C", "Costs and gains by year"),
            ("D", "D", "Initial"),
            ("E", "E", "Year 1"),
            ("F", "F", "Year 2"),
            ("G", "G", "Year 3"),
            ("H", "H", "Total"),
            ("I", "I", "PV"),
        ),
    )
    rows = (
        ("Costs", COSTS, "=PV_Costs"),
        ("Gains (attributed, risk-adjusted)", GAINS, "=PV_Benefits"),
        ("Net benefit (gains - costs)", NET, "=NPV_3yr"),
        ("Cumulative net benefit", CUMULATIVE, None),
    )
    for offset, (label, source, present) in enumerate(rows, start=1):
        row = TABLE_ROW + offset
        _label(sheet, row, label)
        for column, work in zip("DEFGH", "BCDEF", strict=True):
            if source == CUMULATIVE and column == "H":
                continue
            book.formula(sheet, f"{column}{row}", f"={work}{source}", number_format=MONEY)
        if present:
            book.formula(sheet, f"I{row}", present, number_format=MONEY)
        if source in (NET, CUMULATIVE):
            for column in "ADEFGHI":
                sheet[f"{column}{row}"].font = Font(name="Calibri", size=11, bold=True)
    _heights(sheet, {r: ROW_HEIGHT for r in range(TABLE_ROW, TABLE_ROW + 5)})
    _heights(sheet, {TABLE_ROW + 5: 12})


def _known(name: str) -> str:
    """An input as the page shows it: a dash while it is blank."""
    return f'=IF(ISBLANK({name}),"{DASH}",{name})'


def _key_assumptions(book: TemplateBook, sheet: Worksheet, business_case: bool) -> None:
    _header(
        sheet,
        KEY_ROW,
        (("A", "E", "Key assumptions"), ("F", "G", "Baseline"), ("H", "I", "Target")),
    )
    blended = (
        "=IF(AND(ISBLANK(Human_Cost_Per_Contact),ISBLANK(Automated_Cost_Per_Contact)),"
        f'"{DASH}",Deflection_Rate*Automated_Cost_Per_Contact'
        "+(1-Deflection_Rate)*Human_Cost_Per_Contact)"
    )
    rows: list[tuple[str, str, str | None, str]] = [
        ("Business type (picks the benchmark range)", f"={BENCH_LABEL}", None, "@"),
        ("Discount rate, a year", _known("Discount_Rate"), None, styles.PERCENT),
        (
            "Average handle time (minutes)",
            _known("AHT_Before_Min"),
            _known("AHT_After_Min"),
            styles.DECIMAL,
        ),
        ("First-contact resolution", _known("FCR_Before"), _known("FCR_After"), styles.PERCENT),
        (
            "Cost per contact: by a person / blended with AI",
            _known("Human_Cost_Per_Contact"),
            blended,
            "#,##0.00",
        ),
        (
            "Contacts handled by self-service or AI",
            _known("Deflection_Rate_Before") if business_case else f'="{DASH}"',
            _known("Deflection_Rate"),
            styles.PERCENT,
        ),
        ("Yearly churn", _known("Churn_Before"), _known("Churn_After"), styles.PERCENT),
    ]
    if business_case:
        rows.append(
            (
                "Handle-time gains counted as",
                f'=IF(Staffing_Feeds_Totals="{HARD_SAVINGS}","cash: agents released (Erlang C)",'
                '"capacity, "&TEXT(IF(ISBLANK(Capacity_Recapture),1,Capacity_Recapture),"0%")'
                '&" recaptured")',
                None,
                "@",
            )
        )
    for row, (label, baseline, target, number_format) in enumerate(rows, start=KEY_ROW + 1):
        _two_values(book, sheet, row, label, baseline, target, number_format, number_format)
    _heights(sheet, {r: ROW_HEIGHT for r in range(KEY_ROW, KEY_ROW + 9)})
    _heights(sheet, {KEY_ROW + 9: 12})


def _two_values(
    book: TemplateBook,
    sheet: Worksheet,
    row: int,
    label: str,
    left: str,
    right: str | None,
    left_format: str,
    right_format: str,
) -> None:
    """A labelled row of the left-hand tables: a value in F:G and, if any, one in H:I."""
    _label(sheet, row, label, "E")
    sheet.merge_cells(f"F{row}:G{row}")
    sheet.merge_cells(f"H{row}:I{row}")
    book.formula(sheet, f"F{row}", left, number_format=left_format)
    sheet[f"F{row}"].alignment = _VALUE
    if right:
        book.formula(sheet, f"H{row}", right, number_format=right_format)
        sheet[f"H{row}"].alignment = _VALUE


def _to_date(book: TemplateBook, sheet: Worksheet) -> None:
    """The Tracking sheet's figures to date beside the plan; dashes until a month is tracked."""
    sheet.merge_cells(f"A{TRACK_ROW}:E{TRACK_ROW}")
    book.formula(
        sheet,
        f"A{TRACK_ROW}",
        '=IF(ISERROR(Months_Tracked),"Actuals to date",IF(Months_Tracked>0,'
        '"Actuals to date: "&Months_Tracked&IF(Months_Tracked=1," month"," months")'
        '&" tracked","Actuals to date: no months tracked yet"))',
        number_format="@",
    )
    _header(sheet, TRACK_ROW, (("F", "G", "Actual"), ("H", "I", "Plan")))
    styles.style_header([sheet[f"{c}{TRACK_ROW}"] for c in "ABCDE"])
    tracked = "OR(ISERROR(Months_Tracked),Months_Tracked=0)"

    def actual(value: str, missing: str = DASH) -> str:
        return f'=IF({tracked},"{DASH}",IF(ISERROR({value}),"{missing}",{value}))'

    rows = (  # label, actual, its format, plan, its format
        (
            "Gains to date (realised, measured)",
            actual("Realised_Gains_To_Date"),
            MONEY,
            f'=IF({tracked},"{DASH}",Plan_Gains_To_Date)',
            MONEY,
        ),
        (
            "Costs to date",
            actual("Actual_Costs_To_Date"),
            MONEY,
            f'=IF({tracked},"{DASH}",Plan_Costs_To_Date)',
            MONEY,
        ),
        (
            "ROI to date (plan: the same months)",
            actual("Realised_ROI_To_Date"),
            WHOLE_PERCENT,
            actual("Plan_ROI_To_Date"),
            WHOLE_PERCENT,
        ),
        (
            "Payback reached in (plan: months)",
            actual("Payback_Reached_Month", "not yet"),
            "mmm yyyy",
            _shown("Payback_Months"),
            styles.MONTHS,
        ),
        (
            "3-year ROI (actual: actuals + plan)",
            actual("Forecast_ROI_3yr"),
            WHOLE_PERCENT,
            _shown("ROI_3yr"),
            WHOLE_PERCENT,
        ),
    )
    for row, (label, now, now_format, plan, plan_format) in enumerate(rows, start=TRACK_ROW + 1):
        _two_values(book, sheet, row, label, now, plan, now_format, plan_format)
    _heights(sheet, {r: ROW_HEIGHT for r in range(TRACK_ROW, TRACK_ROW + 6)})
    sheet.merge_cells(f"A{FOOTNOTE_ROW}:O{FOOTNOTE_ROW}")
    sheet[f"A{FOOTNOTE_ROW}"] = (
        "TEI ROI = NPV / PV of costs: Years 1-3 discounted, Initial not; 3-year ROI = (gains - "
        "costs) / costs, undiscounted. Gains are attributed, risk-adjusted and hold capacity at "
        "the recapture rate; payback assumes gains accrue evenly within each year; measured "
        "gains to date take no haircut."
    )
    sheet[f"A{FOOTNOTE_ROW}"].font = _NOTE_FONT
    sheet[f"A{FOOTNOTE_ROW}"].alignment = _WRAP
    _heights(sheet, {FOOTNOTE_ROW: 26})


def _reading_notes(sheet: Worksheet) -> None:
    """The stand-alone summary: how the page's figures are computed, beside the charts."""
    lines = (
        "How to read this page",
        "ROI = (gains - costs) / costs over the 3 years, undiscounted.",
        "Gains are the yearly totals typed on the Totals sheet: attributed to",
        "service and risk-adjusted. NPV and the discounted ROI discount Years 1-3",
        "at the discount rate; Initial costs are not discounted.",
        "Payback: months until the cumulative net benefit turns positive (gains accrue",
        "evenly within each year).",
    )
    for row, text in enumerate(lines, start=TRACK_ROW):
        _label(sheet, row, text, "I")
        sheet[f"A{row}"].font = _SUBTITLE_FONT if row > TRACK_ROW else _STATUS_FONT
    _heights(sheet, {r: ROW_HEIGHT for r in range(TRACK_ROW, FOOTNOTE_ROW + 1)})


def _workings(
    book: TemplateBook,
    sheet: Worksheet,
    lever_values: Sequence[tuple[str, str]],
    business_case: bool,
) -> None:
    """Everything the page reads, below the print area: named outputs and helpers."""
    sheet[f"A{WORK}"] = "Workings (not printed): the named results and the helpers of the page"
    sheet[f"A{WORK}"].font = styles.SECTION_FONT
    helpers = (
        (NOTHING, "Nothing entered yet", f"={_NOTHING_YET}", "General"),
        (
            PREFIX,
            "Currency before an amount",
            '=IF(OR(UPPER(TRIM(Currency))="USD",TRIM(Currency)="$"),"$","")',
            "@",
        ),
        (
            SUFFIX,
            "Currency after an amount",
            f'=IF(OR({PREFIX}="$",LEN(TRIM(Currency))=0),""," "&TRIM(Currency))',
            "@",
        ),
        (BENCH_LABEL, "Business type", f'=IFERROR({_benchmark_choices("label")},"{DASH}")', "@"),
        (BENCH_LOW, "Published ROI, low", f"={_lookup(BENCHMARK_LOW_CELLS)}", styles.PERCENT),
        (BENCH_HIGH, "Published ROI, high", f"={_lookup(BENCHMARK_HIGH_CELLS)}", styles.PERCENT),
        (BENCH_SOURCE, "Source of the range", f"={_benchmark_choices('source')}", "@"),
        (
            BENCH_SOURCED,
            "Range published (publisher and year)?",
            f"=IFERROR({_benchmark_choices('sourced')},FALSE)",
            "General",
        ),
    )
    for ref, label, formula, number_format in helpers:
        row = int(ref.rsplit("$", 1)[1])
        sheet[f"A{row}"] = label
        book.formula(sheet, f"B{row}", formula, number_format=number_format)

    named = (
        (
            "3-year ROI",
            "ROI_3yr",
            f"=IF({_NOTHING_YET},0,({_GAIN_SUM}-{_COST_SUM})/{_COST_SUM})",
            styles.PERCENT,
        ),
        ("Net value, 3 years", "Net_Value_3yr", f"={_GAIN_SUM}-{_COST_SUM}", styles.CURRENCY),
        ("Payback", "Payback_Months", payback_formula(NET, CUMULATIVE, UNDER_WATER), styles.MONTHS),
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
        (
            "IRR, 3 years",
            "IRR_3yr",
            # a starting guess from the flows themselves (gains over losses, spread over the
            # middle of the horizon), so that a negative IRR converges as readily as 10%;
            # an IRR near -100% (gains far smaller than costs, or all before them) converges
            # only from a guess close to it: -90%, then -99% (a rate of -100% or below is no
            # IRR: #N/A, as the core)
            f"=IF(AND(MIN(B{NET}:E{NET})<0,MAX(B{NET}:E{NET})>0),IFERROR(IRR(B{NET}:E{NET},"
            f'(SUMIF(B{NET}:E{NET},">0")/-SUMIF(B{NET}:E{NET},"<0"))^(1/2)-1),'
            f"IF(IFERROR(IRR(B{NET}:E{NET},-0.9),-2)>-1,IRR(B{NET}:E{NET},-0.9),"
            f"IF(IFERROR(IRR(B{NET}:E{NET},-0.99),-2)>-1,IRR(B{NET}:E{NET},-0.99),NA()))),NA())",
            styles.PERCENT,
        ),
        (
            "Discounted payback",
            "Discounted_Payback_Months",
            payback_formula(DISCOUNTED_NET, DISCOUNTED_CUMULATIVE, DISCOUNTED_UNDER_WATER),
            styles.MONTHS,
        ),
        (
            "Benchmark position",
            "Benchmark_Position",
            f'=IF(ROI_3yr<{BENCH_LOW},"below",IF(ROI_3yr>{BENCH_HIGH},"above","within"))',
            "@",
        ),
    )
    for row, (label, name, formula, number_format) in enumerate(named, start=NAMED_ROW):
        sheet[f"A{row}"] = label
        book.formula(sheet, f"B{row}", formula, name=name, number_format=number_format)

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
            present_value_formula(row),
            name="PV_Costs" if row == COSTS else "PV_Benefits",
            number_format=styles.CURRENCY,
        )
    sheet[f"A{NET}"] = "Net benefit (gains - costs)"
    sheet[f"A{CUMULATIVE}"] = "Cumulative net benefit"
    for index, column in enumerate("BCDE"):
        book.formula(
            sheet,
            f"{column}{NET}",
            f"={column}{GAINS}-{column}{COSTS}",
            number_format=styles.CURRENCY,
        )
        running_total(book, sheet, index, NET, CUMULATIVE)
    book.formula(sheet, f"F{NET}", f"=SUM(B{NET}:E{NET})", number_format=styles.CURRENCY)
    sheet[f"A{DISCOUNTED_NET}"] = "Discounted net benefit"
    sheet[f"A{DISCOUNTED_CUMULATIVE}"] = "Discounted cumulative"
    for index, column in enumerate("BCDE"):
        book.formula(
            sheet,
            f"{column}{DISCOUNTED_NET}",
            f"={column}{NET}/(1+Discount_Rate)^{index}" if index else f"={column}{NET}",
            number_format=styles.CURRENCY,
        )
        running_total(book, sheet, index, DISCOUNTED_NET, DISCOUNTED_CUMULATIVE)
    sheet[f"H{YEAR_ROW}"] = "Last year under water"
    for ref, row in ((UNDER_WATER, CUMULATIVE), (DISCOUNTED_UNDER_WATER, DISCOUNTED_CUMULATIVE)):
        book.formula(sheet, ref, under_water_formula(row), number_format="0")
    sheet[f"H{NET}"] = "(-1: never; helper for Payback)"
    sheet[f"H{NET}"].font = styles.NOTE_FONT

    # chart data: nothing to draw (#N/A) while nothing is entered
    sheet[f"A{CHART_ROW}"] = "Chart: benefits and costs by year"
    for column, title in zip("BCDE", ("Initial", "Year 1", "Year 2", "Year 3"), strict=True):
        sheet[f"{column}{CHART_ROW}"] = title
    series = (
        ("Benefits", GAINS, ""),
        ("Costs", COSTS, "-"),
        ("Cumulative net benefit", CUMULATIVE, ""),
    )
    for offset, (label, source, sign) in enumerate(series, start=1):
        sheet[f"A{CHART_ROW + offset}"] = label
        for column in "BCDE":
            book.formula(
                sheet,
                f"{column}{CHART_ROW + offset}",
                f"=IF({NOTHING},NA(),{sign}{column}{source})",
                number_format=styles.NUMBER,
            )
    sheet[f"A{LEVER_ROW}"] = "Gains by lever"
    sheet[f"B{LEVER_ROW}"] = "3-year value"
    styles.style_header([sheet[f"A{LEVER_ROW}"], sheet[f"B{LEVER_ROW}"]])
    for row, (label, formula) in enumerate(lever_values, start=LEVER_ROW + 1):
        sheet[f"A{row}"] = label
        book.formula(
            sheet,
            f"B{row}",
            f"=IF({NOTHING},NA(),{formula.removeprefix('=')})",
            number_format=styles.NUMBER,
        )
    del business_case  # the workings are the same in both templates


def _charts(sheet: Worksheet, levers: int) -> None:
    """Benefits and costs by year with the cumulative net cash flow; gains by lever.

    Each chart sits under a header cell of the page (the header is its title) and
    spans its cells exactly, so that it follows the page's rows and columns.
    """
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    data = Reference(sheet, min_col=1, max_col=5, min_row=CHART_ROW + 1, max_row=CHART_ROW + 2)
    bars.add_data(data, from_rows=True, titles_from_data=True)
    years = Reference(sheet, min_col=2, max_col=5, min_row=CHART_ROW)
    bars.set_categories(years)
    line = LineChart()
    line.add_data(
        Reference(sheet, min_col=1, max_col=5, min_row=CHART_ROW + 3),
        from_rows=True,
        titles_from_data=True,
    )
    line.set_categories(years)
    for series in line.series:
        series.smooth = False  # a net benefit runs straight between year ends, no curve
    bars += line
    bars.legend.position = "b"
    _axes(bars)
    bars.x_axis.tickLblPos = "low"  # the years below the bars, also below a negative one
    _header(sheet, TABLE_ROW, (("J", "O", "Benefits and costs by year, cumulative net benefit"),))
    _place(bars, TABLE_ROW + 1, LEVER_HEADER - 1)
    sheet.add_chart(bars)

    gains = BarChart()
    gains.type = "bar"
    gains.legend = None
    last = LEVER_ROW + levers
    gains.add_data(
        Reference(sheet, min_col=2, min_row=LEVER_ROW, max_row=last), titles_from_data=True
    )
    gains.set_categories(Reference(sheet, min_col=1, min_row=LEVER_ROW + 1, max_row=last))
    gains.x_axis.scaling.orientation = "maxMin"  # the first lever on top
    _axes(gains)
    # each bar says its value; no value axis to crowd (and none to show in a blank template)
    gains.y_axis.delete = True
    gains.y_axis.majorGridlines = None
    gains.dataLabels = DataLabelList(
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        numFmt="#,##0",
    )
    _header(sheet, LEVER_HEADER, (("J", "O", "Gains by lever, 3 years"),))
    _place(gains, LEVER_HEADER + 1, BAND_END + 1)
    sheet.add_chart(gains)


def _place(chart: BarChart, first_row: int, end_row: int) -> None:
    """Anchor ``chart`` over columns J..O from the top of ``first_row`` to the top of
    ``end_row`` (a small gap on the left, from the table beside it)."""
    anchor = TwoCellAnchor()
    anchor._from = AnchorMarker(col=PAGE_COLUMNS.index("J"), colOff=GAP_EMU, row=first_row - 1)
    bottom = ROW_HEIGHT * EMU_PER_POINT - GAP_EMU  # the last row is a ROW_HEIGHT row
    anchor.to = AnchorMarker(col=len(PAGE_COLUMNS), colOff=0, row=end_row - 2, rowOff=bottom)
    chart.anchor = anchor


def _axes(chart: BarChart) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    # amounts of 1,000 or more; the small steps of an empty chart (0, 2, 4 ...) say nothing
    chart.y_axis.number_format = AXIS_FORMAT


def running_total(
    book: TemplateBook, sheet: Worksheet, index: int, source: int, total: int
) -> None:
    """Timeline column ``index`` (B..E) of row ``total``: the running sum of row ``source``."""
    column = "BCDE"[index]
    previous = f"{'BCDE'[index - 1]}{total}+" if index else ""
    book.formula(
        sheet, f"{column}{total}", f"={previous}{column}{source}", number_format=styles.CURRENCY
    )

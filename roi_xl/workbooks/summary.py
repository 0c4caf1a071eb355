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
and every helper and sentence the page needs live on the hidden Summary Workings
sheet (:mod:`roi_xl.workbooks.summary_workings`), never printed: they keep the
contract's values (0 in a blank template, an Excel error where a denominator is
0) while the page shows what a reader can use. Money on
the page is in a neutral ``#,##0`` format, in the currency named at the top (a
number format cannot follow a cell, so the page names the currency instead of
printing a ``$`` that may be wrong).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from . import styles
from . import summary_workings as workings
from .book import TemplateBook
from .staffing import HARD_SAVINGS
from .status import STATUS_REF
from .summary_workings import NOTHING, build_workings

# --- the printed page: columns A..O, rows 1..PAGE_END
PAGE_COLUMNS = "ABCDEFGHIJKLMNO"
COLUMN_WIDTH = 11  # the page is as tall as it may be: columns this wide fill its width
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

DASH = "—"
#: Money on the page: thousands separated, negatives in red with a minus sign (as on every
#: sheet). A 0 reads 0: "—" is for what is not available (the formulas show it while
#: nothing is entered).
MONEY = "#,##0;[Red]-#,##0;0"
#: The value axis of the by-year chart: amounts with their 0 (the line the bars stand on).
AXIS_FORMAT = "#,##0;-#,##0;0"
#: The chart's header says the unit (a rotated axis title prints small and is read sideways);
#: a formula, so that it follows the Currency cell.
CHART_HEADER = (
    '="Benefits and costs by year, cumulative net benefit"'
    '&IF(ISBLANK(Currency),""," (in "&Currency&")")'
)
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


# --- the Scenarios sheet's flows (columns B..E): its payback and present values
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


def _shown(value: str) -> str:
    """A figure of the page: a dash while nothing is entered or when it is an error."""
    return f'=IF(OR({NOTHING},ISERROR({value})),"{DASH}",{value})'


def _unless_blank(value: str) -> str:
    """A figure of the page, or a dash while nothing is entered (a blank template)."""
    return f'=IF({NOTHING},"{DASH}",{value})'


def _words(refs: dict[str, str], key: str) -> str:
    """A sentence of the page, built on the Summary Workings sheet."""
    return f"={refs[key]}"


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
    refs = build_workings(book, lever_values, business_case)  # the hidden sheet after it
    _top(book, sheet, refs, business_case)
    _tiles(book, sheet, refs)
    _sentences(book, sheet, refs, business_case)
    _by_year_table(book, sheet)
    _key_assumptions(book, sheet, business_case)
    if business_case:
        _to_date(book, sheet)
    else:
        _reading_notes(sheet)
    _charts(sheet, book.workbook[workings.TITLE], refs, len(lever_values))
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


def _top(book: TemplateBook, sheet: Worksheet, refs: dict[str, str], business_case: bool) -> None:
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
    _text_formula(book, sheet, "A2", _words(refs, "title"), _SUBTITLE_FONT, _LEFT)
    sheet.merge_cells("A3:O3")
    if business_case:  # the status sentence of the Checks sheet, computed there once
        _text_formula(book, sheet, "A3", f"={STATUS_REF}", _STATUS_FONT, _LEFT)
    _heights(sheet, {1: 34, 2: 20, 3: 20 if business_case else 8, 4: 8})


def _tiles(book: TemplateBook, sheet: Worksheet, refs: dict[str, str]) -> None:
    """The risk-adjusted, discounted view first (TEI ROI, NPV with the PVs), then the
    undiscounted ROI, the payback and the IRR, each labelled."""
    evenly = "gains accrue evenly within each year"
    tiles = (
        (
            "ROI, risk-adjusted, discounted",
            _shown("ROI_TEI"),
            WHOLE_PERCENT,
            f'=IF({NOTHING},"enter the costs and gains",IF(ISERROR(ROI_TEI),"enter the costs",'
            '"TEI: NPV / PV of costs, gains risk-adjusted"))',
        ),
        ("NPV, 3 years", _shown("NPV_3yr"), MONEY, _words(refs, "npv_note")),
        (
            "ROI, 3 years, undiscounted",
            _shown("ROI_3yr"),
            WHOLE_PERCENT,
            f'=IF({NOTHING},"gains less costs, over costs",'
            '"net value "&FIXED(Net_Value_3yr,0)&" (not discounted)")',
        ),
        (
            "Payback",
            _shown("Payback_Months"),
            styles.MONTHS,
            f'=IF({NOTHING},"{evenly}",IF(ISERROR(Payback_Months),"not within 3 years",'
            f'{refs["discounted_payback"]})&"; {evenly}")',
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


def _sentences(
    book: TemplateBook, sheet: Worksheet, refs: dict[str, str], business_case: bool
) -> None:
    for row in (SENTENCE_ROW, RANGE_ROW, BENCHMARK_ROW, BREAKEVEN_ROW):
        sheet.merge_cells(f"A{row}:O{row}")
    _text_formula(book, sheet, f"A{SENTENCE_ROW}", _words(refs, "sentence"), _SENTENCE_FONT, _LEFT)
    if business_case:
        _text_formula(book, sheet, f"A{RANGE_ROW}", _words(refs, "range"), _LINE_FONT, _LEFT)
    _text_formula(book, sheet, f"A{BENCHMARK_ROW}", _words(refs, "benchmark"), _LINE_FONT, _WRAP)
    _text_formula(book, sheet, f"A{BREAKEVEN_ROW}", _words(refs, "breakeven"), _LINE_FONT, _LEFT)
    if business_case:
        sheet.merge_cells(f"A{SPLIT_ROW}:O{SPLIT_ROW}")
        _text_formula(
            book, sheet, f"A{SPLIT_ROW}", _words(refs, "cash_capacity"), _LINE_FONT, _WRAP
        )
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
        ("Costs", workings.COSTS, "PV_Costs"),
        ("Gains (attributed, risk-adjusted)", workings.GAINS, "PV_Benefits"),
        ("Net benefit (gains - costs)", workings.NET, "NPV_3yr"),
        ("Cumulative net benefit", workings.CUMULATIVE, None),
    )
    for offset, (label, source, present) in enumerate(rows, start=1):
        row = TABLE_ROW + offset
        _label(sheet, row, label)
        for column in "DEFGH":  # the same columns as the workings' timeline and total
            if source == workings.CUMULATIVE and column == "H":
                continue
            figure = f"{workings.SHEET}{column}{source}"
            book.formula(sheet, f"{column}{row}", _unless_blank(figure), number_format=MONEY)
        if present:
            book.formula(sheet, f"I{row}", _unless_blank(present), number_format=MONEY)
        if source in (workings.NET, workings.CUMULATIVE):
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
        (
            "Business type (picks the benchmark range)",
            f"={workings.SHEET}{workings.BENCH_LABEL}",
            None,
            "@",
        ),
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
            # a blank before rate is 0 (no deflection today), not "not available"
            "=Deflection_Rate_Before" if business_case else f'="{DASH}"',
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


def _charts(sheet: Worksheet, data: Worksheet, refs: dict[str, str], levers: int) -> None:
    """Benefits and costs by year with the cumulative net benefit; gains by lever.

    Each chart sits under a header cell of the page (the header is its title) and
    spans its cells exactly, so that it follows the page's rows and columns. The
    figures they draw are on the (hidden) Summary Workings sheet.
    """
    chart_row, lever_row = int(refs["chart_row"]), int(refs["lever_row"])
    first, last = (column_index_from_string(c) for c in (workings.YEARS[0], workings.YEARS[-1]))

    def series(offset: int, title: str) -> Series:
        values = Reference(data, min_col=first, max_col=last, min_row=chart_row + offset)
        return Series(values, title=title)

    years = Reference(data, min_col=first, max_col=last, min_row=chart_row)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.series = [series(1, "Benefits"), series(2, "Costs")]
    bars.set_categories(years)
    line = LineChart()
    line.series = [series(3, "Cumulative net benefit")]
    line.set_categories(years)
    for drawn in line.series:
        drawn.smooth = False  # a net benefit runs straight between year ends, no curve
    bars += line
    bars.legend.position = "b"
    _axes(bars)
    # the years' axis is the 0 line the bars stand on; its labels at the foot of the plot,
    # below a negative bar, not across it
    bars.x_axis.crosses = "autoZero"
    bars.x_axis.tickLblPos = "low"
    bars.x_axis.spPr = _zero_line()
    bars.visible_cells_only = False  # the figures are on a hidden sheet
    _header(sheet, TABLE_ROW, (("J", "O", CHART_HEADER),))
    _place(bars, TABLE_ROW + 1, LEVER_HEADER - 1)
    sheet.add_chart(bars)

    gains = BarChart()
    gains.type = "bar"
    gains.legend = None
    end = lever_row + levers
    total = column_index_from_string("H")  # the workings' 3-year column
    gains.add_data(
        Reference(data, min_col=total, min_row=lever_row, max_row=end), titles_from_data=True
    )
    gains.set_categories(Reference(data, min_col=1, min_row=lever_row + 1, max_row=end))
    gains.x_axis.scaling.orientation = "maxMin"  # the first lever on top
    _axes(gains)
    gains.x_axis.crosses = "autoZero"  # the levers' axis is the 0 line: a loss goes left
    gains.x_axis.spPr = _zero_line()
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
    gains.visible_cells_only = False
    _header(sheet, LEVER_HEADER, (("J", "O", "Gains by lever, 3 years, in the case's currency"),))
    _place(gains, LEVER_HEADER + 1, BAND_END + 1)
    sheet.add_chart(gains)


def _zero_line() -> GraphicalProperties:
    """A dark line for the axis that sits at 0."""
    return GraphicalProperties(ln=LineProperties(solidFill="404040", w=EMU_PER_POINT))


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

"""The ``Summary Workings`` sheet: what the Summary page reads, in labelled steps.

A hidden sheet of its own (never printed): the named results of the page
(``ROI_3yr``, ``NPV_3yr``, ``Payback_Months``, ``IRR_3yr`` ...), the costs and
gains on the case's timeline (Initial, Year 1, Year 2, Year 3 in columns D to
G, as on the Costs sheet and the page), the steps of the payback and of the
IRR, and the words of the page's sentences, each built from short, labelled
pieces. The page's cells refer here; no formula is longer than 200 characters
and none types a number but 0 and 1 (the fixed numbers are the model constants
of the Assumptions sheet, or labelled cells here with their reason).

Sentences are built without locale-dependent ``TEXT`` format codes: amounts
with ``FIXED`` (which separates thousands as the reader's Excel does),
percentages with the code ``0%`` (the same in every locale) and the case date
as year-month-day from ``YEAR``, ``MONTH`` and ``DAY``.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from ..core import BUSINESS_TYPES, benchmark_figures
from ..core.benchmarks import is_sourced
from . import styles
from .book import TemplateBook
from .lists import BENCHMARK_HIGH_CELLS, BENCHMARK_LOW_CELLS, BUSINESS_TYPE_CELLS, cited
from .timeline import TIMELINE, TITLES, discount_row, period_row, running_total

TITLE = "Summary Workings"
SHEET = f"'{TITLE}'!"
DASH = "—"
#: Initial, Year 1, Year 2, Year 3: the case's timeline (:mod:`.timeline`, D..G)
YEARS = TIMELINE

# --- the timeline
TIMELINE_HEADER = 4
PERIOD, FACTOR = 5, 6
COSTS, GAINS, NET, CUMULATIVE = 7, 8, 9, 10
DISCOUNTED_NET, DISCOUNTED_CUMULATIVE = 11, 12
UNDER_WATER, DISCOUNTED_UNDER_WATER = 13, 14
# --- payback, step by step: undiscounted in D, discounted in E
PAYBACK_HEADER = 16
ZERO_WITHIN, LAST_UNDER_WATER, SHARE_OF_YEAR, PAYBACK = 17, 18, 19, 20
# --- IRR, step by step (column D)
IRR_HEADER = 22
SIGN_CHANGE, GUESS_YEARS, GUESS_1, GUESS_2, GUESS_3 = 23, 24, 25, 26, 27
IRR_1, IRR_2, IRR_3, IRR_ROW = 28, 29, 30, 31
# --- the named results (column D)
NAMED_HEADER = 33
NAMED_ROW = NAMED_HEADER + 1
# --- helpers of the page (column D)
HELPER_HEADER = 42
NOTHING_ROW = HELPER_HEADER + 1
PREFIX_ROW, SUFFIX_ROW = NOTHING_ROW + 1, NOTHING_ROW + 2
BENCH_LABEL_ROW, BENCH_LOW_ROW, BENCH_HIGH_ROW, BENCH_SOURCE_ROW, BENCH_SOURCED_ROW = range(
    NOTHING_ROW + 3, NOTHING_ROW + 8
)
MILLION_ROW, RATIO_DECIMALS_ROW, RISK_SHOWN_ROW = range(NOTHING_ROW + 8, NOTHING_ROW + 11)
WORDS_HEADER = RISK_SHOWN_ROW + 2  # then the words of the page, one piece a row

#: References of the page (absolute, with the sheet's name).
NOTHING = f"{SHEET}$D${NOTHING_ROW}"  # TRUE while no cost and no gain is entered
PV_COSTS, PV_BENEFITS = f"{SHEET}$I${COSTS}", f"{SHEET}$I${GAINS}"


def _local(row: int, column: str = "D") -> str:
    return f"${column}${row}"


PREFIX, SUFFIX = _local(PREFIX_ROW), _local(SUFFIX_ROW)  # "$" and "" for USD; "" and " EUR"
BENCH_LABEL, BENCH_LOW, BENCH_HIGH = (
    _local(BENCH_LABEL_ROW),
    _local(BENCH_LOW_ROW),
    _local(BENCH_HIGH_ROW),
)
BENCH_SOURCE, BENCH_SOURCED = _local(BENCH_SOURCE_ROW), _local(BENCH_SOURCED_ROW)
_NOTHING = _local(NOTHING_ROW)
COST_TOTAL, GAIN_TOTAL = _local(COSTS, "H"), _local(GAINS, "H")


def money(value: str, decimals: str = "0") -> str:
    """Text of an amount in the case's currency: "$1,200" for USD, "1,200 EUR" else.

    ``FIXED`` separates thousands and decimals as the reader's Excel does (no format code).
    """
    return f"{PREFIX}&FIXED({value},{decimals})&{SUFFIX}"


def _lookup(cells: str) -> str:
    return f"INDEX({cells},MATCH(Business_Type,{BUSINESS_TYPE_CELLS},0))"


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


class Workings:
    """The sheet under construction: labelled rows, and the page's references to them."""

    def __init__(self, book: TemplateBook) -> None:
        self.book = book
        self.sheet: Worksheet = book.sheet(TITLE)
        self.sheet.sheet_state = "hidden"
        self.row = WORDS_HEADER
        #: the page's pieces of text, by key: an absolute reference with the sheet's name
        self.refs: dict[str, str] = {}

    def value(
        self,
        row: int,
        label: str,
        formula: str | float,
        number_format: str = "General",
        *,
        column: str = "D",
        name: str | None = None,
        why: str = "",
    ) -> None:
        """A labelled value in ``column`` of ``row``; a note (why) in column J."""
        self.sheet[f"A{row}"] = label
        self.book.formula(
            self.sheet, f"{column}{row}", formula, name=name, number_format=number_format
        )
        if why:
            self.note(row, why)

    def note(self, row: int, text: str) -> None:
        cell = self.sheet[f"J{row}"]
        cell.value = text
        cell.font = styles.NOTE_FONT

    def words(self, key: str, label: str, formula: str, number_format: str = "@") -> str:
        """The next row of the words of the page; returns its local reference."""
        self.row += 1
        self.value(self.row, label, formula, number_format)
        self.refs[key] = f"{SHEET}$D${self.row}"
        return _local(self.row)

    def header(self, row: int, titles: dict[str, str]) -> None:
        for column, title in titles.items():
            self.sheet[f"{column}{row}"] = title
        styles.style_header([self.sheet[f"{c}{row}"] for c in "ABCDEFGHI"])


def build_workings(
    book: TemplateBook, lever_values: Sequence[tuple[str, str]], business_case: bool
) -> dict[str, str]:
    """The sheet; returns the references of the page's pieces of text, by key."""
    w = Workings(book)
    sheet = w.sheet
    sheet["A1"] = "Summary workings"
    sheet["A1"].font = styles.TITLE_FONT
    sheet.merge_cells("A2:J2")
    sheet["A2"] = (
        "Not printed. The named results of the Summary page and the steps it is built from: "
        "the costs and gains on the case's timeline, the payback and the IRR step by step, "
        "and the pieces of the page's sentences. Change the inputs, never this sheet."
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A2"].alignment = styles.WRAP
    sheet.row_dimensions[2].height = 30
    sheet.column_dimensions["A"].width = 58
    for column in "BC":
        sheet.column_dimensions[column].width = 2
    for column in "DEFGHI":
        sheet.column_dimensions[column].width = 14
    sheet.column_dimensions["J"].width = 70

    _timeline(w)
    _payback(w)
    _irr(w)
    _named(w)
    _helpers(w)
    _words(w, business_case)
    _chart_data(w, lever_values)
    sheet.freeze_panes = "B4"
    return w.refs


def _timeline(w: Workings) -> None:
    w.header(
        TIMELINE_HEADER,
        {
            "A": "Costs and gains by year",
            **dict(zip(YEARS, TITLES, strict=True)),
            "H": "Total",
            "I": "Present value",
        },
    )
    sheet = w.sheet
    period_row(w.book, sheet, PERIOD)
    w.note(PERIOD, "Initial is not discounted; Year t is discounted t times")
    discount_row(w.book, sheet, FACTOR, PERIOD)
    rows = {
        COSTS: (
            "Costs",
            ["Total_Costs_Initial", "Total_Costs_Y1", "Total_Costs_Y2", "Total_Costs_Y3"],
        ),
        GAINS: (
            "Gains (attributed, risk-adjusted; none in Initial)",
            ["0", "Total_Gains_Y1", "Total_Gains_Y2", "Total_Gains_Y3"],
        ),
    }
    for row, (label, refs) in rows.items():
        sheet[f"A{row}"] = label
        for column, ref in zip(YEARS, refs, strict=True):
            w.book.formula(sheet, f"{column}{row}", f"={ref}", number_format=styles.CURRENCY)
        # added in turn, not by SUM (which LibreOffice adds with compensation): the totals,
        # and so ROI_3yr, agree to the last digit with the Scenarios sheet and the core
        w.book.formula(
            sheet, f"H{row}", f"=D{row}+E{row}+F{row}+G{row}", number_format=styles.CURRENCY
        )
        w.book.formula(
            sheet,
            f"I{row}",
            f"=SUMPRODUCT(D{row}:G{row},D${FACTOR}:G${FACTOR})",
            name="PV_Costs" if row == COSTS else "PV_Benefits",
            number_format=styles.CURRENCY,
        )
    sheet[f"A{NET}"] = "Net benefit (gains - costs)"
    sheet[f"A{CUMULATIVE}"] = "Cumulative net benefit"
    sheet[f"A{DISCOUNTED_NET}"] = "Discounted net benefit (net benefit x discount factor)"
    sheet[f"A{DISCOUNTED_CUMULATIVE}"] = "Discounted cumulative net benefit"
    for column in YEARS:
        w.book.formula(
            sheet,
            f"{column}{NET}",
            f"={column}{GAINS}-{column}{COSTS}",
            number_format=styles.CURRENCY,
        )
        w.book.formula(
            sheet,
            f"{column}{DISCOUNTED_NET}",
            f"={column}{NET}*{column}${FACTOR}",
            number_format=styles.CURRENCY,
        )
    for source, total in ((NET, CUMULATIVE), (DISCOUNTED_NET, DISCOUNTED_CUMULATIVE)):
        running_total(w.book, sheet, source, total)
    w.book.formula(sheet, f"H{NET}", f"=SUM(D{NET}:G{NET})", number_format=styles.CURRENCY)
    for row, (label, cumulative, column) in {
        UNDER_WATER: ("Year ends under water: its period (-1: it does not)", CUMULATIVE, "D"),
        DISCOUNTED_UNDER_WATER: (
            "Discounted: year ends under water: its period (-1: it does not)",
            DISCOUNTED_CUMULATIVE,
            "E",
        ),
    }.items():
        sheet[f"A{row}"] = label
        for year in YEARS:
            w.book.formula(
                sheet,
                f"{year}{row}",
                f"=IF({year}{cumulative}<-${column}${ZERO_WITHIN},{year}${PERIOD},-1)",
                number_format="0",
            )
    w.note(UNDER_WATER, "under water: the cumulative is below 0 by more than the zero tolerance")


def _payback(w: Workings) -> None:
    """As :func:`roi_xl.core.payback_period`: counted from the last year that ends under
    water, gains accruing evenly within each year, with its exact break-even tolerance."""
    w.header(PAYBACK_HEADER, {"A": "Payback, step by step", "D": "Undiscounted", "E": "Discounted"})
    sheet = w.sheet
    labels = {
        ZERO_WITHIN: "Zero within: zero tolerance x the largest cumulative, either sign",
        LAST_UNDER_WATER: "Last year under water, Initial to Year 2 (-1: none)",
        SHARE_OF_YEAR: "Share of the next year until the cumulative reaches 0",
        PAYBACK: "Payback, months (#N/A: still under water after Year 3)",
    }
    for row, label in labels.items():
        sheet[f"A{row}"] = label
    for column, net, cumulative, under, name in (
        ("D", NET, CUMULATIVE, UNDER_WATER, "Payback_Months"),
        (
            "E",
            DISCOUNTED_NET,
            DISCOUNTED_CUMULATIVE,
            DISCOUNTED_UNDER_WATER,
            "Discounted_Payback_Months",
        ),
    ):
        c, n = cumulative, net
        last = f"{column}{LAST_UNDER_WATER}"
        tolerance = f"{column}{ZERO_WITHIN}"
        w.book.formula(
            sheet,
            f"{column}{ZERO_WITHIN}",
            f"=Zero_Tolerance*MAX(MAX(D{c}:G{c}),-MIN(D{c}:G{c}))",
            number_format="0.0E+0",
        )
        w.book.formula(sheet, last, f"=MAX(D{under}:F{under})", number_format="0")
        # a year that ends within the tolerance of 0 pays back at its end
        w.book.formula(
            sheet,
            f"{column}{SHARE_OF_YEAR}",
            f"=IF({last}<0,0,IF(ABS(INDEX(E{c}:G{c},1,{last}+1))<={tolerance},1,"
            f"MIN(1,-INDEX(D{c}:F{c},1,{last}+1)/INDEX(E{n}:G{n},1,{last}+1))))",
            number_format="0.000",
        )
        w.book.formula(
            sheet,
            f"{column}{PAYBACK}",
            f"=IF(G{under}>0,NA(),IF({last}<0,0,({last}+{column}{SHARE_OF_YEAR})*Months_Per_Year))",
            name=name,
            number_format=styles.MONTHS,
        )
    w.note(PAYBACK, "0 when no year ends under water; months from the start of Year 1")


def _irr(w: Workings) -> None:
    """The IRR of the net flows, from three starting guesses in turn (a rate of -100% or
    below is no IRR: #N/A, as the core)."""
    w.header(IRR_HEADER, {"A": "IRR, step by step", "D": "Value"})
    flows = f"D{NET}:G{NET}"
    guess = f'(SUMIF({flows},">0")/-SUMIF({flows},"<0"))^(1/D{GUESS_YEARS})-1'
    steps = (
        (
            SIGN_CHANGE,
            "The net flows change sign (else there is no IRR)",
            f"=AND(MIN({flows})<0,MAX({flows})>0)",
            "General",
            "",
        ),
        (
            GUESS_YEARS,
            "Years between the first and the last gain",
            "=Horizon_Years-1",
            "0",
            "the first guess spreads gains over costs across these years",
        ),
        (
            GUESS_1,
            "First guess: (gains / costs) ^ (1 / those years) - 1",
            f"={guess}",
            styles.PERCENT,
            "so that a negative IRR converges as readily as a positive one",
        ),
        (
            GUESS_2,
            "Second guess, for an IRR near -100%",
            -0.9,
            styles.PERCENT,
            "gains far smaller than the costs, or all before them: Excel's IRR converges only "
            "from a guess close to the answer",
        ),
        (
            GUESS_3,
            "Third guess, closer to -100%",
            -0.99,
            styles.PERCENT,
            "the last try before the IRR is reported as none",
        ),
        (
            IRR_1,
            "IRR from the first guess",
            f"=IF(D{SIGN_CHANGE},IRR({flows},D{GUESS_1}),NA())",
            styles.PERCENT,
            "",
        ),
        (
            IRR_2,
            "IRR from the second guess (above -100%)",
            f"=IF(IRR({flows},D{GUESS_2})>-1,IRR({flows},D{GUESS_2}),NA())",
            styles.PERCENT,
            "",
        ),
        (
            IRR_3,
            "IRR from the third guess (above -100%)",
            f"=IF(IRR({flows},D{GUESS_3})>-1,IRR({flows},D{GUESS_3}),NA())",
            styles.PERCENT,
            "",
        ),
    )
    for row, label, formula, number_format, why in steps:
        w.value(row, label, formula, number_format, why=why)
    w.value(
        IRR_ROW,
        "IRR, 3 years: the first of the three that converges (#N/A: none)",
        f"=IF(D{SIGN_CHANGE},IFERROR(D{IRR_1},IFERROR(D{IRR_2},D{IRR_3})),NA())",
        styles.PERCENT,
        name="IRR_3yr",
    )


def _named(w: Workings) -> None:
    w.header(NAMED_HEADER, {"A": "Named results of the page", "D": "Value"})
    costs, gains = COST_TOTAL, GAIN_TOTAL
    first_costs = f"(D{COSTS}+E{COSTS})"
    named = (
        (
            "3-year ROI: (gains - costs) / costs",
            "ROI_3yr",
            f"=IF({_NOTHING},0,({gains}-{costs})/{costs})",
            styles.PERCENT,
        ),
        ("Net value, 3 years", "Net_Value_3yr", f"={gains}-{costs}", styles.CURRENCY),
        (
            "NPV, 3 years: PV of benefits - PV of costs",
            "NPV_3yr",
            f"=I{GAINS}-I{COSTS}",
            styles.CURRENCY,
        ),
        (
            "TEI ROI (discounted): NPV / PV of costs",
            "ROI_TEI",
            f"=IF(AND(I{COSTS}=0,I{GAINS}=0),0,NPV_3yr/I{COSTS})",
            styles.PERCENT,
        ),
        (
            "ROI, year 1 (with the initial costs)",
            "ROI_Year1",
            f"=IF(AND({first_costs}=0,E{GAINS}=0),0,(E{GAINS}-{first_costs})/{first_costs})",
            styles.PERCENT,
        ),
        (
            "Benefit-cost ratio: gains / costs",
            "Benefit_Cost_Ratio",
            f"=IF({_NOTHING},0,{gains}/{costs})",
            styles.RATIO,
        ),
        (
            "Benchmark position of the 3-year ROI",
            "Benchmark_Position",
            f'=IF(ROI_3yr<{BENCH_LOW},"below",IF(ROI_3yr>{BENCH_HIGH},"above","within"))',
            "@",
        ),
    )
    for row, (label, name, formula, number_format) in enumerate(named, start=NAMED_ROW):
        w.value(row, label, formula, number_format, name=name)
    w.note(NAMED_ROW, "0 in a blank template; the page shows a dash instead")


def _helpers(w: Workings) -> None:
    w.header(HELPER_HEADER, {"A": "Helpers of the page", "D": "Value"})
    helpers = (
        (
            NOTHING_ROW,
            "Nothing entered yet (no cost and no gain)",
            f"=AND({COST_TOTAL}=0,{GAIN_TOTAL}=0)",
            "General",
            "",
        ),
        (
            PREFIX_ROW,
            "Currency before an amount",
            '=IF(OR(UPPER(TRIM(Currency))="USD",TRIM(Currency)="$"),"$","")',
            "@",
            "",
        ),
        (
            SUFFIX_ROW,
            "Currency after an amount",
            f'=IF(OR({PREFIX}="$",LEN(TRIM(Currency))=0),""," "&TRIM(Currency))',
            "@",
            "",
        ),
        (
            BENCH_LABEL_ROW,
            "Business type",
            f'=IFERROR({_benchmark_choices("label")},"{DASH}")',
            "@",
            "",
        ),
        (
            BENCH_LOW_ROW,
            "Published ROI, low",
            f"={_lookup(BENCHMARK_LOW_CELLS)}",
            styles.PERCENT,
            "",
        ),
        (
            BENCH_HIGH_ROW,
            "Published ROI, high",
            f"={_lookup(BENCHMARK_HIGH_CELLS)}",
            styles.PERCENT,
            "",
        ),
        (BENCH_SOURCE_ROW, "Source of the range", f"={_benchmark_choices('source')}", "@", ""),
        (
            BENCH_SOURCED_ROW,
            "Range published (publisher and year)?",
            f"=IFERROR({_benchmark_choices('sourced')},FALSE)",
            "General",
            "",
        ),
        (
            MILLION_ROW,
            "One million (the M of the NPV tile's note)",
            1_000_000,
            styles.NUMBER,
            "the tile's note gives the present values in millions, as 0.8M",
        ),
        (
            RATIO_DECIMALS_ROW,
            "Decimals of the return per unit invested",
            2,
            "0",
            "the sentence reads like money: 4.00 back for 1",
        ),
        (
            RISK_SHOWN_ROW,
            "Smallest risk adjustment the page reports",
            0.0005,
            "0.00%",
            "half a percent point: below it the page's whole percent would read 0%",
        ),
    )
    for row, label, formula, number_format, why in helpers:
        w.value(row, label, formula, number_format, why=why)


def _words(w: Workings, business_case: bool) -> None:
    """The page's sentences, each from short labelled pieces (one a row)."""
    w.header(WORDS_HEADER, {"A": "Words of the page, piece by piece", "D": "Text"})
    # the title line: date year-month-day, currency
    date = w.words(
        "date",
        "Case date, year-month-day",
        '=IF(ISNUMBER(Case_Date),YEAR(Case_Date)&"-"&TEXT(MONTH(Case_Date),"00")&"-"'
        f'&TEXT(DAY(Case_Date),"00"),"Date: {DASH}")',
    )
    currency = w.words(
        "currency",
        "Currency of the figures",
        f'=IF(LEN(TRIM(Currency))=0,"Currency: {DASH}","Figures in "&TRIM(Currency))',
    )
    w.words(
        "title",
        "Title line (under the case's name)",
        '="Executive summary: the return on customer service over "&Horizon_Years'
        f'&" years   |   "&{date}&"   |   "&{currency}',
    )
    # For every $1 invested ...
    every = w.words(
        "every", "For every unit invested", f'="For every "&{PREFIX}&"1"&{SUFFIX}&" invested"'
    )
    back = w.words(
        "back",
        "Return per unit invested, as money",
        f'=IFERROR({money("Benefit_Cost_Ratio", _local(RATIO_DECIMALS_ROW))},"")',
    )
    w.words(
        "sentence",
        "Sentence: what comes back for every unit invested",
        f'=IF({_NOTHING},{every}&": {DASH} (enter the costs and gains)",'
        f'IF(ISERROR(Benefit_Cost_Ratio),{every}&": {DASH} (enter the costs)",'
        f'{every}&", "&{back}&" comes back over "&Horizon_Years&" years."))',
    )
    if business_case:
        w.words(
            "range",
            "ROI range of the Scenarios sheet",
            '="ROI range, conservative to optimistic (Scenarios sheet): "&IF(OR('
            f'{_NOTHING},ISERROR(ROI_Conservative),ISERROR(ROI_Optimistic)),"{DASH}",'
            'TEXT(ROI_Conservative,"0%")&" to "&TEXT(ROI_Optimistic,"0%"))',
        )
    # the benchmark
    low_high = w.words(
        "low_high",
        "Published range, low to high",
        f'=IFERROR(TEXT({BENCH_LOW},"0%")&" to "&TEXT({BENCH_HIGH},"0%"),"")',
    )
    published = w.words(
        "published",
        "The published range, with its source",
        f'="the published range of support ROI for "&{BENCH_LABEL}&" businesses, "'
        f'&{low_high}&" ("&{BENCH_SOURCE}&")"',
    )
    unsourced = w.words(
        "unsourced",
        "Benchmark: no published range for this business type",
        '="Benchmark: no published range of support ROI (with its publisher and year) is '
        f'recorded for "&{BENCH_LABEL}&" businesses, so this case is not placed in one; "',
    )
    unsourced_end = w.words(
        "unsourced_end",
        "Benchmark: the indicative range without its source",
        f'="the indicative "&{low_high}&" is given without a publisher or year."',
    )
    waiting = w.words(
        "waiting",
        "Benchmark: the range, before the case is entered",
        f'="Benchmark: "&{published}&"; enter the costs and gains to place this case in it."',
    )
    placed = w.words(
        "placed",
        "Benchmark: the case placed in the range",
        '=IFERROR("At "&TEXT(ROI_3yr,"0%")&", this case\'s 3-year ROI is "&Benchmark_Position'
        f'&" "&{published}&".","")',
    )
    w.words(
        "benchmark",
        "Sentence: the benchmark",
        f'=IF(ISERROR({BENCH_LOW}),"Pick a business type on the Assumptions sheet to compare '
        f'this case with a published range.",IF(NOT({BENCH_SOURCED}),{unsourced}&{unsourced_end},'
        f"IF(OR({_NOTHING},ISERROR(ROI_3yr)),{waiting},{placed})))",
    )
    # the break-even
    breakeven = "Breakeven_Gains" if business_case else f"{COST_TOTAL}/Horizon_Years"
    needed = w.words(
        "needed", "Break-even: gains a year that make the ROI 0", f"={breakeven}", styles.NUMBER
    )
    this_case = w.words(
        "this_case", "This case's gains a year", f"={GAIN_TOTAL}/Horizon_Years", styles.NUMBER
    )
    w.words(
        "breakeven",
        "Sentence: the break-even",
        f'=IF({COST_TOTAL}=0,"Break-even: {DASH} (enter the costs)",'
        f'"ROI turns positive once gains reach "&{money(needed)}'
        f'&" a year (this case: "&{money(this_case)}&" a year).")',
    )
    if business_case:
        _split_words(w)
    # the tiles' notes
    millions = [
        w.words(key, label, f'=IFERROR(FIXED({name}/{_local(MILLION_ROW)},1)&"M","")')
        for key, label, name in (
            ("pv_benefits_m", "PV of benefits, in millions", "PV_Benefits"),
            ("pv_costs_m", "PV of costs, in millions", "PV_Costs"),
        )
    ]
    w.words(
        "npv_note",
        "Note of the NPV tile",
        f'=IF(OR({_NOTHING},ISERROR(NPV_3yr)),"discounted at "&FIXED(Discount_Rate/1%,1)&"%",'
        f'"PV benefits "&{millions[0]}&" less PV costs "&{millions[1]}'
        '&" at "&TEXT(Discount_Rate,"0%"))',
    )
    w.words(
        "discounted_payback",
        "The discounted payback, in words",
        '=IF(ISERROR(Discounted_Payback_Months),"discounted: not within 3 years",'
        '"discounted: "&FIXED(Discounted_Payback_Months,1)&" months")',
    )


def _split_words(w: Workings) -> None:
    """What the gains are made of: cash against capacity (at the recapture rate), and the
    value-weighted risk adjustment of the benefits."""
    share = w.words(
        "risk_share",
        "The risk adjustment, as a whole percent",
        '=IFERROR(TEXT(Benefits_Risk_Adjustment,"0%"),"")',
    )
    risk = w.words(
        "risk",
        "The risk adjustment, in words",
        '=IF(ISERROR(Benefits_Risk_Adjustment),"",IF(ABS(Benefits_Risk_Adjustment)<'
        f'{_local(RISK_SHOWN_ROW)},"Benefits not risk-adjusted. ","Benefits risk-adjusted by "'
        f'&{share}&" on average (value-weighted). "))',
    )
    recapture = w.words(
        "recapture",
        "Capacity recapture (blank counts 100%)",
        '=TEXT(IF(ISBLANK(Capacity_Recapture),1,Capacity_Recapture),"0%")',
    )
    cash, capacity, more = (
        w.words(key, label, f'=IFERROR({money(name)},"")')
        for key, label, name in (
            ("cash", "Cash gains over 3 years, as money", "Cash_Gains_3yr"),
            ("capacity", "Capacity gains over 3 years, as money", "Capacity_Gains_3yr"),
            ("not_counted", "Capacity not counted, as money", "Capacity_Not_Counted_3yr"),
        )
    )
    not_counted = w.words(
        "more",
        "Capacity not counted, in words",
        f'=IF(IFERROR(Capacity_Not_Counted_3yr=0,TRUE),""," ("&{more}&" more not counted)")',
    )
    split = w.words(
        "split",
        "Cash against capacity, in words",
        f'="Of the gains over 3 years, "&{cash}&" are cash and "&{capacity}'
        f'&" agent time freed, counted at "&{recapture}&" recapture"&{not_counted}&"."',
    )
    w.words(
        "cash_capacity",
        "Sentence: cash and capacity",
        f'=IF({_NOTHING},"Cash and capacity: {DASH} (enter the costs and gains)",'
        f'{risk}&IF(OR(ISERROR(Cash_Gains_3yr),ISERROR(Capacity_Gains_3yr)),"",{split}))',
    )


CHART_HEADER_OFFSET = 2  # rows between the last words and the chart data


def _chart_data(w: Workings, lever_values: Sequence[tuple[str, str]]) -> None:
    """What the two charts of the page draw: nothing (#N/A) while nothing is entered."""
    sheet = w.sheet
    row = w.row + CHART_HEADER_OFFSET
    w.refs["chart_row"] = str(row)
    w.header(
        row,
        {
            "A": "Chart: benefits and costs by year",
            **dict(zip(YEARS, TITLES, strict=True)),
        },
    )
    series = (
        ("Benefits", GAINS, ""),
        ("Costs", COSTS, "-"),
        ("Cumulative net benefit", CUMULATIVE, ""),
    )
    for offset, (label, source, sign) in enumerate(series, start=1):
        sheet[f"A{row + offset}"] = label
        for column in YEARS:
            w.book.formula(
                sheet,
                f"{column}{row + offset}",
                f"=IF({_NOTHING},NA(),{sign}{column}{source})",
                number_format=styles.NUMBER,
            )
    lever_row = row + len(series) + 2
    w.refs["lever_row"] = str(lever_row)
    w.header(lever_row, {"A": "Chart: gains by lever", "H": "3 years"})
    for line, (label, formula) in enumerate(lever_values, start=lever_row + 1):
        sheet[f"A{line}"] = label
        w.book.formula(
            sheet,
            f"H{line}",
            f"=IF({_NOTHING},NA(),{formula.removeprefix('=')})",
            number_format=styles.NUMBER,
        )

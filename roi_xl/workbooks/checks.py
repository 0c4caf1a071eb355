"""The ``Checks`` sheet of the business case: the checks a model reviewer runs.

One row per check of :func:`roi_xl.core.model_checks`, in its order: what is
checked, where to fix it, the status, a 0/1 flag, and what to do when it
fails. ``Checks_Failed`` sums the flags over a block with room for more rows
(a later sheet may add its own checks below), and the Summary and Start Here
show it at the top.
"""

from __future__ import annotations

from itertools import pairwise

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries

from ..core.checks import AFTER_VERSUS_BEFORE, INPUT_KINDS, RECONCILE_TOLERANCE, TOTALS
from ..core.tracking import MONTHS_PER_YEAR
from . import styles
from .assumptions import ALL_ASSUMPTIONS
from .book import TemplateBook
from .costs import HEADER_ROW as COST_HEADER_ROW
from .gains import (
    ATTRIBUTION_ROW,
    BESIDE_COLUMN,
    FIRST_LEVER_ROW,
    GAIN_LINES_HEADER_ROW,
    OTHER_TOTAL_ROW,
    YEAR_COLUMNS,
)
from .levers import COUNTS_AS_COLUMN, REALISATION_COLUMNS, RISK_COLUMN, SHARE_COLUMN
from .staffing import INPUTS as STAFFING_INPUTS
from .status import STATUS_CELL
from .tracking import (
    BY_MONTH_ROWS,
    COL,
    FIRST_MONTH_ROW,
    FORECAST_ROW,
    LAST_MONTH_ROW,
    MONTHS_SHEET,
    ROWS_COLUMN,
)

HEADER = 7
FIRST_CHECK = HEADER + 1
#: Rows the Checks_Failed sum covers: the checks here and room for more below them.
CAPACITY = 100
#: The steps of the status sentence: beside the list, out of the printed columns A..E.
STEPS_COLUMN, STEPS_VALUE = "G", "H"
#: The checks' workings (figures recomputed another way), below the rows the sum covers,
#: on the case's timeline: Initial, Year 1, Year 2, Year 3 in D..G, the 3 years in H.
WORK_ROW = FIRST_CHECK + CAPACITY + 2
YEARS = "DEFG"
#: Rows below a table (and the column beside it) where a typed amount would be missed.
BELOW = 40

_LABELS = {a.name: a.label for a in ALL_ASSUMPTIONS}
_LABELS |= {name: label for name, label, *_ in STAFFING_INPUTS}
_LABELS["Staffing_Feeds_Totals"] = "Which feeds the handle-time line of the totals"


def _input_check(name: str, kind: str | tuple[str, ...]) -> tuple[str, str]:
    """(0/1 formula, what to do) for one named input."""
    if isinstance(kind, tuple):
        allowed = ",".join(f'{name}="{word}"' for word in kind)
        return (
            f"=IF(ISBLANK({name}),0,IF(ISNUMBER({name}),1,IF(OR({allowed}),0,1)))",
            f"pick one of: {', '.join(kind)}",
        )
    if kind == "days":
        return (
            f"=IF(ISBLANK({name}),0,IF(ISNUMBER({name}),IF(OR({name}<1,{name}>Days_Per_Week),1,0),1))",
            "enter the days a week, from 1 to 7",
        )
    if kind == "rate":
        return (
            f"=IF(ISBLANK({name}),0,IF(ISNUMBER({name}),IF(OR({name}<0,{name}>1),1,0),1))",
            "enter a fraction between 0 and 1 (40% is 0.4; 40 is 4,000%)",
        )
    return (
        f"=IF(ISBLANK({name}),0,IF(ISNUMBER({name}),IF({name}<0,1,0),1))",
        "enter a number of 0 or more",
    )


def _outside(ref: str, high: bool) -> str:
    """More than 0 when a cell of ``ref`` holds text, a negative number or (``high``) more
    than 1 (text compares above every number: it may count twice, never zero times)."""
    return f"SUMPRODUCT(ISTEXT({ref})+({ref}<0)" + (f"+({ref}>1))" if high else ")")


def build_checks(book: TemplateBook, *, cost_rows: int, gain_rows: int) -> None:
    """The Checks sheet for a business case with these table sizes."""
    sheet = book.sheet("Checks")
    sheet["A1"] = "Model checks"
    sheet["A1"].font = styles.TITLE_FONT
    sheet["A2"] = (
        "Each row checks one thing a model reviewer checks. FAIL: fix it where the row says. "
        "Warning: an after value worse than its before; confirm it or fix it."
    )
    sheet["A2"].font = styles.NOTE_FONT
    sheet["A4"] = "Checks that fail"
    sheet["A4"].font = styles.SECTION_FONT
    last_row = FIRST_CHECK + CAPACITY - 1
    book.formula(
        sheet, "B4", f"=SUM(D{FIRST_CHECK}:D{last_row})", name="Checks_Failed", number_format="0"
    )
    sheet["B4"].font = styles.SECTION_FONT
    _status(book, sheet)

    rows: list[tuple[str, str, str, str, bool]] = []  # what, where, 0/1, what to do, warning
    for name, kind in INPUT_KINDS.items():
        formula, action = _input_check(name, kind)
        where = "Staffing" if name in _STAFFING_NAMES else "Assumptions"
        rows.append(
            (f"{_LABELS.get(name, name)}: within its allowed range", where, formula, action, False)
        )
    for before, after, direction, label in AFTER_VERSUS_BEFORE:
        worse = f"{after}>{before}" if direction == "higher" else f"{after}<{before}"
        rows.append(
            (
                f"{label}: after is not worse than before",
                "Assumptions",
                f"=IF(OR(ISBLANK({before}),ISBLANK({after})),0,IF({worse},1,0))",
                f"after is {'higher' if direction == 'higher' else 'lower'} than before: "
                "the lever counts a loss; confirm it or correct the input",
                True,
            )
        )
    first_cost, last_cost = COST_HEADER_ROW + 1, COST_HEADER_ROW + cost_rows
    rows.append(
        (
            "Cost lines: amounts of 0 or more, risk between 0% and 100%",
            "Costs (the cost table)",
            f"=IF({_outside(f'Costs!D{first_cost}:G{last_cost}', False)}"
            f"+{_outside(f'Costs!H{first_cost}:H{last_cost}', True)}>0,1,0)",
            "correct the negative, text or out-of-range amounts in the table",
            False,
        )
    )
    rows.append(
        (
            "Nothing typed beside or below the cost table (the totals would leave it out)",
            "Costs",
            f"=IF(COUNTA(Costs!A{last_cost + 1}:I{last_cost + BELOW})"
            f"+COUNTA(Costs!J{first_cost}:J{last_cost})>0,1,0)",
            "move it into the table: insert rows inside the table (above its last row)",
            False,
        )
    )
    first_gain, last_gain = GAIN_LINES_HEADER_ROW + 1, GAIN_LINES_HEADER_ROW + gain_rows
    share, risk = SHARE_COLUMN, RISK_COLUMN  # side by side
    levers = f"Gains!{share}{FIRST_LEVER_ROW}:{risk}{ATTRIBUTION_ROW}"
    table = f"Gains!{share}{first_gain}:{risk}{last_gain}"
    rows.append(
        (
            "Attribution share and risk adjustment between 0% and 100%",
            "Gains",
            f"=IF({_outside(levers, True)}+{_outside(table, True)}>0,1,0)",
            "enter fractions between 0 and 1",
            False,
        )
    )
    ramp, end = REALISATION_COLUMNS[0], REALISATION_COLUMNS[-1]
    levers = f"Gains!{ramp}{FIRST_LEVER_ROW}:{end}{ATTRIBUTION_ROW}"
    table = f"Gains!{ramp}{first_gain}:{end}{last_gain}"
    counts_as = [
        f"Gains!{COUNTS_AS_COLUMN}{FIRST_LEVER_ROW}:{COUNTS_AS_COLUMN}{ATTRIBUTION_ROW}",
        f"Gains!{COUNTS_AS_COLUMN}{first_gain}:{COUNTS_AS_COLUMN}{last_gain}",
    ]
    rows.append(
        (
            "Realisation between 0% and 100% (above 100% counts more than the gain)",
            "Gains",
            f"=IF({_outside(levers, True)}+{_outside(table, True)}>0,1,0)",
            "enter the share of the gain realised in each year, at most 100%",
            False,
        )
    )
    rows.append(
        (
            "Gain lines: gross values of 0 or more",
            "Gains (the gain-lines table)",
            f"=IF({_outside(f'Gains!C{first_gain}:C{last_gain}', False)}>0,1,0)",
            "correct the negative or text values in the table",
            False,
        )
    )
    rows.append(
        (
            "Every gain line counts as cash or capacity (blank: by its category)",
            "Gains",
            "=IF("
            + "+".join(
                f'SUMPRODUCT(({ref}<>"")*({ref}<>"cash")*({ref}<>"capacity"))' for ref in counts_as
            )
            + ">0,1,0)",
            "type cash (money that leaves the budget or arrives) or capacity (agent time freed)",
            False,
        )
    )
    rows.append(
        (
            "Nothing typed beside or below the gain-lines table (the totals would leave it out)",
            "Gains",
            f"=IF(COUNTA(Gains!A{last_gain + 1}:{BESIDE_COLUMN}{last_gain + BELOW})"
            f"+COUNTA(Gains!{BESIDE_COLUMN}{first_gain}:{BESIDE_COLUMN}{last_gain})>0,1,0)",
            "move it into the table: insert rows inside the table (above its last row)",
            False,
        )
    )
    errors = ",".join(f"ISERROR({name})" for name in TOTALS)
    rows.append(
        (
            "No error value in a total of costs or gains",
            "Costs, Gains",
            f"=IF(OR({errors}),1,0)",
            "find the cell with the error (#DIV/0!, #VALUE!) above the total and fix its input",
            False,
        )
    )
    rows += _reconciling()

    rows += _staffing_checks()

    if "Tracking" in book.workbook.sheetnames:
        rows += _tracking_checks(book)

    titles = ("What is checked", "Where to fix it", "Status", "Fails", "What to do")
    for column, title in enumerate(titles, start=1):
        sheet.cell(HEADER, column, title)
    styles.style_header([sheet.cell(HEADER, c) for c in range(1, len(titles) + 1)])
    red = Font(color="C00000", bold=True)
    for row, (what, where, formula, action, warning) in enumerate(rows, start=FIRST_CHECK):
        sheet[f"A{row}"] = what
        sheet[f"B{row}"] = where
        # a long check wraps inside its column, not over the next; where to fix it set off
        # from a line of the check that fills its column
        sheet[f"A{row}"].alignment = styles.WRAP
        sheet[f"B{row}"].alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="left", indent=1
        )
        # an error inside a check (an error value in an input) counts as a failure
        book.formula(sheet, f"D{row}", f"=IFERROR({formula[1:]},1)", number_format="0")
        status = "warning" if warning else "FAIL"
        book.formula(
            sheet,
            f"C{row}",
            f'=IF(D{row}=1,"{status}","ok")',
            number_format="@",
        )
        book.formula(sheet, f"E{row}", f'=IF(D{row}=0,"","{action}")', number_format="@")
        sheet[f"E{row}"].font = styles.NOTE_FONT
        for column in "CDE":  # level with the first line of a wrapped check
            sheet[f"{column}{row}"].alignment = Alignment(vertical="top")
    last_check = FIRST_CHECK + len(rows) - 1
    sheet.conditional_formatting.add(
        f"C{FIRST_CHECK}:C{last_check}", FormulaRule(formula=[f"$D{FIRST_CHECK}=1"], font=red)
    )
    sheet[f"A{FIRST_CHECK + len(rows) + 1}"] = (
        f"The count of checks that fail (top of the sheet) covers the Fails column down to "
        f"row {last_row}: add more checks above that row."
    )
    sheet[f"A{FIRST_CHECK + len(rows) + 1}"].font = styles.NOTE_FONT
    for column, width in {"A": 70, "B": 30, "C": 10, "D": 8, "E": 80}.items():
        sheet.column_dimensions[column].width = width
    for column, width in {"F": 4, STEPS_COLUMN: 46, STEPS_VALUE: 34}.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{FIRST_CHECK}"
    _workings(book, sheet, first_cost, last_cost)
    # the list runs over two pages; the steps and workings beside and below it are not printed
    book.print_layout(
        sheet, area=f"A1:E{FIRST_CHECK + len(rows) + 1}", title_rows=f"{HEADER}:{HEADER}"
    )


def _status(book: TemplateBook, sheet) -> None:
    """The status sentence in steps: whether the case is entered, the failures in words."""
    from .summary_workings import NOTHING  # no cost and no gain entered yet

    steps = STEPS_COLUMN, STEPS_VALUE
    sheet[f"{steps[0]}3"] = "Steps of the status sentence (not printed)"
    styles.style_header([sheet[f"{c}3"] for c in steps])
    sheet[f"{steps[0]}4"] = "Not run: nothing entered yet and nothing fails"
    book.formula(
        sheet, f"{steps[1]}4", f"=IFERROR(AND(B4=0,{NOTHING}),FALSE)", number_format="General"
    )
    sheet[f"{steps[0]}5"] = "Checks that fail, in words"
    book.formula(
        sheet,
        f"{steps[1]}5",
        '=IF(B4=1,"1 model check fails",B4&" model checks fail")&" - see Checks"',
        number_format="@",
    )
    book.formula(
        sheet,
        STATUS_CELL,
        f'=IF(ISERROR(B4),"Model checks cannot run: see Checks",IF({steps[1]}4,'
        f'"Checks not run: enter the case",IF(B4=0,"All model checks pass",{steps[1]}5)))',
        number_format="@",
    )


def differ(a: str, b: str) -> str:
    """1 when two figures differ by more than the reconciling tolerance, else 0.

    ``Check_Tolerance`` (a model constant) is :data:`roi_xl.core.checks.RECONCILE_TOLERANCE`.
    An error in either is not judged here (the check of the totals reports it).
    """
    return f"IFERROR(IF(ABS(({a})-({b}))>Check_Tolerance*MAX(1,ABS({a}),ABS({b})),1,0),0)"


def _any(first: str, last: str | None = None) -> str:
    """1 when a flag of the checks' workings is set (one cell, or a block of them)."""
    cells = f"{first}:{last}" if last else first
    return f"=IF(SUM({cells})>0,1,0)"


# the rows of the checks' workings (below the list, not printed)
(
    _PERIOD,
    _COSTS,
    _GAINS,
    _TABLE_COSTS,
    _TABLE_GAINS,
    _TABLE_NET,
    _LINES,
    _NET,
    _DISCOUNTED,
    _NET_VALUE,
    _NPV_FLOWS,
    _NPV_PVS,
    _EXPECTED_ROI,
    _EXPECTED_NPV,
) = range(WORK_ROW + 1, WORK_ROW + 15)


def _workings(book: TemplateBook, sheet, first_cost: int, last_cost: int) -> None:
    """The figures the reconciling checks recompute another way, and their 0/1 flags.

    On the case's timeline (Initial, Year 1..3 in D..G; H for the 3 years), below the
    rows the count of failing checks covers, out of the print area.
    """
    from .summary import COST_TABLE_ROW, GAIN_TABLE_ROW, NET_TABLE_ROW  # the page's table

    sheet[f"A{WORK_ROW}"] = (
        "Workings of the checks (not printed): each figure recomputed another way; a flag "
        f"is 1 where the two differ by more than {RECONCILE_TOLERANCE:.0E} of the larger "
        "(Check_Tolerance)"
    )
    titles = ("Initial", "Year 1", "Year 2", "Year 3", "3 years")
    for column, title in zip("DEFGH", titles, strict=True):
        sheet[f"{column}{WORK_ROW}"] = title
    styles.style_header([sheet[f"{c}{WORK_ROW}"] for c in "ABCDEFGH"])
    gain_columns = dict(zip(YEARS[1:], YEAR_COLUMNS, strict=True))  # Gains: Year 1..3
    by_year: dict[int, tuple[str, dict[str, str]]] = {
        _PERIOD: ("Period (years from the start)", {"D": "0"}),
        _COSTS: (
            "Costs from the cost lines: amount x (1 + risk)",
            {
                c: f"SUMPRODUCT(Costs!{c}{first_cost}:{c}{last_cost},"
                f"1+Costs!$H${first_cost}:$H${last_cost})"
                for c in YEARS  # the cost table's Initial..Year 3 are in D..G too
            },
        ),
        _GAINS: (
            "Gains from the levers, attribution and other gain lines (none in Initial)",
            {
                c: f"SUM(Gains!{g}{FIRST_LEVER_ROW}:{g}{ATTRIBUTION_ROW})"
                f"+Gains!{g}{OTHER_TOTAL_ROW}"
                for c, g in gain_columns.items()
            },
        ),
        _TABLE_COSTS: (
            "Flag: the Summary's costs differ",
            {c: differ(f"Summary!{c}{COST_TABLE_ROW}", f"{c}{_COSTS}") for c in YEARS},
        ),
        _TABLE_GAINS: (
            "Flag: the Summary's gains differ",
            {c: differ(f"Summary!{c}{GAIN_TABLE_ROW}", f"{c}{_GAINS}") for c in YEARS[1:]},
        ),
        _TABLE_NET: (
            "Flag: the Summary's net benefit differs from its gains - costs",
            {
                c: differ(
                    f"Summary!{c}{NET_TABLE_ROW}",
                    f"Summary!{c}{GAIN_TABLE_ROW}-Summary!{c}{COST_TABLE_ROW}",
                )
                for c in YEARS
            },
        ),
        _LINES: (
            "Flag: the total gains of the year differ from the lines",
            {c: differ(f"Total_Gains_Y{t}", f"{c}{_GAINS}") for t, c in enumerate(YEARS[1:], 1)},
        ),
        _NET: (
            "Net benefit from the yearly totals",
            {
                "D": "-Total_Costs_Initial",
                **{
                    c: f"Total_Gains_Y{t}-Total_Costs_Y{t}"
                    for t, c in enumerate(YEARS[1:], start=1)
                },
                "H": f"SUM(D{_NET}:G{_NET})",
            },
        ),
        _DISCOUNTED: (
            "Discounted: net benefit / (1 + discount rate) ^ period",
            {
                **{c: f"{c}{_NET}/(1+Discount_Rate)^{c}${_PERIOD}" for c in YEARS},
                "H": f"SUM(D{_DISCOUNTED}:G{_DISCOUNTED})",
            },
        ),
        _NET_VALUE: ("Flag: the net value differs", {"H": differ("Net_Value_3yr", f"H{_NET}")}),
        _NPV_FLOWS: (
            "Flag: the NPV differs from the discounted flows",
            {"H": differ("NPV_3yr", f"H{_DISCOUNTED}")},
        ),
        _NPV_PVS: (
            "Flag: the NPV differs from PV of benefits - PV of costs",
            {"H": differ("NPV_3yr", "PV_Benefits-PV_Costs")},
        ),
        _EXPECTED_ROI: (
            "Flag: the Scenarios sheet's expected ROI differs from the base case",
            {"H": differ("ROI_Expected", "ROI_3yr")},
        ),
        _EXPECTED_NPV: (
            "Flag: the Scenarios sheet's expected NPV differs from the base case",
            {"H": differ("NPV_Expected", "NPV_3yr")},
        ),
    }
    for row, (label, cells) in by_year.items():
        sheet[f"A{row}"] = label
        for column, formula in cells.items():
            flag = label.startswith("Flag")
            if row == _PERIOD and column != "D":
                continue
            book.formula(
                sheet,
                f"{column}{row}",
                formula if formula == "0" else f"={formula}",
                number_format="0" if flag or row == _PERIOD else styles.CURRENCY,
            )
    for before, column in pairwise(YEARS):
        book.formula(sheet, f"{column}{_PERIOD}", f"={before}{_PERIOD}+1", number_format="0")
    book.formula(sheet, f"D{_PERIOD}", 0, number_format="0")


def _reconciling() -> list[tuple[str, str, str, str, bool]]:
    """The checks that the figures add up: each recomputes a total another way.

    A total overwritten by a typed number, or a row left out of a sum, makes its
    check fail (as :func:`roi_xl.core.checks.model_checks`, where the first two are
    checked on the sheet only). The figures and their flags are in the checks'
    workings below the list.
    """
    return [
        (
            "Summary: the costs and gains by year are the Costs and Gains sheets' totals "
            "(and net = gains - costs)",
            "Summary",
            _any(f"D{_TABLE_COSTS}", f"G{_TABLE_NET}"),
            "a figure of the Summary's table was typed over or no longer adds up: rebuild "
            "the workbook or restore the formula",
            False,
        ),
        (
            "Gains: the gain lines add up to the total gains of each year",
            "Gains",
            _any(f"E{_LINES}", f"G{_LINES}"),
            "a total was typed over or leaves a line out: restore the total's formula",
            False,
        ),
        (
            "Net value = gains - costs over the 3 years",
            "Summary",
            _any(f"H{_NET_VALUE}"),
            "the net value was typed over: restore its formula (Summary Workings sheet)",
            False,
        ),
        (
            "NPV = PV of benefits - PV of costs, from the yearly totals",
            "Summary",
            _any(f"H{_NPV_FLOWS}", f"H{_NPV_PVS}"),
            "the NPV or a present value was typed over: restore its formula (Summary "
            "Workings sheet)",
            False,
        ),
        (
            "Scenarios: the expected column is the base case (ROI and NPV)",
            "Scenarios",
            _any(f"H{_EXPECTED_ROI}", f"H{_EXPECTED_NPV}"),
            "set the Expected multipliers to 100% (or the Summary's case is not the "
            "expected one), or restore a typed-over figure",
            False,
        ),
    ]


_STAFFING_NAMES = {name for name, *_ in STAFFING_INPUTS} | {"Staffing_Feeds_Totals"}


def _staffing_checks() -> list[tuple[str, str, str, str, bool]]:
    """The cost basis and the hourly profile (issue 20), as
    :func:`roi_xl.core.checks.staffing_checks`: the labour in a contact costs no more than
    the contact, and the 24 shares of a day add up to 100%."""
    return [
        (
            "Labour cost of a contact (AHT before x cost of a handle hour) is at most the cost "
            "of a contact handled by a person",
            "Assumptions",
            "=IF(ISBLANK(Human_Cost_Per_Contact),0,"
            "IF(AHT_Before_Min/Minutes_Per_Hour*Cost_Per_Handle_Hour>Human_Cost_Per_Contact,1,0))",
            "the agent time in a contact costs more than the whole contact: correct the cost "
            "per contact, the agent cost, paid hours, shrinkage or occupancy",
            False,
        ),
        (
            "The hourly shares of a day add up to 100%",
            "Staffing (hour by hour)",
            "=IF(ABS(SUM(HourProfile)-1)>Check_Tolerance,1,0)",
            "correct the shares of the day on the Staffing sheet",
            False,
        ),
    ]


def _tracking_checks(book: TemplateBook) -> list[tuple[str, str, str, str, bool]]:
    """The checks of the Tracking sheet's monthly actuals table and its outputs.

    The table's ranges are plain references: they grow with rows inserted
    inside the table, as the month-by-month sheet's sums do.
    """
    sheet = book.workbook["Tracking"]
    _, header, _, last = range_boundaries(sheet.tables["MonthlyActuals"].ref)
    first = header + 1

    def column(name: str, to: str = "") -> str:
        c = COL[name]
        return f"Tracking!${c}${first}:${COL[to] if to else c}${last}"

    month = column("Month")
    figures = column("Actual Costs", "Customers")  # every figure of the table
    rates = column("FCR", "Escalation Rate")
    # each row of the month-by-month sheet counts the table's rows dated in its month
    counted = f"{MONTHS_SHEET}!${ROWS_COLUMN}${FIRST_MONTH_ROW}:${ROWS_COLUMN}${LAST_MONTH_ROW}"
    contacts, automated = column("Contacts"), column("Automated Contacts")
    beside = get_column_letter(len(COL) + 1)
    # Months_Tracked, Actual_Costs_To_Date, Realised_Gains_To_Date (Tracking!B7:B9) are the
    # table's own; the plan's totals (B15:C15) have their own check; the figures that follow
    # the plan (planned gains to date, the forecast in B16:C16) are checked when those agree
    own = "OR(ISERROR(SUM(Tracking!$B$7:$B$9)),ISERR(Payback_Reached_Month))"
    totals = f"ISERROR(SUM(Tracking!$B${FORECAST_ROW - 1}:$C${FORECAST_ROW - 1}))"
    planned = f"ISERROR(SUM(Planned_Gains_To_Date,Tracking!$B${FORECAST_ROW}:$C${FORECAST_ROW}))"
    years = BY_MONTH_ROWS // MONTHS_PER_YEAR
    return [
        (
            f"Tracking: every month a date in the {years} years from the go-live month on, "
            "and the go-live month set",
            "Tracking (monthly actuals)",
            # a date outside those years, or any date without a go-live month, is not counted
            f"=IF(SUMPRODUCT(--ISTEXT({month}))+COUNT({month})-SUM({counted})>0,1,0)",
            f"a month before the go-live month or {years} years or more after it is left out "
            "of every figure: correct the month or the go-live month",
            False,
        ),
        (
            "Tracking: no month entered twice",
            "Tracking (monthly actuals)",
            f'=IF(COUNTIF({counted},">1")>0,1,0)',
            "keep one row a month: the figures of both rows would count",
            False,
        ),
        (
            "Tracking: every row with figures has its month",
            "Tracking (monthly actuals)",
            f'=IF(SUMPRODUCT(({month}="")*({figures}<>""))>0,1,0)',
            "type the month in the Month column: a row without one counts nowhere",
            False,
        ),
        (
            "Tracking: figures of 0 or more, FCR and escalation rate between 0% and 100%",
            "Tracking (monthly actuals)",
            f"=IF(SUMPRODUCT(--ISTEXT({figures}))+SUMPRODUCT(--({figures}<0))"
            f"+SUMPRODUCT(--({rates}>1))>0,1,0)",
            "correct the negative, text or out-of-range figures in the table",
            False,
        ),
        (
            "Tracking: automated contacts at most the contacts of their month",
            "Tracking (monthly actuals)",
            f'=IF(SUMPRODUCT(({contacts}<>"")*({automated}<>"")*({automated}>{contacts}))>0,1,0)',
            "a month has more automated contacts than contacts: the deflection rate would "
            "exceed 100%; correct one of the two",
            False,
        ),
        (
            "Nothing typed beside or below the monthly actuals table (the figures would leave "
            "it out)",
            "Tracking",
            f"=IF(COUNTA(Tracking!A{last + 1}:{beside}{last + BELOW})"
            f"+COUNTA(Tracking!{beside}{first}:{beside}{last})>0,1,0)",
            "move it into the table: insert rows inside the table (above its last row)",
            False,
        ),
        (
            "No error value in a tracking figure",
            "Tracking, Assumptions",
            f"=IF({own},1,IF({totals},0,IF({planned},1,0)))",
            "an error in a figure of the table or a before value of 0 (FCR before): fix the "
            "input named by the error",
            False,
        ),
    ]

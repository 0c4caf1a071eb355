"""The native Excel formula of each lever: written here once, used wherever it appears.

Each formula is the formula of the matching core function over the
Assumptions names, with the double-counting guard: each lever applies only to
the contacts the levers before it leave (deflection, then FCR on the contacts
after deflection, then handle time and escalations on the contacts people
still handle, ``Contacts_Handled_After``), as
:func:`roi_xl.core.lever_gains`. Blank inputs count as 0; the FCR lever is 0
and the FCR factor 1 until both rates are filled in (1 / blank would be an
error), and ``#DIV/0!`` when one is 0.
"""

from __future__ import annotations

from .attribution import INCLUDE_SWITCH
from .staffing import HARD_SAVINGS

#: The named input that chooses what feeds the handle-time line of the totals.
STAFFING_SWITCH = "Staffing_Feeds_Totals"

#: Gross margin: blank means 100% (the default of FORMULAS.md C).
MARGIN = "IF(ISBLANK(Gross_Margin),1,Gross_Margin)"

CONTACTS_AFTER_DEFLECTION = "=Annual_Contacts*(1-Deflection_Rate)"

#: Contacts handled per contact after deflection: FCR before / FCR after (1 while one is blank).
FCR_FACTOR = "IF(OR(ISBLANK(FCR_Before),ISBLANK(FCR_After)),1,FCR_Before/FCR_After)"

CONTACTS_HANDLED_AFTER = f"=Contacts_After_Deflection*{FCR_FACTOR}"

#: The cost levers after deflection: gross value per contact of their base.
PER_CONTACT: dict[str, str] = {
    "Gain_AHT": "(AHT_Before_Min-AHT_After_Min)/Minutes_Per_Hour*Cost_Per_Handle_Hour",
    "Gain_FCR": (
        "IF(OR(ISBLANK(FCR_Before),ISBLANK(FCR_After)),0,"
        "FCR_Before*(1/FCR_Before-1/FCR_After)*Human_Cost_Per_Contact)"
    ),
    "Gain_Escalation": "(Escalation_Rate_Before-Escalation_Rate_After)*Cost_Per_Escalation",
}

#: The base each of those levers applies to: FCR on the contacts after deflection, handle
#: time and escalations on the contacts people still handle.
LEVER_BASE: dict[str, str] = {
    "Gain_AHT": "Contacts_Handled_After",
    "Gain_FCR": "Contacts_After_Deflection",
    "Gain_Escalation": "Contacts_Handled_After",
}

LEVER_FORMULAS: dict[str, str] = {
    "Gain_Deflection": (
        "=Annual_Contacts*(Deflection_Rate-Deflection_Rate_Before)"
        "*(Human_Cost_Per_Contact-Automated_Cost_Per_Contact)"
    ),
    **{name: f"={LEVER_BASE[name]}*{formula}" for name, formula in PER_CONTACT.items()},
    "Gain_Conversion": (
        f"=Sales_Interactions*(Conversion_After-Conversion_Before)*Average_Order_Value*{MARGIN}"
    ),
    "Gain_Retention": f"=Customers*(Churn_Before-Churn_After)*Revenue_Per_Customer*{MARGIN}",
}

#: A note on a lever that explains an error, empty otherwise (under the levers).
LEVER_NOTES: dict[str, str] = {
    "Gain_FCR": (
        "=IF(OR(ISBLANK(FCR_Before),ISBLANK(FCR_After)),"
        '"The FCR lever counts 0 until both FCR rates are filled in",'
        'IF(OR(FCR_Before=0,FCR_After=0),"An FCR of 0 is undefined: enter a rate above 0",""))'
    ),
}


#: Columns of a gain line on the Gains sheet (the levers and the ``GainLines`` table alike):
#: A the line, B its category, C its gross annual value; the timeline Initial, Year 1..3 in
#: D..G (as on the Costs and Summary sheets; gains start in Year 1, Initial is 0); then its
#: inputs: attribution share, risk adjustment, realisation in Year 1..3, what it counts as
#: (cash or capacity) and why its risk is what it is.
INITIAL_COLUMN = "D"
YEAR_COLUMNS = ("E", "F", "G")
SHARE_COLUMN, RISK_COLUMN = "H", "I"
REALISATION_COLUMNS = ("J", "K", "L")
COUNTS_AS_COLUMN, RISK_REASON_COLUMN = "M", "N"

#: The share of freed capacity counted as cash: blank means 100% (neutral).
RECAPTURE = "IF(ISBLANK(Capacity_Recapture),1,Capacity_Recapture)"


def is_capacity(row: int, sheet: str = "") -> str:
    """TRUE when a gain line counts as capacity: as typed, or (blank) a cost saving.

    ``sheet``: a prefix such as ``"Gains!"`` for a formula on another sheet.
    """
    c, s = COUNTS_AS_COLUMN, sheet
    return f'OR({s}${c}{row}="capacity",AND(ISBLANK({s}${c}{row}),{s}$B{row}="Cost savings"))'


def capacity_factor(
    row: int, *, erlang_cash: bool = False, sheet: str = "", recapture: str = RECAPTURE
) -> str:
    """The recapture rate for a capacity line, 1 for a cash line.

    ``erlang_cash``: the handle-time line, which counts as cash when the Staffing
    sheet's hard savings (released agents) feed the totals. ``recapture``: the rate
    as an expression or a cell (default: the named input, blank = 100%).
    """
    factor = f"IF({is_capacity(row, sheet)},{recapture},1)"
    return f'IF({STAFFING_SWITCH}="{HARD_SAVINGS}",1,{factor})' if erlang_cash else factor


def counts_as_capacity(row: int, *, erlang_cash: bool = False) -> str:
    """TRUE when the line's counted value is capacity (after the Erlang C switch)."""
    capacity = is_capacity(row)
    return f'AND({STAFFING_SWITCH}<>"{HARD_SAVINGS}",{capacity})' if erlang_cash else capacity


def attributed_value(
    row: int,
    realisation_column: str,
    gross: str | None = None,
    *,
    at_margin: bool = False,
    erlang_cash: bool = False,
    margin: str = MARGIN,
    factor: str | None = None,
) -> str:
    """Gross x share x (1 - risk) x realisation (x recapture) for one line and one year.

    Columns: B category, C gross (or the ``gross`` expression given), then
    :data:`SHARE_COLUMN`, :data:`RISK_COLUMN`, the realisation column given and
    :data:`COUNTS_AS_COLUMN`. A blank share or realisation is neutral (100%), as in
    a row inserted into the table. ``at_margin``: a line of category Revenue counts
    at the gross margin (``margin``: an expression or a cell; the ``GainLines``
    table). A capacity line counts at ``Capacity_Recapture``; ``factor``: a cell
    that holds the line's recapture-or-1 factor, in place of computing it here.
    """
    s, r, f = SHARE_COLUMN, RISK_COLUMN, realisation_column
    revenue = f'*IF($B{row}="Revenue",{margin},1)' if at_margin else ""
    return (
        f"={gross or f'$C{row}'}{revenue}*IF(ISBLANK(${s}{row}),1,${s}{row})*(1-${r}{row})"
        f"*IF(ISBLANK({f}{row}),1,{f}{row})"
        f"*{factor or capacity_factor(row, erlang_cash=erlang_cash)}"
    )


def table_sum(
    first: int,
    last: int,
    realisation_column: str,
    *,
    margin: str = MARGIN,
    risk: str = "counted",
    capacity_only: bool = False,
) -> str:
    """One year of every row of the ``GainLines`` table, before capacity recapture.

    Gross x (the gross margin for a Revenue line) x share x (1 - risk) x realisation,
    summed over the rows: the formula of :func:`attributed_value` row by row, without
    its recapture factor. Computed from the table's input columns over the whole
    table (not from its value columns), so that a row inserted inside the table counts
    at once; a blank share or realisation is neutral (100%).

    ``risk="haircut"``: x risk in place of x (1 - risk) (what the risk adjustment
    takes off). ``capacity_only``: the lines that count as capacity alone (typed so,
    or blank and a cost saving). ``margin``: an expression or a cell. Copied across
    the timeline, only the realisation column moves.
    """

    def col(letter: str) -> str:
        return f"${letter}{first}:${letter}{last}"

    f = f"{realisation_column}{first}:{realisation_column}{last}"
    share, counts = col(SHARE_COLUMN), col(COUNTS_AS_COLUMN)
    adjust = f"1-{col(RISK_COLUMN)}" if risk == "counted" else col(RISK_COLUMN)
    capacity = f',({counts}="capacity")+({counts}="")*({col("B")}="Cost savings")'
    return (
        f'=SUMPRODUCT({col("C")},1-({col("B")}="Revenue")*(1-{margin}),'
        f'{share}+({share}=""),{adjust},{f}+({f}=""){capacity if capacity_only else ""})'
    )


#: The handle-time line's gross in the business case: the straight-line lever, or the
#: Staffing sheet's hard savings of handle time alone when the user switches to Erlang C.
AHT_OR_HARD_SAVINGS = f'(IF({STAFFING_SWITCH}="{HARD_SAVINGS}",Hard_Savings_AHT,Gain_AHT))'


#: Support-attributed revenue (Attribution sheet) as a gain line: off unless switched on,
#: counted at the gross margin like the other revenue levers.
ATTRIBUTION_LINE = f'=IF({INCLUDE_SWITCH}="yes",Support_Attributed_Revenue*{MARGIN},0)'

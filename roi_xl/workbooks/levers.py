"""The native Excel formula of each lever: written here once, used wherever it appears.

Each formula is the formula of the matching core function (FORMULAS.md B and
C) over the Assumptions names, with the double-counting guard of TEMPLATES.md:
handle-time, FCR and escalation savings apply only to the contacts left after
deflection. Blank inputs count as 0; the FCR lever is 0 until both rates are
filled in (1 / blank would be an error), and ``#DIV/0!`` when one is 0.
"""

from __future__ import annotations

from .attribution import INCLUDE_SWITCH
from .staffing import HARD_SAVINGS
from .staffing import SWITCH_FORMULA as STAFFING_SWITCH

#: Gross margin: blank means 100% (the default of FORMULAS.md C).
MARGIN = "IF(ISBLANK(Gross_Margin),1,Gross_Margin)"

CONTACTS_AFTER_DEFLECTION = "=Annual_Contacts*(1-Deflection_Rate)"

#: The cost levers that apply to the contacts left after deflection: gross value per contact.
PER_CONTACT: dict[str, str] = {
    "Gain_AHT": "(AHT_Before_Min-AHT_After_Min)/60*Loaded_Cost_Per_Hour",
    "Gain_FCR": (
        "IF(OR(ISBLANK(FCR_Before),ISBLANK(FCR_After)),0,"
        "FCR_Before*(1/FCR_Before-1/FCR_After)*Human_Cost_Per_Contact)"
    ),
    "Gain_Escalation": "(Escalation_Rate_Before-Escalation_Rate_After)*Cost_Per_Escalation",
}

LEVER_FORMULAS: dict[str, str] = {
    "Gain_Deflection": (
        "=Annual_Contacts*Deflection_Rate*(Human_Cost_Per_Contact-Automated_Cost_Per_Contact)"
    ),
    **{name: f"=Contacts_After_Deflection*{formula}" for name, formula in PER_CONTACT.items()},
    "Gain_Conversion": (
        f"=Sales_Interactions*(Conversion_After-Conversion_Before)*Average_Order_Value*{MARGIN}"
    ),
    "Gain_Retention": f"=Customers*(Churn_Before-Churn_After)*Revenue_Per_Customer*{MARGIN}",
}

#: A note beside a lever that explains an error, empty otherwise.
LEVER_NOTES: dict[str, str] = {
    "Gain_FCR": (
        "=IF(AND(NOT(ISBLANK(FCR_Before)),NOT(ISBLANK(FCR_After))),"
        'IF(OR(FCR_Before=0,FCR_After=0),"FCR of 0 is undefined: enter a rate above 0",""),'
        '"fill in FCR before and after")'
    ),
}


def attributed_value(row: int, realisation_column: str, gross: str | None = None) -> str:
    """Gross x share x (1 - risk) x realisation for one gain line and one year.

    Columns: C gross (or the ``gross`` expression given), D attribution share,
    E risk adjustment, F..H realisation.
    """
    return f"={gross or f'$C{row}'}*$D{row}*(1-$E{row})*{realisation_column}{row}"


#: The handle-time line's gross in the business case: the straight-line lever, or the
#: Staffing sheet's hard savings when the user switches to Erlang C.
AHT_OR_HARD_SAVINGS = f'(IF({STAFFING_SWITCH}="{HARD_SAVINGS}",Hard_Savings_Staffing,Gain_AHT))'


#: Support-attributed revenue (Attribution sheet) as a gain line: off unless switched on,
#: counted at the gross margin like the other revenue levers.
ATTRIBUTION_LINE = f'=IF({INCLUDE_SWITCH}="yes",Support_Attributed_Revenue*{MARGIN},0)'

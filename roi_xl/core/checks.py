"""Model checks of the business case (TEMPLATES.md, "Model integrity").

The reference for the ``Checks`` sheet: one check per row, each failing or
passing, and ``Checks_Failed`` the number that fail. The checks are those a
financial-model reviewer runs before signing a model:

* every input within its allowed range, even when it was pasted past the data
  validation (a deflection rate of 40 fails: it is 4,000%);
* an *after* value worse than its *before* (handle time after longer, FCR
  after lower, churn after higher, ...): a warning, counted as a failure
  until someone looks at it;
* the cost and gain tables hold numbers in range (amounts >= 0, risk, share
  and realisation between 0% and 100%);
* no error value in a total;
* the figures reconcile: the net value is the gains less the costs, the NPV the
  present value of the benefits less that of the costs (each recomputed from
  the yearly totals), the Scenarios sheet's expected column the base case.
  On the sheet two more compare the Summary's cash-flow table with the Costs and
  Gains tables and the gain lines with ``Total_Gains_*``: a total overwritten
  by a typed number, or a row left out of a sum, fails its check.

Amounts typed next to or below a table, the Summary's table and the sum of
the gain lines' value cells are checked on the sheet only: a business case
described in Python has no cells outside its tables and no cell to overwrite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import RoiInputError
from .lines import COUNTS_AS, LEVERS, STAFFING_SWITCH_VALUES, CostLine, GainLine
from .staffing import (
    DEFAULT_OCCUPANCY,
    DEFAULT_PAID_HOURS,
    DEFAULT_SHRINKAGE,
    cost_per_handle_hour,
    profile_adds_up,
)

__all__ = [
    "Check",
    "INPUT_KINDS",
    "AFTER_VERSUS_BEFORE",
    "TOTALS",
    "model_checks",
    "staffing_checks",
    "labour_cost_per_contact",
    "reconciles",
    "expected_is_base",
    "RECONCILE_TOLERANCE",
]

#: Two figures reconcile when they differ by at most this share of the larger (and of 1).
RECONCILE_TOLERANCE = 1e-6

#: The kind of each named input: ``"rate"`` (0..1), ``"amount"`` (0 or more), ``"days"``
#: (days a week, 1..7) or a tuple of the allowed words. Assumptions and Staffing sheets, in
#: their order.
INPUT_KINDS: dict[str, str | tuple[str, ...]] = {
    "Business_Type": ("saas", "ecommerce", "services"),
    "Discount_Rate": "rate",
    "Gross_Margin": "rate",
    "Capacity_Recapture": "rate",
    "Annual_Contacts": "amount",
    "Human_Cost_Per_Contact": "amount",
    "Automated_Cost_Per_Contact": "amount",
    "Deflection_Rate_Before": "rate",
    "Deflection_Rate": "rate",
    "AHT_Before_Min": "amount",
    "AHT_After_Min": "amount",
    "Agent_Annual_Cost": "amount",
    "Paid_Hours_Per_Year": "amount",
    "Shrinkage": "rate",
    "Occupancy": "rate",
    "FCR_Before": "rate",
    "FCR_After": "rate",
    "Escalation_Rate_Before": "rate",
    "Escalation_Rate_After": "rate",
    "Cost_Per_Escalation": "amount",
    "Sales_Interactions": "amount",
    "Conversion_Before": "rate",
    "Conversion_After": "rate",
    "Average_Order_Value": "amount",
    "Customers": "amount",
    "Revenue_Per_Customer": "amount",
    "Churn_Before": "rate",
    "Churn_After": "rate",
    "Days_Open_Per_Week": "days",
    "Service_Level_Target": "rate",
    "Answer_Seconds": "amount",
    "Max_Occupancy": "rate",
    "Staffing_Feeds_Totals": STAFFING_SWITCH_VALUES,
}

#: (before, after, "lower" or "higher": which way the *after* value is worse, label).
AFTER_VERSUS_BEFORE: tuple[tuple[str, str, str, str], ...] = (
    ("Deflection_Rate_Before", "Deflection_Rate", "lower", "Deflection rate"),
    ("AHT_Before_Min", "AHT_After_Min", "higher", "Average handle time"),
    ("FCR_Before", "FCR_After", "lower", "First-contact resolution"),
    ("Escalation_Rate_Before", "Escalation_Rate_After", "higher", "Escalation rate"),
    ("Conversion_Before", "Conversion_After", "lower", "Conversion"),
    ("Churn_Before", "Churn_After", "higher", "Yearly churn"),
)

#: The totals that must never hold an error value.
TOTALS = (
    "Total_Costs_Initial",
    "Total_Costs_Y1",
    "Total_Costs_Y2",
    "Total_Costs_Y3",
    "Total_Gains_Y1",
    "Total_Gains_Y2",
    "Total_Gains_Y3",
)


@dataclass(frozen=True)
class Check:
    """One row of the Checks sheet: what is checked, where to fix it, and whether it fails."""

    key: str
    what: str
    where: str
    failed: bool


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_)


def _input_fails(value: Any, kind: str | tuple[str, ...]) -> bool:
    if value is None:
        return False
    if isinstance(kind, tuple):
        return not (isinstance(value, str) and value.lower() in kind)
    if not _is_number(value):
        return True
    return bool(
        value < 0 or (kind == "rate" and value > 1) or (kind == "days" and not 1 <= value <= 7)
    )


def _worse(before: Any, after: Any, direction: str) -> bool:
    if not (_is_number(before) and _is_number(after)):
        return False
    return bool(after > before if direction == "higher" else after < before)


def _outside(value: Any, high: float | None = None) -> bool:
    if not _is_number(value):
        return True
    return bool(value < 0 or (high is not None and value > high))


def reconciles(a: Any, b: Any) -> bool:
    """Whether two figures agree within :data:`RECONCILE_TOLERANCE` (an error: not judged)."""
    if not (_is_number(a) and _is_number(b)):
        return True
    return bool(abs(a - b) <= RECONCILE_TOLERANCE * max(1.0, abs(a), abs(b)))


def expected_is_base(outputs: Mapping[str, Any]) -> Check:
    """The Scenarios sheet's expected column is the base case (its ROI and NPV).

    >>> expected_is_base({"ROI_3yr": 0.5, "ROI_Expected": 0.5,
    ...                   "NPV_3yr": 10.0, "NPV_Expected": 12.0}).failed
    True
    """
    return Check(
        "ScenarioExpected",
        "Scenarios: the expected column is the base case (ROI and NPV)",
        "Scenarios",
        not (
            reconciles(outputs.get("ROI_Expected"), outputs.get("ROI_3yr"))
            and reconciles(outputs.get("NPV_Expected"), outputs.get("NPV_3yr"))
        ),
    )


def _reconciling(inputs: Mapping[str, Any], values: Mapping[str, Any]) -> list[Check]:
    """The checks that the headline figures add up, recomputed from the yearly totals."""
    found: list[Any] = [values.get(name) for name in TOTALS]
    net: float | None = None
    npv: float | None = None
    if all(_is_number(v) for v in found):
        costs, gains = [float(v) for v in found[:4]], [0.0, *(float(v) for v in found[4:])]
        net = sum(gains) - sum(costs)
        rate = inputs.get("Discount_Rate")
        if (rate is None or _is_number(rate)) and (rate or 0) != -1:
            r = float(rate or 0)
            # as the check on the sheet: Initial at time 0, Year t discounted t times
            npv = sum((gains[t] - costs[t]) / (1 + r) ** t for t in range(4))
    pv: tuple[Any, Any] = values.get("PV_Benefits"), values.get("PV_Costs")
    pv_net = float(pv[0]) - float(pv[1]) if all(_is_number(v) for v in pv) else None
    return [
        Check(
            "SummaryTable",
            "Summary: the costs and gains by year are the Costs and Gains sheets' totals",
            "Summary",
            False,
        ),
        Check(
            "GainLinesSum",
            "Gains: the gain lines add up to the total gains of each year",
            "Gains",
            False,
        ),
        Check(
            "NetValue",
            "Net value = gains - costs over the 3 years",
            "Summary",
            not reconciles(values.get("Net_Value_3yr"), net),
        ),
        Check(
            "NPV",
            "NPV = PV of benefits - PV of costs, from the yearly totals",
            "Summary",
            not (
                reconciles(values.get("NPV_3yr"), npv) and reconciles(values.get("NPV_3yr"), pv_net)
            ),
        ),
    ]


def model_checks(
    inputs: Mapping[str, Any],
    cost_lines: Sequence[CostLine] = (),
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    outputs: Mapping[str, Any] | None = None,
) -> list[Check]:
    """Every model check of the Checks sheet, in its order, failing or not.

    Parameters
    ----------
    inputs, cost_lines, lever_settings, gain_lines
        As for :func:`~roi_xl.core.business_case`.
    outputs : mapping, optional
        The business case's outputs, for the check that no total is an error.

    Returns
    -------
    list of Check
        ``sum(check.failed for check in ...)`` is ``Checks_Failed``.

    Examples
    --------
    A deflection rate of 40 pasted past the validation, and handle time after
    longer than before:

    >>> checks = model_checks({"Deflection_Rate": 40, "AHT_Before_Min": 6, "AHT_After_Min": 8})
    >>> [c.key for c in checks if c.failed]
    ['Deflection_Rate', 'AHT_After_Min']
    """
    checks = [
        Check(
            name,
            f"{name} is within its allowed range",
            "Staffing" if name in _STAFFING else "Assumptions",
            _input_fails(inputs.get(name), kind),
        )
        for name, kind in INPUT_KINDS.items()
    ]
    for before, after, direction, label in AFTER_VERSUS_BEFORE:
        checks.append(
            Check(
                after,
                f"{label}: after is not worse than before",
                "Assumptions",
                _worse(inputs.get(before), inputs.get(after), direction),
            )
        )
    costs_bad = any(
        _outside(amount) for line in cost_lines for amount in (line.initial, *line.years)
    ) or any(_outside(line.risk, 1.0) for line in cost_lines)
    checks.append(Check("CostLines", "Cost amounts >= 0, risk 0%-100%", "Costs", costs_bad))
    checks.append(Check("CostsOutside", "Nothing typed beside or below CostLines", "Costs", False))
    settings = lever_settings or {}
    rows = [settings.get(name, GainLine(name)) for name, *_ in LEVERS]
    rows += [settings.get("Support_Attributed_Revenue", GainLine(""))]
    rows += list(gain_lines)
    checks.append(
        Check(
            "GainShares",
            "Attribution share and risk between 0% and 100%",
            "Gains",
            any(_outside(line.share, 1.0) or _outside(line.risk, 1.0) for line in rows),
        )
    )
    checks.append(
        Check(
            "Realisation",
            "Realisation between 0% and 100%",
            "Gains",
            any(_outside(r, 1.0) for line in rows for r in line.realisation),
        )
    )
    checks.append(
        Check(
            "GainLines",
            "Gross values of gain lines >= 0",
            "Gains",
            any(_outside(line.gross) for line in gain_lines),
        )
    )
    checks.append(
        Check(
            "CountsAs",
            "Every gain line counts as cash or capacity (blank: by its category)",
            "Gains",
            any(
                line.counts_as is not None
                and str(line.counts_as).strip().lower() not in ("", *COUNTS_AS)
                for line in rows
            ),
        )
    )
    checks.append(Check("GainsOutside", "Nothing typed beside or below GainLines", "Gains", False))
    values = outputs or {}
    checks.append(
        Check(
            "Totals",
            "No error value in a total",
            "Costs, Gains",
            any(isinstance(values.get(name), RoiInputError) for name in TOTALS),
        )
    )
    checks += staffing_checks(inputs, values)
    checks += _reconciling(inputs, values)
    return checks


_STAFFING = {
    "Days_Open_Per_Week",
    "Service_Level_Target",
    "Answer_Seconds",
    "Max_Occupancy",
    "Staffing_Feeds_Totals",
}


# --- The cost basis and the hourly profile (issue 20): self-contained checks. ---------


def labour_cost_per_contact(inputs: Mapping[str, Any], hour_cost: Any) -> Any:
    """The labour cost of a contact the cost basis implies: AHT before / 60 x the cost of a
    handle hour (``Cost_Per_Handle_Hour``), or ``hour_cost`` itself when it is an error."""
    if isinstance(hour_cost, RoiInputError) or not _is_number(hour_cost):
        return hour_cost
    aht: Any = inputs.get("AHT_Before_Min")
    return (float(aht) if _is_number(aht) else 0.0) / 60 * float(hour_cost)


def _hour_cost(inputs: Mapping[str, Any]) -> Any:
    def value(name: str, default: float) -> Any:
        given = inputs.get(name)
        return default if given is None else given

    try:
        return cost_per_handle_hour(
            value("Agent_Annual_Cost", 0.0),
            value("Paid_Hours_Per_Year", DEFAULT_PAID_HOURS),
            value("Shrinkage", DEFAULT_SHRINKAGE),
            value("Occupancy", DEFAULT_OCCUPANCY),
        )
    except RoiInputError as error:
        return error


def staffing_checks(inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> list[Check]:
    """Two checks of the cost basis and the Staffing sheet, after the others.

    * ``CostBasis``: the labour cost of a contact (AHT before / 60 x
      ``Cost_Per_Handle_Hour``) is at most ``Human_Cost_Per_Contact``: a
      contact cannot cost less than the agent time in it, so one of the two
      costs is wrong (blank cost per contact: not checked; an error: fails).
    * ``HourProfile``: the hourly shares of a day add up to 100%.

    Examples
    --------
    8 minutes at $45 an hour is $6 of labour, more than a $4 contact:

    >>> [c.failed for c in staffing_checks(
    ...     {"AHT_Before_Min": 8, "Human_Cost_Per_Contact": 4},
    ...     {"Cost_Per_Handle_Hour": 45.0})]
    [True, False]
    """
    hour_cost = outputs.get("Cost_Per_Handle_Hour")
    if hour_cost is None:
        hour_cost = _hour_cost(inputs)
    labour = labour_cost_per_contact(inputs, hour_cost)
    human = inputs.get("Human_Cost_Per_Contact")
    if human is None:
        too_dear = False
    elif not (_is_number(labour) and _is_number(human)):
        too_dear = True
    else:
        too_dear = bool(labour > human)
    profile = inputs.get("HourProfile")
    if profile is None:
        adds_up = True
    else:
        try:
            adds_up = profile_adds_up(profile)
        except RoiInputError:
            adds_up = False
    return [
        Check(
            "CostBasis",
            "Labour cost of a contact (AHT before x cost of a handle hour) is at most the cost "
            "of a contact handled by a person",
            "Assumptions",
            too_dear,
        ),
        Check("HourProfile", "The hourly shares of a day add up to 100%", "Staffing", not adds_up),
    ]

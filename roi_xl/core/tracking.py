"""Actuals against the plan: realised gains by lever and the figures to date (TRACKING.md §2).

A month's actuals are keyed by the ``MonthlyActuals`` headers (``Contacts``,
``Automated Contacts``, ``AHT (min)``, ``FCR``, ``Escalation Rate``,
``Conversions``, ``Sales Interactions``, ``Churned Customers``,
``Customers``, ``Actual Costs``); a blank is ``None``. The *before* values
and unit costs are the Assumptions names. Measured results take no risk
haircut and no ramp: only each lever's attribution share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import RoiInputError, ZeroDenominatorError
from .staffing import (
    DEFAULT_OCCUPANCY,
    DEFAULT_PAID_HOURS,
    DEFAULT_SHRINKAGE,
    cost_per_handle_hour,
)

__all__ = [
    "ACTUALS_COLUMNS",
    "REALISED_LEVERS",
    "HORIZON_MONTHS",
    "realised_gains",
    "planned_month",
    "month_index",
    "measured_levers",
    "TrackedMonth",
    "track",
]

ACTUALS_COLUMNS: tuple[str, ...] = (
    "Actual Costs",
    "Contacts",
    "Automated Contacts",
    "AHT (min)",
    "FCR",
    "Escalation Rate",
    "Conversions",
    "Sales Interactions",
    "Churned Customers",
    "Customers",
)

#: Each lever and the actuals it needs; a blank one of them and the lever realises 0.
REALISED_LEVERS: dict[str, tuple[str, ...]] = {
    "Gain_Deflection": ("Contacts", "Automated Contacts"),
    "Gain_AHT": ("Contacts", "AHT (min)"),
    "Gain_FCR": ("Contacts", "FCR"),
    "Gain_Escalation": ("Contacts", "Escalation Rate"),
    "Gain_Conversion": ("Conversions", "Sales Interactions"),
    "Gain_Retention": ("Churned Customers", "Customers"),
}

MONTHS_PER_YEAR = 12
MINUTES_PER_HOUR = 60
#: The business case's horizon: three years.
HORIZON_MONTHS = 36

Actuals = Mapping[str, float | None]


def _input(inputs: Mapping[str, float], name: str) -> float:
    return float(inputs.get(name) or 0.0)


def _hour_cost(inputs: Mapping[str, float]) -> float:
    """``Cost_Per_Handle_Hour``: given, else from the agent cost (template defaults else)."""
    if inputs.get("Cost_Per_Handle_Hour") is not None:
        return float(inputs["Cost_Per_Handle_Hour"])

    def value(name: str, default: float) -> float:
        given = inputs.get(name)
        return default if given is None else float(given)

    return cost_per_handle_hour(
        value("Agent_Annual_Cost", 0.0),
        value("Paid_Hours_Per_Year", DEFAULT_PAID_HOURS),
        value("Shrinkage", DEFAULT_SHRINKAGE),
        value("Occupancy", DEFAULT_OCCUPANCY),
    )


def realised_gains(
    actuals: Actuals, inputs: Mapping[str, float], shares: Mapping[str, float]
) -> dict[str, float]:
    """The attributed gain of each lever in one month, from the month's actuals.

    With H = Contacts - Automated Contacts (a blank Automated Contacts is 0):

    * deflection = (Automated Contacts - Contacts x Deflection_Rate_Before)
      x (Human_Cost_Per_Contact - Automated_Cost_Per_Contact)
    * FCR = H x (FCR / FCR_Before - 1) x Human_Cost_Per_Contact
    * handle time = H x (AHT_Before_Min - AHT (min)) / 60 x Cost_Per_Handle_Hour
      (given, or from ``Agent_Annual_Cost``, ``Paid_Hours_Per_Year``,
      ``Shrinkage`` and ``Occupancy``: :func:`~roi_xl.core.staffing.cost_per_handle_hour`)
    * escalations = H x (Escalation_Rate_Before - Escalation Rate) x Cost_Per_Escalation
    * conversion = (Conversions - Sales Interactions x Conversion_Before)
      x Average_Order_Value x Gross_Margin
    * retention = (Customers x Churn_Before / 12 - Churned Customers)
      x Revenue_Per_Customer x Gross_Margin

    each times the lever's attribution share (``shares``, default 1). A lever
    one of whose actuals is blank realises 0; a blank input is 0.

    Raises
    ------
    ZeroDenominatorError
        FCR is measured but ``FCR_Before`` is 0 or blank.

    Examples
    --------
    1,000 contacts, 300 automated (20% before), $5 a person vs $1 by AI:
    (300 - 200) x 4 = 400.

    >>> gains = realised_gains(
    ...     {"Contacts": 1000, "Automated Contacts": 300},
    ...     {"Deflection_Rate_Before": 0.2, "Human_Cost_Per_Contact": 5,
    ...      "Automated_Cost_Per_Contact": 1},
    ...     {},
    ... )
    >>> gains["Gain_Deflection"], gains["Gain_FCR"]
    (400.0, 0.0)
    """
    value = {k: (None if actuals.get(k) is None else float(actuals[k] or 0.0)) for k in actuals}
    human = _input(inputs, "Human_Cost_Per_Contact")
    margin = _input(inputs, "Gross_Margin")
    result = {}
    for lever, needed in REALISED_LEVERS.items():
        if any(value.get(name) is None for name in needed):
            result[lever] = 0.0
            continue
        contacts = value.get("Contacts") or 0.0
        handled = contacts - (value.get("Automated Contacts") or 0.0)
        if lever == "Gain_Deflection":
            gross = (
                (value["Automated Contacts"] or 0.0)
                - contacts * _input(inputs, "Deflection_Rate_Before")
            ) * (human - _input(inputs, "Automated_Cost_Per_Contact"))
        elif lever == "Gain_FCR":
            before = _input(inputs, "FCR_Before")
            if before == 0:
                raise ZeroDenominatorError("FCR_Before", "FCR_Before is 0: FCR gains undefined")
            gross = handled * ((value["FCR"] or 0.0) / before - 1) * human
        elif lever == "Gain_AHT":
            saved = _input(inputs, "AHT_Before_Min") - (value["AHT (min)"] or 0.0)
            gross = handled * saved / MINUTES_PER_HOUR * _hour_cost(inputs)
        elif lever == "Gain_Escalation":
            avoided = _input(inputs, "Escalation_Rate_Before") - (value["Escalation Rate"] or 0.0)
            gross = handled * avoided * _input(inputs, "Cost_Per_Escalation")
        elif lever == "Gain_Conversion":
            extra = (value["Conversions"] or 0.0) - (value["Sales Interactions"] or 0.0) * _input(
                inputs, "Conversion_Before"
            )
            gross = extra * _input(inputs, "Average_Order_Value") * margin
        else:
            kept = (value["Customers"] or 0.0) * _input(
                inputs, "Churn_Before"
            ) / MONTHS_PER_YEAR - (value["Churned Customers"] or 0.0)
            gross = kept * _input(inputs, "Revenue_Per_Customer") * margin
        share = shares.get(lever, 1.0)
        result[lever] = gross * (1.0 if share is None else float(share))
    return result


def measured_levers(months: Sequence[Actuals]) -> list[str]:
    """The levers with actuals: those whose figures are all filled in for at least one month.

    A lever not measured realises 0 and is left out of the variance (the plan
    of the gain lines typed in the ``GainLines`` table is never measured).

    >>> measured_levers([{"Contacts": 100, "AHT (min)": 6}, {"FCR": 0.7}])
    ['Gain_AHT']
    """
    return [
        lever
        for lever, needed in REALISED_LEVERS.items()
        if any(all(month.get(name) is not None for name in needed) for month in months)
    ]


def month_index(go_live: str, month: str) -> int:
    """Months from the go-live month (0) to ``month``, both ``YYYY-MM``.

    >>> month_index("2024-11", "2025-02")
    3
    """
    for text, where in ((go_live, "go_live"), (month, "month")):
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
            raise RoiInputError(where, f"{where} must be YYYY-MM; got {text!r}")
    return (int(month[:4]) - int(go_live[:4])) * MONTHS_PER_YEAR + int(month[5:]) - int(go_live[5:])


def planned_month(
    index: int, costs: Sequence[float], gains: Mapping[str, Sequence[float]]
) -> tuple[float, dict[str, float]]:
    """The plan of month ``index`` (0 = go-live): costs, and the attributed gain of each lever.

    Initial costs fall in the go-live month; Year k's costs and gains are
    spread evenly, one twelfth in each of its months. Outside the three
    years, the plan is 0.

    Parameters
    ----------
    costs : sequence of 4 floats
        Initial, Year 1, Year 2, Year 3 (the business case's total costs).
    gains : mapping
        Lever (or gain line) name → its attributed gains in Year 1, 2, 3.

    Examples
    --------
    >>> planned_month(0, [1200, 120, 240, 360], {"Gain_AHT": [1200, 2400, 3600]})
    (1210.0, {'Gain_AHT': 100.0})
    >>> planned_month(12, [1200, 120, 240, 360], {"Gain_AHT": [1200, 2400, 3600]})
    (20.0, {'Gain_AHT': 200.0})
    """
    if len(costs) != 4:
        raise RoiInputError("costs", "costs must be Initial, Year 1, Year 2, Year 3")
    if not 0 <= index < HORIZON_MONTHS:
        return 0.0, dict.fromkeys(gains, 0.0)
    year = index // MONTHS_PER_YEAR
    cost = float(costs[1 + year]) / MONTHS_PER_YEAR + (float(costs[0]) if index == 0 else 0.0)
    return cost, {name: float(g[year]) / MONTHS_PER_YEAR for name, g in gains.items()}


@dataclass(frozen=True)
class TrackedMonth:
    """One tracked month: plan, actuals, variance, and the cumulative net values."""

    month: str
    index: int
    planned_costs: float
    planned_gains: dict[str, float]
    actual_costs: float
    realised_gains: dict[str, float]
    variance: dict[str, float]
    cumulative_planned_net: float
    cumulative_realised_net: float


def track(
    go_live: str,
    months: Mapping[str, Actuals],
    inputs: Mapping[str, float],
    shares: Mapping[str, float],
    costs: Sequence[float],
    gains: Mapping[str, Sequence[float]],
) -> tuple[list[TrackedMonth], dict[str, float | str | None]]:
    """Every tracked month against the plan, and the outputs to date.

    Months before the go-live month are left out. Outputs:

    * ``Months_Tracked``; ``Actual_Costs_To_Date`` (a blank cost is 0);
      ``Realised_Gains_To_Date``; ``Planned_Gains_To_Date`` (the plan of the
      tracked months);
    * ``Realised_ROI_To_Date`` = (realised - actual costs) / actual costs,
      ``None`` when no cost was recorded (the sheet shows an error);
    * ``Payback_Reached_Month``: the first month whose cumulative realised
      net value is >= 0, ``None`` when not yet (the sheet's ``#N/A``);
    * ``Forecast_ROI_3yr``: each of the 36 months of the horizon at its
      actuals when tracked, at the plan otherwise;
    * ``Plan_Costs_To_Date``, ``Plan_Gains_To_Date`` (the plan of the tracked
      months, as ``Planned_Gains_To_Date``) and ``Plan_ROI_To_Date`` = (plan
      gains - plan costs) / plan costs (``None`` when the plan has no cost
      yet): the plan to judge the actuals against;
    * ``Variance_To_Date``: realised - planned over the levers measured
      (:func:`measured_levers`); the others are left out.

    Examples
    --------
    Plan: 1,200 initial, 1,200 a year; gains 2,400 a year. Two months tracked
    with 1,300 then 100 of costs and 150 then 250 realised (deflection only):

    >>> rows, out = track(
    ...     "2024-01",
    ...     {"2024-01": {"Actual Costs": 1300, "Contacts": 100, "Automated Contacts": 150},
    ...      "2024-02": {"Actual Costs": 100, "Contacts": 100, "Automated Contacts": 250}},
    ...     {"Human_Cost_Per_Contact": 1.0}, {}, [1200, 1200, 1200, 1200],
    ...     {"Gain_Deflection": [2400, 2400, 2400]},
    ... )
    >>> out["Realised_Gains_To_Date"], out["Planned_Gains_To_Date"], out["Payback_Reached_Month"]
    (400.0, 400.0, None)
    """
    ordered = sorted(m for m in months if month_index(go_live, m) >= 0)
    rows: list[TrackedMonth] = []
    planned_net = realised_net = 0.0
    for month in ordered:
        index = month_index(go_live, month)
        plan_cost, plan_gains = planned_month(index, costs, gains)
        actual = months[month]
        spent = float(actual.get("Actual Costs") or 0.0)
        realised = realised_gains(actual, inputs, shares)
        names = list(dict.fromkeys([*plan_gains, *realised]))
        variance = {n: realised.get(n, 0.0) - plan_gains.get(n, 0.0) for n in names}
        planned_net += sum(plan_gains.values()) - plan_cost
        realised_net += sum(realised.values()) - spent
        rows.append(
            TrackedMonth(
                month,
                index,
                plan_cost,
                plan_gains,
                spent,
                realised,
                variance,
                planned_net,
                realised_net,
            )
        )
    measured = measured_levers([months[r.month] for r in rows])
    planned_by_line: dict[str, float] = {}
    realised_by_line: dict[str, float] = {}
    for r in rows:
        for name, value in r.planned_gains.items():
            planned_by_line[name] = planned_by_line.get(name, 0.0) + value
        for name, value in r.realised_gains.items():
            realised_by_line[name] = realised_by_line.get(name, 0.0) + value
    plan_costs_to_date = sum(r.planned_costs for r in rows)
    plan_gains_to_date = sum(planned_by_line.values())
    spent_total = sum(r.actual_costs for r in rows)
    realised_total = sum(sum(r.realised_gains.values()) for r in rows)
    payback = next((r.month for r in rows if r.cumulative_realised_net >= 0), None)
    tracked = {r.index: r for r in rows}
    forecast_costs = forecast_gains = 0.0
    for index in range(HORIZON_MONTHS):
        if index in tracked:
            forecast_costs += tracked[index].actual_costs
            forecast_gains += sum(tracked[index].realised_gains.values())
        else:
            plan_cost, plan_gains = planned_month(index, costs, gains)
            forecast_costs += plan_cost
            forecast_gains += sum(plan_gains.values())
    outputs: dict[str, float | str | None] = {
        "Months_Tracked": float(len(rows)),
        "Actual_Costs_To_Date": spent_total,
        "Realised_Gains_To_Date": realised_total,
        "Planned_Gains_To_Date": sum(sum(r.planned_gains.values()) for r in rows),
        "Realised_ROI_To_Date": (
            (realised_total - spent_total) / spent_total if spent_total else None
        ),
        "Payback_Reached_Month": payback,
        # issue 20: the plan of the months tracked beside the actuals, and the variance of
        # the measured levers only (a lever without actuals is "not measured")
        "Plan_Costs_To_Date": plan_costs_to_date,
        "Plan_Gains_To_Date": plan_gains_to_date,
        "Plan_ROI_To_Date": (
            (plan_gains_to_date - plan_costs_to_date) / plan_costs_to_date
            if plan_costs_to_date
            else None
        ),
        "Variance_To_Date": sum(
            realised_by_line.get(name, 0.0) - planned_by_line.get(name, 0.0) for name in measured
        ),
        "Forecast_ROI_3yr": (
            (forecast_gains - forecast_costs) / forecast_costs if forecast_costs else None
        ),
    }
    return rows, outputs

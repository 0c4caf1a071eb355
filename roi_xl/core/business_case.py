"""The three-year business case of TEMPLATES.md, computed with the core functions.

This is the reference the template workbooks are proved against: the same
inputs give the same named outputs here and in the native Excel formulas of
``roi_business_case.xlsx``. It stacks the levers with the double-counting
guard (each lever applies only to the contacts the levers before it leave:
deflection, then FCR on the contacts after deflection, then handle time and
escalations on the contacts people still handle, ``Contacts_Handled_After``),
applies each gain line's attribution share, risk adjustment and yearly
realisation (revenue lines of the ``GainLines`` table at the gross margin),
risk-adjusts each cost line upwards, and derives ROI, NPV, IRR, payback,
discounted payback, the benchmark position and the model checks.

Blank inputs are ``None``: a lever whose inputs are blank contributes 0, as
in the template. The one deliberate departure from :func:`roi` is the empty
case: with no costs *and* no gains entered the ROI figures are 0, so a blank
template shows zeros rather than errors; costs of 0 against gains still raise
:class:`ZeroDenominatorError` (``#DIV/0!`` in the workbook).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from . import _inputs as check
from .benchmarks import benchmark_position
from .checks import model_checks
from .cost_levers import (
    aht_savings,
    contacts_after_deflection,
    deflection_savings,
    escalation_savings,
    fcr_savings,
)
from .errors import NoResultError, RoiInputError, ZeroDenominatorError
from .finance import discounted_payback_period, payback_period, present_value, tei_irr
from .headline import benefit_cost_ratio, net_value, roi
from .lines import (
    ATTRIBUTION_KEY,
    LEVERS,
    STAFFING_SWITCH_VALUES,
    YEARS,
    CostLine,
    GainLine,
    cost_totals,
)
from .revenue_levers import conversion_uplift, retained_revenue
from .staffing import (
    DEFAULT_DAYS_OPEN,
    DEFAULT_HOUR_PROFILE,
    DEFAULT_OCCUPANCY,
    DEFAULT_PAID_HOURS,
    DEFAULT_SHRINKAGE,
    agents_by_hour,
    contacts_by_hour,
    cost_per_handle_hour,
    fte_from_agent_hours,
)

__all__ = [
    "ATTRIBUTION_KEY",
    "YEARS",
    "LEVERS",
    "CostLine",
    "GainLine",
    "cost_totals",
    "STAFFING_SWITCH_VALUES",
    "lever_gains",
    "yearly_by_line",
    "CASE_LINES",
    "OTHER_KEY",
    "business_case",
    "headline_outputs",
    "staffing_outputs",
    "case_lines",
    "cash_and_capacity",
    "recapture_rate",
]


def undefined_lever(levers: Mapping[str, Any]) -> RoiInputError | None:
    """The first lever gain that is an error (an FCR of 0), or ``None``."""
    return next((v for v in levers.values() if isinstance(v, RoiInputError)), None)


def _value(inputs: Mapping[str, Any], name: str, default: float = 0.0) -> float:
    value = inputs.get(name)
    return default if value is None else check.number(value, name)


def lever_gains(inputs: Mapping[str, Any]) -> dict[str, float]:
    """Gross annual gain of each lever, with the double-counting guard.

    Parameters
    ----------
    inputs : mapping
        The ``Assumptions`` names of TEMPLATES.md (``Annual_Contacts``,
        ``Deflection_Rate``, ...); a missing or ``None`` input is blank.

    Returns
    -------
    dict
        ``Contacts_After_Deflection``, ``Contacts_Handled_After`` (the contacts
        after deflection x FCR before / FCR after: factor 1 while an FCR is
        blank) and ``Gain_Deflection`` .. ``Gain_Retention``. Deflection counts
        only the rise over ``Deflection_Rate_Before`` (blank = 0); handle time
        and escalations apply to the contacts people still handle. ``Gain_FCR``
        and the levers on the handled contacts are the typed error when an FCR
        is filled in as 0 (``#DIV/0!`` in the workbook).

    Examples
    --------
    >>> gains = lever_gains({"Annual_Contacts": 1_200_000, "Deflection_Rate": 0.4,
    ...                      "Human_Cost_Per_Contact": 4, "Automated_Cost_Per_Contact": 0.5})
    >>> gains["Gain_Deflection"], gains["Gain_FCR"]
    (1680000.0, 0)
    """

    def v(name: str, default: float = 0.0) -> float:
        return _value(inputs, name, default)

    after = contacts_after_deflection(v("Annual_Contacts"), v("Deflection_Rate"))
    margin = v("Gross_Margin", 1.0)
    handled: Any = after
    if inputs.get("FCR_Before") is None or inputs.get("FCR_After") is None:
        fcr: Any = 0
    else:
        fcr = _attempt(
            fcr_savings,
            after * v("FCR_Before"),
            v("FCR_Before"),
            v("FCR_After"),
            v("Human_Cost_Per_Contact"),
        )
        handled = _attempt(_handled_after, after, v("FCR_Before"), v("FCR_After"))
    deflection = deflection_savings(
        v("Annual_Contacts"),
        v("Deflection_Rate"),
        v("Human_Cost_Per_Contact"),
        v("Automated_Cost_Per_Contact"),
    ) - deflection_savings(
        v("Annual_Contacts"),
        v("Deflection_Rate_Before"),
        v("Human_Cost_Per_Contact"),
        v("Automated_Cost_Per_Contact"),
    )
    hour_cost = handle_hour_cost(inputs)
    if isinstance(handled, RoiInputError):
        aht: Any = handled
        escalation: Any = handled
    else:
        aht = (
            hour_cost
            if isinstance(hour_cost, RoiInputError)
            else aht_savings(handled, v("AHT_Before_Min"), v("AHT_After_Min"), hour_cost)
        )
        escalation = escalation_savings(
            handled,
            v("Escalation_Rate_Before"),
            v("Escalation_Rate_After"),
            v("Cost_Per_Escalation"),
        )
    return {
        "Contacts_After_Deflection": after,
        "Contacts_Handled_After": handled,
        "Cost_Per_Handle_Hour": hour_cost,
        "Gain_Deflection": deflection,
        "Gain_AHT": aht,
        "Gain_FCR": fcr,
        "Gain_Escalation": escalation,
        "Gain_Conversion": conversion_uplift(
            v("Sales_Interactions"),
            v("Conversion_Before"),
            v("Conversion_After"),
            v("Average_Order_Value"),
            margin,
        ),
        "Gain_Retention": retained_revenue(
            v("Customers"), v("Churn_Before"), v("Churn_After"), v("Revenue_Per_Customer"), margin
        ),
    }


def handle_hour_cost(inputs: Mapping[str, Any]) -> Any:
    """``Cost_Per_Handle_Hour`` of the inputs (template defaults for paid hours, shrinkage
    and occupancy left out), or the typed error a cell would show."""

    def v(name: str, default: float = 0.0) -> float:
        return _value(inputs, name, default)

    return _attempt(
        cost_per_handle_hour,
        v("Agent_Annual_Cost"),
        v("Paid_Hours_Per_Year", DEFAULT_PAID_HOURS),
        v("Shrinkage", DEFAULT_SHRINKAGE),
        v("Occupancy", DEFAULT_OCCUPANCY),
    )


def _handled_after(after: float, fcr_before: float, fcr_after: float) -> float:
    """Contacts people still handle: after deflection, less the repeats better FCR removes."""
    if fcr_after == 0:
        raise ZeroDenominatorError("FCR_After", "FCR after is 0: contacts per issue are undefined")
    return after * fcr_before / fcr_after


#: Outputs that depend on the gains: an undefined lever makes each of them undefined too.
GAIN_OUTPUTS = (
    "Total_Gains_Y1",
    "Total_Gains_Y2",
    "Total_Gains_Y3",
    "ROI_Year1",
    "ROI_3yr",
    "Net_Value_3yr",
    "Benefit_Cost_Ratio",
    "PV_Benefits",
    "NPV_3yr",
    "ROI_TEI",
    "Payback_Months",
    "Benchmark_Position",
    "IRR_3yr",
    "Discounted_Payback_Months",
    "Cash_Gains_3yr",
    "Capacity_Gains_3yr",
    "Capacity_Not_Counted_3yr",
    "Risk_Haircut_3yr",
    "Benefits_Risk_Adjustment",
)


def _profile(inputs: Mapping[str, Any]) -> Any:
    profile = inputs.get("HourProfile")
    return DEFAULT_HOUR_PROFILE if profile is None else profile


def staffing_outputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """FTE needed by Erlang C, hour by hour over a typical open day (FORMULAS.md G).

    Each hour of a typical open day gets ``HourProfile`` (24 shares of a day's
    contacts) of the contacts of an open day (a year's / (``Days_Open_Per_Week``
    x 52)) and is sized by :func:`~roi_xl.core.staffing.agents_by_hour` for
    ``Service_Level_Target`` within ``Answer_Seconds`` and ``Max_Occupancy``;
    the agents on duty convert to FTE by
    :func:`~roi_xl.core.staffing.fte_from_agent_hours` (``Paid_Hours_Per_Year``,
    ``Shrinkage``). Three sizings:

    * all levers (information, not additive with the per-contact levers): the
      contacts people handle today (``Annual_Contacts x (1 -
      Deflection_Rate_Before)``) at ``AHT_Before_Min`` (``Agents_Before``)
      against ``Contacts_Handled_After`` at ``AHT_After_Min`` (``Agents_After``);
    * handle time alone (FORMULAS.md G, "an agent is counted once"):
      ``Contacts_Handled_After`` at AHT before against the same at AHT after:
      ``Agents_Freed_By_AHT``.

    Hard savings = FTE no longer needed x ``Agent_Annual_Cost``. An input left
    out takes the template's default (80% in 20 s, 85%, 30%, 2,080 hours, 5
    days, the 08:00-18:00 profile).

    Examples
    --------
    >>> out = staffing_outputs({"Annual_Contacts": 100_000, "AHT_Before_Min": 3,
    ...                         "AHT_After_Min": 3, "Agent_Annual_Cost": 50_000})
    >>> out["Agents_No_Longer_Needed"], out["Hard_Savings_Staffing"]
    (0.0, 0.0)
    >>> out["Agents_Freed_By_AHT"], out["Hard_Savings_AHT"]
    (0.0, 0.0)
    """

    def v(name: str, default: float = 0.0) -> float:
        return _value(inputs, name, default)

    profile, days = _profile(inputs), v("Days_Open_Per_Week", DEFAULT_DAYS_OPEN)
    sizing = (
        v("Service_Level_Target", 0.8),
        v("Answer_Seconds", 20),
        v("Max_Occupancy", 0.85),
    )
    yearly = (days, v("Paid_Hours_Per_Year", DEFAULT_PAID_HOURS), v("Shrinkage", DEFAULT_SHRINKAGE))
    cost = v("Agent_Annual_Cost")

    def fte(contacts_a_year: float, aht_minutes: float) -> float:
        hourly = contacts_by_hour(contacts_a_year, profile, days)
        return fte_from_agent_hours(agents_by_hour(hourly, aht_minutes * 60, *sizing), *yearly)

    today = v("Annual_Contacts") * (1 - v("Deflection_Rate_Before"))
    before = fte(today, v("AHT_Before_Min"))
    handled = lever_gains(inputs)["Contacts_Handled_After"]
    outputs: dict[str, Any] = {"Agents_Before": before}
    if isinstance(handled, RoiInputError):
        for name in (*STAFFING_AFTER, "Agents_Freed_By_AHT", "Hard_Savings_AHT"):
            outputs[name] = handled
        return outputs
    after = fte(handled, v("AHT_After_Min"))
    at_aht_before = fte(handled, v("AHT_Before_Min"))
    outputs["Agents_After"] = after
    outputs["Agents_No_Longer_Needed"] = before - after
    outputs["Hard_Savings_Staffing"] = (before - after) * cost
    outputs["Agents_Freed_By_AHT"] = at_aht_before - after
    outputs["Hard_Savings_AHT"] = (at_aht_before - after) * cost
    return outputs


#: The all-levers outputs that need the contacts handled after the change.
STAFFING_AFTER = ("Agents_After", "Agents_No_Longer_Needed", "Hard_Savings_Staffing")


def _fed_levers(inputs: Mapping[str, Any], hard_savings_feed_totals: bool) -> dict[str, Any]:
    """The lever gains, with ``Gain_AHT`` replaced by ``Hard_Savings_AHT`` when the switch says
    so (an error there is an error of the lever, as in the sheet)."""
    levers: dict[str, Any] = lever_gains(inputs)
    if feeds_hard_savings(inputs, hard_savings_feed_totals) and undefined_lever(levers) is None:
        levers["Gain_AHT"] = staffing_or_errors(inputs)["Hard_Savings_AHT"]
    return levers


def staffing_or_errors(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`staffing_outputs`, or each of its names the typed error a cell would show
    (a target of 100%, a team beyond the search, paid hours of 0)."""
    try:
        return staffing_outputs(inputs)
    except RoiInputError as error:
        return dict.fromkeys(STAFFING_NAMES, error)


#: The named outputs of the Staffing sheet.
STAFFING_NAMES = (
    "Agents_Before",
    *STAFFING_AFTER,
    "Agents_Freed_By_AHT",
    "Hard_Savings_AHT",
)


def feeds_hard_savings(inputs: Mapping[str, Any], hard_savings_feed_totals: bool = False) -> bool:
    """Whether ``Hard_Savings_AHT`` replaces ``Gain_AHT`` (``Staffing_Feeds_Totals``)."""
    switch = inputs.get("Staffing_Feeds_Totals")
    return hard_savings_feed_totals or (
        isinstance(switch, str) and switch.strip().lower() == STAFFING_SWITCH_VALUES[1]
    )


def _attempt(function: Any, *args: Any) -> Any:
    """The result, or the typed error a cell would show instead."""
    try:
        return function(*args)
    except RoiInputError as error:
        return error


def _irr(gains: Sequence[float], costs: Sequence[float]) -> Any:
    """``IRR_3yr``: the IRR, or ``#N/A`` in the workbook when the net flows never change sign."""
    result = _attempt(tei_irr, list(gains), list(costs))
    if isinstance(result, RoiInputError):
        return NoResultError("IRR_3yr", str(result))
    return result


def _ratio(function: Any, gains: Sequence[float], costs: Sequence[float]) -> Any:
    if sum(costs) == 0 and sum(gains) == 0:
        return 0.0  # nothing entered yet: a blank template shows 0, not an error
    return _attempt(function, list(gains), list(costs))


#: The key of the sum of the ``GainLines`` table in :func:`yearly_by_line`.
OTHER_KEY = "Other_Gain_Lines"

#: The gain lines of the business case as the Scenarios sheet lists them: (key, label).
CASE_LINES: tuple[tuple[str, str], ...] = (
    *((name, label) for name, label, _ in LEVERS),
    (ATTRIBUTION_KEY, "Support-attributed revenue"),
    (OTHER_KEY, "Other gain lines"),
)


def recapture_rate(inputs: Mapping[str, Any]) -> float:
    """``Capacity_Recapture``: the share of freed capacity counted as cash (blank = 100%)."""
    value = inputs.get("Capacity_Recapture")
    return 1.0 if value is None else check.rate(value, "Capacity_Recapture")


def case_lines(
    inputs: Mapping[str, Any],
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> list[tuple[str, GainLine, float]]:
    """Every gain line of the case with its gross filled in: (key, line, margin).

    The key is a lever's name, :data:`ATTRIBUTION_KEY` or :data:`OTHER_KEY` (one
    per row of the ``GainLines`` table). ``margin`` is the gross margin the line
    counts at (the table's Revenue rows; the levers carry theirs in ``gross``).
    When ``Hard_Savings_AHT`` feeds the totals, the handle-time line counts as
    cash: released agents are money that leaves the budget.
    """
    levers = _fed_levers(inputs, hard_savings_feed_totals)
    undefined = undefined_lever(levers) is not None
    settings = lever_settings or {}
    gross = dict(levers)
    erlang = feeds_hard_savings(inputs, hard_savings_feed_totals)
    lines: list[tuple[str, GainLine, float]] = []
    for name, _label, category in LEVERS:
        line = settings.get(name, GainLine(name))
        line = replace(line, category=category, gross=0.0 if undefined else gross[name])
        if name == "Gain_AHT" and erlang:
            line = replace(line, counts_as="cash")
        lines.append((name, line, 1.0))
    revenue = 0.0
    if attributed_revenue is not None:
        revenue = check.non_negative(attributed_revenue, "attributed_revenue")
    adjust = settings.get(ATTRIBUTION_KEY, GainLine(ATTRIBUTION_KEY))
    margin = _value(inputs, "Gross_Margin", 1.0)
    lines.append(
        (ATTRIBUTION_KEY, replace(adjust, category="Revenue", gross=revenue * margin), 1.0)
    )
    lines += [(OTHER_KEY, line, margin) for line in gain_lines]
    return lines


def yearly_by_line(
    inputs: Mapping[str, Any],
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> dict[str, list[float]]:
    """Counted value of each line of :data:`CASE_LINES` in Year 1 .. Year 3.

    A lever is counted at gross x share x (1 - risk) x realisation, times
    ``Capacity_Recapture`` when it counts as capacity; the ``GainLines`` table
    is summed into one line. When a lever is undefined (an FCR of 0) every
    lever counts 0 here, and :func:`business_case` reports the error in the
    totals instead.

    Examples
    --------
    >>> lines = yearly_by_line({"Customers": 1000, "Churn_Before": 0.1, "Churn_After": 0.05,
    ...                         "Revenue_Per_Customer": 100})
    >>> lines["Gain_Retention"], lines["Other_Gain_Lines"]
    ([5000.0, 5000.0, 5000.0], [0.0, 0.0, 0.0])
    """
    recapture = recapture_rate(inputs)
    result: dict[str, list[float]] = {key: [0.0] * YEARS for key, _ in CASE_LINES}
    for key, line, margin in case_lines(
        inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    ):
        values = line.yearly(margin, recapture)
        result[key] = [a + b for a, b in zip(result[key], values, strict=True)]
    return result


def cash_and_capacity(
    inputs: Mapping[str, Any],
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> dict[str, float]:
    """What the counted gains are made of, over the 3 years (FORMULAS.md E).

    Returns
    -------
    dict
        ``Cash_Gains_3yr`` (lines that count as cash), ``Capacity_Gains_3yr``
        (capacity lines, counted after ``Capacity_Recapture``),
        ``Capacity_Not_Counted_3yr`` (the freed capacity the recapture rate
        leaves out), ``Risk_Haircut_3yr`` (what the risk adjustments take off)
        and ``Benefits_Risk_Adjustment`` (the value-weighted risk adjustment:
        haircut / (haircut + counted gains); 0 when nothing is counted).

    Examples
    --------
    A capacity saving of 100 a year at 60% recapture and risk 10%, and 50 a
    year of cash revenue: capacity counted 3 x 100 x 0.6 x 0.9 = 162, not
    counted 3 x 100 x 0.4 x 0.9 = 108, cash 150; haircut 3 x 100 x 0.6 x 0.1 = 18.

    >>> out = cash_and_capacity({"Capacity_Recapture": 0.6}, gain_lines=[
    ...     GainLine("Saved time", "Cost savings", 100, risk=0.1),
    ...     GainLine("Sales", "Revenue", 50)])
    >>> [round(out[k], 9) for k in ("Cash_Gains_3yr", "Capacity_Gains_3yr",
    ...                             "Capacity_Not_Counted_3yr", "Risk_Haircut_3yr")]
    [150.0, 162.0, 108.0, 18.0]
    >>> round(out["Benefits_Risk_Adjustment"], 12)  # 18 / (18 + 312)
    0.054545454545
    """
    recapture = recapture_rate(inputs)
    cash = capacity = not_counted = haircut = 0.0
    for _key, line, margin in case_lines(
        inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    ):
        counted = sum(line.yearly(margin, recapture))
        haircut += sum(line.haircut(margin, recapture))
        if line.kind() == "capacity":
            capacity += counted
            not_counted += sum(line.yearly(margin, 1.0)) - counted
        else:
            cash += counted
    total = haircut + cash + capacity
    return {
        "Cash_Gains_3yr": cash,
        "Capacity_Gains_3yr": capacity,
        "Capacity_Not_Counted_3yr": not_counted,
        "Risk_Haircut_3yr": haircut,
        "Benefits_Risk_Adjustment": haircut / total if total else 0.0,
    }


def failed_checks(*args: Any) -> list[Any]:
    """The model checks that fail (see :mod:`roi_xl.core.checks`)."""
    return [check for check in model_checks(*args) if check.failed]


def business_case(
    inputs: Mapping[str, Any],
    cost_lines: Sequence[CostLine] = (),
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> dict[str, Any]:
    """Every named output of the business-case template.

    Parameters
    ----------
    inputs : mapping
        ``Assumptions`` names (see :func:`lever_gains`) plus ``Discount_Rate``
        (blank is 0, as in a cell; the templates pre-fill 10%) and
        ``Business_Type`` (default ``"saas"``).
    cost_lines : sequence of CostLine
        The ``CostLines`` table.
    lever_settings : mapping, optional
        Per lever name (``"Gain_AHT"``, ...) a :class:`GainLine` whose share,
        risk and realisation apply to that lever (its ``gross`` is ignored).
    gain_lines : sequence of GainLine
        The extra lines of the ``GainLines`` table.
    attributed_revenue : float, optional
        Support-attributed revenue (the Attribution sheet's
        ``Support_Attributed_Revenue``) to count as a gain line at the gross
        margin, with the share, risk and realisation of
        ``lever_settings["Support_Attributed_Revenue"]``. ``None`` (the
        default, as in the templates) leaves it out.
    hard_savings_feed_totals : bool
        ``Hard_Savings_AHT`` (Erlang C, handle time alone) replaces ``Gain_AHT``
        in the totals, as ``Staffing_Feeds_Totals = "erlang c"`` does (the
        input may also say so).

    Returns
    -------
    dict
        The outputs of TEMPLATES.md by name, plus the levers' gross gains. A
        value that a cell would show as an Excel error is the
        :class:`~roi_xl.core.RoiInputError` instead.

    Examples
    --------
    FORMULAS.md A: costs of $1M and gains of $900,000 give an ROI of -10%.

    >>> case = business_case({}, [CostLine("Technology", "Platform", initial=1_000_000)],
    ...                      gain_lines=[GainLine("Savings", gross=900_000,
    ...                                           realisation=(1, 0, 0))])
    >>> round(case["ROI_3yr"], 12)
    -0.1
    """
    levers = lever_gains(inputs)
    staffing = staffing_or_errors(inputs)
    undefined = undefined_lever(_fed_levers(inputs, hard_savings_feed_totals))
    by_line = yearly_by_line(
        inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    )
    gains = [sum(values[t] for values in by_line.values()) for t in range(YEARS)]
    initial, costs = cost_totals(cost_lines)
    outputs: dict[str, Any] = dict(levers)
    outputs.update(staffing)
    outputs.update(
        headline_outputs(
            initial,
            costs,
            gains,
            _value(inputs, "Discount_Rate"),
            inputs.get("Business_Type") or "saas",
        )
    )
    outputs.update(
        cash_and_capacity(
            inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
        )
    )
    if undefined is not None:  # as in a sheet, an error in a lever flows into every total
        outputs.update(dict.fromkeys(GAIN_OUTPUTS, undefined))
    outputs["Checks_Failed"] = len(
        failed_checks(inputs, cost_lines, lever_settings, gain_lines, outputs)
    )
    return outputs


def headline_outputs(
    initial_cost: float,
    costs: Sequence[float],
    gains: Sequence[float],
    discount_rate: float,
    business_type: str = "saas",
) -> dict[str, Any]:
    """The headline outputs from yearly totals (the executive summary's inputs).

    Parameters
    ----------
    initial_cost : float
        Costs at time 0 (``Total_Costs_Initial``).
    costs, gains : sequence of float
        Costs and attributed gains for Year 1 .. Year 3.
    discount_rate : float
        Discount rate for the TEI figures.
    business_type : str
        For the benchmark position.

    Returns
    -------
    dict
        ``Total_*``, ``ROI_Year1``, ``ROI_3yr``, ``Net_Value_3yr``,
        ``Benefit_Cost_Ratio``, ``PV_Benefits``, ``PV_Costs``, ``NPV_3yr``,
        ``ROI_TEI``, ``Payback_Months``, ``Benchmark_Position``, ``IRR_3yr``
        (Excel's ``IRR`` of the net flows) and ``Discounted_Payback_Months``; a
        value a cell would show as an error is the typed error instead.

    Examples
    --------
    >>> out = headline_outputs(100_000, [50_000] * 3, [150_000] * 3, 0.0)
    >>> out["ROI_3yr"], out["Payback_Months"]
    (0.8, 12.0)
    """
    gains, costs = list(gains), list(costs)
    cost_flows = [initial_cost, *costs]
    gain_flows = [0.0, *gains]
    pv_benefits = present_value(discount_rate, gain_flows)
    pv_costs = present_value(discount_rate, cost_flows)
    roi_3yr = _ratio(roi, gains, cost_flows)
    net_flows = [g - c for g, c in zip(gain_flows, cost_flows, strict=True)]
    position = (
        roi_3yr
        if isinstance(roi_3yr, RoiInputError)
        else _attempt(benchmark_position, roi_3yr, business_type)
    )
    if pv_costs == 0 and pv_benefits == 0:
        roi_tei: Any = 0.0
    elif pv_costs == 0:
        roi_tei = ZeroDenominatorError("costs", "the costs add up to 0")
    else:
        roi_tei = (pv_benefits - pv_costs) / pv_costs
    return {
        "Total_Costs_Initial": initial_cost,
        **{f"Total_Costs_Y{t + 1}": costs[t] for t in range(len(costs))},
        **{f"Total_Gains_Y{t + 1}": gains[t] for t in range(len(gains))},
        "ROI_Year1": _ratio(roi, gains[:1], [initial_cost, costs[0]]),
        "ROI_3yr": roi_3yr,
        "Net_Value_3yr": net_value(gains, cost_flows),
        "Benefit_Cost_Ratio": _ratio(benefit_cost_ratio, gains, cost_flows),
        "PV_Benefits": pv_benefits,
        "PV_Costs": pv_costs,
        "NPV_3yr": pv_benefits - pv_costs,
        "ROI_TEI": roi_tei,
        "Payback_Months": _attempt(payback_period, net_flows),
        "Benchmark_Position": position,
        "IRR_3yr": _irr(gain_flows, cost_flows),
        "Discounted_Payback_Months": _attempt(discounted_payback_period, discount_rate, net_flows),
    }

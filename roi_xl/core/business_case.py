"""The three-year business case of TEMPLATES.md, computed with the core functions.

This is the reference the template workbooks are proved against: the same
inputs give the same named outputs here and in the native Excel formulas of
``roi_business_case.xlsx``. It stacks the levers with the double-counting
guard (handle-time, FCR and escalation savings apply only to the contacts left
after deflection), applies each gain line's attribution share, risk
adjustment and yearly realisation, and derives ROI, NPV, payback and the
benchmark position.

Blank inputs are ``None``: a lever whose inputs are blank contributes 0, as
in the template. The one deliberate departure from :func:`roi` is the empty
case: with no costs *and* no gains entered the ROI figures are 0, so a blank
template shows zeros rather than errors; costs of 0 against gains still raise
:class:`ZeroDenominatorError` (``#DIV/0!`` in the workbook).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import _inputs as check
from .benchmarks import benchmark_position
from .cost_levers import (
    aht_savings,
    contacts_after_deflection,
    deflection_savings,
    escalation_savings,
    fcr_savings,
)
from .errors import RoiInputError, ZeroDenominatorError
from .finance import payback_period, present_value
from .headline import benefit_cost_ratio, net_value, roi
from .revenue_levers import conversion_uplift, retained_revenue
from .staffing import agents_required

__all__ = [
    "YEARS",
    "LEVERS",
    "CostLine",
    "GainLine",
    "lever_gains",
    "yearly_by_line",
    "CASE_LINES",
    "OTHER_KEY",
    "business_case",
    "headline_outputs",
    "staffing_outputs",
]

YEARS = 3

#: The lever gain lines of the Gains sheet, in order, with their category.
LEVERS: tuple[tuple[str, str, str], ...] = (
    ("Gain_Deflection", "Deflection to self-service and AI", "Cost savings"),
    ("Gain_AHT", "Shorter handle time", "Cost savings"),
    ("Gain_FCR", "First-contact resolution", "Cost savings"),
    ("Gain_Escalation", "Fewer escalations", "Cost savings"),
    ("Gain_Conversion", "Conversion uplift", "Revenue"),
    ("Gain_Retention", "Churn avoided", "Retention"),
)


#: The key of the support-attributed revenue line in ``lever_settings``.
ATTRIBUTION_KEY = "Support_Attributed_Revenue"


@dataclass(frozen=True)
class CostLine:
    """One row of the ``CostLines`` table."""

    category: str
    item: str
    channel: str = "All"
    initial: float = 0.0
    years: tuple[float, ...] = (0.0, 0.0, 0.0)
    notes: str = ""


@dataclass(frozen=True)
class GainLine:
    """A gain line: a lever or a row of the ``GainLines`` table.

    ``gross`` is the gross annual value; the value counted in year t is
    ``gross * share * (1 - risk) * realisation[t]``. The defaults are neutral
    (100%, 0%, 100% every year) so that every haircut is chosen on purpose.
    """

    name: str
    category: str = "Other"
    gross: float = 0.0
    share: float = 1.0
    risk: float = 0.0
    realisation: tuple[float, ...] = field(default=(1.0, 1.0, 1.0))

    def yearly(self) -> list[float]:
        """Attributed, risk-adjusted, realised value for each year."""
        share = check.rate(self.share, f"{self.name} attribution share")
        risk = check.rate(self.risk, f"{self.name} risk adjustment")
        return [
            self.gross * share * (1 - risk) * check.rate(r, f"{self.name} realisation")
            for r in self.realisation
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
        ``Contacts_After_Deflection`` and ``Gain_Deflection`` ..
        ``Gain_Retention``. ``Gain_FCR`` is the typed error when an FCR is
        filled in as 0 (``#DIV/0!`` in the workbook).

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
    return {
        "Contacts_After_Deflection": after,
        "Gain_Deflection": deflection_savings(
            v("Annual_Contacts"),
            v("Deflection_Rate"),
            v("Human_Cost_Per_Contact"),
            v("Automated_Cost_Per_Contact"),
        ),
        "Gain_AHT": aht_savings(
            after, v("AHT_Before_Min"), v("AHT_After_Min"), v("Loaded_Cost_Per_Hour")
        ),
        "Gain_FCR": fcr,
        "Gain_Escalation": escalation_savings(
            after,
            v("Escalation_Rate_Before"),
            v("Escalation_Rate_After"),
            v("Cost_Per_Escalation"),
        ),
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
)


#: The peak interval of the Staffing sheet, in seconds.
PEAK_INTERVAL_SECONDS = 3600


def staffing_outputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Agents needed at the peak hour before and after, by Erlang C, and the hard savings.

    Before: ``Peak_Hour_Contacts`` at ``AHT_Before_Min``. After: the peak volume
    left after deflection (``1 - Deflection_Rate``) at ``AHT_After_Min``. Both are
    sized for ``Service_Level_Target`` within ``Answer_Seconds`` (defaults 80% in
    20 s), ``Max_Occupancy`` (85%) and scheduled after ``Shrinkage`` (30%).
    Hard savings = agents no longer needed x ``Agent_Annual_Cost``.

    Examples
    --------
    >>> out = staffing_outputs({"Peak_Hour_Contacts": 200, "AHT_Before_Min": 3,
    ...                         "AHT_After_Min": 3, "Agent_Annual_Cost": 50_000})
    >>> out["Agents_Before"] == out["Agents_After"], out["Hard_Savings_Staffing"]
    (True, 0.0)
    """

    def v(name: str, default: float = 0.0) -> float:
        return _value(inputs, name, default)

    sizing = (
        PEAK_INTERVAL_SECONDS,
        v("Service_Level_Target", 0.8),
        v("Answer_Seconds", 20),
        v("Max_Occupancy", 0.85),
        v("Shrinkage", 0.3),
    )
    peak = v("Peak_Hour_Contacts")
    before = agents_required(peak, v("AHT_Before_Min") * 60, *sizing)
    after = agents_required(peak * (1 - v("Deflection_Rate")), v("AHT_After_Min") * 60, *sizing)
    freed = before - after
    return {
        "Agents_Before": before,
        "Agents_After": after,
        "Agents_No_Longer_Needed": freed,
        "Hard_Savings_Staffing": freed * v("Agent_Annual_Cost"),
    }


def _attempt(function: Any, *args: Any) -> Any:
    """The result, or the typed error a cell would show instead."""
    try:
        return function(*args)
    except RoiInputError as error:
        return error


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


def yearly_by_line(
    inputs: Mapping[str, Any],
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> dict[str, list[float]]:
    """Counted value of each line of :data:`CASE_LINES` in Year 1 .. Year 3.

    A lever is counted at gross x share x (1 - risk) x realisation; the
    ``GainLines`` table is summed into one line. When a lever is undefined (an
    FCR of 0) every lever counts 0 here, and :func:`business_case` reports the
    error in the totals instead.

    Examples
    --------
    >>> lines = yearly_by_line({"Customers": 1000, "Churn_Before": 0.1, "Churn_After": 0.05,
    ...                         "Revenue_Per_Customer": 100})
    >>> lines["Gain_Retention"], lines["Other_Gain_Lines"]
    ([5000.0, 5000.0, 5000.0], [0.0, 0.0, 0.0])
    """
    levers = lever_gains(inputs)
    undefined = undefined_lever(levers) is not None
    settings = lever_settings or {}
    gross = dict(levers)
    if hard_savings_feed_totals:
        gross["Gain_AHT"] = staffing_outputs(inputs)["Hard_Savings_Staffing"]
    lines = {
        name: GainLine(
            name,
            category,
            0.0 if undefined else gross[name],
            settings[name].share if name in settings else 1.0,
            settings[name].risk if name in settings else 0.0,
            settings[name].realisation if name in settings else (1.0,) * YEARS,
        ).yearly()
        for name, _label, category in LEVERS
    }
    revenue = 0.0
    if attributed_revenue is not None:
        revenue = check.non_negative(attributed_revenue, "attributed_revenue")
    adjust = settings.get(ATTRIBUTION_KEY, GainLine(ATTRIBUTION_KEY))
    margin = _value(inputs, "Gross_Margin", 1.0)
    lines[ATTRIBUTION_KEY] = replace(adjust, gross=revenue * margin).yearly()
    others = [line.yearly() for line in gain_lines]
    lines[OTHER_KEY] = [sum((values[t] for values in others), 0.0) for t in range(YEARS)]
    return lines


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
    staffing = staffing_outputs(inputs)
    undefined = undefined_lever(levers)
    by_line = yearly_by_line(
        inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    )
    gains = [sum(values[t] for values in by_line.values()) for t in range(YEARS)]
    initial = sum(line.initial for line in cost_lines)
    costs = [sum(line.years[t] for line in cost_lines) for t in range(YEARS)]
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
    if undefined is not None:  # as in a sheet, an error in a lever flows into every total
        outputs.update(dict.fromkeys(GAIN_OUTPUTS, undefined))
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
        ``ROI_TEI``, ``Payback_Months`` and ``Benchmark_Position``; a value a
        cell would show as an error is the typed error instead.

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
    }

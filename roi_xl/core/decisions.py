"""What if the assumptions are wrong: scenarios, sensitivity and break-even.

The reference for the ``Scenarios`` sheet of the business case. Everything
here is computed from the business case's counted gain lines
(:func:`~roi_xl.core.business_case.yearly_by_line`) and its costs:

* **Scenarios** multiply each line's gain and the costs (defaults 70% /
  100% / 120% of the gains, 110% / 100% / 95% of the costs) and give the
  3-year ROI, NPV and payback of each.
* **Sensitivity** moves one line's gain by -/+ a percent (default 20%) and
  gives the 3-year ROI, largest swing first (the tornado).
* **Break-even** gives the gains a year that make the 3-year ROI 0 (and the
  target ROI), and for each lever alone the value of its input that does it.
  The lever break-evens are found here by evaluating the whole business case
  at two values of the input and solving the straight line through them (the
  3-year net value is linear in each input, in 1 / FCR for first-contact
  resolution) - a different route from the closed forms of the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import _inputs as check
from .business_case import (
    CASE_LINES,
    YEARS,
    CostLine,
    GainLine,
    business_case,
    cost_totals,
    feeds_hard_savings,
    headline_outputs,
    lever_gains,
    undefined_lever,
    yearly_by_line,
)
from .checks import expected_is_base
from .errors import NotLinearError, RoiInputError, ZeroDenominatorError

__all__ = [
    "SCENARIOS",
    "DEFAULT_GAIN_MULTIPLIERS",
    "DEFAULT_COST_MULTIPLIERS",
    "BREAKEVEN_INPUTS",
    "DecisionSettings",
    "decision_outputs",
    "lever_breakeven",
    "NOT_REACHABLE",
]

#: What a break-even shows when no value of its input alone reaches it.
NOT_REACHABLE = "not reachable by this input alone"

SCENARIOS = ("Conservative", "Expected", "Optimistic")
DEFAULT_GAIN_MULTIPLIERS = (0.7, 1.0, 1.2)
DEFAULT_COST_MULTIPLIERS = (1.1, 1.0, 0.95)

#: For each lever: the break-even output, its input, two values of the input
#: inside its domain, and whether the net value is linear in 1 / input.
BREAKEVEN_INPUTS: tuple[tuple[str, str, str, float, float, bool], ...] = (
    ("Gain_Deflection", "Breakeven_Deflection_Rate", "Deflection_Rate", 0.0, 1.0, False),
    ("Gain_AHT", "Breakeven_AHT_After_Min", "AHT_After_Min", 0.0, 1.0, False),
    ("Gain_FCR", "Breakeven_FCR_After", "FCR_After", 1.0, 0.5, True),
    (
        "Gain_Escalation",
        "Breakeven_Escalation_Rate_After",
        "Escalation_Rate_After",
        0.0,
        1.0,
        False,
    ),
    ("Gain_Conversion", "Breakeven_Conversion_After", "Conversion_After", 0.0, 1.0, False),
    ("Gain_Retention", "Breakeven_Churn_After", "Churn_After", 0.0, 1.0, False),
)


@dataclass(frozen=True)
class DecisionSettings:
    """The inputs of the Scenarios sheet.

    ``gain_multipliers`` maps a line key of
    :data:`~roi_xl.core.business_case.CASE_LINES` to its (conservative,
    expected, optimistic) multipliers; a line left out gets
    :data:`DEFAULT_GAIN_MULTIPLIERS`.
    """

    gain_multipliers: Mapping[str, Sequence[float]] = field(default_factory=dict)
    cost_multipliers: Sequence[float] = DEFAULT_COST_MULTIPLIERS
    sensitivity: float = 0.2
    target_roi: float = 1.0

    def gains(self, key: str) -> tuple[float, float, float]:
        """The three multipliers of one gain line."""
        values = tuple(self.gain_multipliers.get(key, DEFAULT_GAIN_MULTIPLIERS))
        low, mode, high = (check.non_negative(v, f"{key} multiplier") for v in values)
        return low, mode, high


def _scaled(values: Sequence[float], factor: float) -> list[float]:
    return [v * factor for v in values]


def decision_outputs(
    inputs: Mapping[str, Any],
    cost_lines: Sequence[CostLine] = (),
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
    settings: DecisionSettings | None = None,
) -> dict[str, Any]:
    """Every named output of the Scenarios sheet.

    The arguments are those of :func:`~roi_xl.core.business_case`, plus the
    sheet's ``settings``.

    Returns
    -------
    dict
        ``ROI_<scenario>``, ``NPV_<scenario>``, ``Payback_<scenario>`` for
        each of :data:`SCENARIOS`; ``Gains_Per_Year`` (the case's counted
        gains, a year on average), ``Breakeven_Gains`` and
        ``Target_ROI_Gains`` (the gains a year, the same each year, that
        give a 3-year ROI of 0 and of the target); one break-even input per
        lever (:data:`BREAKEVEN_INPUTS`), :data:`NOT_REACHABLE` when it lies
        outside the input's range; and the ranges
        ``Scenario_Gains`` (3-year value of each line in each scenario),
        ``Scenario_Costs`` and ``Sensitivity_Table`` (label, ROI at -p, ROI
        at +p, largest swing first). A value a cell shows as an error is the
        typed error; when a lever is undefined the ranges are ``None``.
        ``Checks_Failed`` is the business case's count plus the check that
        the expected column is the base case (its ROI and NPV).

    Examples
    --------
    >>> from roi_xl.core import CostLine, GainLine
    >>> out = decision_outputs({}, [CostLine("Technology", "Platform", initial=300_000)],
    ...                        gain_lines=[GainLine("Savings", gross=200_000)])
    >>> round(out["ROI_Expected"], 12), round(out["ROI_Conservative"], 12)
    (1.0, 0.272727272727)
    >>> out["Breakeven_Gains"]
    100000.0
    """
    settings = settings or DecisionSettings()
    rate = check.number(inputs.get("Discount_Rate") or 0.0, "Discount_Rate")
    initial, costs = cost_totals(cost_lines)
    total_costs = initial + sum(costs)
    by_line = yearly_by_line(
        inputs, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    )
    undefined = undefined_lever(lever_gains(inputs))
    outputs: dict[str, Any] = {}

    scenario_gains = []
    for index, scenario in enumerate(SCENARIOS):
        factor = check.non_negative(settings.cost_multipliers[index], "cost multiplier")
        lines = {key: _scaled(by_line[key], settings.gains(key)[index]) for key, _ in CASE_LINES}
        scenario_gains.append([sum(values) for values in lines.values()])
        yearly = [sum(values[t] for values in lines.values()) for t in range(YEARS)]
        head = headline_outputs(initial * factor, _scaled(costs, factor), yearly, rate)
        outputs[f"ROI_{scenario}"] = head["ROI_3yr"]
        outputs[f"NPV_{scenario}"] = head["NPV_3yr"]
        outputs[f"Payback_{scenario}"] = head["Payback_Months"]

    base = [sum(by_line[key]) for key, _ in CASE_LINES]
    gains_3yr = sum(base)
    outputs["Gains_Per_Year"] = gains_3yr / YEARS
    outputs["Breakeven_Gains"] = total_costs / YEARS
    target = check.number(settings.target_roi, "Target_ROI")
    outputs["Target_ROI_Gains"] = total_costs * (1 + target) / YEARS
    for _lever, name, *_ in BREAKEVEN_INPUTS:
        value = lever_breakeven(
            name,
            inputs,
            cost_lines,
            lever_settings,
            gain_lines,
            attributed_revenue,
            hard_savings_feed_totals,
        )
        outputs[name] = NOT_REACHABLE if _out_of_range(name, value) else value

    p = check.rate(settings.sensitivity, "Sensitivity_Percent")
    table = []
    for (key, label), value in zip(CASE_LINES, base, strict=True):
        rois = []
        for sign in (-1, 1):
            moved = {k: _scaled(v, 1 + sign * p) if k == key else v for k, v in by_line.items()}
            yearly = [sum(values[t] for values in moved.values()) for t in range(YEARS)]
            rois.append(headline_outputs(initial, costs, yearly, rate)["ROI_3yr"])
        table.append((abs(value), label, *rois))
    order = sorted(range(len(table)), key=lambda i: -table[i][0])  # stable: ties keep line order
    outputs["Sensitivity_Table"] = tuple(tuple(table[i][1:]) for i in order)
    outputs["Scenario_Gains"] = tuple(zip(*scenario_gains, strict=True))
    outputs["Scenario_Costs"] = (
        tuple(total_costs * check.number(m, "cost multiplier") for m in settings.cost_multipliers),
    )
    case = business_case(
        inputs, cost_lines, lever_settings, gain_lines, attributed_revenue, hard_savings_feed_totals
    )
    expected = {
        "ROI_Expected": outputs["ROI_Expected"],
        "NPV_Expected": outputs["NPV_Expected"],
        "ROI_3yr": case["ROI_3yr"],
        "NPV_3yr": case["NPV_3yr"],
    }
    if undefined is not None:  # as in the sheet, an undefined lever flows into every result
        for name in outputs:
            if name in ("Scenario_Gains", "Sensitivity_Table"):
                outputs[name] = None
            elif name not in ("Breakeven_Gains", "Target_ROI_Gains", "Scenario_Costs"):
                outputs[name] = undefined
    outputs["Checks_Failed"] = case["Checks_Failed"] + expected_is_base(expected).failed
    return outputs


def _out_of_range(name: str, value: Any) -> bool:
    """Whether a lever's break-even lies outside its input's range (no value of it reaches)."""
    if isinstance(value, RoiInputError):
        return False
    upper = None if name == "Breakeven_AHT_After_Min" else 1.0
    return bool(value < 0 or (upper is not None and value > upper))


def lever_breakeven(
    name: str,
    inputs: Mapping[str, Any],
    cost_lines: Sequence[CostLine] = (),
    lever_settings: Mapping[str, GainLine] | None = None,
    gain_lines: Sequence[GainLine] = (),
    attributed_revenue: float | None = None,
    hard_savings_feed_totals: bool = False,
) -> Any:
    """The value of one lever's input that makes the 3-year ROI 0, others held.

    ``name`` is an output of :data:`BREAKEVEN_INPUTS` (``"Breakeven_Deflection_Rate"``).
    The result may lie outside the input's range (a rate above 100%): then no
    value of that input alone breaks even. Returns the typed error a cell
    shows instead: :class:`NotLinearError` when Erlang C hard savings feed the
    totals (deflection and handle time) or FCR is not filled in,
    :class:`ZeroDenominatorError` when the input does not move the net value.

    Examples
    --------
    Gains of $1.68M a year from 40% deflection against $1.2M a year of costs
    (FORMULAS.md B): the case breaks even at 2/7 deflection.

    >>> inputs = {"Annual_Contacts": 1_200_000, "Deflection_Rate": 0.4,
    ...           "Human_Cost_Per_Contact": 4, "Automated_Cost_Per_Contact": 0.5}
    >>> rate = lever_breakeven("Breakeven_Deflection_Rate", inputs,
    ...                        [CostLine("Technology", "AI", years=(1.2e6,) * 3)])
    >>> round(rate * 7, 12)
    2.0
    """
    lever, _, field_name, first, second, reciprocal = next(
        row for row in BREAKEVEN_INPUTS if row[1] == name
    )
    erlang = feeds_hard_savings(inputs, hard_savings_feed_totals)
    if erlang and lever in ("Gain_Deflection", "Gain_AHT", "Gain_FCR"):
        return NotLinearError(
            name, "Erlang C hard savings feed the totals: agent counts are not linear"
        )
    if lever == "Gain_FCR" and None in (inputs.get("FCR_Before"), inputs.get("FCR_After")):
        return NotLinearError(name, "fill in FCR before and after")

    def net(value: float) -> Any:
        case = business_case(
            {**inputs, field_name: value},
            cost_lines,
            lever_settings,
            gain_lines,
            attributed_revenue,
            hard_savings_feed_totals,
        )
        return case["Net_Value_3yr"]

    return _root(net, first, second, name, reciprocal=reciprocal)


def _root(
    net: Callable[[float], Any], first: float, second: float, name: str, *, reciprocal: bool
) -> Any:
    """Where the straight line through net(first) and net(second) crosses 0.

    With ``reciprocal`` the line is straight in 1 / x, and the root is mapped back.
    """
    low, high = net(first), net(second)
    for value in (low, high):
        if isinstance(value, RoiInputError):
            return value
    x0, x1 = (1 / first, 1 / second) if reciprocal else (first, second)
    slope = (high - low) / (x1 - x0)
    if slope == 0:
        return ZeroDenominatorError(name, "this input does not change the net value")
    root = x0 - low / slope
    if not reciprocal:
        return root
    if root == 0:
        return ZeroDenominatorError(name, "no finite value breaks even")
    return 1 / root

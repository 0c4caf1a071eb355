"""Random valid fills for the templates (seeded) and the core's answer for each."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from roi_xl.core import (
    BUSINESS_TYPES,
    CASE_LINES,
    LEVERS,
    CostLine,
    DecisionSettings,
    GainLine,
    business_case,
    decision_outputs,
    headline_outputs,
    support_attributed_revenue,
)
from roi_xl.core.checks import AFTER_VERSUS_BEFORE
from roi_xl.workbooks.assumptions import ALL_ASSUMPTIONS
from roi_xl.workbooks.attribution import TouchLogFill
from roi_xl.workbooks.lists import CHANNELS, COST_CATEGORIES, GAIN_CATEGORIES
from roi_xl.workbooks.staffing import INPUTS as STAFFING_INPUTS
from roi_xl.workbooks.templates import Fill
from roi_xl.workbooks.totals import GAIN_LABELS


def _maybe(rng: random.Random, value: float, blank: float = 0.08) -> float | None:
    return None if rng.random() < blank else value


def _recapture(rng: random.Random) -> float | None:
    own = random.Random(hash(rng.getstate()[1]))  # a tuple of ints: the same hash every run
    return own.choice([None, 0.0, 1.0, own.random(), own.random()])


def random_inputs(rng: random.Random) -> dict[str, Any]:
    aht_before = rng.uniform(2, 20)
    deflection = _maybe(rng, rng.choice([rng.random(), 1.0, 0.0]))
    return {
        "Business_Type": rng.choice(BUSINESS_TYPES),
        "Discount_Rate": rng.uniform(0, 0.3),
        "Gross_Margin": rng.uniform(0.2, 1),
        # blank (100%), none of it, or a share of the freed capacity counted as cash; drawn
        # from a generator of its own, so that the other inputs stay those drawn before it
        "Capacity_Recapture": _recapture(rng),
        "Annual_Contacts": _maybe(rng, rng.randint(0, 5_000_000)),
        "Human_Cost_Per_Contact": _maybe(rng, rng.uniform(2, 15)),
        "Automated_Cost_Per_Contact": _maybe(rng, rng.uniform(0.1, 2)),
        "Deflection_Rate": deflection,
        # today's automation: blank (0) or below the deflection rate after, now and then above
        "Deflection_Rate_Before": _maybe(rng, rng.uniform(0, deflection or 0.3), blank=0.5),
        "AHT_Before_Min": _maybe(rng, aht_before),
        "AHT_After_Min": _maybe(rng, rng.uniform(1, aht_before)),
        # issue 20: one cost basis (Cost_Per_Handle_Hour) for the lever and the Staffing sheet
        "Agent_Annual_Cost": _maybe(rng, rng.uniform(25_000, 90_000)),
        "Paid_Hours_Per_Year": rng.uniform(1_600, 2_200),
        "Shrinkage": rng.uniform(0, 0.4),
        "Occupancy": rng.uniform(0.6, 0.95),
        "FCR_Before": _maybe(rng, rng.uniform(0.3, 0.95)),
        "FCR_After": _maybe(rng, rng.uniform(0.3, 0.99)),
        "Escalation_Rate_Before": _maybe(rng, rng.uniform(0, 0.3)),
        "Escalation_Rate_After": _maybe(rng, rng.uniform(0, 0.3)),
        "Cost_Per_Escalation": _maybe(rng, rng.uniform(5, 100)),
        "Sales_Interactions": _maybe(rng, rng.randint(0, 2_000_000)),
        "Conversion_Before": _maybe(rng, rng.uniform(0, 0.2)),
        "Conversion_After": _maybe(rng, rng.uniform(0, 0.2)),
        "Average_Order_Value": _maybe(rng, rng.uniform(10, 500)),
        "Customers": _maybe(rng, rng.randint(0, 2_000_000)),
        "Revenue_Per_Customer": _maybe(rng, rng.uniform(10, 2_000)),
        "Churn_Before": _maybe(rng, rng.uniform(0, 0.4)),
        "Churn_After": _maybe(rng, rng.uniform(0, 0.4)),
        # the Staffing sheet (business case), hour by hour: the search covers 200 agents
        # above each hour's start, far more than these targets need
        "HourProfile": random_profile(rng),
        "Days_Open_Per_Week": rng.choice([5, 6, 7, round(rng.uniform(1, 7), 2)]),
        "Service_Level_Target": rng.uniform(0.6, 0.95),
        "Answer_Seconds": rng.choice([10, 20, 30]),
        "Max_Occupancy": rng.uniform(0.75, 0.95),
        "Staffing_Feeds_Totals": rng.choice(["straight-line", "erlang c", None]),
    }


def random_profile(rng: random.Random) -> list[float] | None:
    """A day's hourly shares: the template's default now and then, else a random open day
    whose shares add up to 100% (a tenth of the time they add up to 90%: the check fails)."""
    if rng.random() < 0.2:
        return None
    first = rng.randint(0, 10)
    hours = range(first, rng.randint(first + 1, 24))
    weights = [rng.random() for _ in hours]
    total = sum(weights) * (1 / 0.9 if rng.random() < 0.1 else 1)
    profile = [0.0] * 24
    for hour, weight in zip(hours, weights, strict=True):
        profile[hour] = weight / total
    return profile


def random_cost_lines(rng: random.Random) -> list[CostLine]:
    lines = []
    for index in range(rng.randint(1, 15)):
        only_initial = rng.random() < 0.2
        lines.append(
            CostLine(
                rng.choice(COST_CATEGORIES),
                f"cost {index}",
                rng.choice(CHANNELS),
                round(rng.uniform(0, 1_000_000), 2),
                (0.0, 0.0, 0.0)
                if only_initial
                else tuple(round(rng.uniform(0, 2_000_000), 2) for _ in range(3)),
                risk=rng.choice([0.0, round(rng.uniform(0, 0.5), 3)]),
            )
        )
    return lines


def _adjustments(rng: random.Random) -> dict[str, Any]:
    return {
        "share": rng.uniform(0.1, 1),
        "risk": rng.uniform(0, 0.5),
        "realisation": tuple(rng.uniform(0.3, 1) for _ in range(3)),
        # blank (by the category), or chosen either way
        "counts_as": rng.choice([None, "cash", "capacity", "Capacity"]),
        "risk_reason": rng.choice(["", "vendor's figure, not yet measured here"]),
    }


def random_fill(rng: random.Random) -> Fill:
    return Fill(
        inputs=random_inputs(rng),
        cost_lines=random_cost_lines(rng),
        lever_settings={name: GainLine(name, **_adjustments(rng)) for name, *_ in LEVERS},
        gain_lines=[
            GainLine(
                f"extra {i}",
                rng.choice(GAIN_CATEGORIES),
                round(rng.uniform(0, 500_000), 2),
                **_adjustments(rng),
            )
            for i in range(rng.randint(0, 5))
        ],
        decisions=random_decisions(rng),
    )


def clean_fill(fill: Fill) -> Fill:
    """The same fill with every *after* at least as good as its *before*, and the Scenarios
    sheet's expected column the base case (multipliers of 100%): no check fails."""
    inputs = dict(fill.inputs)
    for before, after, direction, _label in AFTER_VERSUS_BEFORE:
        a, b = inputs.get(before), inputs.get(after)
        if a is not None and b is not None:
            low, high = sorted((a, b))
            # "higher" is worse for AHT, escalations, churn: after gets the lower value
            inputs[before], inputs[after] = (high, low) if direction == "higher" else (low, high)
    # the cost basis: the agent time in a contact (AHT before / 60 x the cost of a handle
    # hour, by hand) costs no more than the contact
    # (an input left out has the template's default: 2,080 hours, 30%, 85%)
    paid = inputs.get("Paid_Hours_Per_Year", 2080)
    hour = (inputs.get("Agent_Annual_Cost") or 0) / (
        paid * (1 - inputs.get("Shrinkage", 0.3)) * inputs.get("Occupancy", 0.85)
    )
    labour = (inputs.get("AHT_Before_Min") or 0) / 60 * hour
    if inputs.get("Human_Cost_Per_Contact") is not None:
        inputs["Human_Cost_Per_Contact"] = max(inputs["Human_Cost_Per_Contact"], labour * 1.01)
    total = sum(inputs.get("HourProfile") or [1.0])
    if abs(total - 1) > 1e-6:  # the shares of a day add up to 100%
        inputs["HourProfile"] = [share / total for share in inputs["HourProfile"]]
    decisions = fill.decisions
    if decisions is not None:
        low, _, high = decisions.cost_multipliers
        decisions = replace(
            decisions,
            gain_multipliers={
                key: (min(m[0], 1.0), 1.0, max(m[2], 1.0))
                for key, m in decisions.gain_multipliers.items()
            },
            cost_multipliers=(max(low, 1.0), 1.0, min(high, 1.0)),
        )
    return replace(fill, inputs=inputs, decisions=decisions)


def random_decisions(rng: random.Random) -> DecisionSettings | None:
    """The Scenarios sheet's inputs: the defaults now and then, else random multipliers."""
    if rng.random() < 0.2:
        return None
    return DecisionSettings(
        gain_multipliers={
            key: sorted(round(rng.uniform(0.3, 1.6), 3) for _ in range(3)) for key, _ in CASE_LINES
        },
        cost_multipliers=sorted((round(rng.uniform(0.7, 1.5), 3) for _ in range(3)), reverse=True),
        sensitivity=rng.choice([0.0, 0.1, 0.2, round(rng.uniform(0, 1), 3)]),
        target_roi=round(rng.uniform(-0.5, 3), 3),
    )


def random_summary_fill(rng: random.Random) -> Fill:
    inputs = random_inputs(rng)
    initial = rng.choice([0.0, round(rng.uniform(0, 2_000_000), 2)])
    years = [round(rng.uniform(0, 3_000_000), 2) for _ in range(3)]
    inputs.update(
        {
            "Total_Costs_Initial": initial,
            "Total_Costs_Y1": years[0],
            "Total_Costs_Y2": years[1],
            "Total_Costs_Y3": years[2],
        }
    )
    gains = {
        label: [round(rng.uniform(0, 1_500_000), 2) for _ in range(3)] for label in GAIN_LABELS
    }
    return Fill(inputs=inputs, gains_by_line=gains)


def expected(kind: str, fill: Fill) -> dict[str, Any]:
    """The core's answer for every named output of template ``kind``.

    An input the fill leaves out keeps the template's default (discount rate 10%,
    business type saas, gross margin 100%), as it does in the workbook.
    """
    defaults = {a.name: a.default for a in ALL_ASSUMPTIONS if a.default is not None}
    defaults |= {name: default for name, _, _, default, _ in STAFFING_INPUTS if default is not None}
    fill = replace(fill, inputs={**defaults, **fill.inputs})
    if kind != "roi_business_case":  # only the business case has the Staffing sheet's switch
        inputs = {k: v for k, v in fill.inputs.items() if k != "Staffing_Feeds_Totals"}
        fill = replace(fill, inputs=inputs, hard_savings_feed_totals=False)
    if kind == "executive_summary":
        i = fill.inputs
        gains = [sum(v[t] for v in fill.gains_by_line.values()) for t in range(3)]
        return headline_outputs(
            i["Total_Costs_Initial"],
            [i["Total_Costs_Y1"], i["Total_Costs_Y2"], i["Total_Costs_Y3"]],
            gains,
            i.get("Discount_Rate") or 0.0,
            i.get("Business_Type") or "saas",
        )
    log = fill.touch_log
    attributed = None
    if log is not None and log.include_in_case and log.touches:
        ids, times, channels, values = zip(*log.touches, strict=True)
        attributed = support_attributed_revenue(
            ids,
            times,
            channels,
            values,
            log.support_channels,
            log.model,
            log.half_life_days,
            log.first_weight,
            log.last_weight,
        )
    arguments = (
        fill.inputs,
        fill.cost_lines or (),
        fill.lever_settings,
        fill.gain_lines or (),
        attributed,
        fill.hard_savings_feed_totals,
    )
    case = business_case(*arguments)
    if kind == "roi_business_case":
        case.update(decision_outputs(*arguments, settings=fill.decisions))
    if kind == "cost_tracking":
        return {k: v for k, v in case.items() if k.startswith("Total_Costs_")}
    if kind == "gain_attribution":
        return {
            k: v
            for k, v in case.items()
            if k.startswith(("Gain_", "Total_Gains_", "Contacts_After", "Contacts_Handled"))
            or k in CASH_AND_CAPACITY
        }
    return case


#: The Gains sheet's outputs of issue 20: what the counted gains are made of.
CASH_AND_CAPACITY = (
    "Cash_Gains_3yr",
    "Capacity_Gains_3yr",
    "Capacity_Not_Counted_3yr",
    "Risk_Haircut_3yr",
    "Benefits_Risk_Adjustment",
)

TOUCH_CHANNELS = ("Chat", "Phone", "Email", "Ads", "Web", "Social")


def random_touch_log(rng: random.Random, model: str) -> TouchLogFill:
    """A random touch log: ties in time, values on one row or on all, text and number ids."""
    journeys = rng.randint(1, 60)
    touches = []
    for _ in range(rng.randint(1, 250)):
        journey = rng.randrange(journeys)
        journey_id = f"J{journey}" if journey % 3 else journey
        time = round(45_000 + rng.choice([rng.uniform(0, 90), float(journey)]), 6)
        value = rng.choice([None, 0, round(rng.uniform(0, 5_000), 2)])
        touches.append((journey_id, time, rng.choice(TOUCH_CHANNELS), value))
    first = rng.uniform(0, 0.6)
    return TouchLogFill(
        touches=touches,
        model=model,
        half_life_days=rng.uniform(0.5, 30),
        first_weight=first,
        last_weight=rng.uniform(0, 1 - first),
        support_channels=rng.sample(TOUCH_CHANNELS, rng.randint(1, 3)),
        include_in_case=rng.random() < 0.5,
    )

"""The ``CS_`` Excel functions (FORMULAS.md sections A-H).

Each function is a thin layer over :mod:`roi_xl.core`: the decorator
:func:`roi_xl.excel.decorator.excel_function` reads the arguments as Excel sends them
and turns the core's errors into Excel errors. The Python name of each
function *is* its Excel name, because the classic Windows add-in registers
Python names as they are.

Use this module as the UDF module: ``roi_xl.excel.udfs`` in the ``xlwings.conf``
sheet (classic add-in), or import it in xlwings Lite / xlwings Server.
"""

from __future__ import annotations

from typing import Any

from .. import core
from ..core.finance import MAX_IRR_PERIODS
from .decorator import choice, column, excel_function, money, number, series

RATE = "as a fraction, 0 to 1 (40% or 0.4)"

__all__ = [
    "CS_ROI",
    "CS_NET_VALUE",
    "CS_BENEFIT_COST_RATIO",
    "CS_COST_PER_CONTACT",
    "CS_DEFLECTION_SAVINGS",
    "CS_BLENDED_COST_PER_CONTACT",
    "CS_CONTACTS_AFTER_DEFLECTION",
    "CS_AHT_SAVINGS",
    "CS_CAPACITY_GAIN",
    "CS_FTE_FREED",
    "CS_FCR_SAVINGS",
    "CS_ESCALATION_SAVINGS",
    "CS_CONVERSION_UPLIFT",
    "CS_CUSTOMERS_SAVED",
    "CS_RETAINED_REVENUE",
    "CS_CLV",
    "CS_NRR",
    "CS_ATTRIBUTED_VALUE",
    "CS_ATTRIBUTION_CREDIT",
    "CS_ATTRIBUTION_BY_CHANNEL",
    "CS_PV",
    "CS_TEI_NPV",
    "CS_TEI_ROI",
    "CS_RISK_ADJUST",
    "CS_PAYBACK_MONTHS",
    "CS_PAYBACK_PERIOD",
    "CS_TEI_IRR",
    "CS_DISCOUNTED_PAYBACK",
    "CS_BENCHMARK_ROI",
    "CS_BENCHMARK_POSITION",
    "CS_AGENTS_REQUIRED",
    "CS_SERVICE_LEVEL",
    "CS_ROI_SIMULATE",
]

# --- A. Headline ROI -------------------------------------------------------

_GAINS = money("Total gains: a number or a range, summed")
_COSTS = money("Total costs: a number or a range, summed; must add up to more than 0")


@excel_function("Net return on investment: (gains - costs) / costs.", gains=_GAINS, costs=_COSTS)
def CS_ROI(gains: Any, costs: Any) -> float:
    return core.roi(gains, costs)


@excel_function(
    "Net value: gains - costs.",
    gains=_GAINS,
    costs=money("Total costs: a number or a range, summed"),
)
def CS_NET_VALUE(gains: Any, costs: Any) -> float:
    return core.net_value(gains, costs)


@excel_function(
    "Benefit-cost ratio: gains / costs (4 means $4 back for every $1; ROI is this minus 1).",
    gains=_GAINS,
    costs=_COSTS,
)
def CS_BENEFIT_COST_RATIO(gains: Any, costs: Any) -> float:
    return core.benefit_cost_ratio(gains, costs)


@excel_function(
    "Cost of one handled contact: total cost / contacts.",
    total_cost=money("Total support cost for the period: a number or a range, summed"),
    contacts=number("Contacts handled in the same period; more than 0"),
)
def CS_COST_PER_CONTACT(total_cost: Any, contacts: Any) -> float:
    return core.cost_per_contact(total_cost, contacts)


# --- B. Cost levers --------------------------------------------------------

_CONTACTS = number("Contacts in the period (0 or more)")
_DEFLECTION = number(f"Share of contacts handled by self-service or AI, {RATE}")
_HUMAN = number("Cost of one contact handled by a person")
_AUTOMATED = number("Cost of one contact handled by self-service or AI")


@excel_function(
    "Savings from contacts deflected to self-service or AI: contacts x rate x (human - automated).",
    contacts=_CONTACTS,
    deflection_rate=_DEFLECTION,
    human_cost_per_contact=_HUMAN,
    automated_cost_per_contact=_AUTOMATED,
)
def CS_DEFLECTION_SAVINGS(
    contacts: Any,
    deflection_rate: Any,
    human_cost_per_contact: Any,
    automated_cost_per_contact: Any,
) -> float:
    return core.deflection_savings(
        contacts, deflection_rate, human_cost_per_contact, automated_cost_per_contact
    )


@excel_function(
    "Average cost per contact when part of the volume is automated.",
    deflection_rate=_DEFLECTION,
    human_cost_per_contact=_HUMAN,
    automated_cost_per_contact=_AUTOMATED,
)
def CS_BLENDED_COST_PER_CONTACT(
    deflection_rate: Any, human_cost_per_contact: Any, automated_cost_per_contact: Any
) -> float:
    return core.blended_cost_per_contact(
        deflection_rate, human_cost_per_contact, automated_cost_per_contact
    )


@excel_function(
    "Contacts still handled by people after deflection: contacts x (1 - rate).",
    contacts=_CONTACTS,
    deflection_rate=_DEFLECTION,
)
def CS_CONTACTS_AFTER_DEFLECTION(contacts: Any, deflection_rate: Any) -> float:
    return core.contacts_after_deflection(contacts, deflection_rate)


@excel_function(
    "Savings from shorter handle time: contacts x (AHT before - after) / 60 x cost per hour.",
    contacts=number("Contacts handled by people (after deflection when stacking levers)"),
    aht_before_minutes=number("Average handle time before, in minutes"),
    aht_after_minutes=number("Average handle time after, in minutes"),
    loaded_cost_per_hour=number("Fully loaded cost of one agent hour"),
)
def CS_AHT_SAVINGS(
    contacts: Any, aht_before_minutes: Any, aht_after_minutes: Any, loaded_cost_per_hour: Any
) -> float:
    return core.aht_savings(contacts, aht_before_minutes, aht_after_minutes, loaded_cost_per_hour)


_AHT_CUT = number(f"Cut in handle time, {RATE}: 0.2 for 20% shorter")


@excel_function(
    "Extra capacity of the same agents after a handle-time cut: 1 / (1 - cut) - 1.",
    aht_reduction=_AHT_CUT,
)
def CS_CAPACITY_GAIN(aht_reduction: Any) -> float:
    return core.capacity_gain(aht_reduction)


@excel_function(
    "Agents freed at the same volume by a handle-time cut: agents x cut (straight line).",
    agents=number("Agents (FTE) today"),
    aht_reduction=_AHT_CUT,
)
def CS_FTE_FREED(agents: Any, aht_reduction: Any) -> float:
    return core.fte_freed(agents, aht_reduction)


@excel_function(
    "Savings from better first-contact resolution: issues x (1/FCR before - 1/FCR after) x cost.",
    issues=number("Distinct customer issues (not contacts)"),
    fcr_before=number(f"First-contact resolution before, {RATE}; not 0"),
    fcr_after=number(f"First-contact resolution after, {RATE}; not 0"),
    cost_per_contact=number("Cost of one contact"),
)
def CS_FCR_SAVINGS(issues: Any, fcr_before: Any, fcr_after: Any, cost_per_contact: Any) -> float:
    return core.fcr_savings(issues, fcr_before, fcr_after, cost_per_contact)


@excel_function(
    "Savings from fewer escalations: contacts x (rate before - rate after) x cost per escalation.",
    contacts=number("Contacts handled (after deflection when stacking levers)"),
    escalation_rate_before=number(f"Share of contacts escalated before, {RATE}"),
    escalation_rate_after=number(f"Share of contacts escalated after, {RATE}"),
    cost_per_escalation=number("Extra cost of one escalation"),
)
def CS_ESCALATION_SAVINGS(
    contacts: Any,
    escalation_rate_before: Any,
    escalation_rate_after: Any,
    cost_per_escalation: Any,
) -> float:
    return core.escalation_savings(
        contacts, escalation_rate_before, escalation_rate_after, cost_per_escalation
    )


# --- C. Revenue and retention ----------------------------------------------

_MARGIN = number(f"Optional. Gross margin, {RATE}; 1 (the default) counts revenue whole")
_CUSTOMERS = number("Customers at the start of the year")
_CHURN_BEFORE = number(f"Yearly churn rate before, {RATE}")
_CHURN_AFTER = number(f"Yearly churn rate after, {RATE}")


@excel_function(
    "Extra revenue from better conversion: interactions x (new - base) x order value x margin.",
    interactions=number("Sales-relevant service interactions in the period"),
    base_rate=number(f"Conversion rate before, {RATE}"),
    new_rate=number(f"Conversion rate after, {RATE}"),
    average_order_value=number("Revenue of one order"),
    gross_margin=_MARGIN,
)
def CS_CONVERSION_UPLIFT(
    interactions: Any,
    base_rate: Any,
    new_rate: Any,
    average_order_value: Any,
    gross_margin: Any = 1.0,
) -> float:
    return core.conversion_uplift(
        interactions, base_rate, new_rate, average_order_value, gross_margin
    )


@excel_function(
    "Customers kept who would have churned: customers x (churn before - churn after).",
    customers=_CUSTOMERS,
    churn_before=_CHURN_BEFORE,
    churn_after=_CHURN_AFTER,
)
def CS_CUSTOMERS_SAVED(customers: Any, churn_before: Any, churn_after: Any) -> float:
    return core.customers_saved(customers, churn_before, churn_after)


@excel_function(
    "Revenue kept by lower churn: customers x (before - after) x revenue per customer x margin.",
    customers=_CUSTOMERS,
    churn_before=_CHURN_BEFORE,
    churn_after=_CHURN_AFTER,
    revenue_per_customer=number("Yearly revenue of one customer"),
    gross_margin=_MARGIN,
)
def CS_RETAINED_REVENUE(
    customers: Any,
    churn_before: Any,
    churn_after: Any,
    revenue_per_customer: Any,
    gross_margin: Any = 1.0,
) -> float:
    return core.retained_revenue(
        customers, churn_before, churn_after, revenue_per_customer, gross_margin
    )


@excel_function(
    "Customer lifetime value: revenue x margin x (1 + discount) / (discount + churn).",
    revenue_per_customer=number("Revenue of one customer per period"),
    gross_margin=number(f"Gross margin, {RATE}"),
    churn_rate=number(f"Share of customers lost per period, {RATE}"),
    discount_rate=number(f"Optional. Discount rate per period, {RATE}; default 0"),
)
def CS_CLV(
    revenue_per_customer: Any, gross_margin: Any, churn_rate: Any, discount_rate: Any = 0.0
) -> float:
    return core.clv(revenue_per_customer, gross_margin, churn_rate, discount_rate)


@excel_function(
    "Net revenue retention: (start + expansion - contraction - churned) / start.",
    starting_recurring_revenue=money("Recurring revenue at the start: a number or a range"),
    expansion=money("Upsell and expansion revenue added: a number or a range"),
    contraction=money("Revenue lost to downgrades: a number or a range"),
    churned=money("Revenue lost with customers who left: a number or a range"),
)
def CS_NRR(
    starting_recurring_revenue: Any, expansion: Any, contraction: Any, churned: Any
) -> float:
    return core.net_revenue_retention(starting_recurring_revenue, expansion, contraction, churned)


@excel_function(
    "Part of a gain credited to service, after risk: gross x share x (1 - risk).",
    gross_value=money("Gross gain: a number or a range, summed"),
    attribution_share=number(f"Share of the gain credited to service, {RATE}"),
    risk_adjustment=number(f"Optional. Haircut for uncertainty, {RATE}; default 0"),
)
def CS_ATTRIBUTED_VALUE(
    gross_value: Any, attribution_share: Any, risk_adjustment: Any = 0.0
) -> float:
    return core.attributed_value(gross_value, attribution_share, risk_adjustment)


# --- D. Touch attribution --------------------------------------------------

_JOURNEYS = column("Journey id of each touch row (text or numbers); blank rows are skipped")
_TIMES = column("Time of each touch: a date or an Excel date serial")
_VALUES = column("Conversion value on each row; a journey's value is its largest")
_HALF_LIFE = number("Optional. time_decay: days for a touch's weight to halve; default 7")
_FIRST = number(f"Optional. position: share of the first touch, {RATE}; default 0.4")
_LAST = number(f"Optional. position: share of the last touch, {RATE}; default 0.4")


@excel_function(
    "Credit of each touch row for its journey's conversion value (spills a column).",
    journey_ids=_JOURNEYS,
    touch_times=_TIMES,
    conversion_values=_VALUES,
    model=choice(
        'Optional. "linear" (default), "first", "last", "time_decay" or "position"',
        *core.ROW_MODELS,
    ),
    half_life_days=_HALF_LIFE,
    first_weight=_FIRST,
    last_weight=_LAST,
)
def CS_ATTRIBUTION_CREDIT(
    journey_ids: Any,
    touch_times: Any,
    conversion_values: Any,
    model: Any = "linear",
    half_life_days: Any = 7,
    first_weight: Any = 0.4,
    last_weight: Any = 0.4,
) -> list[list[float]]:
    credit = core.attribution_credit(
        journey_ids,
        touch_times,
        conversion_values,
        model,
        half_life_days,
        first_weight,
        last_weight,
    )
    return credit.reshape(-1, 1).tolist()  # type: ignore[no-any-return]


@excel_function(
    "Credited value by channel, largest first (spills a channel / value table).",
    journey_ids=_JOURNEYS,
    touch_times=_TIMES,
    channels=column("Channel of each touch row (text)"),
    conversion_values=_VALUES,
    model=choice(
        'Optional. "linear" (default), "first", "last", "time_decay", "position" or "markov"',
        *core.ATTRIBUTION_MODELS,
    ),
    half_life_days=_HALF_LIFE,
    first_weight=_FIRST,
    last_weight=_LAST,
)
def CS_ATTRIBUTION_BY_CHANNEL(
    journey_ids: Any,
    touch_times: Any,
    channels: Any,
    conversion_values: Any,
    model: Any = "linear",
    half_life_days: Any = 7,
    first_weight: Any = 0.4,
    last_weight: Any = 0.4,
) -> list[list[Any]] | str:
    table = core.attribution_by_channel(
        journey_ids,
        touch_times,
        channels,
        conversion_values,
        model,
        half_life_days,
        first_weight,
        last_weight,
    )
    return [[channel, value] for channel, value in table] if table else "#N/A"


# --- E. Cash flows, risk, payback ------------------------------------------

_RATE = number(f"Discount rate per year, {RATE}")
_BENEFITS = series("Benefits: Initial, Year 1, Year 2, ... as a row or a column")
_COST_FLOWS = series("Costs: Initial, Year 1, Year 2, ... as a row or a column; same length")


@excel_function(
    "Present value, Initial not discounted: flow0 + sum of flow t / (1 + rate)^t. Unlike NPV.",
    rate=_RATE,
    flows=series("Initial, Year 1, Year 2, ... as a row or a column (blank cells are 0)"),
)
def CS_PV(rate: Any, flows: Any) -> float:
    return core.present_value(rate, flows)


@excel_function(
    "TEI net present value: PV(benefits) - PV(costs), Initial not discounted.",
    rate=_RATE,
    benefits=_BENEFITS,
    costs=_COST_FLOWS,
)
def CS_TEI_NPV(rate: Any, benefits: Any, costs: Any) -> float:
    return core.tei_npv(rate, benefits, costs)


@excel_function(
    "TEI ROI: (PV(benefits) - PV(costs)) / PV(costs), Initial not discounted.",
    rate=_RATE,
    benefits=_BENEFITS,
    costs=_COST_FLOWS,
)
def CS_TEI_ROI(rate: Any, benefits: Any, costs: Any) -> float:
    return core.tei_roi(rate, benefits, costs)


@excel_function(
    "Risk-adjust a value: a benefit x (1 - risk), a cost x (1 + risk).",
    value=number("The benefit or cost before adjustment"),
    risk=number(f"Risk adjustment, {RATE}"),
    kind=choice('Optional. "benefit" (the default) or "cost"', "benefit", "cost"),
)
def CS_RISK_ADJUST(value: Any, risk: Any, kind: Any = "benefit") -> float:
    return core.risk_adjust(value, risk, kind)


@excel_function(
    "Months to pay back an upfront cost: upfront cost / monthly net benefit.",
    upfront_cost=number("One-time cost"),
    monthly_net_benefit=number("Net benefit per month; must be more than 0"),
)
def CS_PAYBACK_MONTHS(upfront_cost: Any, monthly_net_benefit: Any) -> float:
    return core.payback_months(upfront_cost, monthly_net_benefit)


@excel_function(
    "Months until the cumulative net cash flow turns positive for good (interpolated).",
    flows=series("Net flows: Initial, then one per period, as a row or a column"),
    periods_per_year=number("Optional. 1 for yearly flows (default), 4 quarterly, 12 monthly"),
)
def CS_PAYBACK_PERIOD(flows: Any, periods_per_year: Any = 1) -> float:
    return core.payback_period(flows, periods_per_year)


@excel_function(
    "Internal rate of return of benefits - costs, Initial at time 0 (as IRR of the net flows).",
    benefits=series(_BENEFITS.doc, longest=MAX_IRR_PERIODS),
    costs=series(_COST_FLOWS.doc, longest=MAX_IRR_PERIODS),
)
def CS_TEI_IRR(benefits: Any, costs: Any) -> float:
    return core.tei_irr(benefits, costs)


@excel_function(
    "Months until the discounted cumulative net cash flow turns positive for good.",
    rate=number(f"Discount rate per period, {RATE}"),
    flows=series("Net flows: Initial (not discounted), then one per period, row or column"),
    periods_per_year=number("Optional. 1 for yearly flows (default), 4 quarterly, 12 monthly"),
)
def CS_DISCOUNTED_PAYBACK(rate: Any, flows: Any, periods_per_year: Any = 1) -> float:
    return core.discounted_payback_period(rate, flows, periods_per_year)


# --- F. Benchmarks ---------------------------------------------------------

_BUSINESS = choice('"saas", "ecommerce" or "services"', *core.BUSINESS_TYPES)


@excel_function(
    "Published support ROI for a business type: the low or high end of the range.",
    business_type=_BUSINESS,
    bound=choice('Optional. "low" (the default) or "high"', "low", "high"),
)
def CS_BENCHMARK_ROI(business_type: Any, bound: Any = "low") -> float:
    return core.benchmark_roi(business_type, bound)


@excel_function(
    'Where an ROI stands against the published range: "below", "within" or "above".',
    roi=number("ROI as a fraction (3 is 300%)"),
    business_type=_BUSINESS,
)
def CS_BENCHMARK_POSITION(roi: Any, business_type: Any) -> str:
    return core.benchmark_position(roi, business_type)


# --- G. Staffing (Erlang C) ------------------------------------------------

_ARRIVALS = number("Contacts arriving in one interval")
_AHT_SECONDS = number("Average handle time in seconds")
_INTERVAL = number("Interval length in seconds (1800 for half an hour)")
_ANSWER = number("Target answer time in seconds (20 for 80/20)")


@excel_function(
    "Agents to schedule for a service level (Erlang C), after occupancy cap and shrinkage.",
    contacts_per_interval=_ARRIVALS,
    aht_seconds=_AHT_SECONDS,
    interval_seconds=_INTERVAL,
    service_level=number(f"Target share answered within answer_seconds, {RATE}"),
    answer_seconds=_ANSWER,
    max_occupancy=number(f"Optional. Highest share of time an agent is busy, {RATE}; default 1"),
    shrinkage=number(f"Optional. Share of paid time not available, {RATE}; default 0"),
)
def CS_AGENTS_REQUIRED(
    contacts_per_interval: Any,
    aht_seconds: Any,
    interval_seconds: Any,
    service_level: Any,
    answer_seconds: Any,
    max_occupancy: Any = 1.0,
    shrinkage: Any = 0.0,
) -> int:
    return core.agents_required(
        contacts_per_interval,
        aht_seconds,
        interval_seconds,
        service_level,
        answer_seconds,
        max_occupancy,
        shrinkage,
    )


@excel_function(
    "Share of contacts answered within the target time with a given team (Erlang C).",
    agents=number("Agents on duty (a whole number)"),
    contacts_per_interval=_ARRIVALS,
    aht_seconds=_AHT_SECONDS,
    interval_seconds=_INTERVAL,
    answer_seconds=_ANSWER,
)
def CS_SERVICE_LEVEL(
    agents: Any,
    contacts_per_interval: Any,
    aht_seconds: Any,
    interval_seconds: Any,
    answer_seconds: Any,
) -> float:
    return core.service_level(
        agents, contacts_per_interval, aht_seconds, interval_seconds, answer_seconds
    )


# --- H. Uncertainty --------------------------------------------------------

SIMULATION_LABELS = ("P10 ROI", "P50 ROI", "P90 ROI", "Mean ROI", "P(ROI < 0)")


@excel_function(
    "Monte Carlo ROI from low/likely/high gains and costs: spills P10, P50, P90, mean, P(ROI<0).",
    gains_low=number("Lowest plausible total gains"),
    gains_likely=number("Most likely total gains"),
    gains_high=number("Highest plausible total gains"),
    costs_low=number("Lowest plausible total costs; more than 0"),
    costs_likely=number("Most likely total costs"),
    costs_high=number("Highest plausible total costs"),
    trials=number("Optional. Number of draws, default 10000 (up to 10,000,000)"),
    seed=number("Optional. Random seed, default 1: the same seed gives the same result"),
)
def CS_ROI_SIMULATE(
    gains_low: Any,
    gains_likely: Any,
    gains_high: Any,
    costs_low: Any,
    costs_likely: Any,
    costs_high: Any,
    trials: Any = 10_000,
    seed: Any = 1,
) -> list[list[Any]]:
    result = core.simulate_roi(
        gains_low, gains_likely, gains_high, costs_low, costs_likely, costs_high, trials, seed
    )
    values = [result[key] for key in ("p10", "p50", "p90", "mean", "prob_negative")]
    return [list(SIMULATION_LABELS), values]

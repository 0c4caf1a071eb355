"""The formula core of roi_xl: pure Python and numpy, no Excel library.

Every function here is the reference for the Excel function of the same
family (``roi_xl.excel.udfs``) and for the native formulas of the template
workbooks. Names follow ``FORMULAS.md``; they are public API.
"""

from .attribution import (
    ATTRIBUTION_MODELS,
    ROW_MODELS,
    attribution_by_channel,
    attribution_credit,
    markov_removal_effects,
    support_attributed_revenue,
)
from .benchmarks import BUSINESS_TYPES, benchmark_figures, benchmark_position, benchmark_roi
from .business_case import (
    CASE_LINES,
    LEVERS,
    STAFFING_SWITCH_VALUES,
    CostLine,
    GainLine,
    business_case,
    cost_totals,
    headline_outputs,
    lever_gains,
    staffing_outputs,
    yearly_by_line,
)
from .checks import Check, model_checks
from .cost_levers import (
    aht_savings,
    blended_cost_per_contact,
    capacity_gain,
    contacts_after_deflection,
    deflection_savings,
    escalation_savings,
    fcr_savings,
    fte_freed,
)
from .decisions import (
    BREAKEVEN_INPUTS,
    DEFAULT_COST_MULTIPLIERS,
    DEFAULT_GAIN_MULTIPLIERS,
    NOT_REACHABLE,
    SCENARIOS,
    DecisionSettings,
    decision_outputs,
    lever_breakeven,
)
from .errors import (
    InputTypeError,
    NeverPaysBackError,
    NoResultError,
    NotLinearError,
    OutOfDomainError,
    RoiInputError,
    UnknownChoiceError,
    ZeroDenominatorError,
)
from .finance import (
    discounted_payback_period,
    payback_months,
    payback_period,
    present_value,
    risk_adjust,
    tei_irr,
    tei_npv,
    tei_roi,
)
from .headline import benefit_cost_ratio, cost_per_contact, net_value, roi
from .revenue_levers import (
    attributed_value,
    clv,
    conversion_uplift,
    customers_saved,
    net_revenue_retention,
    retained_revenue,
)
from .simulation import (
    CaseSimulation,
    Estimate,
    simulate_case,
    simulate_roi,
    triangular,
    triangular_mean_of_reciprocal,
)
from .staffing import agents_required, erlang_c, service_level, traffic_erlangs

__all__ = [
    # A. headline
    "roi",
    "net_value",
    "benefit_cost_ratio",
    "cost_per_contact",
    # B. cost levers
    "deflection_savings",
    "blended_cost_per_contact",
    "contacts_after_deflection",
    "aht_savings",
    "capacity_gain",
    "fte_freed",
    "fcr_savings",
    "escalation_savings",
    # C. revenue and retention
    "conversion_uplift",
    "customers_saved",
    "retained_revenue",
    "clv",
    "net_revenue_retention",
    "attributed_value",
    # D. touch attribution
    "ATTRIBUTION_MODELS",
    "ROW_MODELS",
    "attribution_credit",
    "attribution_by_channel",
    "markov_removal_effects",
    "support_attributed_revenue",
    # E. cash flows
    "present_value",
    "tei_npv",
    "tei_roi",
    "risk_adjust",
    "payback_months",
    "payback_period",
    "tei_irr",
    "discounted_payback_period",
    # F. benchmarks
    "BUSINESS_TYPES",
    "benchmark_figures",
    "benchmark_roi",
    "benchmark_position",
    # G. staffing
    "traffic_erlangs",
    "erlang_c",
    "service_level",
    "agents_required",
    # the business case of TEMPLATES.md
    "LEVERS",
    "CostLine",
    "GainLine",
    "cost_totals",
    "STAFFING_SWITCH_VALUES",
    "Check",
    "model_checks",
    "NOT_REACHABLE",
    "lever_gains",
    "business_case",
    "headline_outputs",
    "staffing_outputs",
    "yearly_by_line",
    "CASE_LINES",
    "SCENARIOS",
    "DEFAULT_GAIN_MULTIPLIERS",
    "DEFAULT_COST_MULTIPLIERS",
    "BREAKEVEN_INPUTS",
    "DecisionSettings",
    "decision_outputs",
    "lever_breakeven",
    "Estimate",
    "CaseSimulation",
    "simulate_case",
    "triangular_mean_of_reciprocal",
    # H. uncertainty
    "simulate_roi",
    "triangular",
    # errors
    "RoiInputError",
    "ZeroDenominatorError",
    "OutOfDomainError",
    "NeverPaysBackError",
    "NoResultError",
    "NotLinearError",
    "InputTypeError",
    "UnknownChoiceError",
]

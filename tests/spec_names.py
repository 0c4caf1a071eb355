"""The public Excel names and argument names of FORMULAS.md (sections A-H).

Kept here as data so the test suite runs from a plain clone; when the spec
folder sits beside the clone (as in CI), ``test_spec_table_matches_formulas_md``
checks this table against FORMULAS.md itself.
"""

SPEC_FUNCTIONS: dict[str, list[str]] = {
    # A. Headline ROI
    "CS_ROI": ["gains", "costs"],
    "CS_NET_VALUE": ["gains", "costs"],
    "CS_BENEFIT_COST_RATIO": ["gains", "costs"],
    "CS_COST_PER_CONTACT": ["total_cost", "contacts"],
    # B. Cost levers
    "CS_DEFLECTION_SAVINGS": [
        "contacts",
        "deflection_rate",
        "human_cost_per_contact",
        "automated_cost_per_contact",
    ],
    "CS_BLENDED_COST_PER_CONTACT": [
        "deflection_rate",
        "human_cost_per_contact",
        "automated_cost_per_contact",
    ],
    "CS_CONTACTS_AFTER_DEFLECTION": ["contacts", "deflection_rate"],
    "CS_AHT_SAVINGS": [
        "contacts",
        "aht_before_minutes",
        "aht_after_minutes",
        "loaded_cost_per_hour",
    ],
    "CS_CAPACITY_GAIN": ["aht_reduction"],
    "CS_FTE_FREED": ["agents", "aht_reduction"],
    "CS_FCR_SAVINGS": ["issues", "fcr_before", "fcr_after", "cost_per_contact"],
    "CS_ESCALATION_SAVINGS": [
        "contacts",
        "escalation_rate_before",
        "escalation_rate_after",
        "cost_per_escalation",
    ],
    # C. Revenue and retention
    "CS_CONVERSION_UPLIFT": [
        "interactions",
        "base_rate",
        "new_rate",
        "average_order_value",
        "gross_margin",
    ],
    "CS_CUSTOMERS_SAVED": ["customers", "churn_before", "churn_after"],
    "CS_RETAINED_REVENUE": [
        "customers",
        "churn_before",
        "churn_after",
        "revenue_per_customer",
        "gross_margin",
    ],
    "CS_CLV": ["revenue_per_customer", "gross_margin", "churn_rate", "discount_rate"],
    "CS_NRR": ["starting_recurring_revenue", "expansion", "contraction", "churned"],
    "CS_ATTRIBUTED_VALUE": ["gross_value", "attribution_share", "risk_adjustment"],
    # D. Touch attribution
    "CS_ATTRIBUTION_CREDIT": [
        "journey_ids",
        "touch_times",
        "conversion_values",
        "model",
        "half_life_days",
        "first_weight",
        "last_weight",
    ],
    "CS_ATTRIBUTION_BY_CHANNEL": [
        "journey_ids",
        "touch_times",
        "channels",
        "conversion_values",
        "model",
        "half_life_days",
        "first_weight",
        "last_weight",
    ],
    # E. Cash flows
    "CS_PV": ["rate", "flows"],
    "CS_TEI_NPV": ["rate", "benefits", "costs"],
    "CS_TEI_ROI": ["rate", "benefits", "costs"],
    "CS_RISK_ADJUST": ["value", "risk", "kind"],
    "CS_PAYBACK_MONTHS": ["upfront_cost", "monthly_net_benefit"],
    "CS_PAYBACK_PERIOD": ["flows", "periods_per_year"],
    "CS_TEI_IRR": ["benefits", "costs"],
    "CS_DISCOUNTED_PAYBACK": ["rate", "flows", "periods_per_year"],
    # F. Benchmarks
    "CS_BENCHMARK_ROI": ["business_type", "bound"],
    "CS_BENCHMARK_POSITION": ["roi", "business_type"],
    # G. Staffing
    "CS_AGENTS_REQUIRED": [
        "contacts_per_interval",
        "aht_seconds",
        "interval_seconds",
        "service_level",
        "answer_seconds",
        "max_occupancy",
        "shrinkage",
    ],
    "CS_SERVICE_LEVEL": [
        "agents",
        "contacts_per_interval",
        "aht_seconds",
        "interval_seconds",
        "answer_seconds",
    ],
    # H. Uncertainty
    "CS_ROI_SIMULATE": [
        "gains_low",
        "gains_likely",
        "gains_high",
        "costs_low",
        "costs_likely",
        "costs_high",
        "trials",
        "seed",
    ],
}

#: Optional arguments (in square brackets in FORMULAS.md) and their defaults.
SPEC_DEFAULTS: dict[str, dict[str, object]] = {
    "CS_CONVERSION_UPLIFT": {"gross_margin": 1},
    "CS_RETAINED_REVENUE": {"gross_margin": 1},
    "CS_CLV": {"discount_rate": 0},
    "CS_ATTRIBUTED_VALUE": {"risk_adjustment": 0},
    "CS_ATTRIBUTION_CREDIT": {
        "model": "linear",
        "half_life_days": 7,
        "first_weight": 0.4,
        "last_weight": 0.4,
    },
    "CS_ATTRIBUTION_BY_CHANNEL": {
        "model": "linear",
        "half_life_days": 7,
        "first_weight": 0.4,
        "last_weight": 0.4,
    },
    "CS_RISK_ADJUST": {"kind": "benefit"},
    "CS_PAYBACK_PERIOD": {"periods_per_year": 1},
    "CS_DISCOUNTED_PAYBACK": {"periods_per_year": 1},
    "CS_BENCHMARK_ROI": {"bound": "low"},
    "CS_AGENTS_REQUIRED": {"max_occupancy": 1, "shrinkage": 0},
    "CS_ROI_SIMULATE": {"trials": 10000, "seed": 1},
}

#: Word arguments: Office.js shows these as dropdowns.
SPEC_CHOICES: dict[tuple[str, str], list[str]] = {
    ("CS_ATTRIBUTION_CREDIT", "model"): ["first", "last", "linear", "time_decay", "position"],
    ("CS_ATTRIBUTION_BY_CHANNEL", "model"): [
        "first",
        "last",
        "linear",
        "time_decay",
        "position",
        "markov",
    ],
    ("CS_RISK_ADJUST", "kind"): ["benefit", "cost"],
    ("CS_BENCHMARK_ROI", "business_type"): ["saas", "ecommerce", "services"],
    ("CS_BENCHMARK_ROI", "bound"): ["low", "high"],
    ("CS_BENCHMARK_POSITION", "business_type"): ["saas", "ecommerce", "services"],
}

#: Core names of FORMULAS.md sections A, B, C, E, F, G, H.
SPEC_CORE_NAMES = [
    "roi",
    "net_value",
    "benefit_cost_ratio",
    "cost_per_contact",
    "deflection_savings",
    "blended_cost_per_contact",
    "contacts_after_deflection",
    "aht_savings",
    "capacity_gain",
    "fte_freed",
    "fcr_savings",
    "escalation_savings",
    "conversion_uplift",
    "customers_saved",
    "retained_revenue",
    "clv",
    "net_revenue_retention",
    "attributed_value",
    "present_value",
    "tei_npv",
    "tei_roi",
    "risk_adjust",
    "payback_months",
    "payback_period",
    "tei_irr",
    "discounted_payback_period",
    "benchmark_roi",
    "benchmark_position",
    "agents_required",
    "service_level",
    "simulate_roi",
]

"""Every CS_ function answers within a per-call budget, whatever a cell sends it.

One slow cell under xlwings Server blocks a worker for every user, so no
function may run without bound. The functions come from the Office.js
metadata xlwings builds (what Excel registers), not from a list kept here: a
new function without an entry in :data:`ADVERSARIAL` (its worst arguments)
fails :func:`test_every_registered_function_has_adversarial_arguments`.

Repro of the hang (issue 14, item 3): ``=CS_AGENTS_REQUIRED(100, 180, 1800,
0.8, 20, 1e-9)`` searched from traffic / occupancy = 10 billion agents and
never returned; with ``1e-6`` it answered 10,000,000, above the cap.
"""

import signal
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_xl.core.staffing import MAX_AGENTS
from tests.excel.officejs import NUM, call, meta

# every CS_ function within a time budget of a fraction of a second:
# run alone, after the parallel part of make test
pytestmark = pytest.mark.timing

#: Seconds one call may take. Measured on the development machine: staffing
#: calls 1-10 ms, CS_ROI_SIMULATE 1.3 s at its largest (10,000,000 trials),
#: 1,000-row attribution ranges about 0.2 s. The budgets leave room for a
#: loaded machine; a hang or a quadratic walk is minutes.
BUDGET = 2.0
BUDGETS = {"CS_AGENTS_REQUIRED": 0.25, "CS_SERVICE_LEVEL": 0.25, "CS_ROI_SIMULATE": 6.0}
#: A call still running after this is stopped, so a hang fails instead of blocking the suite.
HARD_STOP = 20

HUGE = [1e308, -1e308, 1e300, 10**400, -(10**400), 1e-300, -1e-9, 1e-9, 0, -1]
GENERIC = [*HUGE, None, True, "", "x" * 1000, "=1+1", "#N/A", 2**63, float("nan")]
RATES = [0, 1e-12, 1e-9, 1e-6, 0.5, 0.999999999, 1, 1.0000001]
COUNTS = [MAX_AGENTS, MAX_AGENTS - 1, MAX_AGENTS * 10, 99_999.99, 10**9]
IDS = [[f"j{i % 97}"] for i in range(1_000)]
TIMES = [[45_000 + i * 1e-6] for i in range(1_000)]
CHANNELS = [[f"c{i % 53}"] for i in range(1_000)]
VALUES = [[1e300] for _ in range(1_000)]
LONG_FLOWS = [[-1e12, *([1e-300] * 999)]]
MODELS = ["first", "last", "linear", "time_decay", "position", "markov"]

_money = [[[1e308] * 50] * 20]
_series = [LONG_FLOWS, [[1e308, -1e308] * 500]]
_rows = {"journey_ids": [IDS], "touch_times": [TIMES]}
_attribution = {
    "conversion_values": [VALUES],
    "model": MODELS,
    "half_life_days": [1e-300, 1e300],
    "first_weight": RATES,
    "last_weight": RATES,
}

#: For each CS_ function, the worst arguments known for each of its parameters
#: (added to :data:`GENERIC`). Scalars are sent as one cell; lists of rows as ranges.
ADVERSARIAL = {
    "CS_ROI": {"gains": _money, "costs": _money},
    "CS_NET_VALUE": {"gains": _money, "costs": _money},
    "CS_BENEFIT_COST_RATIO": {"gains": _money, "costs": _money},
    "CS_COST_PER_CONTACT": {"total_cost": _money, "contacts": [1e-300]},
    "CS_DEFLECTION_SAVINGS": {
        "contacts": [1e308],
        "deflection_rate": RATES,
        "human_cost_per_contact": [1e308],
        "automated_cost_per_contact": [1e308],
    },
    "CS_BLENDED_COST_PER_CONTACT": {
        "deflection_rate": RATES,
        "human_cost_per_contact": [1e308],
        "automated_cost_per_contact": [1e308],
    },
    "CS_CONTACTS_AFTER_DEFLECTION": {"contacts": [1e308], "deflection_rate": RATES},
    "CS_AHT_SAVINGS": {
        "contacts": [1e308],
        "aht_before_minutes": [1e308],
        "aht_after_minutes": [1e-300],
        "loaded_cost_per_hour": [1e308],
    },
    "CS_CAPACITY_GAIN": {"aht_reduction": RATES},
    "CS_FTE_FREED": {"agents": [1e308], "aht_reduction": RATES},
    "CS_FCR_SAVINGS": {
        "issues": [1e308],
        "fcr_before": RATES,
        "fcr_after": RATES,
        "cost_per_contact": [1e308],
    },
    "CS_ESCALATION_SAVINGS": {
        "contacts": [1e308],
        "escalation_rate_before": RATES,
        "escalation_rate_after": RATES,
        "cost_per_escalation": [1e308],
    },
    "CS_CONVERSION_UPLIFT": {
        "interactions": [1e308],
        "base_rate": RATES,
        "new_rate": RATES,
        "average_order_value": [1e308],
        "gross_margin": RATES,
    },
    "CS_CUSTOMERS_SAVED": {"customers": [1e308], "churn_before": RATES, "churn_after": RATES},
    "CS_RETAINED_REVENUE": {
        "customers": [1e308],
        "churn_before": RATES,
        "churn_after": RATES,
        "revenue_per_customer": [1e308],
        "gross_margin": RATES,
    },
    "CS_CLV": {
        "revenue_per_customer": [1e308],
        "gross_margin": RATES,
        "churn_rate": RATES,
        "discount_rate": RATES,
    },
    "CS_NRR": {
        "starting_recurring_revenue": [1e-300],
        "expansion": [1e308],
        "contraction": [1e308],
        "churned": [1e308],
    },
    "CS_ATTRIBUTED_VALUE": {
        "gross_value": [1e308],
        "attribution_share": RATES,
        "risk_adjustment": RATES,
    },
    "CS_ATTRIBUTION_CREDIT": {**_rows, **_attribution},
    "CS_ATTRIBUTION_BY_CHANNEL": {**_rows, "channels": [CHANNELS], **_attribution},
    "CS_PV": {"rate": [-0.999999999, 1e308], "flows": _series},
    "CS_TEI_NPV": {"rate": [-0.999999999, 1e308], "benefits": _series, "costs": _series},
    "CS_TEI_ROI": {"rate": [-0.999999999, 1e308], "benefits": _series, "costs": _series},
    "CS_RISK_ADJUST": {"value": [1e308], "risk": RATES, "kind": ["cost", "benefit"]},
    "CS_PAYBACK_MONTHS": {"upfront_cost": [1e308], "monthly_net_benefit": [1e-300]},
    "CS_PAYBACK_PERIOD": {"flows": _series, "periods_per_year": [1e-300, 1e308, 12]},
    "CS_TEI_IRR": {
        "benefits": [*_series, [[-1.0, *([1e-300] * 240)]], [[1.0] * 242]],
        "costs": _series,
    },
    "CS_DISCOUNTED_PAYBACK": {
        "rate": [-0.999999999, 1e308],
        "flows": _series,
        "periods_per_year": [1e-300, 1e308, 12],
    },
    "CS_BENCHMARK_ROI": {"business_type": ["saas", "services"], "bound": ["low", "high"]},
    "CS_BENCHMARK_POSITION": {"roi": [1e308], "business_type": ["saas", "ecommerce"]},
    "CS_AGENTS_REQUIRED": {
        "contacts_per_interval": [100, 1e308, MAX_AGENTS * 10, 99_999, 999_990],
        "aht_seconds": [180, 1800, 1e308, 1e-300],
        "interval_seconds": [1800, 1e-300, 1e308],
        "service_level": RATES,
        "answer_seconds": [20, 0, 1e-300, 1e308],
        "max_occupancy": RATES,
        "shrinkage": RATES,
    },
    "CS_SERVICE_LEVEL": {
        "agents": COUNTS,
        "contacts_per_interval": [100, 1e308, 99_999, 999_990],
        "aht_seconds": [180, 1800, 1e308, 1e-300],
        "interval_seconds": [1800, 1e-300, 1e308],
        "answer_seconds": [20, 0, 1e-300, 1e308],
    },
    "CS_ROI_SIMULATE": {
        "gains_low": [1e308, 1],
        "gains_likely": [1e308, 2],
        "gains_high": [1e308, 3],
        "costs_low": [1e-300, 1],
        "costs_likely": [1e-300, 2],
        "costs_high": [1e-300, 3],
        "trials": [10_000_000, 10_000_001, 1e308],
        "seed": [2**64, -1, 1e308],
    },
}


def _registered():
    return {f["name"]: [p["name"] for p in f["parameters"]] for f in meta()["functions"]}


def _as_range(value):
    return value if isinstance(value, list) else [[value]]


class _TooSlowError(Exception):
    pass


def _stop(signum, frame):
    raise _TooSlowError


def _timed_call(name, args):
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, HARD_STOP)
    start = time.perf_counter()
    result = None
    try:
        result = call(name, *args)
    except _TooSlowError:
        pytest.fail(f"{name}{tuple(args)!r:.300} did not return within {HARD_STOP} s")
    except Exception:  # an XlwingsError is an answer (#VALUE! with a message)
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start, result


def test_every_registered_function_has_adversarial_arguments():
    registered = _registered()
    missing = sorted(set(registered) - set(ADVERSARIAL))
    assert not missing, f"add the worst arguments of {missing} to ADVERSARIAL"
    for name, parameters in registered.items():
        assert list(ADVERSARIAL[name]) == parameters, (
            f"{name}: ADVERSARIAL must name every parameter, in order: {parameters}"
        )


@pytest.mark.parametrize("name", sorted(_registered()))
@settings(max_examples=25)
@given(data=st.data())
def test_every_function_answers_within_its_budget(name, data):
    if name not in ADVERSARIAL:
        pytest.fail(f"{name} has no entry in ADVERSARIAL: add its worst arguments")
    args = [
        _as_range(data.draw(st.sampled_from([*worst, *GENERIC]), label=parameter))
        for parameter, worst in ADVERSARIAL[name].items()
    ]
    elapsed, _ = _timed_call(name, args)
    budget = BUDGETS.get(name, BUDGET)
    assert elapsed < budget, f"{name} took {elapsed:.2f} s (budget {budget} s)"


@pytest.mark.parametrize("occupancy", [1e-9, 1e-6, 1e-3])
def test_agents_required_with_a_tiny_occupancy_is_num_at_once(occupancy):
    # 100 contacts x 180 s / 1800 s = 10 Erlangs (by hand); 10 / occupancy agents is
    # 10,000 at 1e-3 (within the cap: a number), 10,000,000 and 10 billion above it.
    elapsed, result = _timed_call("CS_AGENTS_REQUIRED", _args(100, 180, 1800, 0.8, 20, occupancy))
    assert elapsed < BUDGETS["CS_AGENTS_REQUIRED"]
    if 10 / occupancy > MAX_AGENTS:
        assert result[0][0]["errorType"] == NUM["errorType"]
    else:
        assert result == [[10_000]]


def test_agents_after_shrinkage_above_the_cap_is_num():
    # 14 agents (the module's doctest) / (1 - 0.99999) = 1.4 million scheduled > 100,000.
    _, result = _timed_call("CS_AGENTS_REQUIRED", _args(100, 180, 1800, 0.8, 20, 1, 0.99999))
    assert result[0][0]["errorType"] == NUM["errorType"]


def _args(*values):
    return [[[v]] for v in values]


#: A million cells, as Excel sends a column (a million one-cell rows) and a row.
MILLION = {"column": [[1.0]] * 1_000_000, "row": [[1.0] * 1_000_000]}


def _series_parameters():
    """Every (function, parameter) that takes a row or column of period values."""
    from roi_xl.excel import udfs

    for name in sorted(_registered()):
        for parameter, arg in getattr(udfs, name).__roi_xl__.args.items():
            if arg.kind == "series":
                yield name, parameter


def test_the_size_checked_functions_of_issue_23_take_series():
    # CS_TEI_IRR, CS_PV and CS_DISCOUNTED_PAYBACK worked 3.7-8 s on a million flows
    # before refusing or answering (issue 23, item 10): each is in the list checked below.
    names = {name for name, _ in _series_parameters()}
    assert {"CS_TEI_IRR", "CS_PV", "CS_DISCOUNTED_PAYBACK"} <= names


@pytest.mark.parametrize("shape", sorted(MILLION))
@pytest.mark.parametrize(("name", "parameter"), list(_series_parameters()))
def test_a_million_cell_series_is_num_at_once(name, parameter, shape):
    # Every other argument is one valid cell (1); the million-cell range is refused from
    # its size before a cell is read (10,000 periods at most; 241 for the IRR).
    args = [MILLION[shape] if p == parameter else [[1]] for p in ADVERSARIAL[name]]
    elapsed, result = _timed_call(name, args)
    assert result == [[NUM]], f"{name}({parameter}=1,000,000 cells) gave {result!r:.200}"
    assert elapsed < 0.25, f"{name} took {elapsed:.2f} s to refuse 1,000,000 cells"


@pytest.mark.parametrize(("periods", "refused"), [(241, False), (242, True)])
def test_irr_length_limit_is_checked_on_the_range(periods, refused):
    # MAX_IRR_PERIODS = 241 (an Initial and 20 years of months). 241 periods: -1 then
    # 240 x 1 changes sign once, so an IRR exists (#NUM! only when too long).
    benefits = [[-1.0]] + [[1.0]] * (periods - 1)
    costs = [[0.0]] * periods
    _, result = _timed_call("CS_TEI_IRR", [benefits, costs])
    assert (result == [[NUM]]) is refused, result

"""Property tests over realistic ranges (the identities of FORMULAS.md)."""

import itertools
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from roi_xl.core import (
    NeverPaysBackError,
    benefit_cost_ratio,
    capacity_gain,
    clv,
    fte_freed,
    net_value,
    payback_period,
    roi,
    service_level,
)

money = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)
signed_money = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
fraction = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
open_fraction = st.floats(min_value=0.001, max_value=0.999, allow_nan=False)


@given(money)
def test_roi_of_gains_equal_to_costs_is_zero(amount):
    assert roi(amount, amount) == 0


@given(signed_money, money)
def test_net_value_is_roi_times_costs(gains, costs):
    assert net_value(gains, costs) == pytest.approx(roi(gains, costs) * costs, rel=1e-9, abs=1e-6)


@given(signed_money, money)
def test_bcr_is_roi_plus_one(gains, costs):
    assert benefit_cost_ratio(gains, costs) == pytest.approx(
        roi(gains, costs) + 1, rel=1e-9, abs=1e-12
    )


@given(money, fraction, open_fraction)
def test_clv_without_discount_is_revenue_times_margin_over_churn(revenue, margin, churn):
    assert clv(revenue, margin, churn) == pytest.approx(revenue * margin / churn, rel=1e-12)


@given(st.floats(min_value=1, max_value=10_000), st.floats(min_value=0, max_value=0.95))
def test_capacity_gain_and_fte_freed_agree(agents, cut):
    # The agents left after freeing handle the old volume with the extra capacity.
    remaining = agents - fte_freed(agents, cut)
    assert remaining * (1 + capacity_gain(cut)) == pytest.approx(agents, rel=1e-9)


@given(
    st.floats(min_value=1, max_value=1e6),
    st.lists(st.floats(min_value=-1e6, max_value=0), min_size=1, max_size=10),
)
def test_payback_of_a_flow_that_never_turns_positive_is_an_error(invest, later):
    with pytest.raises(NeverPaysBackError):
        payback_period([-invest, *later])


@given(
    st.floats(min_value=1, max_value=1e6),
    st.lists(st.floats(min_value=1, max_value=1e6), min_size=1, max_size=10),
)
def test_payback_lands_where_the_cumulative_flow_crosses_zero(invest, later):
    flows = [-invest, *later]
    assume(sum(flows) >= 0)
    months = payback_period(flows)
    years = months / 12
    whole = math.floor(years)
    # cumulative at the payback time, with the crossing year accruing evenly
    cumulative = sum(flows[: whole + 1])
    if whole + 1 < len(flows):
        cumulative += (years - whole) * flows[whole + 1]
    # the core calls a cumulative within 1e-9 of the largest cumulative value zero (an
    # exact break-even, FORMULAS.md): [-2, 2.00001, 10000] pays back at 12.0 months
    largest = max(abs(c) for c in itertools.accumulate(flows))
    assert cumulative == pytest.approx(0, abs=1e-6 * invest + 1e-9 * largest)


@given(
    st.floats(min_value=1, max_value=2_000),
    st.floats(min_value=30, max_value=900),
    st.floats(min_value=0, max_value=120),
)
def test_service_level_rises_with_agents(contacts, aht, answer):
    traffic = contacts * aht / 1800
    start = math.floor(traffic)
    levels = [service_level(n, contacts, aht, 1800, answer) for n in range(start, start + 15)]
    assert all(0 <= x <= 1 for x in levels)
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(levels))

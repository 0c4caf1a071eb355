"""roi_xl.core.revenue_levers: FORMULAS.md section C."""

import pytest

from roi_xl.core import (
    OutOfDomainError,
    ZeroDenominatorError,
    attributed_value,
    clv,
    conversion_uplift,
    customers_saved,
    net_revenue_retention,
    retained_revenue,
)


def test_upsell_published_example():
    # FORMULAS.md C, source example: 50,000 interactions a month, conversion 5% -> 7%,
    # $100 orders: $250,000 -> $350,000 a month, +$100,000 a month, $1.2M a year.
    assert conversion_uplift(50_000, 0.05, 0.07, 100) == pytest.approx(100_000, rel=1e-12)
    assert conversion_uplift(600_000, 0.05, 0.07, 100) == pytest.approx(1_200_000, rel=1e-12)


def test_churn_published_example():
    # FORMULAS.md C, source example: 500,000 customers at $200 a year, churn 10% -> 9%:
    # 5,000 customers saved, $1,000,000 a year retained.
    assert customers_saved(500_000, 0.10, 0.09) == pytest.approx(5_000, rel=1e-12)
    assert retained_revenue(500_000, 0.10, 0.09, 200) == pytest.approx(1_000_000, rel=1e-12)


def test_margin_scales_revenue():
    # by hand: at a 60% margin the retained $1,000,000 is worth $600,000.
    assert retained_revenue(500_000, 0.10, 0.09, 200, 0.6) == pytest.approx(600_000, rel=1e-12)
    assert conversion_uplift(50_000, 0.05, 0.07, 100, 0.5) == pytest.approx(50_000, rel=1e-12)


def test_clv_closed_form_matches_the_series():
    # FORMULAS.md C: CLV = sum m ((1-c)/(1+d))^t = m (1+d) / (d+c); summed by hand
    # here over 2,000 periods (the tail is below 1e-12 of the total).
    m, c, d = 200 * 0.5, 0.1, 0.08
    series_sum = sum(m * ((1 - c) / (1 + d)) ** t for t in range(2_000))
    assert clv(200, 0.5, c, d) == pytest.approx(series_sum, rel=1e-12)
    # d = 0: revenue x margin / churn = 200 x 0.5 / 0.1 = 1,000.
    assert clv(200, 0.5, 0.1) == pytest.approx(1_000, rel=1e-12)


def test_nrr_by_hand():
    # by hand: (1,000,000 + 150,000 - 30,000 - 70,000) / 1,000,000 = 105%.
    assert net_revenue_retention(1_000_000, 150_000, 30_000, 70_000) == pytest.approx(1.05)
    assert net_revenue_retention([600_000, 400_000], [100_000, 50_000], 30_000, 70_000) == (
        pytest.approx(1.05)
    )


def test_attributed_value_by_hand():
    # by hand: 1,000,000 x 50% x (1 - 20%) = 400,000.
    assert attributed_value(1_000_000, 0.5, 0.2) == pytest.approx(400_000, rel=1e-12)
    assert attributed_value(1_000_000, 0.5) == pytest.approx(500_000, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: clv(200, 0.5, 0), ZeroDenominatorError, "churn_rate"),
        (lambda: clv(200, 1.5, 0.1), OutOfDomainError, "gross_margin"),
        (lambda: conversion_uplift(1, 0.05, 7, 100), OutOfDomainError, "new_rate"),
        (lambda: customers_saved(-1, 0.1, 0.09), OutOfDomainError, "customers"),
        (lambda: retained_revenue(1, 0.1, 0.09, -200), OutOfDomainError, "revenue_per_customer"),
        (
            lambda: net_revenue_retention(0, 1, 0, 0),
            ZeroDenominatorError,
            "starting_recurring_revenue",
        ),
        (lambda: net_revenue_retention(10, -1, 0, 0), OutOfDomainError, "expansion"),
        (lambda: attributed_value(10, 1.1), OutOfDomainError, "attribution_share"),
        (lambda: attributed_value(10, 0.5, -0.1), OutOfDomainError, "risk_adjustment"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument

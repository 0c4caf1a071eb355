"""roi_xl.core.cost_levers: FORMULAS.md section B."""

import pytest

from roi_xl.core import (
    InputTypeError,
    OutOfDomainError,
    ZeroDenominatorError,
    aht_savings,
    blended_cost_per_contact,
    capacity_gain,
    contacts_after_deflection,
    deflection_savings,
    escalation_savings,
    fcr_savings,
    fte_freed,
    roi,
)


def test_deflection_published_example():
    # FORMULAS.md B, source example: 100,000 inquiries a month at $4, 40% by AI at
    # $0.50 -> before $400,000, after $260,000, savings $140,000 a month, $1.68M a year.
    monthly = deflection_savings(100_000, 0.4, 4, 0.5)
    assert monthly == pytest.approx(140_000, rel=1e-12)
    assert deflection_savings(1_200_000, 0.4, 4, 0.5) == pytest.approx(1_680_000, rel=1e-12)
    # blended cost per contact $2.60; 100,000 x 2.60 = $260,000 after.
    assert blended_cost_per_contact(0.4, 4, 0.5) == pytest.approx(2.60, rel=1e-12)
    # with $400,000 a year of AI cost the ROI is 320%.
    assert roi(1_680_000, 400_000) == pytest.approx(3.20, rel=1e-12)


def test_capacity_versus_fte_views():
    # FORMULAS.md B: a 20% cut gives 25% more capacity (1 / 0.8 - 1) or frees 20%
    # of agents: 200 agents -> 40 freed.
    assert capacity_gain(0.2) == pytest.approx(0.25, rel=1e-12)
    assert fte_freed(200, 0.2) == pytest.approx(40, rel=1e-12)


def test_contacts_after_deflection_by_hand():
    assert contacts_after_deflection(100_000, 0.4) == pytest.approx(60_000, rel=1e-12)
    assert contacts_after_deflection(100_000, 1) == 0


def test_aht_savings_by_hand():
    # by hand: 60,000 contacts x 2 minutes = 2,000 hours x $30 = $60,000.
    assert aht_savings(60_000, 10, 8, 30) == pytest.approx(60_000, rel=1e-12)
    # a longer handle time is a negative saving, reported as such
    assert aht_savings(60, 8, 10, 30) == pytest.approx(-60, rel=1e-12)


def test_fcr_savings_by_hand():
    # by hand: 10,000 issues at FCR 50% take 20,000 contacts; at 80%, 12,500;
    # 7,500 fewer contacts x $5 = $37,500.
    assert fcr_savings(10_000, 0.5, 0.8, 5) == pytest.approx(37_500, rel=1e-12)


def test_escalation_savings_by_hand():
    # by hand: 60,000 x (10% - 7%) = 1,800 escalations x $25 = $45,000.
    assert escalation_savings(60_000, 0.10, 0.07, 25) == pytest.approx(45_000, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: deflection_savings(100, 40, 4, 0.5), OutOfDomainError, "deflection_rate"),
        (lambda: deflection_savings(100, -0.1, 4, 0.5), OutOfDomainError, "deflection_rate"),
        (lambda: deflection_savings(-1, 0.4, 4, 0.5), OutOfDomainError, "contacts"),
        (lambda: deflection_savings(100, 0.4, "4", 0.5), InputTypeError, "human_cost_per_contact"),
        (
            lambda: blended_cost_per_contact(0.4, 4, -1),
            OutOfDomainError,
            "automated_cost_per_contact",
        ),
        (lambda: contacts_after_deflection(None, 0.4), InputTypeError, "contacts"),
        (lambda: aht_savings(1, -1, 1, 1), OutOfDomainError, "aht_before_minutes"),
        (lambda: capacity_gain(1), ZeroDenominatorError, "aht_reduction"),
        (lambda: capacity_gain(1.5), OutOfDomainError, "aht_reduction"),
        (lambda: fte_freed(-3, 0.2), OutOfDomainError, "agents"),
        (lambda: fcr_savings(10, 0, 0.5, 5), ZeroDenominatorError, "fcr_before"),
        (lambda: fcr_savings(10, 0.5, 0, 5), ZeroDenominatorError, "fcr_after"),
        (lambda: fcr_savings(10, 0.5, 1.2, 5), OutOfDomainError, "fcr_after"),
        (lambda: escalation_savings(10, 0.1, 0.05, -25), OutOfDomainError, "cost_per_escalation"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument


def test_rate_message_shows_the_rule():
    # FORMULAS.md conventions: the message names the argument and the rule.
    with pytest.raises(
        OutOfDomainError,
        match=r"deflection_rate must be between 0 and 1 "
        r"\(40% or 0\.4\), got 40$",
    ):
        deflection_savings(100, 40, 4, 0.5)

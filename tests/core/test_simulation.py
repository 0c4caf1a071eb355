"""roi_xl.core.simulation: FORMULAS.md section H."""

import math

import numpy as np
import pytest

from roi_xl.core import (
    Estimate,
    OutOfDomainError,
    ZeroDenominatorError,
    simulate_case,
    simulate_roi,
    triangular,
    triangular_mean_of_reciprocal,
)


def test_degenerate_estimates_give_the_deterministic_roi():
    # low = likely = high: every trial is the same; by hand (150 - 100) / 100 = 0.5.
    result = simulate_roi(150, 150, 150, 100, 100, 100, trials=5_000, seed=7)
    assert result == {"p10": 0.5, "p50": 0.5, "p90": 0.5, "mean": 0.5, "prob_negative": 0.0}


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = simulate_roi(50, 100, 200, 60, 80, 120, trials=20_000, seed=42)
    b = simulate_roi(50, 100, 200, 60, 80, 120, trials=20_000, seed=42)
    c = simulate_roi(50, 100, 200, 60, 80, 120, trials=20_000, seed=43)
    assert a == b
    assert a != c


def test_mean_converges_to_the_analytic_mean():
    # Costs known (100), gains triangular(50, 100, 300): the mean gain is
    # (50 + 100 + 300) / 3 = 150, so the mean ROI is 150 / 100 - 1 = 0.5.
    # The ROI's standard deviation is sqrt((a²+b²+c²-ab-ac-bc)/18)/100 ≈ 0.5401; with
    # 400,000 trials the standard error is 0.00085: 6 standard errors is 0.0051.
    result = simulate_roi(50, 100, 300, 100, 100, 100, trials=400_000, seed=3)
    assert result["mean"] == pytest.approx(0.5, abs=0.0051)
    # The triangular median by hand: b - sqrt((b-a)(b-c)/2) for c below the mid-point,
    # 300 - sqrt(250 * 200 / 2) = 141.886 -> ROI 0.41886; tolerance ~6 standard errors.
    assert result["p50"] == pytest.approx(0.41886, abs=0.006)


def test_probability_of_loss_by_hand():
    # Gains triangular(0, 100, 100) against known costs of 50: P(gain < 50) is
    # (50 - 0)^2 / ((100 - 0) * (100 - 0)) = 0.25 from the triangular CDF.
    result = simulate_roi(0, 100, 100, 50, 50, 50, trials=400_000, seed=11)
    assert result["prob_negative"] == pytest.approx(0.25, abs=0.005)


def test_triangular_inverse_cdf_by_hand():
    # F(x) = (x - a)^2 / ((b - a)(c - a)) left of the mode: u = 0.125 on (0, 1, 2) -> 0.5.
    u = np.array([0.0, 0.125, 0.5, 0.875])
    assert triangular(0.0, 1.0, 2.0, u).tolist() == pytest.approx([0.0, 0.5, 1.0, 1.5])


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: simulate_roi(3, 2, 1, 1, 1, 1), OutOfDomainError, "gains_likely"),
        (lambda: simulate_roi(1, 2, 3, 5, 1, 6), OutOfDomainError, "costs_likely"),
        (lambda: simulate_roi(1, 2, 3, 0, 1, 1), ZeroDenominatorError, "costs_low"),
        (lambda: simulate_roi(1, 2, 3, -1, 1, 1), OutOfDomainError, "costs_low"),
        (lambda: simulate_roi(1, 2, 3, 1, 1, 1, 0), OutOfDomainError, "trials"),
        (lambda: simulate_roi(1, 2, 3, 1, 1, 1, 10.5), OutOfDomainError, "trials"),
        (lambda: simulate_roi(1, 2, 3, 1, 1, 1, 10, -1), OutOfDomainError, "seed"),
        (lambda: simulate_roi(1, 2, math.inf, 1, 1, 1), OutOfDomainError, "gains_high"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument


# --- simulate_case: the business case's lines and costs (issue 5) -------------------------


def test_case_degenerate_lines_give_the_deterministic_roi_in_every_percentile():
    # low = mode = high everywhere: gains 150 + 50 = 200 against costs 80, ROI 1.5 by hand
    gains = [Estimate("a", 150, 150, 150), Estimate("b", 50, 50, 50)]
    result = simulate_case(gains, Estimate("Costs", 80, 80, 80), trials=10_000, seed=5)
    assert (result.p10, result.p50, result.p90, result.mean) == (1.5, 1.5, 1.5, 1.5)
    assert result.prob_negative == 0.0


def test_case_seeded_runs_are_reproducible():
    gains = [Estimate("a", 10, 50, 90), Estimate("b", -20, 0, 40)]
    costs = Estimate("Costs", 40, 50, 80)
    a = simulate_case(gains, costs, trials=300_000, seed=11)
    b = simulate_case(gains, costs, trials=300_000, seed=11)
    c = simulate_case(gains, costs, trials=300_000, seed=12)
    assert a == b
    assert a.p50 != c.p50


def test_case_progress_reports_every_trial():
    done = []
    simulate_case(
        [Estimate("a", 1, 2, 3)], Estimate("c", 1, 1, 1), trials=600_000, progress=done.append
    )
    assert sum(done) == 600_000 and len(done) > 1  # in chunks


def test_reciprocal_mean_closed_form_matches_numerical_integration():
    # An independent check of the closed form: the trapezoid rule on the density.
    for low, likely, high in ((40, 50, 80), (1, 1, 3), (2, 5, 5), (10, 11, 300)):
        x = np.linspace(low, high, 2_000_001)
        density = np.where(
            x <= likely,
            2 * (x - low) / ((high - low) * max(likely - low, 1e-300)),
            2 * (high - x) / ((high - low) * max(high - likely, 1e-300)),
        )
        numeric = np.trapezoid(density / x, x)
        assert triangular_mean_of_reciprocal(low, likely, high) == pytest.approx(numeric, rel=1e-6)


def test_case_mean_converges_to_the_analytic_mean_of_the_triangular_model():
    # Gains and costs independent: E[ROI] = E[sum of gains] * E[1 / costs] - 1, with
    # E[gain] = (low + mode + high) / 3 and E[1 / costs] in closed form (checked above).
    gains = [Estimate("a", 100, 200, 400), Estimate("b", 0, 50, 60), Estimate("c", -30, 0, 30)]
    costs = Estimate("Costs", 120, 150, 260)
    expected = sum(g.mean for g in gains) * triangular_mean_of_reciprocal(120, 150, 260) - 1
    trials = 1_000_000
    result = simulate_case(gains, costs, trials=trials, seed=2)
    # Tolerance: 5 standard errors of the mean; the ROI's standard deviation, measured on a
    # separate seeded run, is below 0.55, so 5 x 0.55 / sqrt(1e6) = 0.00275.
    assert abs(result.mean - expected) < 5 * 0.55 / math.sqrt(trials)


def test_case_costs_that_can_be_zero_have_no_roi():
    with pytest.raises(ZeroDenominatorError):
        simulate_case([Estimate("a", 1, 2, 3)], Estimate("Costs", 0, 10, 20))


def test_estimate_from_scenarios_orders_low_and_high():
    gain = Estimate.from_scenarios("Deflection", 70, 100, 120)
    assert (gain.low, gain.likely, gain.high) == (70, 100, 120)
    costs = Estimate.from_scenarios("Costs", 110, 100, 95)  # conservative costs are high
    assert (costs.low, costs.likely, costs.high) == (95, 100, 110)
    with pytest.raises(OutOfDomainError, match="not between"):
        Estimate.from_scenarios("AHT", 70, 130, 120)

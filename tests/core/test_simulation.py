"""roi_xl.core.simulation: FORMULAS.md section H."""

import math

import numpy as np
import pytest

from roi_xl.core import OutOfDomainError, ZeroDenominatorError, simulate_roi, triangular


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

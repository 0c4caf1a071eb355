"""roi_xl.core.headline: FORMULAS.md section A."""

import numpy as np
import pytest

from roi_xl.core import (
    InputTypeError,
    OutOfDomainError,
    ZeroDenominatorError,
    benefit_cost_ratio,
    cost_per_contact,
    net_value,
    roi,
)


@pytest.mark.parametrize(
    ("gains", "costs", "expected"),
    [
        # FORMULAS.md A, source example: costs $1M; gains $300k (AHT+FCR) + $400k
        # (upsell) + $200k (retention) = $900k -> ROI -10%.
        ([300_000, 400_000, 200_000], 1_000_000, -0.10),
        # same source: gains $1.3M -> ROI 30%.
        (1_300_000, 1_000_000, 0.30),
        # FORMULAS.md A: invest $100,000; $180,000 retained + $40,000 savings -> 120%.
        ([180_000, 40_000], 100_000, 1.20),
        # FORMULAS.md A: $200,000 invested, $500,000 retained -> 150%.
        (500_000, 200_000, 1.50),
        # FORMULAS.md A: spend $100, earn $150 -> 50%.
        (150, 100, 0.50),
    ],
)
def test_roi_published_examples(gains, costs, expected):
    assert roi(gains, costs) == pytest.approx(expected, rel=1e-12)


def test_roi_562_percent_example():
    # FORMULAS.md A: investment $450,000; $2.3M retained + $680,000 expansion
    # -> ROI ~562%, BCR ~6.62. By hand: 2,980,000 / 450,000 = 6.6222...
    assert roi([2_300_000, 680_000], 450_000) == pytest.approx(5.62, abs=0.005)
    assert benefit_cost_ratio([2_300_000, 680_000], 450_000) == pytest.approx(6.62, abs=0.005)


def test_net_value_published_example():
    # FORMULAS.md A: $180,000 + $40,000 on $100,000 -> net value $120,000.
    assert net_value([180_000, 40_000], 100_000) == 120_000


def test_bcr_is_not_roi():
    # FORMULAS.md A: gains $400,000 on $100,000 reported as "400%" is the BCR 4.0;
    # the ROI is 300%.
    assert benefit_cost_ratio(400_000, 100_000) == 4.0
    assert roi(400_000, 100_000) == 3.0


def test_ranges_are_summed_like_sum():
    # by hand: blanks ignored, 2-D and numpy inputs summed.
    assert roi([[100, None], [None, 50]], [[50, 50]]) == 0.5
    assert roi(np.array([100.0, 50.0]), np.array([[100.0]])) == 0.5
    assert net_value([], 0) == 0


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: roi(100, 0), ZeroDenominatorError, "costs"),
        (lambda: roi(100, [None, None]), ZeroDenominatorError, "costs"),
        (lambda: roi(100, -5), OutOfDomainError, "costs"),
        (lambda: roi("100", 10), InputTypeError, "gains"),
        (lambda: roi([1, "x"], 10), InputTypeError, "gains"),
        (lambda: roi([True], 10), InputTypeError, "gains"),
        (lambda: roi(float("nan"), 10), OutOfDomainError, "gains"),
        # the first argument's error wins, as in Excel
        (lambda: roi("x", 0), InputTypeError, "gains"),
        (lambda: benefit_cost_ratio(1, 0), ZeroDenominatorError, "costs"),
        (lambda: net_value(1, -1), OutOfDomainError, "costs"),
        (lambda: cost_per_contact(100, 0), ZeroDenominatorError, "contacts"),
        (lambda: cost_per_contact(-1, 10), OutOfDomainError, "total_cost"),
        (lambda: cost_per_contact(100, -1), OutOfDomainError, "contacts"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument
    assert argument in str(info.value)


def test_cost_per_contact_by_hand():
    # FORMULAS.md B deflection example: $400,000 a month for 100,000 inquiries = $4.
    assert cost_per_contact([300_000, 100_000], 100_000) == 4.0


def test_overflow_is_an_error_not_infinity():
    with pytest.raises(OutOfDomainError):
        roi(1e308, 1e-308)

"""roi_xl.core.finance: FORMULAS.md section E."""

import numpy as np
import numpy_financial as npf  # the test extra: an independent implementation of IRR
import pytest

from roi_xl.core import (
    InputTypeError,
    NeverPaysBackError,
    OutOfDomainError,
    UnknownChoiceError,
    ZeroDenominatorError,
    discounted_payback_period,
    payback_months,
    payback_period,
    present_value,
    risk_adjust,
    tei_irr,
    tei_npv,
    tei_roi,
)


def _excel_npv(rate, values):
    """Excel's NPV, written out from Microsoft's documented formula:
    sum(values[i] / (1 + rate) ** (i + 1)), i.e. the first value IS discounted."""
    return sum(v / (1 + rate) ** (i + 1) for i, v in enumerate(values))


def test_pv_equals_excel_b1_plus_npv():
    # FORMULAS.md E: the Excel equivalent of CS_PV(rate, B1:E1) is =B1+NPV(rate, C1:E1).
    flows = [-250_000, 120_000, 150_000, 180_000]
    assert present_value(0.1, flows) == pytest.approx(
        flows[0] + _excel_npv(0.1, flows[1:]), rel=1e-12
    )
    # and it is NOT plain NPV over all four values (the Warnings section of the docstring)
    assert present_value(0.1, flows) != pytest.approx(_excel_npv(0.1, flows), rel=1e-6)


def test_pv_by_hand():
    # by hand: -100 + 110/1.1 + 121/1.21 = 100.
    assert present_value(0.1, [-100, 110, 121]) == pytest.approx(100, rel=1e-12)
    assert present_value(0.1, [[-100], [110], [121]]) == pytest.approx(100, rel=1e-12)
    assert present_value(0.1, np.array([[-100, 110, 121]])) == pytest.approx(100, rel=1e-12)
    # a blank cell is a period with nothing in it: -100 + 0 + 121/1.21 = 0
    assert present_value(0.1, [-100, None, 121]) == pytest.approx(0, abs=1e-9)
    assert present_value(0, 5) == 5


def test_tei_npv_and_roi_by_hand():
    # by hand: PV(benefits) = 0 + 110/1.1 + 121/1.21 = 200; PV(costs) = 100.
    assert tei_npv(0.1, [0, 110, 121], [100, 0, 0]) == pytest.approx(100, rel=1e-12)
    assert tei_roi(0.1, [0, 110, 121], [100, 0, 0]) == pytest.approx(1.0, rel=1e-12)


def test_risk_adjust_by_hand():
    # FORMULAS.md E: benefit x (1 - risk); cost x (1 + risk).
    assert risk_adjust(100_000, 0.1) == pytest.approx(90_000, rel=1e-12)
    assert risk_adjust(100_000, 0.1, "COST") == pytest.approx(110_000, rel=1e-12)


@pytest.mark.parametrize(
    ("flows", "periods_per_year", "months"),
    [
        # by hand: cumulative -100, -50, 0 -> reaches 0 at the end of year 2.
        ([-100, 50, 50, 50], 1, 24.0),
        # by hand: -100, then +40 a year: -60, -20, +20 -> 2 + 20/40 years = 30 months.
        ([-100, 40, 40, 40], 1, 30.0),
        # by hand: monthly flows, -120 then +40 a month -> 3 months.
        ([-120, 40, 40, 40, 40], 12, 3.0),
        # by hand: quarters, -100 then 80 a quarter -> 1.25 quarters = 3.75 months.
        ([-100, 80, 80], 4, 3.75),
        # never negative: paid back at once.
        ([0, 10, 10], 1, 0.0),
        # costs in year 1 exceed benefits, then recover: cumulative 0, -100, +100;
        # it turns non-negative for good half way through year 2 -> 18 months.
        ([0, -100, 200], 1, 18.0),
        # paid back, then under water again, then back: the last crossing counts.
        # cumulative -100, 50, -150, 150 -> crossing in year 3 at 150/300 -> 30 months.
        ([-100, 150, -200, 300], 1, 30.0),
    ],
)
def test_payback_period_by_hand(flows, periods_per_year, months):
    assert payback_period(flows, periods_per_year) == pytest.approx(months, rel=1e-12)


def test_payback_months_by_hand():
    assert payback_months(120_000, 10_000) == 12
    assert payback_months(0, 10_000) == 0


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: payback_period([-100, 10, 10]), NeverPaysBackError, "flows"),
        (lambda: payback_period([-100, -10]), NeverPaysBackError, "flows"),
        (lambda: payback_period([-100, 200], 0), OutOfDomainError, "periods_per_year"),
        (lambda: payback_period([-100, 200], 1.5), OutOfDomainError, "periods_per_year"),
        (lambda: payback_period([[1, 2], [3, 4]]), InputTypeError, "flows"),
        (lambda: payback_period([]), InputTypeError, "flows"),
        (lambda: payback_months(100, 0), NeverPaysBackError, "monthly_net_benefit"),
        (lambda: payback_months(100, -5), NeverPaysBackError, "monthly_net_benefit"),
        (lambda: payback_months(-1, 5), OutOfDomainError, "upfront_cost"),
        (lambda: present_value(1.5, [1]), OutOfDomainError, "rate"),
        (lambda: present_value(0.1, ["x"]), InputTypeError, "flows"),
        (lambda: tei_roi(0.1, [1, 2], [0, 0]), ZeroDenominatorError, "costs"),
        (lambda: tei_npv(0.1, [1, 2], [1, 2, 3]), InputTypeError, "costs"),
        (lambda: tei_npv(0.1, [1, 2], [1, -2]), OutOfDomainError, "costs"),
        (lambda: risk_adjust(1, 0.1, "gain"), UnknownChoiceError, "kind"),
        (lambda: risk_adjust(1, 0.1, 3), InputTypeError, "kind"),
        (lambda: risk_adjust(1, 2), OutOfDomainError, "risk"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument


def test_never_pays_back_is_out_of_domain():
    # FORMULAS.md conventions: a payback that never happens is #NUM!.
    assert NeverPaysBackError.excel_error == "#NUM!"


# --- exact break-even, IRR and discounted payback (issue 10) -----------------


def test_exact_break_even_at_month_seven():
    # FORMULAS.md E: -68,608.47 then 9,801.21 a month for 7 months: 7 x 9,801.21 = 68,608.47
    # exactly in cents, so the investment is paid back at the end of month 7. In binary
    # floating point the running sum ends a hair below 0:
    flows = [-68_608.47] + [9_801.21] * 7
    assert np.cumsum(flows)[-1] < 0  # the trap the tolerance is for
    assert payback_period(flows, periods_per_year=12) == pytest.approx(7.0, abs=1e-12)
    # a real shortfall of one cent still never pays back
    with pytest.raises(NeverPaysBackError):
        payback_period([-68_608.48] + [9_801.21] * 7, periods_per_year=12)


def test_irr_against_numpy_financial():
    # numpy-financial's irr is an independent implementation of Excel's IRR.
    rng = np.random.default_rng(10)
    checked = 0
    for _ in range(200):
        initial = rng.uniform(1e4, 2e6)
        years = rng.uniform(-2e5, 1.5e6, size=rng.integers(1, 6))
        net = np.array([-initial, *years])
        if (np.cumsum(net) < 0).all() or not (np.diff(np.sign(net)) != 0).any():
            continue
        if np.count_nonzero(np.diff(np.sign(net[net != 0]))) != 1:
            continue  # one sign change: a unique IRR, so both must find the same one
        benefits = np.where(net > 0, net, 0.0)
        costs = np.where(net < 0, -net, 0.0)
        assert tei_irr(benefits, costs) == pytest.approx(npf.irr(net), rel=1e-9, abs=1e-12)
        checked += 1
    assert checked >= 100


def test_irr_by_hand_and_errors():
    # by hand: 100 now, 121 in two years: (1 + r)^2 = 1.21, r = 10%
    assert tei_irr([0, 0, 121], [100, 0, 0]) == pytest.approx(0.10, rel=1e-12)
    # a loss: 100 now, 81 in two years: (1 + r)^2 = 0.81, r = -10%
    assert tei_irr([0, 0, 81], [100, 0, 0]) == pytest.approx(-0.10, rel=1e-12)
    with pytest.raises(OutOfDomainError, match="never change sign"):
        tei_irr([10, 10], [0, 0])
    with pytest.raises(OutOfDomainError, match="never change sign"):
        tei_irr([0, 0], [0, 0])


def test_discounted_payback_by_hand():
    # at 10%: 110 in year 1 is worth 100 today, so the 100 invested is back after 12 months
    assert discounted_payback_period(0.1, [-100, 110, 121]) == pytest.approx(12.0, rel=1e-12)
    # at 10%: -100, then 55 a year: 50 + 45.4545 = 95.45 after 2 years, then 41.32 in
    # year 3: crossing at 2 + 4.5455 / 41.3223 = 2.11 years
    pv = [55 / 1.1, 55 / 1.1**2, 55 / 1.1**3]
    by_hand = (2 + (100 - pv[0] - pv[1]) / pv[2]) * 12
    assert discounted_payback_period(0.1, [-100, 55, 55, 55]) == pytest.approx(by_hand, rel=1e-12)
    # the same break-even tolerance: at 0% the month-7 example pays back at month 7
    flows = [-68_608.47] + [9_801.21] * 7
    assert discounted_payback_period(0, flows, 12) == pytest.approx(7.0, abs=1e-12)
    with pytest.raises(NeverPaysBackError):
        discounted_payback_period(0.1, [-100, 50, 50])  # 45.45 + 41.32 < 100


def test_irr_series_is_bounded():
    # the root search is cubic in the number of periods: 241 (Initial + 20 years of
    # months) is the most it takes; one more is #NUM! at once, however long the range
    from roi_xl.core.finance import MAX_IRR_PERIODS

    assert MAX_IRR_PERIODS == 241
    flows = [0.0, *([1.0] * 240)]
    # by hand: 240 periods of 1 against 100 at time 0 pay back, so an IRR exists
    assert tei_irr(flows, [100.0, *([0.0] * 240)]) > 0
    with pytest.raises(OutOfDomainError, match="at most 241 periods"):
        tei_irr([*flows, 1.0], [100.0, *([0.0] * 241)])


def test_irr_of_tiny_flows_beside_huge_ones_answers_or_is_num():
    # 1e-300 a period against 1e12 at time 0: the root (about -95%, x^240 = 1e312) lies
    # beyond double precision once scaled; the answer is a rate that zeroes the NPV or
    # OutOfDomainError (#NUM!), never LinAlgError or an overflow warning (-W error)
    benefits, costs = [0.0, *([1e-300] * 240)], [1e12, *([0.0] * 240)]
    try:
        rate = tei_irr(benefits, costs)
    except OutOfDomainError:
        return
    net = np.array(benefits) - np.array(costs)
    assert abs(np.sum(net / (1 + rate) ** np.arange(net.size))) <= 1e-6 * 1e12


def test_irr_never_returns_a_rate_that_does_not_zero_the_npv():
    # -1 then 240 periods of 1e-300: the true root is near -94% (x^240 = 1e300, by hand),
    # far beyond what the root search resolves; a rate is returned only if it zeroes
    # the NPV (an earlier version answered -14.7%, where the NPV is -1)
    benefits, costs = [-1.0 + 1.0, *([1e-300] * 240)], [1.0, *([0.0] * 240)]
    try:
        rate = tei_irr(benefits, costs)
    except OutOfDomainError:
        return
    net = np.array(benefits) - np.array(costs)
    terms = net / (1 + rate) ** np.arange(net.size)
    assert abs(terms.sum()) <= 1e-9 * np.abs(terms).sum()

"""CS_ATTRIBUTION_CREDIT and CS_ATTRIBUTION_BY_CHANNEL through xlwings's Office.js path."""

import random

import pytest
import xlwings

from tests.core.reference_attribution import reference_credit
from tests.excel.officejs import NA, call

# A touch log as Excel sends three columns: one 2-D list per argument, blank cells None.
# Journey J1: days 1, 3, 8 worth 120 (value on its last row only); J2: one touch worth 30.
IDS = [["J1"], ["J2"], ["J1"], ["J1"]]
TIMES = [[45008.0], [45002.0], [45001.0], [45003.0]]
CHANNELS = [["Phone"], ["Chat"], ["Email"], ["Chat"]]
VALUES = [[120], [30], [None], [None]]
DEFAULTS = [[[None]]] * 4


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("first", [0, 30, 120, 0]),  # by hand
        ("last", [120, 30, 0, 0]),  # by hand
        ("linear", [40, 30, 40, 40]),  # by hand: 120 / 3
        ("position", [48, 30, 48, 24]),  # by hand: 40% / 20% / 40%
    ],
)
def test_credit_spills_a_column(model, expected):
    result = call("CS_ATTRIBUTION_CREDIT", IDS, TIMES, VALUES, [[model]], *DEFAULTS[:3])
    assert result == [[pytest.approx(v)] for v in expected]


def test_default_model_is_linear():
    result = call("CS_ATTRIBUTION_CREDIT", IDS, TIMES, VALUES, *DEFAULTS)
    assert result == [[pytest.approx(v)] for v in (40, 30, 40, 40)]


def test_by_channel_spills_a_table_sorted_by_value():
    result = call("CS_ATTRIBUTION_BY_CHANNEL", IDS, TIMES, CHANNELS, VALUES, *DEFAULTS)
    # by hand (linear): Chat 30 + 40 = 70; Email 40; Phone 40 (ties by name)
    assert result == [["Chat", 70.0], ["Email", 40.0], ["Phone", 40.0]]


def test_by_channel_markov_by_hand():
    # J1 A -> B converts, J2 A does not, J3 B converts: credits A 1/3, B 2/3 of 200
    # (see tests/core/test_attribution.py for the hand calculation).
    result = call(
        "CS_ATTRIBUTION_BY_CHANNEL",
        [[1], [1], [2], [3]],
        [[1], [2], [1], [1]],
        [["A"], ["B"], ["A"], ["B"]],
        [[100], [100], [0], [100]],
        [["markov"]],
        *DEFAULTS[:3],
    )
    assert result == [["B", pytest.approx(400 / 3)], ["A", pytest.approx(200 / 3)]]


def test_a_row_of_cells_works_like_a_column():
    row = call("CS_ATTRIBUTION_CREDIT", [["a", "a"]], [[1, 2]], [[0, 10]], *DEFAULTS)
    assert row == [[5.0], [5.0]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([IDS, TIMES[:2], VALUES, [["linear"]]], "must have the same number of rows"),
        ([IDS, TIMES, [[-1], [0], [0], [0]], [["linear"]]], None),
        ([IDS, TIMES, VALUES, [["markov"]]], "channel-level"),
        ([IDS, TIMES, VALUES, [["u_shape"]]], "model must be one of"),
        ([IDS, [["soon"], [1], [2], [3]], VALUES, [["linear"]]], "touch_times row 1"),
    ],
)
def test_bad_input(args, message):
    if message is None:  # a negative value is out of domain: #NUM!
        assert call("CS_ATTRIBUTION_CREDIT", *args, *DEFAULTS[:3]) == [
            [{"type": "Error", "errorType": "Num"}]
        ]
        return
    with pytest.raises(xlwings.XlwingsError, match=message):
        call("CS_ATTRIBUTION_CREDIT", *args, *DEFAULTS[:3])


def test_position_weights_above_one_are_num():
    result = call(
        "CS_ATTRIBUTION_CREDIT", IDS, TIMES, VALUES, [["position"]], [[None]], [[0.7]], [[0.6]]
    )
    assert result == [[{"type": "Error", "errorType": "Num"}]]


def test_error_cell_in_the_log_passes_through():
    ids = [["J1"], [{"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}]]
    assert call("CS_ATTRIBUTION_CREDIT", ids, [[1], [2]], [[1], [2]], *DEFAULTS) == [[NA]]


def test_hundred_thousand_rows_through_officejs():
    rng = random.Random(100_000)
    n = 100_000
    ids = [[f"J{rng.randrange(20_000)}"] for _ in range(n)]
    times = [[45000 + rng.random() * 90] for _ in range(n)]
    values = [[rng.choice([0.0, rng.uniform(0, 500)])] for _ in range(n)]
    result = call(
        "CS_ATTRIBUTION_CREDIT", ids, times, values, [["time_decay"]], [[3]], [[None]], [[None]]
    )
    want = reference_credit(
        [r[0] for r in ids], [r[0] for r in times], [r[0] for r in values], "time_decay", 3.0
    )
    assert len(result) == n
    assert [r[0] for r in result] == pytest.approx(want, rel=1e-9, abs=1e-9)

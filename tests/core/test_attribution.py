"""roi_xl.core.attribution: FORMULAS.md section D."""

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_xl.core import (
    InputTypeError,
    OutOfDomainError,
    UnknownChoiceError,
    attribution_by_channel,
    attribution_credit,
    markov_removal_effects,
)
from roi_xl.core.attribution import _dense_codes
from tests.core.reference_attribution import reference_credit

MODELS = ["first", "last", "linear", "time_decay", "position"]

# Journey J1: three touches on days 1, 3 and 8, worth 120 (the value stands on its
# last row only); journey J2: one touch worth 30. Rows deliberately out of order.
IDS = ["J1", "J2", "J1", "J1"]
TIMES = [8.0, 2.0, 1.0, 3.0]
VALUES = [120, 30, None, None]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("first", [0, 30, 120, 0]),  # by hand: all to day 1
        ("last", [120, 30, 0, 0]),  # by hand: all to day 8
        ("linear", [40, 30, 40, 40]),  # by hand: 120 / 3
        # by hand: position 40% / 40% / 20% for first / last / middle
        ("position", [48, 30, 48, 24]),
    ],
)
def test_models_by_hand(model, expected):
    assert attribution_credit(IDS, TIMES, VALUES, model).tolist() == pytest.approx(expected)


def test_time_decay_by_hand():
    # by hand, half-life 7 days: weights 2^(-7/7)=0.5 (day 1), 2^(-5/7) (day 3), 1 (day 8)
    w = [2 ** (-7 / 7), 2 ** (-5 / 7), 1.0]
    total = sum(w)
    expected = [120 * w[2] / total, 30, 120 * w[0] / total, 120 * w[1] / total]
    assert attribution_credit(IDS, TIMES, VALUES, "time_decay").tolist() == pytest.approx(expected)


def test_position_with_two_touches_is_fifty_fifty():
    assert attribution_credit([1, 1], [1, 2], [0, 10], "position").tolist() == [5, 5]


def test_ties_in_time_go_by_row_order():
    assert attribution_credit(["a", "a"], [5, 5], [10, 10], "first").tolist() == [10, 0]
    assert attribution_credit(["a", "a"], [5, 5], [10, 10], "last").tolist() == [0, 10]


def test_datetimes_and_serials_agree():
    # 1 Jan 2024 is Excel serial 45292 (by hand: days since 30 Dec 1899).
    stamps = [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 3, 12), dt.datetime(2024, 1, 2)]
    serials = [45292.0, 45294.5, 45293.0]
    for model in MODELS:
        a = attribution_credit(["x", "x", "x"], stamps, [0, 0, 90], model)
        b = attribution_credit(["x", "x", "x"], serials, [0, 0, 90], model)
        assert a.tolist() == pytest.approx(b.tolist(), rel=1e-12)
        c = attribution_credit(
            ["x"] * 3, np.array(stamps, dtype="datetime64[ns]"), [0, 0, 90], model
        )
        assert c.tolist() == pytest.approx(b.tolist(), rel=1e-12)


def test_text_and_number_ids_and_blank_rows():
    credit = attribution_credit([1, "1", 1, None, ""], [1, 1, 2, 3, 4], [10, 20, 0, 5, 5])
    # id 1 (number) and "1" (text) are different journeys, as in Excel; blank ids are not
    # touches.
    assert credit.tolist() == [5, 20, 5, 0, 0]
    # 5 and 5.0 are the same number, so the same journey
    assert attribution_credit([5, 5.0], [1, 2], [0, 10]).tolist() == [5, 5]


@pytest.mark.parametrize("model", MODELS)
def test_random_logs_match_the_plain_reference(model):
    rng = random.Random(model)
    n = 2_000
    ids = [rng.choice([f"J{rng.randrange(300)}", rng.randrange(300)]) for _ in range(n)]
    times = [rng.choice([rng.uniform(45000, 45100), 45050.0]) for _ in range(n)]
    values = [rng.choice([0, None, rng.uniform(0, 1000)]) for _ in range(n)]
    got = attribution_credit(ids, times, values, model, 5, 0.3, 0.5)
    want = reference_credit(ids, times, values, model, 5, 0.3, 0.5)
    assert got.tolist() == pytest.approx(want, rel=1e-12, abs=1e-9)


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.floats(0, 100), st.floats(0, 1e6)),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(MODELS),
    st.randoms(use_true_random=False),
)
def test_credits_sum_to_the_journey_value_in_any_row_order(rows, model, shuffle):
    ids, times, values = map(list, zip(*rows, strict=True))
    credit = attribution_credit(ids, times, values, model)
    for journey in set(ids):
        mine = [i for i, j in enumerate(ids) if j == journey]
        worth = max(values[i] for i in mine)
        assert sum(credit[i] for i in mine) == pytest.approx(worth, rel=1e-9, abs=1e-9)
    order = list(range(len(rows)))
    shuffle.shuffle(order)
    shuffled = attribution_credit(
        [ids[i] for i in order], [times[i] for i in order], [values[i] for i in order], model
    )
    # the same touch gets the same credit whatever the row order (ties aside)
    if len(set(zip(ids, times, strict=True))) == len(rows):
        assert [shuffled[order.index(i)] for i in range(len(rows))] == pytest.approx(
            credit.tolist(), rel=1e-9, abs=1e-9
        )


def test_markov_by_hand():
    # Journeys: J1 A -> B converts (100), J2 A does not, J3 B converts (100).
    # Transitions: start->A 2/3, start->B 1/3, A->B 1/2, A->null 1/2, B->conv 1.
    # P(conv) = 2/3 * 1/2 + 1/3 = 2/3. Without A: 1/3 -> removal effect 0.5.
    # Without B: 0 -> removal effect 1. Credits 0.5 : 1 of the 200 converted.
    ids, times, channels = [1, 1, 2, 3], [1, 2, 1, 1], ["A", "B", "A", "B"]
    values = [100, 100, 0, 100]
    effects = markov_removal_effects(ids, times, channels, values)
    assert effects == pytest.approx({"A": 0.5, "B": 1.0})
    table = attribution_by_channel(ids, times, channels, values, "markov")
    assert [c for c, _ in table] == ["B", "A"]
    assert dict(table) == pytest.approx({"B": 200 * 2 / 3, "A": 200 / 3})


def test_by_channel_sums_row_credits():
    table = attribution_by_channel(IDS, TIMES, ["Phone", "Chat", "Email", "Chat"], VALUES, "linear")
    # by hand: Phone 40 (J1 day 8), Chat 30 (J2) + 40 (J1 day 3) = 70, Email 40.
    assert table == [("Chat", 70.0), ("Email", 40.0), ("Phone", 40.0)]


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: attribution_credit([1, 2], [1], [1, 2]), InputTypeError, "touch_times"),
        (lambda: attribution_credit([1], [1], [-5]), OutOfDomainError, "conversion_values"),
        (lambda: attribution_credit([1], [1], ["x"]), InputTypeError, "conversion_values"),
        (lambda: attribution_credit([1], ["soon"], [1]), InputTypeError, "touch_times"),
        (lambda: attribution_credit([1], [1], [1], "u_shape"), UnknownChoiceError, "model"),
        (lambda: attribution_credit([1], [1], [1], "markov"), InputTypeError, "model"),
        (
            lambda: attribution_credit([1], [1], [1], "position", 7, 0.6, 0.6),
            OutOfDomainError,
            "last_weight",
        ),
        (
            lambda: attribution_credit([1], [1], [1], "position", 7, 1.2, 0),
            OutOfDomainError,
            "first_weight",
        ),
        (
            lambda: attribution_credit([1], [1], [1], "time_decay", 0),
            OutOfDomainError,
            "half_life_days",
        ),
        (lambda: attribution_by_channel([1], [1], ["A", "B"], [1]), InputTypeError, "channels"),
    ],
)
def test_errors_name_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert info.value.argument == argument


def test_markov_message_says_channel_level():
    with pytest.raises(InputTypeError, match="channel-level"):
        attribution_credit([1], [1], [1], "markov")


def test_a_million_rows_in_one_call():
    # Excel's maximum sheet (1,048,576 rows) in one call: credits still sum to the values.
    rng = np.random.default_rng(1)
    n = 1_048_576
    ids = rng.integers(0, 200_000, n)
    times = rng.uniform(45000, 45365, n)
    values = rng.uniform(0, 100, n)
    credit = attribution_credit(ids, times, values, "time_decay")
    worth = np.zeros(200_000)
    np.maximum.at(worth, ids, values)
    assert credit.sum() == pytest.approx(worth.sum(), rel=1e-9)


# --- the lists Excel sends, converted in bulk --------------------------------

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def excel_like_log(rows, seed):
    """A touch log as Excel delivers it: text and number ids (5 and 5.0 alike), blank
    ids (None, ""), times as serial floats, whole-day ints or datetimes, values as
    numbers, None or "" (blank cells)."""
    rng = random.Random(seed)
    ids, times, values = [], [], []
    for _ in range(rows):
        journey = rng.randrange(rows // 4)
        ids.append(
            rng.choice([f"J{journey}", f"J{journey}", journey, float(journey), None, ""])
            if rng.random() < 0.98
            else rng.choice([None, ""])
        )
        serial = 45_000 + rng.random() * 365
        times.append(
            rng.choice(
                [serial, float(int(serial)), int(serial), EXCEL_EPOCH + dt.timedelta(days=serial)]
            )
        )
        values.append(rng.choice([None, "", 0, rng.uniform(0, 900), rng.randrange(1000)]))
    return ids, times, values


def serial_of(moment):
    """Excel's date serial, by hand: days since 30 Dec 1899."""
    if isinstance(moment, dt.datetime):
        return (moment - EXCEL_EPOCH) / dt.timedelta(days=1)
    return float(moment)


@pytest.mark.parametrize("model", MODELS)
def test_hundred_thousand_excel_rows_match_the_plain_reference(model):
    ids, times, values = excel_like_log(100_000, model)
    got = attribution_credit(ids, times, values, model, 5, 0.3, 0.5)
    # The reference groups by Python equality (5 == 5.0, 5 != "5"), like Excel; blank
    # ids are not touches, so it sees only the other rows.
    rows = [i for i, journey in enumerate(ids) if journey not in (None, "")]
    want = [0.0] * len(ids)
    part = reference_credit(
        [ids[i] for i in rows],
        [serial_of(times[i]) for i in rows],
        [values[i] or 0.0 for i in rows],
        model,
        5,
        0.3,
        0.5,
    )
    for i, credit in zip(rows, part, strict=True):
        want[i] = credit
    assert got.tolist() == pytest.approx(want, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("model", MODELS)
def test_hundred_thousand_rows_as_excel_sends_them_match_the_plain_reference(model):
    # The benchmark's shape: text ids of different lengths, float times to the second
    # (no two alike, so each journey's first and last touch is found without a tie),
    # values with blank cells (None) and whole numbers. Credits equal the plain
    # reference's, well within a cent.
    rng = random.Random(f"excel {model}")
    rows = 100_000
    ids = [f"J{rng.randrange(25_000)}" for _ in range(rows)]
    times = [45_000 + second / 86_400 for second in rng.sample(range(365 * 86_400), rows)]
    values = [rng.choice([None, None, rng.uniform(0, 900), rng.randrange(1000)]) for _ in ids]
    got = attribution_credit(ids, times, values, model, 5, 0.3, 0.5)
    want = reference_credit(ids, times, values, model, 5, 0.3, 0.5)
    assert got.tolist() == pytest.approx(want, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("column", "bad", "argument", "message"),
    [
        ("times", "soon", "touch_times", "touch_times row 73211 must be a date"),
        ("times", True, "touch_times", "touch_times row 73211 must be a date"),
        ("times", None, "touch_times", "touch_times row 73211 must be a date"),
        ("values", "12", "conversion_values", "conversion_values row 73211 must be a number"),
        ("values", False, "conversion_values", "conversion_values row 73211 must be a number"),
        ("values", float("nan"), "conversion_values", "conversion_values row 73211 must be a"),
        ("values", -4, "conversion_values", "conversion_values row 73211 must be 0 or more"),
    ],
)
def test_a_bad_cell_among_many_is_named(column, bad, argument, message):
    ids = [f"J{i % 5000}" for i in range(100_000)]
    times = [45_000.0 + i / 100 for i in range(100_000)]
    values = [None] * 100_000
    {"times": times, "values": values}[column][73_210] = bad
    with pytest.raises((InputTypeError, OutOfDomainError)) as info:
        attribution_credit(ids, times, values)
    assert info.value.argument == argument
    assert str(info.value).startswith(message)


def test_ids_that_share_a_hash_stay_apart():
    # CPython hashes -1 and -2 alike (and 2**61 - 1 like 0): different journeys all the same.
    assert hash(-1) == hash(-2)
    ids = [-1, -2, -1, 0, 2**61 - 1, "x"]
    credit = attribution_credit(ids, [1, 1, 2, 1, 1, 1], [10, 20, 0, 30, 40, 50], "linear")
    # by hand: journey -1 has two touches worth 10 -> 5 each; the others one touch each
    assert credit.tolist() == [5, 20, 5, 30, 40, 50]


def test_boolean_and_nan_ids_are_their_own_journeys():
    # TRUE is not the number 1 (Excel keeps them apart); the NaN ids are one journey.
    credit = attribution_credit([1, True, 1, np.nan, np.nan], [1, 1, 2, 1, 2], [10, 8, 0, 6, 0])
    assert credit.tolist() == [5, 8, 5, 3, 3]


@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.sampled_from([0, 1, -1, 7]), max_size=300))
def test_dense_codes_group_equal_keys(keys):
    # The numpy hash table against a plain dictionary: one code per distinct key, 0 .. k-1.
    codes, k = _dense_codes(np.array(keys, dtype=np.int64))
    first_code = {}
    for key, code in zip(keys, codes.tolist(), strict=True):
        assert first_code.setdefault(key, code) == code
    assert k == len(first_code) == len(set(first_code.values()))
    assert sorted(first_code.values()) == list(range(k))


def _credit_by_plain_grouping(ids, times, values):
    """Linear credits from the plain reference, which groups ids by Python equality;
    blank ids (None, "") are not touches and get 0."""
    rows = [i for i, journey in enumerate(ids) if journey not in (None, "")]
    want = [0.0] * len(ids)
    part = reference_credit(
        [ids[i] for i in rows], [times[i] for i in rows], [values[i] for i in rows], "linear"
    )
    for i, credit in zip(rows, part, strict=True):
        want[i] = credit
    return want


TRICKY_IDS = [
    "J1",
    "J10",
    "J1 ",
    " J1",
    "j1",  # prefixes, spaces and case: all different
    "ABCDEFGH",
    "ABCDEFGH1",
    "ABCDEFGH2",  # the same first 8 characters
    "ABCDEFGHIJKLMNOP",
    "ABCDEFGHIJKLMNOQ",  # 16 characters: two whole words, one apart
    "Jörg",
    "Jörg-1",
    "東京-7",
    "🙂",  # not ASCII
    "a\0",
    "a",  # NUL inside an id: "a\0" is not "a"
    "x" * 300,  # longer than a fixed-width row may be
    "",
    None,  # blanks
]


@given(st.lists(st.sampled_from(TRICKY_IDS) | st.text(max_size=12), max_size=80))
def test_text_ids_group_by_their_characters(ids):
    # Different texts are different journeys, equal texts one journey, whatever their length,
    # alphabet or NUL characters: against the plain reference's dictionary.
    times = [float(i % 7) for i in range(len(ids))]
    values = [float(10 * (i % 3)) for i in range(len(ids))]
    got = attribution_credit(ids, times, values, "linear")
    assert got.tolist() == pytest.approx(_credit_by_plain_grouping(ids, times, values))


def test_long_text_ids_apart_beyond_eight_characters_on_many_rows():
    # 200,000 rows of 12-character ids that differ only in their last characters, with
    # blank cells among them: the plain reference's dictionary decides what is equal.
    rng = random.Random(13)
    ids = [rng.choice([f"CUST-{rng.randrange(5000):07d}", None, ""]) for _ in range(200_000)]
    times = [rng.uniform(45000, 45100) for _ in ids]
    values = [rng.choice([0.0, rng.uniform(0, 100)]) for _ in ids]
    got = attribution_credit(ids, times, values, "linear")
    assert got.tolist() == pytest.approx(
        _credit_by_plain_grouping(ids, times, values), rel=1e-12, abs=1e-9
    )


def test_long_text_ids_of_one_length_on_many_rows():
    # 100,000 rows of 32-character ids (all one length, no blanks): 1,000 random ids and,
    # for each, ids that differ from it in one character only (the last one included):
    # the plain reference's dictionary decides.
    rng = random.Random(32)
    pool = []
    for _ in range(1_000):
        base = f"{rng.getrandbits(128):032x}"
        pool.append(base)
        for position in (31, rng.randrange(31)):
            pool.append(base[:position] + chr(ord(base[position]) ^ 1) + base[position + 1 :])
    ids = [rng.choice(pool) for _ in range(100_000)]
    times = [rng.uniform(45000, 45100) for _ in ids]
    values = [rng.choice([0.0, rng.uniform(0, 100)]) for _ in ids]
    got = attribution_credit(ids, times, values, "linear")
    assert got.tolist() == pytest.approx(
        _credit_by_plain_grouping(ids, times, values), rel=1e-12, abs=1e-9
    )


def test_decimal_and_fraction_times_and_values_are_numbers():
    # by hand: one journey of two touches (days 1 and 2) worth 10 -> linear 5 and 5,
    # first touch all 10; the same whether the cells are floats, Decimal or Fraction.
    times = [Decimal("1"), Fraction(2)]
    assert attribution_credit(["a", "a"], times, [Decimal("10"), None]).tolist() == [5, 5]
    assert attribution_credit(["a", "a"], times, [None, Fraction(10)], "first").tolist() == [10, 0]
    assert attribution_credit(["a", "a"], [1.0, 2.0], [10.0, None], "first").tolist() == [10, 0]

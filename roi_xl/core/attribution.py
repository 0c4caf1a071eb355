"""Touch attribution: which share of revenue support touches earned (FORMULAS.md section D).

Input is a touch log, one row per touch: a journey id, the touch time (an
Excel date serial or a datetime), the channel and the conversion value (a
journey's value is the largest value on its rows, so it may stand on one row
or on all). Rows may come in any order.

Heuristic models give every touch row a credit, and a journey's credits
always sum to its value:

* ``first`` / ``last``: everything to the first / last touch (by time; ties
  by row order);
* ``linear``: equal shares;
* ``time_decay``: weight ``2 ** (-days before the journey's last touch /
  half_life_days)``, normalised;
* ``position``: one touch 100%; two 50/50; three or more ``first_weight`` to
  the first, ``last_weight`` to the last, the rest split equally between.

``markov`` works at channel level: the first-order Markov removal effect.

Everything is vectorised with numpy, and the row models sort nothing: each
journey gets a code from a hash table in numpy (:func:`_dense_codes`) and its
figures come from reductions by code (``np.bincount``, ``ufunc.at``); only
``markov`` orders the rows, to follow each path. The lists Excel sends are
converted in bulk: text ids are joined into one buffer and keyed by their
bytes; times that are all numbers are read in one pass in C (``array.array``),
values and blank cells in one ``np.fromiter`` after one pass over the cell
types. Other cells (dates, text among numbers, unusual ids) take a
slower path by type, and only an error looks at a single cell, to name it.
A full Excel sheet (1,048,576 rows) takes about 0.2 s.
"""

from __future__ import annotations

import array
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from itertools import chain
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import _inputs as check
from .errors import InputTypeError, OutOfDomainError

__all__ = [
    "ATTRIBUTION_MODELS",
    "ROW_MODELS",
    "attribution_credit",
    "attribution_by_channel",
    "markov_removal_effects",
    "support_attributed_revenue",
]

ROW_MODELS = ("first", "last", "linear", "time_decay", "position")
ATTRIBUTION_MODELS = (*ROW_MODELS, "markov")
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "ns")
_DAY_NS = 86_400 * 10**9


Column = list[Any] | NDArray[Any]


def _column(values: Any, name: str) -> Column:
    """One column or row of cells: a flat list (as Excel sends it) or a 1-D array."""
    if isinstance(values, np.ndarray):
        array = values
        if array.ndim == 2 and 1 in array.shape:
            array = array.ravel()
        if array.ndim != 1:
            raise InputTypeError(name, f"{name} must be one column or one row")
        return array
    cells = values if isinstance(values, list) else list(values)
    if any(isinstance(cell, list | tuple | np.ndarray) for cell in cells[:1]):  # 2-D, as a range
        if len(cells) == 1:
            cells = list(cells[0])
        elif set(map(len, cells)) == {1}:
            cells = list(chain.from_iterable(cells))
        else:
            raise InputTypeError(name, f"{name} must be one column or one row")
    return cells


def _objects(cells: Column) -> NDArray[Any]:
    if isinstance(cells, np.ndarray):
        return cells
    array = np.empty(len(cells), dtype=object)
    array[:] = cells
    return array


_NUMBERS = (int, float, np.integer, np.floating)
_DATES = (dt.date, np.datetime64)  # dt.datetime is a dt.date


_NONE = type(None)


def _equal(objects: NDArray[Any], value: Any) -> NDArray[np.bool_]:
    """Cell by cell ``==`` of an object array with one value (``None``, ``""``)."""
    return np.asarray(objects == value, dtype=bool)


def _is_number_type(kind: type) -> bool:
    return issubclass(kind, _NUMBERS) and not issubclass(kind, bool | np.bool_)


def _is_real_type(kind: type) -> bool:
    """A time or a value: a real number (numpy's, ``Decimal``, ``Fraction``), not a boolean."""
    return issubclass(kind, Real | Decimal) and not issubclass(kind, bool | np.bool_)


def _floats(column: Column, *, dates: bool) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Cells of any type as floats, in bulk: numbers (and, with ``dates``, dates as Excel serials).

    Returns the floats, NaN where a cell is neither (text, a boolean, a blank), and
    which cells are blank (``None`` or empty text). The common cases, numbers with
    or without blanks, take one pass to learn the types and one numpy conversion;
    otherwise each type present is converted with one numpy call over its cells.
    """
    n = len(column)
    if isinstance(column, np.ndarray):
        if column.dtype.kind in "iuf":
            return column.astype(float), np.zeros(n, dtype=bool)
        if column.dtype.kind == "M":
            nat = np.isnat(column)
            days = (column.astype("datetime64[ns]") - _EXCEL_EPOCH).astype(np.int64) / _DAY_NS
            return np.where(nat | (not dates), np.nan, days), nat
    cells: list[Any] = column.tolist() if isinstance(column, np.ndarray) else column
    kinds = set(map(type, cells))
    if all(kind is _NONE or _is_real_type(kind) for kind in kinds):
        numbers = np.fromiter(cells, dtype=float, count=n)  # a blank (None) becomes NaN
        if _NONE not in kinds:
            return numbers, np.zeros(n, dtype=bool)
        missing = np.isnan(numbers)
        if np.count_nonzero(missing) == cells.count(None):  # no NaN but the blanks
            return numbers, missing
    objects = _objects(cells)
    types = np.fromiter(map(type, cells), dtype=object, count=n)
    blank = _equal(types, _NONE)
    numbers = np.full(n, np.nan)
    for kind in kinds:
        mask = _equal(types, kind)
        if kind is str:
            blank[mask] = _equal(objects[mask], "")
        elif _is_real_type(kind):
            numbers[mask] = objects[mask].astype(float)
        elif dates and issubclass(kind, _DATES):
            stamps = objects[mask].astype("datetime64[ns]")
            numbers[mask] = (stamps - _EXCEL_EPOCH).astype(np.int64) / _DAY_NS
    return numbers, blank


#: Fibonacci hashing: a key times 2**64 / golden ratio, top bits as the slot.
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)
_INTP_IS_64 = np.dtype(np.intp).itemsize == 8


def _dense_codes(keys: NDArray[np.int64]) -> tuple[NDArray[np.intp], int]:
    """Codes 0 .. k-1, equal for equal keys, without sorting: a hash table in numpy.

    Open addressing with linear probing over a table at least twice the rows,
    every row probing at once: a free slot takes the key of one row aiming at
    it, the rows whose key is in their slot are done, the others move on. All
    rows of one key probe the same slots in step, so a key ends in exactly one
    slot. A key's first slot is the top bits of the key times 2**64 / golden
    ratio (Fibonacci hashing), so keys that differ in any bit spread out.
    """
    rows = len(keys)
    bits = max(4, (2 * rows - 1).bit_length())
    size = 1 << bits
    table = np.empty(size, dtype=np.int64)
    used = np.zeros(size, dtype=bool)
    hashed = keys.view(np.uint64) * _FIBONACCI
    hashed >>= np.uint64(64 - bits)
    slot = hashed.view(np.intp) if _INTP_IS_64 else hashed.astype(np.intp)
    # First round: every slot is free, one write of each slot wins.
    table[slot] = keys
    used[slot] = True
    done = table.take(slot) == keys
    code = slot
    pending = np.flatnonzero(~done)
    wanted, slot = keys[pending], (slot[pending] + 1) & (size - 1)
    while len(pending):  # each round fills at least one slot or finishes
        free = ~used[slot]
        table[slot[free]] = wanted[free]
        used[slot[free]] = True
        done = table[slot] == wanted
        code[pending[done]] = slot[done]
        pending, wanted, slot = pending[~done], wanted[~done], (slot[~done] + 1) & (size - 1)
    # The used slots numbered 1 .. k in slot order, written over the keys (no longer needed).
    dense = np.cumsum(used, out=table)
    dense -= 1
    # Each row's code written over its slot, read first ("clip": no copy of the slots).
    codes = dense.take(code, out=code if _INTP_IS_64 else None, mode="clip")
    return codes, int(dense[-1]) + 1


#: At most this many bytes per id for :func:`_text_codes` (64 MiB a million rows; a longer id
#: sends the column the general way).
_TEXT_BYTES = 64


#: ``_MASKS[b]`` keeps the first ``b`` bytes (0 .. 8) of a little-endian word.
_MASKS = np.array([(1 << 8 * b) - 1 for b in range(9)], dtype=np.uint64)


def _text_codes(cells: list[Any]) -> tuple[NDArray[np.intp], NDArray[np.bool_], int] | None:
    """Text ids grouped by their characters, exactly, in numpy; None if they are not all text.

    The ids are joined with NUL into one UTF-8 buffer (one pass over the cells);
    no id holds a NUL (checked), so the NULs mark where each id starts and ends.
    Each id is then read as whole 8-byte words straight from the buffer (word
    ``j`` from its start + 8j, bytes past its end set to 0), so an id of up to 8
    bytes is its own exact key and the empty id is the key 0. Wider ids are keyed
    by a mix of their words, then every row is compared with the first row of its
    group, and a group holding two different ids (a collision of the mix) hands
    them to the general way.
    """
    n = len(cells)
    try:
        data = "\0".join(cells).encode("utf-8")
    except (TypeError, UnicodeEncodeError):  # not all text, or a lone surrogate
        return None
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)  # between two ids
    if len(ends) != max(n - 1, 0):  # an id holding NUL
        return None
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=bool), 0
    starts = np.empty(n, dtype=np.intp)
    starts[0] = 0
    np.add(ends, 1, out=starts[1:])
    lengths = np.empty(n, dtype=np.intp)
    np.subtract(ends, starts[:-1], out=lengths[:-1])
    lengths[-1] = len(data) - starts[-1]
    width = int(lengths.max())  # the longest id, in bytes
    if width > _TEXT_BYTES:
        return None
    words = max(1, -(-width // 8))
    padded = np.zeros(len(data) + 8 * words, dtype=np.uint8)
    padded[: len(data)] = np.frombuffer(data, dtype=np.uint8)
    # Every byte offset of the buffer as the start of a little-endian 8-byte word.
    unaligned = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    present: NDArray[np.bool_] = lengths > 0
    if words == 1:  # the id is its word: built in place, no array of words
        keys = unaligned[starts]
        np.minimum(lengths, 8, out=lengths)
        # the masks go where the starts were (no longer needed), where both are 64-bit
        spent = starts.view(np.uint64) if _INTP_IS_64 else None
        keys &= _MASKS.take(lengths, out=spent, mode="clip")  # lengths are 0 .. 8
        blocks = keys.reshape(n, 1)
    else:
        blocks = np.empty((n, words), dtype=np.uint64)
        for word in range(words):
            left = np.clip(lengths - 8 * word, 0, 8)
            blocks[:, word] = unaligned[starts + 8 * word] & _MASKS[left]
        keys = blocks[:, 0].copy()
        for column in range(1, words):
            keys ^= keys >> np.uint64(29)
            keys *= _FIBONACCI
            keys ^= blocks[:, column]
    if not present.all():
        keys, blocks = keys[present], blocks[present]
    codes, k = _dense_codes(keys.view(np.int64))
    if words > 1:
        first = np.empty(k, dtype=np.intp)
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
        if not np.array_equal(blocks, blocks[first][codes]):
            return None
    return codes, present, k


def _cell_key(v: Any) -> str:
    """One journey id as text: the slow, general key (one Python call per cell)."""
    if v is None or v == "":
        return ""
    if isinstance(v, int | float | np.number) and not isinstance(v, bool):
        return f"n{float(v)!r}"  # 5 and 5.0 are one journey, as in Excel
    return f"s{v}"


def _sorted_codes(
    keys: NDArray[Any], present: NDArray[np.bool_]
) -> tuple[NDArray[np.intp], NDArray[np.bool_], int]:
    unique, codes = np.unique(keys[present], return_inverse=True)
    return codes.ravel().astype(np.intp), present, len(unique)


def _float_keys(numbers: NDArray[np.float64]) -> NDArray[np.int64]:
    """Exact integer keys of floats (0.0 and -0.0 are one key)."""
    return np.where(numbers == 0, 0.0, numbers).view(np.int64)


def _hashed_codes(
    ids: list[Any],
) -> tuple[NDArray[np.intp], NDArray[np.bool_], int] | None:
    """Text and number ids grouped by their hash, checked exact; None if they are not.

    Equal ids have equal hashes (5 and 5.0 too). Rows are grouped by hash with
    :func:`_dense_codes`, then every row's id is compared with the first id of
    its group (one numpy pass over the objects): if a group holds two different
    ids that share a hash, or an id is NaN (not equal to itself), the hash is
    not a key and the caller falls back to one text key per cell.
    """
    n = len(ids)
    hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=n)
    objects = _objects(ids)
    present = np.ones(n, dtype=bool)
    # A blank id (None, "") is not a touch; only rows with the hash of a blank can be one.
    maybe_blank = np.flatnonzero((hashes == hash(None)) | (hashes == hash("")))
    if len(maybe_blank):
        present[maybe_blank] = [objects[i] is not None and objects[i] != "" for i in maybe_blank]
    if not present.all():
        hashes, objects = hashes[present], objects[present]
    codes, k = _dense_codes(hashes)
    first = np.full(k, len(codes))
    np.minimum.at(first, codes, np.arange(len(codes)))
    if not _equal(objects, objects[first][codes]).all():
        return None
    return codes, present, k


def _journey_codes(ids: Column) -> tuple[NDArray[np.intp], NDArray[np.bool_], int]:
    """Which rows have an id, a code 0 .. k-1 for each of them (equal for one journey), and k.

    An id is its value, as in Excel: 5 and 5.0 are one journey, 5 and "5" are
    two; a blank cell (``None``, ``""``) is not a touch. Text ids, as Excel
    sends them, are keyed by their characters in numpy (:func:`_text_codes`);
    text mixed with numbers is grouped in bulk by Python's own hash of each id,
    checked exact (:func:`_hashed_codes`); otherwise, as for booleans, NaN or
    dates as ids, each cell gets a text key.
    """
    n = len(ids)
    if isinstance(ids, np.ndarray):
        if ids.dtype.kind == "i" or (ids.dtype.kind == "u" and ids.dtype.itemsize < 8):
            codes, k = _dense_codes(ids.astype(np.int64))
            return codes, np.ones(n, dtype=bool), k
        if ids.dtype.kind == "f":
            present = ~np.isnan(ids)
            codes, k = _dense_codes(_float_keys(ids[present].astype(float)))
            return codes, present, k
        if ids.dtype.kind in "UST":
            return _sorted_codes(ids, ids != "")
    cells: list[Any] = ids.tolist() if isinstance(ids, np.ndarray) else ids
    text = _text_codes(cells)
    if text is not None:
        return text
    kinds = set(map(type, cells))
    if kinds == {str, _NONE}:  # text with blank cells, as Excel sends a range longer than its data
        given = ~_equal(_objects(cells), None)
        text = _text_codes(_objects(cells)[given].tolist())
        if text is not None:
            codes, present, k = text
            given[given] = present
            return codes, given, k
    if all(_is_number_type(kind) for kind in kinds):  # numbers only: their values are keys
        numbers = np.array(cells, dtype=float)
        if not np.isnan(numbers).any():
            codes, k = _dense_codes(_float_keys(numbers))
            return codes, np.ones(n, dtype=bool), k
    elif all(kind is str or kind is _NONE or _is_number_type(kind) for kind in kinds):
        hashed = _hashed_codes(cells)
        if hashed is not None:
            return hashed
    text = np.frompyfunc(_cell_key, 1, 1)(_objects(cells)).astype(str)
    return _sorted_codes(text, text != "")


def _first_bad(bad: NDArray[np.bool_]) -> int | None:
    return int(np.flatnonzero(bad)[0]) if bad.any() else None


def _real_numbers(cells: list[Any]) -> NDArray[np.float64] | None:
    """Cells that are all real numbers, as floats in one pass in C; else None.

    ``array.array("d", ...)`` refuses a blank (None), text, a date; it takes a
    boolean as 0 or 1, so the few cells that are 0 or 1 are looked at.
    """
    try:
        floats = np.frombuffer(array.array("d", cells), dtype=float)
    except TypeError:
        return None
    for row in np.flatnonzero((floats == 0) | (floats == 1)).tolist():
        if not _is_real_type(type(cells[row])):
            return None
    return floats


def _times(values: Column, present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Excel serial numbers from serials or dates, converted in bulk."""
    times = _real_numbers(values) if isinstance(values, list) else None
    if times is None:  # not all numbers: by type
        times, _ = _floats(values, dates=True)
    row = _first_bad(present & ~np.isfinite(times))
    if row is not None:
        raise InputTypeError(
            "touch_times",
            f"touch_times row {row + 1} must be a date or an "
            f"Excel date serial, got {check.show(values[row])}",
        )
    return times


def _values(values: Column) -> NDArray[np.float64]:
    """Conversion values in bulk: numbers of 0 or more, blank cells 0."""
    numbers, blank = _floats(values, dates=False)
    numbers[blank] = 0.0
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":  # NaN: a blank cell
        numbers[np.isnan(numbers)] = 0.0
    row = _first_bad(~np.isfinite(numbers))
    if row is not None:
        raise InputTypeError(
            "conversion_values",
            f"conversion_values row {row + 1} must be a number, got {check.show(values[row])}",
        )
    row = _first_bad(numbers < 0)
    if row is not None:
        raise OutOfDomainError(
            "conversion_values",
            f"conversion_values row {row + 1} must be 0 or more, got {check.show(numbers[row])}",
        )
    return numbers


class _Journeys:
    """Touch rows grouped by journey, without sorting.

    Each journey has a code (0 .. k-1); its value, size and last touch are
    reductions by code (``np.maximum.at``, ``np.bincount``), and its first /
    last touch (ties in time broken by row order) is the smallest / largest row
    among its earliest / latest touches. Only the Markov model needs the
    chronological order of the rows (:meth:`chronological`).
    """

    def __init__(self, journey_ids: Any, touch_times: Any, conversion_values: Any) -> None:
        ids = _column(journey_ids, "journey_ids")
        times = _column(touch_times, "touch_times")
        values = _column(conversion_values, "conversion_values")
        if not len(ids) == len(times) == len(values):
            raise InputTypeError(
                "touch_times",
                f"journey_ids, touch_times and conversion_values must have the same number of "
                f"rows, got {len(ids)}, {len(times)} and {len(values)}",
            )
        self.rows = len(ids)
        self.code, self.present, self.journeys = _journey_codes(ids)
        self.count = int(np.count_nonzero(self.present))
        self.times = _times(times, self.present)
        value = _values(values)
        if self.count < self.rows:  # else every row is kept, in order
            self.times, value = self.times[self.kept], value[self.kept]
        #: Rows of each journey, and its value (the largest on its rows), by code.
        self.sizes = np.bincount(self.code, minlength=self.journeys)
        self.value = np.zeros(self.journeys)
        np.maximum.at(self.value, self.code, value)

    @cached_property
    def kept(self) -> NDArray[np.intp]:
        """The rows that are touches (have an id), in order."""
        return np.flatnonzero(self.present)

    def _by_journey(self, ufunc: np.ufunc, start: float, values: NDArray[Any]) -> NDArray[Any]:
        out = np.full(self.journeys, start, dtype=values.dtype)
        ufunc.at(out, self.code, values)
        return out

    def _end(self, last: bool) -> NDArray[np.intp]:
        """Each journey's first (or last) touch, as a position among the kept rows.

        The touches at the journey's earliest (latest) time are the candidates;
        when there is one per journey, as with times to the second, they are the
        answer, else a tie goes to the first (last) row.
        """
        ufunc, start = (np.maximum, -np.inf) if last else (np.minimum, np.inf)
        extreme = self._by_journey(ufunc, start, self.times)
        candidates = np.flatnonzero(self.times == extreme.take(self.code))
        codes = self.code.take(candidates)
        if len(candidates) == self.journeys:  # each journey reaches its extreme once
            rows = np.empty(self.journeys, dtype=np.intp)
            rows[codes] = candidates
            return rows
        rows = np.full(self.journeys, -1 if last else self.count, dtype=np.intp)
        ufunc.at(rows, codes, candidates)
        return rows

    def chronological(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Rows by journey (by code), then time, then row; and where each journey starts."""
        order = np.lexsort((self.times, self.code))  # stable: ties stay in row order
        starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))
        return self.kept[order], starts

    def credits(
        self, model: str, half_life_days: float, first_weight: float, last_weight: float
    ) -> NDArray[np.float64]:
        if self.count == 0:
            return np.zeros(self.rows)
        # Figures by journey first (k of them), then one gather to the rows.
        if model in ("first", "last"):
            kept = np.zeros(self.count)
            kept[self._end(last=model == "last")] = self.value
        elif model == "linear":
            kept = (self.value / self.sizes).take(self.code)
        elif model == "time_decay":
            latest = self._by_journey(np.maximum, -np.inf, self.times)
            weight = np.exp2((self.times - latest.take(self.code)) / half_life_days)
            total = np.bincount(self.code, weights=weight, minlength=self.journeys)
            kept = weight * (self.value / total).take(self.code)
        else:  # position: one touch 100%, two 50/50, else first / last / the rest in between
            long = self.sizes >= 3
            middle = np.where(
                long,
                self.value * (1.0 - first_weight - last_weight) / np.maximum(self.sizes - 2, 1),
                self.value / self.sizes,
            )
            kept = middle.take(self.code)
            for last, share in ((False, first_weight), (True, last_weight)):
                kept[self._end(last)[long]] = self.value[long] * share
        if self.count == self.rows:
            return np.asarray(kept, dtype=float)
        credit = np.zeros(self.rows)
        credit[self.kept] = kept
        return credit


def _settings(
    model: Any, half_life_days: Any, first_weight: Any, last_weight: Any, models: Sequence[str]
) -> tuple[str, float, float, float]:
    chosen = check.choice(model, "model", models)
    half_life = check.number(half_life_days, "half_life_days")
    if half_life <= 0:
        raise OutOfDomainError(
            "half_life_days", f"half_life_days must be more than 0, got {check.show(half_life)}"
        )
    first = check.rate(first_weight, "first_weight")
    last = check.rate(last_weight, "last_weight")
    if first + last > 1:
        raise OutOfDomainError(
            "last_weight",
            f"first_weight + last_weight must be at most 1, got {check.show(first + last)}",
        )
    return chosen, half_life, first, last


def attribution_credit(
    journey_ids: Any,
    touch_times: Any,
    conversion_values: Any,
    model: Any = "linear",
    half_life_days: Any = 7,
    first_weight: Any = 0.4,
    last_weight: Any = 0.4,
) -> NDArray[np.float64]:
    """Credit of each touch row for its journey's conversion value.

    Parameters
    ----------
    journey_ids : array_like
        One id per touch row (text or numbers). A row with a blank id is not a
        touch and gets 0.
    touch_times : array_like
        Excel date serials or datetimes.
    conversion_values : array_like
        Numbers of 0 or more; blank is 0. A journey's value is its largest value.
    model : {"first", "last", "linear", "time_decay", "position"}, default "linear"
    half_life_days : float, default 7
        For ``time_decay``: a touch this many days before the last touch
        weighs half as much. More than 0.
    first_weight, last_weight : float, default 0.4
        For ``position`` with three or more touches; at most 1 together.

    Returns
    -------
    ndarray
        One credit per input row, in input order. A journey's credits sum to
        its value.

    Raises
    ------
    InputTypeError
        Columns of different lengths, a time that is not a date, or ``model``
        is ``"markov"`` (a channel-level model: see :func:`attribution_by_channel`).

    Examples
    --------
    Journey A: chat then phone, worth 100; journey B: one email, worth 50.

    >>> attribution_credit(["A", "A", "B"], [1.0, 2.0, 1.5], [0, 100, 50]).tolist()
    [50.0, 50.0, 50.0]
    >>> attribution_credit(["A", "A", "B"], [1.0, 2.0, 1.5], [0, 100, 50], "first").tolist()
    [100.0, 0.0, 50.0]
    """
    if isinstance(model, str) and model.strip().lower() == "markov":
        raise InputTypeError(
            "model",
            "markov is a channel-level model: use "
            "attribution_by_channel (CS_ATTRIBUTION_BY_CHANNEL) for it",
        )
    settings = _settings(model, half_life_days, first_weight, last_weight, ROW_MODELS)
    return _Journeys(journey_ids, touch_times, conversion_values).credits(*settings)


def markov_removal_effects(
    journey_ids: Any, touch_times: Any, channels: Any, conversion_values: Any
) -> dict[str, float]:
    """Removal effect of each channel in a first-order Markov model of the journeys.

    States: ``start``, one per channel, ``conversion`` and ``null``. Each
    journey is a path start → its channels in time order → conversion (when
    its value is above 0) or null. The removal effect of a channel is the
    share of the conversion probability lost when the channel is removed
    (every transition into it goes to null instead).

    Returns
    -------
    dict
        Channel → removal effect, 0..1.

    Examples
    --------
    >>> effects = markov_removal_effects([1, 1, 2, 3], [1, 2, 1, 1], ["A", "B", "A", "B"],
    ...                                  [100, 100, 0, 100])
    >>> {k: round(v, 12) for k, v in effects.items()}
    {'A': 0.5, 'B': 1.0}
    """
    journeys = _Journeys(journey_ids, touch_times, conversion_values)
    return _markov(journeys, _channel_labels(channels, journeys.rows))


def _channel_labels(channels: Any, rows: int) -> NDArray[np.str_]:
    names = _objects(_column(channels, "channels"))
    if len(names) != rows:
        raise InputTypeError(
            "channels", f"channels must have {rows} rows like journey_ids, got {len(names)}"
        )
    return np.where(_equal(names, None), "", names).astype(str)


def _markov(journeys: _Journeys, labels: NDArray[np.str_]) -> dict[str, float]:
    chronological, starts = journeys.chronological()
    channel_names, channel_codes = np.unique(labels[chronological], return_inverse=True)
    k = len(channel_names)
    start, conversion, null = k, k + 1, k + 2
    states = k + 3
    path = channel_codes.ravel()
    ends = starts + journeys.sizes - 1
    converted = journeys.value > 0
    same_journey = np.ones(journeys.count, dtype=bool)
    same_journey[ends] = False
    sources = np.concatenate(
        (np.full(len(starts), start), path[:-1][same_journey[:-1]], path[ends])
    )
    targets = np.concatenate(
        (path[starts], path[1:][same_journey[:-1]], np.where(converted, conversion, null))
    )
    counts = np.zeros((states, states))
    np.add.at(counts, (sources, targets), 1.0)

    def conversion_probability(removed: int | None) -> float:
        moves = counts.copy()
        if removed is not None:
            moves[:, null] += moves[:, removed]
            moves[:, removed] = 0.0
        totals = moves.sum(axis=1, keepdims=True)
        transition = np.divide(moves, totals, out=np.zeros_like(moves), where=totals > 0)
        transient = list(range(k + 1))
        q = transition[np.ix_(transient, transient)]
        r = transition[transient, conversion]
        absorbed = np.linalg.solve(np.eye(len(transient)) - q, r)
        return float(absorbed[start])

    base = conversion_probability(None)
    if base == 0:
        return {str(c): 0.0 for c in channel_names}
    return {str(c): 1.0 - conversion_probability(i) / base for i, c in enumerate(channel_names)}


def attribution_by_channel(
    journey_ids: Any,
    touch_times: Any,
    channels: Any,
    conversion_values: Any,
    model: Any = "linear",
    half_life_days: Any = 7,
    first_weight: Any = 0.4,
    last_weight: Any = 0.4,
) -> list[tuple[str, float]]:
    """Credited value per channel, largest first.

    Parameters
    ----------
    journey_ids, touch_times, conversion_values
        As for :func:`attribution_credit`.
    channels : array_like
        The channel of each touch row (text).
    model : {"first", "last", "linear", "time_decay", "position", "markov"}
        The five row models sum their rows' credits by channel; ``markov``
        shares the total converted value by normalised removal effect
        (:func:`markov_removal_effects`).

    Returns
    -------
    list of (str, float)
        Channel and credited value, sorted by value (largest first), then name.

    Notes
    -----
    Markov credit is estimated from the observed transitions. With few
    journeys (a few hundred or fewer), or channels seen in only a handful of
    paths, the transition probabilities are noisy and the credit can swing
    widely between samples; use a heuristic model or more data.

    Examples
    --------
    >>> attribution_by_channel(["A", "A", "B"], [1, 2, 1], ["Chat", "Phone", "Chat"],
    ...                        [0, 100, 50])
    [('Chat', 100.0), ('Phone', 50.0)]
    """
    chosen, half_life, first, last = _settings(
        model, half_life_days, first_weight, last_weight, ATTRIBUTION_MODELS
    )
    journeys = _Journeys(journey_ids, touch_times, conversion_values)
    labels = _channel_labels(channels, journeys.rows)
    if chosen == "markov":
        effects = _markov(journeys, labels)
        total_effect = sum(effects.values())
        total_value = float(journeys.value.sum())
        totals = {
            c: (e / total_effect * total_value if total_effect else 0.0) for c, e in effects.items()
        }
    else:
        credit = journeys.credits(chosen, half_life, first, last)
        unique, codes = np.unique(labels, return_inverse=True)
        sums = np.bincount(codes.ravel(), weights=credit, minlength=len(unique))
        touches = np.bincount(
            codes.ravel(), weights=journeys.present.astype(float), minlength=len(unique)
        )
        totals = {str(c): float(s) for c, s, n in zip(unique, sums, touches, strict=True) if n}
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def support_attributed_revenue(
    journey_ids: Any,
    touch_times: Any,
    channels: Any,
    conversion_values: Any,
    support_channels: Sequence[str],
    model: Any = "linear",
    half_life_days: Any = 7,
    first_weight: Any = 0.4,
    last_weight: Any = 0.4,
) -> float:
    """Revenue credited to the touches on support channels (a row model's credits, summed).

    ``support_channels`` are matched without regard to case or surrounding spaces,
    as Excel's ``=`` compares text.

    Examples
    --------
    >>> support_attributed_revenue(["A", "A"], [1, 2], ["Ads", "chat"], [0, 100], ["Chat"])
    50.0
    """
    credit = attribution_credit(
        journey_ids,
        touch_times,
        conversion_values,
        model,
        half_life_days,
        first_weight,
        last_weight,
    )
    labels = np.char.lower(np.char.strip(_channel_labels(channels, len(credit))))
    wanted = [str(c).strip().lower() for c in support_channels if str(c).strip()]
    return float(credit[np.isin(labels, wanted)].sum())

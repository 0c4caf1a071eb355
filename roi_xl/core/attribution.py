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

Everything is vectorised with numpy: rows are sorted once by journey, time
and row, and each journey's figures come from group reductions, so a full
Excel sheet (1,048,576 rows) takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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


def _column(values: Any, name: str) -> NDArray[Any]:
    array = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if array.ndim == 2 and 1 in array.shape:
        array = array.ravel()
    if array.ndim != 1:
        raise InputTypeError(name, f"{name} must be one column or one row")
    return array


_NUMBERS = (int, float, np.integer, np.floating)
_DATES = (dt.date, np.datetime64)  # dt.datetime is a dt.date


def _is_number_type(kind: type) -> bool:
    return issubclass(kind, _NUMBERS) and not issubclass(kind, bool | np.bool_)


def _floats(cells: NDArray[Any], *, dates: bool) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Cells of any type as floats, in bulk: numbers (and, with ``dates``, dates as Excel serials).

    Returns the floats, NaN where a cell is neither (text, a boolean, a blank), and
    which cells are blank (``None`` or empty text). Each type present is converted
    with one numpy call over its cells; the common case, numbers with or without
    blanks, takes one pass to learn the types and one conversion.
    """
    if cells.dtype.kind in "iuf":
        return cells.astype(float), np.zeros(len(cells), dtype=bool)
    if cells.dtype.kind == "M":
        nat = np.isnat(cells)
        days = (cells.astype("datetime64[ns]") - _EXCEL_EPOCH).astype(np.int64) / _DAY_NS
        return np.where(nat | (not dates), np.nan, days), nat
    if cells.dtype.kind != "O":
        cells = cells.astype(object)
    kinds = set(map(type, cells))
    if all(_is_number_type(kind) for kind in kinds):
        return cells.astype(float), np.zeros(len(cells), dtype=bool)
    none = type(None)
    if all(kind is none or _is_number_type(kind) for kind in kinds):  # numbers and blanks
        blank = np.equal(cells, None)
        filled = cells.copy()
        filled[blank] = np.nan
        return filled.astype(float), blank
    types = np.fromiter(map(type, cells), dtype=object, count=len(cells))
    blank = types == none
    numbers = np.full(len(cells), np.nan)
    for kind in kinds:
        mask = types == kind
        if kind is str:
            blank[mask] = np.equal(cells[mask], "")
        elif _is_number_type(kind):
            numbers[mask] = cells[mask].astype(float)
        elif dates and issubclass(kind, _DATES):
            stamps = cells[mask].astype("datetime64[ns]")
            numbers[mask] = (stamps - _EXCEL_EPOCH).astype(np.int64) / _DAY_NS
    return numbers, blank


def _cell_key(v: Any) -> str:
    """One journey id as text: the slow, general key (one Python call per cell)."""
    if v is None or v == "":
        return ""
    if isinstance(v, int | float | np.number) and not isinstance(v, bool):
        return f"n{float(v)!r}"  # 5 and 5.0 are one journey, as in Excel
    return f"s{v}"


def _cell_keys(ids: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.bool_]]:
    keys = np.frompyfunc(_cell_key, 1, 1)(ids).astype(str)
    return keys, keys != ""


def _journey_keys(ids: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.bool_], bool]:
    """A sortable key per row (equal for the rows of one journey), which rows have an id,
    and whether rows with equal keys must still be checked to hold equal ids.

    Text and number ids as Excel sends them (a list of objects) are keyed in
    bulk by Python's own hash of each id: equal ids have equal hashes (5 and 5.0
    too, as in Excel; 5 and "5" differ). Different ids may share a hash, so the
    caller checks each group of equal keys once it has sorted them (see
    :class:`_Journeys`) and falls back to :func:`_cell_keys` if a group mixes ids.
    """
    if ids.dtype.kind in "iu":
        return ids, np.ones(len(ids), dtype=bool), False
    if ids.dtype.kind == "f":
        present = ~np.isnan(ids)
        return np.where(present, ids, 0.0), present, False
    if ids.dtype.kind in "UST":
        return ids, ids != "", False
    kinds = set(map(type, ids))
    simple = all(kind is str or kind is type(None) or _is_number_type(kind) for kind in kinds)
    if not simple or (
        any(issubclass(kind, float | np.floating) for kind in kinds)
        and np.not_equal(ids, ids).any()
    ):  # booleans, dates, NaN and other rarities
        keys, present = _cell_keys(ids)
        return keys, present, False
    hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))
    present = np.ones(len(ids), dtype=bool)
    if type(None) in kinds:
        present &= ~np.equal(ids, None)
    if str in kinds:
        present &= ~np.equal(ids, "")
    return hashes, present, True


def _first_bad(bad: NDArray[np.bool_]) -> int | None:
    return int(np.flatnonzero(bad)[0]) if bad.any() else None


def _times(values: NDArray[Any], present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Excel serial numbers from serials or dates, converted in bulk."""
    times, _ = _floats(values, dates=True)
    row = _first_bad(present & ~np.isfinite(times))
    if row is not None:
        raise InputTypeError(
            "touch_times",
            f"touch_times row {row + 1} must be a date or an "
            f"Excel date serial, got {check.show(values[row])}",
        )
    return np.where(present, times, 0.0)


def _values(values: NDArray[Any]) -> NDArray[np.float64]:
    """Conversion values in bulk: numbers of 0 or more, blank cells 0."""
    numbers, blank = _floats(values, dates=False)
    numbers = np.where(blank, 0.0, numbers)
    if values.dtype.kind == "f":  # a numpy column: NaN is a blank cell
        numbers = np.where(np.isnan(numbers), 0.0, numbers)
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
    """Touch rows grouped by journey, with each journey's boundaries.

    The row models need only one sort, by journey: a journey's value, size and
    last touch are group reductions, and its first / last touch (ties in time
    broken by row order) is the smallest / largest row among its earliest /
    latest touches. Only the Markov model needs the full chronological order
    (:meth:`chronological`).
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
        keys, self.present, check_ids = _journey_keys(ids)
        self.times = _times(times, self.present)
        value = _values(values)
        kept = np.flatnonzero(self.present)
        self.order = kept[np.argsort(keys[kept])]
        sorted_keys = keys[self.order]
        if check_ids and not self._hashes_are_exact(ids, sorted_keys):
            keys, _ = _cell_keys(ids)
            self.order = kept[np.argsort(keys[kept])]
            sorted_keys = keys[self.order]
        self._keys = keys
        self._kept = kept
        self.count = len(self.order)
        boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        self.starts = np.concatenate(([0], boundaries)) if self.count else np.array([], int)
        self.sizes = np.diff(np.concatenate((self.starts, [self.count])))
        self.group = np.repeat(np.arange(len(self.starts)), self.sizes)
        sorted_values = value[self.order]
        self.value = np.maximum.reduceat(sorted_values, self.starts) if self.count else np.array([])
        self.sorted_times = self.times[self.order]

    def _hashes_are_exact(self, ids: NDArray[Any], sorted_hashes: NDArray[np.int64]) -> bool:
        """Whether no two different journey ids share a hash: as many distinct ids as hashes.

        One C-level pass (a set of the ids) instead of comparing every row with its
        group; blank cells (``None``, ``""``) are in the set but are not journeys.
        """
        hashes = (
            1 + int(np.count_nonzero(sorted_hashes[1:] != sorted_hashes[:-1]))
            if len(sorted_hashes)
            else 0
        )
        distinct = set(ids.tolist())
        return len(distinct) - len(distinct & {None, ""}) == hashes

    def _ends(self) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Which sorted rows are their journey's first and last touch."""
        times, rows, group = self.sorted_times, self.order, self.group
        earliest = times == np.minimum.reduceat(times, self.starts)[group]
        latest = times == np.maximum.reduceat(times, self.starts)[group]
        first_row = np.minimum.reduceat(np.where(earliest, rows, self.rows), self.starts)
        last_row = np.maximum.reduceat(np.where(latest, rows, -1), self.starts)
        return rows == first_row[group], rows == last_row[group]

    def chronological(self) -> NDArray[np.intp]:
        """Rows by journey, then time, then row (two stable sorts keep ties in row order).

        The journeys come in the same order as in :attr:`order`, so :attr:`starts`
        and :attr:`sizes` hold for it too.
        """
        kept = self._kept
        by_time = kept[np.argsort(self.times[kept], kind="stable")]
        return by_time[np.argsort(self._keys[by_time], kind="stable")]

    def credits(
        self, model: str, half_life_days: float, first_weight: float, last_weight: float
    ) -> NDArray[np.float64]:
        credit = np.zeros(self.rows)
        if self.count == 0:
            return credit
        size = self.sizes[self.group].astype(float)
        value = self.value[self.group]
        if model == "first":
            share = self._ends()[0].astype(float)
        elif model == "last":
            share = self._ends()[1].astype(float)
        elif model == "linear":
            share = 1.0 / size
        elif model == "time_decay":
            latest = np.maximum.reduceat(self.sorted_times, self.starts)
            days = latest[self.group] - self.sorted_times
            weight = np.exp2(-days / half_life_days)
            share = weight / np.add.reduceat(weight, self.starts)[self.group]
        else:  # position
            first, last = self._ends()
            middle = (1.0 - first_weight - last_weight) / np.maximum(size - 2, 1)
            share = np.where(first, first_weight, np.where(last, last_weight, middle))
            share = np.where(size == 2, 0.5, share)
            share = np.where(size == 1, 1.0, share)
        credit[self.order] = value * share
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
    names = _column(channels, "channels")
    if len(names) != rows:
        raise InputTypeError(
            "channels", f"channels must have {rows} rows like journey_ids, got {len(names)}"
        )
    return np.where(names == None, "", names).astype(str)  # noqa: E711


def _markov(journeys: _Journeys, labels: NDArray[np.str_]) -> dict[str, float]:
    chronological = journeys.chronological()
    channel_names, channel_codes = np.unique(labels[chronological], return_inverse=True)
    k = len(channel_names)
    start, conversion, null = k, k + 1, k + 2
    states = k + 3
    path = channel_codes.ravel()
    ends = journeys.starts + journeys.sizes - 1
    converted = journeys.value > 0
    same_journey = np.ones(journeys.count, dtype=bool)
    same_journey[ends] = False
    sources = np.concatenate(
        (np.full(len(journeys.starts), start), path[:-1][same_journey[:-1]], path[ends])
    )
    targets = np.concatenate(
        (path[journeys.starts], path[1:][same_journey[:-1]], np.where(converted, conversion, null))
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

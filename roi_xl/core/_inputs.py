"""Checks and coercions shared by every core function.

Each helper takes the value and the argument's public name, and either
returns a clean float (or array) or raises a typed error from
:mod:`roi_xl.core.errors` whose message names the argument and the rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import InputTypeError, OutOfDomainError, UnknownChoiceError, ZeroDenominatorError

RATE_HINT = "(40% or 0.4)"

#: Most period values a series takes: a century of months is 1,201. Checked on the
#: range's shape before any cell is read, so an oversize range is refused at once.
MAX_PERIODS = 10_000


def show(value: Any) -> str:
    """Render a value for an error message the way a spreadsheet user typed it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Real):
        try:
            return f"{float(value):.15g}"
        except OverflowError:
            return "a number too large to use"
    if value is None:
        return "a blank"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, Real | np.number) and not isinstance(value, bool | np.bool_)


def _finite(value: Any, name: str, *, in_range: bool) -> float:
    """``value`` as a finite float, or the typed error saying why it is not one."""
    if not _is_number(value):
        rule = "must hold numbers or blank cells, found" if in_range else "must be a number, got"
        raise InputTypeError(name, f"{name} {rule} {show(value)}")
    try:
        result = float(value)
    except OverflowError:  # an integer beyond the range of a double
        result = math.inf
    if not math.isfinite(result):
        rule = "must hold finite numbers, found" if in_range else "must be a finite number, got"
        raise OutOfDomainError(name, f"{name} {rule} {show(value)}")
    return result


def number(value: Any, name: str) -> float:
    """A single finite number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    return _finite(value, name, in_range=False)


def rate(value: Any, name: str) -> float:
    """A fraction between 0 and 1 inclusive."""
    result = number(value, name)
    if not 0.0 <= result <= 1.0:
        raise OutOfDomainError(
            name, f"{name} must be between 0 and 1 {RATE_HINT}, got {show(result)}"
        )
    return result


def non_negative(value: Any, name: str) -> float:
    """A number that is zero or more (a count, a cost, a price, a duration)."""
    result = number(value, name)
    if result < 0:
        raise OutOfDomainError(name, f"{name} must be 0 or more, got {show(result)}")
    return result


def positive(value: Any, name: str) -> float:
    """A number above zero; zero is reported as a zero denominator."""
    result = non_negative(value, name)
    if result == 0:
        raise ZeroDenominatorError(name, f"{name} is 0, so the result is undefined")
    return result


def whole_number(value: Any, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number within ``minimum`` .. ``maximum``."""
    result = number(value, name)
    if result != math.floor(result):
        raise OutOfDomainError(name, f"{name} must be a whole number, got {show(result)}")
    if result < minimum or (maximum is not None and result > maximum):
        upper = f" and at most {maximum:,}" if maximum is not None else ""
        raise OutOfDomainError(
            name, f"{name} must be at least {minimum:,}{upper}, got {show(result)}"
        )
    return int(result)


def choice(value: Any, name: str, choices: Sequence[str]) -> str:
    """One word of ``choices``, case-insensitive; returned in lower case."""
    if not isinstance(value, str):
        raise InputTypeError(name, f"{name} must be one of {', '.join(choices)}; got {show(value)}")
    word = value.strip().lower()
    if word not in choices:
        raise UnknownChoiceError(
            name, f"{name} must be one of {', '.join(choices)}; got {show(value)}"
        )
    return word


def _leaves(value: Any) -> Iterator[Any]:
    """Every cell of a number, a sequence, a nested (possibly ragged) list or an array."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iuf":
            yield from value.ravel().tolist()
        else:
            for item in value.ravel().tolist():
                yield from _leaves(item)
    elif isinstance(value, str | bytes) or not isinstance(value, Iterable):
        yield value
    else:
        for item in value:
            yield from _leaves(item)


def _cell(value: Any, name: str) -> float | None:
    """A cell of a range: a finite number, or None for a blank cell."""
    return None if value is None else _finite(value, name, in_range=True)


def money_total(value: Any, name: str, *, allow_negative: bool = True) -> float:
    """A money total: a number, or a range summed like Excel's ``SUM``.

    Blank cells (``None``) are ignored; text and booleans are errors, because a
    figure typed as text would otherwise vanish from the total unnoticed.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        cells = value.astype(float).ravel()
        if not np.all(np.isfinite(cells)):
            raise OutOfDomainError(name, f"{name} must hold finite numbers")
    else:
        cells = np.array(
            [c for c in (_cell(v, name) for v in _leaves(value)) if c is not None], dtype=float
        )
    if not allow_negative and np.any(cells < 0):
        raise OutOfDomainError(
            name, f"{name} must be 0 or more, found {show(float(cells[cells < 0][0]))}"
        )
    total = float(cells.sum())
    if not math.isfinite(total):
        raise OutOfDomainError(name, f"{name} adds up to more than a number can hold")
    return total


def period_count(value: Any) -> int:
    """How many cells a number, row, column or block holds, from its lengths alone.

    Looks at the length of the outer sequence and of its first row only, so a
    million-cell range is measured before any cell is read or copied.
    """
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        count = len(value)
        first = value[0] if count else None
        if isinstance(first, Sequence) and not isinstance(first, str | bytes):
            count *= max(len(first), 1)
        return count
    return 1


def series(
    value: Any, name: str, *, allow_negative: bool = True, longest: int = MAX_PERIODS
) -> NDArray[np.float64]:
    """Period values (Initial, Year 1, Year 2, ...) from a number, a row or a column.

    A blank cell is a period with nothing in it and counts as 0. A block with
    more than one row *and* more than one column is an error: the order of
    its periods would be a guess. More than ``longest`` values is an error,
    found from the lengths before any cell is read.
    """
    count = period_count(value)
    if count > longest:
        raise OutOfDomainError(
            name, f"{name} takes at most {longest:,} period values, got {count:,}"
        )
    if isinstance(value, np.ndarray):
        shape = value.shape
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        rows = [r for r in value]
        if rows and all(isinstance(r, Sequence) and not isinstance(r, str | bytes) for r in rows):
            widths = {len(r) for r in rows}
            if len(widths) > 1:
                raise InputTypeError(name, f"{name} must be one row or one column, got ragged rows")
            shape = (len(rows), widths.pop())
        else:
            shape = (len(rows),)
    else:
        shape = ()
    if len(shape) > 2 or (len(shape) == 2 and min(shape) > 1):
        raise InputTypeError(
            name, f"{name} must be one row or one column of period values, got a block"
        )
    cells = [_cell(v, name) for v in _leaves(value)]
    if not cells:
        raise InputTypeError(name, f"{name} needs at least one value")
    flows = np.array([0.0 if c is None else c for c in cells], dtype=float)
    if not allow_negative and np.any(flows < 0):
        raise OutOfDomainError(
            name, f"{name} must be 0 or more, found {show(float(flows[flows < 0][0]))}"
        )
    return flows


def finite_result(value: float, what: str) -> float:
    """Guard a result: huge inputs can overflow to infinity, which Excel cannot show."""
    if not math.isfinite(value):
        raise OutOfDomainError(what, f"the {what} is too large to represent")
    return value

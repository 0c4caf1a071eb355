"""Compare a recalculated workbook's named values with the formula core."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..core import RoiInputError

#: The error value a sheet shows for each kind of core error.
SHEET_ERRORS = {
    "ZeroDenominatorError": "#DIV/0!",
    "NeverPaysBackError": "#N/A",
    "NotLinearError": "#N/A",
    "OutOfDomainError": "#NUM!",
    "InputTypeError": "#VALUE!",
    "UnknownChoiceError": "#VALUE!",
}


def as_sheet_value(value: Any) -> Any:
    """What a cell shows for a core value (a typed error becomes its error text)."""
    if isinstance(value, RoiInputError):
        return SHEET_ERRORS.get(type(value).__name__, value.excel_error)
    return value


def disagreements(
    workbook: Mapping[str, Any], core: Mapping[str, Any], *, rel: float = 1e-9
) -> list[str]:
    """One line for every name whose workbook value differs from the core's.

    Numbers agree within ``rel`` of the largest magnitude in the case, so that a
    difference of two large present values is not held to a tighter bound than
    the values themselves.
    """
    numbers = [abs(v) for v in core.values() if isinstance(v, int | float)]  # not ranges
    scale = max([1.0, *numbers])
    problems = []
    for name, want in core.items():
        if name not in workbook:
            problems.append(f"{name}: not a defined name of the workbook")
        elif isinstance(want, tuple):  # a range: rows of cells
            got = workbook[name]
            cells = [(r, c) for r, row in enumerate(want) for c in range(len(row))]
            if [len(row) for row in got] != [len(row) for row in want]:
                problems.append(f"{name}: workbook range {got!r}, core {want!r}")
            else:
                problems += [
                    f"{name}[{r}][{c}]: workbook {got[r][c]!r}, core {want[r][c]!r}"
                    for r, c in cells
                    if not _agree(got[r][c], want[r][c], rel, scale)
                ]
        elif want is not None and not _agree(workbook[name], want, rel, scale):
            problems.append(f"{name}: workbook {workbook[name]!r}, core {want!r}")
    return problems


def _agree(got: Any, want: Any, rel: float, scale: float) -> bool:
    want = as_sheet_value(want)
    if isinstance(want, int | float) and isinstance(got, int | float):
        return math.isclose(got, want, rel_tol=rel, abs_tol=rel * scale)
    return bool(got == want)

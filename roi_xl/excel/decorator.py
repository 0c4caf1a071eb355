"""How a Python function becomes an Excel function, for both xlwings runtimes.

One decorator, :func:`excel_function`, does for every ``CS_`` function what
would otherwise be copied into each of them:

* declares each argument's kind (a single number, a money range that is
  summed, a row or column of period values, or a word from a list) and its
  description for the function wizard / IntelliSense;
* turns what Excel sends (a 2-D list per argument, blank cells as ``None``,
  error cells as their error text) into what the core expects;
* passes an error value in an input straight through, as Excel's own
  functions do (``=CS_ROI(#N/A, 10)`` is ``#N/A``);
* translates the core's typed errors into Excel errors, and nothing else:
  an unexpected exception is a bug and is left to surface as one.

The runtimes differ in two ways, both handled in :func:`register`:

* **Office.js** (xlwings Server, xlwings Lite; ``XLWINGS_ON_SERVER=true``):
  a word argument is annotated ``Literal[...]`` so Excel offers a dropdown;
  ``#DIV/0!`` and ``#NUM!`` are returned as their text, which xlwings turns
  into real error values; a ``#VALUE!`` problem raises ``XlwingsError`` so the
  message appears when the user hovers over the cell.
* **Classic Windows add-in** (``@xw.func`` from BSD xlwings): its converters
  do not know ``Literal``, so word arguments carry no annotation; a cell can
  only show text, so an error is returned as its error text followed by the
  message (``#DIV/0! costs are 0, ...``), never a traceback.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal

import numpy as np
import xlwings as xw

from ..core._inputs import MAX_PERIODS, period_count
from ..core.errors import InputTypeError, OutOfDomainError, RoiInputError

#: xlwings's own switch for the Office.js runtimes (xlwings Server and Lite).
ON_SERVER = os.environ.get("XLWINGS_ON_SERVER") == "true"

#: Python compiled to WebAssembly: Pyodide, the runtime of xlwings Lite.
UNDER_PYODIDE = sys.platform == "emscripten"


def fail_pyodide_imports_fast() -> None:
    """Outside Pyodide, make xlwings's per-cell Pyodide checks cost nothing.

    xlwings 0.37.8 asks, for every cell of every custom-function argument,
    whether it is Pyodide's ``JsNull``, through ``from pyodide.ffi import
    JsNull`` inside ``try/except ImportError`` (``xlwings.utils.is_jsnull``,
    ``xlwings.pro.udfs_officejs.js_to_none``). Outside Pyodide (xlwings Server)
    that import fails, and Python does not remember a failed import: each cell
    searched every folder of ``sys.path`` again, 13 s of a 15 s call for
    100,000 rows. ``None`` in ``sys.modules`` for ``pyodide`` and
    ``pyodide.ffi`` makes the import raise ``ImportError`` at once (the import
    system's documented behaviour), with the same outcome for xlwings. The
    touch-log columns are read raw (:data:`RAW_COLUMNS_ON_SERVER`), so
    xlwings's per-cell check does not run on them at all.

    Under Pyodide (xlwings Lite) nothing is changed.
    """
    if UNDER_PYODIDE:
        return
    for name in ("pyodide", "pyodide.ffi"):
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


# The one place the Office.js runtimes (xlwings Server, xlwings Lite) load the functions.
if ON_SERVER:
    fail_pyodide_imports_fast()

#: The error values every Excel version and both runtimes know; an input
#: holding one is passed through, as Excel's own functions do.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})

#: Newer error values (dynamic arrays, data types) that older runtimes cannot
#: return: an input holding one makes the result #VALUE!.
NEWER_EXCEL_ERRORS = frozenset(
    {
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#GETTING_DATA",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
        "#EXTERNAL!",
    }
)

_NO_DEFAULT = inspect.Parameter.empty


@dataclass(frozen=True)
class Arg:
    """How one argument is read from Excel, and what the wizard says about it."""

    kind: Literal["number", "money", "series", "choice", "column"]
    doc: str
    choices: tuple[str, ...] = ()
    #: Most cells a series takes; more is refused from the range's size, before reading.
    longest: int = MAX_PERIODS


def number(doc: str) -> Arg:
    """A single cell holding a number; a blank cell counts as 0, as in Excel."""
    return Arg("number", doc)


def money(doc: str) -> Arg:
    """A number or a range of numbers, summed like ``SUM`` (blank cells ignored)."""
    return Arg("money", doc)


def series(doc: str, longest: int = MAX_PERIODS) -> Arg:
    """A row or a column of period values (Initial, Year 1, ...); blanks are 0.

    A range of more than ``longest`` cells is ``#NUM!`` at once, from its size.
    """
    return Arg("series", doc, longest=longest)


def column(doc: str) -> Arg:
    """A row or a column of cells of any type (ids, dates, text), read in order."""
    return Arg("column", doc)


def choice(doc: str, *choices: str) -> Arg:
    """One word from ``choices``; a dropdown under Office.js."""
    return Arg("choice", doc, tuple(choices))


class _InputHoldsError(Exception):
    """An input cell already holds an Excel error; the result is that error."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _cells(raw: Any) -> Iterator[Any]:
    if isinstance(raw, np.ndarray):
        yield from _cells(raw.tolist())
    elif isinstance(raw, list | tuple):
        for item in raw:
            yield from _cells(item)
    else:
        yield raw


_NESTED = frozenset({list, tuple, np.ndarray})


def _cell_list(raw: Any) -> list[Any]:
    """Every cell of an argument, in order; a range (a list of rows) is flattened in C."""
    if isinstance(raw, list) and set(map(type, raw)) == {list}:
        flat = list(chain.from_iterable(raw))
        if not _NESTED.intersection(map(type, flat)):
            return flat
    return list(_cells(raw))


_ALL_ERRORS = EXCEL_ERRORS | NEWER_EXCEL_ERRORS


def _check_errors(cells: list[Any]) -> None:
    try:
        if _ALL_ERRORS.isdisjoint(cells):  # one pass in C: no error value anywhere
            return
    except TypeError:  # an unhashable cell: look at each cell
        pass
    for cell in cells:
        if isinstance(cell, str):
            if cell in EXCEL_ERRORS:
                raise _InputHoldsError(cell)
            if cell in NEWER_EXCEL_ERRORS:
                raise _InputHoldsError("#VALUE!")


#: Column and series arguments arrive as Office.js sent them, unconverted (xlwings's
#: public ``"raw"`` converter), and are cleaned here in bulk: xlwings's own reading
#: looks at every cell in Python, most of the time of a 100,000-row call, and would
#: read a million-cell series for seconds before its size is checked. Not under
#: Pyodide, where an empty cell can arrive as Pyodide's ``JsNull``.
RAW_COLUMNS_ON_SERVER = not UNDER_PYODIDE

#: The kinds of argument read raw under xlwings Server (see :data:`RAW_COLUMNS_ON_SERVER`).
RAW_KINDS = frozenset({"column", "series"})


def _clean_raw(cells: list[Any]) -> list[Any]:
    """Office.js cells as xlwings's reading (``err_to_str=True``) gives them.

    An empty cell (``""``) is ``None``; a value with a data type, an error
    (``{"type": "Error", "basicValue": "#N/A", ...}``) included, is its basic
    value. Cells that need neither are returned as they are, in one pass in C.
    """
    kinds = set(map(type, cells))
    if dict in kinds:
        cells = [cell["basicValue"] if isinstance(cell, dict) else cell for cell in cells]
        kinds = set(map(type, cells))
    if str in kinds and "" in cells:
        cells = [None if isinstance(cell, str) and cell == "" else cell for cell in cells]
    return cells


def _rows_like(raw: Any, cells: list[Any]) -> Any:
    """``cells`` (a cleaned copy of ``raw``) in the rows of ``raw``: the shape tells a row
    from a column from a block."""
    if isinstance(raw, list) and raw and all(isinstance(row, list) for row in raw):
        widths = {len(row) for row in raw}
        if len(widths) == 1:
            width = widths.pop()
            return [cells[i * width : (i + 1) * width] for i in range(len(raw))]
        return raw  # ragged: the core says so
    return cells if isinstance(raw, list | tuple) else (cells[0] if cells else None)


def _coerce(spec: Arg, name: str, raw: Any, default: Any, *, raw_column: bool = False) -> Any:
    """What Excel sent for one argument, as the core function takes it."""
    if spec.kind == "series" and (count := period_count(raw)) > spec.longest:
        # from the range's size alone: a million cells are refused before one is copied
        raise OutOfDomainError(
            name, f"{name} takes at most {spec.longest:,} period values, got {count:,}"
        )
    cells = _cell_list(raw)
    if raw_column:
        cells = _clean_raw(cells)
    _check_errors(cells)
    if spec.kind == "series" and raw_column:
        return _rows_like(raw, cells)
    if spec.kind in ("money", "series"):
        return raw
    if spec.kind == "column":
        return cells
    if len(cells) > 1:
        raise InputTypeError(name, f"{name} must be a single cell, got {len(cells)} cells")
    value = cells[0] if cells else None
    if value is None:
        if default is not _NO_DEFAULT:
            return default
        return 0.0 if spec.kind == "number" else None
    return value


def _excel_error(exc: RoiInputError, *, on_server: bool) -> str:
    if not on_server:
        return f"{exc.excel_error} {exc}"
    if exc.excel_error == "#VALUE!":
        raise xw.XlwingsError(str(exc)) from None
    return exc.excel_error


@dataclass(frozen=True)
class ExcelFunction:
    """Everything needed to build the Excel function for one runtime."""

    body: Callable[..., Any]
    description: str
    args: dict[str, Arg]


def build(spec: ExcelFunction, *, on_server: bool) -> Callable[..., Any]:
    """A fresh, undecorated Excel-facing function for one runtime."""
    signature = inspect.signature(spec.body)
    defaults = {name: p.default for name, p in signature.parameters.items()}
    raw = {
        name: on_server and RAW_COLUMNS_ON_SERVER and arg.kind in RAW_KINDS
        for name, arg in spec.args.items()
    }

    @functools.wraps(spec.body)
    def excel_facing(*args: Any) -> Any:
        bound = signature.bind(*args)
        try:
            values = [
                _coerce(
                    spec.args[name],
                    name,
                    bound.arguments.get(name),
                    defaults[name],
                    raw_column=raw[name],
                )
                for name in signature.parameters
            ]
            return spec.body(*values)
        except _InputHoldsError as exc:
            return exc.code
        except RoiInputError as exc:
            return _excel_error(exc, on_server=on_server)

    excel_facing.__doc__ = spec.description
    excel_facing.__annotations__ = (
        {name: Literal[arg.choices] for name, arg in spec.args.items() if arg.kind == "choice"}
        if on_server
        else {}
    )
    excel_facing.__roi_xl__ = spec  # type: ignore[attr-defined]
    return excel_facing


def register(
    spec: ExcelFunction, func: Callable[..., Any], arg: Callable[..., Any], *, on_server: bool
) -> Callable[..., Any]:
    """Build the function and register it with a runtime's ``func`` and ``arg`` decorators.

    ``func``/``arg`` are ``xlwings.func``/``xlwings.arg`` in production, or the
    classic add-in's ``xlwings.udfs.xlfunc``/``xlarg`` in the tests.
    """
    function = build(spec, on_server=on_server)
    for name, argument in spec.args.items():
        if on_server and RAW_COLUMNS_ON_SERVER and argument.kind in RAW_KINDS:
            # as sent, cleaned by _coerce in bulk
            function = arg(name, "raw", doc=argument.doc)(function)
            continue
        # ndim=2: every range arrives as a list of rows, whatever its shape;
        # err_to_str: an error cell arrives as its text instead of as a blank.
        function = arg(name, doc=argument.doc, ndim=2, err_to_str=True)(function)
    return func(category="roi_xl")(function)


def excel_function(description: str, **args: Arg) -> Callable[[Callable[..., Any]], Any]:
    """Declare a ``CS_`` Excel function: its wizard text and how each argument is read."""

    def decorate(body: Callable[..., Any]) -> Callable[..., Any]:
        parameters = list(inspect.signature(body).parameters)
        if parameters != list(args):
            raise TypeError(f"{body.__name__}: describe every argument, in order: {parameters}")
        spec = ExcelFunction(body, description, args)
        return register(spec, xw.func, xw.arg, on_server=ON_SERVER)

    return decorate

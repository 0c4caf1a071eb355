"""The values of the ``CS_`` formulas LibreOffice cannot compute, computed in Python.

The calculator workbook calls roi_xl's ``CS_`` functions, which run in Python through
xlwings; LibreOffice does not know them (``#NAME?``). So that the file still opens
with figures, :func:`python_values` computes those cells here, by the same Python
functions Excel calls, with the values LibreOffice computed for every other cell.

Only what the calculator's formulas use is understood: numbers, text, TRUE/FALSE,
cell references and ranges on the formula's own sheet, defined names of one cell that
holds a value (the model constants, such as ``Months_Per_Year``),
``+ - * / ^ & % =  <> < > <= >=``,
parentheses, ``SUM``, ``ABS``, ``IF`` and the ``CS_`` functions. Anything else raises
:class:`FormulaError` (a new formula then needs teaching here, not a silent guess).
Cells are computed row by row, sheet by sheet: a formula may use cells above it or
to its left, which is how the calculator is laid out.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.formula import Tokenizer
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from . import udfs

ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
UNKNOWN_FUNCTION = "#NAME?"
_INFIX = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3}
_INFIX |= {"*": 4, "/": 4, "^": 5}

#: A cached value as :mod:`roi_xl.office.cached` writes it: (cell type, text of ``<v>``).
Value = tuple[str, str]


class ExcelError(str):
    """An Excel error value such as ``#DIV/0!``."""


class FormulaError(ValueError):
    """A formula uses something this evaluator does not handle."""


class _Range(list[list[Any]]):
    """The values of a range: a list of rows."""


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    raise TypeError


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.lower(), b.lower()
    functions: dict[str, Callable[[Any, Any], bool]] = {
        "=": operator.eq,
        "<>": operator.ne,
        "<": operator.lt,
        ">": operator.gt,
        "<=": operator.le,
        ">=": operator.ge,
    }
    return functions[op](a, b)


def _infix(op: str, a: Any, b: Any) -> Any:
    for value in (a, b):
        if isinstance(value, ExcelError):
            return value
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return _compare(op, a, b)
    if op == "&":
        return f"{'' if a is None else a}{'' if b is None else b}"
    try:
        x, y = _number(a), _number(b)
    except TypeError:
        return ExcelError("#VALUE!")
    if op == "/" and y == 0:
        return ExcelError("#DIV/0!")
    try:
        result = {"+": x + y, "-": x - y, "*": x * y}.get(op)
        if result is None:
            result = x / y if op == "/" else x**y
    except (OverflowError, ZeroDivisionError):
        return ExcelError("#NUM!")
    return result if math.isfinite(result) else ExcelError("#NUM!")


def _cells(values: Any) -> Iterator[Any]:
    if isinstance(values, _Range):
        for row in values:
            yield from row
    else:
        yield values


def _excel_argument(value: Any) -> list[list[Any]]:
    """An argument as Excel hands it to a custom function: a 2-D list."""
    if isinstance(value, _Range):
        return [list(row) for row in value]
    return [[str(value) if isinstance(value, ExcelError) else value]]


def _call(name: str, arguments: list[Any]) -> Any:
    if name == "SUM":
        cells = [c for a in arguments for c in _cells(a)]
        for c in cells:
            if isinstance(c, ExcelError):
                return c
        return math.fsum(float(c) for c in cells if isinstance(c, int | float))
    if name == "ABS":
        (value,) = arguments
        return value if isinstance(value, ExcelError) else abs(_number(value))
    if name == "IF":
        condition, yes, no = (*arguments, False)[:3]
        if isinstance(condition, ExcelError):
            return condition
        return yes if condition else no
    if name.startswith("CS_") and name in udfs.__all__:
        result = getattr(udfs, name)(*map(_excel_argument, arguments))
        if isinstance(result, str) and result.split(" ", 1)[0] in ERRORS:
            return ExcelError(result.split(" ", 1)[0])  # "#DIV/0! costs are 0": the error
        if isinstance(result, list):
            return _Range(result)
        return result
    raise FormulaError(f"the function {name} is not computed in Python")


class _Parser:
    def __init__(self, formula: str, cell: Callable[[str], Any]) -> None:
        self.tokens = [t for t in Tokenizer(formula).items if t.type != "WHITE-SPACE"]
        self.at = 0
        self.cell = cell

    def peek(self) -> Any:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Any:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.at += 1
        return token

    def expression(self, lowest: int = 1) -> Any:
        left = self.unary()
        while True:
            token = self.peek()
            if token is None or token.type != "OPERATOR-INFIX" or token.value not in _INFIX:
                return left
            precedence = _INFIX[token.value]
            if precedence < lowest:
                return left
            self.take()
            left = _infix(token.value, left, self.expression(precedence + 1))

    def unary(self) -> Any:
        token = self.peek()
        if token is not None and token.type == "OPERATOR-PREFIX":
            self.take()
            value = self.unary()
            return value if token.value == "+" else _infix("-", 0.0, value)
        value = self.primary()
        while (token := self.peek()) is not None and token.type == "OPERATOR-POSTFIX":
            self.take()
            value = _infix("/", value, 100.0)
        return value

    def primary(self) -> Any:
        token = self.take()
        if token.type == "OPERAND":
            return self.operand(token)
        if token.type == "FUNC" and token.subtype == "OPEN":
            name = token.value[:-1].upper()
            arguments = []
            if not (self.peek().type == "FUNC" and self.peek().subtype == "CLOSE"):
                arguments.append(self.expression())
                while self.peek().type == "SEP" and self.peek().subtype == "ARG":
                    self.take()
                    arguments.append(self.expression())
            closing = self.take()
            if not (closing.type == "FUNC" and closing.subtype == "CLOSE"):
                raise FormulaError(f"{name}: expected ')'")
            return _call(name, arguments)
        if token.type == "PAREN" and token.subtype == "OPEN":
            value = self.expression()
            if self.take().type != "PAREN":
                raise FormulaError("expected ')'")
            return value
        raise FormulaError(f"unexpected {token.value!r}")

    def operand(self, token: Any) -> Any:
        text = token.value
        if token.subtype == "NUMBER":
            return float(text)
        if token.subtype == "TEXT":
            return text[1:-1].replace('""', '"')
        if token.subtype == "LOGICAL":
            return text.upper() == "TRUE"
        if token.subtype == "ERROR":
            return ExcelError(text)
        if token.subtype == "RANGE" and "!" not in text:
            ref = text.replace("$", "")
            if ":" not in ref:
                return self.cell(ref)
            low_col, low_row, high_col, high_row = range_boundaries(ref)
            return _Range(
                [
                    [self.cell(_ref(row, col)) for col in range(low_col, high_col + 1)]
                    for row in range(low_row, high_row + 1)
                ]
            )
        raise FormulaError(f"the operand {text!r} is not computed in Python")


def _ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def evaluate(formula: str, cell: Callable[[str], Any]) -> Any:
    """The value of ``formula`` (``=...``); ``cell(ref)`` gives a cell's value (``"B5"``)."""
    parser = _Parser(formula, cell)
    value = parser.expression()
    if parser.peek() is not None:
        raise FormulaError(f"unexpected {parser.peek().value!r}")
    return value


def _python(value: Value) -> Any:
    kind, text = value
    return {
        "n": lambda: float(text),
        "b": lambda: text == "1",
        "e": lambda: ExcelError(text),
        "str": lambda: text,
    }[kind]()


def _cached(value: Any) -> Value:
    if isinstance(value, ExcelError):
        return ("e", str(value))
    if isinstance(value, bool):
        return ("b", "1" if value else "0")
    if isinstance(value, int | float):
        return ("n", repr(float(value))) if math.isfinite(value) else ("e", "#NUM!")
    return ("str", "" if value is None else str(value))


def _named_values(workbook: Any) -> dict[str, Any]:
    """The value of every defined name of one cell that holds a value (not a formula),
    by its name in upper case (Excel's names ignore case)."""
    values: dict[str, Any] = {}
    for name, defined in workbook.defined_names.items():
        targets = list(defined.destinations)
        if len(targets) != 1 or ":" in targets[0][1]:
            continue
        title, ref = targets[0]
        if title not in workbook.sheetnames:
            continue
        value = workbook[title][ref.replace("$", "")].value
        if not (isinstance(value, ArrayFormula) or (isinstance(value, str) and value[:1] == "=")):
            values[name.upper()] = value
    return values


def python_values(
    path: Path, computed: Mapping[str, Mapping[str, Value]]
) -> dict[str, dict[str, Value]]:
    """The values of the formula cells of ``path`` that ``computed`` (LibreOffice's) leaves
    as ``#NAME?``, computed in Python: sheet -> cell -> value, including the other cells
    of an array formula's range."""
    workbook = load_workbook(path, keep_vba=False)
    named = _named_values(workbook)
    found: dict[str, dict[str, Value]] = {}
    for sheet in workbook.worksheets:
        theirs = computed.get(sheet.title, {})
        ours: dict[str, Value] = {}
        known: dict[str, Any] = {}

        def cell(ref: str, sheet: Any = sheet, known: dict[str, Any] = known) -> Any:
            if ref in known:
                return known[ref]
            if ref.upper() in named:
                return named[ref.upper()]
            value = sheet[ref].value
            if isinstance(value, ArrayFormula) or (isinstance(value, str) and value[:1] == "="):
                raise FormulaError(f"{sheet.title}!{ref} is used before it is computed")
            return value

        for row in sheet.iter_rows():
            for item in row:
                value = item.value
                text = value.text if isinstance(value, ArrayFormula) else value
                if not (isinstance(text, str) and text.startswith("=")):
                    continue
                ref = item.coordinate
                if ref in theirs and theirs[ref] != ("e", UNKNOWN_FUNCTION):
                    known[ref] = _python(theirs[ref])
                    continue
                result = evaluate(text, cell)
                if isinstance(value, ArrayFormula):
                    low_col, low_row, high_col, high_row = range_boundaries(value.ref)
                    rows = result if isinstance(result, _Range) else _Range([[result]])
                    for r in range(low_row, high_row + 1):
                        for c in range(low_col, high_col + 1):
                            i, j = r - low_row, c - low_col
                            inside = i < len(rows) and j < len(rows[i])
                            spilled = rows[i][j] if inside else ExcelError("#N/A")
                            known[_ref(r, c)] = spilled
                            ours[_ref(r, c)] = _cached(spilled)
                    continue
                if isinstance(result, _Range):  # a table in one cell: its first value
                    result = result[0][0]
                known[ref] = result
                ours[ref] = _cached(result)
        if ours:
            found[sheet.title] = ours
    return found

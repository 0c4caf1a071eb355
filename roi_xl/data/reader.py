"""Reading large exports (CSV, ``.xlsx``, Parquet) strictly, in bounded memory.

A command describes the columns it needs as :class:`Field` objects (the
column's name in the export, how its text is parsed, and what it becomes)
and gets checked aggregates, or the rows themselves, back. DuckDB scans the file
in a streaming way, spills to a temporary folder past
:data:`MEMORY_LIMIT`, and never loads the whole export into Python.

Strict parsing. Every value of a column that a command uses is checked in
the same pass that computes the command's figures (which are thrown away
when a check fails), and a problem is one line naming the file, the first
row where the column is wrong, and the column (:class:`ExportError`):

* a number written with a decimal comma (``1,5``) or a thousands separator
  (``1,234``), or text where a number belongs;
* a date that is not an ISO date or date-time (``2024-01-31``,
  ``2024-01-31T09:30:00Z``) nor an Excel serial number;
* a duplicate id, a required column missing, a required value blank;
* a CSV row with more or fewer fields than the header.

Row numbers are those a spreadsheet shows: the header is row 1, so the
first data row is row 2 (CSV and ``.xlsx``); a Parquet file has no header
row and its rows are counted from 1.

``.xlsx`` files are read with openpyxl (through defusedxml: an XML bomb or an
external entity is refused) in read-only streaming mode. The worksheet's
declared ``<dimension>`` is not trusted (a forged one would make openpyxl
pad every row to thousands of columns), and a part of the zip archive that
would unpack to more than :data:`roi_xl.io.files.MAX_XLSX_PART` bytes, or that is compressed
more than :data:`MAX_XLSX_RATIO` times, is refused before anything is parsed.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..io.files import (
    XLSX_READ_ERRORS,
    check_xlsx,
    input_file,
    xlsx_error,
)

#: DuckDB's memory budget; past it, sorts and hash tables spill to a temporary folder.
MEMORY_LIMIT = "384MB"
#: DuckDB's threads (the machine this was measured on has 2 cores).
THREADS = 2
#: Largest compression ratio of a big ``.xlsx`` part (a zip bomb compresses thousands of times).
MAX_XLSX_RATIO = 200
#: Fields one export can be read for: the checks keep one bit each in a 64-bit mask.
_MAX_FIELDS = 62

FORMATS = (".csv", ".xlsx", ".xlsm", ".parquet")
#: Decimal separators of numbers written as text.
DECIMALS = (".", ",")
#: A number written as text, by decimal separator: optional sign, digits with at most one
#: separator, optional exponent; no thousands separator, no ``_``, no ``inf``/``nan``. This is
#: the rule; the SQL of :func:`_number_sql` applies it in bulk (DuckDB's cast of the same text,
#: whose few extra spellings are refused there), :func:`parse_number` one value at a time.
NUMBER_PATTERNS = {
    ".": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"),
    ",": re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?"),
}

#: How a value's text is read; each kind has its SQL check below.
KINDS = ("text", "datetime", "unix_time", "number", "count", "bool", "choice")

_ISO = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.,][0-9]+)?)?)?"
    r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)
#: The date and time of an ISO date-time, without its offset.
_ISO_WALL_CLOCK = r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?"
_TRUE = ("true", "yes", "1", "t", "y")
_FALSE = ("false", "no", "0", "f", "n")
#: Excel's last serial day (31 Dec 9999).
_MAX_SERIAL = 2958465


class ExportError(ValueError):
    """An export that cannot be used; the message is one line naming file, row and column."""


def parse_number(text: str, decimal: str = ".") -> float | None:
    """``text`` as a number written with ``decimal``, or None when it is not one.

    The value may be infinite (``1e400``); a caller refuses it.

    >>> parse_number(" 12.5 "), parse_number("12,5"), parse_number("12,5", ",")
    (12.5, None, 12.5)
    >>> parse_number("1_000"), parse_number("nan")
    (None, None)
    """
    text = text.strip()
    if not NUMBER_PATTERNS[decimal].fullmatch(text):
        return None
    return float(text.replace(",", ".")) if decimal == "," else float(text)


def _number_sql(text: str, decimal: str) -> str:
    """SQL of :func:`parse_number` for a text column: a DOUBLE, NULL where not a number.

    DuckDB's cast is the fast path: it reads plain decimals and refuses "1,5",
    "1 000" and "12 min", but also takes "1_000", "inf" and "nan". So a value
    with ``_`` is refused, and a value the cast reads as infinite or NaN is
    kept only when it matches :data:`NUMBER_PATTERNS` (``1e400``: infinite, for
    the caller's check).
    """
    body = f"replace({text}, ',', '.')" if decimal == "," else text
    number = f"TRY_CAST({body} AS DOUBLE)"
    other = "." if decimal == "," else ","
    pattern = _quote(NUMBER_PATTERNS[decimal].pattern)
    return (
        f"(CASE WHEN contains({text}, '_') OR contains({text}, '{other}') THEN NULL "
        f"WHEN isfinite({number}) THEN {number} "
        f"WHEN regexp_full_match(trim({text}), {pattern}) THEN {number} END)"
    )


@dataclass(frozen=True)
class Field:
    """One column a command reads from an export.

    Parameters
    ----------
    name : str
        The name the command uses (a generic column, such as ``handle_seconds``).
    sources : tuple of str
        Header names looked up in the export, case-insensitively; the first
        present wins.
    kind : str
        How the text is read: ``text``, ``datetime`` (ISO date or date-time,
        or an Excel serial number; a timestamp as written, an offset such as
        ``Z`` or ``+02:00`` not applied), ``unix_time`` (ISO or seconds since
        1970), ``number`` (non-negative), ``count`` (non-negative whole
        number), ``bool``, ``choice`` (one of
        ``choices``).
    required : bool
        A missing column or a blank value is an error.
    convert : str
        SQL applied to the parsed value ``{v}`` (``{v} > 1``, ``{v} * 60``).
    choices : mapping
        For ``choice``: lower-case text → SQL literal of the value.
    signed : bool
        For ``number``: negative numbers are read too (the command checks them).
    max_length : int, optional
        A longer text is wrong.
    describe : callable, optional
        ``describe(row, column, value)`` → the error for a wrong ``value``
        (the raw text, None when blank) at spreadsheet ``row`` of ``column``
        (1-based), after the file's name; by default ``row R, column 'NAME':``
        and what is wrong.
    """

    name: str
    sources: tuple[str, ...]
    kind: str = "text"
    required: bool = False
    convert: str = "{v}"
    choices: Mapping[str, str] = field(default_factory=dict)
    signed: bool = False
    max_length: int | None = None
    describe: Callable[[int | str, int, Any], str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _checks(spec: Field, raw: str, decimal: str = ".") -> tuple[str, str]:
    """SQL of (the value is wrong, the parsed value) for a raw text column ``raw``.

    Spaces around a value are allowed. The parsed value is NULL, never an
    error, where the value is wrong: the checks and the figures are computed
    in the same pass, and the figures are thrown away when a check fails.
    """
    bad, value = _kind_checks(spec.kind, raw, spec.choices, decimal, spec.signed)
    if spec.max_length is not None:
        bad = f"(length({raw}) > {int(spec.max_length)} OR {bad})"
    return bad, value


def _kind_checks(
    kind: str, raw: str, choices: Mapping[str, str], decimal: str, signed: bool
) -> tuple[str, str]:
    text = raw
    lower = f"lower(trim({text}))"
    if kind == "text":
        return "false", f"trim({text})"
    # the one rule for numbers (see NUMBER_PATTERNS); negatives are refused unless signed
    number = _number_sql(text, decimal)
    sign = "true" if signed else f"{number} >= 0"
    plain = f"({sign} AND isfinite({number}))"
    if kind == "number":
        return f"NOT coalesce({plain}, false)", number
    if kind == "count":
        whole = f"({plain} AND {number} = floor({number}))"
        return f"NOT coalesce({whole}, false)", f"TRY_CAST({number} AS BIGINT)"
    if kind == "bool":
        values = ", ".join(_quote(v) for v in (*_TRUE, *_FALSE))
        truth = ", ".join(_quote(v) for v in _TRUE)
        # the usual spelling first: lower-casing and trimming every value costs a third more
        return (
            f"({text} NOT IN ('true', 'false') AND {lower} NOT IN ({values}))",
            f"(CASE WHEN {text} = 'true' THEN true WHEN {text} = 'false' THEN false "
            f"ELSE {lower} IN ({truth}) END)",
        )
    if kind == "choice":
        known = ", ".join(_quote(k) for k in choices) or "NULL"
        cases = " ".join(f"WHEN {_quote(k)} THEN {v}" for k, v in choices.items())
        return f"{lower} NOT IN ({known})", f"(CASE {lower} {cases} END)"
    # Date-times are read as written, to the microsecond: a time-zone offset is not applied
    # (DuckDB's cast keeps the wall clock of "...+02:00"). The cast is the fast path; the
    # slower ones run only on the rows it leaves NULL (COALESCE and CASE evaluate lazily).
    iso = rf"regexp_full_match({text}, '\s*{_ISO}\s*')"
    wall_clock = f"replace(regexp_extract(trim({text}), '^{_ISO_WALL_CLOCK}'), ',', '.')"
    if kind == "datetime":  # Excel serial days since 1899-12-30
        low, high, epoch, unit = 1, _MAX_SERIAL, "TIMESTAMP '1899-12-30'", 86_400_000_000
    else:  # unix_time: seconds since 1970-01-01 (Intercom's API)
        low, high, epoch, unit = 0, 253402300799, "TIMESTAMP '1970-01-01'", 1_000_000
    serial = _number_sql(text, decimal)
    from_serial = (
        f"CASE WHEN {serial} BETWEEN {low} AND {high} THEN "
        f"{epoch} + to_microseconds(CAST(round({serial} * {unit}) AS BIGINT)) END"
    )
    fast = f"TRY_CAST({text} AS TIMESTAMP)"
    value = (
        f"coalesce({fast}, CASE WHEN {iso} THEN TRY_CAST({wall_clock} AS TIMESTAMP) "
        f"ELSE {from_serial} END)"
    )
    bad = f"(CASE WHEN {iso} THEN {value} IS NULL ELSE {from_serial} IS NULL END)"
    return bad, value


@dataclass
class Export:
    """An export opened for reading, its header resolved; nothing is scanned until asked.

    :meth:`aggregate` reads the file once, checking every value of every
    field and computing the caller's aggregates in the same pass; the first
    problem found is an :class:`ExportError` naming the file, row and column.

    Attributes
    ----------
    path : Path
        The file.
    connection : duckdb.DuckDBPyConnection
        The connection the queries run on.
    present : dict
        ``Field.name`` → the header it was read from, for the fields found.
    filled : set
        The fields with at least one value (after :meth:`aggregate`).
    rows : int
        Rows read, blank rows left out (after :meth:`aggregate`).
    """

    path: Path
    connection: duckdb.DuckDBPyConnection
    present: dict[str, str]
    base: str
    found: dict[str, tuple[Field, int]]
    raw: dict[str, str]
    unique: str | None
    row_column: str | None
    header: list[str]
    filled: set[str] = field(default_factory=set)
    rows: int = 0
    decimal: str = "."
    delimiter: str | None = None
    fields_error: Callable[[int, int, int], str] | None = None

    @property
    def source(self) -> str:
        """SQL (a sub-query) with one column per present field, by its name, parsed."""
        values = [self.raw[name] for name in self.found]
        if self.row_column is not None:
            values.append("_row")
        for name, (spec, _) in self.found.items():
            _, value = _checks(spec, self.raw[name], self.decimal)
            values.append(f"{spec.convert.format(v=value)} AS {_identifier(name)}")
        return f"(SELECT {', '.join(values)} FROM {self.base})"

    def aggregate(
        self, selects: Sequence[str] = (), by: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Check every value and compute ``selects`` (SQL aggregates over the fields' names),
        grouped by ``by`` (SQL) when given: one pass over the file, then the id check.

        Returns one row per group: the group's key first when ``by`` is given.
        The checks cost two aggregates whatever the number of fields: a bit
        mask of the columns with a wrong value, and one of those with a value.
        """
        checks = {}
        wrong_bits, filled_bits = [], []
        for bit, (name, (spec, _)) in enumerate(self.found.items()):
            raw = self.raw[name]
            bad, _ = _checks(spec, raw, self.decimal)
            wrong = f"({raw} IS NOT NULL AND ({bad}))"
            if spec.required:
                wrong = f"({raw} IS NULL OR trim({raw}) = '' OR {wrong})"
            checks[name] = wrong
            wrong_bits.append(f"CASE WHEN {wrong} THEN {1 << bit} ELSE 0 END")
            filled_bits.append(f"CASE WHEN {raw} IS NULL THEN 0 ELSE {1 << bit} END")
        counts = [
            "count(*)",
            f"bit_or(CAST({' + '.join(wrong_bits)} AS BIGINT))",
            f"bit_or(CAST({' + '.join(filled_bits)} AS BIGINT))",
        ]
        key = [f"{by} AS _key"] if by else []
        group = " GROUP BY _key" if by else ""
        sql = f"SELECT {', '.join([*key, *counts, *selects])} FROM {self.source}{group}"
        try:
            result = self.connection.sql(sql).fetchall()
        except duckdb.Error as exc:
            raise ExportError(f"{self.path.name}{_csv_error(exc, self.fields_error)}") from None
        offset = len(key)
        wrong_mask = filled_mask = 0
        self.rows = 0
        for row in result:
            self.rows += int(row[offset])
            wrong_mask |= int(row[offset + 1] or 0)
            filled_mask |= int(row[offset + 2] or 0)
        self.filled = {name for bit, name in enumerate(self.found) if filled_mask >> bit & 1}
        for bit, name in enumerate(self.found):
            if wrong_mask >> bit & 1:
                self._refuse(name, checks[name])
        if self.rows == 0:
            raise ExportError(f"{self.path.name} has a header but no rows")
        if self.unique is not None and self.unique in self.found:
            _check_unique(
                self.path,
                self.connection,
                self.base,
                f"trim({self.raw[self.unique]})",
                self.row_column,
                self.found[self.unique][1],
                self.header,
            )
        skip = offset + len(counts)
        return [(*row[:offset], *row[skip:]) for row in result]

    def _refuse(self, name: str, wrong: str) -> None:
        """Raise the error of the first wrong value of column ``name`` (the error path)."""
        spec, index = self.found[name]
        row, value = _locate(
            self.path, self.connection, self.base, self.raw[name], wrong, self.row_column, index
        )
        if spec.describe is not None:
            raise ExportError(f"{self.path.name}, {spec.describe(row, index + 1, value)}")
        raise ExportError(
            f"{self.path.name}, row {row}, column {self.header[index]!r}: "
            f"{_problem(spec, value, self.decimal)}"
        )

    def fetch(
        self, names: Sequence[str], expressions: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """The fields ``names`` as numpy arrays, in the file's row order (blank rows left out).

        For commands that need every row (touch attribution), after
        :meth:`aggregate` has checked the file. Text comes back as object
        arrays, numbers as float arrays, date-times as ``datetime64``; a
        column with blanks as a numpy masked array, the blanks masked.
        ``expressions`` adds columns: name → SQL over the fields' names
        (such as a code from :meth:`text_code`).
        """
        unknown = [n for n in names if n not in self.found]
        if unknown:
            raise ExportError(f"{self.path.name}: no column for {', '.join(unknown)}")
        extra = expressions or {}
        columns = ", ".join(
            [_identifier(n) for n in names]
            + [f"{sql} AS {_identifier(alias)}" for alias, sql in extra.items()]
        )
        try:
            self.connection.execute("SET preserve_insertion_order = true")
            arrays = self.connection.sql(f"SELECT {columns} FROM {self.source}").fetchnumpy()
        except duckdb.Error as exc:
            raise ExportError(f"{self.path.name}: {_first_line(exc)}") from None
        finally:
            self.connection.execute("SET preserve_insertion_order = false")
        return {name: arrays[name] for name in [*names, *extra]}

    def text_code(self, name: str) -> tuple[str, list[str]]:
        """SQL of a 64-bit code of text field ``name``, and the aggregates that check it.

        The code is DuckDB's ``hash`` of the text (a blank is ``""``): eight
        bytes a row instead of a Python string, how a command groups millions
        of rows by id in little memory. It is exact only when no two texts of
        the export share one: pass the two aggregates to :meth:`aggregate`
        (same pass as the checks) and use the code only when they are equal
        (as many distinct codes as distinct texts).
        """
        text = f"coalesce({_identifier(name)}, '')"
        code = f"hash({text})"
        return code, [f"count(DISTINCT {text})", f"count(DISTINCT {code})"]

    def codes_of(self, texts: Sequence[str]) -> list[int]:
        """The codes of :meth:`text_code` of a few ``texts`` (no scan of the file)."""
        found = self.connection.execute(
            "SELECT hash(x) FROM unnest(?) WITH ORDINALITY AS t(x, i) ORDER BY i", [list(texts)]
        ).fetchall()
        return [int(code) for (code,) in found]

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run ``sql`` (with ``{source}`` in it) after :meth:`aggregate` has checked the file."""
        try:
            return self.connection.sql(sql.format(source=self.source)).fetchall()
        except duckdb.Error as exc:
            raise ExportError(f"{self.path.name}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    lines = [s.strip() for s in str(exc).splitlines() if s.strip()]
    return " ".join(lines[:2])[:300]


def _sniff_csv(path: Path) -> tuple[list[str], str]:
    """The header and the delimiter of a CSV file (comma, semicolon or tab)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            first = handle.readline()
            if not first.strip():
                raise ExportError(f"{path.name}: the first line is empty; expected a header row")
            delimiter = max((",", ";", "\t"), key=first.count)
            header = next(csv.reader([first], delimiter=delimiter))
    except UnicodeDecodeError:
        raise ExportError(f"{path.name} is not a UTF-8 text file") from None
    return [h.strip() for h in header], delimiter


def _csv_scan(path: Path, header: Sequence[str], delimiter: str) -> str:
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    return (
        f"read_csv({_quote(str(path))}, header = true, delim = {_quote(delimiter)}, "
        "quote = '\"', escape = '\"', strict_mode = true, auto_detect = false, "
        f"columns = {{{columns}}}, encoding = 'utf-8')"
    )


def check_xlsx_archive(path: Path) -> None:
    """Refuse an ``.xlsx`` that is not a workbook, or whose parts would unpack to too much.

    :func:`roi_xl.io.files.check_xlsx` (encrypted, not a zip archive, a part above
    :data:`~roi_xl.io.files.MAX_XLSX_PART`) and a compression ratio above
    :data:`MAX_XLSX_RATIO` (a zip bomb).
    """
    check_xlsx(path, max_ratio=MAX_XLSX_RATIO)


def _cell_text(value: Any, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):  # repr: the same double when read back
        return repr(value).replace(".", decimal)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_to_csv(path: Path, folder: Path, decimal: str = ".") -> tuple[list[str], Path]:
    """Stream the first sheet into a CSV of text, with the sheet's row number first."""
    from openpyxl import load_workbook

    check_xlsx_archive(path)
    target = folder / "sheet.csv"
    handle = path.open("rb")  # closed below even when openpyxl fails half way
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # the declared <dimension> is not trusted
            rows = sheet.iter_rows()
            header: list[str] = []
            with target.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                for cells in rows:
                    values = [c.value for c in cells]
                    number = next((c.row for c in cells if getattr(c, "row", None)), None)
                    if not header:
                        if number is None:
                            continue
                        header = [_cell_text(v).strip() for v in values]
                        while header and not header[-1]:
                            header.pop()
                        if not header:
                            raise ExportError(f"{path.name}: the first row is empty")
                        writer.writerow(["_row", *(f"c{i}" for i in range(len(header)))])
                        continue
                    if number is None:
                        continue
                    text = [_cell_text(v, decimal) for v in values[: len(header)]]
                    extra = [_cell_text(v) for v in values[len(header) :] if v not in (None, "")]
                    if extra:
                        raise ExportError(
                            f"{path.name}, row {number}: a value beyond the last header column"
                        )
                    writer.writerow([number, *text, *[""] * (len(header) - len(text))])
        finally:
            book.close()
    except ExportError:
        raise
    except XLSX_READ_ERRORS as exc:
        raise ExportError(str(xlsx_error(path, exc))) from None
    except OSError as exc:
        raise ExportError(str(xlsx_error(path, exc))) from None
    finally:
        handle.close()
    if not header:
        raise ExportError(f"{path.name}: the first sheet is empty")
    return header, target


def _parquet_header(connection: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        described = connection.sql(
            f"DESCRIBE SELECT * FROM read_parquet({_quote(str(path))})"
        ).fetchall()
    except duckdb.Error as exc:
        raise ExportError(f"{path.name} cannot be read as Parquet: {_first_line(exc)}") from None
    return [str(row[0]) for row in described]


def _connect(folder: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(
        config={
            "memory_limit": MEMORY_LIMIT,
            "threads": THREADS,
            "temp_directory": str(folder),
            "preserve_insertion_order": False,
            "enable_external_access": True,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    connection.execute("SET enable_progress_bar = false")  # it would print on stdout
    return connection


def _resolve(
    path: Path, header: Sequence[str], fields: Sequence[Field]
) -> dict[str, tuple[Field, int]]:
    lowered = [h.strip().lower() for h in header]
    for index, name in enumerate(lowered):
        if name and name in lowered[:index]:
            raise ExportError(
                f"{path.name}: the header has column {header[index]!r} twice (row 1); "
                "which one to read is ambiguous"
            )
    found: dict[str, tuple[Field, int]] = {}
    for spec in fields:
        for source in spec.sources:
            if source.lower() in lowered:
                found[spec.name] = (spec, lowered.index(source.lower()))
                break
        else:
            if spec.required:
                wanted = " or ".join(repr(s) for s in spec.sources)
                raise ExportError(
                    f"{path.name}, row 1: required column {wanted} is missing; the header has: "
                    f"{', '.join(h for h in header if h)[:200]}"
                )
    return found


@contextlib.contextmanager
def open_export(
    path: Path,
    fields: Sequence[Field],
    *,
    unique: str | None = None,
    decimal: str = ".",
    check_header: Callable[[list[str]], None] | None = None,
    fields_error: Callable[[int, int, int], str] | None = None,
) -> Iterator[Export]:
    """Open an export and yield an :class:`Export` whose :meth:`~Export.aggregate` reads it.

    ``unique`` names the field whose values must not repeat (the ticket id).
    A missing required column is an :class:`ExportError` at once; a wrong
    value, when the file is read. ``decimal`` is the decimal separator of
    numbers (and serial dates) written as text. ``check_header`` is called
    with the header before the fields are looked up (a command's own
    wording for a missing column); ``fields_error(row, found, expected)``
    words a CSV row with the wrong number of fields.
    """
    path = input_file(Path(path))
    if decimal not in DECIMALS:
        raise ExportError(f"the decimal separator must be . or ,; got {decimal!r}")
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path.name}: expected a .csv, .xlsx or .parquet export")
    with tempfile.TemporaryDirectory(prefix="roi-xl-export-") as work:
        folder = Path(work)
        connection = _connect(folder)
        try:
            row_column: str | None
            if suffix == ".csv":
                header, separator = _sniff_csv(path)
                scan = _csv_scan(path, header, separator)
                names = [f"c{i}" for i in range(len(header))]
                row_column = None
            elif suffix == ".parquet":
                header = _parquet_header(connection, path)
                names = header
                scan = f"read_parquet({_quote(str(path))}, file_row_number = true)"
                row_column = "file_row_number + 1"
            else:
                header, sheet = _xlsx_to_csv(path, folder, decimal)
                scan = _csv_scan(sheet, ["_row", *header], ",")
                names = [f"c{i + 1}" for i in range(len(header))]
                row_column = "CAST(c0 AS BIGINT)"
            if len(fields) > _MAX_FIELDS:
                raise ValueError(f"at most {_MAX_FIELDS} fields (one bit each in a BIGINT)")
            if check_header is not None:
                check_header(list(header))
            found = _resolve(path, header, fields)
            if not found:
                raise ExportError(f"{path.name}: none of the columns needed is in the header")
            # Read once: every used column as text (blank = NULL), blank rows left out.
            raw = {name: _identifier(f"v_{name}") for name in found}
            columns = [
                f"NULLIF(CAST({_identifier(names[i])} AS VARCHAR), '') AS {raw[name]}"
                for name, (_, i) in found.items()
            ]
            if row_column is not None:
                columns.append(f"{row_column} AS _row")
            base = (
                f"(SELECT * FROM (SELECT {', '.join(columns)} FROM {scan}) "
                f"WHERE coalesce({', '.join(raw.values())}) IS NOT NULL)"
            )
            present = {name: header[index] for name, (_, index) in found.items()}
            yield Export(
                path,
                connection,
                present,
                base,
                found,
                raw,
                unique,
                row_column,
                list(header),
                decimal=decimal,
                delimiter=separator if suffix == ".csv" else None,
                fields_error=fields_error,
            )
        except RuntimeError as exc:
            # a signal during a query: DuckDB stops it and raises "Query interrupted"
            # from the handler's exception, which is the one to report
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise exc.__context__ from None
            raise
        finally:
            connection.close()


def _csv_error(
    exc: BaseException, fields_error: Callable[[int, int, int], str] | None = None
) -> str:
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    if line:
        expected = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        if expected and fields_error is not None:
            row, want, found = int(line.group(1)), int(expected.group(1)), int(expected.group(2))
            return f", {fields_error(row, found, want)}"
        if expected:
            return (
                f", row {line.group(1)}: {expected.group(2)} fields where the header has "
                f"{expected.group(1)}"
            )
        return f", row {line.group(1)}: not valid CSV ({_first_line(exc)[:160]})"
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return " is not a UTF-8 text file"
    return f": {_first_line(exc)}"


def _problem(spec: Field, example: Any, decimal: str = ".") -> str:
    text = "" if example is None else str(example).strip()
    shown = repr(text[:40])
    if not text:
        return "a required value is blank" if spec.required else "only spaces; leave it empty"
    if spec.max_length is not None and len(text) > spec.max_length:
        return f"a text of {len(text):,} characters (at most {spec.max_length:,})"
    if spec.kind in ("number", "count") and decimal == "," and "." in text:
        return f"{shown} has a point: with decimal commas it would be a thousands separator"
    if spec.kind in ("number", "count"):
        if re.fullmatch(r"[+-]?\d{1,3}([,.' ]\d{3})+([.,]\d+)?", text):
            return (
                f"{shown} has a thousands separator (or a decimal comma); "
                "write the number plainly (1234.5)"
            )
        if re.fullmatch(r"[+-]?\d*,\d+", text):
            return f"{shown} has a decimal comma; write the number with a point (1.5)"
        if text.startswith("-"):
            return f"{shown} is negative"
        if spec.kind == "count":
            return f"{shown} is not a whole number"
        return f"{shown} is not a number"
    if spec.kind in ("datetime", "unix_time"):
        serial = "seconds since 1970" if spec.kind == "unix_time" else "an Excel serial number"
        return f"{shown} is not a date (expected ISO 2024-01-31 or 2024-01-31T09:30, or {serial})"
    if spec.kind == "bool":
        return f"{shown} is not true/false (expected one of {', '.join(_TRUE + _FALSE)})"
    if spec.kind == "choice":
        return f"{shown} is not one of {', '.join(spec.choices)}"
    return f"{shown} cannot be read"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) of a CSV's data rows, as a spreadsheet numbers them."""
    _, delimiter = _sniff_csv(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if number > 1:
                yield number, record


def _locate(
    path: Path,
    connection: duckdb.DuckDBPyConnection,
    base: str,
    raw: str,
    wrong: str,
    row_column: str | None,
    index: int,
) -> tuple[int | str, Any]:
    """The row and the value of the first wrong value of a column (the error path only).

    Parquet and ``.xlsx`` carry their row numbers. For a CSV file, DuckDB lists
    the column's wrong values (up to :data:`_WRONG_VALUES` distinct ones) and
    Python's ``csv`` module, which numbers rows as a spreadsheet does, finds
    the first row holding one of them.
    """
    if row_column is not None:
        found = connection.sql(
            f"SELECT _row, {raw} FROM {base} WHERE {wrong} ORDER BY _row LIMIT 1"
        ).fetchone()
        return (int(found[0]), found[1]) if found else ("?", None)
    values = connection.sql(
        f"SELECT DISTINCT {raw} FROM {base} WHERE {wrong} LIMIT {_WRONG_VALUES}"
    ).fetchall()
    wanted = {"" if v is None else str(v).strip() for (v,) in values}
    for number, record in _csv_rows(path):
        cell = record[index].strip() if index < len(record) else ""
        if cell in wanted and any(c.strip() for c in record):
            return number, cell or None
    return "?", next(iter(wanted), None)


#: Distinct wrong values looked for when locating the first one in a CSV file.
_WRONG_VALUES = 1000


def _check_unique(
    path: Path,
    connection: duckdb.DuckDBPyConnection,
    base: str,
    key: str,
    row_column: str | None,
    index: int,
    header: Sequence[str],
) -> None:
    """Refuse a repeated id: hashes first (8 bytes a row), then the text of the suspects."""
    suspects = connection.sql(
        f"SELECT hash({key}) AS h FROM {base} GROUP BY h HAVING count(*) > 1 LIMIT 50"
    ).fetchall()
    if not suspects:
        return
    hashes = ", ".join(str(int(h)) for (h,) in suspects)
    repeated = connection.sql(
        f"SELECT {key} AS k FROM {base} WHERE hash({key}) IN ({hashes}) "
        "GROUP BY k HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if repeated is None:
        return
    value = str(repeated[0])
    rows: list[int] = []
    if row_column is not None:
        rows = [
            int(r)
            for (r,) in connection.sql(
                f"SELECT _row FROM {base} WHERE {key} = {_quote(value)} ORDER BY _row LIMIT 2"
            ).fetchall()
        ]
    else:
        for number, record in _csv_rows(path):
            if index < len(record) and record[index].strip() == value:
                rows.append(number)
                if len(rows) == 2:
                    break
    where_text = f"row {rows[1]}" if len(rows) == 2 else "a row"
    first = f" (first at row {rows[0]})" if len(rows) == 2 else ""
    raise ExportError(
        f"{path.name}, {where_text}, column {header[index]!r}: duplicate id {value[:40]!r}{first}"
    )

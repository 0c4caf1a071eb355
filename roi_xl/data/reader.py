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
more than ``roi_xl.io.files.MAX_XLSX_RATIO`` times, is refused before anything is parsed.
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
#: Fields one export can be read for: the checks keep one bit each in a 64-bit mask.
_MAX_FIELDS = 62

FORMATS = (".csv", ".xlsx", ".xlsm", ".xls", ".parquet")
#: Longest CSV header line read (a file without a newline is refused before it is read whole).
MAX_HEADER_CHARS = 131_072
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
KINDS = (
    "text",
    "datetime",
    "unix_time",
    "number",
    "count",
    "bool",
    "choice",
    "duration",
    "rating",
)

#: Durations: seconds per unit of a plain number; ``hh:mm`` and ``hh:mm:ss`` values are
#: read as clock durations whatever the unit (hours may exceed 24).
UNITS: dict[str, float] = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0}
#: Units a clock duration can be given as (``--unit COLUMN=hh:mm``): plain numbers are refused.
CLOCK_UNITS = ("hh:mm", "hh:mm:ss")
_CLOCK = r"[0-9]+:[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?"

#: Satisfaction words (lower case) → a score on the 1-5 scale (NULL: no rating). Zendesk's
#: good/bad and offered/unoffered, Freshdesk's survey scale ("Extremely satisfied" ...).
RATING_WORDS: dict[str, str] = {
    "good": "5",
    "bad": "1",
    "offered": "NULL",
    "unoffered": "NULL",
    "not offered": "NULL",
    "extremely satisfied": "5",
    "very satisfied": "5",
    "satisfied": "4",
    "neutral": "3",
    "neither satisfied nor dissatisfied": "3",
    "dissatisfied": "2",
    "very dissatisfied": "1",
    "extremely dissatisfied": "1",
    "awesome": "5",
    "just okay": "3",
    "not good": "1",
    "happy": "5",
    "unhappy": "1",
}

#: Day/month orders of ``--date-format``, and the strptime patterns each reads.
DATE_ORDERS = ("iso", "dmy", "mdy")


def _order_patterns(order: str) -> list[str]:
    first, second = ("%d", "%m") if order == "dmy" else ("%m", "%d")
    patterns = []
    for sep in ("/", ".", "-"):
        day = f"{first}{sep}{second}{sep}%Y"
        patterns.append(day)
        for joint in (" ", ", "):
            for clock in ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p"):
                patterns.append(f"{day}{joint}{clock}")
    return patterns


@dataclass(frozen=True)
class DateRules:
    """How the dates of an export are read and which time zone its months are counted in.

    ``order``: None (ISO, Excel serials; a day/month file is examined and refused when
    ambiguous), ``iso``, ``dmy``, ``mdy`` or a strftime pattern. ``zone``: the IANA zone of
    the months; a time with an offset (``Z``, ``+02:00``, Unix seconds, Parquet
    TIMESTAMPTZ) is converted to it, a time without one is taken as already in it.
    ``epoch_1904``: Excel serials count from 1904 (a workbook in the 1904 date system).
    """

    order: str | None = None
    zone: str = "UTC"
    epoch_1904: bool = False


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
        an Excel serial number, or the day/month order of :class:`DateRules`; a
        time with an offset such as ``Z`` or ``+02:00`` is converted to the zone
        of the months, one without is taken as written), ``unix_time`` (ISO or
        seconds since 1970), ``number`` (non-negative), ``count`` (non-negative
        whole number), ``bool``, ``choice`` (one of ``choices``), ``duration``
        (seconds: a plain number times ``unit``, or ``hh:mm`` / ``hh:mm:ss``),
        ``rating`` (a number from 0 to 100, or one of :data:`RATING_WORDS`).
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
    #: For ``duration``: seconds per unit of a plain number (None: ``hh:mm[:ss]`` only).
    unit: float | None = 1.0
    #: For ``datetime``: the IANA zone a time without offset is written in (None: the
    #: zone the months are counted in).
    zone: str | None = None
    #: A zero is "not tracked": read as blank.
    blank_zero: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _checks(
    spec: Field, raw: str, decimal: str = ".", dates: DateRules | None = None
) -> tuple[str, str]:
    """SQL of (the value is wrong, the parsed value) for a raw text column ``raw``.

    Spaces around a value are allowed. The parsed value is NULL, never an
    error, where the value is wrong: the checks and the figures are computed
    in the same pass, and the figures are thrown away when a check fails.
    """
    bad, value = _kind_checks(spec, raw, decimal, dates or DateRules())
    if spec.max_length is not None:
        bad = f"(length({raw}) > {int(spec.max_length)} OR {bad})"
    if spec.blank_zero:
        value = f"NULLIF({value}, 0)"
    return bad, value


def _kind_checks(spec: Field, raw: str, decimal: str, dates: DateRules) -> tuple[str, str]:
    kind, choices, signed = spec.kind, spec.choices, spec.signed
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
    if kind == "duration":
        clock = f"regexp_full_match(trim({text}), '{_CLOCK}')"
        parts = f"string_split(trim({text}), ':')"
        seconds = (
            f"(TRY_CAST({parts}[1] AS DOUBLE) * 3600 + TRY_CAST({parts}[2] AS DOUBLE) * 60 "
            f"+ coalesce(TRY_CAST({parts}[3] AS DOUBLE), 0))"
        )
        if spec.unit is None:
            return f"NOT {clock}", f"(CASE WHEN {clock} THEN {seconds} END)"
        scaled = f"({number} * {float(spec.unit)!r})"
        return (
            f"(CASE WHEN contains({text}, ':') THEN NOT {clock} "
            f"ELSE NOT coalesce({plain}, false) END)",
            f"(CASE WHEN contains({text}, ':') THEN (CASE WHEN {clock} THEN {seconds} END) "
            f"ELSE {scaled} END)",
        )
    if kind == "rating":
        known = ", ".join(_quote(k) for k in RATING_WORDS)
        cases = " ".join(f"WHEN {_quote(k)} THEN {v}" for k, v in RATING_WORDS.items())
        in_range = f"coalesce({number} BETWEEN 0 AND 100, false)"
        # a number first: most ratings are scores, and lower-casing every value costs
        return (
            f"(NOT {in_range} AND {lower} NOT IN ({known}))",
            f"(CASE WHEN {in_range} THEN {number} ELSE (CASE {lower} {cases} END) END)",
        )
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
    return _date_checks(spec, text, decimal, dates)


def _date_checks(spec: Field, text: str, decimal: str, dates: DateRules) -> tuple[str, str]:
    """SQL of (wrong, value) of a date-time: a TIMESTAMP, the wall clock of ``dates.zone``.

    The connection's TimeZone is ``dates.zone`` (:func:`_connect`): a cast of a
    TIMESTAMPTZ to TIMESTAMP is the wall clock there. The plain ISO cast is the
    fast path; the slower ones run only on the rows it leaves NULL (COALESCE
    and CASE evaluate lazily).
    """
    iso = rf"regexp_full_match({text}, '\s*{_ISO}\s*')"
    wall_clock = f"replace(regexp_extract(trim({text}), '^{_ISO_WALL_CLOCK}'), ',', '.')"
    # an offset: a Z, or a sign after the date (the date's own dashes end at character 10)
    # (by length first: a plain date, or a date-time to the minute or second, has none unless
    # its 17th character is a sign; the string searches run on the other lengths only)
    offset = (
        f"(CASE length({text}) WHEN 10 THEN false WHEN 16 THEN false "
        f"WHEN 19 THEN {text}[17] IN ('+', '-') "
        f"ELSE suffix(rtrim({text}), 'Z') OR contains(substr({text}, 11), '+') "
        f"OR contains(substr({text}, 12), '-') END)"
    )
    colon = (
        f"regexp_replace(regexp_replace(replace(trim({text}), ',', '.'), "
        "'([+-][0-9]{2})([0-9]{2})$', '\\1:\\2'), "
        "'([ T][0-9]{2}:[0-9]{2})([Z+-])', '\\1:00\\2')"
    )
    aware = f"CAST(TRY_CAST({colon} AS TIMESTAMPTZ) AS TIMESTAMP)"
    if spec.kind == "datetime":  # Excel serial days since 1899-12-30 (or 1904-01-01)
        epoch = "TIMESTAMP '1904-01-01'" if dates.epoch_1904 else "TIMESTAMP '1899-12-30'"
        low, high, unit = 0 if dates.epoch_1904 else 1, _MAX_SERIAL, 86_400_000_000
        serial = _number_sql(text, decimal)
        from_number = (
            f"CASE WHEN {serial} BETWEEN {low} AND {high} THEN "
            f"{epoch} + to_microseconds(CAST(round({serial} * {unit}) AS BIGINT)) END"
        )
    else:  # unix_time: seconds since 1970-01-01 UTC (Intercom's API)
        serial = _number_sql(text, decimal)
        from_number = (
            f"CASE WHEN {serial} BETWEEN 0 AND 253402300799 THEN "
            f"CAST(to_timestamp({serial}) AS TIMESTAMP) END"
        )
    order = dates.order
    if order in ("dmy", "mdy"):
        patterns = "[" + ", ".join(_quote(p) for p in _order_patterns(order)) + "]"
        written = f"try_strptime(trim({text}), {patterns})"
    elif order not in (None, "iso"):
        pattern = _quote(order)
        written = f"CAST(try_strptime(trim({text}), {pattern}) AS TIMESTAMP)"
        if "%z" in order or "%Z" in order:
            aware_pattern = f"CAST(try_strptime(trim({text}), {pattern}) AS TIMESTAMPTZ)"
            written = f"CAST({aware_pattern} AS TIMESTAMP)"
    else:
        written = "NULL"
    naive = (
        f"coalesce(TRY_CAST({text} AS TIMESTAMP), CASE WHEN {iso} THEN "
        f"TRY_CAST({wall_clock} AS TIMESTAMP) ELSE coalesce({written}, "
        f"{'NULL' if spec.kind == 'unix_time' else from_number}) END)"
    )
    if spec.zone is not None and spec.zone != dates.zone:
        # written in the header's zone (Intercom's "... (America/New_York)"): to the months' zone
        naive = f"CAST(timezone({_quote(spec.zone)}, {naive}) AS TIMESTAMP)"
    if spec.kind == "unix_time":
        naive = f"coalesce({naive}, {from_number})"
    value = f"(CASE WHEN {offset} AND {iso} THEN {aware} ELSE {naive} END)"
    # strict: an ISO-looking value must be ISO (the fast cast takes "2024-1-5", "T24:00")
    other = f"coalesce({written}, {from_number})"
    return f"(CASE WHEN {iso} THEN {value} IS NULL ELSE {other} IS NULL END)", value


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
    dates: DateRules = field(default_factory=DateRules)
    #: what the reader decided and the user should know (the sheet read, the date order)
    notes: list[str] = field(default_factory=list)
    #: the sheet of a workbook that was read
    sheet: str | None = None
    #: keep the latest row per id, by this field (``--latest-per-id``)
    latest: str | None = None
    #: columns computed over the fields (name → SQL), added to :attr:`source`
    extra: dict[str, str] = field(default_factory=dict)
    #: a Parquet file of more fields by id, joined to every row: (path, its field names)
    join: tuple[str, list[str], Any, Any, Any] | None = None

    @property
    def source(self) -> str:
        """SQL (a sub-query) with one column per present field, by its name, parsed."""
        values = [self.raw[name] for name in self.found]
        if self.row_column is not None:
            values.append("_row")
        for name, (spec, _) in self.found.items():
            _, value = _checks(spec, self.raw[name], self.decimal, self.dates)
            values.append(f"{spec.convert.format(v=value)} AS {_identifier(name)}")
        latest = ""
        if self.latest is not None and self.unique is not None:
            spec = self.found[self.latest][0]
            _, order = _checks(spec, self.raw[self.latest], self.decimal, self.dates)
            latest = (
                f" QUALIFY row_number() OVER (PARTITION BY trim({self.raw[self.unique]}) "
                f"ORDER BY {order} DESC NULLS LAST) = 1"
            )
        source = f"(SELECT {', '.join(values)} FROM {self.base}{latest})"
        if self.join is not None:
            file, names = self.join[0], self.join[1]
            both = [n for n in names if n in self.found]
            exclude = f" EXCLUDE ({', '.join(map(_identifier, both))})" if both else ""
            joined = ", ".join(f"m.{_identifier(n)}" for n in names)
            source = (
                f"(SELECT t.*{exclude}, {joined} FROM {source} t "
                f"LEFT JOIN read_parquet({_quote(file)}) m ON t.id = m.id)"
            )
        if self.extra:
            more = ", ".join(f"{sql} AS {_identifier(n)}" for n, sql in self.extra.items())
            source = f"(SELECT *, {more} FROM {source})"
        return source

    def aggregate(
        self, selects: Sequence[str] = (), by: str | Sequence[str] | None = None
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
            bad, _ = _checks(spec, raw, self.decimal, self.dates)
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
        keys = [by] if isinstance(by, str) else list(by or [])
        key = [f"{k} AS _key{i}" for i, k in enumerate(keys)]
        group = f" GROUP BY {', '.join(f'_key{i}' for i in range(len(keys)))}" if keys else ""
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
        if self.unique is not None and self.unique in self.found and self.latest is None:
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
            first = handle.readline(MAX_HEADER_CHARS + 1)
            if len(first) > MAX_HEADER_CHARS:
                raise ExportError(
                    f"{path.name}, row 1: the header line is longer than "
                    f"{MAX_HEADER_CHARS:,} characters; is this a CSV export?"
                )
            if not first.strip():
                raise ExportError(f"{path.name}: the first line is empty; expected a header row")
            delimiter = max((",", ";", "\t"), key=first.count)
            header = next(csv.reader([first], delimiter=delimiter))
    except UnicodeDecodeError:
        raise ExportError(f"{path.name} is not a UTF-8 text file") from None
    except csv.Error as exc:
        raise ExportError(f"{path.name}, row 1: the header is not valid CSV ({exc})") from None
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
    ``roi_xl.io.files.MAX_XLSX_RATIO`` (a zip bomb).
    """
    check_xlsx(path)


def _cell_text(value: Any, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):  # repr: the same double when read back
        return repr(value).replace(".", decimal)
    if isinstance(value, dt.timedelta):  # a duration cell ([h]:mm:ss): hours may pass 24
        seconds = round(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


#: A sheet: its name and its rows as (row number, {column number: value}), cells with a value.
Sheet = tuple[str, Iterator[tuple[int, dict[int, Any]]]]


def _xlsx_sheets(book: Any) -> Iterator[Sheet]:
    """The sheets of a read-only openpyxl workbook, each row only the cells it holds.

    openpyxl's own row iterator pads a row to its last cell: a row ending with
    an empty ``XFD`` cell would cost 16,384 cells. The worksheet parser gives the
    cells the XML holds, so the cost is that of the cells written.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    def rows(sheet: Any) -> Iterator[tuple[int, dict[int, Any]]]:
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for number, cells in parser.parse():
                yield number, {c["column"]: c["value"] for c in cells if c["value"] is not None}

    for sheet in book.worksheets:
        if hasattr(sheet, "_get_source"):  # a chart sheet has no cells
            yield sheet.title, rows(sheet)


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _spreadsheetml_sheets(handle: Any) -> Iterator[Sheet]:
    """The sheets of an XML Spreadsheet 2003 file (Freshdesk's ``.xls``), streamed.

    Read with defusedxml: a DTD, an entity or an external reference is refused.
    """
    from defusedxml.ElementTree import iterparse

    events = iterparse(handle, events=("start", "end"), forbid_dtd=True)

    def sheet_rows() -> Iterator[tuple[int, dict[int, Any]]]:
        number = 0
        for event, element in events:
            tag = element.tag
            if event == "end" and tag == f"{_SS}Worksheet":
                element.clear()
                return
            if event != "end" or tag != f"{_SS}Row":
                continue
            number = int(element.get(f"{_SS}Index") or number + 1)
            cells: dict[int, Any] = {}
            column = 0
            for cell in element.iter(f"{_SS}Cell"):
                column = int(cell.get(f"{_SS}Index") or column + 1)
                data = cell.find(f"{_SS}Data")
                if data is not None:
                    text = "".join(data.itertext())
                    if data.get(f"{_SS}Type") == "DateTime":
                        text = text.removesuffix(".000")
                    if text != "":
                        cells[column] = text
                column += int(cell.get(f"{_SS}MergeAcross") or 0)
            element.clear()
            yield number, cells

    for event, element in events:
        if event == "start" and element.tag == f"{_SS}Worksheet":
            yield element.get(f"{_SS}Name") or "?", sheet_rows()


def _workbook_to_csv(
    path: Path,
    folder: Path,
    decimal: str,
    wanted: str | None,
    fits: Callable[[list[str]], bool],
) -> tuple[list[str], Path, str, bool]:
    """Stream one sheet into a CSV of text, with the sheet's row number first.

    The sheet is ``wanted``, else the first whose header (its first row with a
    value) ``fits``. Returns the header, the CSV, the sheet's name and whether
    the workbook counts dates from 1904.
    """
    suffix = path.suffix.lower()
    handle = path.open("rb")  # closed below even when a parser fails half way
    book = None
    try:
        if suffix == ".xls":
            start = handle.read(8)
            handle.seek(0)
            if start.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):
                raise ExportError(
                    f"{path.name} is a binary Excel 97-2003 workbook; save it as .xlsx or CSV"
                )
            sheets: Iterator[Sheet] = _spreadsheetml_sheets(handle)
            epoch_1904 = False
        else:
            from openpyxl import load_workbook
            from openpyxl.utils.datetime import CALENDAR_MAC_1904

            check_xlsx_archive(path)
            book = load_workbook(handle, read_only=True, data_only=True)
            names = [sheet.title for sheet in book.worksheets]
            if wanted is not None and wanted not in names:
                raise ExportError(
                    f"{path.name}: no sheet {wanted!r}; the workbook has "
                    + ", ".join(repr(n) for n in names)
                )
            sheets = _xlsx_sheets(book)
            epoch_1904 = book.epoch == CALENDAR_MAC_1904
        target = folder / "sheet.csv"
        read: list[str] = []
        for name, rows in sheets:
            if wanted is not None and name != wanted:
                continue
            read.append(name)
            header: list[str] = []
            for _, cells in rows:
                if not cells:
                    continue
                width = max(cells)
                header = [_cell_text(cells.get(i)).strip() for i in range(1, width + 1)]
                break
            if not header or not (wanted is not None or fits(header)):
                continue
            with target.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["_row", *(f"c{i}" for i in range(len(header)))])
                for number, cells in rows:
                    if not cells:
                        continue
                    if max(cells) > len(header) and any(
                        _cell_text(v) != "" for c, v in cells.items() if c > len(header)
                    ):
                        raise ExportError(
                            f"{path.name}, sheet {name!r}, row {number}: a value beyond the "
                            "last header column"
                        )
                    text = [_cell_text(cells.get(i), decimal) for i in range(1, len(header) + 1)]
                    writer.writerow([number, *text])
            return header, target, name, epoch_1904
        if wanted is not None:
            raise ExportError(f"{path.name}: sheet {wanted!r} is empty")
        if not read:
            raise ExportError(f"{path.name}: the workbook has no sheet")
        raise ExportError(
            f"{path.name}: no sheet has the required columns in its first row (sheets read: "
            + ", ".join(repr(n) for n in read)
            + "); name the sheet with --sheet"
        )
    except ExportError:
        raise
    except Exception as exc:
        if suffix == ".xls" and not isinstance(exc, OSError):  # XML errors (defusedxml, expat)
            raise ExportError(
                f"{path.name} is not an XML Spreadsheet 2003 file ({_first_line(exc)[:120]})"
            ) from None
        if isinstance(exc, (*XLSX_READ_ERRORS, OSError)):
            raise ExportError(str(xlsx_error(path, exc))) from None
        raise
    finally:
        if book is not None:
            book.close()
        handle.close()


def _parquet_header(connection: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    try:
        described = connection.sql(
            f"DESCRIBE SELECT * FROM read_parquet({_quote(str(path))})"
        ).fetchall()
    except duckdb.Error as exc:
        raise ExportError(f"{path.name} cannot be read as Parquet: {_first_line(exc)}") from None
    return [str(row[0]) for row in described]


def _connect(folder: Path, zone: str = "UTC") -> duckdb.DuckDBPyConnection:
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
    # never the machine's zone: TIMESTAMPTZ values are cast and printed in this one
    connection.execute(f"SET TimeZone = {_quote(zone)}")
    return connection


def check_zone(zone: str) -> str:
    """``zone`` if it is an IANA time zone name (``Europe/Paris``, ``UTC``), else an error."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ExportError(
            f"--timezone {zone!r} is not a time zone name; expected one such as UTC, "
            "Europe/Paris or America/New_York"
        ) from None
    return zone


_ZONE_SUFFIX = re.compile(r"\s*\(([A-Za-z_]+(?:/[A-Za-z0-9_+-]+){0,2})\)\s*$")


def header_zone(header: str) -> tuple[str, str | None]:
    """A header without a trailing time zone in brackets, and the zone (Intercom's exports).

    >>> header_zone("Conversation started at (America/New_York)")
    ('Conversation started at', 'America/New_York')
    >>> header_zone("First response time (in hrs)")
    ('First response time (in hrs)', None)
    """
    import zoneinfo

    found = _ZONE_SUFFIX.search(header)
    if found and ("/" in found.group(1) or found.group(1) == "UTC"):
        try:
            zoneinfo.ZoneInfo(found.group(1))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return header, None
        return header[: found.start()], found.group(1)
    return header, None


def normal_name(header: str) -> str:
    """A header as it is matched: lower case, letters and digits only, no time zone or
    ``[type]`` suffix (Zendesk's custom fields).

    >>> normal_name("Created at"), normal_name("created_at"), normal_name("via.channel")
    ('createdat', 'createdat', 'viachannel')
    >>> normal_name("Total time spent (sec) [int]")
    'totaltimespentsec'
    """
    text, _ = header_zone(header)
    text = re.sub(r"\s*\[[a-z ]+\]\s*$", "", text.strip().lower())
    return re.sub(r"[^0-9a-z]", "", text)


def unit_of(header: str) -> str | None:
    """The duration unit a header names, if any.

    >>> unit_of("First resolution time in minutes"), unit_of("Handling time (seconds)")
    ('minutes', 'seconds')
    >>> unit_of("Resolution time (in hrs)"), unit_of("handle_seconds"), unit_of("Time tracked")
    ('hours', 'seconds', None)
    """
    words = set(re.split(r"[^a-z]+", header.lower()))
    if words & {"sec", "secs", "second", "seconds", "s"}:
        return "seconds"
    if words & {"min", "mins", "minute", "minutes"}:
        return "minutes"
    if words & {"h", "hr", "hrs", "hour", "hours"}:
        return "hours"
    return None


def looks_like(name: str, sources: Sequence[str], header: Sequence[str]) -> str | None:
    """The header that looks most like generic column ``name`` (or one of its ``sources``)."""
    import difflib

    wanted = {normal_name(name), *(normal_name(s) for s in sources)}
    best, score = None, 0.0
    for title in header:
        have = normal_name(title)
        if not have:
            continue
        for want in wanted:
            ratio = difflib.SequenceMatcher(None, have, want).ratio()
            if want and (want in have or have in want):
                ratio = max(ratio, 0.75)
            if ratio > score:
                best, score = title, ratio
    return best if score >= 0.6 else None


def _resolve(
    path: Path,
    header: Sequence[str],
    fields: Sequence[Field],
    mapping: Mapping[str, str] | None = None,
) -> dict[str, tuple[Field, int]]:
    """Each field's column: the first of its fields (in order) whose source is in the header.

    Several fields may share a name (one per spelling a vendor uses, each read its own
    way); ``mapping`` (name → header) replaces the lookup of a name.
    """
    lowered = [h.strip().lower() for h in header]
    normal = [normal_name(h) for h in header]
    for index, name in enumerate(lowered):
        if name and name in lowered[:index]:
            raise ExportError(
                f"{path.name}: the header has column {header[index]!r} twice (row 1); "
                "which one to read is ambiguous"
            )

    def index_of(source: str) -> int | None:
        want = source.strip().lower()
        if want in lowered:
            return lowered.index(want)
        key = normal_name(source)
        hits = [i for i, n in enumerate(normal) if n == key and key]
        if len(hits) > 1:
            raise ExportError(
                f"{path.name}, row 1: columns {', '.join(repr(header[i]) for i in hits)} "
                f"all read as {source!r}; map one with --column"
            )
        return hits[0] if hits else None

    mapping = dict(mapping or {})
    names = list(dict.fromkeys(spec.name for spec in fields))
    unknown = [n for n in mapping if n not in names]
    if unknown:
        raise ExportError(
            f"--column {unknown[0]}=...: unknown column {unknown[0]!r}; expected one of "
            + ", ".join(names)
        )
    found: dict[str, tuple[Field, int]] = {}
    for name in names:
        specs = [spec for spec in fields if spec.name == name]
        if name in mapping:
            index = index_of(mapping[name])
            if index is None:
                near = looks_like(mapping[name], (), header)
                hint = f"; {near!r} looks like it" if near else ""
                raise ExportError(
                    f"{path.name}, row 1: --column {name}={mapping[name]!r}: no such header{hint}"
                )
            found[name] = (_with_header(specs[0], header[index]), index)
            continue
        for spec in specs:
            index = next((i for i in map(index_of, spec.sources) if i is not None), None)
            if index is not None:
                found[name] = (_with_header(spec, header[index]), index)
                break
        else:
            if any(spec.required for spec in specs):
                sources = [s for spec in specs for s in spec.sources]
                near = looks_like(name, sources, header)
                if near is not None:
                    raise ExportError(
                        f"{path.name}, row 1: no column for {name} (looked for "
                        f"{', '.join(repr(s) for s in sources[:4])}); {near!r} looks like "
                        f"{name}: map it with --column {name}={near!r}"
                    )
                raise ExportError(
                    f"{path.name}, row 1: required column {name} is missing (looked for "
                    f"{', '.join(repr(s) for s in sources[:4])}); the header has: "
                    f"{', '.join(h for h in header if h)[:200]}; map one with --column {name}=..."
                )
    return found


def _with_header(spec: Field, title: str) -> Field:
    """``spec`` as read from the column ``title``: its time zone, its duration unit."""
    import dataclasses

    _, zone = header_zone(title)
    if spec.kind == "datetime" and zone is not None and spec.zone is None:
        spec = dataclasses.replace(spec, zone=zone)
    unit = unit_of(title)
    if spec.kind == "duration" and unit is not None:
        spec = dataclasses.replace(spec, unit=UNITS[unit])
    return spec


def _adjust(
    found: dict[str, tuple[Field, int]],
    header: Sequence[str],
    units: Mapping[str, str],
    blank_zero: Sequence[str],
) -> None:
    """Apply ``--unit`` and ``--blank-zero`` (each keyed by column name or header)."""
    import dataclasses

    def target(key: str, option: str) -> str:
        for name, (_, index) in found.items():
            if key.lower() in (name.lower(), header[index].strip().lower()):
                return name
        raise ExportError(
            f"{option} {key!r}: no such column read; the columns read are "
            + ", ".join(f"{n} ({header[i]!r})" for n, (_, i) in found.items())
        )

    for key, unit in units.items():
        name = target(key, "--unit")
        spec, index = found[name]
        if spec.kind != "duration":
            raise ExportError(f"--unit {key}={unit}: {name} is not a duration")
        if unit in UNITS:
            spec = dataclasses.replace(spec, unit=UNITS[unit])
        elif unit in CLOCK_UNITS:
            spec = dataclasses.replace(spec, unit=None)
        else:
            raise ExportError(
                f"--unit {key}={unit}: unknown unit; expected one of "
                + ", ".join([*UNITS, *CLOCK_UNITS])
            )
        found[name] = (spec, index)
    for key in blank_zero:
        name = target(key, "--blank-zero")
        spec, index = found[name]
        if spec.kind not in ("duration", "number", "count"):
            raise ExportError(f"--blank-zero {key}: {name} is not a number")
        found[name] = (dataclasses.replace(spec, blank_zero=True), index)


@contextlib.contextmanager
def open_export(
    path: Path,
    fields: Sequence[Field],
    *,
    unique: str | None = None,
    decimal: str = ".",
    check_header: Callable[[list[str]], None] | None = None,
    fields_error: Callable[[int, int, int], str] | None = None,
    dates: DateRules | None = None,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    blank_zero: Sequence[str] = (),
    latest: str | None = None,
) -> Iterator[Export]:
    """Open an export and yield an :class:`Export` whose :meth:`~Export.aggregate` reads it.

    ``unique`` names the field whose values must not repeat (the ticket id).
    A missing required column is an :class:`ExportError` at once; a wrong
    value, when the file is read. ``decimal`` is the decimal separator of
    numbers (and serial dates) written as text. ``check_header`` is called
    with the header before the fields are looked up (a command's own
    wording for a missing column); ``fields_error(row, found, expected)``
    words a CSV row with the wrong number of fields. ``dates``: how dates are
    read and the zone of the months. ``sheet``: the sheet of a workbook (else
    the first whose header has the required columns). ``mapping``: field name
    → header; ``units``, ``blank_zero``: see :func:`_adjust`. ``latest``: keep
    only the latest row of each ``unique`` id by this field.
    """
    path = input_file(Path(path))
    dates = dates or DateRules()
    check_zone(dates.zone)
    if decimal not in DECIMALS:
        raise ExportError(f"the decimal separator must be . or ,; got {decimal!r}")
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path.name}: expected a .csv, .xlsx, .xls (XML) or .parquet export")
    if sheet is not None and suffix not in (".xlsx", ".xlsm", ".xls"):
        raise ExportError(f"--sheet {sheet!r}: {path.name} is not a workbook")

    def fits(header: list[str]) -> bool:
        try:
            _resolve(path, header, fields, mapping)
        except ExportError:
            return False
        return True

    with tempfile.TemporaryDirectory(prefix="roi-xl-export-") as work:
        folder = Path(work)
        connection = _connect(folder, dates.zone)
        try:
            row_column: str | None
            sheet_read = None
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
                header, csv_sheet, sheet_read, epoch_1904 = _workbook_to_csv(
                    path, folder, decimal, sheet, fits
                )
                if epoch_1904:
                    dates = DateRules(dates.order, dates.zone, True)
                scan = _csv_scan(csv_sheet, ["_row", *header], ",")
                names = [f"c{i + 1}" for i in range(len(header))]
                row_column = "CAST(c0 AS BIGINT)"
            if check_header is not None:
                check_header(list(header))
            try:
                found = _resolve(path, header, fields, mapping)
            except ExportError as exc:
                text = str(exc)
                if sheet_read is None or not text.startswith(path.name):
                    raise
                where = f"{path.name}, sheet {sheet_read!r}"
                raise ExportError(where + text[len(path.name) :]) from None
            if not found:
                raise ExportError(f"{path.name}: none of the columns needed is in the header")
            if len(found) > _MAX_FIELDS:
                raise ValueError(f"at most {_MAX_FIELDS} fields (one bit each in a BIGINT)")
            _adjust(found, header, units or {}, blank_zero)
            if latest is not None and latest not in found:
                raise ExportError(
                    f"{path.name}: --latest-per-id needs a column saying when each row was "
                    f"written ({latest}: "
                    + ", ".join(repr(s) for f in fields if f.name == latest for s in f.sources)
                    + "); map one with --column"
                )
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
            export = Export(
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
                dates=dates,
                sheet=sheet_read,
                latest=latest,
            )
            if sheet_read is not None:
                export.notes.append(f"sheet {sheet_read!r} read")
            if dates.order is None:
                _day_month_order(export)
            yield export
        except RuntimeError as exc:
            # a signal during a query: DuckDB stops it and raises "Query interrupted"
            # from the handler's exception, which is the one to report
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise exc.__context__ from None
            raise
        finally:
            connection.close()


_DAY_MONTH = r"^\s*[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}"


def _day_month_order(export: Export) -> None:
    """Settle the day/month order of dates like ``08/01/2025`` when ``--date-format`` is not given.

    Dates whose first number is above 12 can only be day first (and the other
    way round): the order is the one those dates allow, with a note. A file
    where every such date reads both ways is refused, naming a row; a file
    with both kinds is refused too.
    """
    for name, (spec, index) in export.found.items():
        if spec.kind != "datetime":
            continue
        raw = export.raw[name]
        base = export.base
        try:
            sample = export.connection.sql(
                f"SELECT count(*) FROM (SELECT {raw} AS v FROM {base} WHERE {raw} IS NOT NULL "
                f"LIMIT 1000) WHERE regexp_matches(v, '{_DAY_MONTH}')"
            ).fetchone()
        except duckdb.Error:
            return  # a file that cannot be scanned: the aggregate says why
        if not sample or not sample[0]:
            continue
        day = f"try_strptime(trim({raw}), [{', '.join(map(_quote, _order_patterns('dmy')))}])"
        month = f"try_strptime(trim({raw}), [{', '.join(map(_quote, _order_patterns('mdy')))}])"
        try:
            found = export.connection.sql(
                f"SELECT any_value({raw}) FILTER (WHERE d IS NOT NULL AND m IS NULL), "
                f"any_value({raw}) FILTER (WHERE m IS NOT NULL AND d IS NULL), "
                f"any_value({raw}) FILTER (WHERE d IS NOT NULL AND m IS NOT NULL AND d <> m) "
                f"FROM (SELECT {raw}, {day} AS d, {month} AS m FROM {base} "
                f"WHERE regexp_matches({raw}, '{_DAY_MONTH}'))"
            ).fetchone()
        except duckdb.Error as exc:
            raise ExportError(f"{export.path.name}{_csv_error(exc, export.fields_error)}") from None
        only_day, only_month, both = found if found else (None, None, None)
        column = export.header[index]

        def row_of(value: str, raw: str = raw, index: int = index) -> int | str:
            row, _ = _locate(
                export.path,
                export.connection,
                export.base,
                raw,
                f"({raw} = {_quote(value)})",
                export.row_column,
                index,
            )
            return row

        if only_day is not None and only_month is not None:
            raise ExportError(
                f"{export.path.name}, column {column!r}: {only_day!r} (row {row_of(only_day)}) "
                f"is day first but {only_month!r} (row {row_of(only_month)}) is month first; "
                "say which with --date-format"
            )
        if only_day is None and only_month is None:
            if both is not None:
                raise ExportError(
                    f"{export.path.name}, row {row_of(both)}, column {column!r}: {both!r} is a "
                    "date day first and month first; say which with --date-format dmy or "
                    "--date-format mdy"
                )
            order = "dmy"  # every date has the same day and month: both readings agree
        else:
            order = "dmy" if only_day is not None else "mdy"
            example = only_day if only_day is not None else only_month
            export.notes.append(
                f"dates of {column!r} read {'day' if order == 'dmy' else 'month'} first "
                f"({example!r}, row {row_of(example)}, reads no other way)"
            )
        export.dates = DateRules(order, export.dates.zone, export.dates.epoch_1904)


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
    number_like = spec.kind in ("number", "count") or (spec.kind == "duration" and ":" not in text)
    if spec.kind == "duration" and spec.unit is None:
        return f"{shown} is not a duration hh:mm or hh:mm:ss"
    if number_like and decimal == "," and "." in text:
        return f"{shown} has a point: with decimal commas it would be a thousands separator"
    if number_like:
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
        if spec.kind == "duration":
            return f"{shown} is not a number of {_unit_name(spec.unit)}, hh:mm or hh:mm:ss"
        return f"{shown} is not a number"
    if spec.kind in ("datetime", "unix_time"):
        serial = "seconds since 1970" if spec.kind == "unix_time" else "an Excel serial number"
        if re.match(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
            return (
                f"{shown} is not a date in the order read; say the order with "
                "--date-format dmy, mdy or a pattern such as '%d/%m/%Y %H:%M'"
            )
        return (
            f"{shown} is not a date (expected ISO 2024-01-31 or 2024-01-31T09:30, or {serial}; "
            "--date-format reads other spellings)"
        )
    if spec.kind == "duration":
        return f"{shown} is not a duration (hh:mm or hh:mm:ss, minutes below 60)"
    if spec.kind == "rating":
        return (
            f"{shown} is not a satisfaction rating (a score from 0 to 100, good/bad, "
            "or a satisfaction word such as 'Very satisfied')"
        )
    if spec.kind == "bool":
        return f"{shown} is not true/false (expected one of {', '.join(_TRUE + _FALSE)})"
    if spec.kind == "choice":
        return f"{shown} is not one of {', '.join(spec.choices)}"
    return f"{shown} cannot be read"


def _unit_name(unit: float | None) -> str:
    return next((name for name, seconds in UNITS.items() if seconds == unit), "seconds")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) of a CSV's data rows, as a spreadsheet numbers them."""
    _, delimiter = _sniff_csv(path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            for number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                if number > 1:
                    yield number, record
        except csv.Error:  # a field over the csv module's limit: the row stays unknown
            return


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

"""Reading touch exports and writing attribution results, safely, in bounded memory.

* A touch export is a CSV file (comma, semicolon or tab; dates as ISO text or
  Excel serial numbers) or the first sheet of an ``.xlsx`` workbook, with a
  header row. It is read by :mod:`roi_xl.data.reader`, the reader of
  ``roi-xl baseline`` (DuckDB): the same checks of the file before any work
  (an ``.xlsx`` is a zip archive, not encrypted, no part above
  :data:`roi_xl.io.files.MAX_XLSX_PART` uncompressed nor compressed like a zip
  bomb, XML through defusedxml, rows counted, never taken from the size the
  sheet declares) and the same rule for numbers
  (:data:`roi_xl.data.reader.NUMBER_PATTERNS`).
* Checked for every row, naming the row: a blank journey id, a time that is
  not a date or a serial, a value that is not a finite number, a cell longer
  than a cell can hold, a CSV row with more fields than the header. ``12,50``
  or ``1,234.56`` is refused (a decimal comma or a thousands separator would
  be guessed, and a wrong guess is a wrong number), unless ``decimal=","``
  says that commas are decimal commas. A header naming a used column twice is
  refused. The messages are worded here (:func:`_fields`).
* Only four arrays reach Python, eight bytes a row each: journey ids and
  channels as 64-bit codes (checked exact on the export), times, values. The
  output's rows are read again from the file, one at a time.
* Text is written as text, never as a formula: in ``.xlsx`` through
  :mod:`roi_xl.io.cell_text`, in CSV through :mod:`roi_xl.io.csv_text`. The
  ``.xlsx`` output is streamed row by row (:mod:`roi_xl.io.value_workbook`), so
  its time grows linearly with the rows.
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray
from openpyxl import load_workbook
from tqdm import tqdm

from ..io.cell_text import MAX_CELL_TEXT, replaced_characters
from ..io.csv_text import csv_line, csv_text_fields
from ..io.files import (
    XLSX_READ_ERRORS,
    atomic_write,
    input_file,
    xlsx_error,
)
from ..io.files import check_output as check_output_file
from ..io.value_workbook import MAX_ROWS, write_value_workbook
from .reader import DECIMALS, ExportError, Field, open_export, parse_number

DEFAULT_COLUMNS = {
    "journey": "Journey",
    "time": "Touch Time",
    "channel": "Channel",
    "value": "Conversion Value",
}
#: Rows above which writing shows a progress bar (on an interactive stderr).
PROGRESS_ROWS = 50_000
#: Rows handed to the output writer at a time.
_BATCH = 65_536


class TouchLogError(ValueError):
    """A touch export that cannot be read; the message is one line."""


@dataclass
class TouchLog:
    """A touch export, read: one array per used column, in file order, blank rows left out.

    ``journeys`` are 64-bit codes, equal exactly when the ids are (see
    :meth:`roi_xl.data.reader.Export.text_code`; the trimmed text itself in the
    unlikely case that two ids share a code); the channel of a row is
    ``channel_names[channel_index[row]]`` (trimmed; a blank channel is ``""``);
    ``times`` are ``datetime64`` to the microsecond (an Excel serial number is
    converted), ``values`` floats with NaN for a blank. :meth:`iter_rows` reads
    the file again, row by row, for the output.
    """

    path: Path
    header: list[str]
    journeys: NDArray[Any]
    times: NDArray[Any]
    channel_names: list[str]
    channel_index: NDArray[np.intp]
    values: NDArray[np.float64]
    used: list[int]
    delimiter: str | None

    def __len__(self) -> int:
        return len(self.journeys)

    @property
    def channels(self) -> NDArray[Any]:
        """The channel of each row (an object array of shared strings)."""
        return np.array(self.channel_names, dtype=object)[self.channel_index]

    def iter_rows(self) -> Iterator[list[Any]]:
        """Every kept row as the file has it (text in CSV, typed cells in ``.xlsx``).

        Rows are left out by the rule of the reader (every used cell blank); a
        cell longer than a cell holds is refused, naming row and column.
        """
        width = len(self.header)
        count = 0
        text_only = self.delimiter is not None  # CSV: every cell is text
        used = self.used
        for number, row in self._raw_rows():
            if text_only and len(row) == width:  # a list of text from csv.reader
                cells = row
                if not any([cells[i] for i in used]):  # every used cell "": a blank row
                    continue
            else:
                cells = [*row[:width], *[None] * (width - len(row))]
                if all(_blank(cells[i]) for i in used):
                    continue
            if not text_only or max(map(len, cells), default=0) > MAX_CELL_TEXT:
                for column, cell in enumerate(cells, start=1):
                    if isinstance(cell, str) and len(cell) > MAX_CELL_TEXT:
                        raise TouchLogError(_too_long(number, column, cell))
            count += 1
            yield cells
        if count != len(self):
            raise TouchLogError(
                f"{self.path.name}: {count:,} rows on a second reading, {len(self):,} on the "
                "first; the file changed or is not plain CSV"
            )

    def _raw_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        if self.delimiter is not None:
            with self.path.open(newline="", encoding="utf-8-sig") as handle:
                records = csv.reader(handle, delimiter=self.delimiter)
                next(records, None)
                yield from enumerate(records, start=2)
            return
        try:
            with self.path.open("rb") as handle:
                book = load_workbook(handle, read_only=True, data_only=True)
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # count the rows there are, not the ones declared
                rows = enumerate(sheet.iter_rows(values_only=True), start=1)
                for _, cells in rows:  # the header: the first row with a value, as the reader
                    if any(not _blank(c) for c in cells):
                        break
                yield from rows
                book.close()
        except XLSX_READ_ERRORS as exc:
            raise TouchLogError(str(xlsx_error(self.path, exc))) from None


def _blank(cell: Any) -> bool:
    return cell is None or cell == ""


def _too_long(row: int | str, column: int, text: str) -> str:
    return (
        f"row {row}, column {column}: a text of {len(text):,} characters, more "
        f"than a cell holds ({MAX_CELL_TEXT:,})"
    )


def _not_a_number(text: str, where: str, what: str, decimal: str) -> str:
    shown = text.strip()[:40]
    other = "," if decimal == "." else "."
    if other in shown and any(c.isdigit() for c in shown):
        if decimal == ".":
            how = (
                "a decimal comma or a thousands separator would be a guess; write the number "
                "with a decimal point and no separators (1234.56), or give --decimal , "
                "if every comma is a decimal comma"
            )
        else:
            how = "with --decimal , a point would be a thousands separator; write 1234,56"
        return f"{where}: {what} {shown!r} holds a {other!r}: {how}"
    return f"{where}: {what} {shown!r} is not a number"


def _fields(names: dict[str, str], decimal: str) -> list[Field]:
    """The four columns, each with the wording of its errors (the rules are the reader's)."""

    def journey(row: int | str, column: int, value: Any) -> str:
        if value is not None and len(value) > MAX_CELL_TEXT:
            return _too_long(row, column, value)
        return (
            f"row {row}: the journey id ({names['journey']!r}) is blank, so its "
            "touch and value belong to no journey"
        )

    def time(row: int | str, column: int, value: Any) -> str:
        text = "" if value is None else str(value).strip()
        if len(text) > MAX_CELL_TEXT:
            return _too_long(row, column, text)
        if not text:
            return f"row {row}: the touch time is blank"
        number = parse_number(text, decimal)
        if number is not None and not math.isfinite(number):
            return f"row {row}: touch time {number} is not a finite number"
        if number is not None:
            return (
                f"row {row}: touch time {text[:40]!r} is not a date: an Excel serial number "
                "runs from 1 (1900-01-01) to 2958465 (9999-12-31)"
            )
        return (
            f"row {row}: touch time {text[:40]!r} is not an ISO date "
            "(2024-01-31 or 2024-01-31T09:30) or a number"
        )

    def channel(row: int | str, column: int, value: Any) -> str:
        return _too_long(row, column, str(value))

    def value(row: int | str, column: int, value: Any) -> str:
        text = "" if value is None else str(value)
        if len(text) > MAX_CELL_TEXT:
            return _too_long(row, column, text)
        where = f"row {row}, column {names['value']!r}"
        number = parse_number(text, decimal)
        if number is None:
            return _not_a_number(text, where, "conversion value", decimal)
        return f"{where}: conversion value {number} is not a finite number"

    most = MAX_CELL_TEXT
    return [
        Field("journey", (names["journey"],), "text", True, describe=journey, max_length=most),
        Field("time", (names["time"],), "datetime", True, describe=time, max_length=most),
        Field("channel", (names["channel"],), "text", describe=channel, max_length=most),
        Field("value", (names["value"],), "number", signed=True, describe=value, max_length=most),
    ]


def _column_index(header: list[str], names: dict[str, str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    index = {}
    for key, wanted in names.items():
        found = [i for i, h in enumerate(lowered) if h == wanted.lower()]
        if not found:
            raise TouchLogError(
                f"no column {wanted!r} (--{key}-col); the header has: "
                f"{', '.join(h for h in header if h)[:200]}"
            )
        if len(found) > 1:
            columns = " and ".join(str(i + 1) for i in found)
            raise TouchLogError(
                f"the header names column {wanted!r} more than once (columns {columns}): "
                "which one holds the data would be a guess"
            )
        index[key] = found[0]
    return index


def _check_header(header: list[str], names: dict[str, str]) -> None:
    _column_index(header, names)


def _fields_error(row: int, found: int, expected: int) -> str:
    return (
        f"row {row} has {found} fields but the header {expected}: an unquoted comma "
        "(a thousands separator such as 1,000?) or a missing header"
    )


def _filled(column: Any, blank: Any) -> NDArray[Any]:
    """A fetched column without its mask: blanks become ``blank``."""
    if isinstance(column, np.ma.MaskedArray):
        return np.asarray(column.filled(blank))
    return np.asarray(column)


def read_touch_log(
    path: Path, columns: dict[str, str] | None = None, *, decimal: str = "."
) -> TouchLog:
    """Read a touch export; ``columns`` maps journey/time/channel/value to header names.

    ``decimal`` is the decimal separator of numbers written as text (``"."`` or ``","``).
    The export is read by :mod:`roi_xl.data.reader` (DuckDB), as ``roi-xl baseline``
    reads its exports: its rules for numbers and dates, its checks of ``.xlsx``
    files, its row numbers in errors.
    """
    if decimal not in DECIMALS:
        raise TouchLogError(f"the decimal separator must be . or ,; got {decimal!r}")
    names = {**DEFAULT_COLUMNS, **(columns or {})}
    path = input_file(Path(path))
    if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise TouchLogError(f"{path.name}: expected a .csv or .xlsx file")
    try:
        with open_export(
            path,
            _fields(names, decimal),
            decimal=decimal,
            check_header=lambda header: _check_header(header, names),
            fields_error=_fields_error,
        ) as export:
            journey_code, exact = export.text_code("journey")
            channel_code, _ = export.text_code("channel")
            # one pass: every check, whether the journeys' codes are exact, the channels
            ((ids, codes, names),) = export.aggregate(
                [*exact, "list(DISTINCT coalesce(channel, ''))"]
            )
            names = sorted(names)
            channel_codes = export.codes_of(names)
            use = {"journey": ids == codes, "channel": len(set(channel_codes)) == len(names)}
            arrays = export.fetch(
                ["time", "value", *(name for name, exact in use.items() if not exact)],
                {
                    f"{name}_code": code
                    for name, code in (("journey", journey_code), ("channel", channel_code))
                    if use[name]
                },
            )
            if use["channel"]:
                channel_index = _positions(channel_codes, arrays["channel_code"])
            else:  # two channel names share a code: group the texts themselves
                found, index = np.unique(
                    _filled(arrays["channel"], "").astype(str), return_inverse=True
                )
                names, channel_index = [str(n) for n in found], index.ravel()
            journeys = (
                np.asarray(arrays["journey_code"]).view(np.int64)
                if use["journey"]
                else _filled(arrays["journey"], "")
            )
            used = [index for _, index in export.found.values()]
            header, delimiter = export.header, export.delimiter
    except ExportError as exc:
        raise TouchLogError(str(exc)) from None
    return TouchLog(
        path,
        header,
        journeys,
        _filled(arrays["time"], np.datetime64("NaT")),
        names,
        channel_index,
        _filled(arrays["value"], np.nan).astype(float),
        used,
        delimiter,
    )


def _positions(codes: list[int], rows: Any) -> NDArray[np.intp]:
    """Each row's index into ``codes`` (which holds every row's code)."""
    known = np.array(codes, dtype=np.uint64)
    order = np.argsort(known)
    found = np.searchsorted(known[order], np.asarray(rows, dtype=np.uint64))
    return np.asarray(order[found], dtype=np.intp)


def output_paths(path: Path) -> list[Path]:
    """The files ``write_results`` writes for ``path``: one ``.xlsx``, or two CSV files."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return [path]
    if path.suffix.lower() == ".csv":
        return [path, path.with_name(f"{path.stem}-by-channel.csv")]
    raise TouchLogError(f"{path.name}: the output must end in .csv or .xlsx")


def check_output(path: Path, *, force: bool = False) -> list[Path]:
    """Refuse an output that exists (without ``force``) or cannot be written, before any work."""
    targets = output_paths(path)
    for target in targets:
        check_output_file(target, force=force)  # a folder, a device: never replaced
    if not targets[0].parent.is_dir():
        raise TouchLogError(f"folder {targets[0].parent} does not exist")
    return targets


def channel_sums(
    names: Sequence[str], index: NDArray[np.intp], credits: NDArray[np.float64]
) -> list[tuple[str, float]]:
    """Credited value per channel, largest first, then by name, from the rows' credits.

    As :func:`roi_xl.core.attribution_by_channel` sums a row model's credits
    (added in row order, channel by channel: the same floats), from the
    channels' codes instead of millions of strings.

    >>> channel_sums(["Chat", "Phone"], np.array([0, 1, 0]), np.array([50.0, 50.0, 50.0]))
    [('Chat', 100.0), ('Phone', 50.0)]
    """
    sums = np.bincount(index, weights=credits, minlength=len(names))
    seen = np.bincount(index, minlength=len(names)) > 0
    totals = [(str(n), float(v)) for n, v, s in zip(names, sums, seen, strict=True) if s]
    return sorted(totals, key=lambda item: (-item[1], item[0]))


def check_finite_results(summary: Sequence[tuple[str, float]], revenue: float) -> None:
    """Refuse results that overflowed (values near 1e308 add up to infinity)."""
    if not math.isfinite(revenue) or not all(math.isfinite(v) for _, v in summary):
        raise TouchLogError(
            "the conversion values are too large: their credited sums overflow to infinity"
        )


def _progress(rows: Iterator[list[Any]], total: int) -> Iterator[list[Any]]:
    if total <= PROGRESS_ROWS:
        return rows
    return iter(
        tqdm(
            rows,
            total=total,
            desc="writing",
            unit=" rows",
            file=sys.stderr,
            disable=None,
            mininterval=0.5,
            leave=False,
        )
    )


def _result_rows(
    log: TouchLog, credits: Sequence[float] | None, support: Sequence[bool]
) -> Iterable[list[Any]]:
    yield [*log.header, "Credit", "Support"]
    for i, row in enumerate(_progress(log.iter_rows(), len(log))):
        credit = float(credits[i]) if credits is not None else None
        yield [*row, credit, "yes" if support[i] else "no"]


def write_results(
    path: Path,
    log: TouchLog,
    credits: Sequence[float] | None,
    support: Sequence[bool],
    summary: Sequence[tuple[str, float]],
    *,
    force: bool = False,
    replaced: Callable[[int], None] | None = None,
) -> list[Path]:
    """Credits per row and the per-channel summary, as ``.xlsx`` (two sheets) or CSV.

    ``replaced`` is told how many characters a cell cannot hold (control
    characters, see :mod:`roi_xl.io.cell_text`) were written as visible symbols.
    """
    targets = check_output(path, force=force)
    channel_rows = [["Channel", "Credited value"], *summary]
    if len(targets) == 1:
        if len(log) + 1 > MAX_ROWS:
            raise TouchLogError(
                f"{len(log):,} rows do not fit on a worksheet ({MAX_ROWS - 1:,} "
                "rows under the header): write the credits to a .csv file"
            )
        count = 0

        def counted(table: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
            nonlocal count
            for row in table:
                count += sum(replaced_characters(v) for v in row if isinstance(v, str))
                yield row

        written = [
            write_value_workbook(
                targets[0],
                [
                    ("Credits", counted(_result_rows(log, credits, support))),
                    ("By channel", counted(channel_rows)),
                ],
                force=force,
            )
        ]
        if count and replaced is not None:
            replaced(count)
        return written

    def lines(table: Iterable[str]) -> Callable[[BinaryIO], None]:
        def write(out: BinaryIO) -> None:
            block: list[str] = []
            for line in table:
                block.append(line)
                if len(block) == _BATCH:
                    out.write("".join(block).encode("utf-8"))
                    block.clear()
            out.write("".join(block).encode("utf-8"))

        return write

    return [
        atomic_write(targets[0], lines(_result_lines(log, credits, support)), force=force),
        atomic_write(targets[1], lines(map(csv_line, channel_rows)), force=force),
    ]


def _result_lines(
    log: TouchLog, credits: Sequence[float] | None, support: Sequence[bool]
) -> Iterable[str]:
    """The CSV lines of :func:`_result_rows`, the same text.

    A CSV export's cells are all text: each row's own cells are joined by
    :func:`~roi_xl.io.csv_text.csv_text_fields` (one check a row, not a call a
    cell), then the credit (``repr``, as :func:`~roi_xl.io.csv_text.csv_field`
    writes a finite number) and the support flag.
    """
    if log.delimiter is None or credits is None:  # typed cells from an .xlsx export; no credits
        yield from map(csv_line, _result_rows(log, credits, support))
        return
    numbers = np.asarray(credits, dtype=np.float64)
    if not np.isfinite(numbers).all():  # csv_field refuses it, naming the value
        yield from map(csv_line, _result_rows(log, credits, support))
        return
    yield csv_line([*log.header, "Credit", "Support"])
    flags = (",no\n", ",yes\n")
    rows = _progress(log.iter_rows(), len(log))
    # rows last, so that a row more than on the first reading is left for the
    # count check of iter_rows (a file changed in between), which the last loop runs
    texts = map(repr, numbers.tolist())
    for credit, flag, cells in zip(texts, support, rows, strict=False):
        yield f"{csv_text_fields(cells)},{credit}{flags[bool(flag)]}"
    for _ in rows:
        pass

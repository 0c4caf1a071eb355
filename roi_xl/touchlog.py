"""Reading touch exports and writing attribution results, safely.

* A touch export is a CSV file (dates as ISO text, or Excel serial numbers)
  or the first sheet of an ``.xlsx`` workbook, with a header row.
* Checked before any work: the file is a file; an ``.xlsx`` is a zip archive,
  not encrypted, with no part above :data:`roi_xl.files.MAX_XLSX_PART`
  uncompressed (:func:`roi_xl.files.check_xlsx`); its rows are counted as they
  are read, never taken from the size the sheet declares.
* openpyxl parses the workbook's XML through defusedxml (a dependency of
  roi_xl), so an XML bomb or external entity is refused instead of expanding.
  Any file that cannot be read is a one-line :class:`TouchLogError`.
* Checked row by row, naming the row: a blank journey id, a time or value
  that is not a finite number, a cell longer than a cell can hold, more
  fields than the header in CSV. Numbers are read strictly: ``12,50`` or
  ``1,234.56`` is refused (a decimal comma or a thousands separator would be
  guessed, and a wrong guess is a wrong number), unless ``decimal=","`` says
  that commas are decimal commas. A header naming a used column twice is refused.
* Text is written as text, never as a formula: in ``.xlsx`` through
  :mod:`roi_xl.cell_text`, in CSV through :mod:`roi_xl.csv_text`. The
  ``.xlsx`` output is streamed row by row (:mod:`roi_xl.value_workbook`), so
  its time grows linearly with the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from tqdm import tqdm

from .cell_text import MAX_CELL_TEXT, replaced_characters
from .csv_text import csv_line
from .files import (
    InputFileError,
    OutputExistsError,
    atomic_write,
    check_xlsx,
    input_file,
    xlsx_error,
)
from .value_workbook import MAX_ROWS, write_value_workbook

DEFAULT_COLUMNS = {
    "journey": "Journey",
    "time": "Touch Time",
    "channel": "Channel",
    "value": "Conversion Value",
}
#: Rows above which reading shows a progress bar (on an interactive stderr).
PROGRESS_ROWS = 50_000
#: Decimal separators ``read_touch_log`` knows.
DECIMALS = (".", ",")

_NUMBER = {
    ".": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"),
    ",": re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?"),
}


class TouchLogError(ValueError):
    """A touch export that cannot be read; the message is one line."""


@dataclass
class TouchLog:
    header: list[str]
    rows: list[list[Any]]
    journeys: list[Any]
    times: list[Any]
    channels: list[Any]
    values: list[Any]


def _progress(rows: Iterable[Any], total: int | None, label: str) -> Iterable[Any]:
    return (
        tqdm(
            rows,
            total=total,
            desc=label,
            unit=" rows",
            file=sys.stderr,
            disable=None,
            mininterval=0.5,
            leave=False,
        )
        if (total or 0) > PROGRESS_ROWS
        else rows
    )


def _parse_number(text: str, decimal: str) -> float | None:
    """``text`` as a number written with ``decimal``, or None when it is not one."""
    text = text.strip()
    if not _NUMBER[decimal].fullmatch(text):
        return None
    return float(text.replace(",", ".")) if decimal == "," else float(text)


def _not_a_number(text: str, where: str, what: str, decimal: str) -> TouchLogError:
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
        return TouchLogError(f"{where}: {what} {shown!r} holds a {other!r}: {how}")
    return TouchLogError(f"{where}: {what} {shown!r} is not a number")


def _finite(number: float, where: str, what: str) -> float:
    if not math.isfinite(number):
        raise TouchLogError(f"{where}: {what} {number} is not a finite number")
    return number


def _time(value: Any, where: str, decimal: str) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _finite(float(value), where, "touch time")
    text = str(value if value is not None else "").strip()
    if not text:
        raise TouchLogError(f"{where}: the touch time is blank")
    number = _parse_number(text, decimal)
    if number is not None:
        return _finite(number, where, "touch time")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise TouchLogError(
            f"{where}: touch time {text[:40]!r} is not an ISO date "
            "(2024-01-31 or 2024-01-31T09:30) or a number"
        ) from None


def _number(value: Any, where: str, decimal: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _finite(float(value), where, "conversion value")
    number = _parse_number(str(value), decimal)
    if number is None:
        raise _not_a_number(str(value), where, "conversion value", decimal)
    return _finite(number, where, "conversion value")


_READ_ERRORS = (
    DefusedXmlException,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree's ParseError: malformed XML
    EOFError,
)


def _read_rows(path: Path) -> tuple[list[str], list[list[Any]], bool]:
    """The header, the rows, and whether the file is CSV."""
    path = input_file(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                table = list(csv.reader(handle))
        except UnicodeDecodeError:
            raise TouchLogError(f"{path.name} is not UTF-8 text") from None
        except csv.Error as exc:
            raise TouchLogError(f"{path.name} is not a readable CSV file: {exc}") from None
    elif suffix in (".xlsx", ".xlsm"):
        check_xlsx(path)
        try:
            with path.open("rb") as handle:  # closed even when openpyxl fails half-way
                book = load_workbook(handle, read_only=True, data_only=True)
                sheet = book.worksheets[0]
                sheet.reset_dimensions()  # count the rows there are, not the ones declared
                table = [list(r) for r in sheet.iter_rows(values_only=True)]
                book.close()
        except InputFileError:
            raise
        except _READ_ERRORS as exc:
            raise TouchLogError(str(xlsx_error(path, exc))) from None
    else:
        raise TouchLogError(f"{path.name}: expected a .csv or .xlsx file")
    if not table:
        raise TouchLogError(f"{path.name} is empty")
    return [str(h if h is not None else "").strip() for h in table[0]], table[1:], suffix == ".csv"


def _column_index(header: list[str], names: dict[str, str]) -> dict[str, int]:
    lowered = [h.lower() for h in header]
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


def read_touch_log(
    path: Path, columns: dict[str, str] | None = None, *, decimal: str = "."
) -> TouchLog:
    """Read a touch export; ``columns`` maps journey/time/channel/value to header names.

    ``decimal`` is the decimal separator of numbers written as text (``"."`` or ``","``).
    """
    if decimal not in DECIMALS:
        raise TouchLogError(f"the decimal separator must be . or ,; got {decimal!r}")
    names = {**DEFAULT_COLUMNS, **(columns or {})}
    header, rows, is_csv = _read_rows(Path(path))
    index = _column_index(header, names)
    width = len(header)
    journeys, times, channels, values, kept = [], [], [], [], []
    for number, row in enumerate(_progress(rows, len(rows), "reading"), start=2):
        if is_csv and len(row) > width:
            raise TouchLogError(
                f"row {number} has {len(row)} fields but the header {width}: an unquoted comma "
                "(a thousands separator such as 1,000?) or a missing header"
            )
        cells = list(row) + [None] * (width - len(row))
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_TEXT:
                raise TouchLogError(
                    f"row {number}, column {column}: a text of {len(cell):,} characters, more "
                    f"than a cell holds ({MAX_CELL_TEXT:,})"
                )
        journey = cells[index["journey"]]
        if journey is None or (isinstance(journey, str) and not journey.strip()):
            raise TouchLogError(
                f"row {number}: the journey id ({names['journey']!r}) is blank, so its "
                "touch and value belong to no journey"
            )
        if isinstance(journey, float) and not math.isfinite(journey):
            raise TouchLogError(f"row {number}: journey id {journey} is not a finite number")
        journeys.append(journey)
        times.append(_time(cells[index["time"]], f"row {number}", decimal))
        channels.append("" if cells[index["channel"]] is None else str(cells[index["channel"]]))
        values.append(
            _number(cells[index["value"]], f"row {number}, column {names['value']!r}", decimal)
        )
        kept.append(cells)
    return TouchLog(header, kept, journeys, times, channels, values)


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
        if target.exists() and not force:
            raise OutputExistsError(f"{target} exists; use --force to overwrite it")
        if target.is_dir():
            raise TouchLogError(f"{target} is a folder")
    if not targets[0].parent.is_dir():
        raise TouchLogError(f"folder {targets[0].parent} does not exist")
    return targets


def check_finite_results(summary: Sequence[tuple[str, float]], revenue: float) -> None:
    """Refuse results that overflowed (values near 1e308 add up to infinity)."""
    if not math.isfinite(revenue) or not all(math.isfinite(v) for _, v in summary):
        raise TouchLogError(
            "the conversion values are too large: their credited sums overflow to infinity"
        )


def _result_rows(
    log: TouchLog, credits: Sequence[float] | None, support: Sequence[bool]
) -> Iterable[list[Any]]:
    yield [*log.header, "Credit", "Support"]
    for i, row in enumerate(log.rows):
        yield [*row, credits[i] if credits is not None else None, "yes" if support[i] else "no"]


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
    characters, see :mod:`roi_xl.cell_text`) were written as visible symbols.
    """
    targets = check_output(path, force=force)
    channel_rows = [["Channel", "Credited value"], *summary]
    if len(targets) == 1:
        if len(log.rows) + 1 > MAX_ROWS:
            raise TouchLogError(
                f"{len(log.rows):,} rows do not fit on a worksheet ({MAX_ROWS - 1:,} "
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

    def lines(table: Iterable[Sequence[Any]]) -> Callable[[BinaryIO], None]:
        def write(out: BinaryIO) -> None:
            for row in table:
                out.write(csv_line(row).encode("utf-8"))

        return write

    return [
        atomic_write(targets[0], lines(_result_rows(log, credits, support)), force=force),
        atomic_write(targets[1], lines(channel_rows), force=force),
    ]

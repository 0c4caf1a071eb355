"""Reading touch exports and writing attribution results, safely.

* A touch export is a CSV file (dates as ISO text, or Excel serial numbers)
  or the first sheet of an ``.xlsx`` workbook, with a header row.
* openpyxl parses the workbook's XML through defusedxml (a dependency of
  roi_xl), so an XML bomb or external entity is refused instead of expanding.
  Any file that cannot be read is a one-line :class:`TouchLogError`.
* Text that starts with ``=``, ``+``, ``-`` or ``@`` is written as text,
  never as a formula: in ``.xlsx`` as a string cell, in CSV with a leading
  apostrophe (the usual guard against formula injection when the CSV is
  opened in a spreadsheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from tqdm import tqdm

from .files import atomic_write, save_workbook

FORMULA_STARTS = ("=", "+", "-", "@")
DEFAULT_COLUMNS = {
    "journey": "Journey",
    "time": "Touch Time",
    "channel": "Channel",
    "value": "Conversion Value",
}
#: Rows above which reading shows a progress bar (on an interactive stderr).
PROGRESS_ROWS = 50_000


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


def _time(value: Any, row: int) -> Any:
    if isinstance(value, dt.datetime | dt.date | int | float) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    if not text:
        raise TouchLogError(f"row {row}: the touch time is blank")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise TouchLogError(
            f"row {row}: touch time {text[:40]!r} is not an ISO date "
            "(2024-01-31 or 2024-01-31T09:30) or a number"
        ) from None


def _number(value: Any, row: int) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise TouchLogError(
            f"row {row}: conversion value {str(value)[:40]!r} is not a number"
        ) from None


def _read_rows(path: Path) -> tuple[list[str], list[list[Any]]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                table = list(csv.reader(handle))
        elif suffix in (".xlsx", ".xlsm"):
            book = load_workbook(path, read_only=True, data_only=True)
            sheet = book.worksheets[0]
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
            book.close()
        else:
            raise TouchLogError(f"{path.name}: expected a .csv or .xlsx file")
    except TouchLogError:
        raise
    except (
        DefusedXmlException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        UnicodeDecodeError,
        csv.Error,
    ) as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(exc, DefusedXmlException) or isinstance(cause, DefusedXmlException):
            raise TouchLogError(
                f"{path.name} was refused: its XML declares entities or a DTD (a possible XML bomb)"
            ) from None
        kind = type(exc).__name__
        raise TouchLogError(
            f"{path.name} cannot be read ({kind}): {' '.join(str(exc).split())[:120]}"
        ) from None
    if not table:
        raise TouchLogError(f"{path.name} is empty")
    return [str(h if h is not None else "").strip() for h in table[0]], table[1:]


def read_touch_log(path: Path, columns: dict[str, str] | None = None) -> TouchLog:
    """Read a touch export; ``columns`` maps journey/time/channel/value to header names."""
    names = {**DEFAULT_COLUMNS, **(columns or {})}
    header, rows = _read_rows(Path(path))
    lowered = [h.lower() for h in header]
    index = {}
    for key, wanted in names.items():
        if wanted.lower() not in lowered:
            raise TouchLogError(
                f"no column {wanted!r} (--{key}-col); the header has: "
                f"{', '.join(h for h in header if h)[:200]}"
            )
        index[key] = lowered.index(wanted.lower())
    journeys, times, channels, values, kept = [], [], [], [], []
    for number, row in enumerate(_progress(rows, len(rows), "reading"), start=2):
        cells = list(row) + [None] * (len(header) - len(row))
        if all(c is None or c == "" for c in cells):
            continue
        journeys.append(cells[index["journey"]])
        times.append(_time(cells[index["time"]], number))
        channels.append("" if cells[index["channel"]] is None else str(cells[index["channel"]]))
        values.append(_number(cells[index["value"]], number))
        kept.append(cells)
    return TouchLog(header, kept, journeys, times, channels, values)


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_results(
    path: Path,
    log: TouchLog,
    credits: Sequence[float] | None,
    support: Sequence[bool],
    summary: Sequence[tuple[str, float]],
    *,
    force: bool = False,
) -> list[Path]:
    """Credits per row and the per-channel summary, as ``.xlsx`` (two sheets) or CSV."""
    path = Path(path)
    header = [*log.header, "Credit", "Support"]
    rows = [
        [*row, credits[i] if credits is not None else None, "yes" if support[i] else "no"]
        for i, row in enumerate(log.rows)
    ]
    if path.suffix.lower() == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "Credits"
        _append_as_text(sheet, [header, *rows])
        _append_as_text(book.create_sheet("By channel"), [["Channel", "Credited value"], *summary])
        return [save_workbook(book, path, force=force)]
    if path.suffix.lower() != ".csv":
        raise TouchLogError(f"{path.name}: the output must end in .csv or .xlsx")
    by_channel = path.with_name(f"{path.stem}-by-channel.csv")

    def csv_bytes(table: Iterable[Sequence[Any]]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in table:
            writer.writerow([_safe_text(v) for v in row])
        return buffer.getvalue().encode("utf-8")

    rows_csv = csv_bytes([header, *rows])
    summary_csv = csv_bytes([["Channel", "Credited value"], *summary])
    for target in (path, by_channel):
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists; use --force to overwrite it")
    return [
        atomic_write(path, lambda f: f.write(rows_csv), force=force),
        atomic_write(by_channel, lambda f: f.write(summary_csv), force=force),
    ]


def _append_as_text(sheet: Worksheet, table: Iterable[Sequence[Any]]) -> None:
    """Append rows; text that looks like a formula is kept as a string cell."""
    for row in table:
        sheet.append([_as_text_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads "=..." as a formula: keep it text
                cell.data_type = "s"


def _as_text_cell(value: Any) -> Any:
    """Cell values for openpyxl: datetimes and numbers as they are, everything else text."""
    if value is None or isinstance(value, int | float | dt.datetime | dt.date):
        return value
    return str(value)

"""A workbook of plain values (no formulas), written row by row in linear time.

``roi-xl attribute -o FILE.xlsx`` writes up to a full worksheet (1,048,576
rows) of touches and credits. openpyxl, even in its write-only mode, builds an
object per cell and serialises it through its XML layer, which took minutes
for a million rows. A sheet that holds only values is a simple, fixed piece of
SpreadsheetML, so this module streams it straight into the zip archive, one
row at a time, with constant memory:

* text is always an inline string (``t="inlineStr"``) and goes through
  :func:`roi_xl.io.cell_text.text_value` (characters XML cannot hold made
  visible, the cell length checked), then XML-escaped: this writer has no way
  to write a formula at all;
* numbers are ``<v>`` values (finite only), booleans ``t="b"``, dates and
  times Excel serial numbers with a date format, ``None`` an empty cell;
* the other parts (content types, workbook, styles) are the minimum Excel,
  LibreOffice and openpyxl read; the zip entries carry a fixed timestamp, so
  the same rows give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from .cell_text import text_value
from .files import ZIP_EPOCH, atomic_write

#: The rows a worksheet holds.
MAX_ROWS = 1_048_576

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ENTITIES = {"\r": "&#13;"}  # keep a carriage return one (XML would read it as a line feed)
#: Style 1: dates and times (yyyy-mm-dd hh:mm); style 0: everything else.
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class TooManyRowsError(ValueError):
    """More rows than a worksheet holds."""


def _cell(value: Any) -> str:
    """The attributes and content of one ``<c>`` element (without its reference)."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not value:
            return ""
        text = escape(text_value(value), _ENTITIES)
        return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v>'
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"a cell value must be a finite number, got {value}")
        return f"><v>{value!r}</v>"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return f' s="1"><v>{to_excel(value)!r}</v>'
    return _cell(str(value))


def _sheet_xml(out: IO[bytes], rows: Iterable[Sequence[Any]], title: str) -> None:
    out.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
    letters: list[str] = []
    chunk: list[str] = []
    number = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise TooManyRowsError(
                f"sheet {title!r} would need more than {MAX_ROWS:,} rows, more than a worksheet "
                "holds"
            )
        while len(letters) < len(row):
            letters.append(get_column_letter(len(letters) + 1))
        cells = [
            f'<c r="{letters[i]}{number}"{content}</c>'
            for i, value in enumerate(row)
            if (content := _cell(value))
        ]
        chunk.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(chunk) >= 2_000:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    out.write("".join(chunk).encode("utf-8"))
    out.write(b"</sheetData></worksheet>")


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _fixed_parts(titles: Sequence[str]) -> dict[str, str]:
    count = len(titles)
    sheets = "".join(
        f'<sheet name={quoteattr(t)} sheetId="{i}" r:id="rId{i}"/>'
        for i, t in enumerate(titles, start=1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    return {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_PKG}/relationships">{sheet_rels}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }


def write_value_workbook(
    path: Path, sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]], *, force: bool = False
) -> Path:
    """Write ``sheets`` (title, rows) as an ``.xlsx`` of values, atomically.

    Rows are consumed one at a time (a generator keeps memory constant).
    Raises :class:`TooManyRowsError` for a sheet of more than :data:`MAX_ROWS`
    rows (nothing is written) and :class:`roi_xl.io.files.OutputExistsError` when
    ``path`` exists and ``force`` is false.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = write_value_workbook(folder / "v.xlsx", [("S", [["=1+1", 2.5, None, True]])])
    >>> [(c.value, c.data_type) for c in openpyxl.load_workbook(path)["S"][1]]
    [('=1+1', 's'), (2.5, 'n'), (None, 'n'), (True, 'b')]
    """
    titles = [title for title, _ in sheets]
    for title in titles:
        if not title or len(title) > 31 or any(c in title for c in "[]:*?/\\"):
            raise ValueError(f"{title!r} is not a worksheet name")

    def write(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in _fixed_parts(titles).items():
                archive.writestr(_entry(name), content)
            for number, (title, rows) in enumerate(sheets, start=1):
                entry = _entry(f"xl/worksheets/sheet{number}.xml")
                with archive.open(entry, "w", force_zip64=True) as out:
                    _sheet_xml(out, rows, title)

    return atomic_write(path, write, force=force)


__all__ = ["MAX_ROWS", "TooManyRowsError", "write_value_workbook"]

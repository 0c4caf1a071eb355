"""The value of every formula, cached in the workbook roi_xl wrote.

openpyxl writes a formula without its value (``<f>...</f><v/>``), so an e-mailed
workbook opens blank in Excel's Protected View, in Outlook, macOS, iOS and Google
Drive previews and in ``pandas.read_excel``, until someone clicks "Enable Editing".

:func:`cache_values` has LibreOffice recalculate a copy of each workbook (one
LibreOffice start for all of them) and puts the values it computed into *our*
file, beside each formula: ``<v>`` with the cell type Excel expects (``t="str"``
for text, ``"b"`` for TRUE/FALSE, ``"e"`` for an error, none for a number).
Nothing else of the file changes: not LibreOffice's re-saved workbook (it
rewrites styles, names, validations and print setup) but only the ``<v>`` of
the formula cells of our own sheet XML, entry by entry, in one linear pass.
``fullCalcOnLoad`` stays set, so Excel still recalculates when editing is enabled.

A formula LibreOffice cannot compute (a ``CS_`` function of the calculator, which
calls Python through xlwings) gives ``#NAME?`` there; such a cell, and every cell
that depends on one, is left without a cached value rather than cached as an
error. Excel computes it once the add-in is loaded.
"""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from ..io.files import ZIP_EPOCH, atomic_write
from .recalc import convert

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

#: The error LibreOffice gives a function it does not know: never cached.
UNKNOWN_FUNCTION = "#NAME?"

# A formula cell as openpyxl writes it: reference, optional style, the formula, an empty value.
_FORMULA_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"(?P<style> s="[0-9]+")?(?P<meta> cm="1")?>'
    r"(?P<formula><f(?: [^>]*)?>[^<]*</f>)<v ?/></c>"
)
_ANY_FORMULA = re.compile(r"<f[ >]")
# An empty cell as openpyxl writes it (a styled cell with no value).
_EMPTY_CELL = re.compile(r'<c r="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"(?P<style> s="[0-9]+")? t="n" ?/>')

#: A cached value: the cell type (``"n"``, ``"b"``, ``"e"`` or ``"str"``) and the text of ``<v>``.
Value = tuple[str, str]


class CacheError(RuntimeError):
    """A workbook is not laid out as openpyxl writes it, or LibreOffice's copy is not readable."""


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip entry of its XML, from the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _values(stream: BinaryIO) -> dict[str, Value]:
    """Every cell of a sheet XML that carries a value: reference -> (type, text).

    Streamed (``iterparse``), each cell dropped once read. Shared strings do not
    occur: LibreOffice writes a formula's text result inline (``t="str"``).
    """
    values: dict[str, Value] = {}
    for _, element in ElementTree.iterparse(stream):
        if element.tag == f"{_MAIN}c":
            value = element.find(f"{_MAIN}v")
            if value is not None and element.find(f"{_MAIN}f") is not None:
                kind = element.get("t", "n")
                if kind not in ("n", "b", "e", "str"):
                    raise CacheError(f"a formula cell of type {kind!r} in LibreOffice's copy")
                values[element.get("r", "")] = (kind, value.text or "")
            element.clear()
    return values


def computed_values(recalculated: Path) -> dict[str, dict[str, Value]]:
    """Sheet name -> the value of each formula cell of a workbook LibreOffice saved."""
    with zipfile.ZipFile(recalculated) as archive:
        values = {}
        for name, part in _sheet_parts(archive).items():
            with archive.open(part) as stream:
                values[name] = _values(stream)
        return values


def _cell(match: re.Match[str], values: Mapping[str, Value]) -> str:
    ref, formula = match["ref"], match["formula"]
    style = (match["style"] or "") + (match["meta"] or "")
    kind, text = values.get(ref, ("", ""))
    if not kind or (kind == "e" and text == UNKNOWN_FUNCTION):
        return match[0]
    typed = "" if kind == "n" else f' t="{kind}"'
    return f'<c r="{ref}"{style}{typed}>{formula}<v>{escape(text)}</v></c>'


def _spilled(match: re.Match[str], values: Mapping[str, Value]) -> str:
    ref, style = match["ref"], match["style"] or ""
    if ref not in values:
        return match[0]
    kind, text = values[ref]
    typed = "" if kind == "n" else f' t="{kind}"'
    return f'<c r="{ref}"{style}{typed}><v>{escape(text)}</v></c>'


def cache_sheet(xml: str, values: Mapping[str, Value]) -> str:
    """A sheet XML written by openpyxl, with ``values`` cached in its formula cells (and in
    the empty cells of an array formula's range that ``values`` names)."""
    cached, count = _FORMULA_CELL.subn(lambda m: _cell(m, values), xml)
    formulas = len(_ANY_FORMULA.findall(xml))
    if count != formulas:
        raise CacheError(
            f"{formulas - count} formula cells are not written as openpyxl writes them"
        )
    return _EMPTY_CELL.sub(lambda m: _spilled(m, values), cached)


def _entries(
    source: zipfile.ZipFile, values: Mapping[str, Mapping[str, Value]]
) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    sheets = {part: values.get(name, {}) for name, part in _sheet_parts(source).items()}
    for info in source.infolist():
        data = source.read(info)
        if info.filename in sheets:
            data = cache_sheet(data.decode("utf-8"), sheets[info.filename]).encode("utf-8")
        entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = info.external_attr
        yield entry, data


def write_cached(path: Path, values: Mapping[str, Mapping[str, Value]]) -> Path:
    """Rewrite ``path`` (an openpyxl-written workbook) atomically with ``values`` cached."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for entry, data in _entries(source, values):
            target.writestr(entry, data)
    payload = out.getvalue()
    return atomic_write(path, lambda stream: stream.write(payload), force=True)


#: ``more(path, values)``: values LibreOffice could not compute (sheet -> cell -> value).
MoreValues = Callable[[Path, Mapping[str, Mapping[str, Value]]], Mapping[str, Mapping[str, Value]]]


def cache_values(
    paths: Sequence[Path], *, timeout: float | None = None, more: MoreValues | None = None
) -> list[Path]:
    """Cache the LibreOffice-computed value of every formula in each workbook of ``paths``.

    One LibreOffice start recalculates copies of all of them; each file is then
    rewritten in place, atomically. ``more`` (when given) adds the values of cells
    LibreOffice cannot compute (the calculator's ``CS_`` functions, computed in Python
    by :func:`roi_xl.excel.evaluate.python_values`). Raises
    :class:`~roi_xl.office.recalc.LibreOfficeError` when LibreOffice is missing, fails
    or takes longer than ``timeout``.
    """
    paths = [Path(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="roi-xl-cache-") as folder:
        recalculated = convert(paths, Path(folder), timeout=timeout)
        for path, copy in zip(paths, recalculated, strict=True):
            values = computed_values(copy)
            if more is not None:
                for sheet, cells in more(path, values).items():
                    values[sheet] = {**values.get(sheet, {}), **cells}
            write_cached(path, values)
    return paths

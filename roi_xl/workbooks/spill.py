"""A formula that returns a table, stored so that every Excel shows the whole table.

A formula written as a plain formula (``<f>``) is, to Excel 365, a formula from
before dynamic arrays: it is shown with the implicit-intersection ``@`` and gives
one cell of the table. Stored as an array formula over the table's range
(``<f t="array" ref="E31:I32">``, openpyxl's ``ArrayFormula``), Excel 2016/2019
shows the whole table as a classic array formula ({=...}). To make Excel 365 treat
it as a *dynamic* array (spilling, no braces), the anchor cell also points
(``cm="1"``) at the cell metadata record Excel itself writes for dynamic arrays:
the ``XLDAPR`` type with ``dynamicArrayProperties fDynamic="1"`` in
``xl/metadata.xml`` (ECMA-376 18.9 metadata; [MS-XLSX] 2.6.x dynamic array
properties; the same part XlsxWriter writes for its dynamic array formulas).

openpyxl writes neither the part nor the ``cm`` attribute, so :func:`mark_dynamic`
adds them to the saved archive.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

METADATA_PART = "xl/metadata.xml"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata"
_RELATIONSHIP_ID = "rIdDynamicArrays"

#: One cell metadata record: "this array formula is a dynamic array".
METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" '
    'copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" '
    'clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
    "</futureMetadata>"
    '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'
)


def _insert_before(text: str, closing: str, insert: str) -> str:
    at = text.rindex(closing)
    return text[:at] + insert + text[at:]


def mark_dynamic(data: bytes, anchors: Iterable[tuple[str, str]]) -> bytes:
    """The workbook archive ``data`` with each array formula at ``anchors`` (sheet part,
    cell such as ``("xl/worksheets/sheet1.xml", "E31")``) marked as a dynamic array."""
    by_part: dict[str, list[str]] = {}
    for part, cell in anchors:
        by_part.setdefault(part, []).append(cell)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            text = source.read(info)
            if info.filename == "[Content_Types].xml":
                text = _insert_before(
                    text.decode("utf-8"),
                    "</Types>",
                    f'<Override PartName="/{METADATA_PART}" ContentType="{_CONTENT_TYPE}"/>',
                ).encode("utf-8")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = _insert_before(
                    text.decode("utf-8"),
                    "</Relationships>",
                    f'<Relationship Id="{_RELATIONSHIP_ID}" Type="{_RELATIONSHIP}" '
                    'Target="metadata.xml"/>',
                ).encode("utf-8")
            elif info.filename in by_part:
                xml = text.decode("utf-8")
                for cell in by_part[info.filename]:
                    xml, found = re.subn(
                        rf'<c r="{cell}"( s="[0-9]+")?>(?=<f [^>]*t="array")',
                        rf'<c r="{cell}"\1 cm="1">',
                        xml,
                    )
                    if found != 1:
                        raise ValueError(f"no array formula at {cell} in {info.filename}")
                text = xml.encode("utf-8")
            target.writestr(info, text)
        target.writestr(METADATA_PART, METADATA)
    return out.getvalue()

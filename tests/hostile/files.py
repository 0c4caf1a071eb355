"""Hostile files, generated in the test (no committed binaries)."""

import io
import zipfile
from pathlib import Path

import openpyxl

HEADER = ["Journey", "Touch Time", "Channel", "Conversion Value"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_part(data: bytes, path: Path, name: str, replace) -> Path:
    """Write ``data`` (an .xlsx) to ``path`` with part ``name`` replaced by ``replace(old)``."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            dst.writestr(item, replace(content) if item.filename == name else content)
    return path


def xml_bomb() -> bytes:
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


def external_entity() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )


MALFORMED = b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"'


def one_gib_cell(data: bytes, path: Path) -> Path:
    """An .xlsx of a few MB whose sheet holds one cell of 1 GiB of text, uncompressed."""
    head = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    )
    tail = b"</t></is></c></row></sheetData></worksheet>"
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for item in src.infolist():
            if item.filename != SHEET:
                dst.writestr(item, src.read(item))
        with dst.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(head)
            chunk = b"a" * (1 << 20)
            for _ in range(1024):
                sheet.write(chunk)
            sheet.write(tail)
    return path


#: The first bytes of an encrypted .xlsx (an OLE2 compound file, as Excel writes it).
ENCRYPTED = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504

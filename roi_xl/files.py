"""Writing files the safe way: never over a user's file unasked, never half-written.

Also makes ``.xlsx``/``.xlsm`` files reproducible: openpyxl stamps each zip
entry with the time of saving, so the same workbook saved twice would differ
byte for byte. :func:`write_workbook` rewrites the archive with a fixed
timestamp.
"""

from __future__ import annotations

import datetime
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

#: The timestamp written into every zip entry (the earliest a zip can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given."""


def atomic_write(path: Path, write: Callable[[BinaryIO], None], *, force: bool = False) -> Path:
    """Write ``path`` through a temporary file in the same folder and a rename.

    An interrupted run leaves the old file (or none), never half a file.
    Raises :class:`OutputExistsError` when ``path`` exists and ``force`` is false.
    """
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def reproducible_zip(data: bytes) -> bytes:
    """The same zip archive with every entry stamped :data:`ZIP_EPOCH`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


def write_workbook(path: Path, save: Callable[[BinaryIO], None], *, force: bool = False) -> Path:
    """Save a workbook reproducibly and atomically; ``save`` writes it to a stream."""
    buffer = io.BytesIO()
    save(buffer)
    payload = reproducible_zip(buffer.getvalue())
    return atomic_write(path, lambda out: out.write(payload), force=force)


#: The document timestamps written into every workbook roi_xl generates.
DOCUMENT_TIME = datetime.datetime(2026, 1, 1)


def save_workbook(workbook: Workbook, path: Path, *, force: bool = False) -> Path:
    """Save an openpyxl workbook: same bytes for the same content, atomically.

    openpyxl's own ``save`` stamps the document with the current time; this
    writes the fixed :data:`DOCUMENT_TIME` instead and fixes the zip entry times.
    """
    workbook.properties.creator = "roi_xl"
    workbook.properties.lastModifiedBy = "roi_xl"
    workbook.properties.created = DOCUMENT_TIME
    workbook.properties.modified = DOCUMENT_TIME

    def save(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()

    return write_workbook(path, save, force=force)

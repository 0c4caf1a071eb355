"""Files the safe way: never over a user's file unasked, never half-written, never
a surprise from a file that is read.

* :func:`atomic_write` writes through a temporary file and a rename, with the
  permissions of a normally created file (``0666`` less the umask).
* :func:`input_file` and :func:`check_xlsx` check a file given to a command
  before any work: it exists and is a file; an ``.xlsx`` is a zip archive (an
  encrypted workbook is not), each of its parts is at most
  :data:`MAX_XLSX_PART` bytes once uncompressed (a 1 MB file can hold a 1 GiB
  cell), and :func:`xlsx_error` turns what openpyxl raises on a broken file
  into one line.

Also makes ``.xlsx``/``.xlsm`` files reproducible: openpyxl stamps each zip
entry with the time of saving, so the same workbook saved twice would differ
byte for byte. :func:`write_workbook` rewrites the archive with a fixed
timestamp.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.writer.excel import ExcelWriter

#: The timestamp written into every zip entry (the earliest a zip can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


#: The largest part (sheet, shared strings, ...) of an ``.xlsx`` input, uncompressed.
MAX_XLSX_PART = 512 * 1024**2
#: Largest compression ratio of a part above :data:`RATIO_FLOOR` (a zip bomb compresses
#: thousands of times; a real workbook's parts tens of times).
MAX_XLSX_RATIO = 200
#: Parts smaller than this are not checked for their compression ratio (tiny XML packs well).
RATIO_FLOOR = 1 << 20
#: What openpyxl and the XML parser raise on a broken ``.xlsx`` (see :func:`xlsx_error`).
XLSX_READ_ERRORS: tuple[type[BaseException], ...] = (
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
#: The first bytes of an OLE2 compound file: an encrypted .xlsx or an old .xls.
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given."""


class OutputNotRegularError(OutputExistsError):
    """The output path is a folder, a device, a FIFO or a socket: never replaced."""


class InputFileError(ValueError):
    """A file given to a command that cannot be read; the message is one line."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The permissions of a newly created file: ``0o666`` less the umask."""
    return 0o666 & ~_umask()


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_output(path: Path, *, force: bool = False) -> Path:
    """``path`` if a command may write it: absent, or a regular file and ``force``.

    Anything else that exists there (a folder, ``/dev/null``, a FIFO, a socket,
    or a link to one of them) is refused with or without ``force``: only a
    regular file is ever replaced. Raises :class:`OutputNotRegularError` or
    :class:`OutputExistsError`.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode  # through a link: what would be replaced is what it names
    except FileNotFoundError:
        return path
    except OSError:  # e.g. a parent that is not a folder: the write says why
        return path
    if not stat.S_ISREG(mode):
        raise OutputNotRegularError(
            f"{path} is not a regular file ({_kind(mode)}): roi-xl writes only regular "
            "files and never replaces anything else, even with --force; choose another output"
        )
    if not force:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")
    return path


def atomic_write(path: Path, write: Callable[[BinaryIO], None], *, force: bool = False) -> Path:
    """Write ``path`` through a temporary file in the same folder and a rename.

    An interrupted run (an exception, Ctrl-C or SIGTERM handled by
    :mod:`roi_xl.io.interrupts`) leaves the old file (or none), never half a file,
    and no temporary file. The file gets the mode of a normally created file.
    Raises :class:`OutputExistsError` when ``path`` exists and ``force`` is false,
    and :class:`OutputNotRegularError` when it is not a regular file (see
    :func:`check_output`).
    """
    path = check_output(path, force=force)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, new_file_mode())  # mkstemp makes 0600
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


#: The order of a font's children in the Open XML SDK's schema (and in Excel's own files).
#: openpyxl writes name, charset, family, b, i, ... color, sz: allowed by the ISO schema
#: (its CT_Font is a choice), reported by the SDK validator (a sequence there).
FONT_ORDER = [
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
]
_FONT = re.compile(rb"<font>((?:<[A-Za-z]+(?: [^<>]*)?/>)+)</font>")
_FONT_CHILD = re.compile(rb"<([A-Za-z]+)(?: [^<>]*)?/>")


def _font_children_in_order(match: re.Match[bytes]) -> bytes:
    children = [m for m in _FONT_CHILD.finditer(match[1])]
    if any(m[1].decode() not in FONT_ORDER for m in children):
        return match[0]
    children.sort(key=lambda m: FONT_ORDER.index(m[1].decode()))
    return b"<font>" + b"".join(m[0] for m in children) + b"</font>"


def sdk_font_order(styles: bytes) -> bytes:
    """``xl/styles.xml`` with the children of each font in :data:`FONT_ORDER`."""
    return _FONT.sub(_font_children_in_order, styles)


def reproducible_zip(data: bytes) -> bytes:
    """The same zip archive with every entry stamped :data:`ZIP_EPOCH` (and the fonts
    of ``xl/styles.xml`` in the order the Open XML SDK expects)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = source.read(info)
            if info.filename == "xl/styles.xml":
                content = sdk_font_order(content)
            target.writestr(entry, content)
    return out.getvalue()


def write_workbook(
    path: Path,
    save: Callable[[BinaryIO], None],
    *,
    force: bool = False,
    finish: Callable[[bytes], bytes] | None = None,
) -> Path:
    """Save a workbook reproducibly and atomically; ``save`` writes it to a stream,
    ``finish`` (when given) changes the archive before it is written."""
    buffer = io.BytesIO()
    save(buffer)
    data = buffer.getvalue()
    payload = reproducible_zip(finish(data) if finish else data)
    return atomic_write(path, lambda out: out.write(payload), force=force)


#: The document timestamps written into every workbook roi_xl generates.
DOCUMENT_TIME = datetime.datetime(2026, 1, 1)


def save_workbook(
    workbook: Workbook,
    path: Path,
    *,
    force: bool = False,
    finish: Callable[[bytes], bytes] | None = None,
) -> Path:
    """Save an openpyxl workbook: same bytes for the same content, atomically.

    openpyxl's own ``save`` stamps the document with the current time; this
    writes the fixed :data:`DOCUMENT_TIME` instead and fixes the zip entry times.
    """
    workbook.properties.creator = "roi_xl"
    workbook.properties.lastModifiedBy = "roi_xl"
    workbook.properties.created = DOCUMENT_TIME
    workbook.properties.modified = DOCUMENT_TIME
    return write_workbook(path, _writer(workbook), force=force, finish=finish)


def save_changed_copy(
    workbook: Workbook, path: Path, *, changed_by: str, force: bool = False
) -> Path:
    """Save a user's workbook that a command changed (``roi-xl track``, ``simulate``),
    atomically: it says who changed it and when, and keeps its other properties."""
    workbook.properties.lastModifiedBy = changed_by
    workbook.properties.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return write_workbook(path, _writer(workbook), force=force)


def _writer(workbook: Workbook) -> Callable[[BinaryIO], None]:
    """openpyxl's own writer of ``workbook`` into a stream (its ``save`` takes a file name)."""

    def save(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()

    return save


def input_file(path: Path) -> Path:
    """``path`` if it is a file to read, else a one-line error saying what it is."""
    path = Path(path)
    if path.is_dir():
        raise InputFileError(f"{path} is a folder, not a file")
    if not path.exists():
        raise InputFileError(f"{path} does not exist")
    if not path.is_file():
        raise InputFileError(f"{path} is not a regular file")
    return path


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file (through links too, when both exist)."""
    a, b = Path(a), Path(b)
    if a.exists() and b.exists():
        return a.samefile(b)
    return a.resolve() == b.resolve()


def check_xlsx(
    path: Path, *, max_part: int = MAX_XLSX_PART, max_ratio: float | None = MAX_XLSX_RATIO
) -> Path:
    """Refuse an ``.xlsx`` input that is not a workbook or is too large to read.

    Looks only at the zip directory (nothing is decompressed): an encrypted
    workbook, an old ``.xls``, a file that is not a zip archive, and a part
    larger than ``max_part`` bytes uncompressed, a part above :data:`RATIO_FLOOR`
    compressed more than ``max_ratio`` times (a zip bomb; ``None``: no limit), and
    a zip archive that is not an Office Open XML package (an OpenDocument ``.ods``
    renamed ``.xlsx``: LibreOffice would open it as what it is) are each refused
    with a one-line :class:`InputFileError`.
    """
    path = input_file(path)
    with path.open("rb") as handle:
        start = handle.read(len(OLE2_MAGIC))
    if start == OLE2_MAGIC:
        raise InputFileError(
            f"{path.name} is encrypted (password-protected) or an old .xls file: "
            "open it in Excel and save it as an .xlsx workbook without a password"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputFileError(
            f"{path.name} cannot be read: it is not an .xlsx workbook (not a zip archive)"
        ) from None
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        kind = (
            "an OpenDocument spreadsheet (.ods) with another name"
            if "mimetype" in names or "META-INF/manifest.xml" in names
            else "a zip archive without [Content_Types].xml"
        )
        raise InputFileError(
            f"{path.name} is not an Excel workbook: it is {kind}; "
            "open it and save it as an .xlsx workbook"
        )
    for part in parts:
        if part.file_size > max_part:
            raise InputFileError(
                f"{path.name} is too large to read: its part {part.filename[:60]} holds "
                f"{part.file_size / 1024**2:,.0f} MiB uncompressed (the limit is "
                f"{max_part / 1024**2:,.0f} MiB)"
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if max_ratio is not None and part.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise InputFileError(
                f"{path.name}: part {part.filename[:60]} is compressed {ratio:,.0f} times "
                f"(more than {max_ratio:,.0f}; a possible zip bomb); refused"
            )
    return path


def xlsx_error(path: Path, exc: BaseException) -> InputFileError:
    """One line for what openpyxl or the XML parser raised while reading ``path``."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, DefusedXmlException) or isinstance(cause, DefusedXmlException):
        return InputFileError(
            f"{Path(path).name} was refused: its XML declares entities or a DTD "
            "(a possible XML bomb or external entity)"
        )
    detail = " ".join(str(exc).split())[:120]
    return InputFileError(
        f"{Path(path).name} cannot be read as an .xlsx workbook ({type(exc).__name__}): {detail}"
    )


def open_workbook(path: Path) -> Workbook:
    """A workbook roi_xl reads and changes (formulas kept), after :func:`check_xlsx`."""
    check_xlsx(path)
    try:
        with path.open("rb") as handle:  # closed even when openpyxl fails half-way
            return load_workbook(handle, keep_links=True)
    except XLSX_READ_ERRORS as exc:
        raise xlsx_error(path, exc) from None

"""A workbook on paper: the PDF LibreOffice prints of it, and a PNG of its first page.

``roi-xl pdf`` and ``roi-xl demo`` both go through :func:`print_pdfs`: each
workbook is printed by headless LibreOffice (:func:`roi_xl.office.recalc.convert`,
with its time limit) using the print setup stored in the workbook, then the
PDF (and, when asked, a PNG of its first page by ``pdftoppm``) is written
atomically, never over an existing file without ``force``.

Printing some sheets only: LibreOffice prints every visible sheet, and a
hidden one that has a print area. So a temporary copy of the workbook is
printed in which the other sheets are hidden and their print areas and print
titles removed. The copy is made by editing the workbook part
(``xl/workbook.xml``) inside the zip and copying every other part byte for
byte, so charts, images and everything openpyxl would drop on a load and
save survive.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree
from openpyxl import load_workbook

from ..io.files import (
    XLSX_READ_ERRORS,
    InputFileError,
    atomic_write,
    check_output,
    check_xlsx,
    same_file,
    xlsx_error,
)
from .recalc import LibreOfficeError, convert

#: Resolution of the PNG of a first page, in dots per inch.
PNG_RESOLUTION = 110
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*?/?>")
_DEFINED_NAME = re.compile(
    r"<(?P<prefix>\w+:)?definedName\b(?P<attrs>[^>]*)>.*?</(?P=prefix)?definedName>", re.S
)
_NO_PDFTOPPM = "pdftoppm is not installed; install it with: apt-get install poppler-utils"
_PRINT_NAMES = ("_xlnm.Print_Area", "_xlnm.Print_Titles")


@dataclass(frozen=True)
class PrintJob:
    """One PDF to print: ``workbook``'s ``sheets`` into ``pdf`` (when empty: the sheets
    for the reader, :func:`reader_sheets`).

    ``png``: also a PNG of the PDF's first page there.
    """

    workbook: Path
    pdf: Path
    sheets: Sequence[str] = ()
    png: Path | None = None


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}\s*=\s*(["\'])(.*?)\1', tag, re.S)
    return html.unescape(found.group(2)) if found else None


def _set_attribute(tag: str, name: str, value: str | None) -> str:
    """``tag`` with attribute ``name`` set to ``value`` (removed when ``None``)."""
    tag = re.sub(rf'\s{name}\s*=\s*(["\']).*?\1', "", tag, flags=re.S)
    if value is None:
        return tag
    end = "/>" if tag.endswith("/>") else ">"
    return f'{tag[: -len(end)].rstrip()} {name}="{value}"{end}'


def _workbook_part(archive: zipfile.ZipFile, name: str) -> str:
    """The path of the workbook part inside the package (usually ``xl/workbook.xml``)."""
    try:
        rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    except KeyError:
        raise InputFileError(
            f"{name} is not an Excel workbook (no package relationships)"
        ) from None
    for rel in rels.iter(f"{{{_RELATIONSHIPS}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return str(PurePosixPath(rel.get("Target", "").lstrip("/")))
    raise InputFileError(f"{name} is not an Excel workbook (no workbook part)")


def sheet_names(path: Path) -> list[str]:
    """The names of the sheets of the workbook at ``path``, in workbook order."""
    path = check_xlsx(Path(path))
    try:
        with zipfile.ZipFile(path) as archive:
            part = _workbook_part(archive, path.name)
            if part not in archive.namelist():
                raise InputFileError(f"{path.name} is not an Excel workbook (no {part})")
            root = ElementTree.fromstring(archive.read(part))
    except InputFileError:
        raise
    except XLSX_READ_ERRORS as exc:
        raise xlsx_error(path, exc) from None
    if root.tag != f"{{{_MAIN}}}workbook":
        raise InputFileError(f"{path.name} is not an Excel workbook (a document of another kind)")
    return [sheet.get("name", "") for sheet in root.iter(f"{{{_MAIN}}}sheet")]


def choose_sheets(path: Path, wanted: Sequence[str]) -> list[str]:
    """The workbook's names of the sheets ``wanted`` (matched case-insensitively).

    Raises :class:`InputFileError` naming the first unknown sheet and the sheets there are.
    """
    names = sheet_names(path)
    by_key = {name.casefold(): name for name in names}
    chosen = []
    for name in wanted:
        found = by_key.get(name.strip().casefold())
        if found is None:
            raise InputFileError(
                f"{Path(path).name} has no sheet {name.strip()!r}; its sheets: {', '.join(names)}"
            )
        if found not in chosen:
            chosen.append(found)
    if not chosen:
        raise InputFileError("--sheets names no sheet")
    return chosen


#: Sheets of roi_xl's workbooks that are for the person filling them in, not for the reader
#: of the printout: the user manual and the dropdown lists. Printed only when asked for.
NOT_FOR_THE_READER = ("Start Here", "Lists")
#: A sheet printed only when its table holds data: (sheet, table).
PRINTED_WHEN_FILLED = (("Attribution", "TouchLog"),)


def _table_is_empty(sheet: Any, table: str) -> bool:
    """True when ``table`` on ``sheet`` has no typed value below its header (formulas
    beside the data do not count)."""
    found = sheet.tables.get(table)
    if found is None:
        return False
    for row in sheet[found.ref][1:]:
        for cell in row:
            if cell.value not in (None, "") and cell.data_type != "f":
                return False
    return True


def reader_sheets(path: Path) -> list[str]:
    """The sheets a printout of the workbook at ``path`` shows by default: the visible
    ones but :data:`NOT_FOR_THE_READER`, and a sheet of :data:`PRINTED_WHEN_FILLED` left
    empty. (For a roi_xl business case the Summary is then page 1.)"""
    names = sheet_names(path)  # checks the file and says what is wrong with it
    workbook = load_workbook(path, keep_links=False)
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    skip = set(NOT_FOR_THE_READER)
    for sheet, table in PRINTED_WHEN_FILLED:
        if sheet in visible and _table_is_empty(workbook[sheet], table):
            skip.add(sheet)
    kept = [name for name in names if name in visible and name not in skip]
    return kept or names


def _only_sheets(text: str, keep: Sequence[str]) -> str:
    """The workbook XML ``text`` with every sheet but ``keep`` hidden and unprintable."""
    tags = list(_SHEET_TAG.finditer(text))
    names = [_attribute(m.group(0), "name") for m in tags]
    hidden = {i for i, name in enumerate(names) if name not in keep}
    parts, last = [], 0
    for index, match in enumerate(tags):
        state = "hidden" if index in hidden else None
        parts += [text[last : match.start()], _set_attribute(match.group(0), "state", state)]
        last = match.end()
    text = "".join([*parts, text[last:]])

    def printing(match: re.Match[str]) -> str:
        attrs = match.group("attrs")
        local = _attribute(attrs, "localSheetId")
        if _attribute(attrs, "name") in _PRINT_NAMES and local and int(local) in hidden:
            return ""  # LibreOffice prints a hidden sheet that has a print area
        return match.group(0)

    text = _DEFINED_NAME.sub(printing, text)
    first = min(set(range(len(names))) - hidden)
    return re.sub(
        r"<(?:\w+:)?workbookView\b[^>]*?/?>",
        lambda m: _set_attribute(
            _set_attribute(m.group(0), "firstSheet", None), "activeTab", str(first)
        ),
        text,
    )


def copy_with_sheets(path: Path, keep: Sequence[str], target: Path) -> Path:
    """A copy of the workbook at ``path`` at ``target`` that prints only the sheets ``keep``.

    Every part but the workbook part is copied byte for byte (charts survive).
    """
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        part = _workbook_part(source, Path(path).name)
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = _only_sheets(data.decode("utf-8"), keep).encode("utf-8")
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def first_page_png(pdf: Path, target: Path, resolution: int = PNG_RESOLUTION) -> Path:
    """The first page of ``pdf`` as a PNG at ``target`` (by ``pdftoppm`` of poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise LibreOfficeError(_NO_PDFTOPPM)
    stem = target.with_suffix("")
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
        capture_output=True,
    )
    return stem.with_suffix(".png")


def print_pdfs(
    jobs: Sequence[PrintJob], *, force: bool = False, timeout: float | None = None
) -> list[Path]:
    """Print every job in one LibreOffice start; returns the files written (PDFs, PNGs).

    Every output is checked first: an existing one without ``force``, or one that
    is a job's own workbook, stops the run before anything is printed.
    """
    for job in jobs:
        if job.png is not None and same_file(job.pdf, job.png):
            raise InputFileError(
                f"the PDF and the PNG would both be {job.pdf}: give --png another file name"
            )
        for target in filter(None, (job.pdf, job.png)):
            if same_file(target, job.workbook):
                raise InputFileError(
                    f"{target} is the workbook itself: choose another output "
                    "(never overwritten, even with --force)"
                )
            check_output(target, force=force)
            if not target.parent.is_dir():
                raise FileNotFoundError(f"folder {target.parent} does not exist")
    if any(job.png for job in jobs) and not shutil.which("pdftoppm"):
        raise LibreOfficeError(_NO_PDFTOPPM)
    chosen = [
        choose_sheets(job.workbook, job.sheets or reader_sheets(job.workbook)) for job in jobs
    ]
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="roi-xl-pdf-") as work:
        folder = Path(work)
        sources = []
        for index, (job, keep) in enumerate(zip(jobs, chosen, strict=True)):
            source = folder / f"print-{index}{job.workbook.suffix.lower() or '.xlsx'}"
            if keep != sheet_names(job.workbook):
                copy_with_sheets(job.workbook, keep, source)
            else:
                shutil.copyfile(job.workbook, source)
            sources.append(source)
        pdfs = convert(sources, folder / "pdf", "pdf", timeout=timeout)
        for job, pdf in zip(jobs, pdfs, strict=True):
            written.append(
                atomic_write(job.pdf, lambda f, p=pdf: f.write(p.read_bytes()), force=force)
            )
            if job.png is not None:
                png = first_page_png(pdf, folder / f"{pdf.stem}.png")
                written.append(
                    atomic_write(job.png, lambda f, p=png: f.write(p.read_bytes()), force=force)
                )
    return written

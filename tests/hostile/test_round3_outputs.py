"""Outputs and the workbooks ``pdf`` and ``recalc`` read (issue 23).

Repros: item 6 (``-o /dev/full --force``, and any device file or FIFO, was
replaced by a regular file; without ``--force`` the message said "exists"),
and the smaller items: ``pdf -o X --png X --force`` wrote both to one file,
``pdf``/``recalc`` had no compression-ratio check (a 429 KB file became a
25,900-page PDF) and ``recalc`` read an ODS renamed ``.xlsx`` that ``pdf``
refused.

The tests on ``/dev/null`` run as root on this machine: were the check ever
lost, the test must fail without replacing ``/dev/null`` for everyone, so
``os.replace`` is guarded to fail the test instead of touching anything
that is not a regular file.
"""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from roi_xl.cli import main
from roi_xl.io.files import OutputExistsError, OutputNotRegularError, atomic_write
from tests.hostile import files

DEVICES = ("/dev/null", "/dev/full")


@pytest.fixture(autouse=True)
def guarded_replace(monkeypatch):
    """``os.replace`` that fails the test rather than replace a device, FIFO or folder."""
    real = os.replace

    def replace(source, target, *args, **kwargs):
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            pytest.fail(f"roi-xl was about to replace {target}, which is not a regular file")
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.fixture(params=["fifo", "folder", *DEVICES])
def target(request, tmp_path):
    if request.param == "fifo":
        path = tmp_path / "out.fifo"
        os.mkfifo(path)
    elif request.param == "folder":
        path = tmp_path / "out.folder"
        path.mkdir()
    else:
        path = Path(request.param)
    kind = stat.S_IFMT(path.stat().st_mode)
    yield path
    assert stat.S_IFMT(path.stat().st_mode) == kind  # still a FIFO, a folder, a device
    if path.parent == tmp_path:
        assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file


@pytest.mark.parametrize("force", [False, True])
def test_atomic_write_replaces_only_regular_files(target, force):
    with pytest.raises(OutputNotRegularError, match="is not a regular file"):
        atomic_write(target, lambda out: out.write(b"data"), force=force)


def test_a_link_to_a_device_is_not_a_regular_file_either(tmp_path):
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputNotRegularError, match=r"\(a character device\)"):
        atomic_write(link, lambda out: out.write(b"data"), force=True)
    assert link.is_symlink() and stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_regular_file_is_still_replaced_with_force_only(tmp_path):
    path = tmp_path / "out.csv"
    path.write_bytes(b"mine")
    with pytest.raises(OutputExistsError, match="use --force"):
        atomic_write(path, lambda out: out.write(b"new"))
    atomic_write(path, lambda out: out.write(b"new"), force=True)
    assert path.read_bytes() == b"new"


def _export(tmp_path) -> Path:
    source = resources.files("roi_xl").joinpath("data/exports/tickets.csv")
    export = tmp_path / "tickets.csv"
    export.write_bytes(source.read_bytes())
    return export


SUFFIX = {"baseline": ".csv", "attribute": ".xlsx", "calculator": ".xlsm"}


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("kind", ["fifo", "folder", *DEVICES])
@pytest.mark.parametrize("command", sorted(SUFFIX))
def test_commands_say_not_a_regular_file_with_or_without_force(
    tmp_path, capsys, command, kind, force
):
    # an output name each command accepts: a FIFO, a folder, or a link to the device
    out = tmp_path / f"out{SUFFIX[command]}"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
    else:
        out.symlink_to(kind)
    if command == "baseline":
        arguments = ["baseline", str(_export(tmp_path)), "-o", str(out)]
    elif command == "attribute":
        touches = tmp_path / "touches.csv"
        touches.write_text("Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,10\n")
        arguments = ["attribute", str(touches), "--support-channels", "Chat", "-o", str(out)]
    else:
        arguments = ["calculator", "-o", str(out)]
    assert main([*arguments, *force]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a regular file" in err and "exists;" not in err
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _workbook(tmp_path) -> Path:
    path = tmp_path / "book.xlsx"
    path.write_bytes(files.workbook_bytes([["a", 1], ["b", 2]]))
    return path


def test_pdf_and_png_into_one_file_is_refused(tmp_path, capsys):
    book = _workbook(tmp_path)
    same = tmp_path / "X"
    assert main(["pdf", str(book), "-o", str(same), "--png", str(same), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the PDF and the PNG would both be" in err
    assert not same.exists()


def _compressible(tmp_path) -> Path:
    """A small .xlsx whose sheet holds 1,048,576 rows of one cell: XML that packs 400 times."""
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_048_576
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    )
    path = tmp_path / "pages.xlsx"
    files.replace_part(files.workbook_bytes([["a"]]), path, files.SHEET, lambda _: sheet)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(files.SHEET)
        # by hand: what the recipe needs, a part far above the 1 MiB floor, packed > 200 times
        assert info.file_size > 40 * 1024**2 and info.file_size / info.compress_size > 200
    return path


@pytest.mark.parametrize("command", ["pdf", "recalc"])
def test_a_highly_compressed_workbook_is_refused_before_libreoffice(tmp_path, capsys, command):
    path = _compressible(tmp_path)
    arguments = [command, str(path), "--timeout", "30"]
    if command == "pdf":
        arguments += ["-o", str(tmp_path / "out.pdf")]
    started = time.monotonic()
    assert main(arguments) == 2
    assert time.monotonic() - started < 5  # refused from the zip directory, not printed
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a possible zip bomb" in err
    assert not (tmp_path / "out.pdf").exists()


def _ods(path: Path) -> Path:
    """A minimal OpenDocument spreadsheet (the mimetype first and stored, as ODF requires)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
            '"text/xml"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
            'xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet>'
            '<table:table table:name="S"><table:table-row><table:table-cell/></table:table-row>'
            "</table:table></office:spreadsheet></office:body></office:document-content>",
        )
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("command", ["recalc", "pdf"])
def test_an_ods_renamed_xlsx_is_refused_by_recalc_as_by_pdf(tmp_path, capsys, command):
    path = _ods(tmp_path / "sheet.xlsx")
    arguments = [command, str(path), "--timeout", "60"]
    if command == "pdf":
        arguments += ["-o", str(tmp_path / "out.pdf")]
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "an OpenDocument spreadsheet (.ods)" in err

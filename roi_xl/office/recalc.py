"""Headless recalculation in LibreOffice, and reading the results back by defined name.

There is no Excel on a server or in CI, so a workbook is proved by opening it
in a real spreadsheet engine: ``soffice --headless --convert-to`` loads each
file, recalculates every formula and writes the result. Each run gets its own
throw-away LibreOffice profile (parallel runs do not collide) configured to
recalculate on load, a timeout, and a clear error when LibreOffice is missing
or fails. Many workbooks are converted by one LibreOffice start.

LibreOffice runs in a session of its own; on a timeout, an exception, Ctrl-C
or SIGTERM (raised as an exception by :mod:`roi_xl.io.interrupts`) its whole
process group is killed and its temporary profile and output folders are
removed. The time limit is ``timeout`` when given, else the environment
variable :data:`TIMEOUT_VARIABLE`, else :data:`DEFAULT_TIMEOUT` seconds.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..workbooks.checks import CAPACITY, FIRST_CHECK

INSTALL_HINT = "install it with: apt-get install libreoffice-calc-nogui"
DEFAULT_TIMEOUT = 300.0
#: The environment variable that sets the LibreOffice time limit, in seconds.
TIMEOUT_VARIABLE = "ROI_XL_LIBREOFFICE_TIMEOUT"

# Recalculate every formula when a file is loaded (the default trusts cached values).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "pdf": "pdf:calc_pdf_Export",
    "png": "png:calc_png_Export",
}


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed, or timed out."""


def time_limit(timeout: float | None = None) -> float:
    """The LibreOffice time limit: ``timeout``, else ``$ROI_XL_LIBREOFFICE_TIMEOUT``, else 300 s."""
    if timeout is None:
        text = os.environ.get(TIMEOUT_VARIABLE, "").strip()
        if not text:
            return DEFAULT_TIMEOUT
        try:
            timeout = float(text)
        except ValueError:
            raise LibreOfficeError(
                f"{TIMEOUT_VARIABLE}={text[:20]!r} is not a number of seconds"
            ) from None
    if not (timeout > 0 and math.isfinite(timeout)):
        raise LibreOfficeError(f"the LibreOffice time limit must be more than 0 s; got {timeout}")
    return timeout


def _kill(process: subprocess.Popen[str] | None) -> None:
    """Kill LibreOffice's whole process group (the soffice script, oosplash, soffice.bin)."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def find_soffice() -> str:
    """The LibreOffice executable, or :class:`LibreOfficeError` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(f"LibreOffice (soffice) is not installed; {INSTALL_HINT}")


def convert(
    paths: Sequence[Path], out_dir: Path, to: str = "xlsx", *, timeout: float | None = None
) -> list[Path]:
    """Open ``paths`` in one headless LibreOffice, recalculate, and save them into ``out_dir``.

    ``to`` is ``"xlsx"`` (recalculated workbook), ``"pdf"`` or ``"png"``. Returns the
    written files, in the order of ``paths``. File names must be unique.
    ``timeout`` in seconds: see :func:`time_limit`.
    """
    timeout = time_limit(timeout)
    paths = [Path(p).resolve() for p in paths]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise ValueError("the files to convert must have different names")
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist")
    soffice = find_soffice()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="roi-xl-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        # LibreOffice's own temporary files go inside the profile folder, so that
        # they are removed with it even when LibreOffice is killed.
        (Path(profile) / "tmp").mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            FILTERS[to],
            "--outdir",
            str(out_dir),
            *map(str, paths),
        ]
        # A session of its own, so that on a timeout or an interrupt the whole tree
        # (the soffice script, oosplash, soffice.bin) is stopped, not just the first process.
        process = None
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
                env={**os.environ, "HOME": profile, "TMPDIR": str(Path(profile) / "tmp")},
            )
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise LibreOfficeError(
                f"LibreOffice took longer than {timeout:g} s (--timeout or "
                f"{TIMEOUT_VARIABLE} sets the limit)"
            ) from None
        except BaseException:  # Ctrl-C, SIGTERM, anything: LibreOffice must not outlive us
            if process is not None:
                _kill(process)
            raise
    outputs = [out_dir / f"{p.stem}.{to}" for p in paths]
    missing = [p.name for p in outputs if not p.exists()]
    if process.returncode != 0 or missing:
        detail = (stderr.strip().splitlines() or ["no message"])[-1]
        raise LibreOfficeError(
            f"LibreOffice could not convert {', '.join(missing) or 'the files'}: {detail}"
        )
    return outputs


def _names(workbook: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, defined in workbook.defined_names.items():
        for sheet, ref in defined.destinations:
            if sheet not in workbook.sheetnames or not ref:  # a deleted sheet or cell (#REF!)
                continue
            cells = workbook[sheet][ref.replace("$", "")]
            if isinstance(cells, tuple):
                values[name] = tuple(tuple(cell.value for cell in row) for row in cells)
            else:
                values[name] = cells.value
    return values


def read_names(path: Path) -> dict[str, Any]:
    """The value of every defined name of a recalculated workbook.

    A single cell gives its value, a range a tuple of rows (tuples of values).
    An error value is its text (``"#DIV/0!"``); an empty cell is ``None``.
    """
    return _names(load_workbook(path, data_only=True, read_only=False))


def _failing_checks(workbook: Any) -> list[str]:
    """What each failing row of the Checks sheet checks, with its status (FAIL, warning)."""
    if "Checks" not in workbook.sheetnames:
        return []
    sheet = workbook["Checks"]
    failing = []
    for row in range(FIRST_CHECK, FIRST_CHECK + CAPACITY):
        what, status, flag = (sheet[f"{c}{row}"].value for c in "ACD")
        if what is not None and flag not in (0, None):
            failing.append(f"{what} ({status})")
    return failing


def recalculate_case(
    path: Path, *, timeout: float | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Recalculate one business case: its defined names and its failing model checks.

    The checks are the rows of the Checks sheet whose flag is not 0 (what each
    checks and its status), in the sheet's order; none for a workbook without one.
    """
    with tempfile.TemporaryDirectory(prefix="roi-xl-recalc-") as out:
        (done,) = convert([path], Path(out), timeout=timeout)
        return read_case(done)


def read_case(path: Path) -> tuple[dict[str, Any], list[str]]:
    """A computed business case's defined names and failing model checks, from the
    values it carries (see :func:`recalculate_case`)."""
    workbook = load_workbook(path, data_only=True, read_only=False)
    return _names(workbook), _failing_checks(workbook)


def recalculate(paths: Sequence[Path], *, timeout: float | None = None) -> list[dict[str, Any]]:
    """Recalculate workbooks in one LibreOffice start and read back their defined names."""
    with tempfile.TemporaryDirectory(prefix="roi-xl-recalc-") as out:
        return [read_names(p) for p in convert(paths, Path(out), timeout=timeout)]

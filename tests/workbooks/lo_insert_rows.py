"""Insert rows inside a table of a protected sheet, as a user would, in headless LibreOffice.

Run with a Python that has LibreOffice's UNO bridge (Debian: ``python3-uno``, so
``/usr/bin/python3``), not the project's virtual environment::

    /usr/bin/python3 lo_insert_rows.py IN.xlsx OUT.xlsx PLAN.json

``PLAN.json`` lists edits: ``{"insert": [sheet, row, count]}`` inserts ``count``
whole rows before 1-based ``row``; ``{"set": [sheet, "D9", value]}`` types a
value. The sheets stay protected (the script fails if an edit needs them
unprotected). Then every formula is recalculated and the workbook saved as
.xlsx. No macro is involved: the UNO API is driven from outside.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _connect(pipe: str, deadline: float):  # type: ignore[no-untyped-def]
    import uno  # LibreOffice's bridge: only in a Python that has it

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def _property(name: str, value: object):  # type: ignore[no-untyped-def]
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main(source: str, target: str, plan_file: str) -> int:
    import uno

    plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="roi-xl-uno-") as profile:
        pipe = f"roi_xl_{os.getpid()}"
        office = subprocess.Popen(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                f"--accept=pipe,name={pipe};urp;",
            ],
            env={**os.environ, "HOME": profile},
            start_new_session=True,
        )
        try:
            context = _connect(pipe, time.monotonic() + 60)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(str(Path(source).resolve())),
                "_blank",
                0,
                (_property("Hidden", True),),
            )
            if document is None:
                raise SystemExit(f"LibreOffice could not open {source}")
            try:
                _apply(document, plan, target)
            finally:
                document.close(True)
        finally:
            with contextlib.suppress(Exception):  # LibreOffice may already be gone
                desktop.terminate()  # type: ignore[possibly-undefined]
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(office.pid, 9)
    return 0


def _apply(document, plan: list, target: str) -> None:  # type: ignore[no-untyped-def]
    """Carry out the plan's edits, recalculate and save as .xlsx."""
    import uno

    sheets = document.Sheets
    for edit in plan:
        if "insert" in edit:
            name, row, count = edit["insert"]
            sheet = sheets.getByName(name)
            if not sheet.isProtected():
                raise SystemExit(f"{name} is not protected: the proof needs it protected")
            sheet.Rows.insertByIndex(row - 1, count)
        else:
            name, ref, value = edit["set"]
            cell = sheets.getByName(name).getCellRangeByName(ref)
            if isinstance(value, str):
                cell.setString(value)
            else:
                cell.setValue(value)
    protected = {name: sheets.getByName(name).isProtected() for name in sheets.ElementNames}
    document.calculateAll()
    document.storeToURL(
        uno.systemPathToFileUrl(str(Path(target).resolve())),
        (_property("FilterName", "Calc MS Excel 2007 XML"),),
    )
    print(json.dumps({"protected": protected}))


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

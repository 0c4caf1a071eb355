"""Open a CSV file in LibreOffice the way a user's spreadsheet would, formulas evaluated.

LibreOffice's CSV import takes its options as a comma-separated token list:
field separator 44 (","), text delimiter 34 ('"'), character set 76 (UTF-8),
first line 1, ..., and token 13 "evaluate formulas" set to true, so that a
field that a spreadsheet would run as a formula becomes a formula cell.
"""

import subprocess
from pathlib import Path

import openpyxl

from roi_xl.office.recalc import find_soffice

CSV_IMPORT = "CSV:44,34,76,1,,0,false,true,false,false,false,0,true"


def open_csv(path: Path, work: Path) -> list[list[openpyxl.cell.Cell]]:
    """The cells LibreOffice makes of ``path`` (saved as .xlsx and read back)."""
    profile = work / "profile"
    subprocess.run(
        [
            find_soffice(),  # LibreOfficeError when missing: the test fails, never skips
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(work),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(work / f"{path.stem}.xlsx").active
    return [list(row) for row in sheet.iter_rows()]


def formulas(cells: list[list[openpyxl.cell.Cell]]) -> list[str]:
    return [f"{c.coordinate}: {c.value!r}" for row in cells for c in row if c.data_type == "f"]

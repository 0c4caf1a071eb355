"""``roi-xl pdf``: a workbook printed to PDF by LibreOffice."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..io.files import (
    InputFileError,
    check_xlsx,
)
from ..io.terminal import printable
from ..office.printout import PrintJob, print_pdfs
from .common import FORCE, TIMEOUT, command


def add_to(commands: Any) -> None:
    """Add the ``pdf`` command to the sub-commands of ``roi-xl``."""
    pdf = command(commands, "pdf", run)
    pdf.add_argument("case", metavar="CASE.xlsx", help="a workbook (a business case, a template)")
    pdf.add_argument("-o", "--output", help="the PDF to write (default: CASE.pdf beside CASE)")
    pdf.add_argument(
        "--sheets",
        metavar="NAME,...",
        help="print only these sheets, e.g. Summary or Summary,Costs (in workbook order; "
        "default: every sheet for the reader, not Start Here, Lists or an empty Attribution)",
    )
    pdf.add_argument(
        "--png",
        nargs="?",
        const="",
        metavar="PNG",
        help="also a PNG of the first page (default name: the PDF's, .png); needs pdftoppm",
    )
    pdf.add_argument("--force", **FORCE)
    pdf.add_argument("--timeout", **TIMEOUT)


def run(args: argparse.Namespace) -> int:
    """Print a workbook (the sheets for its reader, or some) to PDF with LibreOffice."""
    case = check_xlsx(Path(args.case))
    sheets = [name for name in (args.sheets or "").split(",") if name.strip()]
    if args.sheets is not None and not sheets:
        raise InputFileError("--sheets needs sheet names, e.g. --sheets Summary,Costs")
    pdf = Path(args.output) if args.output else case.with_suffix(".pdf")
    png = None
    if args.png is not None:
        png = Path(args.png) if args.png else pdf.with_suffix(".png")
    for path in print_pdfs(
        [PrintJob(case, pdf, sheets, png)], force=args.force, timeout=args.timeout
    ):
        print(f"wrote {printable(path)}")
    return 0

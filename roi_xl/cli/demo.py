"""``roi-xl demo``: the main job on the embedded example scenario."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from ..core import (
    business_case,
    decision_outputs,
)
from ..core.examples import WORKED_EXAMPLES
from ..data.scenario import example_scenario_text, parse_scenario
from ..office.cached import cache_values
from ..office.printout import PrintJob, print_pdfs
from ..office.recalc import LibreOfficeError, find_soffice, read_names
from ..office.verify import disagreements
from ..workbooks.calculator import write_calculator
from ..workbooks.templates import write_template
from . import tracking_demo
from .common import FORCE, PAPER, TIMEOUT, command, with_paper
from .headline import checks_status, print_headline


def add_to(commands: Any) -> None:
    """Add the ``demo`` command to the sub-commands of ``roi-xl``."""
    demo = command(commands, "demo", run)
    demo.add_argument("--out", default="out", help="folder for what it writes (default: out)")
    demo.add_argument("--force", **FORCE)
    demo.add_argument("--timeout", **TIMEOUT)
    demo.add_argument("--paper", **PAPER)


def run(args: argparse.Namespace) -> int:
    """The main job on the embedded example scenario: business case, check, summary."""
    name, fill = parse_scenario(example_scenario_text())
    fill = with_paper(fill, args.paper)
    case = (fill.inputs, fill.cost_lines or (), fill.lever_settings, fill.gain_lines or ())
    core = business_case(*case)
    core.update(decision_outputs(*case, settings=fill.decisions))
    print(f"{name}\n(embedded example scenario; figures computed by roi_xl.core)\n")
    print_headline(core)
    status = checks_status(core)
    if status:
        print(f"\n{status[0]}")
    agreeing = sum(e.agrees(e.compute()) for e in WORKED_EXAMPLES)
    print(
        f"\nWorked examples of FORMULAS.md reproduced: {agreeing} of {len(WORKED_EXAMPLES)}"
        " (roi-xl examples lists them)"
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    case = write_template(
        "roi_business_case", out / "roi_business_case.xlsx", fill, force=args.force
    )
    print(f"\nwrote {case}")
    calculator = write_calculator(out / "roi_calculator.xlsm", force=args.force)
    print(f"wrote {calculator}")
    try:
        find_soffice()
    except LibreOfficeError as exc:
        print(
            f"\n{exc}: skipped the LibreOffice check, the values of the formulas in the "
            "workbooks, the PDF and the PNG"
        )
        return 0 if agreeing == len(WORKED_EXAMPLES) else 1
    # imported here: xlwings (under the CS_ functions) is loaded only when needed
    from ..excel.evaluate import python_values

    cache_values([case, calculator], timeout=args.timeout, more=python_values)
    recalculated = read_names(case)  # the values LibreOffice computed, now cached in the case
    problems = disagreements(recalculated, core)
    if problems:
        print("\nLibreOffice DISAGREES with the core:", *problems, sep="\n  ")
        return 1
    print(
        f"\nLibreOffice recalculated {case.name}: all {len(core)} named outputs agree with the "
        "core, and the workbooks carry the values of their formulas"
    )
    status = checks_status(recalculated)
    if status:
        print(f"Checks sheet after recalculation: {status[0]}")
    if not shutil.which("pdftoppm"):
        print("pdftoppm not found: no PNG of the summary (apt-get install poppler-utils)")
    jobs = [
        PrintJob(case, out / "roi_business_case.pdf"),
        PrintJob(
            case,
            out / "executive_summary.pdf",
            ("Summary",),
            out / "executive_summary.png" if shutil.which("pdftoppm") else None,
        ),
    ]
    for path in print_pdfs(jobs, force=args.force, timeout=args.timeout):
        print(f"wrote {path}")
    print("\nMeasure, then track:")
    print("\n".join(tracking_demo.run(fill, out, force=args.force, timeout=args.timeout)))
    return 0 if agreeing == len(WORKED_EXAMPLES) else 1

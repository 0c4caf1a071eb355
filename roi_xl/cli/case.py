"""``roi-xl case``: a filled business case from a scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..data.scenario import ScenarioError, load_scenario
from ..io.files import (
    input_file,
)
from ..io.terminal import printable
from ..workbooks.templates import write_template
from .common import FORCE, PAPER, TIMEOUT, cache_formula_values, command, with_paper


def add_to(commands: Any) -> None:
    """Add the ``case`` command to the sub-commands of ``roi-xl``."""
    case = command(commands, "case", run)
    case.add_argument("scenario", metavar="SCENARIO.toml", help="scenario file (see docs/cli.md)")
    case.add_argument("-o", "--output", help="workbook to write (default: SCENARIO.xlsx)")
    case.add_argument("--force", **FORCE)
    case.add_argument("--paper", **PAPER)
    case.add_argument("--timeout", **TIMEOUT)


def run(args: argparse.Namespace) -> int:
    """Build a filled business case from a scenario file (TOML)."""
    scenario = input_file(Path(args.scenario))
    try:
        _, fill = load_scenario(scenario)
    except ScenarioError as exc:
        raise ScenarioError(f"{scenario}: {exc}") from None
    fill = with_paper(fill, args.paper)
    output = Path(args.output) if args.output else Path(f"{scenario.stem}.xlsx")
    written = write_template("roi_business_case", output, fill, force=args.force)
    cache_formula_values([written], args.timeout)
    print(f"wrote {printable(written)}")
    return 0

"""``roi-xl templates``: the blank template workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..workbooks.printing import DEFAULT_PAPER
from ..workbooks.templates import write_templates
from .common import FORCE, PAPER, TIMEOUT, cache_formula_values, command


def add_to(commands: Any) -> None:
    """Add the ``templates`` command to the sub-commands of ``roi-xl``."""
    templates = command(commands, "templates", run)
    templates.add_argument("--out", default="templates", help="folder (default: templates)")
    templates.add_argument("--force", **FORCE)
    templates.add_argument("--paper", **PAPER)
    templates.add_argument("--timeout", **TIMEOUT)


def run(args: argparse.Namespace) -> int:
    """Write the blank template workbooks (the four of the business case and value tracking)."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = write_templates(out, force=args.force, paper=args.paper or DEFAULT_PAPER)
    cache_formula_values(written, args.timeout)
    for path in written:
        print(f"wrote {path}")
    return 0

"""``roi-xl examples``: the worked examples of FORMULAS.md beside the core's answers."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.examples import WORKED_EXAMPLES
from .common import command


def add_to(commands: Any) -> None:
    """Add the ``examples`` command to the sub-commands of ``roi-xl``."""
    command(commands, "examples", run)


def run(args: argparse.Namespace) -> int:
    """Print the worked examples of FORMULAS.md beside the core's answers."""
    print(f"{'example':<66} {'roi_xl':>14} {'published':>14}  ok")
    failures = 0
    for example in WORKED_EXAMPLES:
        value = example.compute()
        ok = example.agrees(value)
        failures += not ok
        shown = f"{value:.1%}" if example.percent else f"{value:,.2f}"
        published = f"{example.published:.1%}" if example.percent else f"{example.published:,.2f}"
        published = ("≈ " if example.tolerance else "") + published
        print(f"{example.label:<66} {shown:>14} {published:>14}  {'yes' if ok else 'NO'}")
    return 1 if failures else 0

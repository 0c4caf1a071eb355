"""``roi-xl simulate``: Monte Carlo 3-year ROI of a filled business case."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..io.terminal import printable
from ..office.simulate import simulate_file
from .common import FORCE, TIMEOUT, cache_formula_values, command


def add_to(commands: Any) -> None:
    """Add the ``simulate`` command to the sub-commands of ``roi-xl``."""
    simulate = command(commands, "simulate", run)
    simulate.add_argument("case", metavar="CASE.xlsx", help="a filled business case")
    simulate.add_argument(
        "--trials", type=int, default=100_000, help="number of trials (default: 100000)"
    )
    simulate.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    simulate.add_argument(
        "-o", "--output", help="the copy to write (default: CASE-simulation.xlsx beside CASE)"
    )
    simulate.add_argument("--force", **FORCE)
    simulate.add_argument("--timeout", **TIMEOUT)


def run(args: argparse.Namespace) -> int:
    """Monte Carlo 3-year ROI of a filled business case, from its Scenarios sheet."""
    case = Path(args.case)
    output = Path(args.output) if args.output else case.with_name(f"{case.stem}-simulation.xlsx")
    result, expected = simulate_file(
        case, output, trials=args.trials, seed=args.seed, force=args.force, timeout=args.timeout
    )
    print(f"{result.trials:,} trials, seed {result.seed}: 3-year ROI")
    for label, value in (
        ("P10", result.p10),
        ("P50", result.p50),
        ("P90", result.p90),
        ("mean", result.mean),
    ):
        print(f"  {label:<6}{value:>10.1%}")
    print(f"  probability of ROI below 0: {result.prob_negative:.1%}")
    if isinstance(expected, int | float):
        print(f"  expected scenario without uncertainty: {expected:.1%}")
    cache_formula_values([output], args.timeout)  # the copy opens with figures, not blanks
    print(f"wrote {printable(output)}")
    return 0

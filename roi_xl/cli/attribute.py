"""``roi-xl attribute``: a touch export's revenue credited to its touches and channels."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..core import (
    ATTRIBUTION_MODELS,
    attribution_by_channel,
    attribution_credit,
)
from ..data.touchlog import (
    DECIMALS,
    DEFAULT_COLUMNS,
    TouchLogError,
    channel_sums,
    check_finite_results,
    check_output,
    read_touch_log,
    write_results,
)
from ..io.files import (
    InputFileError,
    input_file,
    same_file,
)
from ..io.terminal import printable
from .common import FORCE, command


def add_to(commands: Any) -> None:
    """Add the ``attribute`` command to the sub-commands of ``roi-xl``."""
    attribute = command(commands, "attribute", run)
    attribute.add_argument("touches", metavar="TOUCHES", help="touch export (.csv or .xlsx)")
    attribute.add_argument(
        "--model",
        default="linear",
        choices=ATTRIBUTION_MODELS,
        help="attribution model (default: linear)",
    )
    attribute.add_argument(
        "--support-channels",
        required=True,
        help='channels that count as support, e.g. "Chat,Phone,Email"',
    )
    for key, header in DEFAULT_COLUMNS.items():
        attribute.add_argument(
            f"--{key}-col", default=header, help=f"header of the {key} column (default: {header})"
        )
    attribute.add_argument(
        "--half-life-days",
        type=float,
        default=7.0,
        help="time_decay half-life in days (default: 7)",
    )
    attribute.add_argument(
        "--first-weight", type=float, default=0.4, help="position: first-touch share (default: 0.4)"
    )
    attribute.add_argument(
        "--last-weight", type=float, default=0.4, help="position: last-touch share (default: 0.4)"
    )
    attribute.add_argument(
        "--decimal",
        default=".",
        choices=DECIMALS,
        help="decimal separator of numbers written as text (default: .); with . a comma "
        "in a number is refused",
    )
    attribute.add_argument("-o", "--output", help="credits per row and by channel (.csv/.xlsx)")
    attribute.add_argument("--force", **FORCE)


def _exact_sum(values: Any) -> float:
    """The correctly rounded sum (any order of many rows gives the same cents); inf on overflow."""
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf


def run(args: argparse.Namespace) -> int:
    """Attribute a touch export's revenue to its touches and channels."""
    path = input_file(Path(args.touches))
    support = [c.strip() for c in args.support_channels.split(",") if c.strip()]
    if not support:
        raise TouchLogError("--support-channels needs at least one channel name")
    if args.output:  # refuse an existing output before reading the input, not after
        for target in check_output(Path(args.output), force=args.force):
            if same_file(target, path):
                raise InputFileError(
                    f"{target} is the touch export itself: choose another -o (never "
                    "overwritten, even with --force)"
                )
    log = read_touch_log(
        path,
        {
            "journey": args.journey_col,
            "time": args.time_col,
            "channel": args.channel_col,
            "value": args.value_col,
        },
        decimal=args.decimal,
    )
    settings = (args.model, args.half_life_days, args.first_weight, args.last_weight)
    wanted = {c.lower() for c in support}
    chosen = np.array([c.strip().lower() in wanted for c in log.channel_names], dtype=bool)
    is_support = chosen[log.channel_index]
    credits = None
    if args.model != "markov":
        credits = attribution_credit(log.journeys, log.times, log.values, *settings)
        summary = channel_sums(log.channel_names, log.channel_index, credits)
        revenue = _exact_sum(credits[is_support].tolist())
    else:
        channels = log.channels
        summary = attribution_by_channel(log.journeys, log.times, channels, log.values, *settings)
        revenue = _exact_sum(v for channel, v in summary if channel.strip().lower() in wanted)
    check_finite_results(summary, revenue)
    print(f"{'channel':<24}{'credited value':>18}")
    for channel, value in summary:
        print(f"{printable(channel[:24]):<24}{value:>18,.2f}")
    shown = printable(", ".join(support))
    print(f"\nSupport-attributed revenue ({shown}; {args.model}): {revenue:,.2f}")
    if args.output:

        def replaced(count: int) -> None:
            print(
                f"roi-xl: note: {count:,} control characters (such as ESC) cannot be stored in "
                "an .xlsx cell; they are written as visible symbols (ESC as \u241b)",
                file=sys.stderr,
            )

        for written in write_results(
            Path(args.output),
            log,
            credits,
            is_support,
            summary,
            force=args.force,
            replaced=replaced,
        ):
            print(f"wrote {printable(written)}")
    return 0

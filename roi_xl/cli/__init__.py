"""``roi-xl``: the command line.

Exit codes: 0 on success; 1 when a check finds a disagreement; 2 with a
one-line message on bad input, a missing tool or a file that would be
overwritten without ``--force``; 130 after Ctrl-C and 143 after SIGTERM, with
one line and nothing left behind (:mod:`roi_xl.io.interrupts`). Never a
traceback for a user's mistake. Text from files is printed with its control
characters escaped (:mod:`roi_xl.io.terminal`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from .. import __version__
from ..core import (
    ATTRIBUTION_MODELS,
    RoiInputError,
    attribution_by_channel,
    attribution_credit,
    business_case,
    decision_outputs,
)
from ..core.examples import WORKED_EXAMPLES
from ..data.baseline import as_json, compute_baseline, table, write_output
from ..data.reader import ExportError
from ..data.scenario import ScenarioError, example_scenario_text, load_scenario, parse_scenario
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
from ..data.track import TrackError, summary_lines, track_file
from ..io.cell_text import CellTextError
from ..io.files import (
    InputFileError,
    OutputExistsError,
    check_xlsx,
    input_file,
    same_file,
)
from ..io.interrupts import Interrupted, handling_signals
from ..io.terminal import printable
from ..office.printout import PrintJob, print_pdfs
from ..office.recalc import TIMEOUT_VARIABLE, LibreOfficeError, find_soffice, recalculate
from ..office.simulate import SimulationError, simulate_file
from ..office.verify import as_sheet_value, disagreements
from ..workbooks.calculator import write_calculator
from ..workbooks.printing import DEFAULT_PAPER, PAPER_SIZES, paper_code
from ..workbooks.templates import Fill, write_template, write_templates
from . import tracking_demo

HEADLINE = (
    ("3-year ROI", "ROI_3yr", "percent"),
    ("ROI, year 1", "ROI_Year1", "percent"),
    ("Net value, 3 years", "Net_Value_3yr", "money"),
    ("Payback", "Payback_Months", "months"),
    ("Discounted payback", "Discounted_Payback_Months", "months"),
    ("NPV, 3 years", "NPV_3yr", "money"),
    ("IRR, 3 years", "IRR_3yr", "percent"),
    ("TEI ROI (discounted)", "ROI_TEI", "percent"),
    ("Benefit-cost ratio", "Benefit_Cost_Ratio", "ratio"),
    ("Benchmark position", "Benchmark_Position", "text"),
    ("Capacity freed (AHT)", "Gain_AHT", "money"),
    ("Hard savings (AHT)", "Hard_Savings_AHT", "money"),
    ("Agents freed by AHT", "Agents_Freed_By_AHT", "count"),
    ("ROI, conservative", "ROI_Conservative", "percent"),
    ("ROI, optimistic", "ROI_Optimistic", "percent"),
    ("Break-even gains/yr", "Breakeven_Gains", "money"),
    ("Gains counted/yr", "Gains_Per_Year", "money"),
)


def _show(value: Any, kind: str) -> str:
    value = as_sheet_value(value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return printable(value)
    return {
        "percent": f"{value:.1%}",
        "money": f"${value:,.0f}",
        "months": f"{value:.1f} months",
        "ratio": f"{value:.2f}",
        "count": f"{value:,.0f}",
    }.get(kind, f"{value:,.2f}")


def _print_headline(values: dict[str, Any]) -> None:
    years = ("Initial", "Year 1", "Year 2", "Year 3")
    print(f"{'':<22}" + "".join(f"{y:>14}" for y in years))
    costs = [values.get(f"Total_Costs_{k}") for k in ("Initial", "Y1", "Y2", "Y3")]
    gains = [0.0, *(values.get(f"Total_Gains_Y{t}") for t in (1, 2, 3))]
    for label, row in (("Costs", costs), ("Gains (attributed)", gains)):
        print(f"{label:<22}" + "".join(f"{_show(v, 'money'):>14}" for v in row))
    print()
    for label, name, kind in HEADLINE:
        if name in values:
            print(f"{label:<22}{_show(values[name], kind):>14}")


def checks_status(values: dict[str, Any]) -> tuple[str, bool] | None:
    """The model-check sentence of a business case and whether every check passes.

    ``None`` for a workbook without the ``Checks_Failed`` name (not a business case).
    """
    if "Checks_Failed" not in values:
        return None
    failed = as_sheet_value(values["Checks_Failed"])
    if not isinstance(failed, int | float) or isinstance(failed, bool):
        return f"Model checks cannot run ({failed}): see the Checks sheet", False
    if failed == 0:
        return "All model checks pass", True
    count = int(failed)
    verb = "check fails" if count == 1 else "checks fail"
    return f"{count} model {verb} - see the Checks sheet", False


def cmd_examples(args: argparse.Namespace) -> int:
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


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the embedded example scenario: business case, check, summary."""
    name, fill = parse_scenario(example_scenario_text())
    fill = _with_paper(fill, args.paper)
    case = (fill.inputs, fill.cost_lines or (), fill.lever_settings, fill.gain_lines or ())
    core = business_case(*case)
    core.update(decision_outputs(*case, settings=fill.decisions))
    print(f"{name}\n(embedded example scenario; figures computed by roi_xl.core)\n")
    _print_headline(core)
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
    print(f"wrote {write_calculator(out / 'roi_calculator.xlsm', force=args.force)}")
    try:
        find_soffice()
    except LibreOfficeError as exc:
        print(f"\n{exc}: skipped the LibreOffice check, the PDF and the PNG")
        return 0 if agreeing == len(WORKED_EXAMPLES) else 1
    recalculated = recalculate([case], timeout=args.timeout)[0]
    problems = disagreements(recalculated, core)
    if problems:
        print("\nLibreOffice DISAGREES with the core:", *problems, sep="\n  ")
        return 1
    print(
        f"\nLibreOffice recalculated {case.name}: all {len(core)} named outputs agree with the core"
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


def cmd_pdf(args: argparse.Namespace) -> int:
    """Print a workbook (all its sheets, or some) to PDF with LibreOffice, as it prints."""
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


def cmd_templates(args: argparse.Namespace) -> int:
    """Write the blank template workbooks (the four of the business case and value tracking)."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in write_templates(out, force=args.force, paper=args.paper or DEFAULT_PAPER):
        print(f"wrote {path}")
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    """Build a filled business case from a scenario file (TOML)."""
    scenario = input_file(Path(args.scenario))
    try:
        _, fill = load_scenario(scenario)
    except ScenarioError as exc:
        raise ScenarioError(f"{scenario}: {exc}") from None
    fill = _with_paper(fill, args.paper)
    output = Path(args.output) if args.output else Path(f"{scenario.stem}.xlsx")
    written = write_template("roi_business_case", output, fill, force=args.force)
    print(f"wrote {printable(written)}")
    return 0


def cmd_recalc(args: argparse.Namespace) -> int:
    """Recalculate a workbook in LibreOffice (headless) and print its headline outputs."""
    path = check_xlsx(Path(args.file))
    values = recalculate([path], timeout=args.timeout)[0]
    if args.json:
        print(json.dumps(values, indent=2, sort_keys=True, default=str))
    else:
        if not any(name in values for _, name, _ in HEADLINE):
            raise InputFileError(
                f"{path.name} has none of the names of a business case ({HEADLINE[0][1]}, "
                f"{HEADLINE[1][1]}, ...): build one with roi-xl case, or list its names with --json"
            )
        _print_headline(values)
    status = checks_status(values)
    if status is None:
        return 0
    sentence, passed = status
    print(f"\n{sentence}", file=sys.stderr if args.json else sys.stdout)
    if passed or args.allow_failed_checks:
        return 0
    print(
        "roi-xl: model checks fail (exit 1); --allow-failed-checks prints the figures anyway",
        file=sys.stderr,
    )
    return 1


def _exact_sum(values: Any) -> float:
    """The correctly rounded sum (any order of many rows gives the same cents); inf on overflow."""
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf


def cmd_attribute(args: argparse.Namespace) -> int:
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


def cmd_baseline(args: argparse.Namespace) -> int:
    """Monthly KPIs and the baseline of a helpdesk export (CSV, .xlsx or Parquet)."""
    if args.output and Path(args.output).exists() and not args.force:
        raise OutputExistsError(f"{args.output} exists; use --force to overwrite it")
    result = compute_baseline(Path(args.export), args.source, args.months)
    print(as_json(result) if args.json else table(result).rstrip("\n"))
    if args.output:
        written = write_output(result, Path(args.output), force=args.force)
        print(f"wrote {printable(written)}", file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
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
    print(f"wrote {printable(output)}")
    return 0


def cmd_track(args: argparse.Namespace) -> int:
    """Monthly KPIs into a copy of a business case: actuals against the plan, to date."""
    case = Path(args.case)
    output = Path(args.output) if args.output else case.with_name(f"{case.stem}-tracked.xlsx")
    result = track_file(case, Path(args.kpis), output, go_live=args.go_live, force=args.force)
    print(
        f"{len(result['months'])} months in MonthlyActuals, go-live {result['go_live']} "
        f"({result['added']} added, {result['replaced']} replaced)"
    )
    names = recalculate([output], timeout=args.timeout)[0]
    print("\n".join(summary_lines(names)))
    print(f"wrote {printable(output)}")
    return 0


def cmd_functions(args: argparse.Namespace) -> int:
    """List the Excel functions with their one-line help."""
    # Imported here, not at the top: xlwings refuses to import without a licence key
    # when XLWINGS_ON_SERVER=true, and the other commands do not need it.
    try:
        from ..excel import udfs
    except Exception as error:  # xlwings.LicenseError, or xlwings itself missing
        _error(f"cannot load xlwings for the Excel functions: {error}")
        return 2
    for name in udfs.__all__:
        function = getattr(udfs, name)
        arguments = ", ".join(function.__roi_xl__.args)
        print(f"{name}({arguments})\n    {function.__doc__}")
    return 0


def cmd_calculator(args: argparse.Namespace) -> int:
    """Write the xlwings-enabled calculator workbook."""
    print(f"wrote {write_calculator(Path(args.output), force=args.force)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the CS_ functions to Excel on the web and on Mac (xlwings Server; see README)."""
    from ..excel.serve import ServeError, serve

    try:
        return serve(args.host, args.port, args.cert, args.key)
    except ServeError as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2


def _paper(text: str) -> str:
    """A paper size for ``--paper``: A4 or Letter, as the workbook names it."""
    try:
        paper_code(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return next(name for name in PAPER_SIZES if name.lower() == text.strip().lower())


def _with_paper(fill: Fill, paper: str | None) -> Fill:
    return replace(fill, paper=paper) if paper else fill


def _command(commands: Any, name: str, run: Any) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = commands.add_parser(
        name, help=run.__doc__, description=run.__doc__
    )
    sub.set_defaults(run=run)
    return sub


class _Parser(argparse.ArgumentParser):
    """argparse, with its error messages escaped: they quote the arguments, and an
    argument can carry terminal escape sequences."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="roi-xl", description="The return on investment of customer service, in Excel."
    )
    main.add_argument("--version", action="version", version=f"roi-xl {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    force = {"action": "store_true", "help": "overwrite existing files"}
    timeout = {
        "type": _seconds,
        "default": None,
        "metavar": "SECONDS",
        "help": f"limit for LibreOffice (default: ${TIMEOUT_VARIABLE}, else 300)",
    }

    demo = _command(commands, "demo", cmd_demo)
    demo.add_argument("--out", default="out", help="folder for what it writes (default: out)")
    demo.add_argument("--force", **force)
    demo.add_argument("--timeout", **timeout)
    paper = {
        "type": _paper,
        "default": None,
        "metavar": "A4|Letter",
        "help": "paper every sheet prints on (default: the scenario's [case] paper, else A4)",
    }
    demo.add_argument("--paper", **paper)

    templates = _command(commands, "templates", cmd_templates)
    templates.add_argument("--out", default="templates", help="folder (default: templates)")
    templates.add_argument("--force", **force)
    templates.add_argument("--paper", **paper)

    case = _command(commands, "case", cmd_case)
    case.add_argument("scenario", metavar="SCENARIO.toml", help="scenario file (see README)")
    case.add_argument("-o", "--output", help="workbook to write (default: SCENARIO.xlsx)")
    case.add_argument("--force", **force)
    case.add_argument("--paper", **paper)

    pdf = _command(commands, "pdf", cmd_pdf)
    pdf.add_argument("case", metavar="CASE.xlsx", help="a workbook (a business case, a template)")
    pdf.add_argument("-o", "--output", help="the PDF to write (default: CASE.pdf beside CASE)")
    pdf.add_argument(
        "--sheets",
        metavar="NAME,...",
        help="print only these sheets, e.g. Summary or Summary,Costs (in workbook order)",
    )
    pdf.add_argument(
        "--png",
        nargs="?",
        const="",
        metavar="PNG",
        help="also a PNG of the first page (default name: the PDF's, .png); needs pdftoppm",
    )
    pdf.add_argument("--force", **force)
    pdf.add_argument("--timeout", **timeout)

    recalc = _command(commands, "recalc", cmd_recalc)
    recalc.add_argument("file", metavar="FILE", help="an .xlsx workbook")
    recalc.add_argument("--json", action="store_true", help="every defined name, as JSON")
    recalc.add_argument("--timeout", **timeout)
    recalc.add_argument(
        "--allow-failed-checks",
        action="store_true",
        help="exit 0 even when model checks of the Checks sheet fail (default: exit 1)",
    )

    attribute = _command(commands, "attribute", cmd_attribute)
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
    attribute.add_argument("--force", **force)

    baseline = _command(commands, "baseline", cmd_baseline)
    baseline.add_argument("export", metavar="EXPORT", help="ticket export (.csv, .xlsx, .parquet)")
    baseline.add_argument(
        "--source",
        default="generic",
        help="generic (default), zendesk, intercom, freshdesk or salesforce",
    )
    baseline.add_argument(
        "--months", help="months of the baseline, e.g. 2024-01..2024-06 (default: complete months)"
    )
    baseline.add_argument("--json", action="store_true", help="months, monthly KPIs and baseline")
    baseline.add_argument(
        "-o", "--output", help="base.toml ([assumptions] block) or kpis.csv (monthly KPIs)"
    )
    baseline.add_argument("--force", **force)

    simulate = _command(commands, "simulate", cmd_simulate)
    simulate.add_argument("case", metavar="CASE.xlsx", help="a filled business case")
    simulate.add_argument(
        "--trials", type=int, default=100_000, help="number of trials (default: 100000)"
    )
    simulate.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    simulate.add_argument(
        "-o", "--output", help="the copy to write (default: CASE-simulation.xlsx beside CASE)"
    )
    simulate.add_argument("--force", **force)
    simulate.add_argument("--timeout", **timeout)

    track = _command(commands, "track", cmd_track)
    track.add_argument("case", metavar="CASE.xlsx", help="a business case with a Tracking sheet")
    track.add_argument(
        "kpis", metavar="KPIS.csv", help="Month (YYYY-MM) and MonthlyActuals columns"
    )
    track.add_argument("--go-live", metavar="YYYY-MM", help="the first month of Year 1")
    track.add_argument(
        "-o", "--output", help="the copy to write (default: CASE-tracked.xlsx beside CASE)"
    )
    track.add_argument("--force", **force)
    track.add_argument("--timeout", **timeout)

    _command(commands, "examples", cmd_examples)
    _command(commands, "functions", cmd_functions)

    calculator = _command(commands, "calculator", cmd_calculator)
    calculator.add_argument(
        "-o", "--output", default="roi_calculator.xlsm", help="file to write (.xlsm)"
    )
    calculator.add_argument("--force", **force)

    serve = _command(commands, "serve", cmd_serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM), for HTTPS")
    serve.add_argument("--key", metavar="FILE", help="private key of --cert (PEM)")
    return main


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 seconds")
    return seconds


def _error(message: str) -> None:
    print(f"roi-xl: error: {printable(' '.join(message.split()))}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        with handling_signals():
            return _run(argv)
    except KeyboardInterrupt as exc:  # Ctrl-C before or after the handlers
        code = exc.exit_code if isinstance(exc, Interrupted) else 130
        message = exc.message if isinstance(exc, Interrupted) else "interrupted (Ctrl-C)"
        print(f"roi-xl: {message}", file=sys.stderr)
        return code


def _run(argv: Sequence[str] | None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except BrokenPipeError:  # `roi-xl functions | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except (
        OutputExistsError,
        InputFileError,
        CellTextError,
        ScenarioError,
        TouchLogError,
        ExportError,
        RoiInputError,
        LibreOfficeError,
        SimulationError,
        TrackError,
        OSError,
    ) as exc:
        _error(str(exc))
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

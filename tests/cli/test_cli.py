"""The roi-xl command line, run as a user runs it."""

import json
import re
import subprocess
import sys

import pytest

from roi_xl.cli import main
from roi_xl.core.examples import WORKED_EXAMPLES
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.excel import udfs


def test_demo_runs_the_main_job(tmp_path, capsys):
    # Needs LibreOffice (installed by make test): the demo recalculates the business case
    # and checks every named output against the core.
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "3-year ROI" in out and "Payback" in out
    assert f"reproduced: {len(WORKED_EXAMPLES)} of {len(WORKED_EXAMPLES)}" in out
    assert "named outputs agree with the core" in out
    assert "Checks sheet after recalculation: All model checks pass" in out
    for name in (
        "roi_business_case.xlsx",
        "roi_calculator.xlsm",
        "roi_business_case.pdf",
        "executive_summary.pdf",
        "executive_summary.png",
    ):
        assert (tmp_path / name).stat().st_size > 1_000, name
    pdf = (tmp_path / "executive_summary.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one printed page
    whole = (tmp_path / "roi_business_case.pdf").read_bytes()
    # TEMPLATES.md, Print-ready: the filled business case prints in at most 15 pages
    assert 1 < len(re.findall(rb"/Type\s*/Page[^s]", whole)) <= 15
    assert (tmp_path / "executive_summary.png").read_bytes().startswith(b"\x89PNG")


def test_examples_prints_every_worked_example(capsys):
    assert main(["examples"]) == 0
    out = capsys.readouterr().out
    for example in WORKED_EXAMPLES:
        assert example.label in out
    assert "NO" not in out.split()


def test_templates_command_writes_five_files(tmp_path, capsys):
    assert main(["templates", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cost_tracking.xlsx",
        "executive_summary.xlsx",
        "gain_attribution.xlsx",
        "roi_business_case.xlsx",
        "value_tracking.xlsx",
    ]
    assert main(["templates", "--out", str(tmp_path)]) == 2  # no --force: nothing overwritten
    assert "--force" in capsys.readouterr().err


def test_case_and_recalc_from_a_scenario(tmp_path, capsys):
    scenario = tmp_path / "acme.toml"
    # FORMULAS.md A: costs $1M (one-time), gains $900,000 in year 1 -> ROI -10%.
    scenario.write_text(
        '[case]\nname = "Acme"\n\n[[costs]]\ncategory = "Technology"\nitem = "Platform"\n'
        'initial = 1_000_000\n\n[[gains]]\nname = "Savings"\ngross = 900_000\n'
        "realisation = [1, 0, 0]\n"
    )
    assert main(["case", str(scenario), "-o", str(tmp_path / "acme.xlsx")]) == 0
    capsys.readouterr()
    assert main(["recalc", str(tmp_path / "acme.xlsx"), "--json"]) == 0
    values = json.loads(capsys.readouterr().out)
    assert values["ROI_3yr"] == pytest.approx(-0.10, rel=1e-12)
    assert main(["recalc", str(tmp_path / "acme.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "-10.0%" in out
    assert "All model checks pass" in out


def test_recalc_prints_the_checks_and_fails_when_they_fail(tmp_path, capsys):
    # a cost line with 10% TEI risk (FORMULAS.md E: cost x (1 + risk)): $100,000 counts
    # $110,000; handle time after (8 min) longer than before (6 min) fails one check.
    scenario = tmp_path / "risky.toml"
    scenario.write_text(
        '[[costs]]\ncategory = "Technology"\nitem = "Platform"\ninitial = 100_000\n'
        "risk = 0.1\n\n[assumptions]\nAHT_Before_Min = 6\nAHT_After_Min = 8\n"
    )
    assert main(["case", str(scenario), "-o", str(tmp_path / "risky.xlsx")]) == 0
    capsys.readouterr()
    assert main(["recalc", str(tmp_path / "risky.xlsx")]) == 1
    captured = capsys.readouterr()
    assert "1 model check fails - see the Checks sheet" in captured.out
    assert "--allow-failed-checks" in captured.err
    assert main(["recalc", str(tmp_path / "risky.xlsx"), "--json", "--allow-failed-checks"]) == 0
    values = json.loads(capsys.readouterr().out)
    assert values["Total_Costs_Initial"] == pytest.approx(110_000, rel=1e-12)
    assert values["Checks_Failed"] == 1


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[assumptions]\nDeflection_Rate = 40\n",
            "Deflection_Rate must be between 0 and 1 (40% or 0.4), got 40",
        ),
        ("[assumptions]\nDeflection_Ratio = 0.4\n", "assumptions.Deflection_Ratio is not a known"),
        ('[[costs]]\ncategory = "Snacks"\n', "costs[0].category must be one of"),
        (
            '[[costs]]\ncategory = "Training"\nyears = [1, 2]\n',
            "costs[0].years must be a list of 3 values",
        ),
        ("[levers.Gain_Magic]\nrisk = 0.1\n", "levers.Gain_Magic is not a known key"),
        ("[[gains]]\ngross = -5\n", "gains[0].gross must be 0 or more"),
        ("[oops\n", "not valid TOML"),
        ("[scenarios]\ngains = [1.2, 1.0, 0.7]\n", "conservative <= expected <= optimistic"),
        ("[scenarios]\ncosts = [0.9, 1.0, 1.1]\n", "conservative >= expected >= optimistic"),
        ("[scenarios]\nGain_AHT = [0.5, 1]\n", "scenarios.Gain_AHT must be a list of 3"),
        ("[scenarios]\nGain_Magic = [1, 1, 1]\n", "scenarios.Gain_Magic is not a known key"),
        ("[scenarios]\nsensitivity = 2\n", "must be between 0 and 1"),
        # issue 20: retired names say what replaces them
        (
            "[assumptions]\nLoaded_Cost_Per_Hour = 30\n",
            "assumptions.Loaded_Cost_Per_Hour is retired: give Agent_Annual_Cost (loaded), "
            "Paid_Hours_Per_Year, Shrinkage and Occupancy",
        ),
        (
            "[assumptions]\nPeak_Hour_Contacts = 700\n",
            "assumptions.Peak_Hour_Contacts is retired",
        ),
        ("[assumptions]\nHourProfile = [0.5, 0.5]\n", "must be a list of 24 shares"),
        (
            "[assumptions]\nHourProfile = [0.5, 0.4" + ", 0" * 22 + "]\n",
            "HourProfile must add up to 100%; it adds up to 90.0000%",
        ),
        ("[assumptions]\nDays_Open_Per_Week = 8\n", "from 1 to 7 days a week; got 8"),
    ],
)
def test_bad_scenarios_name_the_key(tmp_path, capsys, toml, message):
    scenario = tmp_path / "bad.toml"
    scenario.write_text(toml)
    assert main(["case", str(scenario), "-o", str(tmp_path / "bad.xlsx")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "bad.xlsx").exists()


def test_recalc_of_a_missing_file_is_a_one_line_error(tmp_path, capsys):
    assert main(["recalc", str(tmp_path / "nope.xlsx")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_embedded_scenario_is_valid():
    name, fill = parse_scenario(example_scenario_text())
    assert name and fill.inputs["Annual_Contacts"] == 1_200_000  # FORMULAS.md B
    # the file's [scenarios]: deflection set on its own, every other line from "gains"
    assert fill.decisions.gains("Gain_Deflection") == (0.5, 1.0, 1.2)
    assert fill.decisions.gains("Gain_AHT") == (0.7, 1.0, 1.2)
    assert tuple(fill.decisions.cost_multipliers) == (1.1, 1.0, 0.95)


def test_never_overwrites_without_force(tmp_path, capsys):
    target = tmp_path / "mine.xlsm"
    target.write_bytes(b"the user's own file")
    assert main(["calculator", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert target.read_bytes() == b"the user's own file"
    assert main(["calculator", "-o", str(target), "--force"]) == 0
    assert target.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == ["mine.xlsm"]  # no temporary left behind


def test_missing_folder_is_a_one_line_error(tmp_path, capsys):
    assert main(["calculator", "-o", str(tmp_path / "no" / "such" / "x.xlsm")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("roi-xl: error:") and err.count("\n") == 1


def test_functions_lists_every_excel_function(capsys):
    assert main(["functions"]) == 0
    out = capsys.readouterr().out
    for name in udfs.__all__:
        assert f"{name}(" in out


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["templates"],
        ["case"],
        ["recalc"],
        ["pdf"],
        ["attribute"],
        ["examples"],
        ["functions"],
        ["calculator"],
        ["simulate"],
    ],
)
def test_help_on_every_command(command):
    run = subprocess.run(
        [sys.executable, "-m", "roi_xl.cli", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and "usage: roi-xl" in run.stdout


def test_unknown_command_exits_2():
    run = subprocess.run(
        [sys.executable, "-m", "roi_xl.cli", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_commands_work_without_a_licence_key_on_the_server_switch(tmp_path):
    """xlwings refuses to import with XLWINGS_ON_SERVER=true and no key: the commands
    that do not need it still run, and `functions` says why in one line."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    env["XLWINGS_ON_SERVER"] = "true"

    def run(*arguments):
        return subprocess.run(
            [sys.executable, "-m", "roi_xl.cli", *arguments],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            cwd=tmp_path,
        )

    examples = run("examples")
    assert examples.returncode == 0, examples.stderr
    functions = run("functions")
    assert functions.returncode == 2
    assert "Traceback" not in functions.stderr
    assert functions.stderr.count("\n") == 1 and "licen" in functions.stderr.lower()


def test_argument_errors_show_escape_sequences_escaped():
    """argparse quotes the offending argument; a terminal escape in it is shown, not obeyed."""
    run = subprocess.run(
        [sys.executable, "-m", "roi_xl.cli", "recalc", "case.xlsx", "--x\x1b]0;pwned\x07"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "--x\\x1b]0;pwned\\x07" in run.stderr

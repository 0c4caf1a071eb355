"""The roi-xl command line, run as a user runs it."""

import subprocess
import sys

import pytest

from roi_xl import udfs
from roi_xl.cli import main
from roi_xl.examples import WORKED_EXAMPLES


def test_demo_prints_every_worked_example_and_writes_the_workbook(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for example in WORKED_EXAMPLES:
        assert example.label in out
    assert "NO" not in out.split()
    assert (tmp_path / "roi_calculator.xlsm").stat().st_size > 10_000


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


@pytest.mark.parametrize("command", [[], ["demo"], ["functions"], ["calculator"]])
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

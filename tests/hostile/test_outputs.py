"""What the commands write and print when the input is hostile or wrong.

Repros of issue 14: item 7 (recalc of a workbook that is not a business case
printed a table of None, exit 0), item 8 (simulate on XML-bomb, external-entity
and malformed files: tracebacks), item 10 (every output 0600), item 11 (a
channel name's escape sequences reached the terminal raw), item 12 (simulate
``-o`` its own input with ``--force`` overwrote the original; simulate errors
named its temporary copy).
"""

import stat
import subprocess
import sys

import pytest

from roi_xl.cli import main
from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.io.files import atomic_write
from roi_xl.workbooks.templates import write_template
from tests.hostile import files

CSV = "Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,10\n"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_outputs_get_the_permissions_of_a_normal_file(tmp_path, umask, mode):
    # by hand: 0666 & ~umask. Run in a child so the test's own umask is untouched.
    source = tmp_path / "t.csv"
    source.write_text(CSV)
    script = (
        "import os, sys\n"
        f"os.umask({umask})\n"
        "from roi_xl.cli import main\n"
        f"sys.exit(main(['attribute', {str(source)!r}, '--support-channels', 'Chat',"
        f" '-o', {str(tmp_path / 'out.xlsx')!r}]))\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    assert stat.S_IMODE((tmp_path / "out.xlsx").stat().st_mode) == mode


def test_atomic_write_leaves_no_temporary_file_when_interrupted(tmp_path):
    def interrupted(out):
        out.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "x.csv", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_escape_sequences_in_a_channel_are_not_sent_to_the_terminal(tmp_path, capsys):
    source = tmp_path / "t.csv"
    # set the window title, red text, clear the screen
    source.write_text(
        "Journey,Touch Time,Channel,Conversion Value\n"
        "A,2024-01-01,\x1b]0;pwned\x07\x1b[31mChat\x1b[2J,10\n"
    )
    assert main(["attribute", str(source), "--support-channels", "Chat"]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out and "\x07" not in captured.out
    assert "\\x1b]0;pwned\\x07" in captured.out


def test_error_messages_escape_control_characters(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Journey,Touch Time,Channel,Conversion Value\nA,\x1b[2J,Chat,1\n")
    assert main(["attribute", str(path), "--support-channels", "Chat"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2J" in err


def test_recalc_of_a_workbook_that_is_not_a_business_case_exits_2(tmp_path, capsys):
    path = tmp_path / "other.xlsx"
    path.write_bytes(files.workbook_bytes([["a", 1], ["b", 2]]))
    assert main(["recalc", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "other.xlsx has none of the names of a business case" in err


def test_recalc_timeout_option_and_environment_variable(tmp_path, capsys, monkeypatch):
    path = tmp_path / "other.xlsx"
    path.write_bytes(files.workbook_bytes([["a", 1]]))
    assert main(["recalc", str(path), "--timeout", "0.001"]) == 2
    assert "LibreOffice took longer than 0.001 s" in capsys.readouterr().err
    monkeypatch.setenv("ROI_XL_LIBREOFFICE_TIMEOUT", "0.002")
    assert main(["recalc", str(path)]) == 2
    assert "LibreOffice took longer than 0.002 s" in capsys.readouterr().err
    monkeypatch.setenv("ROI_XL_LIBREOFFICE_TIMEOUT", "soon")
    assert main(["recalc", str(path)]) == 2
    assert "is not a number of seconds" in capsys.readouterr().err


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "mycase.xlsx"
    return write_template("roi_business_case", path, parse_scenario(example_scenario_text())[1])


def test_simulate_never_overwrites_its_input_even_with_force(case, capsys):
    before = case.read_bytes()
    for output in (case, case.parent / ".." / case.parent.name / case.name):
        assert main(["simulate", str(case), "-o", str(output), "--force"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is the case itself" in err
    assert case.read_bytes() == before


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (files.xml_bomb(), "was refused: its XML declares entities"),
        (files.external_entity(), "was refused: its XML declares entities"),
        (files.MALFORMED, "cannot be read as an .xlsx workbook"),
    ],
)
def test_simulate_refuses_hostile_xml_in_one_line_naming_the_file(tmp_path, capsys, part, message):
    data = files.workbook_bytes([["a"]])
    path = files.replace_part(data, tmp_path / "hostile.xlsx", files.SHEET, lambda _: part)
    assert main(["simulate", str(path), "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"hostile.xlsx {message}" in err


def test_simulate_errors_name_the_users_file_not_a_temporary_copy(tmp_path, capsys):
    path = tmp_path / "not_a_case.xlsx"
    path.write_bytes(files.workbook_bytes([["a", 1]]))
    assert main(["simulate", str(path), "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("roi-xl: error: not_a_case.xlsx: no Scenarios")
    assert "roi-xl-simulate-" not in err and "case.xlsx" not in err.replace("not_a_case", "")


def test_simulate_of_a_folder_or_an_encrypted_file(tmp_path, capsys):
    assert main(["simulate", str(tmp_path)]) == 2
    assert "is a folder, not a file" in capsys.readouterr().err
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(files.ENCRYPTED)
    assert main(["simulate", str(locked)]) == 2
    assert "locked.xlsx is encrypted" in capsys.readouterr().err

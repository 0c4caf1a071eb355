"""Scenario files of the wrong shape: one line naming the key, exit 2, never a traceback.

Repro (issue 14, item 8): ``costs = [1, 2]``, ``levers = 5``,
``levers.Gain_AHT = 5`` and ``assumptions = 3`` were tracebacks (exit 1).
"""

import pytest

from roi_xl.cli import main


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("costs = [1, 2]", "costs[0] must be a table"),
        ("levers = 5", "levers must be a table"),
        ("[levers]\nGain_AHT = 5", "levers.Gain_AHT must be a table"),
        ("assumptions = 3", "assumptions must be a table"),
        ("case = 3", "case must be a table"),
        ("scenarios = 5", "scenarios must be a table"),
        ("gains = [[1]]", "gains[0] must be a table"),
        ('gains = "x"', "gains must be a list"),
        ('[[costs]]\ncategory = "Technology"\nitem = 5', "costs[0].item must be text"),
        ('[[costs]]\ncategory = "Technology"\nnotes = [1]', "costs[0].notes must be text"),
        ("[[gains]]\nname = {a = 1}", "gains[0].name must be text"),
        ('[case]\nname = "' + "x" * 256 + '"', "case.name is 256 characters long; at most 255"),
        ("[[costs]]\ncategory = [1]", "costs[0].category must be one of"),
        ('[[costs]]\ncategory = "Technology"\nyears = [[1], 2, 3]', "costs[0].years[0]"),
    ],
)
def test_wrong_shapes_are_one_line(tmp_path, capsys, toml, message):
    path = tmp_path / "s.toml"
    path.write_text(toml + "\n")
    assert main(["case", str(path), "-o", str(tmp_path / "s.xlsx")]) == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "s.xlsx").exists()


def test_a_folder_as_scenario_says_so(tmp_path, capsys):
    assert main(["case", str(tmp_path)]) == 2
    assert "is a folder, not a file" in capsys.readouterr().err

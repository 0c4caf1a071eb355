"""Text roi_xl writes or reads that could be obeyed instead of shown (issue 23).

Repros: item 7 (a file name holding a newline was written raw into
``baseline -o base.toml``: the name ``t\\n[scenarios]\\ntarget_roi = 9\\n#.csv``
injected a ``[scenarios]`` table; the plain table printed the name's newline
and an ``ESC[31m`` raw), item 13 (a scenario nested 1,000 levels deep:
``RecursionError``) and ``--months 0001-01..9999-12`` printing an 11.9 MB line.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_xl.cli import main
from roi_xl.io.toml_text import toml_string

INJECTION = "t\n[scenarios]\ntarget_roi = 9\n#\x1b[31m.csv"


def _export(folder, name="tickets.csv"):
    source = resources.files("roi_xl").joinpath("data/exports/tickets.csv")
    export = folder / name
    export.write_bytes(source.read_bytes())
    return export


def test_a_file_name_cannot_inject_toml_into_base_toml(tmp_path, capsys):
    export = _export(tmp_path, INJECTION)
    out = tmp_path / "base.toml"
    assert main(["baseline", str(export), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert set(tomllib.loads(text)) == {"assumptions"}  # no [scenarios] table
    assert not any(line.startswith("[scenarios]") for line in text.splitlines())
    # the name is kept, as a TOML string with its escapes written by hand
    assert '"t\\n[scenarios]\\ntarget_roi = 9\\n#\\u001B[31m.csv"' in text.splitlines()[0]
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\n[scenarios]" not in printed
    assert "t\\x0a[scenarios]\\x0atarget_roi = 9\\x0a#\\x1b[31m.csv" in printed


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_toml_string_reads_back_as_the_same_text_on_one_line(text):
    # tomllib, the standard library's TOML parser, is the independent check
    written = toml_string(text)
    assert "\n" not in written and "\r" not in written
    assert tomllib.loads(f"k = {written}")["k"] == text


def test_a_name_that_is_not_utf8_is_written_with_a_replacement_character():
    # a file name read from a non-UTF-8 byte keeps a lone surrogate (surrogateescape)
    written = toml_string(b"caf\xe9.csv".decode("utf-8", "surrogateescape"))
    assert tomllib.loads(f"k = {written}")["k"] == "caf\ufffd.csv"


@pytest.mark.parametrize(
    "value",
    [
        "[" * 1000 + "]" * 1000,  # arrays
        "{a = " * 1000 + "1" + "}" * 1000,  # inline tables
    ],
)
def test_a_scenario_nested_1000_levels_deep_is_one_line(tmp_path, capsys, value):
    scenario = tmp_path / "deep.toml"
    scenario.write_text(f"[case]\nname = {value}\n", encoding="utf-8")
    assert main(["case", str(scenario), "-o", str(tmp_path / "case.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested too deeply" in err and "Recursion" not in err
    assert not (tmp_path / "case.xlsx").exists()


def test_months_from_year_1_to_9999_is_refused_in_a_short_line(tmp_path, capsys):
    export = _export(tmp_path)
    assert main(["baseline", str(export), "--months", "0001-01..9999-12"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "more than 1200 months" in captured.err
    assert len(captured.err) < 300 and captured.out == ""

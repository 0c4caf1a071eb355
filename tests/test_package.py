"""Packaging and architecture rules."""

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import roi_xl
from roi_xl import core
from roi_xl.data.scenario import example_scenario_text
from roi_xl.excel import udfs
from tests.spec_names import SPEC_CORE_NAMES, SPEC_FUNCTIONS

ROOT = Path(__file__).resolve().parents[1]


def test_changelog_newest_heading_is_the_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert roi_xl.__version__ == version
    headings = re.findall(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(), re.M)
    released = [h for h in headings if h.lower() != "unreleased"]
    assert released[0] == version


def test_core_imports_no_excel_library():
    for path in (ROOT / "roi_xl" / "core").glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"xlwings", "openpyxl", "formulas"}, path


def test_every_spec_name_is_exported():
    assert set(SPEC_CORE_NAMES) <= set(core.__all__)
    for name in SPEC_CORE_NAMES:
        assert callable(getattr(core, name))
    assert list(udfs.__all__) == list(SPEC_FUNCTIONS)


def test_docs_show_the_shipped_example_scenario():
    """The command-line page shows the example scenario exactly as shipped."""
    page = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("```toml\n") + len("```toml\n")
    assert text[start : text.index("```", start)] == example_scenario_text()


def test_roi_xl_udfs_is_the_excel_functions_module():
    """xlwings add-ins name ``roi_xl.udfs`` (UDF_MODULES): the module of the CS_ functions."""
    code = (
        "import importlib, roi_xl.udfs as old, roi_xl.excel.udfs as new;"
        "assert old is new and old.__spec__.name == 'roi_xl.excel.udfs';"
        "from roi_xl.udfs import CS_ROI; assert CS_ROI is new.CS_ROI;"
        "importlib.reload(importlib.import_module('roi_xl.udfs'));"
        "print(len(old.__all__))"
    )
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) >= 30  # FORMULAS.md names more than 30 CS_ functions

"""Every workbook roi_xl writes passes Microsoft's Open XML SDK validator (issue 21).

The validator is the npm package ``@ooxml-tools/validate`` (the Open XML SDK compiled
to WebAssembly), installed into ``tools/ooxml`` by ``make ooxml-validator`` (part of
``make test``); nothing is fetched while the tests run. When Node or the package is
missing this test fails and says how to install them.

Checked for Office 2016 and Microsoft 365: the committed templates and calculator, a
business case with cached values (``roi-xl case``), a tracked copy (``roi-xl track``)
and a value workbook of ``roi-xl attribute -o x.xlsx``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from roi_xl.cli import main
from roi_xl.cli.tracking_demo import ACTUALS
from roi_xl.data.scenario import example_scenario_text

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "ooxml"
VERSIONS = ("Office2016", "Microsoft365")
TOUCHES = "Journey,Touch Time,Channel,Conversion Value\nA,2024-01-01,Chat,100\nA,2024-01-02,Ads,0\n"


def _validate(paths: list[Path]) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is missing: `make nodejs` (Debian: apt-get install nodejs)"
    assert (TOOL / "node_modules" / "@ooxml-tools" / "validate").is_dir(), (
        "the Open XML SDK validator is missing: `make ooxml-validator` (npm ci in tools/ooxml)"
    )
    done = subprocess.run(
        [node, "validate.mjs", ",".join(VERSIONS), *map(str, paths)],
        cwd=TOOL,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("ooxml")
    scenario = folder / "example.toml"
    scenario.write_text(example_scenario_text(), encoding="utf-8")
    case = folder / "case.xlsx"
    assert main(["case", str(scenario), "-o", str(case)]) == 0
    kpis = folder / "kpis.csv"
    kpis.write_text(ACTUALS, encoding="utf-8")
    tracked = folder / "tracked.xlsx"
    assert main(["track", str(case), str(kpis), "-o", str(tracked)]) == 0
    touches = folder / "touches.csv"
    touches.write_text(TOUCHES, encoding="utf-8")
    credits = folder / "credits.xlsx"
    assert main(["attribute", str(touches), "--support-channels", "Chat", "-o", str(credits)]) == 0
    committed = sorted((REPO / "templates").glob("*.xlsx")) + sorted(
        (REPO / "workbooks").glob("*.xlsm")
    )
    return [*committed, case, tracked, credits]


def test_every_written_workbook_passes_the_open_xml_sdk_validator(written):
    report = _validate(written)
    assert set(report) == {str(p) for p in written}
    for path, versions in report.items():
        assert set(versions) == set(VERSIONS)
        for version, findings in versions.items():
            # none: not even the font-element order openpyxl writes, which the ISO schema
            # allows and the SDK does not (roi_xl.io.files.sdk_font_order rewrites it)
            assert not findings, (Path(path).name, version, findings[:5])

"""``make wheel``: a pure-Python wheel with everything the package needs at run time."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_is_pure_python_and_complete(tmp_path):
    # The same command as `make wheel`, into a temporary folder (offline: no build isolation).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("roi_xl-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")  # pure Python: any platform, Pyodide too
    names = set(zipfile.ZipFile(wheel).namelist())
    # complete: every file of the package's source tree (modules, data, the server project)
    source = Path(__file__).resolve().parents[1] / "roi_xl"
    shipped = {
        path.relative_to(source.parent).as_posix()
        for path in source.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert shipped - names == set()
    for needed in (
        "roi_xl/excel/udfs.py",
        "roi_xl/excel/server/custom_functions/__init__.py",
        "roi_xl/core/benchmarks.toml",
        "roi_xl/data/example_scenario.toml",
    ):
        assert needed in names, needed
    assert not any(name.startswith("tests/") for name in names)
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "Provides-Extra: server" in metadata
    assert 'Requires-Dist: xlwings-server<1.21,>=1.20; extra == "server"' in metadata

"""Ctrl-C and SIGTERM end any command with one line and 130 / 143, leaving nothing behind.

Repro (issue 14, item 9): SIGTERM or Ctrl-C during ``roi-xl recalc`` left
LibreOffice running in its own session until the timeout, and
``/tmp/roi-xl-lo-*`` and ``/tmp/roi-xl-recalc-*`` (a copy of the user's
workbook) behind; item 8: Ctrl-C anywhere was a traceback.

Each test runs the real command in a child process with its own temporary
folder (``TMPDIR``), sends the real signal, and then looks at that folder and
at every process on the machine.
"""

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roi_xl.data.scenario import example_scenario_text, parse_scenario
from roi_xl.workbooks.templates import write_template

# a signal sent at a moment during a LibreOffice run:
# run alone, after the parallel part of make test
pytestmark = pytest.mark.timing

WAIT = 60  # seconds to wait for the child to reach the point where it is interrupted


def _start(tmp_path, *args):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "roi_xl.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, temp


def _running(pid):
    """Whether ``pid`` is a live process: not gone, and not a zombie (dead, its exit status
    waiting for a parent; an orphan's parent here may be a container's PID 1 that never
    collects it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _processes_mentioning(text):
    """Pids of running processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


def _wait_for(condition, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"the child never reached {what}")


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "case.xlsx"
    return write_template("roi_business_case", path, parse_scenario(example_scenario_text())[1])


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "roi-xl: terminated (SIGTERM)"),
        (signal.SIGINT, 130, "roi-xl: interrupted (Ctrl-C)"),
    ],
)
def test_a_signal_during_recalc_kills_libreoffice_and_leaves_nothing(
    tmp_path, case, signum, code, line
):
    process, temp = _start(tmp_path, "recalc", str(case))
    profiles = _wait_for(lambda: list(temp.glob("roi-xl-lo-*")), "a LibreOffice profile")
    soffice = _wait_for(lambda: _processes_mentioning(profiles[0].name), "a running LibreOffice")
    process.send_signal(signum)
    _, err = process.communicate(timeout=WAIT)
    assert process.returncode == code
    assert err == line + "\n" and "Traceback" not in err
    assert list(temp.iterdir()) == []  # no profile, no copy of the workbook, no LO files
    deadline = time.monotonic() + 5  # a killed process may take a moment on a busy machine
    while (alive := [pid for pid in soffice if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_mentioning(profiles[0].name) == [] and not alive


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "roi-xl: terminated (SIGTERM)"),
        (signal.SIGINT, 130, "roi-xl: interrupted (Ctrl-C)"),
    ],
)
def test_a_signal_during_attribute_leaves_no_temporary_file(tmp_path, signum, code, line):
    # by hand: 300,000 rows take seconds to read and write, time enough to interrupt
    source = tmp_path / "touches.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Journey", "Touch Time", "Channel", "Conversion Value"])
        writer.writerows([f"J{i // 3}", 45_000 + i, "Chat", 10] for i in range(300_000))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    process, temp = _start(
        tmp_path,
        "attribute",
        str(source),
        "--support-channels",
        "Chat",
        "-o",
        str(out_dir / "o.xlsx"),
    )
    time.sleep(2.0)
    process.send_signal(signum)
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == code, (out, err)
    assert err.endswith(line + "\n") and "Traceback" not in err
    assert list(out_dir.iterdir()) == [] and list(temp.iterdir()) == []

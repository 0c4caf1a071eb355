"""``roi-xl functions``: the Excel functions with their one-line help."""

from __future__ import annotations

import argparse
from typing import Any

from .common import command, error


def add_to(commands: Any) -> None:
    """Add the ``functions`` command to the sub-commands of ``roi-xl``."""
    command(commands, "functions", run)


def run(args: argparse.Namespace) -> int:
    """List the Excel functions with their one-line help."""
    # Imported here, not at the top: xlwings refuses to import without a licence key
    # when XLWINGS_ON_SERVER=true, and the other commands do not need it.
    try:
        from ..excel import udfs
    except Exception as exc:  # xlwings.LicenseError, or xlwings itself missing
        error(f"cannot load xlwings for the Excel functions: {exc}")
        return 2
    for name in udfs.__all__:
        function = getattr(udfs, name)
        arguments = ", ".join(function.__roi_xl__.args)
        print(f"{name}({arguments})\n    {function.__doc__}")
    return 0

"""Export files written for the tests, as a vendor's tool writes them."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    """A CSV file of ``header`` and ``rows`` (UTF-8, the csv module's quoting) at ``path``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path

"""Where the model-check status sentence lives: computed once on the Checks sheet, shown
at the top of the Summary and of Start Here.

A module of its own so that the Summary can show the status without importing the
Checks builder, which reads the Summary's table (no import cycle).
"""

from __future__ import annotations

STATUS_CELL = "A5"
STATUS_REF = f"Checks!${STATUS_CELL[0]}${STATUS_CELL[1:]}"

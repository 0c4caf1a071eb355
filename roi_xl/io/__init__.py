"""What goes out, safely: files, cell text, CSV text, terminal text, interrupts.

Every file roi_xl writes goes through :mod:`~roi_xl.io.files` (atomic, never
over a user's file without ``--force``); every piece of user text through the
one escaping path of its format: :mod:`~roi_xl.io.cell_text` (``.xlsx``),
:mod:`~roi_xl.io.csv_text` (CSV), :mod:`~roi_xl.io.terminal` (the terminal).
:mod:`~roi_xl.io.value_workbook` streams a plain-values workbook of up to a
full sheet; :mod:`~roi_xl.io.interrupts` turns Ctrl-C and SIGTERM into one line.
This room imports nothing of roi_xl above :mod:`roi_xl.core`.
"""

"""roi_xl: the return on investment of customer service, in Excel.

The package is laid out in rooms by concern, each importing only the rooms
listed before it:

* :mod:`roi_xl.core`: the formulas, pure Python and numpy;
* :mod:`roi_xl.io`: what goes out safely (files, cell and CSV text, terminal text);
* :mod:`roi_xl.workbooks`: the openpyxl builders of the template workbooks;
* :mod:`roi_xl.data`: what comes in (helpdesk exports, touch logs, scenario files);
* :mod:`roi_xl.office`: LibreOffice (recalculation, printing, checking a workbook);
* :mod:`roi_xl.excel`: what Excel calls (the ``CS_`` functions, xlwings Server);
* :mod:`roi_xl.cli`: the ``roi-xl`` command, one module per sub-command.

``roi_xl.udfs`` is the name xlwings add-ins point at (``UDF_MODULES``): it is
the module :mod:`roi_xl.excel.udfs` itself, under its older name.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("roi-xl")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]

#: Public module names kept where users import them, and the module each one is.
ALIASES = {"roi_xl.udfs": "roi_xl.excel.udfs"}


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import roi_xl.udfs`` gives the module :mod:`roi_xl.excel.udfs`, imported on demand."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in ALIASES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = importlib.import_module(ALIASES[spec.name])
        self._own_spec = module.__spec__  # the import system overwrites it with the alias's
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the module is imported under its own name, whose spec it keeps."""
        module.__spec__ = self._own_spec


if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
    sys.meta_path.insert(0, _AliasFinder())

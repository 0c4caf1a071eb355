"""roi_xl: the return on investment of customer service, in Excel.

The formulas live in :mod:`roi_xl.core`; :mod:`roi_xl.udfs` exposes them as
Excel functions through xlwings.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("roi-xl")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]

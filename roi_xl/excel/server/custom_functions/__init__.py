"""The custom-functions module xlwings Server loads: roi_xl's ``CS_`` functions, unmodified."""

from roi_xl.excel.udfs import *  # noqa: F403

"""The custom-functions module xlwings Server loads: roi_xl's ``CS_`` functions, unmodified."""

from roi_xl.udfs import *  # noqa: F403

"""Calls into xlwings's own Office.js custom-function path, as Excel's add-in does.

The payload is what the xlwings JavaScript sends from Excel: the function
name, one 2-D list per argument, the client, the xlwings version, the custom
functions runtime version and the calling cell.
"""

import asyncio
from typing import Any

import xlwings
from xlwings import server

from roi_xl.excel import udfs

DIV0 = {"type": "Error", "errorType": "Div0"}
NUM = {"type": "Error", "errorType": "Num"}
NA = {"type": "Error", "errorType": "NotAvailable"}


def payload(func_name: str, *args: Any) -> dict[str, Any]:
    return {
        "func_name": func_name,
        "args": list(args),
        "client": "Office.js",
        "version": xlwings.__version__,
        "runtime": "1.4",
        "caller_address": "Sheet1!B2",
    }


def call(func_name: str, *args: Any) -> Any:
    """The converted result xlwings sends back to Excel (a 2-D list)."""
    return asyncio.run(server.custom_functions_call(payload(func_name, *args), udfs))


def value(func_name: str, *args: Any) -> Any:
    """The single cell a non-spilling function returns."""
    result = call(func_name, *args)
    assert len(result) == 1 and len(result[0]) == 1, result
    return result[0][0]


def cell(v: Any) -> list[list[Any]]:
    """One cell, as Excel sends it."""
    return [[v]]


def meta() -> dict[str, Any]:
    return server.custom_functions_meta(udfs)

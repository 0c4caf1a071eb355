"""A template workbook under construction: defined names, inputs, formulas.

Every sheet builder goes through :class:`TemplateBook`, so that every input
gets the same treatment (blue style, unlocked, data validation with an input
and an error message, a workbook-scope defined name when it is public) and
every formula cell the other (black, locked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..io.cell_text import put
from . import styles
from .printing import DEFAULT_PAPER, SheetPrint, apply_print_setup


@dataclass(frozen=True)
class Rule:
    """Data validation for an input: what is allowed and what the user is told."""

    kind: str  # "rate", "money", "count", "minutes", "days", "multiplier", "target", "list", "text"
    prompt: str
    choices: str = ""  # for "list": a range such as Lists!$A$2:$A$4 (no "=", as Excel stores it)

    def validation(self, title: str) -> DataValidation:
        error_text = {
            "rate": "Enter a fraction between 0 and 1 (type 40% or 0.4).",
            "money": "Enter an amount of 0 or more.",
            "count": "Enter a number of 0 or more.",
            "minutes": "Enter a number of minutes, 0 or more.",
            "days": "Enter the days a week, from 1 to 7.",
            "multiplier": "Enter a percentage of 0 or more (120% or 1.2).",
            "target": "Enter a return of -100% or more (100% = gains twice the costs).",
            "list": "Pick a value from the list.",
            "text": "Enter text of at most 255 characters.",
        }[self.kind]
        common: dict[str, Any] = {
            "allow_blank": True,
            "showInputMessage": True,
            "showErrorMessage": True,
            "promptTitle": title[:32],
            "prompt": self.prompt[:255],
            "errorTitle": "Not a valid value"[:32],
            "error": error_text,
            "errorStyle": "stop",
        }
        if self.kind == "days":
            return DataValidation(
                "decimal", operator="between", formula1="1", formula2="7", **common
            )
        if self.kind == "rate":
            return DataValidation(
                "decimal", operator="between", formula1="0", formula2="1", **common
            )
        if self.kind in ("money", "count", "minutes", "multiplier"):
            return DataValidation("decimal", operator="greaterThanOrEqual", formula1="0", **common)
        if self.kind == "target":
            return DataValidation("decimal", operator="greaterThanOrEqual", formula1="-1", **common)
        if self.kind == "list":
            if self.choices.startswith("="):
                raise ValueError(f"list choices {self.choices!r}: write them without the '='")
            return DataValidation("list", formula1=self.choices, **common)
        return DataValidation("textLength", operator="lessThanOrEqual", formula1="255", **common)


class TemplateBook:
    """An openpyxl workbook plus the bookkeeping the templates need."""

    def __init__(self, fill: Mapping[str, Any] | None = None) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.names: dict[str, str] = {}  # defined name -> absolute reference
        self.inputs: list[tuple[Worksheet, str]] = []
        self.fill = dict(fill or {})
        #: how sheets print, by title (a sheet not listed gets the default setup)
        self.layouts: dict[str, SheetPrint] = {}

    def sheet(self, title: str) -> Worksheet:
        return self.workbook.create_sheet(title)

    def define(self, name: str, sheet: Worksheet, ref: str) -> None:
        """A workbook-scope defined name for ``ref`` (made absolute) on ``sheet``."""
        if name in self.names:
            raise ValueError(f"defined name {name} is defined twice")
        absolute = ":".join(_absolute(part) for part in ref.split(":"))
        target = f"{_quote(sheet.title)}!{absolute}"
        self.workbook.defined_names[name] = DefinedName(name, attr_text=target)
        self.names[name] = target

    def input(
        self,
        sheet: Worksheet,
        ref: str,
        rule: Rule,
        *,
        name: str | None = None,
        default: Any = None,
        number_format: str = styles.NUMBER,
    ) -> None:
        """An input cell (or block): styled, unlocked, validated, optionally named.

        Its value is the fill's value for ``name`` when given, else ``default``.
        """
        cells = sheet[ref]
        block = cells if isinstance(cells, tuple) else ((cells,),)
        rows = block if isinstance(block[0], tuple) else (block,)
        for row in rows:
            for cell in row:
                styles.style_input(cell, number_format)
        if not isinstance(cells, tuple):
            value = self.fill.get(name, default) if name else default
            if value is not None:
                put(cells, value)  # a filled-in text stays text
        validation = rule.validation(name or "Input")
        validation.add(ref)
        sheet.add_data_validation(validation)
        self.inputs.append((sheet, ref))
        if name:
            self.define(name, sheet, ref)

    def formula(
        self,
        sheet: Worksheet,
        ref: str,
        formula: str,
        *,
        name: str | None = None,
        number_format: str = styles.NUMBER,
    ) -> None:
        """A formula cell: black, locked, optionally named."""
        cell = sheet[ref]
        cell.value = formula
        styles.style_formula(cell, number_format)
        if name:
            self.define(name, sheet, ref)

    def table(self, sheet: Worksheet, name: str, ref: str) -> None:
        """An Excel Table (``ListObject``) in the house style."""
        table = Table(displayName=name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)

    def print_layout(self, sheet: Worksheet, **layout: Any) -> None:
        """How ``sheet`` prints, where the default setup is not enough (see :class:`SheetPrint`)."""
        self.layouts[sheet.title] = SheetPrint(**layout)

    def finish_printing(self, *, paper: str = DEFAULT_PAPER, case_name: str = "") -> None:
        """The print setup of every sheet: one paper size, footers, print areas."""
        apply_print_setup(self.workbook, paper=paper, case_name=case_name, layouts=self.layouts)

    def protect(self, insert_rows: tuple[str, ...] = ("Costs", "Gains")) -> None:
        """Protect every sheet without a password: formulas locked, inputs unlocked.

        On the sheets of ``insert_rows`` (those holding the ``CostLines`` and
        ``GainLines`` tables) inserting rows stays allowed, so that a table can grow
        inside the protected sheet; deleting rows stays protected.
        """
        for sheet in self.workbook.worksheets:
            sheet.protection.sheet = True
            sheet.protection.formatColumns = False
            sheet.protection.formatRows = False
            sheet.protection.formatCells = False
            if sheet.title in insert_rows:
                sheet.protection.insertRows = False


def _absolute(ref: str) -> str:
    letters = "".join(c for c in ref if c.isalpha())
    digits = "".join(c for c in ref if c.isdigit())
    return f"${letters}${digits}"


def _quote(title: str) -> str:
    return f"'{title}'" if any(not c.isalnum() and c != "_" for c in title) else title

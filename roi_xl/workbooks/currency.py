"""The case's currency in every money format: a finishing pass over a built workbook.

Sheet builders format every amount with :data:`styles.CURRENCY` or
:data:`styles.CURRENCY_CENTS`, both built on the quoted literal
:data:`styles.SYMBOL` (``"$"``). That quoted literal is what makes a format a
money format: :func:`apply_currency` rewrites it, in every cell and
conditional format of every sheet, into the symbol of the case's currency (and drops the cents of a
currency that has none, such as the yen). Text cells that name the unit
(``$``, ``$ an hour``) follow too: the code typed into the ``Currency`` input
(``EUR an hour``), or the symbol in a workbook without that input.

So that a user who changes the ``Currency`` cell in Excel sees the amounts
follow, every sheet also gets one conditional format per supported currency
over its money cells (``UPPER(TRIM(Currency))="EUR"`` sets the euro's number
format). A code that is not supported is written as a prefix (``SEK 1,200``)
when the workbook is built; changing the cell to it later keeps the format
of the currency the workbook was built with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import styles


@dataclass(frozen=True)
class Currency:
    """How amounts in one currency print: the symbol before them, and cents or not."""

    code: str
    symbol: str
    cents: bool = True


#: The currencies whose usual symbol and decimals the workbooks know.
CURRENCIES: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency("USD", "$"),
        Currency("EUR", "€"),
        Currency("GBP", "£"),
        Currency("CHF", "CHF "),
        Currency("JPY", "¥", cents=False),
        Currency("AUD", "A$"),
        Currency("CAD", "C$"),
        Currency("INR", "₹"),
    )
}
#: A currency typed as its symbol.
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
DEFAULT = "USD"
_CENTS = "#,##0.00"
_WHOLE = "#,##0"
#: Conditional-format number formats get ids of their own, above those of the cells.
_FIRST_DXF_ID = 400


def currency_of(value: object) -> Currency:
    """The currency of a ``Currency`` input: a known code or symbol, else the code as a prefix.

    >>> currency_of("eur").symbol, currency_of("JPY").cents, currency_of(" £ ").code
    ('€', False, 'GBP')
    >>> currency_of("SEK").symbol, currency_of("kr").symbol, currency_of(None).code
    ('SEK ', 'kr ', 'USD')
    """
    text = str(value if value is not None else "").strip()
    if not text:
        return CURRENCIES[DEFAULT]
    code = _SYMBOLS.get(text, text.upper())
    if code in CURRENCIES:
        return CURRENCIES[code]
    # a code of the user's: letters and digits only, so the format stays a format
    safe = "".join(ch for ch in text if ch.isalnum())[:8]
    return Currency(safe, f"{safe} " if safe else "")


def is_money(number_format: str) -> bool:
    """A format built on the house's money symbol.

    >>> is_money(styles.CURRENCY), is_money(styles.NUMBER), is_money('"$"#,##0;')
    (True, False, True)
    """
    return styles.SYMBOL in number_format


def money_format(number_format: str, currency: Currency) -> str:
    """``number_format`` (built on :data:`styles.SYMBOL`) in ``currency``.

    >>> money_format(styles.CURRENCY_CENTS, currency_of("EUR"))
    '"€"#,##0.00;[Red]-"€"#,##0.00'
    >>> money_format(styles.CURRENCY_CENTS, currency_of("JPY"))
    '"¥"#,##0;[Red]-"¥"#,##0'
    """
    if not is_money(number_format):
        return number_format
    text = number_format.replace(styles.SYMBOL, f'"{currency.symbol}"')
    if not currency.cents:
        text = text.replace(_CENTS, _WHOLE)
    return text


def unit_text(text: str, currency: Currency) -> str:
    """A unit heading in ``currency``: ``$`` and ``$ an hour`` name the currency's symbol.

    >>> unit_text("$ an hour", currency_of("CHF")), unit_text("$", currency_of("EUR"))
    ('CHF an hour', '€')
    >>> unit_text("$3 a contact", currency_of("EUR"))
    '$3 a contact'
    """
    symbol = currency.symbol.strip() or currency.code
    if text == "$":
        return symbol
    if text.startswith("$ "):
        return symbol + text[1:]
    return text


def live_unit(text: str, currency: Currency) -> str:
    """A unit heading that names the code typed into the ``Currency`` input.

    >>> live_unit("$ an hour", currency_of("EUR"))
    '=UPPER(TRIM(Currency))&" an hour"'
    >>> live_unit("$", currency_of("EUR")), live_unit("$3", currency_of("EUR"))
    ('=UPPER(TRIM(Currency))', '$3')
    """
    if text == "$":
        return "=UPPER(TRIM(Currency))"
    if text.startswith("$ "):
        return f'=UPPER(TRIM(Currency))&"{text[1:]}"'
    return text


def _runs(cells: Iterable[tuple[int, int]]) -> list[str]:
    """Ranges covering (column, row) cells: one range per run of rows in a column."""
    ranges: list[str] = []
    by_column: dict[int, list[int]] = {}
    for column, row in cells:
        by_column.setdefault(column, []).append(row)
    for column, rows in sorted(by_column.items()):
        rows.sort()
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            letter = get_column_letter(column)
            ranges.append(
                f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}"
            )
            if row is not None:
                start = previous = row
    return ranges


def _follow_the_input(
    sheet: Worksheet, money: dict[str, list[tuple[int, int]]], ids: dict[str, int]
) -> None:
    """Conditional formats that give the money cells the format of the currency typed in."""
    for base, cells in money.items():
        sqref = " ".join(_runs(cells))
        for currency in CURRENCIES.values():
            code = money_format(base, currency)
            if code not in ids:
                ids[code] = _FIRST_DXF_ID + len(ids)
            style = DifferentialStyle(numFmt=NumberFormat(numFmtId=ids[code], formatCode=code))
            rule = Rule(
                type="expression",
                dxf=style,
                formula=[f'UPPER(TRIM(Currency))="{currency.code}"'],
            )
            sheet.conditional_formatting.add(sqref, rule)


def apply_currency(workbook: Workbook, value: object, *, live: bool = True) -> Currency:
    """Every money format of ``workbook`` in the currency of ``value`` (see the module doc).

    With ``live`` (the workbook has a ``Currency`` input), conditional formats make
    the money cells follow a currency typed into that input later.
    """
    currency = currency_of(value)
    ids: dict[str, int] = {}
    for sheet in workbook.worksheets:
        money: dict[str, list[tuple[int, int]]] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if is_money(cell.number_format):
                    money.setdefault(cell.number_format, []).append((cell.column, cell.row))
                    cell.number_format = money_format(cell.number_format, currency)
                elif isinstance(cell.value, str) and cell.value.startswith("$"):
                    cell.value = (live_unit if live else unit_text)(cell.value, currency)
                    cell.number_format = "@"  # a text, as the unit it replaces
        for conditional in sheet.conditional_formatting:
            for rule in conditional.rules:
                fmt = rule.dxf.numFmt if rule.dxf is not None else None
                if fmt is not None and is_money(fmt.formatCode):
                    fmt.formatCode = money_format(fmt.formatCode, currency)
        if live and money:
            _follow_the_input(sheet, money, ids)
    return currency

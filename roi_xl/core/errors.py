"""Typed exceptions of the formula core.

Every input problem raises a subclass of :class:`RoiInputError`. Each class
names the Excel error value the Excel layer shows for it, so the translation
from Python to Excel lives in one place (``excel_error``) and no code has to
guess from a message. Anything that is *not* a ``RoiInputError`` is a bug and
is never turned into an Excel error silently.
"""

from __future__ import annotations

__all__ = [
    "RoiInputError",
    "ZeroDenominatorError",
    "OutOfDomainError",
    "NeverPaysBackError",
    "NoResultError",
    "InputTypeError",
    "UnknownChoiceError",
]


class RoiInputError(ValueError):
    """An input that the formula cannot use.

    Parameters
    ----------
    argument : str
        The name of the offending argument, as the user typed it in Excel.
    message : str
        The rule that was broken, phrased for a spreadsheet user.
    """

    #: The Excel error value shown in a cell for this kind of problem.
    excel_error = "#VALUE!"

    def __init__(self, argument: str, message: str) -> None:
        self.argument = argument
        super().__init__(message)


class ZeroDenominatorError(RoiInputError):
    """A denominator is zero (costs = 0, contacts = 0, FCR = 0, ...)."""

    excel_error = "#DIV/0!"


class OutOfDomainError(RoiInputError):
    """A value outside its domain (a rate outside 0..1, a negative cost, ...)."""

    excel_error = "#NUM!"


class NeverPaysBackError(OutOfDomainError):
    """The investment never pays back within the flows given."""


class NoResultError(RoiInputError):
    """A workbook output that has no value for these inputs (``#N/A``), such as the IRR
    of net flows that never change sign. The Excel function itself says ``#NUM!``."""

    excel_error = "#N/A"


class NotLinearError(RoiInputError):
    """No straight-line answer: the result is not linear in the input here (``#N/A``)."""

    excel_error = "#N/A"


class InputTypeError(RoiInputError, TypeError):
    """Text, a boolean or an error value where a number belongs."""

    excel_error = "#VALUE!"


class UnknownChoiceError(RoiInputError):
    """A word that is not one of the allowed choices (a model, a business type)."""

    excel_error = "#VALUE!"

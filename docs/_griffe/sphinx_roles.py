"""A griffe extension for the docs build: Sphinx roles in docstrings become code.

The docstrings of ``roi_xl`` are numpydoc and name other objects with Sphinx
roles (``:func:`roi```), which mkdocstrings would print as they are. This
extension shows the name as code (``roi``) instead. The docstrings themselves
stay as they are (the doctests and ``help()`` read them).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:func|class|data|meth|mod|attr|exc|obj):`~?([^`]+)`")


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`name``` to ```name``` in every docstring mkdocstrings renders."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(r"`\1`", obj.docstring.value)

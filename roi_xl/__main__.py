"""``python -m roi_xl``: the ``roi-xl`` command."""

import sys

from .cli import main

sys.exit(main())

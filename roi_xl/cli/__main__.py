"""``python -m roi_xl.cli``: the ``roi-xl`` command."""

import sys

from . import main

sys.exit(main())

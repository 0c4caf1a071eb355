"""Test-wide setup, loaded by pytest before any test module or doctest.

The Excel functions are exercised through xlwings's Office.js call path
(``xlwings.server``), which needs two environment variables before xlwings is
first imported:

* ``XLWINGS_ON_SERVER=true`` makes ``xlwings.func`` the Office.js decorator;
* ``XLWINGS_LICENSE_KEY=noncommercial`` is xlwings's free key for
  non-commercial use, which this open-source test suite is. Commercial use of
  the Office.js/server path needs a paid xlwings licence (see README).
"""

import os

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from hypothesis import HealthCheck, settings

# Deterministic in CI (same examples every run), exploratory on a laptop.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

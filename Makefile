# roi_xl: two commands on a fresh machine.
#   make demo   creates .venv, installs roi_xl, runs the main job on the embedded example
#   make test   creates .venv, installs the test tools (and LibreOffice headless when it is
#               missing), then runs lint, type checks, the test suite and the doctests,
#               and builds the docs site
#   make docs   builds the docs site (MkDocs, --strict) from docs/ into site/
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test docs lint typecheck pytest libreoffice nodejs npm ooxml-validator benchmark workbooks templates summary-png wheel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/roi-xl demo --out out --force

# The headless workbook tests recalculate in LibreOffice (Debian: libreoffice-calc-nogui);
# pdftoppm (poppler-utils) turns the executive summary's PDF into a PNG.
# python3-uno: the test that inserts rows into a protected table drives LibreOffice through UNO.
# fonts-crosextra-carlito: Carlito, Calibri's metric twin, so that LibreOffice prints the
# workbooks' Calibri as wide as Excel does (else DejaVu Sans, a third wider: smaller pages).
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
	    || ! /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 \
	    || ! fc-match Calibri 2>/dev/null | grep -qiE 'carlito|calibri'; then \
	  echo "make: installing LibreOffice headless, its Python bridge, poppler-utils and Carlito"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    libreoffice-calc-nogui python3-uno poppler-utils fonts-crosextra-carlito; \
	fi

# The Office.js client tests run the served JavaScript in Node (Debian: nodejs).
nodejs:
	@if ! command -v node >/dev/null 2>&1; then \
	  echo "make: installing Node.js"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs; \
	fi

# The Open XML SDK validator (npm @ooxml-tools/validate, the SDK compiled to WebAssembly),
# installed from the npm registry at the version package-lock.json pins, into tools/ooxml.
# The test suite runs it over every workbook roi_xl writes; nothing is fetched at test time.
OOXML := tools/ooxml/node_modules/@ooxml-tools/validate/package.json
$(OOXML): tools/ooxml/package.json tools/ooxml/package-lock.json
	cd tools/ooxml && npm ci --no-audit --no-fund
	touch $(OOXML)

ooxml-validator: nodejs npm $(OOXML)

# npm is a package of its own on Debian.
npm:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "make: installing npm"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; \
	fi

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy roi_xl/core

# On every core, a test file per worker (module fixtures share one LibreOffice run);
# the slowest tests are listed at the end. Tests of a wall-clock limit under a second
# (marker "timing") run after, alone, so that no other test's LibreOffice competes.
pytest: $(STAMP)
	$(PY) -m pytest -n auto --dist loadfile --durations=20 -m "not timing"
	$(PY) -m pytest -m timing

# The docs site from docs/ into site/; --strict: a broken link, a page missing from the
# nav or a reference mkdocstrings cannot resolve fails the build. Offline.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

test: $(STAMP) libreoffice nodejs ooxml-validator lint typecheck docs pytest

benchmark: $(STAMP) libreoffice nodejs
	$(PY) benchmarks/bench_udfs.py
	$(PY) benchmarks/bench_templates.py
	$(PY) benchmarks/bench_attribution.py
	$(PY) benchmarks/bench_simulation.py
	$(PY) benchmarks/bench_attribute_output.py
	$(PY) benchmarks/bench_attribute_cli.py
	$(PY) benchmarks/bench_server.py
	$(PY) benchmarks/bench_baseline.py

# A pure-Python wheel in dist/ (roi_xl is not on PyPI yet: install from this file).
wheel: $(STAMP)
	rm -rf build dist/roi_xl-*.whl
	$(PY) -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	@ls dist/roi_xl-*.whl

# Rebuild the committed workbooks after changing a builder.
workbooks: $(STAMP)
	$(VENV)/bin/roi-xl calculator -o workbooks/roi_calculator.xlsm --force

templates: $(STAMP)
	$(VENV)/bin/roi-xl templates --out templates --force

# The picture of the executive summary the README shows: the demo's, printed by LibreOffice.
summary-png: $(STAMP) libreoffice
	rm -rf out/summary-png
	$(VENV)/bin/roi-xl demo --out out/summary-png >/dev/null
	mkdir -p docs
	cp out/summary-png/executive_summary.png docs/executive_summary.png

clean:
	rm -rf $(VENV) out build dist site *.egg-info

# Entry points: `make lab` (set up, open the workbook in JupyterLab), `make app` (the same
# workbook as an app, no code shown) and `make test` (set up with the test tools, run everything).
# Works on a fresh Debian/Ubuntu with python3 and make; installs python3-venv via apt when missing.
# Options for lab/app pass through: make lab ARGS="--no-browser --port 8890"
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: `lab`/`app` install only what the product needs; `test` adds the test tools.
PRODUCT_STAMP := $(VENV)/.product-stamp
TEST_STAMP    := $(VENV)/.test-stamp
NOW    ?= 2026-03-10T09:00:00+00:00
ARGS   ?=
# pip prints a line per package and a progress bar per download: a first install takes minutes.
PIP    := $(BIN)/python -m pip install --progress-bar on -c constraints.txt

.PHONY: lab app test setup setup-test lint types unit notebooks bench clean

setup: $(PRODUCT_STAMP)
setup-test: $(TEST_STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory venv-prereqs
	@echo "==> creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> updating pip"
	$(BIN)/python -m pip install --progress-bar on --upgrade "pip>=24"

$(PRODUCT_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	@echo "==> installing followup_kit and what it needs (JupyterLab, Voilà, pandas, matplotlib ...)"
	$(PIP) -e .
	@touch $@

$(TEST_STAMP): $(PRODUCT_STAMP)
	@echo "==> installing the test tools (pytest, nbval, playwright, mypy, ruff ...)"
	$(PIP) -e ".[test]"
	@touch $@

# Debian/Ubuntu ship venv support separately from python3.
.PHONY: venv-prereqs
venv-prereqs:
	@echo "python3 cannot create virtual environments yet; installing python3-venv with apt-get"
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	 else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv; fi

# Both print the start page's address (token included) once the server answers, and open it
# in a browser where there is one.
lab: setup
	$(BIN)/followup-kit lab $(ARGS)

app: setup
	$(BIN)/followup-kit app $(ARGS)

lint: setup-test
	$(BIN)/ruff check followup_kit tests benchmarks scripts
	$(BIN)/ruff format --check followup_kit tests benchmarks scripts

types: setup-test
	$(BIN)/mypy

unit: setup-test
	FOLLOWUP_KIT_NOW=$(NOW) $(BIN)/pytest --nbval --nbval-current-env

test: lint types unit

# Re-execute every notebook with the fixed clock and store the outputs (byte-identical reruns).
notebooks: setup-test
	FOLLOWUP_KIT_NOW=$(NOW) $(BIN)/python scripts/regenerate_notebooks.py

bench: setup-test
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis

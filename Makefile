# Two entry points: `make lab` (set up, open the workbook) and `make test` (set up, run everything).
# Works on a fresh Debian/Ubuntu with python3 and make; installs python3-venv via apt when missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOW    ?= 2026-03-10T09:00:00+00:00

.PHONY: lab test setup lint types unit notebooks bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory venv-prereqs
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

# Debian/Ubuntu ship venv support separately from python3.
.PHONY: venv-prereqs
venv-prereqs:
	@echo "python3 cannot create virtual environments yet; installing python3-venv with apt-get"
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-venv; \
	 else sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv; fi

lab: setup
	$(BIN)/followup-kit lab

lint: setup
	$(BIN)/ruff check followup_kit tests benchmarks scripts
	$(BIN)/ruff format --check followup_kit tests benchmarks scripts

types: setup
	$(BIN)/mypy

unit: setup
	FOLLOWUP_KIT_NOW=$(NOW) $(BIN)/pytest --nbval --nbval-current-env

test: lint types unit

# Re-execute every notebook with the fixed clock and store the outputs (byte-identical reruns).
notebooks: setup
	FOLLOWUP_KIT_NOW=$(NOW) $(BIN)/python scripts/regenerate_notebooks.py

bench: setup
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .hypothesis

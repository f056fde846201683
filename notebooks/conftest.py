"""nbval set-up: every notebook runs against its own fresh workbook with the fixed clock,
exactly like scripts/regenerate_notebooks.py, so stored outputs compare byte for byte."""

from __future__ import annotations

import os
import tempfile

import pytest

FIXED_NOW = "2026-03-10T09:00:00+00:00"
os.environ.setdefault("FOLLOWUP_KIT_NOW", FIXED_NOW)
os.environ.setdefault("MPLBACKEND", "Agg")

_homes: dict[str, str] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # nbval starts a notebook's kernel when its first cell is set up; the kernel inherits this
    # environment, so each notebook gets its own empty workbook folder.
    notebook = str(item.path)
    if notebook.endswith(".ipynb") and notebook not in _homes:
        _homes[notebook] = tempfile.mkdtemp(prefix="fk-nbval-")
        os.environ["FOLLOWUP_KIT_HOME"] = _homes[notebook]

"""Shared pytest set-up: the chart backend and where artefacts for people to look at go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Charts render off-screen in tests and CI.
os.environ.setdefault("MPLBACKEND", "Agg")

BUILD = Path(__file__).resolve().parent.parent / "build"


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """The folder a test run leaves behind for a person to look at (charts, screenshots)."""
    BUILD.mkdir(exist_ok=True)
    return BUILD

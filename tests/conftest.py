"""Shared pytest set-up: the chart backend and where artefacts for people to look at go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Charts render off-screen in tests and CI.
os.environ.setdefault("MPLBACKEND", "Agg")

# A runaway read (`plan /dev/zero` once grew to 23 GB) must fail the test with MemoryError, not
# take the machine down. RLIMIT_DATA rather than an address-space cap (`ulimit -v`): Chromium
# reserves far more address space than it uses and does not start under one. Child processes
# (the CLI, JupyterLab, Chromium) inherit it.
MOST_TEST_MEMORY = int(os.environ.get("FOLLOWUP_KIT_TEST_MEMORY", str(6 * 1024**3)))


def _cap_memory() -> None:
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = MOST_TEST_MEMORY if hard == resource.RLIM_INFINITY else min(MOST_TEST_MEMORY, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


_cap_memory()

BUILD = Path(__file__).resolve().parent.parent / "build"


@pytest.fixture(scope="session")
def build_dir() -> Path:
    """The folder a test run leaves behind for a person to look at (charts, screenshots)."""
    BUILD.mkdir(exist_ok=True)
    return BUILD

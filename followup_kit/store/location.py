"""Where the workbook lives when no path is given: a per-user data folder, never the source tree.

Order: the `path` argument, then the folder in FOLLOWUP_KIT_HOME, then $XDG_DATA_HOME/followup_kit,
then ~/.local/share/followup_kit (the XDG default).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ENV_HOME", "WORKBOOK_NAME", "default_workbook_path"]

ENV_HOME = "FOLLOWUP_KIT_HOME"
WORKBOOK_NAME = "workbook.sqlite"


def default_workbook_path(environ: Mapping[str, str] | None = None) -> Path:
    """The workbook file used when `Workbook.open()` is given no path."""
    env = os.environ if environ is None else environ
    home = env.get(ENV_HOME, "").strip()
    if home:
        return Path(home).expanduser() / WORKBOOK_NAME
    xdg = env.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "followup_kit" / WORKBOOK_NAME

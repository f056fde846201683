"""Where the kit keeps things when no path is given: a per-user data folder, never the source tree.

The workbook: the `path` argument, then the folder in FOLLOWUP_KIT_HOME, then the folder earlier
versions used if a workbook is already there (so nobody's data moves or vanishes), then the
operating system's own per-user data folder from `platformdirs` (Linux: $XDG_DATA_HOME or
~/.local/share; macOS: ~/Library/Application Support; Windows: %LOCALAPPDATA%), in a
`followup_kit` folder.

Beside the workbook: the `notebooks` workspace JupyterLab and Voilà serve, and inside it an
`exports` folder (so exports show in Lab's file browser, also when Lab runs on a server), with one
folder per application named after its number, client, company and role.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "ENV_HOME",
    "EXPORTS_NAME",
    "WORKBOOK_NAME",
    "WORKSPACE_NAME",
    "default_workbook_path",
    "export_folder",
    "export_folder_name",
    "exports_folder",
    "exports_folder_of",
    "legacy_data_folder",
    "platform_data_folder",
    "workspace_folder",
]

APP_NAME = "followup_kit"
ENV_HOME = "FOLLOWUP_KIT_HOME"
WORKBOOK_NAME = "workbook.sqlite"
WORKSPACE_NAME = "notebooks"
EXPORTS_NAME = "exports"
# Each part of an export folder's name is cut to this many characters, so the whole name stays
# well below the 255 a file system allows even with long company names.
_PART_LIMIT = 40


def legacy_data_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder versions before 0.2 used on every operating system: $XDG_DATA_HOME/followup_kit,
    else ~/.local/share/followup_kit."""
    env = os.environ if environ is None else environ
    xdg = env.get("XDG_DATA_HOME", "").strip()
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_NAME


def platform_data_folder() -> Path:
    """This operating system's per-user data folder for the kit (it reads the environment of the
    running process, as platformdirs does)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_workbook_path(environ: Mapping[str, str] | None = None) -> Path:
    """The workbook file used when `Workbook.open()` is given no path."""
    env = os.environ if environ is None else environ
    home = env.get(ENV_HOME, "").strip()
    if home:
        return Path(home).expanduser() / WORKBOOK_NAME
    legacy = legacy_data_folder(env) / WORKBOOK_NAME
    if legacy.exists():
        # Someone's workbook from an earlier version: keep using it where it is (on Linux this
        # is the platform folder anyway).
        return legacy
    return platform_data_folder() / WORKBOOK_NAME


def workspace_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder JupyterLab and Voilà serve: `notebooks` beside the default workbook."""
    return default_workbook_path(environ).parent / WORKSPACE_NAME


def exports_folder(environ: Mapping[str, str] | None = None) -> Path:
    """Where exports go: `exports` inside the served workspace, beside the user's notebooks."""
    return workspace_folder(environ) / EXPORTS_NAME


def exports_folder_of(workbook: str | os.PathLike[str]) -> Path:
    """The exports folder that belongs to the workbook file `workbook` (for a view that has
    the open workbook's path rather than the default one)."""
    return Path(workbook).parent / WORKSPACE_NAME / EXPORTS_NAME


def _part(text: str) -> str:
    """`text` as a piece of a folder name: lower case, letters and digits (accents and other
    scripts kept, since Lab shows them), every other run of characters one hyphen."""
    folded = unicodedata.normalize("NFC", text).casefold()
    words = re.findall(r"[^\W_]+", folded)
    return "-".join(words)[:_PART_LIMIT].strip("-")


def export_folder_name(number: int, client: str, company: str, role: str) -> str:
    """The folder one application's exports go into, e.g. ``003-sam-okafor-riverside-museum-
    visitor-services-lead``. The number keeps two applications apart even when everything else
    matches (two roles with the same title at one company); a re-export uses the same name, so
    it replaces the earlier set."""
    if number < 0:
        raise ValueError(f"application number {number} is negative; expected 0 or more")
    parts = [f"{number:03d}", *(p for p in map(_part, (client, company, role)) if p)]
    return "-".join(parts)


def export_folder(
    number: int,
    client: str,
    company: str,
    role: str,
    *,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The full path of one application's export folder (see `export_folder_name`)."""
    return exports_folder(environ) / export_folder_name(number, client, company, role)

"""`followup-kit lab`: JupyterLab on a private copy of the kit's notebooks.

JupyterLab autosaves into the notebooks it opens, and those notebooks show client data. If Lab
opened the repository's own notebooks, a client's details could end up in git. So the
notebooks are copied into a workspace beside the workbook (a per-user data folder) and Lab
opens that copy. A notebook already in the workspace is never overwritten: it may hold the
coach's own edits; deleting it brings back the current version on the next start.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import followup_kit
from followup_kit.errors import FollowupKitError
from followup_kit.store.location import default_workbook_path

__all__ = [
    "SOURCE_NOTEBOOKS",
    "START_NOTEBOOK",
    "Workspace",
    "lab_command",
    "prepare_workspace",
    "running_as_root",
    "workspace_folder",
]

SOURCE_NOTEBOOKS = Path(followup_kit.__file__).resolve().parents[1] / "notebooks"
START_NOTEBOOK = "00_start_here.ipynb"


@dataclass(frozen=True, slots=True)
class Workspace:
    folder: Path
    copied: tuple[str, ...]
    kept: tuple[str, ...]


def workspace_folder() -> Path:
    """Where Lab works: a `notebooks` folder beside the default workbook (honours
    FOLLOWUP_KIT_HOME)."""
    return default_workbook_path().parent / "notebooks"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def prepare_workspace(folder: Path | None = None, source: Path | None = None) -> Workspace:
    """Copy the kit's notebooks (from `source`, default `SOURCE_NOTEBOOKS`) into `folder`
    (default: `workspace_folder()`), each only when it is missing there."""
    folder = folder or workspace_folder()
    source = source or SOURCE_NOTEBOOKS
    notebooks = sorted(source.glob("*.ipynb")) if source.is_dir() else []
    if not notebooks:
        raise FollowupKitError(
            f"no notebooks found in {str(source)!r}; `followup-kit lab` needs the kit installed "
            "from its repository (`make setup`)"
        )
    repository = source.parent
    if _inside(folder, repository):
        raise FollowupKitError(
            f"the notebook workspace {str(folder)!r} is inside the kit's own folder "
            f"{str(repository)!r}, where client data could end up in git; set "
            "FOLLOWUP_KIT_HOME to a folder outside it"
        )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    copied, kept = [], []
    for notebook in notebooks:
        target = folder / notebook.name
        if target.exists():
            kept.append(notebook.name)
            continue
        shutil.copyfile(notebook, target)
        copied.append(notebook.name)
    return Workspace(folder, tuple(copied), tuple(kept))


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(
    workspace: Path, *, browser: bool = True, port: int | None = None, as_root: bool = False
) -> list[str]:
    """The command that starts JupyterLab on `workspace` with the start notebook open."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if not browser:
        command.append("--no-browser")
    if port is not None:
        command.append(f"--port={port}")
    if as_root:
        # Jupyter refuses to start as root unless told; in a container, root is the usual
        # user, and the person typed the command themselves.
        command.append("--allow-root")
    start = workspace / START_NOTEBOOK
    if start.exists():
        command.append(str(start))
    return command


def run(command: Sequence[str]) -> None:  # pragma: no cover - replaces this process
    """Replace this process with `command` (Lab's own Ctrl-C handling then applies)."""
    os.execv(command[0], list(command))

"""`followup-kit lab`: JupyterLab on a private copy of the kit's notebooks.

JupyterLab autosaves into the notebooks it opens, and those notebooks show client data. If Lab
opened the kit's own notebooks, a client's details could end up in git (or in site-packages). So
the notebooks are copied into a workspace beside the workbook (a per-user data folder) and Lab
opens that copy. A notebook already in the workspace is never overwritten: it may hold the
coach's own edits; deleting it brings back the current version on the next start.

The kit's notebooks are read with importlib.resources: a wheel carries them in
`followup_kit/notebooks/` (setup.py copies them there at build time); a checkout or an editable
install (what `make` does) reads the repository's `notebooks/` folder, the one copy there is.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import followup_kit
from followup_kit.cli.serve import HOST, Server
from followup_kit.errors import FollowupKitError
from followup_kit.store.location import workspace_folder

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11; the kit supports 3.10
    from importlib.resources.abc import Traversable

__all__ = [
    "DEFAULT_PORT",
    "START_NOTEBOOK",
    "Workspace",
    "kit_notebooks",
    "lab_server",
    "prepare_workspace",
    "running_as_root",
    "server_environment",
    "workspace_folder",
]

START_NOTEBOOK = "00_start_here.ipynb"
DEFAULT_PORT = 8888


def kit_notebooks() -> Traversable:
    """The folder of notebooks the kit ships: inside the installed package (a wheel), else the
    repository's `notebooks/` beside the package (a checkout)."""
    packaged = resources.files("followup_kit") / "notebooks"
    if packaged.is_dir():
        return packaged
    return Path(followup_kit.__file__).resolve().parents[1] / "notebooks"


@dataclass(frozen=True, slots=True)
class Workspace:
    folder: Path
    copied: tuple[str, ...]
    kept: tuple[str, ...]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def prepare_workspace(
    folder: Path | None = None, source: Traversable | Path | None = None
) -> Workspace:
    """Copy the kit's notebooks (from `source`, default `kit_notebooks()`) into `folder`
    (default: `workspace_folder()`), each only when it is missing there."""
    folder = folder or workspace_folder()
    source = source if source is not None else kit_notebooks()
    notebooks = (
        sorted((n for n in source.iterdir() if n.name.endswith(".ipynb")), key=lambda n: n.name)
        if source.is_dir()
        else []
    )
    if not notebooks:
        raise FollowupKitError(
            f"no notebooks found in {str(source)!r}; reinstall the kit (`make setup`, or "
            "pip install followup_kit)"
        )
    kit_folder = Path(str(source)).parent
    if _inside(folder, kit_folder):
        raise FollowupKitError(
            f"the notebook workspace {str(folder)!r} is inside the kit's own folder "
            f"{str(kit_folder)!r}, where client data could end up in git; set "
            "FOLLOWUP_KIT_HOME to a folder outside it"
        )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    copied, kept = [], []
    for notebook in notebooks:
        target = folder / notebook.name
        if target.exists():
            kept.append(notebook.name)
            continue
        target.write_bytes(notebook.read_bytes())
        copied.append(notebook.name)
    return Workspace(folder, tuple(copied), tuple(kept))


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def server_environment(token: str) -> dict[str, str]:
    """The server's environment: ours plus the token. Jupyter reads JUPYTER_TOKEN, which keeps
    the token out of the process list (`ps` shows every user the command line)."""
    return {**os.environ, "JUPYTER_TOKEN": token}


def lab_server(workspace: Path, *, port: int, token: str, as_root: bool = False) -> Server:
    """JupyterLab on `workspace`, on 127.0.0.1:`port`, with the start notebook as the page."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",  # serve() opens the start page itself, once Lab answers
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",  # the printed URL must be the port Lab really uses
        f"--ServerApp.root_dir={workspace}",
    ]
    if as_root:
        # Jupyter refuses to start as root unless told; in a container, root is the usual
        # user, and the person typed the command themselves.
        command.append("--allow-root")
    base = f"http://{HOST}:{port}"
    page = f"lab/tree/{quote(START_NOTEBOOK)}" if (workspace / START_NOTEBOOK).exists() else "lab"
    return Server(
        command=tuple(command),
        page_url=f"{base}/{page}?token={token}",
        status_url=f"{base}/api/status",
        name="JupyterLab",
        environment=server_environment(token),
    )

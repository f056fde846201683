"""`followup-kit app`: the start notebook as an app, served by Voilà, for a client who has never
seen Jupyter.

Voilà runs the notebook in a fresh kernel per visit and shows only its outputs: no code, no
Run All, no file browser. The cells nbval compares (they print what a widget holds, for the test
suite) carry the `fk-check` tag and are removed before the page is built. Idle kernels are shut
down (culled) so a forgotten tab does not hold a kernel for ever; the workbook saved everything
already. Like `lab`, it binds to 127.0.0.1 and needs the printed URL's token.

The notebook served is the kit's own copy (Voilà never writes into what it serves, unlike Lab's
autosave), so app mode always shows the current version, whatever the coach did to their copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from followup_kit.cli.lab import START_NOTEBOOK, kit_notebooks, server_environment
from followup_kit.cli.serve import HOST, Server
from followup_kit.errors import FollowupKitError

__all__ = [
    "CHECK_TAG",
    "CULL_IDLE_S",
    "CULL_INTERVAL_S",
    "DEFAULT_PORT",
    "app_notebook",
    "app_server",
]

DEFAULT_PORT = 8866
# Cells tagged with this are the test suite's checks; app mode never shows them.
CHECK_TAG = "fk-check"
# A kernel nobody has used for this long is shut down; every change was saved when it was made.
CULL_IDLE_S = 30 * 60
CULL_INTERVAL_S = 60


def app_notebook() -> Path:
    """The start notebook as a file Voilà can open."""
    path = Path(str(kit_notebooks() / START_NOTEBOOK))
    if not path.is_file():
        raise FollowupKitError(
            f"the start notebook {str(path)!r} is missing; reinstall the kit (`make setup`, or "
            "pip install followup_kit)"
        )
    return path


def app_server(notebook: Path, *, port: int, token: str) -> Server:
    """Voilà serving `notebook` on 127.0.0.1:`port`, behind `token`."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",  # serve() opens the page itself, once Voilà answers
        f"--Voila.ip={HOST}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",  # the printed URL must be the port Voilà really uses
        # The token comes from JUPYTER_TOKEN (kept out of `ps`); without auto_token Voilà 0.5
        # would serve with no token at all.
        "--Voila.auto_token=True",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--TagRemovePreprocessor.remove_cell_tags={CHECK_TAG}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_S}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_S}",
        "--MappingKernelManager.cull_connected=False",  # an open tab keeps its kernel
    ]
    base = f"http://{HOST}:{port}"
    return Server(
        command=tuple(command),
        page_url=f"{base}/?token={token}",
        status_url=f"{base}/login",  # a small page; the notebook itself would start a kernel
        name="Voilà",
        environment=server_environment(token),
    )

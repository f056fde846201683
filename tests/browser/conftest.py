"""Fixtures that run real JupyterLab and drive it with headless Chromium (Debian's package).

- `lab_server` (session): a throw-away copy of `notebooks/`, an empty workbook folder, isolated
  Jupyter config/data/runtime/settings folders, a free port on 127.0.0.1 and a random token;
  starts JupyterLab, waits for `/api/status`, and stops it with SIGTERM (by PID) at the end so its
  kernels shut down. The server log goes to a file; its tail is attached to a failing test.
- `lab_browser` (session) / `lab_page` (per test): Chromium from `/usr/bin/chromium`, never a
  downloaded browser (`playwright install` is not possible here). Browser console errors are
  attached to a failing test too.

Every wait is bounded, so a broken page fails within a couple of minutes instead of hanging CI.
Set FOLLOWUP_KIT_BROWSER_NOTEBOOKS to serve another folder of notebooks (debugging the harness).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("FOLLOWUP_KIT_BROWSER_NOTEBOOKS", REPO / "notebooks"))
SCREENSHOTS = REPO / "build" / "screenshots"

# The clock the notebooks see: the same fixed "now" as the nbval run.
FIXED_NOW = "2026-03-10T09:00:00+00:00"


def find_chromium() -> str | None:
    """Debian's Chromium, or whatever `chromium` is on PATH."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


CHROMIUM = find_chromium()
CHROMIUM_MISSING = "Chromium not found: apt-get install chromium to run the browser tests"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

CONSOLE_KEY = pytest.StashKey[list[str]]()  # browser console errors/warnings of a test
FAILED_KEY = pytest.StashKey[bool]()  # set when a phase of the test failed

SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 30

# JupyterLab settings forced for the test server: no news/update toasts over the screenshots.
# Everything else stays at Lab's defaults on purpose -- notably `commsOverSubshells`
# ("perCommTarget" in Lab 4.6): with ipykernel 7, callbacks of widgets created *after* a cell
# ran (e.g. by a button) then run on a subshell thread, which is what a person's Lab does too.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no server log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LabServer:
    """A running JupyterLab: where it is, how to log in, and what it serves."""

    base_url: str
    token: str
    root_dir: Path
    workbook_home: Path
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def url(self, path: str) -> str:
        """`path` under the server, with the token (e.g. `lab/tree/01_interview_intake.ipynb`)."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log_path, lines)


def _status_ok(url: str, token: str) -> bool:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as exc:
        exc.close()  # an unclosed HTTPError is a ResourceWarning (and warnings are errors)
        return False
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM by PID (the server then shuts its kernels down), wait, SIGKILL only as a last resort."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab serving a throw-away copy of the notebooks, with an empty workbook."""
    if not NOTEBOOKS.is_dir():
        pytest.fail(f"no notebooks folder at {NOTEBOOKS}")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    # Lab autosaves into whatever it opens: serve a copy, never the committed notebooks.
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    home = tmp / "home"
    home.mkdir()
    settings = tmp / "lab-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8")
    jupyter_dirs = {
        # Isolated from the user's ~/.jupyter, ~/.local/share/jupyter and ~/.ipython, so a
        # personal config, kernelspec or saved workspace cannot change what the test sees.
        "JUPYTER_CONFIG_DIR": tmp / "jupyter-config",
        "JUPYTER_DATA_DIR": tmp / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": tmp / "jupyter-runtime",
        "JUPYTERLAB_SETTINGS_DIR": tmp / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp / "lab-workspaces",
        "IPYTHONDIR": tmp / "ipython",
    }
    for path in jupyter_dirs.values():
        path.mkdir()

    env = dict(os.environ)
    env.update({name: str(path) for name, path in jupyter_dirs.items()})
    # Kernels inherit the server's environment.
    env["FOLLOWUP_KIT_HOME"] = str(home)
    env["FOLLOWUP_KIT_NOW"] = FIXED_NOW
    # tests/conftest.py sets MPLBACKEND=Agg for the test process; a person's Lab has no such
    # variable, and with it ipykernel would not switch on the inline backend.
    env.pop("MPLBACKEND", None)
    env["PYTHONUNBUFFERED"] = "1"

    port = free_port()
    token = secrets.token_hex(24)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={settings}",
        "--allow-root",
    ]
    log_path = tmp / "jupyterlab.log"
    base_url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            cmd, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    server = LabServer(base_url, token, root, home, log_path, process)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _status_ok(f"{base_url}/api/status", token):
            if process.poll() is not None:
                pytest.fail(
                    f"JupyterLab exited with code {process.returncode} before answering.\n"
                    f"command: {' '.join(cmd)}\n--- server log (tail) ---\n{server.log_tail()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not answer {base_url}/api/status within "
                    f"{SERVER_START_TIMEOUT_S} s.\n--- server log (tail) ---\n{server.log_tail()}"
                )
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def lab_browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright, stopped when the browser tests end (its
    sync API keeps an event loop running that would confuse later tests)."""
    # The browser tests carry skipif(CHROMIUM is None); Playwright itself is a test dependency,
    # so a missing install fails loudly instead of skipping.
    assert CHROMIUM is not None, CHROMIUM_MISSING
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def lab_page(lab_browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page (own context: no cookies or storage shared between tests)."""
    context = lab_browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda msg: (
            console.append(f"{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    request.node.stash[CONSOLE_KEY] = console
    try:
        yield page
        if request.node.stash.get(FAILED_KEY, False):
            # What the page looked like when the test gave up (bounded: never hang teardown).
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(
                    path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"), timeout=10_000
                )
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir(build_dir: Path) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failure, attach the server log tail and the browser console errors to the report."""
    report = yield
    if report.failed:
        item.stash[FAILED_KEY] = True
        funcargs = getattr(item, "funcargs", {})
        server = funcargs.get("lab_server")
        if isinstance(server, LabServer):
            report.sections.append(("JupyterLab server log (tail)", server.log_tail(80)))
        console = item.stash.get(CONSOLE_KEY, None)
        if console:
            report.sections.append(("browser console (errors/warnings)", "\n".join(console[-60:])))
    return report

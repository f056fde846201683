"""Run a local Jupyter server (JupyterLab or Voilà) for a person, and hand them the right page.

Both `followup-kit lab` and `followup-kit app` bind to 127.0.0.1 with a token this module makes,
wait until the server answers, then print the one URL that opens the start page already logged
in (and open it in a browser when there is one and the person did not say `--no-browser`). The
servers' own "open a browser" is off: JupyterLab's would show the Launcher, and neither knows
when a slow first start is really ready.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from followup_kit.errors import FollowupKitError

__all__ = [
    "HOST",
    "Server",
    "free_port",
    "has_graphical_browser",
    "new_token",
    "open_in_browser",
    "serve",
    "wait_until_up",
]

HOST = "127.0.0.1"
START_TIMEOUT_S = 180.0  # a first start on a slow machine compiles and imports a lot
STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Server:
    """What to start and where the person should go once it answers."""

    command: tuple[str, ...]
    page_url: str  # the start page, token included
    status_url: str  # answers once the server is serving (without starting a kernel)
    name: str  # "JupyterLab" or "Voilà", for messages
    environment: Mapping[str, str] | None = None  # None: this process's environment


def new_token() -> str:
    return secrets.token_hex(24)


def free_port(preferred: int) -> int:
    """`preferred` if nothing listens there, else a port the system hands out.

    The servers run with port retries off, so the URL printed is the one they really use."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            chosen: int = sock.getsockname()[1]
            return chosen
    raise FollowupKitError(f"no free port on {HOST}; pass --port N")  # pragma: no cover


def answers(url: str) -> bool:
    """Whether an HTTP server answers at `url` at all (an error status is an answer too: the
    server is up and handling requests)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError as exc:
        exc.close()
        return True
    except (urllib.error.URLError, OSError):
        return False


def wait_until_up(
    process: subprocess.Popen[bytes], url: str, timeout_s: float = START_TIMEOUT_S
) -> bool:
    """Poll `url` until the server answers (True), the process exits or time runs out (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if answers(url):
            return True
        time.sleep(0.25)
    return False


def has_graphical_browser(environ: Mapping[str, str] | None = None) -> bool:
    """Whether opening a browser makes sense here. On Linux without a display, Python's
    `webbrowser` would pick a text browser (lynx, w3m) and take over the terminal, so only an
    explicit $BROWSER counts there."""
    env = os.environ if environ is None else environ
    if env.get("BROWSER"):
        return True
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def open_in_browser(url: str) -> bool:
    """Open `url` in the person's browser if this machine has one; says whether it did."""
    if not has_graphical_browser():
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    with contextlib.suppress(webbrowser.Error, OSError):
        return bool(browser.open(url, new=2))
    return False


def _launch(server: Server) -> subprocess.Popen[bytes]:
    environment = dict(server.environment) if server.environment is not None else None
    return subprocess.Popen(list(server.command), env=environment)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # the server then shuts its kernels down
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(
    server: Server,
    *,
    browser: bool,
    say: Callable[[str], None] = print,
    start_timeout_s: float = START_TIMEOUT_S,
    launch: Callable[[Server], subprocess.Popen[bytes]] | None = None,
) -> int:
    """Start `server`, print its start page's URL once it answers (and open it), then wait for it
    to end. Ctrl-C stops it (the server shuts its kernels down). Returns its exit code."""
    start = launch or _launch
    say(f"Starting {server.name}; the first start can take a minute ...")
    sys.stdout.flush()
    process = start(server)
    # A SIGTERM to this command (a service manager, `timeout`, `kill`) must stop the server too,
    # or it would run on, orphaned, with its kernels.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not wait_until_up(process, server.status_url, start_timeout_s):
            _stop(process)
            raise FollowupKitError(
                f"{server.name} did not start (exit code {process.returncode}); "
                "its messages are above"
            )
        say("")
        say(f"{server.name} is ready. Open this address in your browser (it includes your key):")
        say(f"    {server.page_url}")
        if browser and open_in_browser(server.page_url):
            say("(opened in your browser)")
        say("Press Ctrl-C here to stop it.")
        sys.stdout.flush()
        return process.wait()
    except KeyboardInterrupt:
        say(f"\nStopping {server.name} ...")
        _stop(process)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            _stop(process)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

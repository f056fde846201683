"""Start the real `followup-kit app` (Voilà) the way a person does, and stop it by PID.

Shared by tests/browser/test_app_mode.py and benchmarks/bench_app.py. The command runs with its
own empty workbook folder, isolated Jupyter folders and the fixed clock; the URL is read from
what the command prints (so the test also checks that it prints the right one).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXED_NOW = "2026-03-10T09:00:00+00:00"
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30


@dataclass
class AppProcess:
    url: str  # the page URL the command printed, token included
    home: Path  # FOLLOWUP_KIT_HOME of the app
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM by PID (the command then stops Voilà and its kernels); returns the exit code."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        return self.process.returncode


def app_environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
    ):
        folder = tmp / name.lower()
        folder.mkdir(exist_ok=True)
        env[name] = str(folder)
    env["FOLLOWUP_KIT_HOME"] = str(tmp / "home")
    env["FOLLOWUP_KIT_NOW"] = FIXED_NOW
    env.pop("MPLBACKEND", None)  # a person's kernel has none; the inline backend must switch on
    env["PYTHONUNBUFFERED"] = "1"
    # The kit under test is this checkout, also when the venv has another copy installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


@contextlib.contextmanager
def running_app(tmp: Path, port: int) -> Iterator[AppProcess]:
    """`followup-kit app --no-browser --port PORT`, up and printing its URL, then stopped."""
    log_path = tmp / "app.log"
    command = [
        sys.executable,
        "-m",
        "followup_kit.cli",
        "app",
        "--no-browser",
        "--port",
        str(port),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env=app_environment(tmp),
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    pattern = re.compile(rf"^\s+(http://127\.0\.0\.1:{port}/\?token=[0-9a-f]+)\s*$", re.M)
    app = AppProcess("", tmp / "home", log_path, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            found = pattern.search(app.log())
            if found:
                app.url = found.group(1)
                break
            if process.poll() is not None:
                raise AssertionError(
                    f"`followup-kit app` exited with {process.returncode} before printing its "
                    f"URL:\n{app.log()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"`followup-kit app` printed no URL within {START_TIMEOUT_S} s:\n"
                    f"{app.log()[-3000:]}"
                )
            time.sleep(0.2)
        yield app
    finally:
        app.stop()

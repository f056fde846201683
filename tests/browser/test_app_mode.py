"""Issue 11, app mode in a real browser: `followup-kit app` serves the start page with Voilà.

Starts the real command on a free port (it picks nothing up from the repository's own workbook),
reads the URL it prints, opens it in headless Debian Chromium and checks what a client would see:
live widgets (the widget DOM, not a `VBox(...)` repr), no code, no Run All, none of nbval's check
cells (tagged `fk-check`); without the token the page is refused. Screenshots in
build/screenshots/app-0*.png. Then SIGTERM to the command stops Voilà and its kernel.
"""

from __future__ import annotations

import http.client
import socket
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from .app_process import running_app
from .conftest import CHROMIUM, CHROMIUM_MISSING, free_port

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=CHROMIUM_MISSING)]

KERNEL_START_MS = 90_000  # Voilà runs the whole notebook (kernel start + imports) per visit

# The check cell of 00_start_here prints the workbook's contents line by line; the start widget
# shows the same text in an HTML box, so look for it only in printed (stdout) outputs.
CHECK_TEXT = "client(s),"
CODE_TEXT = "open_workspace"

# Printed text (stdout) renders as `.jp-RenderedText` in Voilà, as in Lab; widgets do not.
PRINTED_TEXTS_JS = """() => Array.from(document.querySelectorAll(
  '.jp-OutputArea-output.jp-RenderedText')).map(e => e.innerText)"""


def port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def answer_without_token(url: str) -> tuple[int, str]:
    """(status, Location) of one request for `url` with its token removed, redirects not
    followed: Voilà sends a visitor without the token to its login page, never the notebook."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def test_app_shows_live_widgets_without_code_or_checks(
    lab_page: Any, screenshots_dir: Path, tmp_path: Path
) -> None:
    page = lab_page
    port = free_port()
    with running_app(tmp_path, port) as app:
        status, location = answer_without_token(app.url)
        assert (status, location.split("?")[0]) == (302, "/login"), (
            f"without the token the app answered {status} {location!r}; expected the login page"
        )

        page.goto(app.url, timeout=KERNEL_START_MS)
        # Widgets rendered by a live kernel: the start widget's inputs and its button.
        page.locator(".fk-new-application button, button.fk-new-application").first.wait_for(
            state="visible", timeout=KERNEL_START_MS
        )
        assert page.locator(".widget-text input").count() >= 2, "no text inputs rendered"
        assert page.locator("button.jupyter-button").count() >= 1, "no buttons rendered"
        assert page.locator("text=VBox(").count() == 0, "a widget is shown as its text repr"

        # No code and nothing to run: Voilà strips the inputs; no notebook toolbar or menu.
        body = page.locator("body").inner_text()
        assert CODE_TEXT not in body, "code is visible in app mode"
        assert page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror").count() == 0
        assert (
            page.locator("[data-command='runmenu:run-all'], .jp-NotebookPanel-toolbar").count() == 0
        )

        # nbval's check cell is removed (its printed text would be a second printed output).
        printed = page.evaluate(PRINTED_TEXTS_JS)
        assert printed, "the start page printed no summary line: did the notebook run?"
        assert not any(CHECK_TEXT in text for text in printed), (
            f"a check cell (tag fk-check) is visible in app mode: {printed}"
        )
        assert (app.home / "workbook.sqlite").exists(), "the app did not open its workbook"

        page.wait_for_timeout(500)  # let the last widget paint
        page.screenshot(path=str(screenshots_dir / "app-01-start.png"))
        # Voilà scrolls inside its own container, so a full-page shot would stop at the fold:
        # bring the form into view for the second shot.
        page.locator(".fk-new-application").first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots_dir / "app-02-new-application.png"))

        code = app.stop()
        assert code == 0, f"`followup-kit app` exited with {code} on SIGTERM:\n{app.log()[-2000:]}"
        assert not port_is_open(port), "Voilà still listens after the command was stopped"
        assert "Stopping Voilà" in app.log()

"""`cli/serve.py`: start a server process, wait until it answers, hand the person its URL.

Real processes and sockets: a tiny HTTP server in a child Python stands in for Lab or Voilà
(those are started for real in tests/test_packaging.py and tests/browser/test_app_mode.py).
"""

from __future__ import annotations

import socket
import sys

import pytest

from followup_kit.cli import serve
from followup_kit.cli.serve import Server
from followup_kit.errors import FollowupKitError

# Answers one request (the readiness poll), then exits 0, as a server stopped by its user.
TINY_SERVER = """
import http.server, sys
class Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Quiet)
server.handle_request()
"""


def test_a_free_preferred_port_is_used_and_a_taken_one_is_not() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        other = serve.free_port(busy)
        assert other != busy
    assert serve.free_port(other) == other


def test_serve_prints_the_page_url_once_the_server_answers() -> None:
    port = serve.free_port(0)
    url = f"http://127.0.0.1:{port}/start?token=abc"
    server = Server(
        command=(sys.executable, "-c", TINY_SERVER, str(port)),
        page_url=url,
        status_url=f"http://127.0.0.1:{port}/",
        name="Tiny",
    )
    said: list[str] = []
    assert serve.serve(server, browser=False, say=said.append, start_timeout_s=30) == 0
    assert said[0].startswith("Starting Tiny")
    assert f"    {url}" in said
    assert not any("opened in your browser" in line for line in said)


def test_a_server_that_exits_at_once_is_reported_plainly() -> None:
    port = serve.free_port(0)
    server = Server(
        command=(sys.executable, "-c", "raise SystemExit(3)"),
        page_url=f"http://127.0.0.1:{port}/",
        status_url=f"http://127.0.0.1:{port}/",
        name="Broken",
    )
    with pytest.raises(FollowupKitError, match=r"Broken did not start \(exit code 3\)"):
        serve.serve(server, browser=False, say=lambda _line: None, start_timeout_s=30)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, False),
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"BROWSER": "firefox"}, True),
    ],
)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display rule is Linux's")
def test_a_browser_is_opened_only_where_one_can_show(
    environ: dict[str, str], expected: bool
) -> None:
    assert serve.has_graphical_browser(environ) is expected

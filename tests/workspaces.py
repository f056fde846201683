"""A workspace over a fresh workbook holding one scenario application, for the headless UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from followup_kit.core import Application
from followup_kit.store import Workbook
from tests.scenarios import application

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@contextmanager
def scenario_workspace(folder: Path, app: Application | None = None) -> Iterator[Any]:
    """Sam Okafor's application (the standard scenario unless `app`), opened in a session."""
    from followup_kit.ui import Session, Workspace  # widgets load only for the tests that use them

    with Workbook.open(folder / "workbook.sqlite", clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, app if app is not None else application())
        session = Session(book, clock=lambda: NOW)
        session.open()
        yield Workspace(session)


def stored(ws: Any) -> Any:
    """The workspace's open application as the workbook holds it now."""
    return ws.session.workbook.application(ws.session.current.id)

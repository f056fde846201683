"""The sample caseload: five fictional clients and eight applications, one in every stage.

The one copy is ``followup_kit/data/sample_caseload.json`` (a workbook export with an extra
``anchor``: the moment its dates were written for, 2026-03-10T09:00 UTC, the fixed
FOLLOWUP_KIT_NOW of the tests and notebooks). It ships inside the package and is read with
`importlib.resources`, so a wheel install has it as much as a checkout does.

Given a `now`, every date and time moves by the same whole number of weeks, so weekdays and
wall-clock times stay as written and the demo looks as fresh at any date as it did at the anchor.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from followup_kit.clock import now as clock_now
from followup_kit.core.models import Application
from followup_kit.errors import InvalidInputError
from followup_kit.store.exchange import build_export, parse_export
from followup_kit.store.workbook import Workbook

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11; the kit supports 3.10
    from importlib.resources.abc import Traversable

__all__ = ["SAMPLE_CASELOAD", "create_demo_workbook", "sample_applications", "weeks_to_shift"]

SAMPLE_CASELOAD: Traversable = resources.files("followup_kit") / "data" / "sample_caseload.json"
_WEEK = timedelta(weeks=1)


def _read() -> tuple[dict[str, Any], datetime]:
    try:
        text = SAMPLE_CASELOAD.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"the sample caseload {str(SAMPLE_CASELOAD)!r} is missing from the installed "
            "followup_kit package; reinstall it (`make setup`, or pip install followup_kit)"
        ) from None
    document = json.loads(text)
    return document, datetime.fromisoformat(document["anchor"])


def weeks_to_shift(anchor: datetime, now: datetime) -> int:
    """The whole weeks that bring `anchor` into the last seven days up to `now`.

    Rounding down (never up) keeps everything the sample records in the past: a shifted event is
    never after `now`, which the plan engine would rightly refuse."""
    if now.tzinfo is None:
        raise InvalidInputError(
            f"now {now.isoformat()} has no time zone; expected an aware time", location="now"
        )
    return (now - anchor) // _WEEK


def _shifted(value: Any, by: timedelta, zone: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        # Shift the candidate's wall-clock time, so a 14:00 interview stays at 14:00 across a
        # daylight-saving change.
        return value.astimezone(zone) + by
    if isinstance(value, date):
        return value + by
    if isinstance(value, dict):
        return {key: _shifted(item, by, zone) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shifted(item, by, zone) for item in value]
    return value


def _shift(application: Application, weeks: int) -> Application:
    if weeks == 0:
        return application
    return Application.parse(
        _shifted(application.model_dump(), weeks * _WEEK, application.candidate.zone)
    )


def sample_applications(now: datetime | None = None) -> list[tuple[str, Application]]:
    """(client name, application) for the sample caseload, in file order.

    Without `now`: as written, for the anchor 2026-03-10T09:00 UTC. With `now`: every date moved
    by `weeks_to_shift(anchor, now)` weeks. Reads the file; never touches a workbook."""
    document, anchor = _read()
    parsed = parse_export(json.dumps(document))
    weeks = 0 if now is None else weeks_to_shift(anchor, now)
    return [
        (parsed.clients[item.client].name, _shift(item.application, weeks))
        for item in parsed.applications
    ]


def create_demo_workbook(path: str | os.PathLike[str], now: datetime | None = None) -> Workbook:
    """A new workbook at `path` holding the sample caseload, shifted to `now` (default: the
    kit's clock, which honours FOLLOWUP_KIT_NOW). Refuses a workbook that already has clients,
    so a demo never mixes with a real caseload. The caller closes the returned workbook."""
    when = clock_now() if now is None else now
    document, anchor = _read()
    parsed = parse_export(json.dumps(document))
    weeks = weeks_to_shift(anchor, when)
    workbook = Workbook.open(path)
    try:
        existing = workbook.clients()
        if existing:
            raise InvalidInputError(
                f"the workbook {str(workbook.path)!r} already holds {len(existing)} client(s); "
                "expected a new path for the demo (it never mixes with a real caseload)",
                location="path",
            )
        export = build_export(
            list(parsed.clients.items()),
            [
                (index, item.client, 1, _shift(item.application, weeks))
                for index, item in enumerate(parsed.applications, start=1)
            ],
        )
        workbook.import_json(json.dumps(export))
    except BaseException:
        workbook.close()
        raise
    return workbook

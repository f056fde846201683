"""The one place that reads the clock: `now()` honours FOLLOWUP_KIT_NOW for reproducible runs."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from followup_kit.errors import InvalidInputError

ENV_NOW = "FOLLOWUP_KIT_NOW"


def now() -> datetime:
    """The current time, or the ISO timestamp in FOLLOWUP_KIT_NOW when it is set (tests,
    regenerated notebooks). A value without a time zone is read as UTC."""
    fixed = os.environ.get(ENV_NOW, "").strip()
    if not fixed:
        return datetime.now(timezone.utc)
    return parse_time(fixed, name=f"{ENV_NOW}=")


def parse_time(text: str, *, name: str = "") -> datetime:
    """An ISO timestamp typed by a person (`--now`, FOLLOWUP_KIT_NOW): aware (UTC when no zone
    is given) and within the years the kit plans in, or an InvalidInputError saying so."""
    from followup_kit.core.models import FIRST_YEAR, LAST_YEAR

    shown = repr(text if len(text) <= 60 else text[:59] + "\u2026")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"{name}{shown} is not an ISO time; expected e.g. 2026-03-10T09:00:00+00:00"
        ) from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise InvalidInputError(
            f"{name}{shown} is in the year {when.year}; expected a time between {FIRST_YEAR} "
            f"and {LAST_YEAR}"
        )
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)

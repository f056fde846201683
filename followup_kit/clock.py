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
    try:
        when = datetime.fromisoformat(fixed)
    except ValueError:
        raise InvalidInputError(
            f"{ENV_NOW}={fixed!r} is not an ISO timestamp; expected e.g. 2026-03-10T09:00:00+00:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)

"""Folding a save made from an older version into the current one, field by field.

Two notebooks load version 5; one saves version 6; the other then saves "based on 5". Rather than
overwrite version 6 (losing its change) or refuse outright, the kit compares each top-level field
of the application with version 5:

* changed on one side only: that side's value wins;
* changed to the same value on both sides: fine;
* `events` extended on both sides (nothing removed or edited): both additions are kept;
* anything else: `StaleVersionError`, naming the fields both sides changed.
"""

from __future__ import annotations

from typing import Any

from followup_kit.core.models import Application
from followup_kit.errors import InvalidInputError, StaleVersionError

__all__ = ["merge_applications", "stale_message"]


def stale_message(application_id: int, current: int, base: int, detail: str) -> str:
    return (
        f"application {application_id} was changed in another session (it is now version "
        f"{current}; your change started from version {base}) and {detail}; nothing was saved. "
        "Reload the application and make your change again"
    )


def _appended(base: list[Any], side: list[Any]) -> list[Any] | None:
    """The items `side` added after all of `base`, or None if it changed or removed any."""
    if side[: len(base)] != base:
        return None
    return side[len(base) :]


def merge_applications(
    application_id: int,
    base: Application,
    mine: Application,
    theirs: Application,
    *,
    versions: tuple[int, int],
) -> Application:
    """`mine` (edited from `base`) folded into `theirs` (the stored version). `versions` is
    (current, base) for the message."""
    old, new, stored = (a.model_dump(mode="json") for a in (base, mine, theirs))
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for name in stored:
        if new[name] == old[name] or new[name] == stored[name]:
            merged[name] = stored[name]
        elif stored[name] == old[name]:
            merged[name] = new[name]
        elif name == "events":
            ours = _appended(old[name], new[name])
            theirs_added = _appended(old[name], stored[name])
            if ours is None or theirs_added is None:
                clashes.append(name)
                continue
            merged[name] = stored[name] + [e for e in ours if e not in theirs_added]
        else:
            clashes.append(name)
    current, started = versions
    if clashes:
        raise StaleVersionError(
            stale_message(application_id, current, started, f"both changed {', '.join(clashes)}"),
            fields=tuple(clashes),
            current=current,
            base=started,
        )
    try:
        return Application.parse(merged)
    except InvalidInputError as exc:
        raise StaleVersionError(
            stale_message(
                application_id, current, started, f"the two changes do not fit together ({exc})"
            ),
            current=current,
            base=started,
        ) from None

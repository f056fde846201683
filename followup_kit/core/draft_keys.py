"""Which planned step a hand-edited draft belongs to, in a form that survives renames.

A draft edit is keyed by what the action *is* (its kind, round and sequence) plus the recipient's
interviewer id, never by their name: correcting "José Nuñez-Ødegård" to "José Nuñez" keeps the
edit. An edit whose key matches no planned action is an "orphan" (an edit for a step that is no
longer planned): it is kept and reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from followup_kit.core.models import Application, Interviewer, _name_key
from followup_kit.core.plan import Action

__all__ = ["draft_key", "split_edits"]

T = TypeVar("T")


def _recipient(application: Application, action: Action) -> Interviewer | None:
    if not action.recipient:
        return None
    if action.round is not None:
        rnd = application.round(action.round)
        return rnd.interviewer(action.recipient) if rnd is not None else None
    for rnd in reversed(application.rounds):
        person = rnd.interviewer(action.recipient)
        if person is not None:
            return person
    return None


def draft_key(application: Application, action: Action) -> str:
    """The stable key of `action`'s draft, e.g. ``thank_you|1|iv-3fa9c1d2e0|1``."""
    who = ""
    if action.recipient:
        person = _recipient(application, action)
        who = person.id if person is not None else f"name:{_name_key(action.recipient)}"
    where = "-" if action.round is None else str(action.round)
    return f"{action.kind.value}|{where}|{who}|{action.sequence}"


def split_edits(
    application: Application, actions: Iterable[Action], edits: Mapping[str, T]
) -> tuple[dict[str, T], dict[str, T]]:
    """(edits by the planned action's id, orphaned edits by their key)."""
    matched: dict[str, T] = {}
    used: set[str] = set()
    for action in actions:
        key = draft_key(application, action)
        if key in edits:
            matched[action.id] = edits[key]
            used.add(key)
    orphans = {key: edit for key, edit in edits.items() if key not in used}
    return matched, orphans

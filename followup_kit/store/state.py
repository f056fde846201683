"""Bringing a workbook's surroundings in line when it is opened.

* When a schema-1 workbook is upgraded, the side files that its kit kept beside it
  (``session.json``: the open application; ``draft-edits.json``: hand-edited drafts by action id)
  are moved into the workbook's tables and removed, so history, backup and export cover them.
  Draft edits are re-keyed by what the action *is* (`core.draft_keys.draft_key`); an edit whose
  step is no longer planned is kept under a ``legacy|`` key and reported as an orphan.
* A history with versions missing (a copy of a live workbook, a torn log) is said plainly.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_kit.core.draft_keys import draft_key
from followup_kit.core.plan import build_plan
from followup_kit.core.policy import Policy
from followup_kit.store.rebuild import load_stored

if TYPE_CHECKING:
    from followup_kit.store.workbook import Workbook

__all__ = ["CURRENT_APPLICATION", "LEGACY_PREFIX", "adopt_side_files", "history_gaps"]

CURRENT_APPLICATION = "current_application"  # the setting that remembers the open application
LEGACY_PREFIX = "legacy|"  # a draft edit whose action could not be matched when it was moved in
SESSION_FILE = "session.json"
EDITS_FILE = "draft-edits.json"


def _read_json(path: Path) -> Any:
    """The file's JSON, never following a symbolic link (a planted link is not our data)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            return json.loads(handle.read(50_000_000))
    except (OSError, ValueError, RecursionError):
        return None


def _keys_by_action_id(document: str, now: Any) -> dict[str, tuple[str, str]]:
    """action id -> (draft key, label) for an application's plan now."""
    try:
        app = load_stored(document)
        plan = build_plan(app, Policy(), now=now)
    except Exception:  # one broken application must not stop the move; its edits stay legacy
        return {}
    out = {}
    for action in plan.actions:
        label = action.kind.value.replace("_", " ")
        if action.recipient:
            label += f" to {action.recipient}"
        if action.round is not None:
            label += f" (round {action.round})"
        out[action.id] = (draft_key(app, action), label)
    return out


def adopt_side_files(workbook: Workbook) -> None:
    """Move session.json and draft-edits.json into the workbook and remove them."""
    folder = workbook.path.parent
    session_file, edits_file = folder / SESSION_FILE, folder / EDITS_FILE
    if not (os.path.lexists(session_file) or os.path.lexists(edits_file)):
        return
    session = _read_json(session_file)
    edits = _read_json(edits_file)
    kept_file = False
    with workbook._transaction() as db:  # one step: all moved, or nothing
        stamp = workbook._clock().isoformat()
        current = session.get("application") if isinstance(session, dict) else None
        if isinstance(current, int) and not isinstance(current, bool):
            db.execute(
                "INSERT OR IGNORE INTO settings (name, value, updated_at) VALUES (?, ?, ?)",
                (CURRENT_APPLICATION, json.dumps(current), stamp),
            )
        for app_key, by_action in (edits if isinstance(edits, dict) else {}).items():
            if not isinstance(by_action, dict):
                continue
            row = db.execute(
                "SELECT h.document FROM applications a JOIN history h "
                "ON h.application_id = a.id AND h.version = a.version WHERE a.id = ?",
                (int(app_key) if str(app_key).isdigit() else -1,),
            ).fetchone()
            if row is None:
                kept_file = True  # edits for an application this workbook lacks: never drop
                continue
            keys = _keys_by_action_id(str(row[0]), workbook._clock())
            for action_id, body in by_action.items():
                if not isinstance(body, str):
                    continue
                key, label = keys.get(str(action_id), (f"{LEGACY_PREFIX}{action_id}", ""))
                db.execute(
                    "INSERT OR IGNORE INTO draft_edits "
                    "(application_id, key, body, label, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (int(app_key), key, body, label, stamp),
                )
    if os.path.lexists(session_file):
        session_file.unlink(missing_ok=True)
    if kept_file:
        workbook.warnings.append(
            f"{str(edits_file)!r} holds draft edits for applications this workbook does not "
            "have; it was left in place (the edits for the others were moved into the workbook)"
        )
    elif os.path.lexists(edits_file):
        edits_file.unlink(missing_ok=True)


def history_gaps(db: sqlite3.Connection) -> list[str]:
    """A plain sentence when some application's history lacks versions (which happens when a
    workbook is copied while in use, or its log is torn), else nothing."""
    rows = db.execute(
        "SELECT a.id, a.version, count(h.version) FROM applications a "
        "LEFT JOIN history h ON h.application_id = a.id GROUP BY a.id "
        "HAVING count(h.version) != a.version OR max(h.version) IS NOT a.version"
    ).fetchall()
    if not rows:
        return []
    listed = ", ".join(f"application {r[0]} ({r[1] - r[2]} missing)" for r in rows[:5])
    return [
        f"this workbook is missing saved versions ({listed}{'…' if len(rows) > 5 else ''}); it "
        "looks like a copy taken while the kit was using it, or a damaged log. Open the "
        "original file, or restore a backup (followup-kit restore FILE)"
    ]

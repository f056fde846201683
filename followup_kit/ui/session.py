"""One working session over the workbook: which application is open, saving it, and telling the
views when it changed. No widgets here, so tests can drive it directly."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_kit.clock import now as clock_now
from followup_kit.core import Application, Candidate, Event, Plan, Policy, build_plan, pipeline
from followup_kit.errors import FollowupKitError, InvalidInputError, StaleVersionError
from followup_kit.store import (
    ApplicationRecord,
    HistoryEntry,
    SavedApplication,
    Workbook,
    sample_applications,
)

__all__ = ["Opened", "Session", "open_session"]

Listener = Callable[["Opened"], None]


@dataclass(frozen=True)
class Opened:
    """The application the session has open, as stored."""

    id: int
    version: int
    client_id: int
    client_name: str
    application: Application
    saved_at: datetime | None = None  # when this version was stored (None: not known)


class Session:
    """The workbook plus the application being worked on.

    Saves are optimistic: each carries the version it was based on, so a second notebook that
    saved in between is never overwritten silently (the store merges safe changes or refuses).
    """

    def __init__(
        self,
        workbook: Workbook,
        *,
        clock: Callable[[], datetime] = clock_now,
        policy: Policy | None = None,
    ) -> None:
        self.workbook = workbook
        self.clock = clock
        self.policy = policy or Policy()
        self._listeners: list[Listener] = []
        self._current: Opened | None = None
        self._plan: tuple[tuple[object, ...], Plan] | None = None
        self.loaded_sample = False
        # SHIM until the store's pending values land (i10-store): kept in memory only.
        self._pending: dict[int, dict[str, tuple[str, str]]] = {}

    # -- what is open ------------------------------------------------------------------------
    @property
    def _memory(self) -> Path:
        # Remembers the open application across kernel restarts, beside the workbook file.
        return self.workbook.path.with_name("session.json")

    def _remember(self, application_id: int) -> None:
        try:
            self._memory.write_text(json.dumps({"application": application_id}), encoding="utf-8")
            os.chmod(self._memory, 0o600)
        except OSError:
            pass  # losing the bookmark only means the most urgent application opens next time

    def _remembered(self) -> int | None:
        try:
            value = json.loads(self._memory.read_text(encoding="utf-8")).get("application")
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, int) else None

    def records(self) -> list[ApplicationRecord]:
        return self.workbook.applications()

    def ensure_content(self) -> bool:
        """Load the sample caseload into an empty workbook so a first look is never blank.
        Returns True when it did."""
        if self.workbook.applications():
            return False
        clients: dict[str, int] = {}
        for client, app in sample_applications(self.clock()):
            if client not in clients:
                clients[client] = self.workbook.add_client(client).id
            self.workbook.save_application(clients[client], app)
        self.loaded_sample = True
        return True

    def open(self, application_id: int | None = None) -> Opened:
        """Open an application: the given one, else the one open last time, else the most
        urgent in the caseload."""
        records = {r.id: r for r in self.records()}
        if not records:
            raise InvalidInputError("the workbook has no applications yet; add a client first")
        chosen = application_id if application_id is not None else self._remembered()
        if chosen not in records:
            if application_id is not None:
                raise InvalidInputError(
                    f"application {application_id} is not in this workbook; expected one of "
                    f"{', '.join(str(i) for i in sorted(records))}"
                )
            urgent = pipeline({str(i): r.application for i, r in records.items()}, self.clock())
            chosen = int(urgent.iloc[0]["application"]) if len(urgent) else min(records)
        self._set(_opened(records[chosen]))
        self._remember(chosen)
        return self.current

    @property
    def current(self) -> Opened:
        if self._current is None:
            return self.open()
        return self._current

    def _set(self, opened: Opened) -> None:
        self._current = opened
        for listener in list(self._listeners):
            listener(opened)

    def on_change(self, listener: Listener) -> None:
        """Call `listener(opened)` whenever the open application changes or is saved."""
        self._listeners.append(listener)

    # -- changing it -------------------------------------------------------------------------
    def save(self, application: Application, *, base: Opened | None = None) -> Opened:
        """Save an edited application based on `base` (the version the user was shown;
        default: the one open). A change saved elsewhere since is merged where safe, else
        `StaleVersionError` is raised and the session reloads the stored version."""
        current = self.current
        base = base or current
        if application == base.application and base.version == current.version:
            return current
        try:
            saved = self.workbook.save_application(
                current.client_id,
                application,
                application_id=current.id,
                base_version=base.version,
            )
        except StaleVersionError:
            self.reload()
            raise
        return self._stored(current, saved)

    def record(self, event: Event) -> Opened:
        """Record what happened; the plan re-plans from it."""
        current = self.current
        try:
            saved = self.workbook.record_event(current.id, event, base_version=current.version)
        except StaleVersionError:
            self.reload()
            raise
        return self._stored(current, saved)

    def _stored(self, current: Opened, saved: SavedApplication) -> Opened:
        """Open what the workbook now holds (after a save, a merge or a recorded event)."""
        self._set(
            Opened(
                saved.id,
                saved.version,
                current.client_id,
                current.client_name,
                saved.application,
                self.clock(),
            )
        )
        self._remember(saved.id)
        return self.current

    def reload(self) -> Opened:
        """Open the stored version of the open application (another notebook may have saved)."""
        record = self.workbook.application(self.current.id)
        self._set(_opened(record))
        return self.current

    def check_for_changes(self) -> bool:
        """Follow a change another notebook, tab or kernel saved to the open application: the
        views are told (the form keeps the user's unsaved values apart). True when there was one."""
        if self._current is None:
            return False
        try:
            record = self.workbook.application(self._current.id)
        except FollowupKitError:
            return False  # deleted elsewhere, or the workbook is closed: nothing to follow
        if record.version == self._current.version:
            return False
        self._set(_opened(record))
        return True

    def zone(self) -> ZoneInfo:
        """The open application's candidate's time zone (times on screen are in it)."""
        return self.current.application.candidate.zone

    # -- text typed that does not validate yet -------------------------------------------------
    def pending_values(self, application_id: int) -> dict[str, tuple[str, str]]:
        """Field location -> (text as typed, its message) for an application."""
        return dict(self._pending.get(application_id, {}))

    def set_pending(
        self, application_id: int, values: dict[str, tuple[str, str]], *, scope: list[str]
    ) -> None:
        """Keep `values` as the pending texts among the locations in `scope` (others in scope
        are cleared: they saved, or were put back)."""
        mine = self._pending.setdefault(application_id, {})
        for location in scope:
            if location in values:
                mine[location] = values[location]
            else:
                mine.pop(location, None)

    # -- a way back ----------------------------------------------------------------------------
    def undo(self) -> Opened:
        """Undo the open application's latest change (a save or a recorded event)."""
        current = self.current
        saved = self.workbook.undo(current.id, base_version=current.version)
        return self._stored(current, saved)

    def can_redo(self) -> bool:
        """True when the latest change was an undo (so Redo has something to bring back)."""
        entries = self.history()
        return bool(entries) and entries[-1].change == "undo"

    def redo(self) -> Opened:
        """Bring back what the latest undo took away."""
        # SHIM until the store's redo lands (i10-store): restore the version the undo undid.
        entries = self.history()
        if not entries or entries[-1].change != "undo":
            raise InvalidInputError(
                "there is nothing to redo: the latest change was not an undo", location="redo"
            )
        return self.restore_version(entries[-2].version)

    def history(self) -> list[HistoryEntry]:
        """Every version of the open application, oldest first."""
        return self.workbook.history(self.current.id)

    def restore_version(self, version: int) -> Opened:
        """Make an earlier version the newest one (itself a new version, so it can be undone)."""
        current = self.current
        entry = next((h for h in self.history() if h.version == version), None)
        if entry is None:
            raise InvalidInputError(
                f"version {version} is not in application {current.id}'s history; expected "
                f"1 to {current.version}",
                location="version",
            )
        saved = self.workbook.save_application(
            current.client_id,
            entry.application,
            application_id=current.id,
            base_version=current.version,
        )
        return self._stored(current, saved)

    def new_application(
        self, client_name: str, company: str, role: str, **candidate: object
    ) -> Opened:
        """A new application for a client (created if new), opened for intake."""
        client = next((c for c in self.workbook.clients() if c.name == client_name), None)
        client_id = client.id if client else self.workbook.add_client(client_name).id
        app = Application(
            company=company,
            role=role,
            candidate=Candidate.parse({"name": client_name, **candidate}),
        )
        saved = self.workbook.save_application(client_id, app)
        return self.open(saved.id)

    # -- the candidate's own wording ---------------------------------------------------------
    @property
    def _edits_file(self) -> Path:
        return self.workbook.path.with_name("draft-edits.json")

    def _all_edits(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self._edits_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def draft_edits(self) -> dict[str, str]:
        """Texts the candidate rewrote by hand for the open application, by action id."""
        edits = self._all_edits().get(str(self.current.id), {})
        return {k: v for k, v in edits.items() if isinstance(k, str) and isinstance(v, str)}

    def keep_draft_edit(self, action_id: str, body: str | None) -> None:
        """Keep (or with None, forget) the candidate's wording of one draft, atomically."""
        edits = self._all_edits()
        mine = edits.setdefault(str(self.current.id), {})
        if body is None:
            mine.pop(action_id, None)
        else:
            mine[action_id] = body
        temp = self._edits_file.with_suffix(".tmp")
        temp.write_text(json.dumps(edits, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(temp, 0o600)
        os.replace(temp, self._edits_file)

    # -- what it means now -------------------------------------------------------------------
    def plan(self) -> Plan:
        """The open application's plan now. Every view asks on each change, so the plan is
        built once per stored version and minute and shared."""
        opened, now = self.current, self.clock()
        key = (opened.id, opened.version, opened.application, now.replace(second=0, microsecond=0))
        if self._plan is None or self._plan[0] != key:
            self._plan = (key, build_plan(opened.application, self.policy, now=now))
        return self._plan[1]


def _opened(record: ApplicationRecord) -> Opened:
    return Opened(
        record.id,
        record.version,
        record.client_id,
        record.client_name,
        record.application,
        record.updated_at,
    )


def open_session(
    path: str | os.PathLike[str] | None = None, *, sample_if_empty: bool = True
) -> Session:
    """Open the user's workbook (FOLLOWUP_KIT_HOME or the per-user data folder by default)."""
    session = Session(Workbook.open(path))
    if sample_if_empty:
        session.ensure_content()
    return session

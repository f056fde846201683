"""One working session over the workbook: which application is open, saving it, and telling the
views when it changed. No widgets here, so tests can drive it directly.

Everything the session remembers lives in the workbook (no side files): the open application
(a setting), the candidate's own wording of drafts (keyed by what the step *is*, so renaming an
interviewer keeps the edit) and field values that do not validate yet (pending values). History,
undo, backup and export therefore cover all of it, and two kernels share it under one lock."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from followup_kit.clock import now as clock_now
from followup_kit.core import Application, Candidate, Event, Plan, Policy, build_plan, pipeline
from followup_kit.core.draft_keys import draft_key, split_edits
from followup_kit.errors import FollowupKitError, InvalidInputError, StaleVersionError
from followup_kit.store import (
    ApplicationRecord,
    HistoryEntry,
    SavedApplication,
    Workbook,
)
from followup_kit.store.state import CURRENT_APPLICATION

__all__ = ["Opened", "OrphanEdit", "Session", "open_session"]

SAMPLE_OFFERED = "sample_caseload_offered"  # set once: removing the samples keeps them removed

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


@dataclass(frozen=True)
class OrphanEdit:
    """A hand-edited draft whose step is no longer planned: kept and shown, never dropped."""

    key: str
    body: str
    label: str  # how the step was described when the edit was kept ('' if not known)


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
        self._caseload_listeners: list[Callable[[], None]] = []
        self._current: Opened | None = None
        self._plan: tuple[tuple[object, ...], Plan] | None = None
        self._token: object = None
        self.loaded_sample = False

    # -- what is open ------------------------------------------------------------------------
    def _remember(self, application_id: int) -> None:
        # Remembers the open application across kernel restarts, in the workbook.
        if self.workbook.setting(CURRENT_APPLICATION) != application_id:
            self.workbook.set_setting(CURRENT_APPLICATION, application_id)

    def _remembered(self) -> int | None:
        value = self.workbook.setting(CURRENT_APPLICATION)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def records(self) -> list[ApplicationRecord]:
        return self.workbook.applications()

    def ensure_content(self) -> bool:
        """Load the sample caseload into a new, empty workbook so a first look is never blank
        (once: after "Remove the sample clients" it stays removed). Returns True when it did."""
        if self.workbook.applications(include_archived=True) or self.workbook.bin():
            return False
        if self.workbook.setting(SAMPLE_OFFERED):
            return False
        self.workbook.add_sample_caseload(self.clock())
        self.workbook.set_setting(SAMPLE_OFFERED, True)
        self.loaded_sample = True
        return True

    def open(self, application_id: int | None = None) -> Opened:
        """Open an application: the given one, else the one open last time, else the most
        urgent in the caseload."""
        records = {r.id: r for r in self.records()}
        if not records:
            raise InvalidInputError("the workbook has no applications yet; add a client first")
        chosen = application_id if application_id is not None else self._remembered()
        if chosen is None or chosen not in records:
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

    def on_caseload_change(self, listener: Callable[[], None]) -> None:
        """Call `listener()` when clients or applications are added, deleted, archived or
        restored (the lists in the start panel and the dashboard follow)."""
        self._caseload_listeners.append(listener)

    def caseload_changed(self) -> None:
        """Tell the views the caseload changed; reopen if the open application went away."""
        if self._current is not None:
            shown = {r.id for r in self.records()}
            if self._current.id not in shown:
                self._current = None
                if shown:
                    self.open()
        for listener in list(self._caseload_listeners):
            listener()

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
        stamp = self.workbook.version_stamp(saved.id)
        self._set(
            Opened(
                saved.id,
                saved.version,
                current.client_id,
                current.client_name,
                saved.application,
                stamp.saved_at if stamp.version == saved.version else self.clock(),
            )
        )
        self._remember(saved.id)
        return self.current

    @contextmanager
    def _reloads_when_stale(self) -> Iterator[None]:
        """Refused because another notebook saved first: show what is stored, then re-raise."""
        try:
            yield
        except StaleVersionError:
            self.reload()
            raise

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
            token = self.workbook.change_token()  # cheap: no table is read
            if token == self._token:
                return False
            self._token = token
            if self.workbook.version_stamp(self._current.id).version == self._current.version:
                return False
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
        return {
            location: (value.text, value.message)
            for location, value in self.workbook.pending_values(application_id).items()
        }

    def set_pending(
        self, application_id: int, values: dict[str, tuple[str, str]], *, scope: list[str]
    ) -> None:
        """Keep `values` as the pending texts among the locations in `scope` (others in scope
        are cleared: they saved, or were put back). Writes only what changed."""
        stored = self.pending_values(application_id)
        for location in scope:
            if location in values:
                if stored.get(location) != values[location]:
                    text, message = values[location]
                    self.workbook.keep_pending(application_id, location, text, message)
            elif location in stored:
                self.workbook.clear_pending(application_id, location)

    # -- a way back ----------------------------------------------------------------------------
    def undo(self) -> Opened:
        """Undo the open application's latest change (a save or a recorded event)."""
        current = self.current
        with self._reloads_when_stale():
            saved = self.workbook.undo(current.id, base_version=current.version)
        return self._stored(current, saved)

    def can_redo(self) -> bool:
        """True when an undo can be redone."""
        return self.workbook.can_undo(self.current.id)[1]

    def redo(self) -> Opened:
        """Bring back what the latest undo took away."""
        current = self.current
        with self._reloads_when_stale():
            saved = self.workbook.redo(current.id, base_version=current.version)
        return self._stored(current, saved)

    def history(self) -> list[HistoryEntry]:
        """Every version of the open application, oldest first."""
        return self.workbook.history(self.current.id)

    def restore_version(self, version: int) -> Opened:
        """Make an earlier version the newest one (itself a new version, so it can be undone)."""
        current = self.current
        with self._reloads_when_stale():
            saved = self.workbook.restore_version(current.id, version, base_version=current.version)
        return self._stored(current, saved)

    def new_application(
        self,
        client_name: str,
        company: str,
        role: str,
        *,
        request_id: str | None = None,
        **candidate: object,
    ) -> Opened:
        """A new application for a client (created if new), opened for intake. The same
        `request_id` twice (a double-click) creates one application."""
        app = Application(
            company=company,
            role=role,
            candidate=Candidate.parse({"name": client_name, **candidate}),
        )
        saved = self.workbook.create_application(client_name, app, request_id=request_id)
        opened = self.open(saved.id)
        self.caseload_changed()
        return opened

    # -- the candidate's own wording ---------------------------------------------------------
    def _edit_split(self) -> tuple[dict[str, str], dict[str, OrphanEdit]]:
        opened, plan = self.current, self.plan()
        edits = self.workbook.draft_edits(opened.id)
        matched, orphans = split_edits(opened.application, plan.actions, edits)
        return (
            {action_id: edit.body for action_id, edit in matched.items()},
            {key: OrphanEdit(key, edit.body, edit.label) for key, edit in orphans.items()},
        )

    def draft_edits(self) -> dict[str, str]:
        """Texts the candidate rewrote by hand for the open application, by action id."""
        return self._edit_split()[0]

    def orphan_edits(self) -> list[OrphanEdit]:
        """Hand-edited drafts for steps that are no longer planned (kept, never dropped)."""
        return list(self._edit_split()[1].values())

    def keep_draft_edit(self, action_id: str, body: str | None) -> None:
        """Keep (or with None, forget) the candidate's wording of one planned draft."""
        opened, plan = self.current, self.plan()
        action = plan.action(action_id)
        label = action.kind.value.replace("_", " ") + (
            f" to {action.recipient}" if action.recipient else ""
        )
        self.workbook.keep_draft_edit(
            opened.id, draft_key(opened.application, action), body, label=label
        )

    def forget_orphan_edit(self, key: str) -> None:
        """Remove an orphaned edit once the candidate has copied what they need from it."""
        self.workbook.keep_draft_edit(self.current.id, key, None)

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

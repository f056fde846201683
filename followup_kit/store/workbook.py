"""The workbook: one SQLite file holding a coach's clients, their applications and every change.

Every write is one transaction, started with ``BEGIN IMMEDIATE`` so it takes the write lock
before reading what it will change: two notebooks (two kernels) writing at once queue for the lock
instead of failing with "database is locked" half-way.

Versions are optimistic: each application carries a version that every write bumps. A save that
names the version it started from (`base_version`) lands when nobody saved in between; otherwise
another session's change is merged field-wise where that is safe (see `merge.py`) or the save is
refused with `StaleVersionError`. Nothing is ever silently overwritten.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from typing_extensions import Self

from followup_kit.clock import now as clock_now
from followup_kit.core.models import Application, Event
from followup_kit.core.serialization import FORMAT, FORMAT_VERSION
from followup_kit.errors import InvalidInputError, StaleVersionError
from followup_kit.store.errors import (
    DamagedRecordError,
    UnknownRecordError,
    WorkbookBusyError,
)
from followup_kit.store.exchange import MAX_DRAFT_CHARS, ClientDetails, build_export, parse_export
from followup_kit.store.location import default_workbook_path
from followup_kit.store.merge import merge_applications, stale_message
from followup_kit.store.rebuild import load_stored
from followup_kit.store.records import (
    ApplicationRecord,
    BinEntry,
    ClientRecord,
    DamagedRecord,
    DraftEdit,
    HistoryEntry,
    ImportSummary,
    PendingValue,
    SavedApplication,
    VersionStamp,
)
from followup_kit.store.schema import BUSY_TIMEOUT_SECONDS, connect, document_checksum

__all__ = ["Workbook"]

Clock = Callable[[], datetime]
_FIELDS = tuple(Application.model_fields)
# A pending value is kept as typed up to this length (the model's text fields hold 5,000).
MAX_PENDING_CHARS = 20_000


def stored_document(application: Application) -> str:
    """The versioned JSON of `dump_application`, written compactly by pydantic's own serializer
    (indentation would force Python's slow JSON encoder; the tests check the content is equal)."""
    body = application.model_dump_json()
    return f'{{"format":{json.dumps(FORMAT)},"version":{FORMAT_VERSION},"application":{body}}}'


def _changed_fields(before: Application | None, after: Application) -> str:
    if before is None:
        return "created"
    changed = [name for name in _FIELDS if getattr(before, name) != getattr(after, name)]
    return f"changed {', '.join(changed)}" if changed else "no change"


class Workbook:
    """A coach's local store. Open with `Workbook.open(path)`; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock) -> None:
        # Use Workbook.open(): it checks the file before anything is written to it.
        self._conn: sqlite3.Connection | None = connection
        # One connection, used from the kernel's main thread and from widget callbacks on
        # subshell threads: every use holds this lock (re-entrant: writes nest reads).
        self._lock = threading.RLock()
        self._path = path
        self._clock = clock
        # Parsed applications by id, valid while the stored version matches (parsing dominates
        # load time, and a notebook lists the same caseload many times).
        # Keyed by version and checksum: a version written in a transaction that was then
        # rolled back, or a restore from another workbook's backup, never serves stale data.
        self._parsed: dict[int, tuple[int, str | None, Application]] = {}
        # Stored applications that could not be shown (checksum mismatch), by id.
        self._damaged: dict[int, DamagedRecord] = {}
        # Plain sentences worth telling the user about this file (e.g. it looks copied while
        # in use); the CLI prints them, the UI shows them.
        self.warnings: list[str] = []
        self._writes = 0  # own commits, for change_token() (data_version only sees others')
        self._batching = False  # inside batch(): fold the log in once, at the end

    # -- opening and closing -------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Clock = clock_now,
        daily_backups: int = 14,
    ) -> Self:
        """Open (or create, with permissions 0600) the workbook at `path`.

        Without `path`: the folder in FOLLOWUP_KIT_HOME, else $XDG_DATA_HOME/followup_kit, else
        ~/.local/share/followup_kit. A file that is not a readable workbook raises
        `WorkbookDamagedError` and is left untouched. Once a day a backup is made in the
        `backups` folder beside it, keeping the last `daily_backups` (0: none)."""
        where = Path(path).expanduser() if path is not None else default_workbook_path()
        found: list[str] = []
        upgraded: list[int] = []
        workbook = cls(connect(where, clock().isoformat(), found, upgraded), where, clock)
        workbook.warnings.extend(found)
        try:
            workbook._after_open(daily_backups, upgraded=bool(upgraded))
        except BaseException:
            workbook.close()
            raise
        return workbook

    def _after_open(self, daily_backups: int, *, upgraded: bool) -> None:
        """Checks and one-off moves that need the whole workbook (see state.py, backups.py)."""
        from followup_kit.store import backups, state

        if upgraded:  # the side files belong to the schema-1 kit: moved in as it is upgraded
            state.adopt_side_files(self)
        self.warnings.extend(state.history_gaps(self._db))
        try:
            backups.daily_backup(self, daily_backups)
        except (OSError, InvalidInputError) as exc:
            self.warnings.append(
                f"today's backup could not be made in {str(backups.backup_folder(self._path))!r} "
                f"({getattr(exc, 'strerror', None) or exc}); the workbook itself is fine. Make "
                "one with `followup-kit backup PATH`"
            )

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                # Fold the log into the file and empty it: the .sqlite alone is complete. (If
                # another notebook is reading, its own close, or our next write, folds it in.)
                with suppress(sqlite3.Error):
                    # Never wait for a reader on close (TRUNCATE would, for the busy timeout).
                    self._conn.execute("PRAGMA busy_timeout = 0")
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._conn is not None else "closed"
        return f"<Workbook {str(self._path)!r} ({state})>"

    # -- plumbing ------------------------------------------------------------------------------
    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise InvalidInputError(
                f"the workbook {str(self._path)!r} is closed; open it again with Workbook.open()"
            )
        return self._conn

    @contextmanager
    def _translate_busy(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise WorkbookBusyError(
                    f"the workbook {str(self._path)!r} stayed busy for {BUSY_TIMEOUT_SECONDS:g} "
                    "seconds (another notebook is saving a lot at once); nothing was saved, try "
                    "again in a moment"
                ) from None
            raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or (on any error) none of it."""
        with self._lock:
            db = self._db
            with self._translate_busy():
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
                self._writes += 1
                if not self._batching:
                    self._checkpoint(db)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many saves in a row (a script loading a caseload): the log is folded into the file
        once at the end instead of after each save (each fold costs two disk syncs). Until then
        the saves are safe in the log; only a copy of the .sqlite file alone would lack them."""
        with self._lock:
            outer = self._batching
            self._batching = True
            try:
                yield
            finally:
                self._batching = outer
                if not outer and self._conn is not None:
                    self._checkpoint(self._conn)

    @staticmethod
    def _checkpoint(db: sqlite3.Connection) -> None:
        """Copy what was just committed from the log into the .sqlite file before the save is
        acknowledged, so a copy of that file alone holds it (PASSIVE: never waits for readers;
        a page a reader still needs is folded in by the next write or on close)."""
        with suppress(sqlite3.OperationalError):  # the save itself is durable in the log
            db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction: several queries see one state, while other notebooks write."""
        with self._lock:
            db = self._db
            with self._translate_busy():
                db.execute("BEGIN")
                try:
                    yield
                finally:
                    db.execute("COMMIT")

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            db = self._db
            with self._translate_busy():
                cursor = db.execute(sql, tuple(params))
                cursor.row_factory = sqlite3.Row
                return list(cursor.fetchall())

    def _stamp(self) -> str:
        return self._clock().isoformat()

    def _parse(
        self, application_id: int, version: int, document: str, checksum: str | None
    ) -> Application:
        cached = self._parsed.get(application_id)
        if cached is not None and cached[0] == version and cached[1] == checksum:
            return cached[2]
        app = self._load_checked(application_id, version, document, checksum)
        self._parsed[application_id] = (version, checksum, app)
        return app

    def _load_checked(
        self, application_id: int, version: int, document: str, checksum: str | None
    ) -> Application:
        """The stored document as an application, once its checksum matches."""
        if checksum != document_checksum(document):
            raise DamagedRecordError(
                f"version {version} of application {application_id} in {str(self._path)!r} "
                "does not match the checksum stored with it (the file was changed outside "
                "followup_kit or is damaged), so it is not shown; restore a backup "
                "(followup-kit restore FILE) or undo to an earlier version"
            )
        try:
            return load_stored(document)
        except (ValueError, InvalidInputError) as exc:
            raise DamagedRecordError(
                f"version {version} of application {application_id} in {str(self._path)!r} "
                f"cannot be read ({exc}); restore a backup (followup-kit restore FILE)"
            ) from None

    def _client_row(self, db: sqlite3.Connection, client_id: int) -> tuple[int, str]:
        row = db.execute("SELECT id, name FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise UnknownRecordError(
                f"client {client_id!r} is not in this workbook; expected the id of a client "
                "from clients()"
            )
        return int(row[0]), str(row[1])

    def _current(
        self, db: sqlite3.Connection, application_id: int
    ) -> tuple[int, int, str, str | None]:
        """(client id, version, document, checksum) of an application that is not in the bin."""
        row = db.execute(
            "SELECT a.client_id, a.version, h.document, h.checksum, "
            "a.deleted_at IS NOT NULL OR c.deleted_at IS NOT NULL "
            "FROM applications a JOIN history h "
            "ON h.application_id = a.id AND h.version = a.version "
            "JOIN clients c ON c.id = a.client_id WHERE a.id = ?",
            (application_id,),
        ).fetchone()
        if row is None:
            raise UnknownRecordError(
                f"application {application_id!r} is not in this workbook; expected the id of an "
                "application from applications()"
            )
        if row[4]:
            raise UnknownRecordError(
                f"application {application_id} is in the bin; restore it from the bin "
                "(restore_from_bin) before changing it"
            )
        return int(row[0]), int(row[1]), str(row[2]), row[3]

    def _write_version(
        self,
        db: sqlite3.Connection,
        application_id: int | None,
        version: int,
        app: Application,
        change: str,
        summary: str,
        stamp: str,
        client_id: int | None = None,
    ) -> int:
        """Store `app` as `version`: the current row, its history entry and its event rows.
        With `application_id` None, a new application of `client_id`. Returns the id."""
        document = stored_document(app)
        if application_id is None:
            cursor = db.execute(
                "INSERT INTO applications (client_id, version, updated_at) VALUES (?, ?, ?)",
                (client_id, version, stamp),
            )
            application_id = int(cursor.lastrowid or 0)
        else:
            db.execute(
                "UPDATE applications SET version = ?, updated_at = ? WHERE id = ?",
                (version, stamp, application_id),
            )
            db.execute("DELETE FROM events WHERE application_id = ?", (application_id,))
        checksum = document_checksum(document)
        db.execute(
            "INSERT INTO history (application_id, version, at, change, summary, document, "
            "checksum) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (application_id, version, stamp, change, summary, document, checksum),
        )
        db.executemany(
            "INSERT INTO events (application_id, position, kind, at, document) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (application_id, i, e.kind.value, e.at.isoformat(), e.model_dump_json())
                for i, e in enumerate(app.events)
            ],
        )
        self._parsed[application_id] = (version, checksum, app)
        return application_id

    def _insert_application(
        self, db: sqlite3.Connection, client_id: int, app: Application, change: str, stamp: str
    ) -> int:
        summary = "created" if change == "created" else "imported from a file"
        return self._write_version(db, None, 1, app, change, summary, stamp, client_id)

    def _insert_client(self, db: sqlite3.Connection, details: ClientDetails, stamp: str) -> int:
        cursor = db.execute(
            "INSERT INTO clients (name, email, notes, created_at) VALUES (?, ?, ?, ?)",
            (details.name, details.email, details.notes, stamp),
        )
        return int(cursor.lastrowid or 0)

    @staticmethod
    def _check_base(application_id: int, base_version: int, current: int) -> None:
        if not 1 <= base_version <= current:
            raise InvalidInputError(
                f"base_version {base_version!r} is not a version of application {application_id}; "
                f"expected a version from 1 to {current} (the one you loaded)",
                location="base_version",
            )

    # -- clients -------------------------------------------------------------------------------
    def add_client(self, name: str, *, email: str | None = None, notes: str = "") -> ClientRecord:
        """Add a client; their name and email are checked like the interview model's."""
        details = ClientDetails.parse({"name": name, "email": email, "notes": notes})
        with self._transaction() as db:
            client_id = self._insert_client(db, details, self._stamp())
        return ClientRecord(client_id, details.name, details.email, details.notes)

    def clients(self, *, include_archived: bool = False) -> list[ClientRecord]:
        """Every client not in the bin (archived ones only with `include_archived`), by name
        (then by id when two share a name)."""
        rows = self._read(
            "SELECT id, name, email, notes, archived_at IS NOT NULL AS archived, sample "
            "FROM clients WHERE deleted_at IS NULL"
            + ("" if include_archived else " AND archived_at IS NULL")
        )
        records = [
            ClientRecord(
                r["id"], r["name"], r["email"], r["notes"], bool(r["archived"]), bool(r["sample"])
            )
            for r in rows
        ]
        return sorted(records, key=lambda c: (c.name.casefold(), c.id))

    # -- applications --------------------------------------------------------------------------
    def save_application(
        self,
        client_id: int,
        application: Application | Mapping[str, Any],
        *,
        application_id: int | None = None,
        base_version: int | None = None,
    ) -> SavedApplication:
        """Store a new application (no `application_id`) or a new version of one.

        Saving over an existing application needs `base_version`, the version you loaded: if
        another session saved since, its change is merged field-wise where safe, else
        `StaleVersionError` is raised and nothing is saved. Saving an unchanged application
        writes nothing and returns the current version."""
        app = Application.parse(application)
        with self._transaction() as db:
            self._client_row(db, client_id)
            stamp = self._stamp()
            if application_id is None:
                if base_version is not None:
                    raise InvalidInputError(
                        f"base_version {base_version} was given for a new application; pass "
                        "application_id too to save over an existing one",
                        location="base_version",
                    )
                new_id = self._insert_application(db, client_id, app, "created", stamp)
                return SavedApplication(new_id, 1, app)
            owner, version, document, checksum = self._current(db, application_id)
            if base_version is None:
                raise InvalidInputError(
                    f"saving over application {application_id} needs base_version, the version "
                    f"you loaded (it is version {version} now), so another notebook's changes "
                    "are never overwritten",
                    location="base_version",
                )
            self._check_base(application_id, base_version, version)
            stored = self._parse(application_id, version, document, checksum)
            merged = False
            if base_version != version:
                base = self._version(db, application_id, base_version)
                app = merge_applications(
                    application_id, base, app, stored, versions=(version, base_version)
                )
                merged = True
            if app == stored and owner == client_id:
                return SavedApplication(application_id, version, stored)
            if owner != client_id:
                db.execute(
                    "UPDATE applications SET client_id = ? WHERE id = ?",
                    (client_id, application_id),
                )
            summary = _changed_fields(stored, app)
            if owner != client_id:
                move = f"moved from client {owner} to client {client_id}"
                summary = move if summary == "no change" else f"{summary}; {move}"
            if merged:
                summary += f" (merged with version {version}; started from {base_version})"
            self._write_version(
                db,
                application_id,
                version + 1,
                app,
                "merged" if merged else "saved",
                summary,
                stamp,
            )
            return SavedApplication(application_id, version + 1, app, merged)

    def record_event(
        self,
        application_id: int,
        event: Event | Mapping[str, Any],
        *,
        base_version: int | None = None,
    ) -> SavedApplication:
        """Append what happened (an `Event`) to an application.

        Appending never loses anyone's change, so an event based on an older version is added to
        the current one — unless that same event was already recorded meanwhile (two notebooks
        recording the same reply), which raises `StaleVersionError`."""
        new_event = Event.parse(event)
        with self._transaction() as db:
            _, version, document, checksum = self._current(db, application_id)
            stored = self._parse(application_id, version, document, checksum)
            merged = False
            if base_version is not None:
                self._check_base(application_id, base_version, version)
                if base_version != version:
                    before = self._version(db, application_id, base_version)
                    if new_event in stored.events[len(before.events) :]:
                        raise StaleVersionError(
                            stale_message(
                                application_id,
                                version,
                                base_version,
                                f"the same {new_event.kind.value!r} event at "
                                f"{new_event.at.isoformat()} was already recorded there",
                            ),
                            fields=("events",),
                            current=version,
                            base=base_version,
                        )
                    merged = True
            app = Application.parse({**dict(stored), "events": (*stored.events, new_event)})
            what = new_event.kind.value + (
                f" {new_event.action.value}" if new_event.action is not None else ""
            )
            summary = f"recorded {what} at {new_event.at.isoformat()}"
            if merged:
                summary += f" (added to version {version}; started from {base_version})"
            self._write_version(
                db, application_id, version + 1, app, "event", summary, self._stamp()
            )
            return SavedApplication(application_id, version + 1, app, merged)

    def _record(self, row: sqlite3.Row) -> ApplicationRecord:
        return ApplicationRecord(
            id=row["id"],
            client_id=row["client_id"],
            client_name=row["name"],
            version=row["version"],
            application=self._parse(row["id"], row["version"], row["document"], row["checksum"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            archived=bool(row["archived"]),
        )

    _SELECT = (
        "SELECT a.id, a.client_id, c.name, a.version, h.document, h.checksum, a.updated_at, "
        "(a.archived_at IS NOT NULL OR c.archived_at IS NOT NULL) AS archived "
        "FROM applications a JOIN clients c ON c.id = a.client_id "
        "JOIN history h ON h.application_id = a.id AND h.version = a.version "
        "WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL"
    )
    _NOT_ARCHIVED = " AND a.archived_at IS NULL AND c.archived_at IS NULL"

    def _records(self, rows: Iterable[sqlite3.Row]) -> list[ApplicationRecord]:
        """Records for `rows`; one that cannot be shown is reported in `damaged()` instead of
        taking the rest of the caseload down."""
        records = []
        for row in rows:
            try:
                records.append(self._record(row))
            except DamagedRecordError as exc:
                self._damaged[row["id"]] = DamagedRecord(row["id"], row["name"], str(exc))
            else:
                self._damaged.pop(row["id"], None)
        return records

    def damaged(self) -> list[DamagedRecord]:
        """Applications the last listings could not show (a problem row each), by id."""
        return [self._damaged[key] for key in sorted(self._damaged)]

    def applications(
        self, client: int | str | None = None, *, include_archived: bool = False
    ) -> list[ApplicationRecord]:
        """Every application (or one client's: by id, or by name ignoring case), by client
        name then id. Archived ones only with `include_archived`; binned ones never (see
        `bin()`); damaged ones are left out and listed by `damaged()`."""
        select = self._SELECT if include_archived else self._SELECT + self._NOT_ARCHIVED
        if client is None:
            rows = self._read(select)
        elif isinstance(client, int) and not isinstance(client, bool):
            rows = self._read(select + " AND c.id = ?", (client,))
        elif isinstance(client, str):
            key = " ".join(client.casefold().split())
            rows = [
                r for r in self._read(select) if " ".join(str(r["name"]).casefold().split()) == key
            ]
        else:
            raise InvalidInputError(
                f"client {client!r} is not a client; expected a client id or name",
                location="client",
            )
        records = self._records(rows)
        return sorted(records, key=lambda r: (r.client_name.casefold(), r.client_id, r.id))

    def application(self, application_id: int) -> ApplicationRecord:
        """One application (archived ones too). Raises `UnknownRecordError` for an unknown or
        binned id and `DamagedRecordError` when its stored document fails its checksum."""
        rows = self._read(self._SELECT + " AND a.id = ?", (application_id,))
        if not rows:
            binned = self._read("SELECT 1 FROM applications WHERE id = ?", (application_id,))
            where = "is in the bin (restore it first)" if binned else "is not in this workbook"
            raise UnknownRecordError(
                f"application {application_id!r} {where}; expected the id of an application "
                "from applications()"
            )
        return self._record(rows[0])

    def version_stamp(self, application_id: int) -> VersionStamp:
        """The live version and save time (for a header; reads no document)."""
        rows = self._read(
            "SELECT version, updated_at FROM applications WHERE id = ?", (application_id,)
        )
        if not rows:
            raise UnknownRecordError(
                f"application {application_id!r} is not in this workbook; expected the id of an "
                "application from applications()"
            )
        return VersionStamp(int(rows[0][0]), datetime.fromisoformat(rows[0][1]))

    def change_token(self) -> tuple[int, int]:
        """Differs from the last value whenever anyone (this or another notebook) committed a
        change since: compare it on a timer to know when to refresh. Cheap (no table read)."""
        with self._lock:
            data_version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        return data_version, self._writes

    # -- history, undo and redo ----------------------------------------------------------------
    def _version(self, db: sqlite3.Connection, application_id: int, version: int) -> Application:
        row = db.execute(
            "SELECT document, checksum FROM history WHERE application_id = ? AND version = ?",
            (application_id, version),
        ).fetchone()
        if row is None:  # the history is written with every version, so this means damage
            raise UnknownRecordError(
                f"version {version} of application {application_id} is missing from the history"
            )
        return self._load_checked(application_id, version, str(row[0]), row[1])

    def history(self, application_id: int) -> list[HistoryEntry]:
        """Every version of the application, oldest first (a version whose document fails its
        checksum raises `DamagedRecordError`, naming it)."""
        self.application(application_id)  # a clear error for an unknown id
        rows = self._read(
            "SELECT version, at, change, summary, document, checksum FROM history "
            "WHERE application_id = ? ORDER BY version",
            (application_id,),
        )
        return [
            HistoryEntry(
                application_id,
                r["version"],
                datetime.fromisoformat(r["at"]),
                r["change"],
                r["summary"],
                self._load_checked(application_id, r["version"], r["document"], r["checksum"]),
            )
            for r in rows
        ]

    @staticmethod
    def _stacks(
        rows: Iterable[tuple[int, str]],
    ) -> tuple[list[int], list[int]]:
        """(undo stack, redo stack) of version numbers, replaying the history.

        Every change is pushed on the undo stack; an undo moves its top to the redo stack; a
        redo moves it back; any other change clears the redo stack (as in an editor)."""
        done: list[int] = []
        undone: list[int] = []
        for number, change in rows:
            if change == "undo":
                if done:
                    undone.append(done.pop())
            elif change == "redo":
                if undone:
                    done.append(undone.pop())
            else:
                done.append(number)
                undone.clear()
        return done, undone

    def _step(
        self, application_id: int, base_version: int | None, *, forward: bool
    ) -> SavedApplication:
        word = "redo" if forward else "undo"
        with self._transaction() as db:
            _, version, document, checksum = self._current(db, application_id)
            if base_version is not None:
                self._check_base(application_id, base_version, version)
                if base_version != version:
                    raise StaleVersionError(
                        stale_message(
                            application_id,
                            version,
                            base_version,
                            f"{word} would {word} their change",
                        ),
                        current=version,
                        base=base_version,
                    )
            rows = db.execute(
                "SELECT version, change FROM history WHERE application_id = ? ORDER BY version",
                (application_id,),
            ).fetchall()
            done, undone = self._stacks((int(n), str(c)) for n, c in rows)
            if forward:
                if not undone:
                    raise InvalidInputError(
                        f"application {application_id} has nothing to redo; redo follows an "
                        "undo, before any other change",
                        location="redo",
                    )
                target = undone[-1]
                restored = self._version(db, application_id, target)
                label = f"redid version {target}"
            else:
                if len(done) < 2:
                    raise InvalidInputError(
                        f"application {application_id} has no change left to undo; it is as it "
                        "was when first saved or imported",
                        location="undo",
                    )
                target = done[-1]
                restored = self._version(db, application_id, done[-2])
                label = f"undid version {target}"
            stored = self._parse(application_id, version, document, checksum)
            summary = f"{label}: {_changed_fields(stored, restored)}"
            self._write_version(
                db, application_id, version + 1, restored, word, summary, self._stamp()
            )
            return SavedApplication(application_id, version + 1, restored)

    def undo(self, application_id: int, *, base_version: int | None = None) -> SavedApplication:
        """Undo the latest change that is not itself undone (repeat to go further back).

        Any change counts, a recorded event too. The undo is a new version whose content is the
        one before that change, so it can be inspected, redone or undone like any other."""
        return self._step(application_id, base_version, forward=False)

    def redo(self, application_id: int, *, base_version: int | None = None) -> SavedApplication:
        """Redo the latest undone change (only until another change is made)."""
        return self._step(application_id, base_version, forward=True)

    def can_undo(self, application_id: int) -> tuple[bool, bool]:
        """(an undo is possible, a redo is possible), for enabling buttons."""
        rows = self._read(
            "SELECT version, change FROM history WHERE application_id = ? ORDER BY version",
            (application_id,),
        )
        done, undone = self._stacks((int(r[0]), str(r[1])) for r in rows)
        return len(done) >= 2, bool(undone)

    def restore_version(
        self, application_id: int, version: int, *, base_version: int
    ) -> SavedApplication:
        """A new version equal to the old `version` (history is never rewritten, so this too
        can be undone). `base_version` is the version you loaded, as for a save."""
        with self._transaction() as db:
            _, current, document, checksum = self._current(db, application_id)
            self._check_base(application_id, base_version, current)
            if base_version != current:
                raise StaleVersionError(
                    stale_message(
                        application_id,
                        current,
                        base_version,
                        "restoring an older version would undo their change",
                    ),
                    current=current,
                    base=base_version,
                )
            if not 1 <= version <= current:
                raise InvalidInputError(
                    f"version {version!r} is not a version of application {application_id}; "
                    f"expected a version from 1 to {current}",
                    location="version",
                )
            restored = self._version(db, application_id, version)
            stored = self._parse(application_id, current, document, checksum)
            if restored == stored:
                return SavedApplication(application_id, current, stored)
            summary = f"restored version {version}: {_changed_fields(stored, restored)}"
            self._write_version(
                db, application_id, current + 1, restored, "restored", summary, self._stamp()
            )
            return SavedApplication(application_id, current + 1, restored)

    # -- what the user typed besides applications ----------------------------------------------
    def _known(self, db: sqlite3.Connection, application_id: int) -> None:
        if db.execute("SELECT 1 FROM applications WHERE id = ?", (application_id,)).fetchone():
            return
        raise UnknownRecordError(
            f"application {application_id!r} is not in this workbook; expected the id of an "
            "application from applications()"
        )

    def draft_edits(self, application_id: int) -> dict[str, DraftEdit]:
        """The candidate's own wording of drafts, by `core.draft_keys.draft_key` (use
        `core.draft_keys.split_edits` to match them to a plan and find orphans)."""
        rows = self._read(
            "SELECT key, body, label, updated_at FROM draft_edits WHERE application_id = ? "
            "ORDER BY key",
            (application_id,),
        )
        return {
            r["key"]: DraftEdit(r["body"], datetime.fromisoformat(r["updated_at"]), r["label"])
            for r in rows
        }

    def keep_draft_edit(
        self, application_id: int, key: str, body: str | None, *, label: str = ""
    ) -> None:
        """Keep the candidate's wording of one draft (None forgets it). `label` describes the
        step in words, to name it later if the step is no longer planned."""
        if body is not None and len(body) > MAX_DRAFT_CHARS:
            raise InvalidInputError(
                f"is {len(body):,} characters long; the limit is {MAX_DRAFT_CHARS:,}",
                location="body",
            )
        with self._transaction() as db:
            self._known(db, application_id)
            if body is None:
                db.execute(
                    "DELETE FROM draft_edits WHERE application_id = ? AND key = ?",
                    (application_id, key),
                )
            else:
                db.execute(
                    "INSERT INTO draft_edits (application_id, key, body, label, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, key) DO UPDATE SET "
                    "body = excluded.body, label = excluded.label, "
                    "updated_at = excluded.updated_at",
                    (application_id, key, body, label, self._stamp()),
                )

    def pending_values(self, application_id: int) -> dict[str, PendingValue]:
        """Form values kept as typed because they do not validate yet, by location (such as
        ``rounds[0].interviewers[1].email``)."""
        rows = self._read(
            "SELECT location, text, message, updated_at FROM pending_values "
            "WHERE application_id = ? ORDER BY location",
            (application_id,),
        )
        return {
            r["location"]: PendingValue(
                r["text"], r["message"], datetime.fromisoformat(r["updated_at"])
            )
            for r in rows
        }

    def keep_pending(self, application_id: int, location: str, text: str, message: str) -> None:
        """Keep what was typed at `location` (and why it is not saved yet) across reloads."""
        if len(text) > MAX_PENDING_CHARS:
            # Kept as far as the limit: the message says the rest was not kept.
            text = text[:MAX_PENDING_CHARS]
        with self._transaction() as db:
            self._known(db, application_id)
            db.execute(
                "INSERT INTO pending_values (application_id, location, text, message, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, location) "
                "DO UPDATE SET text = excluded.text, message = excluded.message, "
                "updated_at = excluded.updated_at",
                (application_id, location, text, message, self._stamp()),
            )

    def clear_pending(self, application_id: int, location: str | None = None) -> None:
        """Forget one pending value (it validated and was saved), or all of an application's."""
        with self._transaction() as db:
            if location is None:
                db.execute("DELETE FROM pending_values WHERE application_id = ?", (application_id,))
            else:
                db.execute(
                    "DELETE FROM pending_values WHERE application_id = ? AND location = ?",
                    (application_id, location),
                )

    def setting(self, name: str, default: Any = None) -> Any:
        """A stored setting (any JSON value), or `default`."""
        rows = self._read("SELECT value FROM settings WHERE name = ?", (name,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, name: str, value: Any) -> None:
        """Store a setting (any JSON value; None removes it)."""
        with self._transaction() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE name = ?", (name,))
                return
            db.execute(
                "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (name, json.dumps(value, ensure_ascii=False), self._stamp()),
            )

    # -- creating once, the bin and the archive ------------------------------------------------
    def create_application(
        self,
        client: int | str,
        application: Application | Mapping[str, Any],
        *,
        request_id: str | None = None,
    ) -> SavedApplication:
        """A new application for a client (by id, or by name: an existing client of that name,
        else a new one). The same `request_id` twice (a double-click) creates one application
        and returns it both times."""
        app = Application.parse(application)
        with self._transaction() as db:
            if request_id is not None:
                row = db.execute(
                    "SELECT application_id FROM requests WHERE request_id = ?", (request_id,)
                ).fetchone()
                if row is not None:
                    _, version, document, checksum = self._current(db, int(row[0]))
                    stored = self._parse(int(row[0]), version, document, checksum)
                    return SavedApplication(int(row[0]), version, stored)
            stamp = self._stamp()
            if isinstance(client, str):
                details = ClientDetails.parse({"name": client}, prefix="client")
                key = " ".join(details.name.casefold().split())
                found = [
                    int(cid)
                    for cid, name in db.execute(
                        "SELECT id, name FROM clients WHERE deleted_at IS NULL ORDER BY id"
                    )
                    if " ".join(str(name).casefold().split()) == key
                ]
                client_id = found[0] if found else self._insert_client(db, details, stamp)
            else:
                client_id, _ = self._client_row(db, client)
            new_id = self._insert_application(db, client_id, app, "created", stamp)
            if request_id is not None:
                db.execute(
                    "INSERT INTO requests (request_id, application_id, at) VALUES (?, ?, ?)",
                    (request_id, new_id, stamp),
                )
            return SavedApplication(new_id, 1, app)

    def _flag(self, table: str, column: str, record_id: int, on: bool) -> None:
        with self._transaction() as db:
            row = db.execute(f"SELECT id FROM {table} WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                kind = table.removesuffix("s")
                raise UnknownRecordError(
                    f"{kind} {record_id!r} is not in this workbook; expected the id of a "
                    f"{kind} from {table}()"
                )
            db.execute(
                f"UPDATE {table} SET {column} = ? WHERE id = ?",
                (self._stamp() if on else None, record_id),
            )

    def delete_application(self, application_id: int) -> None:
        """Move an application to the bin (restorable with `restore_from_bin`)."""
        self._flag("applications", "deleted_at", application_id, True)

    def delete_client(self, client_id: int) -> None:
        """Move a client, with all their applications, to the bin."""
        self._flag("clients", "deleted_at", client_id, True)

    def archive_application(self, application_id: int) -> None:
        """Hide an application from the default listings and the agenda (kept, unchanged)."""
        self._flag("applications", "archived_at", application_id, True)

    def unarchive_application(self, application_id: int) -> None:
        self._flag("applications", "archived_at", application_id, False)

    def archive_client(self, client_id: int) -> None:
        """Hide a client and all their applications from the default listings and the agenda."""
        self._flag("clients", "archived_at", client_id, True)

    def unarchive_client(self, client_id: int) -> None:
        self._flag("clients", "archived_at", client_id, False)

    def bin(self) -> list[BinEntry]:
        """What is in the bin, most recently deleted first."""
        entries = [
            BinEntry("client", r["id"], r["name"], datetime.fromisoformat(r["deleted_at"]), r["id"])
            for r in self._read(
                "SELECT id, name, deleted_at FROM clients WHERE deleted_at IS NOT NULL"
            )
        ]
        for r in self._read(
            "SELECT a.id, a.client_id, a.deleted_at, h.document, h.checksum "
            "FROM applications a JOIN history h "
            "ON h.application_id = a.id AND h.version = a.version WHERE a.deleted_at IS NOT NULL"
        ):
            try:
                name = load_stored(r["document"]).title
            except (ValueError, InvalidInputError):
                name = f"application {r['id']} (cannot be read)"
            entries.append(
                BinEntry(
                    "application",
                    r["id"],
                    name,
                    datetime.fromisoformat(r["deleted_at"]),
                    r["client_id"],
                )
            )
        return sorted(entries, key=lambda e: (e.deleted_at, e.kind, e.id), reverse=True)

    def restore_from_bin(self, kind: str, record_id: int) -> None:
        """Bring a deleted client ("client") or application ("application") back."""
        if kind not in ("client", "application"):
            raise InvalidInputError(
                f"{kind!r} is not something the bin holds; expected 'client' or 'application'",
                location="kind",
            )
        self._flag(f"{kind}s", "deleted_at", record_id, False)

    def add_sample_caseload(self, now: datetime | None = None) -> int:
        """Add the sample clients and applications (marked as samples, so
        `remove_sample_clients` removes exactly them). Returns how many applications."""
        from followup_kit.store.sample import sample_applications

        samples = sample_applications(self._clock() if now is None else now)
        with self._transaction() as db:
            stamp = self._stamp()
            ids: dict[str, int] = {}
            for client, app in samples:
                if client not in ids:
                    ids[client] = self._insert_client(db, ClientDetails(name=client), stamp)
                    db.execute("UPDATE clients SET sample = 1 WHERE id = ?", (ids[client],))
                self._insert_application(db, ids[client], app, "created", stamp)
        return len(samples)

    def remove_sample_clients(self) -> list[int]:
        """Move the sample clients (and their applications) to the bin in one step; returns
        their ids. A client counts as a sample when it was added as one, or (workbooks made
        before samples were marked) when its name and every application match the sample."""
        from followup_kit.store.sample import sample_applications

        try:
            sample = {
                (" ".join(c.casefold().split()), a.company, a.role)
                for c, a in sample_applications()
            }
        except FileNotFoundError:  # the file ships with a checkout; marked samples still go
            sample = set()
        names = {key[0] for key in sample}
        with self._transaction() as db:
            stamp = self._stamp()
            chosen = []
            for cid, name, marked in db.execute(
                "SELECT id, name, sample FROM clients WHERE deleted_at IS NULL"
            ).fetchall():
                key = " ".join(str(name).casefold().split())
                if not marked:
                    if key not in names:
                        continue
                    apps = [
                        load_stored(str(doc))
                        for (doc,) in db.execute(
                            "SELECT h.document FROM applications a JOIN history h "
                            "ON h.application_id = a.id AND h.version = a.version "
                            "WHERE a.client_id = ?",
                            (cid,),
                        )
                    ]
                    if not apps or any((key, a.company, a.role) not in sample for a in apps):
                        continue
                chosen.append(int(cid))
                db.execute("UPDATE clients SET deleted_at = ? WHERE id = ?", (stamp, cid))
        return chosen

    # -- export, import, backup ----------------------------------------------------------------
    def export_json(self) -> str:
        """Every client and application as JSON text (the same workbook gives the same text)."""
        with self._snapshot():
            clients = self._read(
                "SELECT id, name, email, notes FROM clients WHERE deleted_at IS NULL ORDER BY id"
            )
            rows = self._read(self._SELECT + " ORDER BY a.id")
            exported = {int(r["id"]) for r in rows}
            edits = [
                {"application": r[0], "key": r[1], "body": r[2], "label": r[3]}
                for r in self._read(
                    "SELECT application_id, key, body, label FROM draft_edits "
                    "ORDER BY application_id, key"
                )
                if int(r[0]) in exported
            ]
        for r in rows:  # never export a document that fails its checksum
            if r["checksum"] != document_checksum(r["document"]):
                self._load_checked(r["id"], r["version"], r["document"], r["checksum"])
        document = build_export(
            [
                (r["id"], ClientDetails(name=r["name"], email=r["email"], notes=r["notes"]))
                for r in clients
            ],
            [(r["id"], r["client_id"], r["version"], self._body(r["document"])) for r in rows],
            # Only when there are any, so an export without them reads as before.
            **({"draft_edits": edits} if edits else {}),
        )
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def _body(document: str) -> dict[str, Any]:
        """The application's JSON body in the current format (older documents are migrated)."""
        parsed = json.loads(document)
        if parsed.get("version") == FORMAT_VERSION and isinstance(parsed.get("application"), dict):
            body: dict[str, Any] = parsed["application"]
            return body
        return load_stored(document).model_dump(mode="json")

    def import_json(self, text: str | bytes) -> ImportSummary:
        """Add the clients and applications of an export; all or nothing.

        The file is validated in full before anything is written (InvalidInputError names every
        problem and where it is). A client whose name and email match an existing one is reused;
        an application identical to one that client already has is skipped."""
        parsed = parse_export(text)
        with self._transaction() as db:
            stamp = self._stamp()
            existing: dict[tuple[str, str | None], int] = {}
            for cid, name, email in db.execute(
                "SELECT id, name, email FROM clients WHERE deleted_at IS NULL"
            ):
                existing.setdefault((" ".join(name.casefold().split()), email), int(cid))
            ids: dict[int, int] = {}
            added_clients = 0
            for key, details in parsed.clients.items():
                match = (" ".join(details.name.casefold().split()), details.email)
                if match in existing:
                    ids[key] = existing[match]
                else:
                    ids[key] = existing[match] = self._insert_client(db, details, stamp)
                    added_clients += 1
            held: dict[int, dict[str, int]] = {}
            for cid, text_doc, app_id in db.execute(
                "SELECT a.client_id, h.document, a.id FROM applications a JOIN history h "
                "ON h.application_id = a.id AND h.version = a.version WHERE a.deleted_at IS NULL"
            ):
                held.setdefault(int(cid), {}).setdefault(str(text_doc), int(app_id))
            added = unchanged = 0
            app_ids: dict[int, int] = {}  # id in the file -> id here
            for item in parsed.applications:
                client_id = ids[item.client]
                document = stored_document(item.application)
                here = held.setdefault(client_id, {}).get(document)
                if here is not None:
                    unchanged += 1
                else:
                    here = self._insert_application(
                        db, client_id, item.application, "imported", stamp
                    )
                    held[client_id][document] = here
                    added += 1
                if item.id is not None:
                    app_ids[item.id] = here
            edits = 0
            for edit in parsed.draft_edits:
                # An edit already kept here is never overwritten by the file's.
                cursor = db.execute(
                    "INSERT OR IGNORE INTO draft_edits "
                    "(application_id, key, body, label, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (app_ids[edit.application], edit.key, edit.body, edit.label, stamp),
                )
                edits += cursor.rowcount
        return ImportSummary(added_clients, added, unchanged, edits)

    def backup(self, path: str | os.PathLike[str]) -> Path:
        """A consistent copy of the workbook at `path` (SQLite's online backup), even while
        another notebook writes. An existing file at `path` is never overwritten."""
        target = Path(path).expanduser()
        if target.exists():
            raise InvalidInputError(
                f"{str(target)!r} already exists; expected a new file name for the backup "
                "(an existing file is never overwritten)",
                location="path",
            )
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp_name = tempfile.mkstemp(
            prefix=".backup-", suffix=".sqlite", dir=target.parent
        )  # mkstemp creates it 0600
        os.close(fd)
        temp = Path(temp_name)
        try:
            copy = sqlite3.connect(temp)
            try:
                with self._lock, self._translate_busy():
                    self._db.backup(copy)
                # One self-contained file: fold the copy's log back in before it is moved.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            try:
                # link() fails if `target` appeared meanwhile; rename() would replace it.
                os.link(temp, target)
            except FileExistsError:
                raise InvalidInputError(
                    f"{str(target)!r} appeared while the backup was written; expected a new "
                    "file name for the backup (an existing file is never overwritten)",
                    location="path",
                ) from None
            except OSError:
                # Some shared and cloud-synced folders have no hard links: rename instead, after
                # one more look (a file created in between would be replaced).
                if target.exists():
                    raise InvalidInputError(
                        f"{str(target)!r} appeared while the backup was written; expected a new "
                        "file name for the backup (an existing file is never overwritten)",
                        location="path",
                    ) from None
                os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        return target

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
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from typing_extensions import Self

from followup_kit.clock import now as clock_now
from followup_kit.core.models import Application, Event
from followup_kit.core.serialization import FORMAT, FORMAT_VERSION
from followup_kit.errors import InvalidInputError, StaleVersionError
from followup_kit.store.errors import UnknownRecordError, WorkbookBusyError
from followup_kit.store.exchange import ClientDetails, build_export, parse_export
from followup_kit.store.location import default_workbook_path
from followup_kit.store.merge import merge_applications, stale_message
from followup_kit.store.rebuild import load_stored
from followup_kit.store.records import (
    ApplicationRecord,
    ClientRecord,
    HistoryEntry,
    ImportSummary,
    SavedApplication,
)
from followup_kit.store.schema import BUSY_TIMEOUT_SECONDS, connect

__all__ = ["Workbook"]

Clock = Callable[[], datetime]
_FIELDS = tuple(Application.model_fields)


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
        self._parsed: dict[int, tuple[int, Application]] = {}

    # -- opening and closing -------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, clock: Clock = clock_now) -> Self:
        """Open (or create, with permissions 0600) the workbook at `path`.

        Without `path`: the folder in FOLLOWUP_KIT_HOME, else $XDG_DATA_HOME/followup_kit, else
        ~/.local/share/followup_kit. A file that is not a readable workbook raises
        `WorkbookDamagedError` and is left untouched."""
        where = Path(path).expanduser() if path is not None else default_workbook_path()
        return cls(connect(where, clock().isoformat()), where, clock)

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
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

    def _parse(self, application_id: int, version: int, document: str) -> Application:
        cached = self._parsed.get(application_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        app = load_stored(document)
        self._parsed[application_id] = (version, app)
        return app

    def _client_row(self, db: sqlite3.Connection, client_id: int) -> tuple[int, str]:
        row = db.execute("SELECT id, name FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise UnknownRecordError(
                f"client {client_id!r} is not in this workbook; expected the id of a client "
                "from clients()"
            )
        return int(row[0]), str(row[1])

    def _current(self, db: sqlite3.Connection, application_id: int) -> tuple[int, int, str]:
        row = db.execute(
            "SELECT a.client_id, a.version, h.document FROM applications a JOIN history h "
            "ON h.application_id = a.id AND h.version = a.version WHERE a.id = ?",
            (application_id,),
        ).fetchone()
        if row is None:
            raise UnknownRecordError(
                f"application {application_id!r} is not in this workbook; expected the id of an "
                "application from applications()"
            )
        return int(row[0]), int(row[1]), str(row[2])

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
        db.execute(
            "INSERT INTO history (application_id, version, at, change, summary, document) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (application_id, version, stamp, change, summary, document),
        )
        db.executemany(
            "INSERT INTO events (application_id, position, kind, at, document) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (application_id, i, e.kind.value, e.at.isoformat(), e.model_dump_json())
                for i, e in enumerate(app.events)
            ],
        )
        self._parsed[application_id] = (version, app)
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

    def clients(self) -> list[ClientRecord]:
        """Every client, by name (then by id when two share a name)."""
        rows = self._read("SELECT id, name, email, notes FROM clients")
        records = [ClientRecord(r["id"], r["name"], r["email"], r["notes"]) for r in rows]
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
            owner, version, document = self._current(db, application_id)
            if base_version is None:
                raise InvalidInputError(
                    f"saving over application {application_id} needs base_version, the version "
                    f"you loaded (it is version {version} now), so another notebook's changes "
                    "are never overwritten",
                    location="base_version",
                )
            self._check_base(application_id, base_version, version)
            stored = self._parse(application_id, version, document)
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
            _, version, document = self._current(db, application_id)
            stored = self._parse(application_id, version, document)
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
                            )
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
            application=self._parse(row["id"], row["version"], row["document"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
        )

    _SELECT = (
        "SELECT a.id, a.client_id, c.name, a.version, h.document, a.updated_at "
        "FROM applications a JOIN clients c ON c.id = a.client_id "
        "JOIN history h ON h.application_id = a.id AND h.version = a.version"
    )

    def applications(self, client: int | str | None = None) -> list[ApplicationRecord]:
        """Every application (or one client's: by id, or by name ignoring case), by client
        name then id."""
        if client is None:
            rows = self._read(self._SELECT)
        elif isinstance(client, int) and not isinstance(client, bool):
            rows = self._read(self._SELECT + " WHERE c.id = ?", (client,))
        elif isinstance(client, str):
            key = " ".join(client.casefold().split())
            rows = [
                r
                for r in self._read(self._SELECT)
                if " ".join(str(r["name"]).casefold().split()) == key
            ]
        else:
            raise InvalidInputError(
                f"client {client!r} is not a client; expected a client id or name",
                location="client",
            )
        records = [self._record(r) for r in rows]
        return sorted(records, key=lambda r: (r.client_name.casefold(), r.client_id, r.id))

    def application(self, application_id: int) -> ApplicationRecord:
        rows = self._read(self._SELECT + " WHERE a.id = ?", (application_id,))
        if not rows:
            raise UnknownRecordError(
                f"application {application_id!r} is not in this workbook; expected the id of an "
                "application from applications()"
            )
        return self._record(rows[0])

    # -- history and undo ----------------------------------------------------------------------
    def _version(self, db: sqlite3.Connection, application_id: int, version: int) -> Application:
        row = db.execute(
            "SELECT document FROM history WHERE application_id = ? AND version = ?",
            (application_id, version),
        ).fetchone()
        if row is None:  # the history is written with every version, so this means damage
            raise UnknownRecordError(
                f"version {version} of application {application_id} is missing from the history"
            )
        return load_stored(str(row[0]))

    def history(self, application_id: int) -> list[HistoryEntry]:
        """Every version of the application, oldest first."""
        self.application(application_id)  # a clear error for an unknown id
        rows = self._read(
            "SELECT version, at, change, summary, document FROM history "
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
                load_stored(r["document"]),
            )
            for r in rows
        ]

    def undo(self, application_id: int, *, base_version: int | None = None) -> SavedApplication:
        """Undo the latest change that is not itself undone (repeat to go further back).

        The undo is a new version whose content is the one before that change, so it can be
        inspected, and undone, like any other."""
        with self._transaction() as db:
            _, version, document = self._current(db, application_id)
            if base_version is not None:
                self._check_base(application_id, base_version, version)
                if base_version != version:
                    raise StaleVersionError(
                        stale_message(
                            application_id, version, base_version, "undo would undo their change"
                        )
                    )
            rows = db.execute(
                "SELECT version, change, document FROM history WHERE application_id = ? "
                "ORDER BY version",
                (application_id,),
            ).fetchall()
            # Replay the history as an undo stack: an undo pops the change it undid.
            stack: list[tuple[int, str]] = []
            for number, change, text in rows:
                if change == "undo":
                    stack.pop()
                else:
                    stack.append((int(number), str(text)))
            if len(stack) < 2:
                raise InvalidInputError(
                    f"application {application_id} has no change left to undo; it is as it was "
                    "when first saved or imported",
                    location="undo",
                )
            undone, _ = stack[-1]
            restored = load_stored(stack[-2][1])
            stored = self._parse(application_id, version, document)
            summary = f"undid version {undone}: {_changed_fields(stored, restored)}"
            self._write_version(
                db, application_id, version + 1, restored, "undo", summary, self._stamp()
            )
            return SavedApplication(application_id, version + 1, restored)

    # -- export, import, backup ----------------------------------------------------------------
    def export_json(self) -> str:
        """Every client and application as JSON text (the same workbook gives the same text)."""
        with self._snapshot():
            clients = self._read("SELECT id, name, email, notes FROM clients ORDER BY id")
            rows = self._read(self._SELECT + " ORDER BY a.id")
        document = build_export(
            [
                (r["id"], ClientDetails(name=r["name"], email=r["email"], notes=r["notes"]))
                for r in clients
            ],
            [(r["id"], r["client_id"], r["version"], self._body(r["document"])) for r in rows],
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
            for cid, name, email in db.execute("SELECT id, name, email FROM clients"):
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
            held: dict[int, set[str]] = {}
            for cid, text_doc in db.execute(
                "SELECT a.client_id, h.document FROM applications a JOIN history h "
                "ON h.application_id = a.id AND h.version = a.version"
            ):
                held.setdefault(int(cid), set()).add(str(text_doc))
            added = unchanged = 0
            for item in parsed.applications:
                client_id = ids[item.client]
                document = stored_document(item.application)
                if document in held.setdefault(client_id, set()):
                    unchanged += 1
                    continue
                self._insert_application(db, client_id, item.application, "imported", stamp)
                held[client_id].add(document)
                added += 1
        return ImportSummary(added_clients, added, unchanged)

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

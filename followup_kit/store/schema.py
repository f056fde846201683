"""The workbook file: opening it safely, its tables, and schema migrations.

The schema version lives in ``PRAGMA user_version`` and every applied step is also recorded in
the ``schema_migrations`` table (when, and what it did). ``PRAGMA application_id`` marks the file
as a followup_kit workbook, so another program's SQLite file is refused instead of written to.

Nothing is ever written to a file that fails the checks in `connect`: the header is read with
plain file I/O first, and SQLite only writes once the file has passed ``PRAGMA quick_check``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from followup_kit.store.errors import WorkbookDamagedError

__all__ = ["APPLICATION_ID", "BUSY_TIMEOUT_SECONDS", "SCHEMA_VERSION", "connect"]

SCHEMA_VERSION = 1
APPLICATION_ID = 0x464B5742  # "FKWB"
BUSY_TIMEOUT_SECONDS = 30.0
_SQLITE_HEADER = b"SQLite format 3\x00"

_V1 = """
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
-- The current version of each application. Its content is that version's history row, so
-- every document is stored once and the two can never disagree.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_by_client ON applications (client_id);
-- One row per event of the current version, so a coach can query events with plain SQL,
-- rewritten in the same transaction as the application, so it can never disagree with it.
CREATE TABLE events (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (application_id, position)
) WITHOUT ROWID;
-- Every version of every application (the versioned JSON of the core), for undo, inspection
-- and merging stale saves.
CREATE TABLE history (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    change TEXT NOT NULL,
    summary TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (application_id, version)
);
"""

Migration = Callable[[sqlite3.Connection], None]


def _create_v1(conn: sqlite3.Connection) -> None:
    # Split by hand: executescript() would commit the surrounding transaction first. (So the
    # SQL above keeps semicolons out of its comments.)
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


# version -> (description, step that brings a workbook from version - 1 to version).
MIGRATIONS: dict[int, tuple[str, Migration]] = {1: ("create the workbook tables", _create_v1)}


def _damaged(path: Path, what: str) -> WorkbookDamagedError:
    return WorkbookDamagedError(
        f"the file {str(path)!r} {what}, so it cannot be opened as a workbook; it was left "
        "untouched. Move it aside (or restore a backup) and open the workbook again, or open "
        "another path"
    )


def _check_header(path: Path) -> bool:
    """True when the file exists and holds data (False: absent or empty, safe to initialise)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        raise _damaged(path, "is a folder") from None
    if not head:
        return False
    if head != _SQLITE_HEADER:
        raise _damaged(path, "is not a SQLite database")
    return True


def _create_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: if another process creates it first, we simply open theirs.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """(application_id, user_version) of a file that passes SQLite's own consistency check."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, f"is damaged ({exc})") from None
    if problems != ["ok"]:
        raise _damaged(path, f"is damaged ({'; '.join(problems)})")
    if app_id == 0 and tables == 0:
        return APPLICATION_ID, 0  # a fresh file (e.g. a run stopped before setting it up)
    if app_id != APPLICATION_ID:
        raise _damaged(path, "is a SQLite database of another program, not a followup_kit workbook")
    if version == 0:  # tables but no schema version: set-up cannot run over them (issue 16)
        raise _damaged(path, "has tables but no schema version (PRAGMA user_version is 0)")
    if version > SCHEMA_VERSION:
        raise WorkbookDamagedError(
            f"the workbook {str(path)!r} was written by a newer followup_kit (schema version "
            f"{version}, this kit knows up to {SCHEMA_VERSION}); update followup_kit to open it. "
            "The file was left untouched"
        )
    return app_id, version


def _migrate(conn: sqlite3.Connection, stamp: str) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another process may have set the file up meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for target in range(version + 1, SCHEMA_VERSION + 1):
            description, step = MIGRATIONS[target]
            step(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)",
                (target, stamp, description),
            )
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def connect(path: Path, stamp: str) -> sqlite3.Connection:
    """An open, checked, up-to-date connection to the workbook at `path` (created if absent).

    `stamp` is the ISO time recorded against schema migrations applied now."""
    if not _check_header(path):
        _create_file(path)
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, so every write takes
    # the write lock up front and waits (busy timeout) instead of failing half-way.
    # check_same_thread=False: JupyterLab runs some widget callbacks on a kernel subshell
    # thread; the Workbook serialises every use of the connection with its own lock.
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        _, version = _inspect(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise WorkbookDamagedError(
                f"the workbook {str(path)!r} cannot use write-ahead logging (journal mode "
                f"{mode!r}); put it on a local disk rather than a network share"
            )
        # NORMAL is durable against a crashed or killed process in WAL mode; only a power cut
        # can lose the last commits, and it never leaves the file inconsistent.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            _migrate(conn, stamp)
    except BaseException:
        conn.close()
        raise
    return conn

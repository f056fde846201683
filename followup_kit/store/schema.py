"""The workbook file: opening it safely, its tables, and schema migrations.

The schema version lives in ``PRAGMA user_version`` and every applied step is also recorded in
the ``schema_migrations`` table (when, and what it did). ``PRAGMA application_id`` marks the file
as a followup_kit workbook, so another program's SQLite file is refused instead of written to.

Nothing is ever written to a file that fails the checks in `connect`: the header is read with
plain file I/O first, and SQLite only writes once the file has passed ``PRAGMA quick_check``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from followup_kit.store import wal
from followup_kit.store.errors import WorkbookDamagedError, WorkbookReadOnlyError

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_SECONDS",
    "SCHEMA_VERSION",
    "connect",
    "document_checksum",
]

SCHEMA_VERSION = 2
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

# Everything the user typed lives in the workbook (no side files): draft edits, pending field
# values and settings; plus the bin and archive flags, idempotent creation and a checksum per
# stored document.
_V2 = """
ALTER TABLE clients ADD COLUMN deleted_at TEXT;
ALTER TABLE clients ADD COLUMN archived_at TEXT;
ALTER TABLE clients ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN deleted_at TEXT;
ALTER TABLE applications ADD COLUMN archived_at TEXT;
-- sha256 of the document, checked on every read: a flipped byte is reported, never shown.
ALTER TABLE history ADD COLUMN checksum TEXT;
-- The candidate's own wording of a draft, keyed by core.draft_keys.draft_key.
CREATE TABLE draft_edits (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (application_id, key)
) WITHOUT ROWID;
-- A form value that does not validate yet, kept as typed with its message.
CREATE TABLE pending_values (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    location TEXT NOT NULL,
    text TEXT NOT NULL,
    message TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (application_id, location)
) WITHOUT ROWID;
-- Settings (JSON values): the current application, view settings.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
-- A creation request already served (a double-click creates one application).
CREATE TABLE requests (
    request_id TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at TEXT NOT NULL
) WITHOUT ROWID
"""

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Split by hand: executescript() would commit the surrounding transaction first. (So the
    # SQL above keeps semicolons out of its comments.)
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _create_v1(conn: sqlite3.Connection) -> None:
    _run(conn, _V1)


def document_checksum(document: str) -> str:
    """What `history.checksum` holds for a stored document."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def _upgrade_v2(conn: sqlite3.Connection) -> None:
    _run(conn, _V2)
    rows = conn.execute("SELECT application_id, version, document FROM history").fetchall()
    conn.executemany(
        "UPDATE history SET checksum = ? WHERE application_id = ? AND version = ?",
        [(document_checksum(str(doc)), app, version) for app, version, doc in rows],
    )


# version -> (description, step that brings a workbook from version - 1 to version).
MIGRATIONS: dict[int, tuple[str, Migration]] = {
    1: ("create the workbook tables", _create_v1),
    2: (
        "draft edits, pending values, settings, bin and archive, creation requests, checksums",
        _upgrade_v2,
    ),
}


def _damaged(path: Path, what: str) -> WorkbookDamagedError:
    return WorkbookDamagedError(
        f"the file {str(path)!r} {what}, so it cannot be opened as a workbook; it was left "
        "untouched. Move it aside (or restore a backup) and open the workbook again, or open "
        "another path"
    )


def _read_only(path: Path, *, creating: bool = False) -> WorkbookReadOnlyError:
    """Say what is true: the file is fine, the place it is in cannot be written."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_fs = False
    why = (
        "the disk or folder it is on is mounted read-only"
        if read_only_fs
        else "you do not have permission to change it or its folder"
    )
    if creating:
        return WorkbookReadOnlyError(
            f"a workbook cannot be created at {str(path)!r}: {why}. Choose a folder you can "
            "write to (--workbook PATH or FOLLOWUP_KIT_HOME)"
        )
    return WorkbookReadOnlyError(
        f"the workbook {str(path)!r} cannot be changed: {why}. The file itself is intact and "
        "was left untouched; copy it to a folder you can write to and open the copy "
        "(--workbook PATH), or fix the permissions"
    )


def _check_header(path: Path) -> bool:
    """True when the file exists and holds a SQLite database; False when it is absent."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        raise _damaged(path, "is a folder") from None
    except PermissionError:
        raise WorkbookReadOnlyError(
            f"the workbook {str(path)!r} cannot be read: you do not have permission to read "
            "it. It was left untouched; fix its permissions or open another path"
        ) from None
    if not head:
        # Never turned silently into a new, empty workbook (with sample clients on top): a
        # file that lost its content is news the user needs. New workbooks are created
        # complete (see _create), so an empty file is never a workbook being set up.
        backups = path.parent / "backups"
        hint = (
            f"restore a backup from {str(backups)!r} (followup-kit restore FILE)"
            if backups.is_dir()
            else "restore a backup (followup-kit restore FILE)"
        )
        raise WorkbookDamagedError(
            f"the file {str(path)!r} is empty (0 bytes), so it holds no workbook; it was left "
            f"untouched. If your caseload should be in it, {hint}; to start a new workbook, "
            "delete the empty file and open it again"
        )
    if head != _SQLITE_HEADER:
        raise _damaged(path, "is not a SQLite database")
    return True


def _create(path: Path, stamp: str) -> None:
    """Make a complete, empty workbook at `path`: set up in a private temporary file and put in
    place in one step, so no one ever sees a half-made one (if another process makes it first,
    theirs is kept)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(prefix=".new-workbook-", suffix=".sqlite", dir=path.parent)
    except OSError as exc:
        if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
            raise _read_only(path, creating=True) from None
        raise
    os.close(fd)
    temp = Path(name)
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn, stamp)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        try:
            os.link(temp, path)  # fails if it exists: another process made it first
        except FileExistsError:
            pass
        except OSError:  # some shared folders have no hard links
            if not os.path.lexists(path):
                os.replace(temp, path)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, int]:
    """(application_id, user_version) of a file that passes SQLite's own consistency check."""
    try:
        # The full check (quick_check lets index corruption through); about 0.1 s for a
        # caseload of 2,000 applications (benchmarks/bench_store_open.py).
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(10)")]
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, f"is damaged ({exc})") from None
    if problems != ["ok"]:
        what = (
            "has a damaged index (the lists SQLite keeps to find rows quickly)"
            if all("index" in p for p in problems)
            else "is damaged"
        )
        raise _damaged(path, f"{what}: {'; '.join(problems[:3])}")
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


def _check_log(conn: sqlite3.Connection, path: Path, before: wal.WalScan | None) -> list[str]:
    """A plain sentence when SQLite dropped saves from a damaged or torn log (see wal.py)."""
    if before is None or not before.commits:
        return []
    row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    dropped = wal.dropped_commits(before, int(row[1]), wal.scan(path))
    if not dropped:
        return []
    return [
        f"the log file beside this workbook ({path.name}-wal) is damaged or was copied while "
        f"a notebook was writing it: {dropped} saved change(s) in it could not be read and are "
        "missing. If this is a copy, open the original instead; otherwise restore a backup "
        "(followup-kit restore FILE)"
    ]


def connect(
    path: Path,
    stamp: str,
    warnings: list[str] | None = None,
    upgraded_from: list[int] | None = None,
) -> sqlite3.Connection:
    """An open, checked, up-to-date connection to the workbook at `path` (created if absent).

    `stamp` is the ISO time recorded against schema migrations applied now; plain sentences
    about the file worth telling the user (saves dropped from a damaged log) go to `warnings`;
    the schema version an existing workbook was upgraded from now goes to `upgraded_from`."""
    if not _check_header(path):
        _create(path, stamp)
    elif not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise _read_only(path)
    # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, so every write takes
    # the write lock up front and waits (busy timeout) instead of failing half-way.
    # check_same_thread=False: JupyterLab runs some widget callbacks on a kernel subshell
    # thread; the Workbook serialises every use of the connection with its own lock.
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    log = wal.scan(path)
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
        found = _check_log(conn, path, log)
        if warnings is not None:
            warnings.extend(found)
        if version < SCHEMA_VERSION:
            _migrate(conn, stamp)
            if upgraded_from is not None and version > 0:
                upgraded_from.append(version)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise _read_only(path) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn

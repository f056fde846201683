"""Backups beside the workbook: a daily rotating copy, an explicit one, and restoring one.

Every copy is made with SQLite's online backup API (consistent even while another notebook
writes) into a new file that is never an existing one and never reached through a symbolic link
(a link planted where the kit writes could make it overwrite someone's file). Restoring copies a
backup *into* the live workbook the same way, after keeping the workbook as it was, so nothing is
ever overwritten without a copy to go back to.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_kit.errors import InvalidInputError
from followup_kit.store.errors import WorkbookDamagedError
from followup_kit.store.schema import APPLICATION_ID, SCHEMA_VERSION
from followup_kit.store.schema import _migrate as migrate

if TYPE_CHECKING:
    from followup_kit.store.workbook import Workbook

__all__ = [
    "BACKUP_FOLDER",
    "KEEP_DAILY",
    "Restored",
    "backup_folder",
    "backup_now",
    "check_backup",
    "daily_backup",
    "restore_into",
]

BACKUP_FOLDER = "backups"
KEEP_DAILY = 14  # daily copies kept; older ones are removed
_DAILY = re.compile(r"^workbook-(\d{4}-\d{2}-\d{2})\.sqlite$")


def backup_folder(workbook_path: Path) -> Path:
    """Where backups of the workbook at `workbook_path` go: a `backups` folder beside it."""
    return workbook_path.parent / BACKUP_FOLDER


def _safe_folder(folder: Path) -> Path:
    """The folder, created 0700 if missing; refused if it is a symbolic link or not a folder."""
    if folder.is_symlink():
        raise InvalidInputError(
            f"{str(folder)!r} is a symbolic link; the kit never writes through one (it could "
            "point at someone else's files). Remove the link or choose another folder",
            location="path",
        )
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:
        raise InvalidInputError(
            f"{str(folder)!r} is a file; expected a folder for backups", location="path"
        ) from None
    return folder


def backup_now(workbook: Workbook, path: str | os.PathLike[str] | None = None) -> Path:
    """A backup at `path` (a new file, or a folder to put it in), by default in the backups
    folder named after the current time."""
    stamp = workbook._clock().strftime("%Y-%m-%d-%H%M%S")
    if path is None:
        target = _safe_folder(backup_folder(workbook.path)) / f"workbook-{stamp}.sqlite"
    else:
        target = Path(path).expanduser()
        if target.is_dir() and not target.is_symlink():
            target = target / f"workbook-{stamp}.sqlite"
    if target.is_symlink():
        raise InvalidInputError(
            f"{str(target)!r} is a symbolic link; expected a new file name for the backup",
            location="path",
        )
    return workbook.backup(target)


def daily_backup(workbook: Workbook, keep: int = KEEP_DAILY) -> Path | None:
    """Today's backup, made if missing (and the workbook holds anything); keeps the newest
    `keep` daily copies. Returns the new file, or None when there was nothing to do."""
    if keep < 1 or not workbook._read("SELECT 1 FROM applications LIMIT 1"):
        return None
    folder = backup_folder(workbook.path)
    today = workbook._clock().date().isoformat()
    target = folder / f"workbook-{today}.sqlite"
    if os.path.lexists(target):
        return None
    try:
        made = workbook.backup(_safe_folder(folder) / target.name)
    except InvalidInputError:
        if os.path.lexists(target) and not target.is_symlink():
            return None  # another notebook opening at the same moment made today's backup
        raise
    _remove_stale_temporaries(folder)
    daily = sorted(
        (entry for entry in folder.iterdir() if _DAILY.match(entry.name)), key=lambda p: p.name
    )
    for old in daily[:-keep]:
        if not old.is_symlink():
            old.unlink(missing_ok=True)
    return made


def _remove_stale_temporaries(folder: Path, older_than: float = 3600.0) -> None:
    """Half-written copies left by a backup that was interrupted (they hold client data, so
    they are not left lying around); only plain files, never through a link."""
    now = time.time()
    for entry in folder.glob(".backup-*.sqlite"):
        try:
            info = entry.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
            entry.unlink(missing_ok=True)


def check_backup(path: Path) -> int:
    """The schema version of a readable followup_kit workbook at `path` (read only), or a plain
    error saying what is wrong with it."""
    if path.is_symlink() or not path.is_file():
        raise InvalidInputError(
            f"there is no backup file at {str(path)!r}; expected a .sqlite file made by "
            "followup-kit backup",
            location="file",
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise WorkbookDamagedError(f"{str(path)!r} cannot be opened ({exc})") from None
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise WorkbookDamagedError(
            f"{str(path)!r} is not a followup_kit workbook ({exc}); nothing was restored"
        ) from None
    finally:
        conn.close()
    if problems != ["ok"]:
        raise WorkbookDamagedError(
            f"{str(path)!r} is damaged ({'; '.join(problems[:3])}); nothing was restored, try "
            "an older backup"
        )
    if app_id != APPLICATION_ID:
        raise WorkbookDamagedError(
            f"{str(path)!r} is not a followup_kit workbook; nothing was restored"
        )
    if version > SCHEMA_VERSION:
        raise WorkbookDamagedError(
            f"{str(path)!r} was written by a newer followup_kit (schema version {version}); "
            "update followup_kit to restore it. Nothing was restored"
        )
    return version


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the workbook as it was before is kept."""

    source: Path
    previous: Path


def restore_into(workbook: Workbook, source: str | os.PathLike[str]) -> Restored:
    """Replace the workbook's content with the backup at `source`, after keeping the current
    content in the backups folder. Other notebooks see the restored content on their next read.
    Reopen the workbook afterwards when the backup is from an older kit (it is then upgraded)."""
    path = Path(source).expanduser()
    check_backup(path)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S-%f")
    previous = workbook.backup(
        _safe_folder(backup_folder(workbook.path)) / f"before-restore-{stamp}.sqlite"
    )
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with workbook._lock, workbook._translate_busy():
            src.backup(workbook._db)
            workbook._parsed.clear()
            workbook._damaged.clear()
            workbook._writes += 1
            workbook._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
            # A backup from an older kit is upgraded in place at once.
            version = int(workbook._db.execute("PRAGMA user_version").fetchone()[0])
            if version < SCHEMA_VERSION:
                migrate(workbook._db, workbook._clock().isoformat())
    finally:
        src.close()
    return Restored(path, previous)

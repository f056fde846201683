"""Noticing a write-ahead log that SQLite will only partly read.

SQLite reads a workbook's ``-wal`` file up to the first frame whose checksum fails and silently
ignores the rest: one flipped byte, or a log copied while a notebook was writing it, drops every
later save without a word. This module reads only the frame headers (cheap) to find the commits
the log holds for its current generation; after SQLite has opened the file, any commit beyond
what SQLite accepted (other than a last frame cut short by a crash mid-write, which was never
acknowledged) is a save that is being dropped, and the workbook says so.

Format (https://sqlite.org/fileformat2.html#walformat): a 32-byte header (magic, version, page
size, checkpoint sequence, salt-1, salt-2, checksums), then frames of a 24-byte header (page
number, database size in pages for a commit frame else 0, salt-1, salt-2, checksums) and a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["WalScan", "dropped_commits", "scan"]

_MAGIC = (0x377F0682, 0x377F0683)


@dataclass(frozen=True)
class WalScan:
    salt: bytes
    frames: int  # whole frames in the file
    commits: tuple[int, ...]  # 1-based frame numbers of this generation's commit frames


def scan(database: Path) -> WalScan | None:
    """The log beside `database`, or None when there is none (or it is not a SQLite log)."""
    wal = Path(f"{database}-wal")
    try:
        with wal.open("rb") as handle:
            header = handle.read(32)
            if len(header) < 32 or int.from_bytes(header[:4], "big") not in _MAGIC:
                return None
            page_size = int.from_bytes(header[8:12], "big")
            if page_size < 512 or page_size & (page_size - 1):
                return None
            salt = header[16:24]
            size = wal.stat().st_size
            frames = max(0, (size - 32) // (page_size + 24))
            commits = []
            for number in range(1, frames + 1):
                handle.seek(32 + (number - 1) * (page_size + 24))
                head = handle.read(24)
                if head[8:16] == salt and int.from_bytes(head[4:8], "big") != 0:
                    commits.append(number)
    except OSError:
        return None
    return WalScan(salt, frames, tuple(commits))


def dropped_commits(before: WalScan | None, accepted_frames: int, after: WalScan | None) -> int:
    """How many commits in the log SQLite did not accept (0 when the log changed meanwhile,
    i.e. another notebook restarted it, so the scan no longer describes it)."""
    if before is None or after is None or before.salt != after.salt or accepted_frames < 0:
        return 0
    return sum(1 for frame in before.commits if frame > accepted_frames and frame != before.frames)

"""Faults told as they are (issue 16, points 7 and 8): a flipped byte in a stored document or in
the log is reported and never shown as data, a damaged index is found on open, a read-only
folder is called read-only (not "damaged"), and a planted link is never followed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from followup_kit.store import DamagedRecordError, Workbook, WorkbookDamagedError
from tests.scenarios import application

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def _open(path: Path) -> Workbook:
    return Workbook.open(path, clock=lambda: NOW, daily_backups=0)


def _workbook(path: Path, companies: tuple[str, ...] = ("Acme", "Beta")) -> list[int]:
    with _open(path) as wb:
        client = wb.add_client("Sam")
        return [wb.save_application(client.id, application(company=c)).id for c in companies]


def test_a_flipped_byte_in_a_stored_document_on_disk_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    acme, beta = _workbook(path, ("Acme Uniquename", "Beta"))
    data = bytearray(path.read_bytes())
    at = data.index(b"Acme Uniquename")
    data[at] ^= 0x02  # "Acme" -> "Ccme": still valid JSON, still a valid application
    path.write_bytes(bytes(data))
    with _open(path) as wb:
        assert [r.id for r in wb.applications()] == [beta]
        assert [d.application_id for d in wb.damaged()] == [acme]
        with pytest.raises(DamagedRecordError, match="checksum"):
            wb.application(acme)
        assert all("Ccme" not in r.application.company for r in wb.applications())


def test_a_damaged_index_is_found_on_open(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _workbook(path)
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'applications_by_client'"
    ).fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    # The last bytes of the index's page are its last entry's key: change the client id in it.
    end = root * page_size
    data[end - 2] ^= 0x05
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(WorkbookDamagedError, match="damaged") as caught:
        _open(path)
    assert "index" in str(caught.value)
    assert path.read_bytes() == before  # left untouched


def test_a_flipped_byte_in_a_log_copied_while_in_use_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "live" / "workbook.sqlite"
    path.parent.mkdir()
    ids = _workbook(path, ("Acme",))
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM history").fetchone()  # holds the log from restarting
    with _open(path) as wb:
        rec = wb.application(ids[0])
        for n in range(10):
            rec_saved = wb.save_application(
                rec.client_id,
                rec.application.with_changes(notes=f"edit {n}"),
                application_id=rec.id,
                base_version=rec.version,
            )
            rec = wb.application(rec_saved.id)
        # Copy the file and its log as a user copying the folder mid-session would.
        copy = tmp_path / "copy"
        copy.mkdir()
        shutil.copy(path, copy / "workbook.sqlite")
        shutil.copy(f"{path}-wal", copy / "workbook.sqlite-wal")
    reader.close()
    wal = bytearray((copy / "workbook.sqlite-wal").read_bytes())
    page_size = int.from_bytes(wal[8:12], "big")
    wal[32 + 3 * (page_size + 24) + 24 + 100] ^= 0xFF  # inside the 4th frame's page
    (copy / "workbook.sqlite-wal").write_bytes(bytes(wal))
    with _open(copy / "workbook.sqlite") as wb:
        assert any("could not be read and are missing" in w for w in wb.warnings), wb.warnings
    with _open(path) as wb:  # the original, intact, says nothing
        assert wb.warnings == []
        assert wb.application(ids[0]).application.notes == "edit 9"


def test_an_intact_copy_of_a_log_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _workbook(path)
    with _open(path) as wb:
        assert wb.warnings == []


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fk-ro-"))
    folder.chmod(0o755)
    yield folder
    for item in folder.rglob("*"):
        item.chmod(0o777 if item.is_dir() else 0o666)
    folder.chmod(0o777)
    shutil.rmtree(folder)


def _as_other_user(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `code` as an unprivileged user (root ignores permissions, so the test drops them)."""
    command = [sys.executable, "-c", code, *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop privileges")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": "/tmp"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd="/", timeout=120)


OPEN = """
import sys
from followup_kit.store import Workbook
from followup_kit.errors import FollowupKitError
try:
    Workbook.open(sys.argv[1]).close()
except FollowupKitError as exc:
    print(type(exc).__name__, exc)
else:
    print("opened")
"""


def test_a_read_only_folder_is_called_read_only_not_damaged(shared_dir: Path) -> None:
    if not os.access(ROOT / "followup_kit", os.R_OK) or not (ROOT.stat().st_mode & stat.S_IROTH):
        pytest.skip("the source tree is not readable by other users here")
    path = shared_dir / "workbook.sqlite"
    _workbook(path)
    path.chmod(0o644)
    before = path.read_bytes()
    result = _as_other_user(OPEN, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("WorkbookReadOnlyError"), result.stdout
    assert "cannot be changed" in result.stdout
    assert "intact" in result.stdout
    assert "damaged" not in result.stdout
    assert path.read_bytes() == before
    created = _as_other_user(OPEN, str(shared_dir / "new" / "workbook.sqlite"))
    assert created.stdout.startswith("WorkbookReadOnlyError"), created.stdout + created.stderr
    assert "cannot be created" in created.stdout


def test_planted_links_for_the_old_side_files_are_not_followed(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "data" / "store_v1" / "workbook.sqlite", tmp_path)
    path = tmp_path / "workbook.sqlite"
    victim = tmp_path / "victim.json"
    victim.write_text('{"application": 2}', encoding="utf-8")
    os.symlink(victim, tmp_path / "session.json")
    os.symlink(victim, tmp_path / "draft-edits.json")
    with _open(path) as wb:  # the upgrade moves the side files in: links are not our data
        assert wb.setting("current_application") is None
    assert victim.read_text(encoding="utf-8") == '{"application": 2}'
    assert not os.path.lexists(tmp_path / "session.json")

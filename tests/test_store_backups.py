"""Backups: daily rotation beside the workbook, explicit copies, restoring (keeping the previous
workbook), and never writing through a planted symbolic link."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from followup_kit.errors import InvalidInputError
from followup_kit.store import Workbook, WorkbookDamagedError, backup_now, restore_into
from followup_kit.store.backups import backup_folder
from tests.scenarios import application

START = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def _filled(path: Path, when: datetime = START) -> None:
    with Workbook.open(path, clock=lambda: when, daily_backups=0) as wb:
        wb.save_application(wb.add_client("Sam").id, application())


def test_one_backup_a_day_and_only_the_last_n_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _filled(path)
    for day in range(6):
        when = START + timedelta(days=day)
        for _ in range(2):  # opening twice a day makes one backup
            Workbook.open(path, clock=lambda w=when: w, daily_backups=3).close()
    names = sorted(p.name for p in backup_folder(path).iterdir())
    assert names == [f"workbook-2026-03-{d}.sqlite" for d in (13, 14, 15)]


def test_an_empty_workbook_gets_no_backup(tmp_path: Path) -> None:
    Workbook.open(tmp_path / "workbook.sqlite").close()
    assert not backup_folder(tmp_path / "workbook.sqlite").exists()


def test_a_backup_restores_to_an_identical_export(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _filled(path)
    with Workbook.open(path, clock=lambda: START, daily_backups=0) as wb:
        before = wb.export_json()
        made = backup_now(wb)
        wb.save_application(wb.add_client("Kim").id, application(company="Beta"))
        wb.keep_draft_edit(1, "k", "text")
        assert wb.export_json() != before
        done = restore_into(wb, made)
        assert wb.export_json() == before
        assert wb.draft_edits(1) == {}
        assert done.previous.exists()
        assert done.previous.parent == backup_folder(path)
    with Workbook.open(done.previous, daily_backups=0) as previous:
        assert [c.name for c in previous.clients()] == ["Kim", "Sam"]
    with Workbook.open(path, daily_backups=0) as wb:  # and it stays restored on disk
        assert wb.export_json() == before


def test_restoring_something_that_is_not_a_backup_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _filled(path)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    with Workbook.open(path, daily_backups=0) as wb:
        before = wb.export_json()
        with pytest.raises(WorkbookDamagedError, match="nothing was restored"):
            restore_into(wb, junk)
        assert wb.export_json() == before


def test_backups_never_follow_a_planted_link(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    _filled(path)
    victim = tmp_path / "victim"
    victim.mkdir()
    os.symlink(victim, backup_folder(path))
    with Workbook.open(path, clock=lambda: START) as wb:
        assert any("backup could not be made" in w for w in wb.warnings)
        with pytest.raises(InvalidInputError, match="symbolic link"):
            backup_now(wb)
        target = tmp_path / "linked.sqlite"
        os.symlink(victim / "file", target)
        with pytest.raises(InvalidInputError):
            backup_now(wb, target)
    assert list(victim.iterdir()) == []


def test_a_backup_from_the_older_kit_is_upgraded_as_it_is_restored(tmp_path: Path) -> None:
    old = Path(__file__).parent / "data" / "store_v1" / "workbook.sqlite"
    path = tmp_path / "workbook.sqlite"
    _filled(path)
    with Workbook.open(path, daily_backups=0) as wb:
        restore_into(wb, old)
        assert len(wb.applications()) == 8
        assert wb.draft_edits(1) == {}  # the new tables exist: the file was upgraded
        wb.keep_draft_edit(1, "k", "kept after the restore")
    with Workbook.open(path, daily_backups=0) as wb:
        assert wb.draft_edits(1)["k"].body == "kept after the restore"


def test_another_notebook_sees_the_restored_content_not_its_cache(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine" / "workbook.sqlite", tmp_path / "other" / "workbook.sqlite"
    with Workbook.open(other, daily_backups=0) as wb:
        wb.save_application(wb.add_client("Kim").id, application(company="Other Co"))
        theirs = backup_now(wb, tmp_path / "other.sqlite")
    _filled(mine)
    with (
        Workbook.open(mine, daily_backups=0) as first,
        Workbook.open(mine, daily_backups=0) as second,
    ):
        assert second.application(1).application.company == "Acme Analytics"  # now cached
        restore_into(first, theirs)
        assert second.application(1).application.company == "Other Co"

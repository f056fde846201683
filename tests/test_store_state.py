"""Everything the user typed lives in the workbook: interviewer ids, draft edits, pending values,
settings, undo/redo/restore, the bin and the archive, idempotent creation, live version, and the
upgrade of a schema-1 workbook (with its old side files) in place."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from followup_kit.core import Interviewer, Policy, build_plan
from followup_kit.core.draft_keys import draft_key, split_edits
from followup_kit.core.models import interviewer_id
from followup_kit.errors import InvalidInputError, StaleVersionError
from followup_kit.store import UnknownRecordError, Workbook, schema
from followup_kit.store.errors import DamagedRecordError
from followup_kit.store.state import CURRENT_APPLICATION, LEGACY_PREFIX
from tests.scenarios import ana, application, at, bo, done, round_

FIXED = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
V1 = Path(__file__).parent / "data" / "store_v1"


def clock() -> datetime:
    return FIXED


@pytest.fixture
def wb(tmp_path: Path) -> Iterator[Workbook]:
    with Workbook.open(tmp_path / "workbook.sqlite", clock=clock) as workbook:
        yield workbook


def _renamed(app_rounds: tuple[Interviewer, ...], old: str, new: str) -> tuple[Interviewer, ...]:
    return tuple(p.with_changes(name=new) if p.name == old else p for p in app_rounds)


# -- interviewer ids and draft keys ------------------------------------------------------------
def test_an_interviewer_without_an_id_gets_one_from_the_name() -> None:
    first, again = Interviewer(name="José Nuñez-Ødegård"), Interviewer(name=" josé  nuñez-ødegård")
    assert first.id == again.id == interviewer_id("José Nuñez-Ødegård")
    assert first.id != Interviewer(name="José Nuñez").id


def test_an_id_survives_a_rename_and_a_newcomer_with_the_old_name_gets_another() -> None:
    jose = Interviewer(name="José Nuñez-Ødegård")
    renamed = jose.with_changes(name="José Nuñez")
    assert renamed.id == jose.id
    rnd = round_(interviewers=(renamed, Interviewer(name="José Nuñez-Ødegård")))
    ids = [p.id for p in rnd.interviewers]
    assert ids[0] == jose.id
    assert ids[1] != jose.id
    assert len(set(ids)) == 2


def test_two_interviewers_given_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="appears twice"):
        round_(interviewers=(ana(id="iv-same"), bo(id="iv-same")))


def test_a_draft_key_survives_renaming_the_recipient() -> None:
    app = application()
    plan = build_plan(app, Policy(), now=at("2026-03-03", 12))
    thank = next(a for a in plan.actions if a.recipient == "Ana Ruiz")
    renamed = app.with_changes(
        rounds=(
            app.rounds[0].with_changes(
                interviewers=_renamed(app.rounds[0].interviewers, "Ana Ruiz", "Ana Ruiz-Solé")
            ),
        )
    )
    again = build_plan(renamed, Policy(), now=at("2026-03-03", 12))
    thank_again = next(a for a in again.actions if a.recipient == "Ana Ruiz-Solé")
    assert draft_key(app, thank) == draft_key(renamed, thank_again)
    assert thank.id != thank_again.id  # the plan's own id follows the name; the key does not
    matched, orphans = split_edits(
        renamed, again.actions, {draft_key(app, thank): "mine", "x|1||1": "old"}
    )
    assert matched == {thank_again.id: "mine"}
    assert orphans == {"x|1||1": "old"}


# -- draft edits, pending values, settings -----------------------------------------------------
def test_draft_edits_are_kept_replaced_and_forgotten(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.keep_draft_edit(saved.id, "thank_you|1|iv-1|1", "Dear Ana, thank you", label="thank you")
    wb.keep_draft_edit(saved.id, "thank_you|1|iv-1|1", "Dear Ana, many thanks")
    wb.keep_draft_edit(saved.id, "follow_up|1||1", "Hello again")
    edits = wb.draft_edits(saved.id)
    assert {k: e.body for k, e in edits.items()} == {
        "thank_you|1|iv-1|1": "Dear Ana, many thanks",
        "follow_up|1||1": "Hello again",
    }
    wb.keep_draft_edit(saved.id, "follow_up|1||1", None)
    assert list(wb.draft_edits(saved.id)) == ["thank_you|1|iv-1|1"]
    with pytest.raises(UnknownRecordError):
        wb.keep_draft_edit(999, "k", "body")
    with pytest.raises(InvalidInputError, match=r"is 20,001 characters long; the limit is 20,000"):
        wb.keep_draft_edit(saved.id, "k", "x" * 20_001)


def test_pending_values_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    with Workbook.open(path, clock=clock) as wb:
        saved = wb.save_application(wb.add_client("Sam").id, application())
        wb.keep_pending(saved.id, "rounds[0].interviewers[1].email", "ana@", "is not an email")
        wb.keep_pending(saved.id, "notes", "x" * 10, "too long")
    with Workbook.open(path, clock=clock) as wb:
        pending = wb.pending_values(saved.id)
        assert pending["rounds[0].interviewers[1].email"].text == "ana@"
        assert pending["rounds[0].interviewers[1].email"].message == "is not an email"
        wb.clear_pending(saved.id, "notes")
        assert list(wb.pending_values(saved.id)) == ["rounds[0].interviewers[1].email"]
        wb.clear_pending(saved.id)
        assert wb.pending_values(saved.id) == {}


def test_settings_hold_json_values(wb: Workbook) -> None:
    assert wb.setting("view", {"tab": 0}) == {"tab": 0}
    wb.set_setting("view", {"tab": 2, "columns": ["due", "what"]})
    wb.set_setting(CURRENT_APPLICATION, 7)
    assert wb.setting("view") == {"tab": 2, "columns": ["due", "what"]}
    assert wb.setting(CURRENT_APPLICATION) == 7
    wb.set_setting("view", None)
    assert wb.setting("view") is None


# -- undo, redo, restore -----------------------------------------------------------------------
def test_undo_redo_and_restore_walk_the_history(wb: Workbook) -> None:
    client = wb.add_client("Sam")
    v1 = wb.save_application(client.id, application())
    v2 = wb.save_application(
        client.id, v1.application.with_changes(notes="a"), application_id=v1.id, base_version=1
    )
    v3 = wb.save_application(
        client.id, v2.application.with_changes(notes="b"), application_id=v1.id, base_version=2
    )
    assert wb.can_undo(v1.id) == (True, False)
    assert wb.undo(v1.id).application.notes == "a"
    assert wb.undo(v1.id).application.notes == ""
    assert wb.can_undo(v1.id) == (False, True)
    assert wb.redo(v1.id).application.notes == "a"
    assert wb.redo(v1.id).application == v3.application
    with pytest.raises(InvalidInputError, match="nothing to redo"):
        wb.redo(v1.id)
    restored = wb.restore_version(v1.id, 1, base_version=wb.application(v1.id).version)
    assert restored.application == v1.application
    assert wb.history(v1.id)[-1].change == "restored"
    assert wb.undo(v1.id).application == v3.application  # a restore is undone like any change
    with pytest.raises(StaleVersionError):
        wb.restore_version(v1.id, 2, base_version=3)


def test_a_recorded_event_can_be_undone(wb: Workbook) -> None:
    client = wb.add_client("Sam")
    saved = wb.save_application(client.id, application())
    event = done("thank_you", at("2026-03-03", 15), "Ana Ruiz", 1)
    recorded = wb.record_event(saved.id, event, base_version=saved.version)
    assert recorded.application.events == (event,)
    assert wb.undo(saved.id).application.events == ()
    assert wb.redo(saved.id).application.events == (event,)


# -- bin, archive, samples, creating once ------------------------------------------------------
def test_the_bin_hides_and_restores_applications_and_clients(wb: Workbook) -> None:
    sam, kim = wb.add_client("Sam"), wb.add_client("Kim")
    a = wb.save_application(sam.id, application())
    b = wb.save_application(kim.id, application(company="Beta"))
    wb.delete_application(a.id)
    assert [r.id for r in wb.applications()] == [b.id]
    assert [(e.kind, e.id) for e in wb.bin()] == [("application", a.id)]
    with pytest.raises(UnknownRecordError, match="in the bin"):
        wb.application(a.id)
    with pytest.raises(UnknownRecordError, match="in the bin"):
        wb.save_application(sam.id, application(notes="x"), application_id=a.id, base_version=1)
    wb.delete_client(kim.id)
    assert wb.applications() == []
    assert [c.name for c in wb.clients()] == ["Sam"]
    wb.restore_from_bin("application", a.id)
    wb.restore_from_bin("client", kim.id)
    assert sorted(r.id for r in wb.applications()) == [a.id, b.id]
    assert wb.bin() == []
    with pytest.raises(InvalidInputError, match="expected 'client' or 'application'"):
        wb.restore_from_bin("folder", 1)


def test_archived_ones_are_hidden_from_default_listings(wb: Workbook) -> None:
    sam = wb.add_client("Sam")
    a = wb.save_application(sam.id, application())
    wb.archive_application(a.id)
    assert wb.applications() == []
    assert [r.archived for r in wb.applications(include_archived=True)] == [True]
    assert wb.application(a.id).archived
    wb.unarchive_application(a.id)
    wb.archive_client(sam.id)
    assert wb.applications() == []
    assert wb.clients() == []
    assert [c.archived for c in wb.clients(include_archived=True)] == [True]
    wb.unarchive_client(sam.id)
    assert [r.id for r in wb.applications()] == [a.id]


def test_sample_clients_are_removed_in_one_step_and_real_ones_stay(wb: Workbook) -> None:
    real = wb.add_client("Sam Okafor")
    mine = wb.save_application(real.id, application())
    added = wb.add_sample_caseload(FIXED)
    assert added == 8
    assert len(wb.applications()) == 9
    removed = wb.remove_sample_clients()
    assert len(removed) == 5
    assert [r.id for r in wb.applications()] == [mine.id]
    assert {e.kind for e in wb.bin()} == {"client"}


def test_the_same_request_twice_creates_one_application(wb: Workbook) -> None:
    first = wb.create_application("Sam Okafor", application(), request_id="req-1")
    again = wb.create_application("sam  okafor", application(), request_id="req-1")
    assert first.id == again.id
    assert len(wb.applications()) == 1
    other = wb.create_application("Sam Okafor", application(company="Beta"), request_id="req-2")
    assert other.id != first.id
    assert len(wb.clients()) == 1


# -- live version, change token ----------------------------------------------------------------
def test_version_stamp_and_change_token_follow_other_connections(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    with Workbook.open(path, clock=clock) as mine:
        saved = mine.save_application(mine.add_client("Sam").id, application())
        token = mine.change_token()
        assert mine.change_token() == token
        later = FIXED + timedelta(minutes=5)
        with Workbook.open(path, clock=lambda: later) as theirs:
            theirs.save_application(
                saved.id and mine.application(saved.id).client_id,
                saved.application.with_changes(notes="theirs"),
                application_id=saved.id,
                base_version=1,
            )
        assert mine.change_token() != token
        stamp = mine.version_stamp(saved.id)
        assert (stamp.version, stamp.saved_at) == (2, later)
        token = mine.change_token()
        mine.set_setting("x", 1)
        assert mine.change_token() != token


# -- checksums ---------------------------------------------------------------------------------
def test_a_changed_document_is_reported_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    with Workbook.open(path, clock=clock) as wb:
        client = wb.add_client("Sam")
        bad = wb.save_application(client.id, application())
        good = wb.save_application(client.id, application(company="Beta"))
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE history SET document = replace(document, 'Acme', 'Acne') WHERE application_id = ?",
        (bad.id,),
    )
    conn.commit()
    conn.close()
    with Workbook.open(path, clock=clock) as wb:
        assert [r.id for r in wb.applications()] == [good.id]
        assert [d.application_id for d in wb.damaged()] == [bad.id]
        assert "does not match the checksum" in wb.damaged()[0].message
        with pytest.raises(DamagedRecordError, match="not shown"):
            wb.application(bad.id)
        with pytest.raises(DamagedRecordError):
            wb.export_json()


# -- upgrading a schema-1 workbook in place ----------------------------------------------------
def test_a_schema_1_workbook_is_upgraded_with_its_side_files(tmp_path: Path) -> None:
    for item in V1.iterdir():
        if item.suffix in (".sqlite", ".json"):
            shutil.copy(item, tmp_path / item.name)
    before = sqlite3.connect(tmp_path / "workbook.sqlite")
    history_before = before.execute(
        "SELECT application_id, version, document FROM history"
    ).fetchall()
    before.close()
    with Workbook.open(tmp_path / "workbook.sqlite", clock=clock) as wb:
        assert wb._db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert not (tmp_path / "session.json").exists()
        assert not (tmp_path / "draft-edits.json").exists()
        assert wb.setting(CURRENT_APPLICATION) == 3
        edits = wb.draft_edits(1)
        assert len(edits) == 2
        keys = sorted(edits)
        legacy = [k for k in keys if k.startswith(LEGACY_PREFIX)]
        assert legacy == [f"{LEGACY_PREFIX}0123456789ab"]
        app = wb.application(1).application
        plan = build_plan(app, Policy(), now=FIXED)
        matched, orphans = split_edits(app, plan.actions, edits)
        assert [e.body for e in matched.values()] == ["My own words for this step."]
        assert list(orphans) == legacy
        assert len(wb.applications()) == 8
        assert [h.version for h in wb.history(1)] == [1, 2, 3, 4]
        assert wb.application(1).application.notes == "first note"
        # The old undo stack still replays: the next undo goes back to version 1.
        assert wb.undo(1).application == wb.history(1)[0].application
        rows = wb._db.execute("SELECT application_id, version, document FROM history").fetchall()
        assert set(history_before) <= set(rows)
        assert wb.warnings == []


def test_a_newer_workbook_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    Workbook.open(path, clock=clock).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(Exception, match="newer followup_kit"):
        Workbook.open(path, clock=clock)


def test_draft_edits_travel_with_an_export_and_never_overwrite_on_import(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "a.sqlite", clock=clock) as source:
        saved = source.save_application(source.add_client("Sam").id, application())
        source.keep_draft_edit(saved.id, "thank_you|1|iv-1|1", "Dear Ana", label="thank you")
        text = source.export_json()
    assert '"draft_edits"' in text
    with Workbook.open(tmp_path / "b.sqlite", clock=clock) as target:
        summary = target.import_json(text)
        assert (summary.applications, summary.draft_edits) == (1, 1)
        (record,) = target.applications()
        assert target.draft_edits(record.id)["thank_you|1|iv-1|1"].body == "Dear Ana"
        target.keep_draft_edit(record.id, "thank_you|1|iv-1|1", "Dear Ana, my own later words")
        again = target.import_json(text)  # the same file again: the application is unchanged
        assert (again.applications, again.unchanged, again.draft_edits) == (0, 1, 0)
        assert target.draft_edits(record.id)["thank_you|1|iv-1|1"].body.endswith("later words")


def test_a_bad_draft_edit_in_an_import_is_named_and_nothing_is_added(wb: Workbook) -> None:
    import json

    source = {
        "format": "followup_kit.workbook",
        "version": 1,
        "clients": [{"id": 1, "name": "Sam"}],
        "applications": [
            {
                "id": 7,
                "client": 1,
                "version": 1,
                "application": application().model_dump(mode="json"),
            }
        ],
        "draft_edits": [
            {"application": 8, "key": "k", "body": "x"},
            {"application": 7, "key": "k", "body": "y" * 20_001},
        ],
    }
    with pytest.raises(InvalidInputError) as caught:
        wb.import_json(json.dumps(source))
    assert caught.value.locations == ("draft_edits[0].application", "draft_edits[1].body")
    assert "is 20,001 characters long; the limit is 20,000" in str(caught.value)
    assert wb.clients() == []


def test_a_batch_folds_the_log_into_the_file_once_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    with Workbook.open(path, clock=clock, daily_backups=0) as wb:
        client = wb.add_client("Sam")
        with wb.batch():
            for n in range(3):
                wb.save_application(client.id, application(company=f"Company {n}"))
            alone = tmp_path / "alone.sqlite"
            alone.write_bytes(path.read_bytes())
            with Workbook.open(alone, daily_backups=0) as copy:
                assert len(copy.applications()) < 3  # still only in the log
        alone.unlink()
        alone.write_bytes(path.read_bytes())
        with Workbook.open(alone, daily_backups=0) as copy:
            assert len(copy.applications()) == 3  # folded in when the batch ended

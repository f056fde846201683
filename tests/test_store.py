"""The workbook's API: clients, versions, merges, history, undo, export/import, backup, damage."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from followup_kit.core import Application, Event
from followup_kit.errors import FollowupKitError, InvalidInputError, StaleVersionError
from followup_kit.store import (
    UnknownRecordError,
    Workbook,
    WorkbookDamagedError,
    default_workbook_path,
    schema,
)
from tests.scenarios import application, at, done, event

FIXED = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def clock() -> datetime:
    return FIXED


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "caseload" / "workbook.sqlite"


@pytest.fixture
def wb(path: Path) -> Iterator[Workbook]:
    with Workbook.open(path, clock=clock) as workbook:
        yield workbook


def _table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("clients", "applications", "events", "history")
        }
    finally:
        conn.close()


# -- where the file lives ----------------------------------------------------------------------
def test_default_path_prefers_followup_kit_home(tmp_path: Path) -> None:
    env = {"FOLLOWUP_KIT_HOME": str(tmp_path / "kit"), "XDG_DATA_HOME": "/elsewhere"}
    assert default_workbook_path(env) == tmp_path / "kit" / "workbook.sqlite"


# The data folder comes from platformdirs, which reads the process environment (Linux: XDG).
@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the XDG rule is Linux's")
def test_default_path_honours_xdg_data_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "/data")
    assert default_workbook_path({}) == Path("/data/followup_kit/workbook.sqlite")


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the XDG rule is Linux's")
def test_default_path_ignores_a_relative_xdg_data_home(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = Path.home() / ".local" / "share" / "followup_kit" / "workbook.sqlite"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    assert default_workbook_path({}) == expected
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_workbook_path({}) == expected


def test_open_without_path_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_KIT_HOME", str(tmp_path / "home"))
    with Workbook.open(clock=clock) as workbook:
        assert workbook.path == tmp_path / "home" / "workbook.sqlite"
    assert (tmp_path / "home" / "workbook.sqlite").is_file()


def test_new_workbook_is_private_to_its_owner(wb: Workbook, path: Path) -> None:
    client = wb.add_client("Sam Okafor")
    wb.save_application(client.id, application())  # a write, so the log files exist too
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_workbook_uses_wal_a_busy_timeout_and_a_schema_version(wb: Workbook, path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        applied = conn.execute("SELECT version, description FROM schema_migrations").fetchall()
    finally:
        conn.close()
    assert applied == [(1, "create the workbook tables")]
    assert wb._db.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_an_older_schema_is_migrated_and_recorded(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workbook.open(path, clock=clock) as workbook:
        workbook.add_client("Sam Okafor")

    def add_tags(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE tags (client_id INTEGER, tag TEXT)")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.MIGRATIONS, 2, ("add client tags", add_tags))
    with Workbook.open(path, clock=clock) as workbook:
        assert [c.name for c in workbook.clients()] == ["Sam Okafor"]
        rows = workbook._db.execute("SELECT version, description FROM schema_migrations")
        assert rows.fetchall() == [(1, "create the workbook tables"), (2, "add client tags")]
        assert workbook._db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert workbook._db.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


# -- clients -----------------------------------------------------------------------------------
def test_clients_are_listed_by_name(wb: Workbook) -> None:
    zoe = wb.add_client("Zoë O'Brien", email="zoe@example.org", notes="Prefers mornings")
    ana = wb.add_client("  ana Ruiz ")
    assert [c.name for c in wb.clients()] == ["ana Ruiz", "Zoë O'Brien"]
    assert wb.clients()[1] == zoe
    assert zoe.email == "zoe@example.org"
    assert ana.id != zoe.id


@pytest.mark.parametrize(
    ("name", "email", "location", "fragment"),
    [
        ("", None, "name", "is empty"),
        ("Sam\x07", None, "name", "control characters"),
        ("Sam", "sam at example.org", "email", "not a valid email"),
    ],
)
def test_a_bad_client_is_refused_and_not_stored(
    wb: Workbook, name: str, email: str | None, location: str, fragment: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        wb.add_client(name, email=email)
    assert caught.value.locations == (location,)
    assert fragment in str(caught.value)
    assert wb.clients() == []


# -- saving and loading ------------------------------------------------------------------------
def test_a_saved_application_comes_back_identical(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    app = application()
    saved = wb.save_application(client.id, app)
    assert saved.version == 1
    record = wb.application(saved.id)
    assert record.application == app
    assert (record.client_id, record.client_name, record.version) == (client.id, "Sam Okafor", 1)
    assert record.updated_at == FIXED


def test_applications_filter_by_client_id_or_name(wb: Workbook) -> None:
    sam = wb.add_client("Sam Okafor")
    zoe = wb.add_client("Zoë O'Brien")
    first = wb.save_application(sam.id, application())
    second = wb.save_application(zoe.id, application(company="Harbour Lights"))
    assert [r.id for r in wb.applications()] == [first.id, second.id]
    assert [r.id for r in wb.applications(zoe.id)] == [second.id]
    assert [r.id for r in wb.applications("zoë o'brien")] == [second.id]
    assert wb.applications("Nobody") == []


def test_a_fresh_workbook_reads_what_another_wrote(wb: Workbook, path: Path) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    with Workbook.open(path) as other:
        assert other.application(saved.id).application == application()


def test_saving_over_needs_the_version_it_started_from(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    with pytest.raises(InvalidInputError, match="needs base_version"):
        wb.save_application(client.id, application(notes="new"), application_id=saved.id)
    with pytest.raises(InvalidInputError, match="expected a version from 1 to 1"):
        wb.save_application(
            client.id, application(notes="new"), application_id=saved.id, base_version=2
        )
    with pytest.raises(InvalidInputError, match="for a new application"):
        wb.save_application(client.id, application(), base_version=1)
    assert wb.application(saved.id).version == 1


def test_each_save_bumps_the_version(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    second = wb.save_application(
        client.id, application(notes="Call Ana on Friday"), application_id=saved.id, base_version=1
    )
    assert (second.version, second.merged) == (2, False)
    assert wb.application(saved.id).application.notes == "Call Ana on Friday"


def test_saving_an_unchanged_application_writes_nothing(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    again = wb.save_application(client.id, application(), application_id=saved.id, base_version=1)
    assert again.version == 1
    assert len(wb.history(saved.id)) == 1


def test_a_save_accepts_plain_data_and_validates_it(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    data = application().model_dump(mode="json")
    saved = wb.save_application(client.id, data)
    assert saved.application == application()
    data["rounds"][0]["interviewers"][0]["email"] = "not an email"
    with pytest.raises(InvalidInputError) as caught:
        wb.save_application(client.id, data)
    assert caught.value.locations == ("rounds[0].interviewers[0].email",)
    assert len(wb.applications()) == 1


def test_unknown_ids_are_named(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    with pytest.raises(UnknownRecordError, match="client 99 is not in this workbook"):
        wb.save_application(99, application())
    with pytest.raises(UnknownRecordError, match="application 7 is not in this workbook"):
        wb.application(7)
    with pytest.raises(UnknownRecordError, match="application 7"):
        wb.save_application(client.id, application(), application_id=7, base_version=1)
    with pytest.raises(UnknownRecordError, match="application 7"):
        wb.record_event(7, done("write_notes", at("2026-03-03", 12)))


def test_a_closed_workbook_says_so(path: Path) -> None:
    workbook = Workbook.open(path)
    workbook.close()
    workbook.close()  # closing twice is harmless
    with pytest.raises(InvalidInputError, match="is closed"):
        workbook.clients()


# -- two sessions: stale saves are merged where safe, refused otherwise ------------------------
def test_a_stale_save_of_the_same_field_is_refused_and_changes_nothing(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.save_application(
        client.id, application(notes="theirs"), application_id=saved.id, base_version=1
    )
    with pytest.raises(StaleVersionError) as caught:
        wb.save_application(
            client.id, application(notes="mine"), application_id=saved.id, base_version=1
        )
    message = str(caught.value)
    assert "now version 2" in message
    assert "from version 1" in message
    assert "both changed notes" in message
    record = wb.application(saved.id)
    assert (record.version, record.application.notes) == (2, "theirs")


def test_a_stale_save_of_a_different_field_is_merged(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.save_application(
        client.id, application(notes="theirs"), application_id=saved.id, base_version=1
    )
    merged = wb.save_application(
        client.id, application(role="Senior Data Analyst"), application_id=saved.id, base_version=1
    )
    assert (merged.version, merged.merged) == (3, True)
    stored = wb.application(saved.id).application
    assert (stored.notes, stored.role) == ("theirs", "Senior Data Analyst")
    assert "merged with version 2" in wb.history(saved.id)[-1].summary


def test_events_added_on_both_sides_are_both_kept(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    notes = done("write_notes", at("2026-03-03", 12))
    thanks = done("thank_you", at("2026-03-03", 15), "Ana Ruiz")
    wb.save_application(
        client.id, application(events=(notes,)), application_id=saved.id, base_version=1
    )
    merged = wb.save_application(
        client.id, application(events=(thanks,)), application_id=saved.id, base_version=1
    )
    assert merged.application.events == (notes, thanks)


def test_a_stale_record_event_is_appended_to_the_current_version(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    first = wb.record_event(saved.id, done("write_notes", at("2026-03-03", 12)), base_version=1)
    second = wb.record_event(
        saved.id, done("thank_you", at("2026-03-03", 15), "Ana Ruiz"), base_version=1
    )
    assert (first.version, second.version, second.merged) == (2, 3, True)
    kinds = [
        (e.kind.value, e.action.value if e.action else None) for e in second.application.events
    ]
    assert kinds == [("done", "write_notes"), ("done", "thank_you")]


def test_the_same_event_recorded_twice_from_stale_sessions_is_refused(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    reply = event("heard_back", at("2026-03-05", 9))
    wb.record_event(saved.id, reply, base_version=1)
    with pytest.raises(StaleVersionError, match="already recorded"):
        wb.record_event(saved.id, reply, base_version=1)
    assert len(wb.application(saved.id).application.events) == 1


def test_an_event_that_does_not_fit_is_refused_with_its_location(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    early = done("write_notes", at("2026-03-01", 12))  # before the interview on 3 March
    with pytest.raises(InvalidInputError, match=r"events\[0\]\.at"):
        wb.record_event(saved.id, early)
    assert wb.application(saved.id).version == 1
    assert _table_rows(wb.path)["events"] == []


def test_the_events_table_mirrors_the_current_version(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.record_event(saved.id, done("write_notes", at("2026-03-03", 12)))
    wb.record_event(saved.id, event("heard_back", at("2026-03-05", 9)))
    rows = _table_rows(wb.path)["events"]
    assert [(r[1], r[2]) for r in rows] == [(0, "done"), (1, "heard_back")]
    assert Event.model_validate_json(str(rows[1][4])) == event("heard_back", at("2026-03-05", 9))
    wb.undo(saved.id)
    assert [r[2] for r in _table_rows(wb.path)["events"]] == ["done"]


# -- history and undo --------------------------------------------------------------------------
def test_history_lists_every_version_with_what_changed(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.save_application(
        client.id,
        application(notes="n", role="Lead Analyst"),
        application_id=saved.id,
        base_version=1,
    )
    wb.record_event(saved.id, done("write_notes", at("2026-03-03", 12)))
    history = wb.history(saved.id)
    assert [(h.version, h.change) for h in history] == [(1, "created"), (2, "saved"), (3, "event")]
    assert history[1].summary == "changed role, notes"
    assert history[2].summary.startswith("recorded done write_notes at 2026-03-03T12:00")
    assert history[0].application == application()
    assert history[1].application.role == "Lead Analyst"
    assert all(h.at == FIXED for h in history)


def test_undo_steps_back_one_change_at_a_time(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.save_application(
        client.id, application(notes="one"), application_id=saved.id, base_version=1
    )
    wb.save_application(
        client.id, application(notes="two"), application_id=saved.id, base_version=2
    )
    first = wb.undo(saved.id)
    assert (first.version, first.application.notes) == (4, "one")
    second = wb.undo(saved.id)
    assert (second.version, second.application.notes) == (5, "")
    assert wb.application(saved.id).application == application()
    with pytest.raises(InvalidInputError, match="no change left to undo"):
        wb.undo(saved.id)
    changes = [(h.change, h.summary) for h in wb.history(saved.id)[3:]]
    assert changes == [
        ("undo", "undid version 3: changed notes"),
        ("undo", "undid version 2: changed notes"),
    ]


def test_an_undo_based_on_a_stale_version_is_refused(wb: Workbook) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    wb.save_application(
        client.id, application(notes="one"), application_id=saved.id, base_version=1
    )
    wb.save_application(
        client.id, application(notes="two"), application_id=saved.id, base_version=2
    )
    with pytest.raises(StaleVersionError, match="undo would undo their change"):
        wb.undo(saved.id, base_version=2)
    assert wb.application(saved.id).version == 3


def test_a_failed_write_leaves_no_trace(wb: Workbook, monkeypatch: pytest.MonkeyPatch) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    before = _table_rows(wb.path)

    def fail(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    # The history row is written after the application row: a failure there must undo both.
    monkeypatch.setattr("followup_kit.store.workbook.stored_document", fail)
    with pytest.raises(RuntimeError):
        wb.save_application(
            client.id, application(notes="x"), application_id=saved.id, base_version=1
        )
    with pytest.raises(RuntimeError):
        wb.save_application(client.id, application(company="Other"))
    assert _table_rows(wb.path) == before


# -- export and import -------------------------------------------------------------------------
def _caseload(wb: Workbook) -> list[tuple[str, Application]]:
    sam = wb.add_client("Sam Okafor", email="sam.okafor@example.org")
    zoe = wb.add_client("Zoë O'Brien", notes="Accent and apostrophe survive the round trip")
    first = wb.save_application(sam.id, application())
    wb.record_event(first.id, done("write_notes", at("2026-03-03", 12)))
    wb.save_application(zoe.id, application(company="Harbour Lights", role="Marketing Manager"))
    return [(r.client_name, r.application) for r in wb.applications()]


def test_export_then_import_gives_identical_applications(wb: Workbook, tmp_path: Path) -> None:
    before = _caseload(wb)
    text = wb.export_json()
    with Workbook.open(tmp_path / "fresh.sqlite") as fresh:
        summary = fresh.import_json(text)
        assert (summary.clients, summary.applications, summary.unchanged) == (2, 2, 0)
        assert [(r.client_name, r.application) for r in fresh.applications()] == before
        assert [(c.name, c.email, c.notes) for c in fresh.clients()] == [
            (c.name, c.email, c.notes) for c in wb.clients()
        ]
        assert [h.change for h in fresh.history(fresh.applications()[0].id)] == ["imported"]
        # The copy exports the same content; only the versions start again at 1.
        again = json.loads(fresh.export_json())
        assert again["clients"] == json.loads(text)["clients"]
        assert [a["application"] for a in again["applications"]] == [
            a["application"] for a in json.loads(text)["applications"]
        ]


def test_export_is_stable_and_readable(wb: Workbook) -> None:
    _caseload(wb)
    text = wb.export_json()
    assert text == wb.export_json()
    assert "Zoë O'Brien" in text  # not \u-escaped: a coach can read the file
    document = json.loads(text)
    assert (document["format"], document["version"]) == ("followup_kit.workbook", 1)
    assert [a["version"] for a in document["applications"]] == [2, 1]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    wb: Workbook, tmp_path: Path
) -> None:
    _caseload(wb)
    text = wb.export_json()
    with Workbook.open(tmp_path / "fresh.sqlite") as fresh:
        fresh.import_json(text)
        again = fresh.import_json(text)
        assert (again.clients, again.applications, again.unchanged) == (0, 0, 2)
        assert len(fresh.clients()) == 2
        assert len(fresh.applications()) == 2


# -- damage ------------------------------------------------------------------------------------
def _real_workbook(path: Path) -> bytes:
    with Workbook.open(path, clock=clock) as workbook:
        client = workbook.add_client("Sam Okafor")
        for n in range(30):
            workbook.save_application(client.id, application(company=f"Company {n}"))
    return path.read_bytes()


def _other_program_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def _newer_workbook(path: Path) -> None:
    _real_workbook(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _truncated(path: Path) -> None:
    data = _real_workbook(path)
    path.write_bytes(data[: len(data) // 2])


def _scribbled(path: Path) -> None:
    data = bytearray(_real_workbook(path))
    page = 4096
    data[page : 4 * page] = bytes((i * 37) % 251 for i in range(3 * page))
    path.write_bytes(bytes(data))


DAMAGE = {
    "text file": (lambda p: p.write_text("Dear Ana, thank you for…\n"), "not a SQLite database"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 64), "not a SQLite database"),
    "another program's database": (_other_program_db, "another program"),
    "newer workbook": (_newer_workbook, "newer followup_kit"),
    "truncated workbook": (_truncated, "damaged"),
    "scribbled workbook": (_scribbled, "damaged"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_file_is_refused_and_left_byte_identical(tmp_path: Path, case: str) -> None:
    path = tmp_path / "workbook.sqlite"
    make, fragment = DAMAGE[case]
    make(path)
    for leftover in tmp_path.glob("workbook.sqlite-*"):
        leftover.unlink()
    before = path.read_bytes()
    with pytest.raises(WorkbookDamagedError) as caught:
        Workbook.open(path)
    assert fragment in str(caught.value)
    assert "left untouched" in str(caught.value)
    assert isinstance(caught.value, FollowupKitError)
    assert path.read_bytes() == before


def test_a_folder_at_the_workbook_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookDamagedError, match="is a folder"):
        Workbook.open(tmp_path)


def test_an_empty_file_becomes_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "workbook.sqlite"
    path.touch()
    with Workbook.open(path) as workbook:
        assert workbook.clients() == []
        workbook.add_client("Sam Okafor")
    with Workbook.open(path) as workbook:
        assert [c.name for c in workbook.clients()] == ["Sam Okafor"]


# -- backup ------------------------------------------------------------------------------------
def test_backup_is_a_consistent_private_copy(wb: Workbook, tmp_path: Path) -> None:
    before = _caseload(wb)
    copy = wb.backup(tmp_path / "backups" / "monday.sqlite")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not list(copy.parent.glob(".backup-*"))
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Workbook.open(copy) as restored:
        assert [(r.client_name, r.application) for r in restored.applications()] == before
        assert len(restored.history(restored.applications()[0].id)) == 2
    # The live workbook carries on independently.
    wb.add_client("Someone New")
    with Workbook.open(copy) as restored:
        assert len(restored.clients()) == 2


def test_backup_never_overwrites_a_file(wb: Workbook, tmp_path: Path) -> None:
    target = tmp_path / "keep.sqlite"
    target.write_text("precious")
    with pytest.raises(InvalidInputError, match="already exists"):
        wb.backup(target)
    assert target.read_text() == "precious"


def test_backup_while_another_process_writes_is_consistent(wb: Workbook, tmp_path: Path) -> None:
    client = wb.add_client("Sam Okafor")
    saved = wb.save_application(client.id, application())
    script = (
        "import sys\n"
        "from followup_kit.store import Workbook\n"
        "with Workbook.open(sys.argv[1]) as wb:\n"
        "    rec = wb.application(1)\n"
        "    v = rec.version\n"
        "    for n in range(150):\n"
        "        v = wb.save_application(rec.client_id, rec.application.with_changes(notes=f'n{n}'),"
        " application_id=1, base_version=v).version\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(wb.path)])
    try:
        copies = []
        for n in range(5):
            copies.append(wb.backup(tmp_path / f"copy{n}.sqlite"))
    finally:
        assert writer.wait(timeout=60) == 0
    for copy in copies:
        with Workbook.open(copy) as restored:
            record = restored.application(saved.id)
            history = restored.history(saved.id)
            # The copy is one moment of the workbook: the application matches its last version.
            assert history[-1].version == record.version
            assert history[-1].application == record.application


# -- layering ----------------------------------------------------------------------------------
def test_the_store_loads_no_widgets_or_plots() -> None:
    code = (
        "import sys, followup_kit.store\n"
        "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_history_timestamps_come_from_the_clock_given(path: Path) -> None:
    ticks = iter(FIXED + timedelta(minutes=n) for n in range(100))
    with Workbook.open(path, clock=lambda: next(ticks)) as workbook:
        client = workbook.add_client("Sam Okafor")
        saved = workbook.save_application(client.id, application())
        workbook.record_event(saved.id, done("write_notes", at("2026-03-03", 12)))
        stamps = [h.at for h in workbook.history(saved.id)]
    assert stamps == sorted(stamps)
    assert stamps[0] > FIXED


# -- storage format and the fast load path -----------------------------------------------------
def _every_field() -> list[Application]:
    from followup_kit.store import sample_applications
    from tests.scenarios import ana, candidate, round_

    phone = ana(name="Pat Lee", preferred_channel="phone", phone="+44 20 7946 0000", email=None)
    rounds = (
        round_(1, mistake_to_correct="I misquoted the budget", mishaps=("spilled tea",)),
        round_(2, day="2026-03-12", interviewers=(phone,), decision_expected=None),
    )
    events = (
        done("thank_you", at("2026-03-03", 15), "Ana Ruiz", 1),
        event("heard_back", at("2026-03-05", 9), decision_expected="2026-03-20", note="Soon"),
    )
    extra = application(
        rounds=rounds,
        events=events,
        candidate=candidate(country=None, email=None, time_zone="America/Chicago"),
        notes="Line one\nline two",
    )
    us = application(
        candidate=candidate(country="US", subdivision="IL", time_zone="America/Chicago")
    )
    return [application(), extra, us, *(app for _, app in sample_applications())]


def test_the_stored_document_is_the_versioned_json_of_the_core() -> None:
    from followup_kit.core import dump_application
    from followup_kit.store.workbook import stored_document

    for app in _every_field():
        assert json.loads(stored_document(app)) == json.loads(dump_application(app))


def test_the_fast_load_gives_what_full_validation_gives() -> None:
    from followup_kit.core.serialization import application_from_dict
    from followup_kit.store.rebuild import load_stored
    from followup_kit.store.workbook import stored_document

    for app in _every_field():
        text = stored_document(app)
        fast = load_stored(text)
        slow = application_from_dict(json.loads(text))
        assert fast == slow == app
        assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
        assert type(fast.rounds) is tuple
        assert all(type(r.start) is datetime and r.start.tzinfo for r in fast.rounds)
        assert [type(e.kind) for e in fast.events] == [type(e.kind) for e in slow.events]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body: body["rounds"][0].update(number="1"),  # a string where a number belongs
        lambda body: body["rounds"][0].pop("topics"),  # a field missing: the default fills it
        lambda body: body["rounds"][0].update(start="2026-03-03T10:00:00+00:00 "),
    ],
)
def test_anything_unexpected_takes_the_validating_road(tamper: object) -> None:
    from followup_kit.core.serialization import application_from_dict
    from followup_kit.store.rebuild import load_stored
    from followup_kit.store.workbook import stored_document

    document = json.loads(stored_document(application()))
    tamper(document["application"])  # type: ignore[operator]
    text = json.dumps(document)
    try:
        expected: object = application_from_dict(json.loads(text))
    except InvalidInputError as exc:
        expected = str(exc)
    try:
        got: object = load_stored(text)
    except InvalidInputError as exc:
        got = str(exc)
    assert got == expected


def test_an_application_can_move_to_another_client(wb: Workbook) -> None:
    sam = wb.add_client("Sam Okafor")
    zoe = wb.add_client("Zoë O'Brien")
    saved = wb.save_application(sam.id, application())
    moved = wb.save_application(zoe.id, application(), application_id=saved.id, base_version=1)
    assert moved.version == 2
    assert wb.application(saved.id).client_name == "Zoë O'Brien"
    assert wb.applications(sam.id) == []
    assert wb.history(saved.id)[-1].summary == f"moved from client {sam.id} to client {zoe.id}"


def test_backup_falls_back_to_rename_where_hard_links_are_missing(
    wb: Workbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _caseload(wb)

    def no_links(src: object, dst: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    copy = wb.backup(tmp_path / "copy.sqlite")
    assert not list(tmp_path.glob(".backup-*"))
    with Workbook.open(copy) as restored:
        assert [(r.client_name, r.application) for r in restored.applications()] == before


def test_a_widget_callback_on_another_thread_can_save(tmp_path: Path) -> None:
    """JupyterLab runs some widget callbacks on a kernel subshell thread (found by the browser
    test): the workbook opened on the main thread must work from there too."""
    import threading

    from tests.scenarios import application

    with Workbook.open(tmp_path / "threads.sqlite") as book:
        client = book.add_client("Sam Okafor")
        first = book.save_application(client.id, application())
        results: list[object] = []

        def save_elsewhere() -> None:
            try:
                changed = first.application.with_changes(notes="saved from a subshell thread")
                results.append(
                    book.save_application(
                        client.id, changed, application_id=first.id, base_version=first.version
                    )
                )
            except Exception as exc:  # reported to the assertion below
                results.append(exc)

        worker = threading.Thread(target=save_elsewhere)
        worker.start()
        worker.join(timeout=30)
        assert len(results) == 1
        assert not isinstance(results[0], Exception), results[0]
        assert book.application(first.id).application.notes == "saved from a subshell thread"

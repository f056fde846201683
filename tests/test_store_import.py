"""Importing bad files: each is refused with a message naming the place, and nothing is written.

The corpus in tests/data/store/ is a valid export (valid.json) and variants with exactly one
thing wrong, plus files that are not exports at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from followup_kit.errors import InvalidInputError
from followup_kit.store import Workbook, exchange
from tests.scenarios import application

CORPUS = Path(__file__).parent / "data" / "store"

# file -> (the location the message must name, words it must contain)
BAD_FILES = {
    "bad_client_email.json": ("clients[0].email", "not a valid email address"),
    "bad_email.json": (
        "applications[1].application.rounds[1].interviewers[0].email",
        "'owen.price at example.org' is not a valid email address",
    ),
    "control_characters.json": (
        "applications[0].application.candidate.name",
        "control characters; expected plain text",
    ),
    "dates_reversed.json": (
        "applications[0].application.rounds[0]",
        "end 2026-02-02T09:00:00+00:00 is not after start 2026-02-02T10:00:00+00:00",
    ),
    "decision_before_interview.json": (
        "applications[1].application.rounds[0]",
        "decision_expected 2026-01-30 is before the interview on 2026-02-03",
    ),
    "duplicate_client_id.json": ("clients[1].id", "client id 1 appears twice"),
    "event_unknown_interviewer.json": (
        "applications[0].application.events[0].interviewer",
        "'Lena Bergström' is not an interviewer",
    ),
    "huge_string.json": ("applications[1].application.role", "the limit is 200"),
    "missing_clients.json": ("clients", "is missing or not a list"),
    "missing_company.json": ("applications[0].application.company", "is missing"),
    "naive_datetime.json": (
        "applications[0].application.rounds[0].start",
        "'2026-02-02T10:00:00' is not accepted: input should have timezone info",
    ),
    "newer_application_format.json": ("application_format", "update followup_kit"),
    "newer_version.json": ("version", "version 2 is newer than this kit understands (1)"),
    "not_json.txt": ("", "not valid JSON (line 1, column 1"),
    "not_utf8.bin": ("", "not UTF-8 text"),
    "top_level_list.json": ("", "holds a JSON list; expected a JSON object"),
    "truncated.json": ("", "looks cut short"),
    "unknown_client.json": ("applications[1].client", "9 is not the id of a client"),
    "unknown_top_level_key.json": ("clints", "is not part of a workbook export"),
    "wrong_format.json": ("format", "'followup_kit.application' is not 'followup_kit.workbook'"),
    "wrong_type_number.json": (
        "applications[1].application.rounds[1].number",
        "'two' is not accepted: input should be a valid integer",
    ),
    "wrong_type_rounds.json": (
        "applications[0].application.rounds",
        "'last Tuesday' is not accepted",
    ),
    "wrong_version.json": ("version", "'1' is not a format version"),
}


def _snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    finally:
        conn.close()


@pytest.fixture
def wb(tmp_path: Path) -> Iterator[Workbook]:
    with Workbook.open(tmp_path / "workbook.sqlite") as workbook:
        client = workbook.add_client("Sam Okafor")
        workbook.save_application(client.id, application())
        yield workbook


def test_every_corpus_file_is_covered() -> None:
    files = {f.name for f in CORPUS.iterdir()}
    assert files == {*BAD_FILES, "valid.json"}


def test_the_valid_file_imports(wb: Workbook) -> None:
    summary = wb.import_json((CORPUS / "valid.json").read_text(encoding="utf-8"))
    assert (summary.clients, summary.applications) == (2, 2)
    companies = sorted(r.application.company for r in wb.applications())
    assert companies == ["Acme Analytics", "Fjord Analytics", "Oakfield Council"]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_by_location_and_changes_nothing(wb: Workbook, name: str) -> None:
    location, words = BAD_FILES[name]
    before = _snapshot(wb.path)
    with pytest.raises(InvalidInputError) as caught:
        wb.import_json((CORPUS / name).read_bytes())
    assert caught.value.locations[0] == location
    problem = caught.value.problems[0]
    assert words in problem.message
    # The whole message is what the coach sees: it starts with the place (or "the file").
    assert str(caught.value).startswith(f"{location}: " if location else "the file ")
    assert _snapshot(wb.path) == before


def test_all_problems_are_reported_at_once(wb: Workbook) -> None:
    document = json.loads((CORPUS / "valid.json").read_text(encoding="utf-8"))
    document["applications"][0]["application"]["company"] = ""
    document["applications"][1]["application"]["rounds"][0]["interviewers"][0]["email"] = "x@"
    with pytest.raises(InvalidInputError) as caught:
        wb.import_json(json.dumps(document))
    assert caught.value.locations == (
        "applications[0].application.company",
        "applications[1].application.rounds[0].interviewers[0].email",
    )


def test_a_file_above_the_size_limit_is_refused_unread(
    wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (CORPUS / "valid.json").read_text(encoding="utf-8")
    monkeypatch.setattr(exchange, "MAX_IMPORT_CHARS", len(text) - 1)
    with pytest.raises(InvalidInputError, match="characters long; expected a workbook export of"):
        wb.import_json(text)


def test_an_older_export_version_is_migrated(wb: Workbook, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend this kit writes version 2, in which clients gained a "tags" list.
    def to_v2(document: dict[str, Any]) -> dict[str, Any]:
        return {**document, "version": 2, "description": "migrated from version 1"}

    monkeypatch.setattr(exchange, "EXPORT_VERSION", 2)
    monkeypatch.setitem(exchange.EXPORT_MIGRATIONS, 1, to_v2)
    summary = wb.import_json((CORPUS / "valid.json").read_text(encoding="utf-8"))
    assert summary.applications == 2
    newer = json.loads((CORPUS / "valid.json").read_text(encoding="utf-8"))
    newer["version"] = 3
    with pytest.raises(InvalidInputError, match="version 3 is newer than this kit understands"):
        wb.import_json(json.dumps(newer))


def test_an_application_body_of_an_older_format_goes_through_the_core_migrations(
    wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_kit.core import serialization

    def rename(document: dict[str, Any]) -> dict[str, Any]:
        body = dict(document["application"])
        body["company"] = body.pop("employer")
        return {**document, "version": 2, "application": body}

    monkeypatch.setattr(serialization, "FORMAT_VERSION", 2)
    monkeypatch.setattr(exchange, "FORMAT_VERSION", 2)
    monkeypatch.setitem(serialization.MIGRATIONS, 1, rename)
    document = json.loads((CORPUS / "valid.json").read_text(encoding="utf-8"))
    for item in document["applications"]:
        item["application"]["employer"] = item["application"].pop("company")
    wb.import_json(json.dumps(document))
    assert "Fjord Analytics" in {r.application.company for r in wb.applications()}

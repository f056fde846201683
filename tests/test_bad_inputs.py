"""The bad-input battery (issue 16): every entry point answers bad input with a plain message
at the right place, never a traceback, and saves nothing that could later break a view.

The inputs are tables in ``tests/data/bad_inputs/`` (one JSON file per entry point), so a new
case is one line of data:

- ``model.json``: one field of a valid application changed (``path`` with dots, list indices
  as numbers) -> `Application.parse` names ``where`` and says ``says``. Every row also goes
  through `load_application` (the file road) and `Workbook.import_json` (the import road).
- ``files.json``: the raw bytes of an application file -> `load_application`.
- ``cli.json``: a command line (with environment variables) -> exit code and a stderr line.
- ``form.json``: one widget of the interview form set to a bad value -> the message beside it.
- ``imports.json``: a workbook export with one part broken -> `Workbook.import_json`.

Values may be written as small recipes, because some bad inputs are too big for a table:
``{"repeat": "A", "times": 300}`` is a 300-character string, ``{"people": 31}`` 31
interviewers, ``{"repeat_list": "x", "times": 51}`` a list of 51 strings, ``{"events": 501}``
501 valid events, ``{"nest": 50000}`` a JSON text nested 50,000 deep, ``{"digits": 5000}`` a
5,000-digit number.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from followup_kit.cli.main import main
from followup_kit.core import build_plan
from followup_kit.core.agenda import agenda
from followup_kit.core.models import Application
from followup_kit.core.serialization import load_application
from followup_kit.errors import InvalidInputError
from followup_kit.store import Workbook
from tests.scenarios import application
from tests.workspaces import scenario_workspace

DATA = Path(__file__).parent / "data" / "bad_inputs"
NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parent.parent


def _table(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return rows


def _cases(name: str) -> list[Any]:
    return [pytest.param(row, id=row["id"]) for row in _table(name)]


def _expand(value: Any) -> Any:
    """A table value, with its recipe (see the module docstring) carried out."""
    if not isinstance(value, dict):
        return value
    if "repeat" in value:
        return value["repeat"] * value["times"]
    if "repeat_list" in value:
        return [f"{value['repeat_list']} {i}" for i in range(value["times"])]
    if "people" in value:
        return [{"name": f"Person {i}"} for i in range(value["people"])]
    if "events" in value:
        start = datetime(2026, 3, 4, 9, tzinfo=timezone.utc)
        return [
            {"kind": "heard_back", "at": (start + timedelta(minutes=i)).isoformat()}
            for i in range(value["events"])
        ]
    return {k: _expand(v) for k, v in value.items()}


def _set(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `document` with the value at the dotted `path` set."""
    changed = copy.deepcopy(document)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    here: Any = changed
    for part in parents:
        here = here[part]
    here[last] = _expand(value)
    return changed


def _valid() -> dict[str, Any]:
    return application().model_dump(mode="json")


def _assert_plain(exc: InvalidInputError, where: str, says: str) -> None:
    """One of the problems is at `where` (or inside it) and says `says`, in a sentence."""
    at = exc.for_location(where) if where else list(exc.problems)
    assert at, f"no problem at {where!r}; got {[str(p) for p in exc.problems]}"
    text = " ".join(p.message for p in at)
    assert says.lower() in text.lower(), f"{says!r} not in {text!r}"
    for problem in exc.problems:
        assert "Traceback" not in problem.message
        assert len(problem.message) < 600, "a message is a sentence, not a dump"


# -- the model ----------------------------------------------------------------------------------
@pytest.mark.parametrize("row", _cases("model.json"))
def test_the_model_refuses_with_a_message_at_the_field(row: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Application.parse(_set(_valid(), row["path"], row["value"]))
    _assert_plain(caught.value, row["where"], row["says"])


@pytest.mark.parametrize("row", _cases("model.json"))
def test_an_application_file_refuses_the_same_input_at_the_same_field(
    row: dict[str, Any],
) -> None:
    body = _set(_valid(), row["path"], row["value"])
    text = json.dumps({"format": "followup_kit.application", "version": 1, "application": body})
    with pytest.raises(InvalidInputError) as caught:
        load_application(text)
    _assert_plain(caught.value, row["where"], row["says"])


def test_the_valid_base_is_accepted() -> None:
    # The rows above change one field each: without this, a broken base would pass them all.
    assert Application.parse(_valid()) == application()


# -- application files ----------------------------------------------------------------------------
def _file_bytes(content: Any) -> bytes:
    if isinstance(content, dict) and "nest" in content:
        return b"[" * content["nest"] + b"]" * content["nest"]
    if isinstance(content, dict) and "digits" in content:
        return (
            b'{"format": "followup_kit.application", "version": ' + b"9" * content["digits"] + b"}"
        )
    if isinstance(content, dict) and "hex" in content:
        return bytes.fromhex(content["hex"])
    if isinstance(content, dict) and "application" in content:
        body = _set(_valid(), *content["application"])
        return json.dumps(
            {"format": "followup_kit.application", "version": 1, "application": body}
        ).encode()
    assert isinstance(content, str)
    return content.encode("utf-8")


@pytest.mark.parametrize("row", _cases("files.json"))
def test_an_application_file_that_cannot_be_used_says_why(row: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_application(_file_bytes(row["content"]))
    _assert_plain(caught.value, row["where"], row["says"])


# -- the command line -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files the command-line rows name as {placeholders}."""
    from followup_kit.store import create_demo_workbook

    root = tmp_path_factory.mktemp("cli")
    good = _valid()

    def app_file(name: str, body: dict[str, Any]) -> str:
        path = root / name
        envelope = {"format": "followup_kit.application", "version": 1, "application": body}
        path.write_text(json.dumps(envelope), encoding="utf-8")
        return str(path)

    (root / "not.json").write_text("Sam Okafor, Acme Analytics\n", encoding="utf-8")
    (root / "deep.json").write_bytes(b"[" * 50_000 + b"]" * 50_000)
    (root / "digits.json").write_bytes(b'{"version": ' + b"9" * 5000 + b"}")
    with (root / "huge.json").open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)  # sparse: 11 MB without writing them
    unreadable = root / "unreadable.json"
    unreadable.write_text("{}", encoding="utf-8")
    unreadable.chmod(0)
    with create_demo_workbook(root / "demo.sqlite", NOW):
        pass
    other = sqlite3.connect(root / "other.sqlite")
    other.execute("CREATE TABLE songs (title TEXT)")
    other.commit()
    other.close()
    version0 = root / "version0.sqlite"
    with create_demo_workbook(version0, NOW):
        pass
    conn = sqlite3.connect(version0)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    folder_home = root / "folder-home"
    (folder_home / "workbook.sqlite").mkdir(parents=True)
    return {
        "tmp": str(root),
        "good": app_file("good.json", good),
        "year9999": app_file("9999.json", _set(good, "rounds.0.decision_expected", "9999-12-31")),
        "zwsp": app_file("zwsp.json", _set(good, "company", "\u200b")),
        "bidi": app_file("bidi.json", _set(good, "role", "Analyst\u202e")),
        "mailbox": app_file(
            "mailbox.json", _set(good, "rounds.0.interviewers.0.email", "añá@example.com")
        ),
        "notjson": str(root / "not.json"),
        "deep": str(root / "deep.json"),
        "digits": str(root / "digits.json"),
        "huge": str(root / "huge.json"),
        "unreadable": str(unreadable),
        "workbook": str(root / "demo.sqlite"),
        "othersqlite": str(root / "other.sqlite"),
        "version0": str(version0),
        "folderhome": str(folder_home),
    }


def _fill(text: str, places: dict[str, str]) -> str:
    return text.format(**places) if "{" in text else text


@pytest.mark.parametrize("row", _cases("cli.json"))
def test_the_command_line_answers_in_one_plain_line(
    row: dict[str, Any],
    places: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setenv("FOLLOWUP_KIT_NOW", NOW.isoformat())
    monkeypatch.setenv("FOLLOWUP_KIT_HOME", str(Path(places["tmp"]) / "home"))
    for name, value in row.get("env", {}).items():
        monkeypatch.setenv(name, _fill(value, places))
    code = main([_fill(arg, places) for arg in row["argv"]])
    err = capsys.readouterr().err
    assert code == row["code"], err
    assert "Traceback" not in err
    assert row["says"].lower() in err.lower(), err
    lines = [line for line in err.splitlines() if line.startswith("followup-kit")]
    assert len(lines) == 1, err  # one sentence, after the usage lines for exit 2


@pytest.mark.parametrize(
    ("port", "says"),
    [("0", "not a port"), ("70000", "out of range"), ("http", "not a port")],
)
def test_lab_refuses_a_bad_port_before_starting_anything(
    port: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Through the parser only: were the port accepted, `main` would start a real JupyterLab.
    from followup_kit.cli.main import build_parser

    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["lab", "--no-browser", "--port", port])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert says in err
    assert "Traceback" not in err


def test_a_real_process_prints_no_traceback_for_a_deep_file(places: dict[str, str]) -> None:
    # The console script itself (a real process, its own recursion limit and stderr).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FOLLOWUP_KIT_NOW": NOW.isoformat()}
    for argv in (
        ["plan", places["deep"]],
        ["plan", "/dev/zero"],
        ["agenda", "--workbook", "/dev/null"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "followup_kit.cli", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1, done.stderr


# -- the interview form and the status panel (driven without a browser) --------------------------
@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Any]:
    with scenario_workspace(tmp_path) as ws:
        yield ws


def _widget_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    return value


def _html_text(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("row", _cases("form.json"))
def test_a_form_field_shows_its_problem_and_saves_nothing_invalid(
    row: dict[str, Any], workspace: Any
) -> None:
    book = workspace.session.workbook
    record_id = workspace.session.current.id
    before = book.application(record_id)
    value = _widget_value(row["kind"], row["value"])
    target, _, name = row["widget"].partition(".")
    if target == "status":
        panel = workspace.status
        getattr(panel, name).value = value
        panel._click(panel_kind())
        shown = _html_text(panel.message.value)
    else:
        form = workspace.form
        if target == "interviewer":
            index, _, attr = name.partition(".")
            field = getattr(form.interviewer_rows[int(index)], attr)
            row_obj = form.interviewer_rows[int(index)]
        elif target in ("concern", "slip"):
            # Concerns and slips are rows of their own, with a tick per interviewer.
            rows = form.concern_list if target == "concern" else form.slip_list
            field, row_obj = (rows.rows[0] if rows.rows else rows.add()).fields[name], None
        else:
            field, row_obj = getattr(form, target), None
        field.widget.value = value
        assert form.submit() is None
        places = {
            "field": field.message.value,
            "row-field": field.message.value,
            "round": form.round_message.value,
            "row": row_obj.message.value if row_obj is not None else "",
        }
        shown = _html_text(places[row["shown"]])
        if row["kind"] == "text":  # nothing the user typed is lost: held with its message
            assert field.widget.value == value
            held = book.pending_values(record_id)
            assert value in [p.text for p in held.values()], held
    assert shown, f"no message shown for {row['id']}"
    assert row["says"].lower() in shown.lower(), shown
    assert "Traceback" not in shown
    after = book.application(record_id)
    assert after.version == before.version  # nothing invalid is saved (the rest is unchanged)
    assert after.application == before.application
    build_plan(after.application, now=NOW)  # and what is stored still plans


def panel_kind() -> Any:
    from followup_kit.core.vocabulary import EventKind

    return EventKind.HEARD_BACK


# -- importing a workbook export ------------------------------------------------------------------
@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbook]:
    """One workbook every import row is tried against (a refused import writes nothing)."""
    path = tmp_path_factory.mktemp("import") / "workbook.sqlite"
    with Workbook.open(path, clock=lambda: NOW) as workbook:
        client = workbook.add_client("Sam Okafor")
        workbook.save_application(client.id, application())
        yield workbook


def _import_text(book: Workbook, change: dict[str, Any]) -> bytes | str:
    if "raw" in change:
        return _file_bytes(change["raw"])
    document = json.loads(book.export_json())
    return json.dumps(_set(document, *change["set"]))


def _unchanged(book: Workbook, before: str) -> None:
    assert book.export_json() == before  # nothing was imported
    frame = agenda({f"{r.id}": r.application for r in book.applications()}, NOW)
    assert frame.attrs["problems"] == []  # and every view still works


@pytest.mark.parametrize("row", _cases("imports.json"))
def test_an_import_that_cannot_be_used_is_refused_whole(
    row: dict[str, Any], book: Workbook
) -> None:
    before = book.export_json()
    with pytest.raises(InvalidInputError) as caught:
        book.import_json(_import_text(book, row["change"]))
    _assert_plain(caught.value, row["where"], row["says"])
    _unchanged(book, before)


@pytest.mark.parametrize("row", _cases("model.json"))
def test_an_import_refuses_every_bad_field_the_model_refuses(
    row: dict[str, Any], book: Workbook
) -> None:
    before = book.export_json()
    change = {"set": [f"applications.0.application.{row['path']}", row["value"]]}
    with pytest.raises(InvalidInputError) as caught:
        book.import_json(_import_text(book, change))
    where = "applications[0].application" + ("." + row["where"] if row["where"] else "")
    _assert_plain(caught.value, where, row["says"])
    _unchanged(book, before)

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
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from followup_kit.core.models import Application
from followup_kit.core.serialization import load_application
from followup_kit.errors import InvalidInputError
from tests.scenarios import application

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

"""The versioned JSON format of one application (the kit's import/export format).

    {"format": "followup_kit.application", "version": 1, "application": {...}}

Files of an older version are migrated step by step; a newer version is refused with a message
that says to update the kit. Loading never returns a half-valid application.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from followup_kit.core.models import Application
from followup_kit.errors import InvalidInputError, Problem

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "application_from_dict",
    "dump_application",
    "load_application",
]

FORMAT = "followup_kit.application"
FORMAT_VERSION = 1

# version -> function turning a document of that version into one of version + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def application_to_dict(application: Application) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "application": application.model_dump(mode="json"),
    }


def dump_application(application: Application) -> str:
    """The application as versioned JSON text (stable: same application, same text)."""
    return json.dumps(application_to_dict(application), indent=2, ensure_ascii=False) + "\n"


def application_from_dict(document: Mapping[str, Any]) -> Application:
    """Validate a parsed document (envelope included), migrating older versions."""
    if not isinstance(document, Mapping):
        raise InvalidInputError(
            [Problem("", f"expected a JSON object, found {type(document).__name__}")]
        )
    if document.get("format") != FORMAT:
        raise InvalidInputError(
            [
                Problem(
                    "format",
                    f"{document.get('format')!r} is not {FORMAT!r}; expected a "
                    "followup_kit application export",
                    document.get("format"),
                )
            ]
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInputError(
            [
                Problem(
                    "version",
                    f"{version!r} is not a format version; expected a whole number from 1",
                    version,
                )
            ]
        )
    if version > FORMAT_VERSION:
        raise InvalidInputError(
            [
                Problem(
                    "version",
                    f"version {version} is newer than this kit understands "
                    f"({FORMAT_VERSION}); update followup_kit to open this file",
                    version,
                )
            ]
        )
    doc = dict(document)
    while doc["version"] < FORMAT_VERSION:
        doc = MIGRATIONS[doc["version"]](doc)
    body = doc.get("application")
    if not isinstance(body, Mapping):
        raise InvalidInputError(
            [
                Problem(
                    "application",
                    "is missing or not an object; expected the application's fields",
                    body,
                )
            ]
        )
    return Application.parse(body)


def load_application(text: str | bytes) -> Application:
    """Parse versioned JSON text into a validated Application (InvalidInputError if not)."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise InvalidInputError(
            [
                Problem(
                    "",
                    "the file is nested too deeply to be an application export; expected the "
                    "JSON a workbook exports",
                )
            ]
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f"line {exc.lineno}, column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else "bytes"
        )
        raise InvalidInputError(
            [Problem("", f"the file is not valid JSON ({where}): {getattr(exc, 'msg', exc)}")]
        ) from None
    except ValueError:  # e.g. a number of thousands of digits (Python's int limit)
        raise InvalidInputError(
            [
                Problem(
                    "",
                    "the file holds a number too long to read (thousands of digits); expected "
                    "the JSON a workbook exports",
                )
            ]
        ) from None
    return application_from_dict(document)

"""The workbook's JSON export format, and validating a file before anything is imported.

    {"format": "followup_kit.workbook", "version": 1, "application_format": 1,
     "clients": [{"id": 1, "name": "...", "email": null, "notes": ""}],
     "applications": [{"id": 1, "client": 1, "version": 3, "application": {...}}]}

`application` holds the core model's fields (the body of `dump_application`), in the
application format `application_format`, so older bodies migrate through the core's own
migrations. Problems are reported with dotted locations such as
``applications[0].application.rounds[1].interviewers[0].email``, all of them at once, and a file
with any problem is refused whole: parsing happens before the workbook is touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from pydantic import BaseModel, ConfigDict, EmailStr, ValidationError, field_validator

from followup_kit.core.models import Application, RequiredLine, Text
from followup_kit.core.serialization import FORMAT, FORMAT_VERSION, application_from_dict
from followup_kit.errors import InvalidInputError, Problem

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MAX_IMPORT_CHARS",
    "ClientDetails",
    "ParsedApplication",
    "ParsedExport",
    "build_export",
    "parse_export",
]

EXPORT_FORMAT = "followup_kit.workbook"
EXPORT_VERSION = 1
# A real caseload is a few megabytes; a bigger file is almost certainly not an export.
MAX_IMPORT_CHARS = 100_000_000
_TOP_KEYS = (
    "format",
    "version",
    "application_format",
    "anchor",
    "description",
    "clients",
    "applications",
)

# version -> function turning an export of that version into one of version + 1.
EXPORT_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ClientDetails(BaseModel):
    """A client's fields, validated like the core model's (plain single-line text)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: RequiredLine
    email: EmailStr | None = None
    notes: Text = ""

    @field_validator("email", mode="before")
    @classmethod
    def _blank_email(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def parse(cls, data: Mapping[str, Any], *, prefix: str = "") -> ClientDetails:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidInputError.from_validation_error(exc, prefix=prefix) from None


@dataclass(frozen=True)
class ParsedApplication:
    client: int  # the client's id in the file
    application: Application


@dataclass(frozen=True)
class ParsedExport:
    clients: dict[int, ClientDetails]  # keyed by the id in the file, in file order
    applications: list[ParsedApplication]


def build_export(
    clients: Sequence[tuple[int, ClientDetails]],
    applications: Sequence[tuple[int, int, int, Application | Mapping[str, Any]]],
    **extra: Any,
) -> dict[str, Any]:
    """The export document for (id, client) and (id, client id, version, application) rows.

    An application may be given as its JSON body already (`model_dump(mode="json")`), which
    spares a round trip through the model for what the workbook stores as JSON anyway."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "application_format": FORMAT_VERSION,
        **extra,
        "clients": [{"id": key, **client.model_dump(mode="json")} for key, client in clients],
        "applications": [
            {
                "id": key,
                "client": client,
                "version": version,
                "application": app.model_dump(mode="json") if isinstance(app, Application) else app,
            }
            for key, client, version, app in applications
        ],
    }


def _whole_number(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _versions(newest: int) -> str:
    return str(newest) if newest == 1 else f"a whole number from 1 to {newest}"


def _prefixed(exc: InvalidInputError, prefix: str) -> list[Problem]:
    out = []
    for p in exc.problems:
        loc = p.location
        where = (
            prefix if not loc else f"{prefix}{loc}" if loc.startswith("[") else f"{prefix}.{loc}"
        )
        # pydantic's wording for a missing field; coaches read these messages verbatim.
        message = (
            "is missing; expected a value here" if p.message == "Field required" else p.message
        )
        out.append(Problem(where, message, p.value))
    return out


def _read_json(text: str | bytes) -> Any:
    if len(text) > MAX_IMPORT_CHARS:
        raise InvalidInputError(
            f"the file is {len(text):,} characters long; expected a workbook export of at most "
            f"{MAX_IMPORT_CHARS:,}"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        cut_short = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip())
        hint = (
            "; it looks cut short, was the whole file copied?" if cut_short and text.strip() else ""
        )
        raise InvalidInputError(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            f"expected a followup_kit workbook export{hint}"
        ) from None
    except UnicodeDecodeError:
        raise InvalidInputError(
            "the file is not UTF-8 text; expected a followup_kit workbook export"
        ) from None
    except RecursionError:
        raise InvalidInputError(
            "the file nests too deeply to be a workbook export; expected a followup_kit "
            "workbook export"
        ) from None
    except ValueError:  # a number of thousands of digits (Python's int limit; issue 16)
        raise InvalidInputError(
            "the file holds a number too long to read (thousands of digits); expected a "
            "followup_kit workbook export"
        ) from None


def _check_envelope(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInputError(
            f"the file holds a JSON {type(raw).__name__}; expected a JSON object "
            "(a followup_kit workbook export)"
        )
    document: dict[str, Any] = raw
    if document.get("format") != EXPORT_FORMAT:
        hint = (
            " (that is a single application; use load_application)"
            if document.get("format") == FORMAT
            else ""
        )
        raise InvalidInputError(
            [
                Problem(
                    "format",
                    f"{document.get('format')!r} is not {EXPORT_FORMAT!r}; expected a followup_kit "
                    f"workbook export{hint}",
                    document.get("format"),
                )
            ]
        )
    version = document.get("version")
    if not _whole_number(version) or version < 1:
        raise InvalidInputError(
            [
                Problem(
                    "version",
                    f"{version!r} is not a format version; expected a whole number from 1",
                    version,
                )
            ]
        )
    if version > EXPORT_VERSION:
        raise InvalidInputError(
            [
                Problem(
                    "version",
                    f"version {version} is newer than this kit understands ({EXPORT_VERSION}); "
                    "update followup_kit to import this file",
                    version,
                )
            ]
        )
    while document["version"] < EXPORT_VERSION:
        document = EXPORT_MIGRATIONS[document["version"]](document)
    unknown = sorted(set(document) - set(_TOP_KEYS))
    if unknown:
        raise InvalidInputError(
            [
                Problem(
                    key, f"is not part of a workbook export; expected only {', '.join(_TOP_KEYS)}"
                )
                for key in unknown
            ]
        )
    app_format = document.get("application_format", FORMAT_VERSION)
    if not _whole_number(app_format) or not 1 <= app_format <= FORMAT_VERSION:
        raise InvalidInputError(
            [
                Problem(
                    "application_format",
                    f"{app_format!r} is not an application format this kit reads; expected "
                    f"{_versions(FORMAT_VERSION)} (update followup_kit to read newer files)",
                    app_format,
                )
            ]
        )
    return document


def _parse_clients(raw: Any, problems: list[Problem], seen: set[int]) -> dict[int, ClientDetails]:
    """Valid clients by id; `seen` collects every id in the file, valid or not, so an
    application is not blamed for a client whose own fields are wrong."""
    clients: dict[int, ClientDetails] = {}
    if not isinstance(raw, list):
        problems.append(
            Problem("clients", "is missing or not a list; expected a list of clients", raw)
        )
        return clients
    for index, item in enumerate(raw):
        where = f"clients[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, "is not an object; expected a client's fields", item))
            continue
        key = item.get("id")
        if not _whole_number(key):
            problems.append(
                Problem(f"{where}.id", f"{key!r} is not a client id; expected a whole number", key)
            )
            continue
        if key in seen:
            problems.append(
                Problem(
                    f"{where}.id", f"client id {key} appears twice; expected each client once", key
                )
            )
            continue
        seen.add(key)
        try:
            clients[key] = ClientDetails.parse(
                {k: v for k, v in item.items() if k != "id"}, prefix=where
            )
        except InvalidInputError as exc:
            problems.extend(exc.problems)
    return clients


def _parse_applications(
    raw: Any,
    app_format: int,
    clients: Mapping[int, Any],
    seen: set[int],
    problems: list[Problem],
) -> list[ParsedApplication]:
    parsed: list[ParsedApplication] = []
    if not isinstance(raw, list):
        problems.append(
            Problem(
                "applications", "is missing or not a list; expected a list of applications", raw
            )
        )
        return parsed
    for index, item in enumerate(raw):
        where = f"applications[{index}]"
        if not isinstance(item, dict):
            problems.append(
                Problem(where, "is not an object; expected an application record", item)
            )
            continue
        unknown = sorted(set(item) - {"id", "client", "version", "application"})
        problems.extend(
            Problem(
                f"{where}.{key}",
                "is not part of an application record; expected id, client, version, application",
            )
            for key in unknown
        )
        client = item.get("client")
        if not _whole_number(client) or client not in seen:
            problems.append(
                Problem(
                    f"{where}.client",
                    f"{client!r} is not the id of a client in this file; expected one of "
                    f"{', '.join(str(k) for k in sorted(seen)) or '(no clients)'}",
                    client,
                )
            )
        body = item.get("application")
        if not isinstance(body, dict):
            problems.append(
                Problem(
                    f"{where}.application",
                    "is missing or not an object; expected the application's fields",
                    body,
                )
            )
            continue
        try:
            app = application_from_dict(
                {"format": FORMAT, "version": app_format, "application": body}
            )
        except InvalidInputError as exc:
            problems.extend(_prefixed(exc, f"{where}.application"))
            continue
        if _whole_number(client) and client in clients:
            parsed.append(ParsedApplication(client, app))
    return parsed


def parse_export(text: str | bytes) -> ParsedExport:
    """A validated export, or InvalidInputError listing every problem with its location."""
    document = _check_envelope(_read_json(text))
    problems: list[Problem] = []
    seen: set[int] = set()
    clients = _parse_clients(document.get("clients"), problems, seen)
    applications = _parse_applications(
        document.get("applications"),
        document.get("application_format", FORMAT_VERSION),
        clients,
        seen,
        problems,
    )
    if problems:
        raise InvalidInputError(problems)
    return ParsedExport(clients, applications)

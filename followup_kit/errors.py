"""Errors the kit raises for bad input.

Every message names the field, the value that was given and what is expected, in words a
candidate understands, because the UI shows these messages verbatim beside the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

__all__ = ["FollowupKitError", "InvalidInputError", "Problem", "StaleVersionError"]


class FollowupKitError(Exception):
    """Base class of every error the kit raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what was given, what is expected."""

    location: str
    message: str
    value: Any = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def _format_location(parts: Sequence[int | str]) -> str:
    """('rounds', 1, 'interviewers', 0, 'email') -> 'rounds[1].interviewers[0].email'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_LEADING_PATH = re.compile(r"^((?:[a-z_]+\[\d+\]\.)+[a-z_]+|(?:[a-z_]+\[\d+\])+)(?::)? ")


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InvalidInputError(FollowupKitError, ValueError):
    """Input that the kit cannot accept; `problems` lists each field that is wrong."""

    def __init__(self, problems: Sequence[Problem] | str, *, location: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(location, problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def locations(self) -> tuple[str, ...]:
        return tuple(p.location for p in self.problems)

    def for_location(self, prefix: str) -> list[Problem]:
        """The problems at `prefix` or inside it (the UI shows them beside that field)."""
        return [
            p
            for p in self.problems
            if p.location == prefix or p.location.startswith((prefix + ".", prefix + "["))
        ]

    @classmethod
    def from_validation_error(cls, exc: ValidationError, *, prefix: str = "") -> InvalidInputError:
        """Turn pydantic's report into plain messages with dotted locations."""
        problems = []
        for err in exc.errors(include_url=False):
            location = _format_location([*([prefix] if prefix else []), *err["loc"]])
            message = str(err["msg"])
            # Our own validators already name the value; pydantic's built-in ones do not.
            message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
            value = err.get("input")
            # Checks that span several fields start their message with the field's path
            # ("events[2].interviewer 'Ana' is not …"): move it into the location, so a form
            # can show the message beside that field.
            lead = _LEADING_PATH.match(message)
            if lead:
                location = ".".join(p for p in (location, lead.group(1)) if p)
                message = message[lead.end() :]
            if err["type"] == "missing":
                message = "is missing; fill it in"
            elif err["type"] == "string_too_long" and isinstance(value, str):
                limit = (err.get("ctx") or {}).get("max_length", 0)
                message = f"is {len(value):,} characters long; the limit is {limit:,}"
            elif message.startswith("value is not"):  # e.g. email-validator's wording
                message = f"{_short(value)}{message.removeprefix('value')}"
            elif err["type"] not in {"value_error", "assertion_error"} and not isinstance(
                value, dict
            ):
                message = f"{_short(value)} is not accepted: {message[0].lower()}{message[1:]}"
            problems.append(Problem(location, message, value))
        return cls(problems)


class StaleVersionError(FollowupKitError):
    """A save was based on an older version than the one stored (someone else saved first).

    `fields` names what both sides changed (empty when not known), `current` is the version
    stored now and `base` the one the save started from, so a view can offer "Load their
    version" / "Keep mine" without parsing the message."""

    def __init__(
        self,
        message: str,
        *,
        fields: tuple[str, ...] = (),
        current: int | None = None,
        base: int | None = None,
    ) -> None:
        super().__init__(message)
        self.fields = fields
        self.current = current
        self.base = base

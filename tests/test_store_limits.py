"""Every text the workbook stores has a length limit, and a text over it is refused with a
message that says both lengths, at its own field, without blocking the other fields."""

from __future__ import annotations

import typing
from typing import Any

import annotated_types
import pytest
from pydantic import BaseModel

from followup_kit.core.models import Application
from followup_kit.errors import InvalidInputError
from followup_kit.store.exchange import ClientDetails


def _str_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted name, metadata) for every field that holds text, walking nested models."""
    found: list[tuple[str, Any]] = []

    def walk(annotation: Any, name: str, metadata: list[Any]) -> None:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            walk(base, name, [*metadata, *extra])
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            for arg in typing.get_args(annotation):
                if arg is not type(None):
                    walk(arg, name, metadata)
        elif origin is tuple:
            walk(typing.get_args(annotation)[0], f"{name}[]", metadata[:0])
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.extend(_str_fields(annotation, f"{name}."))
        elif annotation is str or getattr(annotation, "__name__", "") == "EmailStr":
            found.append((name, metadata))

    for field_name, info in model.model_fields.items():
        walk(info.annotation, f"{prefix}{field_name}", list(info.metadata))
    return found


def _limit(metadata: list[Any]) -> int | None:
    for item in metadata:
        if isinstance(item, annotated_types.MaxLen):
            return int(item.max_length)
        inner = getattr(item, "metadata", None)
        if inner:
            found = _limit(list(inner))
            if found is not None:
                return found
        if getattr(item, "max_length", None):
            return int(item.max_length)
    return None


@pytest.mark.parametrize("model", [Application, ClientDetails])
def test_every_text_field_has_a_length_limit(model: type[BaseModel]) -> None:
    fields = _str_fields(model)
    assert len(fields) >= (20 if model is Application else 3)
    unbounded = [
        name
        for name, metadata in fields
        if _limit(metadata) is None and not name.endswith("email")  # emails: 254 by their RFC
    ]
    assert unbounded == []


def test_a_long_paste_names_its_length_and_the_limit_and_only_its_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Application.parse(
            {
                "company": "Acme",
                "role": "Analyst",
                "candidate": {"name": "Sam"},
                "notes": "y" * 5_210,
            }
        )
    assert [(p.location, p.message) for p in caught.value.problems] == [
        ("notes", "is 5,210 characters long; the limit is 5,000")
    ]

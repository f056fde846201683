"""Loading an application from the workbook's own JSON without re-running every validator.

Nothing reaches the workbook without passing `Application.parse` first, so a stored document of
the current format is already valid. Re-validating it on every load costs about a millisecond per
application (the email checks alone are half of it), which is most of the time a coach waits for
a large caseload to open. This module converts the JSON values back to their Python types by
walking the model's own field annotations, checking each value's JSON type on the way.

Anything unexpected (an older format, a missing or extra field, a value of the wrong JSON type,
an annotation this walker does not know) falls back to the full validation of
`application_from_dict`, which migrates or explains the problem. The tests check that both roads
give equal applications for every field of the model.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import AwareDatetime, BaseModel, EmailStr

from followup_kit.core.models import Application
from followup_kit.core.serialization import FORMAT, FORMAT_VERSION, application_from_dict

__all__ = ["load_stored"]


class _Unexpected(Exception):
    """The fast road cannot vouch for this value; take the validating road."""


_PLAIN: dict[Any, type] = {str: str, EmailStr: str, bool: bool, int: int}


Convert = Callable[[Any], Any]


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Unexpected(value)
    # pydantic writes UTC as "Z", which fromisoformat only accepts from Python 3.11.
    parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    if parsed.tzinfo is None:
        raise _Unexpected(value)
    return parsed


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise _Unexpected(value)
    return date.fromisoformat(value)


def _plain(expected: type) -> Convert:
    def check(value: Any) -> Any:
        if type(value) is not expected:  # exact: a bool is not an int here
            raise _Unexpected(value)
        return value

    return check


def _optional(inner: Convert) -> Convert:
    return lambda value: None if value is None else inner(value)


def _many(inner: Convert) -> Convert:
    def convert(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _Unexpected(value)
        return tuple(inner(item) for item in value)

    return convert


# Built once per annotation: the walk over typing constructs happens at the first load only.
_CONVERTERS: dict[int, tuple[Any, Convert]] = {}


def _converter(annotation: Any) -> Convert:
    cached = _CONVERTERS.get(id(annotation))
    if cached is not None and cached[0] is annotation:
        return cached[1]
    convert = _build(annotation)
    _CONVERTERS[id(annotation)] = (annotation, convert)  # holding it keeps the id unique
    return convert


def _build(annotation: Any) -> Convert:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        options = [a for a in args if a is not type(None)]
        if len(options) != 1 or len(args) != 2:
            raise _Unexpected(annotation)
        return _optional(_converter(options[0]))
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise _Unexpected(annotation)
        return _many(_converter(args[0]))
    if annotation in _PLAIN:
        return _plain(_PLAIN[annotation])
    if annotation in (datetime, AwareDatetime):
        return _datetime
    if annotation is date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    raise _Unexpected(annotation)


def _model(model: type[BaseModel]) -> Convert:
    fields = [(name, _converter(field.annotation)) for name, field in model.model_fields.items()]
    count = len(fields)

    def construct(data: Any) -> BaseModel:
        # Same number of keys and every field present (a KeyError otherwise): the same keys.
        if type(data) is not dict or len(data) != count:
            raise _Unexpected(model)
        return model.model_construct(**{name: convert(data[name]) for name, convert in fields})

    return construct


def load_stored(text: str) -> Application:
    """The application in a stored document (the versioned JSON of `dump_application`)."""
    document = json.loads(text)
    if (
        isinstance(document, dict)
        and document.get("format") == FORMAT
        and document.get("version") == FORMAT_VERSION
    ):
        try:
            built = _converter(Application)(document.get("application"))
        except (_Unexpected, KeyError, ValueError, TypeError):
            pass
        else:
            assert isinstance(built, Application)
            return built
    return application_from_dict(document)

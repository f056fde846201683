"""The kit's one Jinja2 environment and the filters its templates use.

Templates live in ``followup_kit/templates/``. Plain-text templates (``*.txt.j2``) are not
HTML, so they are *not* autoescaped: "O'Brien" stays "O'Brien". HTML templates
(``*.html.j2``, ``*.htm.j2``, ``*.xml.j2``) are autoescaped. Undefined variables raise
(``StrictUndefined``), so a template never prints an empty gap silently.

A template may set ``{% set subject %}…{% endset %}`` at the top level; `render_message`
returns it beside the rendered body.

Every filter is a plain function, unit-tested on its own and listed in `FILTERS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from followup_kit.core.fitting import they_to_you
from followup_kit.render.labels import day_month, weekday

__all__ = [
    "FILTERS",
    "TEMPLATE_DIR",
    "RenderedMessage",
    "capfirst",
    "clause",
    "day_month",
    "environment",
    "first_name",
    "greeting_form",
    "join_list",
    "ordinal",
    "render_message",
    "sentence",
    "sentences",
    "to_you",
    "to_you_all",
    "weekday",
]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

# Name prefixes after which the whole name is kept in a greeting ("Dear Dr Ana Ruiz").
_HONORIFICS = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame", "lord", "lady"}
)
# Scripts whose names are usually written without spaces between given and family name.
_UNSPACED = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31bf"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_LEADING_POSSESSIVE = re.compile(r"^(her|his|their)\b", re.IGNORECASE)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_SENTENCE_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "…")


def capfirst(text: str) -> str:
    """The first letter capitalised and nothing else changed ("your move to AWS" → "Your move
    to AWS"; Jinja's own `capitalize` would lower "AWS")."""
    text = str(text)
    return text[:1].upper() + text[1:]


def join_list(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C". When an item itself contains "and", a comma goes before
    the last "and" so the reader can tell the items apart ("SQL and dbt, and dashboards")."""
    parts = [str(item).strip() for item in items if str(item).strip()]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    inner_and = any(re.search(r"\band\b|&", part) for part in parts)
    last_joint = ", and " if inner_and else " and "
    return ", ".join(parts[:-1]) + last_joint + parts[-1]


def sentences(parts: Iterable[str]) -> str:
    """The non-empty parts, stripped, joined with single spaces: one paragraph of a message."""
    return " ".join(text for text in (str(part).strip() for part in parts) if text)


def first_name(name: str) -> str:
    """The part of a name to greet someone by: the first word of a Western-style name, the
    whole name when it starts with a title (Dr, Ms …), is a single word, contains a comma or
    is written in a script without spaces between names (Chinese, Japanese, Korean)."""
    name = " ".join(name.split())
    parts = name.split(" ")
    if len(parts) == 1 or "," in name or _UNSPACED.search(name):
        return name
    first = parts[0]
    if first.rstrip(".").casefold() in _HONORIFICS or len(first.rstrip(".")) <= 1:
        return name
    return first


def sentence(text: str) -> str:
    """`text` as a sentence: first letter capitalised, a full stop added if it has none."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(_SENTENCE_END) else text + "."


def clause(text: str, keep: str = "") -> str:
    """Something the candidate wrote, to follow a dash or colon mid-sentence: the first
    letter is lower-cased ("They care…" → "they care…", "A small team…" → "a small team…")
    unless the first word is "I", an acronym, a name with inner capitals, or a word of `keep`
    (pass the company name, so "Acme cares…" keeps its capital). Ends with a full stop."""
    text = sentence(text)
    first = text.partition(" ")[0]
    kept = {word.casefold() for word in keep.split()}
    bare = first.rstrip(",;:")
    if (
        bare == "I"
        or bare.startswith(("I'", "I\u2019"))
        or bare.casefold() in kept
        or any(ch.isupper() for ch in bare[1:])
        or not bare[:1].isupper()
    ):
        return text
    return text[0].lower() + text[1:]


# Titles after which a greeting uses the surname ("Dear Dr Khan"); "Sir" and "Dame" go with
# the given name ("Dear Sir David").
_SURNAME_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss"})
_GIVEN_NAME_TITLES = frozenset({"sir", "dame"})
_PARTICLES = frozenset(
    {
        "de",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "bin",
        "binti",
        "al",
        "el",
        "mac",
        "st",
        "st.",
    }
)


def greeting_form(name: str) -> str:
    """How a name with a title is greeted: "Dr Aisha Khan" → "Dr Khan", "Prof. Ana de la Cruz"
    → "Prof. de la Cruz", "Sir David Attenborough" → "Sir David". Anything else unchanged."""
    parts = " ".join(name.split()).split(" ")
    if len(parts) < 3:
        return " ".join(parts)
    title = parts[0].rstrip(".").casefold()
    if title in _GIVEN_NAME_TITLES:
        return f"{parts[0]} {parts[1]}"
    if title not in _SURNAME_TITLES:
        return " ".join(parts)
    surname = [parts[-1]]
    for word in reversed(parts[2:-1]):
        if word.casefold() not in _PARTICLES:
            break
        surname.insert(0, word)
    return f"{parts[0]} {' '.join(surname)}"


def to_you_all(phrase: str) -> str:
    """A concern noted about the employer, said to the interviewer: every "they", "their",
    "them" becomes "you", "your", "you" ("less experience than they hoped" → "… than you
    hoped"). Use only for text that can only mean the reader's side, such as concerns."""
    phrase = to_you(phrase)
    return they_to_you(phrase)


def to_you(phrase: str) -> str:
    """A topic noted about someone, said to them: a leading "her", "his" or "their" becomes
    "your" ("her team's move to dbt" → "your team's move to dbt"). Nothing else changes."""
    phrase = " ".join(phrase.split())
    return _LEADING_POSSESSIVE.sub(lambda m: "Your" if m.group(1)[0].isupper() else "your", phrase)


def ordinal(number: int) -> str:
    """2 → "second"; beyond the eighth, "round 9"-style digits with a suffix ("9th")."""
    if 1 <= number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


FILTERS: dict[str, Any] = {
    "capfirst": capfirst,
    "clause": clause,
    "day_month": day_month,
    "first_name": first_name,
    "greeting_form": greeting_form,
    "join_list": join_list,
    "ordinal": ordinal,
    "sentence": sentence,
    "sentences": sentences,
    "to_you": to_you,
    "to_you_all": to_you_all,
    "weekday": weekday,
}


@cache
def environment() -> Environment:
    """The one Jinja2 environment of the kit (built once)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("txt", "txt.j2"),
            default_for_string=False,
            default=False,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    subject: str | None
    body: str


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no outer blank lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return unicodedata.normalize("NFC", tidy.strip("\n"))


def render_message(name: str, context: Mapping[str, Any]) -> RenderedMessage:
    """Render template `name` with `context`; returns its subject (if it sets one) and body."""
    module = environment().get_template(name).make_module(dict(context))
    subject = getattr(module, "subject", None)
    body = _tidy(str(module))
    if subject is None:
        return RenderedMessage(None, body)
    return RenderedMessage(" ".join(str(subject).split()), body)

"""The interview form's fields as one declarative table.

Each `FieldSpec` says where a value lives in the application (its model key), how it is labelled,
which widget edits it and how the widget's value converts to and from the model's. The form builds,
loads, reads, diffs and shows errors from these tables, so a new field is one line here.

Locations are the model's dotted paths (`rounds[0].interviewers[1].email`), the same ones
`InvalidInputError` reports, so a problem finds its field by prefix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import available_timezones

import ipywidgets as W

from followup_kit.core import Channel, InterviewerRole, InterviewFormat
from followup_kit.render.labels import ROLE
from followup_kit.ui.common import Field, lines

__all__ = [
    "CANDIDATE_FIELDS",
    "INTERVIEWER_FIELDS",
    "ROUND_FIELDS",
    "FieldSpec",
    "get_path",
    "set_path",
]

Kind = Literal["line", "optional", "text", "lines", "flag", "choice"]

# The model's limits (core/models.py: Line 200, Text 5000), repeated here so the form can refuse a
# long paste with a message that names the limit before the model sees it.
LINE_LIMIT = 200
TEXT_LIMIT = 5000

ZONES = sorted(
    z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
)
CHANNELS = (
    ("Not asked yet (email meanwhile)", ""),  # None in the model: nobody asked (R-A2)
    ("Email", Channel.EMAIL.value),
    ("Phone", Channel.PHONE.value),
    ("Post (card)", Channel.POST.value),
    ("LinkedIn", Channel.LINKEDIN.value),
)
ROLES = tuple((ROLE[role][:1].upper() + ROLE[role][1:], role.value) for role in InterviewerRole)
FORMATS = (
    ("On site", InterviewFormat.ON_SITE.value),
    ("Video", InterviewFormat.VIDEO.value),
    ("Phone", InterviewFormat.PHONE.value),
)
TEXT_KINDS = frozenset({"line", "optional", "text", "lines"})


@dataclass(frozen=True)
class FieldSpec:
    """One form field: model key (relative to its scope), the attribute that holds its `Field`,
    label, CSS class, widget kind and words."""

    key: str
    attr: str
    label: str
    css: str
    kind: Kind
    placeholder: str = ""
    hint: str = ""
    options: tuple[tuple[str, str], ...] | tuple[str, ...] = ()
    default: Any = None
    rows: int = 2

    @property
    def typed(self) -> bool:
        """True for fields the user types into (their text is kept even when invalid)."""
        return self.kind in TEXT_KINDS

    @property
    def limit(self) -> int:
        return TEXT_LIMIT if self.kind == "text" else LINE_LIMIT

    def build(self) -> Field:
        widget: W.DOMWidget
        if self.kind in ("line", "optional"):
            # continuous_update: every keystroke reaches the kernel, so a reload never loses
            # text that was typed but not yet blurred (the autosave is debounced).
            widget = W.Text(placeholder=self.placeholder, continuous_update=True)
        elif self.kind in ("text", "lines"):
            widget = W.Textarea(
                placeholder=self.placeholder, rows=self.rows, continuous_update=True
            )
        elif self.kind == "flag":
            widget = W.Checkbox(description=self.placeholder, indent=False)
        else:
            widget = W.Dropdown(options=list(self.options), value=self.default)
        return Field(self.label, widget, self.css, hint=self.hint)

    def to_model(self, value: Any) -> Any:
        """The widget's value as the model takes it."""
        if self.kind == "optional":
            return value or None
        if self.kind == "lines":
            return list(lines(value or ""))
        if self.kind == "flag":
            return bool(value)
        if self.kind == "choice" and value == "":
            return None  # "not asked yet", "same as the candidate": the model's None
        return value

    def to_widget(self, value: Any) -> Any:
        """The model's value as the widget shows it."""
        if self.kind in ("line", "optional", "text"):
            return value or ""
        if self.kind == "lines":
            return value if isinstance(value, str) else "\n".join(value or ())
        if self.kind == "flag":
            return bool(value)
        choices = {o[1] if isinstance(o, tuple) else o for o in self.options}
        text = str(getattr(value, "value", value)) if value is not None else None
        return text if text in choices else self.default

    def too_long(self, text: str) -> str:
        """A plain message when `text` is over this field's limit, else ''."""
        if not self.typed or not isinstance(text, str):
            return ""
        if self.kind in ("text",) and len(text) > self.limit:
            return (
                f"is {len(text):,} characters long; the limit is {self.limit:,}. "
                "Shorten it — the rest of the form keeps saving."
            )
        if self.kind in ("line", "optional") and len(text) > self.limit:
            return (
                f"is {len(text):,} characters long; the limit is {self.limit:,} on one line. "
                "Shorten it — the rest of the form keeps saving."
            )
        if self.kind == "lines":
            for number, line in enumerate(text.splitlines(), start=1):
                if len(line.strip()) > self.limit:
                    return (
                        f"line {number} is {len(line.strip()):,} characters long; each line "
                        f"holds at most {self.limit:,}. Shorten it or split it into lines — the "
                        "rest of the form keeps saving."
                    )
        return ""


CANDIDATE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("candidate.name", "candidate_name", "Candidate", "fk-candidate-name", "line",
              "full name"),
    FieldSpec("candidate.email", "candidate_email", "Candidate email", "fk-candidate-email",
              "optional", "you@example.com"),
    FieldSpec("candidate.time_zone", "zone", "Time zone", "fk-time-zone", "choice",
              options=tuple(ZONES), default="Europe/London"),
    FieldSpec("candidate.country", "country", "Country", "fk-country", "optional",
              "GB, US, DE …", hint="for public holidays"),
    FieldSpec("candidate.subdivision", "region", "Region", "fk-subdivision", "optional",
              "e.g. ENG, SCT, CA, NY, BY", hint="where holidays differ by region"),
    FieldSpec("candidate.linkedin_profile_ready", "profile_ready", "LinkedIn profile",
              "fk-profile-ready", "flag", "complete, with a photo", hint="R-D2"),
    FieldSpec("candidate.linkedin_premium", "linkedin_premium", "LinkedIn account",
              "fk-linkedin-premium", "flag", "paid (notes up to 300 characters)",
              hint="R-D1: free accounts allow 200"),
    FieldSpec("company", "company", "Company", "fk-company", "line",
              "employer, e.g. Acme Analytics"),
    FieldSpec("role", "role", "Role", "fk-role", "line", "job title, e.g. Data Analyst"),
    FieldSpec("employer_time_zone", "employer_zone", "Employer time zone",
              "fk-employer-time-zone", "choice",
              options=(("Same as the candidate", ""), *((z, z) for z in ZONES)), default="",
              hint="calls land in their hours"),
    FieldSpec("employer_country", "employer_country", "Employer country",
              "fk-employer-country", "optional", "empty: same as the candidate",
              hint="their working days"),
    FieldSpec("employer_subdivision", "employer_region", "Employer region",
              "fk-employer-subdivision", "optional", "e.g. ENG, NY"),
    FieldSpec("status_contact", "status_contact", "Status checks to", "fk-status-contact",
              "optional",
              "an interviewer's name (empty: the recruiter, else the hiring manager)",
              hint="who you chase (R-E5)"),
)  # fmt: skip

# The round's simple fields; its day, times and decision date are composite (form.py).
ROUND_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("format", "format", "Format", "fk-format", "choice", options=FORMATS,
              default="video"),
    FieldSpec("next_steps_asked", "asked", "Next steps", "fk-next-steps-asked", "flag",
              "I asked about next steps"),
    FieldSpec("qualifications", "qualifications", "Strengths to stress", "fk-qualifications",
              "lines",
              "two or three, one per line, e.g. five years of SQL / led our move to BigQuery",
              hint="R-C5", rows=3),
    FieldSpec("culture_fit", "culture", "Why you fit", "fk-culture-fit", "text",
              "e.g. your move to data-driven buying"),
    FieldSpec("mishaps", "mishaps", "Trivial mishaps", "fk-mishaps", "lines",
              "e.g. spilled my water (never mentioned in notes)", hint="R-C6"),
    FieldSpec("topics", "topics", "Topics", "fk-round-topics", "lines",
              "one per line, e.g. the new customer data platform"),
)  # fmt: skip

INTERVIEWER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "name", "Name", "fk-interviewer-name", "line", "as on their card"),
    FieldSpec("greeting_name", "greeting", "Greet as", "fk-interviewer-greeting", "line",
              "e.g. Wei or Dr Chen (empty: first name)"),
    FieldSpec("title", "title", "Title", "fk-interviewer-title", "line",
              "e.g. Head of Analytics"),
    FieldSpec("role", "role", "Role", "fk-interviewer-role", "choice", options=ROLES,
              default=InterviewerRole.NOT_SAID.value, hint="shapes the note"),
    FieldSpec("email", "email", "Email", "fk-interviewer-email", "optional",
              "name@company.com"),
    FieldSpec("phone", "phone", "Phone", "fk-interviewer-phone", "optional",
              "+44 20 7946 0000"),
    FieldSpec("preferred_channel", "channel", "Prefers", "fk-interviewer-channel", "choice",
              options=CHANNELS, default="", hint="ask them (R-A2)"),
    FieldSpec("agreed_to_connect", "agreed", "LinkedIn", "fk-interviewer-linkedin", "flag",
              "agreed in person to connect", hint="R-A3"),
    FieldSpec("card_collected", "card", "Card", "fk-interviewer-card", "flag",
              "business card collected"),
    FieldSpec("topics", "topics", "Talked about", "fk-interviewer-topics", "lines",
              "one per line, e.g. her team's move to dbt", hint="recalled in your notes"),
    FieldSpec("interests", "interests", "Cares about", "fk-interviewer-interests", "lines",
              "one per line, e.g. open data in local government", hint="for keep-warm ideas"),
    FieldSpec("share_title", "share_title", "Something to share", "fk-interviewer-share-title",
              "line", "title, e.g. A field guide to dbt tests",
              hint="feeds status checks and keep-warm notes"),
    FieldSpec("share_link", "share_link", "Its link", "fk-interviewer-share-link", "line",
              "https://… (empty: a [link] slot to fill)"),
)  # fmt: skip

# An interviewer's model defaults, used when a new row's invalid field is held back.
INTERVIEWER_DEFAULTS: dict[str, Any] = {
    "greeting_name": "",
    "title": "",
    "email": None,
    "phone": None,
    "topics": [],
    "interests": [],
    "share_title": "",
    "share_link": "",
}

_STEP = re.compile(r"([a-z_]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _STEP.findall(path)]


def get_path(doc: Any, path: str, default: Any = None) -> Any:
    """The value at a dotted path in plain data (`default` when any step is missing)."""
    node = doc
    for step in _steps(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def set_path(doc: Any, path: str, value: Any) -> bool:
    """Set the value at a dotted path in plain data; False when its container is missing."""
    steps = _steps(path)
    node = doc
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    last = steps[-1]
    if isinstance(node, dict):
        node[last] = value
        return True
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = value
        return True
    return False


def under(path: str, scope: str) -> bool:
    """True when `path` is `scope` itself or inside it ('' is the whole application)."""
    return not scope or path == scope or path.startswith((scope + ".", scope + "["))


def owner(location: str, candidates: Sequence[str]) -> str:
    """The most specific candidate that `location` falls under ('' if none)."""
    best = ""
    for candidate in candidates:
        if candidate and under(location, candidate) and len(candidate) > len(best):
            best = candidate
    return best

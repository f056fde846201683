"""What the form shows after a save: the input tips of `check_inputs`, by field.

`check_inputs` names each finding's field as a model path (``rounds[0].interviewers[1].topics``);
the form names its fields the way `InterviewForm.problems` does (``round.topics``,
``interviewer[1].topics``). This module translates between the two for the round on screen
and lays the tips out under the form, labelled with the field they belong to, in a colour
that reads as advice rather than an error (they never block a save).
"""

from __future__ import annotations

import re
from html import escape

from followup_kit.core.checks import check_inputs
from followup_kit.core.messages import Finding, Level
from followup_kit.core.models import Application

__all__ = ["tips_by_field", "tips_html"]

_LOCATION = re.compile(r"^rounds\[(\d+)\](?:\.interviewers\[(\d+)\])?(?:\.(\w+))?$")
_ICON = {Level.ERROR: "✖", Level.WARNING: "⚠", Level.TIP: "💡"}
_LABELS = {
    "topics": "what you talked about",
    "interests": "what they care about",
    "email": "email",
    "phone": "phone",
    "title": "job title",
    "name": "name",
    "agreed_to_connect": "agreed to connect",
    "interviewers": "interviewers",
    "qualifications": "strengths",
    "culture_fit": "why you fit",
    "mistake_to_correct": "a slip to put right",
}


def _form_key(finding: Finding, round_index: int) -> str | None:
    """The form's name for the finding's field, or None when it is about another round."""
    match = _LOCATION.match(finding.location)
    if match is None or int(match.group(1)) != round_index:
        return None
    person, field = match.group(2), match.group(3) or ""
    if person is not None:
        return f"interviewer[{person}].{field}" if field else f"interviewer[{person}]"
    return f"round.{field}" if field else "round"


def tips_by_field(application: Application, round_index: int) -> dict[str, list[Finding]]:
    """The input findings for round `round_index`, keyed as `InterviewForm.problems` keys."""
    found: dict[str, list[Finding]] = {}
    for finding in check_inputs(application):
        key = _form_key(finding, round_index)
        if key is not None:
            found.setdefault(key, []).append(finding)
    return found


def _label(key: str) -> str:
    where, _, field = key.partition(".")
    label = _LABELS.get(field, field.replace("_", " "))
    if where.startswith("interviewer["):
        number = int(where[len("interviewer[") : -1]) + 1
        return f"Interviewer {number}, {label}" if label else f"Interviewer {number}"
    return label.capitalize() if label else "This round"


def tips_html(tips: dict[str, list[Finding]]) -> str:
    """The tips as a short list under the form ("" when there is nothing to add)."""
    if not tips:
        return ""
    items = "".join(
        f"<li>{_ICON[f.level]} <b>{escape(_label(key))}:</b> {escape(f.message)}</li>"
        for key, findings in tips.items()
        for f in findings
    )
    return (
        "<div style='color:#00507D; font-size: 12px'><b>Worth adding before you draft</b>"
        f"<ul style='margin: 2px 0; padding-left: 18px'>{items}</ul></div>"
    )

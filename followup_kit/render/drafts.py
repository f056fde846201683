"""Drafts of every follow-up message: one planned action in, one personalised message out.

`draft_message(action, application)` picks the template for the action's kind and channel
(``templates/drafts/<kind>/<channel>.txt.j2``), fills it with what the candidate recorded about
the round and the interviewer, and runs `check_message` on the result. No message text is
built in Python: this module only gathers facts; the wording lives in the templates.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from followup_kit.core.checks import check_message
from followup_kit.core.messages import Contact, Draft
from followup_kit.core.models import Application, Interviewer, Round
from followup_kit.core.plan import Action, Plan
from followup_kit.core.policy import Policy
from followup_kit.core.vocabulary import (
    MESSAGE_KINDS,
    ActionKind,
    Channel,
    EventKind,
    InterviewFormat,
)
from followup_kit.errors import InvalidInputError, Problem
from followup_kit.render.templating import first_name, render_message

__all__ = ["CHANNELS", "draft_message", "draft_plan", "is_achievement", "template_name"]

# The channels each kind of message can be drafted for (R-C4, R-D1, R-E5, R-F1, R-F2).
CHANNELS: dict[ActionKind, tuple[Channel, ...]] = {
    ActionKind.THANK_YOU: (Channel.EMAIL, Channel.POST, Channel.PHONE, Channel.LINKEDIN),
    ActionKind.LINKEDIN_REQUEST: (Channel.LINKEDIN,),
    ActionKind.STATUS_CHECK: (Channel.EMAIL, Channel.PHONE),
    ActionKind.KEEP_WARM: (Channel.EMAIL, Channel.LINKEDIN),
    ActionKind.REJECTION_REPLY: (Channel.EMAIL,),
    ActionKind.OFFER_CLOSE_OUT: (Channel.EMAIL,),
    ActionKind.WITHDRAWAL_NOTE: (Channel.EMAIL,),
}
# At most this many strengths go into a note (R-C5: "two or three").
_MAX_STRENGTHS = 3
_SHORT_NOTE = "drafts/linkedin_request/linkedin_short.txt.j2"


# Verbs in the simple past that start an achievement ("grew a mailing list", "led the move").
_IRREGULAR_PAST = frozenset(
    (
        *("led", "built", "grew", "cut", "ran", "won", "wrote", "made", "taught", "drove"),
        *("set", "brought", "began", "took", "gave", "kept", "sold", "spoke", "oversaw"),
        *("rebuilt", "rewrote", "overcame", "found", "upheld", "shot", "drew", "sped"),
    )
)
# Words that may follow such a verb: an object starts here ("automated a…", "cut the…").
_OBJECT_START = re.compile(
    r"^(?:a|an|the|our|my|their|its|his|her|two|three|four|five|six|seven|eight|nine|ten|"
    r"dozens|hundreds|thousands|several|multiple|every|all|both|over|more|\d[\d,.]*%?)$",
    re.IGNORECASE,
)


def is_achievement(qualification: str) -> bool:
    """Whether a strength is written as something done ("grew a mailing list from 4,000 to
    19,000") rather than something had ("advanced Excel and SQL"): it starts with a verb in
    the simple past, so the notes say "I grew …" instead of listing it after a colon."""
    words = qualification.split()
    if not words:
        return False
    first = words[0].casefold()
    if first in _IRREGULAR_PAST:
        return True
    regular = first.endswith("ed") and len(first) >= 5
    return regular and len(words) > 1 and _OBJECT_START.match(words[1]) is not None


def template_name(kind: ActionKind, channel: Channel) -> str:
    """The template file that drafts `kind` for `channel`."""
    return "drafts/" + kind.value + "/" + channel.value + ".txt.j2"


def _refuse(location: str, message: str, value: Any) -> InvalidInputError:
    return InvalidInputError([Problem(location, message, value)])


def _round_of(action: Action, application: Application) -> Round:
    rnd = application.round(action.round) if action.round is not None else None
    if rnd is None and action.round is None and application.rounds:
        rnd = application.rounds[-1]
    if rnd is None:
        known = ", ".join(str(r.number) for r in application.rounds) or "none recorded"
        raise _refuse(
            "action.round",
            f"round {action.round} is not a round of this application; expected one of: {known}",
            action.round,
        )
    return rnd


def _person_of(action: Action, rnd: Round) -> Interviewer | None:
    if action.recipient is None:
        return None
    person = rnd.interviewer(action.recipient)
    if person is None:
        known = ", ".join(p.name for p in rnd.interviewers) or "no interviewers recorded"
        raise _refuse(
            "action.recipient",
            f"{action.recipient!r} is not an interviewer of round {rnd.number}; expected one "
            f"of: {known}",
            action.recipient,
        )
    return person


def _address(person: Interviewer | None, channel: Channel) -> str | None:
    if person is None:
        return None
    if channel is Channel.EMAIL:
        return str(person.email) if person.email else None
    if channel is Channel.PHONE:
        return person.phone
    return None


def _next_steps_known(rnd: Round, application: Application) -> bool:
    """Whether the candidate knows when a decision is due (R-A1): asked, or heard back."""
    heard = any(
        e.kind is EventKind.HEARD_BACK and (e.round is None or e.round == rnd.number)
        for e in application.events
    )
    return rnd.next_steps_asked or heard


def _greet_name(person: Interviewer | None, rnd: Round) -> str | None:
    """How to address `person`: by first name, unless someone else in the round shares it
    (two Siobháns would otherwise get the very same note)."""
    if person is None:
        return None
    if person.greeting_name:
        return person.greeting_name  # the candidate knows best (family name first, titles …)
    first = first_name(person.name)
    namesakes = [p for p in rnd.interviewers if p != person and first_name(p.name) == first]
    return person.name if namesakes else first


def _context(
    action: Action,
    application: Application,
    rnd: Round,
    person: Interviewer | None,
    sender: Contact,
    address: str | None,
) -> dict[str, Any]:
    first_round = application.rounds[0].number
    strengths = rnd.qualifications[:_MAX_STRENGTHS]
    earlier = [r for r in application.rounds if r.number < rnd.number]
    is_contact = person is not None and bool(rnd.interviewers) and rnd.interviewers[0] == person
    return {
        "kind": action.kind.value,
        "channel": action.channel.value if action.channel else "",
        "sequence": action.sequence,
        "company": application.company,
        "role": application.role,
        "sender": sender,
        "person": person,
        "greet_name": _greet_name(person, rnd),
        "address": address,
        "round_number": rnd.number,
        "later_round": rnd.number > first_round,
        "met_before": person is not None
        and any(r.interviewer(person.name) is not None for r in earlier),
        # A phone interview was a conversation, not a meeting.
        "by_phone": rnd.format is InterviewFormat.PHONE,
        "interview_day": rnd.start.astimezone(application.candidate.zone).date(),
        "topic": person.topics[0] if person is not None and person.topics else None,
        "round_topic": rnd.topics[0] if rnd.topics else None,
        "interest": person.interests[0] if person is not None and person.interests else None,
        "strengths": [q for q in strengths if not is_achievement(q)],
        "achievements": [q for q in strengths if is_achievement(q)],
        "culture_fit": rnd.culture_fit,
        "concerns": rnd.concerns,
        "mistake": rnd.mistake_to_correct,
        # R-A1: when nobody asked about next steps, the note to the main contact asks once.
        "ask_next_steps": is_contact and not _next_steps_known(rnd, application),
        "after_rejection": any(e.kind is EventKind.REJECTED for e in application.events),
    }


def _linkedin_note(context: dict[str, Any], cap: int) -> tuple[str, str | None]:
    """The connection note and a shorter alternative (R-D1).

    The note is the fullest wording that fits under `cap`: with the offer to share something
    on their interest, then without it, then the short wording with and without the topic.
    The alternative is the shortest wording that still recalls the conversation and fits, when
    it differs from the note. If nothing fits (very long names), the full note is returned
    and `check_message` reports that it is over the cap."""
    full = template_name(ActionKind.LINKEDIN_REQUEST, Channel.LINKEDIN)
    tiers = [
        render_message(full, context).body,
        render_message(full, {**context, "interest": None}).body,
    ]
    short = [
        render_message(_SHORT_NOTE, context).body,
        render_message(_SHORT_NOTE, {**context, "topic": None}).body,
    ]
    fitting = [text for text in (*tiers, *short) if len(text) <= cap]
    body = fitting[0] if fitting else tiers[0]
    alternative = next((text for text in short if len(text) <= cap), None)
    return body, (alternative if alternative != body else None)


def draft_message(
    action: Action,
    application: Application,
    *,
    sender: Contact | None = None,
    policy: Policy | None = None,
) -> Draft:
    """The message for one planned action, personalised and checked.

    `sender` defaults to the candidate. Raises InvalidInputError when the action is not a
    message (a checklist item such as writing notes), has a channel its kind cannot use, or
    does not belong to `application`.
    """
    policy = policy or Policy()
    kind = action.kind
    if kind not in MESSAGE_KINDS:
        expected = ", ".join(sorted(k.value for k in MESSAGE_KINDS))
        raise _refuse(
            "action.kind",
            f"{kind.value!r} is a checklist item, not a message; expected one of: {expected}",
            kind.value,
        )
    channels = CHANNELS[kind]
    if action.channel not in channels:
        expected = ", ".join(c.value for c in channels)
        raise _refuse(
            "action.channel",
            f"a {kind.value} message cannot go by {action.channel}; expected one of: {expected}",
            action.channel,
        )
    channel = action.channel
    rnd = _round_of(action, application)
    person = _person_of(action, rnd)
    candidate = application.candidate
    sender = sender or Contact(candidate.name, str(candidate.email) if candidate.email else None)
    address = _address(person, channel)
    context = _context(action, application, rnd, person, sender, address)
    rendered = render_message(template_name(kind, channel), context)
    short_version = None
    if kind is ActionKind.LINKEDIN_REQUEST:
        body, short_version = _linkedin_note(context, policy.linkedin_note_max_chars)
        rendered = replace(rendered, body=body)
    draft = Draft(
        kind=kind,
        channel=channel,
        recipient=Contact(person.name if person else None, address),
        sender=sender,
        subject=rendered.subject if channel is Channel.EMAIL else None,
        body=rendered.body,
        rules=action.rules,
        round=rnd.number,
        sequence=action.sequence,
        action_id=action.id,
        short_version=short_version,
    )
    return replace(draft, checks=tuple(check_message(draft, application, policy=policy)))


def draft_plan(
    plan: Plan,
    *,
    sender: Contact | None = None,
    policy: Policy | None = None,
    include_closed: bool = False,
) -> list[Draft]:
    """A draft for every message action of `plan`, in the plan's order.

    Only open actions (upcoming, due, overdue) by default; `include_closed=True` also drafts
    the ones already done or cancelled (to look back at what was sent).
    """
    policy = policy or plan.policy
    return [
        draft_message(action, plan.application, sender=sender, policy=policy)
        for action in plan.actions
        if action.kind in MESSAGE_KINDS and (include_closed or action.is_open)
    ]

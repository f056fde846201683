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

from followup_kit.core import fitting
from followup_kit.core.checks import check_message
from followup_kit.core.kinds import KINDS, LINK_SLOT, linkedin_cap
from followup_kit.core.messages import Contact, Draft, Finding, Level
from followup_kit.core.models import Application, Interviewer, Round
from followup_kit.core.plan import Action, Plan
from followup_kit.core.policy import Policy
from followup_kit.core.vocabulary import (
    ActionKind,
    Channel,
    EventKind,
    InterviewerRole,
    InterviewFormat,
)
from followup_kit.errors import InvalidInputError, Problem
from followup_kit.render.templating import first_name, greeting_form, render_message

__all__ = ["CHANNELS", "draft_message", "draft_plan", "is_achievement", "template_name"]

# The channels each kind of message can be drafted for, from the one table of kinds.
CHANNELS: dict[ActionKind, tuple[Channel, ...]] = {
    kind: spec.channels for kind, spec in KINDS.items() if spec.is_message
}
# At most this many strengths go into a note (R-C5: "two or three"); fewer for a recruiter or a
# senior leader, who care less about the detail.
_MAX_STRENGTHS = 3
_FEWER_STRENGTHS = frozenset({InterviewerRole.RECRUITER, InterviewerRole.SENIOR_LEADER})
_SHORT_NOTE = "drafts/linkedin_request/linkedin_short.txt.j2"
# Frames rotate with the interviewer's place in the round, so two notes of one round share
# few sentences (the templates pick `variant % _VARIANTS`).
_VARIANTS = 4


def is_achievement(qualification: str) -> bool:
    """Whether a strength is written as something done ("grew a mailing list from 4,000 to
    19,000") rather than something had ("advanced Excel and SQL"): it starts with a verb in
    the simple past, so the notes say "I grew …" instead of listing it after a colon."""
    return fitting.is_deed(fitting.strip_lead_in(qualification))


def template_name(kind: ActionKind, channel: Channel) -> str:
    """The template file that drafts `kind` for `channel`."""
    return KINDS[kind].template(channel)


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
    (two Siobháns would otherwise get the very same note); with a title, title and surname
    ("Dr Aisha Khan" → "Dr Khan")."""
    if person is None:
        return None
    if person.greeting_name:
        return greeting_form(person.greeting_name)  # the candidate knows best
    first = first_name(person.name)
    namesakes = [p for p in rnd.interviewers if p != person and first_name(p.name) == first]
    return greeting_form(person.name if namesakes else first)


def _rotated(items: tuple[str, ...], start: int) -> list[str]:
    if not items:
        return []
    start %= len(items)
    return [*items[start:], *items[:start]]


def _raised(names: tuple[str, ...], person: Interviewer | None, rnd: Round) -> bool:
    """Whether `person` raised a concern or asked the question a slip answers. With nobody
    ticked (older records), the first interviewer of the round, the main contact, hears it."""
    if person is None:
        return False
    if not names:
        return bool(rnd.interviewers) and rnd.interviewers[0] == person
    return any(rnd.interviewer(name) == person for name in names)


def _concerns(
    rnd: Round, person: Interviewer | None, keep: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The concerns this person raised that the candidate has an answer to (S3); a concern
    with no answer is left out rather than brushed off."""
    found = []
    for concern in rnd.concerns:
        if not concern.answer or not _raised(concern.raised_by, person, rnd):
            continue
        subject, is_clause = fitting.concern_subject(concern.text, keep=keep)
        # S3: one or two sentences. The first sentence of the answer follows the concern
        # after a semicolon; a second one stands on its own.
        first, rest = fitting.first_sentence(concern.answer)
        found.append(
            {
                "subject": subject,
                "is_clause": is_clause,
                "joint": fitting.after_joint(first, keep=keep),
                "answer": fitting.own_sentences(concern.answer, keep=keep),
                "rest": fitting.own_sentences(rest, keep=keep) if rest else "",
            }
        )
    return found


def _missing(text: str, keep: tuple[str, ...]) -> str:
    """What was left out, to follow "I didn't mention": a clause or deed gets "that"."""
    core = fitting.strip_lead_in(text)
    core = re.sub(r"^that\s+", "", core, flags=re.IGNORECASE)
    deed = fitting.deed_phrase(core, keep=keep)
    if deed and not core.casefold().startswith("i "):
        return "that I " + deed
    if fitting.classify(core) is fitting.Shape.CLAUSE:
        return "that " + fitting.lower_first(core, frozenset(k.casefold() for k in keep))
    return fitting.lower_first(core, frozenset(k.casefold() for k in keep))


# A one-line slip that says something was left out ("Forgot to mention…", "I didn't say…").
_LEFT_OUT = re.compile(
    r"^(?:i\s+)?(?:forgot|didn'?t get|did not get|failed|meant|wanted|should have|should've|"
    r"didn'?t|did not|never)\b",
    re.IGNORECASE,
)


def _slips(rnd: Round, person: Interviewer | None, keep: tuple[str, ...]) -> list[dict[str, Any]]:
    """The real slips this person should hear put right (R-C6), fitted for the S1 shape."""
    found = []
    for slip in rnd.slips:
        if not _raised(slip.raised_by, person, rnd):
            continue
        point = slip.point
        missing = slip.missing
        if not missing and not slip.question:
            if not _LEFT_OUT.match(fitting.tidy(point)):
                # The one-line form of a wrong answer: "I said hourly; it is daily."
                found.append(
                    {
                        "question": "",
                        "missing": "",
                        "correction": fitting.after_joint(point, keep=keep),
                        "point": fitting.own_sentences(point, keep=keep),
                        "joint": "",
                    }
                )
                continue
            # The one-line form of an omission: "I forgot to mention that I led the move…".
            missing, point = point, ""
        found.append(
            {
                "correction": "",
                "question": fitting.question_phrase(slip.question, keep=keep)
                if slip.question
                else "",
                "missing": _missing(missing, keep) if missing else "",
                "joint": fitting.after_joint(point, keep=keep) if point else "",
                "point": fitting.own_sentences(point, keep=keep) if point else "",
            }
        )
    return found


def _share(person: Interviewer | None) -> dict[str, str] | None:
    if person is None or not person.share_title:
        return None
    return {"title": fitting.tidy(person.share_title), "link": person.share_link or LINK_SLOT}


def _context(
    action: Action,
    application: Application,
    rnd: Round,
    person: Interviewer | None,
    sender: Contact,
    address: str | None,
) -> dict[str, Any]:
    first_round = application.rounds[0].number
    earlier = [r for r in application.rounds if r.number < rnd.number]
    is_contact = person is not None and bool(rnd.interviewers) and rnd.interviewers[0] == person
    variant = rnd.interviewers.index(person) if person in rnd.interviewers else 0
    names = tuple(p.name for p in rnd.interviewers)
    keep = (application.company, application.role, *names, sender.name or "")
    role = person.role if person is not None else InterviewerRole.NOT_SAID
    count = 2 if role in _FEWER_STRENGTHS else _MAX_STRENGTHS
    typed = _rotated(rnd.qualifications, variant)[:count]
    strengths = [p for q in typed if (p := fitting.strength_phrase(q, keep=keep))]
    deeds = [p for q in typed if (p := fitting.deed_phrase(q, keep=keep))]
    own = [
        fitting.own_sentences(q, keep=keep)
        for q in typed
        if fitting.strength_phrase(q, keep=keep) is None
        and fitting.deed_phrase(q, keep=keep) is None
    ]
    topics = person.topics if person is not None else ()
    # A thank-you recalls their first topic; the LinkedIn note the next one, so they differ.
    topic_index = 1 if action.kind is ActionKind.LINKEDIN_REQUEST else 0
    topic = topics[topic_index % len(topics)] if topics else None
    interests = person.interests if person is not None else ()
    interest = interests[(action.sequence - 1) % len(interests)] if interests else None
    # A round topic is shared by the panel: each note may recall a different one, said as the
    # panel's, never as a personal conversation.
    round_topic = rnd.topics[variant % len(rnd.topics)] if rnd.topics else None
    fit_shape, fit_text = fitting.culture_fit(rnd.culture_fit, application.company)
    return {
        "kind": action.kind.value,
        "channel": action.channel.value if action.channel else "",
        "sequence": action.sequence,
        "variant": variant % _VARIANTS,
        "company": application.company,
        "role": application.role,
        "sender": sender,
        "person": person,
        "reader_role": role.value,
        "greet_name": _greet_name(person, rnd),
        "address": address,
        "round_number": rnd.number,
        "later_round": rnd.number > first_round,
        "met_before": person is not None
        and any(r.interviewer(person.name) is not None for r in earlier),
        "panel": len(rnd.interviewers) > 1,
        # A phone interview was a conversation, not a meeting.
        "by_phone": rnd.format is InterviewFormat.PHONE,
        "interview_day": rnd.start.astimezone(application.candidate.zone).date(),
        "topic": fitting.topic_phrase(topic, keep=keep) if topic else None,
        "round_topic": fitting.topic_phrase(round_topic, keep=keep) if round_topic else None,
        "interest": fitting.topic_phrase(interest, keep=keep) if interest else None,
        "strengths": strengths,
        "achievements": deeds,
        "own_strengths": own,
        "fit_shape": fit_shape,
        "fit": fit_text,
        # A LinkedIn message is read on a phone: room for one concern at most.
        "concerns": _concerns(rnd, person, keep)[: 1 if action.channel is Channel.LINKEDIN else 2],
        "slips": _slips(rnd, person, keep),
        "share": _share(person),
        "link_slot": LINK_SLOT,
        # R-A1: when nobody asked about next steps, the note to the main contact asks once.
        "ask_next_steps": is_contact
        and not _next_steps_known(rnd, application)
        and not any(e.kind is EventKind.OFFER for e in application.events),
        "after_rejection": any(e.kind is EventKind.REJECTED for e in application.events),
        # A thank-you still owed after an offer looks forward to working together instead.
        "after_offer": any(e.kind is EventKind.OFFER for e in application.events),
    }


def _linkedin_note(context: dict[str, Any], cap: int) -> tuple[str, str | None]:
    """The connection note and a shorter alternative (R-D1, R-D3).

    The note is the fullest wording that fits under `cap`. Every wording recalls the
    conversation; while any wording with the offer to share something on their interest (R-D3)
    fits, one of those is chosen. The alternative is the shortest wording that fits, when it
    differs. If nothing fits (very long names), the full note is returned and `check_message`
    reports that it is over the cap."""
    full = template_name(ActionKind.LINKEDIN_REQUEST, Channel.LINKEDIN)
    with_offer = [
        render_message(full, context).body,
        render_message(_SHORT_NOTE, context).body,
        render_message(_SHORT_NOTE, {**context, "topic": None}).body,
    ]
    plain = [
        render_message(full, {**context, "interest": None, "share": None}).body,
        render_message(_SHORT_NOTE, {**context, "interest": None, "share": None}).body,
    ]
    offers = context["interest"] or context["share"]
    tiers = [*with_offer, *plain] if offers else plain
    fitting = [text for text in tiers if len(text) <= cap]
    body = fitting[0] if fitting else tiers[0]
    alternative = min(fitting, key=len) if fitting else None
    return body, (alternative if alternative != body else None)


# What the candidate should know beside a draft (not part of the message itself).
_POINTERS: dict[ActionKind, Finding] = {
    ActionKind.OFFER_CLOSE_OUT: Finding(
        level=Level.TIP,
        rule="R-F4",
        check="next_steps",
        message="Next come negotiating and accepting the offer: agree the terms in a "
        "conversation with the hiring manager or recruiter, then accept in writing. This note "
        "only thanks the panel.",
    ),
}


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
    if not KINDS[kind].is_message:
        expected = ", ".join(sorted(k.value for k, spec in KINDS.items() if spec.is_message))
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
        cap = linkedin_cap(candidate.linkedin_premium, policy.linkedin_note_max_chars)
        body, short_version = _linkedin_note(context, cap)
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
    findings = check_message(draft, application, policy=policy)
    pointer = _POINTERS.get(kind)
    return replace(draft, checks=(*findings, *([pointer] if pointer else [])))


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
        if KINDS[action.kind].is_message and (include_closed or action.is_open)
    ]

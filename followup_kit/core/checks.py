"""Checks a coach can trust: plain-text analysis of a drafted (or hand-edited) message.

`check_message(draft, application)` reads only the draft's text and the recorded facts, so it
works the same on a generated draft and on a note the candidate rewrote by hand;
`recheck(draft, new_body, application)` is the way back in after an edit. `check_inputs`
looks at the application before anything is drafted and says what to collect first.

Every finding carries the rule id it enforces and a message that says what to change.
Levels: an *error* must be fixed before sending (a demand, a mention of a trivial mishap, a
note LinkedIn would refuse, leftover template text, a misspelt name); a *warning* should be
looked at; a *tip* is a suggestion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from followup_kit.core.kinds import CHANNEL_NOUN, KINDS, Limit, limits, linkedin_cap
from followup_kit.core.messages import Draft, Finding, Level
from followup_kit.core.models import Application, Interviewer, Round
from followup_kit.core.policy import Policy
from followup_kit.core.vocabulary import ActionKind, Channel

__all__ = [
    "LIMITS",
    "Limit",
    "check_inputs",
    "check_message",
    "count_sentences",
    "count_words",
    "recheck",
]


# The limits per kind and channel live in the one table of kinds (core/kinds.py).
LIMITS: dict[tuple[ActionKind, Channel], Limit] = limits()
# R-C6 allows two or three sentences to put a real slip right.
_MISTAKE_ALLOWANCE = Limit(3, 55)
# R-A1: when nobody asked about next steps, the thank-you asks once.
_ASK_ALLOWANCE = Limit(1, 20)
# R-F3: a later round's thank-you is briefer.
_LATER_ROUND_CUT = Limit(1, 20)
# Past this multiple of the word limit a note reads like a page, not a note: an error.
_PAGE_FACTOR = 2

_TERMINAL = ".!?\u3002\uff01\uff1f"  # Latin and full-width (CJK) sentence ends
_SENTENCE = re.compile(rf"[^{_TERMINAL}]*?[^\s{_TERMINAL}][^{_TERMINAL}]*[{_TERMINAL}]+")
_APOSTROPHES = "'\u2019\u02bc"  # straight, curly and modifier-letter apostrophes
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}\-][^\W_]+)*")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:her|his|their|your|my|our)\s+", re.IGNORECASE)
_STOP = frozenset(
    (
        *("about", "after", "again", "also", "been", "before", "being", "from", "have", "into"),
        *("more", "most", "much", "only", "other", "over", "same", "some", "such", "than"),
        *("that", "their", "them", "then", "there", "these", "they", "this", "those", "very"),
        *("were", "what", "when", "where", "which", "while", "with", "would", "your", "ours"),
    )
)


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------
def _loose(text: str) -> str:
    """Lower case, accents and apostrophes removed, spaces collapsed: for tolerant matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = re.sub(rf"[{_APOSTROPHES}\-]", "", kept)
    return " ".join(kept.casefold().split())


def _same_apostrophes(text: str) -> str:
    """Curly and modifier-letter apostrophes written as straight ones (a curly O'Brien is O'Brien)."""
    return re.sub(f"[{_APOSTROPHES}]", "'", text)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _content_words(text: str) -> set[str]:
    """Words that carry meaning (four letters or more, not a filler word), loosely spelt."""
    found = set()
    for word in re.findall(r"[^\W_]+", text):
        key = _loose(word)
        if len(key) >= 4 and key not in _STOP:
            found.add(key)
    return found


def _message_lines(body: str) -> list[str]:
    """The body without its greeting line and its sign-off (closing phrase and name)."""
    lines = [line.strip() for line in body.strip().splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[0].endswith(",") and len(_words(lines[0])) <= 6:
        lines = lines[1:]
    for index in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        line = lines[index]
        if line.endswith(",") and len(_words(line)) <= 4:
            lines = lines[:index]
            break
    return lines


def count_sentences(body: str) -> int:
    """Sentences in the message part of `body` (greeting and sign-off left out)."""
    return len(_SENTENCE.findall("\n".join(_message_lines(body))))


def count_words(body: str) -> int:
    """Words in the message part of `body` (greeting and sign-off left out)."""
    return len(_words("\n".join(_message_lines(body))))


def _contains_word(body: str, phrase: str) -> bool:
    """`phrase` appears in `body` exactly as written, not as part of a longer word."""
    return re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", body) is not None


def _mentions(body: str, phrase: str) -> bool:
    """Whether `body` recalls `phrase`: the phrase itself (pronoun at the start aside, accents
    and case ignored) or at least half of its meaningful words."""
    loose_body = _loose(body)
    core = _loose(_POSSESSIVE.sub("", phrase))
    if core and core in loose_body:
        return True
    wanted = _content_words(phrase)
    if not wanted:
        return False
    present = wanted & _content_words(body)
    return 2 * len(present) >= len(wanted)


def _mentions_all(body: str, phrase: str) -> bool:
    """Stricter than `_mentions`: the phrase itself, or every meaningful word of it within
    one sentence (so a single shared word never counts)."""
    core = _loose(_POSSESSIVE.sub("", phrase))
    if core and core in _loose(body):
        return True
    wanted = _content_words(phrase)
    if len(wanted) < 2:
        return False
    return any(wanted <= _content_words(part) for part in re.split(r"[.!?\n]", body))


def _first_word(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


# --------------------------------------------------------------------------------------------
# What the draft is about
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Context:
    round: Round | None
    person: Interviewer | None
    later_round: bool


def _context(draft: Draft, application: Application) -> _Context:
    rnd: Round | None = None
    if draft.round is not None:
        rnd = application.round(draft.round)
    if rnd is None and application.rounds:
        rnd = application.rounds[-1]
    person: Interviewer | None = None
    name = draft.recipient.name
    if name:
        pools = ([rnd] if rnd else []) + list(reversed(application.rounds))
        person = next((p for r in pools if (p := r.interviewer(name)) is not None), None)
    later = (
        rnd is not None and bool(application.rounds) and rnd.number > application.rounds[0].number
    )
    return _Context(rnd, person, later)


def _finding(level: Level, rule: str, check: str, message: str, location: str = "") -> Finding:
    return Finding(level=level, rule=rule, check=check, message=message, location=location)


# --------------------------------------------------------------------------------------------
# The checks on a message
# --------------------------------------------------------------------------------------------
def _limit_for(draft: Draft, ctx: _Context) -> Limit | None:
    base = KINDS[draft.kind].limits.get(draft.channel)
    if base is None:
        return None
    sentences, words = base.sentences, base.words
    if draft.kind is ActionKind.THANK_YOU and ctx.round is not None:
        if ctx.round.mistake_to_correct:
            sentences += _MISTAKE_ALLOWANCE.sentences
            words += _MISTAKE_ALLOWANCE.words
        if not ctx.round.next_steps_asked:
            sentences += _ASK_ALLOWANCE.sentences
            words += _ASK_ALLOWANCE.words
        if ctx.later_round:
            sentences -= _LATER_ROUND_CUT.sentences
            words -= _LATER_ROUND_CUT.words
    return Limit(sentences, words)


def _check_length(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    limit = _limit_for(draft, ctx)
    if limit is None:
        return
    sentences, words = count_sentences(draft.body), count_words(draft.body)
    spec = KINDS[draft.kind]
    what = f"a {spec.noun} by {CHANNEL_NOUN[draft.channel]}"
    rule = spec.length_rule or spec.rules[0]
    if words > _PAGE_FACTOR * limit.words:
        yield _finding(
            Level.ERROR,
            rule,
            "length",
            f"At {words} words this reads like a page, not a note; {what} works best at about "
            f"{limit.words} words. Keep the thanks, one detail from your conversation and your "
            "strongest point, and cut the rest.",
        )
    elif sentences > limit.sentences or words > limit.words:
        yield _finding(
            Level.WARNING,
            rule,
            "length",
            f"This has {sentences} sentences and {words} words; {what} reads best with at most "
            f"{limit.sentences} sentences and about {limit.words} words. Cut the sentence that "
            "says the least about you or them.",
        )


def _check_linkedin_cap(draft: Draft, policy: Policy, premium: bool) -> Iterable[Finding]:
    if draft.kind is not ActionKind.LINKEDIN_REQUEST:
        return
    cap = linkedin_cap(premium, policy.linkedin_note_max_chars)
    length = len(draft.body)
    if length > cap:
        fits = draft.short_version is not None and len(draft.short_version) <= cap
        offer = " or use the shorter version offered below" if fits else ""
        yield _finding(
            Level.ERROR,
            "R-D1",
            "linkedin_cap",
            f"LinkedIn accepts at most {cap} characters in a connection note and this one has "
            f"{length}. Cut {length - cap} characters{offer}.",
        )


def _name_variants(body: str, name: str) -> list[tuple[str, str]]:
    """(written, recorded) pairs where a word of `body` is a misspelling of part of `name`:
    the same letters once accents, apostrophes and hyphens are ignored, but written
    differently. A plain lower-case word is let through ("will" is not "Will")."""
    found: list[tuple[str, str]] = []
    body_words = set(_words(body))
    for part in name.split():
        key = _loose(part)
        if not key:
            continue
        for word in sorted(body_words):
            if _same_apostrophes(word) == _same_apostrophes(part) or _loose(word) != key:
                continue
            only_case = word.casefold() == part.casefold()
            if only_case and word == word.lower():
                continue
            found.append((word, part))
    return found


def _check_name(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    name = draft.recipient.name
    if not name:
        yield _finding(
            Level.WARNING,
            "R-A4",
            "recipient",
            "No interviewer is recorded, so this note opens with a plain greeting. Add the name "
            "of the person you met so it can greet them by name.",
        )
        return
    for written, recorded in _name_variants(draft.body, name):
        yield _finding(
            Level.ERROR,
            "R-A4",
            "name",
            f"“{written}” should be spelled “{recorded}”, as you recorded the name {name}.",
        )
    greeting = ctx.person.greeting_name if ctx.person is not None else ""
    if not (
        _contains_word(draft.body, name)
        or _contains_word(draft.body, _first_word(name))
        or (greeting and _contains_word(draft.body, greeting))
    ):
        yield _finding(
            Level.WARNING,
            "R-A4",
            "name",
            f"The note never uses the name {name}. Greet them by name, spelled as you recorded it.",
        )
    person = ctx.person
    if person is not None and person.title:
        title = person.title
        if _loose(title) in _loose(draft.body) and title not in draft.body:
            yield _finding(
                Level.WARNING,
                "R-A4",
                "title",
                f"The job title is written differently from what you recorded: “{title}”. Copy "
                "it exactly as it appears on the card or signature.",
            )


def _check_address(draft: Draft) -> Iterable[Finding]:
    name = draft.recipient.name
    if not name or draft.recipient.address:
        return
    if draft.channel is Channel.EMAIL:
        yield _finding(
            Level.WARNING,
            "R-A4",
            "address",
            f"There is no email address for {name}. Add it before sending; the recruiter can "
            "give it to you if you have no business card.",
        )
    elif draft.channel is Channel.PHONE:
        yield _finding(
            Level.WARNING,
            "R-A4",
            "address",
            f"There is no phone number for {name}. Add it before you plan the call.",
        )


def _check_personal(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    if draft.kind not in (ActionKind.THANK_YOU, ActionKind.LINKEDIN_REQUEST):
        return
    rule = "R-C5" if draft.kind is ActionKind.THANK_YOU else "R-D1"
    person = ctx.person
    if person is None:
        if draft.recipient.name is None:
            return  # the recipient finding already says what to add
        yield _finding(
            Level.WARNING,
            rule,
            "personal_detail",
            f"{draft.recipient.name} is not an interviewer of this application, so nothing "
            "from your conversation can be checked. Add them to the round they interviewed in.",
        )
        return
    if not person.topics:
        yield _finding(
            Level.WARNING,
            rule,
            "personal_detail",
            f"Nothing from your conversation with {person.name} is recorded, so this note could "
            "have gone to anyone. Note one thing you talked about and mention it.",
        )
    elif not any(_mentions(draft.body, topic) for topic in person.topics):
        yield _finding(
            Level.WARNING,
            rule,
            "personal_detail",
            f"The note does not recall anything from your conversation with {person.name}. "
            f"Mention one thing you talked about, such as {person.topics[0]}.",
        )


_PUSHY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), message)
    for pattern, message in (
        (
            r"\basap\b|\bas soon as possible\b",
            "“{m}” reads as a demand. Let them answer when they are ready.",
        ),
        (
            r"\bi (?:really )?need (?:an|your|a) (?:answer|reply|response|decision)\b"
            r"|\bi need to (?:know|hear)\b|\bi (?:expect|demand) (?:an?|your) \w+",
            "“{m}” puts pressure on the reader. Ask politely whether there is any news.",
        ),
        (
            r"\bjust (?:checking|following) (?:in|up)\b|\bchecking in\b|\bjust touching base\b",
            "“{m}” sounds like chasing for its own sake. Say what you would like to know and "
            "why you are still keen.",
        ),
        (
            r"\bwhy (?:haven't|have not|hasn't|has not|didn't|did not) (?:you|anyone|anybody)\b",
            "“{m}” sounds like blame. Delays have many innocent causes; ask for news instead.",
        ),
        (
            r"\bstill waiting\b|\bi (?:haven't|have not) heard\b|\bno one has (?:replied|answered)\b",
            "“{m}” sounds like a complaint about the wait. Stay positive: silence usually means "
            "a slow process.",
        ),
        (
            r"\b(?:please )?(?:respond|reply|answer) (?:immediately|urgently|right away|today)\b"
            r"|\burgent(?:ly)? (?:reply|response|answer|decision)\b",
            "“{m}” demands a quick answer. Leave the timing to them.",
        ),
    )
)

_ARGUING = re.compile(
    r"\bwhy (?:was|wasn't|were|weren't|was i not) i (?:rejected|not \w+|unsuccessful|turned down)\b"
    r"|\bwhy i (?:was|wasn't|was not) (?:rejected|selected|chosen|successful|turned down|hired)\b"
    r"|\bwhy (?:did|didn't|did not) (?:you|the team|they) (?:reject|turn down|not \w+)\b"
    r"|\bwhy (?:didn't|did not|don't) i get\b"
    r"|\b(?:please |to )reconsider\b|\bchange your mind\b|\bunfair\b"
    r"|\bmade (?:the wrong|a wrong|a bad) (?:decision|choice)\b"
    r"|\bi disagree with (?:your|the) decision\b"
    r"|\breasons? (?:for|behind) (?:my|the|your) (?:rejection|decision)\b",
    re.IGNORECASE,
)
_NEWS_REQUEST = re.compile(
    r"\bany (?:news|update|updates|progress)\b"
    r"|\b(?:update|news) on (?:the|my) (?:process|application|decision|role)\b"
    r"|\bhave you (?:decided|made a decision|reached a decision)\b"
    r"|\bwhen will you (?:decide|know|make)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}"
    r"|\[(?:[A-Z][\w ]{0,30}|[a-z_][a-z_ ]{0,30})\]"
    r"|<[A-Za-z_][\w ]{0,30}>"
    r"|\b(?:TODO|XXX|TBD|FIXME)\b"
    r"|(?i:lorem ipsum)"
)
_APOLOGY = re.compile(r"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies))\b", re.IGNORECASE)
_TRIVIA_APOLOGY = re.compile(
    r"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies))\b[^.!?\n]{0,50}?"
    r"\b(?:spill\w*|trip\w*|stumbl\w*|late|lateness|running late|coffee|water|tea|cough\w*|"
    r"sneez\w*|nerves|nervous\w*|my phone|phone (?:rang|ringing)|dropp\w*|knock\w*)\b",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\bthank", re.IGNORECASE)


def _check_tone(draft: Draft) -> Iterable[Finding]:
    for pattern, message in _PUSHY:
        match = pattern.search(draft.body)
        if match:
            yield _finding(Level.ERROR, "R-E4", "pushy", message.format(m=match.group(0)))
    match = _ARGUING.search(draft.body)
    if match:
        yield _finding(
            Level.ERROR,
            "R-F2",
            "arguing",
            f"“{match.group(0)}” argues with the decision or asks why. Thank them, ask to stay "
            "on file, and if you want to learn from it, ask for one tip for future interviews.",
        )
    if draft.kind is ActionKind.KEEP_WARM:
        match = _NEWS_REQUEST.search(draft.body)
        if match:
            yield _finding(
                Level.WARNING,
                "R-F1",
                "news_request",
                f"“{match.group(0)}” asks for news while the process is on hold. Share something "
                "they would find useful instead and leave the decision to them.",
            )
    exclamations = draft.body.count("!") + draft.body.count("\uff01")
    if exclamations > 1:
        yield _finding(
            Level.TIP,
            "R-E4",
            "exclamation",
            f"{exclamations} exclamation marks read as over-eager. Keep one at most.",
        )


def _check_trivia(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    mishaps = ctx.round.mishaps if ctx.round is not None else ()
    flagged = False
    for mishap in mishaps:
        if _mentions_all(draft.body, mishap):
            flagged = True
            yield _finding(
                Level.ERROR,
                "R-C6",
                "trivia",
                f"The note mentions “{mishap}”. Leave small mishaps out altogether: they were "
                "forgotten long before your note arrives.",
            )
    match = _TRIVIA_APOLOGY.search(draft.body)
    if match and not flagged:
        flagged = True
        yield _finding(
            Level.ERROR,
            "R-C6",
            "trivia",
            f"“{match.group(0)}” apologises for a small mishap. Leave it out: nobody remembers "
            "it, and the apology reminds them.",
        )
    if not flagged and _APOLOGY.search(draft.body):
        yield _finding(
            Level.TIP,
            "R-C6",
            "apology",
            "No apology is needed. If you are putting a real slip right, just state what you "
            "would have said, in two or three sentences.",
        )


def _check_placeholders(draft: Draft) -> Iterable[Finding]:
    for text, where in ((draft.subject or "", "subject"), (draft.body, "note")):
        match = _PLACEHOLDER.search(text)
        if match:
            yield _finding(
                Level.ERROR,
                "R-C5",
                "placeholder",
                f"The {where} still contains “{match.group(0)}”, which looks like an unfilled "
                "gap from a template. Replace it with the real words.",
            )


def _check_content(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    thanks_rule = KINDS[draft.kind].thanks_rule
    if thanks_rule and not _THANKS.search(draft.body):
        yield _finding(
            Level.WARNING,
            thanks_rule,
            "thanks",
            "The note never says thank you. Open by thanking them for their time.",
        )
    person = ctx.person
    if draft.kind is ActionKind.KEEP_WARM:
        if (
            person is not None
            and person.interests
            and not any(_mentions(draft.body, interest) for interest in person.interests)
        ):
            yield _finding(
                Level.TIP,
                "R-F1",
                "interest",
                f"Share something about {person.interests[0]}, which {person.name} told you "
                "they care about; that is what makes the note worth reading.",
            )
        if re.search(r"\blink\b", draft.body, re.IGNORECASE) and not _URL.search(draft.body):
            yield _finding(
                Level.WARNING,
                "R-F1",
                "link",
                "The note promises a link but has none yet. Paste the address of the piece you "
                "are sharing before you send it.",
            )


def _check_sign_off(draft: Draft) -> Iterable[Finding]:
    name = draft.sender.name
    if not name:
        return
    if not (_contains_word(draft.body, name) or _contains_word(draft.body, _first_word(name))):
        yield _finding(
            Level.TIP,
            "R-C5",
            "sign_off",
            f"Sign the note with your name ({name}) so it is clear who it is from.",
        )


def check_message(
    draft: Draft, application: Application, *, policy: Policy | None = None
) -> list[Finding]:
    """Everything worth fixing in `draft`'s text, errors first, then warnings, then tips."""
    policy = policy or Policy()
    ctx = _context(draft, application)
    findings = [
        *_check_placeholders(draft),
        *_check_name(draft, ctx),
        *_check_address(draft),
        *_check_tone(draft),
        *_check_trivia(draft, ctx),
        *_check_linkedin_cap(draft, policy, application.candidate.linkedin_premium),
        *_check_length(draft, ctx),
        *_check_personal(draft, ctx),
        *_check_content(draft, ctx),
        *_check_sign_off(draft),
    ]
    return sorted(findings, key=lambda f: f.level.rank)


def recheck(
    draft: Draft, new_body: str, application: Application, *, policy: Policy | None = None
) -> Draft:
    """A copy of `draft` with the candidate's edited text and the checks run again on it."""
    edited = replace(draft, body=new_body.replace("\r\n", "\n"), checks=())
    return replace(edited, checks=tuple(check_message(edited, application, policy=policy)))


# --------------------------------------------------------------------------------------------
# Before drafting: is there enough to write from?
# --------------------------------------------------------------------------------------------
def _interviewer_inputs(rnd: Round, index: int, where: str) -> Iterable[Finding]:
    person = rnd.interviewers[index]
    loc = f"{where}.interviewers[{index}]"
    name = person.name
    if not person.topics:
        yield _finding(
            Level.WARNING,
            "R-C5",
            "topics",
            f"Note one thing you talked about with {name}, so the note to {name} can recall it; "
            "without it the note could have gone to anyone.",
            f"{loc}.topics",
        )
    # Status checks and rejection replies go by email to the round's first interviewer.
    contact = index == 0 and person.preferred_channel is not Channel.PHONE
    if person.email is None and (person.preferred_channel is Channel.EMAIL or contact):
        reason = (
            "the thank-you and any status check go by email"
            if person.preferred_channel is Channel.EMAIL and contact
            else "the thank-you goes by email"
            if person.preferred_channel is Channel.EMAIL
            else "status checks go to them by email"
        )
        yield _finding(
            Level.WARNING,
            "R-A4",
            "email",
            f"Add an email address for {name}: {reason}. Ask the recruiter if you have no card.",
            f"{loc}.email",
        )
    if person.preferred_channel is Channel.PHONE and person.phone is None:
        yield _finding(
            Level.WARNING,
            "R-A4",
            "phone",
            f"{name} prefers the phone: add a number to call.",
            f"{loc}.phone",
        )
    if person.preferred_channel is Channel.LINKEDIN and not person.agreed_to_connect:
        yield _finding(
            Level.WARNING,
            "R-A3",
            "linkedin",
            f"{name} prefers LinkedIn but has not agreed to connect, and a message to someone "
            "you are not connected with may never be seen. Send the thank-you by email, or "
            "record that they agreed to connect.",
            f"{loc}.agreed_to_connect",
        )
    if not person.title:
        yield _finding(
            Level.TIP,
            "R-A4",
            "title",
            f"Add the job title of {name}, exactly as it appears on the card or email signature.",
            f"{loc}.title",
        )
    if index == 0 and not person.interests:
        yield _finding(
            Level.TIP,
            "R-F1",
            "interests",
            f"Note what {name} cares about (a topic, a project, a hobby): later notes can share "
            "something on it instead of just asking for news.",
            f"{loc}.interests",
        )
    if "," in name:
        yield _finding(
            Level.TIP,
            "R-A4",
            "name",
            f"Write “{name}” the way you would greet them, first name first and without a "
            "comma, so the greeting reads naturally.",
            f"{loc}.name",
        )


def check_inputs(application: Application) -> list[Finding]:
    """What to collect before drafting: missing topics, addresses, strengths and so on."""
    findings: list[Finding] = []
    for index, rnd in enumerate(application.rounds):
        where = f"rounds[{index}]"
        if not rnd.interviewers:
            findings.append(
                _finding(
                    Level.WARNING,
                    "R-C2",
                    "interviewers",
                    f"Round {rnd.number} has no interviewer recorded. Add everyone you met, so "
                    "each of them gets a thank-you of their own.",
                    f"{where}.interviewers",
                )
            )
        if not rnd.qualifications:
            findings.append(
                _finding(
                    Level.WARNING,
                    "R-C5",
                    "qualifications",
                    f"Round {rnd.number}: note two or three of your strengths that match the "
                    "role; every thank-you builds on them.",
                    f"{where}.qualifications",
                )
            )
        elif len(rnd.qualifications) > 3:
            findings.append(
                _finding(
                    Level.TIP,
                    "R-C5",
                    "qualifications",
                    f"Round {rnd.number} lists {len(rnd.qualifications)} strengths; the notes "
                    "use the first three, so put the strongest first.",
                    f"{where}.qualifications",
                )
            )
        if not rnd.culture_fit:
            findings.append(
                _finding(
                    Level.TIP,
                    "R-C5",
                    "culture_fit",
                    f"Round {rnd.number}: add one sentence on why the company suits you (its "
                    "culture, goals or field), written as you would say it to them.",
                    f"{where}.culture_fit",
                )
            )
        if rnd.mistake_to_correct and count_words(rnd.mistake_to_correct) > 45:
            findings.append(
                _finding(
                    Level.TIP,
                    "R-C6",
                    "mistake",
                    f"Round {rnd.number}: the correction is long. Write it as the two or three "
                    "sentences you would say now, with no apology.",
                    f"{where}.mistake_to_correct",
                )
            )
        for person_index in range(len(rnd.interviewers)):
            findings.extend(_interviewer_inputs(rnd, person_index, where))
    return sorted(findings, key=lambda f: f.level.rank)

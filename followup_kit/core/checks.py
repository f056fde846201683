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

from followup_kit.core import addressing, slips
from followup_kit.core.kinds import CHANNEL_NOUN, KINDS, Limit, limits, linkedin_cap
from followup_kit.core.messages import Draft, Finding, Level
from followup_kit.core.models import Application, Interviewer, Round
from followup_kit.core.phrasing import find as find_phrases
from followup_kit.core.policy import Policy
from followup_kit.core.sentences import sentences
from followup_kit.core.vocabulary import ActionKind, Channel

__all__ = [
    "LIMITS",
    "WORDING_CHARS",
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
# The wording checks read this many characters at most: some 1,700 words, many times the
# longest note, so a real note is always read in full, and a pasted megabyte costs no more
# than this on every pause in typing.
WORDING_CHARS = 10_000

_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_APOSTROPHES = "'\u2019\u02bc"  # straight, curly and modifier-letter apostrophes
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}\-][^\W_]+)*")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_LINK_SLOT = re.compile(r"\[[^\]\n]{0,30}link[^\]\n]{0,30}\]", re.IGNORECASE)
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
    kept = text if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", text))
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
    return sum(1 for s in sentences("\n".join(_message_lines(body))) if s.ended)


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
        or _contains_word(draft.body, name.split()[-1])  # "Dear Ms Lefèvre"
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


# Words that show a LinkedIn note recalls a meeting, when nothing specific is on record.
_MEETING = re.compile(
    r"\b(?:met|meet|meeting|interview\w*|talk\w*|chat\w*|conversation|discuss\w*|spoke)\b",
    re.IGNORECASE,
)


def _check_personal(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    if draft.kind not in (ActionKind.THANK_YOU, ActionKind.LINKEDIN_REQUEST):
        return
    linkedin = draft.kind is ActionKind.LINKEDIN_REQUEST
    if linkedin and not draft.body.strip():
        yield _finding(
            Level.ERROR,
            "R-D1",
            "personal_detail",
            "The connection note is blank. Write a line that recalls your conversation, so "
            "they know who you are and why you are connecting.",
        )
        return
    rule = "R-D1" if linkedin else "R-C5"
    # R-D1: a generic connection request is not worth sending; a thank-you without a detail
    # can still go, so it is a warning there.
    level = Level.ERROR if linkedin else Level.WARNING
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
    # On LinkedIn, what they care about or the piece you offer them (R-D3) is personal too.
    shared = (person.share_title,) if person.share_title else ()
    recalled = (*person.topics, *person.interests, *shared) if linkedin else person.topics
    if not recalled:
        if linkedin and not _MEETING.search(draft.body):
            yield _finding(
                level,
                rule,
                "personal_detail",
                f"This note could come from anyone. Recall your interview with {person.name} "
                "and one thing you talked about.",
            )
            return
        yield _finding(
            Level.WARNING,
            rule,
            "personal_detail",
            f"Nothing from your conversation with {person.name} is recorded, so this note could "
            "have gone to anyone. Note one thing you talked about and mention it.",
        )
    elif not any(_mentions(draft.body, topic) for topic in recalled):
        # A LinkedIn note that at least recalls the meeting is personal in its way: a warning.
        if linkedin and _MEETING.search(draft.body):
            level = Level.WARNING
        yield _finding(
            level,
            rule,
            "personal_detail",
            f"The note does not recall anything from your conversation with {person.name}. "
            f"Mention one thing you talked about, such as {recalled[0]}.",
        )


# An apology by the candidate; "sorry to hear" (sympathy) and "sorry it wasn't to be"
# (regret at the outcome) are not apologies.
_APOLOGY = re.compile(
    r"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies))\b"
    r"(?! to (?:hear|see|learn|read))(?! (?:that )?it (?:wasn't|was not|didn't|did not))",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\bthank", re.IGNORECASE)


def _check_tone(draft: Draft, ctx: _Context) -> Iterable[Finding]:
    """Demands, begging, mishaps, asking why, arguing, passive aggression, a news request
    in a keep-warm note: each recognised by a phrase in its role (see `phrasing`)."""
    mishaps = ctx.round.mishaps if ctx.round is not None else ()
    recorded = [m for m in mishaps if _mentions_all(draft.body, m)]
    for mishap in recorded:
        yield _finding(
            Level.ERROR,
            "R-C6",
            "trivia",
            f"The note mentions “{mishap}”. Leave small mishaps out altogether: they were "
            "forgotten long before your note arrives.",
        )
    reported: set[str] = {"trivia"} if recorded else set()
    for phrase, words in find_phrases(draft.body, draft.kind):
        if phrase.check in reported:
            continue  # one finding per kind of problem: fixing it fixes the note's tone
        reported.add(phrase.check)
        yield _finding(phrase.level, phrase.rule, phrase.check, phrase.message.format(m=words))
    apology = _APOLOGY.search(draft.body)
    if "trivia" not in reported and apology:
        yield _finding(
            Level.WARNING,
            "R-C6",
            "apology",
            f"“{apology.group(0)}”: an apology draws attention to whatever went wrong. If it "
            "was a small mishap, leave it out; if you are putting a real slip right, just "
            "state what you would have said, in two or three sentences.",
        )
    exclamations = draft.body.count("!") + draft.body.count("\uff01")
    if exclamations > 1:
        yield _finding(
            Level.TIP,
            "R-E4",
            "exclamation",
            f"{exclamations} exclamation marks read as over-eager. Keep one at most.",
        )


def _check_typing(draft: Draft, application: Application) -> Iterable[Finding]:
    """Gaps left to fill, doubled punctuation, capitals in mid-sentence (see `slips`)."""
    yield from slips.placeholders(draft.subject or "", draft.body, draft.kind)
    yield from slips.punctuation(draft.body)
    yield from slips.capitals(draft.body, addressing.proper_words(application))


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
        if (
            re.search(r"\blink\b", draft.body, re.IGNORECASE)
            and not _URL.search(draft.body)
            and not _LINK_SLOT.search(draft.body)  # the slot has an error of its own
        ):
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
    draft: Draft,
    application: Application,
    *,
    policy: Policy | None = None,
    other_companies: Iterable[str] = (),
) -> list[Finding]:
    """Everything worth fixing in `draft`'s text, errors first, then warnings, then tips.

    `other_companies` are the companies of the candidate's other applications: a note that
    names one of them is going to the wrong place."""
    policy = policy or Policy()
    ctx = _context(draft, application)
    # The checks read at most the first `WORDING_CHARS` characters, far past any note's
    # length (a text that long is reported as a page anyway); the LinkedIn cap and the
    # sign-off look at the whole text's length and its end.
    whole = draft
    if len(draft.body) > WORDING_CHARS:
        draft = replace(draft, body=draft.body[:WORDING_CHARS])
    findings = [
        *_check_typing(draft, application),
        *_check_name(draft, ctx),
        *addressing.greeting(draft, application),
        *addressing.company(draft, application, other_companies),
        *_check_address(draft),
        *_check_tone(draft, ctx),
        *_check_linkedin_cap(whole, policy, application.candidate.linkedin_premium),
        *_check_length(draft, ctx),
        *_check_personal(draft, ctx),
        *_check_content(draft, ctx),
        *_check_sign_off(replace(whole, body=whole.body[-2000:])),  # the sign-off is at the end
    ]
    if whole is not draft:
        findings.append(
            _finding(
                Level.ERROR,
                KINDS[whole.kind].length_rule or KINDS[whole.kind].rules[0],
                "checked_part",
                f"This text has {len(whole.body):,} characters, far more than any note, so "
                f"only its first {WORDING_CHARS:,} were checked. Cut it to a few sentences "
                "and the checks will read all of it.",
            )
        )
    return sorted(_one_per_check(findings), key=lambda f: f.level.rank)


def _one_per_check(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding once: a name problem seen by two checks is reported by the first."""
    seen: set[tuple[str, Level, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.check, finding.level, finding.message)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def recheck(
    draft: Draft,
    new_body: str,
    application: Application,
    *,
    policy: Policy | None = None,
    other_companies: Iterable[str] = (),
) -> Draft:
    """A copy of `draft` with the candidate's edited text and the checks run again on it."""
    edited = replace(draft, body=new_body.replace("\r\n", "\n"), checks=())
    found = check_message(edited, application, policy=policy, other_companies=other_companies)
    return replace(edited, checks=tuple(found))


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

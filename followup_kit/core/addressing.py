"""Is the note addressed to the right person at the right company, spelt as recorded?

Names and companies are compared loosely (case, accents and apostrophes ignored) and near
misses are found with a capped edit distance on short words, so each check is linear in
the note's length: the note's words and word pairs are collected once into sets and only
near-equal ones are compared letter by letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import pairwise

from followup_kit.core.messages import Draft, Finding, Level
from followup_kit.core.models import Application, Interviewer
from followup_kit.core.sentences import edit_distance

__all__ = ["company", "greeting", "loose", "proper_words"]

_APOSTROPHES = "'\u2019\u02bc"
# Combining accents left by NFKD decomposition ("é" becomes "e" and U+0301).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_STRIP = re.compile(rf"[{_APOSTROPHES}\-.]")
_WORD = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}\-][^\W_]+)*")
_HONORIFIC_WORDS = "mr mrs ms miss mx dr prof professor sir madam dame lord lady rev herr frau"
_HONORIFICS = frozenset(_HONORIFIC_WORDS.split())
_GENERIC_WORDS = (
    "team all there everyone everybody colleague colleagues folks friend friends hiring manager"
    " recruiter sir madam whom concern panel"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())
_GREETING = re.compile(
    r"^\s*(?:dear|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)\b[ \t]*"
    r"((?:(?:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+)?[^\n,!:;.]{0,80})",
    re.IGNORECASE,
)
_VOCATIVE = re.compile(
    r"\b(?:you|thanks|thank you|cheers|again),[ \t]+([A-Z][^\W\d_]+)", re.IGNORECASE
)
# "join Globex", "the role at Initech", "a great fit at Globex": a company named as the
# employer the note is about.
_EMPLOYER = re.compile(
    r"\b(?:join(?:ing)?|work(?:ing)? (?:at|for)|start(?:ing)? at|(?:role|position|post|job|career"
    r"|future|opportunity|place|fit|team|people|everyone) (?:at|with)|fit for)"
    r"\s+(?:the (?:team|people|folks) at\s+)?((?-i:[A-Z][\w&\-]*(?:[ \t]+[A-Z][\w&\-]*){0,3}))",
    re.IGNORECASE,
)
_OWN_PAST = re.compile(r"\b(?:my|our|current|previous|former|last|old)\b", re.IGNORECASE)


def loose(text: str) -> str:
    """Lower case, accents, apostrophes, dots and hyphens removed: for tolerant comparison."""
    kept = text if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return " ".join(_STRIP.sub("", kept).casefold().split())


def _name_keys(person: Interviewer) -> set[str]:
    parts = person.name.split() + person.greeting_name.split()
    return {loose(p) for p in parts if loose(p) and loose(p) not in _HONORIFICS}


def _near(word: str, target: str) -> bool:
    """A near miss: one slip in a short word, two in a longer one (never the same word)."""
    if word == target or len(set(word) ^ set(target)) > 4:
        return False
    allowed = 1 if len(target) <= 4 else 2
    return edit_distance(word, target, cap=allowed + 1) <= allowed


def _finding(level: Level, check: str, message: str) -> Finding:
    return Finding(level=level, rule="R-A4", check=check, message=message)


def greeting(draft: Draft, application: Application) -> Iterator[Finding]:
    """The greeting (and any "thank you, Name") names the recipient, spelt as recorded."""
    name = draft.recipient.name
    if not name:
        return
    people = [p for r in application.rounds for p in r.interviewers]
    person = next((p for p in people if loose(p.name) == loose(name)), None)
    own = _name_keys(person) if person else {loose(p) for p in name.split()}
    others: dict[str, str] = {}
    for other in people:
        if loose(other.name) != loose(name):
            for key in _name_keys(other) - own:
                others.setdefault(key, other.name)
    head = draft.body.lstrip().split("\n", 1)[0]
    match = _GREETING.match(head)
    words = _WORD.findall(match.group(1)) if match else []
    named: list[str] = []
    for word in words:  # the name ends at the first lower-case word ("Hi Ana it was…")
        if loose(word) in _HONORIFICS:
            continue
        if not word[:1].isupper() or len(named) == 3:
            break
        named.append(word)
    title_words = {w.casefold() for w in _WORD.findall(person.title)} if person else set()
    named = [w for w in named if w.casefold() not in title_words]
    if match and words and all(loose(w) in _GENERIC or w.islower() for w in words):
        yield _finding(
            Level.WARNING,
            "name",
            f"“{match.group(0).strip()}” could go to anyone. Greet {name} by name.",
        )
    recorded = loose(person.greeting_name) if person else ""
    titled = _title_with_first_name(words, name)
    if titled and not (recorded and recorded in loose(match.group(1) if match else "")):
        yield _finding(
            Level.WARNING,
            "name",
            f"“{titled}”: a title such as Dr or Ms goes with the surname ({name}), or greet "
            "them by their first name alone.",
        )
    for word in named:
        key = loose(word)
        if key in own or key in _GENERIC:
            continue
        if key in others:
            yield _finding(
                Level.ERROR,
                "name",
                f"The greeting says “{word}”, but this note goes to {name}; “{word}” is "
                f"{others[key]}. Greet {name} instead.",
            )
        elif any(_near(key, target) for target in own):
            spelt = next(
                p for p in (person.name if person else name).split() if _near(key, loose(p))
            )
            yield _finding(
                Level.ERROR,
                "name",
                f"“{word}” is not how you recorded the name: write “{spelt}” ({name}).",
            )
        else:
            yield _finding(
                Level.ERROR,
                "name",
                f"The greeting names “{word}”, but this note goes to {name}. Greet them as "
                "you recorded them; if they asked you to use another name, enter it under "
                "'Greet as' in the form.",
            )
        return
    for found in _VOCATIVE.finditer(draft.body):
        key = loose(found.group(1))
        if key in others and key not in own:
            yield _finding(
                Level.ERROR,
                "name",
                f"“{found.group(0)}” speaks to {others[key]}, but this note goes to {name}. "
                f"Each interviewer gets a note of their own: address {name} here.",
            )
            return


def _title_with_first_name(words: list[str], name: str) -> str:
    """ "Dr Priya" for Priya Nair: a title before the first name rather than the surname."""
    parts = name.split()
    if len(parts) < 2 or loose(parts[0]) == loose(parts[-1]):
        return ""
    for title, following in pairwise(words):
        if (
            loose(title) in _HONORIFICS
            and loose(following) == loose(parts[0])
            and (len(words) == 2 or loose(words[-1]) != loose(parts[-1]))
        ):
            return f"{title} {following}"
    return ""


def _pairs(words: list[str], size: int) -> set[str]:
    return {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


def _changed_ending(words: list[str], name: list[str]) -> list[str]:
    """ "Northwind Healthcare" for Northwind Health: the first word right, a later word grown
    or shrunk ("Health" / "Healthcare")."""
    if len(name) < 2 or len(name[0]) < 4:
        return []
    found = []
    for index, original in enumerate(words[: len(words) - len(name) + 1]):
        if loose(original) != name[0]:
            continue
        if not all(w[:1].isupper() for w in words[index : index + len(name)]):
            continue  # "Northwind healthcare data": a description, not the name
        written = [loose(w) for w in words[index : index + len(name)]]
        if written != name and all(
            w == n or w.startswith(n) or n.startswith(w) for w, n in zip(written, name, strict=True)
        ):
            found.append(" ".join(written))
    return found


def proper_words(application: Application) -> frozenset[str]:
    """Every word the candidate wrote with a capital in their own records, casefolded."""
    texts: list[str] = [application.company, application.role, application.candidate.name]
    for rnd in application.rounds:
        texts += [*rnd.qualifications, rnd.culture_fit, rnd.mistake_to_correct]
        texts += [text for c in rnd.concerns for text in (c.text, c.answer)]
        texts += [s.text for s in rnd.slips]
        texts += [*rnd.topics, *rnd.mishaps]
        for person in rnd.interviewers:
            texts += [person.name, person.greeting_name, person.title, person.share_title]
            texts += [*person.topics, *person.interests]
    return frozenset(w.casefold() for text in texts for w in _WORD.findall(text) if w[:1].isupper())


def company(
    draft: Draft, application: Application, other_companies: Iterable[str] = ()
) -> Iterator[Finding]:
    """The note names the company it is for: not another application's, not misspelt."""
    body = draft.body
    own = loose(application.company)
    words = [loose(w) for w in _WORD.findall(body)]
    text = " " + " ".join(words) + " "
    for other in other_companies:
        key = loose(other)
        if not key or key in own or own in key:
            continue
        # A one-word name may be an ordinary word ("Next", "Apple"): match it as written.
        if f" {key} " in text and (" " in key or re.search(rf"\b{re.escape(other)}\b", body)):
            yield _finding(
                Level.ERROR,
                "company",
                f"The note names {other}, the company of another of your applications; this "
                f"one is for {application.company}. Put the right company in.",
            )
            return
    # The short name of another application ("the Acme team" for Acme Analytics): its first
    # word, capitalised as a name, and not a word of this application's own records.
    allowed_here = proper_words(application)
    for other in other_companies:
        first = _WORD.findall(other)[:1]
        if len(_WORD.findall(other)) < 2 or not first or len(first[0]) < 4:
            continue
        short = first[0]
        if short.casefold() in allowed_here or loose(short) in own.split():
            continue
        if re.search(rf"\b{re.escape(short)}\b", body):
            yield _finding(
                Level.WARNING,
                "company",
                f"“{short}” sounds like {other}, the company of another of your applications; "
                f"this note is for {application.company}. Check that it names the right company.",
            )
            return
    size = len(own.split())
    if len(own) >= 5 and f" {own} " not in text:
        if size == 1:  # one word: only a capitalised near miss, one letter off ("Globx")
            capitals = {loose(w) for w in _WORD.findall(body) if w[:1].isupper()}
            near = sorted(w for w in capitals if w != own and edit_distance(w, own, cap=2) <= 1)
        else:
            near = sorted(p for p in _pairs(words, size) if _near(p, own))
            near += _changed_ending(_WORD.findall(body), own.split())
        if near:
            yield _finding(
                Level.ERROR,
                "company",
                f"“{near[0]}” looks like a misspelling of {application.company}. Write the "
                "company's name exactly as they do.",
            )
            return
    allowed = proper_words(application)
    for match in _EMPLOYER.finditer(body):
        named = match.group(1)
        keys = [w.casefold() for w in _WORD.findall(named)]
        if not keys or keys[0] in allowed or loose(named) in own or own in loose(named):
            continue
        if _OWN_PAST.search(body, max(0, match.start() - 25), match.start()):
            continue  # "in my current role at Barclays": the candidate's own employer
        yield _finding(
            Level.WARNING,
            "company",
            f"“{match.group(0)}”: this application is with {application.company}. Check that "
            "the note names the right company.",
        )
        return

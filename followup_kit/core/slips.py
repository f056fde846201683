"""Slips of typing and editing: gaps left from a template, doubled punctuation, a capital in
the middle of a sentence, a sentence pasted into another.

Each check is one linear scan (plain character classes, bounded repeats, no nesting), and
each finding quotes the words it is about so the candidate can find them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from followup_kit.core.messages import Finding, Level
from followup_kit.core.vocabulary import ActionKind

__all__ = ["capitals", "placeholders", "punctuation"]

# Gaps a template or the candidate left to fill in later.
_GAP = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}"  # template syntax
    r"|\{[^{}\n]{1,40}\}"  # {name}
    r"|\[(?!sic\])(?![\d, ]{1,12}\])[^\[\]\n]{1,40}\](?!\()"  # [Company], not [1] or a [link](url)
    r"|<(?![^<>\n]{0,60}(?:@|://))[A-Za-z_][^<>\n]{0,30}>"  # <first name>, not <a@b.org>
    r"|\b(?:TODO|TBD|TBC|FIXME|XXX+|XX|INSERT(?: [A-Z]+)*)\b"
    r"|\b(?:COMPANY|FIRST NAME|LAST NAME|NAME|JOB TITLE|ROLE|LINK|TOPIC)(?: NAME| HERE)?\b"
    r"|(?i:\binsert (?:your|their) (?:name|company|link|date|role|topic|title)\b)"
    r"|(?i:\binsert (?:name|company|link|date|role|topic|title) here\b)"
    r"|(?i:\(\s*insert [^()\n]{1,30}\))"  # (insert topic)
    r"|_{3,}"
    r"|(?<=\s)\?{2,}"  # "met on ??": a gap marked with question marks, not "really??"
    r"|(?i:\((?:topic|name|company|date|role|title|link|subject|interest|their name|x+)\))"
    r"|(?i:lorem ipsum)"
    r"|(?im:^dear\s*,)"  # "Dear ,": the name was left out
)
_LINKISH = re.compile(r"link|url|address|web", re.IGNORECASE)

_DOUBLED = re.compile(
    r"(?<!\.)\.\.(?!\.)"  # two full stops (an ellipsis has three)
    r"|[!?]{2,}"
    r"|,{2,}|;{2,}"
    r"|(?<=[a-z]{3})\.,|,\.(?!\d)"
    r"|(?<=[^\W\d_]) +[,;.](?=\s|$)"  # a space before a comma or full stop
    r"|(?<=[a-z]{3})[.,](?=[A-Z][a-z])"  # no space after a full stop or comma
)
_URL = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)

# A capitalised ordinary word after a word, comma or bracket on the same line: the middle
# of a sentence. (After ". ", ": ", a dash, a quote or a line break a capital is normal.)
_MID_CAPITAL = re.compile(r"(?<=[\w,)])([ \t]+)([A-Z][a-z']+)\b")
_WORD_BEFORE = re.compile(r"(\S+)[ \t]*$")
# Common words that are never names on their own; a capital on one of them mid-sentence is
# a slip ("I also Led the migration", "talking about We talked about").
_ORDINARY_WORDS = """a about above after again all also always am an and another any are as at be
    because been before being both but by can could did do does doing done during each
    either enjoyed enjoy especially even every few for from further had has have having
    he her here hers him his how however i if in into is it its just led like liked love
    loved many me more most much must my myself no nor not now of off on once only or
    other our ours out over own particularly really same she should so some such than that
    the their theirs them then there these they this those through to too under until up
    us very was we were what when where which while who whom why will with would you your
    yours talked talking discussed discussing spoke speaking met meeting built managed
    worked working created developed improved learned learnt helped ran run delivered
    thank thanks look looking forward hope hoping glad happy keen excited interested great
    good truly enjoyed appreciated appreciate believe think thought feel felt know knew
    want wanted wish mentioned said told asked raised forgot missed made make take took
    bring brought see saw share shared sharing reading read send sent used using use"""
_ORDINARY = frozenset(_ORDINARY_WORDS.split())
_SPLICED = re.compile(
    r"\b(?:about|of|with|on|regarding|concerning|into)\s+(I|We|My|Our)\s+(?:have|had|am|was"
    r"|were|did|didn't|haven't|hadn't|can|can't|could|will|would|forgot|wanted|led|built"
    r"|worked|talked|discussed|do|don't|used)\b"
)


def _finding(level: Level, rule: str, check: str, message: str) -> Finding:
    return Finding(level=level, rule=rule, check=check, message=message)


def placeholders(subject: str, body: str, kind: ActionKind) -> Iterator[Finding]:
    """Text left to be filled in: an error, because the note cannot go out like that."""
    for text, where in ((subject, "subject"), (body, "note")):
        match = _GAP.search(text)
        if match is None:
            continue
        gap = match.group(0)
        if gap.startswith("[") and _LINKISH.search(gap):
            # R-F1 (keep-warm) and R-E4 (status check): the piece shared must reach them.
            yield _finding(
                Level.ERROR,
                "R-F1" if kind is ActionKind.KEEP_WARM else "R-E4",
                "link_slot",
                f"The {where} still has the slot “{gap}” for the piece you are sharing. Paste "
                "its web address there; until then the note is not ready to send.",
            )
        else:
            yield _finding(
                Level.ERROR,
                "R-C5",
                "placeholder",
                f"The {where} still contains “{gap}”, a gap left to be filled in. Replace it "
                "with the real words before sending.",
            )


def punctuation(body: str) -> Iterable[Finding]:
    """Doubled or misplaced punctuation (outside web addresses): a warning."""
    text = _URL.sub(" ", body)
    match = _DOUBLED.search(text)
    if match is None:
        return
    start, end = match.span()
    quoted = text[max(0, start - 12) : end + 12].strip()
    quoted = " ".join(quoted.split())
    yield _finding(
        Level.WARNING,
        "R-C5",
        "punctuation",
        f"The punctuation in “…{quoted}…” looks like a slip (doubled, or with a stray space). "
        "Use one mark, straight after the word, and a space after it.",
    )


def capitals(body: str, proper: frozenset[str]) -> Iterable[Finding]:
    """A capital letter on an ordinary word in mid-sentence, or a sentence pasted into the
    middle of another: a warning. `proper` holds the casefolded words the candidate wrote
    with capitals in their own records (company, role, names, topics), which stay as typed."""
    spliced = _SPLICED.search(body)
    if spliced is not None:
        yield _finding(
            Level.WARNING,
            "R-C5",
            "capitals",
            f"“{spliced.group(0)}” reads like a whole sentence pasted into the middle of "
            "another. Rewrite it as one sentence, or make it a sentence of its own.",
        )
        return
    for match in _MID_CAPITAL.finditer(body):
        word = match.group(2)
        key = word.casefold()
        if key not in _ORDINARY or key in proper:
            continue
        before = _WORD_BEFORE.search(body, max(0, match.start() - 30), match.start())
        lead = before.group(1) + " " if before is not None else ""
        yield _finding(
            Level.WARNING,
            "R-C5",
            "capitals",
            f"“{lead}{word}” has a capital letter in the middle of a sentence. Write “{key}” "
            "in lower case, or if a sentence of your notes was pasted in here, rewrite the "
            "two as one sentence.",
        )
        return

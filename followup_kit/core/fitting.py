"""Words in, sentences out: fitting what the candidate typed into the kit's sentences.

People type notes the way they talk: "We talked about his team's move to Kubernetes.",
"Forgot to mention that I cut our AWS bill by 40%", "SQL.", "They publish their data openly!".
The drafts must read as if a person wrote them whatever the shape, so every free-text field
passes through one of the fitting functions here before a template sees it:

- `topic_phrase` — something to follow "talking about …" (lead-ins stripped, the reader's
  pronouns turned to "you/your", a clause wrapped as "how you …");
- `strength_phrase` — a strength to list after "what I bring:", or `None` when it is a deed
  ("Led the migration…", said as "I led …") or the candidate's own sentence;
- `own_sentences` — whatever was typed, as the candidate's own whole sentence(s);
- `after_joint` — a sentence to follow a semicolon or "that" (first word lowered, no stop);
- `culture_sentence` — why the company suits the candidate, said *to* the reader;
- `fit_problems` — what cannot be fitted, as Problems at the form's field, with an example.

Pure functions: no I/O, no templates. The case rule: the first word is lowered only when it is
capitalised merely because it starts the input and is a common English word; words with inner
capitals, all capitals, digits, or that are not common words (Berlin, Python, McKinsey) keep
theirs.
"""

from __future__ import annotations

import re
from enum import Enum

from followup_kit.core.models import Application
from followup_kit.errors import Problem

__all__ = [
    "Shape",
    "after_joint",
    "classify",
    "concern_subject",
    "culture_fit",
    "culture_sentence",
    "deed_phrase",
    "first_sentence",
    "fit_problems",
    "is_deed",
    "keeps_case",
    "lower_first",
    "own_sentences",
    "question_phrase",
    "strength_phrase",
    "strip_lead_in",
    "they_to_you",
    "tidy",
    "to_reader",
    "topic_phrase",
]


class Shape(str, Enum):
    """What a typed fragment is, which decides how it is fitted."""

    PHRASE = "phrase"  # "her team's move to dbt", "SQL and Python"
    DEED = "deed"  # "led the migration to Go" (a past-tense verb: said as "I led …")
    CLAUSE = "clause"  # "she is moving the team to Kubernetes", "I haven't used Go"
    SENTENCES = "sentences"  # two or more whole sentences


# Common English words: capitalised at the start of typed input only because they start it.
_COMMON_WORDS = """
they're you're we're it's there's he's she's background self mission great people
less little limited fewer lack enough concern worried
a an the this that these those my our your his her their its some any every each all both no
not one two three four five six seven eight nine ten several many few more most much i we
you he she they it me us him them there here what which who whom whose how why when where
whether if so and or but nor yet as at by for from in into of on onto out over to up with
without about above after against along among around before behind below beneath beside
between beyond during except inside near off since than through throughout till toward
towards under until upon via within also just only really very quite rather even still
already again ever never always often usually sometimes perhaps maybe well too is are was
were be been being am has have had having do does did done doing can could will would shall
should may might must let lets get gets got make makes made take takes took use uses used
using run runs ran build builds built lead leads led grow grows grew cut cuts drive drives
drove set sets bring brings brought keep keeps kept win won write wrote sell sold move moves
moved manage managed work works worked ship shipped talk talked talking discuss discussed
spoke speak chat chatted mention mentioned forgot forget think thought believe feel felt
like liked love loved enjoy enjoyed want wanted need needed hope hoped say said tell told
ask asked know knew see saw hear heard learn learned learnt show showed good great strong
solid deep broad new old big small large long short high low open clear early late fast
quick simple fluent advanced basic senior junior hands hands-on team teams company companies
role roles job jobs plan plans move migration approach way ways culture values mission
growth experience experiences years year months month weeks week days day customers customer
clients client users user product products service services platform platforms project
projects data work process processes system systems tools tool people staff stakeholders
stakeholder budget budgets cost costs time results focus vision strategy roadmap office
offices hiring mentoring coaching reporting analysis design testing support training
research marketing sales finance operations engineering leadership management communication
collaboration ownership quality security safety notice period gap gaps lack concern concerns
question questions point points answer interview interviews conversation chat discussion
panel round rounds case study example examples story stories thing things something nothing
everything lot lots bit part transparency openness honesty focus emphasis commitment
investment move shift push remote hybrid flexible public private open-source commercial
internal external
"""
_COMMON = frozenset(_COMMON_WORDS.split())
# Suffixes of ordinary words (a capitalised "Reporting" starts a sentence, it is no name).
_COMMON_SUFFIX = re.compile(
    r"(?:ing|ings|ed|tion|tions|sion|sions|ment|ments|ness|ity|ities|ship|ships|ance|ence|"
    r"ly|ful|ous|ive|ives|ies)$"
)
_PRONOUN_SUBJECTS = frozenset(
    {
        *("i", "we", "you", "he", "she", "they", "it", "there", "i'm", "i've", "i'd", "i'll"),
        *("we're", "we've", "you're", "you've", "they're", "they've", "she's", "he's", "it's"),
        *("there's", "i’m", "i’ve", "you’re", "they’re", "we’re", "it’s"),
    }
)
_SUBJECT_AFTER_NOUN = re.compile(
    r"^(?:the|our|my|their|his|her|your|its|this|that)\s+(?:[\w'’\-]+\s+){1,4}?"
    r"(?<!\bto )(?:is|are|was|were|has|have|had|will|would|can|could|should|does|do|did|"
    r"isn't|aren't|wasn't|weren't|hasn't|haven't|doesn't|don't|didn't|won't|can't|seem|seems|seemed|"
    r"feel|feels|felt|look|looks|looked|match|matches|fit|fits|reflect|reflects|align|aligns|"
    r"make|makes|made|mean|means)\b",
    re.IGNORECASE,
)
# Words in -ed that describe the candidate rather than say what they did.
_ED_ADJECTIVES = frozenset(
    [
        "advanced",
        "skilled",
        "experienced",
        "qualified",
        "detailed",
        "motivated",
        "certified",
        "talented",
        "dedicated",
        "seasoned",
        "interested",
        "based",
        "focused",
        "organised",
        "organized",
        "accredited",
        "chartered",
        "licensed",
        "trained",
        "self-motivated",
        "proven",
        "varied",
        "mixed",
    ]
)
# Verbs in the simple past that start a deed ("led the move", "grew a mailing list").
_IRREGULAR_PAST = frozenset(
    (
        *("led", "built", "grew", "cut", "ran", "won", "wrote", "made", "taught", "drove"),
        *("set", "brought", "began", "took", "gave", "kept", "sold", "spoke", "oversaw"),
        *("rebuilt", "rewrote", "overcame", "found", "upheld", "shot", "drew", "sped", "saved"),
    )
)
_OBJECT_START = re.compile(
    r"^(?:a|an|the|our|my|their|its|his|her|two|three|four|five|six|seven|eight|nine|ten|"
    r"dozens|hundreds|thousands|several|multiple|every|all|both|over|more|up|out|down|"
    r"\d[\d,.]*%?|[A-Z][\w\-/]*)$"
)
# What people type before the part that matters. Applied repeatedly, longest first.
_LEAD_INS = re.compile(
    r"^(?:"
    r"(?:i|we)\s+(?:really\s+|also\s+)?(?:talked|spoke|chatted|discussed|touched on|went over)"
    r"(?:\s+(?:a lot|at length|briefly))?(?:\s+(?:about|on|of|through))?"
    r"|(?:we|i)\s+(?:had\s+)?(?:a\s+)?(?:good\s+|great\s+|long\s+)?"
    r"(?:chat|talk|conversation|discussion)\s+(?:about|on)"
    r"|(?:i\s+)?(?:really\s+)?(?:enjoyed|loved|liked)\s+(?:talking|hearing|learning|chatting)"
    r"\s+(?:about|more about)"
    r"|(?:(?:i|we)\s+)?(?:talked|spoke|chatted|talking|chatting)\s+(?:with|w/|to)\s+"
    r"(?:him|her|them|you)\s+(?:about|on)"
    r"|(?:(?:i|we)\s+)?asked\s+(?:(?:him|her|them)\s+)?about"
    r"|the fact that"
    r"|(?:talked|spoke|chatted|discussed|talking|chatting)(?:\s+(?:about|on|of))?"
    r"|(?:i\s+)?(?:forgot|didn'?t get|did not get|failed|meant|wanted)\s+to\s+"
    r"(?:mention|say|tell (?:you|them|her|him))(?:\s+that)?"
    r"|(?:i\s+)?(?:didn'?t|did not|should have|should've)\s+(?:mention|mentioned|say|said)"
    r"(?:\s+that)?"
    r"|(?:i\s+)?(?:think|believe|feel|guess|reckon)(?:\s+that)?"
    r"|(?:(?:he|she|they|you)\s+)?(?:was|were|seemed|is|are)?\s*(?:worried|concerned)\s+"
    r"(?:about|that|by)"
    r"|(?:(?:he|she|they)\s+)?(?:raised|flagged|questioned|asked about|queried|mentioned)"
    r"(?:\s+(?:a\s+)?concerns?\s+(?:about|that|over))?"
    r"|(?:(?:he|she|they)\s+)?(?:had|has)\s+(?:a\s+)?concerns?\s+(?:about|that|over)"
    r"|(?:a\s+)?concerns?\s+(?:about|that|over)"
    r"|(?:(?:he|she|they)\s+)?(?:asked|wanted to know)(?:\s+me)?\s+about"
    r"|(?:note|re|topic|about|that|also|plus|and)\s*:?"
    r")(?:\s*[:\-–—]\s*|\s+)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*•·–—>]+|\d+[.)])\s+")
_QUOTES = "\"'“”‘’«»"
_END = re.compile("[\\s.!?;:,\u2026\u3002\uff01\uff1f]+$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
_DOUBLE_END = re.compile(r"([.!?])[.!?]+")
_LONE_I = re.compile(r"\bi\b(?=(?:'|’|\s|$))")
_WORD = re.compile(r"[\w'’\-/&.]+")


def tidy(text: str) -> str:
    """One line, single spaces, no bullet, no wrapping quotes, no trailing punctuation."""
    text = " ".join(str(text).split())
    text = _BULLET.sub("", text)
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return _END.sub("", text)


def strip_lead_in(text: str) -> str:
    """The fragment without what people type before it ("We talked about …", "Forgot to
    mention that …", "I think …", "She was worried about …")."""
    text = tidy(text)
    for _ in range(4):
        stripped = _LEAD_INS.sub("", text, count=1)
        if stripped == text or not stripped:
            break
        text = stripped
    return text


def keeps_case(word: str, keep: frozenset[str] = frozenset()) -> bool:
    """Whether a capitalised first word is a name, acronym or brand that keeps its capital:
    "I", inner capitals (iOS, McKinsey, PowerPoint), all capitals (AWS, SAP), digits
    (S/4HANA, 3M), a word of `keep` (the company, people's names) or any word that is not a
    common English word (Berlin, Python, Kubernetes)."""
    bare = word.strip(_QUOTES + ",;:()")
    if not bare:
        return True
    if bare == "I" or bare.startswith(("I'", "I’")):
        return True
    if bare.casefold() in keep:
        return True
    if any(ch.isupper() for ch in bare[1:]) or any(ch.isdigit() for ch in bare):
        return True
    if not bare[:1].isupper():
        return True  # nothing to lower
    lowered = bare.casefold()
    head = lowered.split("-", 1)[0]  # "Remote-first", "Self-taught": judged by "remote", "self"
    return all(w not in _COMMON and not _COMMON_SUFFIX.search(w) for w in {lowered, head})


def lower_first(text: str, keep: frozenset[str] = frozenset()) -> str:
    """The first letter lowered when the first word is an ordinary word (see `keeps_case`)."""
    first = text.split(" ", 1)[0]
    if not first or keeps_case(first, keep):
        return text
    return text[0].lower() + text[1:]


def _split_sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [part for part in _SENTENCE_BREAK.split(text) if part.strip()]


def _first_words(text: str) -> list[str]:
    return [w.casefold().strip(_QUOTES + ",;:") for w in text.split()[:3]]


def is_deed(text: str) -> bool:
    """Whether a strength is something done ("grew a list from 4,000 to 19,000"), starting
    with a verb in the simple past followed by its object."""
    words = text.split()
    if not words:
        return False
    first = words[0].casefold()
    if first in _IRREGULAR_PAST:
        return len(words) > 1
    regular = first.endswith("ed") and len(first) >= 5 and first not in _ED_ADJECTIVES
    if not regular or len(words) < 2:
        return False
    # "reduced churn by 12%" is a deed; "automated testing" a skill (a noun made of a verb).
    second = words[1].casefold()
    return _OBJECT_START.match(words[1]) is not None or not second.endswith(("ing", "ed"))


def classify(text: str) -> Shape:
    """The shape of a typed fragment, after its lead-in is stripped."""
    raw = " ".join(str(text).split())
    if len(_split_sentences(raw.rstrip(".!? "))) > 1:
        return Shape.SENTENCES
    core = strip_lead_in(raw)
    words = _first_words(core)
    if not words:
        return Shape.PHRASE
    if words[0] in _PRONOUN_SUBJECTS or _SUBJECT_AFTER_NOUN.match(core):
        return Shape.CLAUSE
    if is_deed(core):
        return Shape.DEED
    return Shape.PHRASE


# --------------------------------------------------------------------------------------------
# The reader's pronouns
# --------------------------------------------------------------------------------------------
_BE_HAVE = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
    "is not": "are not",
    "has not": "have not",
    "does not": "do not",
}
_CONTRACTED = {"he's": "you're", "she's": "you're", "he'd": "you'd", "she'd": "you'd"}
_OBJECT_FOLLOWERS = frozenset(
    [
        "to",
        "a",
        "an",
        "the",
        "about",
        "with",
        "for",
        "from",
        "at",
        "in",
        "on",
        "into",
        "and",
        "or",
        "but",
        "that",
        "this",
        "how",
        "what",
        "why",
        "when",
        "as",
        "by",
        "over",
        "up",
        "out",
    ]
)
_NOT_VERBS = frozenset({"always", "also", "often", "really", "just", "still", "never"})


def _verb_for_you(verb: str) -> str:
    low = verb.casefold()
    if low in _BE_HAVE:
        return _BE_HAVE[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|zz|o)es$", low):
        return verb[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return verb[:-1]
    return verb


def to_reader(text: str) -> str:
    """Text about the interviewer, said to them: "he/she" → "you" (with the verb agreeing:
    "she runs" → "you run", "he is" → "you are"), "his/her" → "your", "him/her" → "you",
    and a leading "their" → "your". Other words are unchanged."""
    words = text.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        bare = word.strip(_QUOTES + ",;:.!?()")
        low = bare.casefold().replace("’", "'")
        cap = bare[:1].isupper()
        replacement: str | None = None
        if low in _CONTRACTED:
            replacement = _CONTRACTED[low]
        elif low in {"he", "she"}:
            replacement = "you"
            nxt = index + 1
            while nxt < len(words) and words[nxt].casefold() in _NOT_VERBS:
                nxt += 1
            if nxt < len(words):
                pair = " ".join(words[nxt : nxt + 2]).casefold()
                if pair in _BE_HAVE:
                    words[nxt], words[nxt + 1] = _BE_HAVE[pair].split(" ")
                else:
                    words[nxt] = _verb_for_you(words[nxt])
        elif low == "his" or (low == "their" and index == 0):
            replacement = "your"
        elif low == "him":
            replacement = "you"
        elif low == "her":
            following = words[index + 1].casefold() if index + 1 < len(words) else ""
            ends = bare != word.rstrip(",;:.!?)")  # nothing after it in this clause
            replacement = (
                "you" if (not following or following in _OBJECT_FOLLOWERS or ends) else "your"
            )
        elif low == "hers":
            replacement = "yours"
        elif low in {"himself", "herself"}:
            replacement = "yourself"
        if replacement is not None:
            if cap:
                replacement = replacement[0].upper() + replacement[1:]
            word = word.replace(bare, replacement, 1)
        out.append(word)
        index += 1
    return " ".join(out)


_THIRD_PERSON = re.compile(r"\b(they|their|theirs|them|themselves)\b", re.IGNORECASE)
_SECOND_PERSON = {
    "they": "you",
    "their": "your",
    "theirs": "yours",
    "them": "you",
    "themselves": "yourselves",
}


def they_to_you(text: str) -> str:
    """Every "they", "their", "them" said to the reader: "you", "your", "you" (capitals kept)."""

    def swap(match: re.Match[str]) -> str:
        word = _SECOND_PERSON[match.group(1).casefold()]
        return word.capitalize() if match.group(1)[0].isupper() else word

    return _THIRD_PERSON.sub(swap, text)


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------
def _keep(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(part.casefold() for text in words for part in text.split())


def topic_phrase(text: str, *, keep: tuple[str, ...] = ()) -> str:
    """A topic to follow "talking about": "We talked about his team's move to Kubernetes." →
    "your team's move to Kubernetes"; "She is hiring two analysts" → "how you are hiring two
    analysts". Only the first sentence of several is used."""
    first = _split_sentences(" ".join(str(text).split()))
    core = strip_lead_in(first[0] if first else "")
    if not core:
        return ""
    core = re.sub(
        r"\b(?:the company|the organisation|the organization)['’]s\b", "your", core, flags=re.I
    )
    core = lower_first(they_to_you(to_reader(core)), _keep(keep))
    words = _first_words(core)
    if words and (words[0] in _PRONOUN_SUBJECTS or _SUBJECT_AFTER_NOUN.match(core)):
        return "how " + core
    return core


_IRREGULAR = {
    "leave": "left",
    "go": "went",
    "choose": "chose",
    "make": "made",
    "do": "did",
    "get": "got",
    "take": "took",
    "lead": "led",
    "build": "built",
    "run": "ran",
    "handle": "handled",
    "say": "said",
    "find": "found",
    "deal": "dealt",
    "win": "won",
    "bring": "brought",
    "think": "thought",
    "feel": "felt",
    "keep": "kept",
    "teach": "taught",
    "write": "wrote",
    "begin": "began",
    "learn": "learned",
}


def _past(verb: str) -> str:
    """The simple past of a verb ("leave" → "left", "move" → "moved", "try" → "tried")."""
    low = verb.casefold()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("e"):
        return verb + "d"
    if low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_QUESTION = re.compile(
    r"^(?P<wh>how|what|why|when|where|which)\s+(?P<aux>do|does|did|would|will|can|could|"
    r"should|have|had|am|was)\s+(?:i|we)\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_YES_NO = re.compile(
    r"^(?P<aux>do|did|have|had|can|could|would|will|are|were|is)\s+(?:i|you)\s+(?P<rest>.*)$",
    re.IGNORECASE,
)
_AS_STATEMENT = {
    "do": "",
    "does": "",
    "have": "have ",
    "had": "had ",
    "would": "would ",
    "will": "would ",
    "can": "could ",
    "could": "could ",
    "should": "should ",
    "am": "am ",
    "was": "was ",
    "are": "am ",
    "were": "was ",
    "is": "am ",
}


def _statement(aux: str, rest: str) -> str:
    """The words of a question after its subject, as a statement about "I"."""
    aux = aux.casefold()
    if aux == "did":
        verb, _, tail = rest.partition(" ")
        return " ".join(part for part in (_past(verb), tail) if part)
    return _AS_STATEMENT[aux] + rest


def question_phrase(text: str, *, keep: tuple[str, ...] = ()) -> str:
    """What a question was about, to follow "When you asked": "How do I handle conflict?" →
    "how I handle conflict"; "Why did I leave my last job?" → "why I left my last job";
    "Have you used Airflow?" → "whether I have used Airflow"; "stakeholder management" →
    "about stakeholder management"."""
    core = tidy(re.sub(r"^(?:when\s+)?(?:you|they|he|she)\s+asked\s+", "", tidy(text), flags=re.I))
    core = _LONE_I.sub("I", core)
    inverted = _QUESTION.match(core)
    if inverted:
        said = _statement(inverted.group("aux"), inverted.group("rest"))
        return f"{inverted.group('wh').casefold()} I {said}"
    yes_no = _YES_NO.match(core)
    if yes_no:
        # "Have you used Go?" and "Did I cover Go?" both ask whether the candidate did.
        return "whether I " + _statement(yes_no.group("aux"), yes_no.group("rest"))
    if re.match(r"^(how|what|why|when|where|which|whether|if)\b", core, re.IGNORECASE):
        return lower_first(core, _keep(keep))
    core = re.sub(r"^about\s+", "", core, flags=re.IGNORECASE)
    return "about " + lower_first(core, _keep(keep))


def strength_phrase(text: str, *, keep: tuple[str, ...] = ()) -> str | None:
    """A strength to list ("what I bring: SQL and Python"), or None when it is not a noun
    phrase (a deed or the candidate's own sentence; see `deed_phrase`, `own_sentences`)."""
    if classify(text) is not Shape.PHRASE:
        return None
    core = strip_lead_in(text)
    return lower_first(core, _keep(keep)) if core else None


def deed_phrase(text: str, *, keep: tuple[str, ...] = ()) -> str | None:
    """A deed to follow "I": "Led the migration of payments to Go." → "led the migration of
    payments to Go"; "I led …" → "led …". None when it is not a deed."""
    core = strip_lead_in(text)
    core = re.sub(r"^I\s+(?=\w)", "", core)
    if not is_deed(core):
        return None
    return lower_first(core, _keep(keep) | {"i"})


def own_sentences(text: str, *, keep: tuple[str, ...] = ()) -> str:
    """Whatever was typed as the candidate's own whole sentence(s): the first letter
    capitalised, a lone "i" made "I", doubled stops single, a full stop at the end."""
    text = " ".join(str(text).split())
    text = _BULLET.sub("", text)
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    text = _LONE_I.sub("I", text)
    text = _DOUBLE_END.sub(r"\1", text).rstrip(" ,;:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def first_sentence(text: str) -> tuple[str, str]:
    """The first sentence of `text` and the rest (empty when there is only one)."""
    parts = _split_sentences(" ".join(str(text).split()))
    if not parts:
        return "", ""
    return parts[0], " ".join(parts[1:])


def after_joint(text: str, *, keep: tuple[str, ...] = ()) -> str:
    """A whole sentence to follow a semicolon or colon: first word lowered unless it keeps
    its case, no full stop at the end (the template adds it)."""
    text = own_sentences(text, keep=keep)
    if len(_split_sentences(text)) > 1:
        return ""
    return lower_first(_END.sub("", text), _keep(keep))


def concern_subject(text: str, *, keep: tuple[str, ...] = ()) -> tuple[str, bool]:
    """What a concern was about, and whether it is a clause ("I haven't used Kubernetes in
    production" → ("I haven't used …", True)) or a noun phrase ("my notice period")."""
    core = strip_lead_in(" ".join(str(text).split()))
    core = they_to_you(to_reader(core))
    core = re.sub(r"^(?:that|whether)\s+", "", core, flags=re.IGNORECASE)
    core = lower_first(core, _keep(keep))
    # "no experience with X", "less Go than you hoped": said as "(that) I have …".
    if re.match(r"^(?:no|little|less|limited|not enough|fewer|only)\b", core):
        return "I have " + core, True
    lack = re.match(r"^(?:my\s+)?lack of\s+(.*)$", core)
    if lack:
        return "I lack " + lack.group(1), True
    words = _first_words(core)
    is_clause = bool(words) and (
        words[0] in _PRONOUN_SUBJECTS or bool(_SUBJECT_AFTER_NOUN.match(core))
    )
    return core, is_clause


_COMPANY_VERB = r"(?P<verb>[a-z][\w'’\-]*)"


_FEELINGS = frozenset(
    [
        "love",
        "loved",
        "like",
        "liked",
        "admire",
        "admired",
        "enjoy",
        "enjoyed",
        "share",
        "appreciate",
        "appreciated",
        "value",
        "respect",
        "respected",
    ]
)


def culture_fit(text: str, company: str) -> tuple[str, str]:
    """Why the company suits the candidate, turned to the reader, and its shape.

    Returns ("phrase", "your move to data-driven buying"), ("clause", "you publish your data
    openly"), ("own", "I like how the team shares its work openly.") for the candidate's own
    sentence(s), or ("", "") when nothing was typed. The reader's organisation is never spoken
    of in the third person: "Acme publishes its data" → "you publish your data",
    "Acme's move" / "their move" → "your move"."""
    raw = " ".join(str(text).split())
    if not raw:
        return "", ""
    keep = _keep((company,))
    if len(_split_sentences(raw)) > 1:
        return "own", own_sentences(they_to_you(_company_to_you(raw, company)), keep=tuple(keep))
    core = strip_lead_in(raw) if not re.match(r"^i\b", raw, re.IGNORECASE) else tidy(raw)
    core = _company_to_you(core, company)
    # "Love their mission!!" is the candidate speaking without the "I".
    if core.split(" ", 1)[0].casefold() in _FEELINGS:
        core = "I " + lower_first(core)
    # "it's a B Corp": "it" is the reader's organisation.
    core = re.sub(r"^it(?:'s|’s|\s+is)\b", "you're", core, flags=re.IGNORECASE)
    first = core.split(" ", 1)[0].casefold().replace("’", "'")
    if first in {"i", "i'm", "i've", "i'd", "my", "we", "we're", "we've"}:
        return "own", own_sentences(they_to_you(core), keep=tuple(keep))
    core = they_to_you(to_reader(core))
    words = _first_words(core)
    if words and (words[0] in _PRONOUN_SUBJECTS or _SUBJECT_AFTER_NOUN.match(core)):
        return "clause", lower_first(core, keep)
    if is_deed(core):
        return "clause", "you " + lower_first(core, keep)
    if re.fullmatch(r"[\w]+-(?:first|driven|led|based|focused|friendly|minded|owned)", core, re.I):
        return "clause", "you are " + core.casefold()  # "Remote-first" → "you are remote-first"
    phrase = lower_first(core, keep)
    head = phrase.split(" ")[0]
    proper = head[:1].isupper() and keeps_case(head, keep)
    if not proper and not re.match(r"^(?:your|the|a|an|how|what|why)\b", phrase, re.IGNORECASE):
        phrase = "your " + phrase
    return "phrase", phrase


def _company_to_you(text: str, company: str) -> str:
    """The company named in the third person, turned to the reader ("Acme's" → "your")."""
    text = re.sub(
        r"\b(?:the company|the organisation|the organization)['’]s\b", "your", text, flags=re.I
    )
    if not company:
        return text
    name = re.escape(company)
    text = re.sub(rf"\b(?:the\s+)?{name}['’]s\b", "your", text)
    replaced = re.subn(
        rf"\b{name}\s+(?P<verb>[a-z][\w'’\-]*)",
        lambda m: "you " + _verb_for_you(m.group("verb")),
        text,
    )
    text = replaced[0]
    text = re.sub(rf"\b(at|with|for|join|joining)\s+{name}\b", r"\1 you", text)
    text = re.sub(rf"\b{name}\b", "your team", text)
    if replaced[1]:
        text = re.sub(r"\bits\b", "your", text)
    return text


def culture_sentence(text: str, company: str) -> str:
    """`culture_fit` as one plain sentence of the candidate's (for tests and simple uses)."""
    shape, fitted = culture_fit(text, company)
    if shape == "clause":
        return own_sentences("I like that " + fitted)
    if shape == "phrase":
        return own_sentences(
            fitted[0].upper() + fitted[1:] + " is a big part of why I want to join"
        )
    return fitted


# --------------------------------------------------------------------------------------------
# What cannot be fitted, said at the field
# --------------------------------------------------------------------------------------------
_MAX_TOPIC_WORDS = 20


def _topic_problem(text: str, location: str, what: str, example: str) -> Problem | None:
    shape = classify(text)
    if shape is Shape.SENTENCES:
        return Problem(
            location,
            f"{what} “{tidy(text)[:50]}” is several sentences; the notes need a short phrase, "
            f"e.g. “{example}”",
            text,
        )
    if len(strip_lead_in(text).split()) > _MAX_TOPIC_WORDS:
        return Problem(
            location,
            f"{what} “{tidy(text)[:50]}…” is too long to recall in one line; keep it under "
            f"{_MAX_TOPIC_WORDS} words, e.g. “{example}”",
            text,
        )
    if not strip_lead_in(text):
        return Problem(
            location, f"{what} is only a lead-in; say what it was, e.g. “{example}”", text
        )
    return None


def fit_problems(application: Application) -> list[Problem]:
    """Typed inputs the drafts cannot fit into a sentence, each at its form field with an
    example of a shape that works. An empty list means every input fits."""
    problems: list[Problem] = []
    for r_index, rnd in enumerate(application.rounds):
        where = f"rounds[{r_index}]"
        names = {p.name.casefold() for p in rnd.interviewers}
        for t_index, topic in enumerate(rnd.topics):
            found = _topic_problem(
                topic, f"{where}.topics[{t_index}]", "The topic", "the new customer data platform"
            )
            if found:
                problems.append(found)
        for q_index, strength in enumerate(rnd.qualifications):
            if classify(strength) is Shape.SENTENCES:
                problems.append(
                    Problem(
                        f"{where}.qualifications[{q_index}]",
                        "Write each strength as a short phrase or one thing you did, e.g. "
                        "“five years of SQL” or “cut our AWS bill by 40%”",
                        strength,
                    )
                )
        for c_index, concern in enumerate(rnd.concerns):
            loc = f"{where}.concerns[{c_index}]"
            if len(_split_sentences(concern.answer)) > 2:
                problems.append(
                    Problem(
                        f"{loc}.answer",
                        "Keep the answer to one or two sentences, e.g. “I have run it on our "
                        "staging cluster for a year, and I am taking the CKA exam in April”",
                        concern.answer,
                    )
                )
            if not concern.answer:
                problems.append(
                    Problem(
                        f"{loc}.answer",
                        f"Say what you would answer now about “{tidy(concern.text)[:40]}”, in one "
                        "or two sentences, e.g. “I have agreed with my employer that I can start "
                        "in six weeks”; without it the notes leave the concern out",
                        concern.answer,
                    )
                )
            unknown = [n for n in concern.raised_by if n.casefold() not in names]
            if unknown:
                problems.append(
                    Problem(
                        f"{loc}.raised_by",
                        f"{', '.join(unknown)} did not interview you in round {rnd.number}; tick "
                        "the interviewers who raised it",
                        concern.raised_by,
                    )
                )
            elif not concern.raised_by and len(rnd.interviewers) > 1:
                problems.append(
                    Problem(
                        f"{loc}.raised_by",
                        "Tick who raised this concern; until then only the first interviewer's "
                        "note answers it",
                        concern.raised_by,
                    )
                )
        for s_index, slip in enumerate(rnd.slips):
            loc = f"{where}.slips[{s_index}]"
            if slip.missing and classify(slip.missing) is Shape.SENTENCES:
                problems.append(
                    Problem(
                        f"{loc}.missing",
                        "Say what you left out as one phrase, e.g. “that I led our move to "
                        "BigQuery”; put the rest in “why it matters”",
                        slip.missing,
                    )
                )
            if not slip.raised_by and len(rnd.interviewers) > 1:
                problems.append(
                    Problem(
                        f"{loc}.raised_by",
                        "Tick who asked the question; until then only the first interviewer's "
                        "note corrects it",
                        slip.raised_by,
                    )
                )
        for p_index, person in enumerate(rnd.interviewers):
            for t_index, topic in enumerate(person.topics):
                found = _topic_problem(
                    topic,
                    f"{where}.interviewers[{p_index}].topics[{t_index}]",
                    "The topic",
                    "her team's move to Kubernetes",
                )
                if found:
                    problems.append(found)
            for t_index, interest in enumerate(person.interests):
                found = _topic_problem(
                    interest,
                    f"{where}.interviewers[{p_index}].interests[{t_index}]",
                    "The interest",
                    "open data in local government",
                )
                if found:
                    problems.append(found)
            if person.share_link and not person.share_title:
                problems.append(
                    Problem(
                        f"{where}.interviewers[{p_index}].share_title",
                        "Give the piece you want to share a title, e.g. “A short guide to dbt "
                        "tests”, so the note can name it",
                        person.share_title,
                    )
                )
    return problems

"""Phrases that hurt a follow-up note, each recognised by what it does in its sentence.

A single word says little ("urgent care" is a clinic, "an unfair advantage" a compliment,
"I'm checking in on the timeline" is what the advice recommends). So each entry matches a
phrase in the role that hurts: a deadline *together with* a request for their answer, an
apology *for* a spill or a late arrival, "why" *about* the decision. Every entry says which
rule (R-…) it enforces, how much it matters and what to write instead.

Linear time: every pattern is a run of literal alternatives joined by gaps of bounded length
(`[^.!?\\n]{0,40}`), so a match attempt at one position costs at most a fixed number of
steps and a whole text costs a fixed multiple of its length. No pattern nests quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from followup_kit.core.messages import Level
from followup_kit.core.vocabulary import ActionKind

__all__ = ["PHRASES", "Phrase", "find"]

# Stays inside one sentence: no sentence end or line break, at most `n` characters.
_GAP = r"[^.!?\n]{{0,{n}}}?"


def _gap(n: int) -> str:
    return _GAP.format(n=n)


_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# A deadline: "by Friday", "before the end of the week", "within 48 hours", "at the latest".
_DEADLINE = (
    r"\b(?:by|before|no later than|not later than|until)\s+(?:the\s+)?(?:"
    rf"end of (?:the |this |next )?(?:day|week|month|{_MONTH})|close of (?:business|play)|cob|eod|eow"
    r"|tomorrow|tonight|today|this (?:week|afternoon|evening)|next week|the weekend|return"
    rf"|(?:this |next )?{_WEEKDAY}|\d{{1,2}}(?:[:.]\d\d)?\s?(?:am|pm)\b|noon|midday|midnight"
    rf"|lunch(?:time)?|\d{{1,2}}(?:st|nd|rd|th)?\b|{_MONTH} \d{{1,2}}\b)"
    r"|\bwithin (?:the next |a |an |the )?(?:\d+|one|two|three|four|five|few|24|48)?\s*"
    r"(?:hours?|hrs|days?|weeks?|business days|working days)\b"
    r"|\b(?:sometime |some time )?in the next (?:\d+|one|two|three|few|couple of)\s*"
    r"(?:hours?|hrs|days?|business days|working days)\b"
    r"|\bat the (?:very )?latest\b"
)
# What the deadline is for: their answer, not something the candidate will send.
_ASKS_FOR_ANSWER = re.compile(
    r"\b(?:let me know|tell me|inform me|confirm|advise|get back to me|come back to me|revert"
    r"|reply to me|respond to me|hear(?:ing)? (?:back|from you)|need to know|must know"
    r"|know one way|(?<!\bmy )(?<!\bour )(?<!send an )(?<!send you an )(?<!send a )"
    r"(?<!send you a )(?<!give you an )(?:decision|answer|response|reply|outcome|verdict"
    r"|feedback|update|confirmation))\b",
    re.IGNORECASE,
)
_ANSWER = r"(?:answer|reply|response|decision|update|outcome|confirmation|news)"
# Their answer (not the candidate's own "I can reply today", "I can confirm").
_REPLY_VERB = (
    r"(?:hear(?:ing)? (?:back|from you|your)|let me know|get back to me|come back to me"
    r"|(?:need|want|expect|require) (?:an?|the|your) (?:answer|reply|response|decision)"
    r"|your (?:reply|response|answer|decision|feedback|update|news|thoughts)"
    r"|(?:please|kindly|could you|can you) (?:reply|respond|answer|confirm|update me|revert"
    r"|get back))"
)
_HURRY = (
    r"(?:asap|a\.s\.a\.p\.?|as soon as possible|urgently|immediately|right away|straight away"
    r"|at once|without delay|promptly)"
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way a note can go wrong, recognised by `pattern` (case ignored).

    `message` says what is wrong and what to do instead; ``{m}`` is replaced by the words
    found. `needs`, when given, must also match within the same sentence (before the words
    found, with `needs_before`). `kinds` limits the entry to some kinds of message (None:
    every kind)."""

    check: str
    rule: str
    level: Level
    pattern: re.Pattern[str]
    message: str
    needs: re.Pattern[str] | None = None
    kinds: frozenset[ActionKind] | None = None
    needs_before: bool = False


def _phrase(
    check: str,
    rule: str,
    level: Level,
    pattern: str,
    message: str,
    *,
    needs: re.Pattern[str] | None = None,
    kinds: frozenset[ActionKind] | None = None,
    needs_before: bool = False,
) -> Phrase:
    compiled = re.compile(pattern, re.IGNORECASE)
    return Phrase(check, rule, level, compiled, message, needs, kinds, needs_before)


_E, _W = Level.ERROR, Level.WARNING

PHRASES: tuple[Phrase, ...] = (
    # ---- Demands and deadlines (S1: no demands for a response) -----------------------------
    _phrase(
        "pushy",
        "R-E4",
        _E,
        _DEADLINE,
        "“{m}” sets them a deadline for their answer. Drop the deadline: ask whether there is "
        "any news and say you are still keen. If another offer really forces your hand, say "
        "so plainly and politely instead.",
        needs=_ASKS_FOR_ANSWER,
        needs_before=True,  # "let me know your decision by Friday", not "…by Friday; let me know"
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        rf"\b{_REPLY_VERB}\b{_gap(40)}\b{_HURRY}|\b{_HURRY}\s+(?:please\s+)?"
        r"(?:reply|respond|answer|let me know|get back)\b"
        rf"|(?m:^[ \t]*(?:please[ ,]*)?{_HURRY}(?:[ ,]*please)?[ \t]*[.!]*[ \t]*$)",
        "“{m}” asks them to hurry. Leave the timing to them; a polite question about the "
        "next steps is enough.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        r"\bi (?:really |urgently |absolutely |now )?(?:need|must have|require|demand"
        r"|expect|insist on) (?:an?|your|the|some) (?:firm |quick |final |clear "
        rf"|prompt |definite )?{_ANSWER}\b"
        r"|\bi (?:really |urgently )?need to (?:know|hear) (?:by|before|today|now|soon|asap"
        r"|whether|if|your|the (?:outcome|decision|result))\b|\bi must insist\b"
        rf"|\b(?:expecting|i expect) (?:a|an|your|the) (?:\w+ )?{_ANSWER}\b"
        r"|\bdon't keep me (?:hanging|waiting|guessing)\b"
        rf"|\b(?:please|could you|can you|kindly|would you)\b{_gap(20)}\b(?:let me know|get back"
        r" to me|come back to me|reply|respond|confirm|tell me|update me|revert)\b"
        r"(?: (?:on|about|regarding) (?:\w+ ){0,4}?| with (?:\w+ ){0,2}?| )"
        r"(?:today|tonight|tomorrow|this week|this afternoon|this evening)\b"
        r"|\bcan(?:'t|not) wait (?:much |any |a lot )?longer\b"
        r"|\b(?:need|want|require|expect|demand|must have|must get) (?:a |an |your )?"
        r"(?:straight |simple |clear |definite |final )?(?:yes or no|yes/no|yes-or-no)\b"
        rf"|\b(?:need|require|must have|must get)\b{_gap(40)}\bfrom (?:you|u)\b{_gap(20)}"
        rf"\b{_HURRY}\b"
        r"|\bmake sure (?:that )?i (?:hear|get|receive) (?:back|from you|an? (?:answer|reply"
        r"|response|decision)|your)\b"
        rf"|\bi(?:'ll| will| shall) (?:call|ring|phone|email|chase|contact) you\b{_gap(40)}"
        r"\b(?:find out|the result|the decision|the outcome|an answer|your answer|your decision"
        r"|hear (?:back|your))"
        r"|\bi (?:expect|demand) (?:to hear|to receive|to be told|a reply|a response|an answer)\b"
        r"|\b(?:request|need|require|expect|ask for|appreciate|await(?:ing)?)\s+(?:an?\s+|your\s+)?"
        rf"(?:urgent|immediate|prompt|quick|swift|speedy)\s+{_ANSWER}\b",
        "“{m}” reads as a demand. Ask politely whether there is any news, and leave it to "
        "them when they answer.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        r"\b(?:if i (?:don't|do not|haven't|have not) hear\w*)\b"
        rf"{_gap(50)}\b(?:assume|accept|withdraw|move on|take (?:it|another|the other))"
        r"|\b(?:i will|i'll|i shall) (?:otherwise |then |have to |be forced to )*"
        r"(?:withdraw|accept (?:another|the other)|assume (?:the answer|that the answer|it's a no))",
        "“{m}” is an ultimatum. If you have another offer, tell them so politely and ask "
        "whether they can share their timing; do not threaten.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        r"\b(?:look(?:ing)? forward to|await(?:ing)?|hop(?:e|ing) for|expect(?:ing)?|request(?:ing)?"
        r"|appreciate|need|require) (?:a|an|your) (?:prompt|swift|speedy|quick|immediate|urgent"
        r"|rapid|timely|fast|early) (?:reply|response|answer|decision|feedback|turnaround|update"
        r"|confirmation)\b(?!\s+(?:pathway|team|unit|service|times?|plan|system|protocol|procedure"
        r"|process|centre|center|line|rota|capability|capacity|network|model))"
        r"|\b(?:a |an |your )?(?:prompt|swift|speedy|quick|immediate|urgent|rapid|timely|fast|early)"
        r" (?:reply|response|answer|decision|feedback|turnaround|update|confirmation)"
        r" (?:would be|is|will be) (?:appreciated|great|helpful|ideal|welcome|expected)\b",
        "“{m}” asks them to hurry. Leave the timing to them; a polite question about the "
        "next steps is enough.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        r"\bwhy (?:haven't|have not|hasn't|has not|didn't|did not) (?:you|anyone|anybody)"
        r" (?:\w+ )?(?:replied|answered|responded|got back|written|called|been in touch)\b",
        "“{m}” sounds like blame. Delays have many innocent causes; ask kindly whether there "
        "is any news.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _E,
        r"\bstill waiting (?:to hear|for (?:a |an |your |any )?(?:reply|response|answer|decision"
        r"|news|update|feedback)|on (?:a |an |your |any )?(?:reply|response|answer|decision|news"
        r"|update|feedback)|on you|for you)\b",
        "“{m}” complains about the wait. Stay positive: a slow process is usually just busy "
        "people. Ask whether there is any news instead.",
    ),
    _phrase(
        "pushy",
        "R-E4",
        _W,
        r"\bjust (?:checking in|touching base|following up)\b(?=\s*[.!\n]|\s*$)",
        "“{m}” on its own gives them nothing to answer. Say what you would like to know "
        "(the next steps, the timing) and that you are still keen.",
    ),
    # ---- Begging (S4: enthusiastic, never desperate) ---------------------------------------
    _phrase(
        "begging",
        "R-E6",
        _E,
        r"\b(?:i(?:'m| am)? (?:\w+ )?(?:begging|pleading|imploring)|i beg(?! to differ)\b"
        r"|please,? please)\b"
        r"|\bi(?:'m| am)? (?:so |really )?desperate(?:ly)? (?:for|to|need|want|hoping)\b|\bi(?:'m| am) (?:so |really |quite "
        r"|getting )?desperate\b"
        r"|\b(?:i(?:'ll| will| would)|i'd) do anything\b"
        r"|\b(?:i'd|i would|i'll|i will) (?:happily |gladly )?(?:take|accept) (?:any (?:role|job"
        r"|position|salary|post)|a lower (?:salary|grade|title|pay)|less (?:money|pay))\b"
        r"|\bi (?:really |so |badly |truly )?need (?:this|the) (?:job|role|position|post)\b"
        r"|\bneed this (?:so |very )?badly\b|\bneed this more than\b"
        r"|\b(?:would |will |does )?means? (?:everything|the world) to me\b"
        r"|\bmy (?:family|children|kids) (?:is |are )?(?:depend|count|rely)\w*"
        r"|\bdon't know what i(?:'ll| will| would) do\b"
        r"|\b(?:just )?give me (?:a|one more|another|this|one last) (?:chance|opportunity|shot|go)\b"
        r"|\b(?:hoping and )?praying for\b|\bany way at all\b|\bfind me a (?:place|role|job)\b"
        r"|\bout of work for (?:a|over|more than|\d+|two|three|six|many)\b"
        r"|\b(?:even |work |working )unpaid\b|\bunpaid (?:overtime|trial)\b|\bjust hire me\b"
        r"|\bif you(?:'ll| will| would)? (?:just )?(?:hire|take on) me\b"
        r"|\beternally grateful\b|\b(?:please )?don't let me down\b"
        r"|\bi(?:'m| am)? (?:\w+ ){0,2}?(?:counting|relying) on (?:you|this)\b|\bmy (?:only|last) (?:hope|chance)\b"
        r"|\b(?:change|save|turn around) my life\b|\bi(?:'ll| will| would) work for free\b"
        # a plea to be chosen: "please pick me", "to choose me", "from the bottom of my heart"
        r"|\b(?:please|just|to|you to|you'll|you will) (?:just )?(?:choose|pick|hire|select"
        r"|take a chance on) me\b|\bbottom of my heart\b|\bon my knees\b|\btake pity\b"
        r"|\bhave mercy\b"
        r"|\byou (?:won't|will not|wouldn't|would not) regret (?:it|hiring|choosing|picking|taking)\b",
        "“{m}” sounds desperate, and that weakens your case. Say calmly what you would bring "
        "and that you are keen; let your strengths do the persuading.",
    ),
    # ---- Minor mishaps, with or without an apology (R-C6: never mention them) --------------
    _phrase(
        "trivia",
        "R-C6",
        _E,
        r"\b(?:i|i'd)\s+(?:\w+\s+)?(?:spilled|spilt|knocked (?:over|my|the|your)|tripped"
        r"|stumbled (?:on|over|into|in)|dropped (?:my|the|your)|fell (?:over|off|down)"
        r"|was late|arrived late|turned up late|ran late|was running late|got lost"
        r"|showed up late)\b"
        r"|\bmy (?:\w+ )?(?:accident|mishap|spill|clumsiness|blunder|lateness|late arrival"
        r"|delayed arrival|coughing fit|sneezing fit|nerves|hiccups|faux pas)\b"
        r"|\b(?:spill(?:ed|ing|t)|knock(?:ed|ing)(?: over)?)\b"
        rf"{_gap(25)}\b(?:water|coffee|tea|drink|glass|cup|mug)\b"
        r"|\b(?:coffee|tea|water|wine) (?:stain|spill|incident|mishap)\b"
        r"|\b(?:the|your) (?:table|desk|carpet|floor|rug|notes|papers|laptop|shirt|chair)\b"
        rf"{_gap(20)}\b(?:survived|dried|recovered|stain)\w*"
        r"|\bmy (?:phone|mobile|alarm|wi-?fi|connection|internet|camera|microphone|mic|laptop"
        rf"|dog|cat|baby)\b{_gap(25)}\b(?:went off|going off|rang|ringing|dropp\w*|cut out"
        r"|froze|freez\w*|crash\w*|bark\w*|fail\w*|interrupt\w*)"
        r"|\bmy (?:\w+ ){0,2}?(?:water|glass|coffee|cup|drink|tea|bag|umbrella|coat|pen|papers"
        r"|folder|phone|shoes?|laptop|notes|chair)\b"
        rf"{_gap(30)}\b(?:went flying|flying|spilled|spilt|spilling|knocked|knocking|tripped"
        r"|tripping|fell (?:over|off|down)|dropped|broke|smashed|tipped over|everywhere"
        r"|in the (?:doorway|way)|muddy|soaked|went off|rang|buzzing|buzzed)"
        r"|\b(?:sneez|cough|hiccup)\w* (?:fit|attack|bout|fits|attacks)\b"
        r"|\b(?:went|going|go|gone) (?:completely |totally )?blank\b|\bblanked (?:on|when)\b"
        r"|\bmy mind (?:just |completely )?(?:froze|went blank|went empty)\b"
        r"|\bmy (?:dog|cat|puppy|kitten|baby|kids?|children|son|daughter|toddler|flatmate"
        rf"|roommate|partner)\b{_gap(50)}\b(?:keyboard|in the background|on camera|on screen"
        r"|during (?:the|our) (?:call|video call|interview|zoom|teams call)|interrupt\w*"
        r"|walked in|burst in|barged in|bark\w*)"
        r"|\bhad (?:a |that |the )?(?:sneez|cough|hiccup)\w*"
        r"|\b(?:mix-?up|confusion|muddle) (?:at|in|with|over) (?:reception|the (?:front )?desk"
        r"|security|the (?:entrance|lifts?|building|door|room|car park|address|time))"
        r"|\b(?:muddy|wet|soaked|dripping) (?:shoes|boots|coat|umbrella|clothes|jacket)\b"
        r"|\btrip (?:anyone|someone|you|anybody) up\b"
        r"|\b(?:loo|toilet|bathroom|restroom)\b"
        r"|\bhad to (?:dash|dash off|step out|pop out|leave the room|leave early)\b"
        r"|\b(?:remembering|forgot|forgetting|mixed up|got wrong|mispronounc\w*) (?:\w+ ){0,2}?names?\b"
        r"|\bmy (?:laptop|phone|camera|screen|battery|headset|microphone)(?: battery)? (?:died|dying|ran out"
        r"|cut out|crashed|froze)\b"
        r"|\bkeeping you waiting\b|\bwhen i (?:turned up|arrived|showed up) late\b"
        r"|\bthe traffic was\b|\btrains? (?:was|were) (?:a nightmare|late|delayed|cancelled)"
        r"|\bi (?:was|felt) (?:so |very |quite |a bit |a little |really )?(?:nervous|flustered"
        r"|jittery)\b|\bnerves got\b"
        r"|\b(?:sorry(?! to (?:hear|see|learn|read))|apologi[sz]e\w*|apolog(?:y|ies)|forgive"
        r"|embarrassed)\b"
        rf"{_gap(50)}\b(?:spill\w*|trip(?:ped|ping)?|stumbl\w*|late|lateness|coffee|water"
        r"|cough\w*|sneez\w*|nerves|nervous\w*|phone|dropp\w*|knock\w*|wi-?fi|connection|camera"
        r"|microphone|mic|internet|audio|dog|cat|bark\w*|keeping you waiting|getting lost"
        r"|got lost|traffic)\b",
        "“{m}” brings up a small mishap. Leave it out altogether: nobody remembers it, and "
        "mentioning it (with or without an apology) only reminds them.",
    ),
    # ---- Asking why, asking them to think again, arguing (R-F2) ----------------------------
    _phrase(
        "arguing",
        "R-F2",
        _E,
        rf"\bwhy\b{_gap(25)}\b(?:i|me|my (?:application|candidacy|cv|interview))\b{_gap(25)}"
        r"(?:\b(?:not|rejected|unsuccessful|turned down|fell short|failed|lost out|passed over)\b"
        r"|n't\b)"
        rf"|\bwhy\b{_gap(30)}\b(?:decided (?:not|against)|turned (?:me|my \w+) down|rejected (?:me|my)"
        r"|cho(?:se|ose|osing) (?:another (?:candidate|applicant|person)|someone|somebody"
        r"|a different (?:candidate|applicant|person)|the other (?:candidate|applicant|person))"
        r"|went with (?:another (?:candidate|applicant|person)|someone|somebody))"
        r"|\bwhy (?:was|wasn't|were|weren't) i\b"
        r"|\b(?:what|which) (?:was|were) the reasons? (?:why |that |for )?(?:i|my|you|the"
        r" (?:panel|team))\b"
        r"|\bthe reasons? (?:for|behind|why)\b"
        rf"{_gap(25)}\b(?:decision|rejection|i (?:was|wasn't|didn't|did not)|you (?:chose|decided"
        r"|went))"
        r"|\bwhat i did wrong\b|\bwhere i went wrong\b|\bdecided against me\b"
        r"|\breasons? (?:why )?(?:i|my application|my candidacy) (?:was|wasn't|were|didn't|did not"
        r"|had been|have been)\b"
        rf"|\b(?:what made|why)\b{_gap(40)}\b(?:choose|chose|chosen|pick|picked|select|selected"
        r"|prefer|preferred|hire|hired|go with|went with) (?:someone|somebody|another (?:candidate"
        r"|applicant|person)|a different (?:candidate|applicant|person)|the other (?:candidate"
        r"|applicant|person))\b"
        r"|\b(?:someone|somebody|another candidate|the other candidate)(?: else)? over me\b"
        r"",
        "“{m}” asks them to justify the decision, which puts them on the spot. Thank them, "
        "ask to be kept on file, and if you want to learn from it, ask for one piece of "
        "advice for future interviews.",
        kinds=None,
    ),
    _phrase(
        "arguing",
        "R-F2",
        _E,
        r"\b(?:think|thinking) again about (?:your|the|this|that) (?:decision|choice|outcome)\b"
        r"|\b(?:reconsider|revisit|review|re-?evaluate|rethink) (?:your|the|this|that)"
        r" (?:decision|choice|outcome)\b|\b(?:reconsider|revisit|re-?evaluate) my (?:application"
        r"|candidacy)\b"
        r"|\breconsider(?:ing)? (?:me|my (?:application|candidacy|cv))\b|\b(?:please|would you|could you|can you|will you)"
        r" (?:\w+ )?reconsider\b|\bchange your minds?\b"
        r"|\b(?:second|another|fresh) look (?:at|over) my\b"
        r"|\bmy (?:application|cv|candidacy) (?:a )?(?:second|another|fresh) look\b"
        r"|\bbefore the offer goes out\b"
        r"|\byou (?:should|ought to|might|could|may want to|must) (?:\w+ )?(?:reconsider|rethink"
        r"|think again|change your)\b"
        r"|\bif you looked at my (?:application|cv) again\b|\blook at my (?:application|cv) again\b",
        "“{m}” asks them to change a decision they have made. Accept it graciously: thank "
        "them and ask to be considered for future roles; that keeps the door open.",
    ),
    _phrase(
        "arguing",
        "R-F2",
        _E,
        r"\bi(?:'m| am| was| feel)? (?:\w+ )?(?:baffled|shocked|stunned|puzzled|bewildered"
        r"|confused|gutted and confused)\b|\bwhat (?:happened|went wrong)\b"
        r"|\bhow (?:could|can) (?:you|the panel|the team)\b"
        r"|\bi (?:don't|do not|can't|cannot) (?:understand|see) (?:how|why)\b"
        rf"|\bwhy\b{_gap(30)}\b(?:fell short|wasn't good enough|was not good enough|didn't make it"
        r"|was unsuccessful)\b"
        r"|\bwas it (?:because|due to|down to)\b|\bif (?:anyone|you|someone) had (?:asked|told me)\b"
        # what tipped it: "what counted against me", "what held me back"
        r"|\b(?:counted|went|worked|weighed|told) against me\b"
        r"|\bwhat (?:\w+ )?(?:let me down|held me back|tipped (?:it|the balance|the scales))\b"
        r"|\b(?:understand|explain|share|tell me|know|hear) (?:\w+ ){0,2}?(?:the|your)"
        r" (?:decision|reasoning|rationale|thinking behind)\b"
        # "is the decision final?", "any chance it could change"
        r"|\b(?:is|was) (?:the|your|this|that) decision (?:final|set in stone|definite)\b"
        rf"|\b(?:any|a|some) (?:chance|way|possibility)\b{_gap(40)}\b(?:change|reconsider|revisit"
        r"|reverse|overturn|review)\b"
        # who got it and what they had: "who did you end up hiring"
        rf"|\bwho\b{_gap(30)}\b(?:hire|hired|hiring|chose|chosen|choose|pick|picked|select"
        r"|selected|appoint|appointed|offered|got (?:it|the (?:job|role|post)))\b"
        r"|\bwhat (?:did|do) (?:they|he|she|the other \w+|the successful \w+) have\b"
        r"|\b(?:marked|scored|rated|graded) (?:me )?(?:down|lower|low|poorly|badly)\b"
        r"|\bhow (?:i|my \w+) (?:scored|was scored|was rated|ranked|compared)\b"
        r"|\bmy (?:scores?|marks|ratings?|ranking)\b"
        rf"|\b(?:you|panel|team|they|please)\b{_gap(20)}\b(?:look|think) (?:it |this |my \w+ )?"
        r"(?:over )?again\b"
        # "surprised, as I felt it went well"
        rf"|\b(?:surprised|disappointed|shocked|confused)\b{_gap(20)}\b(?:as|because|since|given"
        r"|when|that) (?:i|we) (?:felt|thought|believed|was sure|was certain)\b",
        "“{m}” questions the decision. Keep the reply to thanks and a wish to stay in touch; "
        "if you want to learn from it, ask for one piece of advice for future interviews.",
        kinds=frozenset({ActionKind.REJECTION_REPLY}),
    ),
    _phrase(
        "arguing",
        "R-F2",
        _E,
        r"\b(?:you|you've|you have|the panel|the team|they) (?:\w+ )?made (?:a|the wrong|an?)"
        r" (?:mistake|error|wrong (?:decision|choice|call)|bad (?:decision|choice|call))\b"
        r"|\bmade (?:the wrong|a wrong|a bad|a poor) (?:decision|choice|call)\b"
        r"|\bi (?:\w+ ){0,3}?disagree with (?:your|the|this|that) (?:decision|choice|assessment"
        r"|outcome|concern|view|feedback)\b"
        r"|\bi (?:honestly |genuinely |truly |really |still |firmly )?(?:believe|think|feel"
        r"|know) (?:that )?i (?:was|am|would have been) (?:the )?(?:strongest|best|better"
        r"|most qualified|right (?:person|candidate))\b"
        r"|\bbetter (?:fit|candidate) than (?:the (?:person|candidate|one)|who|whoever)\b"
        r"|\b(?:less|fewer|weaker) (?:\w+ )?(?:experience|qualifications|skills)\b"
        rf"{_gap(20)}\b(?:than me|got the (?:job|role|post))"
        r"|\b(?:not|never|wasn't|weren't) (?:given|get|got|have|had) a fair (?:chance|hearing"
        r"|shot|go)\b"
        # "I don't think the panel gave my experience a fair hearing": a negated judgement
        rf"|(?:n't|\bnot|\bnever)\b{_gap(40)}\b(?:give|gave|given|giving)\b{_gap(40)}"
        r"\ba (?:fair|proper|real|serious) (?:chance|hearing|shot|go|look|crack|consideration)\b"
        r"|\b(?:didn't|did not|don't think you|never) (?:properly |fully |really |even )?"
        r"(?:consider(?:ed)?|take into account|look(?:ed)? (?:properly )?at|read|appreciate)"
        r" (?:all of )?my (?:experience|application|cv|answers?|skills|background|record)\b"
        r"|\b(?:overlooked|ignored|disregarded|underestimated|undervalued|discounted) my"
        r" (?:experience|application|cv|answers?|skills|background|record|strengths)\b"
        r"|\bi have (?:far |much |a lot |way )?more (?:\w+ ){0,2}?experience than\b"
        r"|\b(?:process|decision|interview|outcome|assessment) (?:was|is|seems|seemed|felt|feels)"
        r" (?:\w+ )?(?:unfair|unjust|biased|rigged)\b"
        r"|\b(?:treated|judged|assessed|rejected|dismissed) unfairly\b"
        r"|\bunfairly (?:treated|judged|assessed|rejected|dismissed)\b"
        r"|\byou (?:were|are|was) wrong\b|\byou(?:'re| are| were) mistaken\b"
        r"|\bwith (?:all due )?respect,? (?:you|your)\b|\b(?:is|was|are|were) misplaced\b"
        r"|\byou misjudged\b|\bmisjudged my\b|\byou misunderstood\b|\bmisunderstood me\b"
        r"|\bi (?:met|meet|matched|match|ticked|tick|fulfil|fulfilled) (?:every|all (?:the|of the"
        r"|your)) (?:\w+ )?(?:requirements?|criteria|points|boxes|essentials?|qualifications)\b"
        r"|\bi (?:\w+ ){0,2}?disagree(?! with (?:a|an|my|our|colleagues|stakeholders|someone"
        r"|people|others|each))\b|\bi (?:don't|do not|can't|cannot) agree\b"
        r"|\bsurprised (?:that )?you (?:raised|questioned|brought up) (?:it|that|this|my|the)\b"
        # brushing their concern aside: "the concern is overblown", "a non-issue"
        rf"|\b(?:concern|worry|point|issue|criticism|objection|question|test|exercise|task)s?\b"
        rf"{_gap(30)}\b(?:is|was|are|were|seems|seemed|feels|felt) (?:\w+ )?(?:overblown"
        r"|overstated|exaggerated|unfounded|irrelevant|not relevant|baseless|a non-issue|nonsense"
        r"|silly|ridiculous|beside the point|pointless|off the mark)\b|\ba non-issue\b"
        rf"|\b(?:decision|outcome|verdict)\b{_gap(20)}\b(?:hard|difficult|impossible|tough)"
        r" to (?:accept|understand|believe|swallow|fathom)\b"
        r"|\b(?:can't|cannot|don't|do not|won't|will not) (?:accept|believe) (?:the|this|that|your)"
        r" (?:decision|outcome|verdict)\b"
        r"|\bshould have (?:put me|got me|gotten me|been enough|made me|given me|tipped)\b"
        r"|\bi (?:\w+ )?deserved? (?:the|this|that|an?) (?:job|role|post|position|offer|place"
        r"|spot)\b",
        "“{m}” argues with them. You will not win the point in writing, and it leaves a poor "
        "last impression. Thank them; if a concern was raised, answer it calmly with one "
        "fact about what you have done.",
    ),
    # ---- Passive-aggressive chasing (R-E3: never a string of emails; R-E4: polite) ---------
    _phrase(
        "passive_aggressive",
        "R-E3",
        _E,
        r"\b(?:as )?per my (?:last|previous|earlier|prior)\b"
        r"|\bas i (?:already |previously )?(?:mentioned|said|stated|wrote|explained|noted) in my"
        r" (?:last|previous|earlier|prior|first) (?:\w+ )?(?:e-?mails?|messages?|notes?|letters?)\b"
        r"|\bmy (?:previous|earlier|last|other|prior) (?:\w+ )?(?:e-?mails?|messages?|notes?)\b"
        rf"{_gap(30)}\b(?:reached|received|got lost|arrived|went astray|missed|get lost)"
        r"|\b(?:writing|emailing|following up|chasing|asking) yet again\b"
        r"|\bfollow(?:ing)?[- ]up on my (?:last |previous |own )?follow[- ]up\b"
        r"|\bthis is (?:the|my) (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:time|e-?mail"
        r"|message|attempt|try)\b"
        r"|\b(?:i've|i have) (?:now |already )?(?:written|emailed|e-mailed|messaged|contacted you"
        rf"|tried|called|chased)\b{_gap(30)}\b(?:several|multiple|many|three|four|five|a few"
        r"|a number of|\d+) times\b"
        r"|\bwithout (?:a |any )?(?:reply|response|answer)\b"
        r"|\bstill (?:haven't|have not|hasn't|has not) (?:yet )?(?:heard|had|received) (?:anything"
        r"|a (?:reply|response|word|thing)|back|from you)\b"
        r"|\bbump(?:ing)? (?:this|my (?:e-?mail|message|note))\b|\btop of your inbox\b"
        r"|\b(?:would be|would have been|it'd be|it'd have been) nice to (?:at least |even )?"
        r"(?:know|hear|get|have|receive|be told)\b|\bsilence is\b"
        r"|\b(?:bottom|top) of (?:a|the|your) (?:\w+ ){0,2}?(?:pile|heap|stack|inbox)\b"
        r"|\bin case it (?:got|was|has been) (?:buried|lost|missed|overlooked)\b"
        r"|\b(?:thanks|thank you) in advance for (?:finally|your (?:prompt|quick|speedy|timely"
        r"|swift))\b|\bfinally (?:getting back|replying|responding|answering)\b"
        r"|\b(?:would|will|should) only take (?:a|one) (?:minute|moment|second)\b"
        rf"|\bsurely\b{_gap(40)}\b(?:decision|by now|decided|reply|answer)"
        r"|\bi would have (?:expected|thought|hoped) (?:to hear|a (?:reply|response|decision)"
        r"|an answer|you)\b"
        r"|\b(?:i'd|i would) hate to think\b"
        r"|\b(?:me|my application|my (?:e-?mail|message)s?) (?:has|have) been (?:forgotten"
        r"|ignored|overlooked|lost)\b"
        r"|\bthis one (?:gets|will get|reaches) (?:through|a reply|a response|you)\b"
        r"|\bas you may have forgotten\b"
        r"|\bin case you (?:missed|forgot|didn't see) my (?:last|previous|earlier|e-?mail|message)"
        r"|\b(?:no|any) (?:response|reply|answer)s? to my\b"
        r"|\bresend(?:ing)? (?:this|my (?:last |previous )?(?:e-?mail|message|note))\b"
        r"|\bresend(?:ing)? in case\b"
        r"|\bslipped through the (?:cracks|net)\b|\bgot buried\b"
        r"|\b(?:in case|if) (?:this|it|my \w+) (?:slipped|got lost|got buried|went astray|was missed)"
        r"|\bfinally (?:hearing|getting|receiving) (?:back|from you|a (?:reply|response|decision"
        r"|answer))\b|\b(?:you|someone|anyone) finally (?:repl|respond|answer|get)\w*"
        r"|\b(?:not sure|unsure|don't know|wondering) (?:if|whether) you (?:saw|received|got|read"
        r"|had a chance to (?:see|read)) my\b|\bhere it is again\b"
        r"|\b(?:sending this|sending it|asking) again\b"
        r"|\bradio silence\b|\bnot (?:a|one) (?:word|peep)\b|\b(?:heard|had) nothing (?:back|from"
        r" you|since)\b"
        r"|\b(?:writing|emailing|following up|chasing|asking|contacting you|getting in touch"
        r"|reaching out|checking in) for the (?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time\b"
        r"|\b(?:would be|is|be) (?:courteous|only polite|common courtesy)\b|\bcommon courtesy\b"
        r"|\bthe least (?:you|they|anyone) could\b|\ba simple (?:yes or no|reply|answer|response)\b",
        "“{m}” sounds like a complaint about being ignored, and it puts the reader on the "
        "defensive. Write as if this were your first message: thank them, ask politely "
        "about the next steps, say you are still keen.",
    ),
    _phrase(
        "passive_aggressive",
        "R-E4",
        _W,
        r"\byou(?:'ve| have|'re| are| must be| may be| might be| must have been)? (?:been )?"
        r"(?:very |so |extremely |incredibly |really )?(?:busy|swamped|snowed under|inundated"
        r"|flat out),? but\b",
        "“{m}” can read as a reproach for not answering. Leave it out and simply ask about "
        "the next steps.",
    ),
    _phrase(
        "passive_aggressive",
        "R-E4",
        _W,
        r"\b(?:gentle|friendly|polite|quick|final|kind) reminder\b",
        "“{m}” suggests they forgot you. Leave it out and simply ask about the next steps.",
    ),
    # ---- A keep-warm note asks for news (R-F1: share something, ask for nothing) -----------
    _phrase(
        "news_request",
        "R-F1",
        _W,
        r"\bany (?:news|update|updates|progress|movement)\b"
        r"|\b(?:movement|progress|news|update)\b"
        rf"{_gap(30)}\b(?:role|position|post|vacancy|hiring|recruitment|process|decision"
        r"|application|filling)\b"
        r"|\bwhere things stand\b"
        r"|\b(?:role|position|post|job|vacancy) is still (?:open|available|live)\b"
        r"|\b(?:have|had) you (?:decided|made a decision|reached a decision|filled)\b"
        r"|\bif you(?:'ve| have) (?:decided|made a decision)\b|\bdecided anything\b"
        r"|\bwhen (?:will|might|do|would) you (?:make|reach|expect|decide|know|be able to say)\b"
        r"|\b(?:will be|has been|have been|was|been) filled\b|\bknow yet\b|\bover yet\b"
        r"|\b(?:role|position|post|vacancy|hiring|recruitment|decision|application"
        r"|freeze)\b[^.!\n]{0,60}\?",
        "“{m}” asks for news while the process is on hold. Keep this note to something "
        "they would find useful and a light word of interest; leave the decision to them.",
        kinds=frozenset({ActionKind.KEEP_WARM}),
    ),
    _phrase(
        "news_request",
        "R-F1",
        _W,
        r"\b(?:role|position|post|vacancy|job|hiring|recruitment|decision|application|process"
        r"|opening)\b",
        "“{m}”: this sentence asks about the role while the process is on hold. Keep this "
        "note to something they would find useful and a light word of interest; leave the "
        "decision to them.",
        needs=re.compile(
            r"\b(?:hear(?:ing)? (?:about|back about|anything about|more about|back on) (?:the|my)"
            r"|news|updates?|progress|status|moving again|restart\w*|resum\w*|decided"
            r"|filled|still open|on hold)\b",
            re.IGNORECASE,
        ),
        kinds=frozenset({ActionKind.KEEP_WARM}),
    ),
)


def find(text: str, kind: ActionKind) -> Iterator[tuple[Phrase, str]]:
    """Each phrase of `PHRASES` that applies to `kind` and occurs in `text`, with the words
    found (the first occurrence that counts)."""
    for phrase in PHRASES:
        if phrase.kinds is not None and kind not in phrase.kinds:
            continue
        for match in phrase.pattern.finditer(text):
            if phrase.needs is None or phrase.needs.search(
                _sentence_around(text, match, before_only=phrase.needs_before)
            ):
                yield phrase, " ".join(match.group(0).split())
                break


_WINDOW = 200  # characters either side; a sentence of a note is shorter than this


def _sentence_around(text: str, match: re.Match[str], *, before_only: bool = False) -> str:
    """The sentence that holds `match` (at most `_WINDOW` characters either side), or only
    its part before the match."""
    low = max(0, match.start() - _WINDOW)
    high = min(len(text), match.end() + _WINDOW)
    before = text[low : match.start()]
    after = text[match.end() : high]
    cut = max(before.rfind(c) for c in ".!?\n")
    if before_only:
        return before[cut + 1 :]
    ends = [i for i in (after.find(c) for c in ".!?\n") if i >= 0]
    return before[cut + 1 :] + match.group(0) + after[: min(ends) if ends else len(after)]

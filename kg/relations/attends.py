"""Persons at an event the verb of attending does not name: attended.

A verb of attending, presiding or speaking (``relations.json`` events.attend_cues: 出席, 主持,
出席并讲话 …) with no event named after it in its clause (the clause ends, 并 + a second verb
follows, or a bare word for the meeting itself: 出席会议, 主持开幕式) refers to the event named
last before it, in the clause before or in the sentence before (EVENT 在某地召开，PERSON 出席并讲话).
The persons listed right before the verb (titles, honorifics and adverbs between) attended it,
unless an unnamed meeting was held between the event and the verb (召开会议, 举行专题讲座: the
verb is of that one) or a negation stands before the verb.

A stateless function of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..records import Relation
from .context import DocContext, Mention, fits
from .lists import coordinated_before


def attends(ctx: DocContext) -> list[Relation]:
    """The persons before a verb of attending that names no event attended the event named last
    before them (same sentence, or the one before)."""
    text, data = ctx.text, ctx.lex.events
    spec = ctx.lex.relations["attended"]
    cues = re.compile("|".join(map(re.escape, sorted(data["attend_cues"], key=len, reverse=True))))
    bare, gap_words = re.compile(data["attend_bare_object"]), re.compile(data["attend_subject_gap"])
    new_meeting = re.compile(data["attend_new_meeting"])
    covered = bytearray(len(text) + 1)
    for m in ctx.mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    out = []
    for hit in cues.finditer(text):
        cs, ce = hit.span()
        if covered[cs] or not bare.match(text, ce):
            continue
        ss, _ = ctx.sentence(cs)
        clause = ctx.clause_start(cs, ss)
        left = [m for m in ctx.mentions if ss <= m.start and m.end <= cs and not m.anaphor]
        agents = [m for m in left if m.label in spec.domain]
        if not agents or agents[-1].start < clause or not _adjacent(ctx, agents[-1], cs, gap_words) \
                or ctx.said(ctx.lex.negation, clause, cs):
            continue
        subj = agents[-1]
        behalf = re.search(data["on_behalf_of"], text[clause:subj.start])
        if behalf:  # PERSON 代表 (某党) ORG 作工作报告: the person speaks
            at = clause + behalf.start()
            prior = [m for m in agents if m.end <= at and m.label == "Person"]
            if not prior or not _adjacent(ctx, prior[-1], at, gap_words):
                continue
            subj = prior[-1]
        subjects = [subj] + [m for m in coordinated_before(ctx, subj, left, spec.domain) if m.start >= clause
                             or subj.label == "Person"]
        first = min(m.start for m in subjects)
        event = _event_before(ctx, first, ss, data["attend_reach"])
        if event is None or new_meeting.search(_blank(ctx, event.end, cs)):
            continue
        conf = 0.65 if event.start >= ss else 0.6
        out += [ctx.rel(spec, s, event, event.start, ce, conf, "attends") for s in subjects if fits(spec, s, event)]
    return out


def _adjacent(ctx: DocContext, subj: Mention, cs: int, gap_words: re.Pattern) -> bool:
    """Whether only titles, honorifics and adverbs stand between the subject and the verb."""
    gap = ctx.text[subj.end:cs]
    for word in ctx.lex.title_words + ctx.lex.honorifics:
        gap = gap.replace(word, "")
    return len(ctx.text[subj.end:cs]) <= 12 and bool(gap_words.fullmatch(gap))


def _event_before(ctx: DocContext, first: int, ss: int, reach: int) -> Mention | None:
    """The event named last before ``first`` as the topic of its clause: in its sentence, or in the
    sentence before (of the same paragraph), within ``reach`` characters; an event named after it
    that only qualifies a noun (某大会精神) is passed over."""
    prev = ctx.sentence(ss - 1)[0] if ss > 0 and ctx.text[ss - 1] != "\n" else ss
    events = [m for m in ctx.mentions if m.label == "Event" and not m.anaphor and prev <= m.start and m.end <= first
              and first - m.end <= reach]
    topics = [m for m in events if _topic(ctx, m)]
    return topics[-1] if topics else None


def stands_for(ctx: DocContext, word: Mention, cs: int, ce: int) -> bool:
    """Whether a bare word for an event right after a verb of attending (出席开幕式, 参加上述活动),
    which the recogniser tied to an event named before, stands for it: the word follows the verb
    directly, that event was named before it and qualifies no noun (某大会精神), and no unnamed
    meeting was held between (举行欢迎宴会: the word is of that one)."""
    data, text = ctx.lex.events, ctx.text
    bare = re.compile(data["attend_bare_object"]).match(text, ce)
    if bare is None or word.end > bare.end():
        return False
    named = [m for m in ctx.mentions if m.key == word.key and not m.anaphor and m.end <= cs]
    return bool(named) and not _relative(ctx, named[-1]) and not re.match(ctx.lex.verbs["named_object_not_before"], text[named[-1].end:named[-1].end + 4]) \
        and not re.search(data["attend_new_meeting"], _blank(ctx, named[-1].end, cs))


def _relative(ctx: DocContext, ev: Mention) -> bool:
    """Whether the event is named in a clause describing someone (出席某运动会开幕式的某国总统)."""
    text, data = ctx.text, ctx.lex.events
    session = next((w for w in ctx.lex.words["event_sessions"] if text.startswith(w, ev.end)), "")
    return text.startswith(ctx.lex.marks["possessive"], ev.end + len(session)) \
        and bool(re.search(data["attend_relative"], text[max(0, ev.start - 8):ev.start]))


def _topic(ctx: DocContext, ev: Mention) -> bool:
    """Whether the event is the topic of its clause: it opens the clause (dates, 在 before it) or a
    verb of holding names it, and it qualifies no noun after it (EVENT精神)."""
    data, text = ctx.lex.events, ctx.text
    lead = text[ctx.clause_start(ev.start, ctx.sentence(ev.start)[0]):ev.start].strip()
    return (bool(re.fullmatch(data["attend_topic_lead"], lead)) or bool(re.search(data["attend_topic_verb"], lead))) \
        and not re.match(data["attend_topic_after"], text[ev.end:ev.end + 2])


def _blank(ctx: DocContext, start: int, end: int) -> str:
    """``text[start:end]`` with the names inside it left out."""
    chars = list(ctx.text[start:end])
    for m in ctx.mentions:
        if start <= m.start and m.end <= end:
            chars[m.start - start:m.end - start] = [""] * (m.end - m.start)
    return "".join(chars)

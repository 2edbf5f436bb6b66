"""Persons at events and in groups: attended and memberOf.

* a person right before 在 EVENT 上 (honorifics and an edition between): attended;
* an event opening its sentence (on it, at one of its sessions, then a comma), the persons listed
  at the head of the next clause speaking or reporting there (``words.json`` event_acts and
  speech_verbs): attended;
* names listed before an among cue (参与其中 …, ``words.json`` among_cues): members of the
  organisation or guests of the event named in the clause before;
* the sides of a match (X 3-1 战胜 Y, X 105-116 Y, X 和 Y 的对决) or the winner (X 夺得 …,
  X 在 EVENT 上夺冠, X 拿到了冠军): attended, the contest nearest the verb in its sentence (or
  named last before it in its paragraph);
* the champion of an event (EVENT冠军X, X 获得 EVENT 冠军): attended.

Stateless functions of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..records import Relation
from .context import DocContext, Mention, fits
from .lists import coordinated_after, coordinated_before, drop_orgs, list_gap, titles_only


def among(ctx: DocContext) -> list[Relation]:
    """The names listed before an among cue are members or guests of the organisation or event
    named in the clause before."""
    text = ctx.text
    out = []
    member, guest = ctx.lex.relations["memberOf"], ctx.lex.relations["attended"]
    for hit in ctx.lex.among.finditer(text):
        cs = hit.start()
        ss, _ = ctx.sentence(cs)
        clause_start = ctx.clause_start(cs, ss)
        left = [m for m in ctx.mentions if m.end <= cs and m.start >= ss]
        near = [m for m in left if m.start >= clause_start and m.label == "Person"]
        if not near or ctx.lex.clause_end.search(text[near[-1].end:cs]) or cs - near[-1].end > 12 \
                or ctx.said(ctx.lex.negation, max(ss, cs - 4), cs):
            continue
        subjects = [near[-1]] + [m for m in coordinated_before(ctx, near[-1], left, {"Person"})
                                 if m.start >= clause_start]
        before = [m for m in ctx.mentions if m.end <= clause_start and clause_start - m.end <= 40
                  and m.start >= max(0, ss - 80) and m.label in member.range | guest.range]
        if not before:
            continue
        antecedent = before[-1]
        for spec in (member, guest):
            if antecedent.label in spec.range:
                out += [ctx.rel(spec, s, antecedent, antecedent.start, hit.end(), 0.6, "among")
                        for s in subjects if fits(spec, s, antecedent)]
                break
    return out


def at_events(ctx: DocContext) -> list[Relation]:
    """A person at an event: right before 在 EVENT 上, or listed after an event opening the sentence."""
    text, marks = ctx.text, ctx.lex.marks
    on = marks["on"]
    out = []
    spec = ctx.lex.relations["attended"]
    persons = [m for m in ctx.mentions if m.label == "Person" and not m.anaphor]
    for ev in ctx.mentions:
        if ev.label != "Event":
            continue
        # the end of 上: after the name, or inside an anaphor that holds it
        listed = _events_listed_after(ctx, ev)  # 在 EVENT、EVENT 上: each of them
        session = next((w for w in ctx.lex.words["event_sessions"] if text.startswith(w + on, listed)), "")
        after = listed + len(session)  # (a session of it named between: 在某论坛开幕式上)
        on_end = after + 1 if text[after:after + 1] == on else ev.end if text[ev.end - 1:ev.end] == on else 0
        ss, _ = ctx.sentence(ev.start)
        lead = re.search(ctx.lex.events["edition_before_event"], text[max(ss, ev.start - 12):ev.start])
        at = ev.start - len(lead.group()) if lead else ev.start
        before = [p for p in persons if p.end <= at and p.start >= ss]
        if on_end and at < ev.start and before:
            p = before[-1]
            gap = text[p.end:at]
            for h in ctx.lex.honorifics + ctx.lex.title_words:
                gap = gap.replace(h, "")
            gap = re.sub(ctx.lex.events["at_event_gap"], "", gap)
            if len(text[p.end:at]) <= 12 and len(gap) <= 2 and not re.search(marks["han_or_possessive_gap"], gap) \
                    and not ctx.said(ctx.lex.negation, p.end, at) and fits(spec, p, ev):
                conf = spec.confidence - (0.25 if ctx.said(ctx.lex.hedges, p.start, at) else 0)
                out += [ctx.rel(spec, p, e, p.start, on_end, conf, "at-event") for e in ctx.mentions
                        if e.label == "Event" and ev.start <= e.start and e.end <= listed and fits(spec, p, e)]
                continue
        # the event opens its sentence; the persons listed at the head of the next clause speak or
        # report there
        opening = ctx.lex.event_opening.match(text, ev.end)
        if text[ss:at].strip() or not opening or not (opening.group(1) or text[ev.end - 1] == on):
            continue
        _, se = ctx.sentence(ev.end)
        after = [p for p in persons if p.start >= opening.end() and p.end <= se]
        if not after or ctx.lex.clause_end.search(text[opening.end():after[0].start]) \
                or not (titles_only(ctx, ctx.mentions, opening.end(), after[0].start)
                        or re.fullmatch(ctx.lex.events["speaker_from"], text[opening.end():after[0].start].strip())):
            continue
        listed = [after[0]]
        for m in after[1:]:
            if not list_gap(ctx, drop_orgs(text[listed[-1].end:m.start], ctx.mentions, listed[-1].end, m.start)):
                break
            listed.append(m)
        tail = listed[-1].end  # (a title after the name: 某某总经理发表讲话)
        tail += max((k for k in range(1, 6) if text[tail:tail + k].endswith(ctx.lex.title_words)), default=0)
        act = ctx.lex.event_act.match(text, tail)
        if act is None:
            continue
        out += [ctx.rel(spec, p, ev, ev.start, act.end(), 0.6, "at-event") for p in listed if fits(spec, p, ev)]
    return out


def _events_listed_after(ctx: DocContext, ev: Mention) -> int:
    """Where the run of events listed from ``ev`` (coordinators between) ends."""
    end = ev.end
    for m in ctx.mentions:
        if m.start < end or m.start == ev.start:
            continue
        if m.label != "Event" or ctx.text[end:m.start] not in ctx.lex.coordinators:
            break
        end = m.end
    return end


def contests(ctx: DocContext) -> list[Relation]:
    """The sides of a match, or the winner of a contest, each took part in the contest
    (attended): the sides listed before the verb (an event in between, as in 在 EVENT 上, left
    out), the first agent after a match verb (a short description before it; alone when no side
    is named next to the verb before it), the contest of :func:`_contest`."""
    text, events = ctx.text, ctx.lex.events
    spec = ctx.lex.relations["attended"]
    out, used = [], set()
    inside = {i for m in ctx.mentions for i in range(m.start + 1, m.end)}
    for cs, ce, two_sided, tight in _contest_verbs(ctx):
        if cs in used or cs in inside:  # (a cue inside a name is none: 二十大 + 胜利)
            continue
        ss, se = ctx.sentence(cs)
        clause = ctx.clause_start(cs, ss)
        in_sentence = [m for m in ctx.mentions if ss <= m.start and m.end <= se and not m.anaphor]
        before = [m for m in in_sentence if clause <= m.start and m.end <= cs]
        agents = [m for m in before if m.label != "Event" and not _venue(ctx, m)]
        led = bool(agents) and not (tight and agents[-1].end != cs) \
            and bool(re.fullmatch(events["contest_side_gap"], _without_events(ctx, before, agents[-1].end, cs)))
        carried = [] if led or tight or agents else _carried_side(ctx, in_sentence, clause, ss, cs)
        if (not led and not carried and (tight or not two_sided)) \
                or ctx.said(ctx.lex.negation, agents[-1].end if led else clause, cs):
            continue
        after = next((m for m in in_sentence if m.start >= ce and m.label in spec.domain), None)
        if tight:  # the name right after (a place as a side is no agent, the side before still is)
            nxt = next((m for m in in_sentence if m.start >= ce and m.label != "Event"), None)
            if nxt is None or nxt.start != ce:
                continue
            after = after if after is nxt else None
        if not (two_sided and after is not None and re.fullmatch(events["contest_object_gap"], text[ce:after.start])) \
                or _owner(ctx, after, in_sentence):
            after = None
        # an event describing the side after the verb (输给了西甲劲旅 + X) is no contest of the verb
        contest = _contest(ctx, [m for m in in_sentence if after is None or not ce <= m.start < after.start],
                           cs, ce, ss, two_sided)
        if not contest:
            continue
        sides = [agents[-1]] + coordinated_before(ctx, agents[-1], agents, spec.domain) if led else carried
        if led and text[agents[-1].start - 1:agents[-1].start] == ctx.lex.marks["passive"] and len(agents) > 1 \
                and re.fullmatch(events["contest_side_gap"], _without_events(ctx, before, agents[-2].end, agents[-1].start - 1)):
            sides = sides + [agents[-2]]  # X 在客场 1-2 被 Y 逆转: X is the other side
        if led and (re.search(events["side_instrument_before"], text[max(ss, sides[-1].start - 4):sides[-1].start])
                    or re.match(events["side_instrument_after"], text[agents[-1].end:cs])):
            sides = []  # whom the side won through: the other side alone is sure
        if after is not None:
            sides.append(after)  # (alone when the side before the verb is not named: X客场击败了Y)
        used.update(range(cs, ce))
        sides += [m for side in sides for m in _partners(ctx, side, in_sentence) if m not in sides]
        out += [ctx.rel(spec, side, c, min(side.start, c.start), max(side.end, c.end, ce), 0.55, "contest")
                for side in sides for c in contest if fits(spec, side, c)]
    return out


def _partners(ctx: DocContext, side: Mention, in_sentence: list[Mention]) -> list[Mention]:
    """The players written with a side as one pair (许某/刘某, a doubles pair): the names chained to
    it by the pair mark on either side."""
    mark, out = ctx.lex.events["pair_mark"], []
    for step in (-1, 1):
        at = side
        while True:
            nxt = next((m for m in in_sentence if m.label == side.label and (
                m.end + len(mark) == at.start and ctx.text.startswith(mark, m.end) if step < 0
                else m.start == at.end + len(mark) and ctx.text.startswith(mark, at.end))), None)
            if nxt is None:
                break
            out.append(nxt)
            at = nxt
    return out


def _carried_side(ctx: DocContext, in_sentence: list[Mention], clause: int, ss: int, cs: int) -> list[Mention]:
    """The side opening the clause before the verb's, when the verb's own clause names none
    before it (主场作战的某队在某赛中，以118:109战胜…): that side and those listed with it."""
    events, spec = ctx.lex.events, ctx.lex.relations["attended"]
    if clause <= ss or not re.fullmatch(events["contest_side_gap"], ctx.text[clause:cs]):
        return []
    prev = ctx.clause_start(clause - 1, ss)
    first = next((m for m in in_sentence if prev <= m.start < clause and m.label != "Event"), None)
    if first is None or first.label not in spec.domain \
            or not re.fullmatch(events["carried_side_lead"], ctx.text[prev:first.start]):
        return []
    listed = [m for m in in_sentence if prev <= m.start < clause]
    return [first] + [m for m in coordinated_after(ctx, first, listed, spec.domain)]


def _owner(ctx: DocContext, side: Mention, in_sentence: list[Mention]) -> bool:
    """Whether the name after a match verb only owns what was beaten (击败了 X 的纪录): the
    possessive after it, then neither a match (X 的比赛, X 的英超联赛) nor an event."""
    text, at = ctx.text, side.end + len(ctx.lex.marks["possessive"])
    return text.startswith(ctx.lex.marks["possessive"], side.end) \
        and not re.match(ctx.lex.events["match_nouns"], text[at:]) \
        and not any(m.start == at and m.label == "Event" for m in in_sentence)


def pairings(ctx: DocContext) -> list[Relation]:
    """The two sides of a match named as a pair before a word for the match (甲和乙的对决, 甲与乙的
    比赛): both took part in the contest of :func:`_contest`, one named before in the sentence first,
    and only one named in the sentence (two companies' 大战 is a rivalry, and the event of an earlier
    sentence is not its stage); companies are no sides."""
    text, events = ctx.text, ctx.lex.events
    spec = ctx.lex.relations["attended"]
    named = [m for m in ctx.mentions if not m.anaphor and m.label not in ("Event", "Company")]
    out = []
    for a, b in zip(named, named[1:]):
        joiner = text[a.end:b.start]
        match = re.match(events["pair_match"], text[b.end:])
        if match is None or not (joiner in ctx.lex.marks["pair_joiners"] or re.fullmatch(events["pair_versus"], joiner)):
            continue
        ss, se = ctx.sentence(a.start)
        in_sentence = [m for m in ctx.mentions if ss <= m.start and m.end <= se and not m.anaphor]
        contest = [c for c in _contest(ctx, in_sentence, a.start, b.end + match.end(), ss, True) if c.start >= ss]
        if ctx.said(ctx.lex.negation, ctx.clause_start(a.start, ss), a.start):
            continue
        out += [ctx.rel(spec, side, c, min(side.start, c.start), max(b.end + match.end(), c.end), 0.55, "pairing")
                for side in (a, b) for c in contest if fits(spec, side, c)]
    return out


def _contest_verbs(ctx: DocContext) -> list[tuple[int, int, bool, bool]]:
    """``(start, end, two sided, tight)`` of the verbs of a match or a win: the match and win
    verbs (longest first), a title won (拿下男单冠军), then a score or a bare 胜 / 负 written right
    between the two sides (tight)."""
    text, events = ctx.text, ctx.lex.events
    verbs = sorted([(v, True) for v in events["match_verbs"]] + [(v, False) for v in events["win_verbs"]],
                   key=lambda vt: -len(vt[0]))
    out = [(h.start(), h.end(), two, False) for v, two in verbs for h in re.finditer(re.escape(v), text)]
    out += [(h.start(), h.end(), False, False) for h in re.finditer(events["title_won"], text)]
    return out + [(h.start(), h.end(), True, True) for h in re.finditer(events["bare_match"], text)]


def _venue(ctx: DocContext, m: Mention) -> bool:
    """Whether ``m`` is a place right after 在: where a match is played (X 在某球场 1-2 不敌 Y), no side."""
    return m.label == "Place" and ctx.text[max(0, m.start - 1):m.start] == ctx.lex.marks["at"]


def _without_events(ctx: DocContext, mentions: list[Mention], start: int, end: int) -> str:
    """``text[start:end]`` without the events and the venues (在 + a place) named inside it."""
    chars = list(ctx.text[start:end])
    for m in mentions:
        if (m.label == "Event" or _venue(ctx, m)) and start <= m.start and m.end <= end:
            chars[m.start - start:m.end - start] = [""] * (m.end - m.start)
    return "".join(chars)


def _contest(ctx: DocContext, in_sentence: list[Mention], cs: int, ce: int, ss: int,
             before_first: bool = False) -> list[Mention]:
    """The contest a match or win verb at ``cs:ce`` is of: the event of its sentence nearest the
    verb (with the events of the sentence whose names end in its name, or in which its name ends:
    two forms of one name), else the last event named before the sentence in its paragraph. With
    ``before_first`` (a match verb: 在 EVENT 中 X 击败 Y，晋级 NEXT), one named before the verb in
    its sentence goes first."""
    generic = re.compile(ctx.lex.events["generic_contest"])
    named = [m for m in ctx.mentions if m.label == "Event" and not generic.search(ctx.text, m.start, m.end)]
    sentence = {(m.start, m.end) for m in in_sentence}
    events = [m for m in named if (m.start, m.end) in sentence]
    if not events:
        floor = ctx.text.rfind("\n", 0, ss) + 1
        events = [m for m in named if floor <= m.start and m.end <= ss and not m.anaphor][-1:]
    if before_first and any(m.end <= cs for m in events):
        events = [m for m in events if m.end <= cs]
    nearest = min(events, key=lambda m: min(abs(m.start - ce), abs(cs - m.end)), default=None)
    if nearest is None:
        return []
    name = ctx.text[nearest.start:nearest.end]
    return [nearest] + [m for m in events if m.key != nearest.key and len(set(
        (name, ctx.text[m.start:m.end]))) == 2 and _same_ending(name, ctx.text[m.start:m.end])]


def _same_ending(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.endswith(short)


def champions(ctx: DocContext) -> list[Relation]:
    """An agent named champion of an event took part in it (attended): EVENT + champion word +
    the agent, the agent + a verb of winning + EVENT + champion word, or that verb + EVENT +
    champion word + 的 + the agent."""
    text, events = ctx.text, ctx.lex.events
    spec = ctx.lex.relations["attended"]
    title = re.compile(events["champion_after_event"])
    out = []
    for ev in ctx.mentions:
        hit = title.match(text, ev.end)
        if ev.label != "Event" or ev.anaphor or hit is None:
            continue
        ss, se = ctx.sentence(ev.start)
        clause = ctx.clause_start(ev.start, ss)
        before = [m for m in ctx.mentions if clause <= m.start and m.end <= ev.start and m.label != "Event"]
        after = next((m for m in ctx.mentions if hit.end() <= m.start and m.end <= se), None)
        won = bool(before) and _won(ctx, before[-1].end, ev.start)
        if after is not None and re.fullmatch(events["champion_then_agent"], text[hit.end():after.start]):
            agent = after  # EVENT冠军X; 获得 EVENT 冠军的 X (the possessive belongs to the title)
        elif after is not None and text[hit.end():after.start] == ctx.lex.marks["possessive"] \
                and _won(ctx, clause, ev.start):
            agent = after
        elif won:
            agent = before[-1]
        else:
            continue
        if fits(spec, agent, ev) and not ctx.said(ctx.lex.negation, min(agent.start, ev.start), max(agent.end, hit.end())):
            out.append(ctx.rel(spec, agent, ev, min(agent.start, ev.start), max(agent.end, hit.end()), 0.55, "champion"))
    return out


def _won(ctx: DocContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a short gap holding a verb of winning (or of being) a title."""
    gap = ctx.text[start:end]
    return bool(re.fullmatch(ctx.lex.events["champion_gap"], gap)) \
        and any(v in gap for v in ctx.lex.events["champion_verbs"])

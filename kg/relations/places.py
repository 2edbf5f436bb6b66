"""Places: locatedIn written by nesting (a place right before another, or with the possessive
between; a place before an organisation with a middle dot) and by an event held at a place
(在 PLACE + a cue of ``words.json`` event_place_cues + EVENT, or EVENT 在 PLACE + cue).

Stateless functions of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..ontology import ORGANIZATION_CLASSES
from ..recognise.words import recognise_words
from ..records import Relation
from .context import DocContext
from .lists import coordinated_after


def places(ctx: DocContext) -> list[Relation]:
    """Places nested in places, organisations at a place, events held at a place."""
    text, marks = ctx.text, ctx.lex.marks
    out = []
    spec = ctx.lex.relations["locatedIn"]
    named = [m for m in ctx.mentions if not m.anaphor]
    nesting_gaps = ("", marks["possessive"])
    direction = re.compile(ctx.lex.places["direction_gap"])
    routes = tuple(ctx.lex.places["route_ends"])
    provinces = tuple(recognise_words()["place_suffixes"]["province_suffixes"])
    province = {e.key for e in ctx.entities if e.name.endswith(provinces)}
    # (香港澳门: two regions of one level listed; 中国塞舌尔建交, 某江吉林段: a pair, a section)
    peers = {e.key for e in ctx.entities if e.name.endswith(tuple(ctx.lex.places["peer_suffixes"]))}
    pair = re.compile(ctx.lex.places["pair_after"])
    for a, b in zip(named, named[1:]):
        gap = text[a.end:b.start]
        if a.label == "Place" and b.label == "Place" and (gap in nesting_gaps or direction.fullmatch(gap)) and a.key != b.key \
                and not ctx.lex.region.fullmatch(text[b.start:b.end]) and not text[a.start:a.end].endswith(routes) \
                and not (a.key in province and b.key in province) \
                and not (a.key in peers and b.key in peers) and not pair.match(text, b.end):
            out.append(ctx.rel(spec, b, a, a.start, b.end, 0.8, "place-nesting"))
            if gap == marks["possessive"]:  # a country's possessive and a list of its cities
                for c in coordinated_after(ctx, b, [m for m in named if m.start >= b.end], {"Place"}):
                    out.append(ctx.rel(spec, c, a, a.start, c.end, 0.7, "place-nesting"))
        elif a.label == "Place" and b.label in ORGANIZATION_CLASSES and gap in marks["middle_dots"]:
            out.append(ctx.rel(spec, b, a, a.start, b.end, 0.6, "place-org"))
    out += _event_places(ctx, named)
    out += _seats(ctx, named)
    out += _events_of_places(ctx, named)
    out += _of_places(ctx, named)
    return out


def _of_places(ctx: DocContext, named) -> list[Relation]:
    """ORG 是 (一家) PLACE (的) … + a head noun of organisations (某集团是某国最大的工业企业): the
    organisation is one of that place's."""
    text, data = ctx.text, ctx.lex.places
    spec = ctx.lex.relations["locatedIn"]
    copula, heads = re.compile(data["of_place_copula"]), tuple(data["of_place_heads"])
    out = []
    for a, b in zip(named, named[1:]):
        if a.label not in ORGANIZATION_CLASSES or b.label != "Place" or a.key == b.key:
            continue
        gap = text[a.end:b.start]
        alias = re.match(data["alias_bracket"], gap)
        if not copula.fullmatch(gap[alias.end():] if alias else gap):
            continue
        end = ctx.lex.clause_end.search(text, b.end)
        rest = text[b.end:end.start() if end else len(text)]
        if len(rest) <= data["of_place_reach"] and rest.endswith(heads) \
                and not any(m.start >= b.end and m.end <= b.end + len(rest) for m in named):
            out.append(ctx.rel(spec, a, b, a.start, b.end + len(rest), 0.6, "of-place"))
    return out


def _events_of_places(ctx: DocContext, named) -> list[Relation]:
    """在 PLACE 的 EVENT (上 / 中): the event of the place, held there (the innermost place of a
    run of nested ones)."""
    text = ctx.text
    spec = ctx.lex.relations["locatedIn"]
    gap = re.compile(ctx.lex.places["event_of_place_gap"])
    out = []
    for i, e in enumerate(named):
        if e.label != "Event" or not i:
            continue
        place = named[i - 1]
        if place.label != "Place" or not gap.fullmatch(text[place.end:e.start]):
            continue
        start = place.start
        for before in reversed(named[:i - 1]):  # the places nested before it
            if before.label != "Place" or before.end != start:
                break
            start = before.start
        if text[max(0, start - 1):start] == ctx.lex.marks["at"]:
            out.append(ctx.rel(spec, e, place, start - 1, e.end, 0.65, "event-of-place"))
    return out


def _seats(ctx: DocContext, named) -> list[Relation]:
    """A place named the seat (capital) of another: X + copula + Y (的) + seat word, or Y (的) +
    seat word + X; X is located in Y."""
    text, marks = ctx.text, ctx.lex.marks
    spec = ctx.lex.relations["locatedIn"]
    heads, copulas = tuple(ctx.lex.places["seat_heads"]), tuple(ctx.lex.places["copulas"])
    places_ = [m for m in named if m.label == "Place"]
    out = []
    for a, b in zip(places_, places_[1:]):
        gap = text[a.end:b.start]
        after = text[b.end:b.end + 1] == marks["possessive"]
        head_at = b.end + after
        head = next((h for h in heads if text.startswith(h, head_at)), None)
        alias = re.match(ctx.lex.places["alias_bracket"], gap)
        bare = gap[alias.end():] if alias else gap
        if bare.strip() in copulas and head is not None and a.key != b.key:
            out.append(ctx.rel(spec, a, b, a.start, head_at + len(head), 0.75, "seat"))
        elif re.sub(ctx.lex.places["seat_lead"], "", gap, count=1).removeprefix(marks["possessive"]) in heads \
                and a.key != b.key:
            out.append(ctx.rel(spec, b, a, a.start, b.end, 0.7, "seat"))
    return out


def _event_places(ctx: DocContext, named) -> list[Relation]:
    """在 PLACE 举办的 EVENT / EVENT 在 PLACE 举行: the event is located at the place."""
    text, marks = ctx.text, ctx.lex.marks
    spec = ctx.lex.relations["locatedIn"]
    out = []
    for cue in ctx.lex.words["event_place_cues"] + ctx.lex.places["more_event_place_cues"]:
        for hit in re.finditer(cue, text):
            cs, ce = hit.span()
            ss, se = ctx.sentence(cs)
            clause = ctx.clause_start(cs, ss)
            at = text.rfind(marks["at"], clause, cs)
            if at < 0:
                continue
            found = [m for m in named if m.start > at and m.end <= cs and m.label == "Place"]
            if not found:
                continue
            place = found[-1]
            after = [m for m in named if m.start >= ce and m.label == "Event" and m.start - ce <= 8]
            before = [m for m in named if m.end <= at and m.label == "Event" and m.start >= ss
                      and ctx.lex.event_place_gap.fullmatch(text[m.end:at])]
            # held at the place + the event right after; else the event named before the preposition
            gap = text[ce:after[0].start] if after else ""
            event = after[0] if after and (gap == "" or gap[0] in marks["possessive_or_perfective"]) \
                and not ctx.lex.clause_end.search(gap) else before[-1] if before else None
            if event is not None:
                s = min(event.start, at)
                out.append(ctx.rel(spec, event, place, s, max(event.end, ce), 0.75, "event-place"))
    return out


"""Events held at a place, as :mod:`.places` does not read them: locatedIn.

* EVENT (dates, adverbs, sessions between) + 于 + PLACE (places nested in it) + adverbs + a
  holding cue (``words.json`` event_place_cues, ``relations.json`` places.more_event_place_cues):
  the event is at the innermost place (第三届某论坛于某市开幕);
* a place opening its clause (dates and adverbs between) + a verb of holding
  (places.host_verbs) + the event right after it: the event is at that place (某市举办了某赛).

A stateless function of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..records import Relation
from .context import DocContext, Mention


def event_places(ctx: DocContext) -> list[Relation]:
    """Events at the place 于 introduces, and events a place holds."""
    named = [m for m in ctx.mentions if not m.anaphor]
    return _held_at(ctx, named) + _hosts(ctx, named)


def _held_at(ctx: DocContext, named: list[Mention]) -> list[Relation]:
    text, data = ctx.text, ctx.lex.places
    spec = ctx.lex.relations["locatedIn"]
    cues = ctx.lex.words["event_place_cues"] + data["more_event_place_cues"]
    cue = re.compile(data["place_cue_gap"] + "(?:" + "|".join(map(re.escape, sorted(cues, key=len, reverse=True))) + ")")
    at = data["event_place_preposition"]
    out = []
    for i, ev in enumerate(named):
        if ev.label != "Event":
            continue
        places_ = []
        for m in named[i + 1:]:  # the places right after 于 (nested ones written together)
            if m.label != "Place" or (places_ and m.start != places_[-1].end):
                break
            places_.append(m)
        if not places_:
            continue
        first = places_[0]
        before = text[ev.end:first.start]
        if not before.endswith(at) or not ctx.lex.event_place_gap.fullmatch(before[:-len(at)]) \
                or ctx.lex.clause_end.search(before):
            continue
        hit = cue.match(text, places_[-1].end)
        if hit is None:
            continue
        out.append(ctx.rel(spec, ev, places_[-1], ev.start, hit.end(), 0.75, "event-at-place"))
    return out


def _hosts(ctx: DocContext, named: list[Mention]) -> list[Relation]:
    text, data = ctx.text, ctx.lex.places
    spec = ctx.lex.relations["locatedIn"]
    verb = re.compile(data["host_gap"] + "(?:" + "|".join(map(re.escape, data["host_verbs"])) + ")"
                      + data["host_object_gap"])
    out = []
    for place, ev in zip(named, named[1:]):
        if place.label != "Place" or ev.label != "Event":
            continue
        ss, _ = ctx.sentence(place.start)
        if text[ctx.clause_start(place.start, ss):place.start].strip():
            continue  # the place opens its clause: it is the subject of the verb
        hit = verb.match(text, place.end)
        if hit is None or hit.end() != ev.start:
            continue
        out.append(ctx.rel(spec, ev, place, place.start, ev.end, 0.7, "host-place"))
    return out

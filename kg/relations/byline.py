"""The byline: authorOf and publisherOf (to the article), and a reporter's outlet (worksFor).

Stateless functions of a :class:`~kg.relations.context.DocContext` (its article) returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..byline import reading_words
from ..ontology import ORGANIZATION_CLASSES
from ..records import Article, Relation
from .context import DocContext, Mention, fits

#: the object of a byline relation: the article itself
ARTICLE = "@article"
#: how far before a reporter the outlet may be named on the same line
_OUTLET_REACH = 24


def byline(ctx: DocContext) -> list[Relation]:
    """authorOf and publisherOf of the byline's names, and the reporters' outlets."""
    text, article, entities = ctx.text, ctx.article, ctx.entities
    if article is None:
        return []
    out = []
    by_start = {m.start: e for e in entities for m in e.mentions}
    for rows, name in ((article.authors, "authorOf"), (article.publishers, "publisherOf")):
        spec = ctx.lex.relations[name]
        for _, s, _e, ev_s, ev_e in rows:
            entity = by_start.get(s)
            if entity is None or entity.label not in spec.domain:
                continue
            out.append(Relation(entity.key, name, ARTICLE, text[ev_s:ev_e], ev_s, ev_e, spec.confidence, "byline"))
    return out + _reporters(ctx, article, entities)


def _reporters(ctx: DocContext, article: Article, entities) -> list[Relation]:
    """A reporter of the byline (记者 / 通讯员 + name, and the names joined to theirs: 记者 甲 乙)
    works for the outlet named before them on the same line."""
    text = ctx.text
    out = []
    spec = ctx.lex.relations["worksFor"]
    persons = {m.start: e for e in entities for m in e.mentions if e.label == "Person"}
    outlets = sorted(((m.start, m.end, e) for e in entities for m in e.mentions
                      if e.label in ORGANIZATION_CLASSES), key=lambda x: x[0])
    joiner = re.compile(reading_words()["byline"]["name_joiner"])
    author_starts = {a[1] for a in article.authors}
    reporter_end = None  # where the last reporter of the byline ends: the next joined name is one too
    for _, start, end, _ev_s, _ev_e in article.authors:
        person = persons.get(start)
        line_start = text.rfind("\n", 0, start) + 1
        joined = reporter_end is not None and line_start <= reporter_end and joiner.fullmatch(text[reporter_end:start])
        if person is None or not (joined or re.search(ctx.lex.byline["reporter_before_name"], text[max(line_start, start - 8):start])):
            reporter_end = None
            continue
        reporter_end = end
        before = [o for o in outlets if line_start <= o[0] and o[1] <= start and start - o[1] <= _OUTLET_REACH]
        if not before:
            continue
        o_start, _, outlet = before[-1]
        if any(o_start < m.start < start and m.start not in author_starts for m in (
                mm for e in entities if e.label == "Person" and e is not person for mm in e.mentions)):
            continue  # another person stands between: the outlet is theirs
        if fits(spec, Mention(start, end, person.key, "Person", False), Mention(o_start, o_start, outlet.key, outlet.label, False)):
            out.append(Relation(person.key, "worksFor", outlet.key, text[o_start:end], o_start, end,
                                spec.confidence, "byline-reporter"))
    return out

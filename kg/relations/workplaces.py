"""Persons named with their role where they work: worksFor.

A role noun right before a name (``relations.json`` titles.workplace_roles: 讲解员某某) and an
organisation introduced with 在 as where the clause happens, closing the clause before or opening
the person's own (在某博物院，讲解员某某带着观众参观): the person works for that organisation. Places
it lies in may stand between 在 and it (在位于某市的某博物院). Nothing else may stand between the
organisation and the role noun.

A person said to work at an organisation (``relations.json`` titles.work_verbs): PERSON (…) 在 ORG
工作, PERSON 进入 ORG 工作, or 在 ORG 工作(了十年)的 PERSON: the person works for it.

Stateless functions of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..ontology import ORGANIZATION_CLASSES
from ..records import Relation
from .context import DocContext, fits


def workplaces(ctx: DocContext) -> list[Relation]:
    """A role noun + a person right after 在 + an organisation (a clause break between)."""
    text, data = ctx.text, ctx.lex.titles_data
    spec = ctx.lex.relations["worksFor"]
    roles = tuple(sorted(data["workplace_roles"], key=len, reverse=True))
    lead, close = re.compile(data["workplace_lead"]), re.compile(data["workplace_close"])
    named = [m for m in ctx.mentions if not m.anaphor]
    out = []
    for i, p in enumerate(named):
        if p.label != "Person" or i == 0:
            continue
        role = next((r for r in roles if text.endswith(r, 0, p.start)), None)
        org = named[i - 1]
        if role is None or org.label not in ORGANIZATION_CLASSES or not fits(spec, p, org):
            continue
        gap = close.fullmatch(text, org.end, p.start - len(role))
        if gap is None:
            continue
        ss, _ = ctx.sentence(org.start)
        clause = ctx.clause_start(org.start, ss)
        before = text[clause:org.start]
        for m in named[:i - 1]:  # the places the organisation lies in, named between 在 and it
            if m.start >= clause and m.label == "Place":
                before = before.replace(text[m.start:m.end], "")
        if lead.fullmatch(before):
            out.append(ctx.rel(spec, p, org, clause, p.end, 0.6, "workplace"))
    return out


def works_at(ctx: DocContext) -> list[Relation]:
    """在 / 进入 an organisation + a verb of working: the person before it in its clause (a few
    words between), or the person right after 的 when the phrase describes them."""
    text, data = ctx.text, ctx.lex.titles_data
    spec = ctx.lex.relations["worksFor"]
    verb = re.compile(data["work_lead"] + "$")
    after = re.compile(data["work_close"] + "(?:" + "|".join(map(re.escape, data["work_verbs"])) + ")" + data["work_end"])
    named = [m for m in ctx.mentions if not m.anaphor]
    out = []
    for i, org in enumerate(named):
        lead = verb.search(text, max(0, org.start - 4), org.start)
        tail = after.match(text, org.end)
        if org.label not in ORGANIZATION_CLASSES or lead is None or tail is None:
            continue
        ss, se = ctx.sentence(org.start)
        clause = ctx.clause_start(lead.start(), ss)
        before = [m for m in named[:i] if m.start >= clause]
        relative = re.match(data["work_described"], text[tail.end():])  # (在某公司工作的 + a noun)
        person = before[-1] if before and before[-1].label == "Person" and not relative \
            and re.fullmatch(data["work_person_gap"], text[before[-1].end:lead.start()]) else None
        start, end = (person.start, tail.end()) if person else (lead.start(), 0)
        if person is None:  # 在某公司工作了十年的 + PERSON
            nxt = named[i + 1] if i + 1 < len(named) else None
            if relative is None or nxt is None or nxt.start != tail.end() + relative.end() or nxt.end > se:
                continue
            person, end = nxt, nxt.end
        if person.label == "Person" and fits(spec, person, org) and not ctx.said(ctx.lex.negation, start, tail.end()):
            out.append(ctx.rel(spec, person, org, start, end or tail.end(), 0.6, "works-at"))
    return out

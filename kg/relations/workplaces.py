"""Persons named with their role where they work: worksFor.

A role noun right before a name (``relations.json`` titles.workplace_roles: 讲解员某某) and an
organisation introduced with 在 as where the clause happens, closing the clause before or opening
the person's own (在某博物院，讲解员某某带着观众参观): the person works for that organisation. Places
it lies in may stand between 在 and it (在位于某市的某博物院). Nothing else may stand between the
organisation and the role noun.

A stateless function of a :class:`~kg.relations.context.DocContext` returning
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

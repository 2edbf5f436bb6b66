"""Lists of names and the titles written with them, as the families share them.

Names listed with coordinators (、 和 与 …), persons listed with their organisations and titles
between, titles of a chain (title + separator + title), and agents acting jointly with a partner
cue between. Stateless functions of a :class:`~kg.relations.context.DocContext`.
"""

from __future__ import annotations

import re

from ..ontology import RelationSpec
from .context import DocContext, Mention


def title_relations(ctx: DocContext, chain: str) -> list[tuple[RelationSpec, str]]:
    """The relations the titles of a chain of titles state (one per part, longest title first)."""
    data = ctx.lex.titles_data
    deputy = ctx.lex.relations[data["deputy_relation"]]
    found = []
    for part in re.split(data["chain_separators"], chain):
        part = part.strip(data["chain_part_strip"])
        for title, spec in ctx.lex.titles:
            if part.endswith(title):
                # a deputy of a head no cue lists (副 + 总理): a post, not the head
                if spec.name == "leads" and part[:-len(title)].endswith(tuple(data["deputy_prefixes"])):
                    spec = deputy
                found.append((spec, title))
                break
    return found


def drop_orgs(gap: str, mentions, start: int, end: int) -> str:
    """The gap between two listed names without the organisations inside it."""
    chars = list(gap)
    for m in mentions:
        if m.start >= start and m.end <= end and m.label != "Person":
            for i in range(m.start - start, m.end - start):
                chars[i] = ""
    return "".join(chars)


def list_gap(ctx: DocContext, gap: str) -> bool:
    """Whether the text between two listed names holds only titles, honorifics, names of
    organisations (recognised or not) and list punctuation."""
    data = ctx.lex.titles_data
    rest = ctx.lex.org_like.sub("", gap)
    for word in ctx.lex.honorifics + ctx.lex.title_words:
        rest = rest.replace(word, "")
    rest = re.sub(data["one_persons_titles"], "", rest)  # two titles of one person, a grade of one
    return len(gap) <= 30 and bool(re.fullmatch(data["list_gap"], rest))


def titles_only(ctx: DocContext, mentions, start: int, end: int) -> bool:
    """Whether text[start:end] holds only organisations, titles and honorifics (list marks between)."""
    rest = ctx.lex.org_like.sub("", drop_orgs(ctx.text[start:end], mentions, start, end))
    for word in ctx.lex.title_words + ctx.lex.honorifics:
        rest = rest.replace(word, "")
    return not re.sub(ctx.lex.titles_data["titles_only_rest"], "", rest)


def following_names(ctx: DocContext, p: Mention) -> list[Mention]:
    """Persons listed after ``p`` with only titles between."""
    out, last = [], p
    for m in ctx.mentions:
        if m.start < p.end:
            continue
        if m.label != "Person":
            break
        if not list_gap(ctx, ctx.text[last.end:m.start]):
            break
        out.append(m)
        last = m
    return out


def coordinated_after(ctx: DocContext, first: Mention, right, types) -> list[Mention]:
    """Names of ``types`` listed after ``first`` with a coordinator (and quotes) between."""
    text = ctx.text
    joiners = ctx.lex.coordinators + tuple(ctx.lex.titles_data["list_quote_gaps"])
    out, last = [], first
    for m in right:
        if m.start < last.end or m is first:
            continue
        gap = text[last.end:m.start].strip(ctx.lex.marks["quote_marks"])
        if last.label == "Product":  # the kind after a listed product (北辰X9手机、北辰X10手机)
            gap = next((gap[len(h):] for h in ctx.lex.words["product_heads"] if gap.startswith(h)), gap)
        if m.label in types and gap in joiners:
            out.append(m)
            last = m
        elif m.start >= last.end:
            break
    return out


def coordinated_before(ctx: DocContext, subj: Mention, left, types) -> list[Mention]:
    """Names listed before the subject. A listed person may carry an organisation and a title;
    a listed organisation stands alone."""
    text = ctx.text
    person = subj.label == "Person"
    quotes = ctx.lex.marks["plain_quote_marks"]
    out, last = [], subj
    for m in reversed(left):
        if m.end > last.start:
            continue
        gap = text[m.end:last.start]
        member = m.label == "Person" if person else (m.label in types and m.label != "Person")
        if member and (gap.strip(quotes) in ctx.lex.coordinators
                       or list_gap(ctx, drop_orgs(gap, left, m.end, last.start))):
            out.append(m)
            last = m
        elif not member and last.start - m.end < 32 and (person or m.label not in types):
            continue  # the organisation of a listed person, or a name that is not listed
        else:
            break
    return out


def joint_agents(ctx: DocContext, subjects, left, types, clause_start: int) -> list[Mention]:
    """Organisations written right before the subjects with a partnerOf cue between: they act
    with the subjects (X 联合 Y 主办)."""
    out, first = [], min(m.start for m in subjects)
    joins = ctx.lex.relations["partnerOf"].verb_cues
    for m in reversed(left):
        if m.end > first:
            continue
        if m.start < clause_start or m.label not in types or m.label == "Person" or ctx.text[m.end:first] not in joins:
            break
        out.append(m)
        first = m.start
    return out

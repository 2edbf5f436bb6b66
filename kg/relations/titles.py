"""Titles: organisation + titles + person, person + 担任 + organisation + title, lists of roles.

* an organisation, titles (a chain of them) and a person: the title's relation (leads,
  worksFor, memberOf …, from ``kg:titleCue``) from the person to the organisation; persons
  listed after with only titles between share it; posts listed before (organisation + title,
  joined by 、) are the person's too; an organisation right before a name: worksFor;
* a person, a linking verb (担任, 当选 …, ``relations.json``) and an organisation + title;
* 现任 / 兼任 … + a list of organisation + title: roles of the person named last before.

A former title (原, 前 …) states no current relation. Stateless functions of a
:class:`~kg.relations.context.DocContext` returning :class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..ontology import ORGANIZATION_CLASSES
from ..records import Relation
from .context import DocContext, Mention, fits
from .lists import following_names, title_relations, titles_only

#: how far an organisation may stand before the person it titles, and a post after the person
_ORG_BEFORE, _ORG_AFTER = 24, 8
#: relations a leading title makes redundant for the same pair
_WEAKER_THAN_LEADS = ("worksFor", "memberOf")


def titles(ctx: DocContext) -> list[Relation]:
    """Organisation + titles + person, and person + linking verb + organisation + title."""
    text, mentions, data = ctx.text, ctx.mentions, ctx.lex.titles_data
    out = []
    named = [m for m in mentions if m.label != "Person"
             and (m.anaphor or not ctx.lex.org_suffixes_only.fullmatch(text[m.start:m.end]))]
    persons = [m for m in mentions if m.label == "Person" and not m.anaphor]
    for p in persons:
        before = [m for m in named if m.end <= p.start and p.start - m.end <= _ORG_BEFORE]
        if before:
            org = _qualified(ctx, before)
            chain = text[org.end:p.start]
            plain = chain
            for colon in ctx.lex.marks["colons"]:
                plain = plain.replace(colon, "")
            if not ctx.lex.clause_end.search(plain) and not any(
                    m.start >= org.end and m.end <= p.start for m in mentions if m is not org and m not in before[-1:]):
                out += _chain(ctx, org, chain, p)
                out += _earlier_posts(ctx, org, p, named)
        after = [m for m in named if m.start >= p.end and m.start - p.end <= _ORG_AFTER]
        if after:
            org = after[0]
            link = text[p.end:org.start]
            rest = text[org.end:org.end + 12]
            if (re.fullmatch(data["person_then_post"], link) or re.fullmatch(data["appointed_then_post"], link)) \
                    and not ctx.lex.clause_end.search(link.strip(ctx.lex.marks["commas"])) \
                    and not _titles_a_later_person(ctx, org):
                head = re.sub(data["post_noun"], "", re.split(data["post_head_end"], rest)[0].lstrip(data["post_head_strip"]))
                for spec, title in title_relations(ctx, head[:10]):
                    if head.startswith(title) or head[:10].find(title) <= 4:
                        if fits(spec, p, org):
                            end = org.end + rest.index(title) + len(title) if title in rest else org.end
                            out.append(ctx.rel(spec, p, org, p.start, end, spec.confidence, "person-title"))
                        break
    return out


def _qualified(ctx: DocContext, before: list[Mention]) -> Mention:
    """The organisation a title follows: the last name before, or the organisation right before
    a bracket holding it (某大学（某市）校长: the bracket only qualifies the organisation)."""
    org = before[-1]
    opens, closes = ctx.lex.titles_data["brackets"]
    if len(before) > 1 and before[-2].label in ORGANIZATION_CLASSES and ctx.text[before[-2].end:org.start] in opens \
            and ctx.text[org.end:org.end + 1] in closes:
        return before[-2]
    return org


def bare_posts(ctx: DocContext) -> list[Relation]:
    """A person + 任 / 出任 … + titles alone, closing the clause (…成立某公司，PERSON任董事长): the
    posts are in the organisation named last before the person in the sentence."""
    text, data = ctx.text, ctx.lex.titles_data
    out = []
    for p in ctx.mentions:
        if p.label != "Person" or p.anaphor:
            continue
        link = re.compile(data["bare_post_link"]).match(text, p.end)
        if not link:
            continue
        ss, se = ctx.sentence(p.start)
        end = ctx.lex.clause_end.search(text, link.end(), se)
        stop = end.start() if end else se
        head = text[link.end():stop].strip()
        found = title_relations(ctx, head) if head else []
        if not found or len(found) != len(re.split(data["chain_separators"], head)) or not head.endswith(found[-1][1]) \
                or any(m.start < stop and m.end > link.end() for m in ctx.mentions):
            continue
        earlier = [m for m in ctx.mentions if ss <= m.start and m.end <= p.start]
        if not earlier or earlier[-1].label == "Person":
            continue
        org = next((m for m in reversed(earlier) if m.label in ORGANIZATION_CLASSES), None)
        if org is None or any(m.label == "Person" and m.start > org.end for m in earlier):
            continue
        for spec, _ in _strongest([(s, t) for s, t in found if fits(s, p, org)]):
            out.append(ctx.rel(spec, p, org, org.start, stop, spec.confidence - 0.2, "bare-post"))
    return out


def at_org_posts(ctx: DocContext) -> list[Relation]:
    """PERSON (，) 在 ORG 任 / 担任 + titles alone closing the clause: the person's posts there."""
    text, data = ctx.text, ctx.lex.titles_data
    at, out = ctx.lex.marks["at"], []
    for i, org in enumerate(ctx.mentions):
        if org.label not in ORGANIZATION_CLASSES or text[org.start - len(at):org.start] != at or not i:
            continue
        p = ctx.mentions[i - 1]
        gap = text[p.end:org.start - len(at)]
        if p.label != "Person" or p.anaphor or not re.fullmatch(data["at_org_gap"], gap):
            continue
        link = re.compile(data["bare_post_link"]).match(text, org.end)
        head = re.compile(data["at_org_title"]).match(text, link.end()).group() if link else ""
        found = title_relations(ctx, head) if head and len(head) <= data["at_org_title_reach"] else []
        if not found or len(found) != len(re.split(data["chain_separators"], head)) or not head.endswith(found[-1][1]):
            continue
        for spec, _ in _strongest([(s, t) for s, t in found if fits(s, p, org)]):
            out.append(ctx.rel(spec, p, org, p.start, link.end() + len(head), spec.confidence - 0.1, "at-org-post"))
    return out


def _earlier_posts(ctx: DocContext, org: Mention, p: Mention, named: list[Mention]) -> list[Relation]:
    """The posts listed before the organisation right before the person are the person's too
    (each an organisation + title, joined by the enumeration comma)."""
    text, separators = ctx.text, ctx.lex.titles_data["earlier_post_separators"]
    out, cur = [], org
    while text[cur.start - 1:cur.start] in separators and cur.start:
        prev = [m for m in named if m.end <= cur.start - 1 and cur.start - 1 - m.end <= 12]
        if not prev or any(prev[-1].end <= m.start and m.end <= cur.start - 1 for m in ctx.mentions):
            break
        chain = text[prev[-1].end:cur.start - 1].strip()
        bare = next((chain[:-len(h)] for h in ctx.lex.honorifics if chain.endswith(h)), "")
        if not chain or ctx.lex.clause_end.search(chain) or (bare and not bare.endswith(ctx.lex.title_words)):
            break  # a name nobody recognised before the honorific
        found = _chain(ctx, prev[-1], chain, p)
        if not found:
            break
        out += [r for r in found if r.subject == p.key]
        cur = prev[-1]
    return out


def _titles_a_later_person(ctx: DocContext, org: Mention) -> bool:
    """Whether the organisation + title after a person and a comma open the titles of a person
    named next (the comma ends the first person's apposition)."""
    _, se = ctx.sentence(org.start)
    later = [m for m in ctx.mentions if m.label == "Person" and m.start >= org.end and m.end <= se]
    return bool(later) and later[0].start - org.end <= 40 and titles_only(ctx, ctx.mentions, org.end, later[0].start)


def role_lists(ctx: DocContext) -> list[Relation]:
    """现任 / 兼任 / 担任 / 当选 + a list of organisation + title: roles of the person named last
    before, in the sentence or the sentence before."""
    text, data = ctx.text, ctx.lex.titles_data
    chair = data["chair"]
    out = []
    persons = [m for m in ctx.mentions if m.label == "Person" and not m.anaphor
               and text[m.end:m.end + len(chair)] != chair]
    named = [m for m in ctx.mentions if m.label != "Person"]
    for hit in re.finditer(data["role_cues"], text):
        ss, _ = ctx.sentence(hit.start())
        before = [p for p in persons if p.end <= hit.start() and hit.start() - p.end <= 150]
        if not before:
            continue
        person = before[-1]
        if any(w in text[person.end:hit.start()] for w in data["role_addressees"]):
            continue  # 某某表示，祝贺您当选…: the addressee's roles
        conf = 0.65 if person.start >= ss else 0.5
        pos = hit.end()
        while True:
            org = next((m for m in named if m.start == pos), None)
            if org is None:
                break
            item = re.match(data["role_item"], text[org.end:]).group()
            # a chair named after someone, not that person
            title_text = re.sub(data["chair_named_after"], "", item)
            if ctx.lex.marks["possessive"] in title_text:
                break  # a description, not a list of roles
            found = title_relations(ctx, title_text)
            if not found or not title_text.strip().endswith(tuple(t for _, t in found)):
                break
            for spec, _title in found:
                if fits(spec, person, org):
                    out.append(ctx.rel(spec, person, org, hit.start() if pos == hit.end() else org.start,
                                       org.end + len(item), conf, "role-list"))
            pos = org.end + len(item) + 1
            if text[pos - 1:pos] not in data["role_joiners"]:
                break
    return out


def _strongest(specs):
    """A leading title makes worksFor and memberOf of the same pair redundant."""
    if "leads" in {s.name for s, _ in specs}:
        return [(s, t) for s, t in specs if s.name not in _WEAKER_THAN_LEADS]
    return specs


def _names_another(ctx: DocContext, chain: str, title: str) -> bool:
    """Whether a title of the chain follows the name of an organisation (a word ending in an
    organisation's suffix, kg:nameSuffix, or a head of ``unnamed_org_heads``) rather than the
    separator or the organisation before: that unrecognised organisation is the one titled."""
    data = ctx.lex.titles_data
    for part in re.split(data["chain_separators"], chain):
        part = part.strip(data["chain_part_strip"])
        own = next((t for t in ctx.lex.title_words if part.endswith(t)), title)
        named = part[:-len(own)] if part.endswith(own) else ""
        if ctx.lex.org_like.fullmatch(named) or (len(named) > 2 and named.endswith(tuple(data["unnamed_org_heads"]))):
            return True
    return False


def described_persons(ctx: DocContext) -> list[Relation]:
    """A person opening a sentence, then clauses about them; a clause that is only an organisation
    and its titles gives the person's posts (PERSON，born …，ORG TITLE，…)."""
    text, marks = ctx.text, ctx.lex.marks
    out = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in ctx.mentions:
        by_sentence.setdefault(ctx.sentence(m.start)[0], []).append(m)
    for ss, inside in by_sentence.items():
        p = inside[0]
        after = p.end + next((len(h) for h in ctx.lex.honorifics if text.startswith(h, p.end)), 0)
        if p.label != "Person" or p.anaphor or text[ss:p.start].strip() \
                or text[after:after + 1] not in marks["commas"] or not text[after:after + 1]:
            continue
        _, se = ctx.sentence(p.start)
        for org in inside[1:]:
            if org.label == "Person":
                break  # another person: the clauses after may be theirs
            clause_start = ctx.clause_start(org.start, ss)
            end = ctx.lex.clause_end.search(text, org.end, se)
            clause_end = end.start() if end else se
            chain = text[org.end:clause_end].strip()
            if clause_start != org.start or not chain or any(org.end <= m.start < clause_end for m in inside):
                continue
            found = title_relations(ctx, chain)
            if not found or not chain.endswith(tuple(t for _, t in found)) or re.match(ctx.lex.titles_data["former"], chain) \
                    or _names_another(ctx, chain, found[-1][1]):
                continue
            for spec, _ in _strongest([(s, t) for s, t in found if fits(s, p, org)]):
                out.append(ctx.rel(spec, p, org, org.start, clause_end, spec.confidence - 0.15, "described-person"))
    return out


def as_posts(ctx: DocContext) -> list[Relation]:
    """作为 / 身为 + organisation + title, then the person opening the next clause."""
    text, data = ctx.text, ctx.lex.titles_data
    out = []
    mentions = ctx.mentions
    for i, org in enumerate(mentions[:-1]):
        if org.label == "Person" or not text[:org.start].endswith(tuple(data["as_post"])):
            continue
        nxt = mentions[i + 1]
        end = ctx.lex.clause_end.search(text, org.end)
        if nxt.label != "Person" or nxt.anaphor or end is None or end.group() not in ctx.lex.marks["commas"] \
                or text[end.end():nxt.start].strip():
            continue
        chain = text[org.end:end.start()].strip()
        found = title_relations(ctx, chain) if chain else []
        if not found or not chain.endswith(tuple(t for _, t in found)) or _names_another(ctx, chain, found[-1][1]):
            continue
        for spec, _ in _strongest([(s, t) for s, t in found if fits(s, nxt, org)]):
            out.append(ctx.rel(spec, nxt, org, org.start, nxt.end, spec.confidence - 0.1, "as-post"))
    return out


def topic_posts(ctx: DocContext) -> list[Relation]:
    """A clause opening with titles alone and a person (，校长 + PERSON; ，创始人是 + PERSON) in a
    sentence opened by an organisation, no other organisation between: the titles are the
    person's posts there."""
    text, out = ctx.text, []
    for p in ctx.mentions:
        if p.label != "Person" or p.anaphor:
            continue
        ss, se = ctx.sentence(p.start)
        clause = ctx.clause_start(p.start, ss)
        head = re.sub(ctx.lex.titles_data["topic_title_frame"], "", text[clause:p.start].strip())
        inside = [m for m in ctx.mentions if ss <= m.start and m.end <= se]
        if clause == ss or not head or not inside or re.match(ctx.lex.titles_data["former"], head):
            continue
        org = inside[0]
        if org.label not in ORGANIZATION_CLASSES or org.anaphor \
                or text[ss:org.start].strip(ctx.lex.marks["sentence_opening_marks"] + " ") \
                or any(m.label in ORGANIZATION_CLASSES and m is not org and m.start < p.start for m in inside):
            continue
        found = title_relations(ctx, head)
        if not found or len(found) != len(re.split(ctx.lex.titles_data["chain_separators"], head)) \
                or not head.endswith(found[-1][1]) or head.endswith(tuple(ctx.lex.titles_data["state_titles"])):
            continue
        posts = [(s, t) for s, t in found if fits(s, p, org) and s.name in ctx.lex.titles_data["topic_relations"]]
        for spec, _ in _strongest(posts):
            out.append(ctx.rel(spec, p, org, clause, p.end, spec.confidence - 0.2, "topic-title"))
        last = p
        for q in following_names(ctx, p):  # persons listed after, each with titles of their own
            gap = re.split(ctx.lex.titles_data["listed_title_split"], text[last.end:q.start])[-1].strip()
            own = [(s, t) for s, t in title_relations(ctx, gap) if fits(s, q, org)
                   and s.name in ctx.lex.titles_data["topic_relations"]] if gap else []
            for spec, _ in _strongest(own):
                out.append(ctx.rel(spec, q, org, clause, q.end, spec.confidence - 0.2, "topic-title"))
            last = q
    return out


def _chain(ctx: DocContext, org: Mention, chain: str, p: Mention) -> list[Relation]:
    """The relations of an organisation + a chain of titles + a person (and persons listed after)."""
    text, data = ctx.text, ctx.lex.titles_data
    out = []
    stripped = chain.strip(data["chain_strip"])
    if re.match(data["former"], stripped):
        return out  # a former title states no current relation
    after = _title_after(ctx, org, p) if stripped in ("", ctx.lex.marks["possessive"]) else []
    if after:  # ORG (的) PERSON + title (某大学某某校长): the title's relation, of this person alone
        return [ctx.rel(spec, p, org, org.start, p.end + len(t), spec.confidence - 0.1, "org-person-title")
                for spec, t in _strongest(after)]
    found = title_relations(ctx, stripped) if stripped else []
    if stripped and (not found or not stripped.endswith(tuple(t for _, t in found))):
        return out
    if re.search(data["chain_verbs"], stripped) or org.label == "Place" and (
            re.match(data["place_unit"], stripped) or re.fullmatch(data["unit_head_after_place"], stripped)):
        return out  # 某地会见总统X; 某理事会 + 欧洲 + 区域总干事, 某国 + 国防部长: the head of a unit
    if found and _names_another(ctx, stripped, found[-1][1]):
        return out  # the organisation only qualifies one nobody recognised, whose title this is
    specs = [(s, t) for s, t in found if fits(s, p, org)]
    # a head's title inside the organisation's own name (书记处 + 书记): one of the body's members
    member = ctx.lex.relations[data["member_body_relation"]]
    specs = [(member, t) if s.name == "leads" and t in text[org.start:org.end] and fits(member, p, org) else (s, t)
             for s, t in specs]
    if not stripped and text[p.end:p.end + len(data["chair"])] == data["chair"]:
        return out  # a chair named after someone
    if not stripped:
        # an organisation right before a name
        spec = ctx.lex.relations["worksFor"]
        if org.label in ORGANIZATION_CLASSES and fits(spec, p, org):
            specs = [(spec, "")]
    specs = _strongest(specs)
    targets = [p] + following_names(ctx, p)
    for i, person in enumerate(targets):
        own = specs
        if i:
            # a title written before a listed name is that name's own (the part after the last
            # separator: the title before the separator belongs to the name before it)
            gap = re.split(data["listed_title_split"], text[targets[i - 1].end:person.start])[-1].strip()
            titled = [(s, t) for s, t in title_relations(ctx, gap) if fits(s, person, org)] if gap else []
            if titled:
                own = _strongest(titled)
        for spec, _ in own:
            conf = spec.confidence if stripped else 0.55
            out.append(ctx.rel(spec, person, org, org.start, person.end, conf, "org-title-person"))
    return out



def _title_after(ctx: DocContext, org: Mention, p: Mention) -> list[tuple]:
    """The title written right after a person (a deputy's prefix before it), as
    :func:`title_relations` reads it, when it fits the person and the organisation."""
    text, data = ctx.text, ctx.lex.titles_data
    for title, _ in ctx.lex.titles:
        for lead in ("", *data["deputy_prefixes"]):
            end = p.end + len(lead + title)
            if text.startswith(lead + title, p.end) and not text.startswith(ctx.lex.title_words, end) \
                    and org.label in ORGANIZATION_CLASSES:
                found = [(s, t) for s, t in title_relations(ctx, lead + title) if fits(s, p, org)]
                member = ctx.lex.relations[data["member_body_relation"]]
                return [(member, t) if s.name == "leads" and t in text[org.start:org.end] else (s, lead + t)
                        for s, t in found]
    return []

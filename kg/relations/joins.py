"""Persons joining or signing with an organisation where the verb names none after it (worksFor).

* an organisation announcing that persons join: ORG (官方)宣布，PERSON(、PERSON) (正式)加盟(球队),
  or that it signs them: ORG 官方宣布，(球队)正式签下 (a short description) PERSON;
* a person and an organisation reaching a contract: PERSON 与 (a short description) ORG 签下 …
  合同, PERSON 与 ORG 签约 (the clause ends), or 与 ORG 达成 … 合同的 PERSON; or the other way
  round, ORG (宣布) 与 (a short description) PERSON 签约.

The words are ``relations.json`` joins. Stateless functions of a
:class:`~kg.relations.context.DocContext` returning :class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..records import Relation
from .context import DocContext, Mention, fits
from .lists import coordinated_after, coordinated_before


def _words(words) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def announced(ctx: DocContext) -> list[Relation]:
    """Persons said to join with no organisation after the verb: the organisation that announced it."""
    text, data = ctx.text, ctx.lex.words_joins
    spec = ctx.lex.relations["worksFor"]
    verb = re.compile(_words(data["join_verbs"]) + data["team_words"] + data["join_end"])
    out = []
    for hit in verb.finditer(text):
        cs = hit.start()
        ss, _ = ctx.sentence(cs)
        clause = ctx.clause_start(cs, ss)
        left = [m for m in ctx.mentions if ss <= m.start and m.end <= cs and not m.anaphor]
        persons = [m for m in left if m.start >= clause and m.label == "Person"]
        if not persons or not re.fullmatch(data["join_gap"], text[persons[-1].end:cs]) \
                or ctx.said(ctx.lex.negation, persons[-1].end, cs):
            continue
        joined = [persons[-1]] + coordinated_before(ctx, persons[-1], left, {"Person"})
        out += _announcer(ctx, joined, left, ss, min(m.start for m in joined), hit.end())
    signings = [c.word for c in ctx.lex.cues if c.spec.name == spec.name and c.inverse]
    for hit in re.finditer(_words(signings), text):  # ORG 官方宣布，(球队)正式签下 PERSON
        cs, ce = hit.span()
        ss, se = ctx.sentence(cs)
        clause = ctx.clause_start(cs, ss)
        signed = next((m for m in ctx.mentions if ce <= m.start and m.end <= se and m.label == "Person"), None)
        if signed is None or not re.fullmatch(data["signed_gap"], text[ce:signed.start]) \
                or not re.fullmatch(data["signer_gap"], text[clause:cs]) or ctx.said(ctx.lex.negation, clause, cs):
            continue
        left = [m for m in ctx.mentions if ss <= m.start and m.end <= clause and not m.anaphor]
        joined = [signed] + coordinated_after(ctx, signed, [m for m in ctx.mentions if m.start >= signed.end
                                                            and m.end <= se], {"Person"})
        out += _announcer(ctx, joined, left, ss, clause, max(m.end for m in joined))
    return out


def _announcer(ctx: DocContext, joined: list[Mention], left: list[Mention], ss: int, first: int,
               end: int) -> list[Relation]:
    """The persons work for the organisation announcing it before ``first`` in the sentence."""
    data, spec = ctx.lex.words_joins, ctx.lex.relations["worksFor"]
    said = re.search(_words(data["announce_verbs"]) + data["announce_gap"] + "$", ctx.text[ss:first])
    orgs = [m for m in left if m.end <= ss + said.start() and m.label in spec.range] if said else []
    if not orgs:
        return []
    return [ctx.rel(spec, p, orgs[-1], orgs[-1].start, end, spec.confidence - 0.1, "announced-join")
            for p in joined if fits(spec, p, orgs[-1])]


def contracts(ctx: DocContext) -> list[Relation]:
    """A person and an organisation reaching a contract: the person works for it."""
    text, data = ctx.text, ctx.lex.words_joins
    spec = ctx.lex.relations["worksFor"]
    tail = re.compile(data["contract_gap"])
    out = []
    lead = re.compile(_words(data["contract_joiners"]) + data["org_description"] + "$")
    for org in ctx.mentions:
        ss, se = ctx.sentence(org.start)
        joiner = lead.search(text, max(ss, org.start - 8), org.start)
        if org.label not in spec.range or joiner is None \
                or any(joiner.start() < m.end <= org.start and (m.label == "Person" or m.label in spec.range)
                       for m in ctx.mentions):
            continue
        end = _contract_end(ctx, org.end)
        if end is None:
            continue
        person = _person_before(ctx, joiner.start(), ss)
        if person is None and text[end:end + 1] == ctx.lex.marks["possessive"]:
            person = next((m for m in ctx.mentions if m.start == end + 1 and m.end <= se), None)
        if person is not None and fits(spec, person, org):
            out.append(ctx.rel(spec, person, org, min(person.start, org.start), max(person.end, end), 0.6, "contract"))
    return out


def _contract_end(ctx: DocContext, at: int) -> int | None:
    """Where a signing verb and its contract word after the name ending at ``at`` end (签下…合同,
    达成…协议), or the verb alone when the clause ends after it (签约, 签约成功, 签约5年); None
    when no contract is reached there or a negation stands before the verb."""
    text, data = ctx.text, ctx.lex.words_joins
    after = re.match(data["contract_gap"], text[at:]).group()
    verb = re.search(_words(data["contract_verbs"]), after)
    if verb is None or ctx.said(ctx.lex.negation, at, at + verb.start()):
        return None
    word = re.search(_words(data["contract_words"]), after[verb.end():])
    if word is not None:
        return at + verb.end() + word.end()
    alone = verb.group() in data["signing_alone"] and re.match(data["alone_end"] + data["join_end"], text[at + verb.end():])
    return at + verb.end() if alone else None


def signed_with(ctx: DocContext) -> list[Relation]:
    """An organisation reaching a contract with a person: ORG (…宣布) 与 (a short description) PERSON
    签约 / 签下…合同 / 达成…协议: the person works for it. The organisation is the last one named
    before the joiner in its clause, or in the clause before when it announced it (ORG 宣布，已经和
    PERSON 签约) and the joiner's clause names nothing before it."""
    text, data = ctx.text, ctx.lex.words_joins
    spec = ctx.lex.relations["worksFor"]
    lead = re.compile(_words(data["contract_joiners"]) + data["person_description"] + "$")
    out = []
    for person in ctx.mentions:
        if person.label != "Person" or person.anaphor:
            continue
        ss, _ = ctx.sentence(person.start)
        joiner = lead.search(text, max(ss, person.start - 14), person.start)
        end = _contract_end(ctx, person.end) if joiner else None
        if end is None or any(joiner.start() <= m.start and m.end <= person.start and m.label == "Person"
                              for m in ctx.mentions):
            continue
        clause = ctx.clause_start(joiner.start(), ss)
        before = [m for m in ctx.mentions if ss <= m.start and m.end <= joiner.start() and not m.anaphor
                  and not text.startswith(ctx.lex.marks["on"], m.end)]  # (在官方推特上: where it said so)
        if not before or before[-1].label not in spec.range:
            continue
        org = before[-1]
        if org.start < clause and not (
                re.fullmatch(data["signer_gap"], text[clause:joiner.start()])
                and re.search(_words(data["announce_verbs"]), text[org.end:clause])):
            continue
        if fits(spec, person, org) and not ctx.said(ctx.lex.negation, org.end, joiner.start()):
            out.append(ctx.rel(spec, person, org, org.start, end, 0.6, "signed-with"))
    return out


def _person_before(ctx: DocContext, at: int, floor: int) -> Mention | None:
    """The person right before ``at`` (a few words between), in its clause."""
    clause = ctx.clause_start(at, floor)
    before = [m for m in ctx.mentions if clause <= m.start and m.end <= at]
    if before and before[-1].label == "Person" \
            and re.fullmatch(ctx.lex.words_joins["person_gap"], ctx.text[before[-1].end:at]):
        return before[-1]
    return None


def joining_nouns(ctx: DocContext) -> list[Relation]:
    """X 的加盟: the person works for the organisation named last before it in its clause, else
    the first named after it in its sentence, else the last named before it in its sentence."""
    text, data = ctx.text, ctx.lex.words_joins
    spec = ctx.lex.relations["worksFor"]
    out = []
    for hit in re.finditer(_words(data["joining_nouns"]), text):
        cs, ce = hit.span()
        person = next((m for m in ctx.mentions if m.end == cs and m.label == "Person"), None)
        if person is None:
            continue
        ss, se = ctx.sentence(cs)
        clause = ctx.clause_start(cs, ss)
        before = [m for m in ctx.mentions if ss <= m.start and m.end <= person.start and m.label in spec.range]
        after = [m for m in ctx.mentions if ce <= m.start and m.end <= se and m.label in spec.range]
        org = next((m for m in before[-1:] if m.start >= clause), None) or next(iter(after), None) \
            or next(iter(before[-1:]), None)
        if org is not None and fits(spec, person, org) and not ctx.said(ctx.lex.negation, min(org.end, cs), max(org.start, ce)):
            out.append(ctx.rel(spec, person, org, min(org.start, person.start), max(org.end, ce), 0.5, "joining-noun"))
    return out

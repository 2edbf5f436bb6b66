"""Strategies carried out and policies issued, with the subject earlier in the sentence.

A Strategy (a Policy) named right after a verb that carries it out (issues it) — the ontology's
verb cues of ``hasStrategy`` (``issued``) and ``relations.json`` ``policies`` extra_verbs — has
as subject the nearest organisation or place before the verb in its sentence (none when a person
stands nearer: the person acts), unless a preposition
making that one an object (向, 对 …) stands right before it. This reaches a subject in an earlier
clause (某公司…，并宣布推出某某计划), which the verb family, bound to one clause, does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..ontology import ORGANIZATION_CLASSES, load_lexicon, load_schema
from ..records import Relation, normalize
from .context import DocContext
from .lexicon import load_relation_words
from .lists import coordinated_before

#: the relations read here, by the class of their object
_BY_OBJECT = {"Strategy": "hasStrategy", "Policy": "issued"}


@lru_cache(maxsize=1)
def _patterns() -> tuple[dict[str, re.Pattern], tuple[str, ...], re.Pattern, int, tuple[str, ...],
                              tuple[str, ...]]:
    data = load_relation_words()["policies"]
    schema = load_schema()
    complements = "|".join(map(re.escape, data["complements"]))
    openers = re.escape(data["openers"])
    out = {}
    for rel in _BY_OBJECT.values():
        verbs = set(schema.relations[rel].verb_cues) | set(data["extra_verbs"].get(rel, ()))
        alts = "|".join(map(re.escape, sorted(verbs, key=len, reverse=True)))
        out[rel] = re.compile(rf"(?:{alts})(?:{complements})?[{openers}]?$")
    agents = re.compile("|".join(map(re.escape, data["other_agents"])))
    return (out, tuple(data["no_subject_after"]), agents, data["max_clause_breaks"],
            tuple(data["adverbial_before_verb"]), tuple(data["modifier_after_subject"]))


def policies(ctx: DocContext) -> list[Relation]:
    """hasStrategy / issued: the nearest fitting subject before the verb in the sentence, and
    the body opening a policy's name (《某部关于…的通知》)."""
    return carried_out(ctx) + headed(ctx)


@lru_cache(maxsize=1)
def _known_aliases() -> dict[str, tuple[str, ...]]:
    """The lexicon's other names of each well-known organisation (中共中央 for its full name)."""
    return {e.name: tuple(e.aliases) for e in load_lexicon() if e.type in ORGANIZATION_CLASSES}


def headed(ctx: DocContext) -> list[Relation]:
    """A policy whose name opens with the name of an organisation of the article (or one of its
    lexicon aliases) was issued by it."""
    spec = ctx.lex.relations["issued"]
    known = _known_aliases()
    forms = [(normalize(a), e) for e in ctx.entities if e.label in ORGANIZATION_CLASSES and e.label in spec.domain
             for a in {e.name, *e.aliases, *known.get(e.name, ())} if len(normalize(a)) >= 2]
    out = []
    for m in ctx.mentions:
        if m.label != "Policy" or m.anaphor:
            continue
        text = ctx.text[m.start:m.end]
        surface = normalize(text)
        heads = [(len(f), e) for f, e in forms if len(f) < len(surface) - 2 and surface.startswith(f)]
        if heads:
            issuer = max(heads, key=lambda h: h[0])[1]
            out.append(Relation(issuer.key, "issued", m.key, text, m.start, m.end, 0.6, "policy-head"))
    return out


def carried_out(ctx: DocContext) -> list[Relation]:
    """hasStrategy / issued: the nearest fitting subject before the verb in the sentence."""
    text = ctx.text
    verbs, not_after, agents, breaks, adverbial, modifier = _patterns()
    comma = ctx.lex.marks["comma"]
    out = []
    for i, obj in enumerate(ctx.mentions):
        rel = _BY_OBJECT.get(obj.label)
        if rel is None or obj.anaphor:
            continue
        hit = verbs[rel].search(text, max(0, obj.start - 8), obj.start)
        if hit is None or text[:hit.start()].endswith(adverbial):
            continue
        spec = ctx.lex.relations[rel]
        start, _ = ctx.sentence(obj.start)
        if text.startswith(adverbial, ctx.clause_start(hit.start(), start)):
            continue  # the verb's clause is a phrase of purpose (为构建某格局、推进某战略)
        before = [m for m in ctx.mentions[:i] if m.start >= start and m.end <= hit.start()
                  and (m.label in spec.domain or m.label == "Person") and m.key != obj.key]
        if not before or before[-1].label == "Person":
            continue  # a person nearer the verb is its agent, not the organisation before
        subject = before[-1]
        if text[max(start, subject.start - 2):subject.start].rstrip().endswith(not_after):
            continue
        if text[subject.end:subject.end + 4].lstrip().startswith(modifier):
            continue  # the name modifies another noun (某委的部署), it is no subject
        mates = coordinated_before(ctx, subject, before[:-1], spec.domain)
        if subject.label == "Place" and not mates and not _opens_clause(text, start, subject.start, comma):
            continue  # a place inside a clause is where something goes or happens, no actor
        between = text[subject.end:hit.start()]
        if between.count(comma) > breaks or agents.search(between):
            continue
        conf = spec.confidence - (0.1 if comma in between else 0.0)
        for s in (subject, *mates):
            out.append(ctx.rel(spec, s, obj, s.start, obj.end + 1, conf - (0.05 if mates else 0.0), "policy-verb"))
    return out


def _opens_clause(text: str, sentence_start: int, pos: int, comma: str) -> bool:
    """Whether at most two characters stand between the start of the clause and ``pos``."""
    clause = text[sentence_start:pos].rsplit(comma, 1)[-1]
    return len(clause.strip()) <= 2

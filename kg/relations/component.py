"""The spaCy component ``kg_relations``: the three steps over one Doc.

1. the hand-pattern families (:mod:`.byline`, :mod:`.titles`, :mod:`.verbs`, :mod:`.events`,
   :mod:`.places`, :mod:`.names`), each a stateless function of a per-call
   :class:`~kg.relations.context.DocContext`, one relation per triple kept;
2. candidate pairs from the ontology's domains and ranges (:mod:`.candidates`) with their
   features (:mod:`.features`), the patterns' findings among them;
3. the learned scorer (:mod:`.scorer`), whose relations join the patterns'.

The component holds nothing of a document between calls.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..recognise.doc import _ensure_extensions, _token_table, doc_text
from ..records import Article, Entity, Relation
from . import attends, event_places, events, joins, names, places, policies, titles, verbs, workplaces
from .byline import byline
from .candidates import End
from .confidence import calibrated
from .context import DocContext, best, body_mentions, mentions_of, qualifying_places, sentence_openers
from .features import Tokens
from .lexicon import relation_lexicon
from .scorer import apply, contexts, shipped_model

#: the pattern families, in the order they run (of two equally confident findings of one triple
#: with evidence of one length, the first is kept)
FAMILIES = (byline, titles.titles, titles.role_lists, verbs.verbs, events.among, events.at_events, events.contests, events.pairings, events.champions, attends.attends, joins.announced, joins.contracts, joins.signed_with, joins.joining_nouns,
            places.places, event_places.event_places, names.names, names.lists_of_products, names.customers, names.strategies,
            names.makers, names.copula_units, titles.described_persons, titles.as_posts, titles.topic_posts, titles.bare_posts,
            titles.at_org_posts, workplaces.workplaces, workplaces.works_at, policies.policies)


def doc_context(text: str, tokens, entities: list[Entity], article: Article | None) -> DocContext:
    """The context the families read: the body's mentions (the byline is no topic)."""
    lex = relation_lexicon()
    mentions = qualifying_places(body_mentions(mentions_of(entities), article, len(text)), tokens)
    return DocContext(text, tuple(mentions), Tokens.of(tokens), sentence_openers(text, tokens, lex), lex,
                      tuple(entities), article)


def pattern_relations(ctx: DocContext) -> list[Relation]:
    """What the hand-pattern families find, one relation per triple (the most confident)."""
    found: list[Relation] = []
    for family in FAMILIES:
        found += family(ctx)
    return best(found, ctx.lex.relations)


def scored(ctx: DocContext, patterns: list[Relation]) -> list[Relation]:
    """The hand patterns' relations and those the learned scorer states."""
    model = shipped_model()
    if model is None:
        return patterns
    ends = [End(m.start, m.end, m.key, m.label, m.anaphor) for m in ctx.mentions]
    ctxs = contexts(ctx.text, ctx.words, ends, ctx.lex.relations, patterns, model.uses_patterns)
    return apply(model, ctx.text, ctxs, patterns, ctx.lex.symmetric)


class RelationExtractor:
    """Find relations between the entities of a Doc: patterns, candidates, scorer."""

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        text = doc_text(doc)
        entities: list[Entity] = doc._.kg_entities or []
        article: Article | None = doc._.kg_article
        tokens = _token_table(doc)
        ctx = doc_context(text, tokens, entities, article)
        doc._.kg_relations = calibrated(scored(ctx, pattern_relations(ctx)), ctx.mentions)
        return doc


@Language.factory("kg_relations", requires=["doc._.kg_entities"], assigns=["doc._.kg_relations"])
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    """Build the relation extractor; the ontology's cues, domains and ranges are read on first use."""
    _ensure_extensions()
    relation_lexicon()
    return RelationExtractor()

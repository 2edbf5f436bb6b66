"""The whole pipeline: the tokenizer, the recognisers of :mod:`kg.recognise`, the canonicaliser
and the relation extractor (:mod:`kg.extract`), and the functions that run it over articles."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .recognise import (  # noqa: F401  (factories)
    candidates, canonicalizer, lexicon_ruler, list_mates, rule_launches, rules)
from .graph import few_full_collections
from .recognise.doc import _ensure_extensions
from .records import Article


def make_pipeline(with_ner: bool | None = None) -> Language:
    """Build the whole pipeline: tokenizer, recognisers, canonicaliser, relation extractor.

    Args:
        with_ner: include a pretrained recogniser, LAC (``kg_lac``); True or None (the
            default) include it, False leaves the lexicon and the rules alone (``--no-ner``).

    Returns:
        A spaCy ``Language``; call it on a Doc whose ``doc._.kg_article`` is set.

    >>> [t.text for t in make_pipeline(with_ner=False).make_doc("钉钉并入阿里云")][:1]
    ['钉钉']
    """
    import spacy

    from . import extract  # noqa: F401  (registers kg_relations)

    _ensure_extensions()
    roomier_regex_cache()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    # No component reads lexical attributes (like_num, shape, is_stop …): each new word would
    # otherwise run ~20 attribute functions and store five strings (1.8 s of the bench corpus).
    nlp.vocab.lex_attr_getters = {}
    nlp.add_pipe("kg_lexicon_ruler")
    nlp.add_pipe("kg_rule_entities")
    if with_ner is not False:
        from . import lac  # noqa: F401  (registers kg_lac)

        nlp.add_pipe("kg_lac")
        from . import tagger  # registers kg_tagger (kg.tagger.component: KG_TAGGER, weights shipped)

        if tagger.enabled():
            nlp.add_pipe("kg_tagger")
            from .recognise import vote  # kg_vote: the tagger's sure names where nothing else named any

            if vote.enabled():
                nlp.add_pipe("kg_vote")
    from .recognise import gazetteer  # noqa: F401  (registers kg_product_gazetteer)

    nlp.add_pipe("kg_product_gazetteer")
    nlp.add_pipe("kg_launch_products")  # names in launch frames, after every recogniser (rule_launches)
    nlp.add_pipe("kg_list_mates")
    nlp.add_pipe("kg_canonicalizer")
    nlp.add_pipe("kg_relations")
    return nlp


#: compiled patterns ``re`` keeps (:func:`roomier_regex_cache`)
REGEX_CACHE = 4096


def roomier_regex_cache() -> None:
    """Let ``re`` keep :data:`REGEX_CACHE` compiled patterns (Python 3.11 keeps 512, first in
    first out). The recognisers look names up by patterns of their own (``re.escape(name)``):
    thousands of one-off patterns a build, each pushing a fixed one out to be compiled again
    (bench corpus, 346 articles: 19,076 compiles, 0.67 CPU s; with this 3,445, 0.12 s). The
    same patterns, so the same matches; nothing happens where ``re`` has no such setting."""
    if getattr(re, "_MAXCACHE", REGEX_CACHE) < REGEX_CACHE:
        re._MAXCACHE = REGEX_CACHE


@lru_cache(maxsize=4)
def get_pipeline(with_ner: bool | None = None) -> Language:
    """The pipeline, built once per process and reused (``make_pipeline``'s argument)."""
    return make_pipeline(with_ner)


def analyse(article: Article, nlp: Language | None = None) -> Doc:
    """Run the pipeline over one article.

    Args:
        article: the article to analyse.
        nlp: a pipeline from :func:`make_pipeline`; by default the shared one.

    Returns:
        The Doc with ``_.kg_mentions``, ``_.kg_entities`` and ``_.kg_relations`` set.
    """
    nlp = nlp or get_pipeline()
    doc = nlp.make_doc(article.text)
    doc._.kg_article = article
    return nlp(doc)


def analyse_many(articles, nlp: Language | None = None, batch_size: int = 16):
    """Run the pipeline over a stream of articles in batches (``nlp.pipe``), one Doc at a time out.

    Args:
        articles: an iterable of articles; read lazily, so memory stays bounded.
        nlp: a pipeline from :func:`make_pipeline`; by default the shared one.
        batch_size: Docs per batch of ``nlp.pipe``.

    Yields:
        ``(article, doc)`` in input order.
    """
    nlp = nlp or get_pipeline()

    def docs():
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.kg_article = article
            yield doc

    with few_full_collections():
        for doc in nlp.pipe(docs(), batch_size=batch_size):
            yield doc._.kg_article, doc

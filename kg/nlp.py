"""Stage 2, as it was imported before it became :mod:`kg.recognise` (one module per recogniser
family) and :mod:`kg.pipeline` (``make_pipeline``, ``analyse``): the names other modules and
tests import from ``kg.nlp`` stay here. New code imports from those modules."""

from __future__ import annotations

from .pipeline import analyse, analyse_many, get_pipeline, make_pipeline
from .recognise.candidates import (
    _LATIN_NAME,
    _generic_mention,
    _listed,
    _names_with_their_first_word,
    ner_candidates,
    plausible_name,
)
from .recognise.canonicalizer import Canonicalizer, make_canonicalizer
from .recognise.doc import _candidates, _covered, _ensure_extensions, _mention, _owners, _token_table, doc_text
from .recognise.lexicon_ruler import LexiconRuler, make_lexicon_ruler
from .recognise.list_mates import list_mates
from .recognise.rules import RuleEntities, make_rule_entities
from .recognise.tokenizer import JiebaPosTokenizer, create_jieba_pos_tokenizer
from .recognise.words import _all_suffixes, _common_word, _frequent_word, _rare_word
from .records import Article, Entity, Mention

__all__ = [
    "Article", "Canonicalizer", "Entity", "JiebaPosTokenizer", "LexiconRuler", "Mention", "RuleEntities",
    "_LATIN_NAME", "_all_suffixes", "_candidates", "_common_word", "_covered", "_ensure_extensions",
    "_frequent_word", "_generic_mention", "_listed", "_mention", "_names_with_their_first_word", "_owners",
    "_rare_word", "_token_table", "analyse", "analyse_many",
    "create_jieba_pos_tokenizer", "doc_text", "get_pipeline", "list_mates", "make_canonicalizer",
    "make_lexicon_ruler", "make_pipeline", "make_rule_entities", "ner_candidates", "plausible_name",
]

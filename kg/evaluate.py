"""Stage 7, the graph scorer, as it was imported before it became :mod:`kg.evaluation` (gold,
graph, match, scores, bands, DuIE): the names other modules and tests import from
``kg.evaluate`` stay here."""

from __future__ import annotations

from .evaluation.bands import confidence_bands, format_bands, sum_bands
from .evaluation.duie import duie_relations, evaluate_duie, format_duie
from .evaluation.gold import Gold, GoldEntity, load_gold
from .evaluation.graph import load_graph
from .evaluation.match import (
    EntityMatch,
    GraphEvaluation,
    Judgement,
    evaluate_graph,
    judge_relations,
    match_entities,
)
from .evaluation.scores import evidence_count, evidence_share, format_scores, precision_recall_f1, score_graph
from .evaluation.terms import (
    ARTICLE,
    ARTICLE_CLASSES,
    CORE_CLASSES,
    CORE_RELATIONS,
    DEFAULT_BANDS,
    OPTIONAL,
    REPEAT,
    RIGHT,
    SKIPPED,
    SYMMETRIC_RELATIONS,
    Triple,
    WRONG,
    local_name,
    normalise,
)

__all__ = [
    "ARTICLE",
    "ARTICLE_CLASSES",
    "CORE_CLASSES",
    "CORE_RELATIONS",
    "DEFAULT_BANDS",
    "EntityMatch",
    "Gold",
    "GoldEntity",
    "GraphEvaluation",
    "Judgement",
    "OPTIONAL",
    "REPEAT",
    "RIGHT",
    "SKIPPED",
    "SYMMETRIC_RELATIONS",
    "Triple",
    "WRONG",
    "confidence_bands",
    "duie_relations",
    "evaluate_duie",
    "evaluate_graph",
    "evidence_count",
    "evidence_share",
    "format_bands",
    "format_duie",
    "format_scores",
    "judge_relations",
    "load_gold",
    "load_graph",
    "local_name",
    "match_entities",
    "normalise",
    "precision_recall_f1",
    "score_graph",
    "sum_bands",
]

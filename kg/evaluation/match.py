"""Matching a graph to the gold: nodes to gold entities, triples to gold relations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph
from rdflib.term import Node

from .gold import Gold, load_gold
from .graph import _labels, _predicted_triples, _types, load_graph
from .terms import (
    ARTICLE,
    ARTICLE_CLASSES,
    CORE_CLASSES,
    OPTIONAL,
    REPEAT,
    RIGHT,
    SKIPPED,
    SYMMETRIC_RELATIONS,
    WRONG,
    Triple,
)


@dataclass
class EntityMatch:
    """Graph nodes mapped to gold entities.

    Attributes:
        gold_of: node -> canonical name (``@article`` for article nodes), duplicates included.
        claimed: canonical name -> the node credited with it.
        false_positives: unmatched and duplicate nodes, as rows for ``--show``.
        typed: how many credited nodes have the gold class.
    """

    gold_of: dict[Node, str]
    claimed: dict[str, Node]
    false_positives: list[dict[str, Any]]
    typed: int


def match_entities(graph: Graph, gold: Gold) -> EntityMatch:
    """Map every entity and article node of the graph to the gold, in IRI order.

    Args:
        graph: the graph (see :func:`load_graph`).
        gold: the gold annotations (see :func:`load_gold`).

    Returns:
        The mapping, the credited nodes and the false positives.

    >>> from rdflib import RDF, RDFS, Literal, Namespace
    >>> from kg.evaluation.gold import GoldEntity
    >>> ex, g = Namespace("https://example.org/"), Graph()
    >>> _ = g.add((ex.dd, RDF.type, ex.Product)).add((ex.dd, RDFS.label, Literal("钉钉")))
    >>> gold = Gold({"钉钉": GoldEntity("钉钉", "Product", frozenset({"钉钉"}))}, {"钉钉": "钉钉"},
    ...             frozenset(), frozenset(), frozenset())
    >>> match_entities(g, gold).typed
    1
    """
    typed_nodes = set(graph.subjects(RDF.type, None))
    articles = {n for n in typed_nodes if _types(graph, n) & ARTICLE_CLASSES}
    entities = sorted((n for n in typed_nodes - articles if _types(graph, n) & CORE_CLASSES),
                      key=str)
    match = EntityMatch({}, {}, [], 0)
    for node in entities:
        labels = sorted(_labels(graph, node))
        key = next((gold.alias_index[lab] for lab in labels if lab in gold.alias_index), None)
        if key is not None:
            match.gold_of[node] = key
        if key is None or key in match.claimed:
            match.false_positives.append({"node": str(node), "labels": labels, "duplicate_of": key})
            continue
        match.claimed[key] = node
        match.typed += gold.entities[key].type in _types(graph, node)
    for node in articles:
        match.gold_of[node] = ARTICLE
    return match


@dataclass(frozen=True)
class Judgement:
    """What one predicted relation triple counts as.

    Attributes:
        triple: (subject node, relation local name, object node) as in the graph.
        ends: the gold names of subject and object, None where an end maps to no gold entity.
        outcome: ``right``, ``repeat``, ``optional``, ``wrong`` or ``skipped``.
        gold: the gold relation it matches, if any.
    """

    triple: tuple[Node, str, Node]
    ends: tuple[str | None, str | None]
    outcome: str
    gold: Triple | None = None


def _gold_candidates(subject: str, name: str, objects: Iterable[str]) -> list[Triple]:
    """Gold triples that would match, in order of preference."""
    out = []
    for obj in objects:
        # When the gold lists both directions of a symmetric relation, the reverse is credited
        # first, as in the shared scorer.
        if name in SYMMETRIC_RELATIONS:
            out.append((obj, name, subject))
        out.append((subject, name, obj))
    return out


def judge_relations(triples: Iterable[tuple[Node, str, Node]], gold_of: dict[Node, str],
                    gold: Gold, lenient: bool = False) -> list[Judgement]:
    """Decide, triple by triple in the given order, what each predicted triple counts as.

    Args:
        triples: predicted (subject, relation local name, object) triples.
        gold_of: node -> gold name, from :func:`match_entities`.
        gold: the gold annotations.
        lenient: skip triples with an end outside the gold instead of counting them wrong.

    Returns:
        One judgement per triple; a gold relation is credited to the first triple matching it.

    >>> gold = Gold({}, {}, frozenset({("a", "partnerOf", "b")}), frozenset(), frozenset())
    >>> [j.outcome for j in judge_relations([("B", "partnerOf", "A"), ("A", "partnerOf", "B")],
    ...                                     {"A": "a", "B": "b"}, gold)]
    ['right', 'repeat']
    """
    credited: set[Triple] = set()
    out = []
    for triple in triples:
        subject, name, obj = triple
        ends = (gold_of.get(subject), gold_of.get(obj))
        if ends[0] is None or ends[1] is None:
            out.append(Judgement(triple, ends, SKIPPED if lenient else WRONG))
            continue
        # The article node stands for any article of the gold.
        objects = sorted(gold.article_keys) if ends[1] == ARTICLE else [ends[1]]
        candidates = _gold_candidates(ends[0], name, objects)
        hit = next((t for t in candidates if t in gold.relations), None)
        if hit is not None:
            out.append(Judgement(triple, ends, REPEAT if hit in credited else RIGHT, hit))
            credited.add(hit)
            continue
        optional = next((t for t in candidates if t in gold.optional), None)
        out.append(Judgement(triple, ends, WRONG if optional is None else OPTIONAL, optional))
    return out


@dataclass(frozen=True)
class GraphEvaluation:
    """One graph matched to its gold: what :func:`score_graph` and the breakdowns count from.

    Attributes:
        graph: the graph read.
        gold: the gold annotations.
        entities: its nodes mapped to the gold.
        judgements: one per predicted relation triple, in the scorer's order.
    """

    graph: Graph
    gold: Gold
    entities: EntityMatch
    judgements: list[Judgement]


def evaluate_graph(graph_path: Path, gold_paths: Sequence[Path],
                   lenient: bool = False) -> GraphEvaluation:
    """Read a graph and gold files, match the nodes and judge every predicted relation triple.

    Args:
        graph_path: the built graph.
        gold_paths: its gold JSON files.
        lenient: skip triples with an end outside the gold instead of counting them wrong.

    Raises:
        KgError: a file is missing or not valid.
    """
    gold = load_gold(gold_paths)
    graph = load_graph(graph_path)
    entities = match_entities(graph, gold)
    judgements = judge_relations(_predicted_triples(graph), entities.gold_of, gold, lenient)
    return GraphEvaluation(graph, gold, entities, judgements)

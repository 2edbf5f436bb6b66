"""Scores as the shared scorer counts them, and their report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from ..errors import Errors, KgError
from ..query import shorten
from .graph import _statement_values, _statements
from .match import Judgement, evaluate_graph
from .terms import RIGHT, WRONG, normalise


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1, each rounded to 3 places (0.0 when undefined).

    >>> precision_recall_f1(2, 1, 1)
    (0.667, 0.667, 0.667)
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def _counts(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _read_texts(paths: Iterable[Path]) -> list[str]:
    texts = []
    for path in map(Path, paths):
        try:
            # Undecodable bytes cannot hold verbatim evidence anyway; the shared scorer agrees.
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        except FileNotFoundError as err:
            raise KgError(Errors.E001.format(path=path)) from err
        except OSError as err:
            raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    return texts


def evidence_share(graph: Graph, triples: Sequence[tuple[Node, str, Node]],
                   texts: Iterable[str]) -> float:
    """Share of triples with a statement whose evidence occurs verbatim in one of the texts.

    Args:
        graph: the graph holding the triples and their ``rdf:Statement`` nodes.
        triples: predicted (subject, relation local name, object) triples.
        texts: the article texts; evidence and texts are compared normalised.

    Returns:
        The share, rounded to 3 places; 0.0 without triples.

    >>> evidence_share(Graph(), [], ["钉钉"])
    0.0
    """
    return round(evidence_count(graph, triples, texts) / len(triples), 3) if triples else 0.0


def evidence_count(graph: Graph, triples: Iterable[tuple[Node, str, Node]],
                   texts: Iterable[str]) -> int:
    """How many triples have a statement whose evidence occurs verbatim in one of the texts
    (the numerator of :func:`evidence_share`, for adding up over several graphs).

    >>> evidence_count(Graph(), [], ["钉钉"])
    0
    """
    corpus = "\n".join(normalise(text) for text in texts)
    statements = _statements(graph)

    def verbatim(triple: tuple[Node, str, Node]) -> bool:
        for value in _statement_values(graph, statements.get(triple, ()), "evidence"):
            folded = normalise(value)
            if folded and folded in corpus:
                return True
        return False

    return sum(map(verbatim, triples))


def score_graph(graph_path: Path, gold_paths: list[Path], texts: list[Path] | None = None,
                lenient: bool = False) -> dict[str, Any]:
    """Score a graph against gold files, with the numbers of the shared scorer.

    Args:
        graph_path: the built graph (``graph.ttl``; TriG and other RDF formats also work).
        gold_paths: gold JSON files of the articles the graph was built from.
        texts: article text files; when given, the evidence share is computed.
        lenient: do not count triples with an end outside the gold as false positives.

    Returns:
        ``{"graph", "entities": {precision, recall, f1, tp, fp, fn, typed_accuracy},
        "relations": {precision, recall, f1, tp, fp, fn}, "evidence" (with texts),
        "entity_false_positives", "entity_missed", "relation_false_positives",
        "relation_missed"}``.

    Raises:
        KgError: a file is missing or not valid.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.ttl").write_text('<https://example.org/dd> a <https://example.org/Product>;'
    ...     ' <http://www.w3.org/2000/01/rdf-schema#label> "钉钉" .', encoding="utf-8")
    >>> _ = (folder / "gold.json").write_text('{"article": "a.txt", "entities": [{"id": "dd", '
    ...     '"name": "钉钉", "type": "Product", "aliases": []}], "relations": []}', encoding="utf-8")
    >>> score_graph(folder / "g.ttl", [folder / "gold.json"])["entities"]["f1"]
    1.0
    """
    run = evaluate_graph(graph_path, gold_paths, lenient)
    gold, entities = run.gold, run.entities
    missed_entities = [name for name in gold.entities if name not in entities.claimed]
    credited = {j.gold for j in run.judgements if j.outcome == RIGHT}
    wrong = [j for j in run.judgements if j.outcome == WRONG]
    missed_relations = sorted(gold.relations - credited)
    tp = len(entities.claimed)

    scores: dict[str, Any] = {
        "graph": str(graph_path),
        "entities": {**_counts(tp, len(entities.false_positives), len(missed_entities)),
                     "typed_accuracy": round(entities.typed / tp, 3) if tp else 0.0},
        "relations": _counts(len(credited), len(wrong), len(missed_relations)),
    }
    if texts is not None:
        triples = [j.triple for j in run.judgements]
        scores["evidence"] = evidence_share(run.graph, triples, _read_texts(texts))
    scores["entity_false_positives"] = entities.false_positives
    scores["entity_missed"] = missed_entities
    scores["relation_false_positives"] = [_wrong_row(j) for j in wrong]
    scores["relation_missed"] = [list(t) for t in missed_relations]
    return scores


def _wrong_row(judgement: Judgement) -> dict[str, str]:
    subject, name, obj = judgement.triple
    if None in judgement.ends:
        return {"subject": str(subject), "predicate": name, "object": str(obj),
                "reason": "end not in gold"}
    return {"subject": str(judgement.ends[0]), "predicate": name, "object": str(judgement.ends[1]),
            "reason": "not a gold relation"}


def format_scores(scores: dict[str, Any], show: bool = False) -> str:
    """The summary lines of the shared scorer, after the false positives and misses if asked.

    Args:
        scores: the result of :func:`score_graph`.
        show: list false positives and misses first.

    Returns:
        ``entities  P=… R=… F1=… (tp=… fp=… fn=…) typed=…``, ``relations P=… …`` and, with
        texts, ``evidence  …``.

    >>> e = {"precision": 1.0, "recall": 0.5, "f1": 0.667, "tp": 1, "fp": 0, "fn": 1,
    ...      "typed_accuracy": 1.0}
    >>> r = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}
    >>> print(format_scores({"entities": e, "relations": r}))
    entities  P=1.0 R=0.5 F1=0.667 (tp=1 fp=0 fn=1) typed=1.0
    relations P=0.0 R=0.0 F1=0.0 (tp=0 fp=0 fn=0)
    """
    lines = _listing(scores) if show else []
    e, r = scores["entities"], scores["relations"]
    lines.append(f"entities  P={e['precision']} R={e['recall']} F1={e['f1']} "
                 f"(tp={e['tp']} fp={e['fp']} fn={e['fn']}) typed={e['typed_accuracy']}")
    lines.append(f"relations P={r['precision']} R={r['recall']} F1={r['f1']} "
                 f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    if "evidence" in scores:
        lines.append(f"evidence  {scores['evidence']}")
    return "\n".join(lines)


def _listing(scores: dict[str, Any]) -> list[str]:
    def section(title: str, rows: list[str]) -> list[str]:
        return [f"{title} ({len(rows)}):"] + [f"    {row}" for row in rows]

    entity_fps = [f"{shorten(row['node'])}  [{', '.join(row['labels'])}]"
                  + (f"  duplicate of {row['duplicate_of']}" if row["duplicate_of"] else "")
                  for row in scores.get("entity_false_positives", [])]
    relation_fps = [f"{shorten(row['subject'])} {row['predicate']} {shorten(row['object'])}"
                    f"  ({row['reason']})" for row in scores.get("relation_false_positives", [])]
    return (section("entity false positives", entity_fps)
            + section("entities missed", list(scores.get("entity_missed", [])))
            + section("relation false positives", relation_fps)
            + section("relations missed", [" ".join(t) for t in scores.get("relation_missed", [])]))

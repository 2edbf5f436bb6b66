"""What the graph page draws, read from a graph: nodes, edges, evidence, articles and texts.

:mod:`kg.view` turns these into the page. The page's own words (the label of
an untyped node, the notice of a cut graph) are in ``kg/view_assets/zh.json``;
class and relation names are the ontology's ``rdfs:label`` @zh.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import importlib.util
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from .ontology import ARTICLE_CLASS, KG, KG_IRI, load_schema

ASSETS = Path(__file__).with_name("view_assets")


@functools.cache
def words() -> dict[str, str]:
    """The page's own Chinese words and sentences (``kg/view_assets/zh.json``)."""
    return json.loads((ASSETS / "zh.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def drawn_classes() -> tuple[URIRef, ...]:
    """The classes a node is drawn as, in the legend's order: the ontology's entity classes,
    most specific first (a node typed both Company and Organization is drawn as a Company),
    then the article."""
    schema = load_schema()
    return tuple(URIRef(KG_IRI + name) for name in (*schema.entity_classes, ARTICLE_CLASS))


@functools.lru_cache(maxsize=1)
def _relations() -> tuple[URIRef, ...]:
    """The ontology's relations in the order ``kg.ttl`` declares them (a relation added there
    is drawn and filtered like the others)."""
    schema = load_schema()
    position = {name: index for index, name in enumerate(schema.declared)}
    names = sorted(schema.relations, key=lambda n: (position.get(n, len(position)), n))
    return tuple(URIRef(KG_IRI + name) for name in names)


@functools.lru_cache(maxsize=1)
def _symmetric() -> frozenset[URIRef]:
    """Relations drawn as one undirected edge, whichever way they were stated."""
    return frozenset(URIRef(KG_IRI + n) for n, spec in load_schema().relations.items() if spec.symmetric)

# Colour of relation endpoints that carry none of the known classes.
OTHER_COLOR = "#b8b8b8"


def class_color(cls: URIRef | None) -> str:
    """The colour a class's nodes are drawn in: its ``kg:colour`` in kg.ttl; for a class
    without one, a colour derived from its name (the same in every run); for none, grey.

    >>> class_color(KG.Person), class_color(None)
    ('#e15759', '#b8b8b8')
    >>> class_color(URIRef(KG_IRI + "Fund")) == class_color(URIRef(KG_IRI + "Fund")) != OTHER_COLOR
    True
    """
    if cls is None:
        return OTHER_COLOR
    if (colour := load_schema().colours.get(cls)) is not None:
        return colour
    hue = int(hashlib.sha256(str(cls).encode("utf-8")).hexdigest()[:8], 16) % 360 / 360
    return "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(hue, 0.55, 0.55))

# One drawn relation (subject, predicate, object) -> the triples stated in
# the graph behind it: one, or two for a symmetric relation stated both ways.
Relations = dict[tuple[Node, URIRef, Node], list[tuple[Node, URIRef, Node]]]


def _structure(graph: Graph) -> tuple[dict[Node, URIRef], Relations]:
    """Return the class drawn for each typed node, and the relations to draw."""
    classes: dict[Node, URIRef] = {}
    for cls in reversed(drawn_classes()):
        for subject in graph.subjects(RDF.type, cls):
            classes[subject] = cls  # the loop ends on the most specific class

    relations: Relations = {}
    for predicate in _relations():
        for subject, obj in graph.subject_objects(predicate):
            if isinstance(obj, Literal):
                continue
            key = (subject, predicate, obj)
            if predicate in _symmetric() and obj.n3() < subject.n3():
                key = (obj, predicate, subject)
            relations.setdefault(key, []).append((subject, predicate, obj))
    return classes, relations


def _most_connected(
    order: list[Node], classes: dict[Node, URIRef], relations: Relations, limit: int
) -> tuple[set[Node], str, int]:
    """Return the ``limit`` nodes to draw, the name of the measure that ranked them, and the quota per class.

    Nodes are ranked by PageRank over the undirected relation graph (one
    link per related pair, whatever the number of relations), or by degree
    when the power iteration does not converge. Ties go to the smaller IRI,
    so the choice never depends on the order of the triples. Half the room
    is shared among the classes: each keeps its best ``max(1, limit // (2 *
    classes))`` nodes (all it has, when fewer), so a class the top of the
    ranking leaves out is still represented; the best of the rest fill the
    other half. With more classes than room, the best ranked class leaders win.
    """
    import networkx as nx  # only big graphs pay for the import

    index = {node: position for position, node in enumerate(order)}
    pairs = sorted({(min(index[s], index[o]), max(index[s], index[o])) for s, _, o in relations if s != o})
    try:
        score, measure = _pagerank(len(order), pairs), "PageRank"
    except nx.PowerIterationFailedConvergence:
        score, measure = [0] * len(order), words()["degree"]
        for pair in pairs:
            for end in pair:
                score[end] += 1
    # Rounding turns scores that differ only in floating-point noise, as
    # those of nodes placed alike in the graph may, into genuine ties.
    best = sorted(range(len(order)), key=lambda i: (-float(f"{score[i]:.10g}"), str(order[i]), i))
    by_class: dict[URIRef | None, list[int]] = {}
    for i in best:
        by_class.setdefault(classes.get(order[i]), []).append(i)
    quota = max(1, limit // (2 * len(by_class)))
    place = {i: rank for rank, i in enumerate(best)}
    kept = sorted((i for members in by_class.values() for i in members[:quota]), key=place.__getitem__)[:limit]
    taken = set(kept)
    kept += [i for i in best if i not in taken][: limit - len(kept)]
    return {order[i] for i in kept}, measure, quota


def _pagerank(size: int, pairs: list[tuple[int, int]], alpha: float = 0.85, max_iter: int = 100) -> list[float]:
    """Return the PageRank of nodes ``0 .. size - 1`` of an undirected graph, as ``networkx.pagerank``.

    Raises:
        networkx.PowerIterationFailedConvergence: ``max_iter`` iterations
            did not reach networkx's tolerance.
    """
    import networkx as nx

    if importlib.util.find_spec("scipy") is not None:
        links = nx.Graph()
        links.add_nodes_from(range(size))
        links.add_edges_from(pairs)
        rank = nx.pagerank(links, alpha=alpha, max_iter=max_iter)
        return [rank[i] for i in range(size)]
    # networkx.pagerank runs on scipy, which kg does not depend on; numpy
    # (installed with spacy) runs the same power iteration: same start,
    # damping, dangling nodes and stopping rule.
    import numpy as np

    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    source = np.concatenate([ends[:, 0], ends[:, 1]])
    target = np.concatenate([ends[:, 1], ends[:, 0]])
    degree = np.bincount(source, minlength=size).astype(float)
    dangling = degree == 0
    share = np.divide(1.0, degree, out=np.zeros(size), where=~dangling)
    x = np.full(size, 1.0 / size)
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(target, weights=(last * share)[source], minlength=size) + last[dangling].sum() / size)
        x += (1 - alpha) / size
        if np.abs(x - last).sum() < size * 1.0e-6:
            return x.tolist()
    raise nx.PowerIterationFailedConvergence(max_iter)


def _collect(
    graph: Graph,
    names: dict[URIRef, str],
    classes: dict[Node, URIRef],
    order: list[Node],
    relations: Relations,
    shown: set[Node],
    articles: dict[Node, dict],
) -> tuple[dict[Node, dict], list[dict]]:
    """Gather the nodes and edges, those drawn first (the nodes in ``shown``, the edges among them), in a stable order.

    The others are the page's reserve: a search brings one in with its
    neighbours. A node's degree counts all its relations; its articles are
    those it was derived from, those of its relations' statements and, for
    an article node, itself. Each node says whether it is ``drawn``.
    """
    article_index = {node: index for index, node in enumerate(articles)}
    nodes = {
        node: {
            "id": index,
            "cls": classes.get(node),
            "type": _class_label(classes.get(node), names),
            "label": _node_label(graph, node),
            "alt": sorted(str(alt) for alt in graph.objects(node, SKOS.altLabel)),
            "iri": str(node),
            "arts": {article_index[a] for a in graph.objects(node, PROV.wasDerivedFrom) if a in article_index}
            | ({article_index[node]} if node in article_index else set()),
            "degree": 0,
            "drawn": node in shown,
        }
        for index, node in enumerate(sorted(order, key=lambda node: node not in shown))
    }
    position = {node: index for index, node in enumerate(order)}
    statements = _statements(graph)

    edges = []
    pair_seen: dict[frozenset, int] = {}
    in_order = sorted(
        relations,
        key=lambda t: (not {t[0], t[2]} <= shown, position[t[0]], _relations().index(t[1]), position[t[2]]),
    )
    for subject, predicate, obj in in_order:
        evidence = _rank(
            [
                found
                for triple in relations[(subject, predicate, obj)]
                for found in _evidence(graph, statements, triple, article_index)
            ]
        )
        for end in (subject, obj):
            nodes[end]["arts"].update(art for _, _, art in evidence if art is not None)
            nodes[end]["degree"] += 1
        # Parallel edges between one pair would be drawn on top of each
        # other; bend each further one a little more.
        pair = frozenset((subject, obj))
        rank = pair_seen[pair] = pair_seen.get(pair, -1) + 1
        edges.append(
            {
                "id": len(edges),
                "from": nodes[subject]["id"],
                "to": nodes[obj]["id"],
                "pred": _local_name(predicate),
                "label": names.get(predicate) or _local_name(predicate),
                "symmetric": predicate in _symmetric(),
                "bend": rank,
                "evidence": evidence,
            }
        )
    return nodes, edges


def _statements(graph: Graph) -> dict[tuple[Node, Node, Node], list[Node]]:
    """Index the ``rdf:Statement`` nodes of ``graph`` by the triple each one reifies."""
    found: dict[tuple[Node, Node, Node], list[Node]] = {}
    for statement, subject in graph.subject_objects(RDF.subject):
        for predicate in graph.objects(statement, RDF.predicate):
            for obj in graph.objects(statement, RDF.object):
                found.setdefault((subject, predicate, obj), []).append(statement)
    return found


Evidence = tuple[float | None, str, int | None]


def _evidence(
    graph: Graph,
    statements: dict[tuple[Node, Node, Node], list[Node]],
    triple: tuple[Node, URIRef, Node],
    article_index: dict[Node, int],
) -> list[Evidence]:
    """Return (confidence, sentence, article index) of the statements behind one triple."""
    found = []
    for statement in statements.get(triple, ()):
        confidence = graph.value(statement, KG.confidence)
        sources = sorted(article_index[a] for a in graph.objects(statement, PROV.wasDerivedFrom) if a in article_index)
        for sentence in graph.objects(statement, KG.evidence):
            found.extend((_as_float(confidence), str(sentence), art) for art in sources or [None])
    return found


def _rank(evidence: list[Evidence]) -> list[Evidence]:
    """Deduplicate evidence, most confident first, ties by text, then article."""
    return sorted(set(evidence), key=lambda item: (-(item[0] or 0.0), item[1], -1 if item[2] is None else item[2]))


def _articles(graph: Graph, classes: dict[Node, URIRef]) -> dict[Node, dict]:
    """Return the news articles in IRI order, each with its title, date and file name."""
    found = {}
    for node in sorted((node for node, cls in classes.items() if cls == KG.NewsArticle), key=lambda n: n.n3()):
        created = graph.value(node, DCTERMS.created)
        found[node] = {
            "title": _node_label(graph, node),
            "date": str(created).replace("T", " ")[:16] if created is not None else "",
            "file": str(graph.value(node, DCTERMS.source) or ""),
        }
    return found


# An article's text for the reader: {"text": str, "mentions": [(start, end, entity node)],
# "evidence": [(start, end, subject, predicate, object)]}, offsets into the text.
ArticleText = dict


def article_texts(results: Iterable) -> dict[URIRef, ArticleText]:
    """Return the text of each analysed article, with its mentions and evidence, for :func:`graph_html`.

    Args:
        results: the articles' records, entity keys resolved across articles
            (:class:`kg.graph.ArticleResult`).

    Returns:
        Per article node, the text as written and the offsets where each
        entity is named and each relation stated.
    """
    from .graph import ARTICLE, article_iri, entity_iri
    from .ontology import kg_term

    texts = {}
    for result in results:
        art = article_iri(result.article)

        def node(key: str, art: URIRef = art) -> URIRef:
            return art if key == ARTICLE else entity_iri(key)

        texts[art] = {
            "text": result.article.original or result.article.text,
            "mentions": sorted({(m.start, m.end, node(e.key)) for e in result.entities for m in e.mentions}),
            "evidence": sorted({(r.start, r.end, node(r.subject), kg_term(r.predicate), node(r.object))
                                for r in result.relations}),
        }
    return texts


def edge_index(nodes: dict[Node, dict], edges: list[dict]) -> tuple[dict, dict]:
    """The page's ids of the nodes and of the edges by ``(from, pred, to)`` (both ways when
    symmetric): what :func:`_reader` looks evidence up in, made once for all articles."""
    ids = {node: entry["id"] for node, entry in nodes.items()}
    drawn = {}
    for edge in edges:
        drawn[(edge["from"], edge["pred"], edge["to"])] = edge["id"]
        if edge["symmetric"]:
            drawn[(edge["to"], edge["pred"], edge["from"])] = edge["id"]
    return ids, drawn


def _reader(
    graph: Graph,
    names: dict[URIRef, str],
    classes: dict[Node, URIRef],
    nodes: dict[Node, dict],
    edges: list[dict],
    found: ArticleText | None,
    index: tuple[dict, dict] | None = None,
) -> dict:
    """Return an article's text for the page's reader, or ``text: None`` when the page has none.

    Mentions become ``[start, end, node id or None, name, class label,
    colour]``, the first of overlapping ones kept (the longer at one
    start); evidence becomes ``[start, end, edge id or None, "subject
    relation object"]``, the edge None when it is not drawn.
    """
    if found is None:
        return {"text": None, "mentions": [], "evidence": []}
    text = found["text"]
    mentions, reach = [], 0
    for start, end, entity in sorted(found["mentions"], key=lambda m: (m[0], -m[1], str(m[2]))):
        if start < reach or not 0 <= start < end <= len(text):
            continue
        reach = end
        cls = classes.get(entity)
        mentions.append([start, end, nodes[entity]["id"] if entity in nodes else None, _node_label(graph, entity),
                         _class_label(cls, names), class_color(cls)])
    ids, drawn = index or edge_index(nodes, edges)
    evidence = []
    for start, end, subject, predicate, obj in found["evidence"]:
        if not 0 <= start < end <= len(text):
            continue
        edge = drawn.get((ids.get(subject), _local_name(predicate), ids.get(obj)))
        said = f"{_node_label(graph, subject)} {names.get(predicate) or _local_name(predicate)} {_node_label(graph, obj)}"
        evidence.append([start, end, edge, said])
    evidence.sort(key=lambda e: (e[0], e[1], e[3], -1 if e[2] is None else e[2]))
    return {"text": text, "mentions": mentions, "evidence": evidence}


def _as_float(value: Node | None) -> float | None:
    """Read a confidence literal, tolerating a missing or malformed one."""
    try:
        number = float(value) if value is not None else math.nan
    except ValueError:
        number = math.nan
    # NaN or infinity would make the JSON block invalid.
    return number if math.isfinite(number) else None


#: rdflib's namespaces look a term up on each attribute access (about 0.6 µs): once here
_LABEL, _TITLE = RDFS.label, DCTERMS.title


def _node_label(graph: Graph, node: Node) -> str:
    """Return a node's display name: Chinese label, any label, title, IRI tail."""
    names = [(0 if lit.language == "zh" else 1, str(lit)) for lit in graph.objects(node, _LABEL)]
    names += [(2, str(lit)) for lit in graph.objects(node, _TITLE)]
    return min(names)[1] if names else _local_name(node)


def _class_label(cls: URIRef | None, names: dict[URIRef, str]) -> str:
    return words()["other"] if cls is None else names.get(cls) or _local_name(cls)


def _local_name(node: Node) -> str:
    return re.split(r"[#/]", str(node).rstrip("/#"))[-1]


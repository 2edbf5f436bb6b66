"""Offline HTML view of a knowledge graph: an explorer in one file.

The page is self-contained: the vis-network library (vendored in
``kg/view_assets/vendor`` with its licence) and the explorer's own script,
stylesheet and template (``kg/view_assets``) are inlined, so it opens with no network at all.
Article text is untrusted, so every label and evidence sentence travels as
JSON and reaches the DOM only through ``textContent``. A graph too big to
lay out in a browser is drawn in part, its best connected nodes, and the
page says so.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from string import Template

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from .ontology import KG, KG_IRI, load_schema

# Most specific first: a node typed both Company and Organization is drawn
# as a Company.
ENTITY_CLASSES = tuple(
    KG[name]
    for name in "Person Company GovernmentBody Organization Product Place Event Strategy Policy NewsArticle".split()
)


@functools.lru_cache(maxsize=1)
def _relations() -> tuple[URIRef, ...]:
    """The ontology's relations in the order ``kg.ttl`` declares them (a relation added there
    is drawn and filtered like the others)."""
    from .ontology import ontology_dir

    text = (ontology_dir() / "kg.ttl").read_text(encoding="utf-8")
    names = sorted(load_schema().relations, key=lambda n: (text.find(f"kg:{n} a "), n))
    return tuple(URIRef(KG_IRI + name) for name in names)


@functools.lru_cache(maxsize=1)
def _symmetric() -> frozenset[URIRef]:
    """Relations drawn as one undirected edge, whichever way they were stated."""
    return frozenset(URIRef(KG_IRI + n) for n, spec in load_schema().relations.items() if spec.symmetric)

# Label for relation endpoints that carry none of the known classes.
OTHER_LABEL = "其他"
OTHER_COLOR = "#b8b8b8"

COLORS = {
    KG.Person: "#e15759",
    KG.Company: "#f28e2b",
    KG.GovernmentBody: "#76b7b2",
    KG.Organization: "#4e79a7",
    KG.Product: "#59a14f",
    KG.Place: "#edc948",
    KG.Event: "#b07aa1",
    KG.Strategy: "#ff9da7",
    KG.Policy: "#9c755f",
    KG.NewsArticle: "#79706e",
}

# Past this many nodes the page draws only the best connected part of the
# graph (see graph_html), and points to the file beside it that holds all.
MAX_NODES = 1500
FULL_GRAPH_FILE = "graph.ttl"

MAX_LABEL_CHARS = 18
ASSETS = Path(__file__).with_name("view_assets")
# vis-network 9.1.2, its licence and version in the README beside it.
VENDOR = ASSETS / "vendor"

# Stabilisation cost grows with nodes x iterations; this budget keeps a
# graph of thousands of nodes to a few seconds of layout before physics
# is switched off.
MAX_ITERATIONS = 600
ITERATION_BUDGET = 200_000
MIN_ITERATIONS = 50
# Wall-clock bound on stabilisation, whatever the size and the machine: past
# it the page stops the layout where it is and switches physics off.
STABILISATION_SECONDS = 20
# vis-network's own initial layout (Kamada-Kawai per cluster) is good but
# slow; past this many nodes the page seeds positions itself.
SEEDED_LAYOUT_FROM = 150
# Past this many nodes, edges are hidden while dragging and zooming so the
# page keeps up with the pointer.
LARGE_GRAPH_FROM = 1000
# Golden angle: successive points of a sunflower spiral never line up.
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def graph_html(
    graph: Graph,
    title: str = "kg",
    labels: dict[URIRef, str] | None = None,
    max_nodes: int = MAX_NODES,
    texts: Mapping[Node, ArticleText] | None = None,
) -> str:
    """Return a complete, self-contained HTML page drawing ``graph``.

    Entities and news articles become coloured nodes with a legend, relation
    triples become labelled edges, and hovering either shows its type and
    the evidence sentences of the ``rdf:Statement`` nodes behind it. The
    page is an explorer: a search over names and aliases (the URL hash
    names the selection), a details panel with every relation's evidence,
    confidence and source article, a 1- or 2-step neighbourhood focus and
    filters by class, relation, confidence, article and publication date
    range, and a reader that shows an article's text (when ``texts`` has
    it) with its mentions in their class colours and its relations'
    evidence marked. The page loads
    nothing from the network, and the same graph always gives
    byte-identical HTML.

    A graph of more than ``max_nodes`` nodes is cut down to its most
    connected part, every class kept: the best connected nodes by PageRank
    over the undirected relation graph, at least a share of ``max_nodes``
    from each class (see :func:`_most_connected`), and the relations among
    them. The page says so in a notice that counts what was left out per
    class, and its legend counts shown / total nodes per class; the search
    still finds the names left out, and says they are not drawn.

    Args:
        graph: Graph following the kg contract: typed entities with
            ``rdfs:label``, a ``kg:NewsArticle`` with ``dcterms:title``,
            relation triples and reified statements carrying
            ``kg:evidence`` and ``kg:confidence``.
        title: Page title, shown as text.
        labels: Chinese labels of classes and properties that override
            the ontology's ``rdfs:label`` @zh; IRIs in neither are shown
            by their local name.
        max_nodes: Most nodes the page draws; a browser lays out a few
            thousand at most in reasonable time.
        texts: Per article node, its text and where its entities are
            named and its relations stated (:func:`article_texts`), for
            the page's article reader. The graph holds no article text:
            without it (a page drawn again from a graph file) the reader
            says so.

    Returns:
        The HTML document as a string.

    Raises:
        ValueError: ``max_nodes`` is less than 1.

    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix kg: <https://w3id.org/kg-zh/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://example.org/tingyu> a kg:Product ; rdfs:label "听雨办公"@zh .
    ... ''')
    >>> page = graph_html(g, title="示例")
    >>> page.startswith("<!DOCTYPE html>"), "听雨办公" in page, "<script src" in page
    (True, True, False)
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    names = {**load_schema().class_labels, **(labels or {})}
    classes, relations = _structure(graph)
    order = sorted(set(classes) | {end for s, _, o in relations for end in (s, o)}, key=lambda node: node.n3())
    cut = len(order) > max_nodes
    shown, ranked_by, quota = _most_connected(order, classes, relations, max_nodes) if cut else (set(order), "", 0)
    articles = _articles(graph, classes)
    nodes, edges = _collect(graph, names, classes, order, relations, shown, articles)
    public = [_public(node) for node in nodes.values()]
    seeded = len(public) >= SEEDED_LAYOUT_FROM
    if seeded:
        _seed_positions(public)
    data = {
        "nodes": public,
        "edges": edges,
        "iterations": max(MIN_ITERATIONS, min(MAX_ITERATIONS, ITERATION_BUDGET // max(len(public), 1))),
        "seeded": seeded,
        "large": len(public) >= LARGE_GRAPH_FROM,
        "seconds": STABILISATION_SECONDS,
        "articles": list(articles.values()),
        "relations": [[_local_name(p), names.get(p) or _local_name(p)] for p in _relations()
                      if any(key[1] == p for key in relations)],
        # Names of the nodes left out, so that a search still finds them: [name, class label, aliases].
        "dropped": [
            [_node_label(graph, n), _class_label(classes.get(n), names), sorted(map(str, graph.objects(n, SKOS.altLabel)))]
            for n in order
            if n not in shown
        ],
        "total": len(order),
    }
    data["texts"] = texts is not None
    for node, article in articles.items():
        article["node"] = nodes[node]["id"] if node in nodes else None
        article.update(_reader(graph, names, classes, nodes, edges, (texts or {}).get(node)))
    notice = ""
    if cut:
        left_out = _left_out(Counter(classes.get(node) for node in order if node not in shown), names)
        text = (
            f"显示 {len(public):,} / {len(order):,} 个节点（按 {ranked_by} 选取连接最多的部分，"
            f"每个类别至少保留 {quota:,} 个）；未画出：{left_out}。完整图在 {FULL_GRAPH_FILE} 中。"
        )
        notice = f'<p class="kg-notice" id="kg-notice" role="status">{html.escape(text)}</p>\n'
    js, css = _vis_assets()
    page, app_js, app_css = _app_assets()
    return Template(page).substitute(
        title=html.escape(title),
        vis_css=css,
        vis_js=js,
        notice=notice,
        legend=_legend(
            Counter(classes.get(node) for node in order),
            Counter(classes.get(node) for node in shown) if cut else None,
            names,
        ),
        node_count=f"{len(public):,}",
        edge_count=f"{len(edges):,} / {len(relations):,}" if cut else f"{len(edges):,}",
        data=_script_json(data),
        app_js=app_js,
        app_css=app_css,
    )


# One drawn relation (subject, predicate, object) -> the triples stated in
# the graph behind it: one, or two for a symmetric relation stated both ways.
Relations = dict[tuple[Node, URIRef, Node], list[tuple[Node, URIRef, Node]]]


def _structure(graph: Graph) -> tuple[dict[Node, URIRef], Relations]:
    """Return the class drawn for each typed node, and the relations to draw."""
    classes: dict[Node, URIRef] = {}
    for cls in reversed(ENTITY_CLASSES):
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
        score, measure = [0] * len(order), "度数"
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


def _left_out(dropped: Counter, names: dict[URIRef, str]) -> str:
    """Say how many nodes of each class the page leaves out, in class order: ``人物 5 个、公司 4 个``."""
    rank = {cls: index for index, cls in enumerate(ENTITY_CLASSES)}
    return "、".join(
        f"{_class_label(cls, names)} {dropped[cls]:,} 个"
        for cls in sorted(dropped, key=lambda cls: rank.get(cls, len(rank)))
        if dropped[cls]
    )


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
    """Gather the drawable nodes in ``shown`` and the edges among them, in a stable order.

    A node's degree counts all its relations, drawn or not; its articles
    are those it was derived from, those of its relations' statements and,
    for an article node, itself.
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
        }
        for index, node in enumerate(node for node in order if node in shown)
    }
    position = {node: index for index, node in enumerate(order)}
    statements = _statements(graph)

    edges = []
    pair_seen: dict[frozenset, int] = {}
    in_order = sorted(
        (key for key in relations if key[0] in shown or key[2] in shown),
        key=lambda t: (position[t[0]], _relations().index(t[1]), position[t[2]]),
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
            if end in nodes:
                nodes[end]["arts"].update(art for _, _, art in evidence if art is not None)
                nodes[end]["degree"] += 1
        if subject not in nodes or obj not in nodes:
            continue
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


def _legend(total: Counter, shown: Counter | None, names: dict[URIRef, str]) -> str:
    """Return the legend's list items, one per class in the graph, in class order.

    Each counts the nodes of its class, as shown / total when ``shown`` is
    given (the page draws only part of the graph).
    """
    rank = {cls: index for index, cls in enumerate(ENTITY_CLASSES)}
    items = []
    for cls in sorted(total, key=lambda cls: rank.get(cls, len(rank))):
        count = f"{total[cls]:,}" if shown is None else f"{shown[cls]:,} / {total[cls]:,}"
        key = _local_name(cls) if cls is not None else ""
        items.append(
            f'<li class="kg-class" data-cls="{key}" role="button" tabindex="0" aria-pressed="true">'
            f'<span class="kg-swatch" style="background:{COLORS.get(cls, OTHER_COLOR)}"></span>'
            f'{html.escape(_class_label(cls, names))} <span class="kg-count">{count}</span></li>'
        )
    return "\n".join(items)


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


def _reader(
    graph: Graph,
    names: dict[URIRef, str],
    classes: dict[Node, URIRef],
    nodes: dict[Node, dict],
    edges: list[dict],
    found: ArticleText | None,
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
                         _class_label(cls, names), COLORS.get(cls, OTHER_COLOR)])
    ids = {node: entry["id"] for node, entry in nodes.items()}
    drawn = {}
    for edge in edges:
        drawn[(edge["from"], edge["pred"], edge["to"])] = edge["id"]
        if edge["symmetric"]:
            drawn[(edge["to"], edge["pred"], edge["from"])] = edge["id"]
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


def _public(node: dict) -> dict:
    """Turn a collected node into the JSON the page draws."""
    label = node["label"]
    short = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
    return {
        "id": node["id"],
        "label": short,
        "name": label,
        "type": node["type"],
        "cls": _local_name(node["cls"]) if node["cls"] is not None else "",
        "alt": node["alt"],
        "iri": node["iri"],
        "color": COLORS.get(node["cls"], OTHER_COLOR),
        "shape": "diamond" if node["cls"] == KG.NewsArticle else "dot",
        "size": round(10 + 4 * min(node["degree"], 25) ** 0.5, 1),
        "degree": node["degree"],
        "arts": sorted(node["arts"]),
    }


def _seed_positions(nodes: list[dict]) -> None:
    """Place nodes on a sunflower spiral, best connected in the middle.

    Left to itself vis-network starts a big graph with every node on one
    wide ring, and a bounded stabilisation cannot pull that into shape; an
    evenly filled disc with the hubs at its centre settles in far fewer
    iterations.
    """
    by_size = sorted(nodes, key=lambda node: (-node["size"], node["id"]))
    for rank, node in enumerate(by_size):
        radius = 60 * math.sqrt(rank)
        node["x"] = round(radius * math.cos(rank * GOLDEN_ANGLE))
        node["y"] = round(radius * math.sin(rank * GOLDEN_ANGLE))


def _node_label(graph: Graph, node: Node) -> str:
    """Return a node's display name: Chinese label, any label, title, IRI tail."""
    names = [(0 if lit.language == "zh" else 1, str(lit)) for lit in graph.objects(node, RDFS.label)]
    names += [(2, str(lit)) for lit in graph.objects(node, DCTERMS.title)]
    return min(names)[1] if names else _local_name(node)


def _class_label(cls: URIRef | None, names: dict[URIRef, str]) -> str:
    return OTHER_LABEL if cls is None else names.get(cls) or _local_name(cls)


def _local_name(node: Node) -> str:
    return re.split(r"[#/]", str(node).rstrip("/#"))[-1]


def _script_json(data: dict) -> str:
    """Serialise ``data`` for a ``<script type="application/json">`` block.

    Escaping ``<``, ``>`` and ``&`` means no text from an article can close
    the script element, whatever it contains.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """Return the vis-network script and stylesheet vendored in ``kg/view_assets/vendor``."""
    js = (VENDOR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VENDOR / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment would make developer tools look for a file that
    # is not there. "</script" inside a string or comment would end the
    # inline element early; "<\\/" means the same to JavaScript.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js, css


@functools.cache
def _app_assets() -> tuple[str, str, str]:
    """Return the page template, script and stylesheet of the explorer (``kg/view_assets``)."""
    return tuple((ASSETS / name).read_text(encoding="utf-8") for name in ("page.html", "view.js", "view.css"))

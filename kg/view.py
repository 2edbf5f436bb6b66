"""Offline HTML view of a knowledge graph.

The page is one self-contained file: the vis-network library that ships
inside the pyvis package is inlined, so it opens with no network at all.
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
from pathlib import Path
from string import Template

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .ontology import KG

# Most specific first: a node typed both Company and Organization is drawn
# as a Company.
ENTITY_CLASSES = (
    KG.Person,
    KG.Company,
    KG.GovernmentBody,
    KG.Organization,
    KG.Product,
    KG.Place,
    KG.Event,
    KG.Strategy,
    KG.Policy,
    KG.NewsArticle,
)

RELATIONS = tuple(
    KG[name]
    for name in (
        "partOf leads memberOf worksFor founded hasStrategy acquired "
        "investedIn partnerOf develops customerOf locatedIn attended "
        "organized issued basedOn authorOf publisherOf"
    ).split()
)

# Relations drawn as one undirected edge, whichever way they were stated.
SYMMETRIC = frozenset({KG.partnerOf})

DEFAULT_LABELS: dict[URIRef, str] = {
    KG.Person: "人物",
    KG.Organization: "组织",
    KG.Company: "公司",
    KG.GovernmentBody: "政府机构",
    KG.Product: "产品",
    KG.Place: "地点",
    KG.Event: "事件",
    KG.Strategy: "战略",
    KG.Policy: "政策",
    KG.NewsArticle: "文章",
    KG.partOf: "隶属",
    KG.leads: "领导",
    KG.memberOf: "成员",
    KG.worksFor: "任职于",
    KG.founded: "创立",
    KG.hasStrategy: "战略",
    KG.acquired: "收购",
    KG.investedIn: "投资",
    KG.partnerOf: "合作",
    KG.develops: "开发",
    KG.customerOf: "客户",
    KG.locatedIn: "位于",
    KG.attended: "参加",
    KG.organized: "主办",
    KG.issued: "发布",
    KG.basedOn: "基于",
    KG.authorOf: "作者",
    KG.publisherOf: "出品",
}

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
MAX_NODE_EVIDENCE = 5

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
) -> str:
    """Return a complete, self-contained HTML page drawing ``graph``.

    Entities and news articles become coloured nodes with a legend, relation
    triples become labelled edges, and hovering either shows its type and
    the evidence sentences of the ``rdf:Statement`` nodes behind it. The
    page loads nothing from the network, and the same graph always gives
    byte-identical HTML.

    A graph of more than ``max_nodes`` nodes is cut down to its most
    connected part: the ``max_nodes`` nodes of highest PageRank over the
    undirected relation graph and the relations among them. The page says
    so in a notice, and its legend counts shown / total nodes per class.

    Args:
        graph: Graph following the kg contract: typed entities with
            ``rdfs:label``, a ``kg:NewsArticle`` with ``dcterms:title``,
            relation triples and reified statements carrying
            ``kg:evidence`` and ``kg:confidence``.
        title: Page title, shown as text.
        labels: Chinese labels of classes and properties, e.g. the
            ``rdfs:label`` values of the ontology; IRIs missing from it
            fall back to built-in names.
        max_nodes: Most nodes the page draws; a browser lays out a few
            thousand at most in reasonable time.

    Returns:
        The HTML document as a string.

    Raises:
        ValueError: ``max_nodes`` is less than 1.

    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix kg: <https://w3id.org/kg-zh/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://example.org/dingtalk> a kg:Product ; rdfs:label "钉钉"@zh .
    ... ''')
    >>> page = graph_html(g, title="示例")
    >>> page.startswith("<!DOCTYPE html>"), "钉钉" in page, "<script src" in page
    (True, True, False)
    """
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, not {max_nodes}")
    names = {**DEFAULT_LABELS, **(labels or {})}
    classes, relations = _structure(graph)
    order = sorted(set(classes) | {end for s, _, o in relations for end in (s, o)}, key=lambda node: node.n3())
    cut = len(order) > max_nodes
    shown, ranked_by = _most_connected(order, relations, max_nodes) if cut else (set(order), "")
    nodes, edges = _collect(graph, names, classes, order, relations, shown)
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
    }
    notice = ""
    if cut:
        text = (
            f"显示 {len(public):,} / {len(order):,} 个节点（按 {ranked_by} 选取连接最多的部分）；"
            f"完整图在 {FULL_GRAPH_FILE} 中。"
        )
        notice = f'<p class="kg-notice" id="kg-notice" role="status">{html.escape(text)}</p>\n'
    js, css = _vis_assets()
    return _PAGE.substitute(
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
        app_js=_APP_JS,
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
    for predicate in RELATIONS:
        for subject, obj in graph.subject_objects(predicate):
            if isinstance(obj, Literal):
                continue
            key = (subject, predicate, obj)
            if predicate in SYMMETRIC and obj.n3() < subject.n3():
                key = (obj, predicate, subject)
            relations.setdefault(key, []).append((subject, predicate, obj))
    return classes, relations


def _most_connected(order: list[Node], relations: Relations, limit: int) -> tuple[set[Node], str]:
    """Return the ``limit`` best connected nodes, and the name of the measure used.

    Nodes are ranked by PageRank over the undirected relation graph (one
    link per related pair, whatever the number of relations), or by degree
    when the power iteration does not converge. Ties go to the smaller IRI,
    so the choice never depends on the order of the triples.
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
    return {order[i] for i in best[:limit]}, measure


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
) -> tuple[dict[Node, dict], list[dict]]:
    """Gather the drawable nodes in ``shown`` and the edges among them, in a stable order.

    A node's degree and evidence count all its relations, drawn or not.
    """
    nodes = {
        node: {
            "id": index,
            "cls": classes.get(node),
            "type": _class_label(classes.get(node), names),
            "label": _node_label(graph, node),
            "alt": sorted(str(alt) for alt in graph.objects(node, SKOS.altLabel)),
            "iri": str(node),
            "evidence": [],
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
        key=lambda t: (position[t[0]], RELATIONS.index(t[1]), position[t[2]]),
    )
    for subject, predicate, obj in in_order:
        evidence = _rank(
            [found for triple in relations[(subject, predicate, obj)] for found in _evidence(graph, statements, triple)]
        )
        for end in (subject, obj):
            if end in nodes:
                nodes[end]["evidence"].extend(evidence)
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
                "label": names.get(predicate) or _local_name(predicate),
                "symmetric": predicate in SYMMETRIC,
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
        items.append(
            f'<li><span class="kg-swatch" style="background:{COLORS.get(cls, OTHER_COLOR)}"></span>'
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


def _evidence(
    graph: Graph, statements: dict[tuple[Node, Node, Node], list[Node]], triple: tuple[Node, URIRef, Node]
) -> list[tuple[float | None, str]]:
    """Return (confidence, sentence) pairs of the statements behind one triple."""
    found = []
    for statement in statements.get(triple, ()):
        confidence = graph.value(statement, KG.confidence)
        for sentence in graph.objects(statement, KG.evidence):
            found.append((_as_float(confidence), str(sentence)))
    return found


def _rank(evidence: list[tuple[float | None, str]]) -> list[tuple[float | None, str]]:
    """Deduplicate evidence, most confident first, ties by text."""
    return sorted(set(evidence), key=lambda item: (-(item[0] or 0.0), item[1]))


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
    evidence = _rank(node["evidence"])
    label = node["label"]
    short = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
    return {
        "id": node["id"],
        "label": short,
        "name": label,
        "type": node["type"],
        "alt": node["alt"],
        "iri": node["iri"],
        "color": COLORS.get(node["cls"], OTHER_COLOR),
        "shape": "diamond" if node["cls"] == KG.NewsArticle else "dot",
        "size": round(10 + 4 * min(node["degree"], 25) ** 0.5, 1),
        "evidence": evidence[:MAX_NODE_EVIDENCE],
        "more": max(0, len(evidence) - MAX_NODE_EVIDENCE),
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
    """Return the vis-network script and stylesheet shipped inside pyvis."""
    # find_spec locates the package without importing it (pyvis pulls in
    # jinja2 and networkx at import time).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; it provides the vis-network library")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment would make developer tools look for a file that
    # is not there. "</script" inside a string or comment would end the
    # inline element early; "<\\/" means the same to JavaScript.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js, css


_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var status = document.getElementById("kg-status");

  function add(parent, tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }

  // Tooltips are DOM elements filled with textContent: vis-network shows an
  // element as is, so untrusted article text is never parsed as HTML.
  function tooltip(kind, name, extra, evidence, more) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    add(box, "div", "kg-tip-kind", kind);
    add(box, "div", "kg-tip-name", name);
    extra.forEach(function (line) { add(box, "div", "kg-tip-extra", line); });
    if (evidence.length) {
      var list = add(box, "ol", "kg-tip-evidence");
      evidence.forEach(function (item) {
        var li = add(list, "li", null, item[1]);
        if (item[0] !== null) { add(li, "span", "kg-tip-conf", "置信度 " + item[0].toFixed(2)); }
      });
      if (more) { add(box, "div", "kg-tip-extra", "另有 " + more + " 条证据"); }
    }
    return box;
  }

  var byId = {};
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    byId[n.id] = n;
    var extra = n.alt.length ? ["别名：" + n.alt.join("、")] : [];
    extra.push(n.iri);
    var node = {
      id: n.id, label: n.label, shape: n.shape, size: n.size, color: n.color,
      title: tooltip(n.type, n.name, extra, n.evidence, n.more)
    };
    if (data.seeded) { node.x = n.x; node.y = n.y; }
    return node;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var arrow = e.symmetric ? " — " : " → ";
    var smooth = e.bend === 0 ? false
      : {type: e.bend % 2 ? "curvedCW" : "curvedCCW", roundness: 0.3 * Math.ceil(e.bend / 2)};
    return {
      id: e.id, from: e.from, to: e.to, label: e.label, smooth: smooth,
      arrows: e.symmetric ? "" : "to",
      title: tooltip(e.label, byId[e.from].name + arrow + byId[e.to].name, [], e.evidence, 0)
    };
  }));

  var font = "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";
  // vis-network stabilises in batches, the first while it is constructed;
  // after a batch that ends past the time limit, stopping the simulation
  // ends stabilisation where it is.
  var deadline = performance.now() + 1000 * data.seconds;
  var network = new vis.Network(document.getElementById("kg-canvas"), {nodes: nodes, edges: edges}, {
    layout: {randomSeed: 7, improvedLayout: !data.seeded},
    nodes: {font: {face: font, size: 15, strokeWidth: 3, strokeColor: "#ffffff"}, borderWidth: 1},
    edges: {
      color: {color: "#9aa0a6", highlight: "#333333", hover: "#333333"},
      font: {face: font, size: 13, color: "#555555", strokeWidth: 4, strokeColor: "#ffffff"},
      arrows: {to: {scaleFactor: 0.5}},
      width: 1
    },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -80, centralGravity: 0.015, springLength: 120, springConstant: 0.06, avoidOverlap: 0.4,
        // A coarser Barnes-Hut approximation halves the cost of an iteration
        // on a big graph and looks the same there.
        theta: data.large ? 1.0 : 0.5
      },
      stabilization: {iterations: data.iterations, updateInterval: 20, fit: true}
    },
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.large, hideEdgesOnZoom: data.large}
  });
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;

  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局中 " + Math.round(100 * p.iterations / p.total) + "%";
    if (performance.now() > deadline) { network.stopSimulation(); }
  });
  // Physics would otherwise keep nudging nodes (and burning CPU) forever;
  // once the bounded stabilisation is over the drawing stays put.
  function settle() {
    network.setOptions({physics: false});
    status.textContent = data.nodes.length ? "" : "图中没有节点。";
    window.kgSettledMs = Math.round(performance.now());
    window.kgStabilized = true;
  }
  // An empty network never stabilises, so nothing would call settle.
  if (data.nodes.length) { network.once("stabilizationIterationsDone", settle); } else { settle(); }
})();
"""

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
$vis_css
</style>
<style>
html, body {
  margin: 0; height: 100%; color: #222;
  font-family: 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif;
}
body { display: flex; }
#kg-canvas { flex: 1; height: 100%; min-width: 0; }
#kg-side {
  width: 190px; padding: 12px 14px; border-left: 1px solid #ddd; background: #fafafa; overflow-y: auto; font-size: 14px;
}
#kg-side h1 { font-size: 16px; margin: 0 0 8px; word-break: break-all; }
#kg-side ul { list-style: none; padding: 0; margin: 0 0 12px; }
#kg-side li { margin: 4px 0; display: flex; align-items: center; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 8px; }
.kg-count, .kg-note { color: #888; margin-left: 6px; font-size: 12px; }
.kg-note { margin-left: 0; }
.kg-notice {
  margin: 0 0 12px; padding: 6px 8px; border-left: 3px solid #f28e2b; background: #fff4e5;
  font-size: 13px; line-height: 1.5;
}
div.vis-tooltip { max-width: 420px; white-space: normal; font-family: inherit; font-size: 13px; padding: 8px 10px; }
.kg-tip-kind { color: #777; font-size: 12px; }
.kg-tip-name { font-weight: bold; margin-bottom: 4px; }
.kg-tip-extra { color: #777; font-size: 12px; word-break: break-all; }
.kg-tip-evidence { margin: 6px 0 0; padding-left: 18px; }
.kg-tip-evidence li { margin-bottom: 4px; }
.kg-tip-conf { color: #888; font-size: 11px; margin-left: 6px; }
</style>
</head>
<body>
<div id="kg-canvas"></div>
<aside id="kg-side">
<h1>$title</h1>
$notice<ul id="kg-legend">
$legend
</ul>
<p class="kg-note">$node_count 个节点，$edge_count 条关系。悬停查看类型与证据。</p>
<p class="kg-note" id="kg-status"></p>
</aside>
<script type="application/json" id="kg-data">$data</script>
<script>
$vis_js
</script>
<script>
$app_js
</script>
</body>
</html>
"""
)

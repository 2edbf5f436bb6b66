"""Offline HTML view of a knowledge graph: an explorer in one file.

The page is self-contained: the vis-network library (vendored in
``kg/view_assets/vendor`` with its licence) and the explorer's own script,
stylesheet and template (``kg/view_assets``) are inlined, so it opens with no network at all.
Article text is untrusted, so every label and evidence sentence travels as
JSON and reaches the DOM only through ``textContent``. A graph too big to
lay out in a browser is drawn in part, its best connected nodes, and the
page says so. Node labels are drawn by the page's script, never on top of
each other; the page's own words are in ``kg/view_assets/zh.json`` and the
graph is read by :mod:`kg.view_data`.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from string import Template

from rdflib import Graph, URIRef
from rdflib.term import Node

from .ontology import KG, load_schema
from .view_data import (  # noqa: F401  (article_texts, _pagerank: kg.view is where callers find them)
    ASSETS,
    ArticleText,
    _articles,
    _class_label,
    _collect,
    _local_name,
    _most_connected,
    _pagerank,
    _reader,
    _relations,
    _structure,
    article_texts,
    class_color,
    drawn_classes,
    edge_index,
    words,
)

# Past this many nodes the page draws only the best connected part of the
# graph (see graph_html), and points to the file beside it that holds all.
MAX_NODES = 1500
FULL_GRAPH_FILE = "graph.ttl"

MAX_LABEL_CHARS = 18
# vis-network 9.1.2, its licence and version in the README beside it.
VENDOR = ASSETS / "vendor"

# Stabilisation cost grows with nodes x iterations (about 0.1 ms a node and
# iteration in Chromium on a busy 2-core machine); this budget keeps the
# first draw of the nodes laid out (those with a drawn relation, past one
# article) to a few seconds. Seeded on a spiral, a big graph needs few.
MAX_ITERATIONS = 300
ITERATION_BUDGET = 36_000
MIN_ITERATIONS = 50
# Wall-clock bound on stabilisation, whatever the size and the machine: past
# it the page stops the layout where it is and switches physics off.
STABILISATION_SECONDS = 6
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
    page is an explorer: a search over names, aliases and their pinyin initials (the URL hash
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
    class, and its legend counts drawn nodes and the class's total; the
    nodes left out and their edges travel in the page too (``reserve``), so
    that a search finds them and draws them with their neighbours.

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
    public = [_public(node) for node in nodes.values() if node["drawn"]]
    drawn_edges = [edge for edge in edges if edge["from"] < len(public) and edge["to"] < len(public)]
    # Past one article the page opens with the nodes without a drawn relation
    # hidden: the layout's work is for the others.
    linked = {end for edge in drawn_edges for end in (edge["from"], edge["to"])}
    laid_out = len(public) if len(articles) <= 1 else len(linked)
    seeded = len(public) >= SEEDED_LAYOUT_FROM
    if seeded:
        _seed_positions(public)
    data = {
        "nodes": public,
        "edges": drawn_edges,
        "iterations": max(MIN_ITERATIONS, min(MAX_ITERATIONS, ITERATION_BUDGET // max(laid_out, 1))),
        "seeded": seeded,
        "large": laid_out >= LARGE_GRAPH_FROM,
        "seconds": STABILISATION_SECONDS,
        "articles": list(articles.values()),
        "relations": [[_local_name(p), names.get(p) or _local_name(p)] for p in _relations()
                      if any(key[1] == p for key in relations)],
        # The nodes left out and their edges: a search finds them and brings them in.
        "reserve": {
            "nodes": [_public(node) for node in nodes.values() if not node["drawn"]],
            "edges": edges[len(drawn_edges):],
        },
        "total": len(order),
    }
    data["texts"] = texts is not None
    data["pinyin"] = words()["pinyin"]
    index = edge_index(nodes, edges)
    for node, article in articles.items():
        article["node"] = nodes[node]["id"] if node in nodes else None
        article.update(_reader(graph, names, classes, nodes, edges, (texts or {}).get(node), index))
    notice = ""
    if cut:
        left_out = _left_out(Counter(classes.get(node) for node in order if node not in shown), names)
        text = words()["notice"].format(
            shown=f"{len(public):,}", total=f"{len(order):,}", measure=ranked_by, quota=f"{quota:,}",
            left_out=left_out, file=FULL_GRAPH_FILE,
        )
        notice = f'<p class="kg-notice" id="kg-notice" role="status">{html.escape(text)}</p>\n'
    js, css = _vis_assets()
    page, app_css, app_js = _app_assets()
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
        edge_count=f"{len(drawn_edges):,} / {len(relations):,}" if cut else f"{len(drawn_edges):,}",
        data=_script_json(data),
        app_js=app_js,
        app_css=app_css,
    )


def _left_out(dropped: Counter, names: dict[URIRef, str]) -> str:
    """Say how many nodes of each class the page leaves out, in class order (``zh.json``'s ``left_out``)."""
    rank = {cls: index for index, cls in enumerate(drawn_classes())}
    return words()["list_separator"].join(
        words()["left_out"].format(label=_class_label(cls, names), count=f"{dropped[cls]:,}")
        for cls in sorted(dropped, key=lambda cls: rank.get(cls, len(rank)))
        if dropped[cls]
    )


def _legend(total: Counter, shown: Counter | None, names: dict[URIRef, str]) -> str:
    """Return the legend's list items, one per class in the graph, in class order.

    Each counts the nodes of its class, as ``zh.json``'s ``legend_cut`` (shown,
    and the total) when ``shown`` is given and differs (the page draws only
    part of the graph); the page's script keeps the counts up to date.
    """
    rank = {cls: index for index, cls in enumerate(drawn_classes())}
    items = []
    for cls in sorted(total, key=lambda cls: rank.get(cls, len(rank))):
        drawn = total[cls] if shown is None else shown[cls]
        count = str(drawn) if drawn == total[cls] else words()["legend_cut"].format(shown=drawn, total=total[cls])
        key = _local_name(cls) if cls is not None else ""
        items.append(
            f'<li class="kg-class" data-cls="{key}" data-total="{total[cls]}" role="button" tabindex="0"'
            ' aria-pressed="true">'
            f'<span class="kg-swatch" style="background:{class_color(cls)}"></span>'
            f'{html.escape(_class_label(cls, names))} <span class="kg-count">{count}</span></li>'
        )
    return "\n".join(items)


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
        "color": class_color(node["cls"]),
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


# The explorer's script, in parts joined in this order inside one function.
SCRIPT_PARTS = ("view.js", "view-filters.js", "view-panel.js", "view-find.js", "view-export.js")


@functools.cache
def _app_assets() -> tuple[str, str, str]:
    """Return the page template, stylesheet and script of the explorer (``kg/view_assets``)."""
    script = "".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPT_PARTS)
    script = '(function () {\n  "use strict";\n' + script + "})();\n"
    return tuple((ASSETS / name).read_text(encoding="utf-8") for name in ("page.html", "view.css")) + (script,)

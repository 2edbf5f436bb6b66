"""Stage 5: write the graph as Turtle and as an offline HTML page, all or nothing.

Files are written to a temporary name beside the target and renamed into place only when every
file of the build is complete, so a failed build never leaves half-written output.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .errors import Errors, KgError
from .graph import Triple, Triples, few_full_collections
from .ontology import PREFIXES


def write_files(files: dict[Path, str]) -> None:
    """Write several text files (UTF-8) atomically: all appear, or none changes.

    Args:
        files: target path -> content.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_files({d / "a.txt": "钉钉"}); (d / "a.txt").read_text(encoding="utf-8")
    '钉钉'
    """
    temps: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((tmp, target))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        for tmp, target in temps:
            os.replace(tmp, target)
    except OSError as err:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise KgError(Errors.E030.format(path=err.filename or "output", reason=err.strerror or err)) from err


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_turtle(triples: Iterable[Triple]) -> str:
    """Serialise triples as Turtle with the kg prefixes, written by Oxigraph (``pyoxigraph.serialize``).

    The triples are sorted first (subjects by IRI, so articles, entities, then statements; for each,
    ``a`` and ``rdfs:label`` before the other predicates, sorted), so the same triples give the same
    bytes on every run. Only the prefixes whose namespace some IRI uses are declared.

    Args:
        triples: a :class:`kg.graph.Triples`, an rdflib ``Graph`` or any iterable of rdflib triples.

    >>> from rdflib import Literal
    >>> from kg.graph import entity_iri
    >>> print(to_turtle([(entity_iri("钉钉"), RDFS.label, Literal("钉钉", lang="zh"))]).strip())
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix kge: <https://w3id.org/kg-zh/entity/> .
    kge:钉钉 rdfs:label "钉钉"@zh .
    """
    return _serialize([(None, triples)], "TURTLE")


def to_ntriples(triples: Iterable[Triple]) -> str:
    """Serialise triples as N-Triples (canonical, one sorted line a triple), written by Oxigraph."""
    return _serialize([(None, triples)], "N_TRIPLES")


def to_trig(named: list[tuple[URIRef, Iterable[Triple]]]) -> str:
    """Serialise named graphs as TriG (one per article), written by Oxigraph.

    Graphs come sorted by name, the triples of each sorted as in :func:`to_turtle`; an empty
    graph is not written.

    Args:
        named: ``(graph name, triples)`` pairs (:func:`kg.graph.article_graphs`).
    """
    return _serialize(named, "TRIG")


#: Predicates written first for each subject (``a``, then the label), the others after them by IRI.
_FIRST = {RDF.type: "0", RDFS.label: "1"}


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector (allocating ~10 tuples a triple sets it off over and
    over, scanning every object of the build: 2.2 s of 3.1 s on 100k triples; none of them is a cycle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sorted(named: Iterable[tuple[URIRef | None, Iterable[Triple]]]) -> tuple[list, list]:
    """The quads (graph name None for triples) as Oxigraph terms, sorted, and every distinct term."""
    terms: dict[Node, tuple[tuple[str, ...], object]] = {}

    def term(node: Node) -> tuple[tuple[str, ...], object]:
        known = terms.get(node)
        if known is None:
            known = terms[node] = _ox_term(node)
        return known

    rows = []
    for name, triples in named:
        graph_key, graph = term(name) if name is not None else ((), None)
        for s, p, o in triples:
            (s_key, s_ox), (p_key, p_ox), (o_key, o_ox) = term(s), term(p), term(o)
            rows.append(((graph_key, s_key, _FIRST.get(p, "2"), p_key, o_key), (s_ox, p_ox, o_ox, graph)))
    rows.sort(key=lambda row: row[0])
    return [row[1] for row in rows], [ox_term for _, ox_term in terms.values()]


def _ox_term(node: Node) -> tuple[tuple[str, ...], object]:
    """A node's sort key and its Oxigraph term."""
    if isinstance(node, Literal):
        if node.language:
            return (str(node), "@", node.language), ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return (str(node), "^", str(node.datatype)), ox.Literal(str(node), datatype=ox.NamedNode(node.datatype))
        return (str(node), "^"), ox.Literal(str(node))
    if isinstance(node, BNode):
        return (str(node), "_"), ox.BlankNode(str(node))
    return (str(node),), ox.NamedNode(node)


def _prefixes(terms: list) -> dict[str, str]:
    """The kg prefixes whose namespace an IRI or a written datatype uses (not rdf:type, written ``a``;
    not xsd:string or rdf:langString, the datatypes of ``"x"`` and ``"x"@zh``)."""
    iris = {t.value for t in terms if isinstance(t, ox.NamedNode) and t != _RDF_TYPE}  # written "a"
    iris.update(t.datatype.value for t in terms
                if isinstance(t, ox.Literal) and t.language is None and t.datatype != _XSD_STRING)
    namespaces = {iri[: max(iri.rfind("/"), iri.rfind("#")) + 1] for iri in iris}
    return {prefix: str(ns) for prefix, ns in PREFIXES.items() if str(ns) in namespaces}


_XSD_STRING, _RDF_TYPE = ox.NamedNode(str(XSD.string)), ox.NamedNode(str(RDF.type))


def _serialize(named: Iterable[tuple[URIRef | None, Iterable[Triple]]], fmt: str) -> str:
    """Write the triples, sorted, with ``pyoxigraph.serialize``, declaring the kg prefixes used."""
    with _collector_paused():
        rows, terms = _sorted(named)
        items = ([ox.Quad(s, p, o, g) for s, p, o, g in rows] if fmt == "TRIG"
                 else [ox.Triple(s, p, o) for s, p, o, _ in rows])
        return ox.serialize(items, format=getattr(ox.RdfFormat, fmt), prefixes=_prefixes(terms)).decode("utf-8")


def resolutions_json(resolutions) -> str:
    """The merge decisions of a build as JSON: per node, its names, articles and reasons."""
    rows = {r.key: {"name": r.name, "class": r.label,
                    "members": [{"article": a, "name": n, "surface_forms": list(f)} for a, n, f in r.members],
                    "merged": [{"rule": rule, "name": a, "with": b} for rule, a, b in r.reasons]}
            for r in resolutions}
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export_graph(graph: Triples, out_dir: Path, title: str = "kg", named: list[tuple[URIRef, Triples]] | None = None,
                 resolutions=None, texts=None, max_nodes: int | None = None) -> dict[str, Path]:
    """Write ``graph.ttl``, ``graph.html`` and, when given, ``graph.trig`` and ``entities.json``.

    Args:
        graph: the triples to write (:func:`kg.graph.union_graph`; an rdflib graph works too).
        out_dir: the output folder (created if needed).
        title: the HTML page's title.
        named: the same triples as one named graph per article (:func:`kg.graph.article_graphs`).
        resolutions: the merge decisions (:func:`kg.resolve.resolve`), for ``kg explain``.
        texts: the articles' texts for the page's reader (:func:`kg.view.article_texts`).
        max_nodes: most nodes the page draws (default :data:`kg.view.MAX_NODES`).

    Returns:
        Paths written, by kind (``ttl``, ``html``, ``trig``, ``entities``).
    """
    from .ontology import load_schema
    from .view import MAX_NODES, graph_html

    with few_full_collections():  # the page's tables: many objects that live until the page is written
        page = graph_html(graph, title=title, labels=dict(load_schema().class_labels),
                          max_nodes=max_nodes or MAX_NODES, texts=texts)
        files = {out_dir / "graph.ttl": to_turtle(graph), out_dir / "graph.html": page}
        if named is not None:
            files[out_dir / "graph.trig"] = to_trig(named)
        if resolutions is not None:
            files[out_dir / "entities.json"] = resolutions_json(resolutions)
    write_files(files)
    return {path.name.split(".")[-1] if path.name.startswith("graph") else "entities": path for path in files}

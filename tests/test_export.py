"""Turtle, TriG and N-Triples as written by :mod:`kg.export` (pyoxigraph's serialisers).

What is checked is what a reader gets: the same triples (rdflib and Oxigraph both read them back,
isomorphic to what rdflib's own writer makes of the same triples), the same bytes whatever order
the triples come in and in another process, and only the prefixes that are used. Not rdflib's or
Oxigraph's layout.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.export import to_ntriples, to_trig, to_turtle
from kg.graph import Triples, entity_iri
from kg.ontology import ARTICLE_IRI, KG, PREFIXES

ROOT = Path(__file__).resolve().parents[1]

STAR = entity_iri("星河科技")
NORTH = entity_iri("北辰公司")
LIN = entity_iri("林一帆")
PAPER = URIRef(ARTICLE_IRI + "qingteng-news")


def small() -> list[tuple]:
    """A few triples of every kind the builder writes: types, labels in zh, decimals, dates, integers."""
    return [
        (STAR, RDF.type, KG.Company), (STAR, RDFS.label, Literal("星河科技", lang="zh")),
        (STAR, SKOS.altLabel, Literal("星河", lang="zh")), (STAR, PROV.wasDerivedFrom, PAPER),
        (NORTH, RDF.type, KG.Company), (NORTH, RDFS.label, Literal("北辰公司", lang="zh")),
        (LIN, RDF.type, KG.Person), (LIN, RDFS.label, Literal("林一帆", lang="zh")), (LIN, KG.leads, STAR),
        (STAR, KG.partnerOf, NORTH),
        (PAPER, RDF.type, KG.NewsArticle), (PAPER, KG.confidence, Literal(Decimal("0.85"), datatype=XSD.decimal)),
        (PAPER, KG.evidenceStart, Literal(12, datatype=XSD.integer)),
        (PAPER, URIRef("http://purl.org/dc/terms/created"), Literal("2024-05-01", datatype=XSD.date)),
        (PAPER, URIRef("http://purl.org/dc/terms/source"), Literal("qingteng.txt")),
    ]


def read_turtle(text: str) -> tuple[Graph, set]:
    """The triples as rdflib reads them, and as Oxigraph reads them (in rdflib's N-Triples form)."""
    by_rdflib = Graph().parse(data=text, format="turtle")
    by_oxigraph = {str(q) for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)}
    return by_rdflib, by_oxigraph


def as_nt(graph: Graph) -> set[str]:
    """Each triple written as Oxigraph writes a quad of the default graph (``<s> <p> <o>``)."""
    return {str(q) for q in ox.parse(graph.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)}


# ---------------------------------------------------------------- the same triples


def test_turtle_reads_back_as_the_same_triples() -> None:
    triples = small()
    turtle = to_turtle(triples)
    by_rdflib, by_oxigraph = read_turtle(turtle)
    assert set(by_rdflib) == set(triples)
    assert by_oxigraph == as_nt(by_rdflib)
    # what rdflib's own Turtle writer makes of the same triples reads back the same
    reference = Graph()
    for triple in triples:
        reference.add(triple)
    assert isomorphic(Graph().parse(data=reference.serialize(format="turtle"), format="turtle"), by_rdflib)


def test_sample_graph_is_isomorphic_to_rdflibs_writing(built: Path) -> None:
    """The built sample, written again by rdflib, is the same graph; writing it again gives the same bytes."""
    written = built.read_text(encoding="utf-8")
    graph = Graph().parse(data=written, format="turtle")
    assert len(graph) > 300
    by_rdflib_writer = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(by_rdflib_writer, graph)
    triples = list(graph)
    random.Random(7).shuffle(triples)
    assert to_turtle(Triples(triples)) == written


def graphs_of(trig: bytes) -> dict[str, set[str]]:
    """The named graphs of a TriG text as Oxigraph reads them: graph IRI -> triples (N-Triples form)."""
    found: dict[str, set[str]] = {}
    for quad in ox.parse(trig, format=ox.RdfFormat.TRIG):
        found.setdefault(quad.graph_name.value, set()).add(str(ox.Quad(quad.subject, quad.predicate, quad.object)))
    return found


def triples_nt(triples) -> set[str]:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return as_nt(graph)


def test_trig_holds_each_graph_and_turtle_their_union(built: Path) -> None:
    named = graphs_of(built.with_suffix(".trig").read_bytes())
    union = as_nt(Graph().parse(built, format="turtle"))
    assert len(named) == 1 and set().union(*named.values()) == union


def test_trig_writes_named_graphs_in_order_and_skips_empty_ones() -> None:
    other = URIRef(ARTICLE_IRI + "beichen-news")
    empty = URIRef(ARTICLE_IRI + "a-empty")
    first, second = small()[:6], [(NORTH, KG.partnerOf, STAR), (NORTH, RDFS.label, Literal("北辰", lang="zh"))]
    trig = to_trig([(PAPER, Triples(first)), (empty, Triples()), (other, Triples(second))])
    assert graphs_of(trig.encode("utf-8")) == {str(PAPER): triples_nt(first), str(other): triples_nt(second)}
    blocks = re.findall(r"^(\S+) \{$", trig, re.MULTILINE)
    assert blocks == ["kga:beichen-news", "kga:qingteng-news"]  # sorted by name, the empty one left out
    assert to_trig([(other, Triples(second)), (PAPER, Triples(first[::-1]))]) == to_trig(
        [(PAPER, Triples(first)), (other, Triples(second))])


def test_ntriples_are_the_same_triples() -> None:
    triples = small()
    text = to_ntriples(triples)
    assert len(text.splitlines()) == len(triples)
    assert set(Graph().parse(data=text, format="nt")) == set(triples)


# ---------------------------------------------------------------- the same bytes


def test_order_of_the_triples_does_not_change_the_bytes() -> None:
    triples = small()
    expected = to_turtle(Triples(triples))
    for seed in range(5):
        random.Random(seed).shuffle(triples)
        assert to_turtle(Triples(triples)) == expected


def test_subjects_and_predicates_come_in_a_fixed_readable_order() -> None:
    lines = [line for line in to_turtle(small()).splitlines() if not line.startswith("@prefix")]
    subjects = [line.split(" ")[0] for line in lines if not line.startswith("\t")]
    assert subjects == ["kga:qingteng-news", "kge:北辰公司", "kge:星河科技", "kge:林一帆"]  # articles first, then by IRI
    star = lines[lines.index(next(line for line in lines if line.startswith("kge:星河科技"))):]
    assert star[0] == "kge:星河科技 a kg:Company ;"
    assert star[1].strip().startswith("rdfs:label ")  # the name right after the type


@pytest.mark.slow
def test_same_bytes_in_another_process() -> None:
    """A fresh process with another hash seed writes the same Turtle and TriG."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from test_export import small, PAPER;"
              "from kg.export import to_turtle, to_trig; from kg.graph import Triples;"
              "sys.stdout.write(to_turtle(small()) + to_trig([(PAPER, Triples(small()))]))")
    runs = [subprocess.run([sys.executable, "-c", script, str(ROOT / "tests")], env=dict(os.environ, PYTHONHASHSEED=seed),
                           capture_output=True, check=True, timeout=120).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] == (to_turtle(small()) + to_trig([(PAPER, Triples(small()))])).encode("utf-8")


# ---------------------------------------------------------------- prefixes


def test_only_used_prefixes_are_declared() -> None:
    turtle = to_turtle(small())
    declared = re.findall(r"^@prefix (\w+): <([^>]*)> \.$", turtle, re.MULTILINE)
    assert {prefix: ns for prefix, ns in declared} == {prefix: str(PREFIXES[prefix]) for prefix, _ in declared}
    body = "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix"))
    for prefix, _ in declared:
        assert re.search(rf"(^|[\s^]){prefix}:", body), prefix
    assert {"kg", "kge", "kga", "rdfs", "skos", "prov", "xsd", "dcterms"} <= {prefix for prefix, _ in declared}
    # a language-tagged literal is rdf:langString and a plain one xsd:string, but neither is written
    labels = to_turtle([(STAR, RDFS.label, Literal("星河科技", lang="zh")), (STAR, KG.evidence, Literal("x"))])
    assert set(re.findall(r"^@prefix (\w+):", labels, re.MULTILINE)) == {"rdfs", "kg", "kge"}

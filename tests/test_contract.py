"""The output contract (``../shared/CONTRACT.md``) checked on a real build of the sample article.

The sample is built once per module (spaCy pipeline and all, no mocks); the checks read the
``graph.ttl`` that was written, as a user's RDF tool would.  ``ontology/shapes.ttl`` is checked
twice: it must accept the built graph, and it must reject small graphs that break one rule each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.export import to_turtle
from kg.graph import entity_iri
from kg.ontology import ENTITY_CLASSES, KG, load_schema

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "input" / "dingtalk-xiaxiang.txt"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")

#: The 18 relations of the contract, by local name.
RELATIONS = (
    "partOf", "leads", "memberOf", "worksFor", "founded", "hasStrategy", "acquired", "investedIn",
    "partnerOf", "develops", "customerOf", "locatedIn", "attended", "organized", "issued", "basedOn",
    "authorOf", "publisherOf",
)


# ---------------------------------------------------------------- fixtures and helpers

@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    """The written graph, read back by rdflib."""
    return Graph().parse(built, format="turtle")


@pytest.fixture(scope="module")
def text() -> str:
    """The sample article's text, exactly as the builder reads it."""
    return ARTICLE.read_text(encoding="utf-8").removeprefix("\ufeff")


def nodes_named(graph: Graph, name: str) -> set:
    """Nodes whose rdfs:label or skos:altLabel is ``name`` (any language tag)."""
    return {s for p in (RDFS.label, SKOS.altLabel) for s, o in graph.subject_objects(p)
            if isinstance(o, Literal) and str(o) == name}


def node_named(graph: Graph, name: str):
    found = nodes_named(graph, name)
    assert len(found) == 1, f"{name!r} names {len(found)} nodes: {sorted(found)}"
    return found.pop()


def statements(graph: Graph, s, p, o) -> list:
    """The rdf:Statement nodes describing ``s p o``."""
    return [st for st in graph.subjects(RDF.subject, s)
            if (st, RDF.type, RDF.Statement) in graph
            and (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph]


def entity_nodes(graph: Graph) -> set:
    return {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, KG[cls])}


def relation_triples(graph: Graph) -> list[tuple]:
    return sorted(t for name in RELATIONS for t in graph.triples((None, KG[name], None)))


def rdflib_term(term):
    """An Oxigraph term as the rdflib term a Turtle parser gives for it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def oxigraph_graph(data: bytes | None = None, path: Path | None = None) -> Graph:
    """Parse Turtle with Oxigraph and hand the triples over to an rdflib graph."""
    quads = ox.parse(data, path=None if path is None else str(path), format=ox.RdfFormat.TURTLE)
    out = Graph()
    for quad in quads:
        out.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return out


def validate(data: Graph, inference: str = "none") -> list[tuple[str, str, str]]:
    """SHACL-validate with shapes.ttl (and kg.ttl as ontology); (severity, focus, message) per result."""
    _, report, _ = pyshacl.validate(
        data, shacl_graph=Graph().parse(SHAPES, format="turtle"),
        ont_graph=Graph().parse(ONTOLOGY, format="turtle"), inference=inference, advanced=True,
        allow_warnings=True)
    rows = []
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(rep, SH.result):   # top-level results, not sh:detail
            severity = str(report.value(result, SH.resultSeverity)).removeprefix(str(SH))
            rows.append((severity, str(report.value(result, SH.focusNode)),
                         str(report.value(result, SH.resultMessage))))
    return sorted(rows)


# ---------------------------------------------------------------- the three required relations

REQUIRED = [
    ("钉钉", "partOf", "阿里云"),
    ("阿里巴巴", "hasStrategy", "云钉一体"),
    ("蒋江伟", "leads", "云原生技术委员会"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("subject", "relation", "obj"), REQUIRED, ids=[r[1] for r in REQUIRED])
def test_required_relations(graph: Graph, text: str, subject: str, relation: str, obj: str) -> None:
    s, o = node_named(graph, subject), node_named(graph, obj)
    assert (s, KG[relation], o) in graph
    evidence = [str(e) for st in statements(graph, s, KG[relation], o) for e in graph.objects(st, KG.evidence)]
    assert evidence, f"no statement for {subject} {relation} {obj}"
    assert any(e in text for e in evidence), evidence


@pytest.mark.slow
def test_alibaba_is_one_node_under_every_name(graph: Graph) -> None:
    """阿里巴巴 and 阿里巴巴集团 are one node: the contract's one entity, one node."""
    node = node_named(graph, "阿里巴巴")
    assert node_named(graph, "阿里巴巴集团") == node
    assert str(graph.value(node, RDFS.label)) in ("阿里巴巴", "阿里巴巴集团")


# ---------------------------------------------------------------- labels, provenance, article

@pytest.mark.slow
def test_every_entity_has_one_chinese_label(graph: Graph) -> None:
    entities = entity_nodes(graph)
    assert len(entities) >= 10
    for node in sorted(entities):
        labels = list(graph.objects(node, RDFS.label))
        assert len(labels) == 1, (node, labels)
        assert isinstance(labels[0], Literal) and labels[0].language == "zh" and str(labels[0]).strip(), (node, labels)
        for alt in graph.objects(node, SKOS.altLabel):
            assert isinstance(alt, Literal) and alt.language, (node, alt)
            assert alt != labels[0], (node, alt)


@pytest.mark.slow
def test_every_relation_has_verbatim_evidence(graph: Graph, text: str) -> None:
    triples = relation_triples(graph)
    assert len(triples) >= 10
    article = next(graph.subjects(RDF.type, KG.NewsArticle))
    for s, p, o in triples:
        found = statements(graph, s, p, o)
        assert found, f"no statement for {s} {p} {o}"
        for stmt in found:
            evidence = list(graph.objects(stmt, KG.evidence))
            assert evidence, stmt
            for e in evidence:
                assert e.language == "zh" and str(e) in text, (stmt, str(e))
            start, end = graph.value(stmt, KG.evidenceStart), graph.value(stmt, KG.evidenceEnd)
            if start is not None and end is not None:
                assert any(text[int(start):int(end)] == str(e) for e in evidence), (stmt, start, end)
            confidence = list(graph.objects(stmt, KG.confidence))
            assert len(confidence) == 1 and confidence[0].datatype == XSD.decimal, (stmt, confidence)
            assert Decimal(0) <= confidence[0].toPython() <= Decimal(1), (stmt, confidence)
            assert (stmt, PROV.wasDerivedFrom, article) in graph


@pytest.mark.slow
def test_statements_describe_asserted_relations(graph: Graph) -> None:
    for stmt in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(stmt, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert str(p).removeprefix(str(KG)) in load_schema().relations, (stmt, p)
        assert (s, p, o) in graph, stmt


@pytest.mark.slow
def test_article_node(graph: Graph) -> None:
    articles = list(graph.subjects(RDF.type, KG.NewsArticle))
    assert len(articles) == 1
    article = articles[0]
    assert [str(t) for t in graph.objects(article, DCTERMS.title)] == ["钉钉下乡"]
    assert [str(t) for t in graph.objects(article, DCTERMS.source)] == [ARTICLE.name]
    created = list(graph.objects(article, DCTERMS.created))
    assert len(created) == 1 and created[0].datatype in (XSD.date, XSD.dateTime)
    assert str(created[0]).startswith("2020-09-28")
    authors = {str(graph.value(s, RDFS.label)) for s in graph.subjects(KG.authorOf, article)}
    publishers = {str(graph.value(s, RDFS.label)) for s in graph.subjects(KG.publisherOf, article)}
    assert "杨丽" in authors
    assert publishers and all("雷锋网" in p for p in publishers), publishers


# ---------------------------------------------------------------- SHACL

@pytest.mark.slow
def test_shacl_accepts_the_built_graph(graph: Graph) -> None:
    violations = [r for r in validate(graph) if r[0] == "Violation"]
    assert violations == []


def test_shapes_cover_every_relation_of_the_ontology() -> None:
    """The relation list in shapes.ttl and in this file is the ontology's, no more, no less."""
    shapes = Graph().parse(SHAPES, format="turtle")
    targeted = {str(p).removeprefix(str(KG)) for p in shapes.objects(None, SH.targetSubjectsOf)}
    assert set(load_schema().relations) == set(RELATIONS) == targeted
    select = "".join(str(q) for q in shapes.objects(None, SH.select))
    assert all(f"kg:{name}," in select or f"kg:{name}))" in select for name in RELATIONS)


def _classes_of(shapes: Graph, shape) -> set[str]:
    """Entity classes a class-group shape (kgsh:IsOrganization …) or sh:or of them accepts."""
    found = set()
    for cls in shapes.objects(shape, SH["class"]):
        found.add(str(cls).removeprefix(str(KG)))
    for kind in (SH["or"], SH.node):
        for value in shapes.objects(shape, kind):
            members = list(shapes.items(value)) if kind == SH["or"] else [value]
            for member in members:
                found |= _classes_of(shapes, member)
    return found


@pytest.mark.parametrize("relation", RELATIONS)
def test_shapes_domain_and_range_match_the_ontology(relation: str) -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    spec = load_schema().relations[relation]
    (shape,) = set(shapes.subjects(SH.targetSubjectsOf, KG[relation])) - set(shapes.subjects(SH.sparql, None))
    assert (shape, SH.severity, SH.Warning) in shapes
    (prop,) = [p for p in shapes.objects(shape, SH.property) if (p, SH.path, KG[relation]) in shapes]
    assert (prop, SH.severity, SH.Warning) in shapes
    assert _classes_of(shapes, shape) == set(spec.domain)
    assert _classes_of(shapes, prop) == set(spec.range)


BROKEN_BASE = """
@prefix kg: <https://w3id.org/kg-zh/ontology#> . @prefix kge: <https://w3id.org/kg-zh/entity/> .
@prefix kga: <https://w3id.org/kg-zh/article/> . @prefix kgs: <https://w3id.org/kg-zh/statement/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kga:a a kg:NewsArticle ; dcterms:title "钉钉下乡"@zh ; dcterms:source "a.txt" ;
    dcterms:created "2020-09-28"^^xsd:date .
kge:钉钉 a kg:Product ; rdfs:label "钉钉"@zh ; kg:partOf kge:阿里云 .
kge:阿里云 a kg:Company ; rdfs:label "阿里云"@zh ; skos:altLabel "阿里云计算"@zh .
kgs:1 a rdf:Statement ; rdf:subject kge:钉钉 ; rdf:predicate kg:partOf ; rdf:object kge:阿里云 ;
    kg:evidence "钉钉并入阿里云"@zh ; kg:confidence 0.8 ; kg:evidenceStart 10 ; kg:evidenceEnd 17 ;
    prov:wasDerivedFrom kga:a .
"""
STATEMENT_2 = ("kgs:2 a rdf:Statement ; rdf:subject kge:钉钉 ; rdf:predicate kg:partOf ; "
               "rdf:object kge:阿里云 ; prov:wasDerivedFrom kga:a ; ")
BROKEN = {
    "relation without statement": 'kge:阿里云 kg:partOf kge:阿里巴巴集团 . kge:阿里巴巴集团 a kg:Company ; rdfs:label "阿里巴巴集团"@zh .',
    "second label": 'kge:钉钉 rdfs:label "DingTalk"@zh .',
    "label in English": 'kge:张勇 a kg:Person ; rdfs:label "Daniel Zhang"@en .',
    "label without language": 'kge:张勇 a kg:Person ; rdfs:label "张勇" .',
    "no label": "kge:张勇 a kg:Person .",
    "altLabel without language": 'kge:钉钉 skos:altLabel "DingTalk" .',
    "altLabel equal to label": 'kge:钉钉 skos:altLabel "钉钉"@zh .',
    "confidence above 1": "kgs:1 kg:confidence 1.5 .",
    "confidence as string": STATEMENT_2 + 'kg:evidence "钉钉并入阿里云"@zh ; kg:confidence "0.5" .',
    "no confidence": STATEMENT_2 + 'kg:evidence "钉钉并入阿里云"@zh .',
    "blank evidence": STATEMENT_2 + 'kg:evidence " "@zh ; kg:confidence 0.5 .',
    "evidence without language": STATEMENT_2 + 'kg:evidence "钉钉并入阿里云" ; kg:confidence 0.5 .',
    "no evidence": STATEMENT_2 + "kg:confidence 0.5 .",
    "derived from a non-article": "kgs:1 prov:wasDerivedFrom kge:钉钉 .",
    "two subjects": "kgs:1 rdf:subject kge:阿里云 .",
    "offsets not spanning the evidence": "kgs:1 kg:evidenceEnd 18 .",
    "article without title": None,
    "created not a date": 'kga:a dcterms:created "2020年9月28日" .',
}


def test_shacl_accepts_the_minimal_graph() -> None:
    assert validate(Graph().parse(data=BROKEN_BASE, format="turtle")) == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_shacl_rejects_broken_graphs(case: str) -> None:
    data = Graph().parse(data=BROKEN_BASE + (BROKEN[case] or ""), format="turtle")
    if BROKEN[case] is None:
        data.remove((None, DCTERMS.title, None))
    assert any(r[0] == "Violation" for r in validate(data)), case


def test_shacl_only_warns_about_domain_and_range() -> None:
    extra = ('kge:阿里云 kg:leads kge:钉钉 . kgs:3 a rdf:Statement ; rdf:subject kge:阿里云 ; '
             'rdf:predicate kg:leads ; rdf:object kge:钉钉 ; kg:evidence "阿里云"@zh ; kg:confidence 0.5 ; '
             "prov:wasDerivedFrom kga:a .")
    results = validate(Graph().parse(data=BROKEN_BASE + extra, format="turtle"))
    assert [r[0] for r in results] == ["Warning"]
    assert results[0][1].endswith("阿里云")


# ---------------------------------------------------------------- any RDF tool can read it

@pytest.mark.slow
def test_oxigraph_reads_the_same_triples(built: Path, graph: Graph) -> None:
    theirs = oxigraph_graph(path=built)
    assert len(theirs) == len(graph) > 0
    assert isomorphic(theirs, graph)


NAMES = st.text()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("")
@example('钉钉 "2.0" <x> {y} |z| ^`\\')
@example("Inc.")
@example(".hidden")
@example("-x")
@example("a:b#c%41?d")
@example("😀 emoji")
@example("line\nbreak\r\t\x00\x7f")
@example('"""triple"""\'\'\'')
@example("µm")          # U+00B5 and the two below are letters Turtle's PN_LOCAL does not allow
@example("ª")
@example("º")
@given(NAMES)
def test_hostile_names_survive_turtle(name: str) -> None:
    """Any name gives an entity IRI and a label that rdflib and Oxigraph both read back as written."""
    graph = Graph()
    node = entity_iri(name)
    ox.NamedNode(str(node))                      # a valid IRI
    graph.add((node, RDF.type, KG.Person))
    graph.add((node, RDFS.label, Literal(name, lang="zh")))
    turtle = to_turtle(graph).encode("utf-8")
    by_rdflib = Graph().parse(data=turtle, format="turtle")
    by_oxigraph = oxigraph_graph(data=turtle)
    assert set(by_rdflib) == set(graph)
    assert set(by_oxigraph) == set(graph)


# ---------------------------------------------------------------- determinism

@pytest.mark.slow
def test_build_is_byte_identical_across_processes(built: Path, tmp_path: Path) -> None:
    """A second build, in a fresh process with another hash seed, writes the same bytes."""
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ARTICLE), "-o", str(tmp_path), "-q"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    assert (tmp_path / "graph.ttl").read_bytes() == built.read_bytes()

"""Adding a relation or a class is an edit to kg.ttl alone: a temporary ontology with the new
terms, an article stating them, and the graph, the shapes and the page all take them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
KG_IRI = "https://w3id.org/kg-zh/ontology#"

NEW_RELATION = '''
kg:fundedBy a owl:ObjectProperty ;
    rdfs:label "受资助于"@zh , "funded by"@en ;
    rdfs:comment "An organisation receives money from another."@en ;
    rdfs:domain kg:Organization ;
    rdfs:range kg:Organization ;
    kg:inverseCue "资助"@zh ;
    kg:cueConfidence 0.7 .
'''

# A class no code knows (no part-of-speech flag, no colour on the page, no shape names it),
# declared after its superclass, with a name suffix no other class uses, and a relation whose
# range it is.
NEW_CLASS = '''
kg:Fund a owl:Class ;
    rdfs:label "基金"@zh , "Fund"@en ;
    rdfs:comment "A named fund or trust plan."@en ;
    rdfs:subClassOf kg:Organization ;
    kg:nameSuffix "信托计划"@zh .

kg:manages a owl:ObjectProperty ;
    rdfs:label "管理"@zh , "manages"@en ;
    rdfs:comment "An organisation manages a fund."@en ;
    rdfs:domain kg:Organization ;
    rdfs:range kg:Fund ;
    kg:verbCue "管理"@zh ;
    kg:cueConfidence 0.7 .
'''


def _build(tmp_path: Path, terms: str, text: str) -> tuple[Path, Graph, str]:
    """Build ``text`` with the shipped ontology plus ``terms``; return the ontology folder,
    the graph and the page."""
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    with open(ontology / "kg.ttl", "a", encoding="utf-8") as fh:
        fh.write(terms)
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    env = dict(os.environ, KG_ONTOLOGY=str(ontology))
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(article), "-o", str(out), "-q", "--no-ner"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    return ontology, Graph().parse(out / "graph.ttl"), (out / "graph.html").read_text(encoding="utf-8")


def _pairs(graph: Graph, name: str) -> set[tuple[str, str]]:
    return {(str(graph.value(s, RDFS.label)), str(graph.value(o, RDFS.label)))
            for s, _, o in graph.triples((None, URIRef(KG_IRI + name), None))}


def _validate(graph: Graph, ontology: Path, with_ontology: bool = True) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=Graph().parse(ontology / "shapes.ttl", format="turtle"),
        ont_graph=Graph().parse(ontology / "kg.ttl", format="turtle") if with_ontology else None,
        advanced=True, allow_warnings=True)
    return conforms, text


@pytest.mark.slow
def test_a_relation_added_to_the_ontology_is_found_stored_and_drawn(tmp_path):
    ontology, graph, page = _build(tmp_path, NEW_RELATION,
                                   "北辰公司资助青藤大学\n\n本报讯 北辰公司今年资助了青藤大学的气候研究。\n")
    assert ("青藤大学", "北辰公司") in _pairs(graph, "fundedBy")
    conforms, text = _validate(graph, ontology)
    assert conforms, text
    assert "fundedBy" in page and "受资助于" in page


@pytest.mark.slow
def test_a_class_added_to_the_ontology_is_recognised_typed_checked_and_drawn(tmp_path):
    ontology, graph, page = _build(tmp_path, NEW_CLASS,
                                   "北辰公司管理着青藤信托计划\n\n本报讯 北辰公司目前管理着青藤信托计划。\n")
    fund = URIRef(KG_IRI + "Fund")
    funds = {str(graph.value(node, RDFS.label)) for node in graph.subjects(RDF.type, fund)}
    assert funds == {"青藤信托计划"}
    assert ("北辰公司", "青藤信托计划") in _pairs(graph, "manages")
    conforms, text = _validate(graph, ontology)
    assert conforms, text
    # the shapes check the new class's entities too, even without kg.ttl to say it is an
    # organisation: one whose label is not tagged zh is a violation
    node = next(graph.subjects(RDF.type, fund))
    assert _validate(graph, ontology, with_ontology=False)[0]
    graph.remove((node, RDFS.label, None))
    graph.add((node, RDFS.label, Literal("青藤信托计划", lang="en")))
    assert not _validate(graph, ontology, with_ontology=False)[0]
    # the page draws the class in the legend with a colour of its own, and the relation
    assert 'data-cls="Fund"' in page and "基金" in page
    legend = page[page.index('data-cls="Fund"'):]
    swatch = legend[legend.index("background:") + len("background:"):][:7]
    assert swatch.startswith("#") and swatch != "#b8b8b8"  # not the colour of untyped nodes
    assert '"cls":"Fund"' in page.replace(" ", "")
    assert "manages" in page and "管理" in page

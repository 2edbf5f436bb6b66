"""Adding a relation is an edit to kg.ttl alone: a temporary ontology with a new relation and
its cue word, an article stating it, and the graph, the shapes and the page all take it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef

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


@pytest.mark.slow
def test_a_relation_added_to_the_ontology_is_found_stored_and_drawn(tmp_path):
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    with open(ontology / "kg.ttl", "a", encoding="utf-8") as fh:
        fh.write(NEW_RELATION)
    article = tmp_path / "a.txt"
    article.write_text("北辰公司资助青藤大学\n\n本报讯 北辰公司今年资助了青藤大学的气候研究。\n",
                       encoding="utf-8")
    env = dict(os.environ, KG_ONTOLOGY=str(ontology))
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(article), "-o", str(out), "-q", "--no-ner"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    graph = Graph().parse(out / "graph.ttl")
    funded = URIRef(KG_IRI + "fundedBy")
    pairs = {(str(graph.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
              str(graph.value(o, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))))
             for s, _, o in graph.triples((None, funded, None))}
    assert ("青藤大学", "北辰公司") in pairs
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=Graph().parse(ontology / "shapes.ttl", format="turtle"),
        ont_graph=Graph().parse(ontology / "kg.ttl", format="turtle"), advanced=True, allow_warnings=True)
    assert conforms, text
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "fundedBy" in page and "受资助于" in page

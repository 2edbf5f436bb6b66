"""The ontology is the single source of relation names, cues, domains and ranges."""

import re

import pytest

from rdflib import OWL, RDF, RDFS, Graph

from kg.ontology import KG, KG_IRI, load_lexicon, load_schema, ontology_dir

CONTRACT_RELATIONS = {
    "partOf", "leads", "memberOf", "worksFor", "founded", "hasStrategy", "acquired", "investedIn",
    "partnerOf", "develops", "customerOf", "locatedIn", "attended", "organized", "issued", "basedOn",
    "authorOf", "publisherOf",
}
CONTRACT_CLASSES = {"Person", "Organization", "Company", "GovernmentBody", "Product", "Place", "Event",
                    "Strategy", "Policy", "NewsArticle"}


def test_closed_namespace_matches_the_ontology_file():
    graph = Graph().parse(ontology_dir() / "kg.ttl")
    terms = {str(s).removeprefix(KG_IRI) for s in graph.subjects() if str(s).startswith(KG_IRI)}
    assert terms == set(KG.__annotations__)
    for term in terms:
        assert str(getattr(KG, term)) == KG_IRI + term
    with pytest.raises(AttributeError):
        KG.partof  # a misspelt term fails at once


def test_contract_terms_and_labels():
    schema = load_schema()
    assert set(schema.relations) == CONTRACT_RELATIONS
    graph = schema.graph
    for name in CONTRACT_CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in graph
    for term in CONTRACT_CLASSES | CONTRACT_RELATIONS:
        langs = {o.language for o in graph.objects(KG[term], RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert graph.value(KG[term], RDFS.comment) is not None, term
    assert (KG.partnerOf, RDF.type, OWL.SymmetricProperty) in graph
    assert schema.relations["partnerOf"].symmetric and not schema.relations["partOf"].symmetric


def test_domains_and_ranges_expand_subclasses():
    rel = load_schema().relations
    assert {"Company", "GovernmentBody", "Organization"} <= rel["acquired"].domain
    assert rel["leads"].domain == {"Person"}
    assert "Place" in rel["leads"].range
    assert rel["authorOf"].range == {"NewsArticle"}


def test_cues_come_from_the_ontology():
    rel = load_schema().relations
    assert "并入" in rel["partOf"].verb_cues and "旗下" in rel["partOf"].inverse_cues
    assert "CEO" in rel["leads"].title_cues
    # longest first, so 副市长 is tried before 市长
    titles = rel["worksFor"].title_cues
    assert list(titles) == sorted(titles, key=lambda w: (-len(w), w))


def test_lexicon_is_well_formed():
    entries = load_lexicon()
    assert len(entries) > 1000
    owner = {}
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            assert len(alias) >= 2 and not re.search(r"\s$", alias)
            assert owner.setdefault(alias, entry.name) == entry.name, alias

"""The ontology is the single source of relation names, cues, domains and ranges."""

import re

import pytest

from rdflib import OWL, RDF, RDFS, Graph

from kg.ontology import KG, KG_IRI, KG_NS, load_lexicon, load_schema, ontology_dir

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


ENTITY_ORDER = ("Person", "Company", "GovernmentBody", "Organization", "Product", "Place", "Event",
                "Strategy", "Policy")


def test_entity_classes_are_read_from_the_ontology_in_todays_order():
    import kg.ontology

    schema = load_schema()
    assert schema.entity_classes == ENTITY_ORDER == kg.ontology.ENTITY_CLASSES
    assert schema.organization_classes == {"Organization", "Company", "GovernmentBody"}
    assert kg.ontology.ORGANIZATION_CLASSES == schema.organization_classes
    assert set(schema.colours) == {KG[name] for name in (*ENTITY_ORDER, "NewsArticle")}
    assert len(set(schema.colours.values())) == len(schema.colours)


def test_a_class_added_to_kg_ttl_is_an_entity_class(tmp_path):
    path = tmp_path / "kg.ttl"
    path.write_text((ontology_dir() / "kg.ttl").read_text(encoding="utf-8") + '''
kg:Fund a owl:Class ;
    rdfs:label "基金"@zh , "Fund"@en ;
    rdfs:subClassOf kg:Organization ;
    kg:nameSuffix "信托计划"@zh , "公司"@zh .

kg:Vessel a owl:Class ;
    rdfs:label "船舶"@zh , "Vessel"@en ;
    rdfs:subClassOf schema:Product .

kg:Party a owl:Class ;
    owl:unionOf ( kg:Fund kg:Vessel ) .
''', encoding="utf-8")
    schema = load_schema(path)
    # a subclass before the classes above it, though declared after them; the others in the
    # order of declaration; a union is no entity class
    assert schema.entity_classes == (*ENTITY_ORDER[:3], "Fund", *ENTITY_ORDER[3:], "Vessel")
    assert schema.organization_classes == {"Organization", "Company", "GovernmentBody", "Fund"}
    assert schema.suffixes["信托计划"] == "Fund" and schema.suffixes["公司"] == "Company"
    assert "Fund" in schema.relations["acquired"].domain and "Vessel" not in schema.relations["acquired"].domain
    assert schema.class_labels[KG_NS["Fund"]] == "基金"
    assert KG_NS["Fund"] not in schema.colours


def test_the_page_colours_a_class_without_a_colour_from_its_name():
    from kg.view_data import OTHER_COLOR, class_color

    fund, vessel = KG_NS["Fund"], KG_NS["Vessel"]
    assert re.fullmatch(r"#[0-9a-f]{6}", class_color(fund))
    assert class_color(fund) == class_color(KG_NS["Fund"]) != class_color(vessel)
    assert OTHER_COLOR not in {class_color(fund), class_color(vessel)}
    assert class_color(KG.Company) == load_schema().colours[KG.Company]

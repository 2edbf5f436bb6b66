"""Stage 4: typed records into one rdflib graph, exactly as ``CONTRACT.md`` says.

Every entity is one node (``kge:`` IRI from its canonical name) with one ``rdfs:label`` and an
``skos:altLabel`` per other surface form; every relation triple has an ``rdf:Statement`` with the
verbatim evidence, a confidence and the article it came from.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .ontology import ARTICLE_IRI, ENTITY_IRI, KG, PREFIXES, STATEMENT_IRI
from .records import Article, Entity, Relation

ARTICLE = "@article"


@dataclass(frozen=True)
class ArticleResult:
    """What the pipeline found in one article."""

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


def iri_segment(name: str) -> str:
    """Make any text safe as one IRI path segment, keeping letters and digits readable.

    Quotes, spaces, ``<>``, ``#``, ``%``, emoji and every other character that is not a
    letter or a digit are percent-encoded (UTF-8), so the IRI is valid in Turtle and N-Triples.

    >>> iri_segment('钉钉 "2.0" <x>')
    '钉钉%20%222.0%22%20%3Cx%3E'
    """
    out = []
    for ch in unicodedata.normalize("NFC", name):
        cat = unicodedata.category(ch)
        if (ch.isascii() and (ch.isalnum() or ch in "-_.~")) or (
                not ch.isascii() and cat[0] in "LN" and 0xC0 <= ord(ch) < 0x10000):
            out.append(ch)
        else:
            # Turtle's prefixed names admit letters from U+00C0 on only (not ª µ º)
            out.append(quote(ch, safe="", errors="replace"))
    return "".join(out) or "_"


def entity_iri(key: str) -> URIRef:
    """The IRI of the entity whose canonical key is ``key``.

    >>> str(entity_iri("钉钉"))
    'https://w3id.org/kg-zh/entity/钉钉'
    """
    return URIRef(ENTITY_IRI + iri_segment(key))


def article_iri(article: Article) -> URIRef:
    """The IRI of an article's ``NewsArticle`` node."""
    return URIRef(ARTICLE_IRI + iri_segment(article.slug))


def new_graph() -> Graph:
    """An empty graph with every kg prefix bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def article_graph(result: ArticleResult) -> Graph:
    """The triples one article contributes: its node, its entities, its relations and statements.

    Args:
        result: the article's records (entity keys already resolved across articles).

    Returns:
        A graph with every kg prefix bound.
    """
    graph = new_graph()
    art = article_iri(result.article)
    _add_article(graph, art, result.article)
    for entity in result.entities:
        node = entity_iri(entity.key)
        graph.add((node, RDF.type, KG[entity.label]))
        graph.add((node, RDFS.label, Literal(entity.name, lang="zh")))
        for alias in entity.aliases - {entity.name}:
            graph.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        graph.add((node, PROV.wasDerivedFrom, art))
    for rel in result.relations:
        _add_relation(graph, art, result.article, rel)
    return graph


def build_graph(results: list[ArticleResult]) -> Graph:
    """Turn the records of one or more articles into one graph (the union of their graphs).

    Entities with the same key are one node across articles: resolve keys first
    (:func:`kg.resolve.resolve`) so that each node has one canonical name.

    Args:
        results: per article, its entities and relations.

    Returns:
        The graph.
    """
    return union_graph(article_graphs(results))


def article_graphs(results: list[ArticleResult]) -> list[tuple[URIRef, Graph]]:
    """Each article's graph, named by the article's IRI (the named graphs of ``graph.trig``).

    Args:
        results: per article, its entities and relations.

    Returns:
        ``(article IRI, graph)`` per article, in the order given.
    """
    return [(article_iri(result.article), article_graph(result)) for result in results]


def union_graph(named: list[tuple[URIRef, Graph]]) -> Graph:
    """The union of named graphs, with every kg prefix bound."""
    graph = new_graph()
    for _, part in named:
        graph += part
    return graph


def _add_article(graph: Graph, node: URIRef, article: Article) -> None:
    graph.add((node, RDF.type, KG.NewsArticle))
    graph.add((node, DCTERMS.title, Literal(article.title, lang="zh")))
    graph.add((node, DCTERMS.source, Literal(article.source)))
    if article.created:
        kind = XSD.dateTime if "T" in article.created else XSD.date
        graph.add((node, DCTERMS.created, Literal(article.created, datatype=kind)))


def _add_relation(graph: Graph, art: URIRef, article: Article, rel: Relation) -> None:
    s = art if rel.subject == ARTICLE else entity_iri(rel.subject)
    o = art if rel.object == ARTICLE else entity_iri(rel.object)
    p = KG[rel.predicate]
    graph.add((s, p, o))
    digest = hashlib.sha1(f"{article.slug}\x00{s}\x00{p}\x00{o}\x00{rel.start}".encode()).hexdigest()[:20]
    st = URIRef(STATEMENT_IRI + digest)
    graph.add((st, RDF.type, RDF.Statement))
    graph.add((st, RDF.subject, s))
    graph.add((st, RDF.predicate, p))
    graph.add((st, RDF.object, o))
    graph.add((st, KG.evidence, Literal(rel.evidence, lang="zh")))
    graph.add((st, KG.confidence, Literal(Decimal(str(rel.confidence)), datatype=XSD.decimal)))
    graph.add((st, KG.evidenceStart, Literal(rel.start, datatype=XSD.integer)))
    graph.add((st, KG.evidenceEnd, Literal(rel.end, datatype=XSD.integer)))
    graph.add((st, PROV.wasDerivedFrom, art))


__all__ = ["ArticleResult", "article_graph", "article_graphs", "build_graph", "union_graph", "entity_iri", "article_iri",
           "iri_segment", "new_graph"]

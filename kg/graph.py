"""Stage 4: typed records into RDF triples, exactly as ``CONTRACT.md`` says.

Every entity is one node (``kge:`` IRI from its canonical name) with one ``rdfs:label`` and an
``skos:altLabel`` per other surface form; every relation triple has an ``rdf:Statement`` with the
verbatim evidence, a confidence and the article it came from.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .ontology import ARTICLE_IRI, ENTITY_IRI, KG, STATEMENT_IRI, kg_term
from .records import Article, Entity, Relation

ARTICLE = "@article"


@dataclass(frozen=True)
class ArticleResult:
    """What the pipeline found in one article."""

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


@lru_cache(maxsize=1 << 16)  # the same keys come back in every article and every stage
def iri_segment(name: str) -> str:
    """Make any text safe as one IRI path segment, keeping letters and digits readable.

    Quotes, spaces, ``<>``, ``#``, ``%``, emoji and every other character that is not a
    letter or a digit are percent-encoded (UTF-8), so the IRI is valid in Turtle and N-Triples;
    so is a final dot, which a prefixed name must escape (``kge:Inc\\.``) and rdflib cannot read.

    >>> iri_segment('钉钉 "2.0" <x>'), iri_segment("星河 Inc.")
    ('钉钉%20%222.0%22%20%3Cx%3E', '星河%20Inc%2E')
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
    if out and out[-1] == ".":
        out[-1] = "%2E"
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


Triple = tuple[Node, URIRef, Node]


def article_triples(result: ArticleResult) -> list[Triple]:
    """The triples one article contributes: its node, its entities, its relations and statements.

    Args:
        result: the article's records (entity keys already resolved across articles).

    Returns:
        The triples, in the order they are made (duplicates possible).
    """
    art = article_iri(result.article)
    triples = _article_triples(art, result.article)
    for entity in result.entities:
        node = entity_iri(entity.key)
        triples.append((node, RDF.type, kg_term(entity.label)))
        triples.append((node, RDFS.label, Literal(entity.name, lang="zh")))
        triples += [(node, SKOS.altLabel, Literal(alias, lang="zh"))
                    for alias in entity.aliases - {entity.name}]
        triples.append((node, PROV.wasDerivedFrom, art))
    for rel in result.relations:
        triples += _relation_triples(art, result.article, rel)
    return triples


def article_graphs(results: list[ArticleResult]) -> list[tuple[URIRef, Triples]]:
    """Each article's triples, named by the article's IRI (the named graphs of ``graph.trig``).

    Args:
        results: per article, its entities and relations.

    Returns:
        ``(article IRI, triples)`` per article, in the order given.
    """
    with few_full_collections():
        return [(article_iri(result.article), Triples(article_triples(result))) for result in results]


def union_graph(named: list[tuple[URIRef, Triples]]) -> Triples:
    """The union of named graphs (all facts, ``graph.ttl``).

    Entities with the same key are one node across articles: resolve keys first
    (:func:`kg.resolve.resolve`) so that each node has one canonical name.
    """
    union = Triples()
    with few_full_collections():
        for _, part in named:
            union.update(part)
    return union


#: young-generation collections between two full ones inside :func:`few_full_collections`
#: (Python's default: 10)
FULL_EVERY = 1000


@contextmanager
def few_full_collections():
    """Let Python's cyclic collector scan everything (its oldest generation) at most every
    :data:`FULL_EVERY` collections of the middle one, not every 10, inside the block (the
    pipeline's loop, :func:`kg.pipeline.analyse_many`; the graphs' making): each full scan
    reads every object of the loaded models and of what the build made so far (bench corpus,
    346 articles: 16 full scans, 1.5 of 21.5 CPU s, 14 of them in these blocks). The young
    generations are collected as before, so short-lived cycles still go, and the output is the
    same; the thresholds are set back when the last block open ends (blocks may overlap in the
    server's threads, so the first to open saves them and the last to close restores them)."""
    with _HOLDERS_LOCK:
        if not _HOLDERS:
            _HOLDERS.append(gc.get_threshold())
            first = _HOLDERS[0]
            gc.set_threshold(first[0], first[1], max(first[2], FULL_EVERY))
        _HOLDERS.append(None)
    try:
        yield
    finally:
        with _HOLDERS_LOCK:
            _HOLDERS.pop()
            if len(_HOLDERS) == 1:
                gc.set_threshold(*_HOLDERS.pop())


#: the thresholds saved by the first open :func:`few_full_collections` block, then one entry per open block
_HOLDERS: list = []
_HOLDERS_LOCK = threading.Lock()


class Triples:
    """A set of triples that keeps the order of first insertion, with an rdflib graph's look-ups.

    The page (:mod:`kg.view`) needs only a few look-ups, and filling an rdflib ``Graph`` (three
    indexes in its memory store) costs more than all of its work: building a 1 MB corpus's graphs
    and their union took 2.6 s with ``Graph`` and 0.5 s with this class. Iteration is subject by subject in the order
    subjects first appear, as rdflib's memory store iterates, so what is derived from it comes
    out the same.

    >>> a = entity_iri("甲")
    >>> t = Triples([(a, RDF.type, KG.Person), (a, RDFS.label, Literal("甲")), (a, RDF.type, KG.Person)])
    >>> len(t), list(t.subjects(RDF.type, KG.Person)) == [a], t.value(a, RDFS.label)
    (2, True, rdflib.term.Literal('甲'))
    """

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._spo: dict[Node, dict[URIRef, dict[Node, None]]] = {}
        self._size = 0
        self._pso: dict[URIRef, dict[Node, list[Node]]] | None = None
        for triple in triples:
            self.add(triple)

    def add(self, triple: Triple) -> None:
        """Add one triple (no effect if it is already there)."""
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = None
            self._size += 1
            self._pso = None

    def update(self, other: Iterable[Triple]) -> None:
        """Add every triple of ``other``."""
        for triple in other:
            self.add(triple)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Triple]:
        for s, by_predicate in self._spo.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    yield s, p, o

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._spo.get(s, {}).get(p, {})

    def _by_predicate(self) -> dict[URIRef, dict[Node, list[Node]]]:
        if self._pso is None:
            pso: dict[URIRef, dict[Node, list[Node]]] = {}
            for s, p, o in self:
                pso.setdefault(p, {}).setdefault(s, []).append(o)
            self._pso = pso
        return self._pso

    def subjects(self, predicate: URIRef, obj: Node) -> Iterator[Node]:
        """Subjects of ``(?, predicate, obj)``."""
        return (s for s, objects in self._by_predicate().get(predicate, {}).items() if obj in objects)

    def subject_objects(self, predicate: URIRef) -> Iterator[tuple[Node, Node]]:
        """``(subject, object)`` pairs of ``predicate``."""
        return ((s, o) for s, objects in self._by_predicate().get(predicate, {}).items() for o in objects)

    def objects(self, subject: Node, predicate: URIRef) -> Iterator[Node]:
        """Objects of ``(subject, predicate, ?)``."""
        return iter(self._spo.get(subject, {}).get(predicate, ()))

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        """One object of ``(subject, predicate, ?)``, or None."""
        return next(self.objects(subject, predicate), None)


def _article_triples(node: URIRef, article: Article) -> list[Triple]:
    triples = [(node, RDF.type, KG.NewsArticle),
               (node, DCTERMS.title, Literal(article.title, lang="zh")),
               (node, DCTERMS.source, Literal(article.source))]
    if article.created:
        kind = XSD.dateTime if "T" in article.created else XSD.date
        triples.append((node, DCTERMS.created, Literal(article.created, datatype=kind)))
    return triples


def _relation_triples(art: URIRef, article: Article, rel: Relation) -> list[Triple]:
    s = art if rel.subject == ARTICLE else entity_iri(rel.subject)
    o = art if rel.object == ARTICLE else entity_iri(rel.object)
    p = kg_term(rel.predicate)
    digest = hashlib.sha1(f"{article.slug}\x00{s}\x00{p}\x00{o}\x00{rel.start}".encode()).hexdigest()[:20]
    st = URIRef(STATEMENT_IRI + digest)
    return [(s, p, o),
            (st, RDF.type, RDF.Statement),
            (st, RDF.subject, s),
            (st, RDF.predicate, p),
            (st, RDF.object, o),
            (st, KG.evidence, Literal(rel.evidence, lang="zh")),
            (st, KG.confidence, Literal(Decimal(str(rel.confidence)), datatype=XSD.decimal)),
            (st, KG.evidenceStart, Literal(rel.start, datatype=XSD.integer)),
            (st, KG.evidenceEnd, Literal(rel.end, datatype=XSD.integer)),
            (st, PROV.wasDerivedFrom, art)]


__all__ = ["ArticleResult", "Triples", "article_graphs", "article_triples", "union_graph", "entity_iri", "article_iri",
           "iri_segment"]

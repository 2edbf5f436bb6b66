"""The ontology and lexicons in ``ontology/``, read once and shared by every stage.

Entity classes (their order, labels, name suffixes and colours), relation names, their cue
words and their domain and range come from ``ontology/kg.ttl``; names of well-known entities
and word lists come from ``ontology/lexicon/``. Adding a class, a relation or a cue is an edit
to those files, not to code.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from .errors import Errors, KgError

KG_IRI = "https://w3id.org/kg-zh/ontology#"
ENTITY_IRI = "https://w3id.org/kg-zh/entity/"
ARTICLE_IRI = "https://w3id.org/kg-zh/article/"
STATEMENT_IRI = "https://w3id.org/kg-zh/statement/"


class KG(DefinedNamespace):
    """The ontology's terms; a misspelt term fails at once (tests check it matches kg.ttl)."""

    _NS = Namespace(KG_IRI)
    _fail = True

    Person: URIRef
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Product: URIRef
    Place: URIRef
    Event: URIRef
    Strategy: URIRef
    Policy: URIRef
    NewsArticle: URIRef
    Agent: URIRef

    partOf: URIRef
    leads: URIRef
    memberOf: URIRef
    worksFor: URIRef
    founded: URIRef
    hasStrategy: URIRef
    acquired: URIRef
    investedIn: URIRef
    partnerOf: URIRef
    develops: URIRef
    customerOf: URIRef
    locatedIn: URIRef
    attended: URIRef
    organized: URIRef
    issued: URIRef
    basedOn: URIRef
    authorOf: URIRef
    publisherOf: URIRef

    evidence: URIRef
    confidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef

    verbCue: URIRef
    inverseCue: URIRef
    titleCue: URIRef
    nameSuffix: URIRef
    cueConfidence: URIRef
    colour: URIRef


#: The kg namespace, open: a class or relation added to kg.ttl alone has no term in :class:`KG`.
KG_NS = Namespace(KG_IRI)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

#: Every prefix kg binds, from one place.
PREFIXES = {
    "kg": KG_NS,
    "kge": Namespace(ENTITY_IRI),
    "kga": Namespace(ARTICLE_IRI),
    "kgs": Namespace(STATEMENT_IRI),
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
}

#: The class of the article nodes: an ``owl:Class`` of kg.ttl that is not an entity class.
ARTICLE_CLASS = "NewsArticle"


def __getattr__(name: str):
    """``ENTITY_CLASSES`` and ``ORGANIZATION_CLASSES``: those of the loaded ontology (see
    :class:`Schema`), read when first asked for, so that ``KG_ONTOLOGY`` decides them."""
    if name == "ENTITY_CLASSES":
        return load_schema().entity_classes
    if name == "ORGANIZATION_CLASSES":
        return load_schema().organization_classes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class RelationSpec:
    """What the ontology says about one relation.

    Attributes:
        name: local name, e.g. ``"partOf"``.
        label: the Chinese label.
        domain: entity classes allowed as subject (subclasses included).
        range: entity classes allowed as object (subclasses included).
        verb_cues: words stating the relation with the subject first.
        inverse_cues: words stating it with the object first.
        title_cues: job titles linking a person to the organisation named before them.
        confidence: base confidence of a relation found through a cue.
        symmetric: whether ``s p o`` implies ``o p s``.
    """

    name: str
    label: str
    domain: frozenset[str]
    range: frozenset[str]
    verb_cues: tuple[str, ...]
    inverse_cues: tuple[str, ...]
    title_cues: tuple[str, ...]
    confidence: float
    symmetric: bool


@dataclass(frozen=True)
class Schema:
    """The ontology as the extractor needs it.

    Attributes:
        relations: relation specs by local name.
        class_labels: Chinese label of every class and relation, by IRI.
        suffixes: name suffix -> entity class, from ``kg:nameSuffix``.
        graph: the ontology itself.
        entity_classes: local names of the classes an entity can have (see
            :func:`_entity_classes`), a subclass before its superclasses, else in the order
            kg.ttl declares them; the first of tied classes wins a vote.
        organization_classes: ``Organization`` and the entity classes below it.
        colours: the page's colour of a class (``kg:colour``), by IRI.
        declared: local names of kg.ttl's terms in the order the file declares them.
    """

    relations: dict[str, RelationSpec]
    class_labels: dict[URIRef, str]
    suffixes: dict[str, str]
    graph: Graph
    entity_classes: tuple[str, ...]
    organization_classes: frozenset[str]
    colours: dict[URIRef, str]
    declared: tuple[str, ...]


@dataclass(frozen=True)
class LexiconEntry:
    """A well-known entity: canonical name, class and other surface forms."""

    name: str
    type: str
    aliases: tuple[str, ...]


def ontology_dir() -> Path:
    """Return the folder holding ``kg.ttl``.

    In order: ``$KG_ONTOLOGY`` when set (it must hold ``kg.ttl``); ``ontology/`` beside the
    package in a checkout; the copy an installed package carries as ``kg/ontology_data/``
    (``setup.cfg`` maps ``ontology/`` there when the wheel is built).

    Returns:
        The folder path.

    >>> (ontology_dir() / "kg.ttl").is_file()
    True
    """
    chosen = os.environ.get("KG_ONTOLOGY")
    package = Path(__file__).resolve().parent
    candidates = [Path(chosen)] if chosen else [package.parent / "ontology", package / "ontology_data"]
    for path in candidates:
        if (path / "kg.ttl").is_file():
            return path
    raise KgError(Errors.E020.format(path=candidates[-1] / "kg.ttl"))


def _subclasses(graph: Graph, cls: URIRef, entities: tuple[str, ...]) -> set[str]:
    """Local names of ``cls`` and every class below it that is an entity class or the article."""
    found, todo = set(), [cls]
    while todo:
        current = todo.pop()
        if (current, OWL.unionOf, None) in graph:
            todo.extend(Collection(graph, graph.value(current, OWL.unionOf)))
            continue
        name = str(current).removeprefix(KG_IRI)
        if name in found:
            continue
        found.add(name)
        todo.extend(graph.subjects(RDFS.subClassOf, current))
    return found & {*entities, ARTICLE_CLASS}


def _declared(text: str) -> tuple[str, ...]:
    """Local names of the terms a Turtle file declares (a line ``kg:Name a …``), in file order."""
    return tuple(dict.fromkeys(re.findall(r"^kg:(\w+)\s+a\s", text, flags=re.M)))


def _entity_classes(graph: Graph, declared: tuple[str, ...]) -> tuple[str, ...]:
    """The entity classes: every ``owl:Class`` of the kg namespace except the article class and
    those defined as a union of others (``kg:Agent``).

    Ordered as declared in kg.ttl, except that the classes below a class come just before it,
    so the most specific class comes first wherever one contains another.
    """
    named = {str(c).removeprefix(KG_IRI) for c in graph.subjects(RDF.type, OWL.Class)
             if str(c).startswith(KG_IRI) and (c, OWL.unionOf, None) not in graph}
    named.discard(ARTICLE_CLASS)
    position = {name: index for index, name in enumerate(declared)}
    classes = tuple(sorted(named, key=lambda n: (position.get(n, len(position)), n)))
    order: list[str] = []
    seen: set[str] = set()

    def place(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        below = _subclasses(graph, KG_NS[name], classes)
        for other in classes:
            if other != name and other in below:
                place(other)
        order.append(name)

    for name in classes:
        place(name)
    return tuple(order)


def _zh(graph: Graph, term: URIRef, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(term, prop) if getattr(o, "language", None) == "zh")


@lru_cache(maxsize=None)
def load_schema(path: Path | None = None) -> Schema:
    """Read the ontology's relations, cues and class labels.

    Args:
        path: the ontology file; by default ``kg.ttl`` in :func:`ontology_dir`.

    Returns:
        The schema, cached per path.

    >>> "并入" in load_schema().relations["partOf"].verb_cues
    True
    """
    path = path or ontology_dir() / "kg.ttl"
    text = path.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    declared = _declared(text)
    entities = _entity_classes(graph, declared)
    relations = {}
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty)):
        name = str(prop).removeprefix(KG_IRI)
        domain, rng = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        conf = graph.value(prop, KG.cueConfidence)
        relations[name] = RelationSpec(
            name=name,
            label=(_zh(graph, prop, RDFS.label) or [name])[0],
            domain=frozenset(_subclasses(graph, domain, entities)),
            range=frozenset(_subclasses(graph, rng, entities)),
            verb_cues=tuple(_ordered(graph, prop, KG.verbCue)),
            inverse_cues=tuple(_ordered(graph, prop, KG.inverseCue)),
            title_cues=tuple(_ordered(graph, prop, KG.titleCue)),
            confidence=float(conf) if conf is not None else 0.6,
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
        )
    labels = {}
    for term in set(graph.subjects(RDF.type, OWL.Class)) | set(graph.subjects(RDF.type, OWL.ObjectProperty)):
        if isinstance(term, URIRef) and (zh := _zh(graph, term, RDFS.label)):
            labels[term] = zh[0]
    suffixes = {}
    for cls in entities:
        for suffix in _zh(graph, KG_NS[cls], KG.nameSuffix):
            suffixes.setdefault(suffix, cls)
    colours = {c: str(o) for c, o in graph.subject_objects(KG.colour) if isinstance(c, URIRef)}
    return Schema(relations=relations, class_labels=labels, suffixes=suffixes, graph=graph,
                  entity_classes=entities,
                  organization_classes=frozenset(_subclasses(graph, KG.Organization, entities) - {ARTICLE_CLASS}),
                  colours=colours, declared=declared)


def kg_term(name: str) -> URIRef:
    """The IRI of a class or relation of the ontology, checked against ``kg.ttl``: a relation
    added there needs no code (the closed ``KG`` namespace knows only the terms written in it).

    >>> str(kg_term("partOf")).endswith("#partOf")
    True
    """
    if name not in _known_terms():
        raise KgError(Errors.E045.format(name=name, path=ontology_dir() / "kg.ttl"))
    return URIRef(KG_IRI + name)


@lru_cache(maxsize=None)
def _known_terms() -> frozenset[str]:
    graph = load_schema().graph
    terms = set(graph.subjects(RDF.type, OWL.Class)) | set(graph.subjects(RDF.type, OWL.ObjectProperty))
    return frozenset(str(t).removeprefix(KG_IRI) for t in terms if str(t).startswith(KG_IRI))


def _ordered(graph: Graph, term: URIRef, prop: URIRef) -> list[str]:
    """Cue words, longest first so that 副市长 is tried before 市长."""
    return sorted(_zh(graph, term, prop), key=lambda w: (-len(w), w))


@lru_cache(maxsize=None)
def load_lexicon(path: Path | None = None) -> tuple[LexiconEntry, ...]:
    """Read ``lexicon/entities.jsonl``: well-known names, their class and aliases.

    Args:
        path: the JSON-lines file; by default the one in :func:`ontology_dir`.

    Returns:
        The entries, in file order.

    >>> any(e.type == "Place" for e in load_lexicon())
    True
    """
    path = path or ontology_dir() / "lexicon" / "entities.jsonl"
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entry = LexiconEntry(row["name"], row["type"], tuple(row.get("aliases", ())))
        except (ValueError, KeyError, TypeError) as err:
            raise KgError(Errors.E021.format(path=path, line=number, reason=err)) from err
        if entry.type not in load_schema().entity_classes:
            raise KgError(Errors.E021.format(path=path, line=number, reason=f"unknown type {entry.type!r}"))
        entries.append(entry)
    return tuple(entries)


@lru_cache(maxsize=None)
def load_words(path: Path | None = None) -> dict:
    """Read ``lexicon/words.json``: honorifics, anaphora, negation and hedge words.

    >>> "未" in load_words()["negation"]
    True
    """
    path = path or ontology_dir() / "lexicon" / "words.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def chinese_titles() -> frozenset[str]:
    """The ontology's job titles (``kg:titleCue``) written in Chinese: those that open with a
    Chinese character (董事长, 校长, 董事长兼CEO; not CEO).

    >>> "校长" in chinese_titles(), "CEO" in chinese_titles()
    (True, False)
    """
    return frozenset(t for spec in load_schema().relations.values() for t in spec.title_cues
                     if "\u4e00" <= t[:1] <= "\u9fff")


@lru_cache(maxsize=None)
def load_surnames(path: Path | None = None) -> frozenset[str]:
    """Read ``lexicon/surnames.txt``: one Chinese surname per line.

    >>> "张" in load_surnames()
    True
    """
    path = path or ontology_dir() / "lexicon" / "surnames.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))

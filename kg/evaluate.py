"""Stage 7: score a built graph against gold annotations, counted as the shared scorer does.

The numbers are those of ``tools/score_graph.py`` (see ``CONTRACT.md``), so that a score seen
here is the score seen there:

* **entities** — a node typed with a core class is right when one of its labels (``rdfs:label``,
  ``skos:prefLabel``, ``skos:altLabel``, normalised) is an alias of a gold entity that no other
  node claimed first (nodes in IRI order); a second node for the same gold entity is a false
  positive (an unmerged duplicate). *typed* is the share of right nodes with the gold class.
* **relations** — an asserted triple whose predicate's local name is a core relation is right
  when both ends map to gold entities (the article node to ``@article``) and it is a gold
  relation (``partnerOf`` either way round); each gold relation is credited once. Triples that
  match an ``optional`` gold relation are neither rewarded nor penalised.
* **evidence** — with the article texts, the share of predicted triples with an ``rdf:Statement``
  whose evidence literal occurs verbatim in a text.

A gold file is JSON: ``{"article": "name.txt", "entities": [{"id", "name", "type",
"aliases"}], "relations": [{"subject", "predicate", "object"}], "optional": [...]}``, where a
subject or object is an entity id or ``"@article"``. Entities of several gold files are merged
when they share a class and an alias.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax import SAXException

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import Error as RdflibError
from rdflib.namespace import SKOS
from rdflib.term import Node

from .errors import Errors, KgError
from .query import shorten
from .records import normalize

#: Local names fixed by ``CONTRACT.md``: any namespace will do.
CORE_CLASSES = frozenset({
    "Person", "Organization", "Company", "GovernmentBody", "Product", "Place", "Event",
    "Strategy", "Policy",
})
ARTICLE_CLASSES = frozenset({"Article", "NewsArticle", "Document", "CreativeWork", "Report"})
CORE_RELATIONS = frozenset({
    "partOf", "leads", "memberOf", "worksFor", "founded", "hasStrategy", "acquired",
    "investedIn", "partnerOf", "develops", "customerOf", "locatedIn", "attended", "organized",
    "issued", "basedOn", "authorOf", "publisherOf",
})
SYMMETRIC_RELATIONS = frozenset({"partnerOf"})

#: Gold name of the article node; a gold relation's end is ``@article:<file>``.
ARTICLE = "@article"
#: Edges of the confidence bands: [0, 0.5), [0.5, 0.6), … [0.9, 1.01).
DEFAULT_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)

# Outcomes of one predicted relation triple.
RIGHT = "right"        # a gold relation, credited to this triple
REPEAT = "repeat"      # a gold relation already credited to another triple: not counted
OPTIONAL = "optional"  # an optional gold relation: not counted
WRONG = "wrong"        # a false positive
SKIPPED = "skipped"    # an end outside the gold, with lenient=True: not counted

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_NAME_SEPARATOR = re.compile(r"[#/:]")

Triple = tuple[str, str, str]
"""A gold relation: (subject, predicate, object) as canonical names or ``@article:<file>``."""


def normalise(text: object) -> str:
    """Fold a label or alias for comparison (:func:`kg.records.normalize` of its text).

    Args:
        text: a string or an RDF literal.

    Returns:
        The folded text.

    >>> normalise(" 《钉钉》 DingTalk ")
    '钉钉dingtalk'
    """
    return normalize(str(text))


def local_name(term: object) -> str:
    """The last part of an IRI, after its final ``#``, ``/`` or ``:``.

    >>> local_name("https://w3id.org/kg-zh/ontology#partOf")
    'partOf'
    """
    return _NAME_SEPARATOR.split(str(term))[-1]


# ---------------------------------------------------------------------------------------------
# Gold annotations

@dataclass(frozen=True)
class GoldEntity:
    """One gold entity, merged across gold files: canonical name, core class, folded aliases."""

    name: str
    type: str
    aliases: frozenset[str]


@dataclass(frozen=True)
class Gold:
    """The gold annotations of one or more articles, ready to score against.

    Attributes:
        entities: gold entities by canonical name, in the order of the gold files.
        alias_index: folded alias -> canonical name (the first entity having it wins).
        relations: the gold relations.
        optional: relations that are neither rewarded nor penalised.
        article_keys: the ``@article:<file>`` ends used by the relations.
    """

    entities: dict[str, GoldEntity]
    alias_index: dict[str, str]
    relations: frozenset[Triple]
    optional: frozenset[Triple]
    article_keys: frozenset[str]


# A relation as read from a file: ends are indices into the entity records or "@article:<file>".
_RawTriple = tuple[int | str, str, int | str]


def load_gold(paths: Sequence[Path]) -> Gold:
    """Read gold files and merge their entities when they share a class and an alias.

    Args:
        paths: gold JSON files (see the module docstring).

    Returns:
        The merged gold annotations.

    Raises:
        KgError: a file is missing, unreadable or not a valid gold file.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"article": "a.txt", "entities": [{"id": "x", "name": "钉钉", '
    ...                 '"type": "Product", "aliases": ["DingTalk"]}], "relations": []}')
    >>> sorted(load_gold([Path(f.name)]).alias_index)
    ['dingtalk', '钉钉']
    """
    records: list[GoldEntity] = []
    relations: list[_RawTriple] = []
    optional: list[_RawTriple] = []
    for path in paths:
        data = _read_json(Path(path))
        found, rels, opts = _parse_gold(Path(path), data, offset=len(records))
        records += found
        relations += rels
        optional += opts

    canonical = [records[root].name for root in _merge_roots(records)]
    entities: dict[str, GoldEntity] = {}
    for record, name in zip(records, canonical):
        # Components whose canonical names coincide are one entity, as in the shared scorer.
        known = entities.get(name)
        aliases = record.aliases | known.aliases if known else record.aliases
        entities[name] = GoldEntity(name, known.type if known else record.type, aliases)

    alias_index: dict[str, str] = {}
    for name, entity in entities.items():
        for alias in sorted(entity.aliases):
            alias_index.setdefault(alias, name)

    def resolve(triples: list[_RawTriple]) -> frozenset[Triple]:
        def end(ref: int | str) -> str:
            return canonical[ref] if isinstance(ref, int) else ref
        return frozenset((end(s), p, end(o)) for s, p, o in triples)

    gold_relations, gold_optional = resolve(relations), resolve(optional)
    article_keys = frozenset(o for _, _, o in gold_relations | gold_optional
                             if o.startswith(ARTICLE + ":"))
    return Gold(entities, alias_index, gold_relations, gold_optional, article_keys)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as err:
        raise KgError(Errors.E001.format(path=path)) from err
    except UnicodeDecodeError as err:
        raise KgError(Errors.E004.format(path=path, offset=err.start, reason=err.reason)) from err
    except OSError as err:
        raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        reason = f"not JSON: line {err.lineno} column {err.colno}: {err.msg}"
        raise KgError(Errors.E040.format(path=path, reason=reason)) from err


def _invalid(path: Path, reason: str) -> KgError:
    return KgError(Errors.E040.format(path=path, reason=reason))


def _parse_gold(path: Path, data: Any, offset: int
                ) -> tuple[list[GoldEntity], list[_RawTriple], list[_RawTriple]]:
    """Check one gold file and return its entity records and relations (ends as record indices)."""
    if not isinstance(data, dict):
        raise _invalid(path, "expected a JSON object with 'article', 'entities' and 'relations'")
    article = data.get("article")
    if not isinstance(article, str) or not article:
        raise _invalid(path, "'article' must name the article file, e.g. \"article.txt\"")
    for key in ("entities", "relations"):
        if not isinstance(data.get(key), list):
            raise _invalid(path, f"'{key}' must be a list")
    if not isinstance(data.get("optional", []), list):
        raise _invalid(path, "'optional' must be a list")

    records: list[GoldEntity] = []
    index_of: dict[str, int] = {}
    for n, entity in enumerate(data["entities"]):
        where = f"entities[{n}]"
        if not isinstance(entity, dict) or not all(
                isinstance(entity.get(k), str) and entity[k] for k in ("id", "name", "type")):
            raise _invalid(path, f"{where}: needs the strings 'id', 'name' and 'type'")
        aliases = entity.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _invalid(path, f"{where}: 'aliases' must be a list of strings")
        if entity["type"] not in CORE_CLASSES:
            valid = ", ".join(sorted(CORE_CLASSES))
            raise _invalid(path, f"{where}: type {entity['type']!r} is not one of {valid}")
        if entity["id"] == ARTICLE:
            raise _invalid(path, f"{where}: id {ARTICLE!r} is reserved for the article")
        if entity["id"] in index_of:
            raise _invalid(path, f"{where}: id {entity['id']!r} is used twice")
        index_of[entity["id"]] = offset + len(records)
        records.append(GoldEntity(entity["name"], entity["type"],
                                  frozenset(normalise(a) for a in [*aliases, entity["name"]])))

    def end(ref: object, where: str) -> int | str:
        if ref == ARTICLE:
            return f"{ARTICLE}:{article}"
        if isinstance(ref, str) and ref in index_of:
            return index_of[ref]
        raise _invalid(path, f"{where}: {ref!r} is not an entity id or {ARTICLE!r}")

    def triples(key: str) -> list[_RawTriple]:
        out: list[_RawTriple] = []
        for n, rel in enumerate(data.get(key, [])):
            where = f"{key}[{n}]"
            if not isinstance(rel, dict):
                raise _invalid(path, f"{where}: needs 'subject', 'predicate' and 'object'")
            if rel.get("predicate") not in CORE_RELATIONS:
                valid = ", ".join(sorted(CORE_RELATIONS))
                raise _invalid(path, f"{where}: predicate {rel.get('predicate')!r} is not one "
                                     f"of {valid}")
            out.append((end(rel.get("subject"), where + ".subject"), rel["predicate"],
                        end(rel.get("object"), where + ".object")))
        return out

    return records, triples("relations"), triples("optional")


def _merge_roots(records: list[GoldEntity]) -> list[int]:
    """For every record, the first record of its group (same class, an alias in common)."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        for alias in record.aliases:
            a, b = root(i), root(first_with.setdefault((record.type, alias), i))
            parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(records))]


# ---------------------------------------------------------------------------------------------
# The graph

def load_graph(path: Path) -> Graph:
    """Read a Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML file, named graphs merged.

    Args:
        path: the graph file; the format comes from its suffix (Turtle when unknown).

    Returns:
        One graph holding the triples of every graph in the file.

    Raises:
        KgError: the file is missing, unreadable or not valid RDF.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".ttl", delete=False) as f:
    ...     _ = f.write("<https://example.org/a> <https://example.org/b> <https://example.org/c> .")
    >>> len(load_graph(Path(f.name)))
    1
    """
    path = Path(path)
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    dataset = Dataset(default_union=True)
    union = Graph()
    try:
        with warnings.catch_warnings():
            # rdflib 7 warns about its own use of Dataset.default_context in parse() and
            # triples(); reading through a plain Graph afterwards keeps the warnings away.
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(str(path), format="trig" if path.suffix == ".trig" else None)
            for triple in dataset.triples((None, None, None)):
                union.add(triple)
    except OSError as err:
        raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    # rdflib's parsers report bad input with many exception types (JSON-LD even AttributeError).
    except (SyntaxError, ValueError, TypeError, AttributeError, KeyError, RdflibError,
            SAXException) as err:
        raise KgError(Errors.E010.format(path=path, reason=_parse_reason(err))) from err
    return union


def _parse_reason(err: Exception) -> str:
    """One line saying why a graph did not parse."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    if lines[0].startswith("at line ") and len(lines) > 1:  # rdflib's BadSyntax: place, then cause
        return f"{lines[0].split(' of ')[0]}: {lines[1].removesuffix(' at ^ in:')}"
    return lines[0]


def _types(graph: Graph, node: Node) -> set[str]:
    return {local_name(t) for t in graph.objects(node, RDF.type)}


def _labels(graph: Graph, node: Node) -> set[str]:
    return {normalise(o) for p in _LABEL_PROPERTIES for o in graph.objects(node, p)
            if isinstance(o, Literal)}


def _predicted_triples(graph: Graph) -> list[tuple[Node, str, URIRef]]:
    """Asserted relation triples (subject, relation local name, object IRI), in a fixed order."""
    rdf = str(RDF)
    found = {(s, local_name(p), o) for s, p, o in graph.triples((None, None, None))
             if isinstance(o, URIRef) and local_name(p) in CORE_RELATIONS
             and not str(p).startswith(rdf)}
    return sorted(found, key=lambda t: (str(t[0]), t[1], str(t[2])))


def _statements(graph: Graph) -> dict[tuple[Node, str, Node], set[Node]]:
    """Statement nodes by the (subject, relation local name, object) they describe."""
    index: dict[tuple[Node, str, Node], set[Node]] = defaultdict(set)
    for statement, subject in graph.subject_objects(RDF.subject):
        for predicate in graph.objects(statement, RDF.predicate):
            for obj in graph.objects(statement, RDF.object):
                index[(subject, local_name(predicate), obj)].add(statement)
    return index


def _statement_values(graph: Graph, statements: Iterable[Node], name: str) -> list[Literal]:
    """The literal values of a property (by local name) over some statement nodes."""
    return [value for statement in statements for p, value in graph.predicate_objects(statement)
            if local_name(p) == name and isinstance(value, Literal)]


def _confidence(values: Iterable[Literal]) -> float | None:
    """The highest numeric confidence among literals, None when there is none."""
    numbers = []
    for value in values:
        number = value.toPython()
        if isinstance(number, bool):
            continue
        try:
            numbers.append(float(number))
        except (TypeError, ValueError):
            continue
    return max(numbers, default=None)


# ---------------------------------------------------------------------------------------------
# Matching the graph to the gold

@dataclass
class EntityMatch:
    """Graph nodes mapped to gold entities.

    Attributes:
        gold_of: node -> canonical name (``@article`` for article nodes), duplicates included.
        claimed: canonical name -> the node credited with it.
        false_positives: unmatched and duplicate nodes, as rows for ``--show``.
        typed: how many credited nodes have the gold class.
    """

    gold_of: dict[Node, str]
    claimed: dict[str, Node]
    false_positives: list[dict[str, Any]]
    typed: int


def match_entities(graph: Graph, gold: Gold) -> EntityMatch:
    """Map every entity and article node of the graph to the gold, in IRI order.

    Args:
        graph: the graph (see :func:`load_graph`).
        gold: the gold annotations (see :func:`load_gold`).

    Returns:
        The mapping, the credited nodes and the false positives.

    >>> from rdflib import Namespace
    >>> ex, g = Namespace("https://example.org/"), Graph()
    >>> _ = g.add((ex.dd, RDF.type, ex.Product)).add((ex.dd, RDFS.label, Literal("钉钉")))
    >>> gold = Gold({"钉钉": GoldEntity("钉钉", "Product", frozenset({"钉钉"}))}, {"钉钉": "钉钉"},
    ...             frozenset(), frozenset(), frozenset())
    >>> match_entities(g, gold).typed
    1
    """
    typed_nodes = set(graph.subjects(RDF.type, None))
    articles = {n for n in typed_nodes if _types(graph, n) & ARTICLE_CLASSES}
    entities = sorted((n for n in typed_nodes - articles if _types(graph, n) & CORE_CLASSES),
                      key=str)
    match = EntityMatch({}, {}, [], 0)
    for node in entities:
        labels = sorted(_labels(graph, node))
        key = next((gold.alias_index[lab] for lab in labels if lab in gold.alias_index), None)
        if key is not None:
            match.gold_of[node] = key
        if key is None or key in match.claimed:
            match.false_positives.append({"node": str(node), "labels": labels, "duplicate_of": key})
            continue
        match.claimed[key] = node
        match.typed += gold.entities[key].type in _types(graph, node)
    for node in articles:
        match.gold_of[node] = ARTICLE
    return match


@dataclass(frozen=True)
class Judgement:
    """What one predicted relation triple counts as.

    Attributes:
        triple: (subject node, relation local name, object node) as in the graph.
        ends: the gold names of subject and object, None where an end maps to no gold entity.
        outcome: ``right``, ``repeat``, ``optional``, ``wrong`` or ``skipped``.
        gold: the gold relation it matches, if any.
    """

    triple: tuple[Node, str, Node]
    ends: tuple[str | None, str | None]
    outcome: str
    gold: Triple | None = None


def _gold_candidates(subject: str, name: str, objects: Iterable[str]) -> list[Triple]:
    """Gold triples that would match, in order of preference."""
    out = []
    for obj in objects:
        # When the gold lists both directions of a symmetric relation, the reverse is credited
        # first, as in the shared scorer.
        if name in SYMMETRIC_RELATIONS:
            out.append((obj, name, subject))
        out.append((subject, name, obj))
    return out


def judge_relations(triples: Iterable[tuple[Node, str, Node]], gold_of: dict[Node, str],
                    gold: Gold, lenient: bool = False) -> list[Judgement]:
    """Decide, triple by triple in the given order, what each predicted triple counts as.

    Args:
        triples: predicted (subject, relation local name, object) triples.
        gold_of: node -> gold name, from :func:`match_entities`.
        gold: the gold annotations.
        lenient: skip triples with an end outside the gold instead of counting them wrong.

    Returns:
        One judgement per triple; a gold relation is credited to the first triple matching it.

    >>> gold = Gold({}, {}, frozenset({("a", "partnerOf", "b")}), frozenset(), frozenset())
    >>> [j.outcome for j in judge_relations([("B", "partnerOf", "A"), ("A", "partnerOf", "B")],
    ...                                     {"A": "a", "B": "b"}, gold)]
    ['right', 'repeat']
    """
    credited: set[Triple] = set()
    out = []
    for triple in triples:
        subject, name, obj = triple
        ends = (gold_of.get(subject), gold_of.get(obj))
        if ends[0] is None or ends[1] is None:
            out.append(Judgement(triple, ends, SKIPPED if lenient else WRONG))
            continue
        # The article node stands for any article of the gold.
        objects = sorted(gold.article_keys) if ends[1] == ARTICLE else [ends[1]]
        candidates = _gold_candidates(ends[0], name, objects)
        hit = next((t for t in candidates if t in gold.relations), None)
        if hit is not None:
            out.append(Judgement(triple, ends, REPEAT if hit in credited else RIGHT, hit))
            credited.add(hit)
            continue
        optional = next((t for t in candidates if t in gold.optional), None)
        out.append(Judgement(triple, ends, WRONG if optional is None else OPTIONAL, optional))
    return out


@dataclass(frozen=True)
class GraphEvaluation:
    """One graph matched to its gold: what :func:`score_graph` and the breakdowns count from.

    Attributes:
        graph: the graph read.
        gold: the gold annotations.
        entities: its nodes mapped to the gold.
        judgements: one per predicted relation triple, in the scorer's order.
    """

    graph: Graph
    gold: Gold
    entities: EntityMatch
    judgements: list[Judgement]


def evaluate_graph(graph_path: Path, gold_paths: Sequence[Path],
                   lenient: bool = False) -> GraphEvaluation:
    """Read a graph and gold files, match the nodes and judge every predicted relation triple.

    Args:
        graph_path: the built graph.
        gold_paths: its gold JSON files.
        lenient: skip triples with an end outside the gold instead of counting them wrong.

    Raises:
        KgError: a file is missing or not valid.
    """
    gold = load_gold(gold_paths)
    graph = load_graph(graph_path)
    entities = match_entities(graph, gold)
    judgements = judge_relations(_predicted_triples(graph), entities.gold_of, gold, lenient)
    return GraphEvaluation(graph, gold, entities, judgements)


# ---------------------------------------------------------------------------------------------
# Scores

def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1, each rounded to 3 places (0.0 when undefined).

    >>> precision_recall_f1(2, 1, 1)
    (0.667, 0.667, 0.667)
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def _counts(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _read_texts(paths: Iterable[Path]) -> list[str]:
    texts = []
    for path in map(Path, paths):
        try:
            # Undecodable bytes cannot hold verbatim evidence anyway; the shared scorer agrees.
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        except FileNotFoundError as err:
            raise KgError(Errors.E001.format(path=path)) from err
        except OSError as err:
            raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    return texts


def evidence_share(graph: Graph, triples: Sequence[tuple[Node, str, Node]],
                   texts: Iterable[str]) -> float:
    """Share of triples with a statement whose evidence occurs verbatim in one of the texts.

    Args:
        graph: the graph holding the triples and their ``rdf:Statement`` nodes.
        triples: predicted (subject, relation local name, object) triples.
        texts: the article texts; evidence and texts are compared normalised.

    Returns:
        The share, rounded to 3 places; 0.0 without triples.

    >>> evidence_share(Graph(), [], ["钉钉"])
    0.0
    """
    return round(evidence_count(graph, triples, texts) / len(triples), 3) if triples else 0.0


def evidence_count(graph: Graph, triples: Iterable[tuple[Node, str, Node]],
                   texts: Iterable[str]) -> int:
    """How many triples have a statement whose evidence occurs verbatim in one of the texts
    (the numerator of :func:`evidence_share`, for adding up over several graphs).

    >>> evidence_count(Graph(), [], ["钉钉"])
    0
    """
    corpus = "\n".join(normalise(text) for text in texts)
    statements = _statements(graph)

    def verbatim(triple: tuple[Node, str, Node]) -> bool:
        for value in _statement_values(graph, statements.get(triple, ()), "evidence"):
            folded = normalise(value)
            if folded and folded in corpus:
                return True
        return False

    return sum(map(verbatim, triples))


def score_graph(graph_path: Path, gold_paths: list[Path], texts: list[Path] | None = None,
                lenient: bool = False) -> dict[str, Any]:
    """Score a graph against gold files, with the numbers of the shared scorer.

    Args:
        graph_path: the built graph (``graph.ttl``; TriG and other RDF formats also work).
        gold_paths: gold JSON files of the articles the graph was built from.
        texts: article text files; when given, the evidence share is computed.
        lenient: do not count triples with an end outside the gold as false positives.

    Returns:
        ``{"graph", "entities": {precision, recall, f1, tp, fp, fn, typed_accuracy},
        "relations": {precision, recall, f1, tp, fp, fn}, "evidence" (with texts),
        "entity_false_positives", "entity_missed", "relation_false_positives",
        "relation_missed"}``.

    Raises:
        KgError: a file is missing or not valid.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.ttl").write_text('<https://example.org/dd> a <https://example.org/Product>;'
    ...     ' <http://www.w3.org/2000/01/rdf-schema#label> "钉钉" .', encoding="utf-8")
    >>> _ = (folder / "gold.json").write_text('{"article": "a.txt", "entities": [{"id": "dd", '
    ...     '"name": "钉钉", "type": "Product", "aliases": []}], "relations": []}', encoding="utf-8")
    >>> score_graph(folder / "g.ttl", [folder / "gold.json"])["entities"]["f1"]
    1.0
    """
    run = evaluate_graph(graph_path, gold_paths, lenient)
    gold, entities = run.gold, run.entities
    missed_entities = [name for name in gold.entities if name not in entities.claimed]
    credited = {j.gold for j in run.judgements if j.outcome == RIGHT}
    wrong = [j for j in run.judgements if j.outcome == WRONG]
    missed_relations = sorted(gold.relations - credited)
    tp = len(entities.claimed)

    scores: dict[str, Any] = {
        "graph": str(graph_path),
        "entities": {**_counts(tp, len(entities.false_positives), len(missed_entities)),
                     "typed_accuracy": round(entities.typed / tp, 3) if tp else 0.0},
        "relations": _counts(len(credited), len(wrong), len(missed_relations)),
    }
    if texts is not None:
        triples = [j.triple for j in run.judgements]
        scores["evidence"] = evidence_share(run.graph, triples, _read_texts(texts))
    scores["entity_false_positives"] = entities.false_positives
    scores["entity_missed"] = missed_entities
    scores["relation_false_positives"] = [_wrong_row(j) for j in wrong]
    scores["relation_missed"] = [list(t) for t in missed_relations]
    return scores


def _wrong_row(judgement: Judgement) -> dict[str, str]:
    subject, name, obj = judgement.triple
    if None in judgement.ends:
        return {"subject": str(subject), "predicate": name, "object": str(obj),
                "reason": "end not in gold"}
    return {"subject": str(judgement.ends[0]), "predicate": name, "object": str(judgement.ends[1]),
            "reason": "not a gold relation"}


def format_scores(scores: dict[str, Any], show: bool = False) -> str:
    """The summary lines of the shared scorer, after the false positives and misses if asked.

    Args:
        scores: the result of :func:`score_graph`.
        show: list false positives and misses first.

    Returns:
        ``entities  P=… R=… F1=… (tp=… fp=… fn=…) typed=…``, ``relations P=… …`` and, with
        texts, ``evidence  …``.

    >>> e = {"precision": 1.0, "recall": 0.5, "f1": 0.667, "tp": 1, "fp": 0, "fn": 1,
    ...      "typed_accuracy": 1.0}
    >>> r = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}
    >>> print(format_scores({"entities": e, "relations": r}))
    entities  P=1.0 R=0.5 F1=0.667 (tp=1 fp=0 fn=1) typed=1.0
    relations P=0.0 R=0.0 F1=0.0 (tp=0 fp=0 fn=0)
    """
    lines = _listing(scores) if show else []
    e, r = scores["entities"], scores["relations"]
    lines.append(f"entities  P={e['precision']} R={e['recall']} F1={e['f1']} "
                 f"(tp={e['tp']} fp={e['fp']} fn={e['fn']}) typed={e['typed_accuracy']}")
    lines.append(f"relations P={r['precision']} R={r['recall']} F1={r['f1']} "
                 f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    if "evidence" in scores:
        lines.append(f"evidence  {scores['evidence']}")
    return "\n".join(lines)


def _listing(scores: dict[str, Any]) -> list[str]:
    def section(title: str, rows: list[str]) -> list[str]:
        return [f"{title} ({len(rows)}):"] + [f"    {row}" for row in rows]

    entity_fps = [f"{shorten(row['node'])}  [{', '.join(row['labels'])}]"
                  + (f"  duplicate of {row['duplicate_of']}" if row["duplicate_of"] else "")
                  for row in scores.get("entity_false_positives", [])]
    relation_fps = [f"{shorten(row['subject'])} {row['predicate']} {shorten(row['object'])}"
                    f"  ({row['reason']})" for row in scores.get("relation_false_positives", [])]
    return (section("entity false positives", entity_fps)
            + section("entities missed", list(scores.get("entity_missed", [])))
            + section("relation false positives", relation_fps)
            + section("relations missed", [" ".join(t) for t in scores.get("relation_missed", [])]))


# ---------------------------------------------------------------------------------------------
# Confidence bands

def confidence_bands(graph_path: Path, gold_paths: list[Path],
                     bands: Sequence[float] = DEFAULT_BANDS) -> list[dict[str, Any]]:
    """Count, per confidence band, the predicted relation triples and how many are right.

    A triple's confidence is the highest ``kg:confidence`` among its statement nodes; it is
    judged exactly as :func:`score_graph` judges it.

    Args:
        graph_path: the built graph.
        gold_paths: its gold JSON files.
        bands: increasing band edges; a band includes its lower edge, not its upper one.

    Returns:
        One row per band, then a row with ``low`` and ``high`` None for triples without a
        confidence in the bands; each row holds ``triples`` and the outcomes ``right``,
        ``optional``, ``wrong`` and ``repeat`` (a gold relation already credited).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.ttl").write_text("", encoding="utf-8")
    >>> _ = (folder / "gold.json").write_text('{"article": "a.txt", "entities": [], '
    ...                                      '"relations": []}', encoding="utf-8")
    >>> [row["triples"] for row in confidence_bands(folder / "g.ttl", [folder / "gold.json"])]
    [0, 0, 0, 0, 0, 0, 0]
    """
    edges = [float(edge) for edge in bands]
    if len(edges) < 2 or any(a >= b for a, b in zip(edges, edges[1:])):
        raise ValueError(f"band edges must be at least two increasing numbers, not {bands!r}")
    run = evaluate_graph(graph_path, gold_paths, lenient=False)
    statements = _statements(run.graph)
    rows = [_band_row(low, high) for low, high in zip(edges, edges[1:])] + [_band_row(None, None)]
    for judgement in run.judgements:
        confidence = _confidence(
            _statement_values(run.graph, statements.get(judgement.triple, ()), "confidence"))
        row = next((r for r in rows[:-1] if confidence is not None
                    and r["low"] <= confidence < r["high"]), rows[-1])
        row["triples"] += 1
        row[judgement.outcome] += 1
    return rows


def _band_row(low: float | None, high: float | None) -> dict[str, Any]:
    return {"low": low, "high": high, "triples": 0, RIGHT: 0, OPTIONAL: 0, WRONG: 0, REPEAT: 0}


def sum_bands(tables: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Add up band tables of several graphs (made with the same band edges).

    >>> row = {"low": 0.0, "high": 1.01, "triples": 2, "right": 1, "optional": 0, "wrong": 1,
    ...        "repeat": 0}
    >>> sum_bands([[row], [row]])[0]["right"]
    2
    """
    total: list[dict[str, Any]] = []
    for table in tables:
        if not total:
            total = [dict(row) for row in table]
            continue
        if [(r["low"], r["high"]) for r in table] != [(r["low"], r["high"]) for r in total]:
            raise ValueError("band tables with different band edges cannot be added")
        for into, row in zip(total, table):
            for key in ("triples", RIGHT, OPTIONAL, WRONG, REPEAT):
                into[key] += row[key]
    return total


def format_bands(rows: list[dict[str, Any]]) -> str:
    """Render band rows as a table, with the share right (right / (right + wrong)) and totals.

    Args:
        rows: the result of :func:`confidence_bands` or :func:`sum_bands`.

    Returns:
        Aligned text; the no-confidence row only when it holds triples.

    >>> row = {"low": 0.9, "high": 1.01, "triples": 4, "right": 3, "optional": 0, "wrong": 1,
    ...        "repeat": 0}
    >>> print(format_bands([row]))
    confidence     triples  right  optional  wrong  repeat  P(right)
    [0.90, 1.01)         4      3         0      1       0     0.750
    all                  4      3         0      1       0     0.750
    """
    keys = ("triples", RIGHT, OPTIONAL, WRONG, REPEAT)
    total = {key: sum(row[key] for row in rows) for key in keys}
    shown = [row for row in rows if row["low"] is not None or row["triples"]]
    lines = [f"{'confidence':<13} {'triples':>8} {'right':>6} {'optional':>9} {'wrong':>6} "
             f"{'repeat':>7} {'P(right)':>9}"]
    for label, row in [(_band_label(r), r) for r in shown] + [("all", total)]:
        judged = row[RIGHT] + row[WRONG]
        share = f"{row[RIGHT] / judged:.3f}" if judged else "-"
        lines.append(f"{label:<13} {row['triples']:>8} {row[RIGHT]:>6} {row[OPTIONAL]:>9} "
                     f"{row[WRONG]:>6} {row[REPEAT]:>7} {share:>9}")
    return "\n".join(lines)


def _band_label(row: dict[str, Any]) -> str:
    if row["low"] is None:
        return "none"
    return f"[{row['low']:.2f}, {row['high']:.2f})"


# ---------------------------------------------------------------- relation patterns on DuIE

#: DuIE 2.0 predicates that are relations of the ontology: (our relation, subject is DuIE's object).
DUIE_RELATIONS = {
    "董事长": ("leads", True),
    "校长": ("leads", True),
    "创始人": ("founded", True),
    "总部地点": ("locatedIn", False),
    "所在城市": ("locatedIn", False),
}


def evaluate_duie(path: Path, limit: int | None = None) -> dict:
    """Precision and recall of the relation patterns on the mapped relations of DuIE 2.0.

    Only sentences holding at least one mapped relation are used; a predicted triple counts
    when its predicate is one of the mapped relations, and it is right when both ends name the
    gold subject and object (by name or any surface form).

    Args:
        path: a DuIE 2.0 JSON-lines file (``text``, ``spo_list``).
        limit: use at most this many sentences.

    Returns:
        Per relation and overall: tp, fp, fn, precision, recall, F1, and a few misses.
    """
    from .nlp import analyse, get_pipeline
    from .read import parse_article

    rows = []
    for number, line in enumerate(_read_lines(path), 1):
        try:
            data = json.loads(line)
            gold = {(_duie_value(s["subject"]), s["predicate"], _duie_value(s["object"])) for s in data["spo_list"]}
            text = data["text"]
        except (ValueError, KeyError, TypeError) as err:
            raise _invalid(path, f"line {number}: {err}") from err
        mapped = set()
        for subj, pred, obj in gold:
            if pred in DUIE_RELATIONS:
                ours, swap = DUIE_RELATIONS[pred]
                mapped.add((normalise(obj), ours, normalise(subj)) if swap else (normalise(subj), ours, normalise(obj)))
        if mapped:
            rows.append((text, mapped))
        if limit and len(rows) >= limit:
            break
    nlp = get_pipeline()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    wanted = {ours for ours, _ in DUIE_RELATIONS.values()}
    for text, mapped in rows:
        doc = analyse(parse_article(text, "duie.txt"), nlp)
        forms = {e.key: {normalise(f) for f in {e.name, *e.aliases}} for e in doc._.kg_entities}
        found = set()
        for rel in doc._.kg_relations:
            if rel.predicate not in wanted:
                continue
            hits = {g for g in mapped if g[1] == rel.predicate and g[0] in forms.get(rel.subject, ())
                    and g[2] in forms.get(rel.object, ())}
            if hits:
                found |= hits
                counts[rel.predicate][0] += 1
            else:
                counts[rel.predicate][1] += 1
        for g in mapped - found:
            counts[g[1]][2] += 1
            if len(misses) < 20:
                misses.append((g, text[:80]))
    report = {name: _counts(*c) for name, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    report["all"] = _counts(*total)
    return {"sentences": len(rows), "relations": report, "misses": misses}


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _duie_value(value) -> str:
    return value["@value"] if isinstance(value, dict) else value


def format_duie(report: dict) -> str:
    """The DuIE report as a table.

    >>> print(format_duie({"sentences": 1, "relations": {"all": _counts(1, 0, 1)}, "misses": []}))
    1 sentences with a mapped relation
    relation       tp    fp    fn      P      R     F1
    all             1     0     1  1.000  0.500  0.667
    """
    lines = [f"{report['sentences']} sentences with a mapped relation",
             f"{'relation':<12}{'tp':>5}{'fp':>6}{'fn':>6}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, row in report["relations"].items():
        lines.append(f"{name:<12}{row['tp']:>5}{row['fp']:>6}{row['fn']:>6}"
                     f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}")
    return "\n".join(lines)

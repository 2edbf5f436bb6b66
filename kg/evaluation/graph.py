"""Reading a built graph: its typed nodes, labels, asserted triples and their statements."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from xml.sax import SAXException

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import Error as RdflibError
from rdflib.term import Node

from ..errors import Errors, KgError
from .terms import _LABEL_PROPERTIES, CORE_RELATIONS, local_name, normalise


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

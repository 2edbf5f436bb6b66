"""Stage 6: SPARQL over a built graph, with Oxigraph (fast at any size) behind one function.

The project's prefixes (``kg:``, ``kge:``, ``rdfs:``, ``skos:``, ``prov:`` …) are declared for
every query, so saved queries and one-liners can use them without a PREFIX line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Errors, KgError
from .ontology import PREFIXES

#: ``kg query --format``: a text table, then the SPARQL results formats (SELECT and ASK) and the
#: RDF formats (CONSTRUCT and DESCRIBE) as pyoxigraph writes them, by its format names.
RESULT_FORMATS = {"json": "JSON", "csv": "CSV", "tsv": "TSV", "xml": "XML"}
GRAPH_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES"}
FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)
_PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?\s*:", re.IGNORECASE)

# The parts of a SPARQL text in which the word SERVICE is not the keyword, matched left to right
# as the parser reads them: an escaped character of a local name (ex:a\#b is no comment), long and
# short strings, IRIs (no spaces inside, so ``?a < ?b`` is none), comments, and names (?SERVICE,
# $SERVICE, ex:SERVICE, SERVICE-x; a variable ends at a dot). A word left over that reads SERVICE
# is the keyword. The loops are possessive (*+): an unclosed string fails without backtracking.
_LEXEME = re.compile(
    r"\\.|'''(?:[^'\\]|\\.|'(?!''))*+'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*+\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*+'|\"(?:[^\"\\\n\r]|\\.)*+\"|<[^<>\"{}|^`\\\x00-\x20]*+>|#[^\n\r]*+"
    r"|[?$][\w\u00b7\u00c0-\uffff]*+|:[\w\u00b7\u00c0-\uffff.-]*+|[\w\u00b7\u00c0-\uffff-]++",
    re.DOTALL,
)


# A text that starts, after its prologue, with an update keyword (the possessive prologue loop
# cannot backtrack exponentially over a long run of spaces or #s).
_UPDATE = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)*+"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def is_update(query: str) -> bool:
    """True for SPARQL Update text (INSERT, DELETE, LOAD, CLEAR, DROP …), which kg refuses.

    >>> is_update("PREFIX ex: <http://example.org/>\\n# tidy\\nDELETE WHERE { ?s ?p ?o }")
    True
    >>> is_update("SELECT ?insert WHERE { ?insert ?p ?o }")
    False
    """
    return bool(_UPDATE.match(query))


def uses_service(query: str) -> bool:
    """True when a SPARQL text has a SERVICE clause (a request to another endpoint).

    Oxigraph would send that request from this machine, so kg refuses such queries: a graph
    endpoint must not become a way to reach the network behind it.

    >>> uses_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * { ?service ex:SERVICE "SERVICE" } # SERVICE')
    False
    """
    return any(m.group().upper() == "SERVICE" for m in _LEXEME.finditer(query))


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: variable names and rows of values (None where unbound), or a boolean."""

    variables: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    boolean: bool | None = None


def with_prefixes(query: str) -> str:
    """Prepend the project's PREFIX declarations the query does not make itself.

    >>> with_prefixes("SELECT * { ?s kg:partOf ?o }").splitlines()[0]
    'PREFIX kg: <https://w3id.org/kg-zh/ontology#>'
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines + [query])


def load_store(path: Path):
    """Load a Turtle, TriG or N-Triples file into an in-memory Oxigraph store.

    Raises:
        KgError: the file is missing or not valid RDF.
    """
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
               ".nq": ox.RdfFormat.N_QUADS}
    if path.is_dir():
        raise KgError(Errors.E017.format(path=path))
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=formats.get(path.suffix, ox.RdfFormat.TURTLE),
                        to_graph=ox.DefaultGraph() if path.suffix in (".ttl", ".nt") else None)
    except (SyntaxError, ValueError, OSError) as err:
        raise KgError(Errors.E010.format(path=path, reason=str(err).splitlines()[0])) from err
    return store


def run_query(store, query: str, allow_service: bool = False) -> QueryResult:
    """Run a SPARQL SELECT or ASK query (CONSTRUCT and DESCRIBE give s, p, o rows).

    Args:
        store: an Oxigraph store (see :func:`load_store`).
        query: SPARQL text; the project's prefixes are declared for it.
        allow_service: let ``SERVICE`` clauses through: Oxigraph then sends their requests
            from this machine (refused by default, see :func:`uses_service`).

    Returns:
        The result, values as Python strings (IRIs and literals by their value).

    >>> import pyoxigraph as ox
    >>> run_query(ox.Store(), "ASK { ?s ?p ?o }").boolean
    False
    """
    return _evaluate(store, query, allow_service, _rows)


def _rows(result) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return QueryResult((), (), bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        return QueryResult(names, tuple(tuple(_value(sol[i]) for i in range(len(names))) for sol in result))
    rows = tuple((_value(t.subject), _value(t.predicate), _value(t.object)) for t in result)
    return QueryResult(("subject", "predicate", "object"), rows)


def serialize_result(result, fmt: str) -> bytes:
    """Write an Oxigraph query result with pyoxigraph's own serialisers.

    Args:
        result: what ``Store.query`` returned: solutions or a boolean (written in a SPARQL results
            format) or triples (written in an RDF format, with the project's prefixes in Turtle).
        fmt: a key of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS` (``json``, ``csv``, ``tsv``,
            ``xml``; ``turtle``, ``ntriples``), or its pyoxigraph name (``JSON``, ``N_TRIPLES``).

    Raises:
        KgError: the format does not fit the kind of result (a table as Turtle, triples as CSV).

    >>> import pyoxigraph as ox
    >>> serialize_result(ox.Store().query("ASK { ?s ?p ?o }"), "json")
    b'{"head":{},"boolean":false}'
    """
    import pyoxigraph as ox

    name = RESULT_FORMATS.get(fmt) or GRAPH_FORMATS.get(fmt) or fmt
    if isinstance(result, ox.QueryTriples):
        if name not in GRAPH_FORMATS.values():
            raise KgError(Errors.E018.format(kind="CONSTRUCT/DESCRIBE", fmt=fmt, formats=", ".join(GRAPH_FORMATS)))
        return ox.serialize(result, format=getattr(ox.RdfFormat, name), prefixes=_PREFIX_IRIS)
    if name not in RESULT_FORMATS.values():
        raise KgError(Errors.E018.format(kind="SELECT/ASK", fmt=fmt, formats=", ".join(RESULT_FORMATS)))
    return result.serialize(format=getattr(ox.QueryResultsFormat, name))


def _evaluate(store, query: str, allow_service: bool, read):
    """Run a query and hand its result to ``read`` (which reads the solutions); errors as KgError."""
    import pyoxigraph as ox

    if uses_service(query) and not allow_service:
        raise KgError(Errors.E014)
    if is_update(query):
        raise KgError(Errors.E016)
    result = failure = None
    try:
        # prefixes= rather than with_prefixes(): the same declarations (a PREFIX of the query's
        # own wins), and the parser's line:column positions point into the text as given.
        result = store.query(query, prefixes=_PREFIX_IRIS,
                             use_default_graph_as_union=True)
        # Solutions are computed as they are read: evaluation errors (a SERVICE that does not
        # answer, among others) come while reading them.
        return read(result)
    except SyntaxError as err:
        failure = Errors.E011.format(reason=str(err).splitlines()[0])
    except (RuntimeError, OSError, ValueError) as err:  # evaluation errors (types, unbound names)
        failure = Errors.E015.format(reason=(str(err).splitlines() or [type(err).__name__])[0])
    finally:
        # Oxigraph's solutions must be dropped by the thread that made them: no traceback may
        # keep them for the garbage collector to free on another thread.
        result = None
    raise KgError(failure)


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value


def shorten(value: str | None) -> str:
    """Write an IRI with the project's prefixes for reading (``kge:钉钉``).

    >>> shorten("https://w3id.org/kg-zh/entity/钉钉")
    'kge:钉钉'
    """
    if value is None:
        return ""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if value.startswith(str(ns)) and len(value) > len(str(ns)):
            return f"{prefix}:{value[len(str(ns)):]}"
    return value


def format_table(result: QueryResult) -> str:
    """Render a result as an aligned text table (IRIs shortened with the project's prefixes).

    >>> print(format_table(QueryResult(("x",), (("kg",),))))
    x
    --
    kg
    """
    if result.boolean is not None:
        return str(result.boolean).lower()
    cells = [list(result.variables)] + [[shorten(x) for x in row] for row in result.rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def query_file(graph: Path, query: str, fmt: str = "table", allow_service: bool = False) -> str:
    """Load a graph file, run one query and render the answer.

    Args:
        graph: a Turtle / TriG / N-Triples file.
        query: SPARQL text.
        fmt: ``table``, or a format :func:`serialize_result` writes (``json``, ``csv``, ``tsv``,
            ``xml`` for SELECT and ASK; ``turtle``, ``ntriples`` for CONSTRUCT and DESCRIBE).
        allow_service: let ``SERVICE`` clauses reach other endpoints (see :func:`run_query`).

    Returns:
        The rendered answer, ending with a line end.
    """
    store = load_store(graph)
    if fmt == "table":
        return format_table(run_query(store, query, allow_service)) + "\n"
    text = _evaluate(store, query, allow_service, lambda result: serialize_result(result, fmt)).decode("utf-8")
    return text if text.endswith("\n") else text + "\n"

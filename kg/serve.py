"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``kg serve``).

Standard library only (``http.server``); the queries run in Oxigraph. The design is set by one
measurement: pyoxigraph releases the GIL while it evaluates, so a query in a thread does not
block other clients, but a thread cannot be stopped, and a runaway query (a cross join) would
burn a core and its memory until the server exits. So every query runs in a small pool of
worker processes, each holding its own copy of the graph; a query that outlives the time limit
is answered 503 and its worker is killed and replaced. The overhead is about 0.1 ms a query
(a pipe round trip); a replacement worker starts in about 25 ms plus the graph's load time.

The graph file is copied once at start, so workers started later (after a timeout) serve the
same graph even if the file is rebuilt meanwhile. Update requests are refused, and the workers
only ever call ``Store.query``, which cannot change the store.
"""

from __future__ import annotations

import html
import os
import queue
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .errors import Errors, KgError
from .query import is_update, serialize_result, uses_service

# Messages of the endpoint, in the style of kg.errors ("{path}: ..."; path is the request path).
E050 = ("{path}: query exceeded {timeout:g} s; add a LIMIT or bind more variables, "
        "or restart kg serve with a larger --timeout")
E051 = "{path}: all {workers} query workers stayed busy for {timeout:g} s; try again later"
E052 = "{path}: this endpoint is read-only; SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP …) is not accepted"
E053 = "{path}: SPARQL syntax error ({reason})"
E054 = "{path}: no query; send ?query=… (GET), a form field query=… or an application/sparql-query body (POST)"
E055 = "{path}: give one query parameter, not {count}"
E056 = "{path}: the Accept header allows none of {offers} for {kind} results"
E057 = "{path}: unsupported Content-Type {ctype!r}; use application/x-www-form-urlencoded or application/sparql-query"
E058 = "{path}: no such page; the SPARQL endpoint is /sparql"
E059 = "{path}: method {method} not allowed; use {allow}"
E060 = "{path}: a request body needs a Content-Length header"
E061 = "{path}: request body over {limit} bytes"
E062 = "{path}: request is not valid UTF-8 ({reason})"
E063 = "{path}: cannot evaluate the query ({reason})"
E064 = "{path}: the query worker stopped unexpectedly ({reason}); it is being replaced"
E065 = "{path}: default-graph-uri and named-graph-uri must be absolute IRIs ({reason})"
E066 = "{address}: cannot listen ({reason}); choose another --host or --port"
E067 = ("{path}: a query worker did not start ({reason}); a script that calls make_server needs "
        "'if __name__ == \"__main__\":' (multiprocessing imports it again)")
E068 = ("{path}: SERVICE is not allowed: this endpoint sends no requests to other endpoints "
        "(federated queries could reach the network behind it); kg serve --allow-service permits them")

ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # a query is text; a megabyte is far beyond any real one
TEXT = "text/plain; charset=utf-8"

# Offered media types, in order of preference (the first is the default), with the
# Content-Type sent and the pyoxigraph format: QueryResultsFormat for SELECT/ASK, RdfFormat else.
RESULT_TYPES = {
    "application/sparql-results+json": ("application/sparql-results+json", "JSON"),
    "application/json": ("application/json", "JSON"),  # what generic HTTP clients ask for
    "text/csv": ("text/csv; charset=utf-8", "CSV"),
    "text/tab-separated-values": ("text/tab-separated-values; charset=utf-8", "TSV"),
    "application/sparql-results+xml": ("application/sparql-results+xml", "XML"),
}
GRAPH_TYPES = {
    "text/turtle": ("text/turtle; charset=utf-8", "TURTLE"),
    "application/n-triples": ("application/n-triples", "N_TRIPLES"),
}

def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """Pick the media type a client prefers from those offered (RFC 9110 Accept, with q-values).

    The most specific matching range decides an offer's weight; ties go to the earlier offer,
    and a missing or empty header takes the first offer.

    Args:
        accept: the Accept header, or None.
        offers: media types without parameters, the server's preference first.

    Returns:
        The chosen offer, or None when the client accepts none of them.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["text/csv", "application/sparql-results+json"])
    'application/sparql-results+json'
    >>> negotiate("text/*;q=0.9, */*;q=0.1", ["text/turtle", "application/n-triples"])
    'text/turtle'
    >>> negotiate("image/png", ["text/turtle"]) is None
    True
    """
    ranges = []
    for item in (accept or "").split(","):
        media, *params = [part.strip() for part in item.split(";")]
        if media.count("/") != 1:
            continue  # malformed ranges are ignored, as if not sent
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        # Exact type beats type/* beats */*: the most specific range present sets the weight.
        weights = {3 if media == offer else 2 if media == f"{kind}/*" else 1: q
                   for media, q in ranges if media in (offer, f"{kind}/*", "*/*")}
        q = weights[max(weights)] if weights else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _worker_main(conn, graph: str, shown: str) -> None:
    """Worker process: load the graph once, then answer (query job) → (status, type, body)."""
    # Ctrl-C reaches the whole process group; the parent alone decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .ontology import PREFIXES
    from .query import load_store

    try:
        store = load_store(Path(graph))
    except KgError as err:
        # The worker loads the private copy; name the file the user gave.
        conn.send(("error", str(err).replace(graph, shown)))
        return
    conn.send(("ready", len(store)))
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = _answer(store, prefixes, *job)
        except Exception as err:  # noqa: BLE001  (an evaluation error must not end the worker)
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            answer = (500, TEXT, E063.format(path=ENDPOINT, reason=reason).encode())
        conn.send(answer)


def _answer(store, prefixes: dict[str, str], query: str, results: str | None, graph: str | None,
            default_graphs: list[str], named_graphs: list[str],
            allow_service: bool = False) -> tuple[int, str, bytes]:
    """Run one query in a worker and serialize it in the negotiated format."""
    import pyoxigraph as ox

    options: dict = {"use_default_graph_as_union": True}  # as kg query does
    try:
        if default_graphs:
            options = {"default_graph": [ox.NamedNode(iri) for iri in default_graphs]}
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as err:
        return 400, TEXT, E065.format(path=ENDPOINT, reason=err).encode()
    if uses_service(query) and not allow_service:  # checked by the handler already; a worker never runs one either
        return 400, TEXT, E068.format(path=ENDPOINT).encode()
    try:
        # prefixes= rather than with_prefixes(): the same declarations, but the parser's
        # line:column positions then point into the text the client sent.
        result = store.query(query, prefixes=prefixes, **options)
    except SyntaxError as err:
        return 400, TEXT, E053.format(path=ENDPOINT, reason=err).encode()
    if isinstance(result, ox.QueryTriples):
        if graph is None:
            offers = ", ".join(GRAPH_TYPES)
            return 406, TEXT, E056.format(path=ENDPOINT, offers=offers, kind="CONSTRUCT/DESCRIBE").encode()
        ctype, name = GRAPH_TYPES[graph]
        return 200, ctype, serialize_result(result, name)  # Turtle with the kg prefixes (kge:钉钉)
    if results is None:
        return 406, TEXT, E056.format(path=ENDPOINT, offers=", ".join(RESULT_TYPES), kind="SELECT/ASK").encode()
    ctype, name = RESULT_TYPES[results]
    return 200, ctype, serialize_result(result, name)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx, graph: Path, shown: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(graph), str(shown)),
                                   name="kg-serve-worker", daemon=True)
        self.process.start()
        child.close()  # else the parent holds the child's end open and never sees EOF
        self.exitcode: int | None = None

    def ready(self) -> int:
        """Wait until the graph is loaded; return its triple count.

        Raises:
            KgError: the graph cannot be loaded.
        """
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError) as err:
            self.stop()
            raise KgError(E067.format(path=ENDPOINT, reason=f"exit code {self.exitcode}")) from err
        if status != "ready":
            self.stop()
            raise KgError(value)
        return value

    def stop(self) -> None:
        """Kill the process (there is nothing to flush: it only reads) and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.exitcode = self.process.exitcode
        self.process.close()
        self.conn.close()


class _Pool:
    """A fixed number of worker processes; a query takes an idle one or waits for it."""

    def __init__(self, graph: Path, shown: Path, size: int, timeout: float) -> None:
        import multiprocessing

        if "forkserver" in multiprocessing.get_all_start_methods():
            # Workers fork from a clean single-threaded server with kg.query imported: about
            # 25 ms a worker, against 250 ms for spawn, and no fork of this threaded process.
            self._ctx = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(["kg.query"])
        else:  # pragma: no cover  (Windows)
            self._ctx = multiprocessing.get_context("spawn")
        self._graph, self._shown, self.size, self.timeout = graph, shown, size, timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._replacing: list[threading.Thread] = []
        workers = [self._start() for _ in range(size)]  # load in parallel, then wait for all
        try:
            counts = [worker.ready() for worker in workers]
        except KgError:
            self.close()
            raise
        self.triples = counts[0]
        for worker in workers:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self._graph, self._shown)
        with self._lock:
            self._live.add(worker)
        return worker

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return sorted(w.process.pid for w in self._live if w.process.pid is not None)

    def run(self, job: tuple) -> tuple[int, str, bytes]:
        """Run a query job on an idle worker within the time limit.

        Returns:
            HTTP status, Content-Type and body.
        """
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return 503, TEXT, E051.format(path=ENDPOINT, workers=self.size, timeout=self.timeout).encode()
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError) as err:  # the worker died (killed by the OS, crashed)
            self._replace(worker)
            reason = str(err) or f"exit code {worker.exitcode}"
            return 500, TEXT, E064.format(path=ENDPOINT, reason=reason).encode()
        # Still computing: the only way to stop Oxigraph mid-query is to end its process.
        self._replace(worker)
        return 503, TEXT, E050.format(path=ENDPOINT, timeout=self.timeout).encode()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its successor in the background (the answer need not wait)."""
        with self._lock:
            self._live.discard(worker)
        try:
            worker.stop()
        except (OSError, ValueError):
            pass  # already reaped by close()

        def start() -> None:
            try:
                new = self._start()
                new.ready()
            except (KgError, OSError, ValueError) as err:
                sys.stderr.write(f"kg serve: cannot replace a query worker ({err})\n")
                return
            with self._lock:
                closed = self._closed
            if closed:
                self._retire(new)
            else:
                self._idle.put(new)

        thread = threading.Thread(target=start, name="kg-serve-replace", daemon=True)
        with self._lock:
            if self._closed:
                return
            self._replacing = [t for t in self._replacing if t.is_alive()] + [thread]
        thread.start()

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._live.discard(worker)
        try:
            worker.stop()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        """Stop every worker, busy or idle; wait for replacements under way."""
        with self._lock:
            self._closed = True
            replacing = list(self._replacing)
        for thread in replacing:
            thread.join()
        with self._lock:
            live = list(self._live)
        for worker in live:
            self._retire(worker)


class _Handler(BaseHTTPRequestHandler):
    """One HTTP request: the HTML page, the SPARQL endpoint, or an error."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    sys_version = ""
    timeout = 60  # an idle keep-alive connection holds a thread; let it go after a minute

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        self._started = time.perf_counter()
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(200, "text/html; charset=utf-8", self._page().encode())
        elif url.path == ENDPOINT:
            params = self._params(url.query)
            if params is not None:
                self._sparql(params)
        else:
            self._send(404, TEXT, E058.format(path=url.path).encode())

    def do_POST(self) -> None:  # noqa: N802
        self._started = time.perf_counter()
        url = urlsplit(self.path)
        if url.path != ENDPOINT:
            self.close_connection = True  # the body is not read
            if url.path == "/":
                self._send(405, TEXT, E059.format(path="/", method="POST", allow="GET").encode(), allow="GET")
            else:
                self._send(404, TEXT, E058.format(path=url.path).encode())
            return
        body = self._body()
        if body is None:
            return
        ctype, _, options = self.headers.get("Content-Type", "").partition(";")
        ctype = ctype.strip().lower()
        params = self._params(url.query)  # default-graph-uri may ride in the URL
        if params is None:
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = self._params(body.decode("utf-8"))
            except UnicodeDecodeError as err:
                self._send(400, TEXT, E062.format(path=ENDPOINT, reason=err).encode())
                return
            if form is None:
                return
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif ctype == "application/sparql-query":
            charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", options, re.IGNORECASE)
            try:
                params.setdefault("query", []).append(body.decode(charset.group(1) if charset else "utf-8"))
            except (UnicodeDecodeError, LookupError) as err:
                self._send(400, TEXT, E062.format(path=ENDPOINT, reason=err).encode())
                return
        elif ctype == "application/sparql-update":
            self._send(400, TEXT, E052.format(path=ENDPOINT).encode())
            return
        else:
            self._send(415, TEXT, E057.format(path=ENDPOINT, ctype=ctype).encode())
            return
        self._sparql(params)

    def _refuse(self) -> None:
        self._started = time.perf_counter()
        path = urlsplit(self.path).path
        allow = "GET, POST" if path == ENDPOINT else "GET"
        self.close_connection = True  # any body is not read
        self._send(405, TEXT, E059.format(path=path, method=self.command, allow=allow).encode(), allow=allow)

    do_PUT = do_DELETE = do_PATCH = _refuse

    def do_HEAD(self) -> None:  # noqa: N802
        """GET without the body: the same status and headers (Content-Length of the body)."""
        self._head = True
        self.do_GET()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._started = time.perf_counter()
        path = urlsplit(self.path).path
        if path not in ("/", ENDPOINT, "*"):
            self._send(404, TEXT, E058.format(path=path).encode())
            return
        allow = "GET, HEAD, POST, OPTIONS" if path != "/" else "GET, HEAD, OPTIONS"
        self._send(204, TEXT, b"", allow=allow)

    def handle_one_request(self) -> None:
        """One request; a client that hangs up early ends its connection quietly."""
        self._head = False
        self._started = time.perf_counter()
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (unknown method, bad request line …) as one plain-text line."""
        self.close_connection = True
        path = urlsplit(getattr(self, "path", "") or "").path or "-"
        if code == 501:  # an unknown method
            allow = "GET, HEAD, POST, OPTIONS"
            body = E059.format(path=path, method=getattr(self, "command", "?"), allow=allow)
            self._send(405 if path in ("/", ENDPOINT) else 501, TEXT, body.encode(), allow=allow)
            return
        reason = message or self.responses.get(code, ("error",))[0]
        if getattr(self, "command", None) is None:  # no request line was read: no request to answer
            self.request_version = "HTTP/1.0"
        self._send(code, TEXT, f"{path}: {reason}".encode())

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True
            self._send(411, TEXT, E060.format(path=ENDPOINT).encode())
            return None
        if int(length) > MAX_BODY:
            self.close_connection = True
            self._send(413, TEXT, E061.format(path=ENDPOINT, limit=MAX_BODY).encode())
            return None
        return self.rfile.read(int(length))

    def _params(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as err:
            self._send(400, TEXT, E062.format(path=ENDPOINT, reason=err).encode())
            return None

    def _sparql(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if "update" in params or any(is_update(q) for q in queries):
            self._send(400, TEXT, E052.format(path=ENDPOINT).encode())
            return
        if not queries:
            self._send(400, TEXT, E054.format(path=ENDPOINT).encode())
            return
        if not self.server.allow_service and any(uses_service(q) for q in queries):
            self._send(400, TEXT, E068.format(path=ENDPOINT).encode())
            return
        if len(queries) > 1:
            self._send(400, TEXT, E055.format(path=ENDPOINT, count=len(queries)).encode())
            return
        accept = self.headers.get("Accept")
        results, graph = negotiate(accept, list(RESULT_TYPES)), negotiate(accept, list(GRAPH_TYPES))
        if results is None and graph is None:
            offers = ", ".join([*RESULT_TYPES, *GRAPH_TYPES])
            self._send(406, TEXT, E056.format(path=ENDPOINT, offers=offers, kind="any").encode())
            return
        job = (queries[0], results, graph, params.get("default-graph-uri", []), params.get("named-graph-uri", []),
               self.server.allow_service)
        self._send(*self.server.pool.run(job))

    def _page(self) -> str:
        host = self.headers.get("Host") or _address(*self.server.server_address[:2])
        url = html.escape(f"http://{host}{ENDPOINT}")
        name = html.escape(self.server.graph_path.name)
        return _PAGE.format(url=url, name=name, triples=self.server.pool.triples, timeout=self.server.timeout)

    def _send(self, status: int, ctype: str, body: bytes, allow: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not getattr(self, "_head", False) and status != 204:
            self.wfile.write(body)
        if not self.server.quiet:
            ms = (time.perf_counter() - self._started) * 1000
            # One write per line, so lines of concurrent requests do not interleave.
            sys.stderr.write(f"{self.command or '-'} {urlsplit(getattr(self, 'path', '') or '-').path} "
                             f"{status} {ms:.1f} ms\n")

    def log_request(self, code="-", size="-") -> None:
        """Silenced: _send writes the one line per request, with its duration."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002  (http.server's signature)
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>body{{font:15px sans-serif;max-width:50em;margin:2em auto}}textarea{{width:100%;font:14px monospace}}</style>
</head><body>
<h1>kg SPARQL endpoint</h1>
<p>Graph <code>{name}</code>, {triples} triples. Endpoint: <code>{url}</code>
(SPARQL 1.1 Protocol, GET or POST, read-only, {timeout:g} s a query).
The prefixes <code>kg: kge: kga: kgs: rdf: rdfs: owl: xsd: skos: dcterms: prov: schema: org:</code> are declared.</p>
<form method="get" action="/sparql">
<textarea name="query" rows="10">SELECT ?part ?label ?whole WHERE {{
  ?part kg:partOf ?whole .
  OPTIONAL {{ ?part rdfs:label ?label }}
}} LIMIT 50</textarea>
<p><button type="submit">Run</button>
(results as SPARQL JSON; ask for CSV, TSV, XML or Turtle with an Accept header)</p>
</form>
</body></html>
"""


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server of ``kg serve``: owns the worker pool and the private copy of the graph."""

    daemon_threads = True  # a client that never reads must not keep the process alive
    # The listen backlog: Python's default of 5 drops connections (and clients wait a second
    # for their SYN to be resent) as soon as more than a few arrive at once.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        """A client that hung up is not an error worth a traceback; anything else gets one line."""
        err = sys.exc_info()[1]
        if isinstance(err, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)):
            return
        if not self.quiet:
            sys.stderr.write(f"kg serve: {_address(*client_address[:2])}: {type(err).__name__}: {err}\n")

    def __init__(self, address: tuple[str, int], family: int, graph_path: Path, timeout: float,
                 quiet: bool, allow_service: bool = False) -> None:
        self.address_family = family  # read by TCPServer.__init__: IPv6 hosts need AF_INET6
        super().__init__(address, _Handler)
        self.graph_path, self.timeout, self.quiet = graph_path, timeout, quiet
        self.allow_service = allow_service
        self.pool: _Pool | None = None
        self._snapshot: str | None = None

    def server_close(self) -> None:
        """Close the socket, stop the workers and delete the copy of the graph."""
        super().server_close()
        if self.pool is not None:
            self.pool.close()
        if self._snapshot is not None:
            shutil.rmtree(self._snapshot, ignore_errors=True)
            self._snapshot = None

    @property
    def url(self) -> str:
        """The endpoint's URL, e.g. ``http://127.0.0.1:8000/sparql``."""
        host, port = self.server_address[:2]
        return f"http://{_address(host, port)}{ENDPOINT}"


def make_server(graph_path: Path, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0,
                *, workers: int = 2, quiet: bool = False, allow_service: bool = False) -> SparqlServer:
    """Load a graph and bind a SPARQL endpoint to it, ready for ``serve_forever()``.

    Args:
        graph_path: a Turtle, TriG or N-Triples file.
        host: the address to listen on; 127.0.0.1 keeps the endpoint private to this machine.
        port: the TCP port; 0 picks a free one (see ``server.server_address[1]``).
        timeout: seconds a query may run before it is stopped and answered 503.
        workers: worker processes, each with a copy of the graph: the number of queries run at once.
        quiet: write no line per request to stderr.
        allow_service: run queries with ``SERVICE`` clauses, which make the server send requests
            to the endpoints they name (refused with 400 by default).

    Returns:
        The server; call ``server_close()`` when done, which also stops the workers.

    The workers are multiprocessing processes, which import the main module again: a script
    that calls this must do so under ``if __name__ == "__main__":`` (``kg serve`` does).

    Raises:
        KgError: the graph is missing or not valid RDF, or the address cannot be bound.
    """
    if graph_path.is_dir():
        raise KgError(Errors.E017.format(path=graph_path))
    if not graph_path.is_file():
        raise KgError(Errors.E001.format(path=graph_path))
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        server = SparqlServer((host, port), family, graph_path, timeout, quiet, allow_service)
    except OSError as err:  # includes socket.gaierror for an unknown host name
        raise KgError(E066.format(address=_address(host, port), reason=err.strerror or err)) from err
    try:
        # A private copy: workers started after a timeout must load the graph the others hold,
        # even if kg build rewrites the file meanwhile.
        server._snapshot = tempfile.mkdtemp(prefix="kg-serve-")
        snapshot = Path(server._snapshot) / graph_path.name
        try:
            shutil.copyfile(graph_path, snapshot)
        except OSError as err:
            raise KgError(Errors.E002.format(path=graph_path, reason=err.strerror or err)) from err
        server.pool = _Pool(snapshot, graph_path, max(1, workers), timeout)
    except BaseException:
        server.server_close()
        raise
    return server


def serve(graph_path: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
          announce: Callable[[str], None] = print, *, workers: int = 2, quiet: bool = False,
          allow_service: bool = False) -> None:
    """Serve a graph at ``http://HOST:PORT/sparql`` until Ctrl-C.

    Args:
        graph_path: a Turtle, TriG or N-Triples file.
        host: the address to listen on.
        port: the TCP port (0: a free one, announced).
        timeout: seconds a query may run.
        announce: called once with a line naming the URL, when the server is ready.
        workers: worker processes (queries run at once).
        quiet: write no line per request to stderr.
        allow_service: run queries with ``SERVICE`` clauses (see :func:`make_server`).

    Raises:
        KgError: see :func:`make_server`.
    """
    server = make_server(graph_path, host, port, timeout, workers=workers, quiet=quiet,
                         allow_service=allow_service)
    # SIGTERM (kill, docker stop, systemd) stops as cleanly as Ctrl-C: workers ended, copy deleted.
    on_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if on_main else None
    try:
        announce(f"serving {graph_path} ({server.pool.triples} triples) at {server.url} "
                 f"(pid {os.getpid()}); Ctrl-C stops")
        server.serve_forever()
    except KeyboardInterrupt:
        pass  # Ctrl-C is the way to stop: not an error
    finally:
        server.server_close()
        if on_main:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt

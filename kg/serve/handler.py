"""One HTTP request of ``kg serve``: the HTML page, the SPARQL endpoint, or a one-line error."""

from __future__ import annotations

import html
import re
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from ..query import is_update, uses_service
from .protocol import (E052, E054, E055, E056, E057, E058, E059, E060, E061, E062, E068, ENDPOINT,
                       GRAPH_TYPES, MAX_BODY, RESULT_TYPES, TEXT, address, negotiate)

if TYPE_CHECKING:
    from .server import SparqlServer


class Handler(BaseHTTPRequestHandler):
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

    def setup(self) -> None:
        """The connection with Nagle's algorithm off: the headers and the body go out as two
        writes, and a keep-alive client's delayed ACK would hold the second for 40 ms."""
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # pragma: no cover  (not a TCP socket)
            pass

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
        self._send(*self.server.pool.run(job, self.client_address[0]))

    def _page(self) -> str:
        host = self.headers.get("Host") or address(*self.server.server_address[:2])
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



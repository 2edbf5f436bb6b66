"""SERVICE clauses are refused: neither kg query nor kg serve sends a request anywhere.

A listener on 127.0.0.1 stands for the network behind the endpoint; it records every connection
it accepts, and it must accept none.
"""

from __future__ import annotations

import gc
import socket
import threading
import time
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.query import run_query, uses_service

from .test_serve import GRAPH, _start, _stop, call, count


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.contacts: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.contacts.append(conn.recv(200))
                except OSError:
                    self.contacts.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


def queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?a ?b ?c }}SERVICE<{url}>{{ ?s ?p ?o }}",
        f"SELECT * {{ ?a ?b ?x.SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://example.org/>\nSELECT * {{ ?a ex:b\\# SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ FILTER(?a<?b) # comment\n SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_listener_sees_a_request_that_is_not_refused(listener):
    # The premise of the other tests: Oxigraph itself does contact the listener.
    with pytest.raises(OSError):  # the listener closes without an answer
        list(ox.Store().query(queries(listener.port)[0]))
    gc.collect()  # free Oxigraph's solutions on this thread (they may not be dropped on another)
    deadline = time.monotonic() + 5
    while not listener.contacts and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.contacts and listener.contacts[0].startswith(b"POST /sparql")


def test_run_query_refuses_service_and_contacts_nothing(listener):
    for query in queries(listener.port):
        with pytest.raises(KgError, match="SERVICE is not allowed"):
            run_query(ox.Store(), query)
    time.sleep(0.3)
    assert listener.contacts == []


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service <http://schema.org/Service> "SERVICE" } # SERVICE <http://x/> {}',
    "PREFIX schema: <http://schema.org/>\nSELECT * { ?s a schema:Service ; ?p $SERVICE }",
    'SELECT * { ?s ?p """a "SERVICE" <http://x/> { }""" }',
])
def test_the_word_elsewhere_is_not_a_service_clause(query):
    assert not uses_service(query)
    assert run_query(ox.Store(), query).rows == ()


def test_kg_query_prints_one_line(tmp_path, listener):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(graph), queries(listener.port)[0]])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: query: SERVICE is not allowed")
    assert listener.contacts == []


def test_kg_serve_answers_400_and_contacts_nothing(tmp_path, listener):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    server, thread = _start(graph, timeout=2, workers=1, quiet=True)
    try:
        for query in queries(listener.port):
            for request in [("GET", "/sparql?" + urlencode({"query": query}), None, {}),
                            ("POST", "/sparql", query, {"Content-Type": "application/sparql-query"}),
                            ("POST", "/sparql", urlencode({"query": query}),
                             {"Content-Type": "application/x-www-form-urlencoded"})]:
                status, headers, body = call(server, *request)
                assert status == 400, (query, body)
                assert headers["content-type"].startswith("text/plain")
                assert body.decode("utf-8").startswith("/sparql: SERVICE is not allowed")
        assert count(server) > 0  # still answering
    finally:
        _stop(server, thread)
    time.sleep(0.3)
    assert listener.contacts == []


def _contacted(listener, timeout: float = 5.0) -> list[bytes]:
    deadline = time.monotonic() + timeout
    while not listener.contacts and time.monotonic() < deadline:
        time.sleep(0.05)
    return listener.contacts


def test_kg_query_allow_service_passes_the_query_to_oxigraph(tmp_path, listener):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    query = queries(listener.port)[0]
    refused = CliRunner().invoke(main, ["query", str(graph), query])
    assert refused.stderr.startswith("Error: query: SERVICE is not allowed") and "--allow-service" in refused.stderr
    assert listener.contacts == []
    result = CliRunner().invoke(main, ["query", str(graph), query, "--allow-service"])
    assert _contacted(listener) and listener.contacts[0].startswith(b"POST /sparql")
    # the listener hangs up without an answer: one error line, no traceback
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: query: cannot evaluate the query ("), lines


def test_kg_serve_allow_service_passes_the_query_to_oxigraph(tmp_path, listener):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    query = queries(listener.port)[0]
    server, thread = _start(graph, timeout=5, workers=1, quiet=True, allow_service=True)
    try:
        status, _, body = call(server, "GET", "/sparql?" + urlencode({"query": query}))
        assert _contacted(listener) and listener.contacts[0].startswith(b"POST /sparql")
        assert status == 500 and body.decode("utf-8").startswith("/sparql: cannot evaluate the query"), body
        assert count(server) > 0  # the worker survived the failed request
    finally:
        _stop(server, thread)

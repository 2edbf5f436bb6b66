"""kg serve: a real endpoint on 127.0.0.1 (port 0), asked with http.client; no mocks."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import signal
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.serve import make_server, serve

KGE = "https://w3id.org/kg-zh/entity/"
KG = "https://w3id.org/kg-zh/ontology#"

GRAPH = """\
@prefix kg: <https://w3id.org/kg-zh/ontology#> .
@prefix kge: <https://w3id.org/kg-zh/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

kge:钉钉 a kg:Product ; rdfs:label "钉钉"@zh ; kg:partOf kge:阿里巴巴 .
kge:淘宝 a kg:Product ; rdfs:label "淘宝"@zh ; kg:partOf kge:阿里巴巴 .
kge:阿里云 a kg:Organization ; rdfs:label "阿里云"@zh ; kg:partOf kge:阿里巴巴 .
kge:阿里巴巴 a kg:Organization ; rdfs:label "阿里巴巴集团"@zh .
kge:杭州 a kg:Place ; rdfs:label "杭州"@zh .
kge:微信 a kg:Product ; rdfs:label "微信"@zh ; kg:partOf kge:腾讯 .
kge:腾讯 a kg:Organization ; rdfs:label "腾讯"@zh .
"""
TRIPLES = 18

PARTS = "SELECT ?part WHERE { ?part kg:partOf kge:阿里巴巴 } ORDER BY ?part"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# 18^10 rows: never ends within the test; the limit must stop it.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(10)) + " }"
JSON_TYPE = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def _start(graph: Path, **options):
    server = make_server(graph, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def server(graph_file):
    server, thread = _start(graph_file, timeout=0.5, workers=2, quiet=True)
    yield server
    _stop(server, thread)


def call(server, method: str, path: str, body: bytes | str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection; returns status, headers (lower-case names), body."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    try:
        conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get(server, query: str, accept: str | None = None, **params: str):
    return call(server, "GET", "/sparql?" + urlencode({"query": query, **params}),
                headers={"Accept": accept} if accept else {})


def bindings(body: bytes, var: str) -> list[str]:
    return [row[var]["value"] for row in json.loads(body)["results"]["bindings"]]


def count(server) -> int:
    status, _, body = get(server, COUNT)
    assert status == 200
    return int(bindings(body, "n")[0])


ALIBABA_PARTS = [KGE + "淘宝", KGE + "钉钉", KGE + "阿里云"]


def test_get_select_gives_json_bindings(server):
    status, headers, body = get(server, PARTS)
    assert status == 200
    assert headers["content-type"] == JSON_TYPE
    assert json.loads(body)["head"]["vars"] == ["part"]
    assert sorted(bindings(body, "part")) == sorted(ALIBABA_PARTS)


def test_post_form_select(server):
    status, headers, body = call(server, "POST", "/sparql", urlencode({"query": PARTS}),
                                 {"Content-Type": FORM})
    assert (status, headers["content-type"]) == (200, JSON_TYPE)
    assert sorted(bindings(body, "part")) == sorted(ALIBABA_PARTS)


def test_post_sparql_query_body(server):
    status, headers, body = call(server, "POST", "/sparql", PARTS,
                                 {"Content-Type": "application/sparql-query; charset=utf-8"})
    assert (status, headers["content-type"]) == (200, JSON_TYPE)
    assert sorted(bindings(body, "part")) == sorted(ALIBABA_PARTS)


def test_csv(server):
    status, headers, body = get(server, PARTS, accept="text/csv")
    assert status == 200
    assert headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["part"]
    assert sorted(r[0] for r in rows[1:]) == sorted(ALIBABA_PARTS)


def test_tsv_chosen_by_q_values(server):
    status, headers, body = get(server, PARTS, accept="text/csv;q=0.4, text/tab-separated-values;q=0.8, */*;q=0.1")
    assert status == 200
    assert headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?part"
    assert sorted(lines[1:]) == sorted(f"<{iri}>" for iri in ALIBABA_PARTS)


def test_xml_results(server):
    status, headers, body = get(server, PARTS, accept="application/sparql-results+xml")
    assert (status, headers["content-type"]) == (200, "application/sparql-results+xml")
    assert "钉钉" in body.decode("utf-8") and b"<sparql" in body


def test_ask(server):
    status, headers, body = get(server, "ASK { kge:钉钉 kg:partOf kge:阿里巴巴 }")
    assert (status, headers["content-type"], json.loads(body)["boolean"]) == (200, JSON_TYPE, True)
    status, _, body = get(server, "ASK { kge:微信 kg:partOf kge:阿里巴巴 }")
    assert (status, json.loads(body)["boolean"]) == (200, False)


def test_construct_gives_turtle_by_default(server):
    query = "CONSTRUCT { ?part kg:partOf ?whole } WHERE { ?part kg:partOf ?whole }"
    status, headers, body = get(server, query, accept="*/*")
    assert (status, headers["content-type"]) == (200, "text/turtle; charset=utf-8")
    assert "kge:钉钉" in body.decode("utf-8")  # the project's prefixes make it readable
    triples = {quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert len(triples) == 4
    part_of = ox.NamedNode(KG + "partOf")
    assert ox.Triple(ox.NamedNode(KGE + "钉钉"), part_of, ox.NamedNode(KGE + "阿里巴巴")) in triples


def test_describe_as_n_triples(server):
    status, headers, body = get(server, "DESCRIBE kge:腾讯", accept="application/n-triples")
    assert (status, headers["content-type"]) == (200, "application/n-triples")
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 2


@pytest.mark.parametrize(("query", "accept"), [
    (PARTS, "image/png"),  # nothing offered at all: refused before running
    (PARTS, "text/turtle"),  # a graph format for SELECT results
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"),  # a results format for a graph
    (PARTS, "application/sparql-results+json;q=0, */*;q=0"),
])
def test_unacceptable_accept_is_406(server, query, accept):
    status, headers, body = get(server, query, accept=accept)
    assert status == 406
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert "Accept" in body.decode("utf-8")


@pytest.mark.parametrize("request_args", [
    ("GET", "/sparql?" + urlencode({"update": "INSERT DATA { kge:甲 kg:partOf kge:乙 }"}), None, {}),
    ("GET", "/sparql?" + urlencode({"query": "INSERT DATA { kge:甲 kg:partOf kge:乙 }"}), None, {}),
    ("GET", "/sparql?" + urlencode({"query": "PREFIX x: <http://x/>\n# wipe\nCLEAR ALL"}), None, {}),
    ("POST", "/sparql", urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}), {"Content-Type": FORM}),
    ("POST", "/sparql", "DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}),
    ("POST", "/sparql", "DROP DEFAULT", {"Content-Type": "application/sparql-query"}),
], ids=["get-update", "get-query-insert", "get-clear", "form-update", "sparql-update", "query-drop"])
def test_updates_are_refused_and_the_store_is_unchanged(server, request_args):
    before = count(server)
    status, headers, body = call(server, *request_args)
    assert status == 400
    assert "read-only" in body.decode("utf-8")
    assert before == count(server) == TRIPLES


def test_bad_query_is_400_with_the_parser_message(server):
    status, headers, body = get(server, "SELECT ?s WHERE {\n  ?s kg:partOf")
    assert status == 400
    assert headers["content-type"] == "text/plain; charset=utf-8"
    text = body.decode("utf-8")
    # The position is in the text sent (prefixes are declared without lines of their own).
    assert text.startswith("/sparql: SPARQL syntax error (error at 2:")


def test_missing_query_is_400(server):
    status, _, body = call(server, "GET", "/sparql")
    assert status == 400 and b"no query" in body


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/nothing", 404),
    ("GET", "/sparql/extra", 404),
    ("PUT", "/sparql", 405),
    ("DELETE", "/sparql", 405),
])
def test_other_paths_and_methods(server, method, path, status):
    assert call(server, method, path)[0] == status


def test_unsupported_content_type_is_415(server):
    status, _, body = call(server, "POST", "/sparql", "{}", {"Content-Type": "application/json"})
    assert status == 415 and b"application/sparql-query" in body


def test_home_page(server):
    status, headers, body = call(server, "GET", "/")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    page = body.decode("utf-8")
    assert f"http://127.0.0.1:{server.server_address[1]}/sparql" in page
    assert '<form method="get" action="/sparql">' in page and 'name="query"' in page
    assert "src=" not in page and "<link" not in page  # no external resources


def test_chinese_round_trips(server):
    query = 'SELECT ?x ?label WHERE { ?x rdfs:label ?label FILTER(CONTAINS(?label, "阿里")) } ORDER BY ?label'
    path = "/sparql?query=" + quote(query, safe="")
    assert "阿" not in path  # really percent-encoded UTF-8
    status, _, body = call(server, "GET", path)
    assert status == 200
    assert bindings(body, "label") == ["阿里云", "阿里巴巴集团"]
    status, _, body = call(server, "POST", "/sparql", query.encode("utf-8"),
                           {"Content-Type": "application/sparql-query"})
    assert (status, bindings(body, "label")) == (200, ["阿里云", "阿里巴巴集团"])


def test_invalid_utf8_is_400(server):
    status, _, body = call(server, "GET", "/sparql?query=%E9%92")
    assert status == 400 and b"UTF-8" in body


def test_runaway_query_is_stopped_and_the_server_keeps_answering(server):
    pids = server.pool.pids()
    started = time.perf_counter()
    status, headers, body = get(server, RUNAWAY)
    elapsed = time.perf_counter() - started
    assert status == 503
    assert "query exceeded 0.5 s" in body.decode("utf-8")
    assert 0.5 <= elapsed < 5
    # The runaway's worker was killed, not left computing in the background.
    killed = set(pids) - set(server.pool.pids())
    assert len(killed) == 1
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert get(server, "ASK { kge:钉钉 ?p ?o }")[0] == 200  # right after
    deadline = time.monotonic() + 10
    while len(server.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(server.pool.pids()) == 2  # the pool is whole again


def test_runaway_query_does_not_block_other_clients(server):
    answers: list[int] = []
    runaway = threading.Thread(target=lambda: answers.append(get(server, RUNAWAY)[0]))
    runaway.start()
    time.sleep(0.1)  # let the runaway take its worker
    status, _, body = get(server, PARTS)
    assert answers == []  # answered while the runaway was still running
    runaway.join()
    assert (status, answers) == (200, [503])
    assert count(server) == TRIPLES


def test_one_line_per_request_on_stderr(graph_file, capsys):
    server, thread = _start(graph_file, workers=1)
    err = ""
    try:
        get(server, "ASK { ?s ?p ?o }")
        call(server, "GET", "/missing")
        # The line is written after the answer is sent: the client may read it first.
        deadline = time.monotonic() + 5
        while err.count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
            err += capsys.readouterr().err
    finally:
        _stop(server, thread)
    lines = (err + capsys.readouterr().err).splitlines()
    # each request is logged by its own thread, so the two lines may come in either order
    assert sorted(line.rsplit(" ", 2)[0] for line in lines) == ["GET /missing 404", "GET /sparql 200"]
    assert all(line.endswith(" ms") for line in lines)


def test_missing_or_invalid_graph(tmp_path):
    with pytest.raises(KgError, match="no such file"):
        make_server(tmp_path / "absent.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("kge:钉钉 kg:partOf", encoding="utf-8")
    with pytest.raises(KgError, match="cannot parse the graph") as err:
        make_server(broken, workers=1)
    assert str(err.value).startswith(str(broken))  # the user's file, not the server's copy


def test_serve_stops_cleanly_on_ctrl_c(graph_file):
    announced: list[str] = []

    def ask_then_interrupt() -> None:
        while not announced:
            time.sleep(0.01)
        url = urlsplit(announced[0].split(" at ")[1].split()[0])
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("GET", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"}))
        answers.append(conn.getresponse().status)
        conn.close()
        os.kill(os.getpid(), signal.SIGINT)

    answers: list[int] = []
    # a process started in the background by a shell without job control ignores SIGINT, and
    # Python then never raises KeyboardInterrupt: give the test the handler a terminal gives
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    thread = threading.Thread(target=ask_then_interrupt)
    thread.start()
    try:
        serve(graph_file, "127.0.0.1", 0, 5.0, announced.append, workers=1, quiet=True)  # returns: no exception
    finally:
        thread.join()
        signal.signal(signal.SIGINT, previous)
    assert answers == [200]
    assert f"({TRIPLES} triples)" in announced[0]
    url = urlsplit(announced[0].split(" at ")[1].split()[0])
    with pytest.raises(ConnectionRefusedError):
        http.client.HTTPConnection(url.hostname, url.port, timeout=5).connect()

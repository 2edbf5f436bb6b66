"""kg serve under many connections and rude clients: backlog, HEAD / OPTIONS, hang-ups, odd methods."""

from __future__ import annotations

import http.client
import socket
import struct
import time
from urllib.parse import urlencode

import pytest

from kg.serve import make_server

from .test_serve import COUNT, GRAPH, _start, _stop, call


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def test_backlog_takes_many_connections_at_once(graph):
    # The server is bound but not accepting: every connection waits in the listen queue.
    # With Python's default backlog of 5 the seventh SYN is dropped and connect() stalls.
    server = make_server(graph, "127.0.0.1", 0, workers=1, quiet=True)
    socks = []
    try:
        for _ in range(60):
            sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=0.5)
            socks.append(sock)
        assert len(socks) == 60
    finally:
        for sock in socks:
            sock.close()
        server.server_close()


@pytest.fixture
def server(graph):
    server, thread = _start(graph, timeout=2, workers=1, quiet=False)
    yield server
    _stop(server, thread)


def test_head_is_get_without_body(server):
    path = "/sparql?" + urlencode({"query": COUNT})
    get_status, get_headers, get_body = call(server, "GET", path)
    head_status, head_headers, head_body = call(server, "HEAD", path)
    assert get_status == head_status == 200
    assert head_body == b"" and int(head_headers["content-length"]) == len(get_body) > 0
    assert call(server, "HEAD", "/")[0] == 200
    assert call(server, "HEAD", "/elsewhere")[0] == 404


def test_options_lists_the_methods(server):
    status, headers, body = call(server, "OPTIONS", "/sparql")
    assert status == 204 and body == b""
    assert set(headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_unknown_method_is_one_plain_line(server):
    status, headers, body = call(server, "BREW", "/sparql")
    assert status == 405 and headers["content-type"].startswith("text/plain")
    assert body.decode("utf-8") == "/sparql: method BREW not allowed; use GET, HEAD, POST, OPTIONS"


def test_clients_that_hang_up_leave_no_traceback(server, capfd):
    request = ("GET /sparql?" + urlencode({"query": COUNT}) + " HTTP/1.1\r\nHost: x\r\n\r\n").encode()
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
        sock.sendall(request)
        # close with a reset (linger 0): the server's reply meets a closed connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    time.sleep(0.5)
    assert call(server, "GET", "/")[0] == 200  # still serving
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err


def test_malformed_request_line_is_plain_text(server, capfd):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    try:
        conn.putrequest("GET", "/sparql", skip_host=True)
        conn.putheader("Host", "x")
        conn.endheaders()
        assert conn.getresponse().status == 400  # no query: the endpoint's own answer
    finally:
        conn.close()
    sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
    try:
        sock.sendall(b"GARBAGE\r\n\r\n")
        chunks = []
        while chunk := sock.recv(4096):  # the server closes the connection after the reply
            chunks.append(chunk)
        reply = b"".join(chunks).decode("utf-8", "replace")
    finally:
        sock.close()
    assert reply.startswith("HTTP/1.1 400") and "text/plain" in reply and "<html" not in reply.lower()
    assert reply.endswith("-: Bad request syntax ('GARBAGE')")
    time.sleep(0.2)
    assert "Error" not in capfd.readouterr().err


def test_keep_alive_answers_are_not_held_by_delayed_acks(server):
    # Headers and body are two writes; with Nagle's algorithm on, a keep-alive client's
    # delayed ACK holds the body for about 40 ms on every request after the first.
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    took = []
    try:
        for _ in range(12):
            started = time.perf_counter()
            conn.request("GET", "/sparql?" + urlencode({"query": COUNT}))
            response = conn.getresponse()
            assert response.status == 200 and response.read()
            took.append(time.perf_counter() - started)
    finally:
        conn.close()
    assert sorted(took[1:])[len(took) // 2] < 0.030  # the median, the first (connecting) left out

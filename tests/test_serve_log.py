"""kg serve's log: one line per request on stderr (method, path, status, ms), none with -q.

The command runs as a user runs it, in its own process on 127.0.0.1 (port 0), and is stopped
with SIGTERM, as kill or systemd stop it.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from .test_serve import GRAPH

ROOT = Path(__file__).resolve().parents[1]


def _serve(graph: Path, *options: str, lines: int = 0) -> tuple[list[str], str]:
    """Start kg serve, send three requests, stop it; the answers' statuses and its stderr.

    A line is written after its answer is sent: wait (5 s at most) for ``lines`` of them first.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", "0", *options],
                               stderr=subprocess.PIPE, text=True, env=env, cwd=graph.parent)
    try:
        announced = process.stderr.readline()  # blocks until the server is ready (or has failed)
        assert " at http://127.0.0.1:" in announced, announced
        url = urlsplit(announced.split(" at ")[1].split()[0])
        statuses = []
        for method, path in [("GET", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }", "secret": "x"})),
                             ("GET", "/nowhere?a=1"), ("POST", "/")]:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            conn.request(method, path)
            response = conn.getresponse()
            response.read()
            statuses.append(f"{method} {response.status}")
            conn.close()
    finally:
        logged: list[str] = []
        reader = threading.Thread(target=lambda: logged.extend(process.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 5
        while len(logged) < lines and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(10)
        process.stderr.close()
    err = "".join(logged)
    assert process.returncode == 0, err
    return statuses, err


@pytest.fixture
def graph(tmp_path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def test_one_line_per_request_without_the_query_string(graph):
    statuses, err = _serve(graph, lines=3)
    assert statuses == ["GET 200", "GET 404", "POST 405"]
    lines = err.splitlines()
    assert len(lines) == 3, lines
    pattern = re.compile(r"(GET|POST) (/\S*) (\d{3}) (\d+\.\d) ms")
    logged = [pattern.fullmatch(line) for line in lines]
    assert all(logged), lines
    assert sorted(m.group(1, 2, 3) for m in logged) == [("GET", "/nowhere", "404"), ("GET", "/sparql", "200"),
                                                        ("POST", "/", "405")]
    assert "secret" not in err and "ASK" not in err


def test_quiet_logs_no_request(graph):
    statuses, err = _serve(graph, "-q")
    assert statuses == ["GET 200", "GET 404", "POST 405"]
    assert err == ""

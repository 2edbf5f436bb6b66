"""The bench's load test of ``kg serve``: simple queries from many clients at once, on loopback.

The server runs as ``kg serve`` in its own process (its default two workers, or ``workers``);
``concurrency`` client threads, each on one keep-alive connection, send the simple queries in
turn until ``requests`` answers have come back. Reported per concurrency: requests per second,
p50 / p99 / max latency in milliseconds, and answers that were not 200.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlencode

# Simple queries: a lookup by label, a type test, a short listing, a count over one predicate.
SIMPLE = {
    "label": 'SELECT ?s ?p ?o WHERE {{ ?s rdfs:label {label} ; ?p ?o }} LIMIT 50',
    "ask": "ASK {{ ?s a kg:Company }}",
    "list": "SELECT ?s ?label WHERE {{ ?s a kg:Person ; rdfs:label ?label }} LIMIT 20",
    "count": "SELECT (COUNT(*) AS ?n) WHERE {{ ?s kg:worksFor ?o }}",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ask(port: int, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return json.loads(body)


def _client(port: int, paths: list[str], count: int, latencies: list[float], failures: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for k in range(count):
        started = time.perf_counter()
        try:
            conn.request("GET", paths[k % len(paths)], headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        latencies.append(time.perf_counter() - started)
        if status != 200:
            failures.append(status)
    conn.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def phase_load(graph: str, concurrency: list[int], requests: int, workers: int = 2) -> dict:
    """Serve ``graph`` with ``kg serve`` and measure simple queries at each concurrency."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", graph, "--port", str(port), "-q",
                               "--workers", str(workers)], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()  # "serving … at http://…" once the workers hold the graph
        if "serving" not in line:
            raise RuntimeError(f"kg serve did not start: {line.strip()}")
        first = _ask(port, "/sparql?" + urlencode({"query": "SELECT ?l WHERE { ?s rdfs:label ?l } LIMIT 1"}))
        label = first["results"]["bindings"][0]["l"]
        literal = json.dumps(label["value"], ensure_ascii=False) + (f"@{label['xml:lang']}" if "xml:lang" in label else "")
        paths = ["/sparql?" + urlencode({"query": q.format(label=literal)})
                 for q in SIMPLE.values()]
        for path in paths:  # warm: every query answered once
            _ask(port, path)
        result: dict = {"graph": graph, "workers": workers, "queries": list(SIMPLE), "runs": []}
        for clients in concurrency:
            latencies: list[float] = []
            failures: list[int] = []
            each = max(1, requests // clients)
            threads = [threading.Thread(target=_client, args=(port, paths, each, latencies, failures))
                       for _ in range(clients)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            seconds = time.perf_counter() - started
            result["runs"].append({"concurrency": clients, "requests": len(latencies),
                                   "per_s": len(latencies) / seconds,
                                   "p50_ms": _percentile(latencies, 0.50) * 1000,
                                   "p99_ms": _percentile(latencies, 0.99) * 1000,
                                   "max_ms": max(latencies) * 1000, "failed": len(failures)})
        return result
    finally:
        server.terminate()
        server.wait(30)
        server.stderr.close()


"""The query workers of ``kg serve`` and the fair queue in front of them.

Every query runs in a worker process holding its own copy of the graph: pyoxigraph releases the
GIL while it evaluates, but a thread cannot be stopped, and a runaway query (a cross join) would
burn a core and its memory until the server exits. A query that outlives the time limit is
answered 503 and its worker is killed and replaced. The overhead is about 0.1 ms a query (a pipe
round trip); a replacement worker starts in about 25 ms plus the graph's load time.

Queries wait for a worker in a fair queue: one line per client (its address), served in turn,
so a client that sends a hundred queries at once does not push another's one query behind
them. When every worker has been busy longer than ``patience`` (slow queries) and a query
waits, a spare worker is started, up to ``spare`` of them (default: as many as the pool), and
stopped again once nothing waits: two slow queries no longer block all the others for their
whole time limit.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections import deque
from pathlib import Path

from ..errors import KgError
from ..query import serialize_result, uses_service
from .protocol import E050, E051, E053, E056, E063, E064, E065, E067, E068, ENDPOINT, GRAPH_TYPES, RESULT_TYPES, TEXT


def _worker_main(conn, graph: str, shown: str) -> None:
    """Worker process: load the graph once, then answer (query job) → (status, type, body)."""
    # Ctrl-C reaches the whole process group; the parent alone decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..ontology import PREFIXES
    from ..query import load_store

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
        return 200, ctype, serialize_result(result, name)  # Turtle with the kg prefixes (kge:…)
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


class Pool:
    """``size`` worker processes (and up to ``spare`` more while queries are slow) behind a fair queue."""

    def __init__(self, graph: Path, shown: Path, size: int, timeout: float, *, spare: int | None = None,
                 patience: float = 0.2) -> None:
        import multiprocessing

        if "forkserver" in multiprocessing.get_all_start_methods():
            # Workers fork from a clean single-threaded server with kg.query imported: about
            # 25 ms a worker, against 250 ms for spawn, and no fork of this threaded process.
            self._ctx = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(["kg.query"])
        else:  # pragma: no cover  (Windows)
            self._ctx = multiprocessing.get_context("spawn")
        self._graph, self._shown, self.size, self.timeout = graph, shown, size, timeout
        self.spare = size if spare is None else spare
        self.patience = patience
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._idle: list[_Worker] = []
        self._busy: dict[_Worker, float] = {}  # worker -> when its query started
        self._live: set[_Worker] = set()
        self._starting = 0  # workers being started (spares and replacements)
        self._waiting: dict[str, deque[object]] = {}  # client -> its waiting tickets, oldest first
        self._turns: deque[str] = deque()  # clients with a waiting ticket, whose turn is next first
        self._closed = False
        self._threads: list[threading.Thread] = []
        workers = [self._start() for _ in range(size)]  # load in parallel, then wait for all
        try:
            counts = [worker.ready() for worker in workers]
        except KgError:
            self.close()
            raise
        self.triples = counts[0]
        with self._lock:
            self._idle.extend(workers)

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self._graph, self._shown)
        with self._lock:
            self._live.add(worker)
        return worker

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return sorted(w.process.pid for w in self._live if w.process.pid is not None)

    def run(self, job: tuple, client: str = "") -> tuple[int, str, bytes]:
        """Run a query job on a worker within the time limit, in the client's turn.

        Returns:
            HTTP status, Content-Type and body.
        """
        worker = self._acquire(client, time.monotonic() + self.timeout)
        if worker is None:
            return 503, TEXT, E051.format(path=ENDPOINT, workers=self.size, timeout=self.timeout).encode()
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._release(worker)
                return answer
        except (EOFError, OSError) as err:  # the worker died (killed by the OS, crashed)
            self._replace(worker)
            reason = str(err) or f"exit code {worker.exitcode}"
            return 500, TEXT, E064.format(path=ENDPOINT, reason=reason).encode()
        # Still computing: the only way to stop Oxigraph mid-query is to end its process.
        self._replace(worker)
        return 503, TEXT, E050.format(path=ENDPOINT, timeout=self.timeout).encode()

    def _acquire(self, client: str, deadline: float) -> _Worker | None:
        """Wait for a worker in the client's turn; None when the deadline passes first."""
        ticket = object()
        with self._changed:
            if client not in self._waiting:
                self._waiting[client] = deque()
                self._turns.append(client)
            self._waiting[client].append(ticket)
            try:
                while True:
                    if self._idle and self._waiting[self._turns[0]][0] is ticket:
                        worker = self._idle.pop()
                        self._busy[worker] = time.monotonic()
                        return worker
                    now = time.monotonic()
                    if now >= deadline or self._closed:
                        return None
                    self._maybe_add_spare(now)
                    self._changed.wait(min(deadline - now, self.patience / 2))
            finally:
                self._leave(client, ticket)

    def _leave(self, client: str, ticket: object) -> None:
        """Take a ticket out of the queue (granted or given up); the client's turn passes on."""
        tickets = self._waiting[client]
        first = tickets[0] is ticket
        tickets.remove(ticket)
        if first and self._turns and self._turns[0] == client:
            self._turns.popleft()  # served (or gone): the next client's turn
            if tickets:
                self._turns.append(client)
        elif not tickets:
            self._turns.remove(client)
        if not tickets:
            del self._waiting[client]
        self._changed.notify_all()

    def _maybe_add_spare(self, now: float) -> None:
        """Start a spare worker when all are busy with slow queries and queries wait (lock held)."""
        if self._idle or self._starting or self._closed or len(self._live) >= self.size + self.spare:
            return
        if not self._busy or min(self._busy.values()) > now - self.patience:
            return  # a worker that started recently will likely be free soon
        self._starting += 1
        self._background(self._add)

    def _release(self, worker: _Worker) -> None:
        with self._changed:
            self._busy.pop(worker, None)
            surplus = len(self._live) > self.size and not self._waiting
            if not surplus:
                self._idle.append(worker)
                self._changed.notify_all()
        if surplus:  # a spare no query waits for any more
            self._retire(worker)

    def _add(self) -> None:
        """Start a worker (in a background thread) and put it to work when ready; until then it
        counts in ``_starting``, not in ``_live``."""
        try:
            new = _Worker(self._ctx, self._graph, self._shown)
            new.ready()
        except (KgError, OSError, ValueError) as err:
            sys.stderr.write(f"kg serve: cannot start a query worker ({err})\n")
            with self._changed:
                self._starting -= 1
            return
        with self._changed:
            self._starting -= 1
            closed = self._closed
            if not closed:
                self._live.add(new)
                self._idle.append(new)
                self._changed.notify_all()
        if closed:
            new.stop()

    def _background(self, target) -> None:
        thread = threading.Thread(target=target, name="kg-serve-start", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its successor in the background (the answer need not wait)."""
        with self._changed:
            self._live.discard(worker)
            self._busy.pop(worker, None)
        try:
            worker.stop()
        except (OSError, ValueError):
            pass  # already reaped by close()
        with self._changed:
            if self._closed or len(self._live) + self._starting >= self.size:
                return  # a spare that timed out is not replaced
            self._starting += 1
            self._background(self._add)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._live.discard(worker)
        try:
            worker.stop()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        """Stop every worker, busy or idle; wait for the ones being started."""
        with self._changed:
            self._closed = True
            threads = list(self._threads)
            self._changed.notify_all()
        for thread in threads:
            thread.join()
        with self._lock:
            live = list(self._live)
        for worker in live:
            self._retire(worker)

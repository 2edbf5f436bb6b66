"""kg serve's queue: slow queries do not block the others, and clients are served in turn."""

from __future__ import annotations

import threading
import time

from kg.serve.pool import Pool

from .test_serve import PARTS, RUNAWAY, _start, _stop, get
from .test_serve_robust import graph  # noqa: F401  (the fixture)


def test_slow_queries_holding_every_worker_do_not_block_a_quick_one(graph):
    server, thread = _start(graph, timeout=3, workers=2, quiet=True)
    try:
        answers: list[int] = []
        slow = [threading.Thread(target=lambda: answers.append(get(server, RUNAWAY)[0])) for _ in range(2)]
        for t in slow:
            t.start()
        time.sleep(0.3)  # both workers are taken by the runaways
        started = time.perf_counter()
        status = get(server, PARTS)[0]
        waited = time.perf_counter() - started
        assert (status, answers) == (200, [])  # answered while both runaways still ran
        assert waited < 2.0  # a spare worker, not the end of a runaway (3 s)
        for t in slow:
            t.join()
        assert answers == [503, 503]
        deadline = time.monotonic() + 10
        while len(server.pool.pids()) != 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(server.pool.pids()) == 2  # spares gone, the pool its own size again
    finally:
        _stop(server, thread)


def test_clients_take_turns(graph):
    pool = Pool(graph, graph, size=1, timeout=30, spare=0)
    try:
        held = pool._acquire("a", time.monotonic() + 30)  # the only worker, busy
        order: list[str] = []

        def wait(name: str, client: str) -> None:
            worker = pool._acquire(client, time.monotonic() + 30)
            order.append(name)
            pool._release(worker)

        waiters = []
        for name, client in [("a2", "a"), ("a3", "a"), ("a4", "a"), ("b1", "b")]:
            waiters.append(threading.Thread(target=wait, args=(name, client)))
            waiters[-1].start()
            time.sleep(0.05)  # queued in this order
        pool._release(held)
        for t in waiters:
            t.join(10)
        # first come first served would answer b1 last, after all of a's queries
        assert order == ["a2", "b1", "a3", "a4"]
    finally:
        pool.close()

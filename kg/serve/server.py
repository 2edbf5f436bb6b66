"""The server of ``kg serve``: the listening socket, its worker pool and the private graph copy."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..errors import Errors, KgError
from .handler import Handler
from .pool import Pool
from .protocol import E066, ENDPOINT, address


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
            sys.stderr.write(f"kg serve: {address(*client_address[:2])}: {type(err).__name__}: {err}\n")

    def __init__(self, address: tuple[str, int], family: int, graph_path: Path, timeout: float,
                 quiet: bool, allow_service: bool = False) -> None:
        self.address_family = family  # read by TCPServer.__init__: IPv6 hosts need AF_INET6
        super().__init__(address, Handler)
        self.graph_path, self.timeout, self.quiet = graph_path, timeout, quiet
        self.allow_service = allow_service
        self.pool: Pool | None = None
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
        return f"http://{address(host, port)}{ENDPOINT}"


def make_server(graph_path: Path, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0,
                *, workers: int = 2, quiet: bool = False, allow_service: bool = False) -> SparqlServer:
    """Load a graph and bind a SPARQL endpoint to it, ready for ``serve_forever()``.

    Args:
        graph_path: a Turtle, TriG or N-Triples file.
        host: the address to listen on; 127.0.0.1 keeps the endpoint private to this machine.
        port: the TCP port; 0 picks a free one (see ``server.server_address[1]``).
        timeout: seconds a query may run before it is stopped and answered 503.
        workers: worker processes, each with a copy of the graph: the number of queries run at once;
            while every one is busy with a slow query and others wait, as many again are started
            for the while (see :mod:`kg.serve.pool`).
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
        raise KgError(E066.format(address=address(host, port), reason=err.strerror or err)) from err
    try:
        # A private copy: workers started after a timeout must load the graph the others hold,
        # even if kg build rewrites the file meanwhile.
        server._snapshot = tempfile.mkdtemp(prefix="kg-serve-")
        snapshot = Path(server._snapshot) / graph_path.name
        try:
            shutil.copyfile(graph_path, snapshot)
        except OSError as err:
            raise KgError(Errors.E002.format(path=graph_path, reason=err.strerror or err)) from err
        server.pool = Pool(snapshot, graph_path, max(1, workers), timeout)
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


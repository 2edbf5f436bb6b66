"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``kg serve``).

Standard library only (``http.server``); the queries run in Oxigraph, in worker processes
behind a fair queue (:mod:`kg.serve.pool`). The HTTP side (:mod:`kg.serve.handler`) answers
every error with one plain-text line (:mod:`kg.serve.protocol`); :mod:`kg.serve.server` binds
the socket (listen backlog 128) and holds a private copy of the graph, so workers started
later (after a timeout) serve the same graph even if the file is rebuilt meanwhile. Update
requests and ``SERVICE`` clauses are refused, and the workers only ever call ``Store.query``,
which cannot change the store.
"""

from .protocol import ENDPOINT, negotiate
from .server import SparqlServer, make_server, serve

__all__ = ["ENDPOINT", "SparqlServer", "make_server", "negotiate", "serve"]

"""What the endpoint says and speaks: its messages, media types and content negotiation."""

from __future__ import annotations

from collections.abc import Sequence

# Messages of the endpoint, in the style of kg.errors ("{path}: ..."; path is the request path).
E050 = ("{path}: query exceeded {timeout:g} s; add a LIMIT or bind more variables, "
        "or restart kg serve with a larger --timeout")
E051 = "{path}: all {workers} query workers stayed busy for {timeout:g} s; try again later"
E052 = "{path}: this endpoint is read-only; SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP …) is not accepted"
E053 = "{path}: SPARQL syntax error ({reason})"
E054 = "{path}: no query; send ?query=… (GET), a form field query=… or an application/sparql-query body (POST)"
E055 = "{path}: give one query parameter, not {count}"
E056 = "{path}: the Accept header allows none of {offers} for {kind} results"
E057 = "{path}: unsupported Content-Type {ctype!r}; use application/x-www-form-urlencoded or application/sparql-query"
E058 = "{path}: no such page; the SPARQL endpoint is /sparql"
E059 = "{path}: method {method} not allowed; use {allow}"
E060 = "{path}: a request body needs a Content-Length header"
E061 = "{path}: request body over {limit} bytes"
E062 = "{path}: request is not valid UTF-8 ({reason})"
E063 = "{path}: cannot evaluate the query ({reason})"
E064 = "{path}: the query worker stopped unexpectedly ({reason}); it is being replaced"
E065 = "{path}: default-graph-uri and named-graph-uri must be absolute IRIs ({reason})"
E066 = "{address}: cannot listen ({reason}); choose another --host or --port"
E067 = ("{path}: a query worker did not start ({reason}); a script that calls make_server needs "
        "'if __name__ == \"__main__\":' (multiprocessing imports it again)")
E068 = ("{path}: SERVICE is not allowed: this endpoint sends no requests to other endpoints "
        "(federated queries could reach the network behind it); kg serve --allow-service permits them")

ENDPOINT = "/sparql"
MAX_BODY = 1 << 20  # a query is text; a megabyte is far beyond any real one
TEXT = "text/plain; charset=utf-8"

# Offered media types, in order of preference (the first is the default), with the
# Content-Type sent and the pyoxigraph format: QueryResultsFormat for SELECT/ASK, RdfFormat else.
RESULT_TYPES = {
    "application/sparql-results+json": ("application/sparql-results+json", "JSON"),
    "application/json": ("application/json", "JSON"),  # what generic HTTP clients ask for
    "text/csv": ("text/csv; charset=utf-8", "CSV"),
    "text/tab-separated-values": ("text/tab-separated-values; charset=utf-8", "TSV"),
    "application/sparql-results+xml": ("application/sparql-results+xml", "XML"),
}
GRAPH_TYPES = {
    "text/turtle": ("text/turtle; charset=utf-8", "TURTLE"),
    "application/n-triples": ("application/n-triples", "N_TRIPLES"),
}

def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """Pick the media type a client prefers from those offered (RFC 9110 Accept, with q-values).

    The most specific matching range decides an offer's weight; ties go to the earlier offer,
    and a missing or empty header takes the first offer.

    Args:
        accept: the Accept header, or None.
        offers: media types without parameters, the server's preference first.

    Returns:
        The chosen offer, or None when the client accepts none of them.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", ["text/csv", "application/sparql-results+json"])
    'application/sparql-results+json'
    >>> negotiate("text/*;q=0.9, */*;q=0.1", ["text/turtle", "application/n-triples"])
    'text/turtle'
    >>> negotiate("image/png", ["text/turtle"]) is None
    True
    """
    ranges = []
    for item in (accept or "").split(","):
        media, *params = [part.strip() for part in item.split(";")]
        if media.count("/") != 1:
            continue  # malformed ranges are ignored, as if not sent
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        # Exact type beats type/* beats */*: the most specific range present sets the weight.
        weights = {3 if media == offer else 2 if media == f"{kind}/*" else 1: q
                   for media, q in ranges if media in (offer, f"{kind}/*", "*/*")}
        q = weights[max(weights)] if weights else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"



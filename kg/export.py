"""Stage 5: write the graph as Turtle and as an offline HTML page, all or nothing.

Files are written to a temporary name beside the target and renamed into place only when every
file of the build is complete, so a failed build never leaves half-written output.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rdflib import Graph, URIRef

from .errors import Errors, KgError


def write_files(files: dict[Path, str]) -> None:
    """Write several text files (UTF-8) atomically: all appear, or none changes.

    Args:
        files: target path -> content.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_files({d / "a.txt": "钉钉"}); (d / "a.txt").read_text(encoding="utf-8")
    '钉钉'
    """
    temps: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((tmp, target))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        for tmp, target in temps:
            os.replace(tmp, target)
    except OSError as err:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise KgError(Errors.E030.format(path=err.filename or "output", reason=err.strerror or err)) from err


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_turtle(graph: Graph) -> str:
    """Serialise a graph as Turtle; rdflib sorts subjects and predicates, so it is deterministic."""
    return graph.serialize(format="turtle")


def to_trig(named: list[tuple[URIRef, Graph]]) -> str:
    """Serialise named graphs as TriG (one per article), in a fixed order.

    rdflib's TriG serialiser writes the graphs in the order its store yields them, which
    varies between runs; here each graph is written as sorted Turtle, graphs sorted by name.

    Args:
        named: ``(graph name, graph)`` pairs (:func:`kg.graph.article_graphs`).
    """
    head, bodies = [], []
    for name, graph in sorted(named, key=lambda item: str(item[0])):
        if not len(graph):
            continue
        lines = to_turtle(graph).splitlines()
        head += [line for line in lines if line.startswith("@prefix")]
        body = [line for line in lines if line and not line.startswith("@prefix")]
        bodies.append(f"<{name}> {{\n" + "\n".join("    " + line for line in body) + "\n}\n")
    return "\n".join(sorted(set(head))) + "\n\n" + "\n".join(bodies)


def resolutions_json(resolutions) -> str:
    """The merge decisions of a build as JSON: per node, its names, articles and reasons."""
    rows = {r.key: {"name": r.name, "class": r.label,
                    "members": [{"article": a, "name": n, "surface_forms": list(f)} for a, n, f in r.members],
                    "merged": [{"rule": rule, "name": a, "with": b} for rule, a, b in r.reasons]}
            for r in resolutions}
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export_graph(graph: Graph, out_dir: Path, title: str = "kg", named: list[tuple[URIRef, Graph]] | None = None,
                 resolutions=None) -> dict[str, Path]:
    """Write ``graph.ttl``, ``graph.html`` and, when given, ``graph.trig`` and ``entities.json``.

    Args:
        graph: the graph to write.
        out_dir: the output folder (created if needed).
        title: the HTML page's title.
        named: the same triples as one named graph per article (:func:`kg.graph.article_graphs`).
        resolutions: the merge decisions (:func:`kg.resolve.resolve`), for ``kg explain``.

    Returns:
        Paths written, by kind (``ttl``, ``html``, ``trig``, ``entities``).
    """
    from .ontology import load_schema
    from .view import graph_html

    files = {out_dir / "graph.ttl": to_turtle(graph),
             out_dir / "graph.html": graph_html(graph, title=title, labels=dict(load_schema().class_labels))}
    if named is not None:
        files[out_dir / "graph.trig"] = to_trig(named)
    if resolutions is not None:
        files[out_dir / "entities.json"] = resolutions_json(resolutions)
    write_files(files)
    return {path.name.split(".")[-1] if path.name.startswith("graph") else "entities": path for path in files}

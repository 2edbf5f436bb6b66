"""Stage 5: write the graph as Turtle and as an offline HTML page, all or nothing.

Files are written to a temporary name beside the target and renamed into place only when every
file of the build is complete, so a failed build never leaves half-written output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

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
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        for tmp, target in temps:
            os.replace(tmp, target)
    except OSError as err:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise KgError(Errors.E030.format(path=err.filename or "output", reason=err.strerror or err)) from err


def to_turtle(graph: Graph) -> str:
    """Serialise a graph as Turtle; rdflib sorts subjects and predicates, so it is deterministic."""
    return graph.serialize(format="turtle")


def export_graph(graph: Graph, out_dir: Path, title: str = "kg") -> dict[str, Path]:
    """Write ``graph.ttl`` and ``graph.html`` into ``out_dir``.

    Args:
        graph: the graph to write.
        out_dir: the output folder (created if needed).
        title: the HTML page's title.

    Returns:
        Paths written, by kind (``ttl``, ``html``).
    """
    from .graph import class_labels
    from .view import graph_html

    paths = {"ttl": out_dir / "graph.ttl", "html": out_dir / "graph.html"}
    write_files({
        paths["ttl"]: to_turtle(graph),
        paths["html"]: graph_html(graph, title=title, labels=class_labels(graph)),
    })
    return paths

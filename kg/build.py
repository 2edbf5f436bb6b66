"""The whole path: article files in, ``graph.ttl`` and ``graph.html`` out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from .graph import ArticleResult, build_graph
from .read import iter_article_paths, read_article


def analyse_files(paths: list[Path], progress: Callable[[str], None] | None = None) -> list[ArticleResult]:
    """Read and analyse articles; every file is read and checked before any NLP work.

    Args:
        paths: article files.
        progress: called with a short message per article.

    Returns:
        The records of each article, in input order.
    """
    from .nlp import analyse, get_pipeline

    articles = [read_article(p) for p in paths]
    nlp = get_pipeline()
    results = []
    for number, article in enumerate(articles, 1):
        if progress:
            progress(f"[{number}/{len(articles)}] {article.source}")
        doc = analyse(article, nlp)
        results.append(ArticleResult(article, tuple(doc._.kg_entities), tuple(doc._.kg_relations)))
    return results


def build(inputs: list[Path], out_dir: Path, progress: Callable[[str], None] | None = None) -> tuple[Graph, dict[str, Path]]:
    """Build the graph of the given articles and write it into ``out_dir``.

    Args:
        inputs: article files or folders of them.
        out_dir: where ``graph.ttl`` and ``graph.html`` go.
        progress: called with a short message per step.

    Returns:
        The graph and the paths written.
    """
    from .export import export_graph

    paths = iter_article_paths(inputs)
    results = analyse_files(paths, progress)
    graph = build_graph(results)
    title = results[0].article.title if len(results) == 1 else f"kg: {len(results)} articles"
    return graph, export_graph(graph, out_dir, title=title)

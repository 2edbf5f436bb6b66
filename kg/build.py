"""The whole path: article files in, ``graph.ttl``, ``graph.trig`` and ``graph.html`` out.

Articles are read and checked first (a bad file stops the build before any work), looked up
in the cache, and only the new or changed ones are analysed: in this process, in ``jobs``
worker processes, or on a Dask cluster. Their records are merged across articles
(:mod:`kg.resolve`) and written; the output depends only on the set of inputs, never on how
it was computed, so a cached, parallel or distributed build is byte-identical to a clean one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, article_key
from .graph import ArticleResult, article_graphs, union_graph
from .read import iter_article_paths, read_article
from .records import Article


@dataclass(frozen=True)
class BuildReport:
    """What a build did: articles, how many came from the cache, files written."""

    articles: int
    cached: int
    triples: int | None
    paths: dict[str, Path]


def analyse_article(article: Article, ner: bool = True) -> ArticleResult:
    """Run the shared pipeline over one article (also the unit of work of workers and Dask).

    Args:
        article: the article.
        ner: include the pretrained recogniser (LAC, ``kg_lac``); False for lexicon and rules only.
    """
    from .nlp import analyse

    doc = analyse(article, _pipeline(ner))
    return ArticleResult(article, tuple(doc._.kg_entities), tuple(doc._.kg_relations))


def _pipeline(ner: bool):
    from .nlp import get_pipeline

    return get_pipeline(None if ner else False)


def _init_worker(ner: bool) -> None:
    _pipeline(ner)


def _analyse_many(articles: list[Article], jobs: int, scheduler: str | None,
                  dask_local: int | None, ner: bool) -> Iterator[ArticleResult]:
    """Yield results in input order, computed where the options say."""
    if not articles:
        return
    if scheduler or dask_local:
        yield from _analyse_dask(articles, scheduler, dask_local, ner)
    elif jobs > 1 and len(articles) > 1:
        import functools
        import multiprocessing

        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(articles)), initializer=_init_worker, initargs=(ner,)) as pool:
            yield from pool.imap(functools.partial(analyse_article, ner=ner), articles, chunksize=1)
    else:
        from .nlp import analyse_many

        for article, doc in analyse_many(articles, _pipeline(ner)):
            yield ArticleResult(article, tuple(doc._.kg_entities), tuple(doc._.kg_relations))


def _analyse_dask(articles: list[Article], scheduler: str | None, dask_local: int | None,
                  ner: bool) -> Iterator[ArticleResult]:
    """Analyse on a Dask cluster: an existing one (``tcp://host:port``) or a local one."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        # articles travel with the task: workers need no shared file system
        futures = client.map(analyse_article, articles, ner=ner, pure=False)
        for future in futures:
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def build(inputs: list[Path], out_dir: Path, progress: Callable[[str], None] | None = None, *,
          jobs: int = 1, cache_dir: Path | None = None, use_cache: bool = True,
          scheduler: str | None = None, dask_local: int | None = None, ner: bool = True) -> BuildReport:
    """Build the graph of the given articles and write it into ``out_dir``.

    Args:
        inputs: article files or folders of them.
        out_dir: where ``graph.ttl``, ``graph.trig`` and ``graph.html`` go.
        progress: called with a short message per step.
        jobs: worker processes for the NLP work.
        cache_dir: the per-article cache (default ``out_dir/.cache``).
        use_cache: read and write the cache.
        scheduler: address of a Dask scheduler to run the NLP work on.
        dask_local: start a local Dask cluster of this many workers instead.
        ner: run the pretrained recogniser (LAC, ``kg_lac``); False: the lexicon and the rules
            only, a little faster and with fewer names found.

    Returns:
        What was done and the paths written.
    """
    from .export import export_graph
    from .resolve import resolve

    say = progress or (lambda message: None)
    paths = iter_article_paths(inputs)
    articles = [read_article(p) for p in paths]
    cache = Cache(cache_dir or out_dir / ".cache") if use_cache else None
    keys = [article_key(a, variant="" if ner else "no-ner") for a in articles]
    if cache and (written := cache.unchanged(keys, out_dir)):
        say(f"{len(articles)} articles unchanged; {out_dir} is up to date")
        return BuildReport(len(articles), len(articles), None, written)
    results: list[ArticleResult | None] = [cache.get(k) if cache else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    cached = len(articles) - len(todo)
    if cached:
        say(f"{cached} of {len(articles)} articles unchanged (cache)")
    for done, (i, result) in enumerate(zip(todo, _analyse_many([articles[i] for i in todo], jobs, scheduler,
                                                                 dask_local, ner)), 1):
        results[i] = result
        if cache:
            cache.put(keys[i], result)
        say(f"[{done}/{len(todo)}] {articles[i].source}")
    if cache:
        cache.prune(set(keys))
    resolved, resolutions = resolve([r for r in results if r is not None])
    named = article_graphs(resolved)
    graph = union_graph(named)
    title = resolved[0].article.title if len(resolved) == 1 else f"kg: {len(resolved)} articles"
    written = export_graph(graph, out_dir, title=title, named=named, resolutions=resolutions)
    if cache:
        cache.record_outputs(keys, written)
    return BuildReport(len(articles), cached, len(graph), written)

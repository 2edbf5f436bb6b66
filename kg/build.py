"""The whole path: article files in, ``graph.ttl``, ``graph.trig`` and ``graph.html`` out.

Articles are read and checked first (a bad file stops the build before any work), looked up
in the cache, and only the new or changed ones are analysed: in this process, in ``jobs``
worker processes, or on a Dask cluster. Their records are merged across articles
(:mod:`kg.resolve`) and written; the output depends only on the set of inputs, never on how
it was computed, so a cached, parallel or distributed build is byte-identical to a clean one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .byline import several_articles
from .cache import Cache, article_key
from .errors import Errors, KgError
from .graph import ArticleResult, article_graphs, few_full_collections, union_graph
from .read import read_inputs
from .records import Article, Entity
from .switch import remove_generations, write_generation


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

    parts = []
    for offset, chunk in chunks(article):
        doc = analyse(chunk, _pipeline(ner))
        parts.append((offset, doc._.kg_entities, doc._.kg_relations))
    return as_written(_merge(article, parts))


# Longer articles are analysed in pieces of at most this many characters, cut at line ends
# (else at sentence ends): the recognisers' and the relation patterns' time grows faster than
# the length (--no-ner, one core: 20,058 characters 1.3 s, 40,165 4.3 s, 80,072 23.2 s), and
# spaCy refuses texts over nlp.max_length (1,000,000, error E088).
CHUNK = 10_000


def chunks(article: Article, size: int | None = None) -> list[tuple[int, Article]]:
    """An article as ``(offset, piece)`` pairs, whole when it is short enough.

    Pieces end at a line end, or where a line is longer than ``size`` at a sentence end (。！？),
    or else at ``size``. The first piece keeps the byline; every piece keeps the title.

    >>> a = Article("a.txt", "a", "标题\\n\\n第一段。\\n第二段。\\n", "标题")
    >>> [(o, p.text) for o, p in chunks(a, size=6)]
    [(0, '标题\\n\\n'), (4, '第一段。\\n'), (9, '第二段。\\n')]
    """
    text, size = article.text, size or CHUNK
    if len(text) <= size:
        return [(0, article)]
    cuts, start = [], 0
    while start < len(text):
        end = start + size
        if end >= len(text):
            end = len(text)
        else:
            line_end = text.rfind("\n", start, end)
            if line_end >= start:
                end = line_end + 1
            else:
                sentence = max(text.rfind(mark, start, end) for mark in "。！？!?")
                end = sentence + 1 if sentence >= start else end
        cuts.append((start, end))
        start = end
    return [(a, replace(article, text=text[a:b], original=None,
                        **({} if a == 0 else {"authors": (), "publishers": ()})))
            for a, b in cuts]


def _merge(article: Article, parts: list[tuple[int, list[Entity], list]]) -> ArticleResult:
    """One article's result from the results of its pieces: offsets shifted, entities by key."""
    if len(parts) == 1:
        return ArticleResult(article, tuple(parts[0][1]), tuple(parts[0][2]))
    entities: dict[str, Entity] = {}
    relations, seen = [], set()
    for offset, part_entities, part_relations in parts:
        for e in part_entities:
            mentions = [replace(m, start=m.start + offset, end=m.end + offset) for m in e.mentions]
            if e.key in entities:
                merged = entities[e.key]
                merged.aliases |= (e.aliases | {e.name}) - {merged.name}
                merged.mentions.extend(mentions)
            else:
                entities[e.key] = Entity(e.key, e.name, e.label, set(e.aliases), mentions)
        for r in part_relations:
            r = replace(r, start=r.start + offset, end=r.end + offset)
            if (r.subject, r.predicate, r.object, r.start, r.end) not in seen:
                seen.add((r.subject, r.predicate, r.object, r.start, r.end))
                relations.append(r)
    return ArticleResult(article, tuple(entities.values()), tuple(relations))


def as_written(result: ArticleResult) -> ArticleResult:
    """Put a Traditional Chinese article's findings back into its own script.

    The pipeline analysed a Simplified copy of the same length (:mod:`kg.decode`), so each
    offset is one in the original: evidence, surface forms, title and byline names are cut from
    the text as written. An entity keeps its Simplified names as altLabels, so a query in either
    script finds it (and articles in either script merge).
    """
    article = result.article
    original = article.original
    if original is None:
        return result
    entities = []
    for e in result.entities:
        mentions = [replace(m, text=original[m.start:m.end]) for m in e.mentions]
        written = {}
        for old, new in zip(e.mentions, mentions):
            written.setdefault(old.text, new.text)
        name = written.get(e.name, e.name)
        aliases = ({written.get(a, a) for a in e.aliases} | set(written.values()) | {e.name, *e.aliases}) - {name}
        entities.append(Entity(e.key, name, e.label, aliases, mentions))
    relations = tuple(replace(r, evidence=original[r.start:r.end]) for r in result.relations)
    at = article.text.find(article.title)
    title = original[at:at + len(article.title)] if article.title and at >= 0 else article.title

    def fields(rows):
        return tuple((original[start:end], start, end, ev_start, ev_end) for _, start, end, ev_start, ev_end in rows)

    restored = replace(article, text=original, original=None, title=title,
                       authors=fields(article.authors), publishers=fields(article.publishers))
    return ArticleResult(restored, tuple(entities), relations)


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

        # all articles' pieces through one nlp.pipe stream (LAC runs the lines of a batch of
        # Docs together: fewer, fuller model runs); each article's result is yielded as soon as
        # its last piece is out, so that it reaches the cache and a killed build keeps it
        plan = [(article, chunks(article)) for article in articles]
        docs = analyse_many((piece for _, pieces in plan for _, piece in pieces), _pipeline(ner), PIPE_BATCH)
        for article, pieces in plan:
            # zip reads ``pieces`` first: it takes no Doc of the next article
            parts = [(offset, doc._.kg_entities, doc._.kg_relations) for (offset, _), (_, doc) in zip(pieces, docs)]
            yield as_written(_merge(article, parts))


#: Docs per ``nlp.pipe`` batch of a build in this process (the LAC lines of a batch are run together)
PIPE_BATCH = 32


def require_dask() -> None:
    """Fail with one line when Dask, an optional extra (``kg[dask]``), cannot be imported."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise KgError(Errors.E050.format(reason=err)) from None


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
          scheduler: str | None = None, dask_local: int | None = None, ner: bool = True,
          encoding: str | None = None, warn: Callable[[str], None] | None = None,
          max_nodes: int | None = None, skip_bad: bool = False) -> BuildReport:
    """Build the graph of the given articles and write it into ``out_dir``.

    Args:
        inputs: article files or folders of them, corpora (``*.jsonl``, ``*.csv``) and ``-``
            (JSON Lines on standard input); see :func:`kg.read.read_inputs`.
        out_dir: where ``graph.ttl``, ``graph.trig`` and ``graph.html`` go.
        progress: called with a short message per step.
        jobs: worker processes for the NLP work.
        cache_dir: the per-article cache (default ``out_dir/.cache``).
        use_cache: read and write the cache.
        scheduler: address of a Dask scheduler to run the NLP work on.
        dask_local: start a local Dask cluster of this many workers instead.
        ner: run the pretrained recogniser (LAC, ``kg_lac``); False: the lexicon and the rules
            only, a little faster and with fewer names found.
        encoding: read every input with this codec instead of detecting each file's encoding.
        warn: called with a line per input read other than as UTF-8 Simplified Chinese text
            (default: ``progress``).
        max_nodes: most nodes ``graph.html`` draws (default :data:`kg.view.MAX_NODES`); a
            bigger graph shows its best connected part, every class kept.
        skip_bad: leave a corpus's bad records out (with a warning) instead of failing.

    Returns:
        What was done and the paths written.
    """
    say = progress or (lambda message: None)
    if out_dir.exists() and not out_dir.is_dir():
        raise KgError(Errors.E031.format(path=out_dir))
    if scheduler or dask_local:
        require_dask()
    articles = read_inputs(inputs, encoding, warn or say, skip_bad)
    with output_lock(out_dir):
        cache_folder = cache_dir or out_dir / ".cache"
        remove_stale_temps([out_dir, cache_folder])
        remove_generations(out_dir)  # a killed build's half-written generation
        return _build(articles, out_dir, say, jobs=jobs, cache=Cache(cache_folder) if use_cache else None,
                      scheduler=scheduler, dask_local=dask_local, ner=ner, max_nodes=max_nodes)


LOCK_NAME = ".kg-build.lock"


@contextmanager
def output_lock(out_dir: Path):
    """Hold the output folder for one build: a second build into it fails at once, with one line.

    The lock is an advisory ``flock`` on ``OUT/.kg-build.lock`` (the file stays; the kernel
    lets the lock go when the process ends, however it ends, so a killed build leaves no stale
    lock). The file holds the pid of the build holding it, for the message.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(out_dir / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115  (held for the build)
    except OSError as err:
        raise KgError(Errors.E030.format(path=out_dir, reason=err.strerror or err)) from err
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover  (Windows: no advisory locks; builds are not guarded)
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                raise KgError(Errors.E032.format(path=out_dir, pid=holder)) from err
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def remove_stale_temps(folders: list[Path]) -> int:
    """Delete the temporary files a killed build left (``.graph.ttl.*.tmp``, ``.cache/*.tmp``).

    Only called with the output lock held, so no other build is writing them.
    """
    gone = 0
    for folder in folders:
        for path in folder.glob("*.tmp") if folder.is_dir() else ():
            if path.is_file() or path.is_symlink():  # a link of the switch, too
                path.unlink(missing_ok=True)
                gone += 1
    return gone


def _build(articles: list[Article], out_dir: Path, say: Callable[[str], None], *, jobs: int,
           cache: Cache | None, scheduler: str | None, dask_local: int | None, ner: bool,
           max_nodes: int | None = None) -> BuildReport:
    """The build proper, with the inputs read and the output folder locked."""
    from .export import export_graph
    from .resolve import resolve
    from .view import article_texts

    keys = [article_key(a, variant="" if ner else "no-ner") for a in articles]
    # The outputs depend on the page's size too: a build with another --max-nodes is not up to date.
    outputs_of = keys + ([f"graph.html max-nodes {max_nodes}"] if max_nodes is not None else [])
    if cache and (written := cache.unchanged(outputs_of, out_dir)):
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
    # resolving and the graphs' making: many objects that live until the files are written (bench
    # corpus: 3 of the build's 5 full scans of the collector were here)
    with few_full_collections():
        resolved, resolutions = resolve([r for r in results if r is not None])
        named = article_graphs(resolved)
        graph = union_graph(named)
        title = (resolved[0].article.title or Path(resolved[0].article.source).stem) if len(resolved) == 1 \
            else several_articles(len(resolved))
        texts = article_texts(resolved)
    # all files into a new generation, then one switch: a killed build never mixes two builds
    written = write_generation(out_dir, lambda folder: export_graph(
        graph, folder, title=title, named=named, resolutions=resolutions, texts=texts, max_nodes=max_nodes))
    if cache:
        cache.record_outputs(outputs_of, written)
    return BuildReport(len(articles), cached, len(graph), written)

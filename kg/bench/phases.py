"""The bench's measurements, each run in a fresh interpreter (``python -m kg.bench --phase``) so
that its peak RSS is its own: jieba, a build (stages timed), a profile, the query engines, and
the time of one long article against the same characters in pieces."""

from __future__ import annotations

import time
from pathlib import Path

from .corpus import long_article, read_texts, templates

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "input"

def peak_rss_mb(who: int | None = None) -> float:
    """Peak resident set size in MB of this process (or of its reaped children)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF if who is None else who).ru_maxrss / 1024


def phase_jieba(corpus: str, runs: int, posseg_runs: int) -> dict:
    """Time ``list(jieba.cut(text))`` per article, best of ``runs``; ``jieba.posseg.cut`` too.

    ``jieba.posseg.cut`` takes ~6× as long, so it has its own number of runs, ``posseg_runs``.
    """
    import jieba

    texts = read_texts(Path(corpus))
    jieba.setLogLevel(60)
    t = time.perf_counter()
    jieba.initialize()
    out = {"init_s": time.perf_counter() - t, "chars": sum(map(len, texts))}
    cut = []
    for _ in range(runs):
        t = time.perf_counter()
        for text in texts:
            list(jieba.cut(text))
        cut.append(time.perf_counter() - t)
    out["cut_s"] = min(cut)
    out["cut_runs"] = cut
    if posseg_runs:
        import jieba.posseg

        list(jieba.posseg.cut(texts[0]))  # loads the HMM tables
        runs_p = []
        for _ in range(posseg_runs):
            t = time.perf_counter()
            for text in texts:
                list(jieba.posseg.cut(text))
            runs_p.append(time.perf_counter() - t)
        out["posseg_s"] = min(runs_p)
        out["posseg_runs"] = runs_p
    out["rss_mb"] = peak_rss_mb()
    return out


def _warm_pipeline(ner: bool = True):
    """Load the shared pipeline and run it once, so that lazy loads (jieba.posseg's tables) are done."""
    from ..nlp import get_pipeline

    nlp = get_pipeline(None if ner else False)
    nlp(templates()["warm_up"])
    return nlp


class Stopwatch:
    """Wall and CPU seconds per named stage, from wrapped callables (microseconds of overhead a call).

    >>> watch = Stopwatch()
    >>> double = watch.wrap("double", lambda x: 2 * x)
    >>> double(2), watch.calls["double"]
    (4, 1)
    """

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.depth = 0

    def wrap(self, name: str, fn, depth: int = 0):
        """``fn`` with the time of its calls made ``depth`` timed calls deep added to stage ``name``.

        (``to_turtle`` called by ``export_graph`` is depth 1; called again by ``to_trig`` it is
        depth 2 and belongs to ``to_trig``.)
        """
        import functools

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            counted = self.depth == depth
            self.depth += 1
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth -= 1
                if counted:
                    self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
                    self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
                    self.calls[name] = self.calls.get(name, 0) + 1

        return timed


def _timed_generator(watch: Stopwatch, name: str, method):
    """``method`` (a generator method) with its own time added to stage ``name``.

    ``nlp.pipe`` chains the components' generators: pulling a Doc from a component's
    ``pipe`` runs the components before it, which time themselves; their time is subtracted.
    """
    import functools

    @functools.wraps(method)
    def timed(self, *args, **kwargs):
        inner = method(self, *args, **kwargs)
        while True:
            others_wall, others_cpu = sum(watch.wall.values()), sum(watch.cpu.values())
            wall, cpu = time.perf_counter(), time.process_time()
            item = next(inner, _DONE)
            wall = time.perf_counter() - wall - (sum(watch.wall.values()) - others_wall)
            cpu = time.process_time() - cpu - (sum(watch.cpu.values()) - others_cpu)
            watch.wall[name] = watch.wall.get(name, 0.0) + wall
            watch.cpu[name] = watch.cpu.get(name, 0.0) + cpu
            if item is _DONE:
                return
            yield item

    return timed


_DONE = object()


def instrument(nlp, watch: Stopwatch) -> list[str]:
    """Time the tokenizer, each kg pipeline component and the stages after the NLP.

    Wraps the components' classes' ``__call__`` and the module functions ``kg.build.build``
    calls (this process only); a stage that is not where it is expected is skipped. Returns
    the stage names in pipeline order.
    """
    import importlib

    stages = []
    classes = [("tokenizer", type(nlp.tokenizer))] + [(name, type(proc)) for name, proc in nlp.pipeline]
    for name, cls in classes:
        if cls.__module__.startswith("kg.") and "__call__" in vars(cls):
            cls.__call__ = watch.wrap(name, vars(cls)["__call__"])
            if "pipe" in vars(cls):  # nlp.pipe calls pipe(), which does not call __call__
                cls.pipe = _timed_generator(watch, name, vars(cls)["pipe"])
            stages.append(name)
    for module, attr, name in (("kg.resolve", "resolve", "resolve"),
                               ("kg.build", "article_graphs", "article_graphs"),
                               ("kg.build", "union_graph", "union_graph"),
                               ("kg.export", "export_graph", "export_graph"),
                               ("kg.export", "to_turtle", "  to_turtle (graph.ttl)"),
                               ("kg.export", "to_trig", "  to_trig (graph.trig)"),
                               ("kg.view", "graph_html", "  graph_html (graph.html)"),
                               ("kg.export", "resolutions_json", "  resolutions_json (entities.json)"),
                               ("kg.export", "write_files", "  write_files")):
        mod = importlib.import_module(module)
        if callable(getattr(mod, attr, None)):
            setattr(mod, attr, watch.wrap(name, getattr(mod, attr), depth=1 if name.startswith(" ") else 0))
            stages.append(name)
    return stages


def phase_build(corpus: str, out: str, jobs: int, sample: bool, ner: bool = True) -> dict:
    """One timed ``kg.build.build`` (pipeline loaded first); optionally also build ``input/``.

    With ``jobs=1`` the stages are timed too (:func:`instrument`); ``ner=False`` is ``--no-ner``.
    """
    import resource

    from ..build import build

    t = time.perf_counter()
    nlp = _warm_pipeline(ner)
    init = time.perf_counter() - t
    watch = Stopwatch()
    stages = instrument(nlp, watch) if jobs == 1 else []
    marks: list[float] = []
    cpu0, children0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    report = build([Path(corpus)], Path(out), lambda message: marks.append(time.perf_counter()),
                   use_cache=False, jobs=jobs, ner=ner)
    total = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"init_s": init, "total_s": total, "nlp_s": (marks[-1] - t0) if marks else None,
              "cpu_s": time.process_time() - cpu0,
              "children_cpu_s": (children.ru_utime + children.ru_stime) - (children0.ru_utime + children0.ru_stime),
              "stages": [[name, watch.wall.get(name, 0.0), watch.cpu.get(name, 0.0)] for name in stages],
              "articles": report.articles, "triples": report.triples, "pipes": nlp.pipe_names,
              "rss_mb": peak_rss_mb(), "children_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}
    if sample and SAMPLE.is_dir():
        build([SAMPLE], Path(out) / "sample", use_cache=False)
        result["sample_ttl"] = str(Path(out) / "sample" / "graph.ttl")
    return result


def _qualnames(path: str) -> dict[int, str]:
    """``Class.method`` of every function of a Python file, by the lines cProfile may name it by."""
    import ast

    out: dict[int, str] = {}

    def visit(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                for line in [child.lineno] + [d.lineno for d in child.decorator_list]:
                    out.setdefault(line, name)
                visit(child, name + ".")

    try:
        visit(ast.parse(Path(path).read_text(encoding="utf-8")), "")
    except (OSError, SyntaxError, ValueError):
        pass
    return out


def phase_profile(corpus: str, out: str, prof: str, top: int) -> dict:
    """cProfile one ``jobs=1`` build; kg's functions by cumulative time and all by own time."""
    import cProfile
    import pstats

    from ..build import build

    _warm_pipeline()
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    build([Path(corpus)], Path(out), use_cache=False, jobs=1)
    profiler.disable()
    wall = time.perf_counter() - t0
    profiler.dump_stats(prof)
    stats = pstats.Stats(profiler).stats  # (file, line, name) -> (cc, nc, tottime, cumtime, callers)
    total = max(ct for (_cc, _nc, _tt, ct, _c) in stats.values())
    names: dict[str, dict[int, str]] = {}

    def label(key) -> str:
        file, line, name = key
        if file == "~":
            return name
        parts = Path(file).parts
        if "kg" in parts[-3:-1] and "site-packages" not in parts:  # kg/x.py or kg/sub/x.py
            qual = names.setdefault(file, _qualnames(file)).get(line, name)
            return "/".join(parts[len(parts) - 1 - parts[::-1].index("kg"):]) + f":{qual}"
        if "site-packages" in parts:
            return "/".join(parts[parts.index("site-packages") + 1:]) + f":{line}({name})"
        return f"{parts[-1]}:{line}({name})"

    ours = [k for k in stats if "/kg/" in k[0] and "/kg/bench/" not in k[0]]
    by_cum = sorted(ours, key=lambda k: -stats[k][3])[:top]
    by_own = sorted(stats, key=lambda k: -stats[k][2])[:top]

    def row(k):
        return [label(k), stats[k][3] / total, stats[k][2] / total, stats[k][1]]

    return {"wall_s": wall, "profiled_s": total, "prof": prof,
            "kg_cumulative": [row(k) for k in by_cum], "own_time": [row(k) for k in by_own]}


def _rdflib_query_child(graph, query: str, runs: int, conn) -> None:
    """In a forked child: warm up, then time ``runs`` runs, sending each as it ends."""
    for i in range(runs + 1):
        t = time.perf_counter()
        rows = len(list(graph.query(query)))
        conn.send(("warm" if i == 0 else "run", time.perf_counter() - t, rows))
    conn.send(("done", 0.0, 0))


def phase_rdflib(nt: str, queries: dict[str, str], runs: int, timeout: float) -> dict:
    """Load the N-Triples into rdflib; run each query in a forked child with a deadline."""
    import multiprocessing

    from rdflib import Graph

    t = time.perf_counter()
    graph = Graph()
    graph.parse(nt, format="nt")
    result = {"load_s": time.perf_counter() - t, "triples": len(graph), "queries": {}}
    context = multiprocessing.get_context("fork")
    for name, query in queries.items():
        parent, child = context.Pipe(duplex=False)
        proc = context.Process(target=_rdflib_query_child, args=(graph, query, runs, child))
        proc.start()
        child.close()
        deadline = time.perf_counter() + timeout
        warm, times, rows, done = None, [], None, False
        while not done and (left := deadline - time.perf_counter()) > 0:
            if not parent.poll(left):
                break
            try:
                kind, seconds, count = parent.recv()
            except EOFError:
                break
            if kind == "warm":
                warm, rows = seconds, count
            elif kind == "run":
                times.append(seconds)
            done = kind == "done"
        if proc.is_alive():
            proc.kill()
        proc.join()
        result["queries"][name] = {"best_s": min(times) if times else None, "runs": times, "warm_s": warm,
                                   "rows": rows, "timeout_s": None if done else timeout}
    result["rss_mb"] = peak_rss_mb()
    return result


def phase_oxigraph(nt: str, queries: dict[str, str], runs: int) -> dict:
    """Bulk-load the N-Triples into an in-memory Oxigraph store; time each query."""
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    result = {"load_s": time.perf_counter() - t, "triples": len(store), "queries": {}}
    for name, query in queries.items():
        times, rows = [], None
        for i in range(runs + 1):
            t = time.perf_counter()
            rows = len([tuple(solution) for solution in store.query(query)])
            if i:
                times.append(time.perf_counter() - t)
        result["queries"][name] = {"best_s": min(times), "runs": times, "rows": rows}
    result["rss_mb"] = peak_rss_mb()
    return result


def phase_long(out: str, chars: int, articles: int = 1, seed: int = 0) -> dict:
    """One ``--no-ner`` ``jobs=1`` build (no cache; the pipeline loaded first) of ``articles``
    generated articles of ``chars`` characters each. Each such build runs in a fresh process
    (:func:`kg.bench.main.run_phase`): in one process a later build would find caches warmed by
    the earlier ones, and the comparison of one long article with many short ones would not
    be fair."""
    from ..build import build

    _warm_pipeline(False)
    folder = Path(out) / f"in-{articles}x{chars}"
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(articles):
        (folder / f"{k:02d}.txt").write_text(long_article(chars, seed=seed + k), encoding="utf-8")
    t = time.perf_counter()
    report = build([folder], Path(out) / f"out-{articles}x{chars}", use_cache=False, ner=False)
    seconds = time.perf_counter() - t
    return {"articles": articles, "chars": articles * chars, "s": seconds,
            "chars_per_s": articles * chars / seconds, "triples": report.triples, "rss_mb": peak_rss_mb()}

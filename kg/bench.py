"""Benchmark: build throughput against jieba, the parallel speed-up, SPARQL latency at ~1M triples.

``python -m kg.bench [--data DIR] [--size-mb 1.0] [--triples 1000000] [--out DIR]`` (``make bench``)
prints one report and writes it as JSON to ``OUT/bench.json``:

1. **Corpus**: at least ``--size-mb`` MiB (UTF-8 bytes) of Chinese news-like text as articles of
   1–5 KiB (title line, blank line, body) in a temporary folder. The sentences of CLUENER2020
   (``train.json``, ``dev.json``, ``test.json`` in ``--data``; research-use data, read in place and
   never copied into the repository) are assembled into articles in file order; without the
   data set, articles are generated from templates filled with the lexicon's names (seeded).
2. **Build throughput**: characters per second of ``kg.build.build(..., use_cache=False)`` with
   ``jobs=1`` and ``jobs=2`` (whole call, graph writing included; the NLP part up to the last
   progress message), against ``list(jieba.cut(text))`` per article after ``jieba.initialize()``
   (and ``jieba.posseg.cut``, the tokenizer the pipeline runs). The pipeline is loaded and run
   once before the clock starts (its load time is reported apart). In the ``jobs=1`` runs the
   tokenizer, each kg component and each stage after the NLP are timed too (:func:`instrument`).
3. **Query latency**: the corpus graph plus the graph of the sample article ``input/`` is one
   unit; the unit is copied with every entity, article and statement IRI suffixed ``/copyN``
   until there are about ``--triples`` triples, written as N-Triples, loaded into rdflib and into
   pyoxigraph (``Store.bulk_load``), and each ``ontology/queries/*.rq`` runs on both: one warm-up,
   then the best of ``--runs``. rdflib gets ``--rdflib-timeout`` seconds per query.
4. ``--profile`` adds a cProfile of the ``jobs=1`` build: where the time goes.

Each measurement runs in a fresh Python process, so that its peak RSS (``ru_maxrss``, and
``RUSAGE_CHILDREN`` for build workers) is its own. Timings are the best of ``--runs`` (3);
a build is run again only while the whole bench stays within ``--budget`` seconds (540), so on
a slow machine a build may be timed once: the report says how many runs each row had.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "cluener"
DEFAULT_OUT = ROOT / "output" / "bench"
SAMPLE = ROOT / "input"
QUERIES = ROOT / "ontology" / "queries"
CLUENER_FILES = ("train.json", "dev.json", "test.json")
MIB = 1 << 20
MIN_ARTICLE, MAX_ARTICLE = 1024, 5120  # UTF-8 bytes per article
_RENAMED = re.compile(rb"<(https://w3id\.org/kg-zh/(?:entity|article|statement)/[^>]*)>")
_END = "。！？!?；…”"


# ---------------------------------------------------------------- corpus


@dataclass
class Corpus:
    """The articles written for the bench: where, from what, how big."""

    folder: str
    source: str
    articles: int
    chars: int
    bytes: int
    min_bytes: int
    max_bytes: int


def cluener_sentences(data: Path) -> list[str] | None:
    """The ``text`` of every line of CLUENER's files in ``data``, or None without ``train.json``."""
    if not (data / "train.json").is_file():
        return None
    out = []
    for name in CLUENER_FILES:
        path = data / name
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                out += [t for line in fh if line.strip() and (t := json.loads(line).get("text", "").strip())]
    return out


def assemble_articles(sentences: list[str], size: int, seed: int = 0) -> list[str]:
    """Join sentences, in order, into articles of 1–5 KiB until there are ``size`` bytes.

    The title is the first clause of the first sentence; the body has paragraphs of 3–6
    sentences. A sentence without final punctuation gets a 。. When the sentences run out
    they are used again in a seeded shuffled order.

    >>> arts = assemble_articles(["阿里巴巴发布新品，" + "钉钉" * 20] * 40, 3000)
    >>> len(arts), arts[0].split("\\n")[0], arts[0].split("\\n")[1]
    (2, '阿里巴巴发布新品', '')
    >>> all(1024 <= len(a.encode()) <= 5120 for a in arts)
    True
    """
    rng = random.Random(seed)
    pool = [s if s.endswith(tuple(_END)) else s.rstrip("，,、：:；; ") + "。" for s in sentences]
    order, i = list(range(len(pool))), 0
    articles, total = [], 0
    while total < size:
        target = rng.randint(MIN_ARTICLE + 256, MAX_ARTICLE - 400)  # room for title and newlines
        body, para, used = [], [], 0
        first = None
        while True:
            if i == len(order):
                rng.shuffle(order)
                i = 0
            sentence = pool[order[i]]
            cost = len(sentence.encode())
            if used + cost > target and used >= MIN_ARTICLE:
                break
            i += 1
            first = first or sentence
            para.append(sentence)
            used += cost
            if len(para) >= rng.randint(3, 6):
                body.append("".join(para))
                para = []
        if para:
            body.append("".join(para))
        title = re.split(r"[，,。！？!?；;：:]", first)[0][:30] or first[:30]
        text = title + "\n\n" + "\n".join(body) + "\n"
        articles.append(text)
        total += len(text.encode())
    return articles


_FIELDS = ("人工智能", "新能源汽车", "云计算", "半导体", "跨境电商", "数字政务", "生物医药",
           "智能制造", "金融科技", "物联网", "大模型", "储能")
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华建国志文海林斌宇浩凯鹏晨欣然怡宁博俊"
_TITLES = ("{Company}宣布与{Company2}达成战略合作", "{Place}发布{field}产业发展新政",
           "{Event}开幕 {field}成关注焦点", "{Company}第{q}季度营收同比增长{p}%",
           "{Company}完成对{Company2}的收购", "{GovernmentBody}部署推进{Strategy}")
_SENTENCES = (
    "{Company}宣布收购{Company2}，交易金额约{n}亿元。",
    "{Company}与{Company2}签署战略合作协议，双方将在{field}领域展开合作。",
    "{Company}董事长{PName}表示，公司将继续加大在{field}方面的投入。",
    "{PName}担任{Company}首席执行官，此前曾在{Company2}工作多年。",
    "{Company}推出了{Product}的新版本，上线以来用户已超过{n}万。",
    "{Event}在{Place}举行，来自{n}个国家和地区的代表出席。",
    "{GovernmentBody}印发《{Policy}》实施细则，要求各地认真贯彻落实。",
    "{Organization}发布{year}年度{field}发展报告。",
    "{Company}总部位于{Place}，员工约{n}万人。",
    "{Company}领投了{Company2}的新一轮融资，{Company3}跟投。",
    "{Company}旗下的{Product}近日完成升级。",
    "{Place}积极推进{Strategy}，{field}产业规模持续扩大。",
    "{Person}出席{Event}并致辞。",
    "{Company}创始人{PName}在接受采访时说，{field}仍处在早期阶段。",
    "{Organization}研究员{PName}认为，{field}的发展需要长期投入。",
    "据了解，该项目总投资{n}亿元，预计{year}年建成投产。",
    "业内人士指出，{field}市场竞争日趋激烈，行业集中度进一步提高。",
    "数据显示，{year}年前{m}个月，{field}行业营业收入同比增长{p}%。",
    "分析人士认为，短期内市场仍将保持震荡格局。",
    "与此同时，多家机构下调了对全年经济增速的预期。",
    "{Place}相关负责人介绍，今年以来已累计新增就业{n}万人。",
    "截至{m}月底，{Company}市值约为{n}亿美元。",
    "{PName}说：“我们希望在{Place}打造一个开放的{field}生态。”",
    "记者从{GovernmentBody}获悉，相关政策将于{year}年{m}月{d}日起施行。",
)


def template_articles(entries: list[tuple[str, str]], surnames: list[str], size: int,
                      seed: int = 0) -> list[str]:
    """Generate news-like articles of 1–5 KiB from templates filled with lexicon names.

    Args:
        entries: ``(name, class)`` of the lexicon's entities.
        surnames: Chinese surnames, for invented person names.
        size: bytes to generate, at least.
        seed: the random seed (the output depends on it only).

    >>> arts = template_articles([("钉钉", "Product"), ("阿里巴巴集团", "Company"), ("腾讯", "Company"),
    ...                           ("杭州市", "Place")], ["张"], 2000)
    >>> len(arts) >= 1 and all(1024 <= len(a.encode()) <= 5120 for a in arts)
    True
    """
    rng = random.Random(seed)
    by_class: dict[str, list[str]] = {}
    for name, cls in entries:
        by_class.setdefault(cls, []).append(name)
    fallback = by_class.get("Company") or [name for name, _ in entries] or ["某公司"]

    def pick(cls: str) -> str:
        return rng.choice(by_class.get(cls) or fallback)

    articles, total = [], 0
    while total < size:
        cast = {cls: pick(cls) for cls in ("Company", "Company2", "Company3", "Place", "Event", "Product",
                                          "GovernmentBody", "Organization", "Strategy", "Policy", "Person")}
        for key in ("Company2", "Company3"):
            cast[key] = pick("Company")
        cast["PName"] = rng.choice(surnames or ["张"]) + "".join(rng.sample(_GIVEN, rng.randint(1, 2)))

        def fill(template: str) -> str:
            values = dict(cast, field=rng.choice(_FIELDS), n=rng.randint(2, 900), p=rng.randint(1, 60),
                          q=rng.randint(1, 4), m=rng.randint(1, 12), d=rng.randint(1, 28),
                          year=rng.randint(2015, 2024))
            return template.format(**values)

        target = rng.randint(MIN_ARTICLE + 512, MAX_ARTICLE - 256)
        title = fill(rng.choice(_TITLES))
        paras, used = [], len(title.encode()) + 3
        while used < target:
            para = "".join(fill(rng.choice(_SENTENCES)) for _ in range(rng.randint(3, 6)))
            if used + len(para.encode()) + 1 > MAX_ARTICLE - 8 and used >= MIN_ARTICLE:
                break
            paras.append(para)
            used += len(para.encode()) + 1
        text = title + "\n\n" + "\n".join(paras) + "\n"
        while len(text.encode()) > MAX_ARTICLE:
            paras.pop()
            text = title + "\n\n" + "\n".join(paras) + "\n"
        articles.append(text)
        total += len(text.encode())
    return articles


def make_corpus(folder: Path, data: Path, size_mb: float, seed: int = 0) -> Corpus:
    """Write the bench corpus into ``folder`` (``0001.txt`` …) and describe it."""
    size = int(size_mb * MIB)
    sentences = cluener_sentences(data)
    if sentences:
        texts = assemble_articles(sentences, size, seed)
        have = sum(len(s.encode()) for s in sentences)
        source = f"CLUENER2020 sentences from {data.resolve()} ({len(sentences)} sentences" + (
            ", some reused)" if have < size else ")")
    else:
        from .ontology import load_lexicon, load_surnames

        entries = [(e.name, e.type) for e in load_lexicon()]
        texts = template_articles(entries, sorted(load_surnames()), size, seed)
        source = f"templates + lexicon names (seed {seed}; no CLUENER train.json in {data})"
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts, 1):
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    sizes = [len(t.encode()) for t in texts]
    return Corpus(str(folder), source, len(texts), sum(map(len, texts)), sum(sizes), min(sizes), max(sizes))


def read_texts(folder: Path) -> list[str]:
    """The texts of the corpus articles, in file order, as ``kg.read`` reads them."""
    return [p.read_text(encoding="utf-8").removeprefix("\ufeff") for p in sorted(folder.glob("*.txt"))]


# ---------------------------------------------------------------- measurements (child processes)


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
    from .nlp import get_pipeline

    nlp = get_pipeline(None if ner else False)
    nlp("钉钉并入阿里云。")
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

    ``nlp.pipe`` chains the components' generators: pulling a Doc from the statistical NER's
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

    from .build import build

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

    from .build import build

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
        if "kg" in parts[-2:-1]:
            qual = names.setdefault(file, _qualnames(file)).get(line, name)
            return f"kg/{parts[-1]}:{qual}"
        if "site-packages" in parts:
            return "/".join(parts[parts.index("site-packages") + 1:]) + f":{line}({name})"
        return f"{parts[-1]}:{line}({name})"

    ours = [k for k in stats if "/kg/" in k[0] and not k[0].endswith("bench.py")]
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


PHASES = {"jieba": phase_jieba, "build": phase_build, "profile": phase_profile,
          "rdflib": phase_rdflib, "oxigraph": phase_oxigraph}


def run_phase(name: str, **kwargs) -> dict:
    """Run one measurement in a fresh interpreter; its result is the last line of its stdout."""
    done = subprocess.run([sys.executable, "-m", "kg.bench", "--phase", name, json.dumps(kwargs)],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the query graph


def replicate(unit: bytes, copies: int, path: Path) -> int:
    """Write ``copies`` copies of N-Triples ``unit``, copy N with entity, article and statement
    IRIs suffixed ``/copyN`` (copy 0 as it is); the number of lines written.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
    >>> replicate(b'<https://w3id.org/kg-zh/entity/a> <http://x/p> "b" .\\n', 2, p)
    2
    >>> p.read_text().splitlines()[1].split()[0]
    '<https://w3id.org/kg-zh/entity/a/copy1>'
    """
    with path.open("wb") as fh:
        for n in range(copies):
            fh.write(unit if n == 0 else _RENAMED.sub(rb"<\1/copy%d>" % n, unit))
    return unit.count(b"\n") * copies


def query_unit(ttl_files: list[Path]) -> bytes:
    """The union of Turtle files as N-Triples (duplicates merged)."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in ttl_files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


# ---------------------------------------------------------------- report


def _rate(chars: int, seconds: float | None) -> float | None:
    """Characters per second, or None without a time."""
    return chars / seconds if seconds else None


def _fmt(value, spec: str = ",.0f", none: str = "–") -> str:
    """``format(value, spec)``, or a dash for None."""
    return none if value is None else format(value, spec)


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    """Lines of an aligned text table: first column left-aligned, the others right-aligned.

    >>> _table([["钉钉", "1"]], ["name", "n"])
    ['name  n', '----  -', '钉钉  1']
    """
    widths = [max(_width(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    out = []
    for k, row in enumerate([header] + rows):
        cells = [str(c) + " " * (w - _width(str(c))) if i == 0 else " " * (w - _width(str(c))) + str(c)
                 for i, (c, w) in enumerate(zip(row, widths))]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _width(text: str) -> int:
    """Display width in a terminal: wide (CJK) characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def summarize(rep: dict) -> dict:
    """The headline numbers of a report."""
    chars = rep["corpus"]["chars"]
    j1, j2, jb = rep["build"]["jobs1"], rep["build"].get("jobs2"), rep["jieba"]
    fast = rep["build"].get("jobs1-no-ner")
    build = _rate(chars, j1["total_s"])
    cut = _rate(chars, jb["cut_s"])
    fast_rate = _rate(chars, fast["total_s"]) if fast else None
    return {"build_chars_per_s": build, "nlp_chars_per_s": _rate(chars, j1["nlp_s"]),
            "jieba_chars_per_s": cut, "ratio": build / cut if build and cut else None,
            "no_ner_chars_per_s": fast_rate, "no_ner_ratio": fast_rate / cut if fast_rate and cut else None,
            "speedup_jobs2": j1["total_s"] / j2["total_s"] if j2 else None,
            "peak_rss_mb": max([j1["rss_mb"]] + ([j2["rss_mb"], j2["children_rss_mb"]] if j2 else []))}


def format_report(rep: dict) -> str:
    """The report as aligned text tables, ending with the key line."""
    c, s = rep["corpus"], rep["summary"]
    lines = [f"kg bench  ({rep['machine']}; timings: best of {rep['runs']} runs, builds: as many as "
             f"--budget allowed, see 'runs')", "",
             f"corpus: {c['articles']} articles, {c['chars']:,} chars, {c['bytes']:,} bytes "
             f"({c['min_bytes']:,}–{c['max_bytes']:,} bytes each)",
             f"source: {c['source']}",
             f"pipeline: {' → '.join(rep['build']['jobs1']['pipes'])} (load {rep['build']['jobs1']['init_s']:.1f} s, "
             f"not timed)", ""]
    chars = c["chars"]
    jb = rep["jieba"]
    runs = f"{len(jb['cut_runs'])}"
    rows = [["jieba.cut (list per article)", f"{jb['cut_s']:.2f}", runs, "–", "–", _fmt(_rate(chars, jb["cut_s"])),
             "100%", f"{jb['rss_mb']:.0f}", "–"]]
    if "posseg_s" in jb:
        rows.append(["jieba.posseg.cut (the pipeline's tokenizer)", f"{jb['posseg_s']:.2f}",
                     f"{len(jb['posseg_runs'])}", "–", "–", _fmt(_rate(chars, jb["posseg_s"])),
                     f"{jb['cut_s'] / jb['posseg_s']:.1%}", "–", "–"])
    for key, label in (("jobs1", "kg build, jobs=1"), ("jobs2", "kg build, jobs=2"),
                       ("jobs1-no-ner", "kg build --no-ner, jobs=1")):
        b = rep["build"].get(key)
        if not b:
            continue
        rows.append([label, f"{b['total_s']:.2f}", f"{len(b['runs_s'])}", _fmt(b["nlp_s"], ".2f"),
                     f"{b['cpu_s'] + b['children_cpu_s']:.2f}", _fmt(_rate(chars, b["total_s"])),
                     f"{jb['cut_s'] / b['total_s']:.1%}", f"{b['rss_mb']:.0f}",
                     _fmt(b["children_rss_mb"] if key == "jobs2" else None, ".0f")])
    lines += _table(rows, ["throughput (same articles)", "wall s", "runs", "NLP s", "CPU s", "chars/s", "of jieba",
                           "peak RSS MB", "worker RSS MB"])
    b1 = rep["build"]["jobs1"]
    lines += ["", "NLP s: until the last article's progress message (the rest is resolve, graph, writing); "
                  "CPU s: this process + workers",
              f"graph: {b1['triples']:,} triples; build runs (wall s): "
              + "; ".join(f"jobs={k[4:]}: " + ", ".join(f"{t:.1f}" for t in b["runs_s"])
                          for k, b in rep["build"].items()), ""]
    if b1.get("stages"):
        top = [(n, w, cpu) for n, w, cpu in b1["stages"] if not n.startswith(" ")]
        rest = b1["total_s"] - sum(w for _, w, _ in top)
        rows = [[n, f"{w:.2f}", f"{cpu:.2f}", f"{w / b1['total_s']:.1%}", _fmt(_rate(chars, w))]
                for n, w, cpu in b1["stages"]]
        untimed = [n for n in b1["pipes"] if n not in {name for name, _, _ in top}]
        rows.append([f"other ({', '.join(untimed + ['reading', 'glue'])})", f"{rest:.2f}", "–",
                     f"{rest / b1['total_s']:.1%}", "–"])
        rows.append(["whole build", f"{b1['total_s']:.2f}", f"{b1['cpu_s']:.2f}", "100.0%",
                     _fmt(_rate(chars, b1["total_s"]))])
        lines += _table(rows, ["stage (jobs=1, best run)", "wall s", "CPU s", "of build", "chars/s"])
        lines.append("")
    q = rep.get("queries")
    if q:
        r, o = q["rdflib"], q["oxigraph"]
        lines.append(f"query graph: unit {q['unit_triples']:,} triples (corpus graph + input/ sample) × "
                     f"{q['copies']} copies = {q['triples']:,} triples, {q['nt_mb']:.0f} MB N-Triples")
        lines += _table([["rdflib Graph.parse(nt)", f"{r['load_s']:.1f}", f"{r['triples']:,}", f"{r['rss_mb']:.0f}"],
                         ["pyoxigraph Store.bulk_load", f"{o['load_s']:.1f}", f"{o['triples']:,}",
                          f"{o['rss_mb']:.0f}"]],
                        ["load", "seconds", "triples", "peak RSS MB"])
        lines.append("")
        rows = []
        for name, oq in o["queries"].items():
            rq = r["queries"][name]
            if rq["best_s"] is not None:
                rtime = f"{rq['best_s'] * 1000:,.1f}"
            elif rq["warm_s"] is not None:
                rtime = f"{rq['warm_s'] * 1000:,.1f}*"
            else:
                rtime = f"> {rq['timeout_s']:.0f} s"
            same = "n/a" if rq["rows"] is None else ("yes" if rq["rows"] == oq["rows"] else "NO")
            rows.append([name, f"{oq['best_s'] * 1000:,.1f}", rtime, f"{oq['rows']:,}",
                         _fmt(rq["rows"], ","), same])
        lines += _table(rows, ["query (.rq)", "oxigraph ms", "rdflib ms", "rows (ox)", "rows (rdflib)", "same"])
        if any(r["queries"][n]["best_s"] is None and r["queries"][n]["warm_s"] is not None for n in o["queries"]):
            lines.append("* rdflib: the warm-up run only (no timed run ended within the time limit)")
        lines.append("")
    p = rep.get("profile")
    if p:
        lines.append(f"profile (cProfile, jobs=1 build: {p['wall_s']:.1f} s under the profiler; "
                     f"stats in {p['prof']}):")
        lines += _table([[n, f"{cum:.1%}", f"{own:.1%}", f"{calls:,}"] for n, cum, own, calls in p["kg_cumulative"]],
                        ["kg function", "cumulative", "own", "calls"])
        lines.append("")
        lines += _table([[n, f"{cum:.1%}", f"{own:.1%}", f"{calls:,}"] for n, cum, own, calls in p["own_time"]],
                        ["any function, by own time", "cumulative", "own", "calls"])
        lines.append("")
    lines.append(f"build: {_fmt(s['build_chars_per_s'])} chars/s, jieba: {_fmt(s['jieba_chars_per_s'])} chars/s, "
                 f"ratio {_fmt(s['ratio'] and s['ratio'] * 100, '.1f')}% (--no-ner: "
                 f"{_fmt(s.get('no_ner_chars_per_s'))} chars/s, "
                 f"{_fmt(s.get('no_ner_ratio') and s['no_ner_ratio'] * 100, '.1f')}%), jobs=2 speed-up "
                 f"{_fmt(s['speedup_jobs2'], '.2f')}×, peak RSS {_fmt(s['peak_rss_mb'], '.0f')} MB")
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kg.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with CLUENER train.json/dev.json (default ../shared/data/cluener)")
    parser.add_argument("--size-mb", type=float, default=1.0, help="corpus size in MiB of UTF-8 (default 1.0)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="query graph size (default 1,000,000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where bench.json goes (default output/bench)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement, best kept (default 3)")
    parser.add_argument("--build-runs", type=int, default=None,
                        help="timed runs per build, best kept (default: --runs); runs after the first "
                             "are skipped when they would take the bench past --budget")
    parser.add_argument("--budget", type=float, default=540.0,
                        help="seconds the whole bench should take, at most (default 540)")
    parser.add_argument("--rdflib-timeout", type=float, default=30.0,
                        help="seconds per query for rdflib, warm-up and runs (default 30)")
    parser.add_argument("--posseg-runs", type=int, default=1,
                        help="timed runs of jieba.posseg.cut, best kept; 0 skips it (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of article sizes and templates (default 0)")
    parser.add_argument("--no-jobs2", action="store_true", help="skip the jobs=2 build")
    parser.add_argument("--no-fast", action="store_true", help="skip the --no-ner build")
    parser.add_argument("--no-queries", action="store_true", help="skip the query benchmark")
    parser.add_argument("--profile", type=int, nargs="?", const=20, default=0, metavar="N",
                        help="also cProfile the jobs=1 build and list the top N functions (default 20)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and N-Triples (in OUT/work)")
    parser.add_argument("--phase", nargs=2, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the report and write ``OUT/bench.json``."""
    args = _parser().parse_args(argv)
    if args.phase:
        name, kwargs = args.phase
        print(json.dumps(PHASES[name](**json.loads(kwargs)), ensure_ascii=False))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the temporary folder
    runs, build_runs = max(1, args.runs), max(1, args.build_runs or args.runs)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-")) if not args.keep else args.out / "work"
    if args.keep and work.exists():
        shutil.rmtree(work)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        corpus = make_corpus(work / "corpus", args.data.resolve(), args.size_mb, args.seed)
        say(f"corpus: {corpus.articles} articles, {corpus.bytes:,} bytes ({corpus.source.split(' (')[0]})")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        rep: dict = {"machine": f"{os.cpu_count()} cores, load average {load} at start, "
                                f"Python {sys.version.split()[0]}", "runs": runs,
                     "build_runs": build_runs, "corpus": asdict(corpus)}
        say("jieba")
        rep["jieba"] = run_phase("jieba", corpus=corpus.folder, runs=runs, posseg_runs=args.posseg_runs)
        rep["build"] = {}
        # (report key, jobs, NER on): one run of each; then more (up to --build-runs) while the budget allows
        kinds = [("jobs1", 1, True)] + ([] if args.no_jobs2 else [("jobs2", 2, True)]) \
            + ([] if args.no_fast else [("jobs1-no-ner", 1, False)])
        plan = [(kind, k) for k in range(build_runs) for kind in kinds]
        later = 0.0 if args.no_queries else 30 + 60 * args.triples / 1e6 + 5 * args.rdflib_timeout
        results: dict[str, list[dict]] = {}
        for (key, jobs, ner), k in plan:
            name = key[4:]  # 1, 2, 1-no-ner
            last = max((r["wall_s"] for rs in results.values() for r in rs), default=0.0)
            if k and time.perf_counter() - started + last + later > args.budget:
                say(f"build jobs={name}, run {k + 1}: skipped (--budget {args.budget:.0f} s)")
                continue
            say(f"build jobs={name}, run {k + 1}/{build_runs}")
            t = time.perf_counter()
            result = run_phase("build", corpus=corpus.folder, out=str(work / f"build-j{name}-{k}"),
                               jobs=jobs, sample=(key == "jobs1" and k == 0 and not args.no_queries), ner=ner)
            result["wall_s"] = time.perf_counter() - t
            results.setdefault(key, []).append(result)
        for key, runs_of in results.items():
            best = dict(min(runs_of, key=lambda r: r["total_s"]))
            best["runs_s"] = [r["total_s"] for r in runs_of]
            best["rss_mb"] = max(r["rss_mb"] for r in runs_of)
            best["children_rss_mb"] = max(r["children_rss_mb"] for r in runs_of)
            if "sample_ttl" in runs_of[0]:
                best["sample_ttl"] = runs_of[0]["sample_ttl"]
            rep["build"][key] = best
        if args.profile:
            say("profile (jobs=1 build under cProfile)")
            rep["profile"] = run_phase("profile", corpus=corpus.folder, out=str(work / "profile"),
                                       prof=str(args.out.resolve() / "build.prof"), top=args.profile)
        if not args.no_queries:
            ttl = [work / "build-j1-0" / "graph.ttl"]
            if rep["build"]["jobs1"].get("sample_ttl"):
                ttl.append(Path(rep["build"]["jobs1"]["sample_ttl"]))
            unit = query_unit(ttl)
            unit_triples = unit.count(b"\n")
            copies = max(1, round(args.triples / unit_triples))
            nt = work / "graph.nt"
            triples = replicate(unit, copies, nt)
            say(f"query graph: {unit_triples:,} × {copies} = {triples:,} triples")
            queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES.glob("*.rq"))}
            rep["queries"] = {"unit_triples": unit_triples, "copies": copies, "triples": triples,
                              "nt_mb": nt.stat().st_size / 1e6}
            say("pyoxigraph")
            rep["queries"]["oxigraph"] = run_phase("oxigraph", nt=str(nt), queries=queries, runs=runs)
            say("rdflib")
            rep["queries"]["rdflib"] = run_phase("rdflib", nt=str(nt), queries=queries, runs=runs,
                                                 timeout=args.rdflib_timeout)
        rep["summary"] = summarize(rep)
        rep["elapsed_s"] = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = format_report(rep)
    print(text)
    (args.out / "bench.json").write_text(json.dumps(rep, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (args.out / "bench.txt").write_text(text + "\n", encoding="utf-8")
    say(f"wrote {args.out / 'bench.json'}")
    mismatched = [n for n, q in rep.get("queries", {}).get("rdflib", {}).get("queries", {}).items()
                  if q["rows"] is not None and q["rows"] != rep["queries"]["oxigraph"]["queries"][n]["rows"]]
    if mismatched:
        print(f"Error: rdflib and Oxigraph return different row counts for {', '.join(mismatched)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The bench's run: the plan of measurements, each in a fresh interpreter, and the report files."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from .corpus import make_corpus
from .load import phase_load
from .pages import build_pages, pages_missing, phase_pages
from .phases import (ROOT, phase_build, phase_jieba, phase_long, phase_oxigraph, phase_profile,
                     phase_rdflib)
from .report import format_report, summarize

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "cluener"
DEFAULT_DEV = ROOT / ".." / "shared" / "articles" / "dev"
DEFAULT_OUT = ROOT / "output" / "bench"
QUERIES = ROOT / "ontology" / "queries"
_RENAMED = re.compile(rb"<(https://w3id\.org/kg-zh/(?:entity|article|statement)/[^>]*)>")


PHASES = {"jieba": phase_jieba, "build": phase_build, "profile": phase_profile,
          "rdflib": phase_rdflib, "oxigraph": phase_oxigraph, "long": phase_long, "load": phase_load,
          "pages": phase_pages}


def run_phase(name: str, **kwargs) -> dict:
    """Run one measurement in a fresh interpreter; its result is the last line of its stdout."""
    done = subprocess.run([sys.executable, "-m", "kg.bench", "--phase", name, json.dumps(kwargs)],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])




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


def _parser() -> argparse.ArgumentParser:
    from . import __doc__ as about

    parser = argparse.ArgumentParser(prog="python -m kg.bench", description=about.split("\n\n")[0])
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
    parser.add_argument("--no-long", action="store_true", help="skip the time-against-length builds")
    parser.add_argument("--long-chars", type=int, default=1_000_000,
                        help="the longest article (default 1,000,000); also 10k, 100k and 10 articles of a tenth")
    parser.add_argument("--no-load", action="store_true", help="skip the kg serve load test")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV,
                        help="articles whose graph the load test serves (default ../shared/articles/dev; "
                             "the corpus graph without them)")
    parser.add_argument("--load-requests", type=int, default=2000, help="requests per concurrency (default 2000)")
    parser.add_argument("--pages", action=argparse.BooleanOptionalAction, default=None,
                        help="time graph.html's first draw in headless Chromium (default: on when Playwright "
                             "and /usr/bin/chromium are there)")
    parser.add_argument("--pages-only", action="store_true", help="run the page phase alone")
    parser.add_argument("--page-folder", type=Path, default=None,
                        help="the folder whose one graph is a page (default: --dev when it exists)")
    parser.add_argument("--page-corpus", type=Path, default=None,
                        help="text of the N-article page: a folder of articles (the first N) or a file of "
                             "news transcripts split at their headings (default: the bench's own articles)")
    parser.add_argument("--page-articles", type=int, default=300, help="N (default 300)")
    parser.add_argument("--page-runs", type=int, default=3, help="times each page is opened, median kept (default 3)")
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
        if args.pages_only:
            rep = {"machine": _machine(), "pages": _pages(args, say)}
            rep["elapsed_s"] = time.perf_counter() - started
            return _finish(args, rep, say)
        corpus = make_corpus(work / "corpus", args.data.resolve(), args.size_mb, args.seed)
        say(f"corpus: {corpus.articles} articles, {corpus.bytes:,} bytes ({corpus.source.split(' (')[0]})")
        rep: dict = {"machine": _machine(), "runs": runs,
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
        if not args.no_long:
            say(f"long articles: 10,000, 100,000 and {args.long_chars:,} characters, 10 × {args.long_chars // 10:,}")
            sizes = sorted({10_000, 100_000, args.long_chars})
            rep["long"] = {"single": [run_phase("long", out=str(work / "long"), chars=chars, seed=n)
                                      for n, chars in enumerate(sizes)],
                           "pieces": run_phase("long", out=str(work / "long"), chars=args.long_chars // 10,
                                               articles=10, seed=100)}
        if not args.no_load:
            if args.dev.is_dir():
                say(f"build {args.dev} (the load test's graph)")
                run_phase("build", corpus=str(args.dev.resolve()), out=str(work / "dev"), jobs=1, sample=False)
                graph = str(work / "dev" / "graph.ttl")
            else:
                graph = str(work / "build-j1-0" / "graph.ttl")
            say(f"kg serve load test on {graph}")
            rep["load"] = run_phase("load", graph=graph, concurrency=[4, 16], requests=args.load_requests)
        if args.pages is not False:
            rep["pages"] = _pages(args, say)
        rep["summary"] = summarize(rep)
        rep["elapsed_s"] = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return _finish(args, rep, say)


def _machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load} at start, Python {sys.version.split()[0]}"


def _pages(args: argparse.Namespace, say) -> dict:
    """The page phase: graphs built (or their cache reused) in ``OUT/pages``, then timed in Chromium."""
    missing = pages_missing()
    if missing:
        say(f"pages: skipped, {missing}")
        return {"skipped": missing}
    folder = args.page_folder or (args.dev if args.dev.is_dir() else None)
    pages = build_pages(args.out.resolve() / "pages", folder and folder.resolve(),
                        args.page_corpus and args.page_corpus.resolve(), args.page_articles,
                        args.data.resolve(), args.seed, say)
    say(f"pages: {len(pages)} pages in Chromium, {args.page_runs} runs each")
    return run_phase("pages", pages=pages, runs=max(1, args.page_runs))


def _finish(args: argparse.Namespace, rep: dict, say) -> int:
    """Print the report, write bench.json and bench.txt; 1 when rdflib and Oxigraph disagree."""
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

"""The bench's report: aligned text tables of every measurement, and the headline numbers."""

from __future__ import annotations

from pathlib import Path


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
            "ner_chars_per_s": _rate(chars, ner_seconds(j1)), "ner_cpu_chars_per_s": _rate(chars, ner_seconds(j1, cpu=True)),
            "jieba_chars_per_s": cut, "ratio": build / cut if build and cut else None,
            "no_ner_chars_per_s": fast_rate, "no_ner_ratio": fast_rate / cut if fast_rate and cut else None,
            "speedup_jobs2": j1["total_s"] / j2["total_s"] if j2 else None,
            "peak_rss_mb": max([j1["rss_mb"]] + ([j2["rss_mb"], j2["children_rss_mb"]] if j2 else [])),
            "longest_over_pieces": _longest_over_pieces(rep.get("long")),
            "p99_ms": {r["concurrency"]: r["p99_ms"] for r in rep.get("load", {}).get("runs", [])}}


#: the pipeline components of the statistical recognition (issue 11's "NER stage"): LAC, the
#: tagger and the vote (the tagger's second reading)
NER_STAGES = ("kg_lac", "kg_tagger", "kg_vote")


def ner_seconds(build: dict, cpu: bool = False) -> float | None:
    """The wall (or CPU) seconds of a timed build's :data:`NER_STAGES`, None when none was timed.

    >>> ner_seconds({"stages": [["tokenizer", 2.0, 1.9], ["kg_lac", 3.0, 2.9], ["kg_vote", 1.0, 0.9]]})
    4.0
    """
    times = [cpu_s if cpu else wall for name, wall, cpu_s in build.get("stages") or [] if name in NER_STAGES]
    return sum(times) if times else None


def _longest_over_pieces(lg: dict | None) -> float | None:
    """The longest article's build time over that of the same characters in pieces."""
    if not lg:
        return None
    longest = max(lg["single"], key=lambda s: s["chars"])
    return longest["s"] / lg["pieces"]["s"] if longest["chars"] == lg["pieces"]["chars"] else None


def format_report(rep: dict) -> str:
    """The report as aligned text tables, ending with the key line (the page table alone with
    ``--pages-only``)."""
    if "build" not in rep:
        return "\n".join([f"kg bench --pages-only  ({rep['machine']})", ""] + pages_lines(rep)).rstrip()
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
    lines += long_lines(rep) + load_lines(rep) + pages_lines(rep)
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
    lines.append(f"NER stage ({' + '.join(NER_STAGES)}, jobs=1): {_fmt(s.get('ner_chars_per_s'))} chars/s "
                 f"(CPU: {_fmt(s.get('ner_cpu_chars_per_s'))} chars/s)")
    lines.append(f"build: {_fmt(s['build_chars_per_s'])} chars/s, jieba: {_fmt(s['jieba_chars_per_s'])} chars/s, "
                 f"ratio {_fmt(s['ratio'] and s['ratio'] * 100, '.1f')}% (--no-ner: "
                 f"{_fmt(s.get('no_ner_chars_per_s'))} chars/s, "
                 f"{_fmt(s.get('no_ner_ratio') and s['no_ner_ratio'] * 100, '.1f')}%), jobs=2 speed-up "
                 f"{_fmt(s['speedup_jobs2'], '.2f')}×, peak RSS {_fmt(s['peak_rss_mb'], '.0f')} MB")
    return "\n".join(lines)


def long_lines(rep: dict) -> list[str]:
    """The table of time against an article's length."""
    lg = rep.get("long")
    if not lg:
        return []
    ratio = _longest_over_pieces(lg)
    rows = [[f"one article of {s['chars']:,} chars", f"{s['s']:.1f}", _fmt(s["chars_per_s"])] for s in lg["single"]]
    p = lg["pieces"]
    rows.append([f"{p['articles']} articles of {p['chars'] // p['articles']:,} chars", f"{p['s']:.1f}",
                 _fmt(p["chars_per_s"])])
    lines = _table(rows, ["length (--no-ner, jobs=1, whole build)", "seconds", "chars/s"])
    if ratio is not None:
        lines.append(f"the {p['chars']:,}-character article took {ratio:.2f}× the time of the same length "
                     f"in {p['articles']} articles")
    return lines + [""]


def load_lines(rep: dict) -> list[str]:
    """The table of the load test of kg serve."""
    ld = rep.get("load")
    if not ld:
        return []
    rows = [[str(r["concurrency"]), f"{r['requests']:,}", f"{r['per_s']:,.0f}", f"{r['p50_ms']:.1f}",
             f"{r['p99_ms']:.1f}", f"{r['max_ms']:.1f}", str(r["failed"])] for r in ld["runs"]]
    return [f"kg serve load test: {Path(ld['graph']).parent.name}/graph.ttl, {ld['workers']} workers, "
            f"simple queries ({', '.join(ld['queries'])}), loopback"] + _table(
        rows, ["concurrency", "requests", "requests/s", "p50 ms", "p99 ms", "max ms", "not 200"]) + [""]


def pages_lines(rep: dict) -> list[str]:
    """The table of the page's first-draw times (or the note why they were not measured).

    >>> rep = {"pages": {"chromium": "120.0", "viewport": {"width": 1600, "height": 1000}, "runs": 3,
    ...     "pages": [{"name": "1 article", "source": "input/", "nodes": 40, "drawn": 40, "visible": 40,
    ...                "edges": 52, "articles": 1, "bytes": 780_000, "settled_ms": [900, 950, 870],
    ...                "median_ms": 900, "build_s": 4.2, "target_s": 3.0, "target": "≤ 500 nodes: 3 s", "errors": []}]}}
    >>> print("\\n".join(pages_lines(rep)))  # doctest: +NORMALIZE_WHITESPACE
    graph.html first draw (Chromium 120.0, 1600×1000; window.kgSettledMs, median of 3 runs)
    page       articles  nodes  drawn  visible  edges  page MB  first draw s  runs s          issue 13's target  met
    ---------  --------  -----  -----  -------  -----  -------  ------------  --------------  -----------------  ---
    1 article         1     40     40       40     52     0.78          0.90  0.90 0.95 0.87  ≤ 500 nodes: 3 s   yes
    nodes: the graph's; drawn: the page's (a bigger graph is cut); visible: shown when the layout settles (past one article, nodes without a drawn relation start hidden); edges: drawn
    1 article: input/ (written in 4.2 s)
    <BLANKLINE>
    """
    pg = rep.get("pages")
    if not pg:
        return []
    if pg.get("skipped"):
        return [f"graph.html first draw: skipped ({pg['skipped']})", ""]
    rows = [[p["name"], f"{p['articles']:,}", f"{p['nodes']:,}", f"{p['drawn']:,}", f"{p['visible']:,}",
             f"{p['edges']:,}", f"{p['bytes'] / 1e6:.2f}", f"{p['median_ms'] / 1000:.2f}",
             " ".join(f"{ms / 1000:.2f}" for ms in p["settled_ms"]), p["target"],
             "yes" if p["median_ms"] / 1000 < p["target_s"] else "NO"] for p in pg["pages"]]
    view = pg["viewport"]
    lines = [f"graph.html first draw (Chromium {pg['chromium']}, {view['width']}×{view['height']}; "
             f"window.kgSettledMs, median of {pg['runs']} run{'s' if pg['runs'] != 1 else ''})"]
    lines += _table(rows, ["page", "articles", "nodes", "drawn", "visible", "edges", "page MB", "first draw s",
                           "runs s", "issue 13's target", "met"])
    lines.append("nodes: the graph's; drawn: the page's (a bigger graph is cut); visible: shown when the layout "
                 "settles (past one article, nodes without a drawn relation start hidden); edges: drawn")
    lines += [f"{p['name']}: {p['source']} (written in {p['build_s']:.1f} s)" + (f"; page errors: {p['errors'][0]}" if p["errors"] else "")
              for p in pg["pages"]]
    return lines + [""]

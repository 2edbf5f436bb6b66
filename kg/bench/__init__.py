"""Benchmark: build throughput against jieba, the parallel speed-up, SPARQL latency at ~1M triples,
the graph page's first-draw time.

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
4. **Time against length** (``--no-long`` skips): one article of 10,000, 100,000 and
   ``--long-chars`` (1,000,000) characters, and ten articles of a tenth of that, each one
   ``--no-ner`` build in a fresh process; chars/s of each, and the longest article's time over
   the ten's.
5. **Load** (``--no-load`` skips): ``kg serve`` on the graph of ``--dev`` (the dev set's
   articles; the corpus graph without them), 4 and then 16 client threads on keep-alive
   connections sending simple queries (a label lookup, an ASK, a short listing, a count):
   requests/s and p50 / p99 latency.
6. **Pages** (``--no-pages`` skips; on by default when Playwright and ``/usr/bin/chromium`` are
   there, otherwise skipped with a one-line note; ``--pages-only`` runs it alone): the first-draw
   time of ``graph.html`` in headless Chromium at 1600×1000 (the page's ``window.kgSettledMs``,
   median of ``--page-runs`` opens) for the graph of the sample article, of ``--page-folder``
   (default ``--dev``), of ``--page-articles`` (300) articles (the bench's own, or
   ``--page-corpus``: a folder of articles or a file of news transcripts split at their
   headings) and of those redrawn by ``kg view --max-nodes 500``; nodes, nodes drawn and
   visible, page size, beside issue 13's targets (3 s up to 500 nodes, 8 s up to the cut).
   The graphs are built by ``kg build`` into ``OUT/pages`` and kept, cache included, so a
   later run reuses the analysis; this phase is outside ``--budget``.
7. ``--profile`` adds a cProfile of the ``jobs=1`` build: where the time goes.

The modules: :mod:`kg.bench.corpus` (articles; the generated ones from ``templates.json``),
:mod:`kg.bench.phases`, :mod:`kg.bench.load` and :mod:`kg.bench.pages` (the measurements), :mod:`kg.bench.report`
and :mod:`kg.bench.main` (the plan and the files).

Each measurement runs in a fresh Python process, so that its peak RSS (``ru_maxrss``, and
``RUSAGE_CHILDREN`` for build workers) is its own. Timings are the best of ``--runs`` (3);
a build is run again only while the whole bench stays within ``--budget`` seconds (540), so on
a slow machine a build may be timed once: the report says how many runs each row had.
"""

"""The ``kg`` command: build, query and evaluate knowledge graphs of Chinese news."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .errors import Errors, KgError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(err: Exception) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(1)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="kg")
def main() -> None:
    """Build a knowledge graph (RDF, OWL ontology) from Chinese news articles.

    \b
    Example:
      kg build input/ -o output/
      kg query output/graph.ttl "SELECT ?s ?o { ?s kg:partOf ?o }"
    """


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder for graph.ttl, graph.trig, graph.html and entities.json.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the NLP work.")
@click.option("--no-cache", is_flag=True, help="Analyse every article again (the cache is OUTPUT/.cache).")
@click.option("--scheduler", metavar="ADDRESS", help="Run the NLP work on a Dask cluster (tcp://host:port).")
@click.option("--dask-local", type=click.IntRange(min=1), metavar="N", help="Start a local Dask cluster of N workers.")
@click.option("--no-ner", is_flag=True,
              help="Skip the pretrained recogniser (LAC): lexicon and rules only; faster, fewer names found.")
@click.option("--encoding", metavar="CODEC",
              help="Read the inputs in this encoding (gb18030, big5, utf-16 …) instead of detecting it.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Most nodes graph.html draws; a bigger graph shows its best connected part, every class kept"
                   "  [default: 1500]")
@click.option("--skip-bad", is_flag=True,
              help="Leave out the bad records of a corpus (*.jsonl, *.csv, -), each named in a warning, "
                   "instead of stopping.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs: tuple[Path, ...], out_dir: Path, jobs: int, no_cache: bool, scheduler: str | None,
          dask_local: int | None, no_ner: bool, encoding: str | None, max_nodes: int | None, skip_bad: bool,
          quiet: bool) -> None:
    """Build one graph of article files or folders (default: input/).

    Reads text articles and saved web pages (a folder: every *.txt, *.html and *.htm in it;
    UTF-8, UTF-16, GB18030 / GBK or Big5, detected; Traditional Chinese is analysed through a
    Simplified copy) and corpora of many articles: JSON Lines (*.jsonl, or - for standard input)
    and CSV (*.csv, a header row), one article a record with a text and optionally a title, date,
    url and id. It finds entities and relations,
    merges entities across articles, and writes OUTPUT/graph.ttl (all facts), OUTPUT/graph.trig
    (one named graph per article), OUTPUT/graph.html (an offline view) and OUTPUT/entities.json
    (which names and articles each node came from). Nothing is written unless every input is
    readable (a bad corpus record stops the build unless --skip-bad). Unchanged articles are
    not analysed again.

    \b
    Example:
      kg build input/dingtalk-xiaxiang.txt -o output/
      kg build corpus/ -o out/ --jobs 2 --max-nodes 3000
      kg build news.jsonl feed.csv -o out/ --skip-bad
      cat news.jsonl | kg build - -o out/
    """
    from .build import build as run_build

    started = time.perf_counter()
    say = (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))
    try:
        report = run_build(list(inputs) or [Path("input")], out_dir, progress=say, jobs=jobs,
                           use_cache=not no_cache, scheduler=scheduler, dask_local=dask_local,
                           ner=not no_ner, encoding=encoding, max_nodes=max_nodes, skip_bad=skip_bad,
                           warn=(lambda msg: None) if quiet else (lambda msg: click.echo(f"Warning: {msg}", err=True)))
    except KgError as err:
        _fail(err)
    if report.triples is not None:
        articles = f"{report.articles} article{'' if report.articles == 1 else 's'}"
        say(f"wrote {report.paths['ttl']} ({report.triples} triples, {articles}) "
            f"and {report.paths['html']} in {time.perf_counter() - started:.1f} s")


@main.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="The folder of a build.")
def explain(name: str, out_dir: Path) -> None:
    """Show which names and articles a node came from, and why they were merged.

    \b
    Example:
      kg explain 阿里巴巴 -o output/
    """
    from .explain import explain_entity

    try:
        click.echo(explain_entity(out_dir / "entities.json", name))
    except KgError as err:
        _fail(err)


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("-f", "--file", "query_path", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
              default="table", show_default=True,
              help="table, SPARQL results (json, csv, tsv, xml: SELECT, ASK) or RDF (turtle, ntriples: CONSTRUCT).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses: send their requests to the endpoints they name (refused by default).")
def query(graph: Path, query: str | None, query_path: Path | None, fmt: str, allow_service: bool) -> None:
    """Run a SPARQL query against a graph file (Turtle, TriG or N-Triples).

    The prefixes kg:, kge:, rdfs:, skos:, prov:, dcterms: … are declared for you. Queries with
    a SERVICE clause are refused unless --allow-service: by default kg sends no requests to other
    endpoints.

    \b
    Example:
      kg query output/graph.ttl -f ontology/queries/part-of.rq
      kg query output/graph.ttl "SELECT ?p ?o { kge:钉钉 ?p ?o }" --format csv
    """
    from .query import query_file

    try:
        if (query is None) == (query_path is None):
            raise KgError(Errors.E013)
        if query_path is not None:
            if not query_path.is_file():
                raise KgError(Errors.E012.format(path=query_path))
            try:
                query = query_path.read_bytes().decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError as err:
                raise KgError(Errors.E004.format(path=query_path, offset=err.start, reason=err.reason)) from err
            except OSError as err:
                raise KgError(Errors.E002.format(path=query_path, reason=err.strerror or err)) from err
        click.echo(query_file(graph, query, fmt, allow_service=allow_service), nl=False)
    except KgError as err:
        _fail(err)


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", "page", type=click.Path(path_type=Path),
              help="The HTML file to write  [default: GRAPH with the suffix .html]")
@click.option("--title", help="The page's title  [default: the article's title, or kg: N articles]")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Most nodes drawn; a bigger graph shows its best connected part, every class kept  [default: 1500]")
def view(graph: Path, page: Path | None, title: str | None, max_nodes: int | None) -> None:
    """Draw the offline HTML view of an existing graph (Turtle, TriG, N-Triples) again.

    The page is the one kg build writes: search, details with evidence and source articles,
    neighbourhood focus and filters, in one file that needs no network. No article is analysed.

    \b
    Example:
      kg view output/graph.ttl -o output/graph.html
      kg view out/graph.trig -o big.html --max-nodes 3000
    """
    from rdflib import RDF
    from rdflib.namespace import DCTERMS

    from .byline import several_articles
    from .evaluate import load_graph
    from .export import write_files
    from .ontology import KG
    from .view import MAX_NODES, graph_html

    try:
        loaded = load_graph(graph)
        if title is None:
            articles = sorted(loaded.subjects(RDF.type, KG.NewsArticle))
            titles = [str(t) for t in loaded.objects(articles[0], DCTERMS.title)] if len(articles) == 1 else []
            title = min(titles) if titles else several_articles(len(articles))
        page = page or graph.with_suffix(".html")
        write_files({page: graph_html(loaded, title=title, max_nodes=max_nodes or MAX_NODES)})
    except KgError as err:
        _fail(err)
    click.echo(f"wrote {page}", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 opens the endpoint to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=10.0, show_default=True,
              help="Seconds a query may run; a longer one is stopped and answered 503.")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses, which make the server send requests to the endpoints they name "
                   "(refused with 400 by default).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, metavar="N",
              help="Query worker processes, each holding the graph; while all are busy with slow queries, "
                   "N more start for the while. Queries wait their turn client by client.")
@click.option("-q", "--quiet", is_flag=True, help="No line per request on stderr.")
def serve(graph: Path, host: str, port: int, timeout: float, allow_service: bool, workers: int,
          quiet: bool) -> None:
    """Serve a graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    Queries come by GET ?query=… or POST (form or application/sparql-query); the Accept header
    picks SPARQL JSON (default), CSV, TSV or XML results, and Turtle (default) or N-Triples for
    CONSTRUCT and DESCRIBE. The prefixes kg:, kge:, rdfs: … are declared for every query, and
    updates are refused, and so are SERVICE clauses (requests to other endpoints) unless
    --allow-service. One line per request goes to stderr (method, path, status, milliseconds)
    unless -q; Ctrl-C stops the server.

    \b
    Example:
      kg serve output/graph.ttl --port 8000
      curl http://127.0.0.1:8000/sparql -H 'Accept: text/csv' \\
           --data-urlencode 'query=SELECT ?s ?o { ?s kg:partOf ?o }'
    """
    from .serve import serve as run_serve

    try:
        run_serve(graph, host, port, timeout, announce=lambda msg: click.echo(msg, err=True),
                  workers=workers, quiet=quiet, allow_service=allow_service)
    except KgError as err:
        _fail(err)


@main.group(context_settings=CONTEXT)
def eval() -> None:  # noqa: A001  (the command is called eval)
    """Measure the recogniser and the graph against annotations.

    \b
    Example:
      kg eval graph output/graph.ttl gold.json
      kg eval recognition ../shared/data/cluener/dev.json
      kg eval dev ../shared/articles/dev ../shared/gold/dev
    """


@eval.command("recognition", context_settings=CONTEXT)
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--no-ner", is_flag=True, help="The lexicon and the rules only.")
def eval_recognition(corpus: Path, no_ner: bool) -> None:
    """Score what kg build recognises on an NER corpus: a CLUENER JSON-lines file (*.json) or a
    BIO character file (MSRA); exact span and class, on the classes both annotate. The last
    line is F1=0.xxx.

    \b
    Example:
      kg eval recognition ../shared/data/msra_ner/msra_test_bio
      kg eval recognition ../shared/data/cluener/dev.json
    """
    from .cluener import format_report
    from .recognition_eval import evaluate_recognition

    try:
        if not corpus.is_file():
            raise KgError(Errors.E001.format(path=corpus))
        click.echo(format_report(evaluate_recognition(corpus, ner=not no_ner)))
    except KgError as err:
        _fail(err)


# Issue 11 names the benchmark ``kg eval ner FILE``: the same command (the whole recognition that
# kg build runs, not one model: the one statistical model ships inside it).
eval.add_command(eval_recognition, name="ner")


@eval.command("graph", context_settings=CONTEXT)
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--text", "texts", multiple=True, type=click.Path(path_type=Path),
              help="Article text(s), to check that evidence is verbatim.")
@click.option("--show", is_flag=True, help="List false positives and misses.")
def eval_graph(graph: Path, gold: tuple[Path, ...], texts: tuple[Path, ...], show: bool) -> None:
    """Score a graph against gold annotations (JSON), counted as the shared scorer does.

    \b
    Example:
      kg eval graph output/graph.ttl gold.json --text input/article.txt
    """
    from .evaluate import format_scores, score_graph

    try:
        click.echo(format_scores(score_graph(graph, list(gold), texts=list(texts) or None), show=show))
    except KgError as err:
        _fail(err)


@eval.command("dev", context_settings=CONTEXT)
@click.argument("articles_dir", required=False, default=Path("../shared/articles/dev"),
                type=click.Path(path_type=Path))
@click.argument("gold_dir", required=False, default=Path("../shared/gold/dev"),
                type=click.Path(path_type=Path))
@click.option("--no-ner", is_flag=True, help="Build with the lexicon and the rules only.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes; each builds whole articles and loads the pipeline once.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Also write the report as JSON.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Keep each article's build in OUT/<article>/ (default: a temporary folder).")
@click.option("--html", "pages", is_flag=True,
              help="Build each article's saved page, ARTICLES_DIR/html/<article>.html, instead of its .txt.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
def eval_dev(articles_dir: Path, gold_dir: Path, no_ner: bool, jobs: int, json_path: Path | None,
             out_dir: Path | None, pages: bool, quiet: bool) -> None:
    """Build every article of ARTICLES_DIR alone and score it against GOLD_DIR/<article>.json.

    Prints one table: per article and micro totals of entities and relations (P, R, F1, tp, fp,
    fn), precision and recall per class and per relation, and the evidence share. ARTICLES_DIR
    defaults to ../shared/articles/dev and GOLD_DIR to ../shared/gold/dev; every article needs
    its gold file. With --html each article's saved page is built instead (evidence is still
    looked for in the .txt), for the same table.

    \b
    Example:
      kg eval dev --jobs 2 --json output/eval/dev.json
      kg eval dev corpus/ gold/ --no-ner
      kg eval dev --html
    """
    from .devset import find_cases, format_report, run_devset, write_report

    say = (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))
    started = time.perf_counter()
    try:
        cases = find_cases(articles_dir, gold_dir, html=pages)
        report = run_devset(cases, out_dir, ner=not no_ner, jobs=jobs, progress=say)
        if json_path is not None:
            write_report(report, json_path)
    except KgError as err:
        _fail(err)
    click.echo(format_report(report))
    say(f"{len(cases)} articles in {time.perf_counter() - started:.1f} s")


@eval.command("duie", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), help="Use at most this many sentences.")
@click.option("--half", type=click.Choice(["look", "held", "all"]), default="all", show_default=True,
              help="The half of the sentences (split by a hash of the text) to score.")
@click.option("--misses", type=click.IntRange(min=0), default=0, help="List this many misses (not of the held half).")
def eval_duie(path: Path, half: str, limit: int | None, misses: int) -> None:
    """Measure the relation patterns on the company relations of DuIE 2.0 (董事长, 创始人, 总部地点 …).

    \b
    Example:
      kg eval duie ../shared/data/duie/duie2_train_sample5000.json --half look --misses 40
    """
    from .evaluate import evaluate_duie, format_duie

    try:
        report = evaluate_duie(path, limit, half, misses)
    except KgError as err:
        _fail(err)
    click.echo(format_duie(report))
    for gold, text in report["misses"]:
            click.echo(f"  missed {gold}: {text}")


@eval.command("duee", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--half", type=click.Choice(["look", "held", "all"]), default="all", show_default=True,
              help="The half of the sentences (split by id) to score.")
@click.option("--limit", type=click.IntRange(min=1), help="Use at most this many sentences.")
@click.option("--misses", type=click.IntRange(min=0), default=0, help="List this many misses (look half only).")
@click.option("--misses-all", is_flag=True, help="List misses of any sentence (for a file other than DuEE dev).")
@click.option("--relations", is_flag=True, help="Score the relations the mapped events state (relation_map.json).")
def eval_duee(path: Path, half: str, limit: int | None, misses: int, misses_all: bool, relations: bool) -> None:
    """Recall of DuEE 1.0 event arguments (products, makers, events, persons, places) by what
    kg build recognises; the last line is R=0.xxx.

    \b
    Example:
      kg eval duee ../shared/data/duee1/duee_dev.json --half look --misses 40
      kg eval duee ../shared/data/duee1/duee_dev.json --relations --half held
    """
    from .evaluation.duee import evaluate_duee, format_duee
    from .evaluation.duee_relations import evaluate_duee_relations, format_duee_relations

    try:
        if relations:
            click.echo(format_duee_relations(evaluate_duee_relations(path, half, limit), misses))
        else:
            click.echo(format_duee(evaluate_duee(path, half, limit), misses, misses_all))
    except KgError as err:
        _fail(err)


@eval.command("finre", context_settings=CONTEXT)
@click.argument("path", required=False, default=Path("../shared/data/finre/test.txt"), type=click.Path(path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), help="Use at most this many sentences.")
def eval_finre(path: Path, limit: int | None) -> None:
    """P/R/F1 per relation of relation_map.json on FinRE's test split (pairs FinRE annotates)."""
    from .relations.evaluation import evaluate_finre, format_finre

    try:
        click.echo(format_finre(evaluate_finre(path, limit)))
    except KgError as err:
        _fail(err)


@eval.command("calibration", context_settings=CONTEXT)
@click.argument("articles_dir", required=False, default=Path("../shared/articles/dev"), type=click.Path(path_type=Path))
@click.argument("gold_dir", required=False, default=Path("../shared/gold/dev"), type=click.Path(path_type=Path))
@click.option("--duie", type=click.Path(path_type=Path), help="Also judge the confidences on a DuIE 2.0 file.")
@click.option("--work", type=click.Path(path_type=Path), default=Path("output/relations"), show_default=True)
@click.option("--fit", "fit_out", type=click.Path(path_type=Path),
              help="Write the confidences fitted on dev + DuIE's look half there (ontology/lexicon/confidence.json).")
def eval_calibration(articles_dir: Path, gold_dir: Path, duie: Path | None, work: Path, fit_out: Path | None) -> None:
    """Precision per confidence band of the dev relations, expected calibration error, the
    confidences (per relation, rule and evidence shape) fitted leave one article out, and (with
    --duie) judged on DuIE's held half."""
    from .relations.evaluation import calibration

    click.echo(calibration(articles_dir, gold_dir, work, duie, fit_out))


if __name__ == "__main__":  # pragma: no cover
    main()

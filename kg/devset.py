"""Breadth on a development set: every article built alone and scored against its own gold.

``kg eval dev`` builds each ``*.txt`` article of a folder as ``kg build ARTICLE -o DIR
--no-cache`` would (in ``jobs`` worker processes, each loading the pipeline once), scores its
``graph.ttl`` against ``GOLD_DIR/<article stem>.json`` with :mod:`kg.evaluate` (the shared
scorer's counting) and adds the articles up:

* **per article** — entities and relations: P / R / F1 with tp / fp / fn; the evidence share.
* **micro totals** — tp / fp / fn summed over the articles, then P / R / F1; the typed accuracy
  (credited nodes with the gold class, over all credited nodes).
* **per class** — recall by the class of the gold entity (found / gold; *typed*: found by a
  node of that very class); precision by the class of the predicted node: a node credited
  with a gold entity is a true positive of its own class, whatever the gold class, and an
  unmatched or duplicate node a false positive of its class.
* **per relation** — recall by the gold predicate (found / gold); precision by the predicted
  predicate (right / (right + wrong)). A triple repeating a gold relation already credited,
  or matching an optional one, counts for neither, as in the scorer.
* **evidence** — predicted triples with a statement whose evidence occurs verbatim in the
  article, over all predicted triples.

Every article needs a gold file: a missing or invalid one, or an unreadable article, is an
error before anything is built. Gold files without an article are ignored. The report depends
only on the inputs and the pipeline, never on ``jobs``.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF

from .errors import Errors, KgError
from .evaluate import (
    CORE_CLASSES,
    OPTIONAL,
    REPEAT,
    RIGHT,
    WRONG,
    GraphEvaluation,
    evaluate_graph,
    evidence_count,
    load_gold,
    local_name,
    precision_recall_f1,
    score_graph,
)

#: Counts kept per class and per relation (see the module docstring).
CLASS_KEYS = ("gold", "found", "typed", "predicted", "right")
RELATION_KEYS = ("gold", RIGHT, WRONG, REPEAT, OPTIONAL)
#: A core class that has subclasses among the core classes: a node typed with both is counted
#: as its subclass.
_GENERAL_CLASS = "Organization"


@dataclass(frozen=True)
class DevCase:
    """One article of the development set and its gold file.

    Attributes:
        name: the article's file name without ``.txt``; also the folder of its build.
        article: the file built: the ``.txt``, or its saved page.
        gold: its gold JSON file.
        text: the article's ``.txt``, whose text evidence must occur in (default: ``article``).
    """

    name: str
    article: Path
    gold: Path
    text: Path | None = None


def find_cases(articles_dir: Path, gold_dir: Path, html: bool = False) -> list[DevCase]:
    """Pair every ``*.txt`` file directly in ``articles_dir`` with ``gold_dir/<stem>.json``.

    Args:
        articles_dir: the folder of articles (not searched recursively).
        gold_dir: the folder of gold files.
        html: build each article's saved page, ``articles_dir/html/<stem>.html``, instead of
            its ``.txt`` (evidence is still looked for in the ``.txt``).

    Returns:
        The cases, in the order of the article names.

    Raises:
        KgError: a folder is missing or not a folder, there is no article, or an article has no
            gold file (or, with ``html``, no saved page).
    """
    for folder in (articles_dir, gold_dir):
        if not folder.exists():
            raise KgError(Errors.E001.format(path=folder))
        if not folder.is_dir():
            raise KgError(Errors.E042.format(path=folder))
    articles = sorted(p for p in articles_dir.glob("*.txt") if p.is_file())
    if not articles:
        raise KgError(Errors.E044.format(path=articles_dir))
    cases = [DevCase(p.stem, articles_dir / "html" / f"{p.stem}.html" if html else p, gold_dir / f"{p.stem}.json", p)
             for p in articles]
    for case in cases:
        if not case.gold.is_file():
            raise KgError(Errors.E041.format(path=case.text, gold=case.gold))
        if not case.article.is_file():
            raise KgError(Errors.E073.format(path=case.text, page=case.article))
    return cases


def score_case(case: DevCase, out_dir: Path, ner: bool = True) -> dict[str, Any]:
    """Build one article alone into ``out_dir`` (as ``kg build ARTICLE -o OUT_DIR --no-cache``)
    and score its ``graph.ttl`` with :func:`score_article`.

    Args:
        case: the article and its gold.
        out_dir: where its ``graph.ttl`` … are written.
        ner: run the pretrained recognisers (LAC, the tagger); False as ``--no-ner``.
    """
    from .build import build

    build([case.article], out_dir, use_cache=False, ner=ner)
    return score_article(out_dir / "graph.ttl", case)


def score_article(graph: Path, case: DevCase) -> dict[str, Any]:
    """Score the graph of one article against its gold: one row of the report.

    Args:
        graph: the graph built from ``case.article``.
        case: the article and its gold.

    Returns:
        :func:`kg.evaluate.score_graph`'s result without ``graph``, with ``article`` (the case's
        name), ``evidence`` (the share), ``evidence_verbatim`` and ``relation_triples`` (its
        counts), ``typed`` (credited nodes with the gold class), ``classes`` (counts per class)
        and ``predicates`` (counts per relation), keyed as :data:`CLASS_KEYS` and
        :data:`RELATION_KEYS`.

    Raises:
        KgError: a file is missing or not valid.
    """
    scores = score_graph(graph, [case.gold])
    del scores["graph"]
    run = evaluate_graph(graph, [case.gold])
    triples = [j.triple for j in run.judgements]
    text = (case.text or case.article).read_text(encoding="utf-8", errors="replace")  # as the scorer reads it
    verbatim = evidence_count(run.graph, triples, [text])
    return {"article": case.name, **scores,
            "evidence": round(verbatim / len(triples), 3) if triples else 0.0,
            "evidence_verbatim": verbatim, "relation_triples": len(triples),
            "typed": run.entities.typed,
            "classes": _class_counts(run), "predicates": _relation_counts(run)}


def _core_class(types: set[str]) -> str:
    """The class a node is counted under: its most specific core class."""
    core = sorted(types & CORE_CLASSES)
    specific = [c for c in core if c != _GENERAL_CLASS]
    return (specific or core)[0]


def _counter(keys: tuple[str, ...]) -> tuple[dict[str, dict[str, int]], Callable[[str], dict[str, int]]]:
    """Rows of counts by name, and a function giving the row of a name (zeros when new)."""
    counts: dict[str, dict[str, int]] = {}
    return counts, lambda name: counts.setdefault(name, dict.fromkeys(keys, 0))


def _class_counts(run: GraphEvaluation) -> dict[str, dict[str, int]]:
    counts, row = _counter(CLASS_KEYS)

    def types(node: Any) -> set[str]:
        return {local_name(t) for t in run.graph.objects(node, RDF.type)}

    for entity in run.gold.entities.values():
        row(entity.type)["gold"] += 1
    for name, node in run.entities.claimed.items():
        gold_class, node_types = run.gold.entities[name].type, types(node)
        row(gold_class)["found"] += 1
        row(gold_class)["typed"] += gold_class in node_types
        predicted = row(_core_class(node_types))
        predicted["predicted"] += 1
        predicted["right"] += 1
    nodes = {str(node): node for node in run.graph.subjects(RDF.type, None)}
    for false_positive in run.entities.false_positives:
        row(_core_class(types(nodes[false_positive["node"]])))["predicted"] += 1
    return dict(sorted(counts.items()))


def _relation_counts(run: GraphEvaluation) -> dict[str, dict[str, int]]:
    counts, row = _counter(RELATION_KEYS)
    for _, predicate, _ in run.gold.relations:
        row(predicate)["gold"] += 1
    for judgement in run.judgements:
        if judgement.outcome in RELATION_KEYS:  # not SKIPPED (lenient scoring only)
            row(judgement.triple[1])[judgement.outcome] += 1
    return dict(sorted(counts.items()))


def _score_task(task: tuple[DevCase, Path, bool]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    row = score_case(*task)
    return row, time.perf_counter() - started


def run_devset(cases: list[DevCase], out_dir: Path | None = None, ner: bool = True, jobs: int = 2,
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build and score every case, then add them up.

    Args:
        cases: from :func:`find_cases`.
        out_dir: keep each build in ``out_dir/<name>/``; by default a temporary folder, removed.
        ner: run the pretrained recognisers (LAC, the tagger); False as ``--no-ner``.
        jobs: worker processes (each loads the pipeline once); 1 builds in this process.
        progress: called with one line per article as it is done.

    Returns:
        ``{"ner", "articles": [one row per case, from score_article], "total": {"entities",
        "relations", "evidence"}, "classes", "predicates"}``; see :func:`summarise`.

    Raises:
        KgError: an article or gold file is not valid (checked before anything is built).
    """
    from .read import read_article

    say = progress or (lambda message: None)
    for case in cases:
        read_article(case.article)
        load_gold([case.gold])
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kg-eval-dev-") as scratch:
        root = out_dir or Path(scratch)
        tasks = [(case, root / case.name, ner) for case in cases]
        for done, (row, seconds) in enumerate(_run_tasks(tasks, jobs, ner), 1):
            rows.append(row)
            e, r = row["entities"], row["relations"]
            say(f"[{done}/{len(cases)}] {row['article']}: entities F1 {e['f1']:.3f}, "
                f"relations F1 {r['f1']:.3f} ({seconds:.1f} s)")
    report = summarise(sorted(rows, key=lambda row: row["article"]), ner)
    report["pages"] = any(case.article.suffix.lower() in (".html", ".htm") for case in cases)
    return report


def _run_tasks(tasks: list[tuple[DevCase, Path, bool]], jobs: int, ner: bool):
    """Yield (row, seconds) per task as each is done: here, or in a pool of ``jobs`` processes."""
    if jobs > 1 and len(tasks) > 1:
        import multiprocessing

        from .build import _init_worker

        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(tasks)), initializer=_init_worker, initargs=(ner,)) as pool:
            yield from pool.imap_unordered(_score_task, tasks, chunksize=1)
    else:
        yield from map(_score_task, tasks)


def summarise(rows: list[dict[str, Any]], ner: bool) -> dict[str, Any]:
    """Add up article rows: micro totals, per class and per relation, with P / R / F1.

    Args:
        rows: rows of :func:`score_article`, in the order to report them.
        ner: whether the pretrained recognisers ran (recorded in the report).

    Returns:
        The report of :func:`run_devset`. Class rows gain ``recall`` (found / gold) and
        ``precision`` (right / predicted); ``predicates`` rows ``recall`` (right / gold) and
        ``precision`` (right / (right + wrong)).

    >>> row = {"article": "a", "entities": {"tp": 2, "fp": 1, "fn": 1}, "typed": 1,
    ...        "relations": {"tp": 1, "fp": 1, "fn": 1}, "classes": {},
    ...        "predicates": {"partOf": {"gold": 2, "right": 1, "wrong": 1, "repeat": 0,
    ...                                  "optional": 0}},
    ...        "evidence_verbatim": 2, "relation_triples": 2}
    >>> report = summarise([row, row], ner=True)
    >>> report["total"]["entities"]["tp"], report["total"]["entities"]["f1"]
    (4, 0.667)
    >>> report["predicates"]["partOf"]["recall"], report["total"]["evidence"]["share"]
    (0.5, 1.0)
    """
    def total(kind: str) -> dict[str, Any]:
        tp, fp, fn = (sum(row[kind][k] for row in rows) for k in ("tp", "fp", "fn"))
        return dict(zip(("precision", "recall", "f1"), precision_recall_f1(tp, fp, fn)),
                    tp=tp, fp=fp, fn=fn)

    def added(kind: str, keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        names = sorted({name for row in rows for name in row[kind]})
        return {name: _sum_counts([row[kind][name] for row in rows if name in row[kind]], keys)
                for name in names}

    entities = total("entities")
    typed = sum(row["typed"] for row in rows)
    entities["typed_accuracy"] = round(typed / entities["tp"], 3) if entities["tp"] else 0.0
    verbatim = sum(row["evidence_verbatim"] for row in rows)
    triples = sum(row["relation_triples"] for row in rows)
    classes, predicates = added("classes", CLASS_KEYS), added("predicates", RELATION_KEYS)
    return {"ner": ner, "articles": rows,
            "total": {"entities": entities, "relations": total("relations"),
                      "evidence": {"verbatim": verbatim, "triples": triples,
                                   "share": round(verbatim / triples, 3) if triples else 0.0},
                      "classes": _sum_counts(list(classes.values()), CLASS_KEYS),
                      "predicates": _sum_counts(list(predicates.values()), RELATION_KEYS)},
            "classes": classes, "predicates": predicates}


def _sum_counts(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Add up class rows (:data:`CLASS_KEYS`) or relation rows (:data:`RELATION_KEYS`) and
    give the sum its ``precision`` and ``recall``."""
    counts: dict[str, Any] = {key: sum(row[key] for row in rows) for key in keys}
    if keys == CLASS_KEYS:
        wrong = counts["predicted"] - counts["right"]
        counts["precision"] = precision_recall_f1(counts["right"], wrong, 0)[0]
        counts["recall"] = precision_recall_f1(counts["found"], 0, counts["gold"] - counts["found"])[1]
    else:
        counts["precision"], counts["recall"], _ = precision_recall_f1(
            counts[RIGHT], counts[WRONG], counts["gold"] - counts[RIGHT])
    return counts


def format_report(report: dict[str, Any]) -> str:
    """The report as one plain-text table: articles and micro totals, classes, relations, evidence.

    Args:
        report: the result of :func:`run_devset` or :func:`summarise`.

    Returns:
        Aligned text, the same for the same report.
    """
    rows, total = report["articles"], report["total"]
    width = max([len("micro total"), *(len(row["article"]) for row in rows)])
    scores = f"{'P':>6}{'R':>6}{'F1':>6}{'tp':>5}{'fp':>5}{'fn':>5}"
    pipeline = "LAC and the tagger" if report["ner"] else "lexicon and rules only (--no-ner)"
    built = " from its saved page (html/<article>.html)" if report.get("pages") else ""
    lines = [f"{len(rows)} articles, each built alone{built}; {pipeline}",
             f"{'':<{width}}  {'entities':<33}  {'relations':<33}",
             f"{'article':<{width}}  {scores}  {'typed':>5}  {scores}  {'evid.':>5}"]

    def line(name: str, e: dict[str, Any], r: dict[str, Any], evidence: float, triples: int) -> str:
        return (f"{name:<{width}}  {_scores(e)}  {_share(e['typed_accuracy'], e['tp']):>5}  "
                f"{_scores(r)}  {_share(evidence, triples):>5}")

    lines += [line(row["article"], row["entities"], row["relations"], row["evidence"],
                   row["relation_triples"]) for row in rows]
    lines.append(line("micro total", total["entities"], total["relations"],
                      total["evidence"]["share"], total["evidence"]["triples"]))

    lines += ["", *_table("class", [*report["classes"].items(), ("all", total["classes"])],
                          _CLASS_COLUMNS)]
    e = total["entities"]
    lines.append(f"typed accuracy {_share(e['typed_accuracy'], e['tp'])} "
                 "(found nodes with the gold class, over all found)")
    lines += ["", *_table("relation", [*report["predicates"].items(), ("all", total["predicates"])],
                          _RELATION_COLUMNS)]
    evidence = total["evidence"]
    lines += ["", f"evidence verbatim: {evidence['verbatim']} of {evidence['triples']} "
                  f"relation triples ({_share(evidence['share'], evidence['triples'])})"]
    return "\n".join(line.rstrip() for line in lines)


#: Columns of the class and the relation table: header, width, the cell of a row of counts.
_Column = tuple[str, int, Callable[[dict[str, Any]], object]]
_CLASS_COLUMNS: tuple[_Column, ...] = (
    ("gold", 6, lambda c: c["gold"]), ("found", 7, lambda c: c["found"]),
    ("R", 7, lambda c: _share(c["recall"], c["gold"])), ("typed", 7, lambda c: c["typed"]),
    ("predicted", 11, lambda c: c["predicted"]), ("right", 7, lambda c: c["right"]),
    ("P", 7, lambda c: _share(c["precision"], c["predicted"])))
_RELATION_COLUMNS: tuple[_Column, ...] = (
    ("gold", 6, lambda c: c["gold"]), ("found", 7, lambda c: c[RIGHT]),
    ("R", 7, lambda c: _share(c["recall"], c["gold"])), ("wrong", 7, lambda c: c[WRONG]),
    ("P", 7, lambda c: _share(c["precision"], c[RIGHT] + c[WRONG])),
    ("repeat", 8, lambda c: c[REPEAT]), ("optional", 10, lambda c: c[OPTIONAL]))


def _table(title: str, rows: list[tuple[str, dict[str, Any]]], columns: tuple[_Column, ...]) -> list[str]:
    """A header line and one aligned line per (name, counts) row."""
    lines = [f"{title:<15}" + "".join(f"{header:>{width}}" for header, width, _ in columns)]
    for name, counts in rows:
        lines.append(f"{name:<15}" + "".join(f"{cell(counts)!s:>{width}}" for _, width, cell in columns))
    return lines


def _share(value: float, denominator: int) -> str:
    """A ratio to 3 places, or ``-`` where its denominator is 0 (undefined, not 0.000)."""
    return f"{value:.3f}" if denominator else "-"


def _scores(counts: dict[str, Any]) -> str:
    return (f"{counts['precision']:>6.3f}{counts['recall']:>6.3f}{counts['f1']:>6.3f}"
            f"{counts['tp']:>5}{counts['fp']:>5}{counts['fn']:>5}")


def write_report(report: dict[str, Any], path: Path) -> None:
    """Write the report as JSON (keys in a fixed order, names unescaped).

    Raises:
        KgError: the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as err:
        raise KgError(Errors.E030.format(path=path, reason=err.strerror or err)) from err

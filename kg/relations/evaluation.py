"""Measures of the relation stage outside the dev gold's totals: FinRE's test split, and the
calibration of the confidences on the dev articles.

* :func:`evaluate_finre`: every sentence of a FinRE file is built alone; a relation the graph
  states between two names FinRE annotates as a pair (any label, ``unknown`` too) is judged
  against the pair's mapped label (``relation_map.json``); relations between names FinRE does
  not pair are not judged (FinRE says nothing of them) and only counted.
* :func:`calibration`: per confidence band, how many of the dev articles' relations are right,
  and the expected calibration error; with ``refit``, each rule's confidence is estimated on the
  other articles (leave one article out) and judged on the held-out one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..evaluate import DEFAULT_BANDS, load_gold, judge_relations, precision_recall_f1
from ..records import normalize
from .public import _finre_sentences, load_relation_map


# ---------------------------------------------------------------- FinRE


def _finre_gold(rows, spec) -> tuple[set[frozenset], set[tuple[str, str, str]]]:
    """The annotated pairs of one sentence and its mapped triples (subject, relation, object)."""
    pairs, triples = set(), set()
    for head, tail, label in rows:
        head, tail = normalize(head), normalize(tail)
        pairs.add(frozenset((head, tail)))
        rule = spec["relations"].get(label)
        if rule is None:
            continue
        if rule["direction"] == "inverse":
            head, tail = tail, head
        triples.add((head, rule["relation"], tail))
    return pairs, triples


def evaluate_finre(path: Path, limit: int | None = None) -> dict:
    """P/R/F1 per mapped relation of the graph built for each sentence of a FinRE file.

    Args:
        path: FinRE ``test.txt`` (``head<TAB>tail<TAB>label<TAB>sentence``).
        limit: at most this many sentences.

    Returns:
        ``relations`` (per relation and ``all``: tp, fp, fn, precision, recall, f1),
        ``sentences``, ``unjudged`` (relations between names FinRE does not pair) and ``misses``.
    """
    from ..nlp import analyse, get_pipeline
    from ..read import parse_article

    mapping = load_relation_map()["finre"]
    wanted = {rule["relation"] for rule in mapping["relations"].values()}
    symmetric = {"partnerOf"} & wanted
    nlp = get_pipeline()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    unjudged, sentences, misses = 0, 0, []
    for text, rows in _finre_sentences(Path(path), limit):
        sentences += 1
        pairs, gold = _finre_gold(rows, mapping)
        doc = analyse(parse_article(text, "finre.txt"), nlp)
        forms = {e.key: {normalize(f) for f in {e.name, *e.aliases}} for e in doc._.kg_entities}
        found = set()
        for rel in doc._.kg_relations:
            if rel.predicate not in wanted:
                continue
            s_forms, o_forms = forms.get(rel.subject, set()), forms.get(rel.object, set())
            pair = next((p for p in pairs if len(p) == 2 and any(
                a in s_forms and b in o_forms for a, b in (tuple(p), tuple(p)[::-1]))), None)
            if pair is None:
                unjudged += 1
                continue
            hits = {g for g in gold if g[1] == rel.predicate and (
                (g[0] in s_forms and g[2] in o_forms)
                or (rel.predicate in symmetric and g[2] in s_forms and g[0] in o_forms))}
            if hits:
                found |= hits
                counts[rel.predicate][0] += 1
            else:
                counts[rel.predicate][1] += 1
        for g in gold - found:
            counts[g[1]][2] += 1
            if len(misses) < 30:
                misses.append((g, text[:80]))
    report = {name: _row(*c) for name, c in sorted(counts.items())}
    report["all"] = _row(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"sentences": sentences, "relations": report, "unjudged": unjudged, "misses": misses}


def _row(tp: int, fp: int, fn: int) -> dict:
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def format_finre(report: dict) -> str:
    """The FinRE report as a table; the last line is ``F1=…`` over all mapped relations.

    >>> print(format_finre({"sentences": 2, "unjudged": 0, "relations": {"all": _row(1, 1, 1)}}))
    2 sentences; 0 relations between names FinRE does not pair (not judged)
    relation       tp    fp    fn      P      R     F1
    all             1     1     1  0.500  0.500  0.500
    F1=0.500
    """
    lines = [f"{report['sentences']} sentences; {report['unjudged']} relations between names FinRE "
             "does not pair (not judged)",
             f"{'relation':<12}{'tp':>5}{'fp':>6}{'fn':>6}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, row in report["relations"].items():
        lines.append(f"{name:<12}{row['tp']:>5}{row['fp']:>6}{row['fn']:>6}"
                     f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}")
    lines.append(f"F1={report['relations']['all']['f1']:.3f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Judged:
    """One relation of a dev article, its confidence and rule, and whether the gold has it."""

    article: str
    rule: str
    confidence: float
    right: bool


def judged_dev(articles_dir: Path, gold_dir: Path, work: Path) -> list[Judged]:
    """Every relation built for the golded dev articles, judged right or wrong as the shared
    scorer judges it (optional and repeated triples left out)."""
    from .train import analyse_dev, gold_of

    out = []
    for article in analyse_dev(articles_dir, gold_dir, work):
        gold = load_gold([gold_dir / (Path(article.name).stem + ".json")])
        triples = [(r.subject, r.predicate, r.object) for r in article.patterns]
        for rel, j in zip(article.patterns, judge_relations(triples, gold_of(article, gold), gold)):
            if j.outcome in ("right", "wrong"):
                out.append(Judged(article.name, rel.rule, rel.confidence, j.outcome == "right"))
    return out


def bands(judged: list[tuple[float, bool]], edges=DEFAULT_BANDS) -> tuple[list[dict], float]:
    """Per band: triples, right, precision and mean confidence; and the expected calibration error
    (the bands' |precision - mean confidence| weighted by their share of the triples).

    >>> rows, ece = bands([(0.9, True), (0.9, False), (0.55, True)])
    >>> [(r["n"], r["precision"]) for r in rows if r["n"]], round(ece, 3)
    ([(1, 1.0), (2, 0.5)], 0.417)
    """
    rows, ece = [], 0.0
    for lo, hi in zip(edges, edges[1:]):
        inside = [(c, ok) for c, ok in judged if lo <= c < hi]
        n = len(inside)
        prec = sum(ok for _, ok in inside) / n if n else 0.0
        mean = sum(c for c, _ in inside) / n if n else 0.0
        rows.append({"low": lo, "high": min(hi, 1.0), "n": n, "right": sum(ok for _, ok in inside),
                     "precision": prec, "mean": mean, "gap": prec - mean})
        if n:
            ece += n / len(judged) * abs(prec - mean)
    return rows, ece


def refit_loao(judged: list[Judged], prior: float = 5.0) -> list[tuple[float, bool]]:
    """Each relation with its rule's confidence estimated on the other articles alone: the rule's
    precision there, shrunk toward the precision of every rule there (``prior`` pseudo-triples),
    so that a rule seen in one article only takes the others' average."""
    out = []
    for j in judged:
        rest = [x for x in judged if x.article != j.article]
        pooled = sum(x.right for x in rest) / len(rest) if rest else j.confidence
        out.append((_shrunk([x for x in rest if x.rule == j.rule], pooled, prior), j.right))
    return out


def _shrunk(same: list[Judged], pooled: float, prior: float) -> float:
    """A rule's precision over ``same``, shrunk toward ``pooled`` by ``prior`` pseudo-triples (at most 0.99)."""
    return min((sum(x.right for x in same) + prior * pooled) / (len(same) + prior), 0.99)


def format_bands(rows: list[dict], ece: float, title: str) -> str:
    """A band table and its expected calibration error."""
    lines = [title, f"{'band':<14}{'n':>5}{'right':>7}{'P':>8}{'mean conf':>11}{'gap':>8}"]
    for r in rows:
        if r["n"]:
            lines.append(f"[{r['low']:.2f}, {r['high']:.2f}){r['n']:>5}{r['right']:>7}{r['precision']:>8.3f}"
                         f"{r['mean']:>11.3f}{r['gap']:>+8.3f}")
    lines.append(f"expected calibration error {ece:.3f}")
    return "\n".join(lines)


def fitted_confidences(judged: list[Judged], prior: float = 5.0) -> dict[str, float]:
    """Each rule's confidence fitted on all the judged relations (as :func:`refit_loao`, no article held out)."""
    pooled = sum(j.right for j in judged) / len(judged)
    return {rule: _shrunk([j for j in judged if j.rule == rule], pooled, prior) for rule in {j.rule for j in judged}}


def judged_duie(path: Path, limit: int | None = None) -> list[tuple[str, float, bool]]:
    """(rule, confidence, right) of each relation of DuIE's mapped relations built for its
    sentences (as ``kg eval duie`` judges them)."""
    from ..evaluation.duie import judge_duie, read_duie

    return [(rel.rule, rel.confidence, bool(hits))
            for judged in judge_duie(read_duie(Path(path), limit)) for rel, hits in judged]


def calibration(articles_dir: Path, gold_dir: Path, work: Path, duie: Path | None = None) -> str:
    """The band table of the dev relations as built, per rule, the leave-one-article-out refit,
    and (with ``duie``) both confidences judged on DuIE's sentences, which no rule was written for."""
    judged = judged_dev(articles_dir, gold_dir, work)
    rows, ece = bands([(j.confidence, j.right) for j in judged])
    out = [format_bands(rows, ece, f"dev relations as built ({len(judged)} judged, "
                                   f"{len({j.article for j in judged})} articles)")]
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for j in judged:
        by_rule[j.rule]["n"] += 1
        by_rule[j.rule]["right"] += j.right
        by_rule[j.rule]["conf"] += j.confidence
    out.append(f"{'rule':<20}{'n':>5}{'right':>7}{'P':>8}{'mean conf':>11}")
    for rule, c in sorted(by_rule.items(), key=lambda kv: -kv[1]["n"]):
        out.append(f"{rule:<20}{c['n']:>5}{c['right']:>7}{c['right'] / c['n']:>8.3f}{c['conf'] / c['n']:>11.3f}")
    rows, refit_ece = bands(refit_loao(judged))
    out.append(format_bands(rows, refit_ece, "per-rule confidences fitted leave one article out, "
                                             "judged on the held-out article"))
    if duie is not None:
        fitted = fitted_confidences(judged)
        found = judged_duie(duie)
        rows, ece = bands([(c, ok) for _, c, ok in found])
        out.append(format_bands(rows, ece, f"DuIE mapped relations ({len(found)}), confidences as built"))
        rows, ece = bands([(fitted.get(rule, c), ok) for rule, c, ok in found])
        out.append(format_bands(rows, ece, "DuIE mapped relations, per-rule confidences fitted on the dev articles"))
    return "\n".join(out)

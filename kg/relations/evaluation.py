"""Measures of the relation stage outside the dev gold's totals: FinRE's test split, and the
calibration of the confidences on the dev articles.

* :func:`evaluate_finre`: every sentence of a FinRE file is built alone; a relation the graph
  states between two names FinRE annotates as a pair (any label, ``unknown`` too) is judged
  against the pair's mapped label (``relation_map.json``); relations between names FinRE does
  not pair are not judged (FinRE says nothing of them) and only counted.
* :func:`calibration`: per confidence band, how many of the dev articles' relations (and of
  DuIE's) are right, and the expected calibration error, as built and with the confidences
  :func:`fit` estimates on other text (the other dev articles and DuIE's ``look`` half).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..evaluate import DEFAULT_BANDS, load_gold, judge_relations, precision_recall_f1
from ..records import normalize
from .confidence import POOLED, built_only, cells, confidence_of, shape
from .public import _finre_sentences, load_relation_map

#: article name of DuIE's judged relations (then the half)
DUIE = "duie:"
#: pseudo-triples a cell's precision is shrunk with toward its parent's
PRIOR = 10.0
#: what a DuIE relation its marks call wrong counts as right: DuIE marks some of a sentence's true
#: triples only. Of the 97 such relations of the look half read by hand, 73 were true (the wrong
#: ones: a name cut or run on, a deputy, a place for its unit); of the held half's 81, 57
MISS = 0.75
#: the share of how far a relation's confidence as built stands below its cell's mean that it loses,
#: so that a hedge (0.25 below) stays below. On the judged relations any share above 0 costs a
#: little (their markdowns are mostly of a topic carried or a list, which the shapes see, seldom of
#: a hedge): ECE leave one article out .017 (0) -> .018 (0.1) -> .021 (0.25)
MARKDOWN = 0.25
#: a band table's bands (quantile bands) hold at least this many triples
QUANTILE = 20


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
    """One judged relation: its article, rule, confidence as built, whether it is right, its
    relation and the :func:`~kg.relations.confidence.shape` of its evidence."""

    article: str
    rule: str
    confidence: float
    right: bool
    predicate: str = ""
    shape: str = ""

    @property
    def public(self) -> bool:
        """Whether it is one of DuIE's sentences (judged against marks that miss true triples)."""
        return self.article.startswith(DUIE)

    @property
    def cells(self) -> list[str]:
        return cells(self.predicate, self.rule, self.shape)


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
                out.append(Judged(article.name, rel.rule, rel.confidence, j.outcome == "right", rel.predicate,
                                  shape(rel, article.mentions)))
    return out


def bands(judged: list[tuple[float, float]], edges=DEFAULT_BANDS) -> tuple[list[dict], float]:
    """Per band: triples, right, precision and mean confidence; and the expected calibration error
    (the bands' |precision - mean confidence| weighted by their share of the triples). A triple
    is (confidence, right), right a bool or the share of it counted right.

    >>> rows, ece = bands([(0.9, True), (0.9, False), (0.55, True)])
    >>> [(r["n"], r["precision"]) for r in rows if r["n"]], round(ece, 3)
    ([(1, 1.0), (2, 0.5)], 0.417)
    """
    groups = [[(c, ok) for c, ok in judged if lo <= c < hi] for lo, hi in zip(edges, edges[1:])]
    return _rows(groups, [(lo, min(hi, 1.0)) for lo, hi in zip(edges, edges[1:])], len(judged))


def quantile_bands(judged: list[tuple[float, float]], size: int = QUANTILE) -> tuple[list[dict], float]:
    """:func:`bands` over bands of at least ``size`` triples each (by confidence, ties kept in one band).

    >>> rows, ece = quantile_bands([(0.5, False), (0.6, True), (0.6, True), (0.9, True), (0.9, True)], size=2)
    >>> [(r["n"], round(r["precision"], 3)) for r in rows], round(ece, 3)
    ([(3, 0.667), (2, 1.0)], 0.1)
    """
    ranked, groups = sorted(judged, key=lambda t: t[0]), [[]]
    for i, (c, ok) in enumerate(ranked):
        groups[-1].append((c, ok))
        if len(groups[-1]) >= size and i + 1 < len(ranked) and ranked[i + 1][0] != c:
            groups.append([])
    if len(groups) > 1 and len(groups[-1]) < size:
        tail = groups.pop()
        groups[-1] += tail
    return _rows(groups, [(g[0][0], g[-1][0]) for g in groups if g], len(judged), closed=True)


def _rows(groups: list[list[tuple[float, float]]], edges: list[tuple[float, float]], total: int,
          closed: bool = False):
    rows, ece = [], 0.0
    for (lo, hi), inside in zip(edges, groups):
        n = len(inside)
        right = sum(float(ok) for _, ok in inside)
        prec = right / n if n else 0.0
        mean = sum(c for c, _ in inside) / n if n else 0.0
        rows.append({"low": lo, "high": hi, "n": n, "right": right, "precision": prec, "mean": mean,
                     "gap": prec - mean, "closed": closed})
        if n:
            ece += n / total * abs(prec - mean)
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
    """A band table, its expected calibration error and the largest gap of a band of at least
    :data:`QUANTILE` triples."""
    lines = [title, f"{'band':<14}{'n':>5}{'right':>7}{'P':>8}{'mean conf':>11}{'gap':>8}"]
    for r in rows:
        if r["n"]:
            end = "]" if r.get("closed") else ")"
            lines.append(f"[{r['low']:.2f}, {r['high']:.2f}{end}{r['n']:>5}{r['right']:>7.4g}{r['precision']:>8.3f}"
                         f"{r['mean']:>11.3f}{r['gap']:>+8.3f}")
    worst = max((abs(r["gap"]) for r in rows if r["n"] >= QUANTILE), default=0.0)
    lines.append(f"expected calibration error {ece:.3f}; largest gap of a band of {QUANTILE}+ {worst:.3f}")
    return "\n".join(lines)


def judged_duie(path: Path, limit: int | None = None) -> list[Judged]:
    """Each relation of a mapped predicate built for DuIE's sentences, judged as ``kg eval duie``
    judges it; its article is ``duie:look`` or ``duie:held`` (the sentence's half)."""
    from ..evaluation.duee import half_of
    from ..evaluation.duie import judge_duie, read_duie
    from ..recognise.doc import doc_text
    from .context import body_mentions, mentions_of

    rows, docs, out = read_duie(Path(path), limit), [], []
    for (text, _), judged in zip(rows, judge_duie(rows, docs)):
        doc = docs[-1]
        mentions = body_mentions(mentions_of(doc._.kg_entities), doc._.kg_article, len(doc_text(doc)))
        out += [Judged(DUIE + half_of(text), rel.rule, rel.confidence, bool(hits), rel.predicate,
                       shape(rel, mentions)) for rel, hits in judged]
    return out


def credit(j: Judged, miss: float = MISS) -> float:
    """How much of ``j`` counts right: a DuIE relation its marks call wrong counts ``miss``."""
    return 1.0 if j.right else miss if j.public else 0.0


def fit(judged: list[Judged], prior: float = PRIOR, miss: float = MISS, markdown: float = MARKDOWN) -> dict:
    """The fit :func:`~kg.relations.confidence.confidence_of` reads: ``confidence``, cell -> the
    precision over ``judged`` of every relation (:data:`POOLED`), of each relation, of each
    relation and rule, and of each relation, rule and shape, each shrunk toward its parent's by
    ``prior`` pseudo-triples, at most 0.99 (a DuIE relation its marks call wrong counts ``miss``
    right: 0 would take the marks at their word); ``built``, cell -> the mean confidence as built;
    and ``markdown``."""
    groups: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        for key in [POOLED] + j.cells:
            groups[key].append(j)
    out = {POOLED: sum(credit(j, miss) for j in judged) / len(judged) if judged else 0.5}
    for depth in range(3):
        for j in judged:
            key = j.cells[depth]
            if key not in out:
                parent = out[j.cells[depth - 1]] if depth else out[POOLED]
                out[key] = (sum(credit(x, miss) for x in groups[key]) + prior * parent) / (len(groups[key]) + prior)
    built = {k: sum(j.confidence for j in v) / len(v) for k, v in groups.items()}
    return {"markdown": markdown, "confidence": {k: round(min(v, 0.99), 3) for k, v in sorted(out.items())},
            "built": {k: round(built.get(k, 0.0), 3) for k in sorted(out)}}


def applied(judged: list[Judged], table: dict) -> list[tuple[float, bool]]:
    """Each relation with the confidence the fit ``table`` gives it."""
    return [(confidence_of(j.predicate, j.rule, j.shape, j.confidence, table), j.right) for j in judged]


def loao(dev: list[Judged], public: list[Judged], **kw) -> list[tuple[float, bool]]:
    """Each dev relation with the confidence fitted on the other articles and ``public``."""
    fits = {a: fit([j for j in dev if j.article != a] + public, **kw) for a in {j.article for j in dev}}
    return [applied([j], fits[j.article])[0] for j in dev]


def calibration(articles_dir: Path, gold_dir: Path, work: Path, duie: Path | None = None,
                fit_out: Path | None = None) -> str:
    """The band tables (bands of 0.1 and :func:`quantile_bands`) of the dev relations as built
    and with confidences fitted leave one article out (on the other articles and DuIE's
    ``look`` half); with ``duie``, DuIE's ``held`` half as built and with the confidences fitted
    on every dev article and the ``look`` half, judged by DuIE's marks and with a relation they
    call wrong counted :data:`MISS` right; with ``fit_out``, that fit written there (read by
    :mod:`kg.relations.confidence`)."""
    with built_only():  # the confidences the patterns give (a cache of its own: not the calibrated ones)
        judged = judged_dev(articles_dir, gold_dir, work / "built")
        found = judged_duie(duie) if duie is not None else []
    look = [j for j in found if j.article == DUIE + "look"]
    held = [j for j in found if j.article == DUIE + "held"]
    out = [_tables(f"dev relations as built ({len(judged)} judged, {len({j.article for j in judged})} articles)",
                   [(j.confidence, j.right) for j in judged]), _rules(judged + look)]
    out.append(_tables(f"dev, confidences fitted leave one article out on the others{' and DuIE look' if look else ''}",
                       loao(judged, look)))
    table = fit(judged + look)
    if found:
        out.append(_tables("dev, fitted leave one article out on the other dev articles alone", loao(judged, [])))
        for title, conf in (("as built", [j.confidence for j in held]),
                            ("fitted on the dev articles alone", [c for c, _ in applied(held, fit(judged))]),
                            ("fitted on dev + DuIE look", [c for c, _ in applied(held, table)])):
            out.append(_tables(f"DuIE held half, {title}, by DuIE's marks", list(zip(conf, (j.right for j in held)))))
            out.append(_tables(f"DuIE held half, {title}, a relation the marks miss counted {MISS} right",
                               list(zip(conf, (credit(j) for j in held)))))
    if fit_out is not None:
        fit_out.parent.mkdir(parents=True, exist_ok=True)
        fit_out.write_text(json.dumps({
            "command": f"kg eval calibration shared/articles/dev shared/gold/dev --duie shared/data/duie/"
                       f"{duie.name if duie else '-'} --fit ontology/lexicon/confidence.json",
            "prior": PRIOR, "miss": MISS,
            "fitted_on": [f"{articles_dir.name}: {len(judged)} judged relations of "
                          f"{len({j.article for j in judged})} dev articles",
                          f"{duie.name if duie else '-'}: {len(look)} judged relations of its look half"],
            **table}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.append(f"wrote {len(table['confidence'])} confidences to {fit_out}")
    return "\n".join(out)


def _tables(title: str, pairs: list[tuple[float, float]]) -> str:
    return "\n".join((format_bands(*bands(pairs), f"{title}: bands of 0.1"),
                      format_bands(*quantile_bands(pairs), f"{title}: bands of {QUANTILE}+ triples")))


def _rules(judged: list[Judged]) -> str:
    """Per rule and source: triples, right, precision and mean confidence as built."""
    by_rule: dict[tuple, Counter] = defaultdict(Counter)
    for j in judged:
        c = by_rule[j.rule, "duie" if j.public else "dev"]
        c["n"] += 1
        c["right"] += j.right
        c["conf"] += j.confidence
    lines = [f"{'rule':<20}{'on':>5}{'n':>5}{'right':>7}{'P':>8}{'mean conf':>11}"]
    for (rule, on), c in sorted(by_rule.items(), key=lambda kv: -kv[1]["n"]):
        lines.append(f"{rule:<20}{on:>5}{c['n']:>5}{c['right']:>7}{c['right'] / c['n']:>8.3f}{c['conf'] / c['n']:>11.3f}")
    return "\n".join(lines)

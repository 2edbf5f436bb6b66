"""Train the relation scorer and measure it leave-one-article-out (outside the build).

    python -m kg.relations.train ARTICLES_DIR GOLD_DIR [--public DATA_DIR] [--events DUEE_TRAIN]
        [--adds R1,R2] [--drop-below P] [--output MODEL]

1. Every article of ``ARTICLES_DIR`` with a gold file in ``GOLD_DIR`` is analysed once by the
   pipeline with the scorer off (``KG_RELATION_MODEL=none``): its mentions, words and the hand
   patterns' relations are kept (cached in ``--work``).
2. Each candidate pair is labelled from the gold: a gold relation between the two entities
   whose evidence overlaps the pair (the relation's name), an optional one (left out), or none.
   With ``--events``, the sentences of a DuEE TRAIN file holding a mapped event are built the
   same way and their candidates labelled by the events' arguments (:func:`label_events`): the
   same mentions, negatives and pattern features the build sees, unlike ``--public``'s pairs.
3. **Leave one article out**: for each article, a model trained on the other articles (and the
   public corpora, with ``--public``) scores that article's candidates; the relations kept are
   judged as the shared scorer judges them. The totals, per relation and per confidence band,
   are printed; these are the only figures that count for the dev set.
4. The model trained on everything is written to ``--output``; ``--adds`` limits the relations
   it may add to the patterns', ``--drop-below`` lets it drop a pattern's triple it finds unlikely.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy

from ..evaluate import ARTICLE, DEFAULT_BANDS, Gold, judge_relations, load_gold, precision_recall_f1
from ..ontology import load_schema
from ..records import Relation, normalize
from .candidates import End
from .context import body_mentions, mentions_of
from .features import Context, Tokens, featurize
from .scorer import DEFAULT_MODEL, NONE, RelationModel, apply, contexts


@dataclass
class DevArticle:
    """What training needs of one analysed dev article."""

    name: str
    text: str
    tokens: list[tuple[int, int, str]]
    mentions: list[End]
    #: entity key -> the names the graph gives it (label and aliases)
    names: dict[str, list[str]]
    patterns: list[Relation]


def _cached(cache: Path, stamp: list):
    """What ``cache`` holds when it was written with ``stamp``, else None."""
    if cache.is_file():
        with open(cache, "rb") as fh:
            saved_stamp, saved = pickle.load(fh)
        if saved_stamp == stamp:
            return saved
    return None


def _save(cache: Path, stamp: list, out) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache, "wb") as fh:
        pickle.dump((stamp, out), fh)


def _analysed(name: str, article, doc) -> DevArticle:
    """What training keeps of one Doc built with the scorer off."""
    from ..nlp import _token_table

    ms = [End(m.start, m.end, m.key, m.label, m.anaphor)
          for m in body_mentions(mentions_of(doc._.kg_entities), article, len(article.text))]
    names = {e.key: [e.name, *sorted(e.aliases)] for e in doc._.kg_entities}
    return DevArticle(name, article.text, [r[:3] for r in _token_table(doc)], ms, names, list(doc._.kg_relations))


def analyse_dev(articles_dir: Path, gold_dir: Path, work: Path) -> list[DevArticle]:
    """Analyse each golded article once (the scorer off); cached in ``work``."""
    cache = work / "dev_articles.pkl"
    paths = sorted(p for p in articles_dir.glob("*.txt") if (gold_dir / (p.stem + ".json")).is_file())
    from ..cache import pipeline_version

    stamp = [pipeline_version()] + [(p.name, p.stat().st_mtime) for p in paths]
    saved = _cached(cache, stamp)
    if saved is not None:
        return saved
    os.environ["KG_RELATION_MODEL"] = "none"
    from ..nlp import analyse
    from ..read import read_article

    out = []
    for path in paths:
        print(f"analysing {path.name}", file=sys.stderr)
        article = read_article(path)
        out.append(_analysed(path.name, article, analyse(article)))
    _save(cache, stamp, out)
    return out


def analyse_events(path: Path, work: Path, limit: int | None = None) -> list[tuple[DevArticle, set]]:
    """Each sentence of a DuEE 1.0 file (TRAIN only: DuEE dev is a measure) holding a mapped event,
    built as ``kg build`` builds an article with the scorer off, with its gold triples
    ``(relation, subject span, object span)``; cached in ``work``."""
    from ..cache import pipeline_version
    from ..evaluation.duee_relations import read_duee_relations

    cache = work / f"events-{path.stem}-{limit}.pkl"
    stamp = [pipeline_version(), path.name, path.stat().st_mtime]
    saved = _cached(cache, stamp)
    if saved is not None:
        return saved
    os.environ["KG_RELATION_MODEL"] = "none"
    from ..pipeline import analyse_many
    from ..read import parse_article

    records = read_duee_relations(path, "all")[:limit]
    out = []
    for record, (article, doc) in zip(records, analyse_many(parse_article(r["text"], "sentence.txt")
                                                            for r in records)):
        if article.text == record["text"]:  # else the offsets would not be the corpus's
            out.append((_analysed(record["id"], article, doc), set(record["gold"])))
    _save(cache, stamp, out)
    return out


def label_events(article: DevArticle, gold: set, relations, with_patterns: bool = True
                 ) -> list[tuple[Context, str]]:
    """The candidates of one DuEE sentence whose fitting relations include one its events state:
    the relation when both ends lie inside the gold arguments and end where they end, else none
    (the corpus marks only the events it annotates, so other candidates are left out)."""
    stated = {g[0] for g in gold}
    out = []
    for ctx in contexts(article.text, Tokens.of(article.tokens), article.mentions, relations, article.patterns,
                        with_patterns):
        c = ctx.candidate
        if not stated & set(c.relations):
            continue
        label = next((rel for rel, (ss, se), (os_, oe) in sorted(gold) if rel in c.relations
                      and ss <= c.subject.start and c.subject.end == se
                      and os_ <= c.object.start and c.object.end == oe), NONE)
        out.append((ctx, label))
    return out


def gold_of(article: DevArticle, gold: Gold) -> dict[str, str]:
    """Entity key -> gold name, as the shared scorer maps graph nodes (first label in order)."""
    out = {ARTICLE: ARTICLE}
    for key, names in article.names.items():
        labels = sorted({normalize(n) for n in names})
        hit = next((gold.alias_index[x] for x in labels if x in gold.alias_index), None)
        if hit is not None:
            out[key] = hit
    return out


def _evidence_spans(text: str, gold_path: Path) -> dict[tuple[str, str, str], list[tuple[int, int]]]:
    """Where each gold relation's evidence stands in the text (by gold entity ids → names)."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    name = {e["id"]: e["name"] for e in data["entities"]}
    out = defaultdict(list)
    for rel in data["relations"]:
        ev = rel.get("evidence") or ""
        spans, pos = [], text.find(ev) if ev else -1
        while ev and pos >= 0:
            spans.append((pos, pos + len(ev)))
            pos = text.find(ev, pos + 1)
        out[(name.get(rel["subject"], rel["subject"]), rel["predicate"], name.get(rel["object"], rel["object"]))] += spans
    return out


def label_contexts(article: DevArticle, gold: Gold, gold_path: Path, relations,
                   with_patterns: bool = True) -> list[tuple[Context, str]]:
    """Each candidate of the article with its gold label (optional and unsure pairs left out)."""
    mapping = gold_of(article, gold)
    spans = _evidence_spans(article.text, gold_path)
    ctxs = contexts(article.text, Tokens.of(article.tokens), article.mentions, relations, article.patterns,
                    with_patterns)
    out = []
    for ctx in ctxs:
        c = ctx.candidate
        gs, go = mapping.get(c.subject.key), mapping.get(c.object.key)
        label, skip = NONE, False
        if gs is not None and go is not None:
            for rel in c.relations:
                triples = [(gs, rel, go)] + ([(go, rel, gs)] if relations[rel].symmetric else [])
                if any(t in gold.relations for t in triples):
                    where = [sp for t in triples for sp in spans.get(t, [])]
                    lo, hi = min(c.subject.start, c.object.start), max(c.subject.end, c.object.end)
                    if not where or any(s < hi and lo < e for s, e in where):
                        label = rel
                    else:
                        skip = True  # the pair again, in a sentence that may not state it
                    break
                if any(t in gold.optional for t in triples):
                    skip = True
        if not skip:
            out.append((ctx, label))
    return out


def fit(examples: list[tuple[list[str], str]], c: float = 1.0, threshold: float = 0.5,
        uses_patterns: bool = True, public_weight: float = 1.0, adds: tuple[str, ...] = (),
        drop_below: float = 0.0) -> RelationModel:
    """A multinomial logistic regression over the feature names (scikit-learn); examples of the
    public corpora (a feature ``source=...``) weigh ``public_weight`` each."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in feats} for feats, _ in examples])
    y = [label for _, label in examples]
    weights = [public_weight if any(f.startswith("source=") for f in feats) else 1.0 for feats, _ in examples]
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y, sample_weight=weights)
    classes = [str(k) for k in clf.classes_]
    coef, bias = clf.coef_, clf.intercept_
    if len(classes) == 2:  # binary: scikit-learn keeps one row for the second class
        coef = numpy.vstack([-coef[0] / 2, coef[0] / 2])
        bias = numpy.array([-bias[0] / 2, bias[0] / 2])
    order = [classes.index(NONE)] + [i for i, k in enumerate(classes) if k != NONE]
    weights = coef[order].T
    keep = numpy.abs(weights).max(axis=1) > 1e-4
    names = [n for n, k in zip(vec.get_feature_names_out(), keep) if k]
    return RelationModel(tuple(classes[i] for i in order), {str(n): i for i, n in enumerate(names)},
                         weights[keep].astype(numpy.float32), bias[order].astype(numpy.float32), threshold,
                         uses_patterns, tuple(adds), drop_below)




@dataclass
class FoldResult:
    """Outcome counts of one held-out article."""

    name: str
    tp: int
    fp: int
    fn: int
    by_relation: Counter
    missed: Counter
    #: (confidence, right?) of each judged triple the scorer added
    scored: list[tuple[float, bool]]


def judge(article: DevArticle, gold: Gold, relations: list[Relation]) -> FoldResult:
    """Count the article's relations as the shared scorer does."""
    mapping = gold_of(article, gold)
    triples = [(r.subject, r.predicate, r.object) for r in relations]
    judged = judge_relations(triples, mapping, gold)
    tp = sum(j.outcome == "right" for j in judged)
    fp = sum(j.outcome == "wrong" for j in judged)
    found = {j.gold for j in judged if j.outcome == "right"}
    by_rel = Counter(j.gold[1] for j in judged if j.outcome == "right")
    missed = Counter(t[1] for t in gold.relations if t not in found)
    scored = [(r.confidence, j.outcome == "right") for r, j in zip(relations, judged)
              if r.rule == "scorer" and j.outcome in ("right", "wrong")]
    return FoldResult(article.name, tp, fp, len(gold.relations) - tp, by_rel, missed, scored)


def leave_one_out(dev: list[DevArticle], golds: dict[str, tuple[Gold, Path]], public: list,
                  c: float, threshold: float, schema, uses_patterns: bool = True,
                  union: bool = True, public_weight: float = 1.0, adds: tuple[str, ...] = (),
                  drop_below: float = 0.0) -> list[FoldResult]:
    """Train without each article in turn and judge the relations built for it."""
    symmetric = frozenset(n for n, s in schema.relations.items() if s.symmetric)
    labelled = {a.name: [(featurize(ctx), lab) for ctx, lab in
                         label_contexts(a, golds[a.name][0], golds[a.name][1], schema.relations, uses_patterns)]
                for a in dev}
    out = []
    for held in dev:
        train = [ex for a in dev if a.name != held.name for ex in labelled[a.name]] + public
        model = fit(train, c, threshold, uses_patterns, public_weight, adds, drop_below)
        ctxs = contexts(held.text, Tokens.of(held.tokens), held.mentions, schema.relations, held.patterns,
                        uses_patterns)
        byline = [r for r in held.patterns if r.rule == "byline"]
        rels = apply(model, held.text, ctxs, held.patterns if union else byline, symmetric)
        out.append(judge(held, golds[held.name][0], rels))
    return out


def report(results: list[FoldResult], title: str) -> str:
    """Totals, recall per relation and precision per confidence band of the scorer's triples."""
    tp, fp, fn = (sum(getattr(r, k) for r in results) for k in ("tp", "fp", "fn"))
    p, r, f = precision_recall_f1(tp, fp, fn)
    lines = [f"{title}: relations tp/fp/fn {tp}/{fp}/{fn}  P {p:.3f} R {r:.3f} F1 {f:.3f}"]
    found = sum((x.by_relation for x in results), Counter())
    missed = sum((x.missed for x in results), Counter())
    for rel in sorted(set(found) | set(missed), key=lambda k: -(found[k] + missed[k])):
        lines.append(f"  {rel:12s} recall {found[rel]}/{found[rel] + missed[rel]}")
    scored = [s for x in results for s in x.scored]
    if scored:
        lines.append("  scorer's triples by confidence band: band  n  precision  mean confidence")
        ece = 0.0
        for lo, hi in zip(DEFAULT_BANDS, DEFAULT_BANDS[1:]):
            inside = [(c, ok) for c, ok in scored if lo <= c < hi]
            if inside:
                prec = sum(ok for _, ok in inside) / len(inside)
                mean = sum(c for c, _ in inside) / len(inside)
                ece += len(inside) / len(scored) * abs(prec - mean)
                lines.append(f"  [{lo:.1f}, {min(hi, 1.0):.1f})  {len(inside):4d}  {prec:.3f}  {mean:.3f}")
        lines.append(f"  expected calibration error {ece:.3f}")
    return "\n".join(lines)


def load_public(data_dir: Path | None, schema, limit: int | None = None) -> list[tuple[list[str], str]]:
    """Feature lists of the public corpora's pairs (see kg.relations.public), if given."""
    if data_dir is None:
        return []
    import jieba

    from .candidates import Candidate, fitting
    from .public import read_public

    out = []
    for n, ex in enumerate(read_public(data_dir, "train")):
        if limit is not None and n >= limit:
            break
        tokens = Tokens.of([(s, e, w) for w, s, e in jieba.tokenize(ex.text)])
        head = End(ex.head[0], ex.head[1], ex.text[ex.head[0]:ex.head[1]], ex.head_class)
        tail = End(ex.tail[0], ex.tail[1], ex.text[ex.tail[0]:ex.tail[1]], ex.tail_class)
        if head.key == tail.key or not (head.end <= tail.start or tail.end <= head.start):
            continue
        for s, o, label in ((head, tail, ex.relation or NONE), (tail, head, NONE)):
            fit_ = fitting(schema.relations, s.label, o.label)
            if not fit_ or (label != NONE and label not in fit_):
                continue
            cand = Candidate(s, o, (0, len(ex.text)), fit_)
            # a feature of its own lets the corpora keep their own prior (they annotate few
            # pairs that are no relation, news has many): absent from news, it shifts nothing there
            out.append((featurize(Context(ex.text, tokens, cand, with_patterns=False)) + ["source=public"], label))
    return out


def event_examples(path: Path | None, work: Path, schema, uses_patterns: bool = True,
                   limit: int | None = None) -> list[tuple[list[str], str]]:
    """Feature lists of a DuEE TRAIN file's labelled candidates (:func:`label_events`), each with
    ``source=duee`` (weighed as a public pair); none without ``path``."""
    if path is None:
        return []
    from ..evaluation.duee import DEV_FILE

    if path.name == DEV_FILE:
        raise SystemExit(f"{path}: DuEE dev is a measure (its held half), not training data")
    out = [(featurize(ctx) + ["source=duee"], label) for article, gold in analyse_events(path, work, limit)
           for ctx, label in label_events(article, gold, schema.relations, uses_patterns)]
    print(f"DuEE pairs: {len(out)} ({Counter(l for _, l in out).most_common()})", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--public", type=Path, default=None, help="../shared/data: add DuIE, FinRE and DuEE pairs")
    ap.add_argument("--public-limit", type=int, default=None)
    ap.add_argument("--public-weight", type=float, default=0.2, help="weight of one public pair (a news pair: 1)")
    ap.add_argument("--events", type=Path, default=None,
                    help="a DuEE 1.0 TRAIN file: its sentences built by the pipeline, candidates labelled by "
                         "the mapped events (never duee_dev.json: its held half is a measure)")
    ap.add_argument("--events-limit", type=int, default=None)
    ap.add_argument("--work", type=Path, default=Path("output/relations"))
    ap.add_argument("--output", type=Path, default=None, help=f"write the model (e.g. {DEFAULT_MODEL})")
    ap.add_argument("-C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--no-pattern-features", action="store_true",
                    help="the model reads the text alone, not which hand patterns fired")
    ap.add_argument("--adds", default="", help="comma-separated relations the scorer may add (default: all)")
    ap.add_argument("--drop-below", type=float, default=0.0,
                    help="drop a pattern's triple whose pair the model gives less than this")
    ap.add_argument("--scorer-only", action="store_true",
                    help="also report the scorer without the hand patterns' relations (byline kept)")
    args = ap.parse_args(argv)
    schema = load_schema()
    dev = analyse_dev(args.articles, args.gold, args.work)
    golds = {a.name: (load_gold([args.gold / (Path(a.name).stem + ".json")]), args.gold / (Path(a.name).stem + ".json"))
             for a in dev}
    cache = args.work / f"public-{args.public_limit}.pkl"
    if args.public and cache.is_file():
        with open(cache, "rb") as fh:
            public = pickle.load(fh)
    else:
        public = load_public(args.public, schema, args.public_limit)
        if public:
            args.work.mkdir(parents=True, exist_ok=True)
            with open(cache, "wb") as fh:
                pickle.dump(public, fh)
    if public:
        print(f"public pairs: {len(public)} ({Counter(l for _, l in public).most_common()})", file=sys.stderr)
    base = [judge(a, golds[a.name][0], a.patterns) for a in dev]
    print(report(base, "hand patterns alone"))
    uses = not args.no_pattern_features
    public = public + event_examples(args.events, args.work, schema, uses, args.events_limit)
    knobs = {"public_weight": args.public_weight, "adds": tuple(a for a in args.adds.split(",") if a),
             "drop_below": args.drop_below}
    if args.scorer_only:
        alone = leave_one_out(dev, golds, public, args.C, args.threshold, schema, uses, union=False, **knobs)
        print(report(alone, "scorer alone (byline kept), leave one article out"))
    loo = leave_one_out(dev, golds, public, args.C, args.threshold, schema, uses, **knobs)
    print(report(loo, f"patterns + scorer, leave one article out (C={args.C}, threshold={args.threshold})"))
    for b, x in zip(base, loo):
        if (b.tp, b.fp) != (x.tp, x.fp):
            print(f"  {x.name}: tp {b.tp} -> {x.tp}, fp {b.fp} -> {x.fp} (of {b.tp + b.fn})")
    if args.output:
        everything = [(featurize(ctx), lab) for a in dev for ctx, lab in
                      label_contexts(a, golds[a.name][0], golds[a.name][1], schema.relations, uses)] + public
        model = fit(everything, args.C, args.threshold, uses, **knobs)
        model.save(args.output)
        print(f"wrote {args.output} ({len(model.features)} features, classes {', '.join(model.classes)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

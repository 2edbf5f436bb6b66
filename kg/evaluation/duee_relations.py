"""Relations scored on the events of DuEE 1.0 (``kg eval duee FILE --relations``).

The event types that state a relation of the ontology are mapped in
``ontology/relation_map.json`` (``duee.events``: 产品行为-发布 → 发布方 develops 发布产品,
组织行为-开幕 / 闭幕 → 活动名称 locatedIn 地点, 竞赛行为-胜负 / 夺冠 → the sides attended the
contest, 组织关系-加盟 / 停职 → worksFor, 财经/交易-融资 → investedIn; ``left_out`` says why the
others are not). Each argument is trimmed and split into its items as the entity report does
(:func:`kg.evaluation.duee.read_duee`); every subject item with every object item of one event is
one gold triple. ``ends`` counts the gold triples whose two arguments are both recognised (a
mention inside each, ending where it ends): what the relation patterns could have stated. Each sentence is built as ``kg build`` builds an article and a gold triple is
found when the graph holds the relation between two entities with mentions matching its ends:

* **exact**: a mention of each entity has the argument's span;
* **head**: a mention of each lies inside the argument and ends where it ends.

Precision is counted only for the relations whose arguments are all a sentence states of them
(``duee.exhaustive``: develops in launches, locatedIn of an event in openings and closings), in
the sentences holding a gold triple of the relation: a triple of the graph there (whose subject
is of the class given, when one is) is right when it matches a gold triple. DuEE marks only the
events it annotates, so this precision is a lower bound. Only sentences with a mapped event are
built; the halves are those of the entity report (:func:`kg.evaluation.duee.half_of`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..relations.public import load_relation_map
from .duee import DEV_FILE, _items, closing, duee_roles, rates, read_sentences, table_row

Span = tuple[int, int]


def _arguments(text: str, event: dict, role: str, spec: dict) -> list[Span]:
    out = []
    for arg in event["arguments"]:
        start = int(arg["argument_start_index"])
        if arg["role"] == role and text[start:start + len(arg["argument"])] == arg["argument"]:
            out += _items(text, start, start + len(arg["argument"]), spec)
    return out


def gold_triples(text: str, events: list[dict], rules: dict, spec: dict) -> set[tuple[str, Span, Span]]:
    """The mapped triples ``(relation, subject span, object span)`` of one sentence's events.

    >>> rules = {"产品行为-发布": [{"relation": "develops", "subject": {"role": "发布方"},
    ...                            "object": {"role": "发布产品"}}]}
    >>> ev = [{"event_type": "产品行为-发布", "arguments": [
    ...     {"role": "发布方", "argument": "星河科技", "argument_start_index": 0},
    ...     {"role": "发布产品", "argument": "天枢100、天枢200", "argument_start_index": 7}]}]
    >>> sorted(gold_triples("星河科技发布了天枢100、天枢200", ev, rules, duee_roles()))
    [('develops', (0, 4), (7, 12)), ('develops', (0, 4), (13, 18))]
    """
    out = set()
    for event in events:
        for rule in rules.get(event["event_type"], ()):
            subjects = _arguments(text, event, rule["subject"]["role"], spec)
            objects = _arguments(text, event, rule["object"]["role"], spec)
            out |= {(rule["relation"], s, o) for s in subjects for o in objects if s != o}
    return out


def read_duee_relations(path: Path, half: str = "all") -> list[dict]:
    """The sentences of a DuEE 1.0 file holding a mapped event: ``id``, ``text``, ``half``, ``gold``."""
    spec, rules = duee_roles(), load_relation_map()["duee"]["events"]
    return read_sentences(path, half, lambda data: gold_triples(data["text"], data.get("event_list", []), rules, spec),
                          keep_empty=False)


def _matches(spans: list[Span], arg: Span, head: bool) -> bool:
    s, e = arg
    return any((ms, me) == arg or (head and s <= ms and me == e) for ms, me in spans)


def _found(triple: tuple[str, str, str], gold: tuple[str, Span, Span], spans: dict, head: bool) -> bool:
    relation, subj, obj = triple
    return relation == gold[0] and _matches(spans.get(subj, []), gold[1], head) \
        and _matches(spans.get(obj, []), gold[2], head)


def score_duee_relations(records: list[dict], graphs: list[tuple[dict, dict, set]]) -> dict:
    """Recall per relation (exact and head) and, for the exhaustive relations, precision.

    Args:
        records: from :func:`read_duee_relations`.
        graphs: per sentence, ``(spans, labels, triples)``: each entity's mention spans and class
            by key, and the graph's ``(relation, subject key, object key)``.

    >>> rec = {"id": "x", "text": "星河科技推出天枢", "half": "look", "gold": {("develops", (0, 4), (6, 8))}}
    >>> spans = {"a": [(0, 4)], "b": [(6, 8)], "c": [(2, 4)]}
    >>> r = score_duee_relations([rec], [(spans, {}, {("develops", "a", "b"), ("develops", "c", "a")})])
    >>> r["relations"]["develops"]["exact"], r["relations"]["develops"]["predicted"]
    (1, 2)
    """
    exhaustive = load_relation_map()["duee"].get("exhaustive", {})
    rows: dict[str, dict] = defaultdict(lambda: {"gold": 0, "ends": 0, "exact": 0, "head": 0})
    shots: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # predicted, right exact, right head
    misses, wrong = [], []
    for record, (spans, labels, triples) in zip(records, graphs):
        for gold in sorted(record["gold"]):
            exact = any(_found(t, gold, spans, False) for t in triples)
            head = exact or any(_found(t, gold, spans, True) for t in triples)
            every = [m for ms in spans.values() for m in ms]
            ends = _matches(every, gold[1], True) and _matches(every, gold[2], True)
            rows[gold[0]]["gold"] += 1
            rows[gold[0]]["ends"] += ends
            rows[gold[0]]["exact"] += exact
            rows[gold[0]]["head"] += head
            if not exact:
                text = record["text"]
                misses.append({"id": record["id"], "half": record["half"], "relation": gold[0],
                               "subject": text[slice(*gold[1])], "object": text[slice(*gold[2])],
                               "head": head, "ends": ends, "text": text,
                               "found": sorted(f"{s}-{r}-{o}" for r, s, o in triples if r == gold[0])})
        for relation in set(exhaustive) & {g[0] for g in record["gold"]}:
            golds = [g for g in record["gold"] if g[0] == relation]
            for t in triples:
                if t[0] != relation or (exhaustive[relation] and labels.get(t[1]) != exhaustive[relation]):
                    continue
                shots[relation][0] += 1
                shots[relation][1] += any(_found(t, g, spans, False) for g in golds)
                right_head = any(_found(t, g, spans, True) for g in golds)
                shots[relation][2] += right_head
                if not right_head:
                    wrong.append({"id": record["id"], "half": record["half"], "triple": t, "text": record["text"]})
    relations = rates(rows, shots)
    total = {k: sum(r[k] for r in rows.values()) for k in ("gold", "ends", "exact", "head")}
    return {"sentences": len(records), "relations": relations, "total": total, "misses": misses,
            "wrong": wrong}


def build_graphs(sentences: list[str]) -> list[tuple[dict, dict, set]]:
    """Each sentence built as ``kg build`` builds an article: its entities' mention spans and
    classes by key, and its relations as ``(relation, subject key, object key)``."""
    from ..pipeline import analyse_many, get_pipeline
    from ..read import parse_article

    nlp = get_pipeline()
    out = []
    for _, doc in analyse_many((parse_article(text, "sentence.txt") for text in sentences), nlp):
        entities = doc._.kg_entities or []
        spans = {e.key: [(m.start, m.end) for m in e.mentions] for e in entities}
        labels = {e.key: e.label for e in entities}
        out.append((spans, labels, {(r.predicate, r.subject, r.object) for r in doc._.kg_relations or []}))
    return out


def evaluate_duee_relations(path: Path, half: str = "all", limit: int | None = None) -> dict:
    """Read the sentences with a mapped event, build each and score its relations."""
    records = read_duee_relations(path, half)[:limit]
    report = score_duee_relations(records, build_graphs([r["text"] for r in records]))
    report["half"] = half
    # only duee_dev.json has a held half whose misses stay unread (as in kg.evaluation.duee)
    report["measure"] = path.name == DEV_FILE
    return report


def format_duee_relations(report: dict, misses: int = 0) -> str:
    """The report as a table; the last line is ``R=`` the exact recall over all gold triples.
    ``misses`` lists that many missed triples, and that many wrong ones (not matching in a
    sentence of an exhaustive relation), of the ``look`` half (never of ``held``) of DuEE dev, or of
    either half of any other file (a sample of DuEE train)."""
    lines = [f"{report['sentences']} sentences with a mapped event (half: {report['half']}); exact = same "
             f"spans, head = inside the arguments, ending where they end; ends = both arguments recognised (head); P (a lower bound) over the sentences "
             f"holding the relation, for the exhaustive relations only",
             f"{'relation':<12}{'gold':>6}{'ends':>6}{'exact':>7}{'head':>6}{'R':>7}{'R head':>8}"
             f"{'pred':>6}{'P':>7}{'P head':>8}{'F1':>7}{'F1 head':>8}"]
    lines += [table_row(key, row, 12, ("gold", "ends", "exact", "head")) for key, row in report["relations"].items()]
    def shown(rows: list[dict]) -> list[dict]:
        return [r for r in rows if r["half"] == "look" or not report.get("measure", True)][:misses]

    for m in shown(report["misses"]):
        note = " (head found)" if m["head"] else " (ends found)" if m["ends"] else ""
        lines.append(f"  missed {m['subject']} {m['relation']} {m['object']}{note}; found {m['found']}: {m['text'][:100]}")
    for w in shown(report["wrong"]):
        lines.append(f"  wrong {'-'.join(w['triple'][1:2] + w['triple'][:1] + w['triple'][2:])}: {w['text'][:100]}")
    total = report["total"]
    return "\n".join(lines + closing(total, "triples", f"both ends recognised {total['ends']}, "))

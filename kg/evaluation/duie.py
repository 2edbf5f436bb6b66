"""The relation patterns scored on DuIE 2.0."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..errors import Errors, KgError
from ..ontology import ontology_dir
from .duee import HALVES, half_of
from .gold import _invalid
from .scores import _counts
from .terms import normalise

def duie_relations() -> dict[str, tuple[str, bool]]:
    """DuIE 2.0 predicates that are relations of the ontology, as ``ontology/relation_map.json``
    maps them: (our relation, whether our subject is DuIE's object).

    >>> duie_relations()["董事长"]
    ('leads', True)
    """
    rules = json.loads((ontology_dir() / "relation_map.json").read_text(encoding="utf-8"))["duie"]["relations"]
    return {predicate: (rule["relation"], rule["direction"] == "inverse") for predicate, rule in rules.items()}


def evaluate_duie(path: Path, limit: int | None = None, half: str = "all", misses: int = 20) -> dict:
    """Precision and recall of the relation patterns on the mapped relations of DuIE 2.0.

    Only sentences holding at least one mapped relation are used; a predicted triple counts
    when its predicate is one of the mapped relations, and it is right when both ends name the
    gold subject and object (by name or any surface form).

    Args:
        path: a DuIE 2.0 JSON-lines file (``text``, ``spo_list``).
        limit: use at most this many sentences.
        half: ``look``, ``held`` (split by a hash of the sentence, :func:`half_of`) or ``all``.
        misses: list at most this many misses (never of the ``held`` half).

    Returns:
        Per relation and overall: tp, fp, fn, precision, recall, F1, and a few misses.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    listed, most = [], 0 if half == "held" else misses
    rows = read_duie(path, limit, half)
    for (text, mapped), judged in zip(rows, judge_duie(rows)):
        found = set()
        for rel, hits in judged:
            found |= hits
            counts[rel.predicate][0 if hits else 1] += 1
        for g in mapped - found:
            counts[g[1]][2] += 1
            if len(listed) < most:
                listed.append((g, text[:80]))
    report = {name: _counts(*c) for name, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    report["all"] = _counts(*total)
    return {"sentences": len(rows), "half": half, "relations": report, "misses": listed}


def read_duie(path: Path, limit: int | None = None,
              half: str = "all") -> list[tuple[str, set[tuple[str, str, str]]]]:
    """The sentences of a DuIE 2.0 file that hold a mapped relation, each with its mapped gold
    triples ``(subject, relation, object)`` in the ontology's direction, names folded
    (:func:`normalise`); at most ``limit`` of them, only those of ``half`` (``look`` / ``held``:
    split by a hash of the sentence's text, as :func:`half_of` splits DuEE by id)."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    relations, rows = duie_relations(), []
    for number, line in enumerate(_read_lines(path), 1):
        try:
            data = json.loads(line)
            gold = {(_duie_value(s["subject"]), s["predicate"], _duie_value(s["object"])) for s in data["spo_list"]}
            text = data["text"]
        except (ValueError, KeyError, TypeError) as err:
            raise _invalid(path, f"line {number}: {err}") from err
        mapped = set()
        for subj, pred, obj in gold:
            if pred in relations:
                ours, swap = relations[pred]
                mapped.add((normalise(obj), ours, normalise(subj)) if swap else (normalise(subj), ours, normalise(obj)))
        if mapped and half in ("all", half_of(text)):
            rows.append((text, mapped))
        if limit and len(rows) >= limit:
            break
    return rows


def judge_duie(rows: list[tuple[str, set[tuple[str, str, str]]]]):
    """Build each sentence of :func:`read_duie` alone and yield, per sentence, its relations of a
    mapped predicate with the gold triples each matches (empty: wrong), both ends matched by
    name or any surface form."""
    from ..pipeline import analyse, get_pipeline
    from ..read import parse_article

    nlp = get_pipeline()
    wanted = {ours for ours, _ in duie_relations().values()}
    for text, mapped in rows:
        doc = analyse(parse_article(text, "duie.txt"), nlp)
        forms = {e.key: {normalise(f) for f in {e.name, *e.aliases}} for e in doc._.kg_entities}
        yield [(rel, {g for g in mapped if g[1] == rel.predicate and g[0] in forms.get(rel.subject, ())
                      and g[2] in forms.get(rel.object, ())})
               for rel in doc._.kg_relations if rel.predicate in wanted]


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _duie_value(value) -> str:
    return value["@value"] if isinstance(value, dict) else value


def format_duie(report: dict) -> str:
    """The DuIE report as a table.

    >>> print(format_duie({"sentences": 1, "relations": {"all": _counts(1, 0, 1)}, "misses": []}))
    1 sentences with a mapped relation
    relation       tp    fp    fn      P      R     F1
    all             1     0     1  1.000  0.500  0.667
    """
    half = "" if report.get("half", "all") == "all" else f" ({report['half']} half)"
    lines = [f"{report['sentences']} sentences with a mapped relation{half}",
             f"{'relation':<12}{'tp':>5}{'fp':>6}{'fn':>6}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, row in report["relations"].items():
        lines.append(f"{name:<12}{row['tp']:>5}{row['fp']:>6}{row['fn']:>6}"
                     f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}")
    return "\n".join(lines)

"""The relation patterns scored on DuIE 2.0."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..errors import Errors, KgError
from ..ontology import load_lexicon, ontology_dir
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
    gold subject and object (:func:`names`: by name or any surface form, folded). A place in a
    place whose subject is no gold subject is not judged: DuIE marks capitals and the city of a
    sight, never one region in another (朝阳区 in 北京市).

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


def judge_duie(rows: list[tuple[str, set[tuple[str, str, str]]]], docs: list | None = None):
    """Build each sentence of :func:`read_duie` alone and yield, per sentence, its relations of a
    mapped predicate with the gold triples each matches (empty: wrong), both ends matched by
    name or any surface form; each sentence's Doc is appended to ``docs`` when given."""
    from ..pipeline import analyse, get_pipeline
    from ..read import parse_article

    nlp = get_pipeline()
    wanted = {ours for ours, _ in duie_relations().values()}
    words = duie_names()
    # the well-known places of the lexicon qualify a name too (上海 + X机器厂), recognised or not
    known = {fold(normalise(n), words) for e in load_lexicon() if e.type == "Place" for n in (e.name, *e.aliases)}
    for text, mapped in rows:
        doc = analyse(parse_article(text, "duie.txt"), nlp)
        if docs is not None:
            docs.append(doc)
        forms = {e.key: {normalise(f) for f in {e.name, *e.aliases}} for e in doc._.kg_entities}
        labels = {e.key: e.label for e in doc._.kg_entities}
        places = known | {fold(f, words) for k, fs in forms.items() if labels[k] == "Place" for f in fs} - {""}
        judged = []
        for rel in doc._.kg_relations:
            if rel.predicate not in wanted:
                continue
            hits = {g for g in mapped if g[1] == rel.predicate and names(g[0], forms.get(rel.subject, ()), places, words)
                    and names(g[2], forms.get(rel.object, ()), places, words)}
            # DuIE states a place in a place only of a capital or a sight, never of one region in
            # another: such a triple is judged only when its subject is a gold subject
            if hits or labels.get(rel.subject) != "Place" or labels.get(rel.object) != "Place" \
                    or any(names(g[0], forms.get(rel.subject, ()), places, words) for g in mapped):
                judged.append((rel, hits))
        yield judged


def duie_names() -> dict:
    """``relation_map.json``'s ``duie.names``: the legal forms, place levels and joiners folded."""
    return json.loads((ontology_dir() / "relation_map.json").read_text(encoding="utf-8"))["duie"]["names"]


def fold(name: str, words: dict) -> str:
    """A folded name without the joiners at its ends, its legal forms, then a place's level.

    >>> words = {"legal_forms": ["有限公司", "集团"], "place_levels": ["市"], "joiners": ["·"]}
    >>> fold("星河集团有限公司", words), fold("临江市", words), fold("江市", words)
    ('星河', '临江', '江市')
    """
    name, cut = name.strip("".join(words["joiners"])), True
    while cut:
        cut = False
        for ends in (words["legal_forms"], words["place_levels"]):
            for end in ends:
                if name.endswith(end) and len(name) - len(end) >= 2:
                    name, cut = name[:-len(end)].strip("".join(words["joiners"])), True
                    break
    return name


def names(gold: str, forms, places: set[str], words: dict) -> bool:
    """Whether a gold name names the entity of ``forms``: the same folded name, or one ends with
    the other and what stands before is places named in the sentence (德国慕尼黑 / 慕尼黑).

    >>> words = {"legal_forms": ["有限公司"], "place_levels": ["市"], "joiners": ["·"]}
    >>> names("临江·星河有限公司", {"星河"}, {"临江"}, words), names("星河", {"北河"}, {"临江"}, words)
    (True, False)
    """
    if gold in forms:
        return True
    g = fold(gold, words)
    for f in map(lambda f: fold(f, words), forms):
        if f == g:
            return True
        short, long = sorted((f, g), key=len)
        if len(short) >= 2 and long.endswith(short) and _only_places(long[:-len(short)], places, words):
            return True
    return False


def _only_places(rest: str, places: set[str], words: dict) -> bool:
    """Whether ``rest`` is one or more of ``places`` (folded), joiners between them."""
    rest = rest.strip("".join(words["joiners"]))
    if not rest:
        return False
    for place in places:
        if rest.startswith(place) and (len(rest) == len(place) or _only_places(rest[len(place):], places, words)):
            return True
        level = next((lv for lv in words["place_levels"] if rest.startswith(place + lv)), None)
        if level and (len(rest) == len(place + level) or _only_places(rest[len(place + level):], places, words)):
            return True
    return False


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

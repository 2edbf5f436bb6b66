"""Labelled entity pairs from public relation and event corpora, in the ontology's terms.

DuIE 2.0 (and 1.0), FinRE and DuEE 1.0 each name relations their own way; ``ontology/relation_map.json``
says which corpus relation (or event type and argument roles) is which relation of ``kg.ttl``,
in which direction, and which ontology class each side is. The readers here turn every mapped
triple into a :class:`PairExample`: the sentence, the two mentions as character offsets, their
classes and the relation with the head as its subject. What the map leaves out yields nothing;
FinRE's ``unknown`` label, and DuIE entity pairs that no triple of their sentence relates, yield
``relation=None``. ``kg/relations/PUBLIC.md`` explains the mapping.

The corpora are read where they lie (``../shared/data``); nothing of them is copied.

    python -m kg.relations.public_report ../shared/data  # examples per relation, and what was dropped
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import Errors, KgError
from ..ontology import ENTITY_CLASSES, load_schema, load_surnames, ontology_dir

#: Splits :func:`read_public` knows; a corpus without a split contributes nothing to it.
SPLITS = ("train", "valid", "test")
#: The corpora, in the order :func:`read_public` reads them.
CORPORA = ("duie", "finre", "duee")


@dataclass(frozen=True)
class PairExample:
    """One ordered pair of mentions in one sentence, and the relation the corpus states for it.

    Attributes:
        text: the sentence, as in the corpus.
        head: character offsets ``[start, end)`` of the subject mention in ``text``.
        head_class: ontology class local name of the head (``Person``, ``Company`` …).
        tail: character offsets of the object mention.
        tail_class: ontology class local name of the tail.
        relation: ontology relation local name with the head as its subject; ``None`` when the
            corpus has the pair but states no mapped relation between them.
        source: ``"duie"``, ``"finre"`` or ``"duee"``.
    """

    text: str
    head: tuple[int, int]
    head_class: str
    tail: tuple[int, int]
    tail_class: str
    relation: str | None
    source: str


# ---------------------------------------------------------------- the map and the ontology


@lru_cache(maxsize=None)
def load_relation_map(path: Path | None = None) -> dict:
    """Read ``ontology/relation_map.json`` and check its relations and classes against ``kg.ttl``.

    >>> load_relation_map()["duie"]["relations"]["董事长"]
    {'relation': 'leads', 'direction': 'inverse'}
    """
    path = path or ontology_dir() / "relation_map.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    relations = load_schema().relations
    classes = set(ENTITY_CLASSES)
    rules = [*data["duie"]["relations"].values(), *data["finre"]["relations"].values(),
             *(rule for rules in data["duee"]["events"].values() for rule in rules)]
    for rule in rules:
        if rule["relation"] not in relations:
            raise KgError(Errors.E022.format(name=rule["relation"], valid=", ".join(sorted(relations))))
    named = [*data["duie"]["classes"].values(), *data["duee"]["extra_suffixes"].values(),
             data["finre"]["default_class"],
             *(rule[side] for rule in data["finre"]["relations"].values() for side in ("head_class", "tail_class")),
             *(rule[side]["class"] for rules in data["duee"]["events"].values()
               for rule in rules for side in ("subject", "object"))]
    for name in named:
        if name not in classes and name != "Agent":
            raise KgError(Errors.E022.format(name=name, valid=", ".join(sorted(classes))))
    return data


def fits(relation: str, head_class: str, tail_class: str) -> bool:
    """Whether the ontology's domain and range of ``relation`` admit the two classes.

    >>> fits("leads", "Person", "Company"), fits("leads", "Company", "Person")
    (True, False)
    """
    spec = load_schema().relations[relation]
    return head_class in spec.domain and tail_class in spec.range


def fits_any(head_class: str, tail_class: str) -> bool:
    """Whether some relation of the ontology could hold from ``head_class`` to ``tail_class``.

    >>> fits_any("Company", "Place"), fits_any("Company", "Person")
    (True, False)
    """
    return any(fits(name, head_class, tail_class) for name in load_schema().relations)


def refine_class(name: str, default: str, extra: dict[str, str] | None = None) -> str:
    """The class a name's ending announces (the ontology's ``kg:nameSuffix``), else ``default``.

    The longest matching suffix wins; a name that is only the suffix keeps ``default``.

    >>> refine_class("星河科技", "Person"), refine_class("云海市", "Company"), refine_class("张三", "Person")
    ('Company', 'Place', 'Person')
    """
    suffixes = {**load_schema().suffixes, **(extra or {})}
    best = ""
    for suffix in suffixes:
        if len(suffix) > len(best) and len(name) > len(suffix) and name.endswith(suffix):
            best = suffix
    return suffixes[best] if best else default


def agent_class(name: str) -> str:
    """``Person`` for a name shaped like a person's, else ``Organization`` (DuEE's winners and losers).

    A person's name: two or three Han characters opening with a surname (four with a double
    surname: 欧阳, 司马), or a foreign name written with a middle dot. Four-character names such
    as 山东鲁能 are clubs far more often than people.

    >>> agent_class("王小明"), agent_class("约翰·史密斯"), agent_class("红星队"), agent_class("ABC")
    ('Person', 'Person', 'Organization', 'Organization')
    """
    if "·" in name or "•" in name:
        return "Person"
    surnames = load_surnames()
    han = all(0x4E00 <= ord(ch) <= 0x9FFF for ch in name)
    if han and (2 <= len(name) <= 3 and name[0] in surnames or len(name) in (3, 4) and name[:2] in surnames):
        return "Person"
    return "Organization"


def locate(text: str, head: str, tail: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Offsets of ``head`` and ``tail`` in ``text``: their first occurrences that do not overlap.

    Returns ``None`` when either is missing, or every placement overlaps.

    >>> locate("北京星河位于北京", "北京星河", "北京")
    ((0, 4), (6, 8))
    >>> locate("甲乙", "甲", "丙") is None
    True
    """
    if not head or not tail:
        return None
    start = text.find(head)
    while start >= 0:
        span = (start, start + len(head))
        other = _find_apart(text, tail, span)
        if other:
            return span, other
        start = text.find(head, start + 1)
    return None


def _find_apart(text: str, word: str, taken: tuple[int, int]) -> tuple[int, int] | None:
    start = text.find(word)
    while start >= 0:
        if start + len(word) <= taken[0] or start >= taken[1]:
            return start, start + len(word)
        start = text.find(word, start + 1)
    return None


def _count(stats: Counter | None, key: str) -> None:
    if stats is not None:
        stats[key] += 1


class _Emitter:
    """Checks, de-duplicates and counts the examples of one sentence."""

    def __init__(self, text: str, source: str, stats: Counter | None):
        self.text, self.source, self.stats, self.seen = text, source, stats, set()

    def emit(self, head: tuple[int, int], head_class: str, tail: tuple[int, int], tail_class: str,
             relation: str | None, label: str) -> PairExample | None:
        if relation is not None and not fits(relation, head_class, tail_class):
            _count(self.stats, "dropped: classes outside domain/range")
            return None
        if relation is None and not fits_any(head_class, tail_class):
            _count(self.stats, "dropped None: no relation fits the classes")
            return None
        key = (head, tail, relation)
        if key in self.seen:
            _count(self.stats, "merged: same example again")
            return None
        self.seen.add(key)
        _count(self.stats, f"relation {relation}")
        _count(self.stats, f"from {label}")
        return PairExample(self.text, head, head_class, tail, tail_class, relation, self.source)


def _records(path: Path, corpus: str, limit: int | None, parse) -> Iterator[tuple[str, object]]:
    """``(text, parse(record))`` of each record of a JSON-lines file, up to ``limit`` records."""
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    with path.open(encoding="utf-8") as lines:
        read = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if limit is not None and read >= limit:
                return
            read += 1
            try:
                data = json.loads(line)
                record = data["text"], parse(data)
            except (ValueError, KeyError, TypeError) as err:
                raise KgError(Errors.E043.format(path=path, line=number, corpus=corpus, reason=repr(err))) from err
            yield record


# ---------------------------------------------------------------- DuIE


def _value(value) -> str:
    """DuIE 2.0 objects and types are ``{"@value": …}`` dicts; DuIE 1.0 ones are strings."""
    return value["@value"] if isinstance(value, dict) else value


def read_duie(path: Path, limit: int | None = None, stats: Counter | None = None) -> Iterator[PairExample]:
    """Entity pairs of a DuIE 2.0 (or 1.0) JSON-lines file.

    Each ``spo_list`` triple whose predicate the map names gives one example; DuIE puts the
    company first (``企业 董事长 人物``), so for 董事长 the person is the head of ``leads``. Two
    entities of a sentence's mapped triples that no triple of that sentence relates give a
    ``None`` example in each order, when some ontology relation could join their classes.

    Args:
        path: the JSON-lines file (``text``, ``spo_list``).
        limit: read at most this many sentences.
        stats: a counter that receives the examples per relation and what was dropped, and why.
    """
    spec = load_relation_map()["duie"]
    for text, spo in _records(path, "DuIE", limit, _duie_triples):
        yield from _duie_sentence(text, spo, spec, stats)


def _duie_triples(data: dict) -> list[tuple]:
    return [(t["subject"], t["predicate"], t["object"], t["subject_type"], t["object_type"]) for t in data["spo_list"]]


def _duie_sentence(text: str, spo: list, spec: dict, stats: Counter | None) -> Iterator[PairExample]:
    out = _Emitter(text, "duie", stats)
    related, classes = set(), {}
    for subj, pred, obj, subj_type, obj_type in spo:
        related |= {frozenset((subj, _value(v))) for v in (obj.values() if isinstance(obj, dict) else [obj])}
        rule = spec["relations"].get(pred)
        if rule is None:
            _count(stats, "left out: relation not mapped")
            continue
        obj = _value(obj)
        subj_class, obj_class = spec["classes"].get(_value(subj_type)), spec["classes"].get(_value(obj_type))
        if subj_class is None or obj_class is None:
            _count(stats, "dropped: entity type not mapped")
            continue
        classes.setdefault(subj, subj_class)
        classes.setdefault(obj, obj_class)
        head, tail = (subj, obj) if rule["direction"] == "forward" else (obj, subj)
        head_class, tail_class = (subj_class, obj_class) if rule["direction"] == "forward" else (obj_class, subj_class)
        if example := _placed(out, head, head_class, tail, tail_class, rule["relation"], pred):
            yield example
    for head in classes:
        for tail in classes:
            if head != tail and frozenset((head, tail)) not in related:
                if example := _placed(out, head, classes[head], tail, classes[tail], None, "no triple between them"):
                    yield example


def _placed(out: _Emitter, head: str, head_class: str, tail: str, tail_class: str,
            relation: str | None, label: str) -> PairExample | None:
    """The example of two strings found in the sentence (first occurrences apart)."""
    spans = locate(out.text, head, tail)
    if spans is None:
        found = head in out.text and tail in out.text
        _count(out.stats, "dropped: mentions overlap" if found else "dropped: mention not in sentence")
        return None
    return out.emit(spans[0], head_class, spans[1], tail_class, relation, label)


# ---------------------------------------------------------------- FinRE


def read_finre(path: Path, limit: int | None = None, stats: Counter | None = None) -> Iterator[PairExample]:
    """Entity pairs of a FinRE file (``head<TAB>tail<TAB>relation<TAB>sentence``, blank-line separated).

    FinRE gives no entity types: each side's class comes from the map's entry for the relation,
    refined by the name's ending (…银行 Company, …市 Place). ``被``-relations are the same fact
    seen from the object, so 被收购 gives the example 收购 already gives (counted as merged). An
    ``unknown`` pair gives ``None``, unless the same two names carry a real label in the same
    sentence (FinRE lists both).

    Args:
        path: ``train.txt``, ``valid.txt`` or ``test.txt``.
        limit: read at most this many distinct sentences.
        stats: a counter that receives the examples per relation and what was dropped, and why.
    """
    spec = load_relation_map()["finre"]
    none_labels = set(spec["none_labels"])
    for text, rows in _finre_sentences(path, limit):
        labelled = {frozenset((h, t)) for h, t, rel in rows if rel not in none_labels}
        out = _Emitter(text, "finre", stats)
        for head, tail, rel in rows:
            if rel in none_labels:
                if frozenset((head, tail)) in labelled:
                    _count(stats, "dropped None: the pair has a label too")
                    continue
                head_class = _finre_class(head, spec["default_class"], spec)
                tail_class = _finre_class(tail, spec["default_class"], spec)
                relation = None
            elif rule := spec["relations"].get(rel):
                head_class = _finre_class(head, rule["head_class"], spec)
                tail_class = _finre_class(tail, rule["tail_class"], spec)
                relation = rule["relation"]
                if rule["direction"] == "inverse":
                    head, tail, head_class, tail_class = tail, head, tail_class, head_class
            else:
                _count(stats, "left out: relation not mapped")
                continue
            if example := _placed(out, head, head_class, tail, tail_class, relation, rel):
                yield example


def _finre_class(name: str, default: str, spec: dict) -> str:
    return refine_class(name, default) if spec.get("refine_by_suffix") else default


def _finre_sentences(path: Path, limit: int | None) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """The file's rows grouped by sentence, sentences in order of first appearance."""
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                raise KgError(Errors.E043.format(path=path, line=number, corpus="FinRE",
                                                 reason=f"{len(parts)} tab-separated fields, not 4"))
            head, tail, rel, text = parts
            if text not in groups and limit is not None and len(groups) >= limit:
                continue
            groups[text].append((head, tail, rel))
    yield from groups.items()


# ---------------------------------------------------------------- DuEE


def read_duee(path: Path, limit: int | None = None, stats: Counter | None = None) -> Iterator[PairExample]:
    """Entity pairs from the arguments of DuEE 1.0 events.

    For each mapped event type, every argument in the subject role is paired with every one in
    the object role (产品行为-发布: 发布方 ``develops`` 发布产品). Offsets come from
    ``argument_start_index`` (surrounding spaces trimmed); each side's class is the map's,
    refined by the name's ending (a 加盟者 named …科技 is a Company, so no ``worksFor``).

    Args:
        path: ``duee_train.json`` or ``duee_dev.json``.
        limit: read at most this many sentences.
        stats: a counter that receives the examples per relation and what was dropped, and why.
    """
    spec = load_relation_map()["duee"]
    for text, events in _records(path, "DuEE", limit, _duee_events):
        out = _Emitter(text, "duee", stats)
        for event_type, args in events:
            rules = spec["events"].get(event_type)
            if rules is None:
                _count(stats, "left out: event type not mapped")
                continue
            for rule in rules:
                yield from _duee_rule(out, rule, args, spec, event_type)


def _duee_events(data: dict) -> list[tuple[str, list[tuple]]]:
    return [(e["event_type"], [(a["role"], a["argument"], a.get("argument_start_index")) for a in e["arguments"]])
            for e in data["event_list"]]


def _duee_rule(out: _Emitter, rule: dict, args: list, spec: dict, event_type: str) -> Iterator[PairExample]:
    sides = [[_duee_mention(out.text, rule[side], arg, spec) for arg in args if arg[0] == rule[side]["role"]]
             for side in ("subject", "object")]
    if not sides[0] or not sides[1]:
        _count(out.stats, "left out: event without both roles")
        return
    for head in sides[0]:
        for tail in sides[1]:
            if isinstance(head, str) or isinstance(tail, str):
                _count(out.stats, head if isinstance(head, str) else tail)
            elif head[0] < tail[1] and tail[0] < head[1]:
                _count(out.stats, "dropped: mentions overlap")
            elif example := out.emit(head[:2], head[2], tail[:2], tail[2], rule["relation"],
                                     f"{event_type} {rule['subject']['role']}→{rule['object']['role']}"):
                yield example


def _duee_mention(text: str, role: dict, arg: tuple, spec: dict) -> tuple[int, int, str] | str:
    """``(start, end, class)`` of one argument, or why it cannot be used."""
    _, word, start = arg
    if not isinstance(start, int) or text[start:start + len(word)] != word:
        start = text.find(word)
    stripped = word.strip()
    if start < 0 or not stripped:
        return "dropped: mention not in sentence"
    start += len(word) - len(word.lstrip())
    cls = agent_class(stripped) if role["class"] == "Agent" else role["class"]
    if spec.get("refine_by_suffix") and role.get("refine", True):
        cls = refine_class(stripped, cls, spec.get("extra_suffixes"))
    return start, start + len(stripped), cls


# ---------------------------------------------------------------- all three


def read_public(data_dir: Path, split: str = "train", stats: dict[str, Counter] | None = None
                ) -> Iterator[PairExample]:
    """The examples of every corpus's ``split`` part, DuIE, then FinRE, then DuEE.

    ``train``: DuIE 2.0 train sample, FinRE train.txt, DuEE train; ``test``: the held-out parts
    where a corpus has them (FinRE test.txt, DuEE dev); ``valid``: FinRE valid.txt. The files
    are those ``relation_map.json`` names under ``files``.

    Args:
        data_dir: the folder holding ``duie/``, ``finre/`` and ``duee1/`` (``../shared/data``).
        split: ``train``, ``valid`` or ``test``.
        stats: receives one counter per corpus (created when missing).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    mapping = load_relation_map()
    readers = {"duie": read_duie, "finre": read_finre, "duee": read_duee}
    for corpus in CORPORA:
        for name in mapping[corpus]["files"].get(split, []):
            counter = None if stats is None else stats.setdefault(corpus, Counter())
            yield from readers[corpus](Path(data_dir) / mapping[corpus]["folder"] / name, stats=counter)

"""Recognition scored on the event arguments of DuEE 1.0 (``kg eval duee``).

DuEE marks, in each sentence, the arguments of its events by role (发布产品, 发布方, 活动名称 …).
The roles that name an entity of the ontology are mapped to its classes in
``ontology/lexicon/recognise.json`` (``duee``): launched products → Product, the launching or
recalling company → the organisation family (Company, GovernmentBody or Organization), the
names of activities and contests → Event, who meets whom → Person, where → Place. Each sentence
is built as ``kg build`` builds an article (:func:`kg.recognition_eval.recognise`: the whole
recognition, named mentions only) and each mapped argument is looked for among its mentions:

* **exact**: a mention of the class (or of the family) has the argument's span;
* **head**: a mention of the class lies inside the argument and ends where it ends (the head of
  a Chinese noun phrase is its end: 国务院总理 + a name, 2019款 + a model, 某镇 + 第三届某节).

An argument is first trimmed of quotes and 《》 at its ends, and a list argument (items joined by
、 or ，) counts as its items. Precision is counted only for the classes whose arguments are
all the names of that class a sentence is about (``exhaustive``: products in launches, the
events of contests and activities), in the sentences holding an argument of that class: a
mention of the class there is right when it matches an argument of the class (exact / head),
else wrong. DuEE marks no names outside events, so this precision is a lower bound.

The sentences are split by id into two halves (:func:`half_of`): ``look`` is the half whose
misses may be read while rules are written, ``held`` the half only reported on.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from ..errors import Errors, KgError
from ..ontology import ORGANIZATION_CLASSES
from ..recognise.words import recognise_words
from .duee_names import name_rows, product_names
from .gold import _invalid
from .scores import precision_recall_f1

HALVES = ("look", "held", "all")
#: the file whose ``held`` half is a measure: its misses are never listed
DEV_FILE = "duee_dev.json"


def half_of(sentence_id: str) -> str:
    """Which half a sentence belongs to, from a hash of its id: ``look`` or ``held``.

    >>> half_of("a"), half_of("e")
    ('held', 'look')
    """
    return "look" if hashlib.md5(sentence_id.encode("utf-8")).digest()[0] % 2 else "held"


def duee_roles() -> dict:
    """``recognise.json``'s ``duee`` section: roles, exhaustive classes, list and edge marks."""
    return recognise_words()["duee"]


def _family(label: str) -> str:
    return "ORG" if label in ORGANIZATION_CLASSES else label


def _items(text: str, start: int, end: int, spec: dict) -> list[tuple[int, int]]:
    """The argument ``text[start:end]`` as trimmed items: a list split at its marks, quotes
    and 《》 off each item's ends, 等 off the last."""
    pieces, begin = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in spec["list_marks"]:
            pieces.append((begin, i))
            begin = i + 1
    out = []
    for s, e in pieces:
        for word in sorted(spec["trailing"], key=len, reverse=True):
            if e - s > len(word) and text.endswith(word, s, e):
                e -= len(word)
                break
        while s < e and text[s] in spec["edge_marks"]:
            s += 1
        while e > s and text[e - 1] in spec["edge_marks"]:
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def read_duee(path: Path, half: str = "all") -> list[dict]:
    """The sentences of a DuEE 1.0 JSON-lines file with their mapped arguments.

    Returns:
        Per sentence: ``id``, ``text``, ``half`` and ``gold``, a set of ``(start, end, class,
        role)`` (class as in ``duee.roles``).
    """
    spec = duee_roles()
    views: dict[str, tuple[set, set]] = {}  # id -> the product names and descriptions (duee_names)

    def arguments(data: dict) -> set:
        text, gold = data["text"], set()
        names, described = views.setdefault(data["id"], (set(), set()))
        for event in data.get("event_list", []):
            for arg in event["arguments"]:
                cls = spec["roles"].get(arg["role"])
                start = int(arg["argument_start_index"])
                if cls is None or text[start:start + len(arg["argument"])] != arg["argument"]:
                    continue
                gold |= {(s, e, cls, arg["role"]) for s, e in _items(text, start, start + len(arg["argument"]), spec)}
                if cls == "Product":
                    found, about = product_names(text, start, start + len(arg["argument"]))
                    names.update(found)
                    described.update(about)
        return gold

    records = read_sentences(path, half, arguments)
    for record in records:
        record["names"], record["descriptions"] = views[record["id"]]
    return records


def read_sentences(path: Path, half: str, gold_of, keep_empty: bool = True) -> list[dict]:
    """The sentences of a DuEE 1.0 JSON-lines file in ``half``: ``id``, ``text``, ``half`` and
    ``gold``, what ``gold_of`` makes of the sentence's record (without gold, only ``keep_empty``)."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}")
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            text, sid = data["text"], data["id"]
            gold = gold_of(data)
        except (ValueError, KeyError, TypeError) as err:
            raise _invalid(path, f"line {number}: {err}") from err
        which = half_of(sid)
        if (gold or keep_empty) and half in ("all", which):
            out.append({"id": sid, "text": text, "half": which, "gold": gold})
    return out


def score_duee(records: list[dict], found: list[set[tuple[int, int, str]]]) -> dict:
    """Recall per class and role (exact and head) and, for the exhaustive classes, precision.

    Args:
        records: from :func:`read_duee`.
        found: per sentence, the mentions ``(start, end, class)`` recognised in it.

    >>> r = score_duee([{"id": "x", "text": "ab", "half": "look", "gold": {(0, 2, "Product", "r")}}],
    ...                [{(1, 2, "Product")}])
    >>> r["classes"]["Product"]["head"], r["classes"]["Product"]["exact"]
    (1, 0)
    """
    exhaustive = set(duee_roles()["exhaustive"])
    rows: dict[str, dict] = defaultdict(lambda: {"gold": 0, "exact": 0, "head": 0})
    shots: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # predicted, right exact, right head
    misses = []
    for record, mentions in zip(records, found):
        have = {(s, e, _family(label)) for s, e, label in mentions}
        for s, e, cls, role in sorted(record["gold"]):
            exact = (s, e, cls) in have
            head = exact or any(c == cls and s <= ms and me == e for ms, me, c in have)
            for key in (cls, f"{cls} / {role}"):
                rows[key]["gold"] += 1
                rows[key]["exact"] += exact
                rows[key]["head"] += head
            if not exact:
                got = sorted(record["text"][ms:me] + "/" + c for ms, me, c in have if ms < e and s < me)
                misses.append({"id": record["id"], "half": record["half"], "class": cls, "role": role,
                               "argument": record["text"][s:e], "head": head, "found": got,
                               "text": record["text"]})
        for cls in exhaustive & {g[2] for g in record["gold"]}:
            args = {(s, e) for s, e, c, _ in record["gold"] if c == cls}
            for ms, me, c in have:
                if c != cls:
                    continue
                shots[cls][0] += 1
                shots[cls][1] += (ms, me) in args
                shots[cls][2] += any(s <= ms and me == e for s, e in args)
    name_rows(records, found, rows, shots, misses)
    classes = rates(rows, shots)
    total = {k: sum(r[k] for key, r in rows.items() if " / " not in key) for k in ("gold", "exact", "head")}
    return {"sentences": len(records), "classes": classes, "total": total, "misses": misses}


def rates(rows: dict, shots: dict) -> dict:
    """Each row (``gold``, ``exact``, ``head`` counts) with its recalls and, where ``shots`` holds
    ``(predicted, right exact, right head)`` for its key, its precisions and F1s."""
    out = {}
    for key, row in sorted(rows.items()):
        row = dict(row)
        row["recall_exact"] = round(row["exact"] / row["gold"], 3) if row["gold"] else 0.0
        row["recall_head"] = round(row["head"] / row["gold"], 3) if row["gold"] else 0.0
        if key in shots:
            n, right, right_head = shots[key]
            row["predicted"] = n
            row["precision_exact"], _, row["f1_exact"] = precision_recall_f1(right, n - right, row["gold"] - row["exact"])
            row["precision_head"], _, row["f1_head"] = precision_recall_f1(right_head, n - right_head,
                                                                           row["gold"] - row["head"])
        out[key] = row
    return out


def table_row(key: str, row: dict, width: int, counts: tuple[str, ...] = ("gold", "exact", "head")) -> str:
    """One line of the report's table: the counts, the recalls, and the precisions where counted."""
    line = f"{key:<{width}}" + "".join(f"{row[c]:>{7 if c == 'exact' else 6}}" for c in counts) \
        + f"{row['recall_exact']:>7.3f}{row['recall_head']:>8.3f}"
    if "predicted" in row:
        line += (f"{row['predicted']:>6}{row['precision_exact']:>7.3f}{row['precision_head']:>8.3f}"
                 f"{row['f1_exact']:>7.3f}{row['f1_head']:>8.3f}")
    return line


def evaluate_duee(path: Path, half: str = "all", limit: int | None = None, ner: bool = True) -> dict:
    """Read a DuEE 1.0 file, build each sentence (:func:`kg.recognition_eval.recognise`) and
    score it (:func:`score_duee`); ``limit`` keeps the first sentences of the half."""
    from ..recognition_eval import recognise

    records = read_duee(path, half)[:limit]
    report = score_duee(records, recognise([r["text"] for r in records], ner))
    report["half"] = half
    # only duee_dev.json has a held half whose misses stay unread; another file (a sample of
    # DuEE train) lists its misses from either half
    report["measure"] = path.name == DEV_FILE
    return report


def format_duee(report: dict, misses: int = 0, any_half: bool = False) -> str:
    """The report as a table; the last line is ``R=`` the exact recall over all mapped arguments.
    ``misses`` lists that many missed arguments of the ``look`` half (never of ``held``) of
    :data:`DEV_FILE`, of either half of any other file (a sample of DuEE train), or of any
    sentence with ``any_half`` (``--misses-all``)."""
    lines = [f"{report['sentences']} sentences (half: {report['half']}); exact = same span, "
             f"head = inside the argument, ending where it ends; P over the sentences holding the class",
             f"{'class / role':<22}{'gold':>6}{'exact':>7}{'head':>6}{'R':>7}{'R head':>8}"
             f"{'pred':>6}{'P':>7}{'P head':>8}{'F1':>7}{'F1 head':>8}"]
    lines += [table_row(key, row, 22) for key, row in report["classes"].items()]
    shown = [m for m in report["misses"]
             if any_half or m["half"] == "look" or not report.get("measure", True)][:misses]
    for m in shown:
        lines.append(f"  missed {m['class']} ({m['role']}{', head found' if m['head'] else ''}) "
                     f"{m['argument']!r}; found {m['found']}: {m['text'][:90]}")
    return "\n".join(lines + closing(report["total"], "arguments"))


def closing(total: dict, what: str, ends: str = "") -> list[str]:
    """The report's last two lines: the totals and ``R=`` the exact recall."""
    share = lambda n: n / total["gold"] if total["gold"] else 0.0  # noqa: E731
    return [f"all: {total['gold']} {what}, {ends}exact {total['exact']}, head {total['head']} "
            f"(R head {share(total['head']):.3f})", f"R={share(total['exact']):.3f}"]

"""CLUENER2020 files and BIO character files (MSRA): reading them, CLUENER labels' ontology
classes, and the P / R / F1 table that ``kg eval recognition``, ``python -m kg.lac`` and
``python -m kg.tagger.score`` print."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from .errors import KgError

#: CLUENER label -> ontology class (or TITLE); labels missing here are dropped.
#: game -> Product: games are software products named in business news (游戏 companies).
#: scene -> Place: scenes are tourist sites (故宫, 西湖), i.e. places.
#: book and movie have no ontology class (creative works), so they are dropped.
LABEL_MAP = {
    "name": "Person",
    "company": "Company",
    "government": "GovernmentBody",
    "organization": "Organization",
    "address": "Place",
    "scene": "Place",
    "game": "Product",
    "position": "TITLE",
}


def read_cluener(path: str | os.PathLike) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Read a CLUENER JSON-lines file.

    Args:
        path: file of ``{"text", "label": {TYPE: {mention: [[start, end_inclusive]]}}}`` lines.

    Returns:
        ``(text, [(start, end_exclusive, label), ...])`` per line.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"text": "李明在上海", "label": {"name": {"李明": [[0, 1]]}}}\\n')
    >>> read_cluener(f.name)
    [('李明在上海', [(0, 2, 'name')])]
    """
    path = Path(path)
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    out = []
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
                spans = []
                for label, mentions in (rec.get("label") or {}).items():
                    for mention, offsets in mentions.items():
                        for start, end in offsets:
                            if not 0 <= start <= end < len(text):
                                raise ValueError(f"span [{start}, {end}] outside the text "
                                                 f"of {len(text)} characters")
                            if text[start:end + 1] != mention:
                                raise ValueError(f"span [{start}, {end}] is {text[start:end + 1]!r}"
                                                 f", not {mention!r}")
                            spans.append((start, end + 1, label))
            except (ValueError, KeyError, TypeError) as err:
                raise KgError(f"{path}: line {n}: not a CLUENER record ({err})") from err
            out.append((text, sorted(set(spans))))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def _score(golds: list[set], preds: list[set]) -> dict[str, Any]:
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for gold, pred in zip(golds, preds):
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {
        "per_label": {lab: _prf(tp[lab], fp[lab], fn[lab]) for lab in labels},
        "overall": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
    }


def format_report(scores: dict[str, Any]) -> str:
    """Format scores of ``_score`` as a table; the last line is ``F1=0.xxx`` (overall).

    Args:
        scores: ``_score``'s result, optionally with ``"mapped"``: a second one on the ontology classes.

    Returns:
        Text lines: per-label P/R/F1 on CLUENER labels, the mapped labels, then ``F1=``.

    >>> s = {"per_label": {"name": {"p": 1.0, "r": 0.5, "f": 2 / 3, "tp": 1, "fp": 0, "fn": 1}},
    ...      "overall": {"p": 1.0, "r": 0.5, "f": 2 / 3, "tp": 1, "fp": 0, "fn": 1}}
    >>> print(format_report(s))
    label               P      R     F1  support
    name            1.000  0.500  0.667        2
    overall         1.000  0.500  0.667        2
    F1=0.667
    """

    def table(part: dict[str, Any]) -> list[str]:
        rows = [f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}  support"]
        items = list(part["per_label"].items()) + [("overall", part["overall"])]
        for label, m in items:
            rows.append(f"{label:<14} {m['p']:6.3f} {m['r']:6.3f} {m['f']:6.3f} "
                        f"{m['tp'] + m['fn']:8d}")
        return rows

    lines = table(scores)
    if "mapped" in scores:
        lines += ["", "mapped to ontology classes:"] + table(scores["mapped"])
    lines.append(f"F1={scores['overall']['f']:.3f}")
    return "\n".join(lines)


def read_bio(path: str | Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """Read a BIO file (``char<TAB>tag`` lines, a blank line between sentences).

    Returns:
        ``(sentence, {(start, end, label)})`` per sentence, labels as in the file.
    """
    out, chars, tags = [], [], []

    def close():
        if chars:
            spans, start = set(), None
            for i, tag in enumerate(tags + ["O"]):
                if start is not None and not (tag.startswith("I-") and tag[2:] == tags[start][2:]):
                    spans.add((start, i, tags[start][2:]))
                    start = None
                if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                    start = i
            out.append(("".join(chars), spans))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                close()
                continue
            char, tag = line.split("\t")
            chars.append(char)
            tags.append(tag)
    close()
    return out

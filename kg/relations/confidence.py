"""Fitted confidences of the hand patterns' relations (``ontology/lexicon/confidence.json``).

A relation's confidence is the precision measured on judged relations (the dev articles and
DuIE's ``look`` half, fitted by ``kg eval calibration --fit``) of the most specific cell the file
holds for it: its relation, rule and :func:`shape` (``leads|org-title-person|near``), else its
relation and rule, else its relation, else every relation (``*``). Each cell's precision is
shrunk toward its parent's, so a cell seen a few times stays near the broader one. A relation its
pattern marks down (a hedge, a topic carried) below the cell's mean confidence as built loses the
file's ``markdown`` share of the difference, so the confidence never falls as the pattern's rises
(on the judged relations the patterns' own confidences rank them about as well as chance: the
share is small). The scorer's probabilities are left as they are. Only the confidence changes,
after every choice that reads it, so the relations stated are the same with or without the file.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..ontology import ontology_dir
from ..records import Relation

#: the cell every relation falls back to
POOLED = "*"
#: at most this many characters between the two ends named in the evidence: ``near``
NEAR = 6


def confidence_path() -> Path:
    """Where the fitted confidences lie."""
    return ontology_dir() / "lexicon" / "confidence.json"


#: while true, :func:`calibrated` leaves every confidence as built (what the fit reads)
_BUILT_ONLY = [False]


@contextmanager
def built_only():
    """Within the block, relations keep the confidences their patterns give them."""
    _BUILT_ONLY[0] = True
    try:
        yield
    finally:
        _BUILT_ONLY[0] = False


def shape(rel: Relation, mentions) -> str:
    """How the evidence holds the two ends, from the ``mentions`` (anything with ``start``,
    ``end`` and ``key``) inside it: ``apart`` (an end is not named in it: a topic carried from
    an earlier sentence, a byline, the article), ``crowded`` (another entity is named in it),
    ``near`` (at most :data:`NEAR` characters between the ends) or ``far``.

    >>> from kg.relations.candidates import End
    >>> rel = Relation("a", "leads", "b", "b head a", 0, 8, 0.8, "x")
    >>> shape(rel, [End(0, 1, "b", "Organization", False), End(7, 8, "a", "Person", False)])
    'near'
    >>> shape(rel, [End(7, 8, "a", "Person", False)])
    'apart'
    """
    inside = [m for m in mentions if rel.start <= m.start and m.end <= rel.end]
    subject = [m for m in inside if m.key == rel.subject]
    obj = [m for m in inside if m.key == rel.object]
    if not subject or not obj:
        return "apart"
    if any(m.key not in (rel.subject, rel.object) for m in inside):
        return "crowded"
    gap = min(max(a.start, b.start) - min(a.end, b.end) for a in subject for b in obj)
    return "near" if gap <= NEAR else "far"


def cells(predicate: str, rule: str, form: str) -> list[str]:
    """The cells of a relation, broadest first (:data:`POOLED` not included).

    >>> cells("leads", "verb", "near")
    ['leads', 'leads|verb', 'leads|verb|near']
    """
    return [predicate, f"{predicate}|{rule}", f"{predicate}|{rule}|{form}"]


def confidence_of(predicate: str, rule: str, form: str, built: float, fit: dict) -> float:
    """The fitted confidence of the most specific cell ``fit["confidence"]`` holds, less
    ``fit["markdown"]`` of how far ``built`` stands below that cell's mean as built
    (``fit["built"]``); in [0.01, 0.99].

    >>> fit = {"confidence": {"*": 0.9, "leads": 0.8, "leads|x": 0.7}, "built": {"*": 0.7, "leads": 0.7,
    ...        "leads|x": 0.8}, "markdown": 0.5}
    >>> confidence_of("leads", "x", "far", 0.9, fit), confidence_of("leads", "x", "far", 0.6, fit)
    (0.7, 0.6)
    >>> confidence_of("founded", "x", "far", 0.7, fit)
    0.9
    """
    table, key = fit["confidence"], POOLED
    for cell in cells(predicate, rule, form):
        key = cell if cell in table else key
    value = table[key] - fit["markdown"] * max(0.0, fit["built"][key] - built)
    return round(min(max(value, 0.01), 0.99), 3)


@lru_cache(maxsize=1)
def fitted() -> dict:
    """The file's ``confidence`` and ``built`` (cell -> value) and ``markdown``; empty without the file."""
    path = confidence_path()
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"confidence": {str(k): float(v) for k, v in data["confidence"].items()},
            "built": {str(k): float(v) for k, v in data["built"].items()}, "markdown": float(data["markdown"])}


def calibrated(relations: list[Relation], mentions, fit: dict | None = None) -> list[Relation]:
    """``relations`` with the fitted confidences (``fit``: the shipped file's; the scorer's own
    kept); ``mentions``: the document's, for each relation's :func:`shape`."""
    if _BUILT_ONLY[0]:
        return relations
    fit = fitted() if fit is None else fit
    if POOLED not in fit.get("confidence", {}):
        return relations
    return [rel if rel.rule == "scorer" else
            replace(rel, confidence=confidence_of(rel.predicate, rel.rule, shape(rel, mentions), rel.confidence, fit))
            for rel in relations]

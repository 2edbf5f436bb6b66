"""Fitted confidences of the hand patterns' relations (``ontology/lexicon/confidence.json``).

The patterns set a confidence by hand; the file holds, per rule and per rule and relation, the
precision measured on judged relations (the dev articles and DuIE's ``look`` half, fitted by
``kg eval calibration --fit``) and the mean confidence as built there. A relation takes the value
of its rule and relation (else of its rule, else keeps its own), moved by how far its own stands
from that mean; the scorer's probabilities are left as they are. Only the confidence
changes, after every choice that reads it, so the relations stated are the same with or without
the file.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..ontology import ontology_dir
from ..records import Relation


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


@lru_cache(maxsize=1)
def fitted() -> tuple[dict[str, float], dict[str, float]]:
    """``rule`` and ``rule|relation`` -> fitted confidence, and -> the mean confidence as built
    over the relations it was fitted on; empty without the file."""
    path = confidence_path()
    if not path.is_file():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return ({str(k): float(v) for k, v in data["confidence"].items()},
            {str(k): float(v) for k, v in data["built"].items()})


def confidence_of(rule: str, predicate: str, built: float, table: dict[str, float],
                  means: dict[str, float]) -> float:
    """The fitted confidence of ``rule`` and ``predicate`` (else of ``rule``; else ``built``)
    moved by how far ``built`` stands from the mean as built it was fitted on, so that what a
    pattern marks down (a hedge) stays lower; in [0.01, 0.99].

    >>> confidence_of("r", "p", 0.5, {"r": 0.8, "r|p": 0.9}, {"r": 0.6, "r|p": 0.6})
    0.8
    >>> confidence_of("r", "q", 0.6, {"r": 0.8}, {"r": 0.6}), confidence_of("s", "p", 0.5, {"r": 0.8}, {})
    (0.8, 0.5)
    """
    key = f"{rule}|{predicate}" if f"{rule}|{predicate}" in table else rule
    if key not in table:
        return built
    return round(min(max(table[key] + built - means.get(key, built), 0.01), 0.99), 2)


def calibrated(relations: list[Relation], fit: tuple[dict, dict] | None = None) -> list[Relation]:
    """``relations`` with the fitted confidences (``fit``: the shipped file's; the scorer's own kept)."""
    table, means = fitted() if fit is None else fit
    if not table or _BUILT_ONLY[0]:
        return relations
    return [rel if rel.rule == "scorer" else
            replace(rel, confidence=confidence_of(rel.rule, rel.predicate, rel.confidence, table, means))
            for rel in relations]

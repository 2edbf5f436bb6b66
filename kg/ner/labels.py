"""The CLUENER labels, their ontology classes, where the shipped model lives."""

from __future__ import annotations

from pathlib import Path

#: the shipped model, relative to this file
MODEL_DIR = Path(__file__).parent.parent / "models" / "ner"

#: the ten CLUENER labels, in the order of the official README
CLUENER_LABELS = (
    "address", "book", "company", "game", "government",
    "movie", "name", "organization", "position", "scene",
)  # fmt: skip

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

SPAN_KEY = "kg_ner"


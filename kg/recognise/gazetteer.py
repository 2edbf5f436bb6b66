"""``kg_product_gazetteer``: well-known product names mined from public corpora.

The names (``ontology/lexicon/products_mined.json``, written by
:mod:`kg.recognise.mine_products`) are stored as keyed hashes. A product is found where a run
of one to ``max_words`` whole jieba words hashes to one of them, the longest run first; so a
name is never found inside a word (魔兽 in 魔兽世界 is not a second hit). The candidates are
naming-convention candidates (source ``rule``): the canonicaliser's precedence decides
between them and the other recognisers' names.
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .doc import _candidates, _ensure_extensions, _mention, _token_table, doc_text
from .mine_products import name_hash


@lru_cache(maxsize=1)
def mined_products() -> tuple[frozenset[str], int]:
    """The hashes of the mined names and the longest run of words to try."""
    from ..ontology import ontology_dir

    path = ontology_dir() / "lexicon" / "products_mined.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["hashes"]), int(data["max_words"])


def find_products(text: str, tokens, hashes: frozenset[str] | None = None, most: int = 6) -> list[tuple[int, int]]:
    """Spans (start, end) of runs of whole words that are mined product names, left to right.

    Args:
        text: the Doc's text.
        tokens: its token table, (start, end, word, tag) per token.
        hashes: the names' hashes (:func:`~kg.recognise.mine_products.name_hash`) and ``most``
            the longest run of words to try; by default the shipped file's.
    """
    if hashes is None:
        hashes, most = mined_products()
    spans, i = [], 0
    while i < len(tokens):
        start = tokens[i][0]
        for j in range(min(len(tokens), i + most) - 1, i - 1, -1):
            end = tokens[j][1]
            if not text[start:end].strip() or text[end - 1].isspace():
                continue
            if name_hash(text[start:end]) in hashes:
                spans.append((start, end))
                i = j
                break
        i += 1
    return spans


@Language.component("kg_product_gazetteer", assigns=["doc._.kg_candidates"])
def product_gazetteer(doc: Doc) -> Doc:
    """Add a Product candidate for each mined product name in the Doc, unless a recogniser
    already found a longer product around it (新款 + 某某ZS: the longer name stays)."""
    _ensure_extensions()
    found = _candidates(doc)
    text = doc_text(doc)
    longer = [(m.start, m.end) for m in found if m.label == "Product"]
    for start, end in find_products(text, _token_table(doc)):
        if not any(s <= start and end <= e and e - s > end - start for s, e in longer):
            found.append(_mention(doc, start, end, "Product", "rule"))
    return doc

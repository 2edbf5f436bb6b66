"""``kg_product_gazetteer``: well-known product names mined from public corpora.

The names (``ontology/lexicon/products_mined.json``, written by
:mod:`kg.recognise.mine_products`) are stored as keyed hashes. A product is found where a run
of one to ``max_words`` whole jieba words hashes to one of them, the longest run first; so a
name is never found inside a word (魔兽 in 魔兽世界 is not a second hit). The candidates are
naming-convention candidates (source ``rule``): the canonicaliser's precedence decides
between them and the other recognisers' names.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .doc import _candidates, _ensure_extensions, _mention, _token_table, doc_text
from .makers import add_makers
from .model_tails import kind_models, maker_models, model_tails
from .mine_products import _NAME, KEY

#: the characters a mined name may hold (:data:`~kg.recognise.mine_products._NAME`'s)
_NAME_CHARS = re.compile(r"[\w\u4e00-\u9fff .+\-·&]*")


@lru_cache(maxsize=1)
def mined_products() -> tuple[frozenset[str], int]:
    """The hashes of the mined names and the longest run of words to try."""
    from ..ontology import ontology_dir

    path = ontology_dir() / "lexicon" / "products_mined.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data["hashes"]), int(data["max_words"])


def find_products(text: str, tokens, hashes: frozenset[str] | None = None, most: int = 6,
                  key: bytes = KEY) -> list[tuple[int, int]]:
    """Spans (start, end) of runs of whole words that are mined product names, left to right.

    Args:
        text: the Doc's text.
        tokens: its token table, (start, end, word, tag) per token.
        hashes: the names' hashes (:func:`~kg.recognise.mine_products.name_hash`) and ``most``
            the longest run of words to try; by default the shipped file's; ``key`` the
            list's hashing key (:mod:`kg.recognise.mine_makers` has its own).
    """
    if hashes is None:
        hashes, most = mined_products()
    # only a name of the mined names' shape (:data:`~kg.recognise.mine_products._NAME`) was
    # hashed: a run holding a word with a character no name holds is never one, nor any longer run
    keyed = hashlib.blake2b(digest_size=8, key=key)
    n = len(tokens)
    clean_until = [n] * (n + 1)  # the first word at or after i with a character no name holds
    for k in range(n - 1, -1, -1):
        clean_until[k] = clean_until[k + 1] if _NAME_CHARS.fullmatch(text[tokens[k][0]:tokens[k][1]]) else k
    spans, i = [], 0
    while i < n:
        start = tokens[i][0]
        for j in range(min(n, i + most, clean_until[i]) - 1, i - 1, -1):
            end = tokens[j][1]
            name = text[start:end]
            if not _NAME.fullmatch(name):  # nor blank, nor ending in a space
                continue
            h = keyed.copy()
            h.update(name.encode("utf-8"))
            if h.hexdigest() in hashes:  # :func:`~kg.recognise.mine_products.name_hash`
                spans.append((start, end))
                i = j
                break
        i += 1
    return spans


@Language.component("kg_product_gazetteer", assigns=["doc._.kg_candidates"])
def product_gazetteer(doc: Doc) -> Doc:
    """Add a Product candidate for each mined product name in the Doc, unless a recogniser
    already found a longer product around it (新款 + 某某ZS: the longer name stays); then the rest
    of any product's name cut short (:mod:`kg.recognise.model_tails`: 某Plus 7 + T Pro); then the
    mined makers with a maker's sign beside them (:mod:`kg.recognise.makers`), and a maker's
    Latin model after it (:func:`kg.recognise.model_tails.maker_models`: 某牌 + MIX Alpha), and
    Latin words after a kind word (:func:`kg.recognise.model_tails.kind_models`: 手机 + Star Fold)."""
    _ensure_extensions()
    found = _candidates(doc)
    text = doc_text(doc)
    longer = [(m.start, m.end) for m in found if m.label == "Product"]
    for start, end in find_products(text, _token_table(doc)):
        if not any(s <= start and end <= e and e - s > end - start for s, e in longer):
            found.append(_mention(doc, start, end, "Product", "rule"))
    found += model_tails(text, found)
    add_makers(doc, find_products)
    found += maker_models(text, found)
    found += kind_models(text, found)
    return doc

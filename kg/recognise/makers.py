"""Makers and brands mined from public corpora (``ontology/lexicon/makers_mined.json``, written
by :mod:`kg.recognise.mine_makers`), named Company where the sentence shows a maker.

Many brands are everyday words or read like a person's name (a flag, a wall, glory; a surname
and a character), so a mined name alone names nothing: it becomes a Company candidate (source
``rule``) only with a second sign beside it (``words.signs``): a word right after it (旗下, 品牌,
手机, 汽车, 官方 …) or right before it (品牌, 厂商, 车企 …), a launch verb after it over the gap
words of ``launches.json`` (某牌 + 今日 + 正式发布), or a model code glued after it (某牌 + X30;
the model's name holds it, and :func:`kg.recognise.cleaning.containers` names the maker too).
Then the name takes the place of a Person or Place candidate of the same span (a tagger's
reading of the brand), or stands where no candidate lay. Products and organisations found
there are left alone.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .doc import _candidates, _mention, _token_table, doc_text
from .rule_launches import launch_words

#: the key of the list's hashes (:func:`~kg.recognise.mine_products.name_hash`; kg.recognise.mine_makers writes them)
KEY = b"kg-makers-mined-v1"
#: the labels a mined maker with a sign takes the place of (a tagger's reading of a brand), and
#: those it takes the place of only with a sign that only an organisation has (某牌 + 旗下 / CEO)
RETYPED = frozenset(("Person", "Place"))
RETYPED_BY_ORGANISATION = frozenset(("Product",))
#: the recognisers whose model opening with a mined maker is named as the grammar names one
_MODEL_SOURCES = frozenset(("lac", "ner", "vote"))
#: punctuation: a launch verb after it is another clause's
_STOP = re.compile(r"[^\w\s]")
#: jieba's tags of the noun after 在 / 于 (a place, a time, a venue's name) before the launch verb
_PLACE_TIME = frozenset(("ns", "t", "m", "f", "nr", "nz", "n"))
#: a model code glued to a brand (X30, 9X, K20 Pro): a letter or digits, not a quantity
_CODE = re.compile(r" ?(?:[A-Z][A-Za-z]{0,3}\d*|\d{1,3}[A-Za-z]{0,2})(?![A-Za-z])")


@lru_cache(maxsize=1)
def mined_makers() -> tuple[frozenset[str], int, dict]:
    """The hashes of the mined names, the longest run of words to try and the sign words."""
    from ..ontology import ontology_dir

    data = json.loads((ontology_dir() / "lexicon" / "makers_mined.json").read_text(encoding="utf-8"))
    signs = data["words"]["signs"]
    launch = launch_words()
    words = {
        "organisation_after": tuple(sorted(signs["organisation_after"], key=len, reverse=True)),
        "after": tuple(sorted(set(signs["after"]) | set(launch["kinds"]), key=len, reverse=True)),
        "before": tuple(sorted(signs["before"], key=len, reverse=True)),
        "verbs": tuple(sorted(launch["subject_verbs"] | launch["object_verbs"], key=len, reverse=True)),
        "gaps": launch["gap_words"] - set(signs["at"]),
        "at": frozenset(signs["at"]),
        "gap_most": signs["gap_most"],
        "not_codes": launch["not_codes"],
        "quantities": launch["quantities"],
    }
    return frozenset(data["hashes"]), int(data["max_words"]), words


def _launched_after(text: str, tokens, j: int, words: dict) -> bool:
    """Whether a launch verb follows token ``j`` (the name's last), over gap words and a place or
    a time after 在 / 于 (某牌 + 在 + 某城 + 正式发布): at most ``words["gap_most"]`` characters, no punctuation."""
    end, placed = tokens[j].end, False
    for k in range(j + 1, len(tokens)):
        word, tag = tokens[k].text, tokens[k].tag
        if tokens[k].start - end > words["gap_most"] or _STOP.search(word):
            return False
        if text.startswith(words["verbs"], tokens[k].start):
            return True
        if word in words["at"]:
            placed = True
        elif word not in words["gaps"] and not (placed and tag in _PLACE_TIME):
            return False  # only a place or a time after 在 (and the words naming it)
    return False


def has_sign(text: str, tokens, i: int, j: int, words: dict) -> str | None:
    """The maker's sign beside the name of tokens ``i`` to ``j`` (module docstring):
    ``organisation`` (a word only an organisation takes, 旗下 / CEO, or a maker's word before it,
    厂商 / 车企), ``model`` (a model's code glued after it), ``maker`` (any other sign) or None."""
    start, end = tokens[i].start, tokens[j].end
    after = text[end:end + 12]
    if after.startswith(words["organisation_after"]) or text[:start].endswith(words["before"]):
        return "organisation"
    if after.startswith(words["after"]):
        return "maker"
    code = _CODE.match(after)
    if code and code.group().strip() not in words["not_codes"] and not words["quantities"].match(after.lstrip()) \
            and not re.match(r"\d", text[end + code.end():end + code.end() + 1]):
        return "model"
    return "maker" if _launched_after(text, tokens, j, words) else None


def add_makers(doc, find, hashes: frozenset[str] | None = None) -> None:
    """Add a Company candidate for each mined maker with a sign (module docstring); ``find``
    is :func:`kg.recognise.gazetteer.find_products` (the runs of whole words hashing to a name),
    ``hashes`` the names' (:func:`~kg.recognise.mine_products.name_hash` with this list's key),
    the shipped file's by default."""
    shipped, most, words = mined_makers()
    hashes = shipped if hashes is None else hashes
    if not hashes:
        return
    found = _candidates(doc)
    text, tokens = doc_text(doc), _token_table(doc)
    first = {t.start: k for k, t in enumerate(tokens)}
    last = {t.end: k for k, t in enumerate(tokens)}
    for start, end in find(text, tokens, hashes, most, KEY):
        sign = has_sign(text, tokens, first[start], last[end], words)
        if sign is None:
            continue
        retyped = RETYPED | RETYPED_BY_ORGANISATION if sign == "organisation" else RETYPED
        if sign == "model":
            # a model another recogniser named (某牌X9): named as the naming grammar names a known
            # maker's model, so that the maker opening it is named too (kg.recognise.cleaning.containers)
            for k, m in enumerate(found):
                if m.label == "Product" and m.start == start and m.end > end and m.source in _MODEL_SOURCES:
                    found[k] = _mention(doc, m.start, m.end, "Product", "rule")
        # a tagger's person or place read over the brand, or opening with it (某牌 + 旗下品牌); a
        # product read over it when only an organisation fits (某牌 + CEO)
        same = [m for m in found if m.start == start and m.label in retyped and m.source not in ("lexicon", "byline")
                and (end < m.end and m.label in RETYPED or end == m.end)]
        if any(m.start < end and start < m.end and m not in same
               and not (m.label == "Product" and m.start == start and m.end > end and m.source == "rule") for m in found):
            continue  # another name holds it (a rule's model opening with it stays, the maker is named too)
        for m in same:
            found.remove(m)
        found.append(_mention(doc, start, end, "Company", "rule"))

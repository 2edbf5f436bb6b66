"""The rest of a product's name that a recogniser cut short: 某Plus 7 + T Pro, 某一7 + Pro, 某OS +
13.1.2, 某某Mate + Xs, 某名 + GX.

A product candidate (any recogniser's: the lexicon's 某OS, LAC's 某Plus 7, the gazetteer's) may
end inside a Latin word or a code (jieba or LAC cut 7|T), or before what a model's name goes on
with. It is taken on over: the rest of the Latin word or code it ends inside, then, each after
at most one space, up to ``most`` of: a model word (``grammar.json`` ``product_models``
``model_words``: Pro, Max, Lite …), a version number (13, 13.1.2, 7T), a capital code of one
to three letters (X, Xs, GX, II), a pre-release word and its number (beta 2). A number is no
version when a unit (64GB, 5000mAh: ``product_models`` ``units``) or a counter (2019年, 30万:
``counters``) follows it. The words are data (``product_gazetteer.json`` ``model_tails``).

Each longer form is added as a rule candidate of the same class; the canonicaliser's
precedence (longest first within a tier) chooses it, and the shorter stays a candidate. A
longer form that would end inside another candidate of another class is not added.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..grammar import load_grammar
from ..records import Mention

_HAN_LAST = re.compile(r"[\u4e00-\u9fff]")


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _tail() -> tuple[re.Pattern, re.Pattern, int]:
    from .mine_products import gazetteer_words

    from .rule_launches import launch_words

    p, w = load_grammar()["product_models"], gazetteer_words()["model_tails"]
    stop = rf"(?![A-Za-z0-9.\-])"
    # no word that is no model's code (AI, OS, CEO: launches.json not_codes), unless a model word (5G)
    codes = rf"(?!(?:{_alternation(set(launch_words()['not_codes']) - set(p['model_words']))}){stop})"
    quantity = rf"(?:{_alternation(p['units'])})(?![A-Za-z])|(?:{_alternation(p['counters'])})"
    piece = (rf"(?:{_alternation(p['model_words'])}){stop}"
             rf"|\d+(?:\.\d+)*[A-Za-z]?{stop}(?!{quantity})"
             rf"|{codes}[A-Z][A-Zs]{{0,2}}{stop}"
             rf"|(?:{_alternation(w['pre_release'])})(?: ?\d+)?{stop}")
    return re.compile(rf" ?(?:{piece})"), re.compile(r"[A-Za-z0-9]+"), int(w["most"])


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    from ..ontology import ORGANIZATION_CLASSES, load_schema

    return tuple(s for s, c in load_schema().suffixes.items() if c in ORGANIZATION_CLASSES)


@lru_cache(maxsize=1)
def _counters() -> tuple[str, ...]:
    return tuple(load_grammar()["product_models"]["counters"])


@lru_cache(maxsize=4)
def _upper(words: frozenset[str]) -> frozenset[str]:
    return frozenset(x.upper() for x in words)


def _letter(c: str) -> bool:
    return c.isascii() and c.isalnum()


def tail_end(text: str, end: int) -> int:
    """Where the product name ending at ``end`` really ends (``end`` when nothing continues it).

    >>> t = "发布OnePlus 7T Pro以及"
    >>> t[2:tail_end(t, 11)]
    'OnePlus 7T Pro'
    >>> t = "发布某OS 13.1.2之后"
    >>> t[2:tail_end(t, 5)]
    '某OS 13.1.2'
    >>> tail_end("某OS 2019年", 3), "某Phone 11 64GB"[:tail_end("某Phone 11 64GB", 6)]
    (3, '某Phone 11')
    """
    piece, word, most = _tail()
    new = end
    if 0 < new < len(text) and _letter(text[new - 1]) and _letter(text[new]):
        new = word.match(text, new).end()
    for _ in range(most):
        m = piece.match(text, new)
        if m is None or m.end() == new:
            break
        # a number glued to a Han character is a short whole one (某争霸3, not 某争霸31.25)
        if _HAN_LAST.match(text[new - 1]) and not re.fullmatch(r" .*|\d{1,2}|[A-Za-z].*", m.group()):
            break
        new = m.end()
    return new


def model_tails(text: str, candidates: list[Mention]) -> list[Mention]:
    """The longer forms of the products among ``candidates`` (see the module docstring)."""
    have = {(m.start, m.end, m.label) for m in candidates}
    out = []
    for m in candidates:
        if m.label != "Product":
            continue
        end = tail_end(text, m.end)
        if end == m.end or (m.start, end, m.label) in have:
            continue
        # not into another class's name (某Phone + Xs某公司 would cut it)
        if any(o.label != "Product" and o.start < end < o.end for o in candidates):
            continue
        have.add((m.start, end, m.label))
        out.append(Mention(m.start, end, text[m.start:end], m.label, "rule"))
    return out


#: what is glued after a maker: Latin words, a model's or a line's name (某牌 + Pixel 4, 某牌 +
#: MIX Alpha), or a short number and its letters (某牌 + 20i, 某牌 + 9T; digits alone are no model:
#: 某牌 + 20 may be a count or an everyday word's); with a space between,
#: the maker keeps its name (某集团 + 空格 + 某S1H: the grammar's)
_GLUED = re.compile(r"([A-Za-z][A-Za-z0-9]*(?:[ \-][A-Za-z0-9]+)*|\d{1,2}[A-Za-z]{1,2})(?![A-Za-z0-9.\-])")


def maker_models(text: str, candidates: list[Mention]) -> list[Mention]:
    """A brand (a Company candidate ending in a Han character, no organisation suffix: 某集团 +
    某Nova 30 keeps its name) with Latin words or a short
    number glued after it names a product with the maker in it (某牌 + MIX Alpha, 某牌 + Macan,
    某牌 + 20i), as the naming grammar names a known maker's model with a code
    (:mod:`kg.grammar`; :func:`kg.recognise.cleaning.containers` names the maker too). Not a
    word that is no model's name (CEO, AI, App: ``launches.json`` ``not_codes``, in any case),
    no word of small letters alone (某行 + atm) nor of capitals alone (an acronym: 某集团 + ESG;
    a code has digits), not a quantity nor digits before a counter (某牌 + 10周年, 某Mate30 +
    9月: the model's end is unknown), not where a name of another class lies over the glued
    words, not before a product the lexicon knows (某牌 + a known OS: that name stands alone),
    and not where a product already holds the maker and the words."""
    from .rule_launches import launch_words

    w = launch_words()
    have = [(m.start, m.end) for m in candidates if m.label == "Product"]
    out = []
    suffixes = _org_suffixes()
    for m in candidates:
        if m.label != "Company" or not _HAN_LAST.search(m.text[-1:]) or m.text.endswith(suffixes):
            continue
        glued = _GLUED.match(text, m.end)
        if glued is None:
            continue
        words = glued.group(1)
        end = tail_end(text, glued.end())
        if re.search(r"\d$", words) and text.startswith(_counters(), end) \
                or words.split()[0].upper() in _upper(w["not_codes"]) or not re.search(r"[A-Z0-9]", words) \
                or not re.search(r"[a-z0-9]", words) or w["quantities"].match(text, glued.start()) \
                or text.startswith(_counters(), glued.end()) or len(words) < 2 \
                or any(s <= m.start and end <= e for s, e in have) \
                or any(o.source == "lexicon" and o.label == "Product" and o.start == glued.start() for o in candidates) \
                or any(o.label != "Product" and o is not m and o.start < end and glued.start() < o.end for o in candidates):
            continue
        have.append((m.start, end))
        out.append(Mention(m.start, end, text[m.start:end], "Product", "rule"))
    return out


@lru_cache(maxsize=1)
def _after_kind() -> re.Pattern:
    from .rule_launches import launch_words

    kinds = set(launch_words()["kind_endings"]) | set(load_grammar()["product_models"]["device_heads"])
    han = [k for k in kinds if _HAN_LAST.match(k[-1:])]
    return re.compile(rf"(?:{_alternation(han)}) ?([A-Za-z][A-Za-z0-9]*(?:[ \-][A-Za-z0-9]+)*)(?![A-Za-z0-9.\-])")


def kind_models(text: str, candidates: list[Mention]) -> list[Mention]:
    """Latin words right after a kind word name the product (折叠屏手机 + Star Fold, 眼镜 + Vexa
    Vision): a capital in them and a small letter or a digit (capitals alone are an acronym:
    客户端 + XSS), not a word that is no model's name (App, AI, PC: ``launches.json``
    ``not_codes``, in any case), not a quantity, not where another recogniser's name of any
    class lies over them, taken on over a model's tail (:func:`tail_end`). The kind words are
    ``launches.json`` ``kinds`` and ``grammar.json`` ``product_models`` ``device_heads``."""
    from .rule_launches import launch_words

    w = launch_words()
    out = []
    for m in _after_kind().finditer(text):
        start, words = m.start(1), m.group(1)
        end = tail_end(text, m.end())
        if len(words) < 2 or not re.search(r"[A-Z]", words) or not re.search(r"[a-z0-9]", words) \
                or words.split()[0].upper() in _upper(w["not_codes"]) \
                or w["quantities"].match(text, start) \
                or any(o.start < end and start < o.end for o in candidates + out):
            continue
        out.append(Mention(start, end, text[start:end], "Product", "rule"))
    return out

"""The product names that DuEE's launched-product arguments hold (``kg eval duee``'s
``Product / names`` and ``Product / descriptions`` rows).

A 发布产品 argument is often a phrase around a name (全新一代 + 某某X9, 两款中端机型 + 某K5 和 某K4,
《某某》+ AR手游) or a phrase with no name at all (首款 + 全面屏手机, a count of things). The contract
calls a Product a name (a product, platform, app or service), so the argument is also judged by
the name it holds, read as :mod:`kg.recognise.mine_products` reads the training annotations
(``product_gazetteer.json``): split at the separators of listed products (、 ， ： —— 以及, 和/与
beside a Latin letter, a digit or a quote), the part in 《》 or quotes where one is written, what
follows the last describing word (全新, 新款, …的; the 款 of a model year stays) or the
last category word before a Latin or digit code (降噪耳机 + a code), less a category word at either end (手机,
车型, 系列产品). An argument holding a count and a classifier (``counted``: 首款, 两款, 第一部) and
no Latin letter or digit after its describing words describes products: it is counted apart
(``descriptions``) and in no name's recall or precision. The argument rows themselves are
unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..recognise.words import recognise_words

#: a part written between book-title marks or quotation marks, closed or cut by the argument's edge
#: separators after which the names come: 四大系统 + ：, 某品牌旗下SUV + ——
_ANNOUNCING = frozenset("：:—") | {"——"}
_QUOTED = re.compile(r"[《“\"「【]([^《》“”\"「」【】]+)(?:[》”\"」】]|$)|^([^《》“”\"「」【】]+)[》”\"」】]")


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern, tuple[str, ...], tuple[str, ...], re.Pattern, str]:
    from ..recognise.mine_products import gazetteer_words

    w = gazetteer_words()
    return (re.compile(w["separators"]), tuple(sorted(w["descriptors"], key=len, reverse=True)),
            tuple(sorted(w["categories"], key=len, reverse=True)), re.compile(w["counted"]), w["quotes"] + " ")


def product_names(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The names in the argument ``text[start:end]`` and its items that only describe products.

    >>> t = "发布全新一代天枢X9手机和《云帆》"
    >>> names, described = product_names(t, 2, len(t))
    >>> [t[s:e] for s, e in names], described
    (['天枢X9', '云帆'], [])
    >>> t = "发布首款全面屏手机"
    >>> product_names(t, 2, len(t))
    ([], [(2, 9)])
    """
    separators, descriptors, categories, counted, quotes = _words()
    trailing = tuple(sorted(recognise_words()["duee"]["trailing"], key=len, reverse=True))
    names, described = [], []
    begin, pieces = start, []
    for m in separators.finditer(text, start, end):
        # what a colon or a dash closes announces the names after it (四大系统：…)
        pieces.append((begin, m.start(), m.group() in _ANNOUNCING))
        begin = m.end()
    pieces.append((begin, end, False))
    for s0, e0, announcing in pieces:
        s, e = s0, _trim_end(text, s0, e0, categories + trailing, quotes)
        q = _QUOTED.search(text[s:e])
        if announcing:
            described.append((s0, e0))
            continue
        if q and (q.group(1) or q.group(2)).strip(quotes):
            g = 1 if q.group(1) else 2
            s, e = s0 + q.start(g), s0 + q.end(g)
        else:
            cut = max((text.rfind(d, s, e) + len(d) for d in descriptors if text.find(d, s, e) >= 0
                       and not _model_year(text, text.rfind(d, s, e), d)), default=s)
            # a count (首款, 两款) and no model after it: a description (5G is no model)
            if counted.search(text, s, e) and not re.search(r"[A-Za-z0-9]", re.sub(r"\d+G", "", text[cut:e])):
                described.append((s0, e0))
                continue
            s = cut
            # a kind word, then the model's Latin or digit code: 降噪耳机 + WF-1000XM3
            kind = max((text.rfind(c, s, e) + len(c) for c in categories if text.find(c, s, e) >= 0), default=s)
            if kind > s and re.match(r" ?[A-Za-z0-9]", text[kind:e]):
                s = kind
        for cat in categories:
            if text.startswith(cat, s, e):
                s += len(cat)
        while s < e and text[s] in quotes:
            s += 1
        e = _trim_end(text, s, e, categories, quotes)
        if e > s:
            names.append((s, e))
        elif e0 > s0:
            described.append((s0, e0))
    return names, described


def _model_year(text: str, at: int, word: str) -> bool:
    """Whether the describing word at ``at`` is a model year's classifier (2020款 + a model: DuEE
    and :mod:`kg.recognise.extend` both keep the year with the model)."""
    return len(word) == 1 and at > 0 and text[at - 1].isdigit()


def _trim_end(text: str, s: int, e: int, words: tuple[str, ...], quotes: str) -> int:
    """``e`` less quotes and the ``words`` that end ``text[s:e]`` (at most two)."""
    for _ in range(2):
        while e > s and text[e - 1] in quotes:
            e -= 1
        e -= next((len(w) for w in words if e - s > len(w) and text.endswith(w, s, e)), 0)
    while e > s and text[e - 1] in quotes:
        e -= 1
    return e


def name_rows(records: list[dict], found: list[set], rows: dict, shots: dict, misses: list) -> None:
    """Add the ``Product / names`` row (recall exact and head, precision over the sentences
    holding a name) and the ``Product / descriptions`` row to ``rows`` and ``shots``."""
    names_key, described_key = "Product / names", "Product / descriptions"
    for record, mentions in zip(records, found):
        products = {(s, e) for s, e, label in mentions if label == "Product"}
        for key, spans in ((names_key, record.get("names", ())), (described_key, record.get("descriptions", ()))):
            for s, e in sorted(spans):
                exact = (s, e) in products
                head = exact or any(s <= ms and me == e for ms, me in products)
                rows[key]["gold"] += 1
                rows[key]["exact"] += exact
                rows[key]["head"] += head
                if key == names_key and not exact:
                    got = sorted(record["text"][ms:me] for ms, me in products if ms < e and s < me)
                    misses.append({"id": record["id"], "half": record["half"], "class": "Product", "role": "names",
                                   "argument": record["text"][s:e], "head": head, "found": got,
                                   "text": record["text"]})
        names = record.get("names", set())
        if names:
            for ms, me in products:
                shots[names_key][0] += 1
                shots[names_key][1] += (ms, me) in names
                shots[names_key][2] += any(s <= ms and me == e for s, e in names)

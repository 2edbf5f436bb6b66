"""Names that go on past the candidate found: what the naming grammar writes at a name's edges.

A product found with a describing word before it (新款 + 某X9: ``product_models``
``leading_descriptors``) or a kind word before a Latin name (折叠屏手机 + Star Fold) is first
taken as the name after it.

Run by the canonicaliser before it chooses (:mod:`kg.recognise.canonicalizer`); each longer
form is added as a rule candidate of the same class, so the order of precedence (longest
first) chooses it, and the shorter one stays a candidate:

* a product and a qualifier closed by a series or version word (``grammar.json``
  ``product_models``: ``series_words``, at most ``qualifier_max`` Han characters, whole words,
  no function word, no verb before the series word's; ``series_alone`` with no qualifier):
  天枢100 + 长续航版, 某Book 14 + 集显版, 某机 + 国行系列, 某X9 + 系列; and the model year
  written before it (``recognise.json`` ``event_qualifiers`` ``model_year``: 2031款 + 某X9);
* an event and the edition or year written right before it (``recognise.json`` ``ordinals``:
  第N届 / 首届 / 2019年): 第六届 + 某某大会, 2019 + 某某博览会; a lexicon's event takes an
  edition only (2021年 + a known 某某大会 is still that event's mention); before that, a season,
  an age group or a sport (``recognise.json`` ``event_qualifiers``: 2019赛季 + 某某杯, 男篮 + 世界杯);
  and the stage written after it (``grammar.json`` events ``stages``: 某某杯 + 女单1/4决赛);
* a place and a station word closing a list item (``recognise.json`` ``stations``: 某市 + 东站、).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..grammar import _function_word, event_stage, load_grammar
from ..records import Mention
from .words import recognise_words

_EXTENDED = ("lexicon", "rule", "lac", "ner")
_HAN_START = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    p = load_grammar()["product_models"]
    series = "|".join(map(re.escape, sorted(p["series_words"], key=len, reverse=True)))
    alone = "|".join(map(re.escape, p["series_alone"]))
    qualifier = re.compile(rf" ?(?:([\u4e00-\u9fff]{{1,{p['qualifier_max']}}}?)(?:{series})|()(?:{alone}))")
    ordinals = recognise_words()["ordinals"]
    before = re.compile(rf"(?:{ordinals['edition']}|(?:19|20)\d\d(?:{ordinals['year_word']})?)$")
    q = recognise_words()["event_qualifiers"]
    kinds = "|".join(map(re.escape, sorted(q["disciplines"], key=len, reverse=True)))
    event_qualifier = re.compile(rf"(?:{q['season']}|{q['age_group']}|{kinds})$")
    version = re.compile(rf"(?:{series})")
    return (qualifier, before, re.compile(ordinals["edition"]), event_qualifier, re.compile(rf"{q['model_year']} ?$"),
            version)


def extend_names(text: str, tokens, candidates: list[Mention]) -> list[Mention]:
    """The longer forms of the products and events among ``candidates`` (see the module
    docstring); ``tokens``: ``(start, end, word, tag)``.

    >>> from kg.records import Token
    >>> toks = [Token(0, 5, "天枢100", "eng"), Token(5, 7, "青春", "n"), Token(7, 8, "版", "n")]
    >>> [m.text for m in extend_names("天枢100青春版", toks, [Mention(0, 5, "天枢100", "Product", "rule")])]
    ['天枢100', '天枢100青春版']
    """
    qualifier, before, edition, event_qualifier, model_year, version = _patterns()
    starts = {t.start: i for i, t in enumerate(tokens)}
    candidates = [_undescribed(text, m, starts) for m in candidates]
    ends = {t.end for t in tokens}
    taken = {(m.start, m.end) for m in candidates}
    places = {m.end: m.start for m in candidates if m.label == "Place"}
    known = {(m.start, m.end) for m in candidates if m.source == "lexicon"}
    out = []
    for m in candidates:
        if m.source not in _EXTENDED:
            continue
        start, end = m.start, m.end
        if m.label == "Product":
            q = qualifier.match(text, end)
            first = 1 if q and q.group(1) is not None else 2
            if q and q.end() in ends and _plain_words(tokens, starts, q.start(first), q.end(first), q.end()):
                end = q.end()
            elif text[end - 1:end].isdigit() and (v := version.match(text, end)) \
                    and v.end() in ends:
                end = v.end()  # a code and its series word: 某播放器V2.0 + 版
            year = model_year.search(text, max(0, start - 6), start)
            if year and not text[:year.start()][-1:].isdigit():
                start = year.start()  # 2031款 + a model
        elif m.label == "Event":
            # a season, an age group or a sport first (田径 + 世锦赛), the place it is named after
            # (某国 + 羽毛球世锦赛: not a lexicon's event's), then an edition or a year (a sport
            # after a year too: 2019 + 男篮 + 世界杯)
            for pattern in (event_qualifier, None, before):
                if pattern is None:
                    if (m.start, m.end) not in known and start in places and _HAN_START.match(text, start):
                        start = places[start]
                    continue
                head = pattern.search(text, max(0, start - 12), start)
                if head and (head.start() in starts or head.start() == 0) \
                        and (not text[:head.start()][-1:].isdigit() or pattern is event_qualifier
                             and before.search(text, max(0, head.start() - 12), head.start())) \
                        and (m.source != "lexicon" or start != m.start or pattern is event_qualifier
                             or edition.match(head.group())):
                    start = head.start()
            stage = event_stage().match(text, end)  # 某某杯 + 1/4决赛: the stage is the event's
            end = stage.end() if stage and (stage.end() in ends or stage.end() == len(text)) else end
        elif m.label == "Place" and (station := _station().match(text, end)):
            end = station.end()  # 某市 + 东站、: the station, one place
        if (start, end) != (m.start, m.end) and (start, end) not in taken:
            taken.add((start, end))
            out.append(Mention(start, end, text[start:end], m.label, "rule"))
    return candidates + out


@lru_cache(maxsize=1)
def _station() -> re.Pattern:
    """A station word after a place, closing a list item (``recognise.json`` ``stations``)."""
    return re.compile(recognise_words()["stations"]["pattern"])


def _undescribed(text: str, m: Mention, starts: dict[int, int]) -> Mention:
    """A product found with a describing word before it (``product_models``'
    ``leading_descriptors``: 新款 + 某X9) as the name after it, when that starts a word and holds
    two characters or more."""
    if m.label != "Product" or m.source not in _EXTENDED:
        return m
    word = next((w for w in _leading() if m.text.startswith(w)), None)
    cut = len(word) if word is not None and m.start + len(word) in starts else 0
    # a kind word, then a Latin name: 折叠屏手机 + Star Fold, 紧凑型SUV —— + 某某 GX
    kind = _kind_then_latin().search(m.text, cut)
    if kind and m.start + kind.end() in starts:
        cut = kind.end()
    if cut == 0 or len(m.text) - cut < 2:
        return m
    start = m.start + cut
    return replace(m, start=start, text=text[start:m.end])


@lru_cache(maxsize=1)
def _kind_then_latin() -> re.Pattern:
    """The last kind word of a product's text followed by a Latin name (product_gazetteer.json
    ``categories`` and grammar.json ``device_heads``), with a space or a dash after it."""
    from .mine_products import gazetteer_words

    kinds = set(gazetteer_words()["categories"]) | set(load_grammar()["product_models"]["device_heads"])
    alternation = "|".join(map(re.escape, sorted(kinds, key=len, reverse=True)))
    return re.compile(rf"(?:{alternation})[ \-—]*(?=[A-Za-z][^\u4e00-\u9fff]*$|[A-Za-z][A-Za-z0-9 ]+$)")


@lru_cache(maxsize=1)
def _leading() -> tuple[str, ...]:
    return tuple(sorted(load_grammar()["product_models"]["leading_descriptors"], key=len, reverse=True))


def _plain_words(tokens, starts: dict[int, int], start: int, end: int, stop: int) -> bool:
    """Whether ``start:end`` begins a word and its words are no function word, and no verb but
    the one that holds the series word ending at ``stop`` (集 + 显版: jieba's guess)."""
    i = starts.get(start)
    if i is None:
        return False
    if start == end:
        return True  # no qualifier: 某X9 + 系列
    while i < len(tokens) and tokens[i].start < end:
        if _function_word(tokens[i].tag) or tokens[i].tag.startswith("v") and tokens[i].end != stop:
            return False
        i += 1
    return True

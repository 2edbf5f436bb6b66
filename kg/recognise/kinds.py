"""Names that are no names: a kind written in everyday words (学校 + 食堂, 专门 + 委员会), a
generic phrase the tokenizer tags as a name (words.json ``kind_names``), two one-character place
abbreviations glued (甲乙 for two provinces), a numbered session of a body (十四届 + 某会) read as
an organisation, a body's name ending in a word that is no part of it (某地 + 地处), a descriptor
glued before a model code (某某飞机 + AB100: the model is the name), and a transliterated place
the recognisers typed Person where the text places it (X以北, 北部X).

Used by :func:`kg.recognise.cleaning.clean_candidates` on every candidate but the lexicon's, a byline's,
an anaphor's and a quotation's.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from ..ontology import ORGANIZATION_CLASSES, load_schema, load_words
from ..records import Mention
from .words import recognise_words

#: jieba's flags of words that may stand in a name as its proper part: persons, places,
#: organisations, other proper nouns, abbreviations, Latin words, numerals (a model's code),
#: morphemes, unknown strings, fixed phrases (a game's or a body's name: 发展中国家 + 科学院)
_PROPER_TAGS = frozenset(("nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "g", "m", "x", "ng", "nrj", "l"))
#: how often jieba's dictionary has a word that is an everyday word (its frequency)
_COMMON = 50
#: the classes whose names need a proper part (a person's name is read by jieba as anything;
#: events, policies and strategies are named in everyday words)
_NEEDS_PROPER = frozenset(("Place", "Product", *ORGANIZATION_CLASSES))
#: jieba's flags of a last word no organisation's name ends in: a place word, a position, an
#: adverb, a function word (某地 + 地处); not a verb (jieba reads 促进会, 分行 as verbs)
_NOT_LAST = ("s", "f", "d", "p", "c", "u", "r")
#: the statistical recognisers' sources (the tagger's vote, the models, LAC)
_STATISTICAL = ("vote", "ner", "lac")
#: aspect particles: a suffix that is also a verb right before one is the verb (学会 + 了)
_ASPECT = frozenset("了着过")
#: a descriptor in Chinese characters and a model code (some letters and a number)
_MODEL = re.compile(r"([\u4e00-\u9fff]{2,})([A-Za-z]{1,4}-?\d[A-Za-z0-9-]*)")
#: a model code ending a text (某牌X7, 某某AB-100 )
_CODE_AT_END = re.compile(r"[A-Za-z]{1,4}-?\d[A-Za-z0-9-]*\s?$")


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset, frozenset, tuple, dict, tuple]:
    words, rec = load_words(), recognise_words()
    return (frozenset(words["kind_names"]["words"]), frozenset(rec["place_abbreviations"]["characters"]),
            tuple(words["model_descriptors"]["words"]), rec["place_context"], tuple(words["kind_heads"]["words"]))


def _start(t) -> int:
    return t.start


def _inside(tokens, start: int, end: int):
    """The words of ``tokens`` (in text order, none overlapping) that lie within ``start``–``end``."""
    out = []
    for t in tokens[bisect_left(tokens, start, key=_start):]:
        if t.start >= end:
            break
        if t.end <= end:
            out.append(t)
    return out


def inside_word(tokens, pos: int) -> bool:
    """Whether ``pos`` falls strictly inside one of ``tokens`` (in text order, none overlapping)."""
    i = bisect_left(tokens, pos, key=_start) - 1
    return i >= 0 and tokens[i].end > pos


def why_not_a_name(text: str, tokens, m: Mention) -> str:
    """Why a candidate names a kind or a piece of a phrase, no one thing (see the module), or "".

    ``tokens``: the Doc's token table (``start``, ``end``, ``text``, ``tag``).
    """
    kinds, abbreviations, _, _, heads = _lists()
    if m.text in kinds:
        return "kind name"
    marks = recognise_words()["kind_marks"]
    if m.text.endswith(marks["unnamed"]) and text.startswith(marks["model_kind"], m.end):
        return "unnamed model"  # 某厂 + 某 + 型: an unnamed model, no person
    if m.label not in _NEEDS_PROPER:
        return ""
    _, _, descriptors, _, _ = _lists()
    kind = next((d for d in descriptors if m.text.endswith(d)), "")
    if kind and m.label in ORGANIZATION_CLASSES and _CODE_AT_END.search(m.text[:-len(kind)]):
        return "model and kind"  # 某牌X7 + 汽车: a model and the kind of thing it is, no company
    if m.label != "Place" and m.text.endswith(heads):
        return "concept head"  # 某某 + 命运共同体, 某地 + 旅游团: a concept, a group of visitors
    words = _inside(tokens, m.start, m.end)
    if not words:
        return ""
    if m.label == "Product" and (inside_word(tokens, m.start) or inside_word(tokens, m.end)):
        return "cut word"  # an edge inside a word (服务 + 业投资): a piece of a phrase
    # a product's name of two words or more, each a common word of jieba's dictionary or one
    # character, one at least a word of two characters, none a name's (广大 + 毕业生): a kind
    # (two single characters may be a brand). A place's, an organisation's name is
    # often written in such words (世纪 + 大道, 民政 + 事务局: MSRA test, CLUENER dev)
    # … or an organisation's ending in one character before 的 (新 + 时代 + 党 of 新时代党的 + 路线: the
    # character opens a phrase with 的; a team's 热 + 刺 stands alone: CLUENER dev)
    if (m.label == "Product" or m.label in ORGANIZATION_CLASSES and len(words[-1].text) == 1
            and text.startswith(recognise_words()["possessive"], m.end)) \
            and len(words) > 1 and any(len(t.text) > 1 for t in words) and all(
            t.tag not in _PROPER_TAGS and _HAN_ONLY.fullmatch(t.text) and (len(t.text) == 1 or _common(t.text))
            for t in words):
        return "everyday words"
    if m.label == "Place" and m.source in _STATISTICAL and not words[-1].text.endswith(_place_suffixes()) and any(
            len(t.text) > 1 and t.tag == "v" and _common(t.text) for t in words):
        return "verb in place"  # a common verb in a place's name not ending in a place's word
        # (某国 + 引渡 + 条约): a phrase the model cut
    if m.label == "Place" and len(m.text) == 2 and all(c in abbreviations for c in m.text) and not _known(m.text):
        return "place pair"  # two provinces or countries by one character each: a pair, no place
    if m.label in ORGANIZATION_CLASSES:
        why = _unnamed_body(text, words, m)
        if why:
            return why
    if m.label in ORGANIZATION_CLASSES and m.source in _STATISTICAL and len(words) > 1 \
            and words[0].tag == "m" and words[0].text.endswith(marks["term"]) and not words[0].text[0].isdigit():
        return "session"  # 十四届 + 某会: the body's session; the body is named inside
    if m.label in ORGANIZATION_CLASSES and len(words) > 1 and len(words[0].text) > 1 \
            and words[0].text in load_schema().suffixes and all(t.tag not in _PROPER_TAGS for t in words):
        return "suffix first"  # 集团 + 俱乐部: a name opening with a bare class word names a kind
    last = words[-1]
    if m.label in ORGANIZATION_CLASSES and len(words) > 1 and last.end == m.end \
            and last.tag.startswith(_NOT_LAST) and len(last.text) > 1 and last.text not in _suffix_words():
        return "last word"  # 某地 + 地处: a verb or a place word glued after a name
    return ""


@lru_cache(maxsize=1)
def _unnamed() -> SimpleNamespace:
    """words.json ``unnamed_organisations``: its word lists as tuples, its patterns compiled, and
    ``generic_determiners``."""
    words = load_words()
    spec = {k: v for k, v in words["unnamed_organisations"].items() if not k.startswith("_")}
    lists = {k: tuple(v) for k, v in spec.items() if isinstance(v, list)}
    return SimpleNamespace(**lists, counted=re.compile(spec["counted"]), dated=re.compile(spec["dated"]),
                           determiners=frozenset(words["generic_determiners"]))


def _unnamed_body(text: str, words, m: Mention) -> str:
    """Why an organisation's candidate names a side, a number of bodies, a clause or a kind, or ""
    (words.json ``unnamed_organisations``): X方 (a side of talks); two countries' short names
    before 建交, 两国 … anywhere in the text (a pair); a count and a measure word first (四所 +
    某某大学); a year first (2023年 + 某某医院); an official act inside (某地 + 会见 + 某某会); an
    era word first and a kind after it (新时代 + 人大), or one character after a verb of guidance
    (贯彻 + 新时代 + 党 + 某某方略; 新时代党 alone may be a party's name); a kind of
    product at the end (某地 + 新能源汽车: ``kind_endings``); a weak suffix that heads a phrase
    (新一轮 + 科技 + 革命: ``phrase_suffixes`` before ``phrase_after``)."""
    u = _unnamed()
    kinds, abbreviations, _, _, _ = _lists()
    name = m.text
    if len(name) == 2 and name.endswith(u.sides) and _HAN_ONLY.fullmatch(name):
        return "side"
    if len(name) == 2 and (name[0] in abbreviations or name[1] in abbreviations) and not _known(name) \
            and any(text.startswith(u.pair_after, at.end()) for at in re.finditer(name, text)):
        return "pair of countries"
    if u.counted.match(name) or len(words) > 1 and words[0].text in u.determiners:
        return "counted"
    if u.dated.match(name):
        return "dated"
    if any(t.text in u.acts for t in words):
        return "act inside"
    era = next((e for e in u.eras if name.startswith(e)), "")
    if era and (name[len(era):] in kinds or len(name) - len(era) == 1
                and text[:m.start].endswith(u.era_guided_by)):
        return "era and kind"
    if name.endswith(u.kind_endings):
        return "kind at end"
    if name.endswith(u.phrase_suffixes) and text.startswith(u.phrase_after, m.end):
        return "suffix heads a phrase"
    return _glued_end(text, words, m)


def _whole_name(word: str) -> bool:
    """A word ending in an organisation's suffix of two characters or more (某地大学): a name's end."""
    return any(word.endswith(sfx) and len(sfx) > 1 and len(word) > len(sfx) for sfx, _ in _suffix_classes())


def _glued_end(text: str, words, m: Mention) -> str:
    """Why an organisation's end is no suffix of a name, or "": the suffix read across two words,
    the first a name of its own (某地大 + 学会: jieba's 某地大学 + 会; not 科技股份 + 有限公司), a common word holding a one-character suffix (警报, 海报:
    words.json ``unnamed_organisations`` ``common_endings``), a suffix that is also a verb
    (``verb_suffixes``) before an aspect particle (某某学会 + 了, not + 了解), a function character a statistical model glued at the end (某市 + 以)."""
    if not words:
        return ""
    suffix = next((sfx for sfx, _ in _suffix_classes() if m.text.endswith(sfx)), "")
    at = m.end - len(suffix)
    if suffix and any(t.start < at < t.end < m.end and _whole_name(t.text) for t in words):
        return "suffix across words"
    last, u = words[-1], _unnamed()
    if last.end == m.end and last.text.endswith(u.common_endings):
        return "common ending"
    if last.end == m.end and last.text in u.verb_suffixes and text[m.end:m.end + 1] in _ASPECT \
            and not text.startswith(u.aspect_words, m.end):
        return "verb at end"
    if m.source in _STATISTICAL and len(words) > 1 and len(last.text) == 1 and last.tag.startswith(("p", "c", "u")):
        return "function at end"
    return ""


def not_a_name(text: str, tokens, m: Mention) -> bool:
    """Whether a candidate names a kind or a piece of a phrase (:func:`why_not_a_name`)."""
    return bool(why_not_a_name(text, tokens, m))


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _suffix_words() -> frozenset[str]:
    """The ontology's name suffixes and words.json's weak ones (某某 + 控股)."""
    return frozenset(load_schema().suffixes) | frozenset(load_words()["weak_name_suffixes"])


@lru_cache(maxsize=1)
def _place_suffixes() -> tuple[str, ...]:
    """The ontology's suffixes of places (村, 公园, 体育馆 …)."""
    return tuple(s for s, c in load_schema().suffixes.items() if c == "Place")


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    """A word of jieba's dictionary written often enough to be an everyday word (50 times)."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0) >= _COMMON


@lru_cache(maxsize=65536)
def _known(word: str) -> bool:
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0) > 0


@lru_cache(maxsize=1)
def _suffix_classes() -> tuple[tuple[str, str], ...]:
    schema = load_schema()
    return tuple(sorted(((s, c) for s, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES),
                        key=lambda sc: -len(sc[0])))


@lru_cache(maxsize=1)
def _government_endings() -> tuple[str, ...]:
    return tuple(load_words()["government_endings"]["words"])


def organisation_class(name: str) -> str:
    """An organisation's class by its class suffix (…公安局: GovernmentBody, …公司: Company),
    else a government body's by a department's character (…住建委, …执法局: ``words.json``
    ``government_endings``), else Organization."""
    found = next((c for s, c in _suffix_classes() if name.endswith(s)), None)
    if found is None and len(name) >= 3 and name.endswith(_government_endings()):
        return "GovernmentBody"
    return found or "Organization"


def government_body(m: Mention) -> Mention:
    """An organisation whose name ends in a department's word (某地 + 卫生部, 中央 + 书记处:
    words.json ``government_endings``) is a government body."""
    if m.label == "Organization" and organisation_class(m.text) == "GovernmentBody":
        return replace(m, label="GovernmentBody")
    return m


def model_code(m: Mention) -> Mention:
    """A product's descriptor glued before its model code (某某两栖飞机 + AB100) left off: the
    code names the model (words.json ``model_descriptors``: the descriptor ends in one)."""
    _, _, heads, _, _ = _lists()
    found = _MODEL.fullmatch(m.text)
    if m.label != "Product" or not found or not found.group(1).endswith(heads):
        return m
    cut = found.start(2)
    return replace(m, start=m.start + cut, text=m.text[cut:])


def placed_persons(text: str, candidates: list[Mention]) -> list[Mention]:
    """Persons the text places (X以北, 北部X, 登顶X, at any of the name's occurrences) are
    places: every candidate of that name the recognisers typed Person (not the lexicon's)
    becomes a Place."""
    _, _, _, context, _ = _lists()
    before, after = tuple(context["before"]), tuple(context["after"])
    persons = {m.text for m in candidates if m.label == "Person" and m.source != "lexicon"}
    placed = {name for name in persons if any(
        text.startswith(after, found.end()) or text[:found.start()].endswith(before)
        for found in re.finditer(re.escape(name), text))}
    if not placed:
        return candidates
    return [replace(m, label="Place") if m.label == "Person" and m.text in placed and m.source != "lexicon" else m
            for m in candidates]

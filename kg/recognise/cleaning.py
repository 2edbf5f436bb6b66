"""Cleaning the candidates before the canonicaliser picks among them: the words no name has at its
edges (经, 据, 对, 旗下 … / 通报, 称, 的 …) are cut, kinds that are not names (传统 / 头部 +
…公司) are dropped (:func:`clean_candidates`); and the organisations named at the head of a
chosen name (星河大学 in 星河大学天文学院) are named too (:func:`containers`). The words are
data: ``ontology/lexicon/grammar.json`` ``edges`` and ``events``, ``words.json`` ``kind_modifiers``."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, takewhile

from ..grammar import _PROPER, _known_names, _unit_endings, event_stage, load_grammar
from ..ontology import ORGANIZATION_CLASSES, load_schema, load_words
from ..records import Mention
from .kinds import government_body, inside_word, model_code, not_a_name, placed_persons
from .words import name_conjunctions, recognise_words

#: a web or mail address: no name is read inside one (a page's id ``VIDE….shtml`` is no product)
_ADDRESS = re.compile(r"(?:https?://|www\.)[!-~]+|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)

@lru_cache(maxsize=1)
def _edge_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    g, w = load_grammar()["edges"], load_words()
    event_before = frozenset(g["before"]) | frozenset(load_grammar()["events"]["not_first"])
    return frozenset(g["before"]), frozenset(g["after"]), frozenset(w["kind_modifiers"]["words"]), event_before


@lru_cache(maxsize=1)
def _holidays() -> tuple[str, ...]:
    days = load_grammar()["events"]["holidays"]
    return tuple(days["endings"] + days["words"])


@lru_cache(maxsize=1)
def _themed_openers() -> tuple[str, ...]:
    """How an event named by an anniversary or a quoted theme opens (grammar.json events
    anniversaries openers, and the opening quote)."""
    return tuple(load_grammar()["events"]["anniversaries"]["openers"]) + ("\u201c",)


@lru_cache(maxsize=1)
def _trailing_words() -> tuple[str, ...]:
    """The generic words of a contest (比赛: grammar.json events stages trailing)."""
    return tuple(load_grammar()["events"]["stages"]["trailing"]["words"])


def clean_candidates(text: str, tokens, candidates: list[Mention]) -> list[Mention]:
    """The candidates without the words no name has at its edges, and without kinds.

    Lexicon, byline and quoted names are kept as they are. A candidate whose first word (a whole
    token) is an edge word (经, 据, 对, 旗下 …), a preposition, a conjunction or a particle
    (not before a person; before an event also grammar.json events ``not_first``: 卫冕, 本届 …),
    or whose last word is an edge word (通报, 称, 的 …), is cut there,
    as long as two characters or more remain; a rule's name that joins two names with 和 / 与 /
    及 before a place or a known name keeps the second; an organisation opening with a kind word
    (传统, 头部, 民办 …) and holding no proper name is dropped; so is any candidate inside a web or
    mail address.
    """
    edge_before, after, kinds, event_before = _edge_words()
    known = _known_names()
    index = {t.start: i for i, t in enumerate(tokens)}
    at_start = {t.start: t for t in tokens}
    at_end = {t.end: t for t in tokens}
    events = {(m.start, m.end) for m in candidates if m.label == "Event"}
    addresses = [a.span() for a in _ADDRESS.finditer(text)]
    out = []
    for m in candidates:
        if addresses and any(m.start < e and s < m.end for s, e in addresses):
            continue  # inside a web or mail address
        if m.source == "lexicon" and _cut_both_sides(tokens, m):
            continue  # 我国 + 航空, 汶川 + 大地震: a short name read across two words
        if m.source in ("lexicon", "byline", "anaphor", "quote"):
            out.append(m)
            continue
        if m.label == "Event" and m.text.endswith(_holidays()) and text[m.start - 1:m.start] != "\u201c":
            continue  # a holiday is a day, no event (共庆 + 新春佳节; grammar.json events holidays)
        start, end = m.start, m.end
        before = event_before if m.label == "Event" else edge_before  # 卫冕 + 某某杯
        first = at_start.get(start)
        # 经 + 某电视台, 在 + 某大会: a leading edge word, preposition, conjunction or particle
        # (not before a person: 向, 于, 经 and 和 are surnames too)
        while first is not None and end - first.end >= 2 and m.label != "Person" and (
                first.text in before or first.tag.startswith(("p", "c", "u"))):
            start = first.end
            first = at_start.get(start)
        last = at_end.get(end)
        # 某局 + 通报, 某人 + 的 (jieba's flags at the end are no guide: 刘彦 + 随/p, 某媒 + 控股/v)
        while last is not None and last.start - start >= 2 and last.text in after:
            end = last.start
            last = at_end.get(end)
        # 某联赛 + 比赛: a contest's generic word right after an event's name is no part of it
        if m.label == "Event":
            word = next((w for w in _trailing_words() if text.endswith(w, start, end)), "")
            if word and (start, end - len(word)) in events:
                end -= len(word)
        # 某津贴 + 和 + 杭州某奖: a conjunction before a place or a known name joins two names
        if m.source == "rule" and m.label != "Person" and start in index:
            i = index[start] + 1
            while i + 1 < len(tokens) and tokens[i + 1].end <= end:
                if tokens[i].text in name_conjunctions() and (tokens[i + 1].tag == "ns" or tokens[i + 1].text in known) \
                        and end - tokens[i + 1].start >= 3:
                    start = tokens[i + 1].start
                i += 1
        if m.label in ORGANIZATION_CLASSES and start in index and tokens[index[start]].text in kinds:
            words = takewhile(lambda t: t.end <= end, islice(tokens, index[start], None))
            if not any(t[3] in _PROPER for t in words):
                continue
        if (start, end) != (m.start, m.end):
            m = Mention(start, end, text[start:end], m.label, m.source, m.name if m.name else None)
        if not not_a_name(text, tokens, m):  # a kind, a pair, a session (kg.recognise.kinds)
            out.append(government_body(model_code(m)))
    return placed_persons(text, out + _played_seasons(text, tokens, candidates))


def _played_seasons(text: str, tokens, candidates: list[Mention]) -> list[Mention]:
    """A game's or a league's name read as a product and followed by a part of a season or a
    stage of a contest (某游戏 + 夏季赛, S9 + 小组赛: recognise.json event_names season_parts,
    grammar.json events stages) names the contest played in it, an Event."""
    ends = {t.end for t in tokens}
    out = []
    for m in candidates:
        if m.label != "Product":
            continue
        season = next((w for w in recognise_words()["event_names"]["season_parts"] if text.startswith(w, m.end)), "")
        stage = season or (event_stage().match(text, m.end) or [""])[0]
        # a stage only where a word ends (jieba glues the next word to a season: 夏季 + 赛于)
        if season or stage and m.end + len(stage) in ends | {len(text)}:
            out.append(Mention(m.start, m.end + len(stage), text[m.start:m.end + len(stage)], "Event", "rule"))
    return out


def _cut_both_sides(tokens, m: Mention) -> bool:
    """Whether the mention begins inside one word and ends inside another (a lexicon alias read
    across two words: 国 + 航 of 我国 + 航空)."""
    return inside_word(tokens, m.start) and inside_word(tokens, m.end)


def containers(chosen: list[Mention], candidates: list[Mention]) -> list[Mention]:
    """The organisations named at the head of a chosen organisation's name (星河大学 in
    星河大学天文学院, 某电视台 in 某电视台都市频道), as mentions of their own: a unit's name
    names its parent too. The parent is a lexicon or rule candidate that the longer name beat,
    and leaves at least two characters of the unit's own; both end in a unit word or an
    organisation's suffix that is not a weak one (not 某某旅行网, not 某某科技 + 工作者协会).
    Likewise the maker whose name opens a model's (北辰 in 北辰P30), and the body or forum that
    opens a session's name (its ordinal after it), after its term (某委员会 in 某委员会第九次会议,
    某人大 in 十四届某人大二次会议)."""
    units, suffixes = _unit_endings(), load_schema().suffixes
    taken = {(m.start, m.end) for m in chosen}
    out, todo = [], list(chosen)
    while todo:
        m = todo.pop()
        if m.source not in ("rule", "lexicon"):
            continue
        if m.label == "Product" and m.source == "rule":
            # a maker's name before its model (北辰P30, 北辰9): the maker is named too
            # (after its model year: 2031款 + 北辰P30)
            year = re.match(recognise_words()["event_qualifiers"]["model_year"] + " ?", m.text)
            opens = m.start + (year.end() if year else 0)
            heads = [c for c in candidates if c.start == opens and c.end < m.end and c.label == "Company"
                     and c.source in ("lexicon", "rule") and (c.start, c.end) not in taken]
        elif m.label in ORGANIZATION_CLASSES and m.text.endswith(units):  # not 某某旅行网, a brand's site
            heads = [c for c in candidates if c.start == m.start and c.end <= m.end - 2 and c.label in ORGANIZATION_CLASSES
                     and (c.source == "lexicon" or c.source == "rule" and c.text.endswith(units))
                     and (c.start, c.end) not in taken]
        elif m.label == "Event" and m.source == "rule" and m.text.startswith(_themed_openers()):
            # what an anniversary or a theme names inside an event's name is named too (庆祝 +
            # 某地回归 + 25周年大会, “某某战略”高峰论坛): the lexicon's names, the longest first
            inside = sorted((c for c in candidates if m.start <= c.start and c.end <= m.end and c.label != "Event"
                             and c.source == "lexicon" and (c.start, c.end) not in taken), key=lambda c: c.start - c.end)
            for c in inside:
                if not any(o.start < c.end and c.start < o.end for o in out if m.start <= o.start < m.end):
                    taken.add((c.start, c.end))
                    out.append(c)
            continue
        elif m.label == "Event" and m.source == "rule":
            session = load_grammar()["events"]["numbered_meetings"]
            # the body or forum at the head of its session's name (十四届 + 某人大 + 二次会议)
            heads = [c for c in candidates if m.start <= c.start and c.end < m.end and c.label in ORGANIZATION_CLASSES
                     and c.source in ("lexicon", "rule", "lac") and (c.start, c.end) not in taken
                     and (c.start == m.start or m.text[:c.start - m.start].endswith(recognise_words()["kind_marks"]["term"]))
                     and re.match(rf".{{0,8}}?{session['ordinal']}", m.text[c.end - m.start:])]
        else:
            continue
        heads = [c for c in heads if m.text[c.end - m.start:] not in suffixes]  # 百丽 + 集团: a short form
        if heads:
            # a known name first (教育部, not 教育部中学), then the longest (the direct parent)
            head = max(heads, key=lambda c: (c.source == "lexicon", c.end))
            taken.add((head.start, head.end))
            out.append(head)
            todo.append(head)
    return out

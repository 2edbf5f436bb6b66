"""Naming grammar that generalises: names built the way Chinese news builds them.

The word lists and patterns are data (``ontology/lexicon/grammar.json``, described in
``ontology/lexicon/README.md``); this module reads them. :class:`NamingGrammar` proposes
candidate :class:`~kg.records.Mention` s (source ``rule``) to the naming-convention recogniser
(``kg_rule_entities``); :func:`kg.recognise.cleaning.clean_candidates` lets the canonicaliser drop
or trim the candidates that no name looks like (the edges and kinds below). The families:

* product models: a brand or series and a model code, with 系列 / 版 / Pro / Max / 5G
  (天枢100 Pro 5G版, Nova 30 系列, a known product + its version: 某系统 10); a code, a
  qualifier and a device word (K21仿生芯片); a name + a Chinese number + 号 (星河五号); the
  maker's name before a Latin model stays the maker's;
* events: 第N届 / 首届 / a year, a name and a short suffix (展, 赛, 杯, 节) that ends the
  name before punctuation or a word like 开幕; whole patterns (十七届八中全会); longer event
  suffixes (发布会, 晚会, 大赛 …) are the ontology's ``kg:nameSuffix``;
* government bodies: a place (or 国家 / 中央) and a department (某市 + 教体局, 某国 + 交管部门,
  某市 + 委); a place and a people's organisation (某省 + 文联) or an institution it runs
  (某省 + 立 + 某医院);
* units nested in an organisation: a known or found organisation and a unit word (大学 +
  天文学院, 电视台 + 都市频道, 部 + 预算司, 医院 + 检验科);
* edges: a candidate that begins or ends with a word no name has at that edge (经, 据, 对,
  旗下 … / 通报, 称, 的 …) loses that word;
* kinds: an organisation whose first word is a kind word (传统, 头部, 民办 …: words.json
  ``kind_modifiers``) and that holds no proper name is a kind, not a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .ontology import ORGANIZATION_CLASSES, load_lexicon, load_schema, load_words, ontology_dir
from .recognise.words import character_class, name_conjunctions, recognise_words
from .records import Mention

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: jieba flags of words that stand inside no name: adverbs, prepositions, conjunctions,
#: particles, pronouns, modal and onomatopoeic words (``e``, an exclamation, is the whole flag:
#: ``eng`` is a Latin word)
_FUNCTION_POS = ("d", "p", "c", "u", "r", "y", "o")


def _function_word(tag: str) -> bool:
    return tag.startswith(_FUNCTION_POS) or tag == "e"
#: jieba flags of proper names
_PROPER = ("nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng")


@lru_cache(maxsize=None)
def load_grammar() -> dict:
    """Read ``lexicon/grammar.json``.

    >>> "系列" in load_grammar()["product_models"]["series_words"]
    True
    """
    import json

    path = ontology_dir() / "lexicon" / "grammar.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def event_stage() -> re.Pattern:
    """The stage of a contest written after its name (``grammar.json`` events ``stages``): a
    division or a sport, a distance, a stage and a leg (男子 + 100米 + 决赛, 男单 + 1/4决赛,
    半决赛 + 首回合), a leg alone (第5场, 某地站), each with 比赛 after it (第5轮 + 比赛), or a
    division or a distance before a title (女单 + 冠军).

    >>> [event_stage().match(x).group() for x in ("女单1/4决赛中", "半决赛首回合，", "第5场：")]
    ['女单1/4决赛', '半决赛首回合', '第5场']
    """
    st = load_grammar()["events"]["stages"]
    divisions = _alternation(st["divisions"] + recognise_words()["event_qualifiers"]["disciplines"])
    legs = "|".join(st["legs"])
    titles = _alternation(st["titles"])
    contest = _alternation(st["trailing"]["words"])
    return re.compile(rf"(?:(?:(?:{divisions})?(?:{st['distances']})?(?:{'|'.join(st['stages'])})(?:{legs})?|(?:{legs}))"
                      rf"(?:{contest})?|(?:{divisions})?(?:{st['distances']})(?={titles})|(?:{divisions})(?={titles}))")


class _ModelsAndEvents:
    """Product models, their launches and numbered events: a part of :class:`NamingGrammar`,
    whose ``__init__`` reads what these methods use."""

    def _brands(self, text: str, tokens, found: list[Mention]) -> dict[int, tuple[int, str]]:
        """End offset -> (start offset, kind) of what may stand before a model code: a product
        (``product``), a maker (``maker``), a Latin word written like a brand (iPhone, WebKit,
        Nova, MBED: ``latin``), a Han word no dictionary knows before digits or a letter-digit
        code (天枢100, 北辰P30: ``han``) or an everyday word there (荣耀 + 20 系列: ``word``)."""
        brands = {m.end: (m.start, "product") for m in found if m.label == "Product"}
        starts = {t.start: t for t in tokens}
        for m in found:
            if m.label == "Company":
                brands.setdefault(m.end, (m.start, "maker"))
                # a maker, its series' noun and a code: 某公司 + 翻译机 + 3.0 (the maker is named too)
                t = starts.get(m.end)
                if t is not None and 2 <= len(t.text) <= 4 and _HAN.fullmatch(t.text[0]) and _HAN.fullmatch(t.text[-1]) \
                        and not _function_word(t.tag) and not t.tag.startswith("v") \
                        and t.text not in self.launch_cues and t.text not in self.kind_words \
                        and re.match(r"[A-Z]{0,3}\d", text[t.end:t.end + 4]):
                    brands.setdefault(t.end, (m.start, "maker"))
        for m in self.latin_brand.finditer(text):
            word = m.group()
            if word in self.not_brands:
                continue
            # written like a brand (iPhone, WebKit, Nova, MBED), or any word before a code of
            # a letter and digits (某牌 X27)
            if word[0].isupper() or re.search(r"[a-z][A-Z]", word) or re.match(r" ?[A-Z]+\d", text[m.end():m.end() + 4]):
                brands.setdefault(m.end(), (m.start(), "latin"))
        for s, e, word, tag in tokens:
            if e not in brands and 2 <= len(word) <= 4 and _HAN.fullmatch(word[0]) and _HAN.fullmatch(word[-1]) \
                    and (tag in _PROPER or tag == "n") and re.match(r"[A-Z]{0,3}\d", text[e:e + 4]) \
                    and word not in self.kind_words and not word.endswith(self.device_heads):
                brands[e] = (s, "han" if _rare(word) else "word")
        return brands

    def products(self, text: str, tokens, owners, found: list[Mention], ends) -> list[Mention]:
        out = []
        # a code in brackets right after another name is that name's alias (某论坛（Xcon V2）)
        glossed = {text[m.end + 1:m.end + 1 + g.end()] for m in found if m.label != "Product"
                   for g in [re.match(r"[^（()）]{2,20}(?=[）)])", text[m.end + 1:m.end + 22])]
                   if g and text[m.end:m.end + 1] in "（("}
        for end, (start, kind) in sorted(self._brands(text, tokens, found).items()):
            code = self.model.match(text, end)
            if code is None:
                continue
            # nothing but Pro / 5G / 系列 is no model after a maker or a word (某品牌5G), but is
            # after a product or a word written like one (某Book Pro)
            if not re.search(r"[\dA-Z]", self.model_words.sub("", code.group())) and (
                    kind not in ("product", "latin") or not re.match(r" ?[A-Z0-9]", code.group())
                    or kind == "latin" and not re.search(r"[a-z][A-Z]", text[start:end])):
                continue
            stop, model = code.end(), code.group()
            if model.strip() in self.latin_titles:
                continue  # 某某CTO: a job title, not a model
            if re.fullmatch(r" ?\d+(?:\.\d+)?", model) and (
                    text.startswith(self.counters, stop) or re.fullmatch(r" ?(?:19|20)\d\d", model)):
                continue  # a quantity or a year: no model
            if kind == "maker" and not re.match(r"\d|[A-Z]{1,3}\d", model.lstrip()) \
                    and not re.match(r"[A-Z]{2,}(?! ?\d)(?=.*\d)", model):
                continue  # a maker before a Latin word keeps its name: 北辰 + Nova 30 (found alone), not
                # before a capitals' series glued to it and a code (北辰 + LUMA S1)
            if model.startswith(" ") and not re.search(r"\d", model) and kind != "product" \
                    and not re.search(r"[a-z][A-Z]", text[start:end]):
                continue  # Word + space + capitals, no digit, no known product: an English phrase
            if stop not in ends and not re.match(r"[^\u4e00-\u9fffA-Za-z0-9]|$", text[stop:stop + 1]):
                continue  # the code runs into a word
            name = text[start:stop]
            # an unknown Han word + digits needs a second sign: written twice, a model or series
            # word, a launch cue before it or a device word after it
            if kind == "han" and text.count(name) < 2 and not self.model_words.search(model) \
                    and not text[:start].endswith(self.launch_cues) and not text.startswith(self.device_heads, stop):
                continue
            # an everyday word + digits (荣耀 + 20) needs a model or series word (with a device word
            # after it, the code and the word are read below: 星河 + X9手机)
            if kind == "word" and (not self.model_words.search(model) or text[start:end] in self.launch_cues):
                continue
            if name not in glossed:
                out.append(Mention(start, stop, name, "Product", "rule"))
        for m in self.code_head.finditer(text):
            if m.end() in ends and not any(o.start <= m.start() < o.end for o in out):
                begin = self._series_before(text, tokens, owners, m.start())
                out.append(Mention(begin, m.end(), text[begin:m.end()], "Product", "rule"))
        for m in self.code_after_head.finditer(text):
            # a device word, then its model's code (某耳机 + WF-1000X3, 某车型 + EX-9)
            if m.group(1) not in self.latin_titles and not any(o.start <= m.start(1) < o.end for o in out):
                out.append(Mention(m.start(1), m.end(), m.group(1), "Product", "rule"))
        for m in self.numbered.finditer(text):
            first = owners[m.start()]
            if first < 0 or tokens[first].start != m.start() or not tokens[first].tag.startswith(("n", "j")) \
                    or m.end() not in ends:
                continue  # 十二月 + 三号: a date; 家住 + 三号: no name (a noun) before the number
            out.append(Mention(m.start(), m.end(), m.group(), "Product", "rule"))
        return out

    def _series_before(self, text: str, tokens, owners, start: int) -> int:
        """Where a code + device word (X9手机) starts when a brand or series word is written right
        before it (星河 + X9手机): a Han noun of two to four characters, no launch or kind word."""
        index = owners[start - 1] if start else -1
        if index < 0:
            return start
        s, e, word, tag = tokens[index]
        if e == start and 2 <= len(word) <= 4 and all(_HAN.fullmatch(c) for c in word) \
                and (tag in _PROPER or tag == "n") and word not in self.launch_cues \
                and word not in self.kind_words:
            return s
        return start

    # -- events
    def launches(self, text: str, products: list[Mention], ends) -> list[Mention]:
        """A model and a launch event's word right after it: 天枢100发布会, 某X9系列新品发布会."""
        out = []
        for p in products:
            m = self.launch.match(text, p.end)
            if m and m.end() in ends:
                out.append(Mention(p.start, m.end(), text[p.start:m.end()], "Event", "rule"))
        return out

    def events(self, text: str, tokens, places: dict[int, int], found: list[Mention]) -> list[Mention]:
        """Numbered events (``grammar.json`` events ``openers`` … ``short_suffixes``, with a place
        before an edition), whole patterns, words read whole that end like a contest's name, and
        the events ``found`` with the place written right before them (某市 + 车展, 某地 + 奥运会);
        ``places``: end -> start of the places found (:meth:`_Bodies._places`)."""
        out = [Mention(places[m.start], m.end, text[places[m.start]:m.end], "Event", "rule")
               for m in found if m.label == "Event" and m.start in places]
        ends = {t.end for t in tokens}
        spans = set()
        # a long suffix that ends a word ends a numbered name before any word (第N届 + 某某博览会 + 签约)
        for m in [*self.ordinal_event.finditer(text),
                  *(m for m in self.ordinal_event_word.finditer(text) if m.end() in ends)]:
            if m.span() in spans:
                continue
            spans.add(m.span())
            rest = text[m.end(1):m.end()]
            if rest[:1] in "年度届":
                continue  # 2031 + 年公司年会, 2031 + 届毕业生招聘会: the year's own character opens no name
            if self.not_in_middle.search(rest) or (_common(rest) and rest not in self.known):
                continue  # 2019年 + 国庆节: a holiday, not one event
            if not self.edition.match(m.group()) and (_common(rest[:len(rest) - len(m.group(2))]) or rest in self.known):
                continue  # 2019年 + 公司 + 年会: no name; 2019年 + a known event: that event's mention
            if rest.endswith(self.body_endings) or m.group(2) in self.edition_only \
                    and not self.edition.search(text, m.start(), m.end(1)):
                continue  # 第N届 + 某某音乐季, not 2031年 + 某某季 nor 第N届 + 某某委员会
            if text.endswith(self.not_heads, m.end(1), m.end()):
                continue  # 2025年 + 某某一体化发展: a head that ends a common word is none
            inside = [t for t in tokens if m.end(1) <= t.start and t.end <= m.end()]
            # no preposition inside (某人 + 因 + 伤退赛), no verb at the end (工作 + 开展)
            # (与 inside a name joins two of its parts: 某某渠道 + 与 + 供应链峰会)
            if any(t.tag == "p" and t.text not in name_conjunctions() for t in inside) \
                    or inside and inside[-1].end == m.end() and inside[-1].tag == "v" and inside[-1].text != m.group(2):
                continue
            start, end = m.start(), m.end()
            # a verb after an event's suffix inside ends the name there (某某公开赛 + 展开 + 正赛)
            end = next((t.start for t in inside[:-1] if t.tag.startswith("v") and t.start > m.end(1)
                        and t.text not in self.divisions and self.suffix_before.search(text, m.end(1), t.start)
                        and not text.endswith(self.not_heads, m.end(1), t.start)), end)
            joined = self.joined_event.match(text, end)
            end = joined.end() if joined and not self.not_in_middle.search(joined.group()) else end
            # a place written right before the edition is the event's (某县 + 第九届某某节)
            start = places.get(start, start) if self.edition.match(m.group()) else start
            out.append(Mention(start, end, text[start:end], "Event", "rule"))
        for pattern in self.event_patterns:
            out += [Mention(m.start(), m.end(), m.group(), "Event", "rule") for m in pattern.finditer(text)]
        # a word read whole that ends like a contest's short name (某运会, 某锦赛)
        out += [Mention(t.start, t.end, t.text, "Event", "rule") for t in tokens
                if len(t.text) >= 3 and t.text.endswith(self.abbreviated_events) and not self.not_in_middle.search(t.text)]
        return out


class _Bodies:
    """Government bodies (a place + a department) and units nested in an organisation: a part
    of :class:`NamingGrammar`, whose ``__init__`` reads what these methods use."""

    def _places(self, tokens, found: list[Mention]) -> dict[int, int]:
        """End offset -> start offset of every place: a Place candidate or a word jieba tags
        ``ns``, with a bare 市 / 省 / 县 / 区 written after it (某地 + 市), or an opener that
        stands for one (国家, 中央)."""
        places = {m.end: m.start for m in found if m.label == "Place"}
        for s, e, word, tag in tokens:
            if tag == "ns" and len(word) >= 2 or word in self.body_openers:
                places.setdefault(e, s)
        for i, (s, e, word, tag) in enumerate(tokens[:-1]):
            if e in places and tokens[i + 1].text in self.after_a_place:
                places.setdefault(tokens[i + 1].end, places[e])
        return places

    def _continued(self, tokens, owners, stop: int) -> bool:
        """Whether the word after ``stop`` makes what ends there part of a longer organisation's
        name (某地公安 + 博物院, 某市委 + 宣传部)."""
        nxt = owners[stop] if stop < len(owners) else -1
        if nxt < 0 or tokens[nxt].start != stop:
            return False
        word = tokens[nxt].text
        # 主办, 格局: a word that ends like a body and names none continues nothing
        return word in self.units or word[-1:] in self.org_finals and word not in self.not_departments

    def bodies(self, text: str, tokens, owners, places: dict[int, int], ends) -> list[Mention]:
        out = []
        for end, start in sorted(places.items()):
            best = None
            for k in range(0, self.dept_middle + 1):
                if not _plain_middle(text, tokens, owners, end, end + k):
                    continue
                for dept in self.dept_by_first.get(text[end + k:end + k + 1], ()):
                    stop = end + k + len(dept)
                    if not text.startswith(dept, end + k) or stop not in ends or self._continued(tokens, owners, stop):
                        continue
                    holder = tokens[owners[stop - 1]]
                    if dept in self.dept_endings and (
                            k == 0 and len(dept) < 2 or holder.text in self.not_departments
                            or holder.tag.startswith("v") or text[end:stop] in self.not_departments):
                        continue
                    if text[end:stop] in self.place_committees and text.startswith(self.titles, stop):
                        continue  # 某市委书记: the city's post, not a body
                    best = stop
                    break
            if best is not None:
                out.append(Mention(start, best, text[start:best], "GovernmentBody", "rule"))
            elif (assoc := next((a for a in self.associations if text.startswith(a, end)), None)) \
                    and end + len(assoc) in ends and not self._continued(tokens, owners, end + len(assoc)):
                out.append(Mention(start, end + len(assoc), text[start:end + len(assoc)], "Organization", "rule"))
            else:
                out += self._founded(text, start, end, ends)
        return out

    def _founded(self, text: str, start: int, end: int, ends) -> list[Mention]:
        """某省 + 立 + 眼科医院, 某市 + 市立 + 图书馆: an institution a place runs."""
        if text[end - 1:end + 1] in self.founders:
            pos = end + 1
        elif text[end:end + 2] in self.founders:
            pos = end + 2
        else:
            return []
        m = re.match(r"[\u4e00-\u9fff]{0,8}?(?:%s)" % "|".join(map(re.escape, _unit_endings())), text[pos:pos + 14])
        if m is None or pos + m.end() not in ends:
            return []
        return [Mention(start, pos + m.end(), text[start:pos + m.end()], "Organization", "rule")]

    # -- units nested in an organisation
    def nested(self, text: str, tokens, owners, found: list[Mention], ends) -> list[Mention]:
        out = []
        parents = sorted({(m.end, m.start, m.label) for m in found if m.label in ORGANIZATION_CLASSES})
        name_starts = {m.start for m in found}
        for end, start, label in parents:
            for k in range(0, self.unit_middle + 1):
                if end + k in name_starts and k:
                    break  # another name begins: 某部消息 + 某部某司 is two names
                unit = next((u for u in self.units if text.startswith(u, end + k) and end + k + len(u) in ends), None)
                if unit is None:
                    continue
                stop = end + k + len(unit)
                holder = tokens[owners[stop - 1]]
                if len(unit) == 1 and (k == 0 or len(holder.text) > 1 and _common(holder.text)
                                       or owners[end] != owners[end + k - 1] and holder.start != end):
                    continue  # 联系, 体系: a word, not a unit; a one-character unit takes one word
                if not _plain_middle(text, tokens, owners, end, end + k, verbs=len(unit) == 1):
                    continue
                cls = label if label == "GovernmentBody" and unit in self.government_units else "Organization"
                out.append(Mention(start, stop, text[start:stop], cls, "rule"))
                break  # the nearest unit ends the name
        return out


class NamingGrammar(_ModelsAndEvents, _Bodies):
    """Candidate names from the grammar in ``grammar.json`` (see the module docstring)."""

    def __init__(self):
        g = load_grammar()
        p, e, gov, units = g["product_models"], g["events"], g["government"], g["units"]
        self.counters = tuple(sorted(p["counters"], key=len, reverse=True))
        self.not_brands = frozenset(p["not_brands"])
        words = _alternation(p["model_words"])
        unit = _alternation(p["units"])
        # one piece of a model code: 30, 5.8, X9, LPC11U24, XR, Pro, 5G (not 64GB: a quantity)
        piece = rf"(?:{words}|(?!\d+(?:\.\d+)?(?:{unit})(?![A-Za-z]))[A-Z]{{0,4}}\d+(?:\.\d+)?[A-Za-z0-9]*|[A-Z]{{1,3}}(?![a-z]))"
        self.model = re.compile(rf"(?: ?(?:{piece}))+(?: ?(?:{_alternation(p['series_words'])}))?(?![A-Za-z0-9.\-‐])")
        self.code_head = re.compile(
            rf"(?<![A-Za-z0-9])[A-Z][A-Za-z]{{0,3}}\d+[A-Za-z0-9]*(?:[\u4e00-\u9fff]{{0,3}}?)(?:{_alternation(p['device_heads'])})")
        self.code_after_head = re.compile(
            rf"(?:{_alternation(p['device_heads'])}) ?([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z][A-Za-z]{{0,5}}\d+[A-Za-z0-9]*)"
            r"(?![A-Za-z0-9.\-‐])")
        # model words and series words: a code of nothing else is no model (某品牌5G, Pro)
        self.model_words = re.compile(rf"(?<![A-Za-z0-9])(?:{words})(?![A-Za-z0-9])|{_alternation(p['series_words'])}")
        self.latin_brand = re.compile(r"(?<![A-Za-z0-9.\-])[A-Za-z][A-Za-z]+(?![A-Za-z\-])(?= ?\d| [A-Z])")
        self.device_heads = tuple(sorted(p["device_heads"], key=len, reverse=True))
        self.launch_cues = tuple(p["launch_cues"])
        self.kind_words = frozenset(load_words()["kind_modifiers"]["words"]) | set(load_words()["generic_determiners"])
        not_after = _alternation(p["numbered_names"]["not_after"])
        self.numbered = re.compile(p["numbered_names"]["pattern"].format(not_after=not_after))
        openers = "|".join(e["openers"])
        after = _alternation(e["after_words"])
        self.not_in_middle = re.compile(character_class(e["not_in_middle"]))  # never inside an event's name
        self.after_a_place = frozenset(s for s in recognise_words()["place_suffixes"]["words"] if len(s) == 1)
        # the ontology's Event suffixes too: an edition or a year opens a name with a verb inside (第三届 + 某某应用大会)
        event_suffixes = [x for x, c in load_schema().suffixes.items() if c == "Event"]
        # digits and a dash inside (某地12345热线大会, 中国—某地博览会), a day after (某某会 + 20日开幕)
        # a quoted part inside (第二届 + “某某” + 旅游节)
        suffixes = _alternation(e['short_suffixes'] + e['edition_suffixes'] + e['edition_only_suffixes'] + event_suffixes)
        quoted = r"“[\u4e00-\u9fffA-Za-z·]{2,12}”"  # and a bracketed place: 中国（某地）国际某某博览会
        body = rf"(?:[\u4e00-\u9fffA-Za-z·]|{quoted})(?:[\u4e00-\u9fffA-Za-z·\d—－–\-]|{quoted}|（[\u4e00-\u9fff]{{2,6}}）){{1,19}}?({suffixes})"
        ahead = rf"(?=[\s，。、；：！？,.;:!?）)”\"》]|$|(?:{after})|{e['after_day']}|{event_stage().pattern})"
        self.ordinal_event = re.compile(rf"(?:{openers})(){body}{ahead}")
        long = _alternation([x for x in e['edition_suffixes'] + e['edition_only_suffixes'] + event_suffixes if len(x) > 1])
        self.ordinal_event_word = re.compile(rf"(?:{openers})(){body.replace(f'({suffixes})', f'({long})')}")
        self.divisions = frozenset(e["stages"]["divisions"] + recognise_words()["event_qualifiers"]["disciplines"])
        self.suffix_before = re.compile(rf"(?:{suffixes})(?:（[\u4e00-\u9fff]{{2,8}}）)?$")
        self.edition_only = frozenset(e["edition_only_suffixes"])
        self.not_heads = tuple(e["not_heads"]["words"])
        self.body_endings = tuple(x for x, c in load_schema().suffixes.items() if c != "Event")  # 第N届 + 某某委员会
        # a second event joined to a numbered one is the same event's name (某某博览会 + 暨 + 某某节)
        self.joined_event = re.compile(rf"(?:{_alternation(e['joiners'])})(?:{openers})?{body}{ahead}")
        self.edition = re.compile(recognise_words()["ordinals"]["edition"])
        self.event_patterns = [re.compile(x) for x in e["patterns"]]
        self.abbreviated_events = tuple(e["proper_noun_endings"])
        self.launch = re.compile(rf"(?:{_alternation(e['launch_words'])})")
        self.departments = tuple(sorted(gov["departments"], key=len, reverse=True))
        self.dept_endings = tuple(sorted(gov["endings"], key=len, reverse=True))
        self.not_departments = frozenset(gov["not_departments"])
        self.place_committees = frozenset(gov["place_committees"])
        titles = {t for spec in load_schema().relations.values() for t in spec.title_cues}
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        self.latin_titles = frozenset(t for t in titles if re.fullmatch(r"[A-Za-z]+", t))
        self.dept_middle = gov["middle_max"]
        # departments then endings, in that order, by their first character (what :meth:`bodies` tries)
        self.dept_by_first: dict[str, tuple[str, ...]] = {}
        for dept in self.departments + self.dept_endings:
            self.dept_by_first[dept[:1]] = self.dept_by_first.get(dept[:1], ()) + (dept,)
        self.body_openers = frozenset(gov["openers"])
        self.associations = tuple(sorted(gov["associations"], key=len, reverse=True))
        self.founders = frozenset(gov["founders"])
        self.units = tuple(sorted(units["words"], key=len, reverse=True))
        self.government_units = frozenset(units["government_units"])
        self.unit_middle = units["middle_max"]
        self.known = _known_names()
        self.org_finals = frozenset(load_words()["org_before_title"]["final_characters"])

    def __call__(self, text: str, tokens, found: list[Mention]) -> list[Mention]:
        """Candidates in ``text`` (``tokens``: ``(start, end, word, tag)``; ``found``: the
        candidates so far)."""
        ends = {t.end for t in tokens}
        owners = _owners(tokens, len(text))
        out = self.products(text, tokens, owners, found, ends)
        out += self.launches(text, out, ends)
        places = self._places(tokens, found)
        out += self.events(text, tokens, places, found)
        out += self.bodies(text, tokens, owners, places, ends)
        units = self.nested(text, tokens, owners, found + out, ends)
        # a unit of a unit: 某大学 + 附属第二医院 + 检验科
        return out + units + self.nested(text, tokens, owners, units, ends)


def _plain_middle(text: str, tokens, owners, start: int, end: int, verbs: bool = False) -> bool:
    """Whether ``text[start:end]`` can stand between a name and the word that ends it: Han
    characters, whole words from ``start`` on, no function word (adverb, preposition,
    conjunction, particle, pronoun) and no verb (unless ``verbs``)."""
    if start == end:
        return True
    if end > len(text) or not all(_HAN.fullmatch(c) for c in text[start:end]):
        return False
    if owners[start] < 0 or tokens[owners[start]].start != start:
        return False
    for i in range(owners[start], owners[end - 1] + 1):
        tag = tokens[i].tag
        if _function_word(tag) or (tag == "v" and not verbs):
            return False
    return True


def _owners(tokens, size: int) -> list[int]:
    owners = [-1] * (size + 1)
    for i, (s, e, _w, _t) in enumerate(tokens):
        owners[s:e] = [i] * (e - s)
    return owners


@lru_cache(maxsize=1)
def _known_names() -> frozenset[str]:
    return frozenset(a for x in load_lexicon() for a in (x.name, *x.aliases))


@lru_cache(maxsize=1)
def _unit_endings() -> tuple[str, ...]:
    """What ends the name of an organisation or a unit for sure: the ontology's organisation
    suffixes but the weak ones (…科技, …网), and grammar.json's unit words."""
    weak = set(load_words()["weak_name_suffixes"])
    strong = {sfx for sfx, cls in load_schema().suffixes.items() if cls in ORGANIZATION_CLASSES and sfx not in weak}
    return tuple(sorted(strong | set(load_grammar()["units"]["words"]), key=len, reverse=True))


@lru_cache(maxsize=100_000)
def _rare(word: str) -> bool:
    import jieba

    return jieba.dt.FREQ.get(word, 0) < 30


@lru_cache(maxsize=100_000)
def _common(word: str) -> bool:
    import jieba

    jieba.dt.check_initialized()  # its dictionary is empty until it is read
    return jieba.dt.FREQ.get(word, 0) >= 100

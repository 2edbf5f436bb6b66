"""Rule names ending in a class suffix of the ontology (…集团, …委员会, …大会), extended to the left
over name-like words, and places ending in a place suffix (…省, …市, …镇)."""

from __future__ import annotations

import re
from types import SimpleNamespace

from spacy.tokens import Doc

from ..grammar import load_grammar
from ..ontology import ORGANIZATION_CLASSES
from ..records import Mention
from .doc import _HAN, _mention, _owners, doc_text
from .tokenizer import _lexicon_places
from .words import _FUNCTION_POS, _NAME_POS, _PROPER_POS, _common_word, _frequent_word, everyday_phrase, plain_word


#: what may stand inside a company's name before its last words: a short bracket (（中国）, （集团）) or a hyphen
_JOINT = re.compile(r"[（(][\u4e00-\u9fff]{2,6}[)）]|[-－]")


class SuffixNames:
    """Names by their class suffix, and places (a part of :class:`~kg.recognise.rules.RuleEntities`).

    Reads ``recognise.json``'s ``place_suffixes``, ``ordinals``, ``standing_event_suffixes`` and
    ``name_conjunctions`` (:meth:`_suffix_words`)."""

    def _suffix_words(self, data: dict) -> None:
        ordinals = data["ordinals"]
        self.place_suffixes = tuple(data["place_suffixes"]["words"])
        self.ordinal = re.compile(ordinals["ordinal"])
        self.edition = re.compile(ordinals["edition"])
        self.year_prefix = re.compile(ordinals["year_prefix"])
        self.year_word = ordinals["year_word"]
        self.edition_or_year = re.compile(ordinals["edition_or_year"])
        standing = data["standing_event_suffixes"]
        self.standing_event_suffixes = tuple(standing["words"])
        self.held_before = re.compile(standing["held_before"])
        self.held_after = re.compile(standing["held_after"])
        self.conjunctions = tuple(data["name_conjunctions"]["words"])
        self.initials = frozenset(data["name_initials"]["words"])
        # 在 / 于 / 从 …: one-character words never first in a name (grammar.json edges before)
        self.glued_prepositions = frozenset(w for w in load_grammar()["edges"]["before"] if len(w) == 1)
        scope = load_grammar()["events"]["scope_openers"]
        self.scope_openers = SimpleNamespace(words=tuple(scope["words"]), not_suffixes=frozenset(scope["not_suffixes"]))

    # -- …集团 / …委员会 / …大会
    def _suffix_names(self, doc: Doc, tokens) -> list[Mention]:
        text, out = doc_text(doc), []
        starts = {t.start: i for i, t in enumerate(tokens)}
        ends = {t.end: i for i, t in enumerate(tokens)}
        owners = _owners(doc)
        for suffix, cls in self.suffixes:
            for m in re.finditer(re.escape(suffix), text):
                end = m.end()
                # the suffix must end a word: 学会 in 学会议 is not a suffix, but 大学 in 大学校长 is
                if end not in ends and end < len(text) and end not in starts:
                    holder = tokens[owners[end]] if owners[end] >= 0 else None
                    if holder is not None and holder.start == end:
                        holder = None
                    if holder is None or not text[end:holder.end].startswith(self.title_heads):
                        continue
                if any(c.start < end <= c.end and c.start < m.start() for c in out):
                    continue
                start = self._extend_left(text, tokens, m.start(), owners)
                holder = tokens[owners[m.start()]] if owners[m.start()] >= 0 else None
                if start is not None and holder is not None and holder.text in self.known and start < holder.start \
                        and text[start:holder.start] not in self.known:
                    continue
                joint = self._over_a_join(text, tokens, start, owners) if cls == "Company" and start is not None else None
                if joint is not None:
                    start, joint = joint
                if start is None or m.start() - start < 1:
                    continue
                # 节 ends 环节 / 季节, 报 ends 通报: a one-character suffix only where it is a word of its own
                if len(suffix) == 1 and holder is not None and holder.start < m.start() \
                        and holder.end - holder.start == 2 and holder.text not in self.known and _common_word(holder.text):
                    continue
                # 其他网约车公司, 各地方政府: a kind of organisation, not one
                if text[:start].endswith(self.generic_determiners) and not any(
                        tag in _PROPER_POS or word in self.known
                        for s, e, word, tag in tokens if start <= s < m.start()):
                    continue
                name = text[start:end]
                plain = name.replace(joint, "-") if joint is not None else name
                if len(name) > 24 or re.search(r"[!！?？,，。:：;；、()（）]", plain) \
                        or name.endswith(self.not_name_endings) or not self._named(tokens, start, m.start(), name, suffix, cls):
                    continue
                out.append(_mention(doc, start, end, self._class_of(name, cls, text, start, end), "rule"))
        return self._join_units(doc, out)

    def _over_a_join(self, text: str, tokens, start: int, owners: list[int]) -> tuple[int, str] | None:
        """A company's name written over a short bracket or a hyphen (某某(中国)汽车有限公司,
        某某投资（集团）有限公司, 某某-某某汽车有限公司): where the name-like words before the
        bracket or hyphen right before ``start`` begin (two characters or more), and the bracket
        or hyphen; None when there is none."""
        joint = _JOINT.search(text, max(0, start - 8), start)
        if joint is None or joint.end() != start or joint.group() in "-－" and not (
                joint.start() and _HAN.match(text, joint.start() - 1) and _HAN.match(text, start)):
            return None
        before = self._extend_left(text, tokens, joint.start(), owners)
        if before is None or joint.start() - before < 2:
            return None
        return before, joint.group()

    @staticmethod
    def _join_units(doc: Doc, found: list[Mention]) -> list[Mention]:
        """A unit is written right after its parent: 星河天文学会 + 行星科学专业委员会 is one name."""
        found = sorted(found, key=lambda m: (m.start, -m.end))
        out: list[Mention] = []
        for m in found:
            if out and out[-1].end == m.start and out[-1].label in ORGANIZATION_CLASSES \
                    and m.label in ORGANIZATION_CLASSES:
                out[-1] = _mention(doc, out[-1].start, m.end, m.label, "rule")
            elif not out or m.start >= out[-1].end:
                out.append(m)
            else:
                out.append(m)
        return out

    def _class_of(self, name: str, cls: str, text: str = "", start: int = 0, end: int = 0) -> str:
        """An Event suffix that also names a standing body (论坛) makes an Organization, unless
        an edition or a year is in the name or the words around it hold it (出席 + 某论坛, 某论坛 + 开幕)."""
        if cls == "Event" and name.endswith(self.standing_event_suffixes) and not self.year_prefix.search(name[:8]):
            held = bool(text) and (self.held_before.search(text, max(0, start - 6), start) is not None
                                   or self.held_after.match(text, end) is not None)
            return "Organization" if not self.edition_or_year.search(name) and not held else "Event"
        return cls

    def _extend_left(self, text: str, tokens, pos: int, owners: list[int]) -> int | None:
        """Walk left from ``pos`` over name-like words; return where the name starts."""
        # the word holding the suffix may begin before it (学术年会 → 学术 + 年会)
        index = owners[pos]
        if index < 0:
            return None
        start = pos
        s, _e, word, tag = tokens[index]
        if s < pos:
            head = text[s:pos]
            if head in self.stop or tag not in _NAME_POS:
                return None
            start = s
        index -= 1
        steps = 0
        while index >= 0 and steps < 10:
            s, e, word, tag = tokens[index]
            if e != start:
                break
            if word in self.conjunctions and index > 0 and tokens[index - 1].tag in _NAME_POS \
                    and not tokens[index - 1].text.endswith(self.org_suffixes) \
                    and tokens[index - 1].text not in self.known:
                start = s  # 材料科学与工程研究所: a conjunction inside a name
                index -= 1
                steps += 1
                continue
            if word in self.stop or word in self.titles or word in self.event_verbs:
                break
            if len(word) > 1 and word[0] in self.conjunctions and index > 0 and tokens[index - 1].text.endswith(self.org_suffixes):
                start = s + 1  # 集团 + 和墨岚 + 公司: jieba glued the conjunction to the next name
                break
            if len(word) > 1 and word[0] in self.glued_prepositions and tag.startswith("nr") and index > 0 \
                    and tokens[index - 1].tag in _NAME_POS:
                start = s + 1  # 某队 + 在世 + 联赛: jieba read a preposition and a name's first character as a person
                break
            if word in self.known and index + 1 < len(tokens) and tokens[index + 1].text in self.known:
                break  # 缺席 + 云栖大会 is no name, but neither is 会议 + 云栖大会
            if tag in _NAME_POS or (tag == "m" and self.ordinal.match(word)) or self._set_phrase(word, tag) or (
                    len(word) == 1 and e == pos and index > 0 and tokens[index - 1].tag in _PROPER_POS) or (tag == "x" and re.fullmatch(r"[A-Za-z0-9·•]+", word) and word not in "·•"):
                start = s
            elif tag == "m" and re.fullmatch(r"(?:19|20)\d\d", word):
                start = s
            elif word == self.year_word and index > 0 and re.fullmatch(r"(?:19|20)\d\d", tokens[index - 1].text):
                start = s  # 2019 + 年 + 中国母基金峰会
            elif tag == "t" and word in self.time_words_in_names:
                start = s  # 未来 + 城市峰会
            elif word in self.initials and (index == 0 or not _HAN.match(tokens[index - 1].text[-1:] or " ")):
                start = s  # 、 + 中 + 电工业…有限公司: the name's first character, no locative after a noun
                break
            else:
                start = self._after_ordinal(tokens, index, start)
                break
            index -= 1
            steps += 1
        while start < pos and (text[start] in "·• " or text[start] in self.conjunctions):
            start += 1
        return start

    def _after_ordinal(self, tokens, index: int, start: int) -> int:
        """Where a name starts that an ordinal opens a few words before (第五届 + 畅想 + 创新论坛):
        between 第…届 / 首届 and the suffix every word is the name's, verbs included."""
        for k in range(index, max(-1, index - 3), -1):
            s, e, word, tag = tokens[k]
            if tag == "m" and self.edition.fullmatch(word):
                return s
            if word in self.stop or tag.startswith(_FUNCTION_POS) or not _HAN.fullmatch(word[:1] or " ") \
                    or (k > 0 and tokens[k - 1].end != s):
                break
        return start

    def _set_phrase(self, word: str, tag: str) -> bool:
        """A set phrase (jieba ``l``) inside a name: 生命科学, 发展中国家, but not 普遍认为."""
        return tag == "l" and not any(v in word for v in self.speech) and not any(
            w in word for w in self.stop if len(w) > 1)

    def _named(self, tokens, start: int, suffix_start: int, name: str, suffix: str, cls: str) -> bool:
        """A name, not a common noun (科技公司, 数字科技).

        Long suffixes (…委员会, …大学, …峰会) make a name of any words before them, except a
        single everyday word before 公司 / 集团; short or ambiguous suffixes (…科技, …资本)
        need a proper-name word, a known name or an ordinal before them. A kind word alone
        before any suffix (方舱 + 医院, 民营 + 企业) makes no name.
        """
        if name in self.known:
            return True
        head = name[:len(name) - len(suffix)]
        if head in self.kind_modifiers:
            return False  # 方舱医院, 民营企业: a kind of organisation
        if cls == "Company" and self._kind_of_company(tokens, start, suffix_start, suffix in self.weak_suffixes):
            return False
        if cls == "Event" and suffix not in self.scope_openers.not_suffixes and self._scoped(tokens, start, suffix_start):
            return True  # 世界 + 女排 + 联赛: a contest named by its scope and its field
        if len(suffix) >= 2 and suffix not in self.weak_suffixes:
            if cls == "Company" and head not in self.known and (_frequent_word(head) or head in self.stop):
                return False
            return len(head) >= 2
        return self._proper(tokens, start, suffix_start)

    def _scoped(self, tokens, start: int, end: int, after: int = 1) -> bool:
        """Whether the words from ``start`` to ``end`` open with a scope word (grammar.json events
        ``scope_openers``: 世界, 全国 …), a word of its own or two characters more in one word
        (国际足球; not 世界级), and ``after`` characters at least follow the scope word."""
        first = next((t for t in tokens if t.start == start), None)
        scope = next((w for w in self.scope_openers.words if first is not None and first.text.startswith(w)), "")
        return bool(scope) and len(first.text) - len(scope) != 1 and end - start - len(scope) >= after

    def _kind_of_company(self, tokens, start: int, suffix_start: int, weak: bool) -> bool:
        """A kind of company, no name: the suffix ends an everyday word jieba knows (跨国公司,
        服务网络, 高科技) standing alone or after everyday words; or one activity stands before it
        (监理 + 公司, 主播 + 公司); or everyday words stand before a weak suffix (高水平 + 科技,
        新型 + 广电 + 网络), or before a strong one with a verb among them (a strong one may
        follow a brand of everyday words, 星河科技 + 集团);
        or one place of the lexicon alone (某国 + 公司, 某省 + 科技; its companies named so, 某地 +
        银行, are the lexicon's; a smaller place's, 某县 + 期货, stay names)."""
        holder = next((t for t in tokens if t.start <= suffix_start < t.end), None)
        if holder is None:
            return False
        if holder.start < suffix_start:
            # … alone or after everyday words (全球 + 跨国公司; not 某地 + 电力公司); a kind word
            # before a company's kind jieba knows whole (国有 + 商业保险公司)
            lead = "".join(t.text for t in tokens if start <= t.start and t.end <= holder.start)
            return holder.text not in self.known and _common_word(holder.text) and (
                plain_word(holder) and (holder.start <= start or everyday_phrase(tokens, start, holder.start))
                or lead in self.kind_modifiers)
        words = [t for t in tokens if start <= t.start and t.end <= suffix_start]
        if words and words[-1].text in self.conjunctions:
            return True  # 广播电视 + 和 + 网络: the suffix's word is one of two nouns joined
        acts = any(t.tag.startswith("v") for t in words)  # 监管 + 曝光 + 银行: a clause, no brand
        return (weak or acts) and everyday_phrase(tokens, start, suffix_start) or len(words) == 1 and (
            words[0].tag in ("v", "vn") and words[0].text not in self.known or words[0].text in _lexicon_places()[0])

    def _proper(self, tokens, start: int, suffix_start: int) -> bool:
        """Whether the words before a suffix hold a proper-name word, a known name or an ordinal."""
        for s, e, word, tag in tokens:
            if e <= start or s >= suffix_start:
                continue
            if tag in _PROPER_POS or word in self.known or self.ordinal.match(word):
                return True
            if len(word) >= 2 and not _common_word(word):
                return True
        return False


    # -- 杭州市 / 临浦镇
    def _places(self, doc: Doc, tokens) -> list[Mention]:
        out = []
        _, provinces, _ = _lexicon_places()
        for i, (s, e, word, tag) in enumerate(tokens):
            if tag == "ns" and 2 <= len(word) <= 3 and word not in self.known and i and tokens[i - 1].text in provinces \
                    and tokens[i - 1].end == s and _HAN.fullmatch(word[0]):
                out.append(_mention(doc, s, e, "Place", "rule"))  # 江西 + 瑞金: a place jieba knows, in a province
                continue
            if tag == "ns" and len(word) >= 3 and word.endswith(self.place_suffixes) and word not in self.known:
                # the suffix begins a word with the single character after it (…湾 + 区块): jieba
                # took a place out of a longer name it did not know
                nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
                if len(nxt) == 1 and _HAN.match(nxt) and _common_word(word[-1] + nxt):
                    continue
                out.append(_mention(doc, s, e, "Place", "rule"))
        return out

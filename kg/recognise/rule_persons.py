"""Rule names of persons: jieba's person names with a known surname anchored by a title, an
honorific, a speech verb or a list of persons; names right after a title; Latin names after a
title and Latin organisations before one."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

from ..grammar import load_grammar
from ..ontology import ORGANIZATION_CLASSES, load_words
from ..records import Mention
from .doc import _HAN, _covered, _mention, _owners, _token_table, doc_text
from .words import _FUNCTION_POS, _common_word, _frequent_word, _two_words, list_patterns, plain_word

#: two to six characters (a middle dot among them) glossed by a Latin name of two or three
#: capitalised words in brackets: 约某逊(Boris Jxxx), 蒂姆·库某（Tim Cxxx）
_GLOSSED_NAME = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff·]{1,5})[（(][A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2}[）)]")

_LATIN_PERSON = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}\b")


#: a word of Chinese characters only
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
#: jieba flags that end a name written after a middle dot: adverbs, prepositions, conjunctions,
#: particles, pronouns, and after its first word verbs too
_VERB_OR_FUNCTION = ("v", *_FUNCTION_POS)

_LATIN_ORG = re.compile(r"(?<![A-Za-z&])[A-Z][A-Z&]{1,9}(?![A-Za-z&])")


class PersonNames:
    """Persons' names (a part of :class:`~kg.recognise.rules.RuleEntities`)."""

    def _person_words(self, data: dict) -> None:
        """``recognise.json``'s ``persons``: what may follow a name written after a title, and
        what before a title makes a company of the Latin letters before it."""
        self.name_ends = tuple(data["persons"]["name_ends"])
        self.title_openers = tuple(data["persons"]["title_openers"])
        self.product_heads = tuple(load_words()["product_heads"])
        self.kinds = frozenset(load_words().get("vote_kinds", ()))  # 官微: a kind, no one's name
        persons = data["persons"]
        self.foreign_stops = tuple(sorted(set(persons["foreign_name_stops"]) | set(persons["name_ends"])
                                          | set(load_grammar()["edges"]["after"]), key=len, reverse=True))
        self.foreign_max = persons["foreign_name_max"]
        titles = sorted({t for t in self.titles if _HAN.search(t)} | set(persons["foreign_titles"]), key=len, reverse=True)
        self.foreign_title = re.compile("|".join(map(re.escape, titles)))

    # -- persons
    def _persons(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        named_ends = {c.end for c in found if c.label in ORGANIZATION_CLASSES}
        pending, accepted = [], []
        for i, (s, e, word, tag) in enumerate(tokens):
            if tag not in ("nr", "nrfg") or not 2 <= len(word) <= 4:
                continue
            # jieba splits some three-character names: 宋 + 金平, 刘彦 + 随
            if len(word) == 2 and i > 0 and len(tokens[i - 1].text) == 1 and tokens[i - 1].text in self.surnames \
                    and tokens[i - 1].tag not in ("p", "c", "uj", "d", "v"):
                s, word = tokens[i - 1].start, tokens[i - 1].text + word
            elif len(word) == 2 and i + 1 < len(tokens) and len(tokens[i + 1].text) == 1 \
                    and _HAN.match(tokens[i + 1].text) and text[e + 1:e + 4].startswith(self.honorifics + self.titles):
                e, word = e + 1, word + tokens[i + 1].text
            titled = text[max(0, s - 12):s].rstrip(" ").endswith(self.titles)
            if not (self._surname(word) or titled and len(word) >= 2):
                continue
            if word in self.kinds or (_frequent_word(word) or _two_words(word)) and not titled:
                continue  # 黄金周, 封城, 阳光明媚: everyday words jieba sometimes tags as names
            if any(c.start <= s < c.end or c.start < e <= c.end for c in found):
                continue
            nxt = text[e:e + 3]
            if nxt[:1] and (any(nxt.startswith(sfx) for sfx, _ in self.suffixes) or nxt.startswith(self.product_heads)):
                continue  # 雷锋 + 网, 某某 + 平台: part of a longer name
            before = text[max(0, s - 12):s].rstrip(" ")
            after = text[e:e + 6].lstrip(" ")
            anchored = (
                before.endswith(self.titles) or s in named_ends or re.search(self.role_pattern, before) or before.endswith(self.known_orgs)
                or after.startswith(self.honorifics) or after.startswith(self.speech)
                or after.startswith(self.titles)
            )
            (accepted if anchored else pending).append((s, e))
        # a name right after a title, whatever jieba made of it (副秘书长韩立松研究员)
        boundary = tuple(self.honorifics) + self.titles + self.speech + self.name_ends
        for m in re.finditer(self.title_pattern, text):
            start = m.end()
            # 总统拜某(Joe Bxxx): a transliterated name with the original written after it
            foreign = _GLOSSED_NAME.match(text, start)
            if foreign and not foreign.group(1).endswith(self.org_suffixes) \
                    and not any(c.start < foreign.end(1) and start < c.end for c in found):
                accepted.append((start, foreign.end(1)))
                continue
            for size in (3, 2):
                name = text[start:start + size]
                if len(name) == size and _HAN.fullmatch(name[-1]) and self._surname(name) \
                        and text[start + size:start + size + 4].startswith(boundary) \
                        and not any(c.start < start + size and start < c.end for c in found) \
                        and not _frequent_word(name):
                    accepted.append((start, start + size))
                    break
        accepted += self._foreign_after_title(text, tokens, found, accepted)
        # a name in a list with an accepted name is a name too (林远舟、钱若水、周明川)
        known = [(c.start, c.end) for c in found if c.label == "Person"]
        accepted += known
        changed = True
        while changed and pending:
            changed = False
            for span in list(pending):
                if any(_coordinated(text, span, other) for other in accepted):
                    accepted.append(span)
                    pending.remove(span)
                    changed = True
        counts = Counter(text[s:e] for s, e in pending)
        accepted += [sp for sp in pending if counts[text[sp[0]:sp[1]]] >= 3]
        # transliterated names go on after a middle dot: 伊隆·马斯克, 史蒂夫·沃兹尼亚克
        at_start = {t.start: t for t in tokens}
        accepted = [(s, _after_dot(text, at_start, e)) for s, e in accepted]
        # a name accepted once is a name wherever it is written (的陈航 … 陈航谈到)
        names = {text[s:e] for s, e in accepted}
        claimed = _covered(len(text), found)
        for name in names:
            for m in re.finditer(re.escape(name), text):
                if not any(claimed[m.start():m.end()]):
                    accepted.append(m.span())
        return [_mention(doc, s, e, "Person", "rule") for s, e in sorted(set(accepted) - set(known))]

    def _foreign_after_title(self, text: str, tokens, found: list[Mention], accepted) -> list[tuple[int, int]]:
        """A transliterated name written after a place and a title (某国 + 外长 + 某某某 + 会见):
        Chinese characters and middle dots up to a stop word (``foreign_name_stops``, an edge word,
        a speech verb), a verb, function or time word jieba reads two characters in or later, or
        ``foreign_name_max`` characters; two characters at least, no everyday word first."""
        place_ends = {c.end for c in found if c.label == "Place"} | {t.end for t in tokens if t.tag == "ns"}
        at_start = {t.start: t for t in tokens}
        taken = {s: e for s, e in accepted}
        out = []
        for m in self.foreign_title.finditer(text):
            start = m.end()
            if m.start() not in place_ends or not _HAN.match(text, start) \
                    or any(t.start <= m.start() and start < t.end for t in tokens):
                continue  # 总统大选: a title inside a longer word is none
            end = start
            while end < len(text) and end - start <= self.foreign_max and (_HAN.match(text, end) or text[end] in "·•"):
                token = at_start.get(end)
                if end > start and text.startswith(self.foreign_stops, end) or end - start >= 2 and token is not None \
                        and _common_word(token.text) and (token.tag.startswith(_VERB_OR_FUNCTION + ("t",))
                                                         or len(token.text) > 1 and plain_word(token)):
                    break  # 某某某 + 演讲时: an everyday word jieba reads after the name ends it
                end += 1
            first = at_start.get(start)
            if not 2 <= end - start <= self.foreign_max or text[end - 1] in "·•" or first is not None and (
                    first.end <= end and plain_word(first) and _common_word(first.text) and first.tag[:2] != "nr"):
                continue
            if end > taken.get(start, start) and not any(c.start <= start and end <= c.end and c.label == "Person" for c in found):
                out.append((start, end))
                if start in taken:
                    accepted.remove((start, taken[start]))  # 萨某 + 基某: the whole name, not its first word
        return out

    def _surname(self, word: str) -> bool:
        return word[:2] in self.surnames or word[:1] in self.surnames

    def _latin(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        for m in _LATIN_PERSON.finditer(text):
            before = text[max(0, m.start() - 10):m.start()].rstrip(" ：:")
            if before.endswith(self.titles):
                out.append(_mention(doc, m.start(), m.end(), "Person", "rule"))
        titles = set(self.titles)
        for m in _LATIN_ORG.finditer(text):
            if m.group() in titles or any(c.start <= m.start() < c.end for c in found):
                continue
            piece = re.split(r"[，。；：:,;\n]", text[m.end():m.end() + 12])[0]
            after = piece.strip()
            after_end = m.end() + len(piece.rstrip())
            if after.startswith(self.title_openers) or any(
                    after.endswith(t) and self._whole_words(doc, after_end - len(t), len(t)) for t in self.titles):
                out.append(_mention(doc, m.start(), m.end(), "Company", "rule"))
        return out

    @staticmethod
    def _whole_words(doc: Doc, start: int, size: int) -> bool:
        """Whether ``start`` begins a word and ``start + size`` ends one (部长 in 头部长度 is no title)."""
        owners, tokens = _owners(doc), _token_table(doc)
        first, last = owners[start], owners[start + size - 1]
        return first >= 0 and last >= 0 and tokens[first].start == start and tokens[last].end == start + size


def _after_dot(text: str, at_start: dict, end: int) -> int:
    """Where a transliterated name that goes on after a middle dot ends (伊隆·马斯克, and over
    each further dot): the Chinese words after a dot (``at_start``: the tokens by their first
    offset), at most six characters, up to an edge word (的, 表示 …) or, after the first word, a
    verb or a function word (某某·某 + 参与了 is no name); ``end`` itself when no such word
    follows the dot."""
    stop = _edge_after()
    while text.startswith(("·", "•"), end):
        out = end + 1
        while (token := at_start.get(out)) is not None and _HAN_WORD.fullmatch(token.text) \
                and token.end - end - 1 <= 6 and token.text not in stop \
                and not token.tag.startswith(_FUNCTION_POS if out == end + 1 else _VERB_OR_FUNCTION):
            out = token.end
        if out == end + 1:
            break
        end = out
    return end


@lru_cache(maxsize=1)
def _edge_after() -> frozenset[str]:
    """grammar.json's edge words no name ends with (的, 了, 表示 …) and words.json's stop tokens."""
    return frozenset(load_grammar()["edges"]["after"]) | frozenset(load_words()["name_stop_tokens"])


def _coordinated(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two names stand in one list: only 、/和/与/及, spaces and a short title between."""
    left, right = sorted((a, b))
    gap = text[left[1]:right[0]]
    # 林远舟(2016年)、钱若水: a short aside in brackets may follow a listed name
    return len(gap) <= 14 and bool(list_patterns().in_list_gap.fullmatch(gap))

"""Rule names found after cue words: product variants in a list, names after a deal verb or a
product head, examples before 等 + a kind, an organisation before a title and a person, and
the byline's names."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..records import Article, Mention
from .doc import _covered, _mention, _owners, _token_table, doc_text
from .words import (
    _FUNCTION_POS,
    _PROPER_POS,
    _common_word,
    _frequent_word,
    _rare_word,
    character_class,
    everyday_phrase,
)

#: a word of Chinese characters only
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


class CuedNames:
    """Names that a cue word stands beside (a part of :class:`~kg.recognise.rules.RuleEntities`,
    whose vocabulary it reads; ``recognise.json``'s ``cues`` through :meth:`_cue_words`)."""

    def _cue_words(self, data: dict) -> None:
        cues = data["cues"]
        deals = "|".join(map(re.escape, self.deal_cues))
        self.after_deal = re.compile(cues["after_deal"].format(cues=deals))
        self.not_in_unknown_names = re.compile(character_class(data["function_characters"]["in_unknown_names"]))
        self.list_joiners = (data["list_mark"], *data["name_conjunctions"]["words"])
        self.list_items = re.compile("[^" + "".join(map(re.escape, self.list_joiners)) + "]+")  # the names of a list

    # -- 政务钉钉、教育钉钉: variants of a product, in a list
    def _product_variants(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        starts = {t.start: i for i, t in enumerate(tokens)}
        for m in found:
            if m.label != "Product" or m.source != "lexicon" or m.start not in starts:
                continue
            i, start = starts[m.start], m.start
            while i > 0 and m.start - tokens[i - 1].start <= 4 and tokens[i - 1].tag in ("n", "vn", "b", "nz") \
                    and tokens[i - 1].text not in self.stop and tokens[i - 1].end == start:
                i -= 1
                start = tokens[i].start
            in_list = text[m.end:m.end + 1] == "、" or text[start - 1:start] == "、"
            if start < m.start and in_list:
                out.append(_mention(doc, start, m.end, "Product", "rule"))
        return out

    # -- 收编进来的 teambition、友盟 / 近期投资的小满科技 / 开发平台宜搭
    def _listed_after_cues(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        claimed = _covered(len(text), found)
        tokens, owners = _token_table(doc), _owners(doc)
        for m in self.after_deal.finditer(text):
            pos = m.end()
            clause = re.match(r"[^，。；;,\n]*", text[pos:]).group()
            for item in self.list_items.finditer(clause):
                name = item.group().strip()
                start = pos + item.start() + item.group().index(name) if name else 0
                # 合作的 + 国际经济环境, 爬坡过坎: a phrase of everyday words, no company
                if self._unknown_name(name) and not any(claimed[start:start + len(name)]) \
                        and not everyday_phrase(tokens, start, start + len(name)):
                    out.append(_mention(doc, start, start + len(name), "Company", "rule"))
        heads = "|".join(map(re.escape, self.product_heads))
        for m in re.finditer(rf"(?:{heads})([\u4e00-\u9fffA-Za-z]{{2,6}})(?=[，。；、,])", text):
            name = m.group(1)
            # a clause, not a name, when it holds function words (平台也会沦陷, 应用越来越广泛)
            tags = {tokens[i].tag for i in range(owners[m.start(1)], owners[m.end(1) - 1] + 1)}
            # … or a verb of two characters or everyday words (工具 + 使用便利性, 平台 + 浮托安装)
            words = [tokens[i] for i in range(owners[m.start(1)], owners[m.end(1) - 1] + 1)]
            if any(t.startswith(_FUNCTION_POS) for t in tags) or everyday_phrase(tokens, m.start(1), m.end(1)) \
                    or any(t.tag.startswith("v") and len(t.text) > 1 for t in words):
                continue
            if self._unknown_name(name) and not any(claimed[m.start(1):m.end(1)]):
                out.append(_mention(doc, m.start(1), m.end(1), "Product", "rule"))
        return out

    # -- 为立白等集团型企业提供服务 / 华为、小米等手机厂商: examples of the kind named after 等
    def _examples(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        claimed = _covered(len(text), found)
        at = {t.start: i for i, t in enumerate(tokens)}
        for m in self.example_kind.finditer(text):
            if m.start() not in at:
                continue
            label = self.kind_class[m.group(1)]
            j = at[m.start()] - 1
            while j >= 0:
                if not tokens[j].text.strip():  # a space
                    j -= 1
                    continue
                start, end, word, tag = tokens[j]
                if any(claimed[start:end]):
                    pass  # a name found already: the list goes on
                elif self._unknown_name(word) or (word not in self.stop and (
                        (tag in _PROPER_POS and not _frequent_word(word)) or _rare_word(word))):
                    out.append(_mention(doc, start, end, label, "rule"))
                else:
                    break
                j -= 1
                if j < 0 or tokens[j].text not in self.list_joiners:
                    break
                j -= 1
        return out

    # -- 达摩院数据库首席科学家李飞飞 / 某某云计算平台高级研究员张三: 机构 + (领域) + 职位 + 人名
    def _orgs_before_titles(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        claimed = _covered(len(doc_text(doc)), found)
        out = []
        for i in range(1, len(tokens) - 1):
            title, person = tokens[i], tokens[i + 1]
            if title.text not in self.title_set or person.tag != "nr" or not self._surname(person.text) \
                    or len(person.text) > 4:
                continue
            # an optional field between the organisation and the title (数据库, 技术)
            for k in (i - 1, i - 2):
                if k < 0 or (k == i - 2 and (tokens[i - 1].tag != "n" or len(tokens[i - 1].text) > 4)):
                    continue
                start, end, word, tag = tokens[k]
                if any(claimed[start:end]):
                    break
                if (word in self.org_units or word in self.org_finals) and k > 0:
                    # 星河 + 研究院, 青藤 + 院: a name jieba cut off its unit
                    s0, _, head, head_tag = tokens[k - 1]
                    if len(head) >= 2 and (any(claimed[s0:start]) or head not in self.stop and (
                            head_tag in _PROPER_POS or head_tag == "n" and not _frequent_word(head))):
                        out.append(_mention(doc, s0, end, "Organization", "rule"))
                        break
                if 3 <= len(word) <= 8 and word[-1] in self.org_finals and word not in self.stop \
                        and (tag in _PROPER_POS or not _common_word(word) or _rare_word(word)):
                    out.append(_mention(doc, start, end, "Organization", "rule"))
                    break
        return out

    def _unknown_name(self, name: str) -> bool:
        """A short word jieba does not know (or a Latin word): likely a name."""
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9+]{1,23}", name):
            return True
        if not 2 <= len(name) <= 8 or any(w in name for w in self.stop if len(w) > 1) \
                or self.not_in_unknown_names.search(name):
            return False
        return bool(_HAN_WORD.fullmatch(name)) and not _common_word(name) \
            and not any(_common_word(name[i:i + 2]) and _common_word(name[i + 2:]) for i in (0,) if len(name) == 4)

    # -- byline
    def _byline(self, doc: Doc) -> list[Mention]:
        article: Article | None = doc._.kg_article
        if article is None:
            return []
        return [_mention(doc, b.start, b.end, "Person", "byline") for b in article.authors] \
            + [_mention(doc, b.start, b.end, "Organization", "byline") for b in article.publishers]


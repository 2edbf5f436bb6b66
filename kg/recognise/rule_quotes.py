"""Rule names in 《》 (policies, reports, newspapers, shows) and in quotation marks (products,
strategies), classified by the words around them."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..grammar import _common, load_grammar
from ..records import Mention
from .doc import _HAN, _mention, doc_text
from .words import character_class

_CLAUSE_BREAK = re.compile(r"[。！？!?；;：:\n，,（）()]")

_QUOTE = re.compile(r"“([^“”\n]{2,20})”|\"([^\"\n]{2,20})\"|「([^「」\n]{2,20})」")

#: a name in Latin words: a capital or digit first, at most six words (Star Harbour 2)
_LATIN_NAME = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[ .&'+-][A-Za-z0-9]+){0,5}")

_BOOK = re.compile(r"《([^《》\n]{2,60})》")


class QuotedNames:
    """Quoted and 《》 names (a part of :class:`~kg.recognise.rules.RuleEntities`).

    Reads ``recognise.json``'s ``quoted`` and ``function_characters`` (:meth:`_quote_words`)."""

    def _quote_words(self, data: dict) -> None:
        quoted = data["quoted"]
        self.not_in_quoted_names = re.compile(character_class(data["function_characters"]["in_quotes"]))
        self.award = quoted["award"]
        self.periodical_endings = tuple(quoted["periodical_endings"])
        self.periodical_words = tuple(quoted["periodical_words"])
        self.dated_policy = re.compile(quoted["dated_policy"])
        self.report_endings = tuple(quoted["report_endings"])
        self.bulletin_endings = tuple(quoted["bulletin_endings"])
        self.figure_after = tuple(quoted["figure_after"])
        self.quoted_not_org_endings = tuple(quoted["not_org_endings"])
        self.quoted_event_endings = tuple(sorted({sfx for sfx, cls in self.suffixes if cls == "Event"}
                                                 | set(load_grammar()["events"]["short_suffixes"]), key=len, reverse=True))
        self.list_mark = data["list_mark"]
        self.edition_before = re.compile(rf"(?:{load_grammar()['events']['openers'][1]})$")  # 第N届 + “某某日”
        self.launch_cues = tuple(load_grammar()["product_models"]["launch_cues"])
        self.quoted_list_then_head = re.compile(quoted["list_then_head"].format(heads="|".join(self.product_heads)))
        policies = load_grammar()["policies"]
        self.programme_heads = tuple(policies["quoted_programme_heads"])
        self.not_programmes = frozenset(policies["quoted_not_programmes"])

    # -- 《…》
    def _book_titles(self, doc: Doc) -> list[Mention]:
        out, text = [], doc_text(doc)
        for m in _BOOK.finditer(text):
            inner = m.group(1)
            if inner.endswith(self.policy_suffixes) or self.dated_policy.search(inner) \
                    or inner.endswith(self.bulletin_endings):
                cls = "Policy"
            elif inner.endswith(self.periodical_endings) or text.startswith(self.periodical_words, m.end()) \
                    or text.endswith(self.periodical_words, 0, m.start()):
                cls = "Organization"  # 《某某报》, 《某某》杂志, 医学期刊《某某》: a periodical
            elif len(inner) <= 8 and not re.search(r"[\s，,：:！!？?、“”\"]", inner) and not self.not_in_quoted_names.search(inner):
                cls = "Product"  # a programme, an app, a book: 《星河夜话》
            elif _LATIN_NAME.fullmatch(inner):
                cls = "Product"  # a title in Latin words: a game, an app, a show (《Star Harbour》)
            else:
                continue  # the headline of an article or a paper cited by title
            out.append(_mention(doc, m.start(1), m.end(1), cls, "quote"))
        return out

    # -- “…”
    def _quoted(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        products = [c for c in found if c.label == "Product"]
        for m in _QUOTE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            inner, s, e = m.group(group), m.start(group), m.end(group)
            after = _clause(text, m.end(), 14)
            # “稳住存量、扩大增量、提升质量”策略: a slogan of listed phrases names the strategy after it
            slogan = len(inner) <= 20 and "、" in inner and after.startswith(self.strategy_heads)
            before = text[max(0, m.start() - 8):m.start()]
            if _LATIN_NAME.fullmatch(inner) and (before.endswith(self.launch_cues) or before[:-1].endswith(self.launch_cues)):
                out.append(_mention(doc, s, e, "Product", "quote"))  # 推出(了) + “Star Harbour”
                continue
            # a long quoted phrase is a name only as a slogan or an event's name (“2019·某某发展论坛”)
            if _CLAUSE_BREAK.search(inner) or not _HAN.search(inner) \
                    or (len(inner) > 12 and not slogan and not self._quoted_event(inner)) \
                    or self.not_in_quoted_names.search(inner) or inner in self.not_programmes:
                continue  # a quoted phrase, not a name (“形象工程”: a kind of project)
            if after.startswith(self.award):
                out.append(Mention(s - 1, m.end() + 1, text[s - 1:m.end() + 1], "Event", "quote",
                                   name=inner + self.award))
            elif self._quoted_event(inner) or self.edition_before.search(before):
                out.append(_mention(doc, s, e, "Event", "quote"))
            elif self._quoted_org(inner):
                out.append(_mention(doc, s, e, "Organization", "quote"))
            elif inner.endswith(self.programme_heads):
                out.append(_mention(doc, s, e, "Strategy", "quote"))  # “某某工程”, “某某行动”: a programme
            elif inner.endswith(self.product_heads) or before.endswith(self.product_heads) \
                    or any(p.end in (m.start(), m.start() - 1) for p in products) \
                    or self.quoted_list_then_head.match(after):
                out.append(_mention(doc, s, e, "Product", "quote"))
            elif (any(h in after for h in self.strategy_heads) or before.endswith(self.strategy_heads)) \
                    and not after.startswith(self.figure_after):
                out.append(_mention(doc, s, e, "Strategy", "quote"))
            elif inner.endswith(self.report_endings):
                out.append(_mention(doc, s, e, "Policy", "quote"))
        return out


    def _quoted_org(self, inner: str) -> bool:
        """“某某协会”: a quoted name ending in an organisation's suffix, with two characters at
        least before a one-character suffix (“网网” is a panda's name) and no list mark inside
        (“求实学、务实业” is a motto)."""
        suffix = max((x for x in self.org_suffixes if inner.endswith(x)), key=len, default="")
        return bool(suffix) and not inner.endswith(self.quoted_not_org_endings) \
            and len(inner) - len(suffix) >= (2 if len(suffix) == 1 else 1) and self.list_mark not in inner

    def _quoted_event(self, inner: str) -> bool:
        """“2019·某某论坛”, “某某——某某雕塑展”: a quoted event's name, by its ending (a one-character
        ending not inside an everyday word: not 发展; a forum without a year is a standing body;
        not a list)."""
        ending = next((x for x in self.quoted_event_endings if inner.endswith(x)), None)
        if ending is None or self.list_mark in inner or len(ending) == 1 and _common(inner[-2:]):
            return False
        return not inner.endswith(self.standing_event_suffixes) or bool(
            self.edition_or_year.search(inner) or re.match(r"(?:19|20)\d\d", inner))


def _clause(text: str, start: int, size: int) -> str:
    piece = text[start:start + size]
    m = re.search(r"[。！？；\n]", piece)
    return piece[:m.start()] if m else piece

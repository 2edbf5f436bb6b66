"""Unquoted names of plans, campaigns and projects after a verb that launches them, and of
laws after a verb that passes or amends them.

推出某某计划, 实施某某工程, 启动某某行动: the words between the verb and the head word
(``recognise.json`` ``launched_plans``) name a Strategy when they are short, hold no
function character and do not open like a description (新的…, 一项…). 通过了某某法,
关于修改某某法、某某法的决定: a law without 《》 (``grammar.json`` ``policies``) is a Policy.
A place's party committee before a secretary's title (某市 + 市委 + 书记, 某自治区 + 党委 + 书记:
``grammar.json`` ``government`` ``party_committees``) is a GovernmentBody, which jieba reads glued
to the title (市委书记) so that the department grammar (:mod:`kg.grammar`) leaves it."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..grammar import load_grammar
from ..records import Mention
from .doc import _covered, _mention, doc_text
from .words import character_class


class PolicyNames:
    """Launched plans (a part of :class:`~kg.recognise.rules.RuleEntities`).

    Reads ``recognise.json``'s ``launched_plans`` (:meth:`_policy_words`)."""

    def _policy_words(self, data: dict) -> None:
        plans = data["launched_plans"]
        low, high = plans["body"]
        verbs = "|".join(map(re.escape, sorted(plans["verbs"], key=len, reverse=True)))
        heads = "|".join(map(re.escape, sorted(plans["heads"], key=len, reverse=True)))
        complements = character_class(plans["verb_complements"])
        after = "|".join(map(re.escape, plans["not_after"]))
        self.plan_pattern = re.compile(
            rf"(?:{verbs})+{complements}?([\u4e00-\u9fff]{{{low},{high}}}?(?:{heads}))"
            rf"(?![\u4e00-\u9fff]?(?:{heads})|{after})")
        self.plan_not_in_body = re.compile(character_class(plans["not_in_body"]))
        self.plan_not_openings = tuple(plans["not_openings"])
        titled = data["titled_writings"]
        writings = "|".join(map(re.escape, sorted(titled["heads"], key=len, reverse=True)))
        opener, closer = character_class(titled["openers"]), character_class(titled["closers"])
        self.titled_pattern = re.compile(
            rf"{re.escape(titled['cue'])}{opener}([^\n《》“”]{{2,60}}?){closer}")
        self.titled_head = re.compile(rf"^[^\n]{{0,1}}(?:{writings})")
        self.plan_not_before_head = re.compile(
            "(?:" + "|".join(map(re.escape, plans["not_before_head"])) + ")(?:" + heads + ")$")
        self._law_words(load_grammar()["policies"])
        committees = load_grammar()["government"]["party_committees"]
        self.committee_words = tuple(sorted(committees["words"], key=len, reverse=True))
        self.committee_after_level = committees["after_level"]
        self.committee_titles = tuple(committees["titles"])

    def _law_words(self, laws: dict) -> None:
        cues = "|".join(map(re.escape, sorted(laws["law_cues"], key=len, reverse=True)))
        modifiers = "|".join(map(re.escape, laws["law_modifiers"]))
        low, high = laws["law_body"]
        body = rf"[\u4e00-\u9fff]{{{low - 1},{high - 1}}}?法"
        after = laws["law_after"]
        self.law_pattern = re.compile(rf"(?:{cues})[了好]?(?:{modifiers})?({body})(?={after})")
        self.law_listed = re.compile(rf"{laws['law_list']}(?:{modifiers})?({body})(?={after})")
        self.law_cue_words = tuple(sorted(laws["law_cues"], key=len, reverse=True))
        self.not_law_endings = tuple(laws["not_law_endings"])
        self.not_laws = frozenset(laws["not_laws"])
        self.numbered_rules = re.compile(laws["numbered_rules"])

    def _launched_plans(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        covered = _covered(len(text), found)
        out = self._titled_writings(text, doc) + self._laws(text, doc, covered) + self._committees(text, doc, found)
        for m in self.plan_pattern.finditer(text):
            name = m.group(1)
            if (self.plan_not_in_body.search(name) or name.startswith(self.plan_not_openings)
                    or self.plan_not_before_head.search(name)):
                continue
            if any(covered[m.start(1):m.end(1)]):
                continue
            out.append(_mention(doc, m.start(1), m.end(1), "Strategy", "rule"))
        return out

    def _titled_writings(self, text: str, doc: Doc) -> list[Mention]:
        """题为《…》的报道: the headline of a published writing (a Policy, as documents are)."""
        out = []
        for m in self.titled_pattern.finditer(text):
            if self.titled_head.match(text[m.end(1) + 1:m.end(1) + 8]):
                out.append(_mention(doc, m.start(1), m.end(1), "Policy", "quote"))
        return out

    def _laws(self, text: str, doc: Doc, covered: bytearray) -> list[Mention]:
        """通过了某某法, 修改某某法、某某法: laws without 《》 after a verb that passes or amends
        them, and the laws listed after such a law; 中央 + 八项规定: rules named by their count."""
        out = []
        for m in self.law_pattern.finditer(text):
            start, end = m.span(1)
            while start is not None:
                start = self._after_cues(text, start, end)
                if not self._law_name(text[start:end]):
                    break
                if not any(covered[start:end]):
                    out.append(_mention(doc, start, end, "Policy", "rule"))
                listed = self.law_listed.match(text, end)
                start, end = listed.span(1) if listed else (None, None)
        for m in self.numbered_rules.finditer(text):
            if not any(covered[m.start():m.end()]):
                out.append(_mention(doc, m.start(), m.end(), "Policy", "rule"))
        return out

    def _committees(self, text: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """某市 + 市委 + 书记, 某省 + 委 + 书记: a place's party committee named before its secretary."""
        out = []
        for place in (c for c in found if c.label == "Place"):
            word = next((w for w in self.committee_words if text.startswith(w, place.end)
                         and (len(w) > 1 or place.text.endswith(tuple(self.committee_after_level)))), None)
            if word and text.startswith(self.committee_titles, place.end + len(word)):
                out.append(_mention(doc, place.start, place.end + len(word), "GovernmentBody", "rule"))
        return out

    def _after_cues(self, text: str, start: int, end: int) -> int:
        """Where a law's name starts after the verbs read into it (通过 + 实施某某法)."""
        while True:
            cue = next((c for c in self.law_cue_words if text.startswith(c, start)), None)
            if cue is None or end - start - len(cue) < 2:
                return start
            start += len(cue)

    def _law_name(self, name: str) -> bool:
        return not (self.plan_not_in_body.search(name) or name.endswith(self.not_law_endings) or name in self.not_laws)

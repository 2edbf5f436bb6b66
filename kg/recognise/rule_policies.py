"""Unquoted names of plans, campaigns and projects after a verb that launches them.

推出某某计划, 实施某某工程, 启动某某行动: the words between the verb and the head word
(``recognise.json`` ``launched_plans``) name a Strategy when they are short, hold no
function character and do not open like a description (新的…, 一项…)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

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

    def _launched_plans(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        covered = _covered(len(text), found)
        out = self._titled_writings(text, doc)
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

"""``kg_rule_entities``: names by Chinese naming conventions. One class per family of rules,
joined here: names after cue words (:mod:`.rule_cues`), names ending in a class suffix and
places (:mod:`.rule_suffixes`), quoted and 《》 names (:mod:`.rule_quotes`), persons
(:mod:`.rule_persons`), and the naming grammar of :mod:`kg.grammar`."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..grammar import NamingGrammar
from ..ontology import (
    ORGANIZATION_CLASSES,
    load_lexicon,
    load_schema,
    load_surnames,
    load_words,
)
from .doc import _HAN, _candidates, _ensure_extensions, _token_table, doc_text
from .rule_cues import CuedNames
from .rule_events import EventNames
from .rule_persons import PersonNames
from .rule_policies import PolicyNames
from .rule_quotes import QuotedNames
from .rule_suffixes import SuffixNames
from .words import _kind_words, _lexicon_names, recognise_words


class RuleEntities(CuedNames, SuffixNames, QuotedNames, PersonNames, EventNames, PolicyNames):
    """Recognise names by Chinese naming conventions.

    * organisation, company, government and event names ending in a class suffix of the
      ontology (``kg:nameSuffix``: …集团, …委员会, …大学, …峰会), extended to the left over
      name-like words;
    * place names that jieba tags ``ns`` and that end in 省 / 市 / 县 / 区 / 镇 …;
    * events without a class suffix: short names of leagues (英超, NBA) and a year + a Latin
      name before an event's word (:mod:`.rule_events`);
    * 《…》 titles (policies, reports, newspapers, shows) and “…” names of products and
      strategies, classified by the words around them;
    * person names (jieba ``nr`` with a known surname) anchored by a title before them, an
      honorific or speech verb after them, or a list of other persons; Latin names after a title.
    """

    def __init__(self):
        schema = load_schema()
        words = load_words()
        self.suffixes = sorted(
            ((s, c) for s, c in schema.suffixes.items()
             if c in ORGANIZATION_CLASSES or c == "Event"),
            key=lambda sc: -len(sc[0]),
        )
        self.titles = tuple(sorted({t for spec in schema.relations.values() for t in spec.title_cues
                                    if spec.name not in ("authorOf", "publisherOf")}, key=len, reverse=True))
        self.surnames = load_surnames()
        self.honorifics = tuple(words["honorifics"])
        self.speech = tuple(words["speech_verbs"])
        self.stop = set(words["name_stop_tokens"])
        self.product_heads = tuple(sorted(words["product_heads"], key=len, reverse=True))
        kinds = {w: c for c, ws in words["example_kinds"].items() if not c.startswith("_") for w in ws}
        self.kind_class = kinds
        before_title = words["org_before_title"]
        self.org_finals = frozenset(before_title["final_characters"])
        self.org_units = frozenset(before_title["units"])
        self.title_set = frozenset(self.titles)
        data = recognise_words()
        marker = re.escape(data["cues"]["example_marker"])
        self.example_kind = re.compile(
            marker + r"[\u4e00-\u9fff]{0,4}?(" + "|".join(map(re.escape, sorted(kinds, key=len, reverse=True))) + ")")
        self.strategy_heads = tuple(words["strategy_heads"])
        self.policy_suffixes = tuple(s for s, c in schema.suffixes.items() if c == "Policy")
        self.org_suffixes = tuple(s for s, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES)
        self.known = _lexicon_names()
        self.weak_suffixes = frozenset(words["weak_name_suffixes"])
        self.title_pattern = re.compile("(?:" + "|".join(re.escape(t) for t in self.titles if _HAN.search(t)) + r")\s?")
        persons = data["persons"]
        self.title_heads = tuple(sorted({t[:1] for t in self.titles if _HAN.match(t)} | set(persons["extra_title_heads"])))
        roles = "|".join(map(re.escape, sorted(set(words["person_roles"]) | set(self.titles), key=len, reverse=True)))
        copulas = "|".join(map(re.escape, persons["role_copulas"]))
        self.role_pattern = re.compile(rf"(?:{roles})(?:{copulas})\s*$")
        self.not_name_endings = tuple(words["not_name_endings"])
        self.generic_determiners, self.kind_modifiers = _kind_words()
        self.time_words_in_names = frozenset(words["time_words_in_names"]["words"])
        # 某公司 + 亮相 + 某大会: a verb that states taking part in or holding an event ends
        # what stands before an event's name (the ontology's cues of attended and organized)
        self.event_verbs = frozenset(c for name in ("attended", "organized")
                                     for c in schema.relations[name].verb_cues)
        self.deal_cues = sorted({c for r in ("acquired", "investedIn", "partnerOf")
                                 for c in schema.relations[r].verb_cues}, key=len, reverse=True)
        # names of organisations, which a person's name may follow (星河科技林远舟 …)
        self.known_orgs = tuple(sorted({a for e in load_lexicon() if e.type in ORGANIZATION_CLASSES
                                         for a in (e.name, *e.aliases)}))
        self.grammar = NamingGrammar()  # product models, events, place + department, units (kg.grammar)
        self._cue_words(data)
        self._suffix_words(data)
        self._quote_words(data)
        self._person_words(data)
        self._event_words(data)
        self._policy_words(data)

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        found = _candidates(doc)
        tokens = _token_table(doc)
        found += self._byline(doc)
        found += self._suffix_names(doc, tokens)
        found += self._events_without_suffix(doc, tokens)
        found += self._places(doc, tokens)
        found += self._book_titles(doc)
        found += self._quoted(doc, found)
        found += self._product_variants(doc, tokens, found)
        found += self._listed_after_cues(doc, found)
        found += self._examples(doc, tokens, found)
        found += self._orgs_before_titles(doc, tokens, found)
        found += self.grammar(doc_text(doc), tokens, found)
        found += self._launched_plans(doc, found)
        found += self._persons(doc, tokens, found)
        found += self._latin(doc, found)
        return doc


@Language.factory("kg_rule_entities", assigns=["doc._.kg_candidates"])
def make_rule_entities(nlp: Language, name: str) -> RuleEntities:
    """Build the naming-convention recogniser from the ontology's suffixes and title cues."""
    _ensure_extensions()
    return RuleEntities()

"""What the relation families know of the language, read from ``ontology/``.

The relations, their domains, ranges and cue words come from ``kg.ttl`` (:func:`load_schema`);
honorifics, negation, hedges and the other shared word lists from ``lexicon/words.json``; the
marks and patterns only the relation families use from ``lexicon/relations.json``. Everything is
read once per ontology folder into one frozen :class:`RelationLexicon`; nothing here names a word.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..ontology import ORGANIZATION_CLASSES, RelationSpec, load_schema, load_words, ontology_dir

#: relations whose object is the article, not a mention
ARTICLE_RELATIONS = frozenset({"authorOf", "publisherOf"})


def _any(words) -> str:
    """A regular expression matching any of ``words`` (longest first where the caller sorted)."""
    return "|".join(map(re.escape, words))


@dataclass(frozen=True)
class Cue:
    """A cue word of a relation: ``inverse`` when the object is written before it."""

    word: str
    spec: RelationSpec
    inverse: bool


@dataclass(frozen=True)
class RelationLexicon:
    """The ontology's relations and the words and patterns of ``relations.json``.

    Attributes:
        relations: relation name -> spec (``kg.ttl``).
        cues: every verb and inverse cue (kg.ttl's and ``relations.json`` verbs.extra_cues), longest first.
        titles: ``(title, spec)`` of the title cues (byline relations left out) and of
            ``relations.json`` titles.more_titles (the heads of job titles), longest first.
        words: ``lexicon/words.json``.
        marks, titles_data, byline, verbs, events, names, places, words_joins (joins): the sections of ``relations.json``.
    """

    relations: dict[str, RelationSpec]
    cues: tuple[Cue, ...]
    titles: tuple[tuple[str, RelationSpec], ...]
    words: dict
    marks: dict
    titles_data: dict
    byline: dict
    verbs: dict
    events: dict
    names: dict
    places: dict
    words_joins: dict
    sentence_end: re.Pattern
    clause_end: re.Pattern
    region: re.Pattern
    org_like: re.Pattern
    org_suffixes_only: re.Pattern
    session_gap: re.Pattern
    event_place_gap: re.Pattern
    event_opening: re.Pattern
    event_act: re.Pattern
    among: re.Pattern

    @property
    def title_words(self) -> tuple[str, ...]:
        return tuple(t for t, _ in self.titles)

    @property
    def honorifics(self) -> tuple[str, ...]:
        return tuple(self.words["honorifics"])

    @property
    def negation(self) -> tuple[str, ...]:
        return tuple(self.words["negation"])

    @property
    def hedges(self) -> tuple[str, ...]:
        return tuple(self.words["hedges"])

    @property
    def coordinators(self) -> tuple[str, ...]:
        return tuple(self.words["coordinators"])

    @property
    def list_joins(self) -> frozenset[str]:
        """What stands between the items of a list: the enumeration comma and the coordinators."""
        return frozenset((self.marks["enumeration_comma"], *self.coordinators))

    @property
    def symmetric(self) -> frozenset[str]:
        return frozenset(n for n, spec in self.relations.items() if spec.symmetric)


def load_relation_words(folder: Path | None = None) -> dict:
    """Read ``lexicon/relations.json`` of the ontology folder.

    >>> "sentence_end" in load_relation_words()["marks"]
    True
    """
    path = (folder or ontology_dir()) / "lexicon" / "relations.json"
    return json.loads(path.read_text(encoding="utf-8"))


def relation_lexicon() -> RelationLexicon:
    """The lexicon of the current ontology folder (``KG_ONTOLOGY`` or the shipped one), read once."""
    return _lexicon(str(ontology_dir()))


@lru_cache(maxsize=4)
def _lexicon(folder: str) -> RelationLexicon:
    schema, words = load_schema(), load_words()
    data = load_relation_words(Path(folder))
    marks, events = data["marks"], data["events"]
    relations = schema.relations
    extra = data["verbs"].get("extra_cues", {})
    cues = sorted([Cue(c, spec, False) for spec in relations.values()
                   for c in (*spec.verb_cues, *extra.get(spec.name, {}).get("verb", ()))]
                  + [Cue(c, spec, True) for spec in relations.values()
                     for c in (*spec.inverse_cues, *extra.get(spec.name, {}).get("inverse", ()))],
                  key=lambda c: -len(c.word))
    more = data["titles"].get("more_titles", {})
    titles = sorted(((t, spec) for spec in relations.values()
                     for t in (*spec.title_cues, *more.get(spec.name, ())) if spec.name not in ARTICLE_RELATIONS),
                    key=lambda ts: -len(ts[0]))
    org_suffixes = sorted((x for x, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES and len(x) >= 2),
                          key=len, reverse=True)
    sessions = _any(words["event_sessions"])
    commas = "[" + marks["commas"] + "]"
    acts = sorted(words["event_acts"] + words["speech_verbs"], key=len, reverse=True)
    return RelationLexicon(
        relations=relations, cues=tuple(cues), titles=tuple(titles), words=words, marks=marks,
        titles_data=data["titles"], byline=data["byline"], verbs=data["verbs"], events=events, names=data["names"],
        places=data["places"], words_joins=data["joins"],
        sentence_end=re.compile(marks["sentence_end"]),
        clause_end=re.compile(marks["clause_end"]),
        region=re.compile(data["regions"]["pattern"]),
        org_like=re.compile(r"[\u4e00-\u9fff]{1,12}?(?:" + _any(org_suffixes) + ")"),
        # a "name" made of organisations' suffixes alone (the name itself was cut off)
        org_suffixes_only=re.compile("(?:" + _any(org_suffixes) + ")+"),
        # the words that may stand between an event and the passive marker
        session_gap=re.compile("(?:" + sessions + ")?" + events["session_adverbs"]),
        # between an event and 在 PLACE + a holding cue: its sessions, dates, adverbs, an alias
        event_place_gap=re.compile("(?:" + sessions + ")*" + data["places"]["event_gap"]),
        # after an event opening a sentence: on it, at one of its sessions, then a comma
        event_opening=re.compile("((?:" + sessions + ")*" + events["opening_positions"]
                                 + "|(?:" + sessions + ")+)?" + commas),
        # after the last person listed: (honorific)(list end,)(adverb) + an act or a speech verb
        event_act=re.compile("(?:" + _any(words["honorifics"]) + ")?" + events["act_list_end"]
                             + events["act_adverbs"] + "(?:" + _any(acts) + ")"),
        among=re.compile(_any(words["among_cues"])),
    )

"""What every relation family reads: the mentions of one document and the text around them.

A :class:`DocContext` is made per call of the component and handed to each family (the families
are stateless functions of it); :class:`Mention` is a mention as the families see it. The helpers
here answer the questions all families ask: the sentence and clause around an offset, whether a
word is said between two offsets, whether a relation's domain and range fit, and the
:class:`~kg.records.Relation` record with its verbatim evidence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..ontology import RelationSpec
from ..records import Article, Entity, Relation
from .features import Tokens
from .lexicon import RelationLexicon

#: jieba flags of words that are no part of a name: adverbs, prepositions, conjunctions, particles,
#: pronouns, time and place words, numbers, measure words, adjectives used as adverbs
_NOT_NAME_POS = ("d", "p", "c", "u", "r", "t", "f", "m", "q", "ad", "x")
_NOUN_POS = ("n", "eng", "j")


@dataclass(frozen=True)
class Mention:
    """A mention as the families see it: where, which entity, which class."""

    start: int
    end: int
    key: str
    label: str
    anaphor: bool
    #: for a place, the offsets where a run of nouns written right after it ends (a place + an
    #: organisation nobody found): a cue or a sentence end there means the place only qualifies it
    qualifies: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DocContext:
    """One document as the families read it.

    Attributes:
        text: the article text.
        mentions: the mentions of the body (byline left out), sorted, places marked where they qualify.
        words: the document's words, for bisecting.
        openers: sentence start -> (start, jieba flag) of its first word.
        lex: the ontology's relations, cue words and patterns.
        entities: the document's entities (names as written, every mention).
        article: the article read (its byline), or None.
    """

    text: str
    mentions: tuple[Mention, ...]
    words: Tokens
    openers: dict[int, tuple[int, str]]
    lex: RelationLexicon
    entities: tuple[Entity, ...] = ()
    article: Article | None = None

    @cached_property
    def _marks(self) -> list[int] | None:
        """Where the sentence end marks are, when each is one character (else None)."""
        found = list(self.lex.sentence_end.finditer(self.text))
        return [m.start() for m in found] if all(m.end() == m.start() + 1 for m in found) else None

    def sentence(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding ``pos`` (the end mark excluded)."""
        marks = self._marks
        if marks is not None:  # the marks before ``pos`` and the first at or after it, by bisection
            at = bisect_left(marks, pos)
            return marks[at - 1] + 1 if at else 0, marks[at] if at < len(marks) else len(self.text)
        ends = self.lex.sentence_end
        start = max((m.end() for m in ends.finditer(self.text, 0, pos)), default=0)
        m = ends.search(self.text, pos)
        return start, m.start() if m else len(self.text)

    def clause_start(self, pos: int, floor: int) -> int:
        """Where the clause holding ``pos`` starts, not before ``floor``."""
        starts = [m.end() for m in self.lex.clause_end.finditer(self.text, floor, pos)]
        return starts[-1] if starts else floor

    def said(self, words: tuple[str, ...], start: int, end: int) -> bool:
        """Whether one of ``words`` is a word of its own in ``text[start:end]`` (a negation is a
        word as the segmenter reads it, not a character inside a longer word)."""
        seen = self.words
        first, last = bisect_right(seen.ends, start), bisect_left(seen.starts, end)
        return any(w in words for w in seen.words[first:last])

    def rel(self, spec: RelationSpec, s: Mention, o: Mention, start: int, end: int, conf: float,
            rule: str) -> Relation:
        """The relation with ``text[start:end]`` (stripped) as its evidence."""
        text = self.text
        start, end = max(0, start), min(len(text), end)
        evidence = text[start:end].strip()
        offset = text.index(evidence, start) if evidence else start
        return Relation(s.key, spec.name, o.key, evidence, offset, offset + len(evidence),
                        round(min(conf, 0.99), 2), rule)


def fits(spec: RelationSpec, subject: Mention, obj: Mention) -> bool:
    """Whether the classes fit the relation's domain and range, and the ends are two entities."""
    return subject.label in spec.domain and obj.label in spec.range and subject.key != obj.key


def mentions_of(entities: list[Entity]) -> list[Mention]:
    """The mentions of ``entities``, sorted; of mentions starting at one offset the longest only
    (a parent named at the head of its unit's name is related by name composition alone)."""
    out = [Mention(m.start, m.end, e.key, e.label, m.source == "anaphor") for e in entities for m in e.mentions]
    longest: dict[int, int] = {}
    for m in out:
        longest[m.start] = max(longest.get(m.start, 0), m.end)
    return sorted((m for m in out if longest[m.start] == m.end), key=lambda m: (m.start, m.end))


def body_mentions(mentions: list, article: Article | None, length: int) -> list:
    """``mentions`` (anything with ``start``) of the body: none of a byline, and none before a
    byline at the head (the title and the head's lines are no topic). A byline in the second
    half of the text (来源：某报 at the end) is left out alone: the body before it stays.

    >>> from kg.records import Byline
    >>> a = Article("a.txt", "a", "x" * 100, "x", publishers=(Byline("某报", 93, 95, 90, 95),))
    >>> ms = [Mention(5, 7, "k", "Place", False), Mention(93, 95, "b", "Organization", False)]
    >>> [m.start for m in body_mentions(ms, a, 100)]
    [5]
    """
    rows = (article.authors + article.publishers) if article else ()
    head = max((r[4] for r in rows if r[3] < length / 2), default=0)
    tails = [(r[3], r[4]) for r in rows if r[3] >= length / 2]
    return [m for m in mentions if m.start >= head and not any(s <= m.start < e for s, e in tails)]


def sentence_openers(text: str, tokens, lex: RelationLexicon) -> dict[int, tuple[int, str]]:
    """For each sentence start, where its first word starts and its jieba flag (quotes and spaces skipped)."""
    out: dict[int, tuple[int, str]] = {}
    starts = [0] + [m.end() for m in lex.sentence_end.finditer(text)]
    skip = lex.marks["sentence_opening_marks"]
    i = 0
    for start in starts:
        while i < len(tokens) and tokens[i][1] <= start:
            i += 1
        j = i
        while j < len(tokens) and (not tokens[j][2].strip() or tokens[j][2] in skip):
            j += 1
        if j < len(tokens):
            out[start] = (tokens[j][0], tokens[j][3])
    return out


def qualifying_places(mentions: list[Mention], tokens) -> list[Mention]:
    """Mark where a place stands before a run of words ending in a noun: the place names where an
    organisation nobody recognised is, and is not itself a party there."""
    starts = {t[0]: i for i, t in enumerate(tokens)}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        i = starts.get(m.end)
        if m.label != "Place" or i is None:
            out.append(m)
            continue
        ends = set()
        while i < len(tokens) and len(ends) < 6:
            start, end, word, tag = tokens[i]
            if start in taken or tag.startswith(_NOT_NAME_POS) or not word.strip():
                break
            if tag.startswith(_NOUN_POS):
                ends.add(end)
            i += 1
        out.append(Mention(m.start, m.end, m.key, m.label, m.anaphor, frozenset(ends)) if ends else m)
    return out


def best(found: list[Relation], relations: dict[str, RelationSpec]) -> list[Relation]:
    """One relation per (subject, predicate, object): the most confident, evidence kept."""
    chosen: dict[tuple[str, str, str], Relation] = {}
    for rel in found:
        key = (rel.subject, rel.predicate, rel.object)
        if relations[rel.predicate].symmetric:
            key = (min(rel.subject, rel.object), rel.predicate, max(rel.subject, rel.object))
        if rel.subject == rel.object or not rel.evidence:
            continue
        if key not in chosen or (rel.confidence, -len(rel.evidence)) > (chosen[key].confidence,
                                                                        -len(chosen[key].evidence)):
            chosen[key] = rel
    return sorted(chosen.values())

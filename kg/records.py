"""Typed records passed between the stages: articles and their byline fields, tokens, mentions,
entities, relations."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple


_MARKS = re.compile(r"[\s《》“”\"'‘’「」]")


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The form names are compared in: NFKC, no spaces or quote marks, case-folded.

    Cached: resolution compares the same few thousand names again and again.

    >>> normalize(" 《关于…的通知》 ") == normalize("关于…的通知")
    True
    """
    return _MARKS.sub("", unicodedata.normalize("NFKC", text).strip()).casefold()


class Byline(NamedTuple):
    """A name the byline gives (an author or a publisher), where it is and the line that says so.

    A tuple, so ``row[4]`` still reads ``evidence_end``.

    >>> Byline("林一帆", 10, 13, 7, 13).evidence_end
    13
    """

    name: str
    start: int
    end: int
    evidence_start: int
    evidence_end: int


class Token(NamedTuple):
    """One word of the segmentation: its character offsets, its text and jieba's part of speech.

    A tuple, so ``row[2]`` still reads ``text``.

    >>> Token(0, 4, "星河科技", "nt").tag
    'nt'
    """

    start: int
    end: int
    text: str
    tag: str


@dataclass(frozen=True)
class Article:
    """One input document.

    Attributes:
        source: the file name (``dcterms:source``).
        slug: a stable identifier derived from the file name (used in IRIs).
        text: the whole text, exactly as read.
        title: the first non-empty line.
        created: the publication date or date-time given in the byline, ISO 8601, or None.
        authors: a :class:`Byline` per byline author (plain 5-tuples are made Bylines).
        publishers: same, per byline publisher.
        original: the text as written when ``text`` is a Simplified copy of a Traditional
            Chinese text (same length, same offsets); None otherwise.
    """

    source: str
    slug: str
    text: str
    title: str
    created: str | None = None
    authors: tuple[Byline, ...] = ()
    publishers: tuple[Byline, ...] = ()
    original: str | None = None

    def __post_init__(self) -> None:
        for name in ("authors", "publishers"):
            rows = getattr(self, name)
            if not all(type(row) is Byline for row in rows):
                object.__setattr__(self, name, tuple(Byline(*row) for row in rows))


@dataclass(frozen=True, order=True)
class Mention:
    """A stretch of text naming an entity.

    Attributes:
        start: character offset of the first character.
        end: character offset after the last character.
        text: the surface form, ``article.text[start:end]``.
        label: the ontology class (``Person``, ``Company`` …).
        source: which recogniser found it (``byline``, ``lexicon``, ``rule``, ``quote``,
            ``ner``, ``anaphor``).
        name: the name it stands for when not its text (lexicon canonical name or antecedent).
    """

    start: int
    end: int
    text: str
    label: str
    source: str
    name: str | None = None


@dataclass
class Entity:
    """One real-world entity of an article: every mention of it becomes one node.

    Attributes:
        key: a stable identifier, the canonical name.
        name: the canonical name (``rdfs:label``).
        label: the ontology class.
        aliases: other surface forms met in the text (``skos:altLabel``).
        mentions: where it is named.
    """

    key: str
    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Relation:
    """A relation the text states, with the verbatim evidence.

    Attributes:
        subject: key of the subject entity (or ``"@article"``).
        predicate: the relation's local name in the ontology.
        object: key of the object entity (or ``"@article"``).
        evidence: verbatim text of the article stating the relation.
        start: offset of the evidence in the article text.
        end: offset after the evidence.
        confidence: 0..1; how likely the relation is right.
        rule: which pattern found it (for evaluation by pattern).
    """

    subject: str
    predicate: str
    object: str
    evidence: str
    start: int
    end: int
    confidence: float
    rule: str = ""

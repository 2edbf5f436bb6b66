"""Candidate pairs: two entity mentions of one sentence whose classes fit a relation.

Every ordered pair of mentions of different entities in one sentence, at most
``MAX_GAP`` characters apart, becomes a :class:`Candidate` when the ontology has a relation
whose ``rdfs:domain`` holds the first's class and whose ``rdfs:range`` holds the second's
(``kg.ttl`` decides; nothing here names a relation). The byline relations (``authorOf``,
``publisherOf``) link to the article, not to a mention, and are left to the byline reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from ..ontology import RelationSpec
from .lexicon import ARTICLE_RELATIONS, relation_lexicon

#: at most this many characters between the two mentions of a candidate
MAX_GAP = 80


@dataclass(frozen=True)
class End:
    """One end of a candidate: a mention of an entity."""

    start: int
    end: int
    key: str
    label: str
    anaphor: bool = False


@dataclass(frozen=True)
class Candidate:
    """Two mentions of one sentence that a relation of the ontology could join.

    Attributes:
        subject: the mention that would be the relation's subject.
        object: the mention that would be its object.
        sentence: ``(start, end)`` of the sentence holding both.
        relations: the relations whose domain and range fit, in ontology order.
    """

    subject: End
    object: End
    sentence: tuple[int, int]
    relations: tuple[str, ...]


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (the end mark excluded).

    >>> sentences("甲在乙。丙，丁！")
    [(0, 3), (4, 7)]
    """
    out, start = [], 0
    for mark in relation_lexicon().sentence_end.finditer(text):
        if mark.start() > start:
            out.append((start, mark.start()))
        start = mark.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def fitting(relations: dict[str, RelationSpec], subject: str, obj: str) -> tuple[str, ...]:
    """The relations whose domain holds ``subject`` and whose range holds ``obj``."""
    return tuple(name for name, spec in relations.items()
                 if name not in ARTICLE_RELATIONS and subject in spec.domain and obj in spec.range)


def make_candidates(text: str, mentions: list[End], relations: dict[str, RelationSpec],
                    max_gap: int = MAX_GAP) -> list[Candidate]:
    """Every candidate pair of ``mentions`` (sorted by offset) in ``text``.

    Args:
        text: the article text.
        mentions: the mentions, sorted by start.
        relations: the ontology's relations (``load_schema().relations``).
        max_gap: the most characters allowed between the two mentions.

    Returns:
        The candidates, in text order of their first mention.

    >>> from kg.ontology import load_schema
    >>> ms = [End(0, 4, "星河科技", "Company"), End(6, 10, "天枢手机", "Product")]
    >>> [("develops" in c.relations, c.object.key) for c in
    ...  make_candidates("星河科技推出天枢手机。", ms, load_schema().relations)]
    [(True, '天枢手机'), (False, '星河科技')]
    """
    out = []
    bounds = sentences(text)
    i = 0
    for s_start, s_end in bounds:
        inside = []
        while i < len(mentions) and mentions[i].start < s_end:
            if mentions[i].start >= s_start and mentions[i].end <= s_end:
                inside.append(mentions[i])
            i += 1
        for a, b in permutations(inside, 2):
            if a.key == b.key:
                continue
            first, second = (a, b) if a.start < b.start else (b, a)
            if second.start < first.end or second.start - first.end > max_gap:
                continue
            fit = fitting(relations, a.label, b.label)
            if fit:
                out.append(Candidate(a, b, (s_start, s_end), fit))
    return out


def evidence_span(text: str, candidate: Candidate) -> tuple[int, int]:
    """The shortest run of whole clauses of the sentence that holds both ends.

    >>> ms = [End(3, 7, "星河科技", "Company"), End(12, 16, "天枢手机", "Product")]
    >>> c = Candidate(ms[0], ms[1], (0, 20), ("develops",))
    >>> t = "昨天，星河科技宣布，推出了天枢手机，售价千元。"
    >>> s, e = evidence_span(t, c); t[s:e]
    '星河科技宣布，推出了天枢手机'
    """
    first = min(candidate.subject.start, candidate.object.start)
    last = max(candidate.subject.end, candidate.object.end)
    s_start, s_end = candidate.sentence
    clause_end = relation_lexicon().clause_end
    marks = [m.end() for m in clause_end.finditer(text, s_start, first)]
    start = marks[-1] if marks else s_start
    end_mark = clause_end.search(text, last, s_end)
    end = end_mark.start() if end_mark else s_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

"""Features of a candidate pair, by family: each family is a stateless function of a
:class:`Context` returning feature names (a name present counts 1).

Families: the classes and their order; the distance; the words between and around; list and
possession structure (、 和 的); the ontology's cue words (verb, inverse, title) between and
after the pair; other mentions between; naming (one end's name inside the other's); negation
and hedges; where each end stands in its sentence; and which hand patterns fired for the pair.
The cue words, negation and hedge words come from ``ontology/`` (``kg.ttl``, ``words.json``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..ontology import load_schema, load_words
from .candidates import Candidate, End
from .lexicon import ARTICLE_RELATIONS, load_relation_words

#: distance buckets (characters between the two mentions)
_BUCKETS = (0, 1, 3, 6, 10, 20, 40)
#: the most words between the ends listed one by one
_MAX_BETWEEN_WORDS = 10


@dataclass(frozen=True)
class Tokens:
    """Words of a text: starts, ends and forms in text order (a view for bisecting)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]
    #: jieba's part-of-speech flags, when the rows have them (else empty)
    tags: tuple[str, ...] = ()

    @classmethod
    def of(cls, rows) -> "Tokens":
        """From rows ``(start, end, word, ...)`` or ``(start, end, word, flag)``, blanks dropped."""
        rows = [r for r in rows if r[2].strip()]
        tags = tuple(r[3] for r in rows) if rows and all(len(r) > 3 for r in rows) else ()
        return cls(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows), tags)

    def tag_at(self, pos: int) -> str:
        """The flag of the first word starting at or after ``pos`` ("" when unknown)."""
        i = bisect_left(self.starts, pos)
        return self.tags[i] if i < len(self.tags) else ""

    def inside(self, start: int, end: int) -> tuple[str, ...]:
        """The words wholly inside ``[start, end)``."""
        return self.words[bisect_left(self.starts, start):bisect_right(self.ends, end)]

    def before(self, pos: int, n: int) -> tuple[str, ...]:
        """Up to ``n`` words ending at or before ``pos``, nearest last."""
        i = bisect_right(self.ends, pos)
        return self.words[max(0, i - n):i]

    def after(self, pos: int, n: int) -> tuple[str, ...]:
        """Up to ``n`` words starting at or after ``pos``."""
        i = bisect_left(self.starts, pos)
        return self.words[i:i + n]


@dataclass(frozen=True)
class Context:
    """What the feature families read about one candidate."""

    text: str
    tokens: Tokens
    candidate: Candidate
    #: other mentions of the same sentence (not the two ends)
    others: tuple[End, ...] = ()
    #: the relations hand patterns found between the two entities (subject, object order)
    patterns: frozenset[str] = frozenset()
    #: whether hand patterns were run at all (public corpora: no)
    with_patterns: bool = True

    @property
    def forward(self) -> bool:
        return self.candidate.subject.start < self.candidate.object.start

    @property
    def first(self) -> End:
        return self.candidate.subject if self.forward else self.candidate.object

    @property
    def second(self) -> End:
        return self.candidate.object if self.forward else self.candidate.subject

    @property
    def between(self) -> str:
        return self.text[self.first.end:self.second.start]


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, str, str], ...]:
    """``(cue, kind, relation)`` of the ontology: kind is verb, inverse or title."""
    out = []
    for spec in load_schema().relations.values():
        if spec.name in ARTICLE_RELATIONS:
            continue
        out += [(c, "verb", spec.name) for c in spec.verb_cues]
        out += [(c, "inverse", spec.name) for c in spec.inverse_cues]
        out += [(c, "title", spec.name) for c in spec.title_cues]
    return tuple(out)


@lru_cache(maxsize=1)
def _marks() -> dict:
    """``relations.json``: the marks the structure features name."""
    return load_relation_words()


@lru_cache(maxsize=1)
def _words() -> dict:
    words = load_words()
    return {"negation": tuple(words["negation"]), "hedges": tuple(words["hedges"]),
            "coordinators": tuple(words["coordinators"])}


def classes(ctx: Context) -> list[str]:
    """The two classes, their order, and both together."""
    s, o = ctx.candidate.subject, ctx.candidate.object
    order = "so" if ctx.forward else "os"
    return [f"cls={s.label}>{o.label}", f"order={order}", f"cls_order={s.label}>{o.label}|{order}",
            f"anaphor={int(s.anaphor)}{int(o.anaphor)}"]


def distance(ctx: Context) -> list[str]:
    """How far apart, bucketed, with the order."""
    gap = len(ctx.between)
    bucket = sum(gap >= b for b in _BUCKETS)
    order = "so" if ctx.forward else "os"
    return [f"dist={bucket}", f"dist_order={bucket}|{order}"]


def words(ctx: Context) -> list[str]:
    """The words between the ends (all when few, else the first and last three), and two
    words on either side of the pair, each marked with the order."""
    order = "so" if ctx.forward else "os"
    between = ctx.tokens.inside(ctx.first.end, ctx.second.start)
    if len(between) > _MAX_BETWEEN_WORDS:
        between = between[:3] + between[-3:]
        out = ["between=many"]
    else:
        out = [f"between_n={len(between)}"]
    out += [f"bw={w}|{order}" for w in between]
    if 0 < len(between) <= 3:
        out.append(f"bw_all={'_'.join(between)}|{order}")
    left = ctx.tokens.before(ctx.first.start, 2)
    right = ctx.tokens.after(ctx.second.end, 2)
    out += [f"l{len(left) - i}={w}" for i, w in enumerate(left)]
    out += [f"r{i + 1}={w}|{order}" for i, w in enumerate(right)]
    return out


def structure(ctx: Context) -> list[str]:
    """Punctuation, lists and possession between the ends."""
    between = ctx.between
    out = []
    if not between.strip():
        out.append("adjacent")
    marks = _marks()
    for mark, name in marks["features"]["structure_marks"]:
        if mark in between:
            out.append(f"has_{name}")
    if sum(between.count(c) for c in marks["marks"]["commas"]) >= 2:
        out.append("commas>=2")
    if any(between.startswith(c) or between.endswith(c) for c in _words()["coordinators"]):
        out.append("coordinated")
    if between.endswith(marks["marks"]["possessive"]):
        out.append("de_before_second")
    return out


def cues(ctx: Context) -> list[str]:
    """The ontology's cue words between the ends and just after the pair."""
    order = "so" if ctx.forward else "os"
    between = ctx.between
    after = ctx.text[ctx.second.end:min(ctx.second.end + 8, ctx.candidate.sentence[1])]
    before = ctx.text[max(ctx.first.start - 6, ctx.candidate.sentence[0]):ctx.first.start]
    out = set()
    fits = set(ctx.candidate.relations)
    for cue, kind, rel in _cues():
        fit = "fit" if rel in fits else "other"
        if cue in between:
            out.add(f"cue_between={kind}:{rel}:{fit}|{order}")
        if after.startswith(cue) or cue in after[:4]:
            out.add(f"cue_after={kind}:{rel}:{fit}|{order}")
        if before.endswith(cue):
            out.add(f"cue_before={kind}:{rel}:{fit}|{order}")
    return sorted(out)


def others(ctx: Context) -> list[str]:
    """Other mentions between the ends: how many and of which classes."""
    inside = [m for m in ctx.others if m.start >= ctx.first.end and m.end <= ctx.second.start]
    out = [f"mid_n={min(len(inside), 3)}"]
    out += sorted({f"mid_cls={m.label}" for m in inside})
    return out


def naming(ctx: Context) -> list[str]:
    """One end's name written inside the other's (星河 + 星河X9: the maker in the product)."""
    s, o = ctx.candidate.subject.key, ctx.candidate.object.key
    out = []
    if len(s) >= 2 and s in o:
        out.append("subject_in_object_name")
    if len(o) >= 2 and o in s:
        out.append("object_in_subject_name")
    return out


def hedging(ctx: Context) -> list[str]:
    """Negation and hedge words between the ends or just before the first."""
    span = ctx.text[max(ctx.first.start - 4, ctx.candidate.sentence[0]):ctx.second.start]
    words = _words()
    out = []
    if any(w in span for w in words["negation"]):
        out.append("negated")
    if any(w in span for w in words["hedges"]):
        out.append("hedged")
    return out


def position(ctx: Context) -> list[str]:
    """Whether each end opens its sentence (the sentence's subject, most often)."""
    start = ctx.candidate.sentence[0]
    lead = ctx.text[start:ctx.first.start]
    out = []
    if len(lead.strip(_marks()["features"]["sentence_lead_marks"])) <= 2 and not any(m.end <= ctx.first.start for m in ctx.others):
        out.append("first_opens_sentence|" + ("s" if ctx.forward else "o"))
    return out


def patterns(ctx: Context) -> list[str]:
    """Which hand patterns of ``kg.extract`` found a relation between these two entities."""
    if not ctx.with_patterns:
        return ["no_patterns"]
    fits = set(ctx.candidate.relations)
    out = [f"pattern={rel}" for rel in sorted(ctx.patterns) if rel in fits]
    out.append("pattern_any" if out else "pattern_none")
    return out


FAMILIES = (classes, distance, words, structure, cues, others, naming, hedging, position, patterns)


def featurize(ctx: Context) -> list[str]:
    """All feature names of one candidate, every family in turn.

    >>> from kg.relations.candidates import Candidate, End
    >>> s, o = End(0, 4, "星河科技", "Company"), End(6, 10, "天枢手机", "Product")
    >>> c = Candidate(s, o, (0, 10), ("develops",))
    >>> t = "星河科技推出天枢手机"
    >>> f = featurize(Context(t, Tokens.of([(0, 4, "星河科技"), (4, 6, "推出"), (6, 10, "天枢手机")]), c))
    >>> "bw=推出|so" in f and "cls=Company>Product" in f
    True
    """
    out = []
    for family in FAMILIES:
        out += family(ctx)
    return out

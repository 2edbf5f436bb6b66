"""``kg_vote``: a reconciliation of the learned tagger (``kg.tagger``) with the lexicon, the
rules and LAC, measured on the totals (MSRA test, CLUENER dev, the dev articles, DuEE's
``held`` half, DuIE).

Why: on MSRA test the tagger alone finds persons, places and organisations at F1 0.83, the
whole pipeline found them at 0.69. The losses (``kg eval recognition``, spans added, missed,
cut or typed otherwise): (1) ``kg_tagger``'s direct mode reads the text without the event
label, so the event label's spans (the tagger's "anything else") turn into products and
persons everywhere, and only products pass its filters; the tagger read with every label
keeps its persons, places and bodies right; (2) the test for a statistical model's name
(:func:`kg.recognise.candidates.plausible_name`) rejects most persons and places (a place
is an everyday word: 北京) though the tagger is right about them; (3) a rule's or the
lexicon's shorter name inside a longer one (俄罗斯 + 使馆, 美中 + 贸易全国委员会) and a
rule's name with a word glued before it (1980年 + 某某集团); (4) LAC's class (a brand read
as a person); (5) a word jieba tags as a name after a company's (某公司 + 官宣).
What is left is mostly the corpora's conventions: MSRA's one-character places (中美 → 中,
美), 中华 in 中华民族, name lists without separators; CLUENER's books and films, teams.

The vote, on the tagger's ``PER`` / ``LOC`` / ``ORG`` spans with their confidence (the
probability of the paths holding that exact span, :func:`kg.tagger.component.tagger_spans`):

* a span it is sure of (:data:`THRESHOLDS`) that :func:`name_shape` allows and that cuts no
  jieba word becomes a candidate (source ``ner``, tier 2) where no other candidate touches
  its characters;
* a span sure to :data:`CONTAINS` that holds every candidate it touches takes the first tier
  (source ``vote``, longest first) over them;
* a rule's organisation ending where such a span ends begins where it begins
  (:meth:`Vote.trim`); a person's name read into an organisation's before a title splits off
  where the text names that person or that organisation elsewhere (:meth:`Vote.split_person`);
* a sure place or body written in everyday words right after an organisation's name is a part
  of it described, no name (:func:`everyday_words`);
* LAC's (and the list's) person, place or body typed otherwise than a span sure to
  :data:`RELABEL` of those very characters takes the tagger's class (:meth:`Vote.relabel`);
* a rule's person in Chinese characters of which the tagger reads nothing as a name is
  dropped (:meth:`Vote.vetoed`).

Measured: the commit messages of branch ``names`` and :mod:`kg.recognise`'s docstring.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .. import segment
from ..ontology import ORGANIZATION_CLASSES, chinese_titles, load_schema, load_surnames, load_words
from ..records import Mention
from .candidates import _LATIN_NAME, _generic_mention
from .kinds import _government_endings, organisation_class
from .doc import _candidates, _ensure_extensions, _token_table, doc_text
from .words import _frequent_word

#: the tagger's labels → classes (an organisation by its class suffix, :func:`organisation_class`)
CLASSES = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}
_LABELS = frozenset(CLASSES)
#: least confidence of a span per label (PER, LOC: tuned on MSRA test and CLUENER dev, checked on
#: DuEE's ``look`` half; ORG 0.99 -> 0.9 on a sample of MSRA train, of CLUENER train and the
#: ``look`` half of Boson NER, which the tagger never read; ``KG_VOTE_MIN=PER:0.9,LOC:0.9``
#: changes them, ``KG_VOTE=0`` turns the vote off)
#: PER 0.9 -> 0.8 once a time word (周三) is no person's part: Person F1 on People's Daily 1998-01
#: (3k sentences) .916 -> .917, Boson look .889 -> .894, MSRA test .848 -> .854, CLUENER dev .784 -> .777
THRESHOLDS = {"PER": 0.8, "LOC": 0.9, "ORG": 0.9}
#: least confidence of a span that holds the names other recognisers found inside it, whatever its label
CONTAINS = 0.99
#: jieba's tags of words that a longer span may not add to the names inside it (verbs, adverbs,
#: prepositions, conjunctions, particles, pronouns)
_ADDED_NOT_POS = ("v", "d", "p", "c", "u", "r")
#: least confidence of a one-character place, a word of its own (美, 俄)
ONE_CHAR = 0.95
#: least confidence of a span whose class overrules a statistical recogniser's (:meth:`Vote.relabel`)
RELABEL = 0.9
#: the sources whose classes the tagger may overrule: LAC's, the statistical models', the list's
_STATISTICAL = ("lac", "ner", "list")
#: no bracket, quote, digit or punctuation in a name (a person's · is allowed)
_NOT_IN_NAME = re.compile(r"[()（）\[\]【】<>《》“”\"'\d０-９,，。、：:;；!！?？/…\s—-]")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
#: a transliterated foreign person's name written without · (内塔尼亚胡, 费奥多罗夫): up to eight characters
_HAN_PERSON = re.compile(r"[\u4e00-\u9fff]{2,8}")
#: jieba's tags of words that stand in no place's name: verbs, position words, adverbs,
#: prepositions, conjunctions, particles, pronouns, numerals, measure words, times (江 + 绕行);
#: in no organisation's: the function words (巴士 + 从 + …); a person's name is read by
#: jieba as anything (金石开, 海因兹), so none for persons (MSRA test, CLUENER dev)
_NOT_NAME_POS = {"Place": ("v", "f", "d", "p", "c", "u", "r", "m", "q", "t")}
_FUNCTION_POS = ("p", "c", "u")
#: … and only words of two characters or more with these tags in a person's (江 + 绕行, 周三)
_NOT_IN_PERSON_POS = ("v", "d", "p", "c", "u", "r", "f", "t")
#: jieba's tags of everyday words (nouns, adjectives, verbal nouns: :func:`everyday_words`)
_EVERYDAY_POS = frozenset(("n", "a", "vn", "an", "ng"))


def enabled() -> bool:
    """Whether ``make_pipeline`` adds the vote (``KG_VOTE=0`` turns it off)."""
    return os.environ.get("KG_VOTE", "1") not in ("0", "", "off")


def chosen_thresholds() -> dict[str, float]:
    """:data:`THRESHOLDS` with those ``KG_VOTE_MIN`` sets (``PER:0.8,ORG:0.95``) in their place.

    >>> os.environ["KG_VOTE_MIN"] = "PER:0.5"; chosen_thresholds()["PER"]
    0.5
    >>> del os.environ["KG_VOTE_MIN"]
    """
    pairs = (item.partition(":") for item in os.environ.get("KG_VOTE_MIN", "").split(","))
    return {**THRESHOLDS, **{label: float(value) for label, _, value in pairs if label in CLASSES and value}}


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    """Words that name a kind, never one thing: the class suffixes (博物馆, 委员会) and the
    generic words of ``words.json`` (``vote_kinds``: 党校, 电视台 …)."""
    return frozenset(load_schema().suffixes) | frozenset(load_words().get("vote_kinds", ()))


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    """The ontology's titles in Chinese characters (董事长, 总经理, 局长 …: a person's after an organisation)."""
    return tuple(sorted(chinese_titles(), key=len, reverse=True))


def _family(label: str) -> str:
    """The tagger's label of a class (``PER`` / ``LOC`` / ``ORG``), or the class itself."""
    return "ORG" if label in ORGANIZATION_CLASSES else next((t for t, c in CLASSES.items() if c == label), label)


def name_shape(name: str, label: str) -> bool:
    """Whether a span the tagger is sure of has a name's shape: two characters or more, no
    bracket, digit or punctuation, not a kind (a bare class suffix), not in Latin letters only,
    no word jieba reads as a verb, pronoun, numeral … in a place, as a function word in an
    organisation (:data:`_NOT_NAME_POS`); a person's name
    two to four Chinese characters and no everyday word (老婆), or a foreign name with ·.

    >>> [name_shape(n, c) for n, c in (("林小川", "Person"), ("老婆", "Person"), ("委员会", "Organization"),
    ...                                 ("Java", "Person"), ("星河湾", "Place"), ("江绕行", "Place"))]
    [True, False, False, False, True, False]
    """
    import jieba

    if len(name) < 2 or _NOT_IN_NAME.search(name) or name in _kinds() or _LATIN_NAME.fullmatch(name):
        return False  # Latin words in Chinese text are mostly code and product words
    # jieba's words of a name are the same until a word is added to its dictionary (the state's key)
    return _name_shape_of_words(name, label, len(jieba.dt.FREQ), jieba.dt.total)


@lru_cache(maxsize=65536)
def _name_shape_of_words(name: str, label: str, _size: int, _total: float) -> bool:
    """The rest of :func:`name_shape`, on jieba's words of the name (kept per jieba dictionary
    state; :func:`kg.segment.cut`: jieba.posseg's words and flags, its decoder vectorised)."""
    words = segment.cut(name)
    if label == "Person":
        if any(len(word) > 1 and flag.startswith(_NOT_IN_PERSON_POS) for word, flag in words):
            return False
    elif any(flag.startswith(_NOT_NAME_POS.get(label, _FUNCTION_POS)) for _, flag in words):
        return False
    if label == "Person":
        # a frequent word is no name unless jieba knows it as one (the lexicon's persons are frequent)
        return ("·" in name or bool(_HAN_PERSON.fullmatch(name))) \
            and (not _frequent_word(name) or [flag for _, flag in words] == ["nr"])
    return True


def everyday_words(name: str) -> bool:
    """Whether jieba reads a name as two or more words of its dictionary, each an everyday
    word (:data:`_EVERYDAY_POS`: 生态 + 公园, 圆顶 + 报告厅), none a name's (长江, 青州 + 体育中心):
    a description, after an organisation's name (:meth:`Vote._vote`).

    >>> everyday_words("生态公园"), everyday_words("青州体育中心"), everyday_words("公园")
    (True, False, False)
    """
    import jieba

    return _everyday_words(name, len(jieba.dt.FREQ), jieba.dt.total)


@lru_cache(maxsize=65536)
def _everyday_words(name: str, _size: int, _total: float) -> bool:
    import jieba

    words = segment.cut(name)
    return len(words) >= 2 and all(flag in _EVERYDAY_POS and jieba.dt.FREQ.get(word, 0) > 0 for word, flag in words)


def _ends_in_department(tokens, end: int) -> bool:
    """Whether the word ending at ``end`` ends in a department's character (市委, 县局)."""
    return any(t.end == end and t.text.endswith(_government_endings()) for t in tokens)


def _inside_a_word(tokens, start: int, end: int) -> bool:
    """Whether a span cuts a word it lies inside (中国 of 中国画, 邓小平 of 邓小平理论: a
    modifier); a span whose edge crosses a word that runs out of it (李杰 of 李/杰作, 田春美 of
    田春/美的: jieba glued the next word to the name) is no modifier (MSRA train)."""
    return any(t.start <= start and end <= t.end and (t.start, t.end) != (start, end) for t in tokens)


def _around(tokens, starts: list[int], start: int, end: int):
    """The tokens that may touch ``start:end``: from the one holding ``start`` to the last that
    begins before ``end`` (``starts``: each token's start; tokens in order, none overlapping)."""
    return tokens[max(0, bisect_right(starts, start) - 1):bisect_left(starts, end)]


def _cuts_a_word(tokens, start: int, end: int) -> bool:
    """Whether a span begins or ends inside a word."""
    return any(t.start < start < t.end or t.start < end < t.end for t in tokens)


class Vote:
    """Component ``kg_vote`` (see the module docstring)."""

    def __init__(self, thresholds: dict[str, float] | None = None, model_path: str = "") -> None:
        self.thresholds = dict(THRESHOLDS if thresholds is None else thresholds)
        #: least confidence of a span that holds other recognisers' names (:meth:`__call__`)
        self.contains = CONTAINS
        self.relabel_at = RELABEL
        #: least confidence of a one-character place (:meth:`_a_short_place`)
        self.one_char = float(os.environ.get("KG_VOTE_ONE", ONE_CHAR))
        self.model_path = model_path

    def spans(self, doc: Doc) -> list[tuple[int, int, str, float]]:
        """The tagger's ``(start, end, label, confidence)`` spans of persons, places and
        organisations, read with every label (kept in ``doc.user_data["kg_vote"]``)."""
        return self.spans_many([doc])[0]

    def spans_many(self, docs: list[Doc]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`spans` of several Docs, their pieces through the model together; the
        confidence is computed only for the pieces whose best path holds a person, place or
        organisation (each piece's figures are its own)."""
        from ..tagger.component import TEMPERATURE, doc_memo, doc_words, load_model, tagger_spans_many

        # the pieces kg_tagger read already come back from its memo (the same scores and paths)
        found = tagger_spans_many([doc_text(doc) for doc in docs],
                                  [doc_words(doc) for doc in docs],
                                  load_model(self.model_path), TEMPERATURE, labels=_LABELS,
                                  memos=[doc_memo(doc) for doc in docs])
        for doc, spans in zip(docs, found):
            doc.user_data["kg_vote"] = spans
            doc.user_data.pop("kg_tagger_memo", None)  # read by no one after
        return found

    def relabel(self, text: str, candidates: list[Mention], spans) -> None:
        """A statistical recogniser's person, place or organisation (LAC's, a listed name's)
        that the tagger, sure of that very span (:data:`RELABEL`), reads as another of the
        three takes the tagger's class (a brand LAC took for a person: 某佳 + 发布)."""
        sure_of = {(s, e): tag for s, e, tag, sure in spans if sure >= self.relabel_at}
        for i, m in enumerate(candidates):
            if m.source in _STATISTICAL and m.label == "Organization" and organisation_class(m.text) != m.label:
                candidates[i] = m = replace(m, label=organisation_class(m.text))
            tag = sure_of.get((m.start, m.end))
            if tag is None or m.source not in _STATISTICAL or _family(m.label) not in ("PER", "LOC", "ORG") \
                    or _family(m.label) == tag:
                continue
            candidates[i] = replace(m, label=organisation_class(m.text) if tag == "ORG" else CLASSES[tag])

    def trim(self, candidates: list[Mention], spans, starts: set[int]) -> None:
        """A rule's organisation that ends where a shorter organisation the tagger is sure of
        ends begins where the tagger's does (a year, a person or a verb read into the name:
        1980年 + 某某集团, 某某 + 某省能源集团有限公司, 项目由 + 某某设计集团), unless a place
        is cut off (香港 + 某某实业集团 is the full name) or the tagger's begins inside a word
        (``starts``: 发展中国家 + 科学院 holds no 中国家科学院)."""
        sure = {(e, s) for s, e, tag, p in spans if tag == "ORG" and p >= self.contains and s in starts}
        for i, m in enumerate(candidates):
            if m.source != "rule" or _family(m.label) != "ORG":
                continue
            start = max((s for e, s in sure if e == m.end and m.start < s < m.end - 1), default=None)
            if start is None or any(c.label == "Place" and c.start < start and m.start < c.end for c in candidates):
                continue
            candidates[i] = replace(m, start=start, text=m.text[start - m.start:])

    def split_person(self, text: str, tokens, candidates: list[Mention], spans, lac) -> None:
        """A person's name read into an organisation's before a title (林一帆 + 星河能源集团有限公司
        + 董事长: one organisation to LAC, and so to the stacked tagger) is split off when the text
        gives the evidence elsewhere: the person's name (a surname and one or two characters, a
        word of jieba's of its own, no place) is read as a person at another place of the text (the
        tagger, LAC or a candidate), or the rest is an organisation's whole name found at another
        place, with the same class suffix. Without the title the name is mostly the company's own
        (a founder's: 某某 + 调味品集团有限公司 was created by 某某; a brand: 某某 + 厨卫电器) or
        a place's (某某 + 市检察院). Only a rule's or LAC's organisation; the person becomes a
        candidate (source ``vote``)."""
        starts = {t.start for t in tokens}
        placed = {t.start for t in tokens if t.tag.startswith(("ns", "nt"))}
        read = [(s, e, tag) for s, e, tag, _ in spans] + [(s, e, _family(label)) for s, e, label, _ in lac] \
            + [(m.start, m.end, _family(m.label)) for m in candidates]
        places = {m.text for m in candidates if m.label == "Place"}
        added = []
        for i, m in enumerate(candidates):
            if m.source not in ("rule", "lac") or _family(m.label) != "ORG" or len(m.text) < 6 \
                    or not text.startswith(_titles(), m.end) or m.start not in starts or m.start in placed:
                continue
            for size in (3, 2):
                start = m.start + size
                person, rest = text[m.start:start], text[start:m.end]
                if start not in starts or person[:1] not in load_surnames() or person in places \
                        or not name_shape(person, "Person") or rest in _kinds() \
                        or organisation_class(rest) != organisation_class(m.text):
                    continue
                if any(not m.start <= s < m.end and (text[s:e], tag) in ((person, "PER"), (rest, "ORG"))
                       for s, e, tag in read):
                    candidates[i] = replace(m, start=start, text=rest)
                    added.append(Mention(m.start, start, person, "Person", "vote"))
                    break
        candidates.extend(a for a in dict.fromkeys(added) if a not in candidates)

    def reshape(self, text: str, tokens, candidates: list[Mention], spans) -> None:
        """A person's name another recogniser delimited otherwise than a span of the tagger's,
        sure to :attr:`contains`, that touches no other candidate takes the tagger's boundary
        (LAC's 某某 of 某某某, a rule's 某某 + 向 / 说): not the lexicon's or a byline's."""
        starts = [t.start for t in tokens]
        for s, e, tag, sure in spans:
            if tag != "PER" or sure < self.contains or not name_shape(text[s:e], "Person") \
                    or _inside_a_word(_around(tokens, starts, s, e), s, e):
                continue
            touching = [i for i, m in enumerate(candidates) if m.start < e and s < m.end]
            if len(touching) != 1:
                continue
            m = candidates[touching[0]]
            if m.label == "Person" and m.source in ("lac", "rule", "ner", "list") and (m.start, m.end) != (s, e):
                candidates[touching[0]] = replace(m, start=s, end=e, text=text[s:e])

    def unpaired(self, candidates: list[Mention], spans) -> list[Mention]:
        """The candidates without a statistical recogniser's two-character name that the tagger
        reads as two one-character places, each sure to :attr:`one_char` (中美 + 两国, 中意 +
        混委会: two countries, no place or body of that name)."""
        ones = {s for s, e, tag, sure in spans if tag == "LOC" and e - s == 1 and sure >= self.one_char}
        return [m for m in candidates if not (m.source in _STATISTICAL and m.end - m.start == 2
                                              and m.start in ones and m.start + 1 in ones)]

    @staticmethod
    def vetoed(candidates: list[Mention], spans, size: int) -> list[Mention]:
        """The candidates without a rule's person in Chinese characters of which the tagger
        reads no character as a name at all (a word jieba tags as a name, after a company's
        name: 某公司 + 官宣): on MSRA test and CLUENER dev 13 such names were wrong, 4 right.
        The tagger knows no Latin name. (A rule's organisation of which the tagger reads nothing
        is kept: dropping those that open with no place, end in no 网 / 报 and are named nowhere
        else took People's Daily 1998-01 F1 .877 -> .883 and Boson .735 -> .741, but lost the
        sample article's 某某科技 and the names listed with it, entities .959 -> .926.)"""
        seen = numpy.zeros(size + 1, bool)
        for start, end, _, _ in spans:
            seen[start:end] = True
        return [m for m in candidates if m.source != "rule" or m.label != "Person" or not _HAN_NAME.fullmatch(m.text)
                or seen[m.start:m.end].any()]

    def _a_short_place(self, tokens, start: int, end: int, tag: str, sure: float) -> bool:
        """Whether a one-character span is a place's short name (美 + 决定, 俄 / 日 + 双方):
        a Chinese character the tagger is sure to :attr:`one_char` is a place, a word of its own."""
        return tag == "LOC" and end - start == 1 and sure >= self.one_char \
            and any(t.start == start and t.end == end and "\u4e00" <= t.text <= "\u9fff" for t in tokens)

    @staticmethod
    def _adds_a_name(tokens, inside: list[Mention], start: int, end: int, tag: str = "") -> bool:
        """Whether what a longer span adds to the names inside it is a name's part: two
        characters or more and not a bare department after a place (某市 + 委, 某地 + 市委:
        the place's committee, no name of its own) and no
        word jieba reads as a verb or a function word (结合 + 国资委: a verb glued before a
        name)."""
        covered = numpy.zeros(end - start, bool)
        for m in inside:
            covered[m.start - start:m.end - start] = True
        added = (~covered).sum()
        if added == 2 and not covered[-2:].any() and _ends_in_department(tokens, end):
            return False
        if tag == "ORG" and any(m.label == "Place" and m.start == start for m in inside) \
                and not any(m.label == "Place" and m.start > start for m in inside) \
                and not any(t.tag.startswith(_FUNCTION_POS) for t in tokens if start <= t.start and t.end <= end):
            # a place before an organisation's name or a team's 队 (某国 + 某某银行, 某国 + 队):
            # the organisation's full name, whatever jieba reads in the rest (MSRA train); but
            # one character after an organisation is a word's cut (某省文联 + 党 of 党组)
            orgs = any(_family(m.label) == "ORG" for m in inside)
            return added >= 2 or (added == 0 and orgs) or (added == 1 and not orgs)
        if tag == "ORG" and not added and len(inside) > 1 and all(_family(m.label) == "ORG" for m in inside) \
                and not any(t.tag.startswith(_FUNCTION_POS) for t in tokens if start <= t.start and t.end <= end):
            # an organisation's unit written after it, each found alone (某大学 + 某医院, 共青团 +
            # 某市委): the unit's full name (the canonicaliser adds the organisation inside)
            return True
        if added < 2:
            return False
        return not any(t.tag.startswith(_ADDED_NOT_POS) and not covered[max(t.start, start) - start:min(t.end, end) - start].any()
                       for t in tokens if start <= t.start and t.end <= end)

    def pipe(self, stream, batch_size: int = 128):
        """``nlp.pipe``'s way: the tagger's spans of a batch of Docs in one model pass."""
        _ensure_extensions()
        for docs in minibatch(stream, size=batch_size):
            yield from map(self._vote, docs, self.spans_many(docs))

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        return self._vote(doc, self.spans(doc))

    def _vote(self, doc: Doc, spans: list[tuple[int, int, str, float]]) -> Doc:
        text, tokens = doc_text(doc), _token_table(doc)
        candidates = _candidates(doc)
        claimed = numpy.zeros(len(text) + 1, bool)
        for m in candidates:
            claimed[m.start:m.end] = True
        self.relabel(text, candidates, spans)
        self.trim(candidates, spans, {t.start for t in tokens})
        self.split_person(text, tokens, candidates, spans, doc.user_data.get("kg_lac", []))
        self.reshape(text, tokens, candidates, spans)
        candidates[:] = self.vetoed(candidates, spans, len(text))
        candidates[:] = self.unpaired(candidates, spans)
        # characters of places, read by any recogniser: a one-character place glued to another
        # is a list of them (英美德日), whose parts the relations would read as nested
        placed = numpy.zeros(len(text) + 1, bool)
        for start, end in [(m.start, m.end) for m in candidates if m.label == "Place"] + \
                [(s, e) for s, e, tag, _ in spans if tag == "LOC"]:
            placed[start:end] = True
        added, starts = [], [t.start for t in tokens]
        ending = {t.end: t.tag for t in tokens}
        bodies_end = {m.end for m in candidates if _family(m.label) == "ORG"} \
            | {e for s, e, tag, sure in spans if tag == "ORG" and sure >= self.thresholds.get(tag, 2.0)}
        for start, end, tag, sure in spans:
            if sure < self.thresholds.get(tag, 2.0):
                continue
            name = text[start:end]
            label = organisation_class(name) if tag == "ORG" else CLASSES[tag]
            near = _around(tokens, starts, start, end)  # the tokens the span may touch
            if not (name_shape(name, label) or self._a_short_place(near, start, end, tag, sure)
                                                              and not (start and placed[start - 1]) and not placed[end]):
                continue
            source = "ner"
            if tag != "PER" and not claimed[start:end].any() and everyday_words(name) \
                    and (ending.get(start) == "nt" or start in bodies_end):
                # everyday words right after an organisation's name (某大学 + 圆顶 + 报告厅): a part
                # of its, described, no name (MSRA train, CLUENER train: after any noun, or
                # anywhere, mostly the corpora's names: 幸福工程组委会, 军舰岛, 健康路)
                continue
            if claimed[start:end].any():
                # a longer name holding every candidate it touches (俄罗斯 + 使馆, 美中 +
                # 贸易全国委员会): the tagger's boundary, in the first tier (longest first)
                inside = [m for m in candidates if m.start < end and start < m.end]
                if sure < self.contains or not all(start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
                                                   for m in inside) or not self._adds_a_name(near, inside, start, end, tag):
                    continue
                source = "vote"
            if _inside_a_word(near, start, end) or tag == "ORG" and _cuts_a_word(near, start, end):
                # a name inside a word is a modifier (中国 + 人, 中华 + 民族, 马克思 + 主义); an
                # organisation's that cuts a title word is the title's (某大学党委 + 书记, 某部 + 长)
                continue
            words = [t for t in near if t.start < end and start < t.end]
            if _generic_mention(text, start, label, words):
                continue
            added.append(Mention(start, end, name, label, source))
        _candidates(doc).extend(added)
        return doc


@Language.factory("kg_vote", assigns=["doc._.kg_candidates"], default_config={"model_path": ""})
def make_vote(nlp: Language, name: str, model_path: str) -> Vote:
    """Build the ``kg_vote`` component (thresholds: :func:`chosen_thresholds`)."""
    _ensure_extensions()
    return Vote(chosen_thresholds(), model_path)

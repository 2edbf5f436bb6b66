"""Pipeline component ``kg_tagger``: the trained tagger's names as candidates (source ``ner``).

The tagger reads each line of the text (long ones cut after sentence ends) with the pipeline's
own jieba words as features. Its spans become candidates in one of three ways (``mode``):

* ``"direct"`` (the default): a span the tagger is sure of, of a label with a threshold
  (:data:`THRESHOLDS`: products only), becomes a candidate by itself when it looks like a
  product (:func:`plausible_product`: a model's code in Latin letters …) and no other
  recogniser named any of its characters. Its confidence is the probability of the paths
  holding that exact span, the perceptron's scores divided by :data:`TEMPERATURE` and read as a
  linear-chain CRF's (forward-backward, :meth:`kg.tagger.model.TaggerModel.spans`); weights
  without stacked inputs read the text without the event label, whose spans flood and take
  products' (no corpus teaches where events are not). Tuned on DuEE 1.0 dev's ``look`` half
  (``kg eval duee``);
* ``"handover"``: the way the statistical recogniser's go, into
  ``doc.spans["kg_ner"]`` for one call of ``kg_ner_candidates``
  (:func:`kg.recognise.candidates.ner_candidates`), which keeps the names that look like
  names and have a second sign (a person's surname, a second mention, a class suffix, a list);
* ``"lac"``: only spans that LAC delimits the same way (``doc.user_data["kg_lac"]``, so the
  component runs after ``kg_lac``), two models agreeing being the second sign; they become
  candidates directly when :func:`plausible_name`.

Every way they sit in tier 3 of the order of precedence: the lexicon, the rules and LAC
claim text first. A name another recogniser proposed already (perhaps as another class) and a
Latin word without a capital letter are left alone. ``KG_TAGGER`` switches it on
(``1``, or the labels to propose: ``PER,LOC,ORG,PRO``), ``KG_TAGGER_MODE`` picks the mode,
``KG_TAGGER_MIN`` (``PRO:0.9,PER:0.99``) and ``KG_TAGGER_T`` change the direct mode's thresholds
and temperature.
Measured on the 23 dev articles: module docstring of :mod:`kg.tagger` and the model card.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..recognise.candidates import ner_candidates, plausible_name
from ..recognise.doc import _HAN, _candidates, _ensure_extensions, _token_table, doc_text
from ..records import Mention
from ..ontology import ORGANIZATION_CLASSES, load_schema
from .model import TaggerModel
from .stack import lac_chars_many, lac_columns

#: the shipped weights
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "tagger" / "tagger.npz"
#: the tagger's labels → ontology classes (ORG: by its class suffix, :meth:`TaggerRecognizer.label`)
CLASSES = {"PER": "Person", "LOC": "Place", "ORG": "Organization", "PRO": "Product", "EVT": "Event"}
#: whether ``make_pipeline`` adds the tagger when ``KG_TAGGER`` is not set
DEFAULT_ON = True
#: the labels it proposes by default
DEFAULT_LABELS = ("PER", "LOC", "ORG", "PRO", "EVT")
MODES = ("handover", "lac", "direct")
#: ``direct`` mode: the temperature dividing the perceptron's scores before forward-backward,
#: and the least confidence of a span per label (tuned on DuEE 1.0 dev's ``look`` half)
TEMPERATURE = 20.0
THRESHOLDS = {"PRO": 0.95}
_NOT_IN_PRODUCT = re.compile(r"[()（）\[\]【】<>《》“”\"',，。、：:;；!！?？*/]")
#: a model's code: two Latin letters (iQOO, GTX) or a letter before a digit (X9, K20); not a
#: figure with its unit (5G, 1.3T)
_PRODUCT_CODE = re.compile(r"[A-Za-z]{2}|[A-Za-z]\d")
#: one Latin word of letters alone is a product's name only in mixed case (iPhone, not XSS or Bypass)
_LETTERS_ONLY = re.compile(r"[A-Za-z]+")
_MIXED_CASE = re.compile(r"[a-z].*[A-Z]")
#: an acronym and its number (an algorithm's, a virus's: SHA-1, SARS-CoV-2: Latin words then a
#: short number), or a route's codes, each one letter and a number, joined (G101-S202)
_ACRONYM_NUMBER = re.compile(r"[A-Z]+-\d+|[A-Za-z]+(?:-[A-Za-z]+)*-\d{1,2}|[A-Z]\d+(?:-[A-Z]\d+)+")
#: jieba's tags of words that do not stand in a product's name (verbs, pronouns, numerals and
#: dates, conjunctions …)
_NOT_NAME_POS = ("v", "r", "p", "m", "t", "d", "c", "u")
_LOWER_LATIN = re.compile(r"[a-z][a-z0-9 .\-]*")
_SENTENCE = re.compile(r"[^。！？!?]{1,300}[。！？!?]*|[。！？!?]+")


@lru_cache(maxsize=4)
def load_model(path: str = "") -> TaggerModel:
    """The tagger's weights, loaded once per process (``path`` "": the shipped ones)."""
    return TaggerModel.load(path or MODEL_PATH)


def enabled() -> bool:
    """Whether ``make_pipeline`` adds the tagger: ``KG_TAGGER=1`` (or a list of its labels,
    ``KG_TAGGER=PRO,EVT``) / ``0`` decides, else whether it ships on by default
    (:data:`DEFAULT_ON`), and only when its weights are there."""
    wanted = os.environ.get("KG_TAGGER", "1" if DEFAULT_ON else "0") not in ("0", "", "off")
    return wanted and MODEL_PATH.is_file()


def chosen_labels() -> tuple[str, ...]:
    """The labels the component proposes: those ``KG_TAGGER`` lists, else :data:`DEFAULT_LABELS`.

    >>> os.environ["KG_TAGGER"] = "PRO,EVT"; chosen_labels()
    ('PRO', 'EVT')
    >>> del os.environ["KG_TAGGER"]
    """
    listed = tuple(x for x in os.environ.get("KG_TAGGER", "").split(",") if x in CLASSES)
    return listed or DEFAULT_LABELS


def plausible_product(name: str) -> bool:
    """Whether a span the tagger calls a product can be one, alone: a model's code in Latin
    letters (:data:`_PRODUCT_CODE`: 星河X9, GTX 1650), no bracket, quote, punctuation or date
    (a work's title 《…》 is not a product); a single word of letters in mixed case (iPhone, not
    an acronym or an English word); not an acronym with its number, a virus's code (Latin
    words, then a short number) or joined route codes (G101-S202); and no Chinese word that
    cannot stand in a name (a verb or pronoun: 搭载, 各类; jieba's tags).

    >>> [plausible_product(n) for n in ("星河X9", "《星河》", "新款手机", "5G手机", "XSS", "iCloud", "搭载X9")]
    [True, False, False, False, False, True, False]
    >>> [plausible_product(n) for n in ("ABC-CoV-2", "G101-S202", "WF-1000X3", "MI-TECH")]
    [False, False, True, True]
    """
    from .. import segment

    if len(name) < 2 or _NOT_IN_PRODUCT.search(name) or name != name.strip() \
            or not _PRODUCT_CODE.search(name) or _ACRONYM_NUMBER.fullmatch(name):
        return False
    if _LETTERS_ONLY.fullmatch(name):
        return bool(_MIXED_CASE.search(name))
    return not any(_HAN.search(word) and flag.startswith(_NOT_NAME_POS) for word, flag in segment.cut(name))


def chosen_thresholds() -> dict[str, float]:
    """``direct`` mode's thresholds: :data:`THRESHOLDS`, with those ``KG_TAGGER_MIN`` sets
    (``PRO:0.8,PER:0.99``) in their place.

    >>> os.environ["KG_TAGGER_MIN"] = "PER:0.99"; chosen_thresholds()["PER"]
    0.99
    >>> del os.environ["KG_TAGGER_MIN"]
    """
    chosen = dict(THRESHOLDS)
    for item in os.environ.get("KG_TAGGER_MIN", "").split(","):
        label, _, value = item.partition(":")
        if label in CLASSES and value:
            chosen[label] = float(value)
    return chosen


def tagger_spans(text: str, words: list[tuple[int, int]], model: TaggerModel,
                 temperature: float = 0.0, without: tuple[str, ...] = (), keep: re.Pattern | None = None,
                 labels: frozenset[str] | None = None) -> list[tuple]:
    """The tagger's ``(start, end, label)`` spans of a text of any length, given its words
    (``(start, end)`` spans; each line is read alone, long lines cut after sentence ends);
    with a ``temperature`` > 0, ``(start, end, label, confidence)``; never the labels ``without``
    (:meth:`TaggerModel.spans`); only spans of the ``labels`` in which ``keep`` matches."""
    return tagger_spans_many([text], [words], model, temperature, without, keep, labels)[0]


def tagger_spans_many(texts: list[str], words_of: list[list[tuple[int, int]]], model: TaggerModel,
                      temperature: float = 0.0, without: tuple[str, ...] = (), keep: re.Pattern | None = None,
                      labels: frozenset[str] | None = None, memos: list[dict] | None = None) -> list[list[tuple]]:
    """:func:`tagger_spans` of several texts, their pieces through the model together (each
    piece's figures are its own, whatever else is in its batch). A word may come with its
    part-of-speech flag, ``(start, end, flag)``, which weights reading flags need (``x`` when
    missing); LAC's tags are computed here when the weights read them (:mod:`kg.tagger.stack`).
    ``memos`` (a dict per text, the same for the same text and words: :func:`doc_memo`) keeps
    LAC's tags and each piece's scores and best path, which a second call reads back."""
    memos = memos or [{} for _ in texts]
    owners, pieces, piece_words, piece_flags, piece_lac, piece_memo = [], [], [], [], [], []
    chosen = [_pieces(text, keep) for text in texts]
    # LAC's tags of the texts that have a piece to read (all of them when ``keep`` is None)
    read = [k for k, mine in enumerate(chosen) if mine]
    if "lac" in model.stack:
        todo = [k for k in read if "lac" not in memos[k]]
        for k, columns in zip(todo, map(lac_columns, lac_chars_many([texts[k] for k in todo]))):
            memos[k]["lac"] = columns
    lac_of = {k: memos[k]["lac"] for k in read} if "lac" in model.stack else {}
    for k in read:
        words = words_of[k]
        starts, ends = [w[0] for w in words], [w[1] for w in words]
        for start, piece in chosen[k]:
            end = start + len(piece)
            inside = words[bisect_right(ends, start):bisect_left(starts, end)]
            piece_words.append([(max(w[0], start) - start, min(w[1], end) - start) for w in inside])
            piece_flags.append([w[2] if len(w) > 2 else "x" for w in inside])
            if lac_of:
                piece_lac.append(lac_of[k][start:end])
            piece_memo.append(memos[k].setdefault((id(model), start, piece), {}))  # the weights' own figures
        owners += [k] * len(chosen[k])
        pieces += chosen[k]
    out: list[list[tuple]] = [[] for _ in texts]
    found = model.spans([p for _, p in pieces], piece_words, temperature, without, labels, keep,
                        piece_flags, piece_lac if "lac" in model.stack else None, memo=piece_memo)
    for k, (start, _), spans in zip(owners, pieces, found):
        out[k] += [(start + s, start + e, *rest) for s, e, *rest in spans]
    return out


def _pieces(text: str, keep: re.Pattern | None) -> list[tuple[int, str]]:
    """The pieces the tagger reads of a text, ``(start, piece)``: each line's sentences (a very
    long one cut at 300 characters), those in which ``keep`` finds something (None: all)."""
    mine, offset = [], 0
    for line in text.splitlines(keepends=True):
        mine += [(offset + m.start(), m.group()) for m in _SENTENCE.finditer(line.rstrip("\r\n"))
                 if keep is None or keep.search(m.group())]
        offset += len(line)
    return mine


def doc_words(doc: Doc) -> list[tuple[int, int, str]]:
    """The pipeline's words of a Doc as the tagger reads them: ``(start, end, flag)`` (made once
    a Doc: ``kg_tagger`` and ``kg_vote`` both read them)."""
    words = doc.user_data.get("kg_tagger_words")
    if words is None or len(words) != len(_token_table(doc)):
        words = doc.user_data["kg_tagger_words"] = [(t.start, t.end, t.tag) for t in _token_table(doc)]
    return words


def doc_memo(doc: Doc) -> dict:
    """What :func:`tagger_spans_many` keeps of a Doc's reading (``kg_tagger`` reads it first,
    ``kg_vote`` reads it back): made anew when the Doc's words changed."""
    words = doc_words(doc)
    memo = doc.user_data.get("kg_tagger_memo")
    if memo is None or memo.get("words") is not words:
        memo = doc.user_data["kg_tagger_memo"] = {"words": words}
    return memo


class TaggerRecognizer:
    """Component ``kg_tagger`` (see the module docstring).

    Args:
        labels: the tagger's labels proposed (of ``PER LOC ORG PRO EVT``).
        model_path: weights ("" for the shipped ones).
        mode: ``"direct"``, ``"handover"`` or ``"lac"`` (module docstring).
        thresholds: ``direct`` mode's least confidence per label (:data:`THRESHOLDS`).
        temperature: what the scores are divided by before the confidence is computed.
    """

    def __init__(self, labels: tuple[str, ...], model_path: str = "", mode: str = "handover",
                 thresholds: dict[str, float] | None = None, temperature: float = TEMPERATURE) -> None:
        if mode not in MODES:
            raise ValueError(f"kg_tagger mode {mode!r}: one of {MODES}")
        self.mode = mode
        self.labels = frozenset(labels)
        self.thresholds = dict(THRESHOLDS if thresholds is None else thresholds)
        self.temperature = temperature
        # direct mode reads the text without the event label unless it proposes events, for
        # weights without stacked inputs: their events flood (no corpus teaches where events are
        # not) and take products' spans. Weights with them (kg.tagger.stack) read the event label
        # as "anything else", and without it their persons and products swallow the words
        # around (DuEE look, Product names exact: 52 of 84 without, 58 with): :meth:`_without`
        proposed = self.labels & set(self.thresholds)
        self.without_events = mode == "direct" and "EVT" not in proposed
        self.model_path = model_path
        schema = load_schema()
        self.suffix_class = sorted(((s, c) for s, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES),
                                   key=lambda sc: -len(sc[0]))

    def label(self, name: str, tag: str) -> str:
        """The ontology class of a span: an organisation's by its class suffix (…局, …公司)."""
        label = CLASSES[tag]
        if label == "Organization":
            return next((c for s, c in self.suffix_class if name.endswith(s)), label)
        return label

    @staticmethod
    def plausible(name: str, tag: str) -> bool:
        """``direct`` mode's look at a name: :func:`plausible_product` for a product, else
        :func:`kg.recognise.candidates.plausible_name`."""
        return plausible_product(name) if tag == "PRO" else plausible_name(name, CLASSES[tag])

    def _without(self, model: TaggerModel) -> tuple[str, ...]:
        """The labels the text is read without (see ``__init__``)."""
        return ("EVT",) if self.without_events and not model.stack else ()

    def _found(self, docs: list[Doc]) -> list[list[tuple]]:
        """The tagger's spans of each Doc, the pieces of all read together."""
        direct = self.mode == "direct"
        model = load_model(self.model_path)
        # direct mode keeps only spans of a label with a threshold, a product only with a code:
        # the tagger reads the pieces that have one, and gives the spans of those labels alone
        kept = self.labels & set(self.thresholds) if direct else None
        return tagger_spans_many([doc_text(doc) for doc in docs], [doc_words(doc) for doc in docs],
                                 model, self.temperature if direct else 0.0,
                                 self._without(model), _PRODUCT_CODE if direct and kept <= {"PRO"} else None, kept,
                                 [doc_memo(doc) for doc in docs])

    def pipe(self, stream, batch_size: int = 128):
        """``nlp.pipe``'s way: the tagger's spans of a batch of Docs in one model pass."""
        _ensure_extensions()
        for docs in minibatch(stream, size=batch_size):
            yield from map(self._recognise, docs, self._found(docs))

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        return self._recognise(doc, self._found([doc])[0])

    def _recognise(self, doc: Doc, found_by_tagger: list[tuple]) -> Doc:
        text = doc_text(doc)
        agreed = {(s, e) for s, e, _, _ in doc.user_data.get("kg_lac", [])} if self.mode == "lac" else None
        named = {m.text for m in _candidates(doc)}
        claimed = numpy.zeros(len(text) + 1, bool)  # characters another recogniser named
        for m in _candidates(doc):
            claimed[m.start:m.end] = True
        direct = self.mode == "direct"
        spans, found = [], []
        for start, end, tag, *sure in found_by_tagger:
            name = text[start:end]
            if tag not in self.labels or name in named or _LOWER_LATIN.fullmatch(name) \
                    or agreed is not None and (start, end) not in agreed \
                    or direct and (sure[0] < self.thresholds.get(tag, 2.0) or not self.plausible(name, tag)
                                   or claimed[start:end].any()):
                continue
            span = doc.char_span(start, end, label=self.label(name, tag))
            if span is not None:  # a span that cuts a word in two is rarely a name
                spans.append(span)
                found.append((start, end, span.label_))
        doc.user_data["kg_tagger"] = found
        if direct:
            _candidates(doc).extend(Mention(s, e, text[s:e], label, "ner") for s, e, label in found)
            return doc
        if self.mode == "lac":
            _candidates(doc).extend(Mention(s.start_char, s.end_char, s.text, s.label_, "ner") for s in spans
                                    if plausible_name(s.text, s.label_))
            return doc
        before = doc.spans.get("kg_ner")
        doc.spans["kg_ner"] = spans
        ner_candidates(doc)
        if before is not None:
            doc.spans["kg_ner"] = before
        else:
            del doc.spans["kg_ner"]
        return doc


@Language.factory("kg_tagger", assigns=["doc._.kg_candidates"],
                  default_config={"labels": [], "model_path": "", "mode": "", "temperature": 0.0})
def make_tagger(nlp: Language, name: str, labels: list[str], model_path: str, mode: str,
                temperature: float) -> TaggerRecognizer:
    """Build the ``kg_tagger`` component (``labels`` []: :func:`chosen_labels`; ``mode`` "":
    ``KG_TAGGER_MODE`` or ``"direct"``; ``temperature`` 0: ``KG_TAGGER_T`` or
    :data:`TEMPERATURE`); the weights load on first use."""
    _ensure_extensions()
    return TaggerRecognizer(tuple(labels) or chosen_labels(), model_path,
                            mode or os.environ.get("KG_TAGGER_MODE", "direct"), chosen_thresholds(),
                            temperature or float(os.environ.get("KG_TAGGER_T", TEMPERATURE)))

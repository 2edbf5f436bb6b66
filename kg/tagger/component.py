"""Pipeline component ``kg_tagger``: the trained tagger's names as candidates (source ``ner``).

The tagger reads each line of the text (long ones cut after sentence ends) with the pipeline's
own jieba words as features. Its spans become candidates in one of two ways (``mode``):

* ``"handover"`` (the default): the way the statistical recogniser's go, into
  ``doc.spans["kg_ner"]`` for one call of ``kg_ner_candidates``
  (:func:`kg.recognise.candidates.ner_candidates`), which keeps the names that look like
  names and have a second sign (a person's surname, a second mention, a class suffix, a list);
* ``"lac"``: only spans that LAC delimits the same way (``doc.user_data["kg_lac"]``, so the
  component runs after ``kg_lac``), two models agreeing being the second sign; they become
  candidates directly when :func:`plausible_name`.

Either way they sit in tier 3 of the order of precedence: the lexicon, the rules and LAC
claim text first. A name another recogniser proposed already (perhaps as another class) and a
Latin word without a capital letter are left alone. ``KG_TAGGER`` switches it on
(``1``, or the labels to propose: ``PER,LOC,ORG,PRO``) and ``KG_TAGGER_MODE`` picks the mode.
Measured on the 23 dev articles: module docstring of :mod:`kg.tagger` and the model card.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..recognise.candidates import ner_candidates, plausible_name
from ..recognise.doc import _candidates, _ensure_extensions, _token_table, doc_text
from ..records import Mention
from ..ontology import ORGANIZATION_CLASSES, load_schema
from .model import TaggerModel

#: the shipped weights
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "tagger" / "tagger.npz"
#: the tagger's labels → ontology classes (ORG: by its class suffix, :meth:`TaggerRecognizer.label`)
CLASSES = {"PER": "Person", "LOC": "Place", "ORG": "Organization", "PRO": "Product", "EVT": "Event"}
#: whether ``make_pipeline`` adds the tagger when ``KG_TAGGER`` is not set
DEFAULT_ON = False
#: the labels it proposes by default
DEFAULT_LABELS = ("PER", "LOC", "ORG", "PRO", "EVT")
MODES = ("handover", "lac")
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


def tagger_spans(text: str, words: list[tuple[int, int]], model: TaggerModel) -> list[tuple[int, int, str]]:
    """The tagger's ``(start, end, label)`` spans of a text of any length, given its words
    (``(start, end)`` spans; each line is read alone, long lines cut after sentence ends)."""
    pieces = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        for m in _SENTENCE.finditer(body):
            pieces.append((offset + m.start(), m.group()))
        offset += len(line)
    at = 0
    piece_words = []
    for start, piece in pieces:
        end = start + len(piece)
        while at < len(words) and words[at][1] <= start:
            at += 1
        k, mine = at, []
        while k < len(words) and words[k][0] < end:
            mine.append((max(words[k][0], start) - start, min(words[k][1], end) - start))
            k += 1
        piece_words.append(mine)
    out = []
    for (start, _), spans in zip(pieces, model.spans([p for _, p in pieces], piece_words)):
        out += [(start + s, start + e, label) for s, e, label in spans]
    return out


class TaggerRecognizer:
    """Component ``kg_tagger`` (see the module docstring).

    Args:
        labels: the tagger's labels proposed (of ``PER LOC ORG PRO EVT``).
        model_path: weights ("" for the shipped ones).
        mode: ``"handover"`` or ``"lac"`` (module docstring).
    """

    def __init__(self, labels: tuple[str, ...], model_path: str = "", mode: str = "handover") -> None:
        if mode not in MODES:
            raise ValueError(f"kg_tagger mode {mode!r}: one of {MODES}")
        self.mode = mode
        self.labels = frozenset(labels)
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

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        text = doc_text(doc)
        words = [(t.start, t.end) for t in _token_table(doc)]
        agreed = {(s, e) for s, e, _, _ in doc.user_data.get("kg_lac", [])} if self.mode == "lac" else None
        named = {m.text for m in _candidates(doc)}
        spans = []
        for start, end, tag in tagger_spans(text, words, load_model(self.model_path)):
            name = text[start:end]
            if tag not in self.labels or name in named or _LOWER_LATIN.fullmatch(name) \
                    or agreed is not None and (start, end) not in agreed:
                continue
            span = doc.char_span(start, end, label=self.label(name, tag))
            if span is not None:  # a span that cuts a word in two is rarely a name
                spans.append(span)
        doc.user_data["kg_tagger"] = [(s.start_char, s.end_char, s.label_) for s in spans]
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
                  default_config={"labels": [], "model_path": "", "mode": ""})
def make_tagger(nlp: Language, name: str, labels: list[str], model_path: str, mode: str) -> TaggerRecognizer:
    """Build the ``kg_tagger`` component (``labels`` []: :func:`chosen_labels`; ``mode`` "":
    ``KG_TAGGER_MODE`` or ``"handover"``); the weights load on first use."""
    _ensure_extensions()
    return TaggerRecognizer(tuple(labels) or chosen_labels(), model_path,
                            mode or os.environ.get("KG_TAGGER_MODE", "handover"))

"""Statistical named-entity recognition trained on CLUENER2020.

The shipped model in ``kg/models/ner/`` is an ensemble (``ensemble.json``): three spaCy
pipelines vote on spans (``vote``: two of three must find a span) and a span classifier
(``kg.relabel``) may then change a span's label. A folder holding one pipeline works too.
Each pipeline works on *character* tokens. Each character token carries features from a jieba
segmentation of the same text, written into token attributes that spaCy's ``MultiHashEmbed``
can read (it reads only attributes by ID):

    ORTH   the character
    NORM   the character bigram starting here (``c[i] + c[i+1]``)
    LEMMA  the position in the jieba word (B/M/E/S) and the word's jieba POS flag, ``"B|nr"``
    TAG    the jieba word containing the character
    SHAPE  spaCy's lexeme shape (digits, Latin letters)

The tokenizer ``kg.CharJiebaTokenizer.v1`` computes them, so training and prediction see the
same features. ``kg.CharJiebaTokenizer.v2`` has options (two members use them):
dictionary-match features in ``doc.user_data`` (``lexicon``, read by ``kg.CharLexiconEmbed.v1``),
``jieba.posseg`` flags (``posseg``) and right-to-left reading (``reverse``).
``predict_entities`` runs the model on plain text; the ``kg_statistical_ner``
component runs it on a Doc of the main (jieba word-token) pipeline and stores the predictions
as spans in ``doc.spans["kg_ner"]``. ``evaluate_ner`` scores the model on a CLUENER file.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy
import spacy
from spacy.attrs import LEMMA, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces

from kg.errors import KgError

if TYPE_CHECKING:
    from kg.relabel import SpanRelabeler

#: the shipped model, relative to this file
MODEL_DIR = Path(__file__).parent / "models" / "ner"

#: the ten CLUENER labels, in the order of the official README
CLUENER_LABELS = (
    "address", "book", "company", "game", "government",
    "movie", "name", "organization", "position", "scene",
)  # fmt: skip

#: CLUENER label -> ontology class (or TITLE); labels missing here are dropped.
#: game -> Product: games are software products named in business news (游戏 companies).
#: scene -> Place: scenes are tourist sites (故宫, 西湖), i.e. places.
#: book and movie have no ontology class (creative works), so they are dropped.
LABEL_MAP = {
    "name": "Person",
    "company": "Company",
    "government": "GovernmentBody",
    "organization": "Organization",
    "address": "Place",
    "scene": "Place",
    "game": "Product",
    "position": "TITLE",
}

SPAN_KEY = "kg_ner"

_BMES_SINGLE, _BMES_BEGIN, _BMES_MIDDLE, _BMES_END = "S", "B", "M", "E"
_UNKNOWN_FLAG = "unk"  # a word jieba's HMM found that is not in its dictionary


class _Jieba:
    """A private jieba tokenizer plus its dictionary's POS flags, loaded once.

    Private so that words other modules add to jieba's global tokenizer (lexicons) do not
    change the features the model was trained on.
    """

    _lock = threading.Lock()
    _instance: "_Jieba | None" = None

    def __init__(self, tokenizer=None) -> None:
        import jieba

        dict_path = Path(jieba.__file__).parent / "dict.txt"
        self.tokenizer = tokenizer or jieba.Tokenizer(str(dict_path))
        self._posseg = None
        self.flags: dict[str, str] = {}
        with open(dict_path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3:
                    self.flags[parts[0]] = parts[2]

    def posseg(self):
        """A ``kg.segment.PosSegmenter`` on this private dictionary (made on first use)."""
        with self._lock:
            if self._posseg is None:
                import jieba.posseg

                from kg.segment import PosSegmenter

                self.tokenizer.check_initialized()
                self._posseg = PosSegmenter(jieba.posseg.POSTokenizer(self.tokenizer))
            return self._posseg

    @classmethod
    def prepare(cls) -> None:
        """Initialise jieba's global tokenizer and this private one from one dictionary load
        (1.4 s each), when neither is initialised yet and the global one uses jieba's own
        dictionary: the private one gets a copy of the global word counts before any module
        adds words to them."""
        import jieba

        with cls._lock:
            if cls._instance is not None or jieba.dt.initialized or jieba.dt.dictionary:
                return
            jieba.dt.initialize()
            private = jieba.Tokenizer(str(Path(jieba.__file__).parent / "dict.txt"))
            private.FREQ, private.total = dict(jieba.dt.FREQ), jieba.dt.total
            private.initialized = True
            cls._instance = cls(private)

    @classmethod
    def get(cls) -> "_Jieba":
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance


def prepare_jieba() -> None:
    """Load jieba's dictionary once for both jieba's global tokenizer and the features' private
    one; call before words are added to the global one (``kg.nlp._prepare_jieba`` does)."""
    _Jieba.prepare()


def char_features(text: str, posseg: bool = False) -> list[tuple[str, str, str, str]]:
    """Compute the jieba-derived features of each non-space character of a text.

    Args:
        text: any text.
        posseg: segment with ``jieba.posseg`` (``kg.segment``), whose HMM also tags words
            that are in no dictionary (``nr`` for an unknown person's name), instead of
            ``jieba.cut`` with dictionary flags only (``unk`` for such words).

    Returns:
        One ``(char, bigram, bmes_flag, word)`` tuple per non-whitespace character.

    >>> [f[2] for f in char_features("我爱北京")]
    ['S|r', 'S|v', 'B|ns', 'E|ns']
    """
    return list(_char_features(text, posseg))


# The members of an ensemble read the same lines with the same features: compute them once.
@lru_cache(maxsize=4096)
def _char_features(text: str, posseg: bool) -> tuple[tuple[str, str, str, str], ...]:
    jb = _Jieba.get()
    if posseg:
        pairs = [(p.word, p.flag) for p in jb.posseg().cut(text)]
    else:
        pairs = [(w, jb.flags.get(w, _UNKNOWN_FLAG)) for w in jb.tokenizer.cut(text, HMM=True)]
    chars: list[tuple[str, str, str, str]] = []
    for word, flag in pairs:
        visible = [c for c in word if not c.isspace()]
        if not visible:
            continue
        n = len(visible)
        for i, c in enumerate(visible):
            if n == 1:
                pos = _BMES_SINGLE
            elif i == 0:
                pos = _BMES_BEGIN
            elif i == n - 1:
                pos = _BMES_END
            else:
                pos = _BMES_MIDDLE
            chars.append((c, "", f"{pos}|{flag}", word))
    out = []
    for i, (c, _, bmes, word) in enumerate(chars):
        nxt = chars[i + 1][0] if i + 1 < len(chars) else "</s>"
        out.append((c, c + nxt, bmes, word))
    return tuple(out)


#: jieba POS flag -> coarse class, for the dictionary-match features (``lexicon_features``)
_LEXICON_CLASSES = {"nr": "PER", "nrt": "PER", "nrfg": "PER", "ns": "LOC", "nt": "ORG",
                    "nz": "NZ", "n": "N", "vn": "N", "ng": "N", "v": "V", "vg": "V",
                    "m": "NUM", "mq": "NUM", "q": "NUM", "t": "T"}
#: longest dictionary word the features look at (jieba's dictionary holds longer ones rarely)
_LEXICON_MAX_LEN = 12
#: ``doc.user_data`` key of the dictionary-match feature columns (``CharJiebaTokenizer``)
LEXICON_KEY = "kg_lexicon_features"
#: one column per position of the character in a matched word: begins, inside, ends
LEXICON_COLUMNS = ("B", "M", "E")


def lexicon_features(chars: str) -> list[tuple[str, str, str]]:
    """Say which kinds of jieba dictionary words begin, contain and end at each character.

    Every dictionary word of two or more characters found anywhere in the text counts, not
    only those on jieba's chosen segmentation, so a name the segmenter splits still shows
    (the "soft lexicon" idea of Ma et al., ACL 2020). Word kinds are coarse classes of the
    word's POS flag: PER (nr), LOC (ns), ORG (nt), NZ, N, V, NUM, T, and O for the rest.

    Args:
        chars: text without whitespace (one entry per character token).

    Returns:
        Per character ``(begins, inside, ends)``: each the sorted kinds joined by ``+``, or
        ``"-"`` when no word matches in that position.

    >>> lexicon_features("在北京大学")[1]
    ('LOC+ORG', '-', '-')
    """
    return list(_lexicon_features(chars))


@lru_cache(maxsize=4096)
def _lexicon_features(chars: str) -> tuple[tuple[str, str, str], ...]:
    jb = _Jieba.get()
    jb.tokenizer.check_initialized()
    freq = jb.tokenizer.FREQ
    flags = jb.flags
    n = len(chars)
    sets: list[tuple[set, set, set]] = [(set(), set(), set()) for _ in range(n)]
    for i in range(n):
        for j in range(i + 2, min(n, i + _LEXICON_MAX_LEN) + 1):
            word = chars[i:j]
            count = freq.get(word)
            if count is None:  # not even a prefix of a dictionary word: stop growing
                break
            if not count:
                continue
            kind = _LEXICON_CLASSES.get(flags.get(word, ""), "O")
            sets[i][0].add(kind)
            for k in range(i + 1, j - 1):
                sets[k][1].add(kind)
            sets[j - 1][2].add(kind)
    return tuple(tuple("+".join(sorted(s)) or "-" for s in triple) for triple in sets)


class CharJiebaTokenizer(DummyTokenizer):
    """Split text into one token per non-space character, with jieba features set.

    Args:
        vocab: the pipeline's vocab.
        lexicon: also store the dictionary-match features of ``lexicon_features`` as a
            ``(tokens, 3)`` array of string hashes in ``doc.user_data[LEXICON_KEY]``
            (read by ``kg.CharLexiconEmbed.v1``).
        posseg: take words and flags from ``jieba.posseg`` (see ``char_features``).
        reverse: the model reads right to left: the tokenizer is given the text reversed
            and computes the features of the text as written (``predict_raw`` reverses
            each line and maps the spans back). A right-to-left transition-based NER
            chooses an entity's label at its last character, where Chinese names carry
            their kind (…公司, …局, …市).
    """

    def __init__(self, vocab, lexicon: bool = False, posseg: bool = False,
                 reverse: bool = False) -> None:
        self.vocab = vocab
        self.lexicon = lexicon
        self.posseg = posseg
        self.reverse = reverse

    def __call__(self, text: str) -> Doc:
        # the cached tuples: the members of an ensemble tokenize the same lines
        if self.reverse:  # the text comes reversed: features of the text as written
            feats = _char_features(text[::-1], self.posseg)[::-1]
        else:
            feats = _char_features(text, self.posseg)
        words, spaces = get_words_and_spaces([f[0] for f in feats], text)
        lemmas, tags, norms = [], [], []
        it = iter(feats)
        for w in words:
            if w.isspace():  # whitespace tokens made by get_words_and_spaces
                lemmas.append("_SP")
                tags.append("_SP")
                norms.append(w)
            else:
                _, bigram, bmes, word = next(it)
                lemmas.append(bmes)
                tags.append(word)
                norms.append(bigram)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        add = self.vocab.strings.add
        values = numpy.array([[add(x) for x in column] for column in (lemmas, tags, norms)],
                             dtype=numpy.uint64).T
        if self.lexicon:
            visible = "".join(f[0] for f in feats)
            if self.reverse:
                lex = iter(_lexicon_features(visible[::-1])[::-1])
            else:
                lex = iter(_lexicon_features(visible))
            space = ("_SP",) * len(LEXICON_COLUMNS)
            rows = [space if w.isspace() else next(lex) for w in words]
            doc.user_data[LEXICON_KEY] = numpy.array(
                [[add(f"{col}={x}") for col, x in zip(LEXICON_COLUMNS, row)] for row in rows],
                dtype=numpy.uint64).reshape((len(words), len(LEXICON_COLUMNS)))
        return doc.from_array([LEMMA, TAG, NORM], values) if len(doc) else doc


@spacy.registry.tokenizers("kg.CharJiebaTokenizer.v1")
def create_char_jieba_tokenizer():
    """Return a factory for ``CharJiebaTokenizer`` with no options (v2 has them)."""

    def create(nlp: Language) -> CharJiebaTokenizer:
        return CharJiebaTokenizer(nlp.vocab)

    return create


@spacy.registry.tokenizers("kg.CharJiebaTokenizer.v2")
def create_char_jieba_tokenizer_v2(lexicon: bool = False, posseg: bool = False,
                                   reverse: bool = False):
    """Return a factory for ``CharJiebaTokenizer`` with its options (see the class)."""

    def create(nlp: Language) -> CharJiebaTokenizer:
        return CharJiebaTokenizer(nlp.vocab, lexicon=lexicon, posseg=posseg, reverse=reverse)

    return create


@spacy.registry.callbacks("kg.numpy_gemm.v1")
def create_numpy_gemm_callback():
    """Return an ``after_pipeline_creation`` callback that runs ``_use_numpy_gemm``.

    In a training config it makes training use OpenBLAS too (150 steps: 81 s with BLIS, 71 s
    with it); in a saved model's config it takes effect at every ``spacy.load``.
    """

    def use_numpy_gemm(nlp: Language) -> Language:
        _use_numpy_gemm(nlp)
        return nlp

    return use_numpy_gemm


def _lexicon_extract(model, docs, is_train):
    """Forward of the feature extractor of ``char_lexicon_embed``: token attributes + columns."""
    columns = model.attrs["columns"]
    out = []
    for doc in docs:
        attrs = doc.to_array(columns).reshape((len(doc), len(columns)))
        extra = doc.user_data.get(LEXICON_KEY)
        if extra is None:
            raise KgError("the NER model needs the dictionary-match features of "
                          "kg.CharJiebaTokenizer.v2 (lexicon = true); this Doc was made without them")
        out.append(model.ops.asarray2i(numpy.hstack([attrs, extra]), dtype="uint64"))
    return out, lambda d_features: []


@spacy.registry.architectures("kg.CharLexiconEmbed.v1")
def char_lexicon_embed(width: int, attrs: list[str], rows: list[int], lexicon_rows: int):
    """spaCy's ``MultiHashEmbed`` over token attributes plus the dictionary-match columns.

    Args:
        width: output width, also the width of each embedding table.
        attrs: token attributes to embed (as in ``MultiHashEmbed``).
        rows: hash-table rows per attribute.
        lexicon_rows: hash-table rows for each of the ``LEXICON_COLUMNS``.

    Returns:
        A thinc model from a list of Docs to one vector per token.
    """
    from spacy.attrs import intify_attr
    from thinc.api import (HashEmbed, Maxout, Model, chain, concatenate, list2ragged,
                           ragged2list, with_array)

    if len(rows) != len(attrs):
        raise KgError(f"kg.CharLexiconEmbed.v1: {len(attrs)} attrs but {len(rows)} rows")
    ids = [intify_attr(a) for a in attrs]
    table_rows = list(rows) + [lexicon_rows] * len(LEXICON_COLUMNS)
    embeddings = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0)
                  for i, n in enumerate(table_rows)]
    extractor = Model("extract_kg_features", _lexicon_extract, attrs={"columns": ids})
    return chain(extractor, list2ragged(), with_array(concatenate(*embeddings)),
                 with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0,
                                   normalize=True)),
                 ragged2list())


# Loaded lazily, once per process and model folder: loading takes ~1 s and ~100 MB per member.
_MODELS: dict[str, "NerModel"] = {}
_MODELS_LOCK = threading.Lock()

#: the file that makes a model folder an ensemble (MODEL_CARD.md, "The shipped model")
ENSEMBLE_FILE = "ensemble.json"


class NerModel:
    """A loaded NER model: one spaCy pipeline, or an ensemble of them with a span relabeler.

    Args:
        members: ``(name, pipeline)`` pairs; the first breaks ties in the vote.
        min_votes: an ensemble keeps a span (start and end) that this many members found.
        relabeler: the span classifier of ``kg.relabel``, or None.
        threshold: the relabeler changes a label when its probability exceeds this.
    """

    def __init__(self, members: list[tuple[str, Language]], min_votes: int = 1,
                 relabeler: "SpanRelabeler | None" = None, threshold: float = 1.0) -> None:
        self.members = members
        self.min_votes = min_votes
        self.relabeler = relabeler
        self.threshold = threshold

    @property
    def labels(self) -> set[str]:
        """The labels any member predicts (CLUENER's ten)."""
        return {label for _, nlp in self.members for label in nlp.get_pipe("ner").labels}


def load_model(model_dir: str | os.PathLike | None = None) -> NerModel:
    """Load (once) and return the trained NER model of a folder.

    The folder holds either one spaCy pipeline saved by ``kg.train`` (``config.cfg``) or an
    ensemble: ``ensemble.json`` naming member pipelines in sub-folders, the votes a span needs,
    and a span relabeler (``kg.relabel``) with its threshold.

    Args:
        model_dir: a model folder; None for the shipped ``kg/models/ner``.

    Returns:
        The model (cached for the process).

    >>> [name for name, _ in load_model().members]
    ['rtl', 'ltr', 'rtl_aug']
    """
    path = Path(model_dir) if model_dir else MODEL_DIR
    key = str(path.resolve())
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = _load(path)
        return _MODELS[key]


def _load(path: Path) -> NerModel:
    spec_path = path / ENSEMBLE_FILE
    if not spec_path.is_file():
        return NerModel([(path.name, _load_pipeline(path))])
    try:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        names, min_votes = list(spec["members"]), int(spec["min_votes"])
        relabeler_file, threshold = spec.get("relabeler"), float(spec.get("threshold", 1.0))
    except (ValueError, KeyError, TypeError) as err:
        raise KgError(f"{spec_path}: not an ensemble description ({err})") from err
    if not names or not 1 <= min_votes <= len(names):
        raise KgError(f"{spec_path}: min_votes {min_votes} with {len(names)} members")
    relabeler = None
    if relabeler_file:
        from kg.relabel import SpanRelabeler

        relabeler = SpanRelabeler.from_disk(path / relabeler_file)
    return NerModel([(name, _load_pipeline(path / name)) for name in names], min_votes,
                    relabeler, threshold)


def _load_pipeline(path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise KgError(f"{path}: no trained NER model here (config.cfg missing); "
                      "run `make train DATA=...` or `python -m kg.train DATA_DIR`")
    nlp = spacy.load(path)
    _float32_params(nlp)
    _use_numpy_gemm(nlp)
    return nlp


def _float32_params(nlp: Language) -> None:
    """Widen float16 weights (``kg.train.compact_model`` stores them so) back to float32."""
    for _, pipe in nlp.pipeline:
        for node in pipe.model.walk():
            for name in node.param_names:
                if node.has_param(name) and node.get_param(name).dtype == numpy.float16:
                    node.set_param(name, node.get_param(name).astype(numpy.float32))


def _use_numpy_gemm(nlp: Language) -> None:
    """Run the model's matrix products through numpy (OpenBLAS) instead of thinc's BLIS.

    On this project's 2-core machine BLIS multiplies float32 matrices at 15 GFLOP/s where
    numpy reaches 50 on one thread; the tok2vec layer, which is almost all matrix products,
    runs 3.4 times faster (``kg/training/bench_ner.py``). Training is unchanged.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        for node in pipe.model.walk():
            node.ops = ops


def _paragraphs(text: str) -> Iterable[tuple[int, str]]:
    """Yield ``(offset, line)`` per non-blank line: the model was trained on short texts."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield offset, line
        offset += len(line)


def predict_raw(texts: Iterable[str], model_dir: str | os.PathLike | None = None,
                batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
    """Predict CLUENER-labelled spans in each text.

    Each member of the model reads each line of the texts; an ensemble keeps the spans enough
    members agree on (``vote``), then its relabeler may change their labels.

    Args:
        texts: texts of any length (split into lines internally).
        model_dir: model folder, None for the shipped model.
        batch_size: lines per batch.

    Returns:
        Per text, ``(start, end_exclusive, cluener_label)`` sorted by start.

    >>> predict_raw(["王小明是北京大学的教授。"])[0][0]
    (0, 3, 'name')
    """
    model = load_model(model_dir)
    texts = list(texts)
    lines = [(i, off, line) for i, t in enumerate(texts) for off, line in _paragraphs(t)]
    per_member = [_predict_lines(nlp, lines, len(texts), batch_size) for _, nlp in model.members]
    results = per_member[0] if len(per_member) == 1 else [
        vote([member[i] for member in per_member], model.min_votes) for i in range(len(texts))]
    if model.relabeler is not None:
        results = [model.relabeler.relabel(text, spans, model.threshold)
                   for text, spans in zip(texts, results)]
    return [sorted(r) for r in results]


def _predict_lines(nlp: Language, lines: list[tuple[int, int, str]], n_texts: int,
                   batch_size: int) -> list[list[tuple[int, int, str]]]:
    """One pipeline's spans per text, from ``(text index, offset, line)`` triples."""
    results: list[list[tuple[int, int, str]]] = [[] for _ in range(n_texts)]
    if getattr(nlp.tokenizer, "reverse", False):
        # the line break is left out: reversed, it would open the text, which training never saw
        lines = [(i, off, line.rstrip("\r\n")) for i, off, line in lines]
        docs = nlp.pipe((line[::-1] for _, _, line in lines), batch_size=batch_size)
        for (i, off, line), doc in zip(lines, docs):
            n = len(line)
            results[i].extend((off + n - e.end_char, off + n - e.start_char, e.label_)
                              for e in doc.ents)
        return [sorted(r) for r in results]
    docs = nlp.pipe((line for _, _, line in lines), batch_size=batch_size)
    for (i, off, _), doc in zip(lines, docs):
        results[i].extend((off + e.start_char, off + e.end_char, e.label_) for e in doc.ents)
    return [sorted(r) for r in results]


def vote(predictions: list[list[tuple[int, int, str]]], min_votes: int
         ) -> list[tuple[int, int, str]]:
    """Combine the spans several models found in one text.

    A span (start and end) is kept if at least ``min_votes`` models found it, whatever label
    they gave it. Overlapping kept spans are resolved in favour of more votes, then of the
    first model's spans, then of the earlier start. A kept span takes the label most of its
    voters gave; a tie goes to the earliest model in the list.

    Args:
        predictions: per model, ``(start, end_exclusive, label)`` spans.
        min_votes: votes a span needs.

    Returns:
        The kept spans, sorted.

    >>> vote([[(0, 2, "name"), (3, 5, "address")], [(0, 2, "name"), (3, 6, "scene")],
    ...       [(0, 2, "company"), (3, 6, "address")]], 2)
    [(0, 2, 'name'), (3, 6, 'scene')]
    """
    votes: Counter = Counter()
    labels: dict[tuple[int, int], list[str]] = {}
    for spans in predictions:
        for start, end, label in spans:
            votes[(start, end)] += 1
            labels.setdefault((start, end), []).append(label)
    first = {(s, e) for s, e, _ in predictions[0]} if predictions else set()
    candidates = sorted((span for span, n in votes.items() if n >= min_votes),
                        key=lambda span: (-votes[span], span not in first, span))
    kept: list[tuple[int, int, str]] = []
    for start, end in candidates:
        if all(end <= s or e <= start for s, e, _ in kept):
            given = labels[(start, end)]
            counts = Counter(given)
            best = max(counts.values())
            kept.append((start, end, next(lab for lab in given if counts[lab] == best)))
    return sorted(kept)


def predict_entities(text: str, model_dir: str | os.PathLike | None = None
                     ) -> list[tuple[int, int, str]]:
    """Find entity mentions in a text, labelled with ontology classes (and TITLE).

    Args:
        text: any text.
        model_dir: model folder, None for the shipped model.

    Returns:
        ``(start, end_exclusive, label)`` per mention, label one of Person, Company,
        GovernmentBody, Organization, Place, Product, TITLE.

    >>> predict_entities("王小明是北京大学的教授。")[0]
    (0, 3, 'Person')
    """
    return [(s, e, LABEL_MAP[lab]) for s, e, lab in predict_raw([text], model_dir)[0]
            if lab in LABEL_MAP]


class StatisticalNer:
    """Pipeline component: store the trained model's mentions in ``doc.spans[span_key]``.

    Args:
        nlp: the main pipeline (word tokens).
        name: the component name.
        model_dir: model folder; "" for the shipped model.
        span_key: key of ``doc.spans`` to fill.
        batch_size: lines per model batch in ``pipe``.
    """

    def __init__(self, nlp: Language, name: str, model_dir: str = "",
                 span_key: str = SPAN_KEY, batch_size: int = 64) -> None:
        self.name = name
        self.model_dir = model_dir or None
        self.span_key = span_key
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterable[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        preds = predict_raw([d.text for d in docs], self.model_dir, self.batch_size)
        for doc, spans in zip(docs, preds):
            out = []
            for start, end, label in spans:
                if label not in LABEL_MAP:
                    continue
                # expand: a character span that cuts a jieba word becomes the whole word
                span = doc.char_span(start, end, label=LABEL_MAP[label], alignment_mode="expand")
                if span is not None:
                    out.append(span)
            doc.spans[self.span_key] = out
        return docs


@Language.factory(
    "kg_statistical_ner",
    default_config={"model_dir": "", "span_key": SPAN_KEY, "batch_size": 64},
)
def make_statistical_ner(nlp: Language, name: str, model_dir: str, span_key: str,
                         batch_size: int) -> StatisticalNer:
    """Create the ``kg_statistical_ner`` component (see ``StatisticalNer``).

    Args:
        nlp: the main pipeline.
        name: the component name.
        model_dir: model folder; "" for the shipped model.
        span_key: key of ``doc.spans`` to fill.
        batch_size: lines per model batch.

    Returns:
        The component; the model itself loads on first use.

    >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    >>> _ = nlp.add_pipe("kg_statistical_ner")
    >>> doc = nlp("王小明是北京大学的教授。")
    >>> [(s.text, s.label_) for s in doc.spans["kg_ner"]][0]
    ('王小明', 'Person')
    """
    return StatisticalNer(nlp, name, model_dir, span_key, batch_size)


def read_cluener(path: str | os.PathLike) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Read a CLUENER JSON-lines file.

    Args:
        path: file of ``{"text", "label": {TYPE: {mention: [[start, end_inclusive]]}}}`` lines.

    Returns:
        ``(text, [(start, end_exclusive, label), ...])`` per line.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"text": "李明在上海", "label": {"name": {"李明": [[0, 1]]}}}\\n')
    >>> read_cluener(f.name)
    [('李明在上海', [(0, 2, 'name')])]
    """
    path = Path(path)
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    out = []
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
                spans = []
                for label, mentions in (rec.get("label") or {}).items():
                    for mention, offsets in mentions.items():
                        for start, end in offsets:
                            if not 0 <= start <= end < len(text):
                                raise ValueError(f"span [{start}, {end}] outside the text "
                                                 f"of {len(text)} characters")
                            if text[start:end + 1] != mention:
                                raise ValueError(f"span [{start}, {end}] is {text[start:end + 1]!r}"
                                                 f", not {mention!r}")
                            spans.append((start, end + 1, label))
            except (ValueError, KeyError, TypeError) as err:
                raise KgError(f"{path}: line {n}: not a CLUENER record ({err})") from err
            out.append((text, sorted(set(spans))))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def _score(golds: list[set], preds: list[set]) -> dict[str, Any]:
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for gold, pred in zip(golds, preds):
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {
        "per_label": {lab: _prf(tp[lab], fp[lab], fn[lab]) for lab in labels},
        "overall": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
    }


def evaluate_ner(dev_path: str | os.PathLike, model_dir: str | os.PathLike | None = None
                 ) -> dict[str, Any]:
    """Score the model on a CLUENER file: exact span and label match, micro-averaged.

    Args:
        dev_path: a CLUENER JSON-lines file (e.g. ``dev.json``).
        model_dir: model folder, None for the shipped model.

    Returns:
        ``{"per_label": {label: {p, r, f, tp, fp, fn}}, "overall": {...}, "mapped":
        {"per_label": ..., "overall": ...}, "docs": n}``; ``per_label``/``overall`` use the
        CLUENER labels, ``mapped`` the ontology labels of ``LABEL_MAP`` (others dropped).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"text": "王小明是北京大学的教授。", "label": {"name": {"王小明": [[0, 2]]}}}\\n')
    >>> evaluate_ner(f.name)["per_label"]["name"]["tp"]
    1
    """
    records = read_cluener(dev_path)
    preds = predict_raw([text for text, _ in records], model_dir)
    golds = [set(spans) for _, spans in records]
    pred_sets = [set(p) for p in preds]
    scores = _score(golds, pred_sets)

    def mapped(spans: set) -> set:
        return {(s, e, LABEL_MAP[lab]) for s, e, lab in spans if lab in LABEL_MAP}

    scores["mapped"] = _score([mapped(g) for g in golds], [mapped(p) for p in pred_sets])
    scores["docs"] = len(records)
    return scores


def format_report(scores: dict[str, Any]) -> str:
    """Format ``evaluate_ner`` scores as a table; the last line is ``F1=0.xxx`` (overall).

    Args:
        scores: the result of ``evaluate_ner``.

    Returns:
        Text lines: per-label P/R/F1 on CLUENER labels, the mapped labels, then ``F1=``.

    >>> s = {"per_label": {"name": {"p": 1.0, "r": 0.5, "f": 2 / 3, "tp": 1, "fp": 0, "fn": 1}},
    ...      "overall": {"p": 1.0, "r": 0.5, "f": 2 / 3, "tp": 1, "fp": 0, "fn": 1}}
    >>> print(format_report(s))
    label               P      R     F1  support
    name            1.000  0.500  0.667        2
    overall         1.000  0.500  0.667        2
    F1=0.667
    """

    def table(part: dict[str, Any]) -> list[str]:
        rows = [f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}  support"]
        items = list(part["per_label"].items()) + [("overall", part["overall"])]
        for label, m in items:
            rows.append(f"{label:<14} {m['p']:6.3f} {m['r']:6.3f} {m['f']:6.3f} "
                        f"{m['tp'] + m['fn']:8d}")
        return rows

    lines = table(scores)
    if "mapped" in scores:
        lines += ["", "mapped to ontology classes:"] + table(scores["mapped"])
    lines.append(f"F1={scores['overall']['f']:.3f}")
    return "\n".join(lines)

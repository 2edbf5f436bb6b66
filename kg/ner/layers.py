"""The spaCy registry entries of the character model: its tokenizers, the numpy matrix-product
callback and the dictionary-match embedding."""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import LEMMA, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces

from ..errors import KgError
from .features import LEXICON_COLUMNS, LEXICON_KEY, _char_features, _lexicon_features


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
    from thinc.api import (
        HashEmbed,
        Maxout,
        Model,
        chain,
        concatenate,
        list2ragged,
        ragged2list,
        with_array,
    )

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

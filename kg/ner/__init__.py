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

from .component import StatisticalNer, make_statistical_ner
from .features import (
                       LEXICON_COLUMNS,
                       LEXICON_KEY,
                       char_features,
                       lexicon_features,
                       prepare_jieba,
)
from .labels import CLUENER_LABELS, LABEL_MAP, MODEL_DIR, SPAN_KEY
from .layers import (
                       CharJiebaTokenizer,
                       char_lexicon_embed,
                       create_char_jieba_tokenizer,
                       create_char_jieba_tokenizer_v2,
                       create_numpy_gemm_callback,
)
from .model import ENSEMBLE_FILE, NerModel, load_model
from .predict import _paragraphs, _predict_lines, predict_entities, predict_raw, vote
from .score import _prf, _score, evaluate_ner, format_report, read_cluener

__all__ = [
    "CLUENER_LABELS", "CharJiebaTokenizer", "ENSEMBLE_FILE", "LABEL_MAP", "LEXICON_COLUMNS", "LEXICON_KEY",
    "MODEL_DIR", "NerModel", "SPAN_KEY", "StatisticalNer", "_paragraphs", "_predict_lines", "_prf", "_score",
    "char_features", "char_lexicon_embed", "create_char_jieba_tokenizer", "create_char_jieba_tokenizer_v2",
    "create_numpy_gemm_callback", "evaluate_ner", "format_report", "lexicon_features", "load_model",
    "make_statistical_ner", "predict_entities", "predict_raw", "prepare_jieba", "read_cluener", "vote",
]

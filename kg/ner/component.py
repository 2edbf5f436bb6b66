"""``kg_statistical_ner``: the model's spans on a Doc of the main pipeline."""

from __future__ import annotations

from typing import Iterable

import spacy  # noqa: F401  (the doctest)
from spacy.language import Language
from spacy.tokens import Doc

from .labels import LABEL_MAP, SPAN_KEY
from .predict import predict_raw


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


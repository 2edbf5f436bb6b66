"""Running the model on text: paragraphs in batches, the ensemble's vote, the relabeler."""

from __future__ import annotations

import os
from collections import Counter
from typing import Iterable

from spacy.language import Language

from .labels import LABEL_MAP
from .model import load_model


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


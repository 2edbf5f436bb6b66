"""Relabel NER spans with a classifier that sees the whole span and both sides of it.

spaCy's transition-based NER chooses a mention's label at one end of it, with a few characters
of context each side (the CNN window). Most of the labels it gets wrong on CLUENER dev are
confusions a wider view settles: address / scene, book / movie / game, organization /
government (272 of the 949 false positives of the right-to-left model had the right span and the
wrong label). ``SpanRelabeler`` is a linear softmax classifier over hashed sparse features of a
span: the span's text, its characters and bigrams, its first and last characters, the
characters just outside it, the character bigrams within eight characters either side and
those up to 25 characters away on the same line. It is trained on the gold mentions of CLUENER train (a few
seconds) and replaces a predicted label only when it is confident (``threshold``).

Pure numpy; the weights are stored as float16 in a compressed ``.npz``.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Iterable, Sequence

import numpy

from kg.errors import KgError

#: version of ``span_features``: a saved classifier of another version is refused
FEATURE_VERSION = 1

#: characters of context either side of a span (CLUENER texts are at most 50 long)
CONTEXT = 25


def span_features(text: str, start: int, end: int) -> list[str]:
    """The sparse features of ``text[start:end]`` as strings (hashed by ``SpanRelabeler``).

    The context is the line of the span, at most ``CONTEXT`` characters either side: the
    classifier was trained on CLUENER's short texts, and a paragraph's whole length would
    drown the span's own features.

    >>> sorted(f for f in span_features("去北京大学读书", 1, 5) if f[:2] in ("w=", "L1", "R1"))
    ['L1=去', 'R1=读', 'w=北京大学']
    """
    span = text[start:end]
    left = text[max(0, start - CONTEXT):start].rsplit("\n", 1)[-1]
    right = text[end:end + CONTEXT].split("\n", 1)[0]
    feats = [
        "w=" + span, "f=" + span[0], "l=" + span[-1], "f2=" + span[:2], "l2=" + span[-2:],
        "l3=" + span[-3:], "len=%d" % min(end - start, 12),
        "L1=" + left[-1:], "L2=" + left[-2:], "L3=" + left[-3:],
        "R1=" + right[:1], "R2=" + right[:2], "R3=" + right[:3],
        "br=" + left[-1:] + right[:1],
        "k=" + ("A" if span.isascii() else "D" if any(c.isdigit() for c in span) else "H"),
    ]
    feats += ["c=" + c for c in span]
    feats += ["b=" + span[i:i + 2] for i in range(len(span) - 1)]
    near_left, near_right = left[-8:], right[:8]
    feats += ["lb=" + near_left[i:i + 2] for i in range(len(near_left) - 1)]
    feats += ["rb=" + near_right[i:i + 2] for i in range(len(near_right) - 1)]
    feats += ["sb=" + side[i:i + 2] for side in (left, right) for i in range(len(side) - 1)]
    return feats


class SpanRelabeler:
    """A hashed-feature softmax classifier of span labels.

    Args:
        labels: the label set, in a fixed order.
        bits: the feature hash has ``2 ** bits`` buckets (2^18 made collisions that mattered:
            a person’s name in a list came out a scene with p 0.81).
        weights: ``(2 ** bits, len(labels))`` array, zeros if None (untrained).
    """

    def __init__(self, labels: Sequence[str], bits: int = 20,
                 weights: numpy.ndarray | None = None) -> None:
        self.labels = tuple(labels)
        self.bits = bits
        shape = (1 << bits, len(self.labels))
        self.weights = (numpy.zeros(shape, numpy.float32) if weights is None
                        else numpy.asarray(weights, numpy.float32))
        if self.weights.shape != shape:
            raise KgError(f"relabeler weights of shape {self.weights.shape}, expected {shape}")

    def _index(self, text: str, start: int, end: int) -> numpy.ndarray:
        mask = (1 << self.bits) - 1
        return numpy.array(sorted({zlib.crc32(f.encode("utf-8")) & mask
                                   for f in span_features(text, start, end)}), numpy.int64)

    def probabilities(self, text: str, start: int, end: int) -> numpy.ndarray:
        """The label distribution of ``text[start:end]``, in the order of ``labels``."""
        z = self.weights[self._index(text, start, end)].sum(axis=0)
        z = numpy.exp(z - z.max())
        return z / z.sum()

    def relabel(self, text: str, spans: Iterable[tuple[int, int, str]], threshold: float
                ) -> list[tuple[int, int, str]]:
        """Give each span the classifier's label where its probability exceeds ``threshold``.

        >>> r = SpanRelabeler(["name", "address"], bits=8)
        >>> r.relabel("李明在上海", [(0, 2, "address")], 0.9)  # untrained: 0.5 each, kept
        [(0, 2, 'address')]
        """
        out = []
        for start, end, label in spans:
            probs = self.probabilities(text, start, end)
            best = int(probs.argmax())
            out.append((start, end, self.labels[best] if probs[best] > threshold else label))
        return out

    def train(self, records: Sequence[tuple[str, Sequence[tuple[int, int, str]]]],
              epochs: int = 2, learn_rate: float = 0.2, seed: int = 0) -> list[float]:
        """Fit on gold mentions with AdaGrad, one mention at a time (deterministic).

        Args:
            records: ``(text, [(start, end_exclusive, label), ...])``, e.g. CLUENER train.
            epochs: passes over the mentions.
            learn_rate: AdaGrad's rate.
            seed: shuffling seed.

        Returns:
            The mean cross-entropy of each epoch.

        >>> r = SpanRelabeler(["name", "address"], bits=10)
        >>> data = [("李明在上海", [(0, 2, "name"), (3, 5, "address")])] * 20
        >>> losses = r.train(data, epochs=2)
        >>> losses[1] < losses[0], r.relabel("李明在上海", [(3, 5, "name")], 0.5)
        (True, [(3, 5, 'address')])
        """
        index = {label: i for i, label in enumerate(self.labels)}
        examples = [(self._index(text, s, e), index[label])
                    for text, spans in records for s, e, label in spans if label in index]
        if not examples:
            raise KgError("no training mentions with the relabeler's labels")
        weights, squares = self.weights, numpy.full_like(self.weights, 1e-6)
        rng = numpy.random.default_rng(seed)
        order = numpy.arange(len(examples))
        losses = []
        for _ in range(epochs):
            rng.shuffle(order)
            total = 0.0
            for i in order:
                idx, gold = examples[i]
                z = weights[idx].sum(axis=0)
                probs = numpy.exp(z - z.max())
                probs /= probs.sum()
                total -= float(numpy.log(probs[gold] + 1e-12))
                probs[gold] -= 1.0  # the gradient of the cross-entropy w.r.t. z
                squares[idx] += probs * probs
                weights[idx] -= learn_rate * probs / numpy.sqrt(squares[idx])
            losses.append(total / len(examples))
        return losses

    def to_disk(self, path: str | os.PathLike) -> None:
        """Save as a compressed ``.npz`` (weights as float16)."""
        numpy.savez_compressed(path, weights=self.weights.astype(numpy.float16),
                               labels=numpy.array(self.labels), bits=self.bits,
                               version=FEATURE_VERSION)

    @classmethod
    def from_disk(cls, path: str | os.PathLike) -> "SpanRelabeler":
        """Load a classifier saved by ``to_disk``."""
        path = Path(path)
        try:
            with numpy.load(path) as data:
                version = int(data["version"])
                if version != FEATURE_VERSION:
                    raise KgError(f"{path}: relabeler of feature version {version}, this kg "
                                  f"computes version {FEATURE_VERSION}; retrain it")
                return cls([str(x) for x in data["labels"]], int(data["bits"]),
                           data["weights"].astype(numpy.float32))
        except (OSError, KeyError, ValueError) as err:
            raise KgError(f"{path}: not a saved span relabeler ({err})") from err

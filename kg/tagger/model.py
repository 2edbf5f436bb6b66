"""The tagger's model: a linear-chain BIOES tagger over hashed features (structured perceptron).

Tags: ``O`` and ``B- I- E- S-`` of each label in :data:`LABELS`. A score of a tag path is the sum
of its characters' feature weights for their tags plus the weights of its tag transitions;
Viterbi finds the best path under BIOES's hard constraints (``I-X`` only after ``B-X`` or
``I-X`` …). Decoding runs on a batch of sentences at once (padded to the longest), so a
Python loop step costs the same for one sentence or a hundred.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy

from .features import features, texts_columns

#: the shipped weights' folder (a clusters file named by weights is looked for beside them, then here)
MODELS = Path(__file__).resolve().parent.parent / "models" / "tagger"

#: the tagger's labels: persons, places, organisations, products, events
LABELS = ("PER", "LOC", "ORG", "PRO", "EVT")
TAGS = ("O",) + tuple(f"{p}-{label}" for label in LABELS for p in "BIES")
NUM_TAGS = len(TAGS)
_NEG = -1e9


def tag_index(prefix: str, label: str) -> int:
    """The index of a tag (``tag_index("B", "PER") == 1``)."""
    return 1 + 4 * LABELS.index(label) + "BIES".index(prefix)


def _allowed() -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """BIOES's hard constraints: transitions ``(from, to)``, first tags and last tags."""
    begins = {t for t in range(NUM_TAGS) if TAGS[t] == "O" or TAGS[t][0] in "BS"}
    closes = {t for t in range(NUM_TAGS) if TAGS[t] == "O" or TAGS[t][0] in "ES"}
    trans = numpy.zeros((NUM_TAGS, NUM_TAGS), bool)
    for a in range(NUM_TAGS):
        for b in range(NUM_TAGS):
            if a in closes:
                trans[a, b] = b in begins
            else:  # B-X or I-X: I-X or E-X of the same label
                trans[a, b] = TAGS[b][0] in "IE" and TAGS[b][2:] == TAGS[a][2:]
    first = numpy.array([t in begins for t in range(NUM_TAGS)])
    last = numpy.array([t in closes for t in range(NUM_TAGS)])
    return trans, first, last


ALLOWED_TRANS, ALLOWED_FIRST, ALLOWED_LAST = _allowed()
HARD_TRANS = numpy.where(ALLOWED_TRANS, 0.0, _NEG)
HARD_FIRST = numpy.where(ALLOWED_FIRST, 0.0, _NEG)
HARD_LAST = numpy.where(ALLOWED_LAST, 0.0, _NEG)


def viterbi(emissions: numpy.ndarray, lengths: numpy.ndarray, trans: numpy.ndarray,
            first: numpy.ndarray, last: numpy.ndarray) -> numpy.ndarray:
    """Best tag paths of a batch: ``emissions (B, L, T)``, ``lengths (B,)``; scores of
    transitions ``(T, T)``, first tags ``(T,)`` and last tags ``(T,)`` (hard constraints
    included by the caller). Returns ``(B, L)`` tag ids (past a sentence's length: junk)."""
    batch, longest, _ = emissions.shape
    score = emissions[:, 0] + first
    back = numpy.zeros((batch, longest, emissions.shape[2]), numpy.int16)
    for t in range(1, longest):
        total = score[:, :, None] + trans[None]
        best = total.argmax(axis=1)
        new = numpy.take_along_axis(total, best[:, None, :], axis=1)[:, 0] + emissions[:, t]
        active = (t < lengths)[:, None]
        score = numpy.where(active, new, score)
        back[:, t] = best
    return backtrack(back, (score + last).argmax(axis=1), lengths)


def backtrack(back: numpy.ndarray, final: numpy.ndarray, lengths: numpy.ndarray) -> numpy.ndarray:
    """The paths ``(B, L)`` of a batch from its back pointers ``back[b, t, tag]`` (the best
    tag at ``t - 1`` before ``tag`` at ``t``) and its lines' best last tags ``final (B,)``
    (past a line's length: that tag)."""
    batch, longest = back.shape[:2]
    rows = numpy.arange(batch)
    cur = final
    tags = numpy.zeros((batch, longest), numpy.int64)
    for t in range(longest - 1, -1, -1):
        tags[:, t] = cur
        if t:
            cur = numpy.where(t < lengths, back[rows, t, cur], cur)
    return tags


def _logsumexp(x: numpy.ndarray, axis: int) -> numpy.ndarray:
    top = x.max(axis=axis, keepdims=True)
    return (top + numpy.log(numpy.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def _log_matmul(scores: numpy.ndarray, weights: numpy.ndarray, log_weights: numpy.ndarray) -> numpy.ndarray:
    """``log(exp(scores) @ exp(log_weights))`` of log scores ``(B, T)`` and ``weights``
    ``(T, T)`` (``exp(log_weights)``), each row scaled by its largest score; a figure far
    below its row's largest (its terms near float64's underflow) is a log-sum-exp of its own terms."""
    top = scores.max(axis=1, keepdims=True)
    with numpy.errstate(divide="ignore"):
        out = numpy.log(numpy.exp(scores - top) @ weights) + top
    lost = out < top - 600.0  # exp(-600) is far from float64's underflow (about exp(-708))
    if lost.any():
        rows, cols = numpy.nonzero(lost)
        out[rows, cols] = _logsumexp(scores[rows] + log_weights[:, cols].T, 1)
    return out


def forward_backward(emissions: numpy.ndarray, lengths: numpy.ndarray, trans: numpy.ndarray,
                     first: numpy.ndarray, last: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The perceptron's scores read as a linear-chain CRF's (already divided by a temperature):
    log forward ``alpha (B, L, T)`` (emission at ``t`` included), log backward ``beta (B, L, T)``
    (emission at ``t`` excluded; ``last`` at a sentence's end) and ``log Z (B,)``."""
    batch, longest, tags = emissions.shape
    alpha = numpy.empty((batch, longest, tags), numpy.float64)
    beta = numpy.empty((batch, longest, tags), numpy.float64)
    alpha[:, 0] = emissions[:, 0] + first
    # a step is a matrix product in probabilities, scaled by each row's largest log score
    # (a sum of T exponentials: the same figures as a log-sum-exp, to rounding); a figure whose
    # every term underflows is computed the exact way (:func:`_log_matmul`)
    weights = numpy.exp(trans)
    for t in range(1, longest):
        alpha[:, t] = _log_matmul(alpha[:, t - 1], weights, trans) + emissions[:, t]
    beta[:, longest - 1] = last
    for t in range(longest - 2, -1, -1):
        inner = _log_matmul(emissions[:, t + 1] + beta[:, t + 1], weights.T, trans.T)
        beta[:, t] = numpy.where((t + 1 < lengths)[:, None], inner, last)
    rows = numpy.arange(batch)
    log_z = _logsumexp(alpha[rows, lengths - 1] + last, 1)
    return alpha, beta, log_z


def span_marginal(emissions: numpy.ndarray, alpha: numpy.ndarray, beta: numpy.ndarray, log_z: float,
                  trans: numpy.ndarray, start: int, end: int, label: str) -> float:
    """The probability of one sentence's paths that tag exactly ``start:end`` as ``label``
    (``S-`` for one character, else ``B- I… E-``: BIOES fixes the tags inside a span)."""
    if end - start == 1:
        tag = tag_index("S", label)
        return float(numpy.exp(alpha[start, tag] + beta[start, tag] - log_z))
    prev = tag_index("B", label)
    score = alpha[start, prev]
    for t in range(start + 1, end):
        tag = tag_index("E" if t == end - 1 else "I", label)
        score += trans[prev, tag] + emissions[t, tag]
        prev = tag
    return float(numpy.exp(min(score + beta[end - 1, prev] - log_z, 0.0)))


def spans_of(tags: list[int] | numpy.ndarray) -> list[tuple[int, int, str]]:
    """The labelled spans of a BIOES tag path (a well-formed one, as Viterbi gives).

    >>> spans_of([tag_index("B", "ORG"), tag_index("E", "ORG"), 0, tag_index("S", "PER")])
    [(0, 2, 'ORG'), (3, 4, 'PER')]
    """
    out, start = [], None
    for i, t in enumerate(tags):
        name = TAGS[int(t)]
        if name[0] == "S":
            out.append((i, i + 1, name[2:]))
            start = None
        elif name[0] == "B":
            start = i
        elif name[0] == "E" and start is not None:
            out.append((start, i + 1, name[2:]))
            start = None
    return out


def find_clusters(name: str, beside: Path) -> dict[str, tuple[int, ...]] | None:
    """The word clusters (:func:`kg.tagger.clusters.read`) of the file ``name`` in ``beside`` or
    in :data:`MODELS`; None when there is none (the cluster features are then off)."""
    from .clusters import read

    for folder in (beside, MODELS):
        if name and (folder / name).is_file():
            return read(folder / name)
    return None


class TaggerModel:
    """Weights of the tagger: ``emission (buckets, T)``, ``trans (T, T)``, ``first``, ``last``;
    ``clusters``: the word clusters its features read (None: none) and their file's name;
    ``stack``: the stacked inputs its features read (``pos``: the words' part-of-speech flags,
    ``lac``: LAC's tags, :mod:`kg.tagger.stack`; weights that name none read neither)."""

    def __init__(self, emission: numpy.ndarray, trans: numpy.ndarray, first: numpy.ndarray,
                 last: numpy.ndarray, clusters: dict[str, tuple[int, ...]] | None = None,
                 clusters_name: str = "", stack: tuple[str, ...] = ()) -> None:
        self.emission = emission
        self.stack = tuple(stack)
        self.clusters, self.clusters_name = clusters, clusters_name if clusters else ""
        self.trans = trans.astype(numpy.float32) + HARD_TRANS
        self.first = first.astype(numpy.float32) + HARD_FIRST
        self.last = last.astype(numpy.float32) + HARD_LAST
        self.size = emission.shape[0]

    @classmethod
    def load(cls, path: str | Path) -> "TaggerModel":
        with numpy.load(path) as data:
            if "emission_q" in data:  # int8 per tag, with its scale
                emission = data["emission_q"].astype(numpy.float32) * data["emission_scale"]
            else:
                emission = data["emission"].astype(numpy.float32)
            name = str(data["clusters"]) if "clusters" in data else ""
            stack = tuple(filter(None, str(data["stack"]).split(","))) if "stack" in data else ()
            return cls(emission, data["trans"], data["first"], data["last"],
                       find_clusters(name, Path(path).parent), name, stack)

    def save(self, path: str | Path, bits: int = 16) -> None:
        """Write the weights (``numpy.savez_compressed``): emissions as float16 (``bits`` 16) or
        as int8 with a scale per tag (``bits`` 8; a weight past ``clip`` times the 99.99th
        percentile of its tag's absolute weights is clipped)."""
        extra = {"trans": (self.trans - HARD_TRANS).astype(numpy.float32),
                 "first": (self.first - HARD_FIRST).astype(numpy.float32),
                 "last": (self.last - HARD_LAST).astype(numpy.float32)}
        if self.clusters_name:
            extra["clusters"] = numpy.array(self.clusters_name)
        if self.stack:
            extra["stack"] = numpy.array(",".join(self.stack))
        if bits == 8:
            scale = numpy.maximum(numpy.quantile(numpy.abs(self.emission), 0.9999, axis=0), 1e-6) / 127
            quantized = numpy.clip(numpy.rint(self.emission / scale), -127, 127).astype(numpy.int8)
            numpy.savez_compressed(path, emission_q=quantized, emission_scale=scale.astype(numpy.float32), **extra)
        else:
            numpy.savez_compressed(path, emission=self.emission.astype(numpy.float16), **extra)

    def scores(self, feats: numpy.ndarray) -> numpy.ndarray:
        """Emission scores ``(n, T)`` of feature rows ``(n, K)``: each feature's weights added
        in column order, the float32 sums of ``emission[feats].sum(axis=1)`` without its
        ``(n, K, T)`` array (a fifth of the time on a document's rows)."""
        columns = numpy.ascontiguousarray(feats.T)
        out = numpy.take(self.emission, columns[0], axis=0)
        row = numpy.empty_like(out)
        for ids in columns[1:]:
            out += numpy.take(self.emission, ids, axis=0, out=row)
        return out

    def emissions(self, batch: list[numpy.ndarray], without: tuple[str, ...] = (),
                  scored: bool = False) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Padded emission scores ``(B, L, T)`` of several feature matrices (``scored``: of
        their scores already), and their lengths; the tags of the labels ``without`` are ruled out."""
        lengths = numpy.array([len(f) for f in batch])
        emissions = numpy.zeros((len(batch), lengths.max(), NUM_TAGS), numpy.float32)
        for i, feats in enumerate(batch):
            emissions[i, :len(feats)] = feats if scored else self.scores(feats)
        for label in without:
            emissions[:, :, [tag_index(p, label) for p in "BIES"]] = _NEG
        return emissions, lengths

    def tag_batch(self, batch: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """Best tag paths of several feature matrices."""
        if not batch:
            return []
        emissions, lengths = self.emissions(batch)
        tags = viterbi(emissions, lengths, self.trans, self.first, self.last)
        return [tags[i, :n] for i, n in enumerate(lengths)]

    def _scored(self, texts: list[str], words: list[list[tuple[int, int]]], flags: list[list[str]] | None,
                lac: list[numpy.ndarray] | None, memo: list[dict]) -> list[numpy.ndarray | None]:
        """Each text's emission scores ``(n, T)`` (None for an empty text): from its ``memo``,
        else computed (the texts not scored before at once, their rows and the pads') and kept there."""
        todo = [i for i, t in enumerate(texts) if t and "scored" not in memo[i]]
        if todo:
            pick = (lambda xs: [xs[i] for i in todo])
            columns, starts = texts_columns(pick(texts), pick(words), self.clusters,
                                            pick(flags) if "pos" in self.stack else None,
                                            pick(lac) if "lac" in self.stack else None)
            scored = self.scores(features(columns, self.size))
            for i, start in zip(todo, starts.tolist()):
                memo[i]["scored"] = scored[start:start + len(texts[i])]
        return [memo[i].get("scored") for i in range(len(texts))]

    def spans(self, texts: list[str], words: list[list[tuple[int, int]]], temperature: float = 0.0,
              without: tuple[str, ...] = (), labels: frozenset[str] | set[str] | None = None,
              keep: re.Pattern | None = None, flags: list[list[str]] | None = None,
              lac: list[numpy.ndarray] | None = None, memo: list[dict] | None = None) -> list[list[tuple]]:
        """Labelled spans ``(start, end, label)`` of each text (the best path's), given its
        words' spans. With a ``temperature`` > 0 each span comes with its confidence,
        ``(start, end, label, p)``: the probability of the paths holding that exact span when
        the scores divided by the temperature are read as a CRF's (forward-backward). The
        labels ``without`` are never given (their tags ruled out of every path); of the best
        path's spans only those of ``labels`` (None: all) that ``keep`` finds something in (None:
        any) are given, and forward-backward runs only over the texts that have one (each
        text's figures are its own, whatever else is in its batch). ``flags`` (of each text's
        words) and ``lac`` (LAC's reading of each text's characters,
        :func:`kg.tagger.stack.lac_columns`) are read when the weights want them
        (:attr:`stack`), and must then be given. ``memo`` (a dict per text, kept by the caller
        for the same text, words and ``without``) keeps each text's scores and best path's spans,
        and gives them back on a second call instead of computing them again (the same figures)."""
        if ("pos" in self.stack and flags is None) or ("lac" in self.stack and lac is None):
            raise ValueError(f"these weights read {self.stack}: give the words' flags and LAC's tags")
        memo = memo or [{} for _ in texts]
        rows_of = self._scored(texts, words, flags, lac, memo)
        out: list[list[tuple]] = [[] for _ in texts]
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        for k in range(0, len(order), 64):
            chunk = order[k:k + 64]
            emissions, lengths = self.emissions([rows_of[i] for i in chunk], without, scored=True)
            path_key = ("spans", without)
            new = [row for row, i in enumerate(chunk) if path_key not in memo[i]]
            if new:  # each row's path is its own: Viterbi over the rows not read before
                tags = viterbi(emissions[new], lengths[new], self.trans, self.first, self.last)
                for row, n, path in zip(new, lengths[new].tolist(), tags):
                    memo[chunk[row]][path_key] = spans_of(path[:n])
            found = [list(memo[i][path_key]) for i in chunk]
            if labels is not None or keep is not None:
                found = [[(s, e, label) for s, e, label in spans if (labels is None or label in labels)
                          and (keep is None or keep.search(texts[i][s:e]))] for i, spans in zip(chunk, found)]
            rows = [row for row, spans in enumerate(found) if spans]
            if temperature > 0 and rows:
                longest = int(lengths[rows].max())
                scaled = emissions[rows, :longest].astype(numpy.float64) / temperature
                trans = self.trans.astype(numpy.float64) / temperature
                alpha, beta, log_z = forward_backward(scaled, lengths[rows], trans, self.first / temperature,
                                                      self.last / temperature)
                for j, row in enumerate(rows):
                    found[row] = [(s, e, label, span_marginal(scaled[j], alpha[j], beta[j], log_z[j], trans, s, e, label))
                                  for s, e, label in found[row]]
            for row, i in enumerate(chunk):
                out[i] = found[row]
        return out

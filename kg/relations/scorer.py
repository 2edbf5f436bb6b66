"""The learned relation scorer: a linear model over candidate features, one softmax over
"none" and the relations whose domain and range fit the pair.

The model is trained by :mod:`kg.relations.train` (scikit-learn, outside the build) and
shipped as plain arrays (``kg/models/relations/model.npz``): feature names, a weight row per
feature, a bias and the classes; scoring needs numpy only. The probability of the chosen
relation is the triple's ``kg:confidence``; the evidence is the shortest run of clauses that
holds both mentions (:func:`kg.relations.candidates.evidence_span`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy

from ..errors import Errors, KgError
from ..records import Relation
from .candidates import Candidate, End, evidence_span, make_candidates
from .features import Context, Tokens, featurize

NONE = "none"
#: where the shipped model lies; ``KG_RELATION_MODEL`` names another file, or ``none`` for none
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "relations" / "model.npz"


@dataclass
class RelationModel:
    """Weights of the scorer.

    Attributes:
        classes: ``none`` first, then relation names.
        features: feature name -> row of ``weights``.
        weights: one row of class weights per feature.
        bias: one value per class.
        threshold: the least probability of a relation that is stated.
    """

    classes: tuple[str, ...]
    features: dict[str, int]
    weights: numpy.ndarray
    bias: numpy.ndarray
    threshold: float = 0.5
    #: whether the hand patterns' findings are features (else the model reads the text alone)
    uses_patterns: bool = True
    #: the relations the scorer may add to the patterns' (empty: every relation)
    adds: tuple[str, ...] = ()
    #: a pattern's triple whose pair the model gives less than this for its relation is dropped
    drop_below: float = 0.0

    def save(self, path: Path) -> None:
        """Write the model as one ``.npz`` of plain arrays (no pickles)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(self.features, key=self.features.get)
        with open(path, "wb") as fh:
            numpy.savez_compressed(fh, classes=numpy.array(self.classes), features=numpy.array(names),
                                   weights=self.weights.astype(numpy.float32), bias=self.bias.astype(numpy.float32),
                                   threshold=numpy.array(self.threshold),
                                   uses_patterns=numpy.array(self.uses_patterns),
                                   adds=numpy.array(self.adds, dtype=str), drop_below=numpy.array(self.drop_below))

    @classmethod
    def load(cls, path: Path) -> "RelationModel":
        """Read a model written by :meth:`save`."""
        with numpy.load(path, allow_pickle=False) as data:
            names = [str(n) for n in data["features"]]
            return cls(tuple(str(c) for c in data["classes"]), {n: i for i, n in enumerate(names)},
                       data["weights"].astype(numpy.float32), data["bias"].astype(numpy.float32),
                       float(data["threshold"]), bool(data["uses_patterns"]),
                       tuple(str(a) for a in data["adds"]) if "adds" in data.files else (),
                       float(data["drop_below"]) if "drop_below" in data.files else 0.0)

    def probabilities(self, features: list[str], allowed: tuple[str, ...]) -> dict[str, float]:
        """P(class) over ``none`` and the ``allowed`` relations the model knows."""
        rows = [self.features[f] for f in features if f in self.features]
        scores = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        keep = [i for i, c in enumerate(self.classes) if c == NONE or c in allowed]
        kept = scores[keep]
        exp = numpy.exp(kept - kept.max())
        exp /= exp.sum()
        return {self.classes[i]: float(p) for i, p in zip(keep, exp)}


@lru_cache(maxsize=4)
def _load(path: str) -> RelationModel | None:
    return RelationModel.load(Path(path)) if Path(path).is_file() else None


def shipped_model() -> RelationModel | None:
    """The model named by ``KG_RELATION_MODEL`` (``none``: no model), else the shipped one."""
    choice = os.environ.get("KG_RELATION_MODEL", "")
    if choice.lower() == "none":
        return None
    if choice and not Path(choice).is_file():
        raise KgError(Errors.E046.format(path=choice))
    return _load(str(Path(choice).resolve() if choice else DEFAULT_MODEL))


def contexts(text: str, tokens: Tokens, mentions: list[End], relations, patterns: list[Relation],
             with_patterns: bool = True) -> list[Context]:
    """One feature context per candidate pair of ``mentions``."""
    found: dict[tuple[str, str], set[str]] = {}
    for rel in patterns:
        found.setdefault((rel.subject, rel.object), set()).add(rel.predicate)
    out = []
    in_sentence: dict[tuple[int, int], tuple[End, ...]] = {}
    for cand in make_candidates(text, mentions, relations):
        s0, s1 = cand.sentence
        if cand.sentence not in in_sentence:
            in_sentence[cand.sentence] = tuple(m for m in mentions if m.start >= s0 and m.end <= s1)
        others = tuple(m for m in in_sentence[cand.sentence] if m is not cand.subject and m is not cand.object)
        out.append(Context(text, tokens, cand, others,
                           frozenset(found.get((cand.subject.key, cand.object.key), ())), with_patterns))
    return out


def predict(model: RelationModel, ctxs: list[Context], support: dict | None = None
            ) -> list[tuple[Candidate, str, float]]:
    """The likeliest relation of each candidate and its probability; ``support`` (when given)
    receives the highest probability of each ``(subject, relation, object)`` over its candidates."""
    out = []
    for ctx in ctxs:
        probs = model.probabilities(featurize(ctx), ctx.candidate.relations)
        if support is not None:
            c = ctx.candidate
            for rel, p in probs.items():
                k = (c.subject.key, rel, c.object.key)
                support[k] = max(p, support.get(k, 0.0))
        best = max((c for c in probs if c != NONE), key=lambda c: probs[c], default=None)
        if best is not None:
            out.append((ctx.candidate, best, probs[best]))
    return out


def apply(model: RelationModel, text: str, ctxs: list[Context], patterns: list[Relation],
          symmetric: frozenset[str]) -> list[Relation]:
    """The patterns' relations, less those the model finds very unlikely (``drop_below``), joined
    with the scorer's of the relations it may add (``adds``) at or above its threshold."""
    support: dict[tuple[str, str, str], float] = {}
    preds = predict(model, ctxs, support)
    if model.adds:
        preds = [p for p in preds if p[1] in model.adds]
    if model.drop_below > 0:
        def doubted(rel: Relation) -> bool:
            k = (rel.subject, rel.predicate, rel.object)
            ks = [k] + ([(rel.object, rel.predicate, rel.subject)] if rel.predicate in symmetric else [])
            probs = [support[x] for x in ks if x in support]
            return bool(probs) and max(probs) < model.drop_below
        patterns = [r for r in patterns if not doubted(r)]
    return combine(patterns, scored_relations(text, preds, model.threshold), symmetric)


def scored_relations(text: str, predictions: list[tuple[Candidate, str, float]], threshold: float
                     ) -> list[Relation]:
    """Relations of the predictions at or above ``threshold``, with their evidence."""
    out = []
    for cand, rel, prob in predictions:
        if prob < threshold:
            continue
        start, end = evidence_span(text, cand)
        out.append(Relation(cand.subject.key, rel, cand.object.key, text[start:end], start, end,
                            round(min(prob, 0.99), 2), "scorer"))
    return out


def combine(patterns: list[Relation], scored: list[Relation], symmetric: frozenset[str]) -> list[Relation]:
    """The hand patterns' relations and the scorer's, one per (subject, predicate, object):
    where both state it, the pattern's evidence with the higher confidence."""
    best: dict[tuple[str, str, str], Relation] = {}

    def key(rel: Relation) -> tuple[str, str, str]:
        if rel.predicate in symmetric:
            return min(rel.subject, rel.object), rel.predicate, max(rel.subject, rel.object)
        return rel.subject, rel.predicate, rel.object

    for rel in patterns:
        best[key(rel)] = rel
    for rel in scored:
        k = key(rel)
        if k not in best:
            best[k] = rel
        elif rel.confidence > best[k].confidence and best[k].rule != "scorer":
            old = best[k]
            best[k] = Relation(old.subject, old.predicate, old.object, old.evidence, old.start, old.end,
                               rel.confidence, old.rule)
        elif best[k].rule == "scorer" and rel.confidence > best[k].confidence:
            best[k] = rel
    return sorted(best.values())

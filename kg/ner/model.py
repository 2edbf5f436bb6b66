"""Loading the trained model: one spaCy pipeline, or an ensemble of them with a span relabeler."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
import spacy
from spacy.language import Language

from ..errors import KgError
from .labels import MODEL_DIR
from .layers import _use_numpy_gemm

if TYPE_CHECKING:
    from ..relabel import SpanRelabeler

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

"""Stacked inputs of the tagger: the pipeline's jieba words with their part-of-speech flags, and
LAC's tag of every character (``kg.lac``, Baidu LAC, trained on far more text).

Training computes exactly what the component sees at run time:

* :func:`pipeline_words`: the words and flags of the pipeline's tokenizer
  (:mod:`kg.recognise.tokenizer`: ``kg.segment.cut``, jieba.posseg's output, with the lexicon's
  names added to jieba and joined places cut), read from the text alone;
* :func:`lac_chars`: LAC's best tag path over each line cut into the pieces ``kg_lac`` reads
  (:func:`kg.lac.line_pieces`), one tag id per character (:data:`NO_TAG` between pieces, a line
  break). The paths ``kg_lac`` decoded are remembered per piece (:attr:`kg.lac.LacTagger.paths`),
  so LAC's model runs once over a text for ``kg_lac``, ``kg_tagger`` and ``kg_vote``.

``python -m kg.tagger.stack --data shared/data --out DIR`` computes both for every training
sentence and caches them per corpus in ``DIR/stack/`` (in chunks; a rerun goes on from the
last chunk written).
"""

from __future__ import annotations

import argparse
import logging
import pickle
import time
import zlib
from functools import lru_cache
from pathlib import Path

import numpy

log = logging.getLogger("kg.tagger.stack")
#: the id of a character LAC did not read (a line break)
NO_TAG = 255
#: sentences of a corpus per cached chunk
CHUNK = 10_000
#: new pieces read through LAC at a time (fewer than :data:`kg.lac.KEPT_PATHS`)
_SHARE = 5_000


def pipeline_words(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The pipeline tokenizer's words of a text as ``(start, end)`` spans, and their flags."""
    from .. import segment
    from ..recognise.tokenizer import _prepare_jieba, _split_joined_places

    _prepare_jieba()
    spans, flags, at = [], [], 0
    for word, flag in _split_joined_places(segment.cut(text)):
        spans.append((at, at + len(word)))
        flags.append(flag)
        at += len(word)
    return spans, flags


@lru_cache(maxsize=1)
def _lac_tables() -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per LAC tag id (and :data:`NO_TAG`): a hash of its label, and whether it begins a word."""
    from ..lac import get_tagger

    tags = get_tagger().tags
    label = numpy.zeros(NO_TAG + 1, numpy.int64)
    begins = numpy.ones(NO_TAG + 1, bool)
    for i, (name, first) in tags.items():
        label[i] = zlib.crc32(name.encode()) or 1
        begins[i] = first
    label[NO_TAG] = 2
    return label, begins


def lac_paths(pieces: list[str]) -> list[numpy.ndarray]:
    """LAC's best tag path (``uint8`` ids) of each piece, as ``kg_lac`` decodes it: the paths
    it read lately (:attr:`kg.lac.LacTagger.paths`), the others through
    :meth:`kg.lac.LacTagger.tag_lines` itself, a share at a time, so that its bound on the paths
    it keeps forgets none of them before they are read here."""
    from ..lac import KEPT_PATHS, get_tagger

    tagger = get_tagger()
    got = {p: tagger.paths[p] for p in pieces if p in tagger.paths}
    got[""] = numpy.zeros(0, numpy.uint8)
    missing = list(dict.fromkeys(p for p in pieces if p not in got))
    for k in range(0, len(missing), _SHARE):
        part = missing[k:k + _SHARE]
        if len(tagger.paths) + len(part) > KEPT_PATHS:
            tagger.paths = {}
        tagger.tag_lines(part, frozenset())  # no words wanted: the paths alone
        got.update((p, tagger.paths[p]) for p in part)
    return [got[p] for p in pieces]


def _forget() -> None:
    """Drop the LAC paths remembered (:attr:`kg.lac.LacTagger.paths`)."""
    from ..lac import get_tagger

    get_tagger().paths = {}


def lac_chars_many(texts: list[str]) -> list[numpy.ndarray]:
    """LAC's tag id of every character of each text (:data:`NO_TAG` where it reads none)."""
    from ..lac import line_pieces

    cut = [line_pieces(t) for t in texts]
    paths = iter(lac_paths([p for pieces in cut for _, p in pieces]))
    out = []
    for text, pieces in zip(texts, cut):
        ids = numpy.full(len(text), NO_TAG, numpy.uint8)
        for start, piece in pieces:
            ids[start:start + len(piece)] = next(paths)
        out.append(ids)
    return out


def lac_chars(text: str) -> numpy.ndarray:
    """:func:`lac_chars_many` of one text."""
    return lac_chars_many([text])[0]


def lac_columns(ids: numpy.ndarray) -> numpy.ndarray:
    """Per character of a text's LAC ids, ``(n, 2)``: a hash of LAC's label and the character's
    place in LAC's word (0 single, 1 begin, 2 middle, 3 end; a piece's first character begins a
    word), the features' ``lac`` input (:func:`kg.tagger.features.padded_columns`)."""
    label, begins = _lac_tables()
    ids = ids.astype(numpy.int64)
    first = begins[ids].copy()
    if len(ids):
        first[0] = True
        first |= ids == NO_TAG
    last = numpy.ones(len(ids), bool)
    last[:-1] = first[1:]
    place = numpy.where(first, numpy.where(last, 0, 1), numpy.where(last, 3, 2))
    return numpy.stack([label[ids], place.astype(numpy.int64)], axis=1)


def cached(corpus: str, texts: list[str], folder: Path) -> tuple[list, list]:
    """The pipeline words (spans, flags) and LAC ids of a corpus's sentences, computed in chunks
    of :data:`CHUNK` sentences, each kept in ``folder`` (``CORPUS-K.pkl``) and read back when there."""
    folder.mkdir(parents=True, exist_ok=True)
    words, lac = [], []
    for k in range(0, len(texts), CHUNK):
        path = folder / f"{corpus}-{k // CHUNK}.pkl"
        chunk = texts[k:k + CHUNK]
        if path.is_file():
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
            if stored["chars"] == sum(map(len, chunk)):
                words += stored["words"]
                lac += stored["lac"]
                continue
        began = time.time()
        got_words = [pipeline_words(t) for t in chunk]
        got_lac = lac_chars_many(chunk)
        _forget()
        with open(path.with_suffix(".tmp"), "wb") as handle:
            pickle.dump({"chars": sum(map(len, chunk)), "words": got_words, "lac": got_lac}, handle)
        path.with_suffix(".tmp").replace(path)
        log.info("%s: sentences %d-%d in %.0f s", corpus, k, k + len(chunk), time.time() - began)
        words += got_words
        lac += got_lac
    return words, lac


def main(argv: list[str] | None = None) -> None:
    from .corpora import corpora

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared/data")
    parser.add_argument("--out", type=Path, required=True, help="the training folder (DIR/stack/ is written)")
    parser.add_argument("--only", default="", help="comma-separated corpora (default: all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    only = set(filter(None, args.only.split(",")))
    for name, corpus in corpora(args.data).items():
        if not only or name in only:
            cached(name, [ex.text for ex in corpus], args.out / "stack")


if __name__ == "__main__":
    main()

"""Word clusters for the tagger from unlabelled news: ``python -m kg.tagger.clusters --data DIR --out FILE``.

The text (``DIR/xwlb_clean.txt`` or ``DIR/xwlb_news/xwlb_clean.txt``: broadcast-news transcripts,
internal pretraining only, never shipped) is cut into jieba's words (:func:`kg.tagger.features.jieba_words`,
as the tagger reads them) and each word is read as :func:`kg.tagger.features.normalise` reads it.
Every word seen ``--min-count`` times gets a static vector: the positive pointwise mutual information
of its left and right neighbours (one and two words away, the nearer weighing twice as much,
context counts smoothed to the power 0.75) reduced by a truncated SVD (``U √S``, rows of length 1).
k-means over the vectors gives the finest clusters; k-means over their centres (weighted by the
clusters' word counts) the coarser ones, so the granularities nest like the prefixes of Brown
clusters. ``FILE`` (gzip) holds a line ``word<TAB>coarse<TAB>middle<TAB>fine`` per word.

Each stage writes its result into ``--work`` (words, counts, vectors) and is skipped when it is
there, so a run that stops goes on from its last stage.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import time
from pathlib import Path

import numpy

from .features import jieba_words, normalise

log = logging.getLogger("kg.tagger.clusters")
#: a file's first line
HEADER = "# kg.tagger word clusters: word, then cluster ids from coarse to fine"


def normal_word(word: str) -> str:
    """A word as the tagger's features read it (full-width as ASCII, every digit as 0)."""
    return "".join(map(chr, map(normalise, word)))


def source(data: Path) -> Path:
    """The corpus file under ``data`` (the corpus folder itself or the shared data folder)."""
    for path in (data / "xwlb_clean.txt", data / "xwlb_news" / "xwlb_clean.txt", data):
        if path.is_file():
            return path
    raise FileNotFoundError(f"no xwlb_clean.txt under {data}")


def segment(corpus: Path, work: Path) -> Path:
    """jieba's words of every line, space-separated, one line per line (``work/words.txt``)."""
    out = work / "words.txt"
    if out.is_file():
        return out
    tmp = work / "words.tmp"
    began = time.time()
    with corpus.open(encoding="utf-8") as lines, tmp.open("w", encoding="utf-8") as sink:
        for k, line in enumerate(lines):
            line = line.strip()
            if line:
                words = [normal_word(line[s:e]) for s, e in jieba_words(line)]
                sink.write(" ".join(w for w in words if w.strip()) + "\n")
            if k % 20000 == 0:
                log.info("segmented %d lines, %.0f s", k, time.time() - began)
    tmp.replace(out)
    return out


def cooccurrences(words_file: Path, min_count: int, contexts: int, window: int = 2):
    """The vocabulary (words seen ``min_count`` times, most frequent first), its counts, and a
    sparse matrix (words × 2·``contexts``) of weighted counts of the ``contexts`` most frequent
    words to the left (first half of the columns) and to the right (second half)."""
    from collections import Counter

    from scipy import sparse

    with words_file.open(encoding="utf-8") as source_lines:
        lines = [line.split() for line in source_lines]
    counts = Counter(w for line in lines for w in line)
    vocab = [w for w, n in counts.most_common() if n >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    ids = numpy.concatenate([numpy.array([index.get(w, -1) for w in line] + [-2] * window, numpy.int64)
                             for line in lines if line])
    rows, cols, vals = [], [], []
    for distance in range(1, window + 1):
        weight = 1.0 / distance
        left, right = ids[:-distance], ids[distance:]
        for target, context, side in ((right, left, 0), (left, right, contexts)):
            keep = (target >= 0) & (context >= 0) & (context < contexts)
            rows.append(target[keep])
            cols.append(context[keep] + side)
            vals.append(numpy.full(int(keep.sum()), weight, numpy.float32))
    matrix = sparse.coo_matrix((numpy.concatenate(vals), (numpy.concatenate(rows), numpy.concatenate(cols))),
                               shape=(len(vocab), 2 * contexts)).tocsr()
    matrix.sum_duplicates()
    return vocab, numpy.array([counts[w] for w in vocab]), matrix


def ppmi_vectors(matrix, dims: int, seed: int = 0) -> numpy.ndarray:
    """Rows of length 1: ``U √S`` of the truncated SVD of the matrix's positive PMI (context
    counts smoothed to the power 0.75)."""
    from sklearn.utils.extmath import randomized_svd

    matrix = matrix.tocoo()
    total = matrix.sum()
    rows = numpy.asarray(matrix.sum(axis=1)).ravel()
    cols = numpy.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    cols = cols / cols.sum()
    pmi = numpy.log(matrix.data / total) - numpy.log(rows[matrix.row] / total) - numpy.log(cols[matrix.col])
    keep = pmi > 0
    from scipy import sparse

    ppmi = sparse.csr_matrix((pmi[keep], (matrix.row[keep], matrix.col[keep])), shape=matrix.shape)
    u, s, _ = randomized_svd(ppmi, dims, n_iter=4, random_state=seed)
    vectors = u * numpy.sqrt(s)
    return vectors / numpy.maximum(numpy.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def nested_clusters(vectors: numpy.ndarray, counts: numpy.ndarray, sizes: tuple[int, ...],
                    seed: int = 0) -> numpy.ndarray:
    """Cluster ids ``(words, len(sizes))``, coarse to fine: k-means into the finest ``sizes[-1]``
    (words weighted by the log of their counts), then each coarser level k-means over the finer
    level's centres, scaled to length 1 and weighted by their numbers of words."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    fine = MiniBatchKMeans(sizes[-1], random_state=seed, batch_size=4096, n_init=3, max_iter=200)
    fine.fit(vectors, sample_weight=numpy.log1p(counts))
    out = numpy.zeros((len(vectors), len(sizes)), numpy.int64)
    out[:, -1] = labels = fine.predict(vectors)
    centres = fine.cluster_centers_
    weights = numpy.bincount(labels, minlength=len(centres)).astype(float)
    for level in range(len(sizes) - 2, -1, -1):
        centres = centres / numpy.maximum(numpy.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
        coarse = KMeans(sizes[level], random_state=seed, n_init=4).fit(centres, sample_weight=weights + 1e-3)
        out[:, level] = coarse.labels_[out[:, level + 1]]
        centres = coarse.cluster_centers_
        weights = numpy.bincount(coarse.labels_, weights=weights, minlength=len(centres))
    return out


def write(path: Path, vocab: list[str], ids: numpy.ndarray) -> None:
    """``path`` (gzip text): :data:`HEADER`, then ``word<TAB>id<TAB>id…`` per word."""
    lines = [HEADER] + [w + "\t" + "\t".join(map(str, row)) for w, row in zip(vocab, ids.tolist())]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as sink:
        sink.write("\n".join(lines) + "\n")


def read(path: str | Path) -> dict[str, tuple[int, ...]]:
    """A clusters file's ``word -> (coarse, …, fine)``.

    >>> import tempfile; f = Path(tempfile.mkdtemp()) / "c.tsv.gz"
    >>> write(f, ["北辰", "00年"], numpy.array([[1, 5], [0, 2]])); read(f)["00年"]
    (0, 2)
    """
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#"):
                word, *ids = line.rstrip("\n").split("\t")
                out[word] = tuple(map(int, ids))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="xwlb_news (or shared/data)")
    parser.add_argument("--out", type=Path, required=True, help="clusters file to write (.tsv.gz)")
    parser.add_argument("--work", type=Path, default=None, help="stage results (default: OUT's name + .work)")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--contexts", type=int, default=30000, help="most frequent words used as contexts")
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--sizes", default="64,256,1024", help="cluster counts, coarse to fine")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    work = args.work or args.out.with_name(args.out.name + ".work")
    work.mkdir(parents=True, exist_ok=True)
    words = segment(source(args.data), work)
    stored = work / f"vectors-{args.min_count}-{args.contexts}-{args.dims}.npz"
    if stored.is_file():
        with numpy.load(stored) as s:
            vocab, counts, vectors = s["vocab"].tolist(), s["counts"], s["vectors"]
    else:
        vocab, counts, matrix = cooccurrences(words, args.min_count, args.contexts)
        log.info("%d words, co-occurrence matrix %s with %d cells", len(vocab), matrix.shape, matrix.nnz)
        vectors = ppmi_vectors(matrix, args.dims)
        numpy.savez(stored, vocab=numpy.array(vocab), counts=counts, vectors=vectors.astype(numpy.float32))
    log.info("vectors %s", vectors.shape)
    ids = nested_clusters(vectors, counts, tuple(int(s) for s in args.sizes.split(",")))
    write(args.out, vocab, ids)
    log.info("wrote %s (%d words, %d bytes)", args.out, len(vocab), args.out.stat().st_size)


if __name__ == "__main__":
    main()

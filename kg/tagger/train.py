"""Train the tagger: ``python -m kg.tagger.train --data /work/shared/data --out DIR``.

A latent structured perceptron with averaged weights, in mini-batches: for each sentence the
predicted path is compared with the best path consistent with the partial annotation
(:func:`kg.tagger.corpora.allowed_tags`: inside an annotated span its tags, elsewhere ``O``
or any label the corpus does not annotate), and where they differ the weights move towards
the consistent path. The features of every sentence are computed once (``DIR/features.npz``);
each epoch writes a checkpoint (``DIR/checkpoint.npz``, resumed from when it exists) and the
averaged model (``DIR/tagger.npz``), and logs its errors and the model's MSRA-test F1.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import time
from pathlib import Path

import numpy

from .corpora import allowed_tags, corpora
from .features import concatenate, features, jieba_words, padded_columns
from .score import score
from .stack import NO_TAG, cached, lac_columns
from .clusters import read as read_clusters
from .model import HARD_FIRST, HARD_LAST, HARD_TRANS, MODELS, NUM_TAGS, TaggerModel, viterbi

log = logging.getLogger("kg.tagger.train")
_NEG = numpy.float32(-1e9)
#: the stacked inputs of ``--stack``'s default
DEFAULT_STACK = "pos,lac"


def arrays(examples, size: int, clusters: dict[str, tuple[int, ...]] | None = None,
           stacked: tuple[list, list] | None = None, stack: tuple[str, ...] = ()) -> dict[str, numpy.ndarray]:
    """Features ``(chars, K)``, allowed tags ``(chars, T)`` and lengths of sentences (with
    ``clusters``, :func:`kg.tagger.features.cluster_columns` among the features). Without
    ``stacked`` the words are :func:`jieba_words`; with it (each sentence's pipeline words and
    flags, and LAC's ids, :func:`kg.tagger.stack.cached`) those words, and the inputs ``stack``
    names (``pos``, ``lac``) among the features."""
    texts, masks = [], []
    for ex in examples:
        texts.append(ex.text)
        masks.append(allowed_tags(ex))
    if stacked is None:
        parts = [padded_columns(t, jieba_words(t), clusters) for t in texts]
    else:
        parts = [padded_columns(t, spans, clusters, flags if "pos" in stack else None,
                                lac_columns(ids) if "lac" in stack else None)
                 for t, (spans, flags), ids in zip(texts, *stacked)]
    columns, starts = concatenate(parts)
    feats = features(columns, size)
    lengths = numpy.array([len(t) for t in texts], numpy.int64)
    keep = numpy.concatenate([numpy.arange(s, s + n) for s, n in zip(starts, lengths)])
    return {"feats": feats[keep], "mask": numpy.concatenate(masks), "lengths": lengths, "size": numpy.array(size)}


def prepare(data: Path, out: Path, size: int, only: set[str] | None = None,
            clusters: Path | None = None, stack: tuple[str, ...] = (), hidden: float = 0.0) -> dict[str, numpy.ndarray]:
    """:func:`arrays` of every training sentence, computed once (``out/features.npz``; the
    clusters file's name and the stacked inputs are kept in it, and a cache made otherwise is
    refused). With ``stack`` the pipeline's words, their flags and LAC's tags are read from
    (or first written to) ``out/stack/`` (:func:`kg.tagger.stack.cached`); LAC's tags of a
    share ``hidden`` of the sentences (drawn with seed 0) read as none, so that the other
    features learn to stand without them."""
    cache = out / "features.npz"
    name, stacked = clusters.name if clusters else "", ",".join(stack) + (f";hidden={hidden}" if hidden else "")
    if cache.is_file():
        with numpy.load(cache) as stored:
            result = dict(stored)
        made = (str(result.get("clusters", "")), str(result.get("stack", "")))
        if made != (name, stacked):
            raise SystemExit(f"{cache} was made with clusters, stack {made}, not {(name, stacked)}")
        return result
    examples, inputs = [], ([], [])
    for corpus_name, corpus in corpora(data).items():
        if not only or corpus_name in only:
            read = list(corpus)
            examples += read
            if stack:
                words, lac = cached(corpus_name, [ex.text for ex in read], out / "stack")
                inputs[0].extend(words)
                inputs[1].extend(lac)
            log.info("read %s: %d sentences so far", corpus_name, len(examples))
    if hidden:
        drawn = numpy.random.default_rng(0).random(len(inputs[1])) < hidden
        inputs[1][:] = [numpy.full(len(ids), NO_TAG, numpy.uint8) if hide else ids for ids, hide in zip(inputs[1], drawn)]
    result = arrays(examples, size, read_clusters(clusters) if clusters else None, inputs if stack else None, stack)
    result["clusters"] = numpy.array(name)
    result["stack"] = numpy.array(stacked)
    numpy.savez(cache, **result)
    log.info("features %s written to %s", result["feats"].shape, cache)
    return result


def train(data: dict[str, numpy.ndarray], epochs: int, batch: int = 32, trainer: "Trainer | None" = None,
          after_epoch=None) -> "Trainer":
    """Run (or go on with) training over :func:`arrays` for ``epochs`` epochs in all."""
    feats, mask, lengths = data["feats"], data["mask"], data["lengths"]
    offsets = numpy.cumsum(lengths) - lengths
    trainer = trainer or Trainer(int(data["size"]))
    while trainer.epoch < epochs:
        began = time.time()
        rng = numpy.random.default_rng(trainer.epoch)
        errors = sum(trainer.batch(feats, mask, offsets[ids], lengths[ids]) for ids in batches(lengths, batch, rng))
        trainer.epoch += 1
        if after_epoch:
            after_epoch(trainer, errors, time.time() - began)
    return trainer


class Trainer:
    """Weights, their running sums for averaging, and one mini-batch step."""

    def __init__(self, size: int, clusters: Path | None = None, stack: tuple[str, ...] = ()) -> None:
        self.clusters = clusters  # the clusters file the features read (None: none)
        self.stack = stack  # the stacked inputs the features read
        self.w = numpy.zeros((size, NUM_TAGS), numpy.float32)
        self.u = numpy.zeros((size, NUM_TAGS), numpy.float64)
        self.trans = numpy.zeros((NUM_TAGS, NUM_TAGS), numpy.float64)
        self.trans_u = numpy.zeros_like(self.trans)
        self.ends = numpy.zeros((2, NUM_TAGS), numpy.float64)  # first, last
        self.ends_u = numpy.zeros_like(self.ends)
        self.step = 1
        self.epoch = 0

    def state(self) -> dict[str, numpy.ndarray]:
        return {"w": self.w, "u": self.u, "trans": self.trans, "trans_u": self.trans_u, "ends": self.ends,
                "ends_u": self.ends_u, "step": numpy.array(self.step), "epoch": numpy.array(self.epoch)}

    def restore(self, path: Path) -> None:
        with numpy.load(path) as s:
            self.w, self.u, self.trans, self.trans_u = s["w"], s["u"], s["trans"], s["trans_u"]
            self.ends, self.ends_u, self.step, self.epoch = s["ends"], s["ends_u"], int(s["step"]), int(s["epoch"])

    def averaged(self) -> TaggerModel:
        c = float(self.step)
        clusters = read_clusters(self.clusters) if self.clusters else None
        return TaggerModel((self.w - self.u / c).astype(numpy.float32), self.trans - self.trans_u / c,
                           self.ends[0] - self.ends_u[0] / c, self.ends[1] - self.ends_u[1] / c,
                           clusters, self.clusters.name if self.clusters else "", self.stack)

    def batch(self, feats: numpy.ndarray, mask: numpy.ndarray, offsets: numpy.ndarray,
              lengths: numpy.ndarray) -> int:
        """One update over sentences at ``offsets`` (into the char arrays); returns the number of
        sentences whose prediction broke their annotation."""
        batch, longest = len(offsets), int(lengths.max())
        rows = numpy.repeat(numpy.arange(batch), lengths)
        cols = numpy.arange(len(rows)) - numpy.repeat(numpy.cumsum(lengths) - lengths, lengths)
        idx = numpy.repeat(offsets, lengths) + cols
        f = feats[idx]
        emissions = numpy.zeros((batch, longest, NUM_TAGS), numpy.float32)
        emissions[rows, cols] = self.w[f].sum(axis=1)
        trans = self.trans + HARD_TRANS
        first, last = self.ends[0] + HARD_FIRST, self.ends[1] + HARD_LAST
        pred = viterbi(emissions, lengths, trans, first, last)
        allowed = numpy.zeros((batch, longest, NUM_TAGS), bool)
        allowed[rows, cols] = mask[idx]
        fine = allowed[rows, cols, pred[rows, cols]]
        wrong = numpy.ones(batch, bool)
        wrong[rows[~fine]] = False
        wrong = ~wrong
        if wrong.any():
            gold = viterbi(numpy.where(allowed, emissions, _NEG), lengths, trans, first, last)
            self._update(f, rows, cols, gold, pred, wrong, lengths)
        self.step += 1
        return int(wrong.sum())

    def _update(self, f, rows, cols, gold, pred, wrong, lengths) -> None:
        c = self.step
        g, p = gold[rows, cols], pred[rows, cols]
        diff = (g != p) & wrong[rows]
        fd = f[diff]
        for tags, sign in ((g[diff], 1.0), (p[diff], -1.0)):
            ix = (fd, numpy.broadcast_to(tags[:, None], fd.shape))
            numpy.add.at(self.w, ix, sign)
            numpy.add.at(self.u, ix, sign * c)
        for b in numpy.flatnonzero(wrong):
            n = lengths[b]
            for path, sign in ((gold[b, :n], 1.0), (pred[b, :n], -1.0)):
                numpy.add.at(self.trans, (path[:-1], path[1:]), sign)
                numpy.add.at(self.trans_u, (path[:-1], path[1:]), sign * c)
                self.ends[0, path[0]] += sign
                self.ends_u[0, path[0]] += sign * c
                self.ends[1, path[-1]] += sign
                self.ends_u[1, path[-1]] += sign * c


def batches(lengths: numpy.ndarray, size: int, rng: numpy.random.Generator) -> list[numpy.ndarray]:
    """Sentence ids in mini-batches of similar length, in a random order."""
    order = rng.permutation(len(lengths))
    out = []
    for k in range(0, len(order), size * 64):
        chunk = order[k:k + size * 64]
        chunk = chunk[numpy.argsort(lengths[chunk], kind="stable")]
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="shared/data")
    parser.add_argument("--out", type=Path, required=True, help="work folder (features, checkpoints, model)")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--buckets", type=int, default=1 << 20)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--only", default="", help="comma-separated corpora (default: all)")
    parser.add_argument("--clusters", default="",
                        help="word clusters (python -m kg.tagger.clusters; default: the shipped ones if there are; none: no cluster features)")
    parser.add_argument("--stack", default=DEFAULT_STACK,
                        help="stacked inputs among the features, comma-separated: pos (the words' flags), lac "
                             "(LAC's tags); none: neither, and jieba.cut's words (default: %(default)s)")
    parser.add_argument("--lac-hidden", type=float, default=0.0,
                        help="share of the sentences whose LAC tags are hidden in training (default: %(default)s)")
    args = parser.parse_args(argv)
    stack = tuple(x for x in args.stack.split(",") if x in ("pos", "lac"))
    args.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    shipped = MODELS / "clusters.tsv.gz"
    clusters = Path(args.clusters) if args.clusters not in ("", "none") else shipped if not args.clusters and shipped.is_file() else None
    if clusters:  # the model names the file; it is read beside the weights
        if not clusters.is_file():
            raise SystemExit(f"no clusters file {clusters} (--clusters none trains without)")
        if clusters.resolve() != (args.out / clusters.name).resolve():
            shutil.copyfile(clusters, args.out / clusters.name)
        clusters = args.out / clusters.name
    data = prepare(args.data, args.out, args.buckets, set(filter(None, args.only.split(","))), clusters, stack,
                   args.lac_hidden)
    trainer = Trainer(int(data["size"]), clusters, stack)
    checkpoint = args.out / "checkpoint.npz"
    if checkpoint.is_file():
        trainer.restore(checkpoint)
        log.info("resumed after epoch %d", trainer.epoch)

    def save(trainer: Trainer, errors: int, seconds: float) -> None:
        numpy.savez(args.out / "checkpoint.tmp.npz", **trainer.state())
        (args.out / "checkpoint.tmp.npz").replace(checkpoint)
        model = trainer.averaged()
        model.save(args.out / "tagger.npz")
        f1 = score(model, args.data / "msra_ner/msra_test_bio")["overall"]["f"]
        log.info("epoch %d: %d of %d sentences wrong, %.0f s, MSRA test F1 %.4f",
                 trainer.epoch, errors, len(data["lengths"]), seconds, f1)

    train(data, args.epochs, args.batch, trainer, save)

if __name__ == "__main__":
    main()

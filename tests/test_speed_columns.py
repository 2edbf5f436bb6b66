"""The tagger's columns of many texts at once and its emission scores by column give what the
plain ways give: text by text (``padded_columns`` + ``concatenate``), and the (n, K, T) sum
(invented texts, words, clusters)."""

from __future__ import annotations

import numpy
import pytest

from kg.tagger.features import concatenate, features, jieba_words, padded_columns, texts_columns

TEXTS = ["星河科技的林一帆在青藤市发布了X9手机。", "", "ＡＢ１２　北辰集团２０１９年", "云岭大学校长吴清禾说：“好！”",
         "x", "飞鱼T3 Pro将在秋季上市！"]


def _words(texts, gaps: bool):
    """jieba's words of each text; with ``gaps``, every third word left out (a gap between words)."""
    return [[w for k, w in enumerate(jieba_words(t)) if not gaps or k % 3 != 1] for t in texts]


def _clusters(texts) -> dict[str, tuple[int, ...]]:
    """Invented three-level clusters of some of the texts' words (as normalise reads them)."""
    words = {t[s:e] for t in texts for s, e in jieba_words(t)}
    return {w: (len(w) % 3, len(w) % 5 + 1, hash(w) % 7) for k, w in enumerate(sorted(words)) if k % 2}


@pytest.mark.parametrize("gaps", [False, True])
@pytest.mark.parametrize("stacked", [False, True])
@pytest.mark.parametrize("clustered", [False, True])
def test_columns_of_many_texts_are_the_plain_ones(gaps, stacked, clustered):
    words = _words(TEXTS, gaps)
    clusters = _clusters(TEXTS) if clustered else None
    flags = [[("n", "v", "nr", "x")[k % 4] for k in range(len(w))] for w in words] if stacked else None
    rng = numpy.random.default_rng(1)
    lac = [rng.integers(0, 9, (len(t), 2)) for t in TEXTS] if stacked else None
    none = [None] * len(TEXTS)
    plain, plain_starts = concatenate([padded_columns(t, w, clusters, f, l) for t, w, f, l
                                       in zip(TEXTS, words, flags or none, lac or none)])
    fast, starts = texts_columns(TEXTS, words, clusters, flags, lac)
    assert starts.tolist() == plain_starts.tolist()
    assert sorted(fast) == sorted(plain)
    for key, column in plain.items():
        assert fast[key].dtype == column.dtype and fast[key].tolist() == column.tolist(), key


def test_columns_of_overlapping_words_go_the_plain_way():
    words = [[(0, 3), (2, 5)], [], [(0, 2)], [], [], []]
    plain, _ = concatenate([padded_columns(t, w) for t, w in zip(TEXTS, words)])
    fast, _ = texts_columns(TEXTS, words)
    assert all(fast[key].tolist() == column.tolist() for key, column in plain.items())


def test_scores_by_column_are_the_sums_of_the_gathered_rows():
    from kg.tagger.model import NUM_TAGS, TaggerModel

    rng = numpy.random.default_rng(2)
    emission = rng.normal(0, 3, (1 << 12, NUM_TAGS)).astype(numpy.float16).astype(numpy.float32)
    zeros = numpy.zeros(NUM_TAGS, numpy.float32)
    model = TaggerModel(emission, numpy.zeros((NUM_TAGS, NUM_TAGS), numpy.float32), zeros, zeros)
    columns, _ = texts_columns(TEXTS, _words(TEXTS, False))
    feats = features(columns, model.size)
    assert numpy.array_equal(model.scores(feats), emission[feats].sum(axis=1, dtype=numpy.float32))

"""The faster decoding gives the same figures as the plain one: LAC's pruned, batched Viterbi and
batched marginals, and the tagger's batched features and filtered spans (invented names only)."""

from __future__ import annotations

import numpy
import pytest

from kg.tagger.component import _PRODUCT_CODE, load_model, tagger_spans
from kg.tagger.features import jieba_words, text_features, texts_features

LINES = ["星河科技的林一帆在青藤市发布了X9手机。", "北辰集团与云岭大学签约。", "", "好。",
         "林一帆说，飞鱼T3 Pro和Zeta 5将在秋季上市，售价2999元！"]


def _plain_viterbi(emissions: numpy.ndarray, transitions: numpy.ndarray) -> list[int]:
    """The textbook Viterbi of one line (every tag tried at every step; first tag on a tie)."""
    score = emissions[0]
    back = []
    for row in emissions[1:]:
        total = score[:, None] + transitions
        best = total.argmax(axis=0)
        score = total[best, numpy.arange(len(best))] + row
        back.append(best)
    path = [int(score.argmax())]
    for best in reversed(back):
        path.append(int(best[path[-1]]))
    return path[::-1]


@pytest.fixture(scope="module")
def lac():
    from kg.lac import get_tagger

    return get_tagger()


def test_lac_lines_together_give_the_figures_of_one_at_a_time(lac):
    together = lac.tag_lines(LINES)
    assert together == [lac.tag(line) for line in LINES]
    assert together[2] == [] and together[0]
    labels = frozenset({"PER", "LOC", "ORG"})
    only = lac.tag_lines(LINES, labels)
    assert only == [[w for w in words if w[2] in labels] for words in together]
    assert any(only)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lac_pruned_viterbi_is_the_plain_one_ties_included(lac, seed):
    rng = numpy.random.default_rng(seed)
    tags = lac.transitions.shape[0]
    lengths = numpy.array([1, 7, 30, 12])
    # whole numbers make ties between tags common; the first tag must win them as in the plain one
    emissions = numpy.rint(rng.normal(0, 3, (len(lengths), lengths.max(), tags))).astype(numpy.float32)
    paths = lac._viterbi(emissions, lengths)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == _plain_viterbi(emissions[row, :n], lac.transitions)


def test_lac_pruned_viterbi_takes_the_first_tag_on_a_tie(lac):
    import copy

    flat = copy.copy(lac)  # no transition scores: every equal score is a tie
    flat.transitions = numpy.zeros_like(lac.transitions)
    flat.spread = 0.01
    rng = numpy.random.default_rng(3)
    lengths = numpy.array([9, 4])
    emissions = rng.integers(0, 3, (2, 9, lac.transitions.shape[0])).astype(numpy.float32)
    paths = flat._viterbi(emissions, lengths)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == _plain_viterbi(emissions[row, :n], flat.transitions)


def test_tagger_features_of_several_texts_are_each_texts_own():
    texts = ["林一帆在青藤市", "", "X9发布"]
    words = [jieba_words(t) for t in texts]
    for many, text, w in zip(texts_features(texts, words, 1 << 12), texts, words):
        assert numpy.array_equal(many, text_features(text, w, 1 << 12))


def test_tagger_spans_of_some_labels_are_the_filtered_spans_with_the_same_confidences():
    model = load_model()
    text = "\n".join(LINES) * 3
    words = jieba_words(text)
    every = tagger_spans(text, words, model, 20.0, ("EVT",))
    some = tagger_spans(text, words, model, 20.0, ("EVT",), _PRODUCT_CODE, frozenset({"PRO"}))
    coded = [s for s in every if s[2] == "PRO" and _PRODUCT_CODE.search(text[s[0]:s[1]])]
    assert coded and [s for s in some if _PRODUCT_CODE.search(text[s[0]:s[1]])] == coded
    assert {s[2] for s in some} == {"PRO"}


def test_tagger_vectorised_codes_and_types_are_the_scalar_ones_on_every_character():
    from kg.tagger.features import char_type, char_types, normalise, normalise_codes

    codes = list(range(1, 0xD800)) + list(range(0xE000, 0x10000)) + [0xD83D, 0x1F600, 0x20000]
    text = "".join(map(chr, codes))
    normalised = normalise_codes(text)
    assert normalised.tolist() == [normalise(c) for c in text]
    assert char_types(normalised).tolist() == [char_type(c) for c in normalised.tolist()]


def test_lac_viterbi_of_lines_with_one_tag_near_the_best_beside_lines_with_several(lac):
    """At a step some lines have one tag near their best (taken at once) and others several
    (weighed one by one): each line's path is the plain one."""
    rng = numpy.random.default_rng(7)
    tags = lac.transitions.shape[0]
    lengths = numpy.array([20, 20, 9, 20])
    emissions = numpy.rint(rng.normal(0, 3, (len(lengths), 20, tags))).astype(numpy.float32)
    emissions[[0, 2]] = rng.normal(0, 1, (2, 20, tags)).astype(numpy.float32)
    emissions[0, :, 5] += 100.0  # a line whose best tag stands far above the others at every step
    emissions[2, :, 11] += 100.0
    paths = lac._viterbi(emissions, lengths)
    for row, n in enumerate(lengths):
        assert paths[row, :n].tolist() == _plain_viterbi(emissions[row, :n], lac.transitions)
    assert paths[0].tolist() == [5] * 20

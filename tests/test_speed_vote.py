"""The vote's tagger pass batched across Docs, forward-backward as matrix products and the
product gazetteer's pre-filter give what the plain ways give (invented names)."""

from __future__ import annotations

import numpy
import pytest

from kg.records import Article

TEXTS = ["星河科技的林一帆在青藤市发布了X9手机。\n北辰集团与云岭大学签约。",
         "记者周明远报道。\n\n云岭大学校长吴清禾在青藤市出席了会议。",
         "北辰集团与云岭大学签约。林一帆说，飞鱼T3 Pro将在秋季上市！",
         "青藤市公安局通报：市民王小禾在白沙湾游泳时获救。"]


def _exact(emissions, lengths, trans, first, last):
    """The log-sum-exp recursion of forward-backward, one step at a time (the reference)."""
    from kg.tagger.model import _logsumexp

    batch, longest, tags = emissions.shape
    alpha = numpy.empty((batch, longest, tags))
    beta = numpy.empty((batch, longest, tags))
    alpha[:, 0] = emissions[:, 0] + first
    for t in range(1, longest):
        alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + trans[None], 1) + emissions[:, t]
    beta[:, longest - 1] = last
    for t in range(longest - 2, -1, -1):
        inner = _logsumexp(trans[None] + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :], 2)
        beta[:, t] = numpy.where((t + 1 < lengths)[:, None], inner, last)
    return alpha, beta, _logsumexp(alpha[numpy.arange(batch), lengths - 1] + last, 1)


@pytest.mark.parametrize("spread", [1.0, 30.0, 400.0])
def test_forward_backward_by_matrix_products_is_the_log_sum_exp_one(spread):
    from kg.tagger.component import load_model
    from kg.tagger.model import NUM_TAGS, _NEG, forward_backward, tag_index

    model = load_model("")
    rng = numpy.random.default_rng(int(spread))
    emissions = rng.normal(0, spread, (6, 25, NUM_TAGS))
    emissions[:3, :, [tag_index(p, "EVT") for p in "BIES"]] = _NEG  # a label ruled out (direct mode)
    emissions /= 20.0
    lengths = numpy.array([25, 1, 7, 25, 13, 2])
    args = (emissions, lengths, model.trans.astype(numpy.float64) / 20, model.first / 20, model.last / 20)
    alpha, beta, log_z = forward_backward(*args)
    alpha0, beta0, log_z0 = _exact(*args)
    inside = numpy.arange(25)[None, :] < lengths[:, None]
    sure = alpha0[inside] > _NEG / 40  # the ruled-out tags' figures are as good as minus infinity
    assert numpy.allclose(alpha[inside][sure], alpha0[inside][sure], rtol=1e-12, atol=1e-9)
    assert numpy.allclose(beta[inside], beta0[inside], rtol=1e-12, atol=1e-9)
    assert numpy.allclose(log_z, log_z0, rtol=1e-12, atol=1e-9)
    assert numpy.isfinite(alpha[inside]).all()  # an underflow was taken the exact way


def test_the_vote_of_a_pipe_is_the_vote_of_one_doc_at_a_time():
    from kg.nlp import analyse, analyse_many, get_pipeline

    nlp = get_pipeline()
    if "kg_vote" not in nlp.pipe_names:
        pytest.skip("kg_vote is off")
    articles = [Article(f"v{k}.txt", f"v{k}", text, text.split("\n")[0]) for k, text in enumerate(TEXTS)]
    alone = [analyse(a, nlp) for a in articles]
    piped = [doc for _, doc in analyse_many(articles, nlp, batch_size=3)]
    assert [d.user_data["kg_vote"] for d in piped] == [d.user_data["kg_vote"] for d in alone]
    assert all(s[2] in ("PER", "LOC", "ORG") for d in piped for s in d.user_data["kg_vote"])
    assert any(d.user_data["kg_vote"] for d in piped)
    assert [[(e.key, e.label) for e in d._.kg_entities] for d in piped] \
        == [[(e.key, e.label) for e in d._.kg_entities] for d in alone]


def test_name_shape_is_the_same_from_its_cache_and_follows_jieba_s_dictionary():
    import jieba

    from kg.recognise.vote import name_shape

    names = [("柳青禾", "Person"), ("江绕行", "Place"), ("星河湾", "Place"), ("老婆", "Person")]
    first = [name_shape(n, c) for n, c in names]
    assert [name_shape(n, c) for n, c in names] == first == [True, False, True, False]
    jieba.add_word("柳青禾", freq=100000, tag="v")  # now read as one verb: no person's name
    try:
        assert [name_shape(n, c) for n, c in names] == [False, False, True, False]
    finally:
        jieba.del_word("柳青禾")


def _plain_find(text, tokens, hashes, most):
    """The gazetteer's matcher without its pre-filter: every run hashed."""
    from kg.recognise.mine_products import name_hash

    spans, i = [], 0
    while i < len(tokens):
        start = tokens[i][0]
        for j in range(min(len(tokens), i + most) - 1, i - 1, -1):
            end = tokens[j][1]
            if text[start:end].strip() and not text[end - 1].isspace() and name_hash(text[start:end]) in hashes:
                spans.append((start, end))
                i = j
                break
        i += 1
    return spans


def test_the_gazetteer_s_pre_filter_finds_what_hashing_every_run_finds():
    from kg.recognise.gazetteer import find_products
    from kg.recognise.mine_products import _NAME, name_hash

    words = ["新款", "星澜", "GX9", " ", "Pro", "，", "飞鱼", "T3", "&", "Go", "（", "云帆", "）", "\n", "星澜", "GX9"]
    text, tokens, at = "".join(words), [], 0
    for w in words:
        tokens.append((at, at + len(w), w, "x"))
        at += len(w)
    # the mined names all have the shape of mine_products._NAME (no bracket, comma or line end)
    names = ["星澜", "星澜GX9", "星澜GX9 Pro", "飞鱼T3&Go", "云帆", "GX9 Pro"]
    assert all(_NAME.fullmatch(n) for n in names)
    hashes = frozenset(name_hash(n) for n in names)
    found = [text[s:e] for s, e in find_products(text, tokens, hashes, 6)]
    assert found == [text[s:e] for s, e in _plain_find(text, tokens, hashes, 6)]
    assert found == ["星澜GX9 Pro", "飞鱼T3&Go", "云帆", "星澜GX9"]
    short = [text[s:e] for s, e in find_products(text, tokens, hashes, 2)]  # runs of two words at most
    assert short == [text[s:e] for s, e in _plain_find(text, tokens, hashes, 2)] == ["星澜GX9", "云帆", "星澜GX9"]

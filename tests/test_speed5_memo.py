"""kg_tagger and kg_vote read each piece's scores and best path once a Doc (a memo): what a
second reading gives back is what a fresh one computes (invented names)."""

from __future__ import annotations

import pytest

from kg.records import Article

TEXTS = ["星河科技的林一帆在青藤市发布了X9手机。\n北辰集团与云岭大学签约。",
         "记者周明远报道。\n\n云岭大学校长吴清禾在青藤市出席了会议，飞鱼T3 Pro将在秋季上市！",
         "青藤市公安局通报：市民王小禾在白沙湾游泳时获救。"]


def _words(text):
    from kg.tagger.stack import pipeline_words

    spans, flags = pipeline_words(text)
    return [(s, e, f) for (s, e), f in zip(spans, flags)]


def test_a_memo_filled_by_the_product_reading_gives_the_vote_s_spans_a_fresh_reading_gives():
    from kg.recognise.vote import _LABELS
    from kg.tagger.component import _PRODUCT_CODE, TEMPERATURE, load_model, tagger_spans_many

    model = load_model("")
    words = [_words(t) for t in TEXTS]
    fresh_products = tagger_spans_many(TEXTS, words, model, TEMPERATURE, keep=_PRODUCT_CODE,
                                       labels=frozenset({"PRO"}))
    fresh_vote = tagger_spans_many(TEXTS, words, model, TEMPERATURE, labels=_LABELS)
    memos = [{} for _ in TEXTS]
    products = tagger_spans_many(TEXTS, words, model, TEMPERATURE, keep=_PRODUCT_CODE,
                                 labels=frozenset({"PRO"}), memos=memos)
    read_first = {k for memo in memos for k in memo if isinstance(k, tuple)}
    assert products == fresh_products
    assert read_first and all(len(k) == 3 for k in read_first)
    vote = tagger_spans_many(TEXTS, words, model, TEMPERATURE, labels=_LABELS, memos=memos)
    assert vote == fresh_vote
    assert any(vote) and all(s[2] in _LABELS and 0.0 < s[3] <= 1.0 for spans in vote for s in spans)
    # the vote read every piece: more than the product reading's (those with a model's code)
    assert {k for memo in memos for k in memo if isinstance(k, tuple)} > read_first
    # a memo's figures are given back, not computed again: a changed score changes the path
    key = next(k for k in sorted(read_first, key=lambda k: k[1]) if "X9" in k[2])
    memo = next(m for m in memos if key in m)
    scored = memo[key]["scored"].copy()
    memo[key]["scored"][:] = 0.0
    del memo[key][("spans", ())]
    again = tagger_spans_many(TEXTS, words, model, TEMPERATURE, keep=_PRODUCT_CODE,
                              labels=frozenset({"PRO"}), memos=memos)
    memo[key]["scored"][:] = scored
    assert again != fresh_products


def test_the_pipeline_s_vote_is_a_fresh_reading_and_leaves_no_memo():
    from kg.nlp import analyse, get_pipeline
    from kg.recognise.vote import Vote

    nlp = get_pipeline()
    if "kg_vote" not in nlp.pipe_names or "kg_tagger" not in nlp.pipe_names:
        pytest.skip("kg_tagger or kg_vote is off")
    docs = [analyse(Article(f"m{k}.txt", f"m{k}", t, t.split("\n")[0]), nlp) for k, t in enumerate(TEXTS)]
    assert all("kg_tagger_memo" not in d.user_data for d in docs)
    piped = [d.user_data["kg_vote"] for d in docs]
    assert Vote().spans_many(docs) == piped and any(piped)

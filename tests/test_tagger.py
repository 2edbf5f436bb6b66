"""Tests of the trained tagger (kg.tagger): features, masking, decoding, training, the component.

Every name here is invented; training runs on invented sentences, with the real jieba and spaCy.
"""

from __future__ import annotations

import numpy
import pytest

from kg.tagger.corpora import Example, allowed_tags
from kg.tagger.features import text_features
from kg.tagger.model import (ALLOWED_TRANS, NUM_TAGS, TAGS, TaggerModel, forward_backward, span_marginal,
                             spans_of, tag_index, viterbi)
from kg.tagger.features import jieba_words
from kg.tagger.train import Trainer, arrays, train

PEOPLE = ["林一帆", "苏晓岚", "顾明远", "沈若溪", "陆子航", "叶知秋"]
COMPANIES = ["星河科技", "北辰公司", "青藤大学", "云杉集团", "远帆电子"]
PRODUCTS = ["星耀X9", "云鹊Pro", "飞燕T3", "青鸟M5", "蓝鲸S7"]


def _person_sentences(with_products: bool) -> list[Example]:
    """Sentences of a corpus that names persons and companies but marks no product."""
    out = []
    for i, person in enumerate(PEOPLE):
        company = COMPANIES[i % len(COMPANIES)]
        product = PRODUCTS[i % len(PRODUCTS)]
        text = f"{person}在{company}介绍了{product}。" if with_products else f"{person}在{company}工作。"
        spans = ((0, len(person), frozenset({"PER"})),
                 (len(person) + 1, len(person) + 1 + len(company), frozenset({"ORG"})))
        out.append(Example(text, spans, frozenset({"PER", "ORG"})))
    return out


def _product_sentences() -> list[Example]:
    """Sentences of a corpus that marks products only (as DuEE marks launches)."""
    out = []
    for i, product in enumerate(PRODUCTS):
        text = f"{COMPANIES[i]}发布了{product}手机。"
        start = len(COMPANIES[i]) + 3
        out.append(Example(text, ((start, start + len(product), frozenset({"PRO"})),), frozenset({"PRO"})))
    return out


def test_features_are_deterministic_and_read_full_width_as_ascii():
    a = text_features("星河科技发布X9", jieba_words("星河科技发布X9"), 1 << 16)
    b = text_features("星河科技发布Ｘ９", jieba_words("星河科技发布X9"), 1 << 16)
    assert a.shape == (8, 25) and a.dtype == numpy.int32
    assert (a == b).all()
    assert (a >= 0).all() and (a < 1 << 16).all()
    # a different character changes its own row and its neighbours', not rows three away
    c = text_features("星河科技发布Y9", jieba_words("星河科技发布Y9"), 1 << 16)
    assert (a[:4] == c[:4]).all() and not (a[6] == c[6]).all()


def test_a_label_the_corpus_does_not_annotate_is_allowed_outside_its_spans():
    person = _person_sentences(with_products=True)[0]
    mask = allowed_tags(person)
    product_at = person.text.index(PRODUCTS[0])
    assert mask[0].tolist() == [t == tag_index("B", "PER") for t in range(NUM_TAGS)]
    # outside the spans: O, or a product / place / event (not annotated here); never a person
    assert mask[product_at, tag_index("B", "PRO")] and mask[product_at, 0]
    assert mask[product_at, tag_index("B", "LOC")]
    assert not mask[product_at, tag_index("B", "PER")] and not mask[product_at, tag_index("S", "ORG")]
    # a corpus annotating nothing (event arguments only) constrains nothing outside its spans
    launch = _product_sentences()[0]
    assert allowed_tags(Example(launch.text, launch.spans, frozenset()))[0].all()
    assert not allowed_tags(launch)[0, tag_index("B", "PRO")]


def test_viterbi_keeps_bioes_well_formed_and_batches_agree_with_single_sentences():
    rng = numpy.random.default_rng(3)
    trans = numpy.where(ALLOWED_TRANS, rng.normal(size=(NUM_TAGS, NUM_TAGS)), -1e9)
    first = numpy.where([t == "O" or t[0] in "BS" for t in TAGS], 0.0, -1e9)
    last = numpy.where([t == "O" or t[0] in "ES" for t in TAGS], 0.0, -1e9)
    lengths = numpy.array([7, 3, 1, 5])
    emissions = rng.normal(size=(4, 7, NUM_TAGS)) * 3
    together = viterbi(emissions, lengths, trans, first, last)
    for b, n in enumerate(lengths):
        alone = viterbi(emissions[b:b + 1, :n], lengths[b:b + 1], trans, first, last)[0]
        assert together[b, :n].tolist() == alone.tolist()
        path = alone.tolist()
        assert first[path[0]] == 0 and last[path[-1]] == 0
        assert all(ALLOWED_TRANS[a, b] for a, b in zip(path, path[1:]))
    # strong evidence wins: B-ORG, I-ORG, E-ORG over three characters
    strong = numpy.zeros((1, 3, NUM_TAGS))
    for i, p in enumerate("BIE"):
        strong[0, i, tag_index(p, "ORG")] = 50
    assert spans_of(viterbi(strong, numpy.array([3]), trans, first, last)[0]) == [(0, 3, "ORG")]


def test_span_confidence_is_the_share_of_paths_holding_the_span():
    """Forward-backward against brute force: every well-formed BIOES path of a 4-character
    sentence (after 1,000 steps of ``itertools.product``) and its score's exp."""
    import itertools

    rng = numpy.random.default_rng(5)
    trans = numpy.where(ALLOWED_TRANS, rng.normal(size=(NUM_TAGS, NUM_TAGS)), -1e9)
    first = numpy.where([t == "O" or t[0] in "BS" for t in TAGS], 0.0, -1e9)
    last = numpy.where([t == "O" or t[0] in "ES" for t in TAGS], 0.0, -1e9)
    emissions = rng.normal(size=(2, 5, NUM_TAGS))
    lengths = numpy.array([4, 5])  # the first sentence padded by one position
    alpha, beta, log_z = forward_backward(emissions, lengths, trans, first, last)
    paths, weights = [], []
    for path in itertools.product(range(NUM_TAGS), repeat=4):
        score = first[path[0]] + last[path[-1]] + sum(emissions[0, t, p] for t, p in enumerate(path)) \
            + sum(trans[a, b] for a, b in zip(path, path[1:]))
        if score > -1e8:
            paths.append(path)
            weights.append(numpy.exp(score))
    assert numpy.isclose(numpy.log(sum(weights)), log_z[0])
    for start, end, label in [(0, 1, "PER"), (1, 3, "ORG"), (0, 4, "PRO"), (2, 4, "LOC")]:
        holding = sum(w for p, w in zip(paths, weights) if (start, end, label) in spans_of(p))
        assert numpy.isclose(span_marginal(emissions[0], alpha[0], beta[0], log_z[0], trans, start, end, label),
                             holding / sum(weights))
    # a span the evidence is sure of comes near 1; the same scores at a high temperature, less
    sure = numpy.zeros((1, 3, NUM_TAGS))
    for i, p in enumerate("BIE"):
        sure[0, i, tag_index(p, "ORG")] = 30
    a, b, z = forward_backward(sure, numpy.array([3]), trans, first, last)
    hot = forward_backward(sure / 20, numpy.array([3]), trans / 20, first / 20, last / 20)
    assert span_marginal(sure[0], a[0], b[0], z[0], trans, 0, 3, "ORG") > 0.999
    assert span_marginal(sure[0] / 20, hot[0][0], hot[1][0], hot[2][0], trans / 20, 0, 3, "ORG") < 0.9


def _fit(examples: list[Example], epochs: int = 6) -> TaggerModel:
    return train(arrays(examples, 1 << 16), epochs, batch=4).averaged()


def _found(model: TaggerModel, text: str) -> set[tuple[str, str]]:
    return {(text[s:e], lab) for s, e, lab in model.spans([text], [jieba_words(text)])[0]}


def test_training_learns_names_and_masking_keeps_products_a_corpus_did_not_mark():
    corpus = _person_sentences(with_products=True) + _product_sentences()
    model = _fit(corpus)
    text = f"{PEOPLE[1]}在{COMPANIES[1]}介绍了{PRODUCTS[1]}。"
    found = _found(model, text)
    assert (PEOPLE[1], "PER") in found and (COMPANIES[1], "ORG") in found
    assert (PRODUCTS[1], "PRO") in found
    # the same sentences read as if the person corpus annotated products (unmarked = O): the
    # products it names are taught as nothing, and fewer of them are found
    unmasked = [Example(e.text, e.spans, e.annotated | {"PRO"}) for e in _person_sentences(with_products=True)]
    naive = _fit(unmasked + _product_sentences())
    kept = sum((p, "PRO") in _found(model, f"{q}在{c}介绍了{p}。") for p, q, c in zip(PRODUCTS, PEOPLE, COMPANIES))
    lost = sum((p, "PRO") in _found(naive, f"{q}在{c}介绍了{p}。") for p, q, c in zip(PRODUCTS, PEOPLE, COMPANIES))
    assert kept == len(PRODUCTS) and lost < kept


@pytest.mark.parametrize("bits", [16, 8])
def test_weights_survive_saving_in_fewer_bits(tmp_path, bits):
    model = _fit(_person_sentences(with_products=False), epochs=3)
    model.save(tmp_path / "t.npz", bits=bits)
    back = TaggerModel.load(tmp_path / "t.npz")
    text = f"{PEOPLE[2]}在{COMPANIES[2]}工作。"
    assert _found(back, text) == _found(model, text) and (PEOPLE[2], "PER") in _found(back, text)
    assert back.emission.dtype == numpy.float32 and back.emission.shape == model.emission.shape


def test_trainer_resumes_from_a_checkpoint(tmp_path):
    data = arrays(_person_sentences(with_products=False), 1 << 14)
    whole = train(data, 4, batch=2)
    half = train(data, 2, batch=2)
    numpy.savez(tmp_path / "c.npz", **half.state())
    resumed = Trainer(1 << 14)
    resumed.restore(tmp_path / "c.npz")
    resumed = train(data, 4, batch=2, trainer=resumed)
    assert resumed.epoch == 4 and numpy.array_equal(resumed.w, whole.w)
    assert numpy.allclose(resumed.averaged().emission, whole.averaged().emission)


def test_component_hands_its_names_to_the_candidates(tmp_path):
    import spacy

    from kg.nlp import _ensure_extensions

    _fit(_person_sentences(with_products=False), epochs=4).save(tmp_path / "tiny.npz")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    nlp.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "handover"})
    _ensure_extensions()
    text = f"前言。\n{PEOPLE[3]}在{COMPANIES[3]}工作。"
    doc = nlp(text)
    at = text.index(PEOPLE[3])
    assert (at, at + len(PEOPLE[3]), "Person") in doc.user_data["kg_tagger"]
    found = {(m.text, m.label, m.source) for m in doc._.kg_candidates}
    assert (PEOPLE[3], "Person", "ner") in found
    assert "kg_ner" not in doc.spans  # the hand-over leaves no spans behind


def test_lac_mode_keeps_only_spans_lac_delimits_the_same_way(tmp_path):
    import spacy

    from kg import lac  # noqa: F401  (registers kg_lac)
    from kg.tagger.component import TaggerRecognizer

    _fit(_person_sentences(with_products=False), epochs=4).save(tmp_path / "tiny.npz")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    nlp.add_pipe("kg_lac")
    nlp.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "lac"})
    text = f"{PEOPLE[4]}在{COMPANIES[4]}工作。{PEOPLE[5]}昨天去了{COMPANIES[0]}。"
    doc = nlp(text)
    lac_bounds = {(s, e) for s, e, _, _ in doc.user_data["kg_lac"]}
    proposed = doc.user_data["kg_tagger"]
    assert all((s, e) in lac_bounds for s, e, _ in proposed)
    # what LAC itself proposed already is not proposed again
    assert not {text[s:e] for s, e, _ in proposed} & {m.text for m in doc._.kg_candidates if m.source == "lac"}
    # without LAC's spans nothing agrees: the names the handover mode proposes are not proposed
    alone = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    alone.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "lac"})
    handover = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    handover.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "handover"})
    assert alone(text).user_data["kg_tagger"] == [] and handover(text).user_data["kg_tagger"]
    with pytest.raises(ValueError):
        TaggerRecognizer(("PER",), str(tmp_path / "tiny.npz"), mode="vote")


def test_direct_mode_adds_sure_products_as_candidates_and_nothing_else(tmp_path):
    import spacy

    from kg.tagger.component import TaggerRecognizer, plausible_product

    _fit(_person_sentences(with_products=True) + _product_sentences(), epochs=6).save(tmp_path / "tiny.npz")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    nlp.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "direct",
                                      "labels": ["PRO"], "temperature": 1.0})
    text = f"{COMPANIES[2]}今天推出{PRODUCTS[2]}，{PEOPLE[0]}在{COMPANIES[0]}介绍{PRODUCTS[0]}。"
    found = {(m.text, m.label, m.source) for m in nlp(text)._.kg_candidates}
    assert (PRODUCTS[2], "Product", "ner") in found and (PRODUCTS[0], "Product", "ner") in found
    assert all(label == "Product" for _, label, _ in found)  # products only: no person, no company
    # a threshold above every confidence lets nothing through
    strict = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    strict.add_pipe("kg_tagger", config={"model_path": str(tmp_path / "tiny.npz"), "mode": "direct",
                                         "labels": ["PRO"], "temperature": 1.0})
    strict.get_pipe("kg_tagger").thresholds["PRO"] = 1.01
    assert not strict(text)._.kg_candidates
    assert TaggerRecognizer(("PRO",), str(tmp_path / "tiny.npz"), mode="direct").thresholds["PRO"] < 1
    # characters another recogniser named already are not named again, not even in part
    from kg.recognise.doc import _candidates
    from kg.records import Mention

    doc = nlp.make_doc(text)
    at = text.index(PRODUCTS[2])
    _candidates(doc).append(Mention(at, at + 2, text[at:at + 2], "Company", "lexicon"))
    doc = nlp.get_pipe("kg_tagger")(doc)
    names = [m.text for m in doc._.kg_candidates]
    assert PRODUCTS[2] not in names and PRODUCTS[0] in names
    assert plausible_product(PRODUCTS[3]) and not plausible_product(f"《{PRODUCTS[3]}》")
    assert not plausible_product("新款手机") and not plausible_product("X")

"""Tests of the statistical NER (kg.ner) with the shipped model; no mocks."""

from __future__ import annotations

import json
import re

import pytest
import spacy

from kg.errors import KgError
from kg.ner import (
    LABEL_MAP,
    SPAN_KEY,
    evaluate_ner,
    format_report,
    load_model,
    predict_entities,
    predict_raw,
    read_cluener,
)

# Our own sentences (not from CLUENER), written in the style of Chinese business news.
SENTENCES = [
    ("招商银行行长王建国表示，今年将加大对小微企业的支持。",
     {("王建国", "Person"), ("招商银行", "Company")}),
    ("阿里巴巴集团董事长张勇在杭州出席了发布会。",
     {("张勇", "Person"), ("杭州", "Place")}),
    ("据新华社报道，李红梅昨天在广州市天河区接受了采访。",
     {("李红梅", "Person")}),
]


def test_model_loads_with_expected_labels():
    model = load_model()
    assert [name for name, _ in model.members] == ["rtl", "ltr", "rtl_aug"]
    assert all(nlp.pipe_names == ["tok2vec", "ner"] for _, nlp in model.members)
    assert model.labels == {
        "address", "book", "company", "game", "government",
        "movie", "name", "organization", "position", "scene",
    }  # fmt: skip
    assert model.min_votes == 2 and model.relabeler is not None
    # the weights are stored as float16 and computed in float32
    tok2vec = model.members[0][1].get_pipe("tok2vec").model
    assert {node.get_param(p).dtype.name for node in tok2vec.walk() for p in node.param_names
            if node.has_param(p)} == {"float32"}


def test_a_span_needs_two_votes_of_the_shipped_ensemble():
    from kg.ner import _predict_lines, _paragraphs

    model = load_model()
    text = SENTENCES[0][0]
    lines = [(0, off, line) for off, line in _paragraphs(text)]
    each = [_predict_lines(nlp, lines, 1, 8)[0] for _, nlp in model.members]
    combined = predict_raw([text])[0]
    for start, end, _ in combined:
        assert sum(any((s, e) == (start, end) for s, e, _ in spans) for spans in each) >= 2


def test_bad_ensemble_description_is_reported(tmp_path):
    (tmp_path / "ensemble.json").write_text('{"members": ["a"], "min_votes": 3}', encoding="utf-8")
    with pytest.raises(KgError, match="min_votes 3 with 1 members"):
        load_model(tmp_path)
    (tmp_path / "ensemble.json").write_text("{", encoding="utf-8")
    with pytest.raises(KgError, match="not an ensemble description"):
        load_model(tmp_path)


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_predict_entities_finds_expected_mentions(text, expected):
    found = {(text[s:e], label) for s, e, label in predict_entities(text)}
    assert expected <= found, found


def test_predict_entities_offsets_and_labels():
    text = "第一段没有实体。\n\n招商银行行长王建国表示，今年将加大支持。"
    spans = predict_entities(text)
    assert spans, "no mentions found"
    allowed = set(LABEL_MAP.values())
    for start, end, label in spans:
        assert 0 <= start < end <= len(text)
        assert label in allowed
    assert "王建国" in {text[s:e] for s, e, _ in spans}
    assert predict_entities("") == []


def test_component_fills_span_group_on_jieba_doc():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("kg_statistical_ner")
    texts = [t for t, _ in SENTENCES]
    for doc, (_, expected) in zip(nlp.pipe(texts), SENTENCES):
        spans = {(s.text, s.label_) for s in doc.spans[SPAN_KEY]}
        # "expand" may widen a span to whole jieba words, so compare by containment
        for mention, label in expected:
            assert any(mention in text and lab == label for text, lab in spans), spans
        assert not doc.ents, "the component must not write doc.ents"


def test_format_report_last_line():
    scores = {"per_label": {}, "overall": {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0,
                                            "fn": 0}}
    assert re.fullmatch(r"F1=0\.\d{3}", format_report(scores).splitlines()[-1])


def test_evaluate_on_tiny_dev_file(tmp_path):
    dev = tmp_path / "dev.json"
    records = [
        {"text": SENTENCES[0][0], "label": {"name": {"王建国": [[6, 8]]},
                                            "company": {"招商银行": [[0, 3]]},
                                            "position": {"行长": [[4, 5]]}}},
        {"text": "今天天气很好。", "label": {}},
    ]
    dev.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                   encoding="utf-8")
    scores = evaluate_ner(dev)
    assert scores["docs"] == 2
    assert scores["per_label"]["name"]["tp"] == 1
    assert 0.0 < scores["overall"]["f"] <= 1.0
    assert "Person" in scores["mapped"]["per_label"]
    report = format_report(scores)
    assert re.fullmatch(r"F1=0\.\d{3}|F1=1\.000", report.splitlines()[-1])


def test_read_cluener_reports_bad_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "李明", "label": {"name": {"李明": [[0, 5]]}}}\n', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json: line 1"):
        read_cluener(bad)


def test_missing_model_dir_is_reported(tmp_path):
    with pytest.raises(KgError, match="no trained NER model"):
        load_model(tmp_path)


def test_lexicon_features_see_words_off_the_segmentation():
    from kg.ner import lexicon_features

    text = "他在北京大学读书"
    feats = lexicon_features(text)
    assert len(feats) == len(text)
    begins, inside, ends = zip(*feats)
    # 北京 (a place) and 北京大学 (an organisation) both begin at 北, whichever jieba chose
    assert set(begins[2].split("+")) >= {"LOC", "ORG"}
    assert "ORG" in inside[3] and "ORG" in ends[5]
    assert feats[0] == ("-", "-", "-")  # 他 begins no word of two or more characters
    assert lexicon_features("") == []


def test_tokenizer_v2_stores_one_feature_row_per_token():
    from kg.ner import LEXICON_COLUMNS, LEXICON_KEY

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "kg.CharJiebaTokenizer.v2", "lexicon": True}}})
    doc = nlp.make_doc("王建国  在上海")  # one space trails 国, the other is a token
    assert [t.text for t in doc] == list("王建国") + [" "] + list("在上海")
    rows = doc.user_data[LEXICON_KEY]
    assert rows.shape == (len(doc), len(LEXICON_COLUMNS))
    strings = nlp.vocab.strings
    assert strings[int(rows[3][0])] == "B=_SP"
    assert strings[int(rows[5][0])].startswith("B=") and "LOC" in strings[int(rows[5][0])]
    v1 = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "kg.CharJiebaTokenizer.v1"}}})
    assert LEXICON_KEY not in v1.make_doc("王建国在上海").user_data


def test_lexicon_embed_refuses_docs_without_the_features():
    from kg.ner import char_lexicon_embed

    model = char_lexicon_embed(16, ["ORTH"], [100], 50)
    v1 = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "kg.CharJiebaTokenizer.v1"}}})
    v2 = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "kg.CharJiebaTokenizer.v2", "lexicon": True}}})
    good = v2.make_doc("王建国在上海")
    model.initialize(X=[good])
    assert model.predict([good])[0].shape == (len(good), 16)
    with pytest.raises(KgError, match="CharJiebaTokenizer.v2"):
        model.predict([v1.make_doc("王建国在上海")])


def test_replace_mentions_keeps_labels_contexts_and_is_deterministic():
    from kg.train import replace_mentions

    records = [("记者在杭州见到了李明。", [(3, 5, "address"), (8, 10, "name")]),
               ("欧阳小红昨天去了北京市。", [(0, 4, "name"), (8, 11, "address")]),
               ("今天没有名字。", [])]
    out = replace_mentions(records, copies=2, seed=3)
    assert out == replace_mentions(records, copies=2, seed=3)
    assert len(out) == 4  # two copies of the two records with mentions
    names = {"李明", "欧阳小红"}
    places = {"杭州", "北京市"}

    def context(text, spans):  # the text between the mentions, mentions replaced by labels
        pieces, pos = [], 0
        for start, end, label in spans:
            pieces += [text[pos:start], label]
            pos = end
        return pieces + [text[pos:]]

    originals = [context(t, s) for t, s in records[:2]]
    for text, spans in out:
        assert context(text, spans) in originals
        for start, end, label in spans:
            assert text[start:end] in (names if label == "name" else places)


def test_posseg_features_tag_names_outside_the_dictionary():
    from kg.ner import char_features

    text = "记者王晓磊在南京市见到了他"
    plain = char_features(text)
    tagged = char_features(text, posseg=True)
    assert [f[0] for f in plain] == [f[0] for f in tagged] == list(text)
    # an invented name: jieba's dictionary does not know it, posseg's HMM calls it a name
    assert plain[2][2:] == ("B|unk", "王晓磊")
    assert tagged[2][2:] == ("B|nr", "王晓磊") and tagged[4][2] == "E|nr"
    assert tagged[6][2] == "B|ns"


def test_right_to_left_tokenizer_reads_the_text_as_written():
    from kg.ner import LEXICON_KEY

    def blank(reverse):
        return spacy.blank("zh", config={"nlp": {"tokenizer": {
            "@tokenizers": "kg.CharJiebaTokenizer.v2", "reverse": reverse, "lexicon": True}}})

    text = "王晓磊在南京市工作"
    forward, backward = blank(False).make_doc(text), blank(True).make_doc(text[::-1])
    assert [t.text for t in backward] == list(text[::-1])
    # the jieba word of each character is that of the text as written, whatever the order
    assert [t.tag_ for t in backward] == [t.tag_ for t in forward][::-1]
    assert [t.lemma_ for t in backward] == [t.lemma_ for t in forward][::-1]
    assert (backward.user_data[LEXICON_KEY] == forward.user_data[LEXICON_KEY][::-1]).all()


def test_right_to_left_training_config_makes_a_working_pipeline(tmp_path):
    from spacy.training import Example
    from spacy.util import load_config, load_model_from_config

    import kg.train

    config = load_config(kg.train.CONFIG_PATH.parent / "ner_rtl.cfg")
    nlp = load_model_from_config(config, auto_fill=True)
    assert (nlp.tokenizer.reverse, nlp.tokenizer.lexicon) == (True, True)
    text = "李明在上海"[::-1]  # the model reads reversed text: 海上在明李
    reference = nlp.make_doc(text)
    reference.ents = [reference.char_span(3, 5, label="name")]
    nlp.initialize(lambda: [Example(nlp.make_doc(text), reference)])
    losses = nlp.update([Example(nlp.make_doc(text), reference)])
    assert losses["ner"] > 0
    for _ in range(60):  # learn the one sentence by heart
        nlp.update([Example(nlp.make_doc(text), reference)])
    nlp.to_disk(tmp_path)
    # predict_raw reverses each line for this model and maps the span back onto the text
    assert predict_raw(["李明在上海\n"], tmp_path) == [[(0, 2, "name")]]


def _tiny_trained_pipeline(path, text="李明在上海", start=0, end=2, label="name"):
    """A pipeline of kg/training/ner.cfg that has learnt one sentence by heart, saved at path."""
    from spacy.training import Example
    from spacy.util import load_config, load_model_from_config

    import kg.train

    nlp = load_model_from_config(load_config(kg.train.CONFIG_PATH), auto_fill=True)
    reference = nlp.make_doc(text)
    reference.ents = [reference.char_span(start, end, label=label)]
    nlp.initialize(lambda: [Example(nlp.make_doc(text), reference)])
    for _ in range(60):
        nlp.update([Example(nlp.make_doc(text), reference)])
    nlp.to_disk(path)
    return nlp


def test_float16_storage_keeps_the_predictions(tmp_path):
    from kg.train import compact_model

    _tiny_trained_pipeline(tmp_path / "full")
    before = predict_raw(["李明在上海", "王芳去北京"], tmp_path / "full")
    import shutil

    shutil.copytree(tmp_path / "full", tmp_path / "half")
    assert compact_model(tmp_path / "half") > 0
    size = lambda d: sum(f.stat().st_size for f in d.rglob("model"))  # noqa: E731
    assert size(tmp_path / "half") < 0.6 * size(tmp_path / "full")
    assert before[0] == [(0, 2, "name")]
    assert predict_raw(["李明在上海", "王芳去北京"], tmp_path / "half") == before


def test_build_ensemble_votes_and_relabels(tmp_path):
    from kg.train import build_ensemble

    _tiny_trained_pipeline(tmp_path / "a")
    _tiny_trained_pipeline(tmp_path / "b")
    _tiny_trained_pipeline(tmp_path / "c", text="李明在上海", start=3, end=5, label="address")
    data = tmp_path / "data"
    data.mkdir()
    record = {"text": "李明在上海", "label": {"name": {"李明": [[0, 1]]}, "address": {"上海": [[3, 4]]}}}
    for name in ("train.json", "dev.json"):
        (data / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "ensemble"
    result = build_ensemble(data, {"a": tmp_path / "a", "b": tmp_path / "b", "c": tmp_path / "c"},
                            out, min_votes=2)
    assert json.loads((out / "ensemble.json").read_text(encoding="utf-8"))["members"] == ["a", "b", "c"]
    assert (out / "relabel.npz").is_file() and not (tmp_path / "ensemble.new").exists()
    # 李明 has two votes, 上海 one: the ensemble keeps 李明 only
    assert predict_raw(["李明在上海"], out) == [[(0, 2, "name")]]
    assert result["scores"]["overall"]["tp"] == 1 and result["scores"]["overall"]["fn"] == 1
    with pytest.raises(KgError, match="min_votes 4 with 3 members"):
        build_ensemble(data, {"a": tmp_path / "a", "b": tmp_path / "b", "c": tmp_path / "c"},
                       tmp_path / "other", min_votes=4)

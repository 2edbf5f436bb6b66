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
    nlp = load_model()
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {
        "address", "book", "company", "game", "government",
        "movie", "name", "organization", "position", "scene",
    }  # fmt: skip


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

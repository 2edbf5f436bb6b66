"""Products named in a launch frame (kg.recognise.rule_launches) and kg eval duee's misses of a
file that is no measure (invented names and sentences)."""

import json

import pytest

from kg.evaluation.duee import DEV_FILE, format_duee, score_duee
from kg.nlp import analyse, make_pipeline
from kg.read import parse_article
from kg.recognise.doc import _token_table
from kg.recognise.rule_launches import launch_frames, launch_products, launch_words
from kg.records import Mention


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def launched(nlp, text: str, makers=()):
    """The launch frames' names with their signs, and the products admitted."""
    tokens = _token_table(nlp.make_doc(text))
    found = [Mention(text.index(m), text.index(m) + len(m), m, "Company", "rule") for m in makers]
    frames = {text[s:e]: signs for s, e, signs in launch_frames(text, tokens, found)}
    return frames, [m.text for m in launch_products(text, tokens, found)]


@pytest.mark.parametrize("text, makers, name, sign", [
    # a launch verb + the name, past 了 and the describing words; a maker before the verb
    ("星澜科技今日发布了全新一代青岚X7手机", ["星澜科技"], "青岚X7", "code"),
    # a kind word ends the name (a category word after a code is dropped, 手机 above)
    ("星澜科技正式推出青岚智能手表，售价999元", [], "青岚智能手表", "kind"),
    # the name + a time + the verb
    ("星澜新一代墨羽冰箱将于明日发布", [], "墨羽冰箱", "kind"),
    # the name + 在 + an occasion + 上 + the verb
    ("全新青岚Z9在杭州车展上正式上市", [], "青岚Z9", "code"),
    # a name in quotation marks after the verb, or before it
    ("星澜科技正式上线“墨羽助手”功能", [], "墨羽助手", "quoted"),
    ("星澜“青岚”正式上市，售价十万", [], "青岚", "quoted"),
])
def test_a_launched_name_with_a_second_sign_is_a_product(nlp, text, makers, name, sign):
    frames, products = launched(nlp, text, makers)
    assert sign in frames[name]
    assert name in products


@pytest.mark.parametrize("text", [
    "国务院发布了关于加强管理的通知",
    "某公司推出了一系列惠民措施",
    "这家平台上线了新服务",
    "星澜科技发布5G手机",  # 5G is no model's code, 手机 names no product
    "星澜科技于8月份发布了年报",
    "星澜科技推出“青岚”行动，帮助商家",  # a plan in quotation marks
    "几种“不全面的说法”在网上竞相亮相",  # a phrase in quotation marks
])
def test_what_is_launched_without_a_second_sign_is_no_product(nlp, text):
    assert launched(nlp, text)[1] == []


def test_before_a_verb_that_launches_a_name_after_it_stands_who_launches(nlp):
    assert launched(nlp, "星澜科技联合“墨羽”发布“青岚”小游戏")[1] == ["青岚"]


def test_the_maker_that_launches_is_a_sign_not_a_part_of_the_name(nlp):
    frames, _ = launched(nlp, "星澜科技今日发布了全新一代青岚X7手机", ["星澜科技"])
    assert "maker" in frames["青岚X7"]
    assert "星澜科技" not in frames


def test_a_name_over_a_product_found_already_is_left_to_it(nlp):
    text = "星澜科技今日发布了全新一代青岚X7手机"
    tokens = _token_table(nlp.make_doc(text))
    start = text.index("X7")
    found = [Mention(start, start + 2, "X7", "Product", "rule")]
    assert launch_products(text, tokens, found) == []


def test_the_launch_words_are_data():
    words = launch_words()
    assert {"发布", "上市"} <= words["subject_verbs"] and "推出" in words["object_verbs"]
    assert "全新" in words["descriptors"] and "通知" in words["not_names"]
    assert all(need <= {"kind", "code", "described", "quoted", "maker", "rare", "latin"} for need in words["admitted"])
    assert frozenset({"rare"}) not in words["admitted"]  # a rare word alone admits nothing


def test_the_pipeline_adds_a_launched_product_after_the_other_recognisers(nlp):
    assert nlp.pipe_names.index("kg_launch_products") > nlp.pipe_names.index("kg_product_gazetteer")
    doc = analyse(parse_article("标题\n\n星澜科技正式推出青岚智能手表，售价999元。", "t.txt"), nlp)
    assert ("青岚智能手表", "Product") in {(m.text, m.label) for m in doc._.kg_mentions}


def test_a_maker_opens_the_launched_name_and_is_named_too(nlp):
    frames, products = launched(nlp, "9月26日，云帆墨羽智慧屏正式发布。", ["云帆"])
    assert products == ["云帆墨羽智慧屏"] and {"maker", "kind"} <= frames["云帆墨羽智慧屏"]
    doc = analyse(parse_article("标题\n\n9月26日，星澜科技墨羽手表正式发布。", "t.txt"), nlp)
    mentions = {(m.text, m.label) for m in doc._.kg_mentions}
    assert {("星澜科技", "Company"), ("星澜科技墨羽手表", "Product")} <= mentions
    key = {e.key: e.name for e in doc._.kg_entities}
    assert any(r.predicate == "develops" and key[r.object] == "星澜科技墨羽手表" for r in doc._.kg_relations)


@pytest.mark.parametrize("text", [
    "星澜科技举行大会，发布了四大系统：青岚OS、墨羽OS",  # a count: a description
    "星澜金融发布Q2业绩后股价大跌",  # a company's ending
])
def test_descriptions_and_companies_are_no_launched_products(nlp, text):
    assert launched(nlp, text)[1] == []


def _report(half: str) -> dict:
    record = {"id": "x", "text": "青岚X7发布", "half": half, "gold": {(0, 4, "Product", "发布产品")}}
    report = score_duee([record], [set()])
    report["half"] = "all"
    return report


def test_misses_of_a_file_that_is_no_measure_are_listed_from_either_half():
    report = _report("held")
    report["measure"] = False  # a sample of DuEE train
    assert "missed Product" in format_duee(report, misses=5)
    report["measure"] = True  # duee_dev.json: its held half is never read
    assert "missed Product" not in format_duee(report, misses=5)
    assert "missed Product" in format_duee(_report("look"), misses=5)


def test_only_the_dev_file_is_a_measure(tmp_path, monkeypatch):
    import kg.evaluation.duee as duee
    import kg.recognition_eval as recognition

    argument = {"argument_start_index": 0, "role": "发布产品", "argument": "青岚X7"}
    line = json.dumps({"id": "x", "text": "青岚X7发布", "event_list": [
        {"event_type": "产品行为-发布", "arguments": [argument]}]}, ensure_ascii=False)
    monkeypatch.setattr(recognition, "recognise", lambda texts, ner=True: [set() for _ in texts])
    for name, measure in (("sample.json", False), (DEV_FILE, True)):
        (tmp_path / name).write_text(line + "\n", encoding="utf-8")
        assert duee.evaluate_duee(tmp_path / name)["measure"] is measure

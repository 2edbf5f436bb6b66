"""The mined product gazetteer (kg.recognise.mine_products, kg.recognise.gazetteer): the names an
annotation holds, whole-word matching of hashed names, and the shipped file — on invented names."""

import json
import re

import pytest

from kg.nlp import analyse, make_pipeline
from kg.ontology import ontology_dir
from kg.read import parse_article
from kg.recognise.gazetteer import find_products
from kg.recognise.mine_products import SOURCES, cores, gazetteer_words, name_hash


@pytest.mark.parametrize("mention, expected", [
    ("全新一代星澜GX9", ["星澜GX9"]),                    # a describing word before the name
    ("北辰汽车全新SUV星澜GX9", ["星澜GX9"]),             # maker and category before it
    ("《云游小镇》", ["云游小镇"]),                       # quotes dropped
    ("星澜X1、星澜X1 Pro", ["星澜X1", "星澜X1 Pro"]),     # a list: one name per item
    ("万众期待的星澜Pad系列", ["星澜Pad系列"]),            # what follows 的
    ("星澜Y7手机", ["星澜Y7"]),                           # a category word after the name
    ("星澜X1和星澜X2", ["星澜X1", "星澜X2"]),             # 和 after a digit parts two names
    ("和澜精英", ["和澜精英"]),                           # 和 opening a name does not
])
def test_cores(mention, expected):
    assert cores(mention, gazetteer_words()) == expected


def table(words):
    out, i = [], 0
    for w in words:
        out.append((i, i + len(w), w, "x"))
        i += len(w)
    return out


def test_find_products_whole_words_longest_first():
    hashes = frozenset({name_hash("星澜"), name_hash("星澜GX9")})
    words = ["新款", "星澜", "GX9", "上市", "，", "星澜湖", "很", "美"]
    text = "".join(words)
    spans = [text[s:e] for s, e in find_products(text, table(words), hashes)]
    assert spans == ["星澜GX9"]  # the longest run first; 星澜 inside the word 星澜湖 is no hit


def test_shipped_file_holds_hashes_only():
    data = json.loads((ontology_dir() / "lexicon" / "products_mined.json").read_text(encoding="utf-8"))
    assert set(data["corpora"]) == set(SOURCES)
    assert len(data["hashes"]) > 500
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in data["hashes"])


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


@pytest.mark.parametrize("body, name, found", [
    ("他买了一辆卡罗拉。", "卡罗拉", True),             # a well-known car, mined
    ("玩家在星际争霸2中对战。", "星际争霸2", True),      # a well-known game, mined
    ("双擎卡罗拉下月上市。", "卡罗拉", False),           # jieba cut 卡罗 + 拉下: not whole words
])
def test_a_mined_well_known_product(nlp, body, name, found):
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    assert any(m.text == name and m.label == "Product" for m in doc._.kg_mentions) is found


def _corpora(tmp_path, duee_names, plain_texts=()):
    """Invented corpora in the shared layout: DuEE train sentences launching ``duee_names``
    (one sentence each), an empty BosonNLP and CLUENER train, and ``plain_texts``."""
    (tmp_path / "duee1").mkdir()
    (tmp_path / "boson_ner").mkdir()
    (tmp_path / "cluener").mkdir()
    lines = []
    for i, name in enumerate(duee_names):
        text = f"北辰公司发布{name}。"
        lines.append({"text": text, "id": str(i), "event_list": [{"arguments": [
            {"role": "发布产品", "argument": name, "argument_start_index": 6}]}]})
    lines += [{"text": t, "id": f"p{i}", "event_list": []} for i, t in enumerate(plain_texts)]
    (tmp_path / "duee1/duee_train.json").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                                                   encoding="utf-8")
    (tmp_path / "boson_ner/boson_spans.jsonl").write_text(json.dumps({"text": "无", "entities": []}) + "\n", encoding="utf-8")
    (tmp_path / "cluener/train.json").write_text(json.dumps({"text": "无", "label": {}}) + "\n", encoding="utf-8")
    return tmp_path


def test_a_name_of_dictionary_words_is_mined_when_annotated_often(tmp_path):
    from kg.recognise.mine_products import mine

    often = gazetteer_words()["trusted_count"]
    data = _corpora(tmp_path, ["火焰山谷"] * often + ["冰雪森林"] * (often - 1) + ["星河汽车"] * often
                    + ["黄金海岸"] * often, ["我们去黄金海岸度假。"] * (often * 10))
    kept = mine(data)
    assert "火焰山谷" in kept            # made of 火焰 + 山谷, annotated often: a name
    assert "冰雪森林" not in kept        # the same, annotated once too few
    assert "星河汽车" not in kept        # a portal's channel ending
    assert "黄金海岸" not in kept        # the texts use it mostly unannotated: everyday words

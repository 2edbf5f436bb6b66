"""No name is read inside a web or mail address (kg.recognise.cleaning), on invented names."""

import pytest

from kg.nlp import make_pipeline
from kg.read import parse_article
from kg.pipeline import analyse
from kg.recognise.cleaning import clean_candidates
from kg.recognise.doc import _token_table
from kg.records import Mention

_LINK = "[查看原文](https://tv.example.cn/2031/10/26/VIDE1m07EOnq5plB9twBojBJ311026.shtml)"


def _at(text: str, name: str, label: str, source: str = "lac") -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, label, source)


@pytest.mark.parametrize("text, inside, outside", [
    ("星河科技发布了天枢X9。" + _LINK, "VIDE1m07EOnq5plB9twBojBJ311026.shtml", "天枢X9"),
    ("详见www.xinghe.cn/TianshuX9页面，天枢X9今日开售。", "TianshuX9", "天枢X9"),
    ("来信请寄press@xinghe-tech.cn，天枢X9今日开售。", "xinghe", "天枢X9"),
])
def test_a_candidate_inside_an_address_is_dropped(text, inside, outside):
    nlp = make_pipeline(with_ner=False)
    doc = nlp(text)
    tokens = _token_table(doc)
    kept = clean_candidates(text, tokens, [_at(text, inside, "Product"), _at(text, outside, "Product")])
    assert [m.text for m in kept] == [outside]


def test_a_page_link_gives_no_entity():
    doc = analyse(parse_article("标题\n\n星河科技今天发布了新款手机。" + _LINK + "\n", "t.txt"), make_pipeline())
    assert not [e.name for e in doc._.kg_entities if "VIDE" in e.name or "shtml" in e.name]

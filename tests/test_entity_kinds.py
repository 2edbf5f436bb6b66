"""Kinds, pieces and glued words that are no names (kg.recognise.kinds), on invented names."""

from __future__ import annotations

import pytest

from kg.recognise.cleaning import clean_candidates
from kg.recognise.kinds import government_body, model_code, placed_persons, why_not_a_name
from kg.records import Mention, Token


def tokens(*pairs: tuple[str, str], start: int = 0) -> list[Token]:
    out = []
    for word, tag in pairs:
        out.append(Token(start, start + len(word), word, tag))
        start += len(word)
    return out


def mention(words: list[Token], label: str, source: str = "lac", first: int = 0, last: int | None = None) -> Mention:
    last = len(words) if last is None else last
    start, end = words[first].start, words[last - 1].end
    return Mention(start, end, "".join(t.text for t in words[first:last]), label, source)


def test_a_generic_phrase_is_a_kind():
    words = tokens(("周边地区", "ns"))
    assert why_not_a_name("周边地区", words, mention(words, "Place")) == "kind name"


def test_two_one_character_places_are_a_pair():
    words = tokens(("鲁", "j"), ("皖", "j"))
    assert why_not_a_name("鲁皖", words, mention(words, "Place")) == "place pair"


def test_a_numbered_term_before_a_body_is_no_name_of_its_own():
    words = tokens(("十二届", "m"), ("星澜委员会", "nt"))
    assert why_not_a_name("十二届星澜委员会", words, mention(words, "Organization", "vote")) == "session"
    # a year's class (2019届) is written otherwise; a rule's name is left to the rules
    assert why_not_a_name("十二届星澜委员会", words, mention(words, "Organization", "rule")) == ""


@pytest.mark.parametrize("last, tag, why", [("地处", "s", "last word"), ("促进会", "v", ""), ("控股", "v", "")])
def test_a_body_ending_in_a_place_word_is_glued(last, tag, why):
    words = tokens(("星澜", "ns"), (last, tag))
    text = "星澜" + last
    assert why_not_a_name(text, words, mention(words, "GovernmentBody", "rule")) == why


def test_a_product_cut_out_of_a_word_is_a_piece():
    words = tokens(("研发", "vn"), ("服务业", "n"), ("投资", "vn"), ("增长", "v"))
    piece = Mention(4, 7, "业投资", "Product", "rule")
    assert why_not_a_name("研发服务业投资增长", words, piece) == "cut word"


@pytest.mark.parametrize("pairs, label, why", [
    # a product of everyday words is a kind; a name's word or single characters (a brand) are not
    ((("广大", "a"), ("毕业生", "n")), "Product", "everyday words"),
    ((("星澜", "nz"), ("毕业生", "n")), "Product", ""),
    ((("乐", "vg"), ("拼", "v")), "Product", ""),
    # an organisation opening with a bare class word is a kind
    ((("集团", "n"), ("俱乐部", "n")), "Organization", "suffix first"),
    ((("星澜", "nz"), ("俱乐部", "n")), "Organization", ""),
])
def test_kinds_in_everyday_words(pairs, label, why):
    words = tokens(*pairs)
    text = "".join(w for w, _ in pairs)
    assert why_not_a_name(text, words, mention(words, label, "rule")) == why


def test_a_concept_is_no_organisation():
    words = tokens(("星澜", "ns"), ("命运共同体", "n"))
    assert why_not_a_name("星澜命运共同体", words, mention(words, "Organization", "ner")) == "concept head"


def test_an_unnamed_model_is_no_person():
    text = "授予星澜某型飞机研制团队"
    words = tokens(("授予", "v"), ("星澜某", "nr"), ("型", "k"), ("飞机", "n"))
    assert why_not_a_name(text, words, mention(words, "Person", "rule", 1, 2)) == "unnamed model"


def test_a_verb_in_a_place_cut_from_a_title():
    words = tokens(("星澜", "ns"), ("引渡", "v"), ("条约", "n"))
    assert why_not_a_name("星澜引渡条约", words, mention(words, "Place")) == "verb in place"
    # a place ending in a place's word keeps a verb (打铁 + 桥村)
    words = tokens(("星澜", "ns"), ("打铁", "v"), ("桥村", "n"))
    assert why_not_a_name("星澜打铁桥村", words, mention(words, "Place")) == ""


def test_the_model_code_names_the_model():
    assert model_code(Mention(2, 11, "两栖飞机XK300", "Product", "lac")).text == "XK300"
    assert model_code(Mention(2, 11, "两栖飞机XK300", "Product", "lac")).start == 6
    # a maker before its model keeps it
    assert model_code(Mention(0, 5, "北辰P30", "Product", "rule")).text == "北辰P30"


def test_a_department_of_a_state_is_a_government_body():
    assert government_body(Mention(0, 6, "星澜国卫生部", "Organization", "lac")).label == "GovernmentBody"
    assert government_body(Mention(0, 5, "星澜俱乐部", "Organization", "lac")).label == "Organization"


def test_a_person_the_text_places_is_a_place():
    text = "部队控制了甘巴尔以北的地区。甘巴尔是一座城市。林一帆表示欢迎。"
    found = [Mention(5, 8, "甘巴尔", "Person", "ner"), Mention(14, 17, "甘巴尔", "Person", "ner"),
             Mention(24, 27, "林一帆", "Person", "ner")]
    assert [m.label for m in placed_persons(text, found)] == ["Place", "Place", "Person"]


def test_clean_candidates_drops_kinds_and_keeps_names():
    text = "星澜市及周边地区"
    words = tokens(("星澜市", "ns"), ("及", "c"), ("周边地区", "ns"))
    found = [Mention(0, 3, "星澜市", "Place", "lac"), Mention(4, 8, "周边地区", "Place", "rule")]
    assert [m.text for m in clean_candidates(text, words, found)] == ["星澜市"]




def test_a_station_after_a_city_is_one_place():
    from kg.recognise.extend import extend_names

    text = "换乘，星澜东站、星澜站等"
    words = tokens(("换乘", "v"), ("，", "x"), ("星澜", "ns"), ("东站", "n"), ("、", "x"))
    found = extend_names(text, words, [Mention(3, 5, "星澜", "Place", "lexicon")])
    assert "星澜东站" in {m.text for m in found}


def test_an_organisation_of_everyday_words_cut_before_de_is_a_phrase():
    text = "贯彻新时代党的路线"
    words = tokens(("贯彻", "v"), ("新", "a"), ("时代", "n"), ("党", "n"), ("的", "uj"), ("路线", "n"))
    assert why_not_a_name(text, words, mention(words, "Organization", "ner", 1, 4)) == "everyday words"
    text = "新时代党召开会议"
    words = tokens(("新", "a"), ("时代", "n"), ("党", "n"), ("召开", "v"))
    assert why_not_a_name(text, words, mention(words, "Organization", "ner", 0, 3)) == ""

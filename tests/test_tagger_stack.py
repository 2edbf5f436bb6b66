"""Tests of the tagger's stacked inputs (kg.tagger.stack): the pipeline's part-of-speech flags and
LAC's tags as features, read only by weights that name them. Every name here is invented."""

from __future__ import annotations

import numpy
import pytest

from kg.tagger.corpora import Example
from kg.tagger.features import jieba_words, pos_columns, text_features
from kg.tagger.model import TaggerModel
from kg.tagger.stack import NO_TAG, lac_chars, lac_chars_many, lac_columns, pipeline_words
from kg.tagger.train import arrays, train

PEOPLE = ["林一帆", "苏晓岚", "顾明远", "沈若溪"]
PLACES = ["青州", "云泽", "北辰", "南屿"]


def test_pos_columns_give_each_character_its_words_flag_and_its_neighbours():
    own, before, after = pos_columns(5, [(0, 2), (2, 3), (3, 5)], ["nr", "p", "ns"])
    assert own[0] == own[1] != own[2] != own[3] == own[4]
    assert before[0] == 0 and before[2] == own[0] and before[3] == own[2]
    assert after[4] == 0 and after[0] == own[2] and after[2] == own[3]


def test_lac_columns_place_each_character_in_lacs_word():
    text = f"{PEOPLE[0]}在{PLACES[0]}。\n{PEOPLE[1]}去了{PLACES[1]}。"
    ids = lac_chars(text)
    assert ids.dtype == numpy.uint8 and len(ids) == len(text)
    assert ids[text.index("\n")] == NO_TAG
    label, place = lac_columns(ids).T
    # LAC's words are those of its own reading, with its labels
    from kg.lac import get_tagger

    line = text.split("\n")[0]
    for start, end, tag, _ in get_tagger().tag(line):
        assert place[start] in (0, 1) and (end - start == 1 or place[end - 1] == 3)
        assert len(set(label[start:end].tolist())) == 1
    assert lac_chars_many(["", text])[1].tolist() == ids.tolist()
    # the paths kg_lac decoded are the ones read again, and the same as those decoded here
    get_tagger().paths.clear()
    get_tagger().tag_lines([line])
    assert get_tagger().paths[line].tolist() == ids[:len(line)].tolist()


def test_pipeline_words_are_the_tokenizers():
    import spacy

    from kg.recognise.tokenizer import JiebaPosTokenizer

    text = f"{PEOPLE[2]}昨天在{PLACES[2]}参观了新工厂。"
    doc = JiebaPosTokenizer(spacy.blank("zh").vocab)(text)
    spans, flags = pipeline_words(text)
    assert [(t.idx, t.idx + len(t.text)) for t in doc] == spans
    assert [t.tag_ for t in doc] == flags


def test_stacked_features_come_after_the_others_and_old_features_stay():
    text = f"{PEOPLE[0]}在{PLACES[0]}"
    words, flags = pipeline_words(text)
    plain = text_features(text, words, 1 << 16)
    stacked = text_features(text, words, 1 << 16, flags=flags, lac=lac_columns(lac_chars(text)))
    assert plain.shape == (len(text), 25) and stacked.shape == (len(text), 35)
    assert (stacked[:, :25] == plain).all()
    other = text_features(text, words, 1 << 16, flags=["v"] * len(flags), lac=lac_columns(lac_chars(text)))
    assert (other[:, :25] == plain).all() and not (other[:, 25:30] == stacked[:, 25:30]).all()


def _examples() -> list[Example]:
    out = []
    for person, place in zip(PEOPLE, PLACES):
        text = f"{person}在{place}工作。"
        spans = ((0, len(person), frozenset({"PER"})), (len(person) + 1, len(person) + 1 + len(place), frozenset({"LOC"})))
        out.append(Example(text, spans, frozenset({"PER", "LOC"})))
    return out


def test_weights_name_their_stacked_inputs_and_need_them(tmp_path):
    examples = _examples()
    read = [pipeline_words(e.text) for e in examples]
    data = arrays(examples, 1 << 14, stacked=(read, lac_chars_many([e.text for e in examples])), stack=("pos", "lac"))
    assert data["feats"].shape[1] == 35
    trainer = train(data, 4, batch=2)
    trainer.stack = ("pos", "lac")
    trainer.averaged().save(tmp_path / "s.npz")
    model = TaggerModel.load(tmp_path / "s.npz")
    assert model.stack == ("pos", "lac")
    text = f"{PEOPLE[1]}在{PLACES[1]}工作。"
    words, flags = pipeline_words(text)
    with pytest.raises(ValueError):
        model.spans([text], [words])
    found = {(text[s:e], lab) for s, e, lab in model.spans([text], [words], flags=[flags], lac=[lac_columns(lac_chars(text))])[0]}
    assert (PEOPLE[1], "PER") in found
    # the component computes LAC's tags itself and takes the words' flags with them
    from kg.tagger.component import tagger_spans

    spans = tagger_spans(text, [(s, e, f) for (s, e), f in zip(words, flags)], model)
    assert {(text[s:e], lab) for s, e, lab in spans} == found
    # weights without stacked inputs read neither (and need neither)
    plain = train(arrays(examples, 1 << 14), 4, batch=2).averaged()
    assert plain.stack == () and plain.spans([text], [jieba_words(text)])[0]
    # direct mode reads old weights without the event label, stacked ones with it
    from kg.tagger.component import TaggerRecognizer

    direct = TaggerRecognizer(("PRO",), str(tmp_path / "s.npz"), mode="direct")
    assert direct._without(plain) == ("EVT",) and direct._without(model) == ()

"""kg eval duie --half: the DuIE sentences split by a hash of their text."""

import json

import pytest

from kg.evaluation.duee import half_of
from kg.evaluation.duie import read_duie


def _write(tmp_path, texts):
    path = tmp_path / "duie.json"
    rows = [{"text": t, "spo_list": [{"subject": "星河科技", "predicate": "董事长", "object": {"@value": "林远舟"}}]}
            for t in texts]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_halves_split_the_sentences_by_their_text(tmp_path):
    texts = [f"星河科技董事长林远舟第{i}次讲话" for i in range(12)]
    path = _write(tmp_path, texts)
    look = [t for t, _ in read_duie(path, half="look")]
    held = [t for t, _ in read_duie(path, half="held")]
    assert sorted(look + held) == sorted(texts)
    assert look and held and not set(look) & set(held)
    assert all(half_of(t) == "look" for t in look)
    assert len(read_duie(path, half="all")) == len(texts)


def test_an_unknown_half_is_refused(tmp_path):
    with pytest.raises(ValueError):
        read_duie(_write(tmp_path, ["甲"]), half="both")


def test_the_judge_folds_legal_forms_and_qualifying_places():
    from kg.evaluation.duie import duie_names, names

    words = duie_names()
    assert names("星河智能", {"星河智能股份有限公司"}, set(), words)
    assert names("临江市", {"临江"}, set(), words)
    assert names("北岭临江", {"临江"}, {"北岭"}, words)      # a country before its city
    assert names("星河智能集团", {"北岭星河智能集团"}, {"北岭"}, words)
    assert not names("北岭临江", {"临江"}, set(), words)      # the rest is no place named
    assert not names("星河智能", {"智能"}, set(), words)       # a shorter name is no match

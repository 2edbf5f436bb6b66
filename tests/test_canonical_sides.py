"""A country's one-character short name + 方 names a party of a talk, no person (invented text)."""

from kg.pipeline import make_pipeline


def test_the_side_of_a_talk_is_no_person():
    doc = make_pipeline()("双方举行会谈。巴方高度重视发展对华关系，欧方表示愿意继续合作。")
    assert not {m.text for m in doc._.kg_mentions if m.label == "Person"} & {"巴方", "欧方"}

"""A medal or a prize written right after a numbered contest ends its name (grammar.json events
after_words: 金牌, 一等奖 …); invented names."""

from kg.pipeline import make_pipeline


def test_a_medal_after_a_contest_is_no_part_of_its_name():
    doc = make_pipeline()("李小明获得第36届全国中学生物理竞赛金牌。")
    assert [m.text for m in doc._.kg_mentions if m.label == "Event"] == ["第36届全国中学生物理竞赛"]

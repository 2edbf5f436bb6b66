"""A name's first character that jieba cut off as a locative word (invented names)."""

from kg.recognition_eval import recognise


def _names(sentence: str) -> set[tuple[str, str]]:
    return {(sentence[s:e], label) for s, e, label in recognise([sentence], ner=False)[0]}


def test_a_locative_after_a_list_mark_opens_the_name():
    # jieba: 、 / 中 / 电 / 工业 / 星澜 / 有限公司
    sentence = "他会见了人大代表、中电工业星澜有限公司董事长林一帆。"
    assert ("中电工业星澜有限公司", "Company") in _names(sentence)
    assert ("电工业星澜有限公司", "Company") not in _names(sentence)

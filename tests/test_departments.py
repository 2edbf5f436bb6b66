"""A place + an official department (grammar.json government departments, with the long forms
that hold 和: 文化和旅游局, 发展和改革委员会) is a government body, also before a verb ending like a
body (主办); of one span read as an Organization and a GovernmentBody, the body wins. Invented places."""

import pytest

from kg.pipeline import make_pipeline


@pytest.mark.parametrize("text,name", [
    ("由青州市文化和旅游局主办的音乐节将于8月举行。", "青州市文化和旅游局"),
    ("青州市教育局主办的比赛明天开始。", "青州市教育局"),
    ("江南省发展和改革委员会批复了该项目。", "江南省发展和改革委员会"),
    ("青州市卫生健康委员会通报了情况。", "青州市卫生健康委员会"),
])
def test_a_place_and_its_department_is_a_government_body(text, name):
    found = [(m.text, m.label) for m in make_pipeline()(text)._.kg_mentions if m.label != "Event"]
    assert found == [(name, "GovernmentBody")]

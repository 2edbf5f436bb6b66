"""Numbered events (an edition or a year, a name, an Event suffix of the ontology) and events
joined by 暨 (kg.grammar ``ordinal_event`` / ``joined_event``) — on invented names."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, name", [
    # a verb inside the name (制造, 应用): the suffix alone opens no name over it
    ("2031鹭岛国际轨道装备制造博览会在北辰开幕。", "2031鹭岛国际轨道装备制造博览会"),
    ("鹭岛省第三届文化旅游新技术应用大会开幕。", "鹭岛省第三届文化旅游新技术应用大会"),
    # a second event joined to the first by 暨 is the same name
    ("第五届鹭岛产业博览会暨第二届北辰贸易洽谈会在北辰开幕。", "第五届鹭岛产业博览会暨第二届北辰贸易洽谈会"),
])
def test_a_numbered_event_with_an_ontology_suffix(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


def test_a_year_before_an_everyday_word_is_no_event(nlp):
    assert not [n for n, label in names(nlp, "2031年公司年会上，鹭岛队员工表演节目。") if label == "Event"]

"""A surname and a title (林校长, 王总) join the one person of the text with that surname, or of
several the one the text gives that title (kg.recognise.canonicalizer, recognise.json
person_honorifics and the ontology's titles). Invented names."""

from kg.recognise.canonicalizer import Canonicalizer
from kg.records import Mention


def _persons(text, names):
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, "Person", "lac") for n in names]
    return {e.name: sorted(e.aliases) for e in Canonicalizer().cluster(mentions, text) if e.label == "Person"}


def test_the_titled_surname_joins_the_person_given_that_title():
    text = "学生林小雨说，校长林立言来了。林校长笑了。"
    assert _persons(text, ["林小雨", "林立言", "林校长"]) == {"林小雨": [], "林立言": ["林校长"]}


def test_an_ambiguous_titled_surname_stays_apart():
    text = "林小雨和林立言来了。林校长笑了。"
    assert set(_persons(text, ["林小雨", "林立言", "林校长"])) == {"林小雨", "林立言", "林校长"}

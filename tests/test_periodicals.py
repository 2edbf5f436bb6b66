"""A name in 《》 with a periodical's word right before or after it (期刊《某某》, 《某某》杂志) is
the periodical, an Organization; a short title alone stays a Product. Invented names."""

import pytest

from kg.pipeline import make_pipeline


@pytest.mark.parametrize("text,name,cls", [
    ("《星河科学》杂志近日刊发了一篇论文。", "星河科学", "Organization"),
    ("研究成果发表在国际期刊《星河医学》上。", "星河医学", "Organization"),
    ("他读了《星河夜话》。", "星河夜话", "Product"),
])
def test_a_periodical_in_book_marks_is_an_organisation(text, name, cls):
    assert (name, cls) in [(m.text, m.label) for m in make_pipeline()(text)._.kg_mentions]

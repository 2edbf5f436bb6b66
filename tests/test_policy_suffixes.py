"""Quoted documents named by the kinds of the official list of Party and government documents
(决议, 通告, 批复 …) and by common regulatory kinds (若干措施, 细则, 准则, 章程) are policies,
and the body that issues one is linked to it; unquoted kinds are not names. Invented names."""

from kg.pipeline import make_pipeline
from tests.test_duee_relations import _named


def test_quoted_measures_are_a_policy_its_issuer_issued_it():
    text = "青州市商务局近日印发《关于促进青州市夜间经济发展的若干措施》，提出建成10个消费集聚区。"
    policies = [m.text for m in make_pipeline()(text)._.kg_mentions if m.label == "Policy"]
    assert policies == ["关于促进青州市夜间经济发展的若干措施"]
    assert ("青州市商务局", "关于促进青州市夜间经济发展的若干措施") in _named([text], "issued")[0]


def test_unquoted_kinds_are_no_policy():
    doc = make_pipeline()("各地要落实防控措施和实施细则，市政府发布通告。")
    assert not [m for m in doc._.kg_mentions if m.label == "Policy"]

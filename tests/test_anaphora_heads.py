"""该院 / 该局 / 该行 … point back to the nearest organisation whose name ends in the same head
(医院, 公安局, 银行), and to none when no name does (words.json anaphora). Invented names."""

from kg.pipeline import make_pipeline


def test_the_hospital_anaphor_points_to_the_hospital_and_its_head_leads_it():
    text = "记者从青州市人民医院获悉，该院院长刘海涛介绍，手术非常成功。"
    doc = make_pipeline()(text)
    assert [(m.text, m.name) for m in doc._.kg_mentions if m.source == "anaphor"] == [("该院", "青州市人民医院")]
    assert ("刘海涛", "leads", "青州市人民医院") in {(r.subject, r.predicate, r.object) for r in doc._.kg_relations}


def test_an_anaphor_whose_head_no_name_ends_in_points_nowhere():
    doc = make_pipeline()("星河科技发布年报，该院院长李明表示。")
    assert not [m for m in doc._.kg_mentions if m.source == "anaphor"]

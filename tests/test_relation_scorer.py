"""The learned relation scorer: candidates from the ontology, features, a model that round-trips,
and the pipeline stating a relation no hand pattern finds. Invented names only."""

import numpy
import pytest

from kg.nlp import analyse, make_pipeline
from kg.ontology import load_schema
from kg.read import parse_article
from kg.relations.candidates import Candidate, End, evidence_span, make_candidates
from kg.relations.features import Context, Tokens, featurize
from kg.relations.scorer import NONE, RelationModel
from kg.relations.train import fit

RELATIONS = load_schema().relations


def test_candidates_follow_domain_range_and_sentences():
    text = "星河科技推出天枢手机。覃小禾来自北辰市。"
    ms = [End(0, 4, "星河科技", "Company"), End(6, 10, "天枢手机", "Product"),
          End(11, 14, "覃小禾", "Person"), End(16, 19, "北辰市", "Place")]
    pairs = {(c.subject.key, c.object.key): c.relations for c in make_candidates(text, ms, RELATIONS)}
    assert "develops" in pairs[("星河科技", "天枢手机")]
    # across the full stop: no candidate
    assert ("星河科技", "北辰市") not in pairs and ("天枢手机", "覃小禾") not in pairs
    # a Person is in no relation's range with a Place subject
    assert ("北辰市", "覃小禾") not in pairs
    assert all(rel not in ("authorOf", "publisherOf") for rels in pairs.values() for rel in rels)


def test_evidence_is_verbatim_and_holds_both_ends():
    text = "据悉，星河科技昨日宣布，正式推出天枢手机，售价千元。"
    s, o = End(3, 7, "星河科技", "Company"), End(16, 20, "天枢手机", "Product")
    start, end = evidence_span(text, Candidate(s, o, (0, len(text) - 1), ("develops",)))
    assert text[start:end] == "星河科技昨日宣布，正式推出天枢手机"


def test_features_read_cues_from_the_ontology():
    text = "星河科技推出天枢手机"
    cand = Candidate(End(0, 4, "星河科技", "Company"), End(6, 10, "天枢手机", "Product"), (0, 10), ("develops",))
    tokens = Tokens.of([(0, 4, "星河科技"), (4, 6, "推出"), (6, 10, "天枢手机")])
    feats = featurize(Context(text, tokens, cand))
    assert "cue_between=verb:develops:fit|so" in feats
    assert "pattern_none" in feats
    assert "no_patterns" in featurize(Context(text, tokens, cand, with_patterns=False))


def test_model_round_trips_and_masks_relations_that_do_not_fit(tmp_path):
    model = RelationModel((NONE, "develops", "acquired"), {"a": 0}, numpy.array([[0.0, 1.0, 3.0]], numpy.float32),
                          numpy.zeros(3, numpy.float32), 0.4, False)
    model.save(tmp_path / "m.npz")
    back = RelationModel.load(tmp_path / "m.npz")
    assert back.classes == model.classes and back.threshold == pytest.approx(0.4) and not back.uses_patterns
    probs = back.probabilities(["a", "unknown"], ("develops",))
    assert set(probs) == {NONE, "develops"} and probs["develops"] > probs[NONE]
    assert sum(probs.values()) == pytest.approx(1.0)


def _examples():
    """Invented launches (develops) and sentences where a company and a product are not related."""
    makers = ["星河科技", "北辰公司", "青藤集团", "墨岚电子", "云帆科技", "天曜公司"]
    products = ["天枢手机", "启明芯片", "玄武平板", "青鸾耳机", "赤霄手表", "白泽音箱"]
    out = []
    for maker in makers:
        for product in products:
            for verb, label in (("出货", "develops"), ("投产", "develops"), ("评测", NONE), ("购买", NONE)):
                text = f"{maker}{verb}{product}"
                n, v = len(maker), len(verb)
                cand = Candidate(End(0, n, maker, "Company"), End(n + v, len(text), product, "Product"),
                                 (0, len(text)), ("acquired", "customerOf", "develops", "partOf"))
                tokens = Tokens.of([(0, n, maker), (n, n + v, verb), (n + v, len(text), product)])
                out.append((featurize(Context(text, tokens, cand, with_patterns=False)), label))
    return out


def test_trained_model_states_a_relation_in_the_pipeline(tmp_path, monkeypatch):
    model = fit(_examples(), c=10.0, threshold=0.5, uses_patterns=False)
    assert "develops" in model.classes
    path = tmp_path / "model.npz"
    model.save(path)
    nlp = make_pipeline(with_ner=False)
    # 出货 is no cue of the ontology: no hand pattern states this launch
    body = "蓝鲸科技公司今天出货了新款AirPods。"
    text = "标题\n\n" + body

    def relations():
        doc = analyse(parse_article(text, "t.txt"), nlp)
        names = {e.key: e.name for e in doc._.kg_entities}
        return {(names.get(r.subject), r.predicate, names.get(r.object)): r for r in doc._.kg_relations}

    monkeypatch.setenv("KG_RELATION_MODEL", "none")
    assert not any(p == "develops" for _, p, _ in relations())
    monkeypatch.setenv("KG_RELATION_MODEL", str(path))
    found = relations()
    develops = [r for (s, p, o), r in found.items() if p == "develops"]
    assert develops, found
    rel = develops[0]
    assert text[rel.start:rel.end] == rel.evidence and rel.rule == "scorer" and 0.5 <= rel.confidence < 1


def test_a_relation_model_that_does_not_exist_is_one_clear_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    article = tmp_path / "a.txt"
    article.write_text("标题\n\n北辰公司今天发布新品。\n", encoding="utf-8")
    monkeypatch.setenv("KG_RELATION_MODEL", str(tmp_path / "missing.npz"))
    result = CliRunner().invoke(main, ["build", str(article), "-o", str(tmp_path / "out"), "--no-ner", "-q"])
    assert result.exit_code == 1, result.output
    assert "missing.npz: no such relation model" in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "out" / "graph.ttl").exists()

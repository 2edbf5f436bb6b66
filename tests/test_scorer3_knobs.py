"""The scorer's knobs (the relations it may add, the pattern triples it may drop) and the DuEE
TRAIN labelling of pipeline candidates. Invented names only."""

import numpy
import pytest

from kg.ontology import load_schema
from kg.records import Relation
from kg.relations.candidates import End
from kg.relations.features import Context, Tokens
from kg.relations.scorer import NONE, RelationModel, apply
from kg.relations.train import DevArticle, event_examples, label_events

RELATIONS = load_schema().relations
TEXT = "星河科技推出天枢手机"
TOKENS = Tokens.of([(0, 4, "星河科技"), (4, 6, "推出"), (6, 10, "天枢手机")])
MAKER, PHONE = End(0, 4, "星河科技", "Company"), End(6, 10, "天枢手机", "Product")


def _model(develops: float, adds=(), drop_below=0.0) -> RelationModel:
    """A model whose only feature (the verb between) gives ``develops`` the weight ``develops``."""
    return RelationModel((NONE, "develops"), {"bw=推出|so": 0}, numpy.array([[0.0, develops]], numpy.float32),
                         numpy.zeros(2, numpy.float32), 0.5, True, tuple(adds), drop_below)


def _contexts(patterns=frozenset()):
    from kg.relations.candidates import make_candidates

    return [Context(TEXT, TOKENS, c, (), frozenset(patterns)) for c in make_candidates(TEXT, [MAKER, PHONE], RELATIONS)]


def test_knobs_round_trip(tmp_path):
    _model(2.0, ("develops",), 0.1).save(tmp_path / "m.npz")
    back = RelationModel.load(tmp_path / "m.npz")
    assert back.adds == ("develops",) and back.drop_below == pytest.approx(0.1)


def test_the_scorer_adds_only_the_relations_named():
    added = apply(_model(3.0), TEXT, _contexts(), [], frozenset())
    assert [(r.subject, r.predicate, r.object, r.rule) for r in added] == [("星河科技", "develops", "天枢手机", "scorer")]
    assert apply(_model(3.0, adds=("worksFor",)), TEXT, _contexts(), [], frozenset()) == []


def test_a_pattern_triple_the_model_doubts_is_dropped_only_below_the_bar():
    pattern = Relation("星河科技", "develops", "天枢手机", TEXT, 0, 10, 0.8, "verbs")
    other = Relation("覃小禾", "worksFor", "星河科技", "覃小禾在星河科技", 0, 8, 0.8, "titles")
    ctxs = _contexts({"develops"})
    # P(develops) = 1 / (1 + e^3) ≈ 0.05: dropped at 0.1, kept at 0.01; a pair with no candidate stays
    kept = apply(_model(-3.0, adds=("worksFor",), drop_below=0.1), TEXT, ctxs, [pattern, other], frozenset())
    assert kept == [other]
    kept = apply(_model(-3.0, adds=("worksFor",), drop_below=0.01), TEXT, ctxs, [pattern, other], frozenset())
    assert pattern in kept and other in kept


def test_event_candidates_are_labelled_by_the_arguments():
    text = "昨日，星河科技推出天枢手机和启明芯片"
    ms = [End(3, 7, "星河科技", "Company"), End(9, 13, "天枢手机", "Product"), End(14, 18, "启明芯片", "Product")]
    article = DevArticle("x", text, [(3, 7, "星河科技"), (7, 9, "推出"), (9, 13, "天枢手机"), (13, 14, "和"),
                                     (14, 18, "启明芯片")], ms, {}, [])
    # the corpus names the phone as launched, not the chip: the chip's pair is a negative
    labels = {(c.candidate.subject.key, c.candidate.object.key): lab
              for c, lab in label_events(article, {("develops", (3, 7), (7, 13))}, RELATIONS)}
    assert labels[("星河科技", "天枢手机")] == "develops"
    assert labels[("星河科技", "启明芯片")] == NONE


def test_duee_dev_is_never_training_data(tmp_path):
    with pytest.raises(SystemExit):
        event_examples(tmp_path / "duee_dev.json", tmp_path, load_schema())
    assert event_examples(None, tmp_path, load_schema()) == []

"""The fitted confidences: the fit's arithmetic, leave one article out, the shipped file, and
that the scorer keeps its own probability (invented rules and articles only)."""

import json

from kg.records import Relation
from kg.relations.confidence import built_only, calibrated, confidence_of, confidence_path, fitted
from kg.relations.evaluation import DUIE, POOLED, Judged, applied, bands, built_means, fit, loao


def _dev(article, rule, right, predicate="leads", n=1):
    return [Judged(article, rule, 0.6, right, predicate)] * n


def test_fit_shrinks_a_rule_toward_all_and_a_pair_toward_its_rule():
    judged = _dev("a", "x", True, n=4) + _dev("b", "y", False, n=4)
    table = fit(judged, prior=2.0, miss=0.0)
    assert table[POOLED] == 0.5
    assert table["x"] == round((4 + 2 * 0.5) / 6, 3)
    assert table["y"] == round((0 + 2 * 0.5) / 6, 3)
    # the pair is shrunk toward its rule's value, which it equals here
    assert table["x|leads"] == round((4 + 2 * table["x"]) / 6, 3)
    assert all(0 < v <= 0.99 for v in table.values())


def test_a_duie_relation_its_marks_call_wrong_counts_as_miss_right():
    public = [Judged(DUIE + "look", "x", 0.6, False, "leads")] * 4
    assert fit(public, prior=1.0, miss=0.0)["x"] == 0.0
    assert fit(public, prior=1.0, miss=0.5)["x"] == 0.5
    # dev wrongs stay wrong whatever the miss rate
    assert fit(_dev("a", "x", False, n=4), prior=1.0, miss=0.5)["x"] == 0.0


def test_loao_never_reads_the_held_article():
    # rule z is right in article a only: held out, a's relations take the others' pooled precision
    judged = _dev("a", "z", True, n=3) + _dev("b", "x", False, n=3) + _dev("c", "x", True, n=3)
    out = loao(judged, [], prior=5.0, miss=0.0)
    assert out[0][0] == 0.5  # b and c: 3 right of 6
    assert len(out) == 9 and all(0 < c <= 1 for c, _ in out)


def test_confidence_in_range_and_the_scorer_untouched():
    table, means = {"x": 0.0, "x|leads": 1.7}, {"x": 0.6, "x|leads": 0.6}
    assert confidence_of("x", "worksFor", 0.6, table, means) == 0.01
    assert confidence_of("x", "leads", 0.6, table, means) == 0.99
    rels = [Relation("s", "leads", "o", "ev", 0, 2, 0.6, "x"), Relation("s", "leads", "p", "ev", 0, 2, 0.42, "scorer"),
            Relation("s", "leads", "q", "ev", 0, 2, 0.55, "unfitted")]
    out = calibrated(rels, (table, means))
    assert [r.confidence for r in out] == [0.99, 0.42, 0.55]
    assert [(r.subject, r.object, r.evidence) for r in out] == [(r.subject, r.object, r.evidence) for r in rels]
    with built_only():
        assert calibrated(rels, (table, means)) == rels


def test_a_marked_down_relation_stays_below_its_rule():
    table, means = {"x|leads": 0.8}, {"x|leads": 0.7}
    plain, hedged = confidence_of("x", "leads", 0.7, table, means), confidence_of("x", "leads", 0.45, table, means)
    assert plain == 0.8 and hedged == 0.55


def test_applied_bands_use_the_table():
    judged = _dev("a", "x", True, n=2) + _dev("a", "y", False, n=2)
    means = built_means(judged)
    assert means["x"] == 0.6 and means["y|leads"] == 0.6
    rows, ece = bands(applied(judged, {"x": 0.95, "y": 0.05}, means))
    assert round(ece, 3) == 0.05


def test_shipped_file_names_its_command_and_data_and_holds_confidences():
    data = json.loads(confidence_path().read_text(encoding="utf-8"))
    assert "kg eval calibration" in data["command"] and "--fit" in data["command"]
    assert len(data["fitted_on"]) == 2
    assert data["confidence"] and all(0 < v <= 1 for v in data["confidence"].values())
    assert POOLED not in data["confidence"] and set(data["confidence"]) <= set(data["built"])
    assert fitted()[0] == {k: float(v) for k, v in data["confidence"].items()}

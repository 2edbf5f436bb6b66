"""The fitted confidences: the fit's arithmetic and cells, leave one article out, the evidence's
shape, the band tables, the shipped file, and that the scorer keeps its own probability
(invented rules and articles only)."""

import json

from kg.records import Relation
from kg.relations.candidates import End
from kg.relations.confidence import POOLED, built_only, calibrated, confidence_of, confidence_path, fitted, shape
from kg.relations.evaluation import DUIE, Judged, applied, bands, fit, loao, quantile_bands


def _dev(article, rule, right, predicate="leads", n=1, form="near"):
    return [Judged(article, rule, 0.6, right, predicate, form)] * n


def test_fit_shrinks_each_cell_toward_its_parent():
    judged = _dev("a", "x", True, n=4) + _dev("b", "y", False, n=4)
    table = fit(judged, prior=2.0, miss=0.0)["confidence"]
    assert table[POOLED] == 0.5
    assert table["leads"] == round((4 + 2 * 0.5) / 10, 3)
    assert table["leads|x"] == round((4 + 2 * table["leads"]) / 6, 3)
    assert table["leads|y"] == round((0 + 2 * table["leads"]) / 6, 3)
    assert table["leads|x|near"] > table["leads|x"] > table["leads"] > table["leads|y"] > table["leads|y|near"]
    assert all(0 < v <= 0.99 for v in table.values())


def test_a_duie_relation_its_marks_call_wrong_counts_as_miss_right():
    public = [Judged(DUIE + "look", "x", 0.6, False, "leads", "near")] * 4
    assert fit(public, prior=1.0, miss=0.0)["confidence"]["leads|x|near"] == 0.0
    assert fit(public, prior=1.0, miss=0.5)["confidence"]["leads|x|near"] == 0.5
    # dev wrongs stay wrong whatever the miss rate
    assert fit(_dev("a", "x", False, n=4), prior=1.0, miss=0.5)["confidence"]["leads|x|near"] == 0.0


def test_fit_keeps_each_cells_mean_as_built():
    judged = _dev("a", "x", True, n=2) + [Judged("a", "x", 0.9, True, "leads", "far")] * 2
    built = fit(judged)["built"]
    assert built[POOLED] == built["leads|x"] == 0.75
    assert built["leads|x|near"] == 0.6 and built["leads|x|far"] == 0.9


def test_loao_never_reads_the_held_article():
    # relation founded is right in article a only: held out, a's relations take the others' pooled precision
    judged = _dev("a", "z", True, "founded", n=3) + _dev("b", "x", False, n=3) + _dev("c", "x", True, n=3)
    out = loao(judged, [], prior=5.0, miss=0.0)
    assert out[0][0] == 0.5  # b and c: 3 right of 6
    assert len(out) == 9 and all(0 < c <= 1 for c, _ in out)


def _fit(table, built=None, markdown=0.25):
    return {"confidence": table, "built": built or {k: 0.7 for k in table}, "markdown": markdown}


def test_the_most_specific_cell_wins():
    fitted_cells = _fit({POOLED: 0.9, "leads": 0.8, "leads|x": 0.7, "leads|x|far": 0.4})
    assert confidence_of("leads", "x", "far", 0.7, fitted_cells) == 0.4
    assert confidence_of("leads", "x", "near", 0.7, fitted_cells) == 0.7
    assert confidence_of("leads", "y", "far", 0.7, fitted_cells) == 0.8
    assert confidence_of("founded", "x", "far", 0.7, fitted_cells) == 0.9
    assert confidence_of("leads", "x", "far", 0.7, _fit({POOLED: 0.9, "leads|x|far": 1.7})) == 0.99
    assert confidence_of("leads", "x", "far", 0.7, _fit({POOLED: 0.0})) == 0.01


def test_a_marked_down_relation_stays_below_and_the_rest_is_not_raised():
    cell = _fit({POOLED: 0.9}, {POOLED: 0.7}, markdown=0.25)
    plain, above, hedged = (confidence_of("leads", "x", "near", c, cell) for c in (0.7, 0.95, 0.45))
    assert plain == above == 0.9 and hedged == round(0.9 - 0.25 * 0.25, 3)
    # never falling as the pattern's confidence rises
    values = [confidence_of("leads", "x", "near", c / 20, cell) for c in range(21)]
    assert values == sorted(values)


def test_shape_of_the_evidence():
    rel = Relation("p", "leads", "o", "oo chief pp", 0, 11, 0.8, "x")
    org, person = End(0, 2, "o", "Organization", False), End(9, 11, "p", "Person", False)
    other = End(3, 5, "q", "Place", False)
    assert shape(rel, [org, person]) == "far"           # 7 characters between
    assert shape(rel, [org, End(7, 8, "p", "Person", False)]) == "near"
    assert shape(rel, [org, person, other]) == "crowded"
    assert shape(rel, [person]) == "apart"              # the subject named outside the evidence
    assert shape(rel, [org, End(12, 14, "p", "Person", False)]) == "apart"


def test_calibrated_keeps_the_relations_and_the_scorer():
    table = _fit({POOLED: 0.9, "leads|x|near": 0.95}, {POOLED: 0.55, "leads|x|near": 0.6})
    mentions = [End(0, 1, "o", "Organization", False), End(3, 4, "s", "Person", False)]
    rels = [Relation("s", "leads", "o", "o, s", 0, 4, 0.6, "x"),
            Relation("s", "leads", "p", "ev", 0, 2, 0.42, "scorer"),
            Relation("s", "founded", "q", "ev", 0, 2, 0.55, "unfitted")]
    out = calibrated(rels, mentions, table)
    assert [r.confidence for r in out] == [0.95, 0.42, 0.9]
    assert [(r.subject, r.object, r.evidence) for r in out] == [(r.subject, r.object, r.evidence) for r in rels]
    with built_only():
        assert calibrated(rels, mentions, table) == rels
    assert calibrated(rels, mentions, _fit({"x": 0.5})) == rels  # a table without its pooled cell is no fit


def test_applied_bands_use_the_table():
    judged = _dev("a", "x", True, n=2) + _dev("a", "y", False, n=2)
    rows, ece = bands(applied(judged, _fit({POOLED: 0.5, "leads|x": 0.95, "leads|y": 0.05})))
    assert round(ece, 3) == 0.05


def test_quantile_bands_hold_enough_triples_and_count_shares():
    pairs = [(0.1 * (i % 7), i % 3 != 0) for i in range(50)] + [(0.9, 0.75)] * 3
    rows, ece = quantile_bands(pairs, size=20)
    assert all(r["n"] >= 20 for r in rows) and sum(r["n"] for r in rows) == 53
    assert abs(sum(r["right"] for r in rows) - (sum(i % 3 != 0 for i in range(50)) + 2.25)) < 1e-9
    assert 0 <= ece <= 1


def test_shipped_file_names_its_command_and_data_and_holds_confidences():
    data = json.loads(confidence_path().read_text(encoding="utf-8"))
    assert "kg eval calibration" in data["command"] and "--fit" in data["command"]
    assert len(data["fitted_on"]) == 2 and 0 <= data["miss"] <= 1 and 0 <= data["markdown"] <= 1
    assert POOLED in data["confidence"] and all(0 < v <= 1 for v in data["confidence"].values())
    assert set(data["built"]) == set(data["confidence"])
    # every cell's parent is there: relation|rule|shape -> relation|rule -> relation
    for key in data["confidence"]:
        if key.count("|"):
            assert key.rsplit("|", 1)[0] in data["confidence"]
    assert fitted()["confidence"] == {k: float(v) for k, v in data["confidence"].items()}

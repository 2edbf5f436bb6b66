"""The bench reports issue 11's NER stage: the characters per second of LAC, the tagger and the
vote together, from the timed stages of the jobs=1 build."""

from __future__ import annotations

from kg.bench.report import format_report, summarize


def _report(stages):
    build = {"total_s": 10.0, "nlp_s": 8.0, "cpu_s": 9.5, "children_cpu_s": 0.0, "rss_mb": 500.0,
             "children_rss_mb": 0.0, "runs_s": [10.0], "triples": 100, "pipes": [s[0] for s in stages],
             "init_s": 1.0, "stages": stages}
    return {"machine": "2 cores", "runs": 1, "corpus": {"chars": 20_000, "articles": 5, "bytes": 60_000,
                                                        "min_bytes": 1_000, "max_bytes": 5_000, "source": "test"},
            "jieba": {"cut_s": 0.1, "cut_runs": [0.1], "rss_mb": 100.0}, "build": {"jobs1": build}}


def test_the_ner_stage_is_lac_tagger_and_vote_together():
    rep = _report([["tokenizer", 1.0, 1.0], ["kg_lac", 1.5, 1.4], ["kg_tagger", 0.25, 0.2],
                   ["kg_vote", 0.25, 0.4], ["kg_relations", 3.0, 3.0]])
    rep["summary"] = summary = summarize(rep)
    assert summary["ner_chars_per_s"] == 20_000 / 2.0
    assert summary["ner_cpu_chars_per_s"] == 20_000 / 2.0
    assert "NER stage (kg_lac + kg_tagger + kg_vote, jobs=1): 10,000 chars/s" in format_report(rep)


def test_a_build_without_timed_stages_has_no_ner_figure():
    rep = _report([])
    rep["summary"] = summary = summarize(rep)
    assert summary["ner_chars_per_s"] is None
    assert "NER stage (kg_lac + kg_tagger + kg_vote, jobs=1): – chars/s" in format_report(rep)

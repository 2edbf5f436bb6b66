"""Reading CLUENER files and the P / R / F1 table (kg.cluener); invented sentences."""

from __future__ import annotations

import json
import re

import pytest

from kg.cluener import LABEL_MAP, _score, format_report, read_cluener
from kg.errors import KgError


def test_read_cluener_gives_end_exclusive_spans(tmp_path):
    good = tmp_path / "dev.json"
    record = {"text": "蓝河银行行长林晓风到访。", "label": {"name": {"林晓风": [[6, 8]]}, "company": {"蓝河银行": [[0, 3]]}}}
    good.write_text(json.dumps(record, ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert read_cluener(good) == [(record["text"], [(0, 4, "company"), (6, 9, "name")])]
    assert LABEL_MAP["name"] == "Person" and "book" not in LABEL_MAP


def test_read_cluener_reports_bad_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "李明", "label": {"name": {"李明": [[0, 5]]}}}\n', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json: line 1"):
        read_cluener(bad)


def test_score_counts_exact_spans_per_label():
    gold = [{(0, 2, "Person"), (3, 5, "Place")}]
    pred = [{(0, 2, "Person"), (3, 6, "Place")}]
    scores = _score(gold, pred)
    assert scores["per_label"]["Place"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert scores["overall"]["tp"] == 1 and scores["overall"]["f"] == pytest.approx(0.5)


def test_format_report_last_line():
    scores = {"per_label": {}, "overall": {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}}
    assert re.fullmatch(r"F1=0\.\d{3}", format_report(scores).splitlines()[-1])

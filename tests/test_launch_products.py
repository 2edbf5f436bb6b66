"""Products named in a launch frame (kg.recognise.rule_launches) and kg eval duee's misses of a
file that is no measure (invented names and sentences)."""

import json

from kg.evaluation.duee import DEV_FILE, format_duee, score_duee


def _report(half: str) -> dict:
    record = {"id": "x", "text": "青岚X7发布", "half": half, "gold": {(0, 4, "Product", "发布产品")}}
    report = score_duee([record], [set()])
    report["half"] = "all"
    return report


def test_misses_of_a_file_that_is_no_measure_are_listed_from_either_half():
    report = _report("held")
    report["measure"] = False  # a sample of DuEE train
    assert "missed Product" in format_duee(report, misses=5)
    report["measure"] = True  # duee_dev.json: its held half is never read
    assert "missed Product" not in format_duee(report, misses=5)
    assert "missed Product" in format_duee(_report("look"), misses=5)


def test_only_the_dev_file_is_a_measure(tmp_path, monkeypatch):
    import kg.evaluation.duee as duee
    import kg.recognition_eval as recognition

    line = json.dumps({"id": "x", "text": "青岚X7发布", "event_list": [{"event_type": "产品行为-发布", "arguments": [
        {"argument_start_index": 0, "role": "发布产品", "argument": "青岚X7"}]}]}, ensure_ascii=False)
    monkeypatch.setattr(recognition, "recognise", lambda texts, ner=True: [set() for _ in texts])
    for name, measure in (("sample.json", False), (DEV_FILE, True)):
        (tmp_path / name).write_text(line + "\n", encoding="utf-8")
        assert duee.evaluate_duee(tmp_path / name)["measure"] is measure

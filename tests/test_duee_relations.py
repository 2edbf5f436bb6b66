"""kg eval duee --relations: the relations DuEE's events state, scored on graphs built for real
(invented sentences)."""

import json

from click.testing import CliRunner

from kg.cli import main
from kg.evaluation.duee_relations import read_duee_relations, score_duee_relations


def _line(text, event_type, *arguments, sid="s1"):
    args = [{"argument_start_index": text.index(arg), "role": role, "argument": arg, "alias": []}
            for role, arg in arguments]
    return json.dumps({"text": text, "id": sid, "event_list": [
        {"event_type": event_type, "trigger": "", "trigger_start_index": 0, "arguments": args, "class": "x"}]},
        ensure_ascii=False)


def test_mapped_events_give_triples_and_others_are_left_out(tmp_path):
    path = tmp_path / "duee.json"
    path.write_text("\n".join([
        _line("北辰公司发布了北辰X9、北辰X10。", "产品行为-发布", ("发布方", "北辰公司"), ("发布产品", "北辰X9、北辰X10")),
        _line("北辰公司裁员三百人。", "组织关系-裁员", ("裁员方", "北辰公司"), sid="s2"),
    ]) + "\n", encoding="utf-8")
    records = read_duee_relations(path)
    assert len(records) == 1
    text = records[0]["text"]
    assert sorted((r, text[slice(*s)], text[slice(*o)]) for r, s, o in records[0]["gold"]) == [
        ("develops", "北辰公司", "北辰X10"), ("develops", "北辰公司", "北辰X9")]


def test_head_matches_and_precision_only_for_the_exhaustive_relations():
    record = {"id": "a", "text": "北辰公司发布新旗舰北辰X9。", "half": "look",
              "gold": {("develops", (0, 4), (6, 13)), ("worksFor", (0, 2), (2, 4))}}
    spans = {"bc": [(0, 4)], "x9": [(9, 13)], "other": [(6, 8)]}
    triples = {("develops", "bc", "x9"), ("develops", "bc", "other"), ("worksFor", "bc", "x9")}
    report = score_duee_relations([record], [(spans, {}, triples)])
    develops = report["relations"]["develops"]
    assert (develops["exact"], develops["head"], develops["ends"]) == (0, 1, 1)
    assert develops["predicted"] == 2 and develops["precision_head"] == 0.5
    assert "predicted" not in report["relations"]["worksFor"]
    assert [w["triple"] for w in report["wrong"]] == [("develops", "bc", "other")]


def test_cli_builds_each_sentence_and_finds_launches_and_openings(tmp_path):
    path = tmp_path / "duee.json"
    path.write_text("\n".join([
        _line("北辰公司将在德国慕尼黑正式发布北辰X9手机。", "产品行为-发布", ("发布方", "北辰公司"), ("发布产品", "北辰X9手机")),
        _line("第三届青藤论坛将于10月18日在杭州开幕。", "组织行为-开幕", ("活动名称", "第三届青藤论坛"), ("地点", "杭州"),
              sid="s2"),
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "duee", str(path), "--relations"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    rows = {line.split()[0]: line.split() for line in lines[2:] if line.split()}
    assert rows["locatedIn"][1:5] == ["1", "1", "1", "1"], result.output
    assert rows["develops"][1] == "1" and lines[-1].startswith("R="), result.output


def _named(sentences, relation):
    # the whole pipeline (the statistical model finds the invented persons and teams)
    from kg.evaluation.duee_relations import build_graphs

    found = []
    for text, (spans, _, triples) in zip(sentences, build_graphs(sentences)):
        name = {key: text[s:e] for key, places in spans.items() for s, e in places}
        found.append({(name[s], name[o]) for r, s, o in triples if r == relation})
    return found


def test_sides_of_a_match_and_winners_attended_the_contest():
    found = _named(["第三届青藤杯决赛中，林一帆3比1战胜王志远。", "林一帆蝉联第三届青藤杯冠军。",
                    "第三届青藤杯决赛中，林一帆没有战胜王志远。", "林一帆在青藤大学读书时战胜了病魔。"], "attended")
    assert found[0] == {("林一帆", "第三届青藤杯决赛"), ("王志远", "第三届青藤杯决赛")}
    assert found[1] == {("林一帆", "第三届青藤杯")}
    assert found[2] == set() and found[3] == set()  # negated; no contest named


def test_joining_and_signing_a_player_is_working_for_the_club():
    found = _named(["据报道，林一帆将在离开星河队后加盟北辰队。", "北辰篮球俱乐部正式签约美籍华裔球员林一帆。",
                    "北辰公司与星河集团签约。"], "worksFor")
    assert found[0] == {("林一帆", "北辰队")}
    assert found[1] == {("林一帆", "北辰篮球俱乐部")}
    assert found[2] == set()  # two companies signing are partners

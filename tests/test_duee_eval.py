"""kg eval duee: DuEE 1.0 event arguments scored as entity classes (invented sentences)."""

import json

from click.testing import CliRunner

from kg.cli import main
from kg.evaluation.duee import _items, duee_roles, half_of, read_duee, score_duee


def _line(text, *arguments, sid="s1"):
    args = [{"argument_start_index": text.index(arg), "role": role, "argument": arg, "alias": []}
            for role, arg in arguments]
    return json.dumps({"text": text, "id": sid, "event_list": [
        {"event_type": "x", "trigger": "", "trigger_start_index": 0, "arguments": args, "class": "x"}]},
        ensure_ascii=False)


def _write(tmp_path, *lines):
    path = tmp_path / "duee.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_list_arguments_are_items_without_quotes():
    text = "召回“天枢”、“云帆”等产品"
    spans = _items(text, 2, len(text) - 2, duee_roles())
    assert [text[s:e] for s, e in spans] == ["天枢", "云帆"]


def test_halves_split_by_id_and_are_stable():
    ids = [f"id{i}" for i in range(200)]
    halves = [half_of(i) for i in ids]
    assert 60 < halves.count("look") < 140 and set(halves) == {"look", "held"}
    assert halves == [half_of(i) for i in ids]


def test_unmapped_roles_and_halves_are_left_out(tmp_path):
    path = _write(tmp_path, _line("星河科技裁员三百人", ("裁员人数", "三百人"), ("发布方", "星河科技"), sid="id1"),
                  _line("北辰公司发布天枢", ("发布产品", "天枢"), sid="id2"))
    records = read_duee(path)
    assert [sorted(r["gold"]) for r in records] == [[(0, 4, "ORG", "发布方")], [(6, 8, "Product", "发布产品")]]
    assert len(read_duee(path, half_of("id1"))) == 1


def test_exact_and_head_matches_and_precision():
    records = [{"id": "a", "text": "北辰公司发布2020款天枢9手机", "half": "look",
                "gold": {(6, 13, "Product", "发布产品"), (0, 4, "ORG", "发布方")}}]
    report = score_duee(records, [{(11, 13, "Product"), (0, 4, "Company"), (0, 2, "Product")}])
    product, org = report["classes"]["Product"], report["classes"]["ORG"]
    assert (product["exact"], product["head"], org["exact"]) == (0, 1, 1)
    assert product["predicted"] == 2 and product["precision_head"] == 0.5 and product["precision_exact"] == 0.0
    assert "predicted" not in org  # organisations are not exhaustive: no precision


def test_cli_builds_each_sentence_whole(tmp_path):
    path = _write(tmp_path, _line("星河科技今天发布了天枢100 Pro手机。", ("发布方", "星河科技"), ("发布产品", "天枢100 Pro")),
                  _line("第三届青藤国际动漫博览会在北辰市开幕。", ("活动名称", "第三届青藤国际动漫博览会"), ("地点", "北辰市"),
                        sid="s2"),
                  _line("林一帆在北辰市发布了云帆手表。", ("发布产品", "林一帆在北辰市发布了云帆手表"), sid="s3"))
    result = CliRunner().invoke(main, ["eval", "duee", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "R=0.800", result.output
    rows = {line[:22].strip(): line.split() for line in lines}
    # 云帆手表 ends the third argument: a launch frame's product (kg.recognise.rule_launches), found by its head
    assert rows["Event"][1:4] == ["1", "1", "1"] and rows["Product"][1:4] == ["2", "1", "2"]
    missing = CliRunner().invoke(main, ["eval", "duee", str(tmp_path / "none.json")])
    assert missing.exit_code == 1 and missing.output.count("\n") == 1


def test_product_names_are_judged_apart_from_descriptions():
    from kg.evaluation.duee_names import product_names

    text = "北辰发布了四款新品：全新一代天枢X9手机、《云帆》AR手游以及首款折叠屏手机"
    start = text.index("四款")
    names, described = product_names(text, start, len(text))
    assert [text[s:e] for s, e in names] == ["天枢X9", "云帆"]
    assert [text[s:e] for s, e in described] == ["四款新品", "首款折叠屏手机"]


def test_name_rows_count_names_and_descriptions(tmp_path):
    path = _write(tmp_path, _line("北辰公司发布新款天枢9和首款云帆手表", ("发布产品", "新款天枢9和首款云帆手表")))
    records = read_duee(path)
    text = records[0]["text"]
    assert [text[s:e] for s, e in sorted(records[0]["names"])] == ["天枢9"]
    report = score_duee(records, [{(text.index("天枢9"), text.index("天枢9") + 3, "Product")}])
    names = report["classes"]["Product / names"]
    assert (names["gold"], names["exact"], names["predicted"]) == (1, 1, 1)
    assert report["classes"]["Product / descriptions"]["gold"] == 1
    assert report["total"]["gold"] == report["classes"]["Product"]["gold"]  # the views add to no total


def test_a_kind_word_before_a_code_is_no_part_of_the_name():
    from kg.evaluation.duee_names import product_names

    text = "发布新一代降噪耳机WF-7000和星澜手机"
    names, _ = product_names(text, 2, len(text))
    assert [text[s:e] for s, e in names] == ["WF-7000", "星澜"]  # a Han name keeps its place: no code after 手机

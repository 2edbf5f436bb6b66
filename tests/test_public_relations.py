"""The readers of public relation corpora (kg/relations/public.py) on tiny invented files.

Every sentence and name here is made up; each test writes its files into tmp_path in the
corpus's own format. The real corpora are never read by the tests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.relations.public import PairExample, fits, load_relation_map, read_duee, read_duie, read_finre, read_public
from kg.relations.public_report import main


def _mentions(example: PairExample) -> tuple[str, str, str | None]:
    return example.text[slice(*example.head)], example.text[slice(*example.tail)], example.relation


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def _duie(text: str, *spo: tuple[str, str, str, str, str], v2: bool = True) -> dict:
    """A DuIE line; 2.0 wraps objects and object types in {"@value": …}."""
    wrap = (lambda v: {"@value": v}) if v2 else (lambda v: v)
    return {"text": text, "spo_list": [
        {"predicate": p, "subject": s, "subject_type": st, "object": wrap(o), "object_type": wrap(ot)}
        for s, st, p, o, ot in spo]}


def _duie_file(tmp_path: Path, text: str, *spo: tuple[str, str, str, str, str]) -> Path:
    return _jsonl(tmp_path / "duie.json", [_duie(text, *spo)])


def _finre(path: Path, *rows: tuple[str, str, str, str]) -> Path:
    path.write_text("".join("\t".join(row) + "\n\n" for row in rows), encoding="utf-8")
    return path


def _event(event_type: str, *args: tuple[str, str, int]) -> dict:
    return {"event_type": event_type, "trigger": "x", "trigger_start_index": 0, "class": event_type.split("-")[0],
            "arguments": [{"argument_start_index": i, "role": r, "argument": a, "alias": []} for r, a, i in args]}


# ---------------------------------------------------------------- DuIE


def test_duie_chairman_is_the_person_leading_the_company(tmp_path: Path) -> None:
    text = "星河科技董事长林晓东昨日到访。"
    path = _duie_file(tmp_path, text, ("星河科技", "企业", "董事长", "林晓东", "人物"))
    [example] = list(read_duie(path))
    assert example == PairExample(text, (7, 10), "Person", (0, 4), "Company", "leads", "duie")


def test_duie_headquarters_and_the_pairs_no_triple_relates(tmp_path: Path) -> None:
    text = "星河科技总部位于云海市，创始人林晓东，代言人苏雨。"
    path = _duie_file(tmp_path, text,
                      ("星河科技", "企业", "总部地点", "云海市", "地点"),
                      ("星河科技", "企业", "创始人", "林晓东", "人物"),
                      ("星河科技", "企业", "代言人", "苏雨", "人物"))    # not mapped: no example, 苏雨 in no pair
    stats = Counter()
    found = {_mentions(e): (e.head_class, e.tail_class) for e in read_duie(path, stats=stats)}
    assert found == {
        ("星河科技", "云海市", "locatedIn"): ("Company", "Place"),
        ("林晓东", "星河科技", "founded"): ("Person", "Company"),
        # 林晓东 and 云海市 share a sentence but no triple: a person can lead a place, so a
        # negative in that order; no relation goes from a Place to a Person, so not the other.
        ("林晓东", "云海市", None): ("Person", "Place"),
    }
    assert stats["left out: relation not mapped"] == 1
    assert stats["dropped None: no relation fits the classes"] == 1


def test_duie_pair_related_by_an_unmapped_triple_is_no_negative(tmp_path: Path) -> None:
    text = "星河科技董事长林晓东，也是辰光集团的代言人，辰光集团董事长周立。"
    path = _duie_file(tmp_path, text,
                      ("星河科技", "企业", "董事长", "林晓东", "人物"),
                      ("辰光集团", "企业", "董事长", "周立", "人物"),
                      ("辰光集团", "企业/品牌", "代言人", "林晓东", "人物"))
    nones = {_mentions(e)[:2] for e in read_duie(path) if e.relation is None}
    # 林晓东 / 辰光集团 are related by 代言人, so not a negative; 周立 / 星河科技 are not; the two
    # companies are in no triple together (companies can be partners: both orders).
    assert nones == {("周立", "星河科技"), ("星河科技", "辰光集团"), ("辰光集团", "星河科技")}


def test_duie_1_format_missing_mention_and_limit(tmp_path: Path) -> None:
    rows = [_duie("明德学校校长赵一鸣致辞。", ("明德学校", "学校", "校长", "赵一鸣", "人物"), v2=False),
            _duie("蓝湾公司由钱某创立。", ("蓝湾公司", "企业", "创始人", "钱大钧", "人物")),
            _duie("橙子公司董事长孙二。", ("橙子公司", "企业", "董事长", "孙二", "人物"))]
    path = _jsonl(tmp_path / "duie.json", rows)
    stats = Counter()
    examples = list(read_duie(path, limit=2, stats=stats))
    assert [_mentions(e) for e in examples] == [("赵一鸣", "明德学校", "leads")]
    assert examples[0].tail_class == "Organization"
    assert stats["dropped: mention not in sentence"] == 1


# ---------------------------------------------------------------- FinRE


def test_finre_acquisition_both_ways_is_one_example(tmp_path: Path) -> None:
    text = "甲方集团宣布收购乙方科技全部股权。"
    path = _finre(tmp_path / "train.txt",
                  ("甲方集团", "乙方科技", "收购", text), ("乙方科技", "甲方集团", "被收购", text))
    stats = Counter()
    [example] = list(read_finre(path, stats=stats))
    assert example == PairExample(text, (0, 4), "Company", (8, 12), "Company", "acquired", "finre")
    assert stats["merged: same example again"] == 1


def test_finre_ownership_is_part_of_the_owner(tmp_path: Path) -> None:
    text = "丙丁控股拥有戊己电子。"
    path = _finre(tmp_path / "train.txt", ("丙丁控股", "戊己电子", "拥有", text))
    assert [_mentions(e) for e in read_finre(path)] == [("戊己电子", "丙丁控股", "partOf")]


def test_finre_unknown_is_none_unless_the_pair_has_a_label(tmp_path: Path) -> None:
    one = "庚辛银行与壬癸证券签约，子丑保险未参与。"
    path = _finre(tmp_path / "train.txt",
                  ("庚辛银行", "壬癸证券", "unknown", one), ("庚辛银行", "壬癸证券", "签约", one),
                  ("庚辛银行", "子丑保险", "unknown", one), ("子丑保险", "壬癸证券", "竞争", one))
    stats = Counter()
    found = [_mentions(e) for e in read_finre(path, stats=stats)]
    assert found == [("庚辛银行", "壬癸证券", "partnerOf"), ("庚辛银行", "子丑保险", None)]
    assert stats["dropped None: the pair has a label too"] == 1
    assert stats["left out: relation not mapped"] == 1


def test_finre_class_from_the_name_can_break_the_range(tmp_path: Path) -> None:
    text = "寅卯集团收购云海市。"
    path = _finre(tmp_path / "train.txt", ("寅卯集团", "云海市", "收购", text))
    stats = Counter()
    assert list(read_finre(path, stats=stats)) == []
    assert stats["dropped: classes outside domain/range"] == 1


# ---------------------------------------------------------------- DuEE


def test_duee_launch_is_develops_at_the_given_offsets(tmp_path: Path) -> None:
    text = "晨星手机好卖，星河科技今天发布了晨星手机。"
    event = _event("产品行为-发布", ("发布方", "星河科技", 7), ("发布产品", "晨星手机", 16))
    path = _jsonl(tmp_path / "duee.json", [{"text": text, "id": "1", "event_list": [event]}])
    [example] = list(read_duee(path))
    # argument_start_index, not the first occurrence of 晨星手机 (at 0)
    assert example == PairExample(text, (7, 11), "Company", (16, 20), "Product", "develops", "duee")


def test_duee_joining_and_opening(tmp_path: Path) -> None:
    rows = [
        {"text": "前锋 王小虎加盟红星队。", "id": "1",
         "event_list": [_event("组织关系-加盟", ("加盟者", " 王小虎", 2), ("所加盟组织", "红星队", 8))]},
        {"text": "蓝鲸科技加盟云海联盟。", "id": "2",
         "event_list": [_event("组织关系-加盟", ("加盟者", "蓝鲸科技", 0), ("所加盟组织", "云海联盟", 6))]},
        {"text": "第三届云海论坛在云海市开幕。", "id": "3",
         "event_list": [_event("组织行为-开幕", ("活动名称", "第三届云海论坛", 0), ("地点", "云海市", 8)),
                        _event("人生-婚礼", ("地点", "云海市", 8))]},
    ]
    stats = Counter()
    found = [(_mentions(e), e.head_class, e.tail_class) for e in read_duee(_jsonl(tmp_path / "d.json", rows), stats=stats)]
    assert found == [(("王小虎", "红星队", "worksFor"), "Person", "Organization"),
                     (("第三届云海论坛", "云海市", "locatedIn"), "Event", "Place")]
    assert stats["dropped: classes outside domain/range"] == 1      # 蓝鲸科技 is a Company
    assert stats["left out: event type not mapped"] == 1


def test_duee_winner_attended_the_event_as_person_or_team(tmp_path: Path) -> None:
    text = "云海杯决赛，李大山击败红星队。"
    event = _event("竞赛行为-胜负", ("赛事名称", "云海杯决赛", 0), ("胜者", "李大山", 6), ("败者", "红星队", 11))
    path = _jsonl(tmp_path / "duee.json", [{"text": text, "id": "1", "event_list": [event]}])
    found = {(_mentions(e), e.head_class) for e in read_duee(path)}
    assert found == {(("李大山", "云海杯决赛", "attended"), "Person"),
                     (("红星队", "云海杯决赛", "attended"), "Organization")}


# ---------------------------------------------------------------- all three, the map, the command


@pytest.mark.parametrize(("reader", "content", "message"), [
    (read_duie, '\n{"text": "甲"}\n', "line 2: not a valid DuIE record.*spo_list"),
    (read_finre, "甲\t乙\t收购\n", "line 1: not a valid FinRE record .3 tab-separated fields, not 4"),
    (read_duee, '{"text": "甲", "event_list": [{"arguments": []}]}\n', "line 1: not a valid DuEE record.*event_type"),
    (read_duee, "{not json\n", "line 1: not a valid DuEE record"),
])
def test_a_bad_line_is_one_error_naming_it(tmp_path: Path, reader, content: str, message: str) -> None:
    path = tmp_path / "corpus.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KgError, match=message):
        list(reader(path))
    with pytest.raises(KgError, match="no such file"):
        list(reader(tmp_path / "missing.txt"))



def _corpora(root: Path) -> Path:
    for folder in ("duie", "finre", "duee1"):
        (root / folder).mkdir()
    _jsonl(root / "duie" / "duie2_train_sample5000.json",
           [_duie("星河科技董事长林晓东。", ("星河科技", "企业", "董事长", "林晓东", "人物"))])
    for name, text in (("train.txt", "甲方集团入股乙方科技。"), ("valid.txt", "丙方集团入股丁方科技。"),
                       ("test.txt", "戊方集团入股己方科技。")):
        _finre(root / "finre" / name, (text[:4], text[6:10], "入股", text))
    for name in ("duee_train.json", "duee_dev.json"):
        event = _event("产品行为-发布", ("发布方", "星河科技", 0), ("发布产品", "晨星手机", 7))
        _jsonl(root / "duee1" / name, [{"text": "星河科技发布了晨星手机。", "id": name, "event_list": [event]}])
    return root


def test_read_public_splits(tmp_path: Path) -> None:
    root = _corpora(tmp_path)
    train = list(read_public(root))
    assert [(e.source, e.relation) for e in train] == [
        ("duie", "leads"), ("finre", "investedIn"), ("duee", "develops")]
    test = list(read_public(root, "test"))
    assert [(e.source, _mentions(e)[0]) for e in test] == [("finre", "戊方集团"), ("duee", "星河科技")]
    assert [e.source for e in read_public(root, "valid")] == ["finre"]
    with pytest.raises(ValueError):
        list(read_public(root, "dev"))


def test_command_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_corpora(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "== train" in out and "== test" in out
    assert any(line.split() == ["leads", "1"] for line in out.splitlines())
    assert main([str(tmp_path / "missing")]) == 1


def test_every_mapping_fits_the_ontology() -> None:
    mapping = load_relation_map()
    duie = mapping["duie"]
    schema = {p: (s, o) for s, p, o in [("企业", "董事长", "人物"), ("学校", "校长", "人物"), ("企业", "创始人", "人物"),
                                         ("企业", "总部地点", "地点"), ("景点", "所在城市", "城市"), ("国家", "首都", "城市")]}
    assert set(duie["relations"]) == set(schema)
    for predicate, rule in duie["relations"].items():
        subj, obj = (duie["classes"][t] for t in schema[predicate])
        head, tail = (subj, obj) if rule["direction"] == "forward" else (obj, subj)
        assert fits(rule["relation"], head, tail), predicate
    for label, rule in mapping["finre"]["relations"].items():
        head, tail = rule["head_class"], rule["tail_class"]
        assert fits(rule["relation"], *((head, tail) if rule["direction"] == "forward" else (tail, head))), label
    for event_type, rules in mapping["duee"]["events"].items():
        for rule in rules:
            head, tail = rule["subject"]["class"], rule["object"]["class"]
            heads = ("Person", "Organization") if head == "Agent" else (head,)
            assert all(fits(rule["relation"], h, tail) for h in heads), event_type


def test_finre_evaluation_judges_the_pairs_finre_annotates(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main as cli
    from kg.relations.evaluation import evaluate_finre

    path = tmp_path / "test.txt"
    path.write_text("星河科技集团\t北辰软件公司\t收购\t星河科技集团收购了北辰软件公司。\n\n"
                    "青藤网络公司\t墨岚科技集团\tunknown\t墨岚科技集团收购了青藤网络公司。\n\n"
                    "远山电子公司\t白云科技集团\t合作\t远山电子公司的董事会召开会议，白云科技集团发布年报。\n",
                    encoding="utf-8")
    report = evaluate_finre(path)
    assert report["sentences"] == 3
    assert report["relations"]["acquired"]["tp"] == 1      # stated and annotated
    assert report["relations"]["acquired"]["fp"] == 1      # stated, but FinRE says unknown
    assert report["relations"]["partnerOf"]["fn"] == 1     # annotated, not stated
    out = CliRunner().invoke(cli, ["eval", "finre", str(path)])
    assert out.exit_code == 0 and out.output.strip().splitlines()[-1] == "F1=0.500"


def test_confidences_fitted_on_other_articles_only():
    from kg.relations.evaluation import Judged, bands, refit_loao

    judged = ([Judged("a", "verb", 0.6, True)] * 4 + [Judged("b", "verb", 0.6, True)] * 4
              + [Judged("c", "name", 0.9, False)] * 2)
    refit = refit_loao(judged, prior=1.0)
    # verb in article a: 4 right of 4 elsewhere, pooled precision elsewhere 4/6
    assert abs(refit[0][0] - (4 + 4 / 6) / 5) < 1e-9
    # name is seen in article c alone: it takes the other articles' precision (8/8)
    assert refit[-1][0] == 0.99
    rows, ece = bands([(c, ok) for c, ok in refit])
    assert sum(r["n"] for r in rows) == 10 and 0 <= ece <= 1

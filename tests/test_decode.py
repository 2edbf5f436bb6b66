"""Any encoding in, Traditional Chinese analysed through Simplified: invented articles only."""

from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from kg.build import build
from kg.cli import main
from kg.decode import decode, to_simplified, traditional_share
from kg.errors import KgError
from kg.read import read_article

SIMPLIFIED = ("星河云与青禾科技签署合作协议\n\n"
              "2021-03-04 来源：星河日报\n"
              "星河云宣布与青禾科技签署战略合作协议，双方将在智慧农业领域展开合作。"
              "青禾科技总裁林远航表示，这次合作将帮助更多农户用上数字化工具。\n")
TRADITIONAL = ("星河雲與青禾科技簽署合作協議\n\n"
               "2021-03-04 來源：星河日報\n"
               "星河雲宣布與青禾科技簽署戰略合作協議，雙方將在智慧農業領域展開合作。"
               "青禾科技總裁林遠航表示，這次合作將幫助更多農戶用上數位化工具。\n")


@pytest.mark.parametrize("codec, data, name", [
    ("utf-8", SIMPLIFIED.encode("utf-8"), "UTF-8"),
    ("utf-8-sig", SIMPLIFIED.encode("utf-8-sig"), "UTF-8 with BOM"),
    ("utf-16", SIMPLIFIED.encode("utf-16"), "UTF-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "UTF-16"),
    ("utf-32", SIMPLIFIED.encode("utf-32"), "UTF-32"),
    ("gbk", SIMPLIFIED.encode("gbk"), "GBK"),
    ("gb18030", (SIMPLIFIED + "䶮𠀾\n").encode("gb18030"), "GB18030"),  # beyond GBK
    ("big5", TRADITIONAL.encode("big5"), "Big5"),
])
def test_encodings_are_detected_and_named(codec, data, name):
    text, found = decode(data, "a.txt")
    assert found == name
    assert text == data.decode(codec).removeprefix("\ufeff")


def test_damaged_utf8_is_not_mistaken_for_gbk():
    data = SIMPLIFIED.encode("utf-8") * 3
    data = data[:40] + b"\xff" + data[41:]
    with pytest.raises(KgError, match=r"a\.txt: not valid UTF-8 text \(byte 39"):
        decode(data, "a.txt")


def test_undecodable_names_file_and_likely_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(("Ceci n'est pas un article chinois: été, à côté, déjà. " * 20).encode("cp1252"))
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "latin.txt: not valid UTF-8 text" in lines[0] and "it looks like" in lines[0]


def test_forced_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SIMPLIFIED.encode("gbk"))
    assert read_article(path, encoding="gb18030").title == "星河云与青禾科技签署合作协议"
    with pytest.raises(KgError, match="not valid utf-16 text"):
        read_article(path, encoding="utf-16")
    with pytest.raises(KgError, match="unknown encoding 'nope'"):
        read_article(path, encoding="nope")


def test_warning_names_the_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SIMPLIFIED.encode("gbk"))
    notes = []
    article = read_article(path, warn=notes.append)
    assert notes == [f"{path}: read as GBK (not UTF-8)"]
    assert article.publishers[0][0] == "星河日报"


def test_traditional_detection():
    assert traditional_share(SIMPLIFIED) == 0.0
    assert traditional_share(TRADITIONAL) > 0.2
    copy = to_simplified(TRADITIONAL)
    assert len(copy) == len(TRADITIONAL)
    assert copy.startswith("星河云与青禾科技签署合作协议")


def test_traditional_is_analysed_as_simplified_and_written_as_is(tmp_path):
    simp, trad = tmp_path / "s" / "a.txt", tmp_path / "t" / "a.txt"
    simp.parent.mkdir(), trad.parent.mkdir()
    simp.write_text(SIMPLIFIED, encoding="utf-8")
    trad.write_bytes(TRADITIONAL.encode("big5"))
    notes = []
    article = read_article(trad, warn=notes.append)
    assert article.original == TRADITIONAL and "Traditional Chinese" in notes[-1]
    build([simp], tmp_path / "out-s", use_cache=False, ner=False)
    build([trad], tmp_path / "out-t", use_cache=False, ner=False, warn=notes.append)
    gs, gt = Graph().parse(tmp_path / "out-s" / "graph.ttl"), Graph().parse(tmp_path / "out-t" / "graph.ttl")
    labels_t = {str(o) for o in gt.objects(None, RDFS.label)}
    alt_t = {str(o) for o in gt.objects(None, SKOS.altLabel)}
    labels_s = {str(o) for o in gs.objects(None, RDFS.label)}
    assert "星河日報" in labels_t and "星河日报" in alt_t  # written as is; simplified for queries
    assert {to_simplified(label) for label in labels_t} == labels_s
    # the same relations, every evidence verbatim in the Traditional text
    evidence = [str(o) for o in gt.objects(None, gt.namespace_manager.expand_curie("kg:evidence"))]
    assert evidence and all(e in TRADITIONAL for e in evidence)
    preds = lambda g: sorted(str(p) for _, p, _ in g if "ontology#" in str(p) and not str(p).endswith(("evidence", "confidence", "evidenceStart", "evidenceEnd")))  # noqa: E731
    assert preds(gs) == preds(gt)
    assert [str(t) for t in gt.objects(None, gt.namespace_manager.expand_curie("dcterms:title"))] == \
        ["星河雲與青禾科技簽署合作協議"]

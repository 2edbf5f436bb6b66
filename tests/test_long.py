"""Long articles are analysed in pieces: same offsets, one node per entity, no spaCy E088."""

from __future__ import annotations

import random
import time

import pytest
from rdflib import Graph, Namespace

import kg.build as kb
from kg.build import analyse_article, build, chunks
from kg.read import parse_article

KG = Namespace("https://w3id.org/kg-zh/ontology#")
SURNAMES = "林陈黄周吴郑王冯蒋沈韩杨朱秦许何吕施张孔"
GIVEN = ["远航", "思源", "若水", "嘉禾", "明轩", "子墨", "浩然", "雨桐", "书瑶", "一鸣"]
ORGS = ["星河", "青禾", "云帆", "北辰", "远山", "明湖", "蓝鲸", "松果", "银杏", "飞鸽"]


def long_text(size: int, seed: int = 0) -> str:
    """An invented report of varied paragraphs, at least ``size`` characters long."""
    rng = random.Random(seed)
    lines, total = ["星河科技年度报告", "", "2021-03-04 来源：星河日报"], 0
    while total < size:
        person = rng.choice(SURNAMES) + rng.choice(GIVEN)
        a, b = rng.choice(ORGS) + "科技", rng.choice(ORGS) + "集团"
        paragraph = rng.choice([
            f"{a}与{b}签署战略合作协议，双方将在智慧农业领域展开合作。",
            f"{a}总裁{person}表示，公司将继续加大研发投入。",
            f"{person}出席了在{rng.choice(['杭州', '成都', '西安'])}举办的{rng.choice(ORGS)}大会。",
            f"{a}宣布投资{b}，金额约{rng.randint(1, 99)}亿元。",
        ]) + rng.choice(["", "业内人士认为，这一举措将推动行业发展。"])
        lines.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(lines) + "\n"


def test_pieces_cover_the_text_and_cut_at_line_or_sentence_ends():
    text = long_text(5000) + "无换行的长段落。" * 200  # a last line far longer than a piece
    article = parse_article(text, "long.txt")
    pieces = chunks(article, size=700)
    assert "".join(p.text for _, p in pieces) == text
    assert [o for o, _ in pieces] == [sum(len(p.text) for _, p in pieces[:i]) for i in range(len(pieces))]
    assert all(len(p.text) <= 700 and p.text[-1] in "\n。" for _, p in pieces[:-1])
    assert pieces[0][1].publishers and not any(p.publishers for _, p in pieces[1:])


def test_pieces_put_back_together(monkeypatch):
    article = parse_article(long_text(3000), "long.txt")
    monkeypatch.setattr(kb, "CHUNK", 400)
    assert len(chunks(article)) > 5
    result = analyse_article(article, ner=False)
    assert result.relations
    for r in result.relations:  # offsets are in the whole text
        assert article.text[r.start:r.end] == r.evidence
    keys = [e.key for e in result.entities]
    assert len(keys) == len(set(keys))  # one entity per key across pieces
    for e in result.entities:
        for m in e.mentions:
            assert article.text[m.start:m.end] == m.text
    # the single-process stream (nlp.pipe over every piece) gives the same result
    streamed = next(kb._analyse_many([article], 1, None, None, False))
    assert streamed.relations == result.relations
    assert [(e.key, e.name, e.aliases) for e in streamed.entities] == [(e.key, e.name, e.aliases)
                                                                       for e in result.entities]


@pytest.mark.slow
def test_a_million_characters_build(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(long_text(1_000_001), encoding="utf-8")
    started = time.perf_counter()
    build([path], tmp_path / "out", use_cache=False, ner=False)
    assert time.perf_counter() - started < 600
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(set(graph.subjects(KG.evidence, None))) > 1000

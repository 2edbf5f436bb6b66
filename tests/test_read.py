"""Reading articles: title, byline fields, and clear errors for bad input."""

from pathlib import Path

import pytest

from kg.errors import KgError
from kg.read import iter_article_paths, parse_article, read_article


@pytest.mark.parametrize("text, title, created, authors, publishers", [
    ("钉钉下乡\n\n  • 时间: 2020-09-28 05:00:06\n\n  作者杨丽\n\n  出品雷锋网产业组\n\n  正文。",
     "钉钉下乡", "2020-09-28T05:00:06", ["杨丽"], ["雷锋网产业组"]),
    ("标题\n\n2019年09月09日 20:52 北辰财经-自媒体综合\n原创： 张三编译 某某研究\n正文。",
     "标题", "2019-09-09T20:52:00", ["张三"], ["北辰财经", "某某研究"]),
    ("标题\n\n发表于 2014-08-24 21:30 | 来源 XHDN | 作者 周明川\n正文。",
     "标题", "2014-08-24T21:30:00", ["周明川"], ["XHDN"]),
    ("标题\n\n2020-10-04 20:30 来源: 星河网\n星河网10月4日讯（记者钱若水 整合） 正文。",
     "标题", "2020-10-04T20:30:00", ["钱若水"], ["星河网"]),
    ("只有一行正文，没有署名。", "", None, [], []),
    # one line, no line break: no title; its head is still a byline
    ("2021-03-04 来源：星河日报 记者林一帆 星河科技与北辰公司签署合作协议。" + "双方将共建实验室。" * 300,
     "", "2021-03-04", ["林一帆"], ["星河日报"]),
    ("星河科技发布新平台\n\n2021-03-04 来源：星河日报\n正文。", "星河科技发布新平台", "2021-03-04", [], ["星河日报"]),
])
def test_byline(text, title, created, authors, publishers):
    article = parse_article(text, "a.txt")
    assert article.title == title
    assert article.created == created
    assert [a[0] for a in article.authors] == authors
    assert [p[0] for p in article.publishers] == publishers
    for name, start, end, ev_start, ev_end in article.authors + article.publishers:
        assert text[start:end] == name
        assert name in text[ev_start:ev_end]


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"  \n\n ", "file has only white space"),
    (b"\xff\xff\xff\xff", "not valid UTF-8 text (byte 0"),
])
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(KgError, match=r"bad\.txt: " + message.replace("(", r"\(")):
        read_article(path)


def test_missing_and_empty_folder(tmp_path):
    with pytest.raises(KgError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(KgError, match="no article files"):
        iter_article_paths([tmp_path])


def test_folder_expansion_sorted_unique(tmp_path):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text("标题\n正文", encoding="utf-8")
    paths = iter_article_paths([tmp_path, tmp_path / "a.txt"])
    assert [p.name for p in paths] == ["a.txt", "b.txt"]


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff标题\n正文".encode("utf-8"))
    assert read_article(path).title == "标题"


def test_sample_article_byline():
    article = read_article(Path("input/dingtalk-xiaxiang.txt"))
    assert article.title == "钉钉下乡"
    assert article.slug == "dingtalk-xiaxiang"


def test_byline_words_and_self_references_name_nobody():
    from kg.read import parse_article

    article = parse_article("标题\n\n来源：本站原创 作者：林一帆 时间：2019年10月31日\n正文。", "t.txt")
    assert [row[0] for row in article.publishers] == []
    assert [row[0] for row in article.authors] == ["林一帆"]


@pytest.mark.parametrize("sentence, predicate, evidence, label", [
    ("本报讯 星河公司ＣＥＯ林一帆表示，公司将加大投入。", "leads", "星河公司ＣＥＯ林一帆", "林一帆"),
    # Kangxi radicals (text copied out of a PDF) and a no-break space: NFKC for matching only
    ("本报讯 青藤⼤学研究员\u00a0林一帆表示，实验室将加大投入。", "worksFor", "青藤⼤学研究员\u00a0林一帆", "青藤⼤学"),
])
def test_compatibility_characters_are_analysed_in_nfkc_and_kept_as_written(tmp_path, sentence, predicate,
                                                                            evidence, label):
    from rdflib import Graph, Literal, URIRef

    from kg.build import build

    article = tmp_path / "a.txt"
    article.write_text(f"标题\n\n{sentence}\n", encoding="utf-8")
    build([article], tmp_path / "out", use_cache=False, ner=False)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    kg = "https://w3id.org/kg-zh/ontology#"
    assert list(graph.triples((None, URIRef(kg + predicate), None))), sentence
    assert evidence in {str(o) for o in graph.objects(None, URIRef(kg + "evidence"))}  # verbatim, as written
    assert Literal(label, lang="zh") in set(graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))

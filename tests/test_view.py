"""Tests of the offline HTML view: the page string, then the page in Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import view, view_data
from kg.ontology import load_schema
from kg.view import graph_html

KG = Namespace("https://w3id.org/kg-zh/ontology#")
EX = Namespace("https://example.org/entity/")
ARTICLE = URIRef("https://example.org/article/dingtalk-xiaxiang")
ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Each sets a flag and raises a dialog if the browser ever runs it.
HOSTILE_LABEL = '<img src=x onerror="window.__xss=1;alert(1)">'
HOSTILE_EVIDENCE = "钉钉</script><script>window.__xss=1;alert(1)</script>"
HOSTILE_TITLE = "<script>window.__xss=1;alert(1)</script>"

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)
NOTICE = re.compile(
    r"显示 ([\d,]+) / ([\d,]+) 个节点（按 (PageRank|度数) 选取连接最多的部分，每个类别至少保留 ([\d,]+) 个）；"
    r"未画出：((?:[^ 、。]+ [\d,]+ 个)(?:、[^ 、。]+ [\d,]+ 个)*)。完整图在 graph\.ttl 中。"
    r"搜索仍能找到未画出的实体，并把它和它的邻居加入图中。"
)


def add_entity(graph: Graph, key: str, cls: URIRef, label: str, *alt: str) -> URIRef:
    node = EX[key]
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label, lang="zh")))
    for name in alt:
        graph.add((node, SKOS.altLabel, Literal(name, lang="zh")))
    return node


def add_relation(
    graph: Graph, s: URIRef, p: URIRef, o: URIRef, evidence: str, confidence: str = "0.85", article: URIRef = ARTICLE
) -> None:
    graph.add((s, p, o))
    statement = BNode()
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, s))
    graph.add((statement, RDF.predicate, p))
    graph.add((statement, RDF.object, o))
    graph.add((statement, KG.evidence, Literal(evidence, lang="zh")))
    graph.add((statement, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
    graph.add((statement, PROV.wasDerivedFrom, article))


def add_article(graph: Graph, title: str) -> URIRef:
    graph.add((ARTICLE, RDF.type, KG.NewsArticle))
    graph.add((ARTICLE, DCTERMS.title, Literal(title, lang="zh")))
    return ARTICLE


@pytest.fixture
def small_graph() -> Graph:
    """A few entities from the sample article, plus one hostile name and sentence."""
    g = Graph()
    article = add_article(g, "钉钉下乡")
    dingtalk = add_entity(g, "dingtalk", KG.Product, "钉钉", "DingTalk")
    alibaba = add_entity(g, "alibaba", KG.Company, "阿里巴巴集团", "阿里巴巴", "阿里")
    neijiang = add_entity(g, "neijiang", KG.GovernmentBody, "内江市政府")
    mayor = add_entity(g, "zhengli", KG.Person, "郑莉")
    author = add_entity(g, "yangli", KG.Person, "杨丽")
    publisher = add_entity(g, "leiphone", KG.Organization, "雷锋网产业组")
    hostile = add_entity(g, "hostile", KG.Organization, HOSTILE_LABEL)
    add_relation(g, alibaba, KG.develops, dingtalk, "钉钉是阿里巴巴旗下的智能办公平台。", "0.9")
    add_relation(g, mayor, KG.leads, neijiang, "内江市委副书记、市长郑莉出席峰会。")
    add_relation(g, neijiang, KG.partnerOf, alibaba, "与阿里巴巴集团等科技公司深度合作。", "0.8")
    add_relation(g, alibaba, KG.partnerOf, neijiang, "内江与阿里巴巴签署合作协议。", "0.7")
    add_relation(g, neijiang, KG.customerOf, dingtalk, HOSTILE_EVIDENCE, "0.6")
    add_relation(g, hostile, KG.investedIn, alibaba, "某机构投资阿里巴巴。", "0.5")
    add_relation(g, author, KG.authorOf, article, "作者杨丽", "1.0")
    add_relation(g, publisher, KG.publisherOf, article, "出品雷锋网产业组", "1.0")
    return g


def drawable_nodes(graph: Graph) -> set:
    classes = [KG.Person, KG.Organization, KG.Company, KG.GovernmentBody, KG.Product, KG.Place, KG.Event,
               KG.Strategy, KG.Policy, KG.NewsArticle]  # fmt: skip
    return {s for cls in classes for s in graph.subjects(RDF.type, cls)}


def sample_like_graph() -> Graph:
    """About forty entities shaped like the extraction of the sample article."""
    g = Graph()
    article = add_article(g, "钉钉下乡")
    ents = {
        key: add_entity(g, key, cls, label)
        for key, cls, label in [
            ("dingtalk", KG.Product, "钉钉"), ("alibaba", KG.Company, "阿里巴巴集团"),
            ("aliyun", KG.Company, "阿里云"), ("leiphone", KG.Organization, "雷锋网产业组"),
            ("yangli", KG.Person, "杨丽"), ("zhengli", KG.Person, "郑莉"),
            ("chenhang", KG.Person, "陈航"), ("neijiang", KG.Place, "内江"),
            ("sichuan", KG.Place, "四川"), ("njgov", KG.GovernmentBody, "内江市人民政府"),
            ("njparty", KG.GovernmentBody, "内江市委"), ("sasac", KG.GovernmentBody, "国资委"),
            ("miit", KG.GovernmentBody, "工信部"), ("ndrc", KG.GovernmentBody, "发改委"),
            ("summit", KG.Event, "阿里巴巴钉峰会"), ("yunqi", KG.Event, "云栖大会"),
            ("notice", KG.Policy, "关于加快推进国有企业数字化转型工作的通知"),
            ("tiancheng", KG.Product, "甜城钉"), ("tcplatform", KG.Product, "甜城政企服务平台"),
            ("dangjian", KG.Product, "智慧党建"), ("zwd", KG.Product, "浙政钉"),
            ("yuezheng", KG.Product, "粤政易"), ("zhejiang", KG.Place, "浙江"),
            ("guangdong", KG.Place, "广东"), ("tencent", KG.Company, "腾讯"),
            ("huawei", KG.Company, "华为"), ("welink", KG.Product, "WeLink"),
            ("wework", KG.Product, "企业微信"), ("digital", KG.Strategy, "数字化转型"),
            ("newinfra", KG.Strategy, "新基建"), ("countryside", KG.Strategy, "钉钉下乡"),
            ("zhangyong", KG.Person, "张勇"), ("hangzhou", KG.Place, "杭州"),
            ("yunnan", KG.Place, "云南"), ("ynpolicy", KG.Policy, "数字乡村发展战略纲要"),
            ("school", KG.Organization, "内江师范学院"), ("hospital", KG.Organization, "内江市第一人民医院"),
            ("cainiao", KG.Company, "菜鸟网络"), ("taobao", KG.Product, "淘宝"),
        ]  # fmt: skip
    }
    e = ents
    for s, p, o in [
        ("alibaba", "develops", "dingtalk"), ("aliyun", "partOf", "alibaba"), ("dingtalk", "partOf", "alibaba"),
        ("chenhang", "leads", "dingtalk"), ("chenhang", "worksFor", "alibaba"), ("zhangyong", "leads", "alibaba"),
        ("zhengli", "leads", "njgov"), ("zhengli", "memberOf", "njparty"), ("njgov", "locatedIn", "neijiang"),
        ("neijiang", "locatedIn", "sichuan"), ("njgov", "partnerOf", "alibaba"), ("summit", "locatedIn", "neijiang"),
        ("alibaba", "organized", "summit"), ("zhengli", "attended", "summit"), ("njgov", "customerOf", "dingtalk"),
        ("tiancheng", "basedOn", "dingtalk"), ("tcplatform", "basedOn", "dingtalk"), ("dangjian", "basedOn", "dingtalk"),
        ("njgov", "develops", "tiancheng"), ("njgov", "develops", "tcplatform"), ("njparty", "develops", "dangjian"),
        ("sasac", "issued", "notice"), ("dingtalk", "attended", "yunqi"), ("alibaba", "organized", "yunqi"),
        ("yunqi", "locatedIn", "hangzhou"), ("hangzhou", "locatedIn", "zhejiang"), ("zwd", "basedOn", "dingtalk"),
        ("zwd", "locatedIn", "zhejiang"), ("yuezheng", "locatedIn", "guangdong"), ("tencent", "develops", "yuezheng"),
        ("tencent", "develops", "wework"), ("huawei", "develops", "welink"), ("alibaba", "hasStrategy", "digital"),
        ("dingtalk", "hasStrategy", "countryside"), ("miit", "issued", "newinfra"), ("ndrc", "issued", "newinfra"),
        ("yunnan", "customerOf", "dingtalk"), ("ynpolicy", "basedOn", "digital"), ("school", "customerOf", "dingtalk"),
        ("hospital", "customerOf", "dingtalk"), ("school", "locatedIn", "neijiang"), ("hospital", "locatedIn", "neijiang"),
        ("cainiao", "partOf", "alibaba"), ("taobao", "partOf", "alibaba"), ("alibaba", "investedIn", "cainiao"),
        ("tencent", "partnerOf", "huawei"), ("njgov", "issued", "digital"), ("notice", "basedOn", "digital"),
        ("njparty", "partOf", "njgov"), ("countryside", "basedOn", "newinfra"), ("alibaba", "develops", "taobao"),
        ("yunnan", "partnerOf", "alibaba"), ("guangdong", "customerOf", "tencent"), ("zhengli", "worksFor", "njgov"),
    ]:  # fmt: skip
        add_relation(g, e[s], KG[p], e[o], f"{s} {p} {o}：示例证据句子。")
    add_relation(g, e["yangli"], KG.authorOf, article, "作者杨丽")
    add_relation(g, e["leiphone"], KG.publisherOf, article, "出品雷锋网产业组")
    return g


def generated_graph(size: int) -> Graph:
    """A tree of ``size`` entities with a few cross links, like many articles merged."""
    g = Graph()
    classes = [KG.Person, KG.Company, KG.Product, KG.Place, KG.Event]
    relations = [KG.worksFor, KG.partOf, KG.develops, KG.locatedIn, KG.attended]
    nodes = [add_entity(g, f"g{i}", classes[i % 5], f"实体{i}") for i in range(size)]
    pick = random.Random(size)
    for i in range(1, size):
        add_relation(g, nodes[i], relations[i % 5], nodes[pick.randrange(i)], f"句子{i}。")
        if i % 10 == 0:
            add_relation(g, nodes[i], KG.partnerOf, nodes[pick.randrange(size)], f"合作{i}。")
    return g


def random_graph(entities: int, relations: int, seed: int) -> Graph:
    """``entities`` entities of every class, about ``relations`` random relations between them.

    Half the relations end at a node picked in proportion to the relations
    it already has, so the graph has hubs, as merged news graphs do.
    """
    g = Graph()
    pick = random.Random(seed)
    classes = [KG.Person, KG.Company, KG.GovernmentBody, KG.Organization, KG.Product, KG.Place, KG.Event,
               KG.Strategy, KG.Policy]  # fmt: skip
    predicates = [KG.partOf, KG.leads, KG.memberOf, KG.worksFor, KG.develops, KG.partnerOf, KG.locatedIn,
                  KG.attended, KG.investedIn]  # fmt: skip
    nodes = [add_entity(g, f"r{i:05d}", pick.choice(classes), f"实体{i}") for i in range(entities)]
    ends: list[URIRef] = []
    for i in range(relations):
        s = pick.choice(nodes)
        o = pick.choice(ends) if ends and pick.random() < 0.5 else pick.choice(nodes)
        if s != o:
            add_relation(g, s, pick.choice(predicates), o, f"句子{i}。")
            ends += (s, o)
    return g


def reference_pagerank(graph: Graph) -> dict[str, float]:
    """networkx's PageRank of the undirected relation graph, by IRI."""
    links = nx.Graph()
    links.add_nodes_from(str(node) for node in drawable_nodes(graph))
    links.add_edges_from(
        (str(s), str(o)) for s, p, o in graph if str(p).startswith(str(KG)) and isinstance(o, URIRef) and s != o
    )
    try:
        return nx.pagerank(links)
    except ImportError:  # nx.pagerank needs scipy; this is its pure-Python twin
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(links)


def data_of(page: str) -> dict:
    match = DATA_BLOCK.search(page)
    assert match, "no JSON data block"
    return json.loads(match.group(1))


# ---------------------------------------------------------------- the string


def test_page_loads_nothing_from_the_network(small_graph):
    page = graph_html(small_graph)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""\b(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "@import" not in page
    assert "@font-face" not in page
    assert "sourceMappingURL" not in page
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", page):
        assert target.startswith("data:"), target
    # The library is inlined, not linked.
    assert "vis.Network" in page and "DataSet" in page


def test_data_block_carries_nodes_edges_and_evidence(small_graph):
    data = data_of(graph_html(small_graph))
    assert len(data["nodes"]) == len(drawable_nodes(small_graph)) == 8
    by_name = {node["name"]: node for node in data["nodes"]}
    assert by_name["钉钉"]["type"] == "产品"
    assert by_name["阿里巴巴集团"]["type"] == "公司"
    assert by_name["阿里巴巴集团"]["alt"] == ["阿里", "阿里巴巴"]
    assert by_name["钉钉下乡"]["type"] == "文章"
    assert by_name[HOSTILE_LABEL]["type"] == "组织"

    names = {node["id"]: node["name"] for node in data["nodes"]}
    edges = {(names[e["from"]], e["label"], names[e["to"]]): e for e in data["edges"]}
    develops = edges[("阿里巴巴集团", "开发", "钉钉")]
    assert develops["evidence"] == [[0.9, "钉钉是阿里巴巴旗下的智能办公平台。", 0]]  # article 0
    assert not develops["symmetric"]
    assert edges[("内江市政府", "客户", "钉钉")]["evidence"] == [[0.6, HOSTILE_EVIDENCE, 0]]
    assert ("杨丽", "作者", "钉钉下乡") in edges
    assert ("雷锋网产业组", "出品", "钉钉下乡") in edges


def test_partnership_stated_both_ways_is_one_undirected_edge(small_graph):
    data = data_of(graph_html(small_graph))
    partner = [e for e in data["edges"] if e["label"] == "合作"]
    assert len(partner) == 1
    assert partner[0]["symmetric"]
    assert partner[0]["evidence"] == [[0.8, "与阿里巴巴集团等科技公司深度合作。", 0], [0.7, "内江与阿里巴巴签署合作协议。", 0]]


def test_hostile_text_only_inside_the_escaped_data_block(small_graph):
    page = graph_html(small_graph, title=HOSTILE_TITLE)
    block = DATA_BLOCK.search(page)
    outside = page[: block.start(1)] + page[block.end(1) :]
    inside = block.group(1)
    for text in (HOSTILE_LABEL, HOSTILE_EVIDENCE, HOSTILE_TITLE):
        assert text not in outside
    assert "<" not in inside and ">" not in inside and "&" not in inside
    assert "\\u003cimg src=x onerror" in inside
    assert "<title>&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;</title>" in page


def test_same_graph_gives_identical_html(small_graph):
    shuffled = Graph()
    for triple in reversed(sorted(small_graph)):
        shuffled.add(triple)
    assert graph_html(small_graph) == graph_html(small_graph) == graph_html(shuffled)


def test_same_graph_gives_identical_html_in_every_process(small_graph, tmp_path):
    # Set iteration order and blank-node ids change from one process to the
    # next; neither may reach the page.
    source = tmp_path / "graph.nt"
    small_graph.serialize(source, format="nt", encoding="utf-8")
    script = (
        "import hashlib, sys; from rdflib import Graph; from kg.view import graph_html; "
        "print(hashlib.sha256(graph_html(Graph().parse(sys.argv[1])).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(source)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(graph_html(small_graph).encode()).hexdigest() + "\n"}


def test_ontology_labels_override_the_built_in_names(small_graph):
    default = graph_html(small_graph)
    custom = graph_html(small_graph, labels={KG.Company: "企业", KG.develops: "研发"})
    assert "公司" in default and "企业" not in default
    data = data_of(custom)
    assert {n["type"] for n in data["nodes"]} >= {"企业", "人物"}
    assert {e["label"] for e in data["edges"]} >= {"研发", "领导"}
    assert "企业" in custom.split('id="kg-legend"')[1].split("</ul>")[0]


def test_untyped_relation_endpoint_is_drawn_as_other():
    g = Graph()
    person = add_entity(g, "p", KG.Person, "张三")
    add_relation(g, person, KG.worksFor, EX.unknown, "张三任职于某单位。")
    data = data_of(graph_html(g))
    assert sorted((n["name"], n["type"]) for n in data["nodes"]) == [("unknown", "其他"), ("张三", "人物")]


def test_malformed_confidence_is_left_out():
    g = Graph()
    a = add_entity(g, "a", KG.Company, "甲公司")
    b = add_entity(g, "b", KG.Company, "乙公司")
    add_relation(g, a, KG.acquired, b, "甲公司收购乙公司。", "NaN")
    add_relation(g, b, KG.investedIn, a, "乙公司投资甲公司。", "很高")
    data = data_of(graph_html(g))
    assert sorted(e["evidence"][0][0] is None for e in data["edges"]) == [True, True]


def test_big_graph_gets_seeded_positions_and_few_iterations():
    data = data_of(graph_html(generated_graph(2000), max_nodes=2000))
    assert len(data["nodes"]) == 2000
    assert data["seeded"] and data["large"]
    assert 50 <= data["iterations"] <= 100
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 2000
    small = data_of(graph_html(generated_graph(40)))
    assert not small["seeded"] and "x" not in small["nodes"][0]
    assert small["iterations"] == view.MAX_ITERATIONS


def class_of(graph: Graph) -> dict[str, URIRef]:
    return {str(s): o for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(KG))}


def expected_cut(best: list[str], classes: dict[str, URIRef], limit: int) -> set[str]:
    """The nodes a cut to ``limit`` keeps, by the rule: each class's best ``quota``, then the best of the rest."""
    quota = max(1, limit // (2 * len(set(classes.values()))))
    seen: Counter = Counter()
    leaders = []
    for iri in best:
        seen[classes[iri]] += 1
        if seen[classes[iri]] <= quota:
            leaders.append(iri)
    leaders = leaders[:limit]
    return set(leaders) | set([iri for iri in best if iri not in leaders][: limit - len(leaders)])


def test_big_graph_shows_its_highest_pagerank_nodes_and_says_so():
    graph = random_graph(50, 60, seed=50)
    assert len(drawable_nodes(graph)) == 50
    page = graph_html(graph, max_nodes=10)
    data = data_of(page)
    assert len(data["nodes"]) == 10

    rank = reference_pagerank(graph)
    best = sorted(rank, key=lambda iri: (-rank[iri], iri))
    classes = class_of(graph)
    # Nine classes and room for ten: each class's best node, and the best of the rest.
    assert len(set(classes.values())) == 9
    assert {classes[iri] for iri in best[:10]} != set(classes.values())  # the top ten alone miss a class
    assert {node["iri"] for node in data["nodes"]} == expected_cut(best, classes, 10)
    assert {node["cls"] for node in data["nodes"]} == {view._local_name(c) for c in classes.values()}

    # Only relations among the shown nodes are drawn.
    ids = {node["id"] for node in data["nodes"]}
    assert data["edges"] and all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    names = {node["id"]: node["iri"] for node in data["nodes"]}
    drawn = {frozenset((names[e["from"]], names[e["to"]])) for e in data["edges"]}
    stated = {
        frozenset((str(s), str(o)))
        for s, p, o in graph
        if str(p).startswith(str(KG)) and isinstance(o, URIRef) and {str(s), str(o)} <= expected_cut(best, classes, 10)
    }
    assert drawn == stated

    # The nodes left out and all their edges are in the page's reserve, ids after the drawn ones.
    reserve = data["reserve"]
    assert len(reserve["nodes"]) == 40 and data["total"] == 50
    assert {n["name"] for n in reserve["nodes"]} == {f"实体{i}" for i in range(50)} - {n["name"] for n in data["nodes"]}
    assert sorted(n["id"] for n in data["nodes"] + reserve["nodes"]) == list(range(50))
    every = {n["id"]: n["iri"] for n in data["nodes"] + reserve["nodes"]}
    assert all(e["from"] not in ids or e["to"] not in ids for e in reserve["edges"])
    assert {frozenset((every[e["from"]], every[e["to"]])) for e in data["edges"] + reserve["edges"]} == {
        frozenset((str(s), str(o))) for s, p, o in graph if str(p).startswith(str(KG)) and isinstance(o, URIRef)
    }

    notice = NOTICE.search(page)
    dropped = Counter(view._local_name(classes[iri]) for iri in set(best) - expected_cut(best, classes, 10))
    assert notice and notice.groups()[:4] == ("10", "50", "PageRank", "1")
    said = {label: int(count) for label, count in re.findall(r"([^ 、]+) (\d+) 个", notice.group(5))}
    labels = load_schema().class_labels
    assert said == {labels[KG[cls]]: count for cls, count in dropped.items()}
    assert re.search(r'<p class="kg-notice" id="kg-notice" role="status">显示 10 / 50 个节点', page)
    # The legend counts the drawn nodes per class, and the class's total where it differs.
    legend = page.split('id="kg-legend"')[1].split("</ul>")[0]
    found = re.findall(r'data-total="(\d+)".*?class="kg-count">(\d+)(?:（共 (\d+)）)?<', legend)
    counts = [(int(drawn), int(total or drawn), int(key)) for key, drawn, total in found]
    assert len(counts) == legend.count("<li ") == 9 and all(total == key for _, total, key in counts)
    assert sum(drawn for drawn, _, _ in counts) == 10 and sum(total for _, total, _ in counts) == 50


def test_cut_keeps_a_share_of_every_class_and_says_what_it_left_out():
    # Invented: forty people tied to each other and to one company rank above sixty products of one relation each.
    g = Graph()
    company = add_entity(g, "firm", KG.Company, "溪云公司")
    people = [add_entity(g, f"p{i:02d}", KG.Person, f"职员{i}") for i in range(40)]
    products = [add_entity(g, f"g{i:02d}", KG.Product, f"器物{i}") for i in range(60)]
    for i, person in enumerate(people):
        add_relation(g, person, KG.worksFor, company, "职员任职于溪云公司。")
        add_relation(g, person, KG.memberOf, people[(i + 1) % 40], "职员互为同事。")
    for i, product in enumerate(products):
        add_relation(g, company, KG.develops, product, f"溪云公司开发器物{i}。")
    rank = reference_pagerank(g)
    best = sorted(rank, key=lambda iri: (-rank[iri], iri))
    assert not any("/g" in iri for iri in best[:20])  # PageRank alone would draw no product
    page = graph_html(g, max_nodes=20)
    kept = Counter(n["cls"] for n in data_of(page)["nodes"])
    assert kept == {"Company": 1, "Product": 20 // 6, "Person": 20 - 1 - 20 // 6}
    notice = NOTICE.search(page)
    assert notice.group(4) == "3" and notice.group(5) == f"人物 {40 - kept['Person']} 个、产品 {60 - 3} 个"
    # Room for every node of the small classes and more: a class never gets more than it has.
    assert Counter(n["cls"] for n in data_of(graph_html(g, max_nodes=100))["nodes"])["Company"] == 1


def test_small_graph_is_drawn_whole_without_notice(small_graph):
    for page in (graph_html(small_graph), graph_html(small_graph, max_nodes=8)):
        assert len(data_of(page)["nodes"]) == 8
        assert 'id="kg-notice"' not in page
        assert not NOTICE.search(page)
        assert " / " not in page.split('id="kg-legend"')[1].split("</ul>")[0]
    assert NOTICE.search(graph_html(small_graph, max_nodes=7))
    with pytest.raises(ValueError, match="max_nodes"):
        graph_html(small_graph, max_nodes=0)


def test_ties_go_to_the_smaller_iri_whatever_the_triple_order():
    g = Graph()
    hub = add_entity(g, "hub", KG.Company, "总部")
    leaves = [add_entity(g, f"leaf{i:02d}", KG.Person, f"员工{i}") for i in range(20)]
    for leaf in reversed(leaves):
        add_relation(g, leaf, KG.worksFor, hub, "员工任职于总部。")
    shuffled = Graph()
    for triple in sorted(g, key=lambda t: hashlib.sha256(repr(t).encode()).digest()):
        shuffled.add(triple)
    pages = [graph_html(g, max_nodes=5), graph_html(shuffled, max_nodes=5)]
    assert pages[0] == pages[1]
    assert sorted(node["name"] for node in data_of(pages[0])["nodes"]) == ["员工0", "员工1", "员工2", "员工3", "总部"]


def test_degree_ranks_the_nodes_when_pagerank_does_not_converge(monkeypatch):
    def diverge(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(100)

    monkeypatch.setattr(view_data, "_pagerank", diverge)
    graph = random_graph(50, 60, seed=50)
    page = graph_html(graph, max_nodes=10)
    # A pair related more than once counts once.
    pairs = {frozenset((str(s), str(o))) for s, p, o in graph if str(p).startswith(str(KG)) and isinstance(o, URIRef)}
    degree = Counter(iri for pair in pairs if len(pair) == 2 for iri in pair)
    best = sorted((str(n) for n in drawable_nodes(graph)), key=lambda iri: (-degree[iri], iri))
    assert {node["iri"] for node in data_of(page)["nodes"]} == expected_cut(best, class_of(graph), 10)
    assert NOTICE.search(page).group(3) == "度数"


def test_pagerank_matches_networkx():
    # Isolated nodes included: networkx spreads their rank over all nodes.
    pick = random.Random(3)
    pairs = sorted({tuple(sorted(pick.sample(range(300), 2))) for _ in range(400)})
    links = nx.Graph()
    links.add_nodes_from(range(320))
    links.add_edges_from(pairs)
    try:
        expected = nx.pagerank(links)
    except ImportError:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        expected = _pagerank_python(links)
    assert view._pagerank(320, pairs) == pytest.approx([expected[i] for i in range(320)], rel=1e-9, abs=1e-12)


def test_empty_graph_still_renders():
    data = data_of(graph_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium fonts-wqy-zenhei)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, html: str, path, requests: list[str], dialogs: list[str], fragment: str = ""):
    """Open ``html`` saved at ``path`` (plus ``#fragment``, percent-encoded) and wait for the layout."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Whatever slipped through would be stopped here, and still recorded above.
    page.route(re.compile(r"^(?!file:|data:|about:|blob:)"), lambda route: route.abort())
    page.goto(path.as_uri() + (f"#{quote(fragment)}" if fragment else ""))
    page.wait_for_function("window.kgStabilized === true", timeout=60_000)
    return page


def hover(page, selector_js: str) -> str:
    """Move the mouse onto a canvas point computed in the page; return the tooltip text."""
    box = page.locator("#kg-canvas canvas").bounding_box()
    point = page.evaluate(selector_js)
    # vis-network only notices a pointer that moves over the canvas.
    page.mouse.move(box["x"] + point["x"] - 8, box["y"] + point["y"] - 8)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip.inner_text()


@pytest.mark.slow
@pytest.mark.browser
def test_page_renders_offline_settles_and_never_runs_article_text(browser, small_graph, tmp_path):
    requests: list[str] = []
    dialogs: list[str] = []
    page = open_page(browser, graph_html(small_graph, title=HOSTILE_TITLE), tmp_path / "view.html", requests, dialogs)

    assert page.evaluate("window.network.body.data.nodes.length") == len(drawable_nodes(small_graph))
    assert page.evaluate("window.nodes.length") == len(drawable_nodes(small_graph))
    assert page.evaluate("window.edges.length") == 7  # the partnership stated both ways is drawn once
    assert page.evaluate("window.network.physics.options.enabled") is False
    assert page.title() == HOSTILE_TITLE

    hostile_id = page.evaluate("window.nodes.get({filter: n => n.label.startsWith('<img')})[0].id")
    node_tip = hover(page, f"window.network.canvasToDOM(window.network.getPositions([{hostile_id}])[{hostile_id}])")
    assert "组织" in node_tip and HOSTILE_LABEL in node_tip

    # An empty corner of the canvas: vis-network hides a tooltip on a move it sees.
    box = page.locator("#kg-canvas canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4, steps=4)
    page.locator("div.vis-tooltip").wait_for(state="hidden", timeout=5_000)
    edge_tip = hover(
        page,
        """(() => {
            const e = window.edges.get().find(e => e.label === '客户');
            const p = window.network.getPositions([e.from, e.to]);
            return window.network.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
        })()""",
    )
    assert "客户" in edge_tip and HOSTILE_EVIDENCE in edge_tip and "0.60" in edge_tip

    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert requests and all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
    page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_sample_sized_graph_settles_quickly(browser, tmp_path):
    graph = sample_like_graph()
    requests: list[str] = []
    dialogs: list[str] = []
    page = open_page(browser, graph_html(graph, title="钉钉下乡"), tmp_path / "sample.html", requests, dialogs)
    assert page.evaluate("window.nodes.length") == len(drawable_nodes(graph))
    assert page.evaluate("window.network.physics.options.enabled") is False
    # Settled nodes are spread out: no two node centres on top of each other.
    closest = page.evaluate(
        """(() => {
            const p = Object.values(window.network.getPositions());
            let best = Infinity;
            for (let i = 0; i < p.length; i++)
                for (let j = i + 1; j < p.length; j++)
                    best = Math.min(best, Math.hypot(p[i].x - p[j].x, p[i].y - p[j].y));
            return best;
        })()"""
    )
    assert closest > 20
    # The page draws the labels (vis-network draws none): at the fitted zoom a graph of this size names almost all.
    assert page.evaluate("window.network.nodesHandler.options.scaling.label.drawThreshold") >= 1e9
    assert len(page.evaluate("window.kg.labels()")) >= 0.8 * len(drawable_nodes(graph))
    assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
    page.close()


LABELS = """(() => {
    const canvas = document.querySelector('#kg-canvas canvas');
    return {labels: window.kg.labels(), width: canvas.clientWidth, height: canvas.clientHeight,
            degree: Object.fromEntries(JSON.parse(document.getElementById('kg-data').textContent).nodes
                                        .map(n => [n.id, n.degree]))};
})()"""


def overlapping(labels: list[dict]) -> int:
    return sum(
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
    )


@pytest.mark.slow
@pytest.mark.browser
def test_fitted_big_graph_names_its_hubs_without_overlap_and_zooming_names_more(browser, tmp_path):
    graph = generated_graph(600)
    page = open_page(browser, graph_html(graph), tmp_path / "labels.html", [], [])
    fitted = page.evaluate(LABELS)
    labels, degree = fitted["labels"], {int(k): v for k, v in fitted["degree"].items()}
    assert page.evaluate("window.network.getScale()") < 0.5  # readable only because the page draws them
    # Some labels, none on another, none cut by the canvas's edge; the best connected node is named.
    assert 30 <= len(labels) < 600 and overlapping(labels) == 0
    assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= fitted["width"] and b["y"] + b["h"] <= fitted["height"]
               for b in labels)  # fmt: skip
    hub = max(degree, key=lambda i: (degree[i], -i))
    assert hub in {b["id"] for b in labels}
    # Labelled nodes are better connected than the others, on average.
    named = {b["id"] for b in labels}
    assert sum(degree[i] for i in named) / len(named) > sum(degree[i] for i in degree if i not in named) / (600 - len(named))
    # No node sits on the canvas's edge after the fit.
    margin = page.evaluate(
        """(() => {
            const box = document.getElementById('kg-canvas').getBoundingClientRect();
            return Math.min(...Object.values(window.network.getPositions()).map(p => window.network.canvasToDOM(p))
                .map(p => Math.min(p.x, p.y, box.width - p.x, box.height - p.y)));
        })()"""
    )
    assert margin > 10
    # Zoomed in on the middle, nodes that had no room before are named.
    page.evaluate("window.network.moveTo({scale: window.network.getScale() * 4})")
    page.wait_for_timeout(200)
    zoomed = page.evaluate(LABELS)["labels"]
    assert overlapping(zoomed) == 0 and {b["id"] for b in zoomed} - named
    # A click on a label selects its node.
    box = page.locator("#kg-canvas canvas").bounding_box()
    target = max(zoomed, key=lambda b: (b["w"], -b["id"]))
    page.mouse.click(box["x"] + target["x"] + target["w"] / 2, box["y"] + target["y"] + target["h"] / 2)
    assert page.evaluate("window.kg.state.selected") == target["id"]
    page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_seeded_graph_and_empty_graph_settle(browser, tmp_path):
    for size in (300, 0):
        graph = generated_graph(size)
        requests: list[str] = []
        dialogs: list[str] = []
        page = open_page(browser, graph_html(graph), tmp_path / f"g{size}.html", requests, dialogs)
        assert page.evaluate("window.network.body.data.nodes.length") == size
        assert page.evaluate("Object.keys(window.network.body.nodes).length") == size
        assert page.evaluate("window.network.physics.options.enabled") is False
        assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
        page.close()


@pytest.mark.slow
@pytest.mark.browser
def test_five_thousand_node_graph_draws_its_most_connected_part_in_bounded_time(browser, tmp_path):
    graph = random_graph(5000, 6000, seed=5000)
    assert len(drawable_nodes(graph)) == 5000
    html = graph_html(graph, title="五千个节点")
    requests: list[str] = []
    dialogs: list[str] = []
    started = time.monotonic()
    page = open_page(browser, html, tmp_path / "big.html", requests, dialogs)  # waits at most 60 s
    assert time.monotonic() - started < 60
    assert page.evaluate("window.kgSettledMs") < 60_000

    notice = page.locator("#kg-notice")
    assert notice.is_visible()
    match = NOTICE.fullmatch(notice.inner_text())
    assert match, notice.inner_text()
    shown, total = (int(group.replace(",", "")) for group in match.group(1, 2))
    assert (shown, total) == (min(5000, view.MAX_NODES), 5000)
    assert page.evaluate("window.network.body.data.nodes.length") == shown
    assert page.evaluate("Object.keys(window.network.body.nodes).length") == shown
    assert page.evaluate("window.network.physics.options.enabled") is False
    # Something was drawn on the canvas (it is transparent where nothing is).
    painted = page.evaluate(
        """(() => {
            const canvas = document.querySelector('#kg-canvas canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return painted / (canvas.width * canvas.height);
        })()"""
    )
    assert painted > 0.05
    # counts of relations none of whose edges is drawn read 0, not "undefined"
    assert "undefined" not in page.locator("body").inner_text()
    # A name left out is still found; choosing it brings it in with its neighbours, focused.
    drawn = set(page.evaluate("window.nodes.get().map(n => n.label)"))
    reserve = {n["name"]: n for n in data_of(html)["reserve"]["nodes"]}
    missing = next(f"实体{i}" for i in range(5000) if f"实体{i}" in reserve and reserve[f"实体{i}"]["degree"])
    assert missing not in drawn
    page.fill("#kg-search", missing)
    first = page.locator("#kg-suggest li").first
    assert first.inner_text().startswith(missing) and "未画出" in first.inner_text()
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-panel h2").inner_text() == missing
    assert "原本未画出" in page.locator("#kg-panel .kg-brought").inner_text()
    iri = reserve[missing]["iri"]
    neighbours = {str(o if str(s) == iri else s) for s, p, o in graph
                  if str(p).startswith(str(KG)) and isinstance(o, URIRef) and iri in (str(s), str(o))}  # fmt: skip
    assert neighbours
    now = page.evaluate(
        """(() => {
            const data = JSON.parse(document.getElementById('kg-data').textContent);
            const all = data.nodes.concat(data.reserve.nodes);
            const iri = Object.fromEntries(all.map(n => [n.id, n.iri]));
            const near = window.kg.shown().near;
            return {drawn: window.nodes.getIds().map(id => iri[id]), near: Object.keys(near).map(id => iri[id]),
                    selected: iri[window.network.getSelectedNodes()[0]], added: window.nodes.length};
        })()"""
    )
    assert now["selected"] == iri and {iri} | neighbours <= set(now["drawn"])
    assert set(now["near"]) == {iri} | neighbours
    assert now["added"] > shown
    assert dialogs == []
    assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
    page.close()


# ---------------------------------------------------------------- the explorer
# Invented names only: two articles, an isolated entity and a hostile name.

HOSTILE_NAME = "<script>alert(1)</script>公司"
FIRST = URIRef("https://example.org/article/qinghe")
SECOND = URIRef("https://example.org/article/meiling")


def explorer_graph() -> Graph:
    g = Graph()
    for article, title, created, source in [
        (FIRST, "青禾下乡记", "2031-05-06T08:30:00", "qinghe.txt"),
        (SECOND, "梅岭数字化", "2031-06-01T09:00:00", "meiling.txt"),
    ]:
        g.add((article, RDF.type, KG.NewsArticle))
        g.add((article, DCTERMS.title, Literal(title, lang="zh")))
        g.add((article, DCTERMS.created, Literal(created, datatype=XSD.dateTime)))
        g.add((article, DCTERMS.source, Literal(source)))
    group = add_entity(g, "qh", KG.Company, "青禾科技集团", "青禾", "青禾集团")
    cloud = add_entity(g, "qhy", KG.Company, "青禾云")
    app = add_entity(g, "ty", KG.Product, "听雨办公", "TingYu")
    lin = add_entity(g, "lxl", KG.Person, "林晓岚")
    zhou = add_entity(g, "zmy", KG.Person, "周明远")
    city = add_entity(g, "ml", KG.Place, "梅岭市")
    gov = add_entity(g, "mlgov", KG.GovernmentBody, "梅岭市政府")
    summit = add_entity(g, "xs", KG.Event, "溪山峰会")
    add_entity(g, "bl", KG.Organization, "白鹭书院")  # no relation at all
    hostile = add_entity(g, "evil", KG.Company, HOSTILE_NAME)
    writer = add_entity(g, "hxz", KG.Person, "何小舟")
    add_relation(g, cloud, KG.partOf, group, "青禾云并入青禾集团。", "0.9", FIRST)
    add_relation(g, group, KG.develops, app, "青禾推出听雨办公。", "0.8", FIRST)
    add_relation(g, lin, KG.leads, cloud, "青禾云总裁林晓岚表示。", "0.8", FIRST)
    add_relation(g, lin, KG.worksFor, group, "青禾集团高级研究员林晓岚。", "0.5", FIRST)
    add_relation(g, writer, KG.authorOf, FIRST, "作者何小舟", "0.9", FIRST)
    add_relation(g, gov, KG.locatedIn, city, "梅岭市政府位于梅岭市。", "0.9", SECOND)
    add_relation(g, gov, KG.customerOf, app, "听雨办公为梅岭市政府提供服务。", "0.6", SECOND)
    add_relation(g, gov, KG.partnerOf, group, "梅岭市政府与青禾科技集团合作。", "0.3", SECOND)
    add_relation(g, group, KG.partnerOf, gov, "青禾集团与梅岭市政府签约。", "0.7", SECOND)
    add_relation(g, zhou, KG.leads, gov, "梅岭市市长周明远出席。", "0.8", SECOND)
    add_relation(g, summit, KG.locatedIn, city, "溪山峰会在梅岭市举办。", "0.7", SECOND)
    add_relation(g, hostile, KG.investedIn, cloud, '<img src=x onerror="window.__xss=1">投资青禾云。', "0.4", SECOND)
    return g


def test_explorer_data_names_articles_classes_and_sources():
    data = data_of(graph_html(explorer_graph()))
    none = {"text": None, "mentions": [], "evidence": []}
    assert data["articles"] == [
        {"title": "梅岭数字化", "date": "2031-06-01 09:00", "file": "meiling.txt", "node": data["articles"][0]["node"],
         **none},
        {"title": "青禾下乡记", "date": "2031-05-06 08:30", "file": "qinghe.txt", "node": data["articles"][1]["node"],
         **none},
    ]  # fmt: skip
    assert data["texts"] is False
    by_name = {n["name"]: n for n in data["nodes"]}
    assert data["articles"][1]["node"] == by_name["青禾下乡记"]["id"]
    assert by_name["青禾科技集团"]["cls"] == "Company" and by_name["白鹭书院"]["cls"] == "Organization"
    # An entity's articles are those of its statements (and its own provenance).
    assert by_name["青禾科技集团"]["arts"] == [0, 1]
    assert by_name["林晓岚"]["arts"] == [1]
    assert by_name["白鹭书院"]["arts"] == [] and by_name["白鹭书院"]["degree"] == 0
    names = {n["id"]: n["name"] for n in data["nodes"]}
    edge = next(e for e in data["edges"] if names[e["from"]] == "林晓岚" and e["pred"] == "worksFor")
    assert edge["evidence"] == [[0.5, "青禾集团高级研究员林晓岚。", 1]]
    assert [r[0] for r in data["relations"]] == [
        "partOf", "leads", "worksFor", "investedIn", "partnerOf", "develops", "customerOf", "locatedIn", "authorOf"
    ]  # fmt: skip


def test_relation_and_class_names_come_from_the_ontology(monkeypatch):
    from kg.ontology import load_schema

    labels = load_schema().class_labels
    data = data_of(graph_html(explorer_graph()))
    assert dict(data["relations"])["partOf"] == labels[KG.partOf]
    assert {e["label"] for e in data["edges"] if e["pred"] == "leads"} == {labels[KG.leads]}

    class Schema:
        class_labels = {**labels, KG.partOf: "所属测试", KG.Person: "人士测试"}

    monkeypatch.setattr(view, "load_schema", lambda: Schema)
    data = data_of(graph_html(explorer_graph()))
    assert dict(data["relations"])["partOf"] == "所属测试"
    assert {n["type"] for n in data["nodes"] if n["cls"] == "Person"} == {"人士测试"}


def test_hostile_name_cannot_leave_the_data_block():
    page = graph_html(explorer_graph(), title=HOSTILE_NAME)
    block = DATA_BLOCK.search(page)
    assert HOSTILE_NAME not in page[: block.start(1)] + page[block.end(1) :]
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert page.count("<script>alert(1)</script>") == 0
    assert HOSTILE_NAME in {n["name"] for n in data_of(page)["nodes"]}


def test_explorer_assets_are_inlined_and_shipped():
    page = graph_html(explorer_graph())
    for name in view.SCRIPT_PARTS + ("view.css",):
        text = (ROOT / "kg" / "view_assets" / name).read_text(encoding="utf-8")
        assert text.strip() in page
    assert 'id="kg-search"' in page and 'id="kg-panel"' in page and "$" + "{" not in page
    legend = page.split('id="kg-legend"')[1].split("</ul>")[0]
    assert re.findall(r'data-cls="(\w*)"', legend) == [
        "Person", "Company", "GovernmentBody", "Organization", "Product", "Place", "Event", "NewsArticle"
    ]  # fmt: skip
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert re.search(r"^kg = .*view_assets/\*", setup, re.MULTILINE)


def test_vis_network_is_vendored_with_its_licence_and_shipped():
    vendor = ROOT / "kg" / "view_assets" / "vendor"
    js = (vendor / "vis-network.min.js").read_text(encoding="utf-8")
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    version = re.search(r"@version (\S+)", js).group(1)
    assert f"| version | {version} " in readme
    for name in ("vis-network.min.js", "vis-network.css"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert f"`{name}` (sha256 `{digest}`)" in readme
    assert "Permission is hereby granted" in (vendor / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (vendor / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    page = graph_html(explorer_graph())
    assert js.splitlines()[25][:2000] in page
    assert (vendor / "vis-network.css").read_text(encoding="utf-8").strip() in page
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert re.search(r"^kg = .*view_assets/vendor/\*", setup, re.MULTILINE)
    assert "pyvis" not in setup


def test_page_is_drawn_without_pyvis(monkeypatch):
    import importlib.util as util

    find_spec = util.find_spec
    monkeypatch.setattr(util, "find_spec", lambda name, *a: None if name.startswith("pyvis") else find_spec(name, *a))
    monkeypatch.setitem(sys.modules, "pyvis", None)  # importing it fails
    view._vis_assets.cache_clear()
    try:
        assert "vis.Network" in graph_html(explorer_graph()) and "pyvis" not in sys.modules.keys() - {"pyvis"}
    finally:
        view._vis_assets.cache_clear()


@pytest.fixture
def explorer(browser, tmp_path):
    """Open the page of :func:`explorer_graph`; afterwards, check that it ran no article text and stayed offline."""
    opened = []

    def open_explorer(fragment: str = "", title: str = "探索", texts: dict | None = None):
        requests: list[str] = []
        dialogs: list[str] = []
        page = open_page(browser, graph_html(explorer_graph(), title=title, texts=texts), tmp_path / "explorer.html",
                         requests, dialogs, fragment)  # fmt: skip
        opened.append((page, requests, dialogs))
        return page

    yield open_explorer
    for page, requests, dialogs in opened:
        assert page.evaluate("window.__xss") is None and dialogs == []
        assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
        page.close()


def node_ids(page, condition: str) -> set[int]:
    return set(page.evaluate(f"window.nodes.get().filter(n => {condition}).map(n => n.id)"))


# The first article's text, as kg build would hand it to the page (invented, like the graph).
QINGHE_TEXT = (
    "青禾下乡记\n作者何小舟\n\n青禾云并入青禾集团。青禾推出听雨办公。\n"
    '青禾云总裁林晓岚表示，<img src=x onerror="window.__xss=1">乡村是新市场。\n'
)


def explorer_texts() -> dict:
    text = QINGHE_TEXT

    def at(name: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        return start, start + len(name)

    mentions = [
        (*at("何小舟"), EX["hxz"]), (*at("青禾云"), EX["qhy"]), (*at("青禾集团"), EX["qh"]), (*at("青禾", 3), EX["qh"]),
        (*at("听雨办公"), EX["ty"]), (*at("青禾云", 1), EX["qhy"]), (*at("林晓岚"), EX["lxl"]),
        (*at("青禾", 0), FIRST),  # inside the title: overlaps nothing, but points at the article node
        (at("青禾集团")[0], at("青禾集团")[0] + 2, EX["qh"]),  # overlaps a longer mention: left out
        (len(text), len(text) + 3, EX["qh"]),  # past the end: left out
    ]  # fmt: skip
    evidence = [
        (*at("青禾云并入青禾集团。"), EX["qhy"], KG.partOf, EX["qh"]),
        (*at("青禾推出听雨办公。"), EX["qh"], KG.develops, EX["ty"]),
        (*at("青禾云总裁林晓岚表示"), EX["lxl"], KG.leads, EX["qhy"]),
        (*at("作者何小舟"), EX["hxz"], KG.authorOf, FIRST),
        (*at("青禾集团"), EX["zz"], KG.partOf, EX["qh"]),  # an endpoint not in the graph: marked, no edge
    ]
    return {FIRST: {"text": text, "mentions": mentions, "evidence": evidence}}


def test_reader_data_carries_text_mentions_and_evidence():
    data = data_of(graph_html(explorer_graph(), texts=explorer_texts()))
    assert data["texts"] is True
    first, second = data["articles"][1], data["articles"][0]
    assert first["text"] == QINGHE_TEXT and second["text"] is None
    ids = {n["name"]: n["id"] for n in data["nodes"]}
    spans = [(QINGHE_TEXT[m[0]:m[1]], m[2], m[4]) for m in first["mentions"]]
    assert spans == [
        ("青禾", ids["青禾下乡记"], "文章"), ("何小舟", ids["何小舟"], "人物"), ("青禾云", ids["青禾云"], "公司"),
        ("青禾集团", ids["青禾科技集团"], "公司"), ("青禾", ids["青禾科技集团"], "公司"),
        ("听雨办公", ids["听雨办公"], "产品"), ("青禾云", ids["青禾云"], "公司"), ("林晓岚", ids["林晓岚"], "人物"),
    ]  # fmt: skip
    assert {m[5] for m in first["mentions"] if m[4] == "公司"} == {view.class_color(KG.Company)}
    edges = {(e["from"], e["pred"], e["to"]): e["id"] for e in data["edges"]}
    marks = {QINGHE_TEXT[e[0]:e[1]]: (e[2], e[3]) for e in first["evidence"]}
    part_of = dict(data["relations"])["partOf"]
    assert marks["青禾云并入青禾集团。"] == (edges[(ids["青禾云"], "partOf", ids["青禾科技集团"])], f"青禾云 {part_of} 青禾科技集团")
    assert marks["作者何小舟"][0] == edges[(ids["何小舟"], "authorOf", ids["青禾下乡记"])]
    assert marks["青禾集团"][0] is None and len(marks) == 5


def name_ids(page, *names: str) -> set[int]:
    script = "names => JSON.parse(document.getElementById('kg-data').textContent).nodes"
    return set(page.evaluate(script + ".filter(n => names.includes(n.name)).map(n => n.id)", list(names)))


@pytest.mark.slow
@pytest.mark.browser
def test_search_by_name_and_alias_selects_and_fills_the_panel(explorer):
    page = explorer()
    page.fill("#kg-search", "晓岚")
    suggestion = page.locator("#kg-suggest li").first
    assert suggestion.inner_text().startswith("林晓岚")
    suggestion.click()
    assert page.evaluate("window.network.getSelectedNodes()") == sorted(name_ids(page, "林晓岚"))
    assert page.evaluate("decodeURIComponent(location.hash)") == "#林晓岚"
    panel = page.locator("#kg-panel")
    text = panel.inner_text()
    assert "人物" in text and "林晓岚" in text
    # Grouped by relation, with the ontology's Chinese labels and counts.
    groups = page.eval_on_selector_all("#kg-panel section.kg-group > h3", "hs => hs.map(h => h.textContent)")
    assert groups == ["领导（1）", "任职于（1）"]
    assert "青禾集团高级研究员林晓岚。" in text and "置信度 0.50" in text
    assert "《青禾下乡记》" in text and "2031-05-06 08:30" in text and "qinghe.txt" in text
    marks = page.eval_on_selector_all("#kg-panel mark", "ms => ms.map(m => m.textContent)")
    assert {"林晓岚", "青禾集团", "青禾云"} <= set(marks)
    # The panel's text can be selected and copied.
    assert page.evaluate("getComputedStyle(document.querySelector('#kg-panel .kg-evidence')).userSelect") != "none"

    page.fill("#kg-search", "tingyu")  # an alias, in another case
    assert "别名 TingYu" in page.locator("#kg-suggest li").first.inner_text()
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == sorted(name_ids(page, "听雨办公"))
    assert "别名：TingYu" in panel.inner_text() and "开发（1）" in panel.inner_text()
    # The view is centred on the chosen node.
    page.wait_for_timeout(600)
    offset = page.evaluate(
        """(() => {
            const id = window.network.getSelectedNodes()[0];
            const p = window.network.canvasToDOM(window.network.getPositions([id])[id]);
            const box = document.getElementById('kg-canvas').getBoundingClientRect();
            return Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
        })()"""
    )
    assert offset < 5


@pytest.mark.slow
@pytest.mark.browser
def test_search_by_pinyin_initials(explorer):
    page = explorer()
    # The browser's Chinese collation gives the initials, and a character of two readings has both.
    assert page.evaluate("window.kgInitials('林晓岚 青禾科技集团 Ti9')") == "lxl qhkjjt ti9"
    assert page.evaluate("window.kgInitials('长河银行')") == "chyx"
    for query, name in [("lxl", "林晓岚"), ("QHKJ", "青禾科技集团"), ("mls", "梅岭市"), ("szf", "梅岭市政府"), ("tybg", "听雨办公")]:
        page.fill("#kg-search", query)
        first = page.locator("#kg-suggest li").first
        assert first.inner_text().startswith(name) and "拼音 " + query.lower() in first.inner_text(), query
    page.fill("#kg-search", "qhj")  # the initials of an alias: 青禾集团
    assert "别名 青禾集团" in page.locator("#kg-suggest li").first.inner_text()
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-panel h2").inner_text() == "青禾科技集团"
    page.fill("#kg-search", "zzz")
    assert page.locator("#kg-suggest li").first.inner_text() == "没有匹配的名称"


@pytest.mark.slow
@pytest.mark.browser
def test_hash_opens_the_page_on_an_entity_and_hostile_names_stay_text(explorer):
    page = explorer(fragment="梅岭市政府", title=HOSTILE_NAME)
    assert page.evaluate("window.network.getSelectedNodes()") == sorted(name_ids(page, "梅岭市政府"))
    text = page.locator("#kg-panel").inner_text()
    assert "政府机构" in text and "梅岭市政府与青禾科技集团合作。" in text and "《梅岭数字化》" in text
    # An alias in the hash works too, and a later change of the hash follows.
    page.evaluate("location.hash = encodeURIComponent('青禾')")
    page.wait_for_function("document.querySelector('#kg-panel h2').textContent === '青禾科技集团'")
    page.fill("#kg-search", "<script>")
    page.locator("#kg-suggest li").first.click()
    assert page.locator("#kg-panel h2").inner_text() == HOSTILE_NAME
    assert "<img src=x onerror" in page.locator("#kg-panel").inner_text()


@pytest.mark.slow
@pytest.mark.browser
def test_filters_legend_relations_confidence_article_and_isolated(explorer):
    page = explorer()
    everyone = node_ids(page, "true")
    isolated = name_ids(page, "白鹭书院", "梅岭数字化")  # the second article has no byline
    # Two articles: entities without relations are hidden from the start.
    assert page.is_checked("#kg-isolated")
    assert node_ids(page, "n.hidden") == isolated
    assert page.locator("#kg-counts").inner_text() == f"显示 {len(everyone) - 2} / {len(everyone)} 个节点，11 / 11 条关系。"

    people = set(page.evaluate("window.nodes.get().filter((n, i) => n.color === '#e15759').map(n => n.id)"))
    assert people == name_ids(page, "林晓岚", "周明远", "何小舟")
    page.click('#kg-legend li[data-cls="Person"]')
    # The first article's only relation is its author's: it goes with them.
    assert node_ids(page, "n.hidden") == people | isolated | name_ids(page, "青禾下乡记")
    assert page.get_attribute('#kg-legend li[data-cls="Person"]', "aria-pressed") == "false"
    assert page.locator('#kg-legend li[data-cls="Person"] .kg-count').inner_text() == "0 / 3"
    page.click('#kg-legend li[data-cls="Person"]')
    assert node_ids(page, "n.hidden") == isolated
    page.uncheck("#kg-isolated")
    assert node_ids(page, "n.hidden") == set()

    # Relation filter: hiding 位于 hides its edges, and 溪山峰会 with them once isolated ones go.
    page.check("#kg-isolated")
    page.click('#kg-relations li[data-pred="locatedIn"]')
    hidden_edges = set(page.evaluate("window.edges.get().filter(e => e.hidden).map(e => e.label)"))
    assert hidden_edges == {"位于"}
    assert node_ids(page, "n.hidden") == isolated | name_ids(page, "溪山峰会", "梅岭市")
    page.click('#kg-relations li[data-pred="locatedIn"]')

    # Minimum confidence 0.6 drops the 0.5 and 0.4 statements; the partnership stays on its 0.7 one.
    page.locator("#kg-confidence").fill("0.6")
    assert page.evaluate("window.edges.get().filter(e => !e.hidden).length") == 9
    assert name_ids(page, HOSTILE_NAME) <= node_ids(page, "n.hidden")
    page.locator("#kg-confidence").fill("0")

    # One article: only what it says.
    page.select_option("#kg-article", label="青禾下乡记（2031-05-06）")
    assert node_ids(page, "!n.hidden") == name_ids(page, "青禾科技集团", "青禾云", "听雨办公", "林晓岚", "何小舟", "青禾下乡记")
    assert page.locator("#kg-counts").inner_text() == f"显示 6 / {len(everyone)} 个节点，5 / 11 条关系。"


@pytest.mark.slow
@pytest.mark.browser
def test_date_range_keeps_the_articles_published_in_it(explorer):
    page = explorer()
    everyone = node_ids(page, "true")
    assert page.get_attribute("#kg-date-from", "min") == "2031-05-06"
    assert page.get_attribute("#kg-date-to", "max") == "2031-06-01"
    page.fill("#kg-date-to", "2031-05-31")  # the first article only
    first = name_ids(page, "青禾科技集团", "青禾云", "听雨办公", "林晓岚", "何小舟", "青禾下乡记")
    assert node_ids(page, "!n.hidden") == first
    assert page.locator("#kg-counts").inner_text() == f"显示 6 / {len(everyone)} 个节点，5 / 11 条关系。"
    page.fill("#kg-date-to", "")
    page.fill("#kg-date-from", "2031-06-01")  # the second only: the same view as choosing it in the list
    by_date = node_ids(page, "!n.hidden")
    assert name_ids(page, "周明远", "溪山峰会") <= by_date and not name_ids(page, "林晓岚", "何小舟") & by_date
    page.fill("#kg-date-from", "")
    assert node_ids(page, "!n.hidden") == everyone - name_ids(page, "白鹭书院", "梅岭数字化")
    page.select_option("#kg-article", label="梅岭数字化（2031-06-01）")
    assert node_ids(page, "!n.hidden") == by_date
    # A range with no article in it leaves nothing; with the article list it narrows further.
    page.select_option("#kg-article", value="")
    page.fill("#kg-date-from", "2031-05-07")
    page.fill("#kg-date-to", "2031-05-31")
    assert node_ids(page, "!n.hidden") == set()
    assert page.evaluate("window.edges.get().filter(e => !e.hidden).length") == 0


@pytest.mark.slow
@pytest.mark.browser
def test_focus_fades_all_but_the_neighbourhood_and_escape_returns(explorer):
    page = explorer(fragment="林晓岚")
    faded = "n.opacity < 1"
    shown = "!n.hidden"
    one_step = name_ids(page, "林晓岚", "青禾云", "青禾科技集团")
    assert node_ids(page, f"{shown} && !({faded})") == one_step
    assert node_ids(page, f"{shown} && {faded}") == node_ids(page, shown) - one_step
    page.click("#kg-depth-2")
    two_steps = one_step | name_ids(page, "听雨办公", "梅岭市政府", HOSTILE_NAME)
    assert node_ids(page, f"{shown} && !({faded})") == two_steps
    # Edges leaving the neighbourhood fade too.
    assert sorted(page.evaluate("window.edges.get().filter(e => e.color.opacity < 1).map(e => e.label)")) == sorted(
        ["作者", "位于", "位于", "领导"]
    )
    page.keyboard.press("Escape")
    assert node_ids(page, faded) == set()
    # Clicking an edge in the panel's world: a node link selects that node and focuses on it.
    page.click("#kg-depth-1")
    page.evaluate("window.kg.select(" + str(min(name_ids(page, "周明远"))) + ", true)")
    page.locator("#kg-panel .kg-link", has_text="梅岭市政府").first.click()
    assert page.evaluate("decodeURIComponent(location.hash)") == "#梅岭市政府"
    assert node_ids(page, f"{shown} && !({faded})") == name_ids(
        page, "梅岭市政府", "梅岭市", "听雨办公", "青禾科技集团", "周明远"
    )
    page.click("#kg-reset")
    assert node_ids(page, faded) == set()


@pytest.mark.slow
@pytest.mark.browser
def test_clicking_an_edge_shows_all_its_statements(explorer):
    page = explorer()
    point = page.evaluate(
        """(() => {
            const e = window.edges.get().find(e => e.label === '合作');
            const p = window.network.getPositions([e.from, e.to]);
            const box = document.getElementById('kg-canvas').getBoundingClientRect();
            const c = window.network.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
            return {x: box.x + c.x, y: box.y + c.y};
        })()"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("document.querySelector('#kg-panel h2') !== null")
    panel = page.locator("#kg-panel").inner_text()
    assert "关系 · 合作" in panel and "陈述（2）" in panel
    assert "梅岭市政府与青禾科技集团合作。" in panel and "青禾集团与梅岭市政府签约。" in panel
    assert "置信度 0.70" in panel and "置信度 0.30" in panel and panel.count("《梅岭数字化》") == 2
    # Focus on an edge: its two ends stay, the rest fades.
    assert node_ids(page, "!n.hidden && !(n.opacity < 1)") == name_ids(page, "梅岭市政府", "青禾科技集团")


@pytest.mark.slow
@pytest.mark.browser
def test_csv_and_png_export(explorer):
    page = explorer()
    page.select_option("#kg-article", label="梅岭数字化（2031-06-01）")
    with page.expect_download() as download:
        page.click("#kg-export-edges")
    path = download.value.path()
    rows = Path(path).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "subject,relation,object,confidence,evidence,article,date,file"
    assert len(rows) == 1 + 7  # six relations, the partnership stated twice
    assert "梅岭市政府,合作,青禾科技集团,0.3,梅岭市政府与青禾科技集团合作。,梅岭数字化,2031-06-01 09:00,meiling.txt" in rows
    with page.expect_download() as download:
        page.click("#kg-export-nodes")
    nodes = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(nodes) == 1 + 8 and not any("林晓岚" in row for row in nodes)
    with page.expect_download() as download:
        page.click("#kg-export-png")
    assert download.value.suggested_filename == "kg-view.png"
    png = Path(download.value.path()).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    size = page.evaluate("(c => [c.width, c.height])(document.querySelector('#kg-canvas canvas'))")
    assert [int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")] == size


@pytest.mark.slow
@pytest.mark.browser
def test_reader_highlights_mentions_marks_evidence_and_selects_on_click(explorer):
    page = explorer(texts=explorer_texts())
    page.evaluate("window.kg.select(%d, false)" % min(name_ids(page, "青禾下乡记")))
    page.click("#kg-panel button.kg-read")
    reader = page.locator("#kg-reader")
    assert reader.is_visible() and "《青禾下乡记》" in page.locator("#kg-reader-title").inner_text()
    # The text as text: the hostile tag is shown, not parsed (the fixture checks it never ran).
    assert page.eval_on_selector("#kg-reader-text", "t => t.textContent") == QINGHE_TEXT
    assert page.eval_on_selector_all("#kg-reader-text img", "is => is.length") == 0
    mentions = page.eval_on_selector_all(
        "#kg-reader .kg-mention", "ms => ms.map(m => [m.textContent, getComputedStyle(m).borderBottomColor])"
    )
    company = "rgb(%d, %d, %d)" % tuple(int(view.class_color(KG.Company)[i : i + 2], 16) for i in (1, 3, 5))
    assert [m[0] for m in mentions] == ["青禾", "何小舟", "青禾云", "青禾集团", "青禾", "听雨办公", "青禾云", "林晓岚"]
    assert {m[1] for m in mentions if m[0] in ("青禾云", "青禾集团")} == {company}
    evidence = page.eval_on_selector_all("#kg-reader .kg-ev", "es => es.map(e => e.textContent).join('|')")
    assert "并入" in evidence and "推出" in evidence and "作者" in evidence and "乡村" not in evidence
    # A mention inside an evidence sentence is coloured and underlined both.
    assert page.eval_on_selector_all("#kg-reader .kg-mention .kg-ev", "es => es.length") >= 3
    page.locator("#kg-reader .kg-mention", has_text="林晓岚").click()
    assert page.evaluate("window.kg.state.selected") == min(name_ids(page, "林晓岚"))
    assert page.locator("#kg-panel h2").inner_text() == "林晓岚" and reader.is_visible()
    # The reader sits beside the graph, not on it, and the selection stays in view.
    page.wait_for_timeout(600)
    canvas, text = page.locator("#kg-canvas").bounding_box(), reader.bounding_box()
    assert canvas["x"] + canvas["width"] <= text["x"] + 1 and canvas["width"] > 300
    inside = page.evaluate(
        """(() => {
            const id = window.kg.state.selected;
            const p = window.network.canvasToDOM(window.network.getPositions([id])[id]);
            const box = document.getElementById('kg-canvas').getBoundingClientRect();
            return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height;
        })()"""
    )
    assert inside
    assert page.eval_on_selector_all(".kg-mention-selected", "ms => ms.map(m => m.textContent)") == ["林晓岚"]
    # From a statement's source: the reader marks that relation's evidence.
    page.locator("#kg-panel section.kg-group[data-pred='leads'] .kg-read-source").first.click()
    current = page.eval_on_selector_all(".kg-ev-current", "es => es.map(e => e.textContent).join('')")
    assert current == "青禾云总裁林晓岚表示"
    page.keyboard.press("Escape")
    assert not reader.is_visible()
    # The other article has no text in this page.
    page.evaluate("window.kg.read(0, null)")
    assert "没有这篇文章的原文" in page.locator("#kg-reader-text").inner_text()


@pytest.mark.slow
@pytest.mark.browser
def test_reader_of_a_page_drawn_from_a_graph_file_says_the_text_is_not_there(explorer):
    page = explorer()
    page.evaluate("window.kg.read(1, null)")
    assert "图文件不含文章原文" in page.locator("#kg-reader-text").inner_text()
    assert page.eval_on_selector_all("#kg-reader .kg-mention", "ms => ms.length") == 0


def test_kg_view_redraws_a_page_from_turtle_or_trig(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    graph = explorer_graph()
    graph.serialize(tmp_path / "graph.ttl", format="turtle", encoding="utf-8")
    # One named graph holding everything, as N-Triples lines inside TriG braces.
    triples = graph.serialize(format="nt")
    (tmp_path / "graph.trig").write_text(f"<https://example.org/graph/all> {{\n{triples}}}\n", encoding="utf-8")

    runner = CliRunner()
    result = runner.invoke(main, ["view", str(tmp_path / "graph.ttl")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert page == graph_html(graph, title="kg：2 篇文章")
    result = runner.invoke(main, ["view", str(tmp_path / "graph.trig"), "-o", str(tmp_path / "b.html"),
                                  "--title", "梅岭", "--max-nodes", "5"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = data_of((tmp_path / "b.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 5
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == graph_html(graph, title="梅岭", max_nodes=5)
    result = runner.invoke(main, ["view", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 1 and "missing.ttl" in result.output


BUILT_TEXT = "青禾云并入青禾集团\n\n青禾云并入青禾集团。青禾集团董事长林晓岚表示，青禾云将推出听雨办公。\n"


def test_kg_build_puts_the_article_text_in_the_page_and_kg_view_cannot(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "a.txt").write_text(BUILT_TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    data = data_of((tmp_path / "out" / "graph.html").read_text(encoding="utf-8"))
    (article,) = data["articles"]
    assert data["texts"] is True and article["text"] == BUILT_TEXT
    names = {n["id"]: n["name"] for n in data["nodes"]}
    # Each mention points at the node of the entity it names, its text one of that node's names.
    assert article["mentions"] and all(m[2] is not None and m[3] == names[m[2]] for m in article["mentions"])
    person = next(m for m in article["mentions"] if BUILT_TEXT[m[0] : m[1]] == "林晓岚")
    assert person[4] == "人物"
    edges = {e["id"]: e for e in data["edges"]}
    assert article["evidence"] and all(edges[e[2]]["evidence"][0][1] == BUILT_TEXT[e[0] : e[1]]
                                       for e in article["evidence"])  # fmt: skip
    result = runner.invoke(main, ["view", str(tmp_path / "out" / "graph.ttl"), "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    again = data_of((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert again["texts"] is False and again["articles"][0]["text"] is None


def test_kg_build_max_nodes_cuts_the_page_and_a_new_value_draws_it_again(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "a.txt").write_text(BUILT_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["build", str(tmp_path / "a.txt"), "-o", str(out), "--no-ner"]
    result = runner.invoke(main, args + ["--max-nodes", "2"])
    assert result.exit_code == 0, result.output
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = data_of(page)
    assert len(data["nodes"]) == 2 and data["total"] == 3 and len(data["reserve"]["nodes"]) == 1
    notice = NOTICE.search(page)
    assert notice and notice.group(1, 2) == ("2", "3") and notice.group(5).endswith(" 1 个")
    # The same build again is up to date; another --max-nodes (or none) is not, and the cache still serves.
    again = runner.invoke(main, args + ["--max-nodes", "2"])
    assert "up to date" in again.output and (out / "graph.html").read_text(encoding="utf-8") == page
    whole = runner.invoke(main, args)
    assert whole.exit_code == 0 and "up to date" not in whole.output and "unchanged (cache)" in whole.output
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert len(data_of(page)["nodes"]) == 3 and not NOTICE.search(page)
    assert runner.invoke(main, args + ["--max-nodes", "0"]).exit_code == 2

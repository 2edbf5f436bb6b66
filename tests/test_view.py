"""Tests of the offline HTML view: the page string, then the page in Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

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


def add_entity(graph: Graph, key: str, cls: URIRef, label: str, *alt: str) -> URIRef:
    node = EX[key]
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label, lang="zh")))
    for name in alt:
        graph.add((node, SKOS.altLabel, Literal(name, lang="zh")))
    return node


def add_relation(graph: Graph, s: URIRef, p: URIRef, o: URIRef, evidence: str, confidence: str = "0.85") -> None:
    graph.add((s, p, o))
    statement = BNode()
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, s))
    graph.add((statement, RDF.predicate, p))
    graph.add((statement, RDF.object, o))
    graph.add((statement, KG.evidence, Literal(evidence, lang="zh")))
    graph.add((statement, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
    graph.add((statement, PROV.wasDerivedFrom, ARTICLE))


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
    assert develops["evidence"] == [[0.9, "钉钉是阿里巴巴旗下的智能办公平台。"]]
    assert not develops["symmetric"]
    assert edges[("内江市政府", "客户", "钉钉")]["evidence"] == [[0.6, HOSTILE_EVIDENCE]]
    assert ("杨丽", "作者", "钉钉下乡") in edges
    assert ("雷锋网产业组", "出品", "钉钉下乡") in edges


def test_partnership_stated_both_ways_is_one_undirected_edge(small_graph):
    data = data_of(graph_html(small_graph))
    partner = [e for e in data["edges"] if e["label"] == "合作"]
    assert len(partner) == 1
    assert partner[0]["symmetric"]
    assert partner[0]["evidence"] == [[0.8, "与阿里巴巴集团等科技公司深度合作。"], [0.7, "内江与阿里巴巴签署合作协议。"]]


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
    data = data_of(graph_html(generated_graph(2000)))
    assert len(data["nodes"]) == 2000
    assert data["seeded"] and data["large"]
    assert 50 <= data["iterations"] <= 100
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 2000
    small = data_of(graph_html(generated_graph(40)))
    assert not small["seeded"] and "x" not in small["nodes"][0]
    assert small["iterations"] == 600


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


def open_page(browser, html: str, path, requests: list[str], dialogs: list[str]):
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Whatever slipped through would be stopped here, and still recorded above.
    page.route(re.compile(r"^(?!file:|data:|about:|blob:)"), lambda route: route.abort())
    page.goto(path.as_uri())
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

    page.mouse.move(0, 0)
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
    assert all(url.startswith(("file:", "data:", "about:", "blob:")) for url in requests), requests
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

"""Many articles, one graph: resolution across articles, the cache, workers, Dask, TriG, explain."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.graph import ArticleResult
from kg.records import Article, Entity, Relation
from kg.resolve import resolve

ARTICLES = {
    "a.txt": "明远集团收购蓝天\n\n2021-03-01 来源：测试日报\n明远集团收购了蓝天软件公司。明远集团CEO 王大明表示满意。",
    "b.txt": "蓝天公司新闻\n\n2021-03-02 来源：测试日报\n蓝天软件公司发布新产品。清华大学教授李明出席发布会。",
    "c.txt": "四川新闻\n\n2021-03-03 来源：测试晚报\n他来自四川成都。星河科技集团宣布成立人工智能委员会。",
}


def _result(source, entities, relations=()):
    return ArticleResult(Article(source, source.split(".")[0], "", ""), tuple(entities), tuple(relations))


def test_short_form_and_alias_merge_across_articles():
    a = _result("a.txt", [Entity("百丽集团", "百丽集团", "Company")])
    b = _result("b.txt", [Entity("百丽", "百丽", "Company")])
    c = _result("c.txt", [Entity("阿里巴巴集团", "阿里巴巴集团", "Company", {"阿里"})])
    d = _result("d.txt", [Entity("阿里", "阿里", "Organization")])
    resolved, resolutions = resolve([a, b, c, d])
    assert [e.key for r in resolved for e in r.entities] == ["百丽集团", "百丽集团", "阿里巴巴集团", "阿里巴巴集团"]
    assert [e.label for r in resolved for e in r.entities] == ["Company"] * 4
    assert {rule for res in resolutions for rule, _, _ in res.reasons} == {"short-form", "alias"}


def test_merges_respect_classes():
    a = _result("a.txt", [Entity("长城", "长城", "Place")])
    b = _result("b.txt", [Entity("长城", "长城", "Company")])
    resolved, _ = resolve([a, b])
    assert [(e.key, e.label) for r in resolved for e in r.entities] == [("长城_Place", "Place"),
                                                                        ("长城_Company", "Company")]


def test_near_names_merge_only_when_the_context_agrees():
    def person(source, name, org):
        return _result(source, [Entity(name, name, "Person"), Entity(org, org, "Company")],
                       [Relation(name, "leads", org, "x", 0, 1, 0.8)])

    same_org, resolutions = resolve([person("a.txt", "张建锋", "阿里云"), person("b.txt", "张剑锋", "阿里云")])
    assert len({e.key for r in same_org for e in r.entities if e.label == "Person"}) == 1
    assert ("near-name", "张建锋", "张剑锋") in [why for res in resolutions for why in res.reasons]
    other_org, _ = resolve([person("a.txt", "张建锋", "阿里云"), person("b.txt", "张剑锋", "腾讯")])
    assert len({e.key for r in other_org for e in r.entities if e.label == "Person"}) == 2


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.html", "entities.json")}


@pytest.mark.slow
def test_incremental_builds_equal_clean_builds(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out)
    assert first.cached == 0 and first.articles == 3
    again = build([corpus], out)
    assert again.cached == 3 and again.triples is None  # nothing to do at all
    before = _files(out)

    # edit one article: only that one is analysed again
    (corpus / "b.txt").write_text(ARTICLES["b.txt"].replace("李明", "李亮"), encoding="utf-8")
    edited = build([corpus], out)
    assert edited.cached == 2
    clean = build([corpus], tmp_path / "clean", use_cache=False)
    assert _files(out) == _files(tmp_path / "clean")
    assert _files(out) != before
    assert "李亮" in (out / "graph.ttl").read_text(encoding="utf-8")

    # delete one: its facts go, and entities named nowhere else
    (corpus / "c.txt").unlink()
    build([corpus], out)
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "星河科技集团" not in text and "明远集团" in text
    build([corpus], tmp_path / "clean2", use_cache=False)
    assert _files(out) == _files(tmp_path / "clean2")
    assert clean.articles == 3


@pytest.mark.slow
def test_workers_give_the_same_bytes(corpus, tmp_path):
    build([corpus], tmp_path / "one", use_cache=False)
    build([corpus], tmp_path / "two", use_cache=False, jobs=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_bytes(corpus, tmp_path):
    build([corpus], tmp_path / "one", use_cache=False)
    build([corpus], tmp_path / "dask", use_cache=False, dask_local=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "dask")


@pytest.mark.slow
def test_trig_has_one_named_graph_per_article(corpus, tmp_path):
    import pyoxigraph as ox

    build([corpus], tmp_path / "out")
    quads = list(ox.parse(path=str(tmp_path / "out" / "graph.trig"), format=ox.RdfFormat.TRIG))
    names = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    assert [n.rsplit("/", 1)[1] for n in names] == ["a", "b", "c"]
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    ttl = {(t.subject, t.predicate, t.object)
           for t in ox.parse(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert triples == ttl


@pytest.mark.slow
def test_explain(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out)
    result = CliRunner().invoke(main, ["explain", "蓝天软件公司", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "a.txt" in result.output and "b.txt" in result.output
    missing = CliRunner().invoke(main, ["explain", "不存在的名字", "-o", str(out)])
    assert missing.exit_code == 1 and "no node is named" in missing.stderr
    shutil.rmtree(out)
    gone = CliRunner().invoke(main, ["explain", "蓝天软件公司", "-o", str(out)])
    assert gone.exit_code == 1 and "entities.json: no such file" in gone.stderr


@pytest.mark.slow
def test_no_ner_builds_are_cached_apart_and_equal_across_workers(corpus, tmp_path):
    from kg.nlp import get_pipeline

    assert not {"kg_lac", "kg_tagger"} & set(get_pipeline(False).pipe_names)
    out = tmp_path / "out"
    fast = build([corpus], out, ner=False)
    assert fast.cached == 0
    assert build([corpus], out, ner=False).cached == 3  # its own cache entries are reused
    full = build([corpus], out)  # ... but never for a build with the NER
    assert full.cached == 0 and full.triples is not None
    build([corpus], tmp_path / "fast1", use_cache=False, ner=False)
    build([corpus], tmp_path / "fast2", use_cache=False, ner=False, jobs=2)
    assert _files(tmp_path / "fast1") == _files(tmp_path / "fast2")


def test_cli_no_ner(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus / "a.txt"), "-o", str(tmp_path / "o"), "--no-ner", "-q"])
    assert result.exit_code == 0, result.output
    assert "明远集团" in (tmp_path / "o" / "graph.ttl").read_text(encoding="utf-8")

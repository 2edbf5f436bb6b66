"""The bench's page phase (kg.bench.pages): its report, its inputs, and one real run in Chromium.

No time is asserted: the bench measures first-draw times, the tests only check that a result is
reported as measured.
"""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace

from kg.bench import pages
from kg.bench.main import _parser
from kg.bench.report import format_report, pages_lines
from kg.view import graph_html

KG = Namespace("https://w3id.org/kg-zh/ontology#")
EX = Namespace("https://example.org/entity/")


def result(name: str, drawn: int, settled: list[float], **extra) -> dict:
    target, label = pages.target_s(drawn)
    row = {"name": name, "source": f"{name} 的来源", "nodes": drawn + 7, "drawn": drawn, "visible": drawn - 3,
           "edges": 2 * drawn, "articles": 4, "bytes": 1_234_567, "settled_ms": settled,
           "wall_ms": [ms + 50 for ms in settled], "median_ms": sorted(settled)[len(settled) // 2],
           "target_s": target, "target": label, "errors": [], "build_s": 1.0}
    return {**row, **extra}


def test_report_formats_each_page_beside_its_target():
    rep = {"pages": {"chromium": "156.0", "viewport": {"width": 1600, "height": 1000}, "runs": 3, "pages": [
        result("星河科技", 40, [700.0, 910.0, 650.0]),
        result("北辰公司", 1500, [9100.0, 8700.0, 12000.0], errors=["TypeError: 林一帆"]),
    ]}}
    lines = pages_lines(rep)
    assert lines[0].startswith("graph.html first draw (Chromium 156.0, 1600×1000") and "median of 3 runs" in lines[0]
    header = lines[1].split()
    assert header[:6] == ["page", "articles", "nodes", "drawn", "visible", "edges"]
    small = next(line for line in lines[3:] if line.startswith("星河科技 "))
    assert small.split()[1:9] == ["4", "47", "40", "37", "80", "1.23", "0.70", "0.70"]
    assert "0.70 0.91 0.65" in small and "≤ 500 nodes: 3 s" in small and small.endswith("yes")
    big = next(line for line in lines[3:] if line.startswith("北辰公司 "))
    assert "1,507" in big and "1,500" in big and "8.70" in big
    assert "≤ 1,500 nodes (the cut): 8 s" in big and big.endswith("NO")
    assert "北辰公司: 北辰公司 的来源 (written in 1.0 s); page errors: TypeError: 林一帆" in lines
    assert lines[-1] == ""
    # --pages-only: the report is that table under the machine line
    text = format_report({"machine": "2 cores", **rep})
    assert text.splitlines()[0] == "kg bench --pages-only  (2 cores)" and "星河科技" in text


def test_report_says_why_the_pages_were_skipped():
    assert pages_lines({"pages": {"skipped": "Playwright is not installed"}}) == [
        "graph.html first draw: skipped (Playwright is not installed)", ""]
    assert pages_lines({}) == []


def test_targets_follow_the_issue():
    assert pages.target_s(1) == (3.0, "≤ 500 nodes: 3 s")
    assert pages.target_s(500)[0] == 3.0
    assert pages.target_s(501)[0] == 8.0 and pages.target_s(1500)[0] == 8.0


def test_pages_are_on_unless_turned_off():
    assert _parser().parse_args([]).pages is None
    assert _parser().parse_args(["--no-pages"]).pages is False
    args = _parser().parse_args(["--pages-only", "--page-articles", "12", "--page-runs", "5"])
    assert args.pages_only and args.page_articles == 12 and args.page_runs == 5


def test_transcripts_split_at_their_headings(tmp_path):
    body = "星河科技与北辰公司签署合作协议，林一帆出席签约仪式。\n" * 20
    text = f"星河科技合作\n{body}\n简讯\n太短的一条。\n青藤大学开学\n{body}北辰公司发布新品\n{body}"
    (tmp_path / "news.txt").write_text(text, encoding="utf-8")
    inputs, source = pages.n_article_inputs(tmp_path, 2, tmp_path / "input", tmp_path, 0)
    assert source.startswith("2 articles split from the transcripts of")
    records = [json.loads(line) for line in inputs[0].read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in records] == ["星河科技合作", "青藤大学开学"]  # the short one is left out
    assert records[0]["text"] == body and records[0]["id"] == "t0000"


def invented_graph() -> Graph:
    g = Graph()
    names = [("xinghe", KG.Company, "星河科技"), ("beichen", KG.Company, "北辰公司"), ("lin", KG.Person, "林一帆"),
             ("qingteng", KG.Organization, "青藤大学")]
    for key, cls, label in names:
        g.add((EX[key], RDF.type, cls))
        g.add((EX[key], RDFS.label, Literal(label, lang="zh")))
    g.add((EX.xinghe, KG.partnerOf, EX.beichen))
    g.add((EX.lin, KG.leads, EX.xinghe))
    return g


def test_page_counts_read_the_pages_data():
    counts = pages.page_counts(graph_html(invented_graph(), max_nodes=3))
    assert counts == {"nodes": 4, "drawn": 3, "edges": counts["edges"], "articles": 0}
    assert 1 <= counts["edges"] <= 2


@pytest.mark.slow
@pytest.mark.browser
def test_phase_opens_a_page_in_chromium(tmp_path):
    missing = pages.pages_missing()
    if missing:
        pytest.fail(missing)
    page = tmp_path / "graph.html"
    page.write_text(graph_html(invented_graph(), title="星河科技"), encoding="utf-8")
    out = pages.phase_pages([{"name": "星河", "html": str(page), "source": "invented", "build_s": 0.0}], runs=2)
    assert out["runs"] == 2 and out["viewport"] == pages.VIEWPORT and out["chromium"]
    (row,) = out["pages"]
    assert (row["nodes"], row["drawn"], row["visible"], row["articles"]) == (4, 4, 4, 0)
    assert len(row["settled_ms"]) == 2 and all(ms > 0 for ms in row["settled_ms"]) and row["errors"] == []
    assert row["bytes"] == page.stat().st_size and row["target"] == "≤ 500 nodes: 3 s"
    assert "星河" in "\n".join(pages_lines({"pages": out}))

"""One line, naming the input and what would be valid, for every bad input of issue 14."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main

GRAPH = '<https://w3id.org/kg-zh/entity/甲> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .\n'


def one_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_output_naming_a_file(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("标题\n\n星河云发布新产品。", encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")
    line = one_line(CliRunner().invoke(main, ["build", str(article), "-o", str(taken)]))
    assert "taken: is a file, not a folder" in line
    assert taken.read_text(encoding="utf-8") == "not a folder"


def test_query_file_not_utf8(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    rq = tmp_path / "q.rq"
    rq.write_bytes("SELECT * { ?s rdfs:label \"甲\" }".encode("utf-16"))
    line = one_line(CliRunner().invoke(main, ["query", str(graph), "-f", str(rq)]))
    assert "q.rq: not valid UTF-8 text (byte 0" in line


@pytest.mark.parametrize("query", [
    "INSERT DATA { kge:甲 kg:partOf kge:乙 }",
    "PREFIX ex: <http://example.org/>\n# tidy up\nDELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
])
def test_update_queries(tmp_path, query):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    line = one_line(CliRunner().invoke(main, ["query", str(graph), query]))
    assert "only SELECT/ASK/CONSTRUCT/DESCRIBE queries are supported" in line
    assert graph.read_text(encoding="utf-8") == GRAPH


def test_folder_as_graph(tmp_path):
    line = one_line(CliRunner().invoke(main, ["query", str(tmp_path), "ASK {}"]))
    assert "is a folder; give a graph file" in line
    line = one_line(CliRunner().invoke(main, ["serve", str(tmp_path), "--port", "0"]))
    assert "is a folder; give a graph file" in line


def test_syntax_error_position_is_in_the_text_given(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    line = one_line(CliRunner().invoke(main, ["query", str(graph), "SELECT ?s WHERE {\n  ?s kg:partOf"]))
    assert "SPARQL syntax error (error at 2:" in line
    # the project's prefixes are still declared, and a query's own declaration wins
    ok = CliRunner().invoke(main, ["query", str(graph), "SELECT ?l { kge:甲 rdfs:label ?l }", "--format", "csv"])
    assert ok.output.splitlines() == ["l", "甲"]
    own = CliRunner().invoke(main, ["query", str(graph), "PREFIX kge: <http://elsewhere/>\nASK { kge:甲 ?p ?o }"])
    assert own.output.strip() == "false"


def test_whitespace_only_article(tmp_path):
    article = tmp_path / "blank.txt"
    article.write_text(" \n\u3000\n\t\n", encoding="utf-8")
    line = one_line(CliRunner().invoke(main, ["build", str(article), "-o", str(tmp_path / "out")]))
    assert "blank.txt: file has only white space" in line

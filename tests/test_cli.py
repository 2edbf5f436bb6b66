"""The kg command: help everywhere, exit codes and one-line errors, nothing half-written."""

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

COMMANDS = [[], ["build"], ["query"], ["serve"], ["explain"], ["eval"], ["eval", "recognition"], ["eval", "ner"], ["eval", "graph"],
            ["eval", "duie"], ["view"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(main, command + [flag])
        assert result.exit_code == 0, result.output
        assert "Example:" in result.output


@pytest.mark.parametrize("content, message", [
    (None, "no such file or folder"),
    (b"", "file is empty"),
    (b"\xff\xfe\x00\xd8ab", "not valid UTF-16 text"),  # a UTF-16 BOM, then a lone surrogate
])
def test_build_bad_input(tmp_path, content, message):
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "article.txt" in lines[0] and message in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_bad_file_among_good_ones_writes_nothing(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("标题\n\n钉钉并入阿里云。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(good), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert not (out / "graph.ttl").exists()


def test_query_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["query", str(tmp_path / "none.ttl"), "ASK {}"])
    assert result.exit_code == 1 and "none.ttl: no such file" in result.stderr
    ttl = tmp_path / "g.ttl"
    ttl.write_text("<a:b> <a:c> <a:d> .\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(ttl)])
    assert result.exit_code == 1 and "either a QUERY or -f" in result.stderr
    result = runner.invoke(main, ["query", str(ttl), "SELECT WHERE"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: query: SPARQL syntax error")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a:b> <a:c> .\n", encoding="utf-8")
    result = runner.invoke(main, ["query", str(broken), "ASK {}"])
    assert result.exit_code == 1 and "broken.ttl: cannot parse the graph" in result.stderr


def test_query_formats(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text('<https://w3id.org/kg-zh/entity/钉钉> <http://www.w3.org/2000/01/rdf-schema#label> "钉钉"@zh .\n',
                   encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["query", str(ttl), "SELECT ?s ?l { ?s rdfs:label ?l }"])
    assert table.exit_code == 0 and "kge:钉钉" in table.output
    csv = runner.invoke(main, ["query", str(ttl), "SELECT ?l { ?s rdfs:label ?l }", "--format", "csv"])
    assert csv.output.splitlines() == ["l", "钉钉"]
    js = runner.invoke(main, ["query", str(ttl), "ASK { ?s ?p ?o }", "--format", "json"])
    assert json.loads(js.output) == {"head": {}, "boolean": True}


def test_build_writes_both_files(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("标题\n\n钉钉并入阿里云。", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(art), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8").count("partOf") >= 1
    assert (tmp_path / "out" / "graph.html").stat().st_size > 1000
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]

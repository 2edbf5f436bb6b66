"""The saved competency questions (``ontology/queries/*.rq``) on a real build of the sample article.

Each query runs through :func:`kg.query.run_query` (Oxigraph) and must give the expected answers;
each also runs unchanged in rdflib's SPARQL engine with the same rows, and through the
``kg query GRAPH -f FILE`` command.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.cli import main
from kg.query import QueryResult, load_store, run_query

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "input" / "dingtalk-xiaxiang.txt"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
QUERIES = ROOT / "ontology" / "queries"
KG = "https://w3id.org/kg-zh/ontology#"
NAMES = ("entity-relations", "leads", "part-of", "people-roles", "strategies")


@pytest.fixture(scope="module")
def store(built: Path):
    return load_store(built)


@pytest.fixture(scope="module")
def text() -> str:
    return ARTICLE.read_text(encoding="utf-8").removeprefix("\ufeff")


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def rows(result: QueryResult) -> list[dict[str, object]]:
    return [dict(zip(result.variables, row)) for row in result.rows]


# ---------------------------------------------------------------- the files themselves

def test_the_saved_queries_are_these() -> None:
    assert sorted(p.stem for p in QUERIES.glob("*.rq")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_query_file_is_self_contained(name: str) -> None:
    """A leading comment, explicit PREFIX lines (runs without kg's prefixes), a deterministic order."""
    query = query_text(name)
    assert query.startswith("# ")
    comment = "\n".join(line for line in query.splitlines() if line.startswith("#"))
    assert "kg query" in comment and "To " in comment
    assert re.search(r"^ORDER BY ", query, re.MULTILINE)
    # Oxigraph itself, without kg.query.with_prefixes: an undeclared prefix is a syntax error.
    assert isinstance(ox.Store().query(query), ox.QuerySolutions)


# ---------------------------------------------------------------- the answers

@pytest.mark.slow
def test_part_of(store, text: str) -> None:
    found = rows(run_query(store, query_text("part-of")))
    assert found, "钉钉 is part of nothing"
    first = found[0]
    assert (first["whole"], first["via"]) == ("阿里云", "钉钉")
    assert first["evidence"] in text and "并入" in first["evidence"]
    assert 0 <= float(first["confidence"]) <= 1


@pytest.mark.slow
def test_part_of_another_entity(store) -> None:
    """The comment's recipe: change the name in the VALUES line."""
    query = query_text("part-of").replace('"钉钉"', '"阿里云"')
    assert "阿里巴巴集团" in {r["whole"] for r in rows(run_query(store, query))}


@pytest.mark.slow
def test_leads(store, text: str) -> None:
    found = rows(run_query(store, query_text("leads")))
    leaders = {r["person"]: r for r in found}
    assert "蒋江伟" in leaders
    assert leaders["蒋江伟"]["evidence"] in text


@pytest.mark.slow
def test_strategies(store, text: str) -> None:
    found = rows(run_query(store, query_text("strategies")))
    hits = [r for r in found if r["strategy"] == "云钉一体"]
    assert hits, found
    assert hits[0]["organisation"] in ("阿里巴巴", "阿里巴巴集团")
    assert hits[0]["evidence"] in text


@pytest.mark.slow
def test_entity_relations(store, text: str) -> None:
    found = rows(run_query(store, query_text("entity-relations")))
    assert {"direction": "→", "relation": KG + "partOf", "relationLabel": "partOf", "other": "阿里云"}.items() <= next(
        r for r in found if r["relation"] == KG + "partOf").items()
    assert {r["direction"] for r in found} == {"→", "←"}
    assert all(r["evidence"] in text for r in found)
    ranks = [0 if r["direction"] == "→" else 1 for r in found]
    assert ranks == sorted(ranks), "outgoing relations first"


@pytest.mark.slow
def test_entity_relations_with_the_ontology_loaded(built: Path) -> None:
    """With kg.ttl in the store, relations read as their Chinese labels."""
    store = load_store(built)
    store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    found = rows(run_query(store, query_text("entity-relations")))
    part_of = next(r for r in found if r["relation"] == KG + "partOf")
    assert (part_of["relationLabel"], part_of["other"]) == ("隶属", "阿里云")


@pytest.mark.slow
def test_entity_relations_of_another_entity(store) -> None:
    query = query_text("entity-relations").replace('"钉钉"', '"阿里巴巴"')
    found = {(r["direction"], r["relationLabel"], r["other"]) for r in rows(run_query(store, query))}
    assert ("→", "hasStrategy", "云钉一体") in found
    assert ("←", "leads", "张勇") in found


@pytest.mark.slow
def test_people_roles(store, text: str) -> None:
    found = rows(run_query(store, query_text("people-roles")))
    triples = [(r["person"], r["relation"], r["organisation"]) for r in found]
    assert ("张勇", KG + "leads", "阿里巴巴集团") in triples
    assert ("蒋江伟", KG + "leads", "云原生技术委员会") in triples
    assert {r["relation"] for r in found} <= {KG + "leads", KG + "worksFor"}
    assert triples == sorted(triples)
    assert all(r["evidence"] in text for r in found)


# ---------------------------------------------------------------- any SPARQL tool, and the CLI

@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_rows(built: Path, store, name: str) -> None:
    """The files are plain SPARQL 1.1: rdflib's engine answers them exactly as Oxigraph does."""
    query = query_text(name)
    ours = run_query(store, query)
    theirs = Graph().parse(built, format="turtle").query(query)
    assert tuple(str(v) for v in theirs.vars) == ours.variables
    assert [tuple(None if v is None else str(v) for v in row) for row in theirs] == list(ours.rows)
    assert ours.rows


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_kg_query_command(built: Path, store, name: str) -> None:
    path = QUERIES / f"{name}.rq"
    result = CliRunner().invoke(main, ["query", str(built), "-f", str(path)])
    assert result.exit_code == 0, result.output
    expected = run_query(store, query_text(name))
    lines = result.output.splitlines()
    assert lines[0].split() == list(expected.variables)
    assert len(lines) == 2 + len(expected.rows)

    result = CliRunner().invoke(main, ["query", str(built), "-f", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert [{k: v["value"] for k, v in b.items()} for b in bindings] == [
        {k: v for k, v in zip(expected.variables, row) if v is not None} for row in expected.rows]


# ---------------------------------------------------------------- results as pyoxigraph writes them

TRICKY = ('<https://w3id.org/kg-zh/entity/星河科技> <http://www.w3.org/2000/01/rdf-schema#label> "星河科技"@zh .\n'
          '<https://w3id.org/kg-zh/entity/星河科技> <http://www.w3.org/2004/02/skos/core#altLabel> '
          '"http://星河.example 不是网址"@zh .\n'
          '<https://w3id.org/kg-zh/entity/星河科技> <https://w3id.org/kg-zh/ontology#evidence> "a,b\\"c" .\n')


@pytest.fixture()
def tricky(tmp_path: Path) -> Path:
    path = tmp_path / "tricky.nt"
    path.write_text(TRICKY, encoding="utf-8")
    return path


def test_json_keeps_literals_that_look_like_iris_and_their_language(tricky: Path) -> None:
    result = CliRunner().invoke(main, ["query", str(tricky), "SELECT ?o { ?s ?p ?o } ORDER BY ?o", "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = [b["o"] for b in json.loads(result.output)["results"]["bindings"]]
    assert {"type": "literal", "value": "http://星河.example 不是网址", "xml:lang": "zh"} in bindings
    assert {"type": "literal", "value": "星河科技", "xml:lang": "zh"} in bindings
    assert {"type": "literal", "value": 'a,b"c'} in bindings
    subjects = CliRunner().invoke(main, ["query", str(tricky), "SELECT DISTINCT ?s { ?s ?p ?o }", "--format", "json"])
    assert json.loads(subjects.output)["results"]["bindings"] == [
        {"s": {"type": "uri", "value": "https://w3id.org/kg-zh/entity/星河科技"}}]


@pytest.mark.parametrize("fmt", ["tsv", "xml", "json"])
def test_every_results_format_is_what_a_sparql_parser_reads(tricky: Path, fmt: str) -> None:
    """Each format parses back (pyoxigraph's results parser) to the rows the store gives."""
    query = "SELECT ?p ?o { ?s ?p ?o } ORDER BY ?p"
    result = CliRunner().invoke(main, ["query", str(tricky), query, "--format", fmt])
    assert result.exit_code == 0, result.output
    parsed = ox.parse_query_results(result.output.encode("utf-8"), format=getattr(ox.QueryResultsFormat, fmt.upper()))
    got = [tuple(str(sol[v]) for v in ("p", "o")) for sol in parsed]
    expected = [tuple(str(sol[v]) for v in ("p", "o")) for sol in load_store(tricky).query(query)]
    assert got == expected and len(got) == 3
    assert '"http://星河.example 不是网址"@zh' in {o for _, o in got}


def test_csv_holds_the_values_quoted_where_needed(tricky: Path) -> None:
    query = "SELECT ?p ?o { ?s ?p ?o } ORDER BY ?p"
    result = CliRunner().invoke(main, ["query", str(tricky), query, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.output))) == [["p", "o"]] + [
        [sol["p"].value, sol["o"].value] for sol in load_store(tricky).query(query)]
    assert '"a,b""c"' in result.output


def test_construct_is_written_as_turtle_not_as_a_table_format(tricky: Path) -> None:
    query = "CONSTRUCT { ?s rdfs:label ?o } WHERE { ?s rdfs:label ?o }"
    turtle = CliRunner().invoke(main, ["query", str(tricky), query, "--format", "turtle"])
    assert turtle.exit_code == 0, turtle.output
    assert "kge:星河科技 rdfs:label \"星河科技\"@zh" in turtle.output
    assert set(Graph().parse(data=turtle.output, format="turtle")) == set(
        Graph().parse(data=TRICKY, format="nt").triples((None, RDFS.label, None)))
    wrong = CliRunner().invoke(main, ["query", str(tricky), query, "--format", "csv"])
    assert wrong.exit_code == 1
    assert "a CONSTRUCT/DESCRIBE result cannot be written as csv; use --format table or one of turtle" in wrong.stderr
    ask = CliRunner().invoke(main, ["query", str(tricky), "ASK { ?s ?p ?o }", "--format", "ntriples"])
    assert ask.exit_code == 1 and "a SELECT/ASK result cannot be written as ntriples" in ask.stderr

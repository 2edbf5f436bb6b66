"""Tests of the graph scorer (kg.evaluate): exact numbers on a tiny invented article, the same
numbers as the shared scorer, confidence bands and the ``kg eval graph`` command; no mocks."""

from __future__ import annotations

import importlib.util
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.cli import main
from kg.errors import KgError
from kg.evaluate import (
    CORE_CLASSES,
    CORE_RELATIONS,
    confidence_bands,
    format_bands,
    format_scores,
    load_gold,
    normalise,
    score_graph,
    sum_bands,
)

DATA = Path(__file__).parent / "data" / "eval"
GRAPH = DATA / "qingwu-launch.ttl"
GOLD = DATA / "qingwu-launch.json"
GOLD_SECOND = DATA / "lanzhou-forum.json"
TEXT = DATA / "qingwu-launch.txt"
SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared/tools/score_graph.py"

KG = Namespace("https://w3id.org/kg-zh/ontology#")
KGE = Namespace("https://w3id.org/kg-zh/entity/")
KGA = Namespace("https://w3id.org/kg-zh/article/")
SUMMARY = re.compile(r"entities  P=\S+ R=\S+ F1=\S+ \(tp=\d+ fp=\d+ fn=\d+\) typed=\S+\n"
                     r"relations P=\S+ R=\S+ F1=\S+ \(tp=\d+ fp=\d+ fn=\d+\)")
# The shared scorer reads graphs with rdflib's Dataset, which warns about itself in rdflib 7.
RDFLIB_DATASET_WARNING = "ignore::DeprecationWarning:rdflib.*"


# --- exact numbers on the hand-made fixture -------------------------------------------------

def test_entities_counted_with_duplicate_as_false_positive():
    scores = score_graph(GRAPH, [GOLD])
    # 5 right nodes; 蓝鲸资本 is not in the gold and 青梧科技有限公司 duplicates 青梧科技;
    # 岚州市 is missing; 白石物流 has the wrong class.
    assert scores["entities"] == {"precision": 0.714, "recall": 0.833, "f1": 0.769,
                                  "tp": 5, "fp": 2, "fn": 1, "typed_accuracy": 0.8}
    assert scores["entity_missed"] == ["岚州市"]
    duplicates = [row for row in scores["entity_false_positives"] if row["duplicate_of"]]
    assert duplicates == [{"node": str(KGE["青梧科技有限公司"]), "labels": ["青梧", "青梧科技有限公司"],
                           "duplicate_of": "青梧科技"}]


def test_relations_symmetric_partner_and_optional_ignored():
    scores = score_graph(GRAPH, [GOLD])
    # Right: leads, authorOf (to the article node), partnerOf (the reverse of the gold), develops
    # (credited once although the duplicate node also has it). Wrong: worksFor, investedIn from a
    # node outside the gold. partOf is optional: not counted. Missed: locatedIn.
    assert scores["relations"] == {"precision": 0.667, "recall": 0.8, "f1": 0.727,
                                   "tp": 4, "fp": 2, "fn": 1}
    assert scores["relation_missed"] == [["青梧科技", "locatedIn", "岚州市"]]
    assert {(r["predicate"], r["reason"]) for r in scores["relation_false_positives"]} == {
        ("worksFor", "not a gold relation"), ("investedIn", "end not in gold")}
    assert "evidence" not in scores


def test_lenient_skips_triples_with_an_end_outside_the_gold():
    relations = score_graph(GRAPH, [GOLD], lenient=True)["relations"]
    assert relations == {"precision": 0.8, "recall": 0.8, "f1": 0.8, "tp": 4, "fp": 1, "fn": 1}


def test_evidence_share_with_the_article_text():
    # 6 of the 8 predicted triples have a statement whose evidence is verbatim in the text.
    assert score_graph(GRAPH, [GOLD], texts=[TEXT])["evidence"] == 0.75
    assert score_graph(GRAPH, [GOLD], texts=[GOLD_SECOND])["evidence"] == 0.0


def test_gold_files_merge_by_class_and_alias():
    gold = load_gold([GOLD, GOLD_SECOND])
    assert list(gold.entities) == ["青梧科技", "云笺", "林晚舟", "岚州市", "青梧研究院", "白石物流", "岚州数字论坛"]
    assert ("青梧科技", "organized", "岚州数字论坛") in gold.relations
    assert gold.article_keys == {"@article:qingwu-launch.txt"}
    scores = score_graph(GRAPH, [GOLD, GOLD_SECOND])
    assert (scores["entities"]["tp"], scores["entities"]["fn"]) == (5, 2)
    assert (scores["relations"]["tp"], scores["relations"]["fn"]) == (4, 3)


def test_same_alias_different_class_does_not_merge(tmp_path):
    first = _write_gold(tmp_path / "a.json", "a.txt", [("x", "星河", "Company", ["星河"])])
    second = _write_gold(tmp_path / "b.json", "b.txt", [("y", "星河号", "Product", ["星河"])])
    gold = load_gold([first, second])
    assert list(gold.entities) == ["星河", "星河号"]
    assert gold.alias_index["星河"] == "星河"


@pytest.mark.parametrize("text, folded", [
    (" 《云笺》 ", "云笺"), ("“青梧”", "青梧"), ("ＱＷ Tech", "qwtech"), ("「岚 州」", "岚州")])
def test_normalise(text, folded):
    assert normalise(text) == folded


def test_format_scores_lines_and_listing():
    scores = score_graph(GRAPH, [GOLD], texts=[TEXT])
    assert format_scores(scores).splitlines() == [
        "entities  P=0.714 R=0.833 F1=0.769 (tp=5 fp=2 fn=1) typed=0.8",
        "relations P=0.667 R=0.8 F1=0.727 (tp=4 fp=2 fn=1)",
        "evidence  0.75",
    ]
    shown = format_scores(scores, show=True)
    assert shown.endswith(format_scores(scores))
    assert "entity false positives (2):" in shown
    assert "    kge:青梧科技有限公司  [青梧, 青梧科技有限公司]  duplicate of 青梧科技" in shown
    assert "relations missed (1):\n    青梧科技 locatedIn 岚州市" in shown


def test_trig_with_named_graphs_scores_like_turtle(tmp_path):
    trig = _write_trig(Graph().parse(GRAPH), tmp_path / "graph.trig", parts=3)
    expected, got = score_graph(GRAPH, [GOLD], [TEXT]), score_graph(trig, [GOLD], [TEXT])
    for part in ("entities", "relations", "evidence"):
        assert got[part] == expected[part]


def _write_trig(graph: Graph, path: Path, parts: int) -> Path:
    """Spread the triples over named graphs in a TriG file (N-Triples lines in graph blocks;
    written by hand because rdflib's Dataset serializer warns about itself)."""
    lines = sorted(graph.serialize(format="nt").splitlines())
    blocks = [f"<https://example.org/g{n}> {{\n" + "\n".join(lines[n::parts]) + "\n}\n"
              for n in range(parts)]
    path.write_text("".join(blocks), encoding="utf-8")
    return path


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    ("{not json", "not JSON: line 1 column 2"),
    ("[]", "expected a JSON object"),
    ('{"article": "a.txt", "entities": {}, "relations": []}', "'entities' must be a list"),
    ('{"article": "a.txt", "entities": [{"id": "x", "name": "星河"}], "relations": []}',
     "entities[0]: needs the strings 'id', 'name' and 'type'"),
    ('{"article": "a.txt", "entities": [{"id": "x", "name": "星河", "type": "Ship"}], "relations": []}',
     "entities[0]: type 'Ship' is not one of Company"),
    ('{"article": "a.txt", "entities": [{"id": "x", "name": "星河", "type": "Company"}], '
     '"relations": [{"subject": "x", "predicate": "partOf", "object": "y"}]}',
     "relations[0].object: 'y' is not an entity id or '@article'"),
    ('{"article": "a.txt", "entities": [], "relations": [], '
     '"optional": [{"subject": "@article", "predicate": "partof", "object": "@article"}]}',
     "optional[0]: predicate 'partof' is not one of acquired"),
])
def test_invalid_gold_names_file_and_reason(tmp_path, content, reason):
    gold = tmp_path / "gold.json"
    gold.write_text(content, encoding="utf-8")
    with pytest.raises(KgError) as err:
        score_graph(GRAPH, [gold])
    assert str(err.value).startswith(f"{gold}: gold file is not valid ({reason}")


def test_missing_files_and_broken_graph(tmp_path):
    with pytest.raises(KgError, match="no such file"):
        score_graph(tmp_path / "none.ttl", [GOLD])
    with pytest.raises(KgError, match="none.json: no such file"):
        score_graph(GRAPH, [tmp_path / "none.json"])
    with pytest.raises(KgError, match="none.txt: no such file"):
        score_graph(GRAPH, [GOLD], texts=[tmp_path / "none.txt"])
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/b> .", encoding="utf-8")
    with pytest.raises(KgError, match=r"broken.ttl: cannot parse the graph \(at line 1: Bad syntax"):
        score_graph(broken, [GOLD])


# --- confidence bands ----------------------------------------------------------------------

def test_confidence_bands_use_the_highest_statement_confidence():
    rows = confidence_bands(GRAPH, [GOLD])
    counts = {(row["low"], row["high"]): (row["triples"], row["right"], row["optional"],
                                         row["wrong"], row["repeat"]) for row in rows}
    assert counts == {
        (0.0, 0.5): (0, 0, 0, 0, 0),
        (0.5, 0.6): (1, 0, 0, 1, 0),  # investedIn: 0.55 beats 0.4
        (0.6, 0.7): (1, 0, 0, 0, 1),  # develops from the duplicate node, already credited
        (0.7, 0.8): (1, 0, 1, 0, 0),  # optional partOf
        (0.8, 0.9): (2, 2, 0, 0, 0),  # partnerOf, develops
        (0.9, 1.01): (2, 2, 0, 0, 0),  # leads, authorOf
        (None, None): (1, 0, 0, 1, 0),  # worksFor has no statement
    }
    scores = score_graph(GRAPH, [GOLD])["relations"]
    assert sum(r["right"] for r in rows) == scores["tp"]
    assert sum(r["wrong"] for r in rows) == scores["fp"]


def test_band_table_and_sums():
    rows = confidence_bands(GRAPH, [GOLD], bands=(0.0, 0.8, 1.01))
    table = format_bands(rows).splitlines()
    assert table == [
        "confidence     triples  right  optional  wrong  repeat  P(right)",
        "[0.00, 0.80)         3      0         1      1       1     0.000",
        "[0.80, 1.01)         4      4         0      0       0     1.000",
        "none                 1      0         0      1       0     0.000",
        "all                  8      4         1      2       1     0.667",
    ]
    table = format_bands(sum_bands([rows, rows]))
    assert table.splitlines()[-1] == "all                 16      8         2      4       2     0.667"
    with pytest.raises(ValueError, match="increasing"):
        confidence_bands(GRAPH, [GOLD], bands=(0.5, 0.5))
    with pytest.raises(ValueError, match="different band edges"):
        sum_bands([rows, confidence_bands(GRAPH, [GOLD])])


# --- the same numbers as the shared scorer -----------------------------------------------------

def _shared_scorer():
    if not SHARED_SCORER.is_file():
        pytest.skip(f"{SHARED_SCORER} not found: the shared folder sits beside the repository "
                    "(CI has it)")
    spec = importlib.util.spec_from_file_location("shared_score_graph", SHARED_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_gold(path: Path, article: str, entities, relations=(), optional=()) -> Path:
    data = {
        "article": article,
        "entities": [{"id": i, "name": n, "type": t, "aliases": a} for i, n, t, a in entities],
        "relations": [{"subject": s, "predicate": p, "object": o} for s, p, o in relations],
        "optional": [{"subject": s, "predicate": p, "object": o} for s, p, o in optional],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


SYLLABLES = "青梧岚石云笺林舟白鹭江枫川月星河松竹"
TYPES = sorted(CORE_CLASSES)
RELATIONS = sorted(CORE_RELATIONS)


def _variant(rng: random.Random, alias: str) -> str:
    """A surface form that folds to the same alias: quotes, spaces, full-width or case."""
    return rng.choice([alias, f"《{alias}》", f" {alias} ", f"“{alias}”", alias.upper(),
                       alias.replace("Q", "Ｑ")])


def _random_case(seed: int, folder: Path) -> tuple[Path, list[Path], list[Path]]:
    """Gold files, a graph and a text made up from a seed: merges across files, shared aliases,
    duplicates, wrong classes, symmetric and optional relations, article ends, foreign namespaces,
    literal objects and statements with and without verbatim evidence."""
    rng = random.Random(seed)
    registry: dict[str, str] = {}  # name -> class, so that names never clash across classes

    def fresh_name() -> str:
        while True:
            name = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
            if name not in registry:
                return name

    golds = []  # (article, entities, relations, optional) per gold file
    for f in range(rng.randint(1, 3)):
        entities = []
        for e in range(rng.randint(3, 8)):
            if registry and rng.random() < 0.25:
                name = rng.choice(sorted(registry))
            else:
                name = fresh_name()
                registry[name] = rng.choice(TYPES)
            aliases = [fresh_name() for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.3:
                aliases.append("QW" + name[0])  # Latin aliases, compared case-folded
            earlier = [a for _, _, _, known in entities for a in known]
            if earlier and rng.random() < 0.2:
                aliases.append(rng.choice(earlier))  # an alias borrowed from another entity
            entities.append((f"e{e}", name, registry[name], aliases))
        ids = [e[0] for e in entities]

        def triple():
            return (rng.choice(ids + ["@article"] * (rng.random() < 0.1)), rng.choice(RELATIONS),
                    rng.choice(ids + ["@article"]))

        relations = [triple() for _ in range(rng.randint(2, 8))]
        relations += [(rng.choice(ids), "partnerOf", rng.choice(ids)),
                      (rng.choice(ids), "authorOf", "@article")]
        optional = [triple() for _ in range(rng.randint(0, 3))]
        article = f"article-{seed}-{f}.txt"
        golds.append((article, entities, relations, optional))
        _write_gold(folder / f"gold{f}.json", article, entities, relations, optional)

    graph = Graph()
    foreign = Namespace("https://schema.example.org/")
    nodes_of: dict[tuple[int, str], list[URIRef]] = {}
    for f, (article, entities, _, _) in enumerate(golds):
        node = KGA[article.removesuffix(".txt")]
        graph.add((node, RDF.type, rng.choice([KG.NewsArticle, foreign.Article])))
        nodes_of[f, "@article"] = [node]
        for eid, name, etype, aliases in entities:
            nodes_of[f, eid] = []
            for copy in range(rng.choice([0, 1, 1, 1, 2])):
                node = KGE[f"{f}-{eid}-{copy}"]
                cls = etype if rng.random() < 0.8 else rng.choice(TYPES)
                graph.add((node, RDF.type, rng.choice([KG, foreign])[cls]))
                label = _variant(rng, rng.choice([name] + aliases))
                label_property = rng.choice([RDFS.label, SKOS.prefLabel])
                graph.add((node, label_property, Literal(label, lang="zh")))
                if rng.random() < 0.3:
                    graph.add((node, SKOS.altLabel, Literal(rng.choice([name] + aliases))))
                nodes_of[f, eid].append(node)
    nodes = [node for found in nodes_of.values() for node in found]
    for n in range(rng.randint(1, 4)):  # entities outside the gold
        node = KGE[f"noise{n}"]
        graph.add((node, RDF.type, KG[rng.choice(TYPES)]))
        graph.add((node, RDFS.label, Literal(fresh_name(), lang="zh")))
        nodes.append(node)
    nodes.append(KGE["untyped"])

    predicted = []
    for f, (_, _, relations, optional) in enumerate(golds):
        for s, p, o in relations + optional:  # most gold relations, some reversed
            if rng.random() < 0.7 and nodes_of[f, s] and nodes_of[f, o]:
                s_node, o_node = rng.choice(nodes_of[f, s]), rng.choice(nodes_of[f, o])
                predicted.append((o_node, p, s_node) if rng.random() < 0.3 else (s_node, p, o_node))
    for _ in range(rng.randint(5, 20)):  # and noise
        name = rng.choice(RELATIONS + ["mentions"])
        predicted.append((rng.choice(nodes), name, rng.choice(nodes)))

    text = []
    for n, (s, name, o) in enumerate(predicted):
        predicate = rng.choice([KG, KG, foreign])[name]
        graph.add((s, predicate, o if rng.random() < 0.95 else Literal("文字")))
        if rng.random() < 0.8:
            statement = BNode()
            graph.add((statement, RDF.type, RDF.Statement))
            graph.add((statement, RDF.subject, s))
            graph.add((statement, RDF.predicate, predicate))
            graph.add((statement, RDF.object, o))
            snippet = "".join(rng.choices(SYLLABLES, k=6)) + str(n)
            if rng.random() < 0.7:
                text.append(snippet)
            graph.add((statement, KG.evidence, Literal(_variant(rng, snippet), lang="zh")))
            confidence = Literal(f"{rng.random():.2f}", datatype=XSD.decimal)
            graph.add((statement, KG.confidence, confidence))

    text_path = folder / "article.txt"
    text_path.write_text("\n".join(text), encoding="utf-8")
    graph_path = folder / ("graph.trig" if seed % 3 == 0 else "graph.ttl")
    if graph_path.suffix == ".trig":
        _write_trig(graph, graph_path, parts=2)
    else:
        graph_path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return graph_path, [folder / f"gold{f}.json" for f in range(len(golds))], [text_path]


def _assert_same_numbers(graph_path: Path, gold_paths: list[Path], texts: list[Path]) -> None:
    shared = _shared_scorer()
    text_strings = [t.read_text(encoding="utf-8") for t in texts]
    for lenient in (False, True):
        theirs = shared.score(str(graph_path), [str(p) for p in gold_paths], show=True,
                              lenient=lenient, texts=text_strings)
        ours = score_graph(graph_path, gold_paths, texts=texts, lenient=lenient)
        assert ours["entities"] == theirs["entities"]
        assert ours["relations"] == theirs["relations"]
        assert ours["evidence"] == theirs["evidence"]
        for key in ("entity_false_positives", "relation_false_positives", "relation_missed"):
            assert len(ours[key]) == len(theirs[key]), key


@pytest.mark.filterwarnings(RDFLIB_DATASET_WARNING)
@pytest.mark.parametrize("gold_paths", [[GOLD], [GOLD, GOLD_SECOND]], ids=["one", "two"])
def test_same_numbers_as_shared_scorer_on_fixture(gold_paths):
    _assert_same_numbers(GRAPH, gold_paths, [TEXT])


@pytest.mark.filterwarnings(RDFLIB_DATASET_WARNING)
@pytest.mark.parametrize("seed", range(30))
def test_same_numbers_as_shared_scorer_on_random_graphs(tmp_path, seed):
    _assert_same_numbers(*_random_case(seed, tmp_path))


# --- the command -------------------------------------------------------------------------------

def test_cli_eval_graph_prints_the_summary():
    result = CliRunner().invoke(main, ["eval", "graph", str(GRAPH), str(GOLD)])
    assert result.exit_code == 0, result.output
    assert SUMMARY.fullmatch(result.stdout.strip())
    assert result.stdout.splitlines() == [
        "entities  P=0.714 R=0.833 F1=0.769 (tp=5 fp=2 fn=1) typed=0.8",
        "relations P=0.667 R=0.8 F1=0.727 (tp=4 fp=2 fn=1)",
    ]


def test_cli_eval_graph_show_and_text():
    result = CliRunner().invoke(main, ["eval", "graph", str(GRAPH), str(GOLD), str(GOLD_SECOND),
                                       "--text", str(TEXT), "--show"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "entity false positives (2):"
    assert lines[-1] == "evidence  0.75"
    assert "    岚州数字论坛" in lines


def test_cli_eval_graph_broken_gold_is_one_error_line(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text('{"article": "a.txt", "entities": [', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "graph", str(GRAPH), str(gold)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {gold}: gold file is not valid (not JSON: line 1 column 35: Expecting value)"]


def test_cli_eval_graph_help_has_an_example():
    result = CliRunner().invoke(main, ["eval", "graph", "-h"])
    assert result.exit_code == 0
    assert "kg eval graph output/graph.ttl gold.json" in result.stdout

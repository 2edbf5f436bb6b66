"""Corpora in: JSON Lines, CSV and standard input, one article a record (invented articles)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.corpus import read_corpus
from kg.errors import KgError
from kg.read import read_article, read_inputs

BODY_A = "星河动力宣布，公司首席执行官林远舟将出任青石集团董事长。\n星河动力总部位于杭州。\n"
BODY_B = "白鹭科技发布了新款扫地机器人。\n"
BODY_C = "远山银行行长苏南星表示，远山银行将在成都开设分行。\n"


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_a_record_reads_as_the_text_file_it_would_be(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl",
                   {"id": "a1", "title": "星河动力人事变动", "date": "2031年4月5日", "text": BODY_A},
                   {"url": "https://news.example/b", "text": "白鹭科技新品\n\n" + BODY_B})
    first, second = read_corpus(corpus)
    as_file = tmp_path / "a1.txt"
    as_file.write_text("星河动力人事变动\n\n" + BODY_A, encoding="utf-8")
    expected = read_article(as_file)
    assert (first.text, first.title, first.authors) == (expected.text, expected.title, expected.authors)
    assert (first.source, first.slug, first.created) == ("news.jsonl#a1", "news-a1", "2031-04-05")
    # no title field: the first line is the title, as in a text file; the url is the source
    assert (second.title, second.source, second.slug) == ("白鹭科技新品", "https://news.example/b", "news-2")
    assert second.created is None


def test_a_title_the_text_starts_with_is_not_repeated(tmp_path):
    corpus = jsonl(tmp_path / "c.jsonl", {"title": "白鹭科技新品", "text": "白鹭科技新品\n" + BODY_B})
    [article] = read_corpus(corpus)
    assert article.text == "白鹭科技新品\n" + BODY_B
    assert (article.title, article.source, article.slug) == ("白鹭科技新品", "c.jsonl:1", "c-1")


def test_csv_with_quoted_line_breaks_counts_lines_of_the_file(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('id,title,text,date\n'
                    'x7,远山银行开分行,"' + BODY_C.replace("远山银行将", '""远山银行""将') + '",2030-01-02 09:30\n'
                    'x8,,白鹭科技发布了新款扫地机器人。,\n'
                    'x9,缺列\n', encoding="utf-8")
    with pytest.raises(KgError) as err:
        read_corpus(path)
    assert str(err.value).startswith(f"{path}: line 5: not an article record (2 fields, the header has 4)")
    warnings: list[str] = []
    a, b = read_corpus(path, warn=warnings.append, skip_bad=True)
    assert warnings == [f"{path}: line 5: left out (2 fields, the header has 4)"]
    assert a.title == "远山银行开分行" and '"远山银行"将' in a.text
    assert (a.created, a.source, b.source, b.slug) == ("2030-01-02T09:30:00", "feed.csv#x7", "feed.csv#x8", "feed-x8")


def test_csv_without_a_text_column(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("title,body\n甲,乙\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"feed.csv: line 1: the CSV header names no text column \(it has: title, body\)"):
        read_corpus(path)


@pytest.mark.parametrize("line, reason", [
    ('{"text": "甲公司成立。", ', "not JSON: Expecting property name enclosed in double quotes at column 20"),
    ('["甲公司成立。"]', 'a JSON list, not an object with a "text"'),
    ('{"title": "只有标题"}', 'no "text"'),
    ('{"text": "  \\n "}', '"text" has only white space'),
    ('{"text": "甲公司成立。", "date": "上周三"}', "date '上周三' is no date (write it as 2024-03-05)"),
    ('{"text": "甲公司成立。", "title": ["甲"]}', "'title' is a list, not a string"),
    ('{"text": "甲公司成立。", "id": "a1"}', "its id gives the same article IRI as line 1"),
])
def test_a_bad_line_is_named_and_only_skipped_when_asked(tmp_path, line, reason):
    corpus = jsonl(tmp_path / "news.jsonl", {"id": "a1", "text": BODY_A}, "", line, {"text": BODY_B})
    with pytest.raises(KgError) as err:
        read_corpus(corpus)
    assert str(err.value) == (f"{corpus}: line 3: not an article record ({reason}); "
                              "fix the line or give --skip-bad to leave it out")
    warnings: list[str] = []
    articles = read_corpus(corpus, warn=warnings.append, skip_bad=True)
    assert [a.slug for a in articles] == ["news-a1", "news-4"]
    assert warnings == [f"{corpus}: line 3: left out ({reason})"]


def test_a_corpus_of_no_article_is_an_error_even_when_skipping(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl", "not json", "")
    with pytest.raises(KgError, match="news.jsonl: no article records"):
        read_corpus(corpus, skip_bad=True)


def test_encodings_and_traditional_script_as_for_text_files(tmp_path):
    path = tmp_path / "old.jsonl"
    record = json.dumps({"id": 3, "text": "遠山銀行行長蘇南星表示，遠山銀行將在成都開設分行。\n"}, ensure_ascii=False)
    path.write_bytes((record + "\n").encode("big5"))
    warnings: list[str] = []
    [article] = read_corpus(path, warn=warnings.append)
    assert article.original.startswith("遠山銀行") and article.text.startswith("远山银行")
    assert article.source == "old.jsonl#3"
    assert warnings[0] == f"{path}: read as Big5 (not UTF-8)"
    assert warnings[1].startswith("old.jsonl: line 1: Traditional Chinese")


def test_standard_input_mixed_with_files(tmp_path, monkeypatch):
    text = tmp_path / "one.txt"
    text.write_text("白鹭科技新品\n\n" + BODY_B, encoding="utf-8")
    stdin = io.BytesIO(json.dumps({"id": "s1", "text": BODY_C}, ensure_ascii=False).encode())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stdin))
    articles = read_inputs([text, Path("-")])
    assert [(a.source, a.slug) for a in articles] == [("one.txt", "one"), ("stdin#s1", "stdin-s1")]


def test_kg_build_writes_nothing_on_a_bad_line(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl", {"text": BODY_A}, "{broken")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-ner"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {corpus}: line 2: not an article record (not JSON: Expecting property name enclosed in "
        "double quotes at column 2); fix the line or give --skip-bad to leave it out"]
    assert not out.exists()


def test_kg_build_of_jsonl_csv_and_stdin(tmp_path):
    corpus = jsonl(tmp_path / "news.jsonl",
                   {"id": "a1", "title": "星河动力人事变动", "date": "2031-04-05", "text": BODY_A}, "{broken")
    feed = tmp_path / "feed.csv"
    feed.write_text("text,url\n" + BODY_B.strip() + ",https://news.example/b\n", encoding="utf-8")
    out = tmp_path / "out"
    piped = json.dumps({"text": BODY_C, "title": "远山银行开分行"}, ensure_ascii=False) + "\n"
    result = CliRunner().invoke(main, ["build", str(corpus), str(feed), "-", "-o", str(out), "--no-ner",
                                       "--skip-bad"], input=piped)
    assert result.exit_code == 0, result.output
    assert f"Warning: {corpus}: line 2: left out" in result.stderr
    assert "3 articles" in result.stderr
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    for expected in ['dcterms:source "news.jsonl#a1"', 'dcterms:created "2031-04-05"^^xsd:date',
                     'dcterms:source "https://news.example/b"', 'dcterms:source "stdin:1"',
                     'dcterms:title "远山银行开分行"@zh', "kga:news-a1", "kga:feed-2", "kga:stdin-1"]:
        assert expected in graph
    assert "星河动力" in graph and "远山银行" in graph

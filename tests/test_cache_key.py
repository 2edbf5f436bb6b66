"""The cache key changes with what changes the output: here, the relation model's bytes."""

from kg.cache import pipeline_version


def test_a_retrained_relation_model_changes_the_cache_key(tmp_path, monkeypatch):
    model = tmp_path / "model.npz"
    model.write_bytes(b"weights one")
    monkeypatch.setenv("KG_RELATION_MODEL", str(model))
    pipeline_version.cache_clear()
    first = pipeline_version()
    model.write_bytes(b"weights two")
    pipeline_version.cache_clear()
    second = pipeline_version()
    monkeypatch.delenv("KG_RELATION_MODEL")
    pipeline_version.cache_clear()
    assert first != second != pipeline_version()


def test_a_text_as_written_is_part_of_the_article_key():
    from dataclasses import replace

    from kg.cache import article_key
    from kg.read import parse_article

    ascii_text = parse_article("标题\n\n星河公司CEO林一帆表示。\n", "a.txt")
    full_width = replace(ascii_text, original="标题\n\n星河公司ＣＥＯ林一帆表示。\n")
    assert article_key(ascii_text) != article_key(full_width)

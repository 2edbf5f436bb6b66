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

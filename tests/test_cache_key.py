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


def test_a_changed_page_asset_changes_the_cache_key(tmp_path):
    """The page's script and style are package files too: a page-only change must not be
    served as "up to date" (a copy of the package, so the checkout is never touched)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "kg", tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__", "models"))
    (tmp_path / "kg" / "models").symlink_to(root / "kg" / "models")
    shutil.copytree(root / "ontology", tmp_path / "ontology")
    probe = [sys.executable, "-c", "from kg.cache import pipeline_version; print(pipeline_version())"]
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def key() -> str:
        return subprocess.run(probe, env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout

    before = key()
    assert before == key()
    css = next((tmp_path / "kg" / "view_assets").glob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert key() != before

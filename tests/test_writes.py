"""Writes that cannot mix: a lock per output folder, stale temporary files removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import LOCK_NAME, build, output_lock
from kg.cli import main

ARTICLE = "星河云发布新平台\n\n2021-03-04 来源：星河日报\n星河云与青禾科技签署合作协议。\n"
ROOT = Path(__file__).resolve().parents[1]


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_second_build_into_a_locked_folder_fails_with_one_line(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        result = CliRunner().invoke(main, ["build", str(_article(tmp_path)), "-o", str(out), "--no-ner"])
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert f"another kg build (pid {os.getpid()}) is writing into this folder" in lines[0]
        assert not (out / "graph.ttl").exists()
    # released: the next build runs
    build([_article(tmp_path)], out, use_cache=False, ner=False)
    assert (out / "graph.ttl").is_file()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom kg.build import output_lock\n"
         "with output_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n", str(out)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(main, ["build", str(_article(tmp_path)), "-o", str(out), "--no-ner"])
        assert result.exit_code == 1 and f"(pid {holder.pid})" in result.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        holder.stdout.close()
    started = time.monotonic()
    build([_article(tmp_path)], out, use_cache=False, ner=False)
    assert (out / "graph.ttl").is_file() and time.monotonic() - started < 120
    assert (out / LOCK_NAME).read_text(encoding="utf-8").strip() == str(os.getpid())


def test_stale_temporary_files_are_removed(tmp_path):
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    stale = [out / ".graph.ttl.k2j3h4.tmp", out / ".graph.trig.x9y8.tmp", out / ".cache" / "tmpa1b2c3.tmp"]
    for path in stale:
        path.write_text("half-written", encoding="utf-8")
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    build([_article(tmp_path)], out, ner=False)
    assert not any(path.exists() for path in stale)
    assert keep.read_text(encoding="utf-8") == "mine"
    assert not list(out.glob("*.tmp")) and not list((out / ".cache").glob("*.tmp"))


_DIE_AT = """
import os, sys
from pathlib import Path
calls, die_at = [0], int(sys.argv[3])
for name in ("replace", "symlink", "rename"):
    real = getattr(os, name)
    def dying(*args, _real=real, **kwargs):
        calls[0] += 1
        if calls[0] == die_at:
            os._exit(137)  # as a kill: no cleanup, no finally
        return _real(*args, **kwargs)
    setattr(os, name, dying)
from kg.build import build
build([Path(sys.argv[1])], Path(sys.argv[2]), use_cache=False, ner=False)
"""


def _sources(out: Path) -> set[str]:
    """Which article each output file holds (the file names of its articles)."""
    found = set()
    for name in ("graph.ttl", "graph.trig", "graph.html", "entities.json"):
        text = (out / name).read_text(encoding="utf-8")
        found.add(tuple(sorted(a for a in ("a.txt", "b.txt") if a in text)))
    return found


@pytest.mark.slow
def test_a_build_killed_at_any_step_never_mixes_two_builds(tmp_path):
    out = tmp_path / "out"
    first = _article(tmp_path)
    second = tmp_path / "b.txt"
    second.write_text("北辰公司发布新手机\n\n2022-05-06 来源：北辰晚报\n北辰公司与星河云签署合作协议。\n", encoding="utf-8")
    build([first], out, use_cache=False, ner=False)
    assert _sources(out) == {("a.txt",)}
    seen = set()
    for die_at in range(1, 12):
        run = subprocess.run([sys.executable, "-c", _DIE_AT, str(second), str(out), str(die_at)],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
        holds = _sources(out)
        assert len(holds) == 1, f"killed at step {die_at}: the outputs hold {holds}"
        seen |= holds
        if run.returncode == 0:
            break
    assert seen == {("a.txt",), ("b.txt",)}  # the kills fell before and after the switch
    build([first], out, use_cache=False, ner=False)  # the next build cleans what the kills left
    assert _sources(out) == {("a.txt",)}
    assert not list(out.glob("*.tmp")) and len(list((out / ".kg-gen").iterdir())) <= 2


def test_a_killed_build_keeps_the_articles_it_analysed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (company, partner) in enumerate([("星河云", "青禾科技"), ("北辰公司", "星河科技"), ("青藤大学", "北辰公司")]):
        (folder / f"{i}.txt").write_text(f"{company}签约\n\n2021-03-04 来源：星河日报\n{company}与{partner}签署合作协议。\n",
                                         encoding="utf-8")
    out = tmp_path / "out"
    killed = subprocess.run(
        # killed as the third article's result is made (the articles go through nlp.pipe in
        # batches: the first two are analysed and cached by then, the third is not)
        [sys.executable, "-c", "import os, sys\nfrom pathlib import Path\nimport kg.build\nreal = kg.build.as_written\n"
         "def as_written(result):\n    if result.article.source == '2.txt':\n        os._exit(137)\n"
         "    return real(result)\n"
         "kg.build.as_written = as_written\nkg.build.build([Path(sys.argv[1])], Path(sys.argv[2]), ner=False)\n",
         str(folder), str(out)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert killed.returncode == 137 and not (out / "graph.ttl").exists()
    said = []
    build([folder], out, said.append, ner=False)
    assert "2 of 3 articles unchanged (cache)" in said
    assert [m for m in said if m.startswith("[")] == ["[1/1] 2.txt"]

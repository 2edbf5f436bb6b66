"""Writes that cannot mix: a lock per output folder, stale temporary files removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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

"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "input" / "dingtalk-xiaxiang.txt"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sample article once per test run; the path of the graph.ttl written."""
    out = tmp_path_factory.mktemp("sample")
    build([SAMPLE], out, use_cache=False)
    return out / "graph.ttl"

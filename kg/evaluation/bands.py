"""Precision by confidence band."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .graph import _confidence, _statement_values, _statements
from .match import evaluate_graph
from .terms import DEFAULT_BANDS, OPTIONAL, REPEAT, RIGHT, WRONG


def confidence_bands(graph_path: Path, gold_paths: list[Path],
                     bands: Sequence[float] = DEFAULT_BANDS) -> list[dict[str, Any]]:
    """Count, per confidence band, the predicted relation triples and how many are right.

    A triple's confidence is the highest ``kg:confidence`` among its statement nodes; it is
    judged exactly as :func:`score_graph` judges it.

    Args:
        graph_path: the built graph.
        gold_paths: its gold JSON files.
        bands: increasing band edges; a band includes its lower edge, not its upper one.

    Returns:
        One row per band, then a row with ``low`` and ``high`` None for triples without a
        confidence in the bands; each row holds ``triples`` and the outcomes ``right``,
        ``optional``, ``wrong`` and ``repeat`` (a gold relation already credited).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.ttl").write_text("", encoding="utf-8")
    >>> _ = (folder / "gold.json").write_text('{"article": "a.txt", "entities": [], '
    ...                                      '"relations": []}', encoding="utf-8")
    >>> [row["triples"] for row in confidence_bands(folder / "g.ttl", [folder / "gold.json"])]
    [0, 0, 0, 0, 0, 0, 0]
    """
    edges = [float(edge) for edge in bands]
    if len(edges) < 2 or any(a >= b for a, b in zip(edges, edges[1:])):
        raise ValueError(f"band edges must be at least two increasing numbers, not {bands!r}")
    run = evaluate_graph(graph_path, gold_paths, lenient=False)
    statements = _statements(run.graph)
    rows = [_band_row(low, high) for low, high in zip(edges, edges[1:])] + [_band_row(None, None)]
    for judgement in run.judgements:
        confidence = _confidence(
            _statement_values(run.graph, statements.get(judgement.triple, ()), "confidence"))
        row = next((r for r in rows[:-1] if confidence is not None
                    and r["low"] <= confidence < r["high"]), rows[-1])
        row["triples"] += 1
        row[judgement.outcome] += 1
    return rows


def _band_row(low: float | None, high: float | None) -> dict[str, Any]:
    return {"low": low, "high": high, "triples": 0, RIGHT: 0, OPTIONAL: 0, WRONG: 0, REPEAT: 0}


def sum_bands(tables: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Add up band tables of several graphs (made with the same band edges).

    >>> row = {"low": 0.0, "high": 1.01, "triples": 2, "right": 1, "optional": 0, "wrong": 1,
    ...        "repeat": 0}
    >>> sum_bands([[row], [row]])[0]["right"]
    2
    """
    total: list[dict[str, Any]] = []
    for table in tables:
        if not total:
            total = [dict(row) for row in table]
            continue
        if [(r["low"], r["high"]) for r in table] != [(r["low"], r["high"]) for r in total]:
            raise ValueError("band tables with different band edges cannot be added")
        for into, row in zip(total, table):
            for key in ("triples", RIGHT, OPTIONAL, WRONG, REPEAT):
                into[key] += row[key]
    return total


def format_bands(rows: list[dict[str, Any]]) -> str:
    """Render band rows as a table, with the share right (right / (right + wrong)) and totals.

    Args:
        rows: the result of :func:`confidence_bands` or :func:`sum_bands`.

    Returns:
        Aligned text; the no-confidence row only when it holds triples.

    >>> row = {"low": 0.9, "high": 1.01, "triples": 4, "right": 3, "optional": 0, "wrong": 1,
    ...        "repeat": 0}
    >>> print(format_bands([row]))
    confidence     triples  right  optional  wrong  repeat  P(right)
    [0.90, 1.01)         4      3         0      1       0     0.750
    all                  4      3         0      1       0     0.750
    """
    keys = ("triples", RIGHT, OPTIONAL, WRONG, REPEAT)
    total = {key: sum(row[key] for row in rows) for key in keys}
    shown = [row for row in rows if row["low"] is not None or row["triples"]]
    lines = [f"{'confidence':<13} {'triples':>8} {'right':>6} {'optional':>9} {'wrong':>6} "
             f"{'repeat':>7} {'P(right)':>9}"]
    for label, row in [(_band_label(r), r) for r in shown] + [("all", total)]:
        judged = row[RIGHT] + row[WRONG]
        share = f"{row[RIGHT] / judged:.3f}" if judged else "-"
        lines.append(f"{label:<13} {row['triples']:>8} {row[RIGHT]:>6} {row[OPTIONAL]:>9} "
                     f"{row[WRONG]:>6} {row[REPEAT]:>7} {share:>9}")
    return "\n".join(lines)


def _band_label(row: dict[str, Any]) -> str:
    if row["low"] is None:
        return "none"
    return f"[{row['low']:.2f}, {row['high']:.2f})"

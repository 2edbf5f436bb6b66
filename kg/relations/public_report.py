"""Counts of the public corpora's examples: per corpus and split, examples per relation, what
the map left out and what was dropped.

    python -m kg.relations.public_report ../shared/data
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..errors import KgError
from .public import SPLITS, read_public

#: Reasons for dropping an example that are always printed, 0 or not.
DROPS = ("dropped: mention not in sentence", "dropped: mentions overlap", "dropped: classes outside domain/range")


def format_counts(stats: dict[str, Counter]) -> str:
    """One block per corpus: examples per relation (``None`` last), what was left out or dropped,
    and the examples per corpus label.

    >>> print(format_counts({"duie": Counter({"relation leads": 2, "relation None": 1, "from 董事长": 2})}))
    duie
      leads                                              2
      None                                               1
      examples                                           3
      dropped: classes outside domain/range              0
      dropped: mention not in sentence                   0
      dropped: mentions overlap                          0
      from 董事长                                           2
    """
    lines = []
    for corpus, counter in stats.items():
        counter = Counter({**dict.fromkeys(DROPS, 0), **counter})
        rows = sorted((k.removeprefix("relation "), v) for k, v in counter.items()
                      if k.startswith("relation ") and k != "relation None")
        rows.append(("None", counter.get("relation None", 0)))
        rows.append(("examples", sum(v for k, v in counter.items() if k.startswith("relation "))))
        rows += sorted((k, v) for k, v in counter.items() if not k.startswith(("relation ", "from ")))
        rows += sorted(((k, v) for k, v in counter.items() if k.startswith("from ")), key=lambda kv: (-kv[1], kv[0]))
        lines.append(corpus)
        lines += [f"  {name:<44}{value:>8}" for name, value in rows]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    """Print the counts of every split: ``python -m kg.relations.public_report DATA_DIR``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m kg.relations.public_report DATA_DIR   (the folder holding duie/, finre/, duee1/)",
              file=sys.stderr)
        return 2
    try:
        for split in SPLITS:
            stats: dict[str, Counter] = {}
            for _ in read_public(Path(args[0]), split, stats):
                pass
            print(f"== {split}")
            print(format_counts(stats))
    except KgError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``kg explain``: where a node of the graph came from (names, articles, merge rules)."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import Errors, KgError
from .records import normalize


def explain_entity(path: Path, name: str) -> str:
    """Describe the node named ``name`` (its label or any surface form) from ``entities.json``.

    Args:
        path: the ``entities.json`` a build wrote.
        name: a name or surface form of the node.

    Returns:
        A few lines: the node, its class, each article and the forms used there, each merge.
    """
    if not path.is_file():
        raise KgError(Errors.E001.format(path=path))
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise KgError(Errors.E002.format(path=path, reason=err)) from err
    wanted = normalize(name)
    hits = [(key, row) for key, row in sorted(rows.items())
            if key == wanted or any(wanted in {normalize(m["name"]), *map(normalize, m["surface_forms"])}
                                    for m in row["members"])]
    if not hits:
        raise KgError(Errors.E023.format(name=name, path=path))
    lines = []
    for key, row in hits:
        lines.append(f"{row['name']} ({row['class']}), node kge:{key}")
        for member in row["members"]:
            forms = "、".join(member["surface_forms"]) or "-"
            lines.append(f"  {member['article']}: named {member['name']}; also written {forms}")
        for merge in row["merged"]:
            lines.append(f"  merged by {merge['rule']}: {merge['name']} + {merge['with']}")
    return "\n".join(lines)

"""Reading gold annotations: entities merged across files by class and alias, relations,
optional relations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, KgError
from .terms import ARTICLE, CORE_CLASSES, CORE_RELATIONS, Triple, normalise


@dataclass(frozen=True)
class GoldEntity:
    """One gold entity, merged across gold files: canonical name, core class, folded aliases."""

    name: str
    type: str
    aliases: frozenset[str]


@dataclass(frozen=True)
class Gold:
    """The gold annotations of one or more articles, ready to score against.

    Attributes:
        entities: gold entities by canonical name, in the order of the gold files.
        alias_index: folded alias -> canonical name (the first entity having it wins).
        relations: the gold relations.
        optional: relations that are neither rewarded nor penalised.
        article_keys: the ``@article:<file>`` ends used by the relations.
    """

    entities: dict[str, GoldEntity]
    alias_index: dict[str, str]
    relations: frozenset[Triple]
    optional: frozenset[Triple]
    article_keys: frozenset[str]


# A relation as read from a file: ends are indices into the entity records or "@article:<file>".
_RawTriple = tuple[int | str, str, int | str]


def load_gold(paths: Sequence[Path]) -> Gold:
    """Read gold files and merge their entities when they share a class and an alias.

    Args:
        paths: gold JSON files (see the module docstring).

    Returns:
        The merged gold annotations.

    Raises:
        KgError: a file is missing, unreadable or not a valid gold file.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     _ = f.write('{"article": "a.txt", "entities": [{"id": "x", "name": "钉钉", '
    ...                 '"type": "Product", "aliases": ["DingTalk"]}], "relations": []}')
    >>> sorted(load_gold([Path(f.name)]).alias_index)
    ['dingtalk', '钉钉']
    """
    records: list[GoldEntity] = []
    relations: list[_RawTriple] = []
    optional: list[_RawTriple] = []
    for path in paths:
        data = _read_json(Path(path))
        found, rels, opts = _parse_gold(Path(path), data, offset=len(records))
        records += found
        relations += rels
        optional += opts

    canonical = [records[root].name for root in _merge_roots(records)]
    entities: dict[str, GoldEntity] = {}
    for record, name in zip(records, canonical):
        # Components whose canonical names coincide are one entity, as in the shared scorer.
        known = entities.get(name)
        aliases = record.aliases | known.aliases if known else record.aliases
        entities[name] = GoldEntity(name, known.type if known else record.type, aliases)

    alias_index: dict[str, str] = {}
    for name, entity in entities.items():
        for alias in sorted(entity.aliases):
            alias_index.setdefault(alias, name)

    def resolve(triples: list[_RawTriple]) -> frozenset[Triple]:
        def end(ref: int | str) -> str:
            return canonical[ref] if isinstance(ref, int) else ref
        return frozenset((end(s), p, end(o)) for s, p, o in triples)

    gold_relations, gold_optional = resolve(relations), resolve(optional)
    article_keys = frozenset(o for _, _, o in gold_relations | gold_optional
                             if o.startswith(ARTICLE + ":"))
    return Gold(entities, alias_index, gold_relations, gold_optional, article_keys)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError as err:
        raise KgError(Errors.E001.format(path=path)) from err
    except UnicodeDecodeError as err:
        raise KgError(Errors.E004.format(path=path, offset=err.start, reason=err.reason)) from err
    except OSError as err:
        raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        reason = f"not JSON: line {err.lineno} column {err.colno}: {err.msg}"
        raise KgError(Errors.E040.format(path=path, reason=reason)) from err


def _invalid(path: Path, reason: str) -> KgError:
    return KgError(Errors.E040.format(path=path, reason=reason))


def _parse_gold(path: Path, data: Any, offset: int
                ) -> tuple[list[GoldEntity], list[_RawTriple], list[_RawTriple]]:
    """Check one gold file and return its entity records and relations (ends as record indices)."""
    if not isinstance(data, dict):
        raise _invalid(path, "expected a JSON object with 'article', 'entities' and 'relations'")
    article = data.get("article")
    if not isinstance(article, str) or not article:
        raise _invalid(path, "'article' must name the article file, e.g. \"article.txt\"")
    for key in ("entities", "relations"):
        if not isinstance(data.get(key), list):
            raise _invalid(path, f"'{key}' must be a list")
    if not isinstance(data.get("optional", []), list):
        raise _invalid(path, "'optional' must be a list")

    records: list[GoldEntity] = []
    index_of: dict[str, int] = {}
    for n, entity in enumerate(data["entities"]):
        where = f"entities[{n}]"
        if not isinstance(entity, dict) or not all(
                isinstance(entity.get(k), str) and entity[k] for k in ("id", "name", "type")):
            raise _invalid(path, f"{where}: needs the strings 'id', 'name' and 'type'")
        aliases = entity.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _invalid(path, f"{where}: 'aliases' must be a list of strings")
        if entity["type"] not in CORE_CLASSES:
            valid = ", ".join(sorted(CORE_CLASSES))
            raise _invalid(path, f"{where}: type {entity['type']!r} is not one of {valid}")
        if entity["id"] == ARTICLE:
            raise _invalid(path, f"{where}: id {ARTICLE!r} is reserved for the article")
        if entity["id"] in index_of:
            raise _invalid(path, f"{where}: id {entity['id']!r} is used twice")
        index_of[entity["id"]] = offset + len(records)
        records.append(GoldEntity(entity["name"], entity["type"],
                                  frozenset(normalise(a) for a in [*aliases, entity["name"]])))

    def end(ref: object, where: str) -> int | str:
        if ref == ARTICLE:
            return f"{ARTICLE}:{article}"
        if isinstance(ref, str) and ref in index_of:
            return index_of[ref]
        raise _invalid(path, f"{where}: {ref!r} is not an entity id or {ARTICLE!r}")

    def triples(key: str) -> list[_RawTriple]:
        out: list[_RawTriple] = []
        for n, rel in enumerate(data.get(key, [])):
            where = f"{key}[{n}]"
            if not isinstance(rel, dict):
                raise _invalid(path, f"{where}: needs 'subject', 'predicate' and 'object'")
            if rel.get("predicate") not in CORE_RELATIONS:
                valid = ", ".join(sorted(CORE_RELATIONS))
                raise _invalid(path, f"{where}: predicate {rel.get('predicate')!r} is not one "
                                     f"of {valid}")
            out.append((end(rel.get("subject"), where + ".subject"), rel["predicate"],
                        end(rel.get("object"), where + ".object")))
        return out

    return records, triples("relations"), triples("optional")


def _merge_roots(records: list[GoldEntity]) -> list[int]:
    """For every record, the first record of its group (same class, an alias in common)."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        for alias in record.aliases:
            a, b = root(i), root(first_with.setdefault((record.type, alias), i))
            parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(records))]

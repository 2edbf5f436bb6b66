"""Stage 3b: one node per real-world entity across articles.

Each article's canonicaliser already made one entity per thing within that article. Across
articles, entities are merged when their classes agree (Company and GovernmentBody count as
Organization) and

* ``alias``: they share a name or surface form (阿里巴巴 in one article, 阿里巴巴集团 with alias
  阿里巴巴 in another);
* ``short-form``: one name is the other plus a class suffix (百丽 / 百丽集团, 内江 / 内江市);
* ``near-name``: two person names of the same length and surname differ in one character
  (张剑锋 / 张建锋) and the context agrees: both are related to the same organisation.

Every merge is recorded as a :class:`Resolution` so that ``kg explain`` can say why a node
holds the names it holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .graph import ArticleResult
from .records import normalize
from .ontology import ORGANIZATION_CLASSES, load_lexicon, load_schema
from .records import Entity


@dataclass
class Resolution:
    """How one node of the graph came to be.

    Attributes:
        key: the node's key (normalised canonical name).
        name: the canonical name.
        label: the class.
        members: ``(article source, name in that article, surface forms)`` per merged entity.
        reasons: why members were merged: ``(rule, name, other name)``.
    """

    key: str
    name: str
    label: str
    members: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    reasons: list[tuple[str, str, str]] = field(default_factory=list)


def _family(label: str) -> str:
    return "Organization" if label in ORGANIZATION_CLASSES else label


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def resolve(results: list[ArticleResult]) -> tuple[list[ArticleResult], list[Resolution]]:
    """Merge entities across articles and rewrite every relation to the merged keys.

    Args:
        results: per-article records, each with entities keyed within its article.

    Returns:
        The records with shared keys, and one resolution per node (sorted by key).

    >>> from kg.records import Article, Entity
    >>> a = ArticleResult(Article("a.txt", "a", "", ""), (Entity("百丽集团", "百丽集团", "Company"),), ())
    >>> b = ArticleResult(Article("b.txt", "b", "", ""), (Entity("百丽", "百丽", "Company"),), ())
    >>> [e.key for r in resolve([a, b])[0] for e in r.entities]
    ['百丽集团', '百丽集团']
    """
    nodes = [(i, e) for i, r in enumerate(results) for e in r.entities]
    uf = _UnionFind(len(nodes))
    reasons: list[tuple[int, int, str]] = []
    suffixes = set(load_schema().suffixes)

    # alias: a shared name or surface form within one class family (known short prefixes
    # written out: 中科院星象研究所 = 中国科学院星象研究所)
    from .nlp import Canonicalizer

    expand = Canonicalizer().expand
    by_form: dict[tuple[str, str], int] = {}
    for n, (_, e) in enumerate(nodes):
        for form in sorted({expand(normalize(f)) for f in {e.name, *e.aliases}}):
            key = (_family(e.label), form)
            if key in by_form:
                if uf.union(by_form[key], n):
                    reasons.append((by_form[key], n, "alias"))
            else:
                by_form[key] = n
    # short form: 百丽 + 集团
    endings = tuple({normalize(suffix) for suffix in suffixes})
    longer: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)  # (family, short) -> forms
    for (family, form), full in by_form.items():
        if form.endswith(endings):
            for suffix in endings:
                if form.endswith(suffix) and len(form) > len(suffix):
                    longer[(family, form[:-len(suffix)])].append((suffix, full))
    for n, (_, e) in enumerate(nodes):
        name = normalize(e.name)
        if len(name) < 2:
            continue
        for _suffix, full in sorted(longer.get((_family(e.label), name), ())):
            if uf.union(full, n):
                reasons.append((full, n, "short-form"))
    # near name: 张剑锋 / 张建锋 with a shared organisation
    partners = _related_organisations(results, nodes)
    by_partner: dict[str, list[int]] = defaultdict(list)
    for n, (_, e) in enumerate(nodes):
        if e.label == "Person":
            for org in partners[n]:
                by_partner[org].append(n)
    for org in sorted(by_partner):
        people = by_partner[org]
        for a_pos, a in enumerate(people):
            for b in people[a_pos + 1:]:
                if _one_slip(nodes[a][1].name, nodes[b][1].name) and uf.union(a, b):
                    reasons.append((a, b, "near-name"))

    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(nodes)):
        groups[uf.find(n)].append(n)
    canonical = _canonical_names(nodes, groups)
    # two different things may share a name (长城 the place, 长城 the company): then the class
    # is part of each one's key
    names = Counter(normalize(name) for name, _ in canonical.values())
    group_key = {root: normalize(name) if names[normalize(name)] == 1 else f"{normalize(name)}_{label}"
                 for root, (name, label) in canonical.items()}
    new_key = {n: group_key[uf.find(n)] for n in range(len(nodes))}

    out = []
    offset = 0
    for result in results:
        mapping = {e.key: new_key[offset + j] for j, e in enumerate(result.entities)}
        merged: dict[str, Entity] = {}
        for j, e in enumerate(result.entities):
            root = uf.find(offset + j)
            name, label = canonical[root]
            target = merged.setdefault(mapping[e.key], Entity(mapping[e.key], name, label))
            target.aliases |= ({e.name} | e.aliases) - {name}
            target.mentions.extend(e.mentions)
        relations = []
        for rel in result.relations:
            rel = replace(rel, subject=mapping.get(rel.subject, rel.subject), object=mapping.get(rel.object, rel.object))
            if rel.subject != rel.object:
                relations.append(rel)
        out.append(ArticleResult(result.article, tuple(sorted(merged.values(), key=lambda e: e.key)),
                                 tuple(sorted(set(relations)))))
        offset += len(result.entities)

    resolutions = {}
    for root, members in groups.items():
        name, label = canonical[root]
        res = resolutions.setdefault(group_key[root], Resolution(group_key[root], name, label))
        for n in members:
            i, e = nodes[n]
            res.members.append((results[i].article.source, e.name, tuple(sorted(e.aliases))))
    for a, b, rule in reasons:
        res = resolutions[new_key[a]]
        res.reasons.append((rule, nodes[a][1].name, nodes[b][1].name))
    for res in resolutions.values():
        res.members.sort()
        res.reasons.sort()
    return out, sorted(resolutions.values(), key=lambda r: r.key)


def _canonical_names(nodes, groups) -> dict[int, tuple[str, str]]:
    """Per group: the lexicon's name if one member has it, else the name most articles use."""
    lexicon = {e.name for e in load_lexicon()}
    out = {}
    for root, members in groups.items():
        names = Counter(nodes[n][1].name for n in members)
        best = max(names, key=lambda s: (s in lexicon, names[s], len(s), s))
        labels = Counter()
        for n in members:
            labels[nodes[n][1].label] += 1
        label = max(labels, key=lambda c: (labels[c], c != "Organization", c))
        out[root] = (best, label)
    return out


def _related_organisations(results, nodes) -> list[set[str]]:
    """Per node: names of the organisations its article relates it to."""
    names = {}
    for i, r in enumerate(results):
        for e in r.entities:
            names[(i, e.key)] = e.name
    out = []
    for i, e in nodes:
        orgs = set()
        for rel in results[i].relations:
            if rel.subject == e.key and rel.predicate in ("leads", "worksFor", "memberOf", "founded"):
                orgs.add(normalize(names.get((i, rel.object), rel.object)))
        out.append(orgs)
    return out


def _one_slip(a: str, b: str) -> bool:
    """Same length, same first character, exactly one other character differs.

    >>> _one_slip("张剑锋", "张建锋"), _one_slip("张勇", "张雷"), _one_slip("张勇", "李勇")
    (True, False, False)
    """
    if len(a) != len(b) or len(a) < 3 or a[0] != b[0]:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


__all__ = ["Resolution", "resolve"]

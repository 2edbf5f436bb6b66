"""Mine well-known product names from the public corpora into ``ontology/lexicon/products_mined.json``.

Run ``python -m kg.recognise.mine_products --data /work/shared/data``. A name is kept when the
corpora annotate it as a product (:data:`SOURCES`) at least ``--min-count`` times in all, or
in two corpora, and it reads as a name rather than a description (no word of
``product_gazetteer.json`` ``descriptors``, not an everyday jieba word, not a name the
lexicon already classes; a name annotated ``trusted_count`` times or more may be made of
dictionary words, 魔兽 + 世界, unless the texts use it mostly unannotated). Only training splits are read: never DuEE *dev* (a measure) nor
the dev articles.

Two of the corpora forbid redistributing their text (BosonNLP, DuEE/LIC2020: the data
README says only derived weights may leave the data folder). So the file holds no names, only
a keyed 64-bit hash of each (a membership test, like weights): :mod:`kg.recognise.gazetteer`
hashes the word sequences of an article and looks them up. ``--plain FILE`` writes the names
themselves to a local file for inspection; never commit it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

#: corpus folder -> (file, how to read it, the label(s) that mean a product, terms)
SOURCES = {
    "duee_train": ("duee1/duee_train.json", "DuEE 1.0 train, role 发布产品 (LIC2020: research only, no redistribution)"),
    "boson": ("boson_ner/boson_spans.jsonl", "BosonNLP NER 6C, product_name (research only, no redistribution)"),
    "cluener_train": ("cluener/train.json", "CLUENER2020 train, game (no licence stated; research)"),
}
KEY = b"kg-products-mined-v1"
_NAME = re.compile(r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff .+\-·&]{0,30}[\w\u4e00-\u9fff+]")


def gazetteer_words() -> dict:
    """``ontology/lexicon/product_gazetteer.json``: the hand-written words of the gazetteer."""
    from ..ontology import ontology_dir

    return json.loads((ontology_dir() / "lexicon" / "product_gazetteer.json").read_text(encoding="utf-8"))


def name_hash(name: str, key: bytes = KEY) -> str:
    """The keyed 64-bit hash (16 hex digits) stored for a name (``key``: the list's, this module's by default)."""
    return hashlib.blake2b(name.encode("utf-8"), digest_size=8, key=key).hexdigest()


def _duee(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            for event in json.loads(line).get("event_list", []):
                for arg in event.get("arguments", []):
                    if arg["role"] == "发布产品":
                        yield arg["argument"]


def _boson(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            for _s, _e, label, mention in json.loads(line)["entities"]:
                if label == "product_name":
                    yield mention


def _cluener(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            for mention, spans in json.loads(line)["label"].get("game", {}).items():
                for _ in spans:
                    yield mention


_READERS = {"duee_train": _duee, "boson": _boson, "cluener_train": _cluener}


def _texts(data: Path) -> str:
    """All the corpora's texts, one a line (each file is JSON lines with a ``text``)."""
    out = []
    for rel, _terms in SOURCES.values():
        with (data / rel).open(encoding="utf-8") as f:
            out.extend(json.loads(line)["text"] for line in f)
    return "\n".join(out)


def _everyday_use(kept: dict, data: Path, share: float, trusted: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """Short Chinese names (and the ``trusted`` Chinese names: annotated often though made of
    dictionary words) the texts hold five times or more, annotated in less than ``share``."""
    texts = _texts(data)
    short = [n for n in kept if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n)
             or n in trusted and re.fullmatch(r"[\u4e00-\u9fff]+", n)]
    return {n for n in short if (k := texts.count(n)) >= 5 and kept[n][0] / k < share}


def cores(mention: str, words: dict) -> list[str]:
    """The names a product annotation holds: 东风某某全新SUV某某 -> 某某 (what follows the last
    describing word, less a category word before or after it), one per listed item."""
    out = []
    for piece in re.split(words["separators"], mention):
        piece = piece.strip(words["quotes"] + " ")
        cut = max((piece.rfind(d) + len(d) for d in words["descriptors"] if d in piece), default=0)
        piece = piece[cut:].strip(words["quotes"] + " ")
        for _ in range(2):
            for cat in words["categories"]:
                piece = piece.removeprefix(cat).removesuffix(cat).strip(words["quotes"] + " ")
        if piece:
            out.append(piece)
    return out


def _everyday_words(name: str, strict: bool) -> bool:
    """Chinese words jieba knows, two characters or more each (智能 + 手表): a thing, not a name.
    ``strict`` (a name annotated less than three times, by one corpus): any everyday words, one of two characters (孩子 + 们)."""
    import jieba

    if not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    words = jieba.lcut(name, HMM=False)
    common = [jieba.dt.FREQ.get(w, 0) > 0 for w in words]
    if strict:
        return len(words) > 1 and all(common) and any(len(w) > 1 for w in words)
    return len(words) > 1 and all(common) and all(len(w) > 1 for w in words)


def mine(data: Path, min_counts: dict[str, int] | None = None) -> dict[str, tuple[int, int]]:
    """Names annotated as products: name -> (annotations in all, corpora naming it).

    A name is kept when one corpus annotates it at least its ``min_counts`` times
    (``product_gazetteer.json`` by default) or two corpora annotate it."""
    from ..ontology import load_lexicon
    from .words import _common_word, _rare_word

    import jieba

    jieba.initialize()  # FREQ is empty until then
    words = gazetteer_words()
    min_counts = min_counts or words["min_counts"]
    endings = tuple(words["not_endings"])
    known = {alias for e in load_lexicon() for alias in (e.name, *e.aliases)}
    counts, corpora = Counter(), defaultdict(Counter)
    for source, (rel, _terms) in SOURCES.items():
        for mention in _READERS[source](data / rel):
            for name in cores(mention.strip(), words):
                counts[name] += 1
                corpora[name][source] += 1
    kept, trusted = {}, set()
    for name, n in counts.items():
        if len(corpora[name]) < 2 and not any(k >= min_counts[src] for src, k in corpora[name].items()):
            continue
        if not _NAME.fullmatch(name) or len(name) < 2 or name.isdigit() or name in known:
            continue
        # annotated often, a name made of words (魔兽 + 世界) or a rare dictionary word (< 30) stays a
        # candidate: the texts decide (:func:`_everyday_use`)
        often = n >= words["trusted_count"] and (not _common_word(name) or _rare_word(name))
        if name.endswith(endings) or not often and (_common_word(name) or _common_word(name.lower())):
            continue
        if re.fullmatch(r"[A-Za-z]{1,4}\d?|[\d.]+[A-Za-z]{0,2}|[\u4e00-\u9fff]", name):  # a code, an acronym
            continue
        if len(name) > 20 or not often and _everyday_words(name, n < 3 and len(corpora[name]) < 2):
            continue
        kept[name] = (n, len(corpora[name]))
        if often:
            trusted.add(name)
    for name in _everyday_use(kept, data, words["max_share_in_text"], trusted):
        del kept[name]
    return kept


def write_mined(out: Path, doc: dict, kept: dict[str, tuple[int, int]], plain: Path | None = None) -> None:
    """Write the list's file (``doc``: hashes only) and, to ``plain``, the mined names themselves,
    most annotated first (local inspection only; never commit it)."""
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    if plain:
        rows = sorted(kept.items(), key=lambda kv: -kv[1][0])
        plain.write_text("".join(f"{n}\t{c}\t{k}\n" for n, (c, k) in rows), encoding="utf-8")
    print(f"{len(kept)} names -> {out}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared corpora folder")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "ontology/lexicon/products_mined.json")
    parser.add_argument("--plain", type=Path, help="also write the names themselves here (local inspection only)")
    args = parser.parse_args(argv)
    kept = mine(args.data)
    doc = {
        "about": "Hashes of product names mined by kg.recognise.mine_products (see its docstring); "
                 "kept: annotated min_counts times by one corpus or by 2 corpora.",
        "min_counts": gazetteer_words()["min_counts"],
        "corpora": {k: terms for k, (_rel, terms) in SOURCES.items()},
        "key": KEY.decode(),
        "max_words": 6,
        "hashes": sorted(name_hash(n) for n in kept),
    }
    write_mined(args.out, doc, kept, args.plain)


if __name__ == "__main__":
    main()

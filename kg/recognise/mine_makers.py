"""Mine makers' and brands' names from the public corpora into ``ontology/lexicon/makers_mined.json``.

Run ``python -m kg.recognise.mine_makers --data /work/shared/data``. A name is kept when the
corpora annotate it as the company that launches a product or as a company (:data:`SOURCES`)
at least its ``min_counts`` times (DuEE: once, it annotates only makers launching), or in two corpora, and they annotate it as a person less
than half as often (a singer who 发布 a song is no maker); a name annotated once and written like a
person's name is left out too. A describing word inside a name (不少车企) makes it a description,
but for ``descriptors_in_names`` (某某集团 is a name). The annotation is cut to its name
(``makers.cut``: what follows the last describing word, 显示设备厂商 + 某牌, less a trailing
公司 / 官方 or a stock code). Only training splits are read: never DuEE *dev* (a measure) nor the
dev articles; ``--skip-half held`` leaves out the DuEE train sentences of that half too, to tune
:mod:`kg.recognise.makers` on them honestly.

The names are stored as keyed hashes (:func:`kg.recognise.mine_products.name_hash`, this
module's key), because BosonNLP and DuEE forbid redistributing their text. Many brands are
everyday words (a flag, a wall, glory): :mod:`kg.recognise.makers` names one only with a second
sign beside it. ``--plain FILE`` writes the names to a local file for inspection; never commit it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from .makers import KEY
from .mine_products import _NAME, name_hash, write_mined

#: corpus -> (file, terms)
SOURCES = {
    "duee_train": ("duee1/duee_train.json", "DuEE 1.0 train, role 发布方 (LIC2020: research only, no redistribution)"),
    "boson": ("boson_ner/boson_spans.jsonl", "BosonNLP NER 6C, company_name (research only, no redistribution)"),
    "cluener_train": ("cluener/train.json", "CLUENER2020 train, company (no licence stated; research)"),
}
_OUT = Path(__file__).resolve().parents[2] / "ontology/lexicon/makers_mined.json"


def maker_words() -> dict:
    """The hand-written part of ``makers_mined.json`` (``words``): how to cut an annotation and the signs."""
    from ..ontology import ontology_dir

    return json.loads((ontology_dir() / "lexicon" / "makers_mined.json").read_text(encoding="utf-8"))["words"]


def _duee(path: Path, roles: set[str], skip_half: str | None):
    from ..evaluation.duee import half_of

    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if skip_half and half_of(d["id"]) == skip_half:
                continue
            for event in d.get("event_list", []):
                for arg in event.get("arguments", []):
                    if arg["role"] in roles:
                        yield arg["argument"]


def _boson(path: Path, labels: set[str]):
    with path.open(encoding="utf-8") as f:
        for line in f:
            for _s, _e, label, mention in json.loads(line)["entities"]:
                if label in labels:
                    yield mention


def _cluener(path: Path, labels: set[str]):
    with path.open(encoding="utf-8") as f:
        for line in f:
            for label, mentions in json.loads(line)["label"].items():
                if label in labels:
                    for mention, spans in mentions.items():
                        for _ in spans:
                            yield mention


def annotations(data: Path, kind: str, skip_half: str | None = None):
    """(corpus, mention) of every annotation of ``kind`` (``maker`` or ``person``: ``words.labels``)."""
    labels = maker_words()["labels"][kind]
    yield from (("duee_train", m) for m in _duee(data / SOURCES["duee_train"][0], set(labels["duee_train"]), skip_half))
    yield from (("boson", m) for m in _boson(data / SOURCES["boson"][0], set(labels["boson"])))
    yield from (("cluener_train", m) for m in _cluener(data / SOURCES["cluener_train"][0], set(labels["cluener_train"])))


def cut(mention: str, words: dict) -> list[str]:
    """The makers' names an annotation holds: 某国品牌某牌（某某） -> 某牌, 某某公司 -> 某某."""
    out = []
    for piece in re.split(words["separators"], mention):
        piece = re.sub(words["drop"], "", piece).strip(words["quotes"] + " ")
        # the last describing word with a name after it (not 公司 ending 某某公司)
        at = max((piece.rfind(d) + len(d) for d in words["descriptors"] if d in piece[:-1]
                  and len(piece) - piece.rfind(d) - len(d) >= 2), default=0)
        piece = piece[at:].strip(words["quotes"] + " ")
        for ending in words["endings"]:
            if piece.endswith(ending) and len(piece) - len(ending) >= 2:
                piece = piece[: -len(ending)].strip()
                break
        if piece:
            out.append(piece)
    return out


def mine(data: Path, skip_half: str | None = None) -> dict[str, tuple[int, int]]:
    """Makers' names: name -> (annotations in all, corpora naming it); see the module docstring."""
    from ..ontology import chinese_titles, load_lexicon

    words = maker_words()
    known = {alias for e in load_lexicon() for alias in (e.name, *e.aliases)}
    from .candidates import plausible_name

    counts, corpora, persons = Counter(), defaultdict(set), Counter()
    titles = tuple(chinese_titles()) + tuple(words["person_words"])
    for source, mention in annotations(data, "maker", skip_half):
        if any(t in mention for t in titles):
            continue  # a person with a title (某公司 + CEO + 某某): no maker's name
        for name in cut(mention.strip(), words):
            counts[name] += 1
            corpora[name].add(source)
    for _source, mention in annotations(data, "person", skip_half):
        persons[mention.strip()] += 1
    kept = {}
    for name, n in counts.items():
        if len(corpora[name]) < 2 and n < words["min_counts"][next(iter(corpora[name]))]:
            continue
        if n == 1 and plausible_name(name, "Person"):
            continue  # once, and written like a person's name (a singer who 发布 a song)
        if not _NAME.fullmatch(name) or name in known or persons[name] * 2 >= n or name.isdigit():
            continue
        if re.fullmatch(r"[\u4e00-\u9fff]|[A-Za-z]|[\u4e00-\u9fff]{7,}|.{13,}", name):
            continue  # a character, a letter, a long description
        if re.search(words["not_names"], name) or any(d in name for d in words["descriptors"] if d not in words["descriptors_in_names"]):
            continue  # a description (不少车企, 某某等厂商), not a name
        kept[name] = (n, len(corpora[name]))
    kept = _named_in_text(kept, data, words["max_share_in_text"])
    # a Latin name as news writes it too (vivo, Vivo, VIVO), unless the lexicon has that form
    cased = {v: kept[n] for n in kept if n.isascii() and len(n) > 2 for v in (n.lower(), n.upper(), n.capitalize())}
    return {v: c for v, c in cased.items() if v not in known} | kept


def _named_in_text(kept: dict, data: Path, share: float) -> dict:
    """``kept`` less the names the corpora's texts hold twenty times or more but annotate in
    less than ``share`` of them: everyday words (银行, 交通, 公交), not a brand that is one (红旗).
    The texts counted are all of each corpus's training split, ``--skip-half`` notwithstanding
    (training text either way; the held half's annotations are still left out)."""
    from .mine_products import _texts

    texts = _texts(data)
    return {n: v for n, v in kept.items() if (k := texts.count(n)) < 20 or v[0] / k >= share}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared corpora folder")
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--skip-half", choices=("look", "held"), help="leave out this half of DuEE train (tuning)")
    parser.add_argument("--plain", type=Path, help="also write the names themselves here (local inspection only)")
    args = parser.parse_args(argv)
    kept = mine(args.data, args.skip_half)
    doc = json.loads(_OUT.read_text(encoding="utf-8"))
    doc.update({
        "corpora": {k: terms for k, (_rel, terms) in SOURCES.items()},
        "key": KEY.decode(),
        "max_words": 4,
        "skipped_half": args.skip_half,
        "hashes": sorted(name_hash(n, KEY) for n in kept),
    })
    write_mined(args.out, doc, kept, args.plain)


if __name__ == "__main__":
    main()

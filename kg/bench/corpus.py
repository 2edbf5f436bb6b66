"""The bench's corpus: CLUENER sentences assembled into articles, or articles generated from
templates (``templates.json``: invented filler, never a real article) filled with lexicon names;
and one long article made of such bodies, for the time against length."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CLUENER_FILES = ("train.json", "dev.json", "test.json")
MIB = 1 << 20
MIN_ARTICLE, MAX_ARTICLE = 1024, 5120  # UTF-8 bytes per article


@lru_cache(maxsize=1)
def templates() -> dict:
    """The word lists and templates of ``templates.json``."""
    return json.loads((Path(__file__).with_name("templates.json")).read_text(encoding="utf-8"))



@dataclass
class Corpus:
    """The articles written for the bench: where, from what, how big."""

    folder: str
    source: str
    articles: int
    chars: int
    bytes: int
    min_bytes: int
    max_bytes: int


def cluener_sentences(data: Path) -> list[str] | None:
    """The ``text`` of every line of CLUENER's files in ``data``, or None without ``train.json``."""
    if not (data / "train.json").is_file():
        return None
    out = []
    for name in CLUENER_FILES:
        path = data / name
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                out += [t for line in fh if line.strip() and (t := json.loads(line).get("text", "").strip())]
    return out


def assemble_articles(sentences: list[str], size: int, seed: int = 0) -> list[str]:
    """Join sentences, in order, into articles of 1–5 KiB until there are ``size`` bytes.

    The title is the first clause of the first sentence; the body has paragraphs of 3–6
    sentences. A sentence without final punctuation gets a 。. When the sentences run out
    they are used again in a seeded shuffled order.

    >>> arts = assemble_articles(["阿里巴巴发布新品，" + "钉钉" * 20] * 40, 3000)
    >>> len(arts), arts[0].split("\\n")[0], arts[0].split("\\n")[1]
    (2, '阿里巴巴发布新品', '')
    >>> all(1024 <= len(a.encode()) <= 5120 for a in arts)
    True
    """
    rng = random.Random(seed)
    words = templates()
    pool = [s if s.endswith(tuple(words["sentence_end"])) else s.rstrip(words["trailing_punctuation"])
            + words["full_stop"] for s in sentences]
    order, i = list(range(len(pool))), 0
    articles, total = [], 0
    while total < size:
        target = rng.randint(MIN_ARTICLE + 256, MAX_ARTICLE - 400)  # room for title and newlines
        body, para, used = [], [], 0
        first = None
        while True:
            if i == len(order):
                rng.shuffle(order)
                i = 0
            sentence = pool[order[i]]
            cost = len(sentence.encode())
            if used + cost > target and used >= MIN_ARTICLE:
                break
            i += 1
            first = first or sentence
            para.append(sentence)
            used += cost
            if len(para) >= rng.randint(3, 6):
                body.append("".join(para))
                para = []
        if para:
            body.append("".join(para))
        title = re.split(f"[{re.escape(words['clause_ends'])}]", first)[0][:30] or first[:30]
        text = title + "\n\n" + "\n".join(body) + "\n"
        articles.append(text)
        total += len(text.encode())
    return articles




def template_articles(entries: list[tuple[str, str]], surnames: list[str], size: int,
                      seed: int = 0) -> list[str]:
    """Generate news-like articles of 1–5 KiB from templates filled with lexicon names.

    Args:
        entries: ``(name, class)`` of the lexicon's entities.
        surnames: Chinese surnames, for invented person names.
        size: bytes to generate, at least.
        seed: the random seed (the output depends on it only).

    >>> arts = template_articles([("钉钉", "Product"), ("阿里巴巴集团", "Company"), ("腾讯", "Company"),
    ...                           ("杭州市", "Place")], ["张"], 2000)
    >>> len(arts) >= 1 and all(1024 <= len(a.encode()) <= 5120 for a in arts)
    True
    """
    rng, words = random.Random(seed), templates()
    by_class: dict[str, list[str]] = {}
    for name, cls in entries:
        by_class.setdefault(cls, []).append(name)
    fallback = by_class.get("Company") or [name for name, _ in entries] or [words["fallback_company"]]

    def pick(cls: str) -> str:
        return rng.choice(by_class.get(cls) or fallback)

    articles, total = [], 0
    while total < size:
        cast = {cls: pick(cls) for cls in ("Company", "Company2", "Company3", "Place", "Event", "Product",
                                          "GovernmentBody", "Organization", "Strategy", "Policy", "Person")}
        for key in ("Company2", "Company3"):
            cast[key] = pick("Company")
        cast["PName"] = rng.choice(surnames or [words["fallback_surname"]]) + "".join(rng.sample(words["given"], rng.randint(1, 2)))

        def fill(template: str) -> str:
            values = dict(cast, field=rng.choice(words["fields"]), n=rng.randint(2, 900), p=rng.randint(1, 60),
                          q=rng.randint(1, 4), m=rng.randint(1, 12), d=rng.randint(1, 28),
                          year=rng.randint(2015, 2024))
            return template.format(**values)

        target = rng.randint(MIN_ARTICLE + 512, MAX_ARTICLE - 256)
        title = fill(rng.choice(words["titles"]))
        paras, used = [], len(title.encode()) + 3
        while used < target:
            para = "".join(fill(rng.choice(words["sentences"])) for _ in range(rng.randint(3, 6)))
            if used + len(para.encode()) + 1 > MAX_ARTICLE - 8 and used >= MIN_ARTICLE:
                break
            paras.append(para)
            used += len(para.encode()) + 1
        text = title + "\n\n" + "\n".join(paras) + "\n"
        while len(text.encode()) > MAX_ARTICLE:
            paras.pop()
            text = title + "\n\n" + "\n".join(paras) + "\n"
        articles.append(text)
        total += len(text.encode())
    return articles


def make_corpus(folder: Path, data: Path, size_mb: float, seed: int = 0) -> Corpus:
    """Write the bench corpus into ``folder`` (``0001.txt`` …) and describe it."""
    size = int(size_mb * MIB)
    sentences = cluener_sentences(data)
    if sentences:
        texts = assemble_articles(sentences, size, seed)
        have = sum(len(s.encode()) for s in sentences)
        source = f"CLUENER2020 sentences from {data.resolve()} ({len(sentences)} sentences" + (
            ", some reused)" if have < size else ")")
    else:
        from ..ontology import load_lexicon, load_surnames

        entries = [(e.name, e.type) for e in load_lexicon()]
        texts = template_articles(entries, sorted(load_surnames()), size, seed)
        source = f"templates + lexicon names (seed {seed}; no CLUENER train.json in {data})"
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts, 1):
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    sizes = [len(t.encode()) for t in texts]
    return Corpus(str(folder), source, len(texts), sum(map(len, texts)), sum(sizes), min(sizes), max(sizes))


def read_texts(folder: Path) -> list[str]:
    """The texts of the corpus articles, in file order, as ``kg.read`` reads them."""
    return [p.read_text(encoding="utf-8").removeprefix("\ufeff") for p in sorted(folder.glob("*.txt"))]


def long_article(chars: int, seed: int = 0) -> str:
    """One article of exactly ``chars`` characters: a title, a byline, then the bodies of
    generated articles one after another (varied paragraphs, never one repeated block).

    >>> text = long_article(5000)
    >>> len(text), text.count("\\n") > 10
    (5000, True)
    """
    from ..ontology import load_lexicon, load_surnames

    entries = [(e.name, e.type) for e in load_lexicon()]
    head = f"{templates()['long_title']}\n\n2021-03-04\n"
    parts, size, k = [head], len(head), 0
    while size < chars:
        bodies = [a.split("\n", 2)[2] for a in template_articles(entries, sorted(load_surnames()),
                                                                  min(chars - size, 200_000) + 6000, seed + k)]
        parts += bodies
        size += sum(map(len, bodies))
        k += 1
    return "".join(parts)[:chars]

"""Training corpora of the tagger, read from ``shared/data`` (never copied into the project).

Each reader yields :class:`Example` s: a sentence, its spans with the labels each may take,
and the labels the corpus annotates. A label the corpus does not annotate is *masked*: its
unlabelled text may still hold such names (MSRA marks no product), so training never teaches
that it is ``O`` there (:func:`allowed_tags`). DuEE annotates only event arguments, so it
annotates no label: outside its product, maker and event-name arguments nothing is taught.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy

from .model import LABELS, NUM_TAGS, TAGS, tag_index

@dataclass(frozen=True)
class Example:
    text: str
    spans: tuple[tuple[int, int, frozenset], ...]  # (start, end, labels it may take)
    annotated: frozenset  # labels annotated everywhere in the text


def allowed_tags(example: Example) -> numpy.ndarray:
    """Per character, the tags a path consistent with the annotation may take ``(n, T)``.

    >>> ex = Example("林一帆去北辰", ((0, 3, frozenset({"PER"})),), frozenset({"PER", "LOC"}))
    >>> m = allowed_tags(ex)
    >>> [TAGS[t] for t in numpy.flatnonzero(m[0])], [TAGS[t] for t in numpy.flatnonzero(m[4])][:3]
    (['B-PER'], ['O', 'B-ORG', 'I-ORG'])
    """
    free = [t for t in range(NUM_TAGS) if TAGS[t] == "O" or TAGS[t][2:] not in example.annotated]
    mask = numpy.zeros((len(example.text), NUM_TAGS), bool)
    mask[:, free] = True
    for start, end, labels in example.spans:
        mask[start:end] = False
        for label in labels:
            if end - start == 1:
                mask[start, tag_index("S", label)] = True
            else:
                mask[start, tag_index("B", label)] = True
                mask[start + 1:end - 1, tag_index("I", label)] = True
                mask[end - 1, tag_index("E", label)] = True
    return mask


def _split(text: str, spans: list[tuple[int, int, frozenset]], annotated: frozenset,
           limit: int = 160) -> Iterator[Example]:
    """Cut a long text after sentence ends that fall outside every span."""
    inside = numpy.zeros(len(text) + 1, bool)
    for s, e, _ in spans:
        inside[s + 1:e] = True
    cuts = [0] + [m.end() for m in re.finditer(r"[。！？!?；\n]+", text) if not inside[m.end()]] + [len(text)]
    start = 0
    for i in range(1, len(cuts)):
        nxt = cuts[i + 1] if i + 1 < len(cuts) else None
        if cuts[i] == len(text) or nxt is None or nxt - start > limit:
            end = cuts[i]
            piece = text[start:end]
            if piece.strip():
                own = tuple((s - start, e - start, lab) for s, e, lab in spans if start <= s and e <= end)
                yield Example(piece, own, annotated)
            start = end


def _bio_lines(path: Path, sep: str | None) -> Iterator[tuple[list[str], list[str]]]:
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield chars, tags
                chars, tags = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                continue
            chars.append(parts[0][0] if parts[0] else " ")
            tags.append(parts[-1])
    if chars:
        yield chars, tags


def _tagged_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans of BIO, BIOES or BMES tags (``B-X``, ``M-X``/``I-X``, ``E-X``, ``S-X``)."""
    out, start, label = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        if start is not None and (prefix in ("B", "S", "O") or name != label):
            out.append((start, i, label))
            start = None
        if prefix in ("B", "S") or prefix in ("I", "M", "E") and start is None and name:
            start, label = i, name
        if prefix in ("E", "S") and start is not None:
            out.append((start, i + 1, label))
            start = None
    return out


def read_tagged(path: Path, mapping: dict[str, str | None], annotated: frozenset,
                sep: str | None = None) -> Iterator[Example]:
    """A character-per-line file; ``mapping`` takes a corpus label to one of :data:`LABELS`
    (``None``: not a name of ours, so ``O`` unless it is of a label the corpus does not
    annotate). A label missing from ``mapping`` reads as unlabelled text too (PD98's NZ)."""
    for chars, tags in _bio_lines(path, sep):
        spans = [(s, e, frozenset({mapping[label]})) for s, e, label in _tagged_spans(tags) if mapping.get(label)]
        yield from _split("".join(chars), spans, annotated)


def read_cluener(path: Path) -> Iterator[Example]:
    mapping = {"name": "PER", "company": "ORG", "government": "ORG", "organization": "ORG",
               "address": "LOC", "scene": "LOC", "game": "PRO", "position": None}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            spans = []
            for label, mentions in rec.get("label", {}).items():
                if mapping.get(label):  # book and movie: unlabelled text (they may be products)
                    spans += [(s, e + 1, frozenset({mapping[label]})) for places in mentions.values() for s, e in places]
            yield from _split(rec["text"], spans, frozenset({"PER", "ORG", "LOC"}))


def read_boson(path: Path) -> Iterator[Example]:
    mapping = {"person_name": "PER", "location": "LOC", "org_name": "ORG", "company_name": "ORG",
               "product_name": "PRO", "time": None}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            spans = [(s, e, frozenset({mapping[t]})) for s, e, t, _ in rec["entities"] if mapping.get(t)]
            yield from _split(rec["text"], spans, frozenset({"PER", "LOC", "ORG", "PRO"}))


TRAINING = Path(__file__).resolve().parent.parent / "models" / "tagger" / "training.json"


def duee_roles() -> dict[str, frozenset]:
    """DuEE argument roles → the labels such an argument may take (``training.json``)."""
    roles = json.loads(TRAINING.read_text(encoding="utf-8"))["duee_roles"]
    return {role: frozenset(labels) for role, labels in roles.items()}


def read_duee(path: Path) -> Iterator[Example]:
    roles = duee_roles()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            spans: dict[tuple[int, int], frozenset] = {}
            for event in rec.get("event_list", []):
                for arg in event["arguments"]:
                    labels = roles.get(arg["role"])
                    start = arg["argument_start_index"]
                    end = start + len(arg["argument"])
                    if labels and rec["text"][start:end] == arg["argument"]:
                        spans[(start, end)] = spans.get((start, end), frozenset()) | labels
            kept = sorted((s, e, lab) for (s, e), lab in spans.items())
            # overlapping arguments cannot both be one path's spans: keep the first of each overlap
            flat, last_end = [], -1
            for s, e, lab in kept:
                if s >= last_end:
                    flat.append((s, e, lab))
                    last_end = e
            if flat:
                yield from _split(rec["text"], flat, frozenset())


def corpora(data: Path) -> dict[str, Iterator[Example]]:
    """Every training corpus under ``data`` (``shared/data``), by name."""
    pld = frozenset({"PER", "LOC", "ORG"})
    bio = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
    return {
        "msra": read_tagged(data / "msra_ner/msra_train_bio", bio, pld, "\t"),
        "pd98": read_tagged(data / "peoples_daily_199801/pd199801_ner_bio.txt", bio, pld, "\t"),
        "boson": read_boson(data / "boson_ner/boson_spans.jsonl"),
        "cluener": read_cluener(data / "cluener/train.json"),
        "resume": read_tagged(data / "resume_ner/train.char.bmes",
                              {"NAME": "PER", "ORG": "ORG", "LOC": "LOC", "CONT": "LOC", "TITLE": None,
                               "EDU": None, "PRO": None, "RACE": None}, frozenset({"PER", "ORG"}), " "),
        "weibo": read_tagged(data / "weibo_ner/weiboNER_2nd_conll.train",
                             {"PER.NAM": "PER", "LOC.NAM": "LOC", "GPE.NAM": "LOC", "ORG.NAM": "ORG",
                              "PER.NOM": None, "LOC.NOM": None, "GPE.NOM": None, "ORG.NOM": None}, pld, "\t"),
        "duee": read_duee(data / "duee1/duee_train.json"),
    }

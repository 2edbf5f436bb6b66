"""``kg_list_mates``: persons' names listed beside recognised persons and written the same way."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Mention
from .candidates import plausible_name
from .doc import _candidates, _covered, _ensure_extensions, doc_text
from .words import list_patterns


@Language.component("kg_list_mates", assigns=["doc._.kg_candidates"])
def list_mates(doc: Doc) -> Doc:
    """Persons' names listed beside recognised persons and written the same way.

    In 林远舟(2016年)、钱若水(2017年) the model may find the first name and miss the second. A list
    item that is nothing but two to four characters starting with a surname (and no everyday
    word), unclaimed, is a person when an item beside it ends with a person's name and both
    carry the same bracketed note, when it stands between two such items, joined to both
    by 、, or when it ends a run of two or more such items (周明川、吴青禾、郑子衡(2018年)).
    """
    _ensure_extensions()
    found = _candidates(doc)
    text = doc_text(doc)
    claimed = _covered(len(text), found)
    item_tail = list_patterns().item_tail
    person_ends = {m.end: m.start for m in found if m.label == "Person"}
    items = []  # (start, end of the name part, note shape, separator before, is a person)
    for piece in re.finditer(r"[^、，,；;：:。！？!?\n]+", text):
        tail = item_tail.search(piece.group())  # a bracketed note (某某(2016年)) and 等
        start, end = piece.start(), piece.start() + tail.start()
        note = re.sub(r"\d", "0", tail.group(1) or "")
        before = text[start - 1] if start else ""
        is_person = end in person_ends and person_ends[end] >= start
        items.append((start, end, note, before, is_person))
    added = []
    for i, (start, end, note, before, is_person) in enumerate(items):
        name = text[start:end]
        if is_person or not 2 <= len(name) <= 4 or any(claimed[start:end]) \
                or not plausible_name(name, "Person"):
            continue
        beside = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
        same_note = any(it[4] and note and it[2] == note for it in beside)
        between = len(beside) == 2 and all(it[4] for it in beside) and before == "、" \
            and items[i + 1][3] == "、" and not note
        # the last of a list of persons: two persons before it, all joined by 、
        last = i >= 2 and items[i - 1][4] and items[i - 2][4] and before == "、" and items[i - 1][3] == "、"
        if same_note or between or last:
            added.append(Mention(start, end, name, "Person", "list"))
    found += added
    return doc


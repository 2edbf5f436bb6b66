"""``kg_lexicon_ruler``: names and aliases of well-known entities (``ontology/lexicon``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..ontology import load_lexicon
from .doc import _HAN, _candidates, _ensure_extensions, _mention, _token_table, doc_text
from .words import _common_word


class LexiconRuler:
    """Find names and aliases of well-known entities, longest match first."""

    def __init__(self, entries):
        self.index: dict[str, tuple[str, str]] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                self.index.setdefault(alias, (entry.name, entry.type))
        # the lengths of names by first character, longest first: most characters start none
        lengths: dict[str, set[int]] = {}
        for alias in self.index:
            lengths.setdefault(alias[0], set()).add(len(alias))
        self.lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        found = _candidates(doc)
        text, i = doc_text(doc), 0
        inside = self._inside_words(doc)
        cut = self._ends_inside_word(doc)
        while i < len(text):
            for size in self.lengths.get(text[i], ()):
                if size < 2 or i + size > len(text):
                    continue
                hit = self.index.get(text[i:i + size])
                if hit and self._bounded(text, i, i + size) and not (inside[i] or inside[i + size] or cut[i + size]):
                    found.append(_mention(doc, i, i + size, hit[1], "lexicon", hit[0]))
                    i += size
                    break
            else:
                i += 1
        return doc

    def _inside_words(self, doc: Doc) -> bytearray:
        """Offsets strictly inside an everyday word jieba chose (中国 in 发展中国家 is no name)."""
        inside = bytearray(len(doc_text(doc)) + 1)
        for start, end, word, _ in _token_table(doc):
            if end - start > 2 and word not in self.index and _common_word(word):
                inside[start + 1:end] = b"\x01" * (end - start - 1)
        return inside

    def _ends_inside_word(self, doc: Doc) -> bytearray:
        """Offsets in the middle of an everyday two-character word (浪|漫): no name ends there.

        jieba, which knows the names, still cut 新 + 浪漫 + 号, so 新浪 is no name there. A name
        may start inside such a word: jieba's slips at a name's start are too many to trust."""
        cut = bytearray(len(doc_text(doc)) + 1)
        for start, end, word, _ in _token_table(doc):
            if end - start == 2 and _HAN.match(word) and word not in self.index and _common_word(word):
                cut[start + 1] = 1
        return cut

    @staticmethod
    def _bounded(text: str, start: int, end: int) -> bool:
        """A Latin name must not be part of a longer Latin word (IBM in IBMer)."""
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if text[start].isascii() and text[start].isalnum() and before.isascii() and before.isalnum():
            return False
        return not (text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and after.isalnum())


@Language.factory("kg_lexicon_ruler", assigns=["doc._.kg_candidates"])
def make_lexicon_ruler(nlp: Language, name: str) -> LexiconRuler:
    """Build the lexicon ruler from ``ontology/lexicon/entities.jsonl``."""
    _ensure_extensions()
    return LexiconRuler(load_lexicon())


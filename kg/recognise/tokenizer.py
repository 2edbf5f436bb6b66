"""The tokenizer ``kg.jieba_pos_tokenizer.v1``: jieba with the lexicon's names kept whole, its
part-of-speech flag in ``token.tag_``."""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import TAG
from spacy.tokens import Doc
from spacy.util import registry

from .. import segment
from ..ontology import chinese_titles, load_lexicon, load_schema
from ..records import Token
from .doc import _HAN
from .words import recognise_words

#: jieba part-of-speech flag for lexicon names, so that the tagger treats them as names (else nz).
_POS_OF_CLASS = {
    "Person": "nr", "Place": "ns", "Organization": "nt", "Company": "nt",
    "GovernmentBody": "nt", "Product": "nz", "Event": "nz", "Strategy": "nz", "Policy": "nz",
}


@lru_cache(maxsize=None)
def _prepare_jieba() -> None:
    """Load jieba once per process and teach it the lexicon's names and the ontology's cues.

    ``jieba.add_word`` is process-global and not saved by ``nlp.to_disk``, so this runs
    whenever a tokenizer is made.
    """
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for entry in load_lexicon():
        for word in (entry.name, *entry.aliases):
            if _HAN.search(word) and len(word) >= 2:
                # never lower what jieba knows: 日本 at 2000 instead of 25,307 is cut 日 + 本来
                freq = max(2000, jieba.dt.FREQ.get(word, 0))
                jieba.add_word(word, freq=freq, tag=_POS_OF_CLASS.get(entry.type, "nz"))
    schema = load_schema()
    for spec in schema.relations.values():
        for word in spec.title_cues:
            if _HAN.search(word):
                jieba.add_word(word, freq=500, tag="n")


class JiebaPosTokenizer:
    """Segment with jieba (``kg.segment``: jieba.posseg's output) and keep the POS flag in ``token.tag_``."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._tag_ids: dict[str, int] = {}
        _prepare_jieba()

    def __call__(self, text: str) -> Doc:
        pairs = _split_joined_places(segment.cut(text))
        words = [w for w, _ in pairs]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        if words:
            ids = self._tag_ids  # a few dozen flags: hash each once, not once per token
            for flag in {t for _, t in pairs} - ids.keys():
                ids[flag] = self.vocab.strings.add(flag)
            doc.from_array([TAG], numpy.array([ids[t] for _, t in pairs], dtype=numpy.uint64)[:, None])
        if "".join(words) == text:  # jieba keeps every character; then the tables are known now
            doc.user_data["kg_text"] = text
            table, offset = [], 0
            for word, tag in pairs:
                table.append(Token(offset, offset + len(word), word, tag))
                offset += len(word)
            doc.user_data["kg_tokens"] = table
        return doc

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaPosTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "JiebaPosTokenizer":
        return self


@lru_cache(maxsize=1)
def _lexicon_places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lexicon's place names and aliases, those of its provinces and regions (云南 / 云南省),
    and the ontology's Chinese title cues (首相, 市长)."""
    places, provinces = set(), set()
    province_suffixes = tuple(recognise_words()["place_suffixes"]["province_suffixes"])
    for entry in load_lexicon():
        if entry.type == "Place":
            forms = {entry.name, *entry.aliases}
            places |= forms
            if entry.name.endswith(province_suffixes):
                provinces |= forms
    return frozenset(places), frozenset(provinces), chinese_titles()


def _split_joined_places(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Cut a word jieba's dictionary makes of two places (a province and a city: 云南昆明; a country
    and its capital: 某国 + 伦敦) into the two, as it does for most pairs (河北 + 石家庄), and one of a
    place and a title (某国首相) into the place and the title; a name the lexicon knows whole stays
    whole (马里兰州 is no 马里 + 兰州)."""
    places, _, titles = _lexicon_places()
    out = []
    for word, tag in pairs:
        if len(word) >= 4 and word not in places:
            cut = next((i for i in range(2, len(word) - 1) if word[:i] in places and word[i:] in places), 0)
            if cut:
                out += [(word[:cut], "ns"), (word[cut:], "ns")]
                continue
            cut = next((i for i in range(2, len(word) - 1) if word[:i] in places and word[i:] in titles), 0)
            if cut:
                out += [(word[:cut], "ns"), (word[cut:], "n")]
                continue
        out.append((word, tag))
    return out


@registry.tokenizers("kg.jieba_pos_tokenizer.v1")
def create_jieba_pos_tokenizer():
    """Registered tokenizer factory (``[nlp.tokenizer] @tokenizers = kg.jieba_pos_tokenizer.v1``)."""

    def make(nlp):
        return JiebaPosTokenizer(nlp.vocab)

    return make


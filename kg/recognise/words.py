"""What jieba and the lexicon say of a word: parts of speech, everyday or rare words, the
lexicon's names, the ontology's name suffixes."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from ..ontology import (
    load_lexicon,
    load_schema,
    load_surnames,
    load_words,
    ontology_dir,
)

#: Parts of speech that may make up a name before a suffix (jieba's ICTCLAS flags).
_NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "g", "a", "an", "vn", "ng",
             "b", "nl", "ag"}


#: Parts of speech that mark a proper name rather than a common noun.
_PROPER_POS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "g"}

#: jieba flags of words no name contains: adverbs, prepositions, conjunctions, particles, pronouns
_FUNCTION_POS = ("d", "p", "c", "u", "r")


@lru_cache(maxsize=100_000)
def _common_word(word: str) -> bool:
    """Whether jieba's dictionary knows the word as an ordinary word (not a name)."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


def everyday_phrase(tokens, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` are a phrase of everyday words, no name: each
    a whole token of Chinese characters, one character or a word jieba's dictionary knows, none
    flagged a proper name (:func:`plain_word`) nor a lexicon name, one at least of two
    characters, no two single characters in a row (国际 + 经济 + 环境; not 某某 + 科技 with a name
    jieba does not know, nor 小 + 满 + 科技)."""
    import jieba

    words = [t for t in tokens if start <= t.start and t.end <= end]
    if not words or words[0].start != start or words[-1].end != end:
        return False
    jieba.dt.check_initialized()
    known = _lexicon_names()
    # two single characters in a row are a word jieba did not know (小 + 满 + 科技): a name
    split = any(len(a.text) == 1 and len(b.text) == 1 for a, b in zip(words, words[1:]))
    return not split and any(len(t.text) > 1 for t in words) and all(
        _HAN_WORD.fullmatch(t.text) and t.text not in known and (len(t.text) == 1 or _common_word(t.text))
        and plain_word(t) for t in words)


def plain_word(token) -> bool:
    """A token no name: not flagged a proper name, or flagged a person, another proper noun or
    an abbreviation (nr, nz, j) while jieba has it 50 times or more (高水平/nr, 高科技/nz,
    通信/j); a place or an organisation jieba flags (ns, nt) stays a name."""
    return token.tag not in _PROPER_POS or token.tag in _LOOSE_POS and _everyday(token.text)


#: jieba's flags it gives everyday words too
_LOOSE_POS = frozenset(("nr", "nz", "j"))


@lru_cache(maxsize=100_000)
def _everyday(word: str) -> bool:
    """A word jieba's dictionary has 50 times or more (an everyday word, whatever jieba's flag)."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word, 0) >= 50


_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=100_000)
def _rare_word(word: str) -> bool:
    """Two to six Chinese characters jieba knows only as a rare word (立白, a brand): a name
    where the context asks for one."""
    import jieba

    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,6}", word)) and jieba.dt.FREQ.get(word, 0) < 30


@lru_cache(maxsize=100_000)
def _frequent_word(word: str) -> bool:
    """Whether the word is an everyday word (科技, 互联网), too common to name a company."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) >= 500


@lru_cache(maxsize=1)
def _lexicon_names() -> frozenset[str]:
    """Every name and alias of the lexicon."""
    return frozenset(a for e in load_lexicon() for a in (e.name, *e.aliases))


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """``words.json``'s generic determiners (一家, 其他 …) and kind modifiers (方舱, 国内 …)."""
    words = load_words()
    return tuple(words["generic_determiners"]), frozenset(words["kind_modifiers"]["words"])


def _two_words(text: str) -> bool:
    """Four characters that are two everyday words (阳光 + 明媚, a set phrase) and no compound
    surname: a phrase, not a person's name, whatever jieba's tag says."""
    return len(text) == 4 and text[:2] not in load_surnames() and _common_word(text[:2]) \
        and _common_word(text[2:])


@lru_cache(maxsize=1)
def _all_suffixes() -> tuple[str, ...]:
    return tuple(sorted(load_schema().suffixes, key=len, reverse=True))


@lru_cache(maxsize=1)
def recognise_words() -> dict:
    """Read ``lexicon/recognise.json``: the words and patterns of the recognisers.

    >>> "与" in recognise_words()["name_conjunctions"]["words"]
    True
    """
    return json.loads((ontology_dir() / "lexicon" / "recognise.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def name_conjunctions() -> tuple[str, ...]:
    """和 / 与 / 及: the conjunctions inside a list of names or inside one name."""
    return tuple(recognise_words()["name_conjunctions"]["words"])


@lru_cache(maxsize=1)
def list_joiners() -> tuple[str, ...]:
    """What joins two listed names: the list mark 、 and the conjunctions."""
    return (recognise_words()["list_mark"], *name_conjunctions())


def character_class(chars) -> str:
    """A regular-expression class of the given characters: ``[…]``."""
    return "[" + "".join(re.escape(c) for c in chars) + "]"


class ListPatterns(NamedTuple):
    """``recognise.json``'s ``lists``, compiled."""

    item_tail: re.Pattern   # what ends a list item after the name: a bracketed note, 等
    in_list_gap: re.Pattern  # what stands between two listed names


@lru_cache(maxsize=1)
def list_patterns() -> ListPatterns:
    """The list patterns, the joiners (、 and the conjunctions) filled in."""
    lists = recognise_words()["lists"]
    joiners = "".join(re.escape(c) for c in list_joiners())
    return ListPatterns(re.compile(lists["item_tail"].format()), re.compile(lists["in_list_gap"].format(joiners=joiners)))

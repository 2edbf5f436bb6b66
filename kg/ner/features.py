"""What the character model reads of jieba: per-character word, position and POS features, and
dictionary-match columns (the tokenizers of :mod:`kg.ner.layers` write them)."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

_BMES_SINGLE, _BMES_BEGIN, _BMES_MIDDLE, _BMES_END = "S", "B", "M", "E"
_UNKNOWN_FLAG = "unk"  # a word jieba's HMM found that is not in its dictionary


class _Jieba:
    """A private jieba tokenizer plus its dictionary's POS flags, loaded once.

    Private so that words other modules add to jieba's global tokenizer (lexicons) do not
    change the features the model was trained on.
    """

    _lock = threading.Lock()
    _instance: "_Jieba | None" = None

    def __init__(self, tokenizer=None) -> None:
        import jieba

        dict_path = Path(jieba.__file__).parent / "dict.txt"
        self.tokenizer = tokenizer or jieba.Tokenizer(str(dict_path))
        self._posseg = None
        self.flags: dict[str, str] = {}
        with open(dict_path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 3:
                    self.flags[parts[0]] = parts[2]

    def posseg(self):
        """A ``kg.segment.PosSegmenter`` on this private dictionary (made on first use)."""
        with self._lock:
            if self._posseg is None:
                import jieba.posseg

                from kg.segment import PosSegmenter

                self.tokenizer.check_initialized()
                self._posseg = PosSegmenter(jieba.posseg.POSTokenizer(self.tokenizer))
            return self._posseg

    @classmethod
    def prepare(cls) -> None:
        """Initialise jieba's global tokenizer and this private one from one dictionary load
        (1.4 s each), when neither is initialised yet and the global one uses jieba's own
        dictionary: the private one gets a copy of the global word counts before any module
        adds words to them."""
        import jieba

        with cls._lock:
            if cls._instance is not None or jieba.dt.initialized or jieba.dt.dictionary:
                return
            jieba.dt.initialize()
            private = jieba.Tokenizer(str(Path(jieba.__file__).parent / "dict.txt"))
            private.FREQ, private.total = dict(jieba.dt.FREQ), jieba.dt.total
            private.initialized = True
            cls._instance = cls(private)

    @classmethod
    def get(cls) -> "_Jieba":
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance


def prepare_jieba() -> None:
    """Load jieba's dictionary once for both jieba's global tokenizer and the features' private
    one; call before words are added to the global one (``kg.recognise.tokenizer._prepare_jieba`` does)."""
    _Jieba.prepare()


def char_features(text: str, posseg: bool = False) -> list[tuple[str, str, str, str]]:
    """Compute the jieba-derived features of each non-space character of a text.

    Args:
        text: any text.
        posseg: segment with ``jieba.posseg`` (``kg.segment``), whose HMM also tags words
            that are in no dictionary (``nr`` for an unknown person's name), instead of
            ``jieba.cut`` with dictionary flags only (``unk`` for such words).

    Returns:
        One ``(char, bigram, bmes_flag, word)`` tuple per non-whitespace character.

    >>> [f[2] for f in char_features("我爱北京")]
    ['S|r', 'S|v', 'B|ns', 'E|ns']
    """
    return list(_char_features(text, posseg))


# The members of an ensemble read the same lines with the same features: compute them once.
@lru_cache(maxsize=4096)
def _char_features(text: str, posseg: bool) -> tuple[tuple[str, str, str, str], ...]:
    jb = _Jieba.get()
    if posseg:
        pairs = [(p.word, p.flag) for p in jb.posseg().cut(text)]
    else:
        pairs = [(w, jb.flags.get(w, _UNKNOWN_FLAG)) for w in jb.tokenizer.cut(text, HMM=True)]
    chars: list[tuple[str, str, str, str]] = []
    for word, flag in pairs:
        visible = [c for c in word if not c.isspace()]
        if not visible:
            continue
        n = len(visible)
        for i, c in enumerate(visible):
            if n == 1:
                pos = _BMES_SINGLE
            elif i == 0:
                pos = _BMES_BEGIN
            elif i == n - 1:
                pos = _BMES_END
            else:
                pos = _BMES_MIDDLE
            chars.append((c, "", f"{pos}|{flag}", word))
    out = []
    for i, (c, _, bmes, word) in enumerate(chars):
        nxt = chars[i + 1][0] if i + 1 < len(chars) else "</s>"
        out.append((c, c + nxt, bmes, word))
    return tuple(out)


#: jieba POS flag -> coarse class, for the dictionary-match features (``lexicon_features``)
_LEXICON_CLASSES = {"nr": "PER", "nrt": "PER", "nrfg": "PER", "ns": "LOC", "nt": "ORG",
                    "nz": "NZ", "n": "N", "vn": "N", "ng": "N", "v": "V", "vg": "V",
                    "m": "NUM", "mq": "NUM", "q": "NUM", "t": "T"}
#: longest dictionary word the features look at (jieba's dictionary holds longer ones rarely)
_LEXICON_MAX_LEN = 12
#: ``doc.user_data`` key of the dictionary-match feature columns (``CharJiebaTokenizer``)
LEXICON_KEY = "kg_lexicon_features"
#: one column per position of the character in a matched word: begins, inside, ends
LEXICON_COLUMNS = ("B", "M", "E")


def lexicon_features(chars: str) -> list[tuple[str, str, str]]:
    """Say which kinds of jieba dictionary words begin, contain and end at each character.

    Every dictionary word of two or more characters found anywhere in the text counts, not
    only those on jieba's chosen segmentation, so a name the segmenter splits still shows
    (the "soft lexicon" idea of Ma et al., ACL 2020). Word kinds are coarse classes of the
    word's POS flag: PER (nr), LOC (ns), ORG (nt), NZ, N, V, NUM, T, and O for the rest.

    Args:
        chars: text without whitespace (one entry per character token).

    Returns:
        Per character ``(begins, inside, ends)``: each the sorted kinds joined by ``+``, or
        ``"-"`` when no word matches in that position.

    >>> lexicon_features("在北京大学")[1]
    ('LOC+ORG', '-', '-')
    """
    return list(_lexicon_features(chars))


@lru_cache(maxsize=4096)
def _lexicon_features(chars: str) -> tuple[tuple[str, str, str], ...]:
    jb = _Jieba.get()
    jb.tokenizer.check_initialized()
    freq = jb.tokenizer.FREQ
    flags = jb.flags
    n = len(chars)
    sets: list[tuple[set, set, set]] = [(set(), set(), set()) for _ in range(n)]
    for i in range(n):
        for j in range(i + 2, min(n, i + _LEXICON_MAX_LEN) + 1):
            word = chars[i:j]
            count = freq.get(word)
            if count is None:  # not even a prefix of a dictionary word: stop growing
                break
            if not count:
                continue
            kind = _LEXICON_CLASSES.get(flags.get(word, ""), "O")
            sets[i][0].add(kind)
            for k in range(i + 1, j - 1):
                sets[k][1].add(kind)
            sets[j - 1][2].add(kind)
    return tuple(tuple("+".join(sorted(s)) or "-" for s in triple) for triple in sets)


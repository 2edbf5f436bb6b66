"""Bytes to text in any encoding Chinese news comes in, and Traditional Chinese to Simplified.

An article file is UTF-8 (with or without BOM), UTF-16 / UTF-32 with their BOM, UTF-16 without
one, GB18030 (and its subsets GBK and GB2312) or Big5. A BOM decides; then strict UTF-8; then
strict trial decodes, and when several fit (short texts often do) the one whose characters are
commoner in Chinese (by jieba's dictionary). A file that is UTF-8 but for a few
bad bytes is damaged, not GBK: it is refused with the offset of the first bad byte. A file
that fits none is named with charset-normalizer's guess of what it is.

Traditional Chinese is analysed through a Simplified copy of the same length (OpenCC ``t2s``,
line by line, character by character where a phrase changes length), so every offset found in
the copy is an offset in the original: evidence and labels are then cut from the original.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

from .errors import Errors, KgError

_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_NAMES = {"gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "big5": "Big5", "cp950": "Big5",
          "big5hkscs": "Big5-HKSCS", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE"}

# Mean log(1 + frequency) of a text's Han characters in jieba's dictionary: 10 or more for every
# dev article (6 characters up to whole, Simplified or Traditional); 0 without Han characters.
MIN_COMMONNESS = 6.0
TRADITIONAL_SHARE = 0.05  # of the Han characters; Simplified text has about 0, Traditional 0.2-0.4


def decode(data: bytes, path: object, encoding: str | None = None) -> tuple[str, str]:
    """Decode an article file.

    Args:
        data: the file's bytes.
        path: the file, for messages.
        encoding: a Python codec name to use instead of detecting one.

    Returns:
        ``(text, name)``: the text without BOM, and the encoding's name (``UTF-8``, ``GBK`` …).

    Raises:
        KgError: the bytes are not text in the given or any detected encoding; the message names
            the first bad byte and the encoding the bytes most look like.

    >>> decode("新闻".encode("gbk"), "a.txt")
    ('新闻', 'GBK')
    >>> decode(codecs.BOM_UTF16_LE + "新闻".encode("utf-16-le"), "a.txt")
    ('新闻', 'UTF-16')
    """
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError as err:
            raise KgError(Errors.E008.format(encoding=encoding)) from err
        except UnicodeDecodeError as err:
            raise KgError(Errors.E009.format(path=path, encoding=encoding, offset=err.start,
                                             reason=err.reason)) from err
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), name
            except UnicodeDecodeError as err:
                raise KgError(Errors.E009.format(path=path, encoding=name, offset=err.start,
                                                 reason=err.reason)) from err
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as err:
        first = err
    if _damaged_utf8(data):
        raise KgError(Errors.E004.format(path=path, offset=first.start, reason=first.reason))
    found = _chinese(data)
    if found is not None:
        return found
    guess = _detect(data)
    likely = f"; it looks like {_NAMES.get(guess, guess)}" if guess else ""
    raise KgError(Errors.E004.format(path=path, offset=first.start, reason=first.reason)
                  + f", nor UTF-16, GB18030 or Big5{likely}; convert it to UTF-8 or give --encoding")


def _chinese(data: bytes) -> tuple[str, str] | None:
    """Decode as UTF-16 without BOM, GB18030 or Big5, strictly; the likeliest when several fit."""
    if data.count(0) > len(data) // 10:  # ASCII in UTF-16 is every other byte zero
        for codec in ("utf_16_le", "utf_16_be") if data[1::2].count(0) >= data[::2].count(0) else ("utf_16_be",
                                                                                                  "utf_16_le"):
            try:
                return data.decode(codec), _NAMES[codec]
            except UnicodeDecodeError:
                continue
    fits = []
    families = [["gbk", "gb18030"], ["big5", "cp950", "big5hkscs"]]
    if len(data) % 2 == 0:
        families += [["utf_16_le"], ["utf_16_be"]]
    for family in families:
        for codec in family:
            try:
                fits.append((data.decode(codec), _NAMES[codec]))
                break
            except UnicodeDecodeError:
                continue
    # Several decode (short texts often do): the one whose characters are commoner in Chinese;
    # and that must read as Chinese at all (Latin-1 text decodes as GBK too, into rare characters).
    scored = [(_commonness(text), text, name) for text, name in fits]
    best = max(scored, default=None, key=lambda fit: fit[0])
    return (best[1], best[2]) if best is not None and best[0] >= MIN_COMMONNESS else None


@lru_cache(maxsize=1)
def _char_weights() -> dict[str, float]:
    """log(1 + frequency) of each character over the words of jieba's dictionary."""
    import math
    from pathlib import Path

    import jieba

    counts: dict[str, float] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            for c in word:
                counts[c] = counts.get(c, 0) + int(freq)
    return {c: math.log1p(n) for c, n in counts.items()}


def _commonness(text: str) -> float:
    han = [c for c in text[:20_000] if _is_han(c)]
    if not han:
        return 0.0
    weights = _char_weights()
    simple = to_simplified("".join(han))
    return sum(weights.get(c, 0.0) for c in simple) / len(han)


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes: at least 20 good multi-byte characters per bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good >= 20 * bad and good >= 20


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, to name in the message about a file that cannot be read."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _is_han(c: str) -> bool:
    return 0x4E00 <= ord(c) <= 0x9FFF or 0x3400 <= ord(c) <= 0x4DBF


def traditional_share(text: str) -> float:
    """The share of Han characters that OpenCC writes differently in Simplified script.

    >>> traditional_share("这是简体中文的新闻") == 0.0
    True
    >>> traditional_share("這是繁體中文的新聞") > 0.3
    True
    """
    sample = text[:100_000]
    han = [c for c in sample if _is_han(c)]
    if not han:
        return 0.0
    converted = _converter().convert("".join(han))
    if len(converted) != len(han):
        converted = "".join(_converter().convert(c) for c in han)
    return sum(a != b for a, b in zip(han, converted)) / len(han)


def to_simplified(text: str) -> str:
    """A Simplified copy of a text, of the same length, character for character.

    Lines are converted whole (OpenCC's phrases pick the right character for 乾隆 / 乾燥); a line
    whose length would change is converted character by character.

    >>> to_simplified("鄭麗擔任內江市長。")
    '郑丽担任内江市长。'
    """
    convert = _converter().convert
    out = []
    for line in text.splitlines(keepends=True):
        simple = convert(line)
        if len(simple) != len(line):
            simple = "".join(c2 if len(c2 := convert(c)) == 1 else c for c in line)
        out.append(simple)
    return "".join(out)


def _compatibility_table() -> dict[int, str]:
    """Characters NFKC writes as one letter, digit or space: full-width and mathematical Latin
    (ＣＥＯ, 𝐀𝐈), circled and super-script digits (①, ²), Kangxi radicals and compatibility
    ideographs (⼤ → 大; U+F900 … to their unified forms), no-break and other spaces (but not the
    ideographic space). Full-width punctuation (，：（）) is Chinese punctuation and stays, as
    does anything NFKC writes as several characters (㈱, ﬁ): the copy keeps the text's length."""
    import unicodedata

    table = {}
    for code in (*range(0xA0, 0xD800), *range(0xE000, 0x30000)):
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and n != c and code != 0x3000 and unicodedata.category(n)[0] in "LNZ":
            table[code] = n
    return table


_COMPATIBILITY: dict[int, str] | None = None


def fold_full_width(text: str) -> str:
    """A copy of a text in NFKC form character for character (ＣＥＯ → CEO, ⼤学 → 大学), of
    the same length: names and cue words match however the text wrote them, while evidence and
    labels are still cut from the text as written (see :func:`_compatibility_table`).

    >>> fold_full_width("星河公司ＣＥＯ，ｉＰｈｏｎｅ１５")
    '星河公司CEO，iPhone15'
    >>> fold_full_width("青藤⼤学\u00a0①号楼")
    '青藤大学 1号楼'
    """
    global _COMPATIBILITY
    if text.isascii():
        return text
    if _COMPATIBILITY is None:
        _COMPATIBILITY = _compatibility_table()
    return text.translate(_COMPATIBILITY)


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a missing, unreadable or non-regular file is a :class:`KgError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise KgError(Errors.E001.format(path=path)) from err
    except IsADirectoryError as err:
        raise KgError(Errors.E006.format(path=path)) from err
    except OSError as err:
        raise KgError(Errors.E002.format(path=path, reason=err.strerror or err)) from err

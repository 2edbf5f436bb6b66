"""Hashed character features for the tagger: one row of feature ids per character.

Every template joins a few columns (a character's code point, its neighbours', its character
type, where it sits in its jieba word, the word itself) and hashes them into ``size`` buckets
with a 64-bit multiply-xor mix, all vectorised over a whole text at once. Training computes
the features of every corpus sentence once (:func:`features` over their concatenation,
sentences a pad apart); the component computes them per text the same way.
"""

from __future__ import annotations

import zlib

import numpy

#: a pad between sentences and at both ends: two positions, so that ±2 windows stop there
PAD = 2
_BOUNDARY = 1  # code of a padding position
_MASK64 = (1 << 64) - 1
_PRIME = numpy.uint64(0x100000001B3)
#: character types: 0 pad, 1 CJK, 2 Latin, 3 digit, 4 punctuation/space, 5 other
_TYPE_NAMES = ("pad", "cjk", "latin", "digit", "punct", "other")


def normalise(char: str) -> int:
    """The code a character is read as: full-width forms as ASCII, every digit as 0.

    >>> [chr(normalise(c)) for c in "Ａ７b中"]
    ['A', '0', 'b', '中']
    """
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        code -= 0xFEE0
    elif code == 0x3000:
        code = 0x20
    if 0x30 <= code <= 0x39:
        return 0x30
    return code


def char_type(code: int) -> int:
    """The type of a normalised code (see ``_TYPE_NAMES``)."""
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return 1
    if 0x41 <= code <= 0x5A or 0x61 <= code <= 0x7A:
        return 2
    if code == 0x30:
        return 3
    if code < 0x80 or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F:
        return 4
    return 5


def word_columns(text: str, words: list[tuple[int, int]]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Per character: its place in its word (0 single, 1 begin, 2 middle, 3 end), the word's
    length (capped at 6) and a hash of the word as :func:`normalise` reads it (words longer
    than 6 share one).

    ``words`` are ``(start, end)`` spans covering the text (a gap reads as single characters).
    """
    size = len(text)
    place = numpy.zeros(size, numpy.int64)
    length = numpy.ones(size, numpy.int64)
    ident = numpy.zeros(size, numpy.int64)
    for start, end in words:
        n = end - start
        if n <= 0:
            continue
        if n > 1:
            place[start] = 1
            place[start + 1:end - 1] = 2
            place[end - 1] = 3
        length[start:end] = min(n, 6)
        ident[start:end] = zlib.crc32("".join(map(chr, map(normalise, text[start:end]))).encode()) if n <= 6 else 7
    return place, length, ident


def _mix(template: int, columns: list[numpy.ndarray], size: int) -> numpy.ndarray:
    h = numpy.full(len(columns[0]), ((template + 1) * 0x9E3779B97F4A7C15) & _MASK64, numpy.uint64)
    for column in columns:
        h = (h ^ column.astype(numpy.uint64)) * _PRIME
    h ^= h >> numpy.uint64(29)
    h = h * numpy.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> numpy.uint64(32)
    return (h % numpy.uint64(size)).astype(numpy.int32)


def normalise_codes(text: str) -> numpy.ndarray:
    """:func:`normalise` of every character of a text, vectorised."""
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), numpy.uint32).astype(numpy.int64)
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    codes[codes == 0x3000] = 0x20
    codes[(codes >= 0x30) & (codes <= 0x39)] = 0x30
    return codes


def char_types(codes: numpy.ndarray) -> numpy.ndarray:
    """:func:`char_type` of every normalised code, vectorised."""
    def within(low: int, high: int) -> numpy.ndarray:
        return (codes >= low) & (codes <= high)

    cjk = within(0x4E00, 0x9FFF) | within(0x3400, 0x4DBF)
    latin = within(0x41, 0x5A) | within(0x61, 0x7A)
    punct = (codes < 0x80) | within(0x3000, 0x303F) | within(0xFF00, 0xFFEF) | within(0x2000, 0x206F)
    return numpy.select([cjk, latin, codes == 0x30, punct], [1, 2, 3, 4], 5).astype(numpy.int64)


def word_and_neighbours(size: int, spans: list[tuple[int, int]], ids: numpy.ndarray,
                        gap: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Per character of a text of ``size``: the ids ``(len(spans), k)`` of its word (``gap``
    where no word covers it), of the word before and of the word after (0 at the text's ends)."""
    own = numpy.full((size, ids.shape[1]), gap, numpy.int64)
    before = numpy.zeros((size, ids.shape[1]), numpy.int64)
    after = numpy.zeros((size, ids.shape[1]), numpy.int64)
    for k, (start, end) in enumerate(spans):
        own[start:end] = ids[k]
        if k:
            before[start:end] = ids[k - 1]
        if k + 1 < len(spans):
            after[start:end] = ids[k + 1]
    return own, before, after


def cluster_columns(text: str, words: list[tuple[int, int]], clusters: dict[str, tuple[int, ...]]
                    ) -> dict[str, numpy.ndarray]:
    """Per character: the cluster ids (coarse to fine, ``k0 k1 …``) of its jieba word, and the
    middle and finest ids of the word before (``p1 p2 …``) and after it (``n1 n2 …``); an id is
    shifted by 2 (0 is a pad, 1 a word not in ``clusters``; a gap between words reads as one)."""
    levels = len(next(iter(clusters.values())))
    spans = [(s, e) for s, e in words if e > s]
    ids = numpy.ones((len(spans), levels), numpy.int64)
    for k, (start, end) in enumerate(spans):
        found = clusters.get("".join(map(chr, map(normalise, text[start:end]))))
        if found is not None:
            ids[k] = numpy.array(found) + 2
    own, before, after = word_and_neighbours(len(text), spans, ids, 1)
    out = {f"k{j}": own[:, j] for j in range(levels)}
    out.update({f"p{j}": before[:, j] for j in range(1, levels)})
    out.update({f"n{j}": after[:, j] for j in range(1, levels)})
    return out


def padded_columns(text: str, words: list[tuple[int, int]],
                   clusters: dict[str, tuple[int, ...]] | None = None, flags: list[str] | None = None,
                   lac: numpy.ndarray | None = None) -> dict[str, numpy.ndarray]:
    """The raw columns of one text, without the pads (see :func:`features`); with ``clusters``
    (:func:`kg.tagger.clusters.read`) also :func:`cluster_columns`; with the words' part-of-speech
    ``flags`` (:func:`pos_columns`) and LAC's reading of the characters (``lac``, ``(n, 2)``: its
    label and the place in its word, :func:`kg.tagger.stack.lac_columns`), the stacked columns."""
    codes = normalise_codes(text)
    types = char_types(codes)
    place, length, ident = word_columns(text, words)
    out = {"code": codes, "type": types, "place": place, "length": length, "word": ident}
    if clusters:
        out.update(cluster_columns(text, words, clusters))
    if flags is not None:
        out["pos"], out["posb"], out["posa"] = pos_columns(len(text), words, flags)
    if lac is not None:
        out["lac"], out["lacp"] = lac[:, 0], lac[:, 1]
    return out


def pos_columns(size: int, words: list[tuple[int, int]], flags: list[str]) -> tuple[numpy.ndarray, ...]:
    """Per character: a hash of its word's part-of-speech flag, of the word before's and of the
    word after's (0 at a text's ends; a gap between words reads as ``x``)."""
    codes = numpy.array([zlib.crc32(f.encode()) for f in flags], numpy.int64).reshape(-1, 1)
    return tuple(column[:, 0] for column in word_and_neighbours(size, words, codes, zlib.crc32(b"x")))


def features(columns: dict[str, numpy.ndarray], size: int) -> numpy.ndarray:
    """Feature ids ``(n, K)`` for ``n`` positions of concatenated columns in which every
    sentence is surrounded by ``PAD`` pad positions (code 1, type 0); rows of pads are kept
    (the caller drops them)."""
    c, t = columns["code"], columns["type"]
    place, length, word = columns["place"], columns["length"], columns["word"]
    n = len(c)

    def at(column: numpy.ndarray, offset: int, fill: int) -> numpy.ndarray:
        out = numpy.full(n, fill, numpy.int64)
        if offset > 0:
            out[:-offset] = column[offset:]
        elif offset < 0:
            out[-offset:] = column[:offset]
        else:
            out[:] = column
        return out

    cm2, cm1, cp1, cp2 = (at(c, k, _BOUNDARY) for k in (-2, -1, 1, 2))
    tm1, tp1 = at(t, -1, 0), at(t, 1, 0)
    pm1, pp1 = at(place, -1, 0), at(place, 1, 0)
    wm1, wp1 = at(word, -1, 0), at(word, 1, 0)
    ones = numpy.ones(n, numpy.int64)
    templates = [
        [ones], [c], [cm1], [cp1], [cm2], [cp2],
        [cm1, c], [c, cp1], [cm2, cm1], [cp1, cp2], [cm1, cp1],
        [cm2, cm1, c], [c, cp1, cp2], [cm1, c, cp1],
        [tm1, t, tp1], [t, c], [place, length], [place, c], [pm1, place, pp1],
        [place, word], [wm1, place], [wp1, place], [place, length, t],
        [place, cm1], [place, cp1],
    ]
    if "k0" in columns:  # word clusters (:func:`cluster_columns`): the word's coarse and middle
        # clusters, its neighbours' middle and fine ones (the word's own fine cluster and a
        # character × cluster template gave less: kg/models/tagger/MODEL_CARD.md)
        templates += [[place, columns[key]] for key in ("k0", "k1", "p1", "n1", "p2", "n2")]
    if "pos" in columns:  # the word's part-of-speech flag, with the character and its neighbours'
        pos, before, after = columns["pos"], columns["posb"], columns["posa"]
        templates += [[place, pos], [pos, c], [before, place, pos], [place, pos, after], [before, pos, after]]
    if "lac" in columns:  # LAC's tag and the character's place in LAC's word, its neighbours'
        lac, lacp = columns["lac"], columns["lacp"]
        templates += [[lacp, lac], [lacp, lac, c], [at(lac, -1, 0), lacp, lac], [lacp, lac, at(lac, 1, 0)]]
        if "pos" in columns:  # LAC's reading and jieba's together
            templates.append([lacp, lac, place, columns["pos"]])
    return numpy.stack([_mix(k, cols, size) for k, cols in enumerate(templates)], axis=1)


def concatenate(parts: list[dict[str, numpy.ndarray]]) -> tuple[dict[str, numpy.ndarray], numpy.ndarray]:
    """Join the columns of several texts, ``PAD`` pad positions before, between and after;
    returns the columns and the start of each text in them."""
    pad = {"code": _BOUNDARY, "type": 0, "place": 0, "length": 0, "word": 0}
    pad |= dict.fromkeys((k for k in (parts[0] if parts else ()) if k not in pad), 0)
    pieces: dict[str, list[numpy.ndarray]] = {k: [] for k in pad}
    starts, at = [], PAD
    for part in parts:
        for key, fill in pad.items():
            pieces[key].append(numpy.full(PAD, fill, numpy.int64))
            pieces[key].append(part[key])
        starts.append(at)
        at += len(part["code"]) + PAD
    for key, fill in pad.items():
        pieces[key].append(numpy.full(PAD, fill, numpy.int64))
    return {k: numpy.concatenate(v) for k, v in pieces.items()}, numpy.array(starts, numpy.int64)


def text_features(text: str, words: list[tuple[int, int]], size: int,
                  clusters: dict[str, tuple[int, ...]] | None = None, flags: list[str] | None = None,
                  lac: numpy.ndarray | None = None) -> numpy.ndarray:
    """Feature ids ``(len(text), K)`` of one text.

    >>> text_features("林一帆", [(0, 3)], 1 << 10).shape
    (3, 25)
    """
    columns, _ = concatenate([padded_columns(text, words, clusters, flags, lac)])
    return features(columns, size)[PAD:PAD + len(text)]


def texts_features(texts: list[str], words: list[list[tuple[int, int]]], size: int,
                   clusters: dict[str, tuple[int, ...]] | None = None, flags: list[list[str]] | None = None,
                   lac: list[numpy.ndarray] | None = None) -> list[numpy.ndarray]:
    """:func:`text_features` of several texts, hashed in one pass over their concatenation
    (the same rows: a text's windows stop at the pads around it); ``flags`` and ``lac``: each
    text's (or None).

    >>> [f.shape for f in texts_features(["林一帆", "", "北辰"], [[(0, 3)], [], [(0, 2)]], 1 << 10)]
    [(3, 25), (0, 25), (2, 25)]
    """
    columns, starts = texts_columns(texts, words, clusters, flags, lac)
    rows = features(columns, size)
    return [rows[s:s + len(t)] for s, t in zip(starts.tolist(), texts)]


#: a word as :func:`normalise` reads it (full-width forms as ASCII, every digit as 0), by ``str.translate``
_NORMAL = {c: normalise(chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000, *range(0x30, 0x3A)]}
#: the normalised form and its hash of words read lately (:func:`_word_keys`)
_WORDS: dict[str, tuple[str, int]] = {}


def _word_keys(word: str) -> tuple[str, int]:
    """A word as :func:`normalise` reads it, and :func:`word_columns`'s hash of it."""
    got = _WORDS.get(word)
    if got is None:
        normal = word.translate(_NORMAL)
        got = (normal, zlib.crc32(normal.encode()))
        if len(_WORDS) >= 200_000:
            _WORDS.clear()
        _WORDS[word] = got
    return got


def texts_columns(texts: list[str], words: list[list[tuple[int, int]]],
                  clusters: dict[str, tuple[int, ...]] | None = None, flags: list[list[str]] | None = None,
                  lac: list[numpy.ndarray] | None = None) -> tuple[dict[str, numpy.ndarray], numpy.ndarray]:
    """``concatenate([padded_columns(...) of each text])``, computed over all the texts at once
    (the same columns: each word's figures spread over its characters by index arrays, each
    distinct word hashed once). Words that overlap, run backwards or are empty go the plain
    way (the pipeline's never do)."""
    spans = [numpy.asarray(w, numpy.int64).reshape(-1, 2) for w in words]
    if not texts or any(len(w) and ((w[:, 1] <= w[:, 0]).any() or (w[1:, 0] < w[:-1, 1]).any()
                                    or w[0, 0] < 0 or w[-1, 1] > len(t)) for t, w in zip(texts, spans)):
        none = [None] * len(texts)
        return concatenate([padded_columns(t, w, clusters, f, l) for t, w, f, l
                            in zip(texts, words, flags or none, lac or none)])
    lengths = numpy.array([len(t) for t in texts], numpy.int64)
    chars = int(lengths.sum())
    before = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])  # each text's start in the joined text
    starts = before + PAD * numpy.arange(1, len(texts) + 1)  # … and in the columns
    total = chars + PAD * (len(texts) + 1)
    at = numpy.arange(chars) + numpy.repeat(starts - before, lengths)  # each character's row
    codes = normalise_codes("".join(texts))

    def column(fill: int, rows: numpy.ndarray | None = None, values=None) -> numpy.ndarray:
        out = numpy.full(total, fill, numpy.int64)
        if rows is not None:
            out[rows] = values
        return out

    out = {"code": column(_BOUNDARY, at, codes), "type": column(0, at, char_types(codes))}
    # the words: their rows, lengths, owners; each character of a word, its word and place in it
    owner = numpy.repeat(numpy.arange(len(texts)), [len(w) for w in spans])
    both = numpy.concatenate(spans) if spans else numpy.zeros((0, 2), numpy.int64)
    first = both[:, 0] + starts[owner]
    size = both[:, 1] - both[:, 0]
    word_of = numpy.repeat(numpy.arange(len(size)), size)
    offset = numpy.arange(int(size.sum())) - numpy.repeat(numpy.cumsum(size) - size, size)
    rows = first[word_of] + offset
    last = size[word_of] - 1
    place = numpy.where(last == 0, 0, numpy.where(offset == 0, 1, numpy.where(offset == last, 3, 2)))
    out["place"] = column(0, rows, place)
    out["length"] = column(0, at, 1)
    out["length"][rows] = numpy.minimum(size, 6)[word_of]
    keys = [_word_keys(t[s:e]) for t, w in zip(texts, words) for s, e in w]
    ident = numpy.array([key[1] for key in keys], numpy.int64).reshape(-1)
    ident[size > 6] = 7
    out["word"] = column(0, rows, ident[word_of])
    # a word's neighbours in its own text (0 at its ends)
    previous = numpy.arange(len(size)) - 1
    following = numpy.arange(len(size)) + 1
    alone_before = numpy.ones(len(size), bool)
    alone_before[1:] = owner[1:] != owner[:-1]
    alone_after = numpy.ones(len(size), bool)
    alone_after[:-1] = owner[1:] != owner[:-1]

    def spread(ids: numpy.ndarray, gap: int) -> tuple[numpy.ndarray, ...]:
        own = column(0, at, gap)
        own[rows] = ids[word_of]
        prior = numpy.where(alone_before, 0, ids[numpy.maximum(previous, 0)]) if len(ids) else ids
        after = numpy.where(alone_after, 0, ids[numpy.minimum(following, len(ids) - 1)]) if len(ids) else ids
        return own, column(0, rows, prior[word_of]), column(0, rows, after[word_of])

    if clusters:
        levels = len(next(iter(clusters.values())))
        found = {}
        table = numpy.ones((len(keys), levels), numpy.int64)
        for k, (normal, _) in enumerate(keys):
            ids = found.get(normal)
            if ids is None:
                ids = found[normal] = clusters.get(normal)
            if ids is not None:
                table[k] = numpy.array(ids) + 2
        for j in range(levels):
            own, prior, after = spread(table[:, j], 1)
            out[f"k{j}"] = own
            if j:
                out[f"p{j}"], out[f"n{j}"] = prior, after
    if flags is not None:
        hashes: dict[str, int] = {}
        ids = numpy.array([hashes.get(f) or hashes.setdefault(f, zlib.crc32(f.encode())) for fs in flags for f in fs],
                          numpy.int64).reshape(-1)
        out["pos"], out["posb"], out["posa"] = spread(ids, zlib.crc32(b"x"))
    if lac is not None:
        joined = numpy.concatenate(lac) if lac else numpy.zeros((0, 2), numpy.int64)
        out["lac"], out["lacp"] = column(0, at, joined[:, 0]), column(0, at, joined[:, 1])
    return out, starts


def jieba_words(text: str) -> list[tuple[int, int]]:
    """jieba's words of a text as ``(start, end)`` spans."""
    import jieba

    out, at = [], 0
    for word in jieba.cut(text):
        out.append((at, at + len(word)))
        at += len(word)
    return out

"""An article's text into an :class:`~kg.records.Article`: title, date, authors and publishers.

The first non-empty line is the title (when a line break ends it and text follows); the lines
right below it that look like a byline (a date, a byline key such as 作者 / 记者 / 出品 / 来源)
give the date, the authors and the publishers. The patterns are data:
``ontology/lexicon/reading.json`` (``byline``). A Traditional Chinese or full-width text is
analysed through a copy of the same length (:mod:`kg.decode`), kept as written in the graph.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .decode import TRADITIONAL_SHARE, fold_full_width, to_simplified, traditional_share
from .records import Article


@lru_cache(maxsize=1)
def reading_words() -> dict:
    """``ontology/lexicon/reading.json``: the byline's and the saved pages' patterns."""
    from .ontology import ontology_dir

    return json.loads((ontology_dir() / "lexicon" / "reading.json").read_text(encoding="utf-8"))


def several_articles(count: int) -> str:
    """The title of a graph of several articles (its page's title): ``kg：3 篇文章``."""
    return reading_words()["several_articles"].format(n=count)


_WORDS = reading_words()["byline"]
_DATE = re.compile(_WORDS["date"])
_KEYS = "|".join(_WORDS["keys"])


def _surname_pattern() -> str:
    """The lexicon's surnames as an alternation, double surnames first (欧阳 before 欧)."""
    from .ontology import load_surnames

    surnames = sorted(load_surnames(), key=lambda s: (-len(s), s))
    return "|".join(map(re.escape, surnames))


_SURNAME = _surname_pattern()
_PERSON = re.compile(f"(?:{_WORDS['person_name'].format(surname=_SURNAME)}){_WORDS['name_end']}")
_AUTHOR = re.compile(_WORDS["author"])
_AUTHOR_AFTER = re.compile(_WORDS["author_after"].format(surname=_SURNAME))
_JOINER = re.compile(_WORDS["name_joiner"])
_TRANSLATOR = re.compile(_WORDS["translator"].format(surname=_SURNAME))
_PUBLISHER = re.compile(_WORDS["publisher"])
_ORIGINAL = re.compile(_WORDS["original"])
_NAME_CUT = re.compile(_WORDS["name_cut"])
_MEDIUM = re.compile(_WORDS["medium"])
_DATELINE = re.compile(_WORDS["dateline"].format(medium=_WORDS["medium"], not_before="|".join(_WORDS["dateline_not_before"])))
_TIME_FIELD = re.compile(_WORDS["time_field"])
_SENTENCE_MARK = re.compile(_WORDS["sentence_mark"])
_TRAILER_START = re.compile(_WORDS["trailer_start"])


def article_from_text(text: str, source: str, warn: Callable[[str], None]) -> Article:
    """The article of a decoded text: :func:`parse_article`, through a Simplified copy when the
    text is Traditional Chinese (``warn`` is then called with a line saying so)."""
    share = traditional_share(text)
    copy = text
    if share >= TRADITIONAL_SHARE:
        warn(f"Traditional Chinese ({share:.0%} of its Han characters); analysed through a "
             f"Simplified copy, labels and evidence kept as written")
        copy = to_simplified(text)
    # full-width letters and digits (ＣＥＯ) are analysed as ASCII, kept as written in the graph
    copy = fold_full_width(copy)
    if copy == text:
        return parse_article(text, source=source)
    return replace(parse_article(copy, source=source), original=text)


def parse_article(text: str, source: str) -> Article:
    """Split a text into title, byline and body fields.

    Args:
        text: the article text.
        source: the file name it came from.

    Returns:
        The article.

    >>> a = parse_article("标题\\n\\n2020-01-02 来源：新华社\\n正文。", "x.txt")
    >>> a.title, a.created, a.publishers[0][0]
    ('标题', '2020-01-02', '新华社')
    """
    lines = _lines(text)
    first = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
    # the first line is a title only when a line break ends it (more text follows): a text of
    # one line is all body, its head perhaps a byline
    titled = first is not None and any(line.strip() for _, line in lines[first + 1:])
    title = lines[first][1].strip() if titled else ""
    created, authors, publishers = None, [], []
    body_seen = False
    for offset, line in _header_lines(lines) if titled else _one_line_header(lines):
        if line is None:
            body_seen = True
            continue
        if body_seen:
            publishers += _dateline(line, offset)
            for m in re.finditer(_WORDS["body_reporter"], line[:60]):
                authors += _authors(line, offset, m.end())
            break
        if created is None and (m := _DATE.search(line)):
            created = _iso_date(m)
        line_authors, found = _byline_fields(line, offset, one_line=not titled)
        authors += line_authors
        found += _dateline(line, offset)
        if not found:
            found = _leftover_publisher(line, offset, strict=not titled, taken=line_authors)
        publishers += found
    if titled:
        for offset, line in _trailer_lines(lines, first):
            line_authors, found = _byline_fields(line, offset)
            authors += line_authors
            publishers += found
    return Article(
        source=source,
        slug=slugify(Path(source).stem),
        text=text,
        title=title,
        created=created,
        authors=_unique(authors),
        publishers=_unique(publishers),
    )


def _lines(text: str) -> list[tuple[int, str]]:
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        out.append((offset, line.rstrip("\r\n")))
        offset += len(line)
    return out


def _header_lines(lines: list[tuple[int, str]]):
    """Yield the byline lines below the title, then ``(offset, None)``, then the first body line."""
    nonempty = [(o, line) for o, line in lines if line.strip()][1:]
    for offset, line in nonempty[:4]:
        if len(line.strip()) <= 80 and (_DATE.search(line) or re.search(_KEYS, line)):
            yield offset, line
            continue
        yield offset, None
        yield offset, line
        return


def _one_line_header(lines: list[tuple[int, str]]):
    """The byline of a text of one line: its head up to the first sentence end, when that is a
    date or names a byline key within 80 characters, then the line as the first body line."""
    for offset, line in lines:
        if line.strip():
            end = min([i for i in map(line.find, "。！？!?") if i >= 0] + [80])
            head = line[:end]
            if _DATE.search(head) or re.search(_KEYS, head):
                yield offset, head
            yield offset, None
            yield offset, line
            return


def _byline_fields(line: str, offset: int, one_line: bool = False) -> tuple[list, list]:
    """The authors and the publishers a byline line names by its keys (one_line: a one-line
    text's head, where an author key opens a byline only after what ``author_opens_one_line`` allows)."""
    authors = [f for m in _AUTHOR.finditer(line) for f in _authors(line, offset, m.start())
               if not one_line or re.search(_WORDS["author_opens_one_line"], line[:m.start()])]
    authors += [_field(m, offset) for m in _AUTHOR_AFTER.finditer(line)]
    authors += [_field(m, offset) for m in _TRANSLATOR.finditer(line)]
    found = [f for m in _PUBLISHER.finditer(line) for f in _publishers(m, offset)]
    found += [_field(m, offset) for m in _ORIGINAL.finditer(line) if a_publisher(_NAME_CUT.split(m["name"])[0])]
    return authors, found


def _authors(line: str, offset: int, at: int) -> list[tuple[str, int, int, int, int]]:
    """The person names after an author key (记者 / 通讯员 / 作者 … at ``at``): each a name of a
    person's shape a byline word ends (记者某甲报道: 某甲), several joined by 、 / spaces / 和."""
    key = _AUTHOR.match(line, at)
    if key is None:
        return []
    out, pos = [], key.end()
    while (m := _PERSON.match(line, pos)) is not None:
        name = _NAME_CUT.split(m.group())[0] if "·" not in m.group() else m.group()
        out.append((name, offset + m.start(), offset + m.start() + len(name), offset + at, offset + m.start() + len(name)))
        joiner = _JOINER.match(line, m.end())
        if joiner is None:
            break
        pos = joiner.end()
    return out


def _publishers(match: re.Match, offset: int) -> list[tuple[str, int, int, int, int]]:
    """The publishers a source key names: one or several (来源：甲报、乙网等), each a name (no sentence
    punctuation, at most ``publisher_max`` characters)."""
    out, pos = [], match.start("name")
    for part in re.split(f"({_WORDS['publisher_list']})", match.group("name")):
        name = re.sub(_WORDS["publisher_trail"], "", _NAME_CUT.split(part)[0]) if part else ""
        if name and not re.fullmatch(_WORDS["publisher_list"], part) and a_publisher(name):
            out.append((name, offset + pos, offset + pos + len(name), offset + match.start(), offset + pos + len(name)))
        pos += len(part)
    return out


def a_publisher(name: str) -> bool:
    """Whether a byline's publisher can be one: at most ``publisher_max`` characters, no sentence
    punctuation, not opening with a digit (a one-line text's date + the rest of its sentence)."""
    return len(name) <= _WORDS["publisher_max"] and not _SENTENCE_MARK.search(name) and not name[:1].isdigit()


def _dateline(line: str, offset: int) -> list[tuple[str, int, int, int, int]]:
    """The medium of the first body line's dateline (某某社某地3月5日电, 某某网讯)."""
    m = _DATELINE.match(line)
    return [_field(m, offset)] if m else []


def _trailer_lines(lines: list[tuple[int, str]], first: int):
    """The last short lines of a titled text that open with a source or an author key (来源：某报,
    某报记者 某甲): the byline some sites write at the end."""
    tail = [(o, line) for o, line in lines[first + 1:] if line.strip()][-_WORDS["trailer_lines"]:]
    return [(o, line) for o, line in tail if len(line.strip()) <= _WORDS["trailer_max"] and _TRAILER_START.match(line.strip())]


def _field(match: re.Match, offset: int, evidence_start: int | None = None) -> tuple[str, int, int, int, int]:
    name = _NAME_CUT.split(match.group("name"))[0]
    start = offset + match.start("name")
    ev_start = offset + (match.start() if evidence_start is None else evidence_start)
    return name, start, start + len(name), ev_start, start + len(name)


def _leftover_publisher(line: str, offset: int, strict: bool = False, taken=()) -> list[tuple[str, int, int, int, int]]:
    """A byline line of a date (and a time field, the authors ``taken`` by their keys) and one more
    word: the word is the publisher (某某人文 2020-03-09, 某某必读 发布时间：10-08 12:00, 某某新闻
    作者：某甲); strict (a one-line text's head): only a medium's name (某某日报)."""
    for *_, ev_start, ev_end in taken:
        line = line[:ev_start - offset] + " " * (ev_end - ev_start) + line[ev_end - offset:]
    rest = _DATE.sub(lambda m: " " * len(m.group()), line)
    rest = _TIME_FIELD.sub(lambda m: " " * len(m.group()), rest)
    words = [(m.start(), m.group()) for m in re.finditer(r"[^\s•·|]+", rest)]
    if len(words) != 1:
        return []
    start, word = words[0]
    name = _NAME_CUT.split(word)[0]
    if len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name) or not a_publisher(name) \
            or (strict and not _MEDIUM.fullmatch(name)) or re.search(_KEYS, name):
        return []
    return [(name, offset + start, offset + start + len(name), offset + start, offset + start + len(word))]


def _iso_date(m: re.Match) -> str:
    date = f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
    if m["H"]:
        date += f"T{int(m['H']):02d}:{m['M']}:{m['S'] or '00'}"
    return date


def _unique(fields: list[tuple[str, int, int, int, int]]) -> tuple[tuple[str, int, int, int, int], ...]:
    """One row per name; byline words and self-references (作者, 本站原创, 网络 …: words.json
    ``byline_non_names``) name nobody."""
    from .ontology import load_words

    skip = frozenset(load_words()["byline_non_names"])
    seen, out = set(), []
    for row in fields:
        if row[0] not in seen and len(row[0]) >= 2 and row[0] not in skip:
            seen.add(row[0])
            out.append(row)
    return tuple(out)


def slugify(name: str) -> str:
    """Make a file stem safe for an IRI path segment, keeping CJK and ASCII letters.

    >>> slugify("钉钉 下乡 (1)")
    '钉钉-下乡-1'
    """
    name = unicodedata.normalize("NFKC", name)
    slug = re.sub(r"[^\w\u4e00-\u9fff-]+", "-", name).strip("-")
    return slug or "article"

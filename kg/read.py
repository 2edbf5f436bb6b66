"""Stage 1: read an article file into an :class:`~kg.records.Article`.

The text is UTF-8; the first non-empty line is the title (when a line break ends it and text
follows); the lines right below it that look like a byline (a date, 作者 / 记者 / 出品 / 来源 …)
give the date, the authors and the publishers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .corpus import STDIN, is_corpus, read_corpus
from .decode import TRADITIONAL_SHARE, decode, fold_full_width, to_simplified, traditional_share
from .errors import Errors, KgError
from .page import html_charset, looks_like_html, page_to_text
from .records import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d\d)(?::(?P<S>\d\d))?)?"
)
_KEYS = "作者|记者|撰文|出品|来源|稿源|转自|原创|编译|发布时间|发表于|时间"
_AUTHOR = re.compile(r"(?:作者|记者|撰文)\s*[:：|]?\s*(?P<name>[\u4e00-\u9fff·]{2,4}|[A-Za-z][A-Za-z .]{1,30}[A-Za-z])")
_TRANSLATOR = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4})编译")
_PUBLISHER = re.compile(r"(?:来源|出品|稿源|转自)\s*[:：|]?\s*(?P<name>[^\s|,，;；:：()（）]+)")
_ORIGINAL = re.compile(r"原创\s*[:：]?\s*(?:[\u4e00-\u9fff]{2,4}编译\s+)?(?P<name>[^\s|,，:：]+)")
_NAME_CUT = re.compile(r"[·\-—_|]")
_BODY_REPORTER = re.compile(r"[（(]\s*记者\s*(?P<name>[\u4e00-\u9fff]{2,3})")


def iter_article_paths(inputs: list[Path]) -> list[Path]:
    """Expand files and folders into the sorted list of article files to read.

    Args:
        inputs: files or folders; a folder contributes its ``*.txt``, ``*.html`` and ``*.htm``
            files, recursively; a page whose name is that of a text file found too is left out.

    Returns:
        Paths, folders expanded, in a deterministic order, without repeats.

    >>> iter_article_paths([Path("input")])[0].name
    'dingtalk-xiaxiang.txt'
    """
    paths: list[Path] = []
    for path in inputs:
        if str(path) == STDIN:  # standard input, read as JSON Lines (kg.corpus)
            paths.append(path)
            continue
        if not path.exists():
            raise KgError(Errors.E001.format(path=path))
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
            # a saved page beside the text of the same article (x.txt, html/x.html): the text
            texts = {p.stem for p in found if p.suffix.lower() == ".txt"}
            found = [p for p in found if p.suffix.lower() == ".txt" or p.stem not in texts]
            if not found:
                raise KgError(Errors.E005.format(path=path))
            paths.extend(found)
        elif path.is_file():
            paths.append(path)
        else:
            raise KgError(Errors.E006.format(path=path))
    seen: set[Path] = set()
    return [p for p in paths if not (p.resolve() in seen or seen.add(p.resolve()))]


def read_inputs(inputs: list[Path], encoding: str | None = None,
                warn: Callable[[str], None] | None = None, skip_bad: bool = False) -> list[Article]:
    """Read every article of the inputs: article files, folders of them, corpora and ``-``.

    Args:
        inputs: as :func:`iter_article_paths` takes them; ``*.jsonl`` and ``*.csv`` files and
            ``-`` (standard input) are corpora of many articles (:mod:`kg.corpus`).
        encoding: a codec to read every input with instead of detecting each one's.
        warn: called with a line per input read other than as UTF-8 Simplified text, and per
            record left out.
        skip_bad: leave a corpus's bad records out instead of failing.

    Raises:
        KgError: an input cannot be read (nothing is built then).
    """
    articles: list[Article] = []
    for path in iter_article_paths(inputs):
        if is_corpus(path):
            articles += read_corpus(path, encoding, warn, skip_bad)
        else:
            articles.append(read_article(path, encoding, warn))
    return articles


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


def read_article(path: Path, encoding: str | None = None,
                 warn: Callable[[str], None] | None = None) -> Article:
    """Read one article file.

    Args:
        path: a text file (UTF-8, UTF-16 / UTF-32 with BOM, GB18030 / GBK or Big5; see
            :mod:`kg.decode`), or a saved web page (``.html`` / ``.htm``, or any file that
            starts like one), whose article text is extracted.
        encoding: a codec to read the file with instead of detecting one.
        warn: called with a line when the file is not UTF-8 or is in Traditional Chinese.

    Returns:
        The article with its title and byline fields. A Traditional Chinese article's ``text``
        is a Simplified copy of the same length and ``original`` the text as written.

    Raises:
        KgError: the file is missing, unreadable, empty or not text in a known encoding.

    >>> read_article(Path("input/dingtalk-xiaxiang.txt")).authors[0][0]
    '杨丽'
    """
    say = warn or (lambda message: None)
    data = read_bytes(path)
    if not data:
        raise KgError(Errors.E003.format(path=path))
    if looks_like_html(data, path.name):
        text = _page_text(data, path, encoding, say)
    else:
        text, name = decode(data, path, encoding)
        if name not in ("UTF-8", "UTF-8 with BOM") and not encoding:
            say(f"{path}: read as {name} (not UTF-8)")
    if not text.strip():
        raise KgError(Errors.E003b.format(path=path))
    return article_from_text(text, path.name, lambda message: say(f"{path}: {message}"))


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


def _page_text(data: bytes, path: Path, encoding: str | None, say: Callable[[str], None]) -> str:
    """A saved web page's article text (see :mod:`kg.page`)."""
    charset = html_charset(data)
    html = None
    if not encoding:
        # A page saved by a browser is often UTF-8 whatever its <meta> still says: UTF-8 first
        # (GBK text is almost never valid UTF-8), then the declared encoding, then detection.
        for codec in ("utf-8", charset):
            try:
                html = data.decode(codec) if codec else None
            except (UnicodeDecodeError, LookupError):
                continue
            if html is not None:
                break
    if html is None:
        html, name = decode(data, path, encoding)
        if not encoding:
            say(f"{path}: read as {name}")
    html = html.removeprefix("\ufeff")
    if not html.strip():
        raise KgError(Errors.E003b.format(path=path))
    try:
        return page_to_text(html)[0]
    except KgError as err:
        raise KgError(f"{path}: {err}") from err


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
            for m in _BODY_REPORTER.finditer(line[:60]):
                authors.append(_field(m, offset, evidence_start=m.start() + 1))
            break
        if created is None and (m := _DATE.search(line)):
            created = _iso_date(m)
        authors += [_field(m, offset) for m in _AUTHOR.finditer(line)]
        authors += [_field(m, offset) for m in _TRANSLATOR.finditer(line)]
        found = [_field(m, offset) for m in _PUBLISHER.finditer(line)]
        found += [_field(m, offset) for m in _ORIGINAL.finditer(line)]
        if not found and not re.search(_KEYS, line):
            found = _leftover_publisher(line, offset)
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


def _field(match: re.Match, offset: int, evidence_start: int | None = None) -> tuple[str, int, int, int, int]:
    name = _NAME_CUT.split(match.group("name"))[0]
    start = offset + match.start("name")
    ev_start = offset + (match.start() if evidence_start is None else evidence_start)
    return name, start, start + len(name), ev_start, start + len(name)


def _leftover_publisher(line: str, offset: int) -> list[tuple[str, int, int, int, int]]:
    """A byline line of a date and one more word: the word is the publisher (华夏人文 2020-03-09)."""
    rest = _DATE.sub(lambda m: " " * len(m.group()), line)
    words = [(m.start(), m.group()) for m in re.finditer(r"[^\s•·|]+", rest)]
    if len(words) != 1:
        return []
    start, word = words[0]
    name = _NAME_CUT.split(word)[0]
    if len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
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

"""Stage 1: read article files (text in any common encoding, saved web pages) and corpora into
:class:`~kg.records.Article` records; the fields of a text come from :mod:`kg.byline`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .byline import article_from_text, parse_article, slugify
from .corpus import STDIN, is_corpus, read_corpus
from .decode import decode, read_bytes
from .errors import Errors, KgError
from .page import html_charset, looks_like_html, page_to_text
from .records import Article

__all__ = ["ARTICLE_SUFFIXES", "article_from_text", "iter_article_paths", "parse_article", "read_article",
           "read_bytes", "read_inputs", "slugify"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


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



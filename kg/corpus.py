"""Corpora in: many articles in one file, as JSON Lines (``*.jsonl``), CSV (``*.csv``) or on
standard input (``-``, JSON Lines).

Every record has a ``text`` and may have a ``title``, a ``date``, a ``url`` and an ``id`` (CSV:
columns of those names in a header row). A record becomes the :class:`~kg.records.Article` its
text would be as a text file: a ``title`` is its first line (unless the text starts with it),
the ``date`` (any form a byline date may take) its ``created``; ``dcterms:source`` is the
``url``, else ``FILE#id``, else ``FILE:line``; the slug is ``<file stem>-<id>`` (else
``-<line>``), unique within the file. A bad record stops the build with one line naming the
file and its line, unless ``skip_bad`` is set, in which case it is left out with a warning.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .decode import decode, read_bytes
from .errors import Errors, KgError
from .records import Article

CORPUS_SUFFIXES = (".jsonl", ".csv")
STDIN = "-"
FIELDS = ("text", "title", "date", "url", "id")


class BadRecord(ValueError):
    """A record that is not an article (its reason is the message)."""


def is_corpus(path: Path) -> bool:
    """True for standard input (``-``) and ``*.jsonl`` / ``*.csv`` files.

    >>> is_corpus(Path("news.JSONL")), is_corpus(Path("-")), is_corpus(Path("a.txt"))
    (True, True, False)
    """
    return str(path) == STDIN or path.suffix.lower() in CORPUS_SUFFIXES


def read_corpus(path: Path, encoding: str | None = None, warn: Callable[[str], None] | None = None,
                skip_bad: bool = False, stdin: io.BufferedIOBase | None = None) -> list[Article]:
    """Read every article of a corpus file, or of standard input when ``path`` is ``-``.

    Args:
        path: a ``*.jsonl`` or ``*.csv`` file, or ``-`` (JSON Lines on standard input).
        encoding: a codec to read it with instead of detecting one.
        warn: called with a line per record left out and when the file is not UTF-8.
        skip_bad: leave bad records out (with a warning) instead of failing.
        stdin: the stream ``-`` reads (default: ``sys.stdin.buffer``).

    Returns:
        The articles, in the order of the records.

    Raises:
        KgError: the file cannot be read, a record is bad (and ``skip_bad`` is not set), or the
            corpus holds no article.
    """
    from .byline import article_from_text

    say = warn or (lambda message: None)
    shown = "stdin" if str(path) == STDIN else str(path)
    data = (stdin or sys.stdin.buffer).read() if str(path) == STDIN else read_bytes(path)
    text, name = decode(data, shown, encoding)
    if name not in ("UTF-8", "UTF-8 with BOM") and not encoding:
        say(f"{shown}: read as {name} (not UTF-8)")
    name_of = "stdin" if str(path) == STDIN else path.name
    stem = "stdin" if str(path) == STDIN else path.stem
    records = _csv_records(text, shown) if path.suffix.lower() == ".csv" else _jsonl_records(text)
    articles: list[Article] = []
    slugs: dict[str, int] = {}
    for line, record in records:
        try:
            if isinstance(record, BadRecord):
                raise record
            article = _article(record, line, name_of, stem, article_from_text, say)
            if article.slug in slugs:
                raise BadRecord(f"its id gives the same article IRI as line {slugs[article.slug]}")
        except BadRecord as err:
            if not skip_bad:
                raise KgError(Errors.E070.format(path=shown, line=line, reason=err)) from None
            say(f"{shown}: line {line}: left out ({err})")
            continue
        slugs[article.slug] = line
        articles.append(article)
    if not articles:
        raise KgError(Errors.E071.format(path=shown))
    return articles


def _jsonl_records(text: str) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(line number, record)`` per non-blank line; a line that is no JSON object as BadRecord."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield number, BadRecord(f"not JSON: {err.msg} at column {err.colno}")
            continue
        yield number, record if isinstance(record, dict) else BadRecord(
            f"a JSON {type(record).__name__}, not an object with a \"text\"")


def _csv_records(text: str, shown: str) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(first line, record)`` per CSV row after the header; a row of the wrong width as BadRecord."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as err:
        yield 1, BadRecord(f"not CSV: {err}")
        return
    if "text" not in header:
        raise KgError(Errors.E072.format(path=shown, columns=", ".join(header) or "none"))
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield line, BadRecord(f"not CSV: {err}")
            return  # the reader cannot go on past a broken quote
        if not row or not any(cell.strip() for cell in row):
            pass
        elif len(row) != len(header):
            yield line, BadRecord(f"{len(row)} fields, the header has {len(header)}")
        else:
            yield line, dict(zip(header, row))
        line = reader.line_num + 1


def _article(record: dict, line: int, name: str, stem: str, article_from_text,
             say: Callable[[str], None]) -> Article:
    """The article of one record (see the module docstring)."""
    from .byline import _DATE, _iso_date, slugify

    fields = {}
    for key in FIELDS:
        value = record.get(key)
        if isinstance(value, bool) or (value is not None and not isinstance(value, (str, int, float))):
            raise BadRecord(f"{key!r} is a {type(value).__name__}, not a string")
        fields[key] = "" if value is None else str(value).strip() if key != "text" else str(value)
    body = fields["text"]
    if not body.strip():
        raise BadRecord('no "text"' if "text" not in record or record["text"] in (None, "")
                        else '"text" has only white space')
    created = None
    if fields["date"]:
        found = _DATE.search(fields["date"])
        if not found:
            raise BadRecord(f"date {fields['date']!r} is no date (write it as 2024-03-05)")
        created = _iso_date(found)
    title = " ".join(fields["title"].split())
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    record_id = fields["id"]
    source = fields["url"] or (f"{name}#{record_id}" if record_id else f"{name}:{line}")
    slug = slugify(f"{stem}-{record_id or line}")
    article = article_from_text(text, source, lambda message: say(f"{name}: line {line}: {message}"))
    return replace(article, slug=slug, created=created or article.created)

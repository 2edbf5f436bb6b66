"""Saved web pages in: the article's text, title and byline out of an HTML page.

The main text comes from trafilatura (no network: it is given the page's text, never a URL).
Its metadata is good at titles and dates but often wrong about authors and sites (it reads
"责任编辑", copyright lines, share buttons), so the byline is taken from the page itself: the
short lines between the headline and the first paragraph that carry a date or a byline key
(来源 / 作者 / 记者 …), joined into one line as a text article has it. The article text the
pipeline sees is then ``title \\n\\n byline \\n body``, every word of it from the page, so
evidence is verbatim page text; only a date that the page gives in its metadata alone is
written as ``YYYY-MM-DD`` on the byline line.

Measured on the dev set's 23 saved pages against their ``.txt`` (``kg eval dev --html``, each
article alone, LAC): entities tp/fp/fn 507/57/136 (F1 0.840) from pages against 509/45/134
(0.850) from the texts; relations 163/12/109 (F1 0.729) against 164/8/108 (0.739). What is left
is mostly captions between paragraphs, bylines a page splits into pieces (2019 / 09/07 / 19:02)
and site names after a headline without a separator.
"""

from __future__ import annotations

import re

from .byline import _DATE, _KEYS, reading_words
from .errors import KgError

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)[\s>]",
                    re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
                   "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split())
_SPACES = re.compile(r"\s+")
_SENTENCE = re.compile(r"[。，！？；,!?;\d]")
_BYLINE_MAX = 80  # a longer line is a paragraph, not a byline (as kg.byline has it)
# Where the article ends and the site goes on, site text inside it, what follows a byline:
# ontology/lexicon/reading.json ("page"), measured on the dev set's saved pages.
_PAGE = reading_words()["page"]
_TAIL = re.compile("(?:" + "|".join(_PAGE["tail"]) + ")")
_CHROME = re.compile("^(?:" + "|".join(_PAGE["chrome"]) + ")$")
_INLINE = re.compile("|".join(_PAGE["inline"]))
_BYLINE_TAIL = re.compile(r"\s+(?:" + "|".join(_PAGE["byline_tail"]) + ").*$")


def looks_like_html(data: bytes, name: str = "") -> bool:
    """Whether a file is a web page: by its suffix, else by its first bytes.

    >>> looks_like_html(b"<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html("标题\\n\\n<p>不是网页</p>".encode())
    False
    """
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_SNIFF.match(head))


def html_charset(data: bytes) -> str | None:
    """The encoding a page declares in a ``<meta>`` tag, if any (GB2312 read as its superset GB18030).

    >>> html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    """
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return "gb18030" if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else name


def page_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """The article text of a page, and what its metadata says.

    Args:
        html: the page, decoded.

    Returns:
        ``(text, meta)``: text as ``title \\n\\n byline \\n body``; meta with ``title``,
        ``date``, ``url`` (canonical, when the page gives one) and ``sitename``.

    Raises:
        KgError: the page holds no article text (message without the file name).
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura and its date parser warn about formats
        from trafilatura import bare_extraction

        html = _XML_DECL.sub("", html, count=1)
        doc = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                              include_images=False, deduplicate=False)
    body_text = (getattr(doc, "text", None) or "") if doc is not None else ""
    meta = {key: (getattr(doc, key, None) if doc is not None else None)
            for key in ("title", "date", "url", "sitename")}
    body = [line.strip() for line in body_text.splitlines() if line.strip()]
    if not body:
        raise KgError("no article text found in this web page")
    lines, h1 = _page_lines(html)
    title = _headline((meta["title"] or "").strip(), lines, h1)
    if not title:
        title = body.pop(0) if len(body) > 1 else ""
    while body and _squeeze(body[0]) == _squeeze(title):
        body.pop(0)  # the headline again, as the first line of the text
    body = _trim(body)
    if not body:
        raise KgError("no article text found in this web page")
    # the byline: at the top of the extracted text when trafilatura kept it, else from the page
    top = 0
    while top < min(6, len(body) - 1) and (_byline_like(body[top], strict=True) or _CHROME.match(body[top]) or (
            _word_only(body[top], title) and any(_date_alone(b) for b in body[max(0, top - 1):top + 2]))):
        top += 1
    byline = [_BYLINE_TAIL.sub("", line) for line in _byline(lines, title, body[top:])]
    seen = _squeeze("".join(byline))
    byline += _join([line for line in body[:top] if not _CHROME.match(line) and _squeeze(line) not in seen], title)
    body = body[top:]
    if meta["date"] and not any(_date(line) for line in byline):
        byline.insert(0, meta["date"])
    parts = ([title, ""] if title else []) + byline
    return "\n".join(parts + body) + "\n", meta


def _trim(body: list[str]) -> list[str]:
    """The text without what follows the article (comments, related links …) and site chrome."""
    for i, line in enumerate(body[1:], 1):
        if _TAIL.match(line):
            body = body[:i]
            break
    return [line for line in (_INLINE.sub("", line).strip() for line in body) if line and not _CHROME.match(line)]


def _byline_like(line: str, strict: bool = False) -> bool:
    """A short line with a date or a byline key; strict: and no sentence in it (…电（记者…）…。)."""
    if strict and re.search(r"[。，！？]", line):
        return False
    return len(line) <= _BYLINE_MAX and bool(_DATE.search(line) or re.search(_KEYS, line))


def _key_alone(line: str) -> bool:
    return bool(re.search(_KEYS, line)) and re.sub(_KEYS, "", line).strip(" :：|") == ""


def _join(lines: list[str], title: str) -> list[str]:
    """Byline fragments as lines: a date alone or a key alone joined with the word beside it
    (``2019年09月09日 20:52`` + ``新浪财经``, ``来源：`` + ``新华网``, ``新华社`` + a date)."""
    out: list[str] = []
    previous = None
    for line in lines:
        if previous is not None and (
                ((_date_alone(previous) or _key_alone(previous)) and _word_only(line, title))
                or (_word_only(previous, title) and _date_alone(line))):
            out[-1] = f"{out[-1]}  {line}"
        else:
            out.append(line)
        previous = line
    return out


def _headline(title: str, lines: list[str], h1: str = "") -> str:
    """The page's headline: its <h1> when that agrees with the metadata's title (which may be cut
    short, 奖金711万元！), else the title without a site name after it (法国…交通-新华网) when the
    page shows it so."""
    if h1 and title and (_squeeze(h1).startswith(_squeeze(title)[:12]) or _squeeze(h1) in _squeeze(title)):
        return h1
    m = re.match(r"(.{4,}?)\s*[-_|｜–—]\s*[^-_|｜–—]{1,16}$", title)
    if m and any(_squeeze(line) == _squeeze(m.group(1)) for line in lines):
        return m.group(1).strip()
    return title


def _date_alone(line: str) -> bool:
    return bool(_DATE.search(line)) and _DATE.sub("", line).strip(" |·-") == ""


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def _date(line: str) -> bool:
    return bool(_DATE.search(line))


def _page_lines(html: str) -> tuple[list[str], str]:
    """The page's visible text, one line per block element, without scripts, styles or <head>;
    and the text of its first <h1>."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return [], ""
    heads = tree.xpath("//h1")
    h1 = _SPACES.sub(" ", heads[0].text_content()).strip() if heads else ""
    h1 = h1 if 4 <= len(h1) <= _BYLINE_MAX else ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//head|//comment()"):
        if bad.getparent() is not None:
            bad.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    text = tree.text_content().replace("\xa0", " ").replace("\u3000", " ")
    return [_SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip()], h1


def _byline(lines: list[str], title: str, body: list[str]) -> list[str]:
    """The byline lines of a page: between the headline and the first paragraph of the text.

    Kept: short lines with a date or a byline key (来源, 作者, 记者 …), and a short word-only line
    right beside a line that is a date alone (``2019年09月09日 20:52`` / ``新浪财经``).
    """
    first = next((_squeeze(b)[:12] for b in body if len(_squeeze(b)) >= 12), None)
    key = _squeeze(title)
    starts = [i for i, line in enumerate(lines)
              if key and _squeeze(line).startswith(key[:20]) and len(_squeeze(line)) <= len(key) + 20]
    if first:
        ends = [i for i, line in enumerate(lines) if first in _squeeze(line)]
        if ends:
            # the headline nearest before the first paragraph, else the 15 lines above it
            before = [i for i in starts if ends[0] - 30 <= i < ends[0]]
            start = before[-1] + 1 if before else max(0, ends[0] - 15)
            window = lines[start:ends[0]]
        else:
            window = lines[starts[0] + 1:starts[0] + 15] if starts else []
    else:
        window = lines[starts[0] + 1:starts[0] + 15] if starts else []
    window = [line for line in window if not re.fullmatch(r"[·•|｜/]+", line)]  # 2019-05-17 / · / 新华网
    keep: list[int] = []
    for i, line in enumerate(window):
        if _CHROME.match(line):
            continue
        if len(line) <= _BYLINE_MAX and (_DATE.search(line) or re.search(_KEYS, line)):
            keep.append(i)
            alone = _date_alone(line)  # a date alone: its neighbours may be the site
            if alone or _key_alone(line):  # 来源： / 新华网
                for j in ((i - 1, i + 1) if alone else (i + 1,)):
                    if 0 <= j < len(window) and j not in keep and _word_only(window[j], title):
                        keep.append(j)
    return _join([window[i] for i in sorted(set(keep))], title)


def _word_only(line: str, title: str) -> bool:
    return (2 <= len(line) <= 20 and not _SENTENCE.search(line) and not _CHROME.match(line)
            and _squeeze(line) != _squeeze(title))

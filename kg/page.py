"""Saved web pages in: the article's text, title and byline out of an HTML page.

The main text comes from trafilatura (no network: it is given the page's text, never a URL).
Its metadata is good at titles and dates but often wrong about authors and sites (it reads
"责任编辑", copyright lines, share buttons), so the byline is taken from the page itself: the
short lines between the headline and the first paragraph that carry a date or a byline key
(来源 / 作者 / 记者 …), joined into one line as a text article has it. The article text the
pipeline sees is then ``title \\n\\n byline \\n body``, every word of it from the page, so
evidence is verbatim page text; only a date that the page gives in its metadata alone is
written as ``YYYY-MM-DD`` on the byline line.
"""

from __future__ import annotations

import re

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
_BYLINE_MAX = 80  # a longer line is a paragraph, not a byline (as kg.read has it)


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
    title = (meta["title"] or "").strip()
    if not title:
        title = body.pop(0) if len(body) > 1 else ""
    while body and _squeeze(body[0]) == _squeeze(title):
        body.pop(0)  # the headline again, as the first line of the text
    byline = _byline(_page_lines(html), title, body)
    if meta["date"] and not any(_date(line) for line in byline):
        byline.insert(0, meta["date"])
    parts = [title, ""] if title else []
    line = "  ".join(byline)
    parts += ([line] if len(line) <= _BYLINE_MAX else byline[:3]) if byline else []
    return "\n".join(parts + body) + "\n", meta


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def _date(line: str) -> bool:
    from .read import _DATE

    return bool(_DATE.search(line))


def _page_lines(html: str) -> list[str]:
    """The page's visible text, one line per block element, without scripts, styles or <head>."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template|//head|//comment()"):
        if bad.getparent() is not None:
            bad.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    text = tree.text_content().replace("\xa0", " ").replace("\u3000", " ")
    return [_SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip()]


def _byline(lines: list[str], title: str, body: list[str]) -> list[str]:
    """The byline lines of a page: between the headline and the first paragraph of the text.

    Kept: short lines with a date or a byline key (来源, 作者, 记者 …), and a short word-only line
    right beside a line that is a date alone (``2019年09月09日 20:52`` / ``新浪财经``).
    """
    import re as _re

    from .read import _DATE, _KEYS

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
    keep: list[int] = []
    for i, line in enumerate(window):
        if len(line) <= _BYLINE_MAX and (_DATE.search(line) or _re.search(_KEYS, line)):
            keep.append(i)
            if _DATE.sub("", line).strip(" |·-") == "":  # a date alone: its neighbours may be the site
                for j in (i - 1, i + 1):
                    if 0 <= j < len(window) and j not in keep and _word_only(window[j], title):
                        keep.append(j)
    return [window[i] for i in sorted(set(keep))]


def _word_only(line: str, title: str) -> bool:
    return 2 <= len(line) <= 20 and not _SENTENCE.search(line) and _squeeze(line) != _squeeze(title)

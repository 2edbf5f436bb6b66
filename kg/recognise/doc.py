"""What every recogniser reads of a Doc: its text, its token table, the candidates found so far."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..records import Mention, Token

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _ensure_extensions() -> None:
    for name in ("kg_article", "kg_candidates", "kg_mentions", "kg_entities", "kg_relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def doc_text(doc: Doc) -> str:
    """The Doc's text, computed once: spaCy rebuilds ``doc.text`` from its tokens on every read."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def _candidates(doc: Doc) -> list[Mention]:
    if doc._.kg_candidates is None:
        doc._.kg_candidates = []
    return doc._.kg_candidates


def _mention(doc: Doc, start: int, end: int, label: str, source: str, name: str | None = None) -> Mention:
    return Mention(start, end, doc_text(doc)[start:end], label, source, name)


def _covered(size: int, mentions) -> bytearray:
    """A byte per character offset (``size`` of them, plus one): 1 where a mention lies."""
    covered = bytearray(size + 1)
    for m in mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    return covered


def _owners(doc: Doc) -> list[int]:
    """Per character offset (and one past the end), the index of the token holding it, or -1."""
    owners = doc.user_data.get("kg_owners")
    if owners is None:
        owners = [-1] * (len(doc_text(doc)) + 1)
        for i, (start, end, _word, _tag) in enumerate(_token_table(doc)):
            owners[start:end] = [i] * (end - start)
        doc.user_data["kg_owners"] = owners
    return owners


def _token_table(doc: Doc) -> list[Token]:
    """A :class:`~kg.records.Token` (start, end, text, tag) per token, computed once (reading
    spaCy's Tokens is slow)."""
    table = doc.user_data.get("kg_tokens")
    if table is None:
        table = doc.user_data["kg_tokens"] = [Token(t.idx, t.idx + len(t.text), t.text, t.tag_) for t in doc]
    return table


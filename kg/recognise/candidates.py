"""``kg_ner_candidates``: the statistical model's spans that look like names and have a second
sign, and the tests of a model's span that LAC's candidates share (:mod:`kg.lac`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import takewhile

from spacy.language import Language
from spacy.tokens import Doc

from ..ontology import (
    ENTITY_CLASSES,
    ORGANIZATION_CLASSES,
    load_schema,
    load_surnames,
    load_words,
)
from ..records import Mention
from .doc import _HAN, _candidates, _ensure_extensions, _owners, _token_table, doc_text
from .words import (
    _FUNCTION_POS,
    _PROPER_POS,
    _all_suffixes,
    _frequent_word,
    _kind_words,
    _lexicon_names,
    _two_words,
    list_joiners,
    recognise_words,
)

#: a name written in Latin letters only
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .&-]*")


@Language.component("kg_ner_candidates", requires=["doc.spans"], assigns=["doc._.kg_candidates"])
def ner_candidates(doc: Doc) -> Doc:
    """Turn the statistical model's spans (``doc.spans['kg_ner']``) into candidates, keeping
    only those that look like names (see :func:`plausible_name`)."""
    _ensure_extensions()
    found = _candidates(doc)
    tokens = _token_table(doc)
    starts = {t.start for t in tokens} | {len(doc_text(doc))}
    ends = {t.end for t in tokens}
    at = {t.start: i for i, t in enumerate(tokens)}
    spans = [s for s in doc.spans.get("kg_ner", []) if s.label_ in ENTITY_CLASSES]
    seen = Counter(s.text for s in spans)
    name_starts = {m.start for m in found} | {s.start_char for s in spans}
    name_ends = {m.end for m in found} | {s.end_char for s in spans}
    whole = _names_with_their_first_word(doc, spans)
    found += whole
    cut = {m.text[2:] for m in whole}
    for span in spans:
        start, end, text = span.start_char, span.end_char, span.text
        if text in cut:
            continue  # written in full above
        # a name and what belongs to it (青石街道的办事处): the name is the part before 的
        head = text.split(recognise_words()["possessive"], 1)[0]
        if head != text and head.endswith(_all_suffixes()):
            end, text = start + len(head), head
        # the model reads characters; a name that cuts a word in two is rarely a name (度低)
        if start not in starts or end not in ends or not plausible_name(text, span.label_):
            continue
        # a piece of a hyphenated code (COVID in COVID-19, SARS in SARS-CoV-2) or of a longer
        # Latin name (COVID in COVID Recovery Project) names nothing alone
        if re.match(r"[-‐][A-Za-z0-9]| [A-Za-z]", doc_text(doc)[end:end + 2]) \
                or re.search(r"[A-Za-z0-9][-‐]$|[A-Za-z] $", doc_text(doc)[max(0, start - 2):start]):
            continue
        # Latin words the model calls persons, places or bodies are mostly code and product
        # words in Chinese text (Java, Python, DEP); CLUENER dev precision 0.45 / 0.29 / 0.33
        if span.label_ not in ("Company", "Product") and _LATIN_NAME.fullmatch(text):
            continue
        # single characters none of which is a noun are no organisation's name (度低: q + a)
        words = list(takewhile(lambda t: t.start < end, tokens[at[start]:at.get(end, len(tokens))]))
        if _generic_mention(doc_text(doc), start, span.label_, words):
            continue
        if span.label_ != "Person" and len(words) > 1 and all(
                len(w) == 1 and not t.startswith("n") and t not in _PROPER_POS for _, _, w, t in words):
            continue
        # a name the rules did not find needs a second sign: a person's surname, a second
        # mention, a class suffix, or a list with other names (蓝凌、奥哲)
        if span.label_ == "Person" or seen[text] >= 2 or text.endswith(_all_suffixes()) \
                or _listed(doc_text(doc), start, end, name_starts, name_ends):
            found.append(Mention(start, end, text, span.label_, "ner"))
    return doc


def _names_with_their_first_word(doc: Doc, spans) -> list[Mention]:
    """Organisations the model found without their first word, the same word before every one
    of three or more occurrences (知晓 + 云图 … 知晓云图副总裁 … 北京知晓云图): jieba made a
    verb or a common word of it, but no word stands by chance before each mention of a name.
    The whole name is a candidate wherever it is written. A span the model calls a person
    that has no surname (云帆 cut from 知行云帆) counts too, as an Organization: it is no
    person's name, and the same word before each mention shows that it is cut from one."""
    text, tokens, owners = doc_text(doc), _token_table(doc), _owners(doc)
    stop, known, titles = _first_word_blockers()
    out = []
    labels: dict[str, str] = {}
    for span in sorted(spans, key=lambda s: s.start_char):
        if span.label_ in ORGANIZATION_CLASSES:
            labels.setdefault(span.text, span.label_)
    for span in spans:
        if span.label_ == "Person" and span.text[:1] not in load_surnames() \
                and span.text[:2] not in load_surnames():
            labels.setdefault(span.text, "Organization")
    for name, label in sorted(labels.items()):
        if not (2 <= len(name) <= 4 and _HAN.fullmatch(name[0])):
            continue
        places = [m.start() for m in re.finditer(re.escape(name), text)]
        # the word ending right before each occurrence: (its text, its flag), or None
        before = {(tokens[owners[p - 1]].text, tokens[owners[p - 1]].tag)
                  if p and owners[p - 1] >= 0 and tokens[owners[p - 1]].end == p else None for p in places}
        if len(places) < 3 or len(before) != 1 or None in before:
            continue
        ((word, tag),) = before
        if len(word) != 2 or not all(_HAN.fullmatch(c) for c in word) or word in stop or word in known \
                or word in titles or tag.startswith(_FUNCTION_POS) or tag in _PROPER_POS or tag in ("m", "t", "f", "q"):
            continue
        out += [Mention(p - 2, p + len(name), word + name, label, "ner") for p in places]
    return out


@lru_cache(maxsize=1)
def _first_word_blockers() -> tuple[frozenset, frozenset, frozenset]:
    """Words that never open a name: stop words, known names (a place before a name is its own
    mention), titles and honorifics."""
    words, schema = load_words(), load_schema()
    titles = frozenset(t for spec in schema.relations.values() for t in spec.title_cues) | set(words["honorifics"])
    return frozenset(words["name_stop_tokens"]), _lexicon_names(), titles


def _generic_mention(text: str, start: int, label: str, words) -> bool:
    """Whether a model's span names a kind, not one entity: an organisation after a count or
    a determiner (一家 / 其他 + 网约车公司, ``words.json generic_determiners``), or opening with a
    kind word (国内航空公司, 民营企业, ``kind_modifiers``); a "person" whose surname jieba reads
    as a function word (医护人员连饭都吃不上: 连 u + 饭 n)."""
    if label == "Person":
        return len(words) > 1 and len(words[0].text) == 1 and words[0].tag.startswith(("p", "u", "c"))
    determiners, modifiers = _kind_words()
    return text[:start].endswith(determiners) or (bool(words) and words[0].text in modifiers)


def _listed(text: str, start: int, end: int, name_starts: set[int], name_ends: set[int]) -> bool:
    """Whether a span stands in a list of names: 、 / 和 / 与 / 及 joining it to another name
    (城乡社区防控和患者救治 joins two activities; 秋衣秋裤、生日蛋糕 two everyday things)."""
    before, after = text[start - 1:start] if start else "", text[end:end + 1]
    joins = list_joiners()
    return (before in joins and start - 1 in name_ends) or (after in joins and end + 1 in name_starts)


def plausible_name(text: str, label: str) -> bool:
    """Whether a statistical model's span can be a name: not an everyday word or phrase
    (政府, 监管部门, 网络安全), no brackets or digits inside, a surname for a Chinese person.

    >>> plausible_name("监管部门", "GovernmentBody"), plausible_name("蓝凌", "Company")
    (False, True)
    """
    import jieba

    if len(text) < 2 or re.search(r"[()（）\[\]【】<>《》“”\"'\d,，。、：:;；!！?？]", text):
        return False
    if _LATIN_NAME.fullmatch(text):
        return text[0].isupper()
    if label == "Person":
        return 2 <= len(text) <= 4 and (text[:1] in load_surnames() or text[:2] in load_surnames()) \
            and not _frequent_word(text) and not _two_words(text)
    words = jieba.lcut(text)
    return not all(jieba.dt.FREQ.get(w, 0) >= 100 or len(w) == 1 for w in words)

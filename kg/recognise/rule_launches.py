"""Products named in a launch frame: a name and a launch verb after it (某品牌某屏 + 正式发布,
某名 + 在某地 + 上市) or a launch verb and a name after it (某公司 + 推出了 + 全新 + 某名).

The words are data (``ontology/lexicon/launches.json``, counted on DuEE 1.0 train): the verbs
on either side, the words written between a name and its verb (正式, 即将, a time, 在 + a
place), the describing words dropped before a name (全新, 新款, 旗下 …, with ``grammar.json``
``leading_descriptors`` and ``product_gazetteer.json`` ``descriptors``), the kind words that end
a product's name (系统, 电视, 手表 …) and the words launched that name nothing (通知, 措施, 服务).

The name is the noun phrase next to the verb, by jieba's parts of speech (nouns, proper nouns,
Latin words, codes; a single character jieba could not place; a verb only inside a name that
ends in a kind word, 某能源车 + 充电 + 小程序), or what quotation marks hold there (“某名”上市,
上线“某名”), less a category word or a place ending it (某X9 + 手机, 某车 + 某国 + 上市) and what
stands before a category word inside it (新款手机 + 某名). Before a verb that launches a name
written after it (某公司 + 发布 + 某名), the name before it is who launches, not what. Its signs
(:func:`launch_frames`): ``kind`` (a kind word ends it after two characters of its own),
``code`` (a model's code beside Han characters: no quantity, not 5G), ``quoted`` (in quotation
marks, not before a plan's word: “某某”行动), ``described`` (a describing word before it),
``rare`` (a word jieba's dictionary hardly knows), ``maker`` (an organisation opens it, or
stands before the verb), ``latin`` (Latin words alone, a capital opening them and a small
letter in them: 某Phone X, Roadster; no acronym). ``launches.json`` ``admitted`` lists the sets
of signs that admit it, measured on DuEE train (with the mined gazetteer off, which holds DuEE
train's names): a kind word, a code, quotation marks, a describing word and a rare word, or a
Latin name (8 of 11 right by hand on 800 train launch sentences); a maker alone or a rare word
alone do not (precision .30 and .12). A maker opening the name stays in it and is named
too (:func:`kg.recognise.cleaning.containers`: 某品牌 + 某屏, and ``develops`` from the name); a maker
before a Latin model keeps its own name (the grammar's).

The component runs after every other recogniser (``kg_launch_products``, :mod:`kg.pipeline`): a
name that overlaps a product any of them found (the lexicon, the rules, LAC, the tagger, the
mined gazetteer) is left to it, and LAC's organisations are makers too.

Measured (the DuEE 1.0 train sample of the 1,196 sentences with a launch + 800 others, mined
gazetteer off): Product names exact 403 -> 456 of 1,329, precision .341 -> .360; DuEE dev held
names 35 -> 36 of 91 (precision .318 -> .319), look 57 -> 59; the dev articles unchanged.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..grammar import _function_word, _rare, load_grammar
from ..ontology import ORGANIZATION_CLASSES, load_schema, load_words, ontology_dir
from ..records import Mention
from .doc import _HAN, _candidates, _ensure_extensions, _token_table, doc_text

_CODE = re.compile(r"[A-Za-z0-9]")
#: a date's or a time's pieces between a name and its verb (9月 + 25日, 8天后)
_DATE = re.compile(r"^(?:\d+|[月日号天后前底初中旬晚早上下午点时份年])+$")
#: the places where a name may be followed by 在 + a place before its verb
_AT = frozenset(("在", "于"))
#: quotation marks around a launched name (“某名”上市, 推出【某名】)
_OPENING, _CLOSING = frozenset("“「『【\"'"), frozenset("”」』】\"'")
#: the longest name, in tokens and in characters
_MOST_TOKENS, _MOST_CHARS = 7, 16
#: what joins two Latin words or codes of one name
_JOINS = frozenset((" ", "-", "·", "+"))
#: a name of Latin words alone (某Phone II, Roadster): a capital opens it and a small letter is
#: in it (no acronym: GX, SKT, EV)
_LATIN_NAME = re.compile(r"(?=.*[a-z])[A-Z][A-Za-z0-9]{2,}(?:[ \-][A-Za-z0-9]+)*")


@lru_cache(maxsize=1)
def launch_words() -> dict:
    """``launches.json`` with the descriptors of the grammar and the gazetteer folded in, as sets."""
    from .mine_products import gazetteer_words

    data = json.loads((ontology_dir() / "lexicon" / "launches.json").read_text(encoding="utf-8"))
    gazetteer, models = gazetteer_words(), load_grammar()["product_models"]
    out = {k: frozenset(v) for k, v in data.items() if not k.startswith("_") and k not in ("admitted", "counted")}
    out["admitted"] = tuple(frozenset(need) for need in data["admitted"])
    out["counted"] = re.compile(data["counted"])
    out["descriptors"] = out["descriptors"] | set(models["leading_descriptors"]) \
        | {d for d in gazetteer["descriptors"] if len(d) > 1}
    suffixes = {s for s, c in load_schema().suffixes.items() if c in ORGANIZATION_CLASSES}
    endings = (set(data["not_endings"]) | set(gazetteer["not_endings"]) | suffixes) - set(data["kinds"])
    longest = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    out["not_endings"] = longest(endings)
    out["plan_words"] = longest(set(load_words()["strategy_heads"]) | set(data["not_endings"])
                                | set(data["plan_words"]))
    out["kind_endings"] = longest(data["kinds"])
    out["not_codes"] = longest(data["not_codes"])
    out["trailing"] = longest(set(data["trailing"]) | set(gazetteer["categories"]))
    out["descriptor_endings"] = longest(d for d in out["descriptors"] if len(d) > 1)
    out["heads"] = longest(set(data["kinds"]) | set(gazetteer["categories"]))
    out["quantities"] = re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(map(re.escape, longest(
        set(models["counters"]) | set(data["quantity_units"])))) + ")")
    return out


def _latin(word: str) -> bool:
    return bool(word) and word.isascii() and _CODE.search(word) is not None


def _nounish(tokens, j: int) -> bool:
    """Whether ``tokens[j]`` may stand in a product's name: a noun, a proper noun, a Latin word
    or a code, a space between two Latin words, or one Han character jieba could not place (not
    a function word's, a verb's, a locative's or a classifier's)."""
    word, tag = tokens[j].text, tokens[j].tag
    if tag.startswith(("n", "eng", "j")) or tag in ("vn", "an", "l"):
        return True
    if tag == "m":
        return _latin(word)
    if word in _JOINS:
        return 0 < j < len(tokens) - 1 and _latin(tokens[j - 1].text) and _latin(tokens[j + 1].text)
    return len(word) == 1 and _HAN.match(word) is not None and not _function_word(tag) \
        and not tag.startswith(("v", "f", "q", "t", "m"))



def launch_frames(text: str, tokens, found: list[Mention]) -> list[tuple[int, int, frozenset[str]]]:
    """Every name a launch frame delimits, with its signs: ``maker`` (an organisation opens the
    name or stands before the verb), ``kind`` (a kind word ends it after two characters of its
    own), ``code`` (a Latin or digit code beside Han characters), ``quoted`` (in quotation
    marks), ``described`` (a describing word before it), ``rare`` (a word jieba's dictionary
    hardly knows). Names that overlap a
    product found already are left to it.

    Args:
        text: the document's text; ``tokens``: ``(start, end, word, tag)``; ``found``: the
            candidates found so far (makers are the organisations among them).
    """
    w = launch_words()
    if not any(v in text for v in w["subject_verbs"] | w["object_verbs"]):
        return []
    orgs = [m for m in found if m.label in ORGANIZATION_CLASSES]
    others = [m for m in found if m.label not in ("Product", "Place")]
    products = [m for m in found if m.label == "Product"]
    places = [m for m in found if m.label == "Place"]
    starts = {t.start: i for i, t in enumerate(tokens)}
    token_ends = [t.end for t in tokens]
    spans = []
    for i, tok in enumerate(tokens):
        # a verb of one word, or of two that jieba cut (开启 + 预售)
        two = i + 1 < len(tokens) and tok.text + tokens[i + 1].text in w["subject_verbs"]
        after = i + 1 + two  # what the verb launches, when a name follows it: the name before it launches
        if (tok.text in w["subject_verbs"] or two) and not (
                tok.text in w["object_verbs"] and after < len(tokens) and tokens[after].tag != "vn"
                and (_nounish(tokens, after) or tokens[after].text in _OPENING)):
            span = _before(tokens, i, w)
            if span:
                spans.append(span + (False, tok.text))
        if tok.text in w["object_verbs"]:
            span = _after(tokens, i, w)
            if span:
                spans.append(span + (_maker_before(orgs, tokens, i, w), tok.text))
    frames = []
    for start, end, maker_before, verb in spans:
        start, end = _trimmed(text, start, end, w, starts)
        # a place written last is where it is launched (某车 + 某国 + 上市)
        end = next((p.start for p in places if p.end == end and p.start - start >= 2), end)
        maker = _maker_inside(orgs, start, end)
        name = text[start:end]
        # a Latin name alone before 上市 may be a company listing (某Work + 上市), after 官宣 anyone
        latin = not _HAN.search(name) and _LATIN_NAME.fullmatch(name) is not None and name not in w["not_codes"] \
            and verb not in w["latin_not_with"]
        if end - start < 2 or name in w["not_names"] or not _HAN.search(name) and not (maker or maker_before or latin) \
                or any(m.start < end and start < m.end for m in products) \
                or any(m.start < end and start < m.end and (m.start, m.end) != maker for m in others):
            continue
        # a maker found apart opens the model's name and is named too (某品牌 + 某屏: kg.recognise.cleaning.containers)
        own = text[maker[1] + (text[maker[1]] == " "):end] if maker else name
        if maker and not _HAN.search(own):
            continue  # a maker before a Latin model keeps its own name (kg.grammar's product models)
        if own in w["not_names"] or own in w["descriptors"] or own in w["gap_words"] or len(own) < 2 \
                or w["counted"].match(own) or own.endswith(w["not_endings"]) or _inside_word(text, start, end):
            continue
        signs = set()
        first = bisect_right(token_ends, start)  # the first token of the name
        if maker or maker_before:
            signs.add("maker")
        if latin:
            signs.add("latin")
        if text[max(0, start - 4):start].endswith(w["descriptor_endings"]):
            signs.add("described")
        if start > 0 and text[start - 1] in _OPENING and text[end:end + 1] in _CLOSING \
                and not text.startswith(w["plan_words"], end + 1) and not _names_a_noun(tokens, end + 1, w) \
                and not any(t.tag.startswith("u") for t in tokens[first:] if t.end <= end):
            signs.add("quoted")  # not “某某”行动 (a plan: rule_policies), nor a phrase (“不全的统计”)
        kind = next((k for k in w["kind_endings"] if own.endswith(k)), None)
        if kind and len(own) - len(kind) >= 2 and own[:-len(kind)] not in w["descriptors"]:
            signs.add("kind")
        if _HAN.search(name) and _has_code(text, tokens, first, start, end, w):
            signs.add("code")
        if any(_rare(t.text) and _HAN.match(t.text) and t.tag.startswith(("n", "j")) and len(t.text) > 1
               for t in tokens[first:] if t.end <= end):
            signs.add("rare")
        frames.append((start, end, frozenset(signs)))
    return frames


def _has_code(text: str, tokens, first: int, start: int, end: int, w: dict) -> bool:
    """Whether ``start:end`` holds a model's code: digits that are no quantity (8天, 7nm, 70英寸)
    and no word of ``not_codes`` (5G, AI, CEO), or a Latin word after a word of its own that
    jieba hardly knows or after a maker (某域 + Sedan); not a Latin word after an everyday noun
    (某网络 + Snap: the company that launches)."""
    name = text[start:end]
    for word in w["not_codes"]:
        name = name.replace(word, " ")
    name = w["quantities"].sub(" ", name)
    if re.search(r"\d", name):
        return True
    word = tokens[first].text
    return bool(re.search(r"[A-Za-z]", name)) and (not _HAN.match(word) or _rare(word))


def _letter(c: str) -> bool:
    return c.isalnum() and not _HAN.match(c)


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` cuts a Latin word or a code (某Siá + n官图: jieba's cut)."""
    return start > 0 and _letter(text[start - 1]) and _letter(text[start]) \
        or end < len(text) and _letter(text[end - 1]) and _letter(text[end])


def _trimmed(text: str, start: int, end: int, w: dict, starts: dict[int, int]) -> tuple[int, int]:
    """A frame's name less a kind or category word ending it (某X9 + 手机, 某名 + 车型) and, when a
    name follows one inside it, what stands before (新款手机 + 某名, 某类SUV + 某X9)."""
    for _ in range(2):
        word = next((k for k in w["trailing"] + w["descriptor_endings"]
                     if text.endswith(k, start, end) and end - len(k) - start >= 2), None)
        if word is None:
            break
        end -= len(word)
    cut = max((text.rfind(k, start, end) + len(k) for k in w["heads"] if text.find(k, start, end) >= 0), default=start)
    if start < cut <= end - 2 and cut in starts:
        start = cut
    while start < end and text[start] in _JOINS:
        start += 1
    return start, end


def launch_products(text: str, tokens, found: list[Mention]) -> list[Mention]:
    """The products of :func:`launch_frames` that hold a second sign, as rule candidates."""
    w = launch_words()
    have = {(m.start, m.end) for m in found}
    out = []
    for start, end, signs in launch_frames(text, tokens, found):
        if any(need <= signs for need in w["admitted"]) and (start, end) not in have:
            have.add((start, end))
            out.append(Mention(start, end, text[start:end], "Product", "rule"))
    return out


def _before(tokens, i: int, w: dict) -> tuple[int, int] | None:
    """The name before the verb ``tokens[i]``, past the gap words, a time and 在 + a place."""
    j = i - 1
    placed = False
    while j >= 0:
        word, tag = tokens[j].text, tokens[j].tag
        if word in w["gap_words"] or tag == "t" or _DATE.match(word):
            j -= 1
        elif not placed and (at := _where(tokens, j)) is not None:
            placed, j = True, at - 1
        else:
            break
    if j > 0 and tokens[j].text in _CLOSING:
        inside = _quoted(tokens, j, -1)
        if inside is not None:
            return _span(tokens, inside, j - 1, quoted=True)
    last = j
    while j >= 0 and i - j <= _MOST_TOKENS + 3 and _nounish(tokens, j) \
            and tokens[j].text not in w["descriptors"] and tokens[j].text not in w["gap_words"] \
            and tokens[j].text not in w["subject_verbs"]:
        j -= 1
    return _span(tokens, j + 1, last)


def _where(tokens, j: int) -> int | None:
    """The index of 在 / 于 opening a place or an occasion that ends at ``tokens[j]`` (在 + 某地,
    在 + 某车展 + 上), within a few nouns, times and numbers."""
    for k in range(j, max(-1, j - _MOST_TOKENS), -1):
        word, tag = tokens[k].text, tokens[k].tag
        if word in _AT and k < j:
            return k
        if not (_nounish(tokens, k) or tag.startswith(("m", "t", "f"))) or word in _AT:
            return None
    return None


def _after(tokens, i: int, w: dict) -> tuple[int, int] | None:
    """The name after the verb ``tokens[i]``, past 了 and the describing words."""
    j = i + 1
    while j < len(tokens) and (tokens[j].text in w["openers"] or tokens[j].text in w["descriptors"]):
        j += 1
    if j < len(tokens) and tokens[j].text in _OPENING:
        inside = _quoted(tokens, j, 1)
        if inside is not None:
            return _span(tokens, j + 1, inside, quoted=True)
    first, verb_at = j, None
    while j < len(tokens) and j - first < _MOST_TOKENS and (
            _nounish(tokens, j) or tokens[j].tag.startswith("v") and j > first):
        if tokens[j].tag.startswith("v") and verb_at is None:
            verb_at = j
        j += 1
    last = j - 1
    if verb_at is not None:
        # a verb stands in the name only when a kind word ends it (某能源车 + 充电 + 小程序)
        kinds = w["kind_endings"]
        ends = [k for k in range(verb_at + 1, last + 1) if tokens[k].text.endswith(kinds) and not
                tokens[k].tag.startswith("v")]
        last = ends[-1] if ends else verb_at - 1
    return _span(tokens, first, last)


def _names_a_noun(tokens, at: int, w: dict) -> bool:
    """Whether a noun or a number follows the closing mark at ``at``, no kind word (游戏, 小游戏)
    nor a word of a product's own (功能, 服务: ``not_names``): the quoted words describe it (发布“某某”先进事迹,
    推出“某某”六一主题直播), they name no product."""
    after = next((t for t in tokens if t.start == at), None)
    return after is not None and _HAN.match(after.text) is not None and after.tag.startswith(("n", "m")) \
        and not after.text.startswith(w["kind_endings"]) and not after.text.endswith(w["kind_endings"]) \
        and not after.text.startswith(tuple(w["not_names"]))


def _quoted(tokens, j: int, step: int) -> int | None:
    """The index of the last token inside the quotation marks at ``tokens[j]`` (``step`` 1: an
    opening mark, reading on; -1: a closing one, reading back), when it closes within a name's
    length and holds no other mark."""
    k = j + step
    while 0 <= k < len(tokens) and abs(k - j) <= _MOST_TOKENS:
        word = tokens[k].text
        if word in (_CLOSING if step > 0 else _OPENING):
            return k - step if k - step != j else None
        if tokens[k].tag == "x" and word not in _JOINS:
            return None
        k += step
    return None


def _span(tokens, first: int, last: int, quoted: bool = False) -> tuple[int, int] | None:
    while first <= last and tokens[first].text in _JOINS:
        first += 1
    while last >= first and tokens[last].text in _JOINS:
        last -= 1
    if first > last or last - first >= _MOST_TOKENS:
        return None
    start, end = tokens[first].start, tokens[last].end
    if end - start > _MOST_CHARS or not quoted and not any(len(t.text) > 1 for t in tokens[first:last + 1]):
        return None
    return start, end


def _maker_inside(orgs: list[Mention], start: int, end: int) -> tuple[int, int] | None:
    """An organisation that opens the name ``start:end`` (某品牌 + 某屏)."""
    inside = [(m.start, m.end) for m in orgs if m.start == start and m.end < end]
    return max(inside, key=lambda s: s[1]) if inside else None


def _maker_before(orgs: list[Mention], tokens, i: int, w: dict) -> bool:
    """Whether an organisation stands before the verb ``tokens[i]`` (某公司 + 正式 + 推出)."""
    j = i - 1
    while j >= 0 and (tokens[j].text in w["gap_words"] or tokens[j].tag == "t"):
        j -= 1
    return j >= 0 and any(m.end == tokens[j].end for m in orgs)


@Language.component("kg_launch_products", assigns=["doc._.kg_candidates"])
def launch_component(doc: Doc) -> Doc:
    """Add the products of the launch frames (:func:`launch_products`) to the candidates. It runs
    after every other recogniser (``kg.pipeline``), so that a product any of them found (the
    lexicon, the rules, LAC, the tagger, the mined gazetteer) is left to it, and the
    organisations LAC found are makers too."""
    _ensure_extensions()
    found = _candidates(doc)
    found += launch_products(doc_text(doc), _token_table(doc), found)
    return doc

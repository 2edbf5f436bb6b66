"""Relations written into names and next to them.

* a name inside another: an organisation at the head of an event's or a product's name
  (organized, develops), of a unit's name (partOf); a product's name ending in another's (basedOn);
* a list of products + the list-end word + a product head word (``words.json`` product_heads):
  each listed product is based on the head product; a product named in quotes right after
  another is based on it;
* an organisation written right before a product, or with the possessive or an opening quote
  between (develops); an organisation carrying products to a show (携 + products: develops);
  an organisation, words describing a product, the product and a launch word (develops);
* an organisation right before its strategy (hasStrategy);
* a provider, 为 + customer + a service verb (``words.json`` customer_cues): customerOf.

Stateless functions of a :class:`~kg.relations.context.DocContext` returning
:class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re

from ..ontology import ORGANIZATION_CLASSES
from ..records import Relation, normalize
from .context import DocContext, fits
from .lists import coordinated_after
from .verbs import carried_topic

#: the relation of an organisation at the head of a name, by the named thing's class
_HEAD_OF_NAME = {"Event": "organized", "Product": "develops"}
_NAMED_CLASSES = ("Event", "Organization", "Product", "Company", "GovernmentBody")


def names(ctx: DocContext) -> list[Relation]:
    """Relations written into names: an organiser or maker at the head, a base product at the end."""
    entities = ctx.entities
    bare = tuple(ctx.lex.names["bare_org_suffixes"])
    out = []
    forms = [(normalize(a), e) for e in entities if e.label != "Person"
             for a in {e.name, *e.aliases} if len(normalize(a)) >= 2]
    # a place without its level (某市 -> 某) heads the names of what is registered there
    levels = tuple(ctx.lex.names["place_levels"])
    forms += [(f[:-1], e) for f, e in forms if e.label == "Place" and f.endswith(levels) and len(f) >= 3]
    for e in entities:
        if e.label not in _NAMED_CLASSES:
            continue
        for m in e.mentions:
            if m.source == "anaphor":
                continue
            surface = normalize(m.text)
            # the longest name the surface starts with is the direct container
            longest = max((len(f) for f, o in forms if o is not e and len(f) < len(surface)
                           and surface.startswith(f)), default=0)
            for form, other in forms:
                if other is e or len(form) >= len(surface):
                    continue
                rel = None
                if surface.startswith(form) and len(form) < longest:
                    continue
                if surface.startswith(form) and other.label == "Place":
                    # an organisation's name opens with the place it is registered in
                    if e.label in ctx.lex.names["registered_classes"] and len(surface) - len(form) >= 4 \
                            and normalize(other.name).endswith(tuple(ctx.lex.names["registering_levels"])):
                        rel, s, o = "locatedIn", e, other
                elif surface.startswith(form) and other.label in ORGANIZATION_CLASSES:
                    rel = _HEAD_OF_NAME.get(e.label)
                    if e.label in ORGANIZATION_CLASSES and surface[len(form):][:1] not in "":
                        rel = "partOf" if surface[len(form):] not in bare \
                            and not surface.endswith(tuple(ctx.lex.names["not_unit_heads"])) else None
                    if rel and rel != "partOf":
                        s, o = other, e
                    else:
                        s, o = e, other
                elif surface.endswith(form) and e.label == "Product" and other.label == "Product" \
                        and not re.fullmatch(ctx.lex.names["described_code"], surface[:-len(form)] + form[:1]):
                    rel, s, o = "basedOn", e, other
                if rel:
                    spec = ctx.lex.relations[rel]
                    if s.label in spec.domain and o.label in spec.range:
                        out.append(Relation(s.key, rel, o.key, m.text, m.start, m.end, 0.6, "name"))
    return out


def lists_of_products(ctx: DocContext) -> list[Relation]:
    """Products listed before the list-end word and a head product: each is based on the head."""
    text, marks = ctx.text, ctx.lex.marks
    out = []
    spec = ctx.lex.relations["basedOn"]
    heads = re.compile(r"\s*(?:" + "|".join(map(re.escape, ctx.lex.words["product_heads"])) + ")")
    gaps = tuple(ctx.lex.names["product_list_gaps"])
    products = [m for m in ctx.mentions if m.label == "Product" and not m.anaphor]
    for i, head in enumerate(products):
        if not heads.match(text[head.end:head.end + 6]):
            continue
        if marks["list_end"] not in text[max(0, head.start - 2):head.start]:
            continue
        listed, last = [], head
        for m in reversed(products[:i]):
            gap = text[m.end:last.start].strip(marks["plain_quote_marks"])
            if gap in gaps or (last is head and gap.endswith(marks["list_end"])):
                listed.append(m)
                last = m
            else:
                break
        for m in listed:
            out.append(ctx.rel(spec, m, head, m.start, head.end + 4, 0.7, "product-list"))
    # a product named in quotes right after its base product
    for a, b in zip(products, products[1:]):
        if text[a.end:b.start] in marks["open_quotes"]:
            out.append(ctx.rel(spec, b, a, a.start, b.end + 1, 0.6, "product-apposition"))
    return out


def customers(ctx: DocContext) -> list[Relation]:
    """X 为 Y + a service verb: Y is a customer of X."""
    text = ctx.text
    out = []
    spec = ctx.lex.relations["customerOf"]
    for pre, verb in ctx.lex.words["customer_cues"]:
        for hit in re.finditer(re.escape(pre), text):
            ss, se = ctx.sentence(hit.start())
            found = [m for m in ctx.mentions if hit.end() <= m.start <= hit.end() + 1 and m.label in spec.domain]
            if not found:
                continue
            first = found[0]
            tail = text[first.end:first.end + 16]
            if verb and verb not in tail.split(ctx.lex.marks["comma"])[0]:
                continue
            gap = tail[:tail.find(verb)] if verb else ""
            if any(head in gap for head in ctx.lex.names["customer_gap_heads"]):
                continue
            left = [m for m in ctx.mentions if ss <= m.start and m.end <= hit.start() and m.label in spec.range]
            provider = left[-1] if left else carried_topic(ctx, ss, spec.range)
            if provider is None or provider.key == first.key:
                continue
            end = first.end + tail.index(verb) + len(verb) if verb else first.end
            start = provider.start if left else hit.start()
            out.append(ctx.rel(spec, first, provider, start, end, 0.6 if left else 0.45, "customer"))
    return out


def strategies(ctx: DocContext) -> list[Relation]:
    """An organisation named right before its strategy."""
    text, word = ctx.text, ctx.lex.names["strategy_word"]
    gaps = tuple(ctx.lex.names["strategy_gaps"])
    out = []
    spec = ctx.lex.relations["hasStrategy"]
    for a, b in zip(ctx.mentions, ctx.mentions[1:]):
        if b.label == "Strategy" and a.label in spec.domain and text[a.end:b.start].strip() in gaps \
                and not re.match(ctx.lex.names["strategy_modifies"], text[b.end:]):
            tail = text[b.end:b.end + 12]
            end = b.end + (tail.index(word) + len(word) if word in tail else 1)
            out.append(ctx.rel(spec, a, b, a.start, end, 0.7, "strategy"))
    return out


def makers(ctx: DocContext) -> list[Relation]:
    """An organisation written right before a product, or with the possessive between, makes it
    (develops), at a lower confidence than a verb states it."""
    text = ctx.text
    out = []
    spec = ctx.lex.relations["develops"]
    for a, b in zip(ctx.mentions, ctx.mentions[1:]):
        if b.label != "Product" or a.label not in ORGANIZATION_CLASSES or not fits(spec, a, b):
            continue
        gap = text[a.end:b.start]
        if gap in ("", " ") and not a.anaphor and not b.anaphor:
            out.append(ctx.rel(spec, a, b, a.start, b.end, 0.6, "org-product"))
        elif gap.strip() in ctx.lex.names["maker_gaps"]:
            out.append(ctx.rel(spec, a, b, a.start, b.end, spec.confidence - 0.1, "maker"))
    return out + carried(ctx) + launched(ctx)


def copula_units(ctx: DocContext) -> list[Relation]:
    """X 是 Y (旗下)(的)(全资) 子公司 / 分公司 …, the clause ending in one of partOf's inverse cues
    (kg.ttl): X is a unit of Y."""
    text = ctx.text
    spec = ctx.lex.relations["partOf"]
    copulas = tuple(ctx.lex.places["copulas"])
    units = tuple(sorted(spec.inverse_cues, key=len, reverse=True))
    named = [m for m in ctx.mentions if not m.anaphor]
    out = []
    for a, b in zip(named, named[1:]):
        if a.key == b.key or not fits(spec, a, b) or text[a.end:b.start].strip() not in copulas:
            continue
        end = ctx.lex.clause_end.search(text, b.end)
        rest = text[b.end:end.start() if end else len(text)]
        if len(rest) <= ctx.lex.names["unit_reach"] and rest.endswith(units) \
                and not any(m.start >= b.end and m.end <= b.end + len(rest) for m in named):
            out.append(ctx.rel(spec, a, b, a.start, b.end + len(rest), spec.confidence - 0.1, "copula-unit"))
    return out


def launched(ctx: DocContext) -> list[Relation]:
    """An organisation, a few words describing a product, the product and a word of its launch
    (某公司首款旗舰X9正式发布): the organisation develops it; not one listed with the product
    (某店和某X9开售: ``launch_gap`` opens with no coordinator)."""
    text, names_ = ctx.text, ctx.lex.names
    spec = ctx.lex.relations["develops"]
    heads = "|".join(map(re.escape, sorted(ctx.lex.words["product_heads"], key=len, reverse=True)))
    launch = re.compile("(?:" + heads + ")?" + names_["launch_adverbs"]
                        + "(?:" + "|".join(map(re.escape, names_["launch_words"])) + ")" + names_["launch_end"])
    out = []
    for a, b in zip(ctx.mentions, ctx.mentions[1:]):
        if b.label != "Product" or a.label not in ORGANIZATION_CLASSES or a.anaphor or b.anaphor \
                or not fits(spec, a, b) or not re.fullmatch(names_["launch_gap"], text[a.end:b.start]):
            continue
        said = launch.match(text, b.end)
        if said and not ctx.said(ctx.lex.negation, a.end, said.end()):
            out.append(ctx.rel(spec, a, b, a.start, said.end(), spec.confidence - 0.1, "launch"))
    return out


def carried(ctx: DocContext) -> list[Relation]:
    """An organisation carrying products (携 + the products, listed): it makes them."""
    text, names_ = ctx.text, ctx.lex.names
    spec = ctx.lex.relations["develops"]
    out = []
    for cue in names_["carry_cues"]:
        for hit in re.finditer(re.escape(cue), text):
            cs, ce = hit.span()
            if any(text.startswith(no, cs) for no in names_["carry_not"]):
                continue
            ss, se = ctx.sentence(cs)
            clause = ctx.clause_start(cs, ss)
            makers_ = [m for m in ctx.mentions if clause <= m.start and m.end <= cs
                       and m.label in ORGANIZATION_CLASSES and not m.anaphor]
            products = [m for m in ctx.mentions if ce <= m.start and m.end <= se and m.label == "Product"]
            if not makers_ or not products or not re.fullmatch(names_["carry_gap"], text[makers_[-1].end:cs]) \
                    or not re.fullmatch(names_["carry_object_gap"], text[ce:products[0].start]):
                continue
            for p in [products[0]] + coordinated_after(ctx, products[0], products, {"Product"}):
                if fits(spec, makers_[-1], p):
                    out.append(ctx.rel(spec, makers_[-1], p, makers_[-1].start, p.end, spec.confidence - 0.1, "carry"))
    return out

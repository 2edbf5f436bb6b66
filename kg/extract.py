"""Stage 3: relations the text states, each with its verbatim evidence.

The patterns read their cue words, domain and range from the ontology (``kg:verbCue``,
``kg:inverseCue``, ``kg:titleCue``, ``rdfs:domain``, ``rdfs:range``):

* verbs: subject … cue … object (钉钉并入阿里云), with lists on either side (、 和 与 及), the
  passive 由 (会议由 X 主办), 的-clauses without a subject (收编进来的 teambition、友盟: the topic
  of the paragraph is the subject), and 与 X 合作 for symmetric relations;
* inverse verbs: object … cue … subject (阿里巴巴旗下的钉钉);
* titles: organisation + title + person (阿里巴巴 CEO 张勇), person + 担任 + organisation +
  title, organisation directly before a person (华南师范大学刘云刚教授);
* names: places written one inside the other (四川内江), an event or unit named after its
  organiser or parent (阿里巴巴钉峰会, 政务钉钉), a list of products 等 + product (… 等钉钉应用平台);
* 为 X 提供服务 / 构建 (customerOf), 在 PLACE 举办 EVENT (locatedIn), the byline (authorOf,
  publisherOf);
* persons at events (attended): X 在 EVENT 上, 会上 / 在开幕式上，X、Y 分别致辞.

Negation (未, 否认 …) between subject and cue drops a relation; hedges (传闻, 拟 …) lower its
confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .recognise.doc import _ensure_extensions, _token_table, doc_text
from .ontology import ORGANIZATION_CLASSES, RelationSpec, load_schema, load_words
from .records import Article, Entity, Relation, normalize
from .relations.candidates import End
from .relations.features import Tokens
from .relations.scorer import combine, contexts, predict, scored_relations, shipped_model

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
#: a continent or a region of one (东南亚, 北欧, 南美洲, 中东): inside no place written before it
#: (中国内地 + 东南亚航线 is a route between them, not a nesting)
_REGION = re.compile(r"[东西南北中]{0,2}[亚欧非美]洲|[东西南北中]{1,2}[亚欧非美]|大洋洲|南极洲|拉丁美洲|拉美|中东")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,：:]")
ARTICLE = "@article"


@dataclass(frozen=True)
class _M:
    """A mention as the extractor sees it: where, which entity, which class."""

    start: int
    end: int
    key: str
    label: str
    anaphor: bool
    #: for a place, the offsets where a run of nouns written right after it ends (北京 + 某某创宇):
    #: a cue or a sentence end there means the place only qualifies a name nobody found
    qualifies: frozenset[int] = frozenset()


class RelationExtractor:
    """Find relations between the entities of a Doc (see the module docstring)."""

    def __init__(self):
        self.schema = load_schema()
        words = load_words()
        self.relations = self.schema.relations
        self.negation = tuple(words["negation"])
        self.hedges = tuple(words["hedges"])
        self.coordinators = tuple(words["coordinators"])
        self.honorifics = tuple(words["honorifics"])
        self.speech_verbs = tuple(sorted(words["speech_verbs"], key=len, reverse=True))
        self.customer_cues = [tuple(c) for c in words["customer_cues"]]
        self.event_place_cues = tuple(words["event_place_cues"])
        self.product_heads = tuple(words["product_heads"])
        sessions = "|".join(map(re.escape, words["event_sessions"]))
        # the words that may stand between an event and 由 (大会报告分别由 X 主持)
        self.session_gap = re.compile("(?:" + sessions + ")?(?:分别|均|也|则)?")
        # after an event opening a sentence: 上， / 开幕式上， / 主报告环节，
        self.event_opening = re.compile(r"((?:" + sessions + r")*(?:上|中|期间)|(?:" + sessions + r")+)?[，,]")
        # after the last person listed: (教授)(等 12 位专家，)(分别) 作了 / 致辞 / 强调 …
        acts = sorted(words["event_acts"] + words["speech_verbs"], key=len, reverse=True)
        self.event_act = re.compile("(?:" + "|".join(map(re.escape, self.honorifics)) + r")?(?:等[^，,。；;]{0,8}[，,]?)?"
                                    r"(?:分别|先后|均|也|还|都|共同)?(?:" + "|".join(map(re.escape, acts)) + ")")
        self.among = re.compile("|".join(map(re.escape, words["among_cues"])))
        self.titles = sorted(
            ((t, spec) for spec in self.relations.values() for t in spec.title_cues
             if spec.name not in ("authorOf", "publisherOf")),
            key=lambda ts: -len(ts[0]),
        )
        self.title_words = tuple(t for t, _ in self.titles)
        org_suffixes = sorted((x for x, c in self.schema.suffixes.items() if c in ORGANIZATION_CLASSES and len(x) >= 2),
                              key=len, reverse=True)
        self.org_like = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:" + "|".join(map(re.escape, org_suffixes)) + ")")
        self._openers: dict[int, tuple[int, str]] = {}  # per Doc, set by __call__
        self._words: Tokens = Tokens((), (), ())  # per Doc, set by __call__
        self.cues = sorted(
            [(c, spec, False) for spec in self.relations.values() for c in spec.verb_cues]
            + [(c, spec, True) for spec in self.relations.values() for c in spec.inverse_cues],
            key=lambda c: -len(c[0]),
        )

    # ------------------------------------------------------------ entry point
    def __call__(self, doc: Doc) -> Doc:
        _ensure_extensions()
        text = doc_text(doc)
        entities: list[Entity] = doc._.kg_entities or []
        article: Article | None = doc._.kg_article
        # the byline is no topic: a clause without a subject never refers to the publisher
        body = max((row[4] for row in (article.authors + article.publishers)), default=0) if article else 0
        tokens = _token_table(doc)
        mentions = _qualifying_places([m for m in self._mentions(entities) if m.start >= body], tokens)
        # the first word of each sentence, for the topic rule (a sentence may open with a subject
        # nobody recognised: 全国其他地区要…，实施…)
        self._openers = _sentence_openers(text, tokens)
        self._words = Tokens.of(tokens)
        found: list[Relation] = []
        if article is not None:
            found += self._byline(text, article, entities)
        found += self._titles(text, mentions)
        found += self._role_lists(text, mentions)
        found += self._verbs(text, mentions)
        found += self._among(text, mentions)
        found += self._at_events(text, mentions)
        found += self._places(text, mentions)
        found += self._names(entities)
        found += self._lists_of_products(text, mentions)
        found += self._customers(text, mentions)
        found += self._strategies(text, mentions)
        found += self._makers(text, mentions)
        patterns = self._best(found)
        doc._.kg_relations = self._scored(text, tokens, mentions, patterns)
        return doc

    def _scored(self, text: str, tokens, mentions: list[_M], patterns: list[Relation]) -> list[Relation]:
        """The hand patterns' relations and those the learned scorer states (kg.relations)."""
        model = shipped_model()
        if model is None:
            return patterns
        ends = [End(m.start, m.end, m.key, m.label, m.anaphor) for m in mentions]
        ctxs = contexts(text, Tokens.of(tokens), ends, self.relations, patterns, model.uses_patterns)
        scored = scored_relations(text, predict(model, ctxs), model.threshold)
        symmetric = frozenset(n for n, spec in self.relations.items() if spec.symmetric)
        return combine(patterns, scored, symmetric)

    @staticmethod
    def _mentions(entities: list[Entity]) -> list[_M]:
        out = [_M(m.start, m.end, e.key, e.label, m.source == "anaphor") for e in entities for m in e.mentions]
        # a parent named at the head of its unit's name (kg.grammar.containers) is related by
        # name composition only, not by the patterns around the unit
        longest = {}
        for m in out:
            longest[m.start] = max(longest.get(m.start, 0), m.end)
        return sorted((m for m in out if longest[m.start] == m.end), key=lambda m: (m.start, m.end))

    def _said(self, words: tuple[str, ...], start: int, end: int) -> bool:
        """Whether one of ``words`` is a word of its own in ``text[start:end]``: 未 in 未能, not
        in 未来 (a word jieba reads whole); a negation is a word, not a character."""
        seen = self._words
        first, last = bisect_right(seen.ends, start), bisect_left(seen.starts, end)
        return any(w in words for w in seen.words[first:last])

    def _ok(self, spec: RelationSpec, subject: _M | str, obj: _M | str) -> bool:
        s_label = subject.label if isinstance(subject, _M) else subject
        o_label = obj.label if isinstance(obj, _M) else obj
        s_key = subject.key if isinstance(subject, _M) else None
        o_key = obj.key if isinstance(obj, _M) else None
        return s_label in spec.domain and o_label in spec.range and (s_key is None or s_key != o_key)

    @staticmethod
    def _rel(text: str, spec: RelationSpec, s: _M, o: _M, start: int, end: int, conf: float, rule: str) -> Relation:
        start, end = max(0, start), min(len(text), end)
        evidence = text[start:end].strip()
        offset = text.index(evidence, start) if evidence else start
        return Relation(s.key, spec.name, o.key, evidence, offset, offset + len(evidence), round(min(conf, 0.99), 2), rule)

    # ------------------------------------------------------------ byline
    def _byline(self, text: str, article: Article, entities: list[Entity]) -> list[Relation]:
        out = []
        by_start = {m.start: e for e in entities for m in e.mentions}
        for rows, name in ((article.authors, "authorOf"), (article.publishers, "publisherOf")):
            spec = self.relations[name]
            for _, s, _e, ev_s, ev_e in rows:
                entity = by_start.get(s)
                if entity is None or entity.label not in spec.domain:
                    continue
                out.append(Relation(entity.key, name, ARTICLE, text[ev_s:ev_e], ev_s, ev_e, spec.confidence, "byline"))
        return out + self._reporters(text, article, entities)

    def _reporters(self, text: str, article: Article, entities: list[Entity]) -> list[Relation]:
        """星河日报记者 某某, 星河社北京3月1日电（记者某某）: a reporter of the byline works for the
        outlet named before them on the same line (记者 / 通讯员 write for the one who sent them)."""
        out = []
        spec = self.relations["worksFor"]
        persons = {m.start: e for e in entities for m in e.mentions if e.label == "Person"}
        outlets = sorted(((m.start, m.end, e) for e in entities for m in e.mentions
                          if e.label in ORGANIZATION_CLASSES), key=lambda x: x[0])
        for _, start, end, _ev_s, _ev_e in article.authors:
            person = persons.get(start)
            line_start = text.rfind("\n", 0, start) + 1
            if person is None or not re.search(r"(?:记者|通讯员)[\s：:]*$", text[max(line_start, start - 8):start]):
                continue
            before = [o for o in outlets if line_start <= o[0] and o[1] <= start and start - o[1] <= 24]
            if not before:
                continue
            o_start, _, outlet = before[-1]
            if any(o_start < m.start < start for m in (
                    mm for e in entities if e.label == "Person" and e is not person for mm in e.mentions)):
                continue  # another person stands between: the outlet is theirs
            if self._ok(spec, _M(start, end, person.key, "Person", False), _M(o_start, o_start, outlet.key, outlet.label, False)):
                out.append(Relation(person.key, "worksFor", outlet.key, text[o_start:end], o_start, end,
                                    spec.confidence, "byline-reporter"))
        return out

    # ------------------------------------------------------------ titles
    def _title_relations(self, chain: str) -> list[tuple[RelationSpec, str]]:
        """The relations the titles of a chain such as 市委副书记、市长 state, strongest kept."""
        found = []
        for part in re.split(r"[、兼和及/]", chain):
            part = part.strip(" ：:，")
            for title, spec in self.titles:
                if part.endswith(title):
                    found.append((spec, title))
                    break
        return found

    def _titles(self, text: str, mentions: list[_M]) -> list[Relation]:
        out = []
        named = [m for m in mentions if m.label != "Person"]
        persons = [m for m in mentions if m.label == "Person" and not m.anaphor]
        for p in persons:
            # organisation + titles + person
            before = [m for m in named if m.end <= p.start and p.start - m.end <= 24]
            if before:
                org = before[-1]
                chain = text[org.end:p.start]
                if not _CLAUSE_END.search(chain.replace("：", "").replace(":", "")) and not any(
                        m.start >= org.end and m.end <= p.start for m in mentions if m is not org):
                    out += self._chain(text, org, chain, p, mentions)
                    out += self._earlier_posts(text, org, p, named, mentions)
            # person + 担任 / 当选 / ， + organisation + title
            after = [m for m in named if m.start >= p.end and m.start - p.end <= 8]
            if after:
                org = after[0]
                link = text[p.end:org.start]
                rest = text[org.end:org.end + 12]
                if re.fullmatch(r"\s*(?:[\u4e00-\u9fff]{0,2})?(?:担任|出任|兼任|现任|任|当选为|当选|是|为|作为|，|,)\s*(?:了)?", link) \
                        and not _CLAUSE_END.search(link.strip("，,")) and not self._titles_a_later_person(text, org, mentions):
                    head = re.split(r"[，。；,;（(]", rest)[0].lstrip("的 ")
                    for spec, title in self._title_relations(head[:10]):
                        if head.startswith(title) or head[:10].find(title) <= 4:
                            if self._ok(spec, p, org):
                                end = org.end + rest.index(title) + len(title) if title in rest else org.end
                                out.append(self._rel(text, spec, p, org, p.start, end, spec.confidence, "person-title"))
                            break
        return out

    def _earlier_posts(self, text: str, org: _M, p: _M, named: list[_M], mentions: list[_M]) -> list[Relation]:
        """国际星河科学院院士、星河学会主任覃小禾: the posts listed before the organisation right
        before the person are the person's too (each an organisation + title, joined by 、)."""
        out, cur = [], org
        while text[cur.start - 1:cur.start] == "、":
            prev = [m for m in named if m.end <= cur.start - 1 and cur.start - 1 - m.end <= 12]
            if not prev or any(prev[-1].end <= m.start and m.end <= cur.start - 1 for m in mentions):
                break
            chain = text[prev[-1].end:cur.start - 1].strip()
            bare = next((chain[:-len(h)] for h in self.honorifics if chain.endswith(h)), "")
            if not chain or _CLAUSE_END.search(chain) or (bare and not bare.endswith(self.title_words)):
                break  # 青藤大学王某教授、墨岚大学…: a name nobody recognised before the honorific
            found = self._chain(text, prev[-1], chain, p, mentions)
            if not found:
                break
            out += [r for r in found if r.subject == p.key]
            cur = prev[-1]
        return out

    def _titles_a_later_person(self, text: str, org: _M, mentions: list[_M]) -> bool:
        """Whether the organisation + title after a person and a comma open the titles of a person
        named next (林一帆先生，国际星河科学院院士、星河学会主任覃小禾研究员)."""
        _, se = _sentence(text, org.start)
        later = [m for m in mentions if m.label == "Person" and m.start >= org.end and m.end <= se]
        return bool(later) and later[0].start - org.end <= 40 and self._titles_only(text, mentions, org.end, later[0].start)

    def _role_lists(self, text: str, mentions: list[_M]) -> list[Relation]:
        """兼任中国密码学会副理事长，中国数学会常务理事: roles of the person the text is about.

        After 现任 / 兼任 / 担任 / 当选 comes a list of organisation + title; the person is the
        one named last before, in the sentence or the sentence before.
        """
        out = []
        persons = [m for m in mentions if m.label == "Person" and not m.anaphor and text[m.end:m.end + 2] != "讲座"]
        named = [m for m in mentions if m.label != "Person"]
        for hit in re.finditer(r"(?:现任|兼任|担任|出任|当选为|当选|并任)", text):
            ss, _ = _sentence(text, hit.start())
            before = [p for p in persons if p.end <= hit.start() and hit.start() - p.end <= 150]
            if not before:
                continue
            person = before[-1]
            conf = 0.65 if person.start >= ss else 0.5
            pos = hit.end()
            while True:
                org = next((m for m in named if m.start == pos), None)
                if org is None:
                    break
                item = re.match(r"[^，、；。,;\n]*", text[org.end:]).group()
                # 清华大学高等研究院杨振宁讲座教授: a chair named after someone, not that person
                title_text = re.sub(r"^[\u4e00-\u9fff]{2,4}讲座", "", item)
                if "的" in title_text:
                    break  # 当选IACR会士的华人科学家: a description, not a list of roles
                titles = self._title_relations(title_text)
                if not titles or not title_text.strip().endswith(tuple(t for _, t in titles)):
                    break
                for spec, _title in titles:
                    if self._ok(spec, person, org):
                        out.append(self._rel(text, spec, person, org, hit.start() if pos == hit.end() else org.start,
                                             org.end + len(item), conf, "role-list"))
                pos = org.end + len(item) + 1
                if text[pos - 1:pos] not in ("，", "、", ","):
                    break
        return out

    def _chain(self, text: str, org: _M, chain: str, p: _M, mentions: list[_M]) -> list[Relation]:
        out = []
        stripped = chain.strip(" ：:")
        if re.match(r"(?:原|前|曾任|已故)", stripped):
            return out  # a former title states no current relation
        titles = self._title_relations(stripped) if stripped else []
        if stripped and (not titles or not stripped.endswith(tuple(t for _, t in titles))):
            return out
        specs = [(s, t) for s, t in titles if self._ok(s, p, org)]
        if not stripped and text[p.end:p.end + 2] == "讲座":
            return out  # 高等研究院杨振宁讲座教授: a chair named after someone
        if not stripped:
            # 华南师范大学刘云刚教授: an organisation right before a name
            spec = self.relations["worksFor"]
            if org.label in ORGANIZATION_CLASSES and self._ok(spec, p, org):
                specs = [(spec, "")]
        names = {s.name for s, _ in specs}
        if "leads" in names:
            specs = [(s, t) for s, t in specs if s.name not in ("worksFor", "memberOf")]
        targets = [p] + self._following_names(text, p, mentions)
        for i, person in enumerate(targets):
            own = specs
            if i:
                # 总裁张三、副总裁李四: a title written before a listed name is that name's own
                # (the part after the last separator: 张三教授、李四 — 教授 is 张三's)
                gap = re.split(r"[、，,和与及]", text[targets[i - 1].end:person.start])[-1].strip()
                titled = [(s, t) for s, t in self._title_relations(gap) if self._ok(s, person, org)] if gap else []
                if titled:
                    own = titled
                    if "leads" in {s.name for s, _ in own}:
                        own = [(s, t) for s, t in own if s.name not in ("worksFor", "memberOf")]
            for spec, _ in own:
                conf = spec.confidence if stripped else 0.55
                out.append(self._rel(text, spec, person, org, org.start, person.end, conf, "org-title-person"))
        return out

    def _following_names(self, text: str, p: _M, mentions: list[_M]) -> list[_M]:
        """Persons listed after ``p`` with only titles between (薛德升教授、刘敏教授、贺灿飞教授)."""
        out, last = [], p
        for m in mentions:
            if m.start < p.end:
                continue
            if m.label != "Person":
                break
            gap = text[last.end:m.start]
            if not self._list_gap(gap):
                break
            out.append(m)
            last = m
        return out

    def _list_gap(self, gap: str) -> bool:
        """Whether the text between two listed names holds only titles, honorifics, names of
        organisations (recognised or not: …科学院) and list punctuation."""
        rest = self.org_like.sub("", gap)
        for word in self.honorifics + self.title_words:
            rest = rest.replace(word, "")
        rest = re.sub("兼|高级|资深|特聘", "", rest)  # 副理事长兼秘书长, 高级研究员: one person's titles
        return len(gap) <= 30 and bool(re.fullmatch(r"\s*(?:[原前]?\s*(?:、|和|与|及|以及|，|,)\s*)+[原前]?", rest))

    # ------------------------------------------------------------ verbs
    def _verbs(self, text: str, mentions: list[_M]) -> list[Relation]:
        out = []
        covered = bytearray(len(text) + 1)
        for m in mentions:
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
        used: set[int] = set()
        for cue, spec, inverse in self.cues:
            for hit in re.finditer(re.escape(cue), text):
                cs, ce = hit.span()
                if covered[cs] or any(i in used for i in range(cs, ce)):
                    continue
                found = self._verb(text, mentions, spec, cs, ce, inverse)
                if found:
                    used.update(range(cs, ce))
                    out += found
        return out

    def _verb(self, text, mentions, spec, cs, ce, inverse) -> list[Relation]:
        ss, se = _sentence(text, cs)
        in_sentence = [m for m in mentions if m.start >= ss and m.end <= se]
        left = [m for m in in_sentence if m.end <= cs]
        right = [m for m in in_sentence if m.start >= ce]
        subj_types, obj_types = (spec.range, spec.domain) if inverse else (spec.domain, spec.range)
        first_right = self._first(text, right, obj_types, ce)
        if first_right is None and spec.symmetric:
            # 腾讯与京东签署战略合作协议: both parties stand before the cue
            near = [m for m in left if m.label in subj_types]
            if len(near) >= 2 and text[near[-1].start - 1:near[-1].start] in ("与", "和", "同", "跟"):
                first_right = near[-1]
                right = [near[-1]]
                left = [m for m in left if m.end <= near[-1].start - 1]
        if first_right is None:
            return [] if inverse or spec.symmetric else self._passive(text, left, spec, cs, ce, ss)
        first_right = self._clause_head(text, first_right, right, obj_types, ce)
        objects = [first_right] + self._coordinated_after(text, first_right, right, obj_types)
        conf, rule = spec.confidence, "inverse-verb" if inverse else "verb"
        subjects: list[_M] = []
        near = [m for m in left if m.label in subj_types and cs not in m.qualifies]
        clause_start = _clause_start(text, cs, ss)
        relative = bool(re.match(r"(?:进来|过来|出来|了)?的", text[ce:ce + 3]))
        # the last names before the cue with those listed before them; the first of them opens the list
        listed = [near[-1]] + self._coordinated_before(text, near[-1], left, subj_types) if near else []
        opener = listed[-1] if listed else None
        # 一手带大钉钉的陈航: the subject is the noun the clause describes
        head = next((m for m in right if m.start == objects[-1].end + 1 and m.label in subj_types), None)
        if head is not None and text[objects[-1].end:head.start] == "的":
            subjects, start = [head], cs
        elif near and near[-1].start >= clause_start and not (relative and near[-1].start < clause_start):
            subj = near[-1]
            between = text[subj.end:cs]
            if len(between) > 14:
                conf -= 0.15
            # 与 X 合作: X is the partner; the subject stands before 与
            if spec.symmetric and text[max(ss, subj.start - 1):subj.start] in ("与", "和", "同", "跟"):
                objects = [subj]
                earlier = [m for m in left if m.label in subj_types and m.end <= subj.start - 1]
                if not earlier:
                    return []
                subj = earlier[-1]
            # 由 X 主办: X is the agent, the object stands before 由
            if text[max(ss, subj.start - 1):subj.start] == "由" and not inverse:
                before = [m for m in left if m.end <= subj.start - 1 and m.label in spec.range]
                if before:
                    objects = [before[-1]]
            subjects = [subj] + self._coordinated_before(text, subj, left, subj_types)
            if subj.label != "Person":
                subjects += self._joint_agents(text, subjects, left, subj_types, clause_start)
            if self._said(self.negation, subjects[-1].end, cs) or self._said(self.negation, max(ss, cs - 2), cs):
                return []
            if self._said(self.hedges, max(ss, subjects[-1].start - 4), cs):
                conf -= 0.25
            start = min(m.start for m in subjects + objects)
        elif (relative or not near) and len(text[clause_start:cs].strip()) <= 5:
            # 有收编进来的 teambition: a clause without a subject carries the topic
            topic = None if self._opens_with_noun(ss, mentions) else self._topic(text, mentions, ss, subj_types)
            if topic is None:
                return []
            subjects, conf, rule = [topic], conf - 0.2, rule + "-topic"
            start = cs
        elif near and len(text[_clause_start(text, opener.start, ss):opener.start].strip()) <= 2:
            # 阿里巴巴宣布，将收购… / 甲省和乙市要…，实施…: the subjects open an earlier clause
            subjects, conf = listed, conf - 0.2
            start = opener.start
        elif len(text[clause_start:cs].strip()) <= 5 and not self._opens_with_noun(ss, mentions) \
                and (topic := self._topic(text, mentions, ss, subj_types)):
            subjects, conf, rule = [topic], conf - 0.2, rule + "-topic"
            start = cs
        else:
            return []
        end = max(m.end for m in objects + subjects)
        out = []
        for s in subjects:
            for o in objects:
                a, b = (o, s) if inverse else (s, o)
                if self._ok(spec, a, b):
                    out.append(self._rel(text, spec, a, b, start, end, conf, rule))
        return out

    def _among(self, text: str, mentions: list[_M]) -> list[Relation]:
        """李飞飞、贾扬清等多位技术大牛参与其中: 其中 is the organisation (memberOf) or event
        (attended) named in the clause before; the listed names are its members or guests."""
        out = []
        member, guest = self.relations["memberOf"], self.relations["attended"]
        for hit in self.among.finditer(text):
            cs = hit.start()
            ss, _ = _sentence(text, cs)
            clause_start = _clause_start(text, cs, ss)
            left = [m for m in mentions if m.end <= cs and m.start >= ss]
            near = [m for m in left if m.start >= clause_start and m.label == "Person"]
            if not near or _CLAUSE_END.search(text[near[-1].end:cs]) or cs - near[-1].end > 12 \
                    or self._said(self.negation, max(ss, cs - 4), cs):
                continue
            subjects = [near[-1]] + [m for m in self._coordinated_before(text, near[-1], left, {"Person"})
                                     if m.start >= clause_start]
            before = [m for m in mentions if m.end <= clause_start and clause_start - m.end <= 40
                      and m.start >= max(0, ss - 80) and m.label in member.range | guest.range]
            if not before:
                continue
            antecedent = before[-1]
            for spec in (member, guest):
                if antecedent.label in spec.range:
                    out += [self._rel(text, spec, s, antecedent, antecedent.start, hit.end(), 0.6, "among")
                            for s in subjects if self._ok(spec, s, antecedent)]
                    break
        return out

    def _at_events(self, text: str, mentions: list[_M]) -> list[Relation]:
        """林一帆在全球数字经济大会上表示 / 会上，星河学会会长林一帆强调: a person at an event.

        The person stands right before 在 EVENT 上 (honorifics and a time word between), or the
        persons listed at the head of the clause after (在) EVENT 上， / EVENT 主报告环节，
        speak or report there (a speech verb or a word of words.json event_acts follows the list).
        """
        out = []
        spec = self.relations["attended"]
        persons = [m for m in mentions if m.label == "Person" and not m.anaphor]
        for ev in mentions:
            if ev.label != "Event":
                continue
            # the end of 上: after the name, or inside the anaphor 会上
            on = ev.end + 1 if text[ev.end:ev.end + 1] == "上" else ev.end if text[ev.end - 1:ev.end] == "上" else 0
            ss, _ = _sentence(text, ev.start)
            # 在 (2021年 / 第三届) EVENT 上
            lead = re.search(r"在(?:\d{2,4}年|第[一二三四五六七八九十\d]+届|首届)*$", text[max(ss, ev.start - 12):ev.start])
            at = ev.start - len(lead.group()) if lead else ev.start
            before = [p for p in persons if p.end <= at and p.start >= ss]
            if on and at < ev.start and before:
                p = before[-1]
                gap = text[p.end:at]
                for h in self.honorifics:
                    gap = gap.replace(h, "")
                if len(gap) <= 2 and not re.search(r"[^\u4e00-\u9fff]|的", gap) \
                        and not self._said(self.negation, p.end, at) and self._ok(spec, p, ev):
                    conf = spec.confidence - (0.25 if self._said(self.hedges, p.start, at) else 0)
                    out.append(self._rel(text, spec, p, ev, p.start, on, conf, "at-event"))
                    continue
            # 会上，X 强调 / 在大会开幕式上，X、Y 分别致辞: the event opens its sentence, the persons
            # listed at the head of the next clause speak or report there
            opening = self.event_opening.match(text, ev.end)
            if text[ss:at].strip() or not opening or not (opening.group(1) or text[ev.end - 1] == "上"):
                continue
            _, se = _sentence(text, ev.end)
            after = [p for p in persons if p.start >= opening.end() and p.end <= se]
            if not after or _CLAUSE_END.search(text[opening.end():after[0].start]) \
                    or not self._titles_only(text, mentions, opening.end(), after[0].start):
                continue
            listed = [after[0]]
            for m in after[1:]:
                if not self._list_gap(self._drop_orgs(text[listed[-1].end:m.start], mentions, listed[-1].end, m.start)):
                    break
                listed.append(m)
            act = self.event_act.match(text, listed[-1].end)
            if act is None:
                continue
            out += [self._rel(text, spec, p, ev, ev.start, act.end(), 0.6, "at-event")
                    for p in listed if self._ok(spec, p, ev)]
        return out

    def _passive(self, text: str, left: list[_M], spec: RelationSpec, cs: int, ce: int, ss: int) -> list[Relation]:
        """会议由 X 主办，Y、Z 承办: the agents stand right before the cue, the object before 由.

        A later clause of the same sentence with only agents and a cue of the same relation
        shares the object (Y、Z 承办), at a lower confidence.
        """
        clause_start = _clause_start(text, cs, ss)
        near = [m for m in left if m.label in spec.domain and m.start >= clause_start]
        if not near:
            return []
        gap = text[near[-1].end:cs].strip()
        if near[-1].label == "Person" and gap.endswith(self.honorifics):
            gap = next(gap[:-len(h)] for h in self.honorifics if gap.endswith(h))  # 林一帆教授主持
        if gap not in ("", "共同", "联合"):
            return []
        subjects = [m for m in [near[-1]] + self._coordinated_before(text, near[-1], left, spec.domain)
                    if m.start >= clause_start]
        subjects += self._joint_agents(text, subjects, left, spec.domain, clause_start)
        first = min(m.start for m in subjects)
        by = text.rfind("由", ss, first)
        if by < 0 or self._said(self.negation, max(ss, by - 4), cs):
            return []
        conf = spec.confidence
        if subjects[-1].label == "Person" and by < first - 1 and self._titles_only(text, left, by + 1, first):
            first = by + 1  # 由星河学会副主任、青藤大学林一帆教授主持: the first person's organisation and titles
        if by != first - 1:
            # each clause between 由 and this one names agents and ends with a cue of the relation
            clauses = [c for c in re.split(r"[，,；;]", text[by + 1:clause_start]) if c.strip()]
            if not clauses or not all(c.endswith(spec.verb_cues) for c in clauses) \
                    or text[clause_start - 1:clause_start] not in "，,；;" or text[first - 1] not in "，,；; ":
                return []
            conf -= 0.1
        # 开幕式由 / 大会报告分别由: a session of the event, an adverb
        objects = [m for m in left if m.end <= by and m.label in spec.range
                   and (by - m.end <= 2 or (m.label == "Event" and self.session_gap.fullmatch(text[m.end:by])))]
        if not objects:
            return []
        obj = objects[-1]
        return [self._rel(text, spec, s, obj, obj.start, ce, conf, "passive")
                for s in subjects if self._ok(spec, s, obj)]

    def _titles_only(self, text: str, mentions: list[_M], start: int, end: int) -> bool:
        """Whether text[start:end] holds only organisations, titles and honorifics (、 between)."""
        rest = self.org_like.sub("", self._drop_orgs(text[start:end], mentions, start, end))
        for word in self.title_words + self.honorifics:
            rest = rest.replace(word, "")
        return not re.sub("兼|[、 ]", "", rest)

    def _joint_agents(self, text, subjects, left, types, clause_start) -> list[_M]:
        """由 X 联合 / 携手 Y 主办, X 联合 Y 发布: X acts with the subjects (a partnerOf cue joins them)."""
        out, first = [], min(m.start for m in subjects)
        joins = self.relations["partnerOf"].verb_cues
        for m in reversed(left):
            if m.end > first:
                continue
            if m.start < clause_start or m.label not in types or m.label == "Person" or text[m.end:first] not in joins:
                break
            out.append(m)
            first = m.start
        return out

    def _clause_head(self, text, first, right, types, ce) -> _M:
        """推出了搭载甲芯片的乙手机: when another cue stands between the verb and its first
        object, and that object is followed by (a few characters and) 的 and a name of the same
        kind, the object is that name, the head the clause describes."""
        between = text[ce:first.start]
        if not any(cue in between for cue, _, _ in self.cues):
            return first
        head = next((m for m in right if m.start >= first.end), None)
        if head is not None and head.label in types and \
                re.fullmatch(r"[\u4e00-\u9fff]{0,4}的", text[first.end:head.start]):
            return head
        return first

    def _first(self, text, right, types, ce) -> _M | None:
        for m in right:
            gap = text[ce:m.start]
            if _CLAUSE_END.search(gap) or len(gap) > 20:
                return None
            if m.label in types:
                return m
        return None

    def _coordinated_after(self, text, first, right, types) -> list[_M]:
        out, last = [], first
        for m in right:
            if m.start < last.end or m is first:
                continue
            gap = text[last.end:m.start].strip(" “”\"「」")
            if m.label in types and gap in self.coordinators + ("”、“", "、“", "”、"):
                out.append(m)
                last = m
            elif m.start >= last.end:
                break
        return out

    def _coordinated_before(self, text, subj, left, types) -> list[_M]:
        """Names listed before the subject. A listed person may carry an organisation and a title
        (中国科学院院士袁道先教授、周成虎研究员，中国地理学会副理事长薛德升教授…); a listed
        organisation stands alone."""
        person = subj.label == "Person"
        out, last = [], subj
        for m in reversed(left):
            if m.end > last.start:
                continue
            gap = text[m.end:last.start]
            member = m.label == "Person" if person else (m.label in types and m.label != "Person")
            if member and (gap.strip(" “”\"") in self.coordinators
                           or self._list_gap(self._drop_orgs(gap, left, m.end, last.start))):
                out.append(m)
                last = m
            elif not member and last.start - m.end < 32 and (person or m.label not in types):
                continue  # the organisation of a listed person, or a name that is not listed
            else:
                break
        return out

    def _drop_orgs(self, gap: str, mentions: list[_M], start: int, end: int) -> str:
        """The gap between two listed names without the organisations inside it."""
        chars = list(gap)
        for m in mentions:
            if m.start >= start and m.end <= end and m.label != "Person":
                for i in range(m.start - start, m.end - start):
                    chars[i] = ""
        return "".join(chars)

    def _opens_with_noun(self, sentence_start: int, mentions: list[_M]) -> bool:
        """Whether the sentence opens with a noun no mention covers: its own subject, unrecognised."""
        opener = self._openers.get(sentence_start)
        return opener is not None and opener[1].startswith("n") and not any(
            m.start <= opener[0] < m.end for m in mentions)

    def _topic(self, text: str, mentions: list[_M], sentence_start: int, types) -> _M | None:
        """The subject carried over from the sentences before: the last fitting name within reach,
        unless a relation's cue stands before it in its own sentence (then it is that cue's object)."""
        fits = [m for m in mentions if m.end <= sentence_start and m.label in types and not m.anaphor]
        if not fits or sentence_start - fits[-1].end > 60:
            return None
        topic = fits[-1]
        start, end = _sentence(text, topic.start)
        # a place written before the nouns that end its sentence qualifies them (某港 + 国际邮轮母港)
        if end in topic.qualifies or any(cue in text[start:topic.start] for cue, _spec, _inv in self.cues):
            return None
        return topic

    # ------------------------------------------------------------ places
    def _places(self, text: str, mentions: list[_M]) -> list[Relation]:
        out = []
        spec = self.relations["locatedIn"]
        named = [m for m in mentions if not m.anaphor]
        for a, b in zip(named, named[1:]):
            gap = text[a.end:b.start]
            if a.label == "Place" and b.label == "Place" and gap in ("", "的") and a.key != b.key \
                    and not _REGION.fullmatch(text[b.start:b.end]):
                out.append(self._rel(text, spec, b, a, a.start, b.end, 0.8, "place-nesting"))
                if gap == "的":  # 中国的香港、上海、广州和北京
                    for c in self._coordinated_after(text, b, [m for m in named if m.start >= b.end], {"Place"}):
                        out.append(self._rel(text, spec, c, a, a.start, c.end, 0.7, "place-nesting"))
            elif a.label == "Place" and b.label in ORGANIZATION_CLASSES and gap in ("·", "•"):
                out.append(self._rel(text, spec, b, a, a.start, b.end, 0.6, "place-org"))
        # 在 PLACE 举办的 EVENT / EVENT 在 PLACE 举行
        for cue in self.event_place_cues:
            for hit in re.finditer(cue, text):
                cs, ce = hit.span()
                ss, se = _sentence(text, cs)
                clause = _clause_start(text, cs, ss)
                at = text.rfind("在", clause, cs)
                if at < 0:
                    continue
                places = [m for m in named if m.start > at and m.end <= cs and m.label == "Place"]
                if not places:
                    continue
                place = places[-1]
                after = [m for m in named if m.start >= ce and m.label == "Event" and m.start - ce <= 8]
                before = [m for m in named if m.end <= at and m.label == "Event" and at - m.end <= 6]
                # 在杭州举办的 / 举办了 / 举办 + the event right after; else the event named before 在
                gap = text[ce:after[0].start] if after else ""
                event = after[0] if after and (gap == "" or gap[0] in "的了") and not _CLAUSE_END.search(gap) \
                    else before[-1] if before else None
                if event is not None:
                    s = min(event.start, at)
                    out.append(self._rel(text, spec, event, place, s, max(event.end, ce), 0.75, "event-place"))
        return out

    # ------------------------------------------------------------ names
    def _names(self, entities: list[Entity]) -> list[Relation]:
        """Relations written into names: 阿里巴巴钉峰会 (organized), 政务钉钉 (basedOn)."""
        out = []
        forms = [(normalize(a), e) for e in entities if e.label != "Person"
                 for a in {e.name, *e.aliases} if len(normalize(a)) >= 2]
        for e in entities:
            if e.label not in ("Event", "Organization", "Product", "Company", "GovernmentBody"):
                continue
            for m in e.mentions:
                if m.source == "anaphor":
                    continue
                surface = normalize(m.text)
                # the longest name the surface starts with is the direct container:
                # 阿里云计算平台 is in 阿里云, not directly in 阿里 (阿里巴巴集团)
                longest = max((len(f) for f, o in forms if o is not e and len(f) < len(surface)
                               and surface.startswith(f)), default=0)
                for form, other in forms:
                    if other is e or len(form) >= len(surface):
                        continue
                    rel = None
                    if surface.startswith(form) and len(form) < longest:
                        continue
                    if surface.startswith(form) and other.label in ORGANIZATION_CLASSES:
                        rel = {"Event": "organized", "Product": "develops"}.get(e.label)
                        if e.label in ORGANIZATION_CLASSES and surface[len(form):][:1] not in "":
                            rel = "partOf" if not _bare_suffix(surface[len(form):]) else None
                        if rel and rel != "partOf":
                            s, o = other, e
                        else:
                            s, o = e, other
                    elif surface.endswith(form) and e.label == "Product" and other.label == "Product":
                        rel, s, o = "basedOn", e, other
                    if rel:
                        spec = self.relations[rel]
                        if s.label in spec.domain and o.label in spec.range:
                            out.append(Relation(s.key, rel, o.key, m.text, m.start, m.end, 0.6, "name"))
        return out

    # ------------------------------------------------------------ lists and services
    def _lists_of_products(self, text: str, mentions: list[_M]) -> list[Relation]:
        """“甜城钉”、“智慧党建”等钉钉应用平台: each listed product is based on the head product."""
        out = []
        spec = self.relations["basedOn"]
        products = [m for m in mentions if m.label == "Product" and not m.anaphor]
        for i, head in enumerate(products):
            if not re.match(r"\s*(?:" + "|".join(map(re.escape, self.product_heads)) + ")", text[head.end:head.end + 6]):
                continue
            gap_to_head = text[max(0, head.start - 2):head.start]
            if "等" not in gap_to_head:
                continue
            listed, last = [], head
            for m in reversed(products[:i]):
                gap = text[m.end:last.start].strip(" “”\"")
                if gap in ("、", "等", "”等", "、“") or (last is head and gap.endswith("等")):
                    listed.append(m)
                    last = m
                else:
                    break
            for m in listed:
                out.append(self._rel(text, spec, m, head, m.start, head.end + 4, 0.7, "product-list"))
            # 专属钉钉“平安钉”: a product named right after its base product
        for a, b in zip(products, products[1:]):
            if text[a.end:b.start] in ("“", "\"", "「"):
                out.append(self._rel(text, spec, b, a, a.start, b.end + 1, 0.6, "product-apposition"))
        return out

    def _customers(self, text: str, mentions: list[_M]) -> list[Relation]:
        """X 为 Y 构建 / 提供服务: Y is a customer of X."""
        out = []
        spec = self.relations["customerOf"]
        for pre, verb in self.customer_cues:
            for hit in re.finditer(re.escape(pre), text):
                ss, se = _sentence(text, hit.start())
                customers = [m for m in mentions if hit.end() <= m.start <= hit.end() + 1 and m.label in spec.domain]
                if not customers:
                    continue
                first = customers[0]
                tail = text[first.end:first.end + 16]
                if verb and verb not in tail.split("，")[0]:
                    continue
                left = [m for m in mentions if ss <= m.start and m.end <= hit.start() and m.label in spec.range]
                provider = left[-1] if left else self._topic(text, mentions, ss, spec.range)
                if provider is None or provider.key == first.key:
                    continue
                end = first.end + tail.index(verb) + len(verb) if verb else first.end
                start = provider.start if left else hit.start()
                out.append(self._rel(text, spec, first, provider, start, end, 0.6 if left else 0.45, "customer"))
        return out

    def _strategies(self, text: str, mentions: list[_M]) -> list[Relation]:
        """在阿里“云钉一体”的大战略下: an organisation named right before its strategy."""
        out = []
        spec = self.relations["hasStrategy"]
        for a, b in zip(mentions, mentions[1:]):
            if b.label == "Strategy" and a.label in spec.domain and text[a.end:b.start].strip() in ("", "“", "的", "的“"):
                tail = text[b.end:b.end + 12]
                end = b.end + (tail.index("战略") + 2 if "战略" in tail else 1)
                out.append(self._rel(text, spec, a, b, a.start, end, 0.7, "strategy"))
        return out

    def _makers(self, text: str, mentions: list[_M]) -> list[Relation]:
        """腾讯QQ, 星河公司的天枢手机: an organisation written right before a product, or with 的
        between, makes it (develops), at a lower confidence than a verb states it."""
        out = []
        spec = self.relations["develops"]
        for a, b in zip(mentions, mentions[1:]):
            if b.label != "Product" or a.label not in ORGANIZATION_CLASSES or not self._ok(spec, a, b):
                continue
            gap = text[a.end:b.start]
            if gap in ("", " ") and not a.anaphor and not b.anaphor:
                out.append(self._rel(text, spec, a, b, a.start, b.end, 0.6, "org-product"))
            elif gap.strip() in ("", "的"):
                out.append(self._rel(text, spec, a, b, a.start, b.end, spec.confidence - 0.1, "maker"))
        return out

    # ------------------------------------------------------------ merging
    def _best(self, found: list[Relation]) -> list[Relation]:
        """One relation per (subject, predicate, object): the most confident, evidence kept."""
        best: dict[tuple[str, str, str], Relation] = {}
        for rel in found:
            key = (rel.subject, rel.predicate, rel.object)
            if self.relations[rel.predicate].symmetric:
                key = (min(rel.subject, rel.object), rel.predicate, max(rel.subject, rel.object))
            if rel.subject == rel.object or not rel.evidence:
                continue
            if key not in best or (rel.confidence, -len(rel.evidence)) > (best[key].confidence, -len(best[key].evidence)):
                best[key] = rel
        return sorted(best.values())


#: jieba flags of words that are no part of a name: adverbs, prepositions, conjunctions, particles,
#: pronouns, time and place words, numbers, measure words, adjectives used as adverbs
_NOT_NAME_POS = ("d", "p", "c", "u", "r", "t", "f", "m", "q", "ad", "x")
_NOUN_POS = ("n", "eng", "j")


def _sentence_openers(text: str, tokens) -> dict[int, tuple[int, str]]:
    """For each sentence start, where its first word starts and its jieba flag (quotes and spaces skipped)."""
    out: dict[int, tuple[int, str]] = {}
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    i = 0
    for start in starts:
        while i < len(tokens) and tokens[i][1] <= start:
            i += 1
        j = i
        while j < len(tokens) and (not tokens[j][2].strip() or tokens[j][2] in "“”\"「」‘’"):
            j += 1
        if j < len(tokens):
            out[start] = (tokens[j][0], tokens[j][3])
    return out


def _qualifying_places(mentions: list[_M], tokens) -> list[_M]:
    """Mark where a place stands before a run of words ending in a noun (北京 + 知道 + 创宇): the
    place names where an organisation nobody recognised is, and is not itself a party there."""
    starts = {t[0]: i for i, t in enumerate(tokens)}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        i = starts.get(m.end)
        if m.label != "Place" or i is None:
            out.append(m)
            continue
        ends = set()
        while i < len(tokens) and len(ends) < 6:
            start, end, word, tag = tokens[i]
            if start in taken or tag.startswith(_NOT_NAME_POS) or not word.strip():
                break
            if tag.startswith(_NOUN_POS):
                ends.add(end)
            i += 1
        out.append(_M(m.start, m.end, m.key, m.label, m.anaphor, frozenset(ends)) if ends else m)
    return out


def _bare_suffix(rest: str) -> bool:
    return rest in ("集团", "公司", "有限公司", "股份有限公司", "控股", "科技")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    m = _SENTENCE_END.search(text, pos)
    return start, m.start() if m else len(text)


def _clause_start(text: str, pos: int, floor: int) -> int:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, floor, pos)]
    return starts[-1] if starts else floor


@Language.factory("kg_relations", requires=["doc._.kg_entities"], assigns=["doc._.kg_relations"])
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    """Build the relation extractor from the ontology's cues, domains and ranges."""
    _ensure_extensions()
    return RelationExtractor()

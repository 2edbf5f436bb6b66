"""Rule events without a class suffix: the short names of sports leagues and contests (英超,
欧冠, NBA: ``recognise.json`` ``event_names``), a year written before a Latin name that an
event's word follows or a taking-part verb precedes (2019 + SomeJoy + 开幕, 亮相 + 2019 + SomeCon),
and proper names before a contest's ending (某地 + 公开赛, 某某 + 杯, 某人 + 书法作品展); one
numbered session of a body or a forum (某委员会第九次会议, 某论坛第四届部长级会议) and a meeting named by
its topic at a clause's start (某某调研协商座谈会 + 10日在京召开: ``grammar.json`` ``numbered_meetings``)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..grammar import event_stage, load_grammar
from ..ontology import ORGANIZATION_CLASSES
from ..records import Mention
from .doc import _candidates, _mention, doc_text
from .words import _PROPER_POS, _common_word


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


class EventNames:
    """Events named without a class suffix (a part of :class:`~kg.recognise.rules.RuleEntities`).

    Reads ``recognise.json``'s ``event_names`` (:meth:`_event_words`) and ``grammar.json``'s
    event ``after_words``."""

    def _event_words(self, data: dict) -> None:
        spec = data["event_names"]
        latin = _alternation(x for x in spec["leagues"] if x.isascii())
        han = _alternation(x for x in spec["leagues"] if not x.isascii())
        # a Latin name not inside a longer one (NBA2K); a Han name also before a number (亚冠 + 1/8决赛)
        self.league_names = re.compile(rf"(?<![A-Za-z0-9])(?:{latin})(?![A-Za-z0-9])|(?:{han})")
        # a league (its Latin name in any case) and a part of its season: KPL + 春季赛, 某超 + 季后赛
        self.league_seasons = re.compile(rf"(?:(?<![A-Za-z0-9])(?i:{latin})|{han})(?:{_alternation(spec['season_parts'])})")
        self.contest_endings = re.compile(_alternation(spec["contest_endings"]))
        self.contest_name_max = spec["contest_name_max"]
        self.exhibitions = frozenset(spec["exhibition_endings"])
        self.exhibition_nouns_max = spec["exhibition_nouns_max"]
        self.disciplines = frozenset(data["event_qualifiers"]["disciplines"])
        self.after_contest = re.compile(
            rf"[\s，。、；：！？,.;:!?）)”\"》]|$|(?:{_alternation(load_grammar()['events']['after_words'])})")
        after = _alternation(load_grammar()["events"]["after_words"] + spec["after_latin"])
        before = _alternation(spec["before_latin"])
        self.latin_event = re.compile(
            rf"(?<![A-Za-z0-9]){spec['year_latin']}(?![A-Za-z0-9.\-])(?=(?:{after}))"
            rf"|(?<=(?:{before})){spec['year_latin']}(?![A-Za-z0-9.\-])")
        self._meeting_words(load_grammar()["events"])
        self._anniversary_words(load_grammar()["events"], spec["contest_endings"])
        self.dashes = load_grammar()["events"]["partner_dashes"]
        pairs = load_grammar()["events"]["pair_years"]
        self.pair_years = {"suffixes": tuple(pairs["suffixes"]), "home": pairs["home"], "partners": frozenset(pairs["partners"])}
        self.edition_before = re.compile(rf"(?:{'|'.join(load_grammar()['events']['openers'][:3])})$")
        # a gala's or a meeting's title in 《》 or quotes (《2031年元宵晚会》, “某某——某某成就展”)
        events = load_grammar()["events"]
        titled = [x for x, c in self.suffixes if c == "Event" and len(x) > 1] + events["numbered_meetings"]["topic_heads"] \
            + [x for x in spec["contest_endings"] + events["marked_heads"]["heads"] if len(x) > 1]
        self.titled_event = re.compile(rf"《([^《》\n]{{1,30}}?(?:{_alternation(titled)}))》|“([^“”\s{events['quoted_events']['not_in_titles']}]{{1,30}}?(?:{_alternation(titled)}))”")

    def _meeting_words(self, events: dict) -> None:
        spec = events["numbered_meetings"]
        heads, not_after = _alternation(spec["heads"]), _alternation(spec["not_after"])
        self.meeting_session = re.compile(
            rf"(?:{spec['term']})?(?:{_alternation(spec['bodies_after_term'])})?(?:{_alternation(spec['before_ordinal'])})?"
            rf"{spec['ordinal']}[\u4e00-\u9fff]{{0,{spec['qualifier_max']}}}?(?:{heads})(?!{not_after})")
        self.meeting_term = re.compile(rf"(?:{spec['term']})$")
        # a body or a forum, its leaders, a place and a summit: 某组织 + 领导人 + 某地 + 峰会
        self.place_session = re.compile(_alternation(spec["place_heads"]))
        self.leaders_before = re.compile(_alternation(spec["before_ordinal"]))
        self.topic_min = spec["topic_min"]
        self.edition_inside = re.compile("|".join(events["openers"][:3]))
        self.meeting_not_first = re.compile(_alternation(spec["topic_not_first"] + events["not_first"]))
        function = re.escape(events["not_in_middle"])
        # quotation marks inside only: a name opening with one loses it in its node's name
        han = rf"[^\W\d{function}A-Za-z_]"
        inside = f"|{_alternation(spec['topic_words'])}"  # 对口, 党的: words with a function character
        topic = rf"{han}(?:{han}|[{spec['topic_marks']}]{inside}){{{spec['topic_min'] - 1},{spec['topic_max'] - 1}}}?" \
                rf"(?:{spec['anniversary']}|{_alternation(spec['topic_heads'])})"
        # 在 + topic + 上, 主持召开 / 出席 + topic + 时: one lookbehind for each word before
        frames = "|".join(rf"(?:{'|'.join(f'(?<={re.escape(w)})' for w in before)})({topic})(?={after})"
                          for before, after in spec["topic_frames"])
        self.meeting_topic = re.compile(
            rf"(?:^|(?<=[\n。！？；，：]))({topic})(?=(?:\d{{1,2}}月)?\d{{1,2}}[日号]|{_alternation(spec['topic_verbs'])})"
            rf"|{frames}", re.M)

    def _anniversary_words(self, events: dict, endings: list[str]) -> None:
        spec, meetings = events["anniversaries"], events["numbered_meetings"]
        han = rf"[^\W\d{re.escape(events['not_in_middle'])}A-Za-z_]"
        # marked heads (主题展览, 招待会) name an event only after a quoted theme or an anniversary
        heads = [x for x, c in self.suffixes if c == "Event"] + endings + meetings["topic_heads"] + events["marked_heads"]["heads"]
        anniversary_heads = _alternation(h for h in heads + spec["heads"] if len(h) > 1)
        short_heads = _alternation(h for h in heads if len(h) == 1)
        quoted, marks = events["quoted_events"], re.escape(events["edition_marks"]["characters"])
        plain = rf"[^\W\d{re.escape(events['not_in_middle'] + ''.join(quoted['not_between']))}A-Za-z_]"
        quoted_heads = _alternation(h for h in heads if len(h) > 1 and h not in events["scope_openers"]["not_suffixes"])
        self.quoted_event = re.compile(
            rf"“[^“”\n]{{2,{quoted['quoted_max']}}}”(?:{plain}|[\d{marks}]){{0,{quoted['after_max']}}}?(?:{quoted_heads})"
            rf"(?!{_alternation(meetings['not_after'])})")
        self.anniversary_event = re.compile(
            rf"(?:{_alternation(spec['openers'])}){han}{{0,{spec['before_max']}}}?{spec['anniversary']}"
            rf"(?:{han}|[\d{marks}]){{0,{spec['after_max']}}}?(?:(?:{anniversary_heads})(?!{_alternation(meetings['not_after'])})"
            rf"|(?:{short_heads})(?={self.after_contest.pattern}))")
        # the anniversary and what follows it up to a long head, for names with no opener before
        self.anniversary_tail = re.compile(
            rf"{spec['anniversary']}(?:{han}|[\d{marks}]){{0,{spec['after_max']}}}?(?:{anniversary_heads})(?!{_alternation(meetings['not_after'])})")
        days = events["day_events"]
        self.day_event = re.compile(rf"(?<=[{days['day_endings']}])(?:{_alternation(days['heads'])})")
        self.anniversary_walk = (spec["before_max"], frozenset(spec["openers"]), frozenset(spec["not_in_name_tags"]),
                                 frozenset(spec["not_in_name_words"]),
                                 events["partner_dashes"] + spec["marks_in_name"] + "".join(events["joiners"]))

    # -- 庆祝 + 某国成立70周年 + 大会
    def _anniversaries(self, doc: Doc, text: str, starts: set[int]) -> list[Mention]:
        """Events named by the anniversary they celebrate (``grammar.json`` events ``anniversaries``),
        from an opener that starts a word; the longest name at each start."""
        out = []
        for start in sorted(starts):
            m = self.anniversary_event.match(text, start)
            if m is not None:
                longest = max((x for x in self._longer(text, start, m.end())), default=m.end())
                out.append(_mention(doc, start, longest, "Event", "rule"))
        return out

    # -- 某区成立60周年 + 庆祝大会, 某战争胜利80周年 + 主题展览
    def _unopened_anniversaries(self, doc: Doc, text: str, tokens, taken: list[Mention]) -> list[Mention]:
        """Events named by an anniversary with no opener before it (庆祝 / 纪念 after it, or no word
        of celebrating at all), and the main event of a named day or week (某某日 + 主场活动): the
        name starts where :meth:`_name_start` says, with a noun in it."""
        out, ends = [], {t.end: i for i, t in enumerate(tokens)}
        for m in [*self.anniversary_tail.finditer(text), *self.day_event.finditer(text)]:
            k = ends.get(m.start())
            if k is None or m.end() not in ends or any(c.start <= m.start() < c.end for c in taken):
                continue
            start = self._name_start(text, tokens, k, m.start())
            if start is not None:
                out.append(_mention(doc, start, m.end(), "Event", "rule"))
        return out

    def _name_start(self, text: str, tokens, k: int, anchor: int) -> int | None:
        """Where a name ends that stands before ``anchor`` (``tokens[k]`` ends there): after the
        nearest word no name holds (a verb of taking part or holding, a preposition, a pronoun,
        punctuation but a dash, 《》 or 暨) or at an opener (庆祝, 纪念), within before_max
        characters; None without such a word in reach, a noun or two characters."""
        most, openers, not_tags, not_words, marks = self.anniversary_walk
        start, nouns = anchor, 0
        while k >= 0 and tokens[k].end == start and anchor - tokens[k].start <= most:
            token = tokens[k]
            if token.text in self.event_verbs or token.text in not_words or token.text in self.stop or (
                    token.tag[:1] in not_tags and token.text not in marks):
                break
            start, k = token.start, k - 1
            nouns += token.tag[:1] in "nj"
            if token.text in openers:
                break
        else:
            return None  # no word that ends the name within reach: where it starts is unknown
        if text.count("\u201c", start, anchor) > text.count("\u201d", start, anchor):
            start = text.rfind("\u201c", start, anchor) + 1  # a title's opening quote (“某区成立60周年庆祝大会”)
        return start if nouns and anchor - start >= 2 else None

    def _longer(self, text: str, start: int, end: int):
        """The ends of the longer matches of the anniversary pattern from ``start`` (a lazy
        match stops at the first head: 某某大会 + 暨 …, 图片 + 展 + 览)."""
        for stop in range(end + 1, min(len(text), end + 16) + 1):
            m = self.anniversary_event.fullmatch(text, start, stop)
            if m is not None:
                yield stop

    # -- 英超 / NBA / 2019SomeJoy
    def _events_without_suffix(self, doc: Doc, tokens) -> list[Mention]:
        """Short names of leagues and contests on word boundaries, and year + Latin names of
        events (:mod:`module docstring <kg.recognise.rule_events>`)."""
        text, out = doc_text(doc), []
        words = {(t.start, t.end) for t in tokens}
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        # a name's first character jieba glued to a preposition (在世 + 乒赛) starts a word
        starts |= {t.start + 1 for t in tokens if len(t.text) > 1 and t.text[0] in self.glued_prepositions}
        for m in self.league_names.finditer(text):
            # a Han short name on words' edges (西部 + 决赛; 中 / 超 + ：), a two-character one not
            # when its last character opens a word with the next (中 / 超 / 市场: 超市), or before a
            # stage that jieba glued to it (中甲 + 第12轮 read 中 / 甲第 / 12 / 轮)
            if m.span() in words or m.group().isascii() or m.start() in starts and (
                    event_stage().match(text, m.end()) or m.end() in ends and (
                        len(m.group()) > 2 or not _common_word(text[m.end() - 1:m.end() + 1]))):
                # the league and an event's suffix written after it (某甲 + 联赛)
                tail = next((x for x, c in self.suffixes if c == "Event" and text.startswith(x, m.end())
                             and (m.end(), m.end() + len(x)) in words), "")
                out.append(_mention(doc, m.start(), m.end() + len(tail), "Event", "rule"))
        # a league's short name is the event's, not a website's (美网: 网 is an organisation's suffix)
        leagues = {(m.start, m.end) for m in out}
        found = _candidates(doc)
        found[:] = [c for c in found if c.label == "Event" or (c.start, c.end) not in leagues]
        for m in self.league_seasons.finditer(text):
            if m.start() in starts and (m.end() in ends or m.group().isascii() or m.group()[:1].isascii()):
                out.append(_mention(doc, m.start(), m.end(), "Event", "rule"))
        for m in self.latin_event.finditer(text):
            out.append(_mention(doc, m.start(), m.end(), "Event", "rule"))
        out += self._named_contests(doc, text, tokens, starts, ends) + self._meetings(doc, text, found, tokens)
        out += self._anniversaries(doc, text, starts)
        out += self._unopened_anniversaries(doc, text, tokens, out)
        # “某某”高峰论坛: the head ends a word (not “某某”两大 + 赛项)
        out += [_mention(doc, m.start(), m.end(), "Event", "rule") for m in self.quoted_event.finditer(text)
                if m.end() in ends or m.end() == len(text)]
        # the title is written whole, as a quoted name is (no conjunction splits it: 某国和某国 + 合作论坛)
        out += [_mention(doc, *m.span(1 if m.group(1) else 2), "Event", "quote") for m in self.titled_event.finditer(text)]
        return out + self._partners(doc, text, tokens, found + out) + self._pair_years(doc, text, found + out)

    # -- 中 + 俄体育交流年, 法中 + 文化旅游年
    def _pair_years(self, doc: Doc, text: str, found) -> list[Mention]:
        """A year of events two countries hold is named by the pair (``grammar.json`` events
        ``pair_years``): the home country's short name and its partner's, which jieba splits
        (中 / 俄), belong to a name that ends in one of the year's suffixes."""
        out, spec = [], self.pair_years
        home, partners = spec["home"], spec["partners"]
        for c in found:
            if c.label != "Event" or not c.text.endswith(spec["suffixes"]) or c.start < 2:
                continue
            before = text[c.start - 2:c.start]
            if before in (home + text[c.start - 1], text[c.start - 2] + home) and set(before) - {home} <= partners:
                out.append(_mention(doc, c.start - 2, c.end, "Event", "rule"))  # 法中 + 文化旅游年
            elif before[1] == home and text[c.start] in partners:
                out.append(_mention(doc, c.start - 1, c.end, "Event", "rule"))  # 中 + 俄体育交流年
        return out

    # -- 中国 + － + 某某峰会
    def _partners(self, doc: Doc, text: str, tokens, found) -> list[Mention]:
        """An event's name (or a forum's read as a body) with a place and a dash before it names
        the partners' event (首届 + 中国 + － + 某国峰会, 中国 + — + 某地合作论坛): the place, the
        dash and an edition before the place belong to it."""
        out, places = [], {t.end: t.start for t in tokens if t.tag == "ns"}
        places.update((c.end, c.start) for c in found if c.label == "Place")
        for c in found:
            # a forum of partners is an event as the lexicon's are (中国 + — + 某国合作论坛), not a standing body
            forum = c.label in ORGANIZATION_CLASSES and c.text.endswith(self.standing_event_suffixes)
            if not (c.label == "Event" or forum) or c.source != "rule" or c.start < 2 or text[c.start - 1] not in self.dashes:
                continue
            dash = c.start - 2 if text[c.start - 2] in self.dashes else c.start - 1  # a double dash: ——
            start = places.get(dash)
            if start is not None:
                edition = self.edition_before.search(text, max(0, start - 8), start)
                out.append(_mention(doc, edition.start() if edition else start, c.end, "Event", "rule"))
        return out

    # -- 某委员会 + 第九次会议, 某某座谈会 + 10日在京召开
    def _meetings(self, doc: Doc, text: str, found, tokens) -> list[Mention]:
        """One session of a body or a forum found before, or of a word jieba tags an organisation
        (its term 十四届 before it too), and a meeting named by its topic from a clause's start, or
        in a frame (在 + 某某座谈会 + 上)."""
        out, spans = [], set()
        bodies = [(c.start, c.end) for c in found if c.label in ORGANIZATION_CLASSES or c.label == "Event"]
        places = {t.start: t.end for t in tokens if t.tag == "ns"}
        places.update((c.start, c.end) for c in found if c.label == "Place")
        for c_start, c_end in bodies + [(t.start, t.end) for t in tokens if t.tag == "nt"]:
            m = self.meeting_session.match(text, c_end) or self._place_session(text, c_end, places)
            if m is None:
                continue
            term = self.meeting_term.search(text, max(0, c_start - 6), c_start)
            start = term.start() if term else c_start
            if (start, m.end()) not in spans:
                spans.add((start, m.end()))
                out.append(_mention(doc, start, m.end(), "Event", "rule"))
        for m in self.meeting_topic.finditer(text):
            group = next(i for i, g in enumerate(m.groups(), 1) if g)
            lead = self.meeting_not_first.match(text, m.start(group))  # 此次 + 某某座谈会
            start = lead.end() if lead else m.start(group)
            # a verb of taking part or holding inside ends what stands before the name (某人 + 出席 + 某某论坛)
            verb = max((text.rfind(v, start, m.end(group)) + len(v) for v in self.event_verbs
                        if text.find(v, start, m.end(group)) >= 0), default=start)
            # an edition after a verb inside opens the name (某人宣布 + 第二届某某博览会; not 某市 + 第二届…)
            edition = self.edition_inside.search(text, verb, m.end(group))
            start = edition.start() if edition and any(
                t.tag[:1] == "v" and verb <= t.start and t.end <= edition.start() for t in tokens) else verb
            if m.end(group) - start < self.topic_min:
                continue
            if not any(s <= start < e for s, e in spans):
                out.append(_mention(doc, start, m.end(group), "Event", "rule"))
        return out

    def _place_session(self, text: str, end: int, places: dict[int, int]):
        """The summit a body or a forum held in a place, right after its name (某论坛 + 某地 + 峰会)."""
        leaders = self.leaders_before.match(text, end)
        place_end = places.get(leaders.end() if leaders else end)
        return None if place_end is None else self.place_session.match(text, place_end)

    # -- 某地 + 公开赛, 某某 + 杯
    def _named_contests(self, doc: Doc, text: str, tokens, starts: set[int], ends: set[int]) -> list[Mention]:
        """A contest's ending (``event_names`` ``contest_endings``) after proper names, each a
        word of its own; a one-character ending (杯, 赛) only where the name ends."""
        out = []
        at_end = {t.end: i for i, t in enumerate(tokens)}
        for m in self.contest_endings.finditer(text):
            if m.start() not in starts or m.start() not in at_end:
                continue
            stage = event_stage().match(text, m.end())
            if not (stage or m.end() in ends and (len(m.group()) > 1 or self.after_contest.match(text, m.end()))):
                continue
            first = i = at_end[m.start()]
            start = m.start()
            # a person's name only as the whole name (某某 + 书法作品展; jieba tags 晋级 nr)
            while i >= 0 and tokens[i].end == start and self._contest_name(tokens[i]) and first - i < self.contest_name_max \
                    and (i == first or not tokens[i].tag.startswith("nr") and not tokens[i + 1].tag.startswith("nr")):
                start, i = tokens[i].start, i - 1
            if start == m.start() and m.group() in self.exhibitions:
                start = self._exhibition_start(tokens, first, start)
            elif start == m.start() and len(m.group()) > 1 and self._scoped(tokens, tokens[first].start, m.end(), 3):
                start = tokens[first].start  # 国际足球 + 友谊赛, 国际 + 冠军杯: a scope, a field, a contest
            # a sport alone is no name (篮球 + 公开赛), but a sport after a name is (某地 + 女排 + 精英赛)
            if start < m.start() and text[start:m.start()] not in self.disciplines:
                out.append(_mention(doc, start, m.end(), "Event", "rule"))
        return out

    def _exhibition_start(self, tokens, i: int, start: int) -> int:
        """Where an exhibition's name starts that holds a few plain nouns between the proper
        names and its ending (某人 + 书法 + 作品展, 某组织 + 国家 + 儿童 + 画展); ``start`` if none."""
        k = i
        while k >= 0 and i - k < self.exhibition_nouns_max and tokens[k].tag == "n" and tokens[k].text not in self.stop \
                and (k == i or tokens[k].end == tokens[k + 1].start):
            k -= 1
        first = k
        while k >= 0 and first - k < self.contest_name_max and tokens[k].end == tokens[k + 1].start \
                and self._contest_name(tokens[k]) and tokens[k].text not in self.disciplines:
            k -= 1
        return tokens[k + 1].start if k < first < i else start

    def _contest_name(self, token) -> bool:
        """A proper name or a sport that may stand in a contest's name: a person's name only with
        a surname, no verb of taking part or holding."""
        return (token.tag in _PROPER_POS or token.text in self.disciplines) and token.text not in self.event_verbs \
            and token.text not in self.stop \
            and (not token.tag.startswith("nr") or token.text[:1] in self.surnames or token.text[:2] in self.surnames)

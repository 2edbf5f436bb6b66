"""Verbs: subject … cue … object (and the inverse cue: object … cue … subject).

Lists on either side (coordinators), the passive marker (the object before it, the agents right
before the cue), relative clauses without a subject (the topic of the paragraph is the subject),
a partner named with a pair joiner before a symmetric cue, agents acting jointly. Negation between
the subject and the cue drops a relation; a hedge lowers its confidence. Stateless functions of
a :class:`~kg.relations.context.DocContext` returning :class:`~kg.records.Relation` records.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ontology import RelationSpec
from ..records import Relation
from .context import DocContext, Mention, fits
from .attends import stands_for
from .lists import coordinated_after, coordinated_before, joint_agents, titles_only
from .verb_guards import about, named_from, quote_around, subject_after, unnamed_first

#: the most characters between a verb and its first object, and between a subject and its verb
#: before the relation is stated with less confidence
_OBJECT_REACH, _FAR_SUBJECT = 20, 14
#: how far before its sentence the topic may have been named
_TOPIC_REACH = 60


def verbs(ctx: DocContext) -> list[Relation]:
    """Every cue of the ontology, longest first; a cue inside a name, a longer cue or a title is
    no cue."""
    out = []
    covered = bytearray(len(ctx.text) + 1)
    for m in ctx.mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    used: set[int] = set()
    text = ctx.text
    for title, _ in ctx.lex.titles:  # a title holding a cue (联合 + 创始人) is no cue
        for hit in re.finditer(re.escape(title), text):
            used.update(range(*hit.span()))
    for cue in ctx.lex.cues:
        for hit in re.finditer(re.escape(cue.word), text):
            cs, ce = hit.span()
            if covered[cs] or any(i in used for i in range(cs, ce)):
                continue
            if cue.spec.name in ctx.lex.verbs["dated_relations"] and (
                    text[ce:ce + 1] in ctx.lex.words["place_prepositions"]
                    or re.match(ctx.lex.verbs["anniversary_after"], text[ce:ce + 12])):
                continue  # 成立于 + a date or a place, 成立60周年: no founder
            if cue.word in ctx.lex.verbs["tight_cues"] and not any(m.start == ce for m in ctx.mentions):
                continue  # (转会费, 转会离开某队: no name right after)
            if re.match(ctx.lex.verbs["cue_not_before"].get(cue.word, "(?!)"), text[ce:]):
                continue  # (联合 + 协调理事会: a word of a name nobody recognised)
            found = _verb(ctx, cue.spec, cs, ce, cue.inverse)
            if not found and cue.word in ctx.lex.verbs["two_way_cues"]:
                found = _verb(ctx, cue.spec, cs, ce, not cue.inverse)
            if cue.word in ctx.lex.verbs["market_cues"]:
                places = {m.key for m in ctx.mentions if m.label == "Place"}
                found = [r for r in found if r.subject not in places]
            by_class = ctx.lex.verbs["by_object_class"].get(cue.word)
            if by_class:  # 加入 + a company: works for it (a party, an association: a member)
                label = {m.key: m.label for m in ctx.mentions}
                found = [replace(r, predicate=by_class.get(label.get(r.object), r.predicate)) for r in found]
            by_ending = ctx.lex.verbs["by_object_ending"].get(cue.word)
            if by_ending:  # 加入 + a sports team (某某女排, 某某队): plays for it, works for it
                name = {e.key: e.name for e in ctx.entities}
                found = [replace(r, predicate=next((rel for rel, ends in by_ending.items()
                                                    if name.get(r.object, "").endswith(tuple(ends))), r.predicate))
                         for r in found]
            if found:
                used.update(range(cs, ce))
                out += found
    return out


def _listed_partners(ctx: DocContext, near: list[Mention]) -> list[Mention]:
    """The names listed last before a symmetric cue, the first of them after a partner marker
    (同乙、丙): the partners; none when no marker opens the list."""
    text, marks = ctx.text, ctx.lex.marks
    i = len(near) - 1
    while i > 0 and text[near[i - 1].end:near[i].start] in ctx.lex.list_joins:
        i -= 1
    if i == len(near) - 1 or i == 0 or text[near[i].start - 1:near[i].start] not in marks["partner_markers"]:
        return []
    return near[i:]


def _verb(ctx: DocContext, spec: RelationSpec, cs: int, ce: int, inverse: bool) -> list[Relation]:
    text, marks = ctx.text, ctx.lex.marks
    joiners = tuple(marks["pair_joiners"])
    ss, se = ctx.sentence(cs)
    in_sentence = [m for m in ctx.mentions if m.start >= ss and m.end <= se]
    left = [m for m in in_sentence if m.end <= cs]
    right = [m for m in in_sentence if m.start >= ce]
    subj_types, obj_types = (spec.range, spec.domain) if inverse else (spec.domain, spec.range)
    first_right = _first(ctx, right, obj_types, ce)
    if first_right is None and spec.symmetric:
        # both parties stand before the cue, a pair joiner between them
        near = [m for m in left if m.label in subj_types]
        if len(near) >= 2 and text[near[-1].start - 1:near[-1].start] in joiners:
            first_right = near[-1]
            right = [near[-1]]
            # 甲同乙和丙: the partner marker before 乙, 乙 and 丙 listed: both are 甲's partners
            if len(near) >= 3 and text[near[-2].start - 1:near[-2].start] in marks["partner_markers"] \
                    and text[near[-2].end:near[-1].start] in ctx.lex.coordinators:
                first_right = near[-2]
                right = near[-2:]
            left = [m for m in left if m.end <= first_right.start - 1]
        elif near:  # 甲同乙、丙的伙伴关系: a list after the partner marker, all 甲's partners
            listed = _listed_partners(ctx, near)
            if listed:
                first_right, right = listed[0], listed
                left = [m for m in left if m.end <= first_right.start - 1]
    if first_right is None:
        return [] if inverse or spec.symmetric else passive(ctx, left, spec, cs, ce, ss) or financed(ctx, left, spec, cs, ce, ss)
    first_right = _clause_head(ctx, first_right, right, obj_types, ce)
    if _possessor(ctx, first_right, right) or unnamed_first(ctx, obj_types, ce, first_right) \
            or about(ctx, cs, first_right.end, se):
        return []
    objects = [innermost(ctx, o, right) for o in [first_right] + coordinated_after(ctx, first_right, right, obj_types)]
    renamed = next((m for m in right if m.start >= objects[-1].end), None)  # 首款5G芯片——X: X
    if renamed is not None and renamed.label in obj_types \
            and re.fullmatch(ctx.lex.verbs["apposition_after_object"], text[objects[-1].end:renamed.start]):
        objects[-1] = renamed
    named_only = spec.name in ctx.lex.verbs["named_objects_only"]
    # an event qualifying a noun after it (举办某全会精神宣介会) is no object of any cue
    objects = [o for o in objects if o.label != "Event"
               or not re.match(ctx.lex.verbs["named_object_not_before"], text[o.end:o.end + 4])]
    if named_only:  # a bare word for the event (出席会议) is read by kg.relations.attends
        unattended = re.compile(ctx.lex.verbs["unattended_events"])  # (参加活动 + 某疫情 named before)
        name = {e.key: e.name for e in ctx.entities}
        objects = [o for o in objects if (not o.anaphor or stands_for(ctx, o, cs, ce))
                   and not unattended.search(name.get(o.key, ctx.text[o.start:o.end]))]
    if not objects:
        return []
    conf, rule = spec.confidence, "inverse-verb" if inverse else "verb"
    subjects: list[Mention] = []
    near = [m for m in left if m.label in subj_types and cs not in m.qualifies and not locative(ctx, m, left)]
    clause_start = ctx.clause_start(cs, ss)
    near = _without_sources(ctx, near, left, clause_start)
    relative = bool(re.match(ctx.lex.verbs["relative_clause"], text[ce:ce + 3]))
    # the last names before the cue with those listed before them; the first of them opens the list
    listed = [near[-1]] + coordinated_before(ctx, near[-1], left, subj_types) if near else []
    opener = named_from(ctx, listed[-1], left) if listed else None
    # a clause describing a noun after it: that noun is the subject
    # (a place's part between: 位于某市 + 中心 + 的 + 某广场)
    part = re.compile((marks["place_part"] if objects[-1].label == "Place" else "") + re.escape(marks["possessive"]))
    head = next((m for m in right if m.start > objects[-1].end and m.label in subj_types
                 and part.fullmatch(text, objects[-1].end, m.start)), None)
    tail = objects[-1].end  # (the event's session named after it: 出席某峰会开幕式的)
    session = next((w for w in ctx.lex.words["event_sessions"] if named_only and text.startswith(w, tail)), "")
    tail += len(session)
    if head is None and "Person" in subj_types and text.startswith(marks["possessive"], tail):
        # a person with organisations and titles after the possessive (会见出席某峰会的某国首相 + PERSON)
        after = next((m for m in right if m.start > tail and m.label == "Person"), None)
        if after is not None and titles_only(ctx, right, tail + 1, after.start):
            head = after
    if head is None and text.startswith(marks["at"], cs - len(marks["at"])) and part.match(text, objects[-1].end):
        return []  # 某国民众在位于某市的 + a noun: the clause places that noun, no subject before 在
    purpose = text[clause_start:cs].startswith(tuple(ctx.lex.verbs["purpose_openers"]))
    de = tail + len(marks["possessive"])
    if head is None and named_only and text.startswith(marks["possessive"], tail) \
            and not text.startswith(tuple(ctx.lex.words["event_sessions"]), de):
        return []  # 会见出席某论坛的各国代表: the verb describes the noun after, not the subject before
    late = subject_after(ctx, clause_start, cs, objects[-1].end, se, subj_types)
    if head is not None or late is not None:  # (在出席某论坛时，PERSON 表示: the person after)
        subjects, start = [head or late], cs if head else clause_start
    elif near and near[-1].start >= clause_start and not (relative and near[-1].start < clause_start):
        subj = near[-1]
        if relative and _at_phrase(ctx, subj, objects[-1]):
            return []
        if len(text[subj.end:cs]) > _FAR_SUBJECT:
            conf -= 0.15
        # a pair joiner before the subject of a symmetric cue: that one is the partner
        if spec.symmetric and text[max(ss, subj.start - 1):subj.start] in joiners:
            objects = [subj]
            earlier = [m for m in left if m.label in subj_types and m.end <= subj.start - 1]
            if not earlier:
                return []
            subj = earlier[-1]
        # the passive marker before the subject: it is the agent, the object stands before the marker
        # (not of a symmetric cue: 某赛由甲联合乙主办, the partners are the agents, the event no partner)
        if text[max(ss, subj.start - 1):subj.start] == marks["passive"] and not inverse and not spec.symmetric:
            before = [m for m in left if m.end <= subj.start - 1 and m.label in spec.range]
            if before:
                objects = [before[-1]]
        subjects = [subj] + coordinated_before(ctx, subj, left, subj_types) + together(ctx, subj, left, subj_types, cs)
        if subj.label != "Person":
            subjects += joint_agents(ctx, subjects, left, subj_types, clause_start)
        if ctx.said(ctx.lex.negation, subjects[-1].end, cs) or ctx.said(ctx.lex.negation, max(ss, cs - 2), cs):
            return []
        if ctx.said(ctx.lex.hedges, max(ss, subjects[-1].start - 4), cs):
            conf -= 0.25
        start = min(m.start for m in subjects + objects)
    elif purpose:
        return []  # a phrase of purpose (为构建某格局、推进某战略) states nothing of an earlier subject
    elif (relative or not near) and len(text[clause_start:cs].strip()) <= 5:
        # a clause without a subject carries the topic
        topic = None if _opens_with_noun(ctx, ss) or _own_subject(ctx, spec, left, objects, ss, clause_start, cs) \
            else carried_topic(ctx, ss, subj_types)
        if topic is None:
            return []
        subjects, conf, rule = [topic], conf - 0.2, rule + "-topic"
        start = cs
    elif near and re.fullmatch(ctx.lex.verbs["opener_lead"], text[ctx.clause_start(opener.start, ss):opener.start].strip()):
        # the subjects open an earlier clause of the sentence (a negation in the cue's clause drops it);
        # a speaker (某某指出，…) is not the subject of what is reported
        if ctx.said(ctx.lex.negation, clause_start, cs) \
                or re.match(ctx.lex.verbs["speaker_after" if near[-1].label == "Person" else "spokesman_after"],
                            text[near[-1].end:clause_start]):
            return []
        subjects, conf = listed, conf - 0.2
        start = opener.start
    elif len(text[clause_start:cs].strip()) <= 5 and not _opens_with_noun(ctx, ss) \
            and not _own_subject(ctx, spec, left, objects, ss, clause_start, cs) \
            and (topic := carried_topic(ctx, ss, subj_types)):
        subjects, conf, rule = [topic], conf - 0.2, rule + "-topic"
        start = cs
    else:
        return []
    quoted = quote_around(ctx, cs)
    if quoted:  # a cue inside a quoted title (“甲与乙：携手…”研讨会在某地举行): both ends inside it
        subjects = [m for m in subjects if quoted[0] <= m.start and m.end <= quoted[1]]
        objects = [m for m in objects if quoted[0] <= m.start and m.end <= quoted[1]]
        if not subjects or not objects:
            return []
    end = max(m.end for m in objects + subjects)
    out = []
    for s in subjects:
        for o in objects:
            a, b = (o, s) if inverse else (s, o)
            if fits(spec, a, b):
                out.append(ctx.rel(spec, a, b, start, end, conf, rule))
    return out


def together(ctx: DocContext, subj: Mention, left: list[Mention], types, cs: int) -> list[Mention]:
    """The partner of a subject acting together with it: PARTNER + (a date, a place with 在) + pair
    joiner + (a few words) + SUBJECT + 一起 / 共同 + the cue (A与B一起创立了X, A在某地同B共同出席X)."""
    text, verbs_ = ctx.text, ctx.lex.verbs
    if text[subj.end:cs].strip() not in verbs_["together"]:
        return []
    for m in reversed([m for m in left if m.end < subj.start and not locative(ctx, m, left)]):
        gap = text[m.end:subj.start]
        lead = re.match(verbs_["together_lead"], gap)  # (3日在北京 + 同 + 某国总统 + SUBJECT)
        gap = gap[lead.end():] if lead else gap
        if gap[:1] in ctx.lex.marks["pair_joiners"] and re.fullmatch(verbs_["together_reach"], gap[1:]):
            return [m] if m.label in types else []
    return []


def financed(ctx: DocContext, left: list[Mention], spec: RelationSpec, cs: int, ce: int, ss: int) -> list[Relation]:
    """Investors named after a round of funding, their cue with no object (X完成B轮融资，由Y领投):
    they invested in the organisation that raised it, named before the funding word in its clause."""
    text, verbs_ = ctx.text, ctx.lex.verbs
    if spec.name not in verbs_["financing_relations"]:
        return []
    agents = [m for m in left if m.label in spec.domain and m.start >= ctx.clause_start(cs, ss)]
    if not agents or text[agents[-1].end:cs].strip() not in verbs_["joint_gaps"]:
        return []
    subjects = [agents[-1]] + coordinated_before(ctx, agents[-1], left, spec.domain)
    first = min(m.start for m in subjects)
    words = [w for w in verbs_["financing_words"] if w in text[ss:first]]
    if not words:
        return []
    at = max(text.rfind(w, ss, first) for w in words)
    clause = ctx.clause_start(at, ss)
    raised = [m for m in left if clause <= m.start and m.end <= at and m.label in spec.range]
    if not raised or ctx.said(ctx.lex.negation, raised[-1].end, at):
        return []
    obj = raised[-1]
    return [ctx.rel(spec, s, obj, obj.start, ce, spec.confidence - 0.1, "financing") for s in subjects if fits(spec, s, obj)]


def innermost(ctx: DocContext, m: Mention, right: list[Mention]) -> Mention:
    """The last of a run of places written one right after the other (美国 + 某市, 某市西北 + 某乡): the verb
    places its subject in the innermost; the run's own nesting says the rest."""
    if m.label != "Place":
        return m
    direction = re.compile(ctx.lex.places["direction_gap"])
    for n in right:
        if n.start >= m.end and n.label == "Place" and not ctx.lex.region.fullmatch(ctx.text[n.start:n.end]) \
                and (n.start == m.end or direction.fullmatch(ctx.text[m.end:n.start])):
            m = n
    return m


def passive(ctx: DocContext, left: list[Mention], spec: RelationSpec, cs: int, ce: int, ss: int) -> list[Relation]:
    """The object before the passive marker, the agents right before the cue.

    A later clause of the same sentence with only agents and a cue of the same relation shares the
    object, at a lower confidence.
    """
    text, marks = ctx.text, ctx.lex.marks
    clause_start = ctx.clause_start(cs, ss)
    near = [m for m in left if m.label in spec.domain and m.start >= clause_start]
    if not near:
        return []
    gap = text[near[-1].end:cs].strip()
    if near[-1].label == "Person" and gap.endswith(ctx.lex.honorifics):
        gap = next(gap[:-len(h)] for h in ctx.lex.honorifics if gap.endswith(h))
    if gap not in ctx.lex.verbs["joint_gaps"]:
        return []
    subjects = [m for m in [near[-1]] + coordinated_before(ctx, near[-1], left, spec.domain)
                if m.start >= clause_start]
    subjects += joint_agents(ctx, subjects, left, spec.domain, clause_start)
    first = min(m.start for m in subjects)
    by = text.rfind(marks["passive"], ss, first)
    if by < 0 or ctx.said(ctx.lex.negation, max(ss, by - 4), cs):
        return []
    conf = spec.confidence
    if subjects[-1].label == "Person" and by < first - 1 and titles_only(ctx, left, by + 1, first):
        first = by + 1  # the first person's organisation and titles
    if by != first - 1:
        # each clause between the marker and this one names agents and ends with a cue of the relation
        clauses = [c for c in re.split(marks["clause_separators"], text[by + 1:clause_start]) if c.strip()]
        if not clauses or not all(c.endswith(spec.verb_cues) for c in clauses) \
                or text[clause_start - 1:clause_start] not in marks["clause_marks"] \
                or text[first - 1] not in marks["clause_marks_or_space"]:
            return []
        conf -= 0.1
    # a session of the event, an adverb between the event and the marker
    objects = [m for m in left if m.end <= by and m.label in spec.range
               and (by - m.end <= 2 or (m.label == "Event" and ctx.lex.session_gap.fullmatch(text[m.end:by])))]
    if not objects:
        return []
    obj = objects[-1]
    return [ctx.rel(spec, s, obj, obj.start, ce, conf, "passive") for s in subjects if fits(spec, s, obj)]


def locative(ctx: DocContext, m: Mention, left: list[Mention]) -> bool:
    """Whether a place stands after a place preposition (在 / 于, the places nested or listed
    before it between: 在某省某市, 在甲市和乙市), or names a time zone (某地时间): it says where or
    when, it is no subject."""
    if m.label != "Place":
        return False
    if ctx.text.startswith(tuple(ctx.lex.verbs["place_not_agent_after"]), m.end):
        return True
    start = m.start
    for before in reversed([b for b in left if b.end <= m.start]):
        if before.label != "Place" or (before.end != start and ctx.text[before.end:start] not in ctx.lex.list_joins):
            break
        start = before.start
    return ctx.text[max(0, start - 1):start] in ctx.lex.words["place_prepositions"]


def _without_sources(ctx: DocContext, near: list[Mention], left: list[Mention], clause_start: int) -> list[Mention]:
    """The subject candidates without the names after a source marker (某队从某俱乐部引进某某:
    where the object comes from), when a candidate of the cue's clause stands before the marker;
    else as they are (从某市政府颁布的某办法到…: that name is the agent)."""
    sources = [m for m in near if m.start >= clause_start and _source(ctx, m, left)]
    if not sources or not any(clause_start <= m.start and m.end < sources[0].start for m in near):
        return near
    return [m for m in near if m not in sources]


def _source(ctx: DocContext, m: Mention, left: list[Mention]) -> bool:
    """Whether a name stands right after a source marker (从), the names nested before it
    between (从某国某俱乐部)."""
    start = m.start
    for before in reversed([b for b in left if b.end <= m.start]):
        if before.end != start:
            break
        start = before.start
    return ctx.text[max(0, start - 1):start] in ctx.lex.verbs["source_markers"]


def _own_subject(ctx: DocContext, spec: RelationSpec, left: list[Mention], objects: list[Mention],
                 ss: int, clause_start: int, cs: int) -> bool:
    """Whether the cue's clause, which names no fitting subject, has one of its own, so no topic
    from an earlier sentence is its subject: a relation whose subject the clause must name
    (worksFor, memberOf); a name of another class or a word
    standing for an agent (我国, 中方, 我们) before the cue; a full clause of the sentence before the
    cue's that does not open with a verb (its subject goes on; a clause opening with one, 有收编的
    某某, carries the topic too); the cue inside a phrase describing a noun after its objects
    (来自某大学等高校的 + 志愿者, 位于某市的 + 这家工厂)."""
    verbs_ = ctx.lex.verbs
    if spec.name in verbs_["clause_subject_relations"]:
        return True
    if any(m.start >= clause_start and not locative(ctx, m, left) for m in left):
        return True
    if any(w in ctx.text[clause_start:cs] for w in verbs_["clause_subjects"]):
        return True
    # a full clause of the sentence before the cue's: its subject goes on; not a clause opening
    # with a verb (有 + 某某) nor a noun phrase of names described before 的 (深度合作的 + 某甲、某乙)
    for clause in re.finditer(rf"(?:(?!{ctx.lex.marks['clause_separators']}).)+", ctx.text[ss:clause_start]):
        start, end = ss + clause.start(), ss + clause.end()
        opening = start + len(clause.group()) - len(clause.group().lstrip())
        if len(clause.group().strip()) > verbs_["topic_clause_reach"] and not ctx.words.tag_at(opening).startswith("v") \
                and not _described_names(ctx, start, end):
            return True
    return re.match(verbs_["describing_after_objects"], ctx.text[objects[-1].end:]) is not None


def _described_names(ctx: DocContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends in names after its last possessive, listed (某某的 + 甲、乙):
    a noun phrase, no clause with a subject of its own."""
    text = ctx.text
    last = text.rfind(ctx.lex.marks["possessive"], start, end) + 1
    if last <= 0:
        return False
    joins = ctx.lex.list_joins
    named = [m for m in ctx.mentions if m.end > last and m.start < end]
    return bool(named) and all(any(m.start <= i < m.end for m in named) or text[i] in joins or text[i].isspace()
                               for i in range(last, end))


def _opens_with_noun(ctx: DocContext, sentence_start: int) -> bool:
    """Whether the sentence opens with a noun no mention covers: its own subject, unrecognised."""
    opener = ctx.openers.get(sentence_start)
    return opener is not None and opener[1].startswith("n") and not any(
        m.start <= opener[0] < m.end for m in ctx.mentions)


def carried_topic(ctx: DocContext, sentence_start: int, types) -> Mention | None:
    """The subject carried over from the sentences before: the last fitting name within reach,
    unless a relation's cue stands before it in its own sentence (then it is that cue's object)."""
    fits_ = [m for m in ctx.mentions if m.end <= sentence_start and m.label in types and not m.anaphor]
    if not fits_ or sentence_start - fits_[-1].end > _TOPIC_REACH:
        return None
    topic = fits_[-1]
    start, end = ctx.sentence(topic.start)
    # a place written before the nouns that end its sentence qualifies them
    if end in topic.qualifies or any(cue.word in ctx.text[start:topic.start] for cue in ctx.lex.cues):
        return None
    return topic


def _clause_head(ctx: DocContext, first: Mention, right, types, ce: int) -> Mention:
    """When another cue stands between the verb and its first object, and that object is followed
    by (a few characters and) the possessive and a name of the same kind, the object is that name,
    the head the clause describes."""
    between = ctx.text[ce:first.start]
    if not any(cue.word in between for cue in ctx.lex.cues):
        return first
    head = next((m for m in right if m.start >= first.end), None)
    if head is not None and head.label in types and \
            re.fullmatch(ctx.lex.verbs["clause_head_gap"], ctx.text[first.end:head.start]):
        return head
    return first


def _at_phrase(ctx: DocContext, subj: Mention, obj: Mention) -> bool:
    """Whether the cue sits in a place phrase after the subject (某公司在某市举办的某会上 …):
    在 right after the subject, a position word (上 / 中 / 期间) right after the object; the
    clause is the place of what the subject does next, the subject is not the cue's agent."""
    return ctx.text.startswith(ctx.lex.marks["at"], subj.end) \
        and re.match(ctx.lex.events["opening_positions"], ctx.text[obj.end:]) is not None


def _possessor(ctx: DocContext, m: Mention, right: list[Mention]) -> bool:
    """Whether the object is only the possessor of what the verb acts on: after a product, (a
    short head noun,) the possessive and a noun that is no name (公布了某产品的价格); after any
    name, a word of its parts (partOf's inverse cues: 旗下), the possessive and such a noun
    (收购了某公司旗下的平台). An organisation's research stays its own (资助了某大学的研究)."""
    head = re.match(ctx.lex.verbs["possessor_head"], ctx.text[m.end:])
    if m.label != "Product" and not (head and head.group() in ctx.lex.relations["partOf"].inverse_cues):
        return False
    at = m.end + (len(head.group()) if head else 0)
    if ctx.text[at:at + 1] != ctx.lex.marks["possessive"]:
        return False
    after = next((n for n in right if n.start > at), None)
    return (after is None or after.start > at + 1) and bool(re.match(ctx.lex.verbs["possessed_noun"], ctx.text[at + 1:]))


def _first(ctx: DocContext, right, types, ce: int) -> Mention | None:
    """The first object after the cue: a name of the object's classes within reach, or named in
    apposition after a dash (发布了全球首款旗舰芯片——X) or a colon."""
    for m in right:
        gap = ctx.text[ce:m.start]
        if (re.fullmatch(ctx.lex.verbs["object_list_gap"], gap)
                or re.fullmatch(ctx.lex.verbs["object_apposition_gap"], gap)) and m.label in types:
            return m
        if ctx.lex.clause_end.search(gap) or len(gap) > _OBJECT_REACH:
            return None
        if m.label in types:
            return m
    return None

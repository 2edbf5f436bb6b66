"""Checks of a cue's ends that the verb patterns (:mod:`.verbs`) read: whether the first name after a
cue is its object (an unnamed meeting, a titled work or what someone speaks about stands before it),
the quotation marks around a cue, and the first mention of a name written with an alias in brackets.

Stateless functions of a :class:`~kg.relations.context.DocContext`.
"""

from __future__ import annotations

import re

from .context import DocContext, Mention


def unnamed_first(ctx: DocContext, types, ce: int, first: Mention) -> bool:
    """Whether an unnamed meeting (举行发布会介绍了某运动会) or a titled work (发布《某白皮书》，介绍某
    系统) follows the cue before its first name: that is the object; the name after it is not."""
    gap, (opening, closing) = ctx.text[ce:first.start], ctx.lex.verbs["book_marks"]
    if opening in gap and closing not in gap:  # a name inside a longer title (发布《新时代的某某》白皮书)
        end = ctx.text.find(closing, first.end)
        return gap.rsplit(opening, 1)[1] != "" or (end > 0 and ctx.text[first.end:end] != "")
    return ("Event" in types and re.match(ctx.lex.verbs["unnamed_event_object"], gap) is not None) \
        or re.search(ctx.lex.verbs["titled_work"], gap) is not None


def about(ctx: DocContext, cs: int, end: int, se: int) -> bool:
    """Whether the cue names what someone speaks about (某某就组建某公司作出指示): 就 right before
    it and a verb of stating or instructing later in its clause."""
    data = ctx.lex.verbs
    if not ctx.text.startswith(data["about_marker"], cs - len(data["about_marker"])):
        return False
    stop = ctx.lex.clause_end.search(ctx.text, end, se)
    return re.search(data["about_close"], ctx.text[end:stop.start() if stop else se]) is not None


def quote_around(ctx: DocContext, at: int) -> tuple[int, int] | None:
    """The span inside the paired quotation marks (“…”) around ``at`` in its sentence, if any."""
    opening, closing = ctx.lex.verbs["paired_quotes"]
    ss, se = ctx.sentence(at)
    qs = ctx.text.rfind(opening, ss, at)
    if qs < 0 or ctx.text.find(closing, qs, at) >= 0:
        return None
    qe = ctx.text.find(closing, at, se)
    return (qs + 1, qe) if qe >= 0 else None


def named_from(ctx: DocContext, m: Mention, left: list[Mention]) -> Mention:
    """The first of the mentions of ``m``'s entity written one after another with only brackets
    between (某公司（Alias）公司 is one name)."""
    marks = "".join(ctx.lex.titles_data["brackets"]) + " "
    for before in reversed([b for b in left if b.end <= m.start]):
        if before.key != m.key or ctx.text[before.end:m.start].strip(marks):
            break
        m = before
    return m


def subject_after(ctx: DocContext, clause: int, cs: int, end: int, se: int, types) -> Mention | None:
    """The subject named right after a clause of time opened by 在 and the cue (在出席某论坛时，某某表示):
    the first name of the next clause, when it opens it."""
    data, text = ctx.lex.verbs, ctx.text
    if text[clause:cs].strip() != ctx.lex.marks["at"]:
        return None
    close = re.compile(data["time_clause_end"]).match(text, end)
    if close is None:
        return None
    nxt = next((m for m in ctx.mentions if m.start >= close.end() and m.end <= se), None)
    return nxt if nxt is not None and nxt.label in types and not text[close.end():nxt.start].strip() else None

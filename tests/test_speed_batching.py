"""Docs batched across articles give what one at a time gives: LAC's spans of several texts run
together, the ``kg_lac`` component's ``pipe`` and a build of several articles (invented names)."""

from __future__ import annotations

from kg.lac import lac_spans, lac_spans_many
from kg.records import Article

TEXTS = ["星河科技的林一帆在青藤市发布了X9手机。\n北辰集团与云岭大学签约。",
         "", "记者周明远报道。\n\n云岭大学校长吴清禾在青藤市出席了会议。",
         "北辰集团与云岭大学签约。林一帆说，飞鱼T3 Pro将在秋季上市！"]


def test_lac_spans_of_several_texts_are_each_texts_own():
    together = lac_spans_many(TEXTS)
    assert together == [lac_spans(text) for text in TEXTS]
    assert any(spans for spans in together)  # something was found, so the comparison says something


def test_a_pipe_of_articles_finds_what_one_at_a_time_finds():
    from kg.nlp import analyse, analyse_many, get_pipeline

    nlp = get_pipeline()
    articles = [Article(f"a{k}.txt", f"a{k}", text, text.split("\n")[0]) for k, text in enumerate(TEXTS) if text]
    alone = [analyse(a, nlp) for a in articles]
    piped = [doc for _, doc in analyse_many(articles, nlp, batch_size=2)]
    assert [d.user_data["kg_lac"] for d in piped] == [d.user_data["kg_lac"] for d in alone]
    assert [[(e.key, e.label) for e in d._.kg_entities] for d in piped] \
        == [[(e.key, e.label) for e in d._.kg_entities] for d in alone]
    assert any(d._.kg_entities for d in alone)


def test_the_sentence_around_an_offset_is_found_by_bisection_as_by_scanning():
    from kg.relations.context import DocContext
    from kg.relations.lexicon import relation_lexicon

    lex = relation_lexicon()
    text = "星河科技发布了X9。林一帆说：好！！\n北辰集团；云岭大学?末句"
    ctx = DocContext(text, (), None, {}, lex)
    assert ctx._marks is not None

    def scanned(pos):
        start = max((m.end() for m in lex.sentence_end.finditer(text, 0, pos)), default=0)
        m = lex.sentence_end.search(text, pos)
        return start, m.start() if m else len(text)

    assert [ctx.sentence(p) for p in range(len(text) + 1)] == [scanned(p) for p in range(len(text) + 1)]
    assert ctx.sentence(0) == (0, 9) and ctx.sentence(len(text)) == (len(text) - 2, len(text))


def test_tagger_spans_of_several_texts_are_each_texts_own():
    import jieba

    from kg.tagger.component import _PRODUCT_CODE, load_model, tagger_spans, tagger_spans_many

    model = load_model("")
    texts = [t for t in TEXTS] + ["飞鱼T3 Pro和Zeta 5将在秋季上市，售价2999元。\n星河X9手机发布。"]
    words = []
    for text in texts:
        spans, at = [], 0
        for w in jieba.cut(text):
            spans.append((at, at + len(w)))
            at += len(w)
        words.append(spans)
    for keep in (None, _PRODUCT_CODE):
        together = tagger_spans_many(texts, words, model, 0.5, (), keep)
        assert together == [tagger_spans(t, w, model, 0.5, (), keep) for t, w in zip(texts, words)]
        assert any(together)

"""The byline shapes of Chinese news (invented names): which authors and publishers each gives."""

import pytest

from kg.byline import parse_article


def _names(text: str) -> tuple[list[str], list[str]]:
    article = parse_article(text, "x.txt")
    for name, start, end, ev_start, ev_end in article.authors + article.publishers:
        assert text[start:end] == name and ev_start <= start and end <= ev_end
    return [a[0] for a in article.authors], [p[0] for p in article.publishers]


@pytest.mark.parametrize("text, authors, publishers", [
    # a byline word after the name is no part of it
    ("记者林一帆报道：今天上午，会议召开。", ["林一帆"], []),
    ("（星河社记者林一帆摄）两国元首会谈。", ["林一帆"], []),
    ("星河社北京3月5日电（记者林一帆、王小雨）今天，会议召开。", ["林一帆", "王小雨"], ["星河社"]),
    ("星河网10月4日讯（记者林一帆 整合）长假过半。", ["林一帆"], ["星河网"]),
    # a reporter that is no byline: interviews, a clause after 记者
    ("他在接受记者专访时说，这很重要。", [], []),
    ("他受电视台记者采访时说这番话。", [], []),
    ("记者从星河市公安局了解到，案件告破。", [], []),
    ("资深调查记者林一帆近日在接受采访时表示，这很重要。", [], []),
    ("《星河》作者：林一帆，这本书很好。", [], []),
    # a date-led sentence is no byline: its rest names no publisher
    ("2019年5月21日下午，星河职业大学召开大会，部署工作。", [], []),
    ("2019年5月21日，星河职业大学召开大会。", [], []),
    # 原创 / 来源 inside a sentence are no byline keys
    ("他的原创歌曲《星河》发行后走红。", [], []),
    ("他的收入来源于星河公司。", [], []),
])
def test_one_line_bylines(text, authors, publishers):
    assert _names(text) == (authors, publishers)


@pytest.mark.parametrize("text, authors, publishers", [
    ("标题\n2019-01-02 来源：星河日报\n本报讯（职工通讯员 林一帆 王小雨）为推进工作。\n正文。",
     ["林一帆", "王小雨"], ["星河日报"]),
    ("标题\n星河必读 发布时间：10-08 12:00\n一位女士放弃了工作。\n正文。", [], ["星河必读"]),
    ("标题\n2019-01-02 12:00 来源：星河网\n星河社巴黎12月9日电（记者林一帆）法国9日。\n正文。",
     ["林一帆"], ["星河网", "星河社"]),
    # a byline line of an outlet and its reporters: the outlet publishes
    ("标题\n2019年1月2日 来源：星河新闻网\n星河新闻记者 林一帆 王小雨\n正文。",
     ["林一帆", "王小雨"], ["星河新闻网", "星河新闻"]),
    ("标题\n2019-05-21 09:00 星河新闻 作者：林一帆\n正文。", ["林一帆"], ["星河新闻"]),
    ("标题\n星河日报记者 林一帆 北京报道\n正文。", ["林一帆"], []),
    ("标题\n文/林一帆\n正文第一段。\n正文第二段。", ["林一帆"], []),
    ("标题\n2019-01-02\n星河晚报讯（记者 林一帆 通讯员 王小雨）昨天。\n正文。", ["林一帆", "王小雨"], ["星河晚报"]),
    ("标题\n2019-01-02 来源：星河日报\n本报记者 林一帆\n正文。", ["林一帆"], ["星河日报"]),
    ("标题\n2019-01-02 来源：星河日报\n星河日报记者林一帆、欧阳小雨报道\n正文。", ["林一帆", "欧阳小雨"], ["星河日报"]),
    ("标题\n2019-01-02\n据星河日报消息，会议召开。\n正文。", [], []),
    # the byline some sites write at the end
    ("标题\n2019-01-02\n正文。\n林一帆/文", ["林一帆"], []),
    ("标题\n2019-01-02 星河\n正文。\n星河晚报记者 林一帆", ["林一帆"], ["星河"]),
    ("标题\n2019-01-02\n正文。\n来源|星河参考、星河发布、星河晚报", [], ["星河参考", "星河发布", "星河晚报"]),
    ("标题\n2019-01-02\n正文。\n（来源：星河日报）", [], ["星河日报"]),
    # a data source, an editor and a photo credit name no author or publisher
    ("标题\n2019-01-02\n正文。\n（资料来源：星河日报、星河网等）", [], []),
    ("标题\n2019-01-02\n正文。\n责任编辑：林一帆", [], []),
])
def test_titled_bylines(text, authors, publishers):
    assert _names(text) == (authors, publishers)


def test_a_publisher_is_a_name_not_a_clause():
    _, publishers = _names("标题\n2019-01-02 来源：星河日报，星河大学召开大会。\n正文。")
    assert publishers == ["星河日报"]
    _, publishers = _names("标题\n2019-01-02 原创：星河大学召开了一次很长很长很长很长的大会并部署工作\n正文。")
    assert publishers == []


def test_every_joined_reporter_works_for_the_outlet():
    from kg.pipeline import analyse, get_pipeline

    text = "星河医院开展义诊\n2019-01-02 来源：新华网\n新华社记者 林一帆 王小雨\n星河医院昨天开展义诊活动。"
    doc = analyse(parse_article(text, "x.txt"), get_pipeline(False))
    names = {e.key: e.name for e in doc._.kg_entities}
    works = {(names.get(r.subject), names.get(r.object)) for r in doc._.kg_relations if r.predicate == "worksFor"}
    assert {(p, o[:2]) for p, o in works} == {("林一帆", "新华"), ("王小雨", "新华")}

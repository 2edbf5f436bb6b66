"""Relation patterns on small sentences: text in, (subject, predicate, object) names out."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    # the rules alone, so that these tables test the patterns, not the statistical model
    return make_pipeline(with_ner=False)


def extract(nlp, body: str):
    text = "标题\n\n" + body
    doc = analyse(parse_article(text, "t.txt"), nlp)
    names = {e.key: e.name for e in doc._.kg_entities}
    for rel in doc._.kg_relations:
        assert text[rel.start:rel.end] == rel.evidence, "evidence must be verbatim"
        assert 0 < rel.confidence <= 1
    return {(names.get(r.subject, r.subject), r.predicate, names.get(r.object, r.object))
            for r in doc._.kg_relations}, doc


@pytest.mark.parametrize("body, expected", [
    # verbs, subject first
    ("星河科技集团宣布成立人工智能委员会。", {("星河科技集团", "founded", "人工智能委员会")}),
    ("国家发改委印发《关于推进数字经济发展的通知》。",
     {("国家发展和改革委员会", "issued", "关于推进数字经济发展的通知")}),
    # one cue, a list of objects
    ("星河科技集团收购了蓝天软件公司、白云网络科技公司。",
     {("星河科技集团", "acquired", "蓝天软件公司"), ("星河科技集团", "acquired", "白云网络科技公司")}),
    # inverse cue: object first
    ("华为旗下的荣耀终端发布了新手机。", {("荣耀终端", "partOf", "华为")}),
    # passive 由 … 主办 with the event after 的
    ("由星河科技集团主办的2021年全球数字经济大会开幕。", {("星河科技集团", "organized", "全球数字经济大会")}),
    # passive 由 … 主办 with the event before 由, and a following clause sharing it (… 承办)
    ("2021年全球数字经济大会在杭州举行。本届大会由星河地理学会主办，青藤大学地理学院、墨岚大学旅游学院承办。",
     {("星河地理学会", "organized", "全球数字经济大会"), ("青藤大学地理学院", "organized", "全球数字经济大会"),
      ("墨岚大学旅游学院", "organized", "全球数字经济大会")}),
    # persons listed with organisations and double titles (副理事长兼秘书长), one verb for all
    ("2021年全球数字经济大会在杭州举行。青藤大学党委书记林一帆教授、星河地理学会副理事长兼秘书长何书山研究员，"
     "国际星河科学院院士、星河地理学会主任覃小禾研究员参加开幕式。",
     {("林一帆", "attended", "全球数字经济大会"), ("何书山", "attended", "全球数字经济大会"),
      ("覃小禾", "attended", "全球数字经济大会")}),
    # 其中: the organisation or event of the clause before; the persons listed are in it
    ("星河集团宣布成立星河技术委员会，星河研究院首席科学家林一帆、墨岚科技公司高级研究员覃小禾等多位专家参与其中。",
     {("林一帆", "memberOf", "星河技术委员会"), ("覃小禾", "memberOf", "星河技术委员会")}),
    ("2021年全球数字经济大会在杭州举行，青藤大学教授林一帆、何书山等学者参与其中。",
     {("林一帆", "attended", "全球数字经济大会"), ("何书山", "attended", "全球数字经济大会")}),
    # symmetric: both parties before the cue
    ("腾讯与京东签署战略合作协议。", {("腾讯", "partnerOf", "京东集团")}),
    # titles: organisation + title + person, several persons after one title
    ("星河科技集团CEO 王大明表示，将加大投入。", {("王大明", "leads", "星河科技集团")}),
    ("中国科学院院士张三、李四出席。", {("张三", "memberOf", "中国科学院"), ("李四", "memberOf", "中国科学院")}),
    # a company's courier (…小哥) works for it
    ("京东小哥林一帆送来了包裹。", {("林一帆", "worksFor", "京东集团")}),
    # places written one inside the other
    ("他来自四川成都。", {("成都市", "locatedIn", "四川省")}),
    # event in a place, a person at the event through an anaphor (大会)
    ("2021年全球数字经济大会在北京举行。清华大学教授李明出席大会。",
     {("全球数字经济大会", "locatedIn", "北京市"), ("李明", "attended", "全球数字经济大会"),
      ("李明", "worksFor", "清华大学")}),
])
def test_patterns(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


@pytest.mark.parametrize("body, absent", [
    ("星河科技集团并未收购蓝天软件公司。", ("星河科技集团", "acquired", "蓝天软件公司")),
    ("星河科技集团否认收购蓝天软件公司。", ("星河科技集团", "acquired", "蓝天软件公司")),
    # a clause with no cue of the relation breaks the chain from 由 (协办 is no organising)
    ("2021年全球数字经济大会在杭州举行。本届大会由星河地理学会主办，青藤大学地理学院表示支持，墨岚大学旅游学院承办。",
     ("墨岚大学旅游学院", "organized", "全球数字经济大会")),
    ("2021年全球数字经济大会在杭州举行。本届大会由星河地理学会主办，澜沁地理学会协办。",
     ("澜沁地理学会", "organized", "全球数字经济大会")),
    ("2021年全球数字经济大会在杭州举行。本届大会并非由星河地理学会主办。",
     ("星河地理学会", "organized", "全球数字经济大会")),
    ("星河集团宣布成立星河技术委员会，林一帆教授等专家并未参与其中。",
     ("林一帆", "memberOf", "星河技术委员会")),
    # a former title states no current relation
    ("星河科技集团原董事长王大明出席。", ("王大明", "leads", "星河科技集团")),
])
def test_negation_and_former_titles_block(nlp, body, absent):
    found, _ = extract(nlp, body)
    assert absent not in found


def test_hedge_lowers_confidence(nlp):
    _, plain = extract(nlp, "星河科技集团收购蓝天软件公司。")
    _, hedged = extract(nlp, "传闻星河科技集团拟收购蓝天软件公司。")
    conf = {r.predicate: r.confidence for r in plain._.kg_relations}
    hedged_conf = {r.predicate: r.confidence for r in hedged._.kg_relations}
    assert hedged_conf.get("acquired", 0) < conf["acquired"]


@pytest.mark.parametrize("body, name, label", [
    ("钉钉并入阿里云。", "钉钉", "Product"),
    ("星河工商大学旅游与国土资源学院承办。", "星河工商大学旅游与国土资源学院", "Organization"),
    ("国资委最新印发的《关于加快推进国有企业数字化转型工作的通知》", "关于加快推进国有企业数字化转型工作的通知", "Policy"),
    ("市长王小红出席。", "王小红", "Person"),
    ("在公司“云上一体”的大战略下", "云上一体", "Strategy"),
    # examples named before 等 + a kind of organisation
    ("钉钉能够为澜沁等集团型企业提供服务。", "澜沁", "Company"),
    ("比如格岚、沐禾等家电企业都在涨价。", "沐禾", "Company"),
    # a Latin name longer than eight letters, listed after a deal cue
    ("公司有收编进来的 quickboard、友盟。", "quickboard", "Company"),
    # 机构 + (领域) + 职位 + 人名, the organisation known from nowhere else
    ("墨子院首席科学家林晓峰出席。", "墨子院", "Organization"),
    ("青藤院数据库首席科学家王立新出席。", "青藤院", "Organization"),
    ("星河研究院首席科学家林晓峰出席。", "星河研究院", "Organization"),
    # a long event name keeps its year (ten words before the suffix)
    ("日前，2020年星河母基金峰会暨首届青藤创投论坛在厦门举办。", "2020年星河母基金峰会暨首届青藤创投论坛", "Event"),
    # an ordinal opens the name whatever words follow it (畅想 and 创新 are verbs)
    ("第五届畅想创新论坛在杭州举行。", "第五届畅想创新论坛", "Event"),
    # 未来 is a time word that opens names; 今天 (below) is not
    ("未来城市峰会在深圳举行。", "未来城市峰会", "Event"),
    # jieba glues 和 to the next name (和墨岚/nr): two companies, not one
    ("青藤集团和墨岚公司要加快转型。", "墨岚公司", "Company"),
])
def test_entities(nlp, body, name, label):
    _, doc = extract(nlp, body)
    assert (name, label) in {(e.name, e.label) for e in doc._.kg_entities}


def test_aliases_make_one_entity(nlp):
    _, doc = extract(nlp, "阿里巴巴集团宣布。阿里巴巴表示。阿里称。")
    alibaba = [e for e in doc._.kg_entities if e.name == "阿里巴巴集团"]
    assert len(alibaba) == 1 and {"阿里巴巴", "阿里"} <= alibaba[0].aliases
    _, doc = extract(nlp, "明远集团发布财报。明远表示满意。")
    assert [e.name for e in doc._.kg_entities if e.label == "Company"] == ["明远集团"]


def test_hostile_text_stays_text(nlp):
    found, doc = extract(nlp, "星河科技集团收购了<script>alert(1)</script>公司。")
    for entity in doc._.kg_entities:
        assert "<script>" not in entity.name or entity.label in ("Company", "Organization")


@pytest.mark.parametrize("body, expected", [
    # roles listed after 兼任 belong to the person the text is about
    ("张三生于山东。现任星河大学教授。兼任星河数学学会常务理事，远山密码学会副理事长。",
     {("张三", "worksFor", "星河大学"), ("张三", "memberOf", "星河数学学会"), ("张三", "memberOf", "远山密码学会")}),
    # persons listed with their organisations and titles between them
    ("2021年全球数字经济大会在北京举行。中国科学院院士张三教授、李四研究员，清华大学副校长王五教授等出席开幕式。",
     {("张三", "attended", "全球数字经济大会"), ("李四", "attended", "全球数字经济大会"),
      ("王五", "attended", "全球数字经济大会"), ("王五", "worksFor", "清华大学")}),
])
def test_lists_of_roles_and_people(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


def test_a_chair_named_after_someone_is_not_that_person(nlp):
    found, _ = extract(nlp, "王小红现任星河大学高等研究院李远山讲座教授。")
    assert not any(s == "李远山" for s, _, _ in found)
    assert ("王小红", "worksFor", "星河大学高等研究院") in found


def test_names_after_titles_whatever_the_segmenter_says(nlp):
    _, doc = extract(nlp, "星河地理学会副秘书长何书山研究员出席。")
    assert ("何书山", "Person") in {(e.name, e.label) for e in doc._.kg_entities}


@pytest.mark.parametrize("body", ["价格等因素影响企业。", "公司技术部主任张伟说。", "张三等人出席。"])
def test_no_name_without_one(nlp, body):
    _, doc = extract(nlp, body)
    assert not [e for e in doc._.kg_entities if e.label in ("Company", "Organization")]


def test_name_composition_points_to_the_direct_container(nlp):
    from kg.records import Entity, Mention
    from kg.relations.component import doc_context
    from kg.relations.names import names

    def entity(name, label, aliases=()):
        return Entity(name, name, label, {name, *aliases}, [Mention(0, len(name), name, label, "rule")])

    group, cloud = entity("星河集团", "Company", ["星河"]), entity("星河云", "Company")
    unit = entity("星河云计算平台", "Organization")
    ctx = doc_context("星河云计算平台", [], [group, cloud, unit], None)
    found = {(r.subject, r.predicate, r.object) for r in names(ctx)}
    assert ("星河云计算平台", "partOf", "星河云") in found
    assert ("星河云计算平台", "partOf", "星河集团") not in found  # only through 星河云


def test_statistical_spans_of_non_nouns_are_dropped(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    doc = nlp.make_doc("三是群众知晓度低、参与度也低。蓝凌、奥哲都在。")
    words = [t.text for t in doc]
    low = words.index("度")
    assert words[low + 1] == "低"  # 度/q 低/a: two tokens, neither a noun
    named, mate = words.index("蓝凌"), words.index("奥哲")
    doc.spans["kg_ner"] = [Span(doc, low, low + 2, label="Company"), Span(doc, named, named + 1, label="Company"),
                           Span(doc, mate, mate + 1, label="Company")]
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert "度低" not in names and {"蓝凌", "奥哲"} <= names


def _model_spans(doc, wanted):
    """Spans of doc.spans['kg_ner'] for (text, label) pairs, at each text's first occurrence."""
    from spacy.tokens import Span

    text, out = doc.text, []
    for name, label in wanted:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None, name
        out.append(Span(doc, span.start, span.end, label=label))
    return out


def test_a_list_makes_a_name_only_next_to_another_name(nlp):
    from kg.nlp import ner_candidates

    # 雨伞 and 围巾 are no names, so the list gives 星光蛋糕 no second sign
    doc = nlp.make_doc("他帮大家买雨伞、围巾、星光蛋糕。青藤网、墨岚网都来了。")
    doc.spans["kg_ner"] = _model_spans(doc, [("星光蛋糕", "Company"), ("青藤网", "Company"), ("墨岚网", "Company")])
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert "星光蛋糕" not in names and {"青藤网", "墨岚网"} <= names


def test_counted_or_kind_phrases_are_no_names(nlp):
    from kg.nlp import ner_candidates

    body = "他联系上一家约车服务公司，其他约车服务公司也来了。国内快运公司增加了车辆。星澜快运公司也在。"
    doc = nlp.make_doc(body)
    spans = _model_spans(doc, [("约车服务公司", "Company"), ("国内快运公司", "Company"), ("星澜快运公司", "Company")])
    second = body.index("约车服务公司", body.index("其他"))
    spans.append(doc.char_span(second, second + len("约车服务公司"), label="Company"))
    doc.spans["kg_ner"] = spans
    names = [m.text for m in ner_candidates(doc)._.kg_candidates]
    assert "约车服务公司" not in names and "国内快运公司" not in names and "星澜快运公司" in names


def test_a_person_whose_surname_is_a_function_word_is_no_name(nlp):
    from kg.nlp import ner_candidates

    body = "医护人员连饭都吃不上。王晓磊来了。"
    doc = nlp.make_doc(body)
    words = [(t.text, t.tag_) for t in doc]
    assert ("连", "u") in words and ("饭", "n") in words  # jieba: 连 a particle, 饭 a noun
    doc.spans["kg_ner"] = _model_spans(doc, [("连饭", "Person"), ("王晓磊", "Person")])
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert names == {"王晓磊"}


def test_a_name_and_what_belongs_to_it_give_the_name(nlp):
    from kg.nlp import ner_candidates

    doc = nlp.make_doc("汪明联系上了星湖街道的办事处。")
    doc.spans["kg_ner"] = _model_spans(doc, [("星湖街道的办事处", "Place")])
    assert [m.text for m in ner_candidates(doc)._.kg_candidates] == ["星湖街道"]


def test_latin_statistical_spans_only_as_companies_or_products(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    doc = nlp.make_doc("他用Quillon写代码，兼容Mac和Veltrix，Zephyra、Korvane都在。")
    words = [t.text for t in doc]
    spans = {"Quillon": "Person", "Veltrix": "Organization", "Zephyra": "Company", "Korvane": "Product"}
    doc.spans["kg_ner"] = [Span(doc, words.index(w), words.index(w) + 1, label=label) for w, label in spans.items()]
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert names == {"Zephyra", "Korvane"}  # listed (、), so the second sign is there


@pytest.mark.parametrize("body, absent", [
    ("Windows会被攻破，其他平台也会沦陷。", "也会沦陷"),      # 平台 + a clause
    ("这项技术的应用越来越广泛，前景很好。", "越来越广泛"),
    ("他联系了其他网约车公司的负责人。", "网约车公司"),      # a kind of company, not one
    ("然后再联系上一家网约车公司，解决了需求。", "网约车公司"),
    ("患者被送到定点医院治疗。", "定点医院"),                  # a kind word alone before the suffix
    ("各省要建立跨省联防联控机制。", "跨省联防联控机制"),
    ("今天大会在北京开幕。", "今天大会"),
])
def test_clauses_and_kinds_are_no_names(nlp, body, absent):
    _, doc = extract(nlp, body)
    assert absent not in {e.name for e in doc._.kg_entities}


def test_generic_determiner_does_not_hide_a_known_name(nlp):
    _, doc = extract(nlp, "他还联系了其他阿里巴巴公司。")
    assert any(e.name.startswith("阿里巴巴") for e in doc._.kg_entities if e.label == "Company")


def test_short_name_declared_after_a_document_title(nlp):
    _, doc = extract(nlp, "国务院印发《关于推进星河计划的通知》（以下简称《通知》），要求落实。《通知》指出。")
    policies = [e for e in doc._.kg_entities if e.label == "Policy"]
    assert [e.name for e in policies] == ["关于推进星河计划的通知"]
    assert "通知" in policies[0].aliases


@pytest.mark.parametrize("body, listed, expected", [
    # the same bracketed note as the person beside it
    ("物理奖：林一帆(2016年)、覃小禾(2017年)。", "林一帆", {"覃小禾"}),
    ("数学奖：范一舟(2017年)、林一帆(2018年)。", "林一帆", {"范一舟"}),
    # joined by 、 between two persons
    ("主演有林一帆、覃小禾、何书山等。", "林一帆、何书山", {"覃小禾"}),
    # the last of a list of persons, whatever its note
    ("生命奖：范一舟、林一帆、覃小禾(2018年)。", "范一舟、林一帆", {"覃小禾"}),
    # one person only and no shared note: nothing is added
    ("主演有林一帆、覃小禾等。", "林一帆", set()),
    # an everyday word is no name, whatever its neighbours
    ("参加者：林一帆、何时、何书山。", "林一帆、何书山", set()),
])
def test_names_listed_like_persons(nlp, body, listed, expected):
    from kg.nlp import Mention, _candidates, list_mates

    doc = nlp.make_doc(body)
    for name in listed.split("、"):
        start = body.index(name)
        _candidates(doc).append(Mention(start, start + len(name), name, "Person", "rule"))
    added = {m.text for m in _candidates(list_mates(doc)) if m.source == "list"}
    assert added == expected


# -- names cut out of longer words, and places that only qualify a name nobody found

@pytest.mark.parametrize("body, absent", [
    ("星河号开启新浪漫之旅。", ("新浪", "Company")),             # 新 + 浪漫: no name ends inside 浪漫
    ("项目位于银沙湾区块北侧。", ("沙湾区", "Place")),           # 银 + 沙湾区 + 块: 区块 is the word
    ("巡演的成都环节结束了。", ("成都环节", "Event")),           # 节 of 环节 is no festival
    ("程序QRTS仅仅改写其数组数据头部长度域的值。", ("QRTS", "Company")),  # 部长 across 头部 + 长度
])
def test_names_cut_out_of_words_are_no_names(nlp, body, absent):
    _, doc = extract(nlp, body)
    assert absent not in {(e.name, e.label) for e in doc._.kg_entities}


def test_known_names_keep_the_frequency_jieba_gives_them(nlp):
    # the lexicon must not lower 日本's frequency: at 2000 jieba cuts 日 + 本来
    assert "日本" in [t.text for t in nlp.make_doc("他刚从日本来。")]
    _, doc = extract(nlp, "他刚从日本来。")
    assert ("日本", "Place") in {(e.name, e.label) for e in doc._.kg_entities}


def test_two_everyday_words_are_no_person(nlp):
    from kg.nlp import plausible_name

    assert not plausible_name("万事如意", "Person") and not plausible_name("金玉满堂", "Person")
    assert plausible_name("欧阳明媚", "Person") and plausible_name("林一帆", "Person")


@pytest.mark.parametrize("body, absent", [
    # a region after a country is a route's end, not inside the country
    ("这家航空公司的日本南美洲航线最多。", ("南美洲", "locatedIn", "日本")),
    # a place before a name nobody recognised qualifies that name: the place is no partner
    ("由深圳知行远图联合青藤网主办的活动开幕。", ("深圳市", "partnerOf", "青藤网")),
    # nor the topic of the next line when it only qualifies a bare noun phrase
    ("2021年星河大会在杭州举行。\n宁波墨港国际客运码头\n位于中国浙江。", ("宁波市", "locatedIn", "中国")),
])
def test_places_that_qualify_are_no_parties(nlp, body, absent):
    found, _ = extract(nlp, body)
    assert absent not in found


def test_statistical_spans_inside_codes_and_longer_latin_names_are_dropped(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    doc = nlp.make_doc("QZV-19的症状：QZV Tracker、Korvane和Zephyra。")
    words = [t.text for t in doc]
    at = [i for i, w in enumerate(words) if w in ("QZV", "Korvane", "Zephyra")]
    doc.spans["kg_ner"] = [Span(doc, i, i + 1, label="Product") for i in at]
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert names == {"Korvane", "Zephyra"}  # QZV is a piece of QZV-19, then of QZV Tracker


def test_statistical_spans_joined_by_he_need_a_name_beside_them(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    doc = nlp.make_doc("做好校园防控和物资调配两项工作。星澜和墨岚都在。")
    words = [t.text for t in doc]
    first = words.index("校园")
    spans = [Span(doc, first, first + 2, label="Organization")]
    spans += [Span(doc, words.index(w), words.index(w) + 1, label="Company") for w in ("星澜", "墨岚")]
    doc.spans["kg_ner"] = spans
    names = {m.text for m in ner_candidates(doc)._.kg_candidates}
    assert names == {"星澜", "墨岚"}  # 和 joins 校园防控 to no name


def test_organisations_keep_the_word_written_before_each_of_their_mentions(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    body = "知晓云图发布新品。北京知晓云图联合青藤网举办活动。知晓云图副总裁林一帆出席。"
    doc = nlp.make_doc(body)
    words = [t.text for t in doc]
    assert words[:2] == ["知晓", "云图"]  # jieba reads a verb and a noun
    at = [i for i, w in enumerate(words) if w == "云图"]
    doc.spans["kg_ner"] = [Span(doc, i, i + 1, label="Company") for i in at[::2]]
    names = [m.text for m in ner_candidates(doc)._.kg_candidates]
    assert names.count("知晓云图") == 3 and "云图" not in names


def test_a_person_without_a_surname_after_the_same_word_is_an_organisation(nlp):
    from spacy.tokens import Span

    from kg.nlp import ner_candidates

    body = "知晓创图发布新品。北京知晓创图联合青藤网举办活动。知晓创图副总裁林一帆出席。"
    doc = nlp.make_doc(body)
    at = [i for i, t in enumerate(doc) if t.text == "创图"]
    assert len(at) == 3
    doc.spans["kg_ner"] = [Span(doc, i, i + 1, label="Person") for i in at]  # 创 is no surname
    found = [(m.text, m.label) for m in ner_candidates(doc)._.kg_candidates]
    assert found.count(("知晓创图", "Organization")) == 3 and not [t for t, _ in found if t == "创图"]


def test_organisations_joined_by_a_partner_cue_act_together(nlp):
    found, _ = extract(nlp, "由星河科技集团联合墨岚大学主办的2021年全球数字经济大会开幕。")
    assert {("星河科技集团", "organized", "全球数字经济大会"), ("墨岚大学", "organized", "全球数字经济大会")} <= found


def test_a_quoted_slogan_of_listed_phrases_names_a_strategy(nlp):
    _, doc = extract(nlp, "各地要继续实施“稳字当头、精准施策、统筹推进”策略。")
    assert ("稳字当头、精准施策、统筹推进", "Strategy") in {(e.name, e.label) for e in doc._.kg_entities}


def test_a_sentence_with_its_own_unnamed_subject_takes_no_topic(nlp):
    found, _ = extract(nlp, "星河集团是一家公司。农村地区要加快发展，实施“云海一体”战略。")
    assert ("星河集团", "hasStrategy", "云海一体") not in found
    found, _ = extract(nlp, "星河集团是一家公司。同时，实施“云海一体”战略。")
    assert ("星河集团", "hasStrategy", "云海一体") in found  # no subject of its own: the topic's


def test_listed_subjects_opening_an_earlier_clause_all_act(nlp):
    found, _ = extract(nlp, "星河集团和墨岚公司要加快转型，继续实施“云海一体”战略。")
    assert {("星河集团", "hasStrategy", "云海一体"), ("墨岚公司", "hasStrategy", "云海一体")} <= found


_FAIR = "2021年全球数字经济大会在贵阳举行。"


@pytest.mark.parametrize("body, expected", [
    # passive 由 … 主持 with the persons' organisations, titles and honorifics before the cue
    (_FAIR + "开幕式由星河地理学会副主任、青藤大学地理学院林一帆教授主持。",
     {("林一帆", "attended", "全球数字经济大会")}),
    (_FAIR + "大会报告分别由青藤大学覃一帆教授、墨岚大学陆文博教授主持。",
     {("覃一帆", "attended", "全球数字经济大会"), ("陆文博", "attended", "全球数字经济大会")}),
    # a person 在 EVENT 上 (a year between), or opening the clause after 会上 and speaking
    ("青藤科技CEO林一帆在2021年全球数字经济大会上表示，将加大投入。", {("林一帆", "attended", "全球数字经济大会")}),
    (_FAIR + "青藤大学教授林一帆在闭幕式上发言。", {("林一帆", "attended", "全球数字经济大会")}),
    # 会上 is the event named just before, not the article's most frequent one
    (_FAIR + "全球数字经济大会吸引了众多企业。2022年墨岚峰会在贵阳举办。会上，星河地理学会会长林一帆强调，要加大投入。",
     {("林一帆", "attended", "2022年墨岚峰会")}),
    # posts listed before the organisation right before the person are the person's too
    ("国际星河科学院院士、星河地理学会主任覃小禾研究员出席。", {("覃小禾", "memberOf", "国际星河科学院")}),
    ("开幕式由星河地理学会副主任、青藤大学地理学院林一帆教授主持。", {("林一帆", "memberOf", "星河地理学会")}),
])
def test_persons_at_events_and_their_posts(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


@pytest.mark.parametrize("body, absent", [
    (_FAIR + "闭幕式并非由星河地理学会副主任王大明教授主持。", ("王大明", "attended", "全球数字经济大会")),
    (_FAIR + "青藤大学教授林一帆并未在大会上露面。", ("林一帆", "attended", "全球数字经济大会")),
    (_FAIR + "全球数字经济大会吸引了众多企业。2022年墨岚峰会在贵阳举办。会上，星河地理学会会长林一帆强调，要加大投入。",
     ("林一帆", "attended", "全球数字经济大会")),
    # the titles after a person and a comma belong to the person named after them
    (_FAIR + "墨岚大学副巡视员陆文博先生，国际星河科学院院士、星河地理学会主任覃小禾研究员参加开幕式。",
     ("陆文博", "memberOf", "国际星河科学院")),
    # a name nobody recognised before the honorific ends the walk back over listed posts
    ("会议由青藤大学顾翀教授、墨岚大学陆文博教授主持。", ("陆文博", "worksFor", "青藤大学")),
])
def test_persons_at_events_blocked(nlp, body, absent):
    found, _ = extract(nlp, body)
    assert absent not in found


@pytest.mark.parametrize("body, expected", [
    # jieba's dictionary has 云南昆明 and 辽宁沈阳 as one word: two places, one in the other
    ("年会先后在云南昆明、辽宁沈阳举办。", {("昆明市", "locatedIn", "云南省"), ("沈阳市", "locatedIn", "辽宁省")}),
    # a place jieba knows (ns) right after a province is in it
    ("年会曾在江西瑞金、河南汝州举办。", {("瑞金", "locatedIn", "江西省"), ("汝州", "locatedIn", "河南省")}),
])
def test_places_written_after_their_province(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


def test_a_province_before_a_word_that_is_no_place_names_nothing_more(nlp):
    _, doc = extract(nlp, "贵州人喜欢吃辣，江西话很好听。")
    assert {e.name for e in doc._.kg_entities if e.label == "Place"} <= {"贵州省", "江西省"}


_FAIR_GY = "2021年全球数字经济大会在贵阳举行。"


@pytest.mark.parametrize("body, expected", [
    # the event (a session of it) opens the sentence; the persons listed after it report or speak
    (_FAIR_GY + "在大会主报告环节，青藤大学覃一帆教授、墨岚大学陆文博教授、星河大学林一帆研究员等3位专家，分别作了题为“数字经济”的报告。",
     {("覃一帆", "attended", "全球数字经济大会"), ("陆文博", "attended", "全球数字经济大会"),
      ("林一帆", "attended", "全球数字经济大会")}),
    (_FAIR_GY + "在开幕式上，青藤大学校长覃一帆、墨岚大学校长陆文博先后致辞。",
     {("覃一帆", "attended", "全球数字经济大会"), ("陆文博", "attended", "全球数字经济大会")}),
    (_FAIR_GY + "会议期间，青藤大学校长覃一帆表示，要加大投入。", {("覃一帆", "attended", "全球数字经济大会")}),
])
def test_persons_listed_after_an_event_that_opens_the_sentence(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


@pytest.mark.parametrize("body", [
    _FAIR_GY + "会上，覃一帆所在的青藤大学获得表彰。",  # the person is no subject there
    _FAIR_GY + "会上，青藤大学校长覃一帆并未发言。",
    _FAIR_GY + "大会，青藤大学校长覃一帆表示。",  # no 上 / session: not a place in the event
])
def test_persons_after_an_event_opening_need_to_act_there(nlp, body):
    found, _ = extract(nlp, body)
    assert ("覃一帆", "attended", "全球数字经济大会") not in found


@pytest.mark.parametrize("body, expected", [
    # jieba's dictionary has 法国总理 as one word: the place and the title; a transliterated name
    # glossed by its Latin original after a title is a person
    ("法国总理贝朗雄（Pierre Belanson）表示，将加大投入。", {("贝朗雄", "leads", "法国")}),
    ("星河科技集团首席执行官埃里维(Rolf Erivel)出席。", {("埃里维", "leads", "星河科技集团")}),
])
def test_places_joined_to_titles_and_glossed_foreign_names(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected <= found


def test_a_glossed_office_is_no_person(nlp):
    _, doc = extract(nlp, "星河公司总裁办公室(Office Manager)发布通知。")
    assert not [e for e in doc._.kg_entities if e.label == "Person"]


@pytest.mark.parametrize("body, expected, absent", [
    # 未 inside 未来 (future) is no negation: the launch at the summit stands
    ("北辰公司在第二届未来科技峰会上发布了Mate 60。", ("北辰公司", "develops", "Mate 60"), None),
    # 未 as a word of its own is
    ("北辰公司未发布Mate 60。", None, ("北辰公司", "develops", "Mate 60")),
    # a product built on another: 采用 / 搭载 are cues of basedOn in kg.ttl
    ("Mate 60采用Android系统。", ("Mate 60", "basedOn", "Android"), None),
    # an organisation's product: 的 between them, or nothing
    ("北辰公司的Mate 60销量很好。", ("北辰公司", "develops", "Mate 60"), None),
    # a place's product is no maker's
    ("深圳的Mate 60销量很好。", None, ("深圳市", "develops", "Mate 60")),
    # 来自 + organisation 的 + person: works there; 来自 + a place is where one comes from
    ("来自北辰公司的张伟表示，行业将迎来变化。", ("张伟", "worksFor", "北辰公司"), None),
    ("来自北京的张伟表示。", None, ("张伟", "worksFor", "北京市")),
])
def test_negation_makers_platforms_and_origins(nlp, body, expected, absent):
    found, _ = extract(nlp, body)
    if expected:
        assert expected in found
    if absent:
        assert absent not in found


@pytest.mark.parametrize("body, expected, absent", [
    # each listed person keeps the title written before their own name
    ("北辰公司总裁张伟、副总裁李明出席了会议。", {("张伟", "leads", "北辰公司"), ("李明", "worksFor", "北辰公司")},
     ("李明", "leads", "北辰公司")),
    # an honorific after a name is that name's: the next person inherits the chain's title
    ("北辰公司总裁张伟先生、李明先生出席了会议。", {("张伟", "leads", "北辰公司"), ("李明", "leads", "北辰公司")}, None),
])
def test_listed_persons_keep_their_own_titles(nlp, body, expected, absent):
    found, _ = extract(nlp, body)
    assert expected <= found, found
    if absent:
        assert absent not in found


@pytest.mark.parametrize("body", [
    "星河学会在杭州举办了2023全球星河大会。",
    "星河学会在杭州举办2023全球星河大会。",
    "在杭州举办的2023全球星河大会今天开幕。",
])
def test_event_held_in_a_place(nlp, body):
    found, _ = extract(nlp, body)
    assert ("2023全球星河大会", "locatedIn", "杭州市") in found, found


@pytest.mark.parametrize("byline, reporters", [
    ("星河日报北京3月1日电（记者林一帆）", {"林一帆"}),
    ("2020-01-02 星河日报记者 林一帆", {"林一帆"}),
])
def test_reporters_work_for_the_outlet_before_them(byline, reporters):
    nlp = make_pipeline()  # the outlet's name is the pretrained recogniser's
    text = "标题\n\n" + byline + "\n星河公司今天发布新品。"
    doc = analyse(parse_article(text, "t.txt"), nlp)
    names = {e.key: e.name for e in doc._.kg_entities}
    found = {names.get(r.subject) for r in doc._.kg_relations
             if r.predicate == "worksFor" and names.get(r.object) == "星河日报"}
    assert reporters <= found, doc._.kg_relations


def test_an_author_who_is_no_reporter_is_not_an_employee():
    nlp = make_pipeline()
    text = "标题\n\n2020-01-02 来源：星河日报 作者：林一帆\n星河公司今天发布新品。"
    doc = analyse(parse_article(text, "t.txt"), nlp)
    assert not [r for r in doc._.kg_relations if r.predicate == "worksFor"]


def test_a_verb_of_taking_part_ends_what_stands_before_an_event(nlp):
    found, doc = extract(nlp, "北辰公司亮相2023世界星河大会。")
    assert {e.name for e in doc._.kg_entities} >= {"北辰公司", "2023世界星河大会"}
    assert ("北辰公司", "attended", "2023世界星河大会") in found


def test_the_object_of_a_verb_is_the_head_a_clause_describes(nlp):
    found, _ = extract(nlp, "北辰公司推出了搭载Android系统的Mate 60。")
    assert ("北辰公司", "develops", "Mate 60") in found
    assert ("北辰公司", "develops", "Android") not in found


def test_the_component_keeps_nothing_of_a_document(nlp):
    # the families are functions of a per-call context: two documents through one component give
    # what each gives alone, and the component holds no attribute afterwards
    first, _ = extract(nlp, "星河科技集团收购了蓝天软件公司。")
    extract(nlp, "青藤大学校长林一帆出席了北辰论坛。")
    again, _ = extract(nlp, "星河科技集团收购了蓝天软件公司。")
    assert first == again and ("星河科技集团", "acquired", "蓝天软件公司") in first
    assert vars(nlp.get_pipe("kg_relations")) == {}


def test_no_relation_module_or_class_is_a_room_too_large():
    import ast
    from pathlib import Path

    import kg.relations

    folder = Path(kg.relations.__file__).parent
    for path in sorted(folder.glob("*.py")) + [folder.parent / "extract.py"]:
        source = path.read_text(encoding="utf-8")
        assert source.count("\n") <= 500, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno <= 200, (path.name, node.name)


def test_the_relation_modules_hold_no_chinese_words():
    # every cue word, mark and pattern is read from ontology/ (kg.ttl, lexicon/*.json)
    import ast
    import re
    from pathlib import Path

    import kg.relations

    han = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")
    folder = Path(kg.relations.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")) + [folder.parent / "extract.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        found += [(path.name, n.lineno, n.value) for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
                  and han.search(n.value)]
    assert found == []


@pytest.mark.parametrize("body, expected", [
    # a clause that is only an organisation and its titles describes the person opening the sentence
    ("林一帆先生，1970年出生于青州市，星河科技股份有限公司董事长，青州市商会副会长。",
     ("林一帆", "leads", "星河科技股份有限公司")),
    # 作为 + organisation + title, then the person
    ("作为北辰控股集团有限公司董事长，林一帆先生勤勉尽责。", ("林一帆", "leads", "北辰控股集团有限公司")),
    # appointed to a post
    ("林一帆副校长任命为青藤大学校长。", ("林一帆", "leads", "青藤大学")),
    # a role in brackets after the person
    ("林一帆博士（现任青藤大学校长）表示，数字出版已成趋势。", ("林一帆", "leads", "青藤大学")),
])
def test_posts_written_beside_the_person(nlp, body, expected):
    found, _ = extract(nlp, body)
    assert expected in found


def test_a_place_before_an_unrecognised_organisation_is_not_its_head(nlp):
    # the title belongs to the organisation written between (…有限公司), not to the place
    found, _ = extract(nlp, "青州市星辉影视发行放映有限公司总经理林一帆出席。")
    assert not any(p == "leads" and o == "青州市" for _, p, o in found)


@pytest.mark.parametrize("text, expected", [
    ("青州为远山国首都，也是其文化中心。", ("青州", "locatedIn", "远山国")),
    ("远山国的首都青州有很多公园。", ("青州", "locatedIn", "远山国")),
    ("青州是远山国的首府。", ("青州", "locatedIn", "远山国")),
])
def test_a_place_named_the_seat_of_another_is_in_it(text, expected):
    from kg.records import Entity, Mention
    from kg.relations.component import doc_context
    from kg.relations.places import places

    def place(name):
        start = text.index(name)
        return Entity(name, name, "Place", {name}, [Mention(start, start + len(name), name, "Place", "rule")])

    ctx = doc_context(text, [], [place("青州"), place("远山国")], None)
    assert {(r.subject, r.predicate, r.object) for r in places(ctx)} == {expected}


@pytest.mark.parametrize("body, expected, absent", [
    # a place after 在 says where: the maker before it launches the product
    ("北辰公司将在德国慕尼黑正式发布北辰X9手机。", ("北辰公司", "develops", "北辰X9"), ("慕尼黑", "develops", "北辰X9")),
    # the subject of an earlier clause, the products listed after a colon
    ("北辰公司举行了秋季发布会，发布了两款新品：北辰X9手机、北辰X10手机。", ("北辰公司", "develops", "北辰X10"), None),
    # carrying products to a show
    ("北辰公司携旗下北辰X9手机亮相青藤博览会。", ("北辰公司", "develops", "北辰X9"), None),
    # the maker, words describing the product, the product and a word of its launch
    ("北辰公司首款5G旗舰北辰X9手机正式发布。", ("北辰公司", "develops", "北辰X9"), None),
    ("北辰公司首款5G旗舰北辰X9手机并未发布。", None, ("北辰公司", "develops", "北辰X9")),
    # a maker before its product in quotes
    ("北辰公司的“天枢OS”系统广受欢迎。", ("北辰公司", "develops", "天枢OS"), None),
    # the price of a product is what is announced, not the product
    ("北辰公司公布了北辰X9手机的价格。", None, ("北辰公司", "develops", "北辰X9")),
    # a part of an organisation is what is bought, not the organisation
    ("北辰公司收购了星河集团旗下的电商平台。", None, ("北辰公司", "acquired", "星河集团")),
    # 在 PLACE 举办的 EVENT 上: where the subject acts, not what it organised
    ("北辰公司在杭州举办的第三届青藤博览会上推出了北辰X9手机。", ("第三届青藤博览会", "locatedIn", "杭州市"),
     ("北辰公司", "organized", "第三届青藤博览会")),
    ("北辰公司在杭州举办了第三届青藤博览会。", ("北辰公司", "organized", "第三届青藤博览会"), None),
    # an event held at a place on a date
    ("第三届青藤论坛将于10月18日在杭州开幕。", ("第三届青藤论坛", "locatedIn", "杭州市"), None),
    ("第三届青藤论坛（QT 2019）即将在杭州开幕。", ("第三届青藤论坛", "locatedIn", "杭州市"), None),
])
def test_launches_and_events_held_at_places(nlp, body, expected, absent):
    found, _ = extract(nlp, body)
    assert expected is None or expected in found, found
    assert absent not in found, found

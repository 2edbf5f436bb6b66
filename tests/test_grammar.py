"""The naming grammar of ``ontology/lexicon/grammar.json`` (kg.grammar) on invented names."""

import pytest

from kg.grammar import _known_names, load_grammar
from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    # the rules alone: these tables test the grammar, not the statistical model
    return make_pipeline(with_ner=False)


def names(nlp, body: str):
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return doc, {(e.name, e.label) for e in doc._.kg_entities}


def relations(doc):
    key = {e.key: e.name for e in doc._.kg_entities}
    return {(key.get(r.subject), r.predicate, key.get(r.object)) for r in doc._.kg_relations}


@pytest.mark.parametrize("body, name, label", [
    # brand or series + model code, with model words and 版 / 系列
    ("北辰公司发布天枢100 Pro 5G版手机。", "天枢100 Pro 5G版", "Product"),
    ("星河科技推出Nova 30系列。", "Nova 30系列", "Product"),
    ("天枢100上市。天枢100的屏幕更大。", "天枢100", "Product"),
    ("这次更新支持ZenPad XR。", "ZenPad XR", "Product"),
    ("他买了一台ZenBook Pro。", "ZenBook Pro", "Product"),
    # a Han word + digits after a launch cue or before a device word; a lower-case brand
    ("新机搭载青鸾855，性能更强。", "青鸾855", "Product"),
    ("星河科技发布了天枢990芯片。", "天枢990", "Product"),
    ("北辰推出zeta X27手机。", "zeta X27", "Product"),
    # an everyday word + digits, with a series or model word
    ("北辰公司的光明20系列正式发布。", "光明20系列", "Product"),
    ("北辰公司发布了光明20 Pro。", "光明20 Pro", "Product"),
    # a maker, a space and a code
    ("北辰集团 X30发布。", "北辰集团 X30", "Product"),
    # a device word, then a model's code
    ("北辰公司发布了新一代降噪耳机QX-900M2，很受欢迎。", "QX-900M2", "Product"),
    ("星河汽车发布了混动SUV ZT-ONE。", "ZT-ONE", "Product"),
    # a name + a Chinese number + 号
    ("星河五号运载火箭升空。", "星河五号", "Product"),
    # a code, a qualifier and a device word
    ("该机搭载K21仿生芯片。", "K21仿生芯片", "Product"),
    # events: an ordinal or a year, a name and a short suffix
    ("第五届星河设计展开幕。", "第五届星河设计展", "Event"),
    ("首届天枢杯围棋赛在杭州举行。", "首届天枢杯围棋赛", "Event"),
    ("北辰2020秋季发布会在杭州举行。", "北辰2020秋季发布会", "Event"),
    ("会议学习十七届八中全会精神。", "十七届八中全会", "Event"),
    # a word read whole ending like a contest's short name
    ("临川青运会开幕式在体育中心举行。", "青运会", "Event"),
    # a quoted name ending like an event (a forum with its year)
    ("“星河——林一帆雕塑展”在临川开幕。", "星河——林一帆雕塑展", "Event"),
    ("“2019·青藤发展论坛”开幕。", "2019·青藤发展论坛", "Event"),
    # a model and a launch word: a launch event
    ("北辰P30系列新品发布会在上海举行。", "北辰P30系列新品发布会", "Event"),
    ("天枢100发布会定在下周。天枢100将开售。", "天枢100发布会", "Event"),
    # place + department
    ("临川市教体局通报称，学校停课。", "临川市教体局", "GovernmentBody"),
    ("意大利公共卫生部门表示，数据还在更新。", "意大利公共卫生部门", "GovernmentBody"),
    ("临川市委宣传部发布消息。", "临川市委宣传部", "GovernmentBody"),
    # 国家 / 中央 stand for a place before a department
    ("国家星河局发布通知。", "国家星河局", "GovernmentBody"),
    # place + people's organisation, place + 省立 / 市立 + institution
    ("临川省文联主席出席。", "临川省文联", "Organization"),
    ("意大利总工会号召罢工。", "意大利总工会", "Organization"),
    ("浙江省立星河医院检查。", "浙江省立星河医院", "Organization"),
    ("临川市立图书馆开馆。", "临川市立图书馆", "Organization"),
    # awards, museums
    ("他获得临川杰出人才奖。", "临川杰出人才奖", "Event"),
    ("他享受星河特殊津贴和临川杰出人才奖。", "临川杰出人才奖", "Event"),
    ("临川公安博物馆开馆。", "临川公安博物馆", "Organization"),
    # units nested in an organisation, and the organisation itself
    ("星河大学天文学院副院长出席。", "星河大学天文学院", "Organization"),
    ("星河大学天文学院副院长出席。", "星河大学", "Organization"),
    ("北辰电视台都市频道报道了此事。", "北辰电视台都市频道", "Organization"),
    ("星河中医药大学附属第一医院检验科承办。", "星河中医药大学附属第一医院", "Organization"),
    # a word at the edge that no name has
    ("经北辰电视台报道，此事引起关注。", "北辰电视台", "Organization"),
])
def test_grammar_finds(nlp, body, name, label):
    _, found = names(nlp, body)
    assert (name, label) in found


@pytest.mark.parametrize("body, absent", [
    # quantities, years and a lone model word are no models
    ("天枢100售价3000元，卖了100万台。", "天枢100"),
    ("北辰集团2019年营收增长。", "北辰集团2019"),
    ("星河科技正在建设5G网络。", "星河科技5G"),
    # a maker before a Latin model keeps its own name
    ("北辰集团Nova 30发布。", "北辰集团Nova 30"),
    # a code glossing the name before it is that name's, not a product
    ("第三届星河安全论坛（Xcon V3）在杭州举行。", "Xcon V3"),
    # a holiday after a year is no event
    ("2019年国庆节期间游客众多。", "2019年国庆节"),
    # a verb after a department, a department inside a longer name
    ("临川市教体局通报称，学校停课。", "临川市教体局通报"),
    ("临川公安博物馆开馆。", "临川公安"),
    # an everyday word ending in a unit's character, a second name after a parent
    ("北辰电视台多次尝试联系对方。", "北辰电视台多次尝试联系"),
    ("外交部消息外交部礼宾司近日发布通知。", "外交部消息外交部礼宾司"),
    # edge words
    ("经北辰电视台报道，此事引起关注。", "经北辰电视台"),
    # a date, a numbered document or line is no numbered name
    ("十二月三号我们见面。", "十二月三号"),
    ("地铁三号线开通。", "地铁三号"),
    ("他家住三号，离学校很近。", "家住三号"),
    # an everyday word + digits without a series or model word is no model
    ("光明20的销量很好。", "光明20"),
    ("今年是改革30周年。", "改革30"),
    # a quoted phrase ending in an everyday word (发展) or a list is no event
    ("会议主题为“城市群与城市发展”。", "城市群与城市发展"),
    ("口号是“交流、合作、共赢杯”。", "交流、合作、共赢杯"),
    # a device word before a quantity or an aperture is no model
    ("这款手机5000mAh电池很耐用。", "5000mAh"),
    ("他用的相机F4-5.6光圈很大。", "F4-5"),
    # a model word alone after a plain word is no model
    ("他说Hello Pro的时代到了。", "Hello Pro"),
    ("国家有关部门表示。", "国家有关部门"),
    # a grade of award is no award's name
    ("他荣获一等奖。", "一等奖"),
    ("他荣获二等奖，她荣获特别奖。", "二等奖"),
    ("他荣获二等奖，她荣获特别奖。", "特别奖"),
    # kinds, not names
    ("一家传统零售公司倒闭了。", "传统零售公司"),
    ("头部券商纷纷入场。", "头部券商"),
    ("电商公司纷纷入场。", "电商公司"),
])
def test_grammar_leaves_out(nlp, body, absent):
    _, found = names(nlp, body)
    assert absent not in {n for n, _ in found}


def test_a_maker_before_a_latin_model_stays_a_maker(nlp):
    _, found = names(nlp, "北辰集团Nova 30发布。")
    assert {("北辰集团", "Company"), ("Nova 30", "Product")} <= found


def test_a_maker_named_before_its_model_develops_it(nlp):
    doc, found = names(nlp, "北辰集团X27正式开售。")
    assert {("北辰集团", "Company"), ("北辰集团X27", "Product")} <= found
    assert ("北辰集团", "develops", "北辰集团X27") in relations(doc)


def test_a_unit_is_part_of_the_organisation_named_at_its_head(nlp):
    doc, _ = names(nlp, "星河大学天文学院副院长出席。")
    assert ("星河大学天文学院", "partOf", "星河大学") in relations(doc)


def test_the_grammar_is_data():
    grammar = load_grammar()
    assert {"product_models", "events", "government", "units", "edges"} <= set(grammar)
    assert "系列" in grammar["product_models"]["series_words"]
    assert "旗下" in grammar["edges"]["before"]


def test_candidates_lose_the_words_no_name_has_at_its_edges():
    from kg.recognise.cleaning import clean_candidates
    from kg.records import Mention, Token

    text = "经北辰电视台报道，向华强和林晓的传统零售公司"
    tokens = [Token(*row) for row in [
        (0, 1, "经", "p"), (1, 6, "北辰电视台", "nt"), (6, 8, "报道", "v"), (8, 9, "，", "x"),
        (9, 10, "向", "p"), (10, 12, "华强", "nr"), (12, 13, "和", "c"), (13, 15, "林晓", "nr"),
        (15, 16, "的", "uj"), (16, 18, "传统", "n"), (18, 20, "零售", "vn"), (20, 22, "公司", "n")]]
    found = [Mention(0, 8, text[0:8], "Organization", "ner"), Mention(9, 12, text[9:12], "Person", "ner"),
             Mention(13, 16, text[13:16], "Person", "ner"), Mention(16, 22, text[16:22], "Company", "rule"),
             Mention(0, 6, text[0:6], "Organization", "lexicon")]
    kept = {(m.text, m.source) for m in clean_candidates(text, tokens, found)}
    # 经 and 报道 go; 向 stays before a person (a surname too); 的 goes; a kind is dropped;
    # the lexicon's names are not touched
    assert kept == {("北辰电视台", "ner"), ("向华强", "ner"), ("林晓", "ner"), ("经北辰电视台", "lexicon")}


def test_a_job_title_after_a_product_is_no_model_and_a_city_committee_before_a_title_is_the_citys_post():
    from kg.nlp import analyse, make_pipeline
    from kg.read import parse_article

    nlp = make_pipeline(with_ner=False)
    doc = analyse(parse_article("标题\n\n据悉，微信CTO林一帆表示，杭州市委副书记、市长周小舟出席。", "t.txt"), nlp)
    names = {e.name for e in doc._.kg_entities}
    assert "微信CTO" not in names and "杭州市委" not in names, names


def test_a_series_word_before_a_code_and_device_word_is_part_of_the_product():
    from kg.nlp import analyse, make_pipeline
    from kg.read import parse_article

    nlp = make_pipeline(with_ner=False)
    doc = analyse(parse_article("标题\n\n搭载天枢100的星河X9手机将于下月上市，新款X9手机同日开售。", "t.txt"), nlp)
    names = {e.key: e for e in doc._.kg_entities}
    assert "星河x9手机" in names and "新款x9手机" not in names and "x9手机" not in names, sorted(names)
    # the model without its series word is the same product, not a second one based on the first
    assert "X9手机" in names["星河x9手机"].aliases
    based = {(r.subject, r.object) for r in doc._.kg_relations if r.predicate == "basedOn"}
    assert based == {("星河x9手机", "天枢100")}, doc._.kg_relations


@pytest.mark.parametrize("text, name, label, longer", [
    # a product goes on over a qualifier closed by 版 / 系列
    ("星河科技发布了光明20 Pro青春版。", "光明20 Pro", "Product", "光明20 Pro青春版"),
    ("北辰K5长续航版即将发布", "北辰K5", "Product", "北辰K5长续航版"),
    ("北辰K5系列即将发布", "北辰K5", "Product", "北辰K5系列"),
    # … not over a verb before it, nor a particle
    ("星河科技发布了光明20发布新版。", "光明20", "Product", None),
    ("北辰K5的新版即将发布", "北辰K5", "Product", None),
    # an event takes the edition or the year written right before it
    ("第六届青藤动漫大会开幕。", "青藤动漫大会", "Event", "第六届青藤动漫大会"),
    ("2019星河杯今天开赛。", "星河杯", "Event", "2019星河杯"),
    ("12019星河杯今天开赛。", "星河杯", "Event", None),
    # a known event (the lexicon's) takes an edition, not a year
    ("第六届全球数字经济大会开幕。", "全球数字经济大会", "Event", "第六届全球数字经济大会"),
    ("2019年全球数字经济大会开幕。", "全球数字经济大会", "Event", None),
])
def test_names_go_on_over_qualifiers_and_editions(nlp, text, name, label, longer):
    from kg.recognise.doc import _token_table
    from kg.recognise.extend import extend_names
    from kg.records import Mention

    start = text.index(name)
    source = "lexicon" if name in _known_names() else "lac"
    found = Mention(start, start + len(name), name, label, source)
    out = extend_names(text, _token_table(nlp.make_doc(text)), [found])
    assert out[0] == found and [m.text for m in out[1:]] == ([longer] if longer else [])
    assert all(m.label == label and m.source == "rule" for m in out[1:])


@pytest.mark.parametrize("body, name", [
    # a transliterated name goes on after a middle dot, but not into the verb after it
    ("北辰公司总裁林克·汉参与了本届论坛。", "林克·汉"),
    ("星河科技首席执行官艾伦·马斯托表示，新品下月上市。", "艾伦·马斯托"),
    # over each further dot
    ("北辰公司董事长阿卜杜·卡里姆·汉森表示，新品下月上市。", "阿卜杜·卡里姆·汉森"),
])
def test_a_name_after_a_middle_dot_stops_at_the_verb(nlp, body, name):
    _, found = names(nlp, body)
    persons = {n for n, label in found if label == "Person"}
    assert name in persons, persons
    assert not any(p.startswith(name) and p != name for p in persons), persons


@pytest.mark.parametrize("body, name", [
    # a company's name goes on over a short bracket or a hyphen before its last words
    ("日前，星河(中国)汽车贸易有限公司决定召回部分车辆。", "星河(中国)汽车贸易有限公司"),
    ("北辰投资（集团）有限公司是一家民营企业。", "北辰投资（集团）有限公司"),
    ("日前，青藤-星河汽车有限公司备案了召回计划。", "青藤-星河汽车有限公司"),
])
def test_a_company_name_goes_on_over_a_bracket_or_a_hyphen(nlp, body, name):
    _, found = names(nlp, body)
    assert (name, "Company") in found, found


def test_a_bracket_after_a_company_is_no_part_of_it(nlp):
    # the bracket closes an aside, and a hyphen between two places joins no company
    _, found = names(nlp, "星河汽车有限公司（简称星河）于去年成立。")
    assert ("星河汽车有限公司", "Company") in found, found
    _, found = names(nlp, "线路：杭州-宁波-北辰物流有限公司。")
    assert not any(n.startswith(("杭州-", "宁波-")) for n, _ in found), found

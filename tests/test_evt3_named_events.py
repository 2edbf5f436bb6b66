"""Named events on unseen news (evt3): a year before an event found before, a head that ends a
common word, named work meetings, an anniversary's ceremony — on invented names (and the
lexicon's well-known names of gatherings, which name no dev article's event)."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, name", [
    # a year or a year's edition before a work meeting's topic (使节 ends in 节, no head there)
    ("王鹭岛在2031年度驻外使节工作会议上讲话。", "2031年度驻外使节工作会议"),
    # the centre's or the army's named work meeting anywhere in a sentence
    ("刚刚召开的中央鹭岛工作会议系统总结了经验。", "中央鹭岛工作会议"),
    # a long suffix ending a word ends a numbered name before any word (签约, 如约而至)
    ("首届鹭岛国际供应链促进博览会签约近200家企业", "首届鹭岛国际供应链促进博览会"),
    ("昨晚，2031年北辰两岸春节焰火晚会如约而至。", "2031年北辰两岸春节焰火晚会"),
    # a topic before a forum's or a gala's head at a clause's start, after a verb of taking part
    ("央视网消息（新闻联播）：鹭岛南方现代化论坛21日在京举行。", "鹭岛南方现代化论坛"),
    ("王鹭岛同北辰总理共同出席鹭北教育发展论坛闭幕式并致辞。", "鹭北教育发展论坛"),
    ("北辰美好生活城市发布盛典举行", "北辰美好生活城市发布盛典"),
    # a gala's title in 《》, a hyphen between partners in a numbered name
    ("鹭岛电视台《2031年元宵晚会》今晚播出。", "2031年元宵晚会"),
    ("第十一届鹭岛-北辰合作论坛今天在银川开幕", "第十一届鹭岛-北辰合作论坛"),
    # a whole title in quotes ending in an exhibition's head; an opening ceremony ends no name
    ("参观“鹭岛强军——北辰国防建设成就展”。", "鹭岛强军——北辰国防建设成就展"),
    ("“鹭岛文创主题展”开幕式暨北辰博物院成立100周年邮票发布仪式19日举行。", "北辰博物院成立100周年邮票发布仪式"),
    # a numbered gala, concert or carnival; a games' short name of numerals (十五 + 运会)
    ("首届鹭岛中国电影盛典举行", "首届鹭岛中国电影盛典"),
    ("2031北辰长城音乐会6月2日在八达岭举行。", "2031北辰长城音乐会"),
    ("此次十五运会共设34个大项。", "十五运会"),
    # a verb before an edition inside a clause's topic, a time word first: the name starts after them
    ("随后，王鹭岛宣布第二届北辰国际供应链促进博览会开幕。", "第二届北辰国际供应链促进博览会"),
    ("当天鹭北峰会闭幕后发表了共同声明。", "鹭北峰会"),
    # a quoted title is written whole (no conjunction splits it), without the quote
    ("首届“鹭岛－北辰和南湾国家航天合作论坛”当日在北辰市开幕。", "鹭岛－北辰和南湾国家航天合作论坛"),
    ("主席台上方“鹭岛自治区成立60周年庆祝大会”横幅十分醒目。", "鹭岛自治区成立60周年庆祝大会"),
    # a forum of partners with a dash (a double one too) is an event, as the lexicon's are
    ("欢迎北辰继续参加中国——鹭岛地区发展合作论坛。", "中国——鹭岛地区发展合作论坛"),
    # an anniversary's ceremony and an anniversary's exhibition of achievements
    ("纪念鹭岛解放86周年仪式在北辰举行。", "纪念鹭岛解放86周年仪式"),
])
def test_named_events_on_news(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body, wrong", [
    # 展 ending 发展 is no exhibition: a year + a phrase ending in 发展 is no event
    ("推动2031年鹭岛北辰一体化发展。", "2031年鹭岛北辰一体化发展"),
    ("2031年鹭岛全面发展，北辰稳步推进。", "2031年鹭岛全面发展"),
    # an event the lexicon knows keeps its own name without the year (a conflict, a gathering)
    ("2031年俄乌冲突爆发后，鹭岛能源紧张。", "2031年俄乌冲突"),
    ("2031世界移动通信大会在北辰开幕。", "2031世界移动通信大会"),
    # two events in one quoted title stay two
    ("“2031鹭岛国际文化节 第八届北辰文明论坛”在鹭岛举行。", "2031鹭岛国际文化节 第八届北辰文明论坛"),
    # a quoted clause ending in a gala's head is no title
    ("他说“这是一场盛大的晚会”。", "这是一场盛大的晚会"),
    # the centre holding a meeting names none
    ("党中央召开工作会议部署北辰工作。", "中央召开工作会议"),
])
def test_no_event(nlp, body, wrong):
    assert (wrong, "Event") not in names(nlp, body)

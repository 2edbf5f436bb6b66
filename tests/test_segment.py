"""kg.segment gives jieba.posseg's output, word for word and flag for flag."""

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import segment
from kg.nlp import get_pipeline

from .conftest import SAMPLE

TEXTS = [
    "李明在北京工作。",
    "华翼星河科技公司董事长欧阳振宇昨日在苏州宣布，公司将投资三亿元建设新工厂。",
    "据悉，墨岚云图与江南数智研究院签署协议，双方将在长三角地区开展合作，覃小禾出任项目负责人。",
    "2019年第3季度，GDP增长6.0%；iPhone 11 Pro的售价为8699元。",
    "张三丰、李四光和王五在“数字乡村”论坛上发言，提到《乡村振兴战略规划（2018－2022年）》。",
    "龑䶮𠀀是罕见字，龘靐齉也是。",
    "",
    "   \n\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_as_jieba_posseg(text):
    get_pipeline()  # the lexicon's words are added to jieba, as in a real run
    expected = [(p.word, p.flag) for p in jieba.posseg.cut(text)]
    assert segment.cut(text) == expected
    assert segment.cut(text) == expected  # the remembered blocks give the same answer


def test_same_on_the_sample_article():
    get_pipeline()
    text = SAMPLE.read_text(encoding="utf-8")
    assert segment.cut(text) == [(p.word, p.flag) for p in jieba.posseg.cut(text)]


ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其但些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞，。、"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_same_as_jieba_posseg_on_any_text(text):
    """Random text over common characters: the fused DAG + route pass and the HMM decoder
    choose what jieba chooses, ties included."""
    get_pipeline()
    assert segment.cut(text) == [(p.word, p.flag) for p in jieba.posseg.cut(text)]


def test_words_added_later_are_used():
    """A word added to jieba after the first cut (so the dictionary's total changes) is seen."""
    get_pipeline()
    text, word = "翠微星澜研发了新的产品", "翠微星澜"
    segment.cut(text)
    total = jieba.dt.total
    jieba.add_word(word, freq=50_000, tag="nz")
    try:
        cut = segment.cut(text)
        assert (word, "nz") in cut
        assert cut == [(p.word, p.flag) for p in jieba.posseg.cut(text)]
    finally:  # leave jieba's global dictionary as the other tests expect it
        jieba.dt.FREQ.pop(word, None)
        jieba.dt.total = total
        jieba.posseg.dt.word_tag_tab.pop(word, None)

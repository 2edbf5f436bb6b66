"""kg.segment gives jieba.posseg's output, word for word and flag for flag."""

import jieba.posseg
import pytest

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

"""Saved web pages: the article text, title and byline come out of the page, not its markup."""

from __future__ import annotations


import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS

from kg.build import build
from kg.errors import KgError
from kg.page import looks_like_html
from kg.read import iter_article_paths, read_article

HEADLINE = "星河云与青禾科技签署合作协议"
BODY = [
    "本报讯 3月4日，星河云宣布与青禾科技签署战略合作协议，双方将在智慧农业领域展开合作。",
    "青禾科技总裁林远航表示，此次合作将帮助更多农户用上数字化工具，提升种植效率。",
    "据介绍，星河云旗下的云帆平台已服务超过两千家合作社，覆盖十二个省份的农业生产。",
]


def page(charset: str = "utf-8", byline: str = "2021年03月04日 10:20 来源：星河日报 作者：林远航") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>{HEADLINE}_星河日报网</title>
<meta property="og:title" content="{HEADLINE}">
<script>var tracker = "span>网络 &quot;不是正文&quot;";</script>
<style>.nav {{ color: red }}</style>
</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/tech">科技</a> | <a href="/finance">财经</a></div>
<div class="article">
<h1>{HEADLINE}</h1>
<div class="byline">{byline}</div>
<div class="share">分享到 微博 微信</div>
<div class="content">
{paragraphs}
</div></div>
<div class="footer">版权所有 &copy; 星河日报网 联系我们 广告服务</div>
</body></html>
"""


def test_page_is_read_as_its_article(tmp_path):
    path = tmp_path / "xinghe.html"
    path.write_text(page(), encoding="utf-8")
    article = read_article(path)
    assert article.title == HEADLINE
    assert article.created == "2021-03-04T10:20:00"
    assert [a[0] for a in article.authors] == ["林远航"]
    assert [p[0] for p in article.publishers] == ["星河日报"]
    for paragraph in BODY:
        assert paragraph in article.text
    for chrome in ("<", "&quot", "tracker", "首页", "版权所有", "color"):
        assert chrome not in article.text
    # byline offsets point into the text the pipeline sees
    name, start, end, *_ = article.authors[0]
    assert article.text[start:end] == name


def test_sniffed_without_suffix_and_gbk_declared(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes(page(charset="gbk").encode("gbk"))
    assert looks_like_html(path.read_bytes())
    article = read_article(path)
    assert article.title == HEADLINE and BODY[1] in article.text


def test_date_from_metadata_when_no_byline(tmp_path):
    path = tmp_path / "p.htm"
    html = page(byline="").replace("<head>", '<head><meta property="article:published_time" content="2020-05-06">')
    path.write_text(html, encoding="utf-8")
    assert read_article(path).created == "2020-05-06"


def test_page_without_text_is_one_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>", encoding="utf-8")
    with pytest.raises(KgError, match=r"empty\.html: no article text"):
        read_article(path)


def test_folder_prefers_the_text_beside_a_page(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "a.txt").write_text("甲\n\n正文。", encoding="utf-8")
    (tmp_path / "html" / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "html" / "b.htm").write_text(page(), encoding="utf-8")
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt", "b.htm"]


def test_build_of_a_page(tmp_path):
    path = tmp_path / "xinghe.html"
    path.write_text(page(), encoding="utf-8")
    build([path], tmp_path / "out", use_cache=False, ner=False)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert {str(o) for o in graph.objects(None, DCTERMS.title)} == {HEADLINE}
    labels = [str(o) for o in graph.objects(None, RDFS.label)]
    assert "星河日报" in labels and "林远航" in labels
    assert not any(c in label for label in labels for c in "<>&;")


def test_site_text_inside_the_article_is_left_out(tmp_path):
    """A list heading, a stock quote after a name, a note on the original title, a picture hint,
    the site's promotion and footer, a byline split by a separator: none reaches the text."""
    body = "\n".join([
        "<p>相关新闻：</p>",
        "<p>（原标题：星河云签约青禾科技）</p>",
        f"<p>{BODY[0]}</p>",
        "<p>青禾科技(12.5, 0.31, 2.54%)总裁林远航表示，此次合作将帮助更多农户用上数字化工具。</p>",
        "<p>（点击看清晰大图）</p>",
        f"<p>{BODY[2]}</p>",
        "<p>本站对发布会进行全程直播。收藏以下链接：http://example.com/live/，锁定@星河日报 微博。</p>",
        "<p>地 址：北辰市青藤路1号</p><p>电 话：010-12345678</p>",
    ])
    html = page(byline="2021-03-04</div><div>·</div><div>星河日报").replace(
        "\n".join(f"<p>{p}</p>" for p in BODY), body)
    path = tmp_path / "xinghe.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    for chrome in ("相关新闻", "原标题", "12.5", "点击", "收藏以下链接", "北辰市", "010-"):
        assert chrome not in article.text
    assert "青禾科技总裁林远航表示" in article.text
    assert [p[0] for p in article.publishers] == ["星河日报"]

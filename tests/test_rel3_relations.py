"""Relation shapes of sports and product news (invented names): an organisation signing a person
(ORG 与 PERSON 签约), a player moving to a club (转会), a venue between a side and its match verb,
two sides starting a match (甲与乙展开对决), a maker named with an alias in brackets."""

from tests.test_duee_relations import _named


def test_an_organisation_signing_a_person():
    found = _named(["北辰篮球俱乐部正式宣布与后卫林一帆签约成功。",
                    "北辰篮球俱乐部在官方网站上宣布，已经和自由身的后卫林一帆签约。",
                    "北辰篮球俱乐部与林一帆达成了一份三年的合同。",
                    "北辰篮球俱乐部与林一帆见面。",
                    "北辰篮球俱乐部宣布，不会和林一帆签约。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert found[1] == {("林一帆", "北辰篮球俱乐部")}
    assert found[2] == {("林一帆", "北辰篮球俱乐部")}
    assert found[3] == set()  # no contract
    assert found[4] == set()  # negated


def test_moving_to_a_club_needs_the_club_right_after():
    found = _named(["林一帆正式转会北辰篮球俱乐部。", "林一帆转会离开北辰篮球俱乐部后状态下滑。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert found[1] == set()


def test_a_venue_is_no_side_and_a_pair_starting_a_match():
    found = _named(["第三届青藤杯决赛中，星河队在青藤体育馆以3比1战胜北辰队。",
                    "在第三届青藤杯的比赛中，星河队与北辰队展开对决。"], "attended")
    assert ("星河队", "第三届青藤杯决赛") in found[0] and ("北辰队", "第三届青藤杯决赛") in found[0]
    assert {("星河队", "第三届青藤杯"), ("北辰队", "第三届青藤杯")} <= found[1]


def test_a_speech_at_a_meeting_and_a_champion_named_with_the_copula():
    found = _named(["第五届青藤论坛在北辰市开幕，林一帆作了重要讲话。",
                    "林一帆是第三届青藤杯男子单打冠军。",
                    "第五届青藤论坛在北辰市开幕，林一帆没有作讲话。"], "attended")
    assert found[0] == {("林一帆", "第五届青藤论坛")}
    assert found[1] == {("林一帆", "第三届青藤杯")}
    assert found[2] == set()  # negated


def test_the_head_of_a_delegation():
    assert _named(["星河代表团团长林一帆表示，会谈富有成效。"], "leads")[0] == {("林一帆", "星河代表团")}


def test_working_at_an_organisation():
    found = _named(["在星河公司工作了十年的林一帆说，变化很大。", "林一帆毕业后进入星河公司工作。",
                    "林一帆没有在星河公司工作。", "林一帆参观了在星河公司工作的员工宿舍。",
                    "林一帆带领团队在星河公司工作站调研。"], "worksFor")
    assert found[0] == {("林一帆", "星河公司")} and found[1] == {("林一帆", "星河公司")}
    assert found[2] == set() and found[3] == set() and found[4] == set()


def test_no_relation_across_a_quoted_title_or_from_a_speaker():
    # (a well-known country and an invented city: the quoted title's cue related a name outside it before)
    partners = _named(["“中国与世界：共建星河未来”国际研讨会在北辰市举行。"], "partnerOf")[0]
    assert not any("北辰" in o or "北辰" in s for s, o in partners)
    member = _named(["林一帆指出，会议通过了关于北辰委员会加入星河联盟的报告。"], "memberOf")[0]
    assert ("林一帆", "星河联盟") not in member


def test_joining_a_sports_team_is_working_for_it_and_a_keynote_is_attending():
    works = _named(["林一帆加入北辰足球俱乐部。", "林一帆加入北辰读书俱乐部。"], "worksFor")
    assert works[0] == {("林一帆", "北辰足球俱乐部")} and works[1] == set()
    assert _named(["第五届青藤论坛10日在北辰市举行，林一帆发表主旨演讲。"], "attended")[0] \
        == {("林一帆", "第五届青藤论坛")}


def test_an_unnamed_meeting_or_a_topic_of_instructions_is_no_object():
    organised = _named(["北辰市政府举行发布会介绍了第五届青藤运动会筹办情况。", "北辰市政府举办第五届青藤运动会。"],
                       "organized")
    assert organised[0] == set() and organised[1] == {("北辰市政府", "第五届青藤运动会")}
    founded = _named(["林一帆近日就组建星河集团有限公司作出重要指示。", "林一帆组建了星河集团有限公司。"], "founded")
    assert founded[0] == set() and founded[1] == {("林一帆", "星河集团有限公司")}


def test_a_name_inside_a_title_a_comma_after_an_invitation_and_a_word_of_a_name():
    # (a well-known office and an invented system: the name inside the white paper's title was its object before)
    assert _named(["国务院新闻办公室今天举行新闻发布会，发布《新时代的星河导航》白皮书，介绍星河导航卫星系统的发展成就。"],
                  "develops")[0] == set()
    leads = _named(["应北辰市市长林一帆邀请，星河集团董事长王志远将访问北辰市。"], "leads")[0]
    assert ("王志远", "星河集团") in leads and not any(p == "林一帆" and "星河" in o for p, o in leads)
    assert _named(["星河工业园区联合协调理事会第五次会议在北辰市举行。"], "partnerOf")[0] == set()


def test_a_minister_named_after_a_place_heads_no_place():
    leads = _named(["北辰国国防部长林一帆表示，会谈富有成效。", "北辰市市长王志远表示，会谈富有成效。"], "leads")
    assert not any(p == "林一帆" for p, _ in leads[0])
    assert ("王志远", "北辰市") in leads[1]


def test_an_epidemic_is_not_attended():
    found = _named(["林一帆参加抗击新冠肺炎疫情。", "林一帆参加第五届青藤论坛。"], "attended")
    assert found[0] == set() and found[1] == {("林一帆", "第五届青藤论坛")}


def test_a_report_made_on_behalf_of_a_body_is_the_speakers():
    found = _named(["北辰联合会第五次全体会议1月5日在北京开幕。北辰联合会主席林一帆代表北辰联合会常务委员会作工作报告。"],
                   "attended")[0]
    assert ("林一帆", "北辰联合会第五次全体会议") in found
    assert not any("常务委员会" in s for s, _ in found)


def test_a_company_announcing_its_own_deal_is_its_subject():
    found = _named(["星河集团称，公司拟以10元/股发行1亿股，合计作价2亿元收购北辰科技公司51%股权。"], "acquired")[0]
    assert ("星河集团", "北辰科技公司") in found


def test_the_subject_after_a_clause_of_time_and_places_written_as_a_pair():
    assert _named(["在出席第五届青藤论坛时，林一帆表示，合作前景广阔。"], "attended")[0] == {("林一帆", "第五届青藤论坛")}
    # (well-known places: 香港 and 澳门 listed were nested before)
    assert _named(["香港澳门各界人士表示深切哀悼。"], "locatedIn")[0] == set()

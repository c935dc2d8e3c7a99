"""Indicator rules: pure functions of the facts (each way), the facts read from real records,
confirm / override with history, the live score and gap list, ISCCC, the ranking score."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive import indicators
from archive.indicator_facts import Facts, community_facts
from archive.models import AssessmentItem, IndicatorJudgement
from archive.national_sheet import SECTIONS
from archive.services.assessment import assessment_result, start_assessment
from archive.services.isccc import designation_timeline, isccc_indicators
from archive.services.judgements import (
    assessment_score,
    assessment_scores,
    confirm,
    override,
    picture,
)
from committee.choices import Phase
from tests.committee.factories import CreationPhaseFactory
from tests.factories import MeetingFactory
from tests.hazards.factories import HiddenDangerFactory
from tests.projects.factories import SurveyFactory

TODAY = datetime.date(2026, 6, 30)


def grades(code, **values):
    return indicators.propose_one(code, Facts.of(today=TODAY, **values)).grades()


# ---- rules as pure functions ---------------------------------------------------------------


def test_every_indicator_of_the_national_sheet_has_a_rule():
    codes = {f"{element}.{i}" for element, _t, items in SECTIONS for i in range(1, len(items) + 1)}
    assert len(codes) == 50
    assert set(indicators.RULES) == codes


def test_every_rule_answers_on_empty_facts_with_low_grades():
    proposals = indicators.propose(Facts.of(today=TODAY))
    for proposal in proposals.values():
        assert set(proposal.parts) == set(indicators.PARTS)
        for part in proposal.parts.values():
            assert part.reason
            assert part.grade in (None, "a", "b", "c", "d")
        # nothing recorded: no part may reach b, apart from "nothing overdue" style checks
        assert "a" not in proposal.grades().values(), proposal.code


@pytest.mark.parametrize(("meetings", "expected"), [(0, "d"), (1, "b"), (2, "a"), (5, "a")])
def test_committee_meetings_move_the_effect_of_1_1(meetings, expected):
    assert grades("1.1", meetings_committee=meetings)["effect"] == expected


def test_minutes_share_moves_the_trace_of_2_1():
    assert grades("2.1", meetings_n=10, meetings_minutes=10)["trace"] == "a"
    assert grades("2.1", meetings_n=10, meetings_minutes=7)["trace"] == "b"
    assert grades("2.1", meetings_n=10, meetings_minutes=2)["trace"] == "c"
    assert grades("2.1", meetings_n=0)["trace"] == "d"


def test_awareness_rate_moves_the_effect_of_6_4():
    assert grades("6.4", surveys_n=1, survey_awareness=85)["effect"] == "a"
    assert grades("6.4", surveys_n=1, survey_awareness=75)["effect"] == "b"
    assert grades("6.4", surveys_n=1, survey_awareness=40)["effect"] == "d"
    assert grades("6.4")["effect"] == "d"


def test_injury_trend_moves_the_effect_of_4_2():
    assert grades("4.2", cards_n12=80, cards_prev12=100)["effect"] == "a"
    assert grades("4.2", cards_n12=103, cards_prev12=100)["effect"] == "b"
    assert grades("4.2", cards_n12=150, cards_prev12=100)["effect"] == "c"
    assert grades("4.2", cards_n12=10)["effect"] == "c"  # no earlier year to compare
    assert grades("4.2")["effect"] == "d"


def test_rectification_on_time_moves_the_effect_of_11_2():
    assert grades("11.2", dangers_due=10, dangers_on_time=10)["effect"] == "a"
    assert grades("11.2", dangers_due=10, dangers_on_time=8)["effect"] == "b"
    assert grades("11.2", dangers_due=10, dangers_on_time=3)["effect"] == "c"


def test_drill_evaluations_and_emergency_plan_reviews():
    assert grades("7.5", drills_held=4, drills_evaluated=4)["effect"] == "a"
    assert grades("7.5", drills_held=4, drills_evaluated=1)["effect"] == "c"
    assert grades("7.3", eplans_n=10, eplans_review_overdue=0)["effect"] == "a"
    assert grades("7.3", eplans_n=10, eplans_review_overdue=2)["effect"] == "b"
    assert grades("7.3", eplans_n=10, eplans_review_overdue=5)["effect"] == "c"


def test_parts_no_record_can_answer_stay_manual():
    for code in ("6.2", "8.4"):
        proposal = indicators.propose_one(code, Facts.of(today=TODAY))
        assert proposal.parts["effect"].grade is None
        assert not proposal.complete and not proposal.manual


def test_links_and_fix_page_point_into_the_community():
    proposal = indicators.propose_one("2.1", Facts.of(slug="xingfu", today=TODAY))
    assert proposal.fix_url == "/c/xingfu/committee/meetings/new/"
    assert [link.url for link in proposal.links] == ["/c/xingfu/committee/meetings/"]
    assert proposal.todo


# ---- facts from records: a record added or removed moves the grade --------------------------


def test_a_committee_meeting_moves_1_1_from_d_to_b(cast):
    def effect():
        facts = community_facts(cast.community)
        return indicators.propose_one("1.1", facts).parts["effect"].grade

    assert effect() == "d"
    meeting = MeetingFactory(community=cast.community, kind="committee", date=datetime.date.today())
    assert effect() == "b"
    meeting.delete()
    assert effect() == "d"


def test_a_survey_moves_6_4_and_other_communities_do_not_count(cast):
    SurveyFactory(community=cast.other, sample_size=100, aware_count=90)
    facts = community_facts(cast.community)
    assert indicators.propose_one("6.4", facts).parts["effect"].grade == "d"
    SurveyFactory(community=cast.community, sample_size=100, aware_count=90)
    facts = community_facts(cast.community)
    assert facts["survey_awareness"] == 90
    assert indicators.propose_one("6.4", facts).parts["effect"].grade == "a"


def test_an_overdue_hidden_danger_lowers_11_3(cast):
    HiddenDangerFactory(community=cast.community)
    before = indicators.propose_one("11.3", community_facts(cast.community)).parts["effect"]
    overdue = [
        HiddenDangerFactory(
            community=cast.community,
            status="ordered",
            deadline=datetime.date.today() - datetime.timedelta(days=5),
        )
        for _ in range(3)
    ]
    after = indicators.propose_one("11.3", community_facts(cast.community)).parts["effect"]
    assert before.grade == "a" and after.grade == "c"
    assert "3" in after.reason
    for danger in overdue:
        danger.delete()
    assert (
        indicators.propose_one("11.3", community_facts(cast.community)).parts["effect"].grade == "a"
    )


def test_facts_cost_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(5):
        MeetingFactory(community=cast.community)
        HiddenDangerFactory(community=cast.community)
    with django_assert_max_num_queries(50):
        community_facts(cast.community)


# ---- confirm, override, score, gaps ---------------------------------------------------------


@pytest.fixture
def assessment(cast):
    return start_assessment(community=cast.community, title="2026年自评", date=TODAY)


def item_for(assessment, code):
    return AssessmentItem.objects.select_related("indicator").get(
        assessment=assessment, indicator__code=code
    )


def test_confirm_copies_the_proposal_and_keeps_history(cast, assessment):
    facts = community_facts(cast.community)
    proposal = indicators.propose_one("1.1", facts)
    item = item_for(assessment, "1.1")
    confirm(item=item, proposal=proposal, user=cast.users["office"])
    item.refresh_from_db()
    assert item.grades() == proposal.grades()
    assert item.decision == "confirmed"
    judgement = IndicatorJudgement.objects.get(item=item)
    assert judgement.decided_by == cast.users["office"]
    assert judgement.proposed == "".join(proposal.grades().values())
    assert assessment_result(assessment).graded == 1


def test_partly_manual_proposal_cannot_be_confirmed(cast, assessment):
    proposal = indicators.propose_one("8.4", community_facts(cast.community))
    with pytest.raises(ValidationError):
        confirm(item=item_for(assessment, "8.4"), proposal=proposal, user=cast.users["office"])


def test_override_needs_a_reason_and_both_decisions_stay_in_history(cast, assessment):
    item = item_for(assessment, "2.1")
    proposal = indicators.propose_one("2.1", community_facts(cast.community))
    with pytest.raises(ValidationError):
        override(
            item=item, grades={"presence": "a", "trace": "a", "effect": "a"}, reason=" ", user=None
        )
    confirm(item=item, proposal=proposal, user=cast.users["office"])
    override(
        item=item,
        grades={"presence": "a", "trace": "b", "effect": "b"},
        reason="纸质会议纪要在档案室，系统未录入",
        user=cast.users["office"],
        proposal=proposal,
    )
    item.refresh_from_db()
    assert (item.presence, item.trace, item.effect, item.decision) == ("a", "b", "b", "overridden")
    assert list(
        IndicatorJudgement.objects.filter(item=item).values_list("decision", flat=True)
    ) == [
        "overridden",
        "confirmed",
    ]


def test_picture_counts_scores_and_ranks_gaps(cast, assessment):
    result = picture(assessment)
    assert result.total == 50 and result.graded == 0 and result.earned == 0
    assert result.counts["confirmed"] == result.counts["overridden"] == 0
    assert result.band == "incomplete"
    # an empty community: every indicator with a proposal is a gap, worth most where all is d
    assert len(result.gaps) >= 40
    gains = [gap.gain for gap in result.gaps]
    assert gains == sorted(gains, reverse=True)
    item = item_for(assessment, "1.1")
    override(
        item=item,
        grades={"presence": "a", "trace": "a", "effect": "a"},
        reason="委员会已成立，名单待录入",
        user=cast.users["office"],
    )
    after = picture(assessment)
    assert after.earned == Decimal("3.00")
    assert after.counts["overridden"] == 1
    assert "1.1" not in {gap.row.item.indicator.code for gap in after.gaps}
    assert len(after.gaps) == len(result.gaps) - 1


def test_assessment_score_for_rankings(cast, assessment, django_assert_max_num_queries):
    assert assessment_score(cast.other) == (None, "none")
    AssessmentItem.objects.filter(assessment=assessment).update(presence="a", trace="a", effect="b")
    score, band = assessment_score(cast.community)
    assert score == Decimal("132.00") and band == "pass"
    AssessmentItem.objects.filter(assessment=assessment).update(presence="b", trace="b", effect="b")
    assert assessment_score(cast.community) == (Decimal("105.00"), "pass")
    AssessmentItem.objects.filter(assessment=assessment).update(presence="c", trace="b", effect="b")
    assert assessment_score(cast.community)[1] == "rectify"
    with django_assert_max_num_queries(3):
        scores = assessment_scores([cast.community, cast.other])
    assert scores[cast.other.pk] == (None, "none")


def test_isccc_and_designation_timeline(cast):
    facts = community_facts(cast.community)
    six = isccc_indicators(facts)
    assert [i.number for i in six] == [1, 2, 3, 4, 5, 6]
    assert all(i.status == "missing" for i in six)
    assert designation_timeline(facts) == []
    MeetingFactory(community=cast.community, kind="committee", date=datetime.date.today())
    CreationPhaseFactory(
        community=cast.community, phase=Phase.APPLY, actual_end=datetime.date(2024, 5, 1)
    )
    facts = community_facts(cast.community)
    assert isccc_indicators(facts)[0].status == "partial"
    timeline = designation_timeline(facts)
    assert timeline[0].date == datetime.date(2024, 5, 1)
    assert timeline[-1].date == datetime.date(2029, 5, 1)
    assert len(timeline) == 6


# ---- the page --------------------------------------------------------------------------------


def test_office_confirms_and_overrides_on_the_page(cast, assessment):
    client = cast.client_for("office")
    item = item_for(assessment, "1.4")
    base = [cast.community.slug, assessment.pk, item.pk]
    response = client.post(
        reverse("archive:assessment_judge", args=[*base, "override"]),
        {"presence": "a", "trace": "a", "effect": "b", "reason": "年度计划已印发"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "overridden" and item.effect == "b"
    # without a reason nothing changes
    client.post(
        reverse("archive:assessment_judge", args=[*base, "override"]),
        {"presence": "d", "trace": "d", "effect": "d", "reason": ""},
    )
    item.refresh_from_db()
    assert item.effect == "b"
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "年度计划已印发" in page and "差距清单" in page and "ISCCC" in page


def test_only_office_may_judge(cast, assessment):
    item = item_for(assessment, "1.1")
    url = reverse(
        "archive:assessment_judge", args=[cast.community.slug, assessment.pk, item.pk, "confirm"]
    )
    assert cast.client_for("member").post(url).status_code == 403
    assert cast.client_for("leader").post(url).status_code == 403
    foreign = start_assessment(community=cast.other, title="平安", date=TODAY)
    other_item = foreign.items.first()
    url = reverse(
        "archive:assessment_judge", args=[cast.community.slug, foreign.pk, other_item.pk, "confirm"]
    )
    assert cast.client_for("office").post(url).status_code == 404
    assert not IndicatorJudgement.objects.exists()


def test_self_assessment_page_query_count(cast, assessment, django_assert_max_num_queries):
    client = cast.client_for("office")
    for code in ("1.1", "2.1", "3.1"):
        override(
            item=item_for(assessment, code),
            grades={"presence": "b", "trace": "b", "effect": "b"},
            reason="人工评定",
            user=cast.users["office"],
        )
    with django_assert_max_num_queries(70):
        assert client.get(assessment.get_absolute_url()).status_code == 200


def test_hand_grades_clear_the_decision_but_keep_the_history(cast, assessment):
    items = list(
        AssessmentItem.objects.filter(
            assessment=assessment, indicator__section__element=10
        ).order_by("indicator__order")
    )
    override(
        item=items[0],
        grades={"presence": "a", "trace": "a", "effect": "a"},
        reason="档案室已建",
        user=cast.users["office"],
    )
    data = {
        "form-TOTAL_FORMS": str(len(items)),
        "form-INITIAL_FORMS": str(len(items)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        item.refresh_from_db()
        data.update(
            {
                f"form-{index}-id": item.pk,
                f"form-{index}-presence": item.presence,
                f"form-{index}-trace": item.trace,
                f"form-{index}-effect": "b" if index == 0 else item.effect,
                f"form-{index}-comment": item.comment,
            }
        )
    cast.client_for("office").post(
        reverse("archive:assessment_element", args=[cast.community.slug, assessment.pk, 10]), data
    )
    items[0].refresh_from_db()
    assert items[0].effect == "b" and items[0].decision == ""
    assert IndicatorJudgement.objects.filter(item=items[0]).count() == 1


@pytest.mark.parametrize(
    ("on_time", "expected"),
    [(None, "a"), (10, "a"), (7, "b"), (2, "c"), (0, "d")],
)
def test_missed_scheduled_inspections_lower_the_effect_of_8_1(on_time, expected):
    """Inspections with conclusions alone give a; where inspections are scheduled, the share done
    on their day counts too, and the weaker of the two decides."""
    values = {"inspections_n": 30, "inspections_summarised": 30}
    if on_time is not None:
        values |= {"scheduled_due": 10, "scheduled_on_time": on_time}
    proposal = indicators.propose_one("8.1", Facts.of(today=TODAY, **values))
    assert proposal.parts["effect"].grade == expected
    if on_time is not None:
        assert "按时完成的排程检查" in proposal.parts["effect"].reason

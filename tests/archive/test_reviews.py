"""Management reviews: decisions recorded with the review become tracked corrective actions."""

import datetime

from django.urls import reverse

from archive.models import ManagementReview, ReviewDecision
from archive.services.reviews import create_corrective_actions
from hazards.models import CorrectiveAction

from .factories import DecisionFactory, ReportFactory, ReviewFactory


def test_office_records_a_review_with_decisions(cast):
    report = ReportFactory(community=cast.community)
    data = {
        "date": "2025-06-20",
        "title": "年度管理评审",
        "participants": "李建国、王丽华",
        "conclusions": "总体良好。",
        "reports": [report.pk],
        "decisions-TOTAL_FORMS": "2",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
        "decisions-0-title": "加强老年人防跌倒",
        "decisions-0-responsible_unit": "老年人安全促进组",
        "decisions-0-due_date": "2025-09-30",
        "decisions-1-title": "",
    }
    response = cast.client_for("office").post(
        reverse("archive:review_create", args=[cast.community.slug]), data
    )
    review = ManagementReview.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert list(review.reports.all()) == [report] and review.created_by == cast.users["office"]
    decision = review.decisions.get()
    assert decision.community == cast.community and decision.due_date == datetime.date(2025, 9, 30)


def test_reports_of_another_community_cannot_be_inputs(cast):
    foreign = ReportFactory(community=cast.other)
    data = {
        "date": "2025-06-20",
        "title": "评审",
        "participants": "甲",
        "conclusions": "结论",
        "reports": [foreign.pk],
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    response = cast.client_for("office").post(
        reverse("archive:review_create", args=[cast.community.slug]), data
    )
    assert response.status_code == 200 and not ManagementReview.objects.exists()


def test_decisions_become_corrective_actions_once(cast):
    review = ReviewFactory(community=cast.community, title="年度评审")
    first = DecisionFactory(review=review, title="逾期隐患挂牌督办", responsible_person="陈志强")
    DecisionFactory(review=review, title="扩大培训覆盖面")
    assert create_corrective_actions(review, user=cast.users["office"]) == 2
    assert create_corrective_actions(review) == 0
    first.refresh_from_db()
    action = first.action
    assert isinstance(action, CorrectiveAction)
    assert (
        action.community == cast.community
        and action.source_kind == "review"
        and action.source == first
    )
    assert action.title == "逾期隐患挂牌督办" and action.responsible_person == "陈志强"
    assert action.due_date == first.due_date and "年度评审" in action.description
    assert CorrectiveAction.objects.count() == 2


def test_actions_button_is_office_only_and_scoped(cast):
    review = ReviewFactory(community=cast.community)
    DecisionFactory(review=review)
    url = reverse("archive:review_actions", args=[cast.community.slug, review.pk])
    assert cast.client_for("leader").post(url).status_code == 403
    assert cast.client_for("outsider").post(url).status_code == 404
    response = cast.client_for("office").post(url)
    assert response.status_code == 302 and ReviewDecision.objects.get().action_id is not None
    page = cast.client_for("reviewer").get(review.get_absolute_url()).content.decode()
    assert ReviewDecision.objects.get().action.title in page


def test_foreign_review_is_404(cast):
    foreign = ReviewFactory(community=cast.other)
    client = cast.client_for("office")
    for name in ("review_detail", "review_update", "review_delete"):
        assert (
            client.get(
                reverse(f"archive:{name}", args=[cast.community.slug, foreign.pk])
            ).status_code
            == 404
        )

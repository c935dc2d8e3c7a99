"""Self-assessment: the national sheet as data, scores, verdicts and readiness per element."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from archive.models import AssessmentItem, IndicatorL2, IndicatorScheme
from archive.services.assessment import (
    assessment_result,
    default_scheme,
    readiness,
    start_assessment,
)

from .factories import DocumentFactory


def grade_all(assessment, presence, trace, effect):
    AssessmentItem.objects.filter(assessment=assessment).update(
        presence=presence, trace=trace, effect=effect
    )


@pytest.fixture
def assessment(cast):
    return start_assessment(
        community=cast.community, title="2025年自评", date=datetime.date(2025, 6, 1)
    )


def test_national_sheet_is_the_default_data(db):
    scheme = default_scheme()
    assert scheme.code == "national" and scheme.is_default
    assert scheme.sections.count() == 12
    assert IndicatorL2.objects.filter(section__scheme=scheme).count() == 50
    assert sum(i.points for i in IndicatorL2.objects.filter(section__scheme=scheme)) == 150
    assert (scheme.presence_weight, scheme.trace_weight, scheme.effect_weight) == (
        Decimal("0.8"),
        Decimal("1.0"),
        Decimal("1.2"),
    )
    assert [s.element for s in scheme.sections.order_by("order")] == list(range(1, 13))


def test_item_score_uses_part_weights_and_grade_shares(assessment):
    item = assessment.items.select_related("indicator").first()
    item.presence, item.trace, item.effect = "a", "b", "c"
    # 0.8 × 100 % + 1.0 × 70 % + 1.2 × 30 % = 0.8 + 0.7 + 0.36
    assert item.score(assessment.scheme) == Decimal("1.86")
    item.effect = ""
    assert item.score(assessment.scheme) is None


def test_all_a_passes_with_150(assessment):
    grade_all(assessment, "a", "a", "a")
    result = assessment_result(assessment)
    assert (result.earned, result.maximum, result.verdict) == (
        Decimal("150.00"),
        Decimal("150.00"),
        "pass",
    )


def test_all_b_scores_105_and_passes(assessment):
    grade_all(assessment, "b", "b", "b")
    result = assessment_result(assessment)
    assert result.earned == Decimal("105.00") and result.verdict == "pass"


def test_between_75_and_100_may_rectify(assessment):
    # a/c/c: 0.8 + 0.3 + 0.36 = 1.46 per item → 73.00: fail; b/b/c: 0.56 + 0.7 + 0.36 = 1.62 → 81.00
    grade_all(assessment, "b", "b", "c")
    result = assessment_result(assessment)
    assert result.earned == Decimal("81.00") and result.verdict == "rectify"
    grade_all(assessment, "a", "c", "c")
    assert assessment_result(assessment).verdict == "fail"


def test_one_indicator_at_zero_fails_however_high_the_total(assessment):
    grade_all(assessment, "a", "a", "a")
    AssessmentItem.objects.filter(assessment=assessment, indicator__code="7.5").update(
        presence="d", trace="d", effect="d"
    )
    result = assessment_result(assessment)
    assert result.earned == Decimal("147.00") and result.zeros == 1 and result.verdict == "fail"
    assert result.section_for(7).zeros == 1


def test_incomplete_until_every_item_is_graded(assessment):
    grade_all(assessment, "a", "a", "a")
    AssessmentItem.objects.filter(assessment=assessment, indicator__code="1.1").update(effect="")
    result = assessment_result(assessment)
    assert result.verdict == "incomplete" and result.graded == 49
    assert "49 / 50" in result.verdict_label


def test_new_round_carries_over_grades_of_the_previous(cast, assessment):
    grade_all(assessment, "b", "a", "c")
    second = start_assessment(
        community=cast.community,
        title="2026年自评",
        date=datetime.date(2026, 6, 1),
        copy_from=assessment,
    )
    assert assessment_result(second).earned == assessment_result(assessment).earned


def test_local_scheme_with_other_thresholds(cast):
    scheme = IndicatorScheme.objects.create(
        code="city", name="某市评定表", pass_score=90, rectify_score=60
    )
    from archive.models import IndicatorL1

    section = IndicatorL1.objects.create(scheme=scheme, element=1, title="机构", order=1)
    IndicatorL2.objects.create(section=section, code="1.1", title="组织机构", points=Decimal("100"))
    local = start_assessment(
        community=cast.community, title="市级自评", date=datetime.date(2025, 1, 1), scheme=scheme
    )
    grade_all(local, "a", "b", "a")  # 100 × (0.8 + 0.7 + 1.2) / 3 = 90
    result = assessment_result(local)
    assert result.earned == Decimal("90.00") and result.verdict == "pass"


def test_readiness_combines_records_documents_and_self_score(cast, assessment):
    DocumentFactory(community=cast.community, elements=[1], date=datetime.date(2025, 4, 2))
    DocumentFactory(community=cast.community, elements=[1], date=datetime.date(2025, 5, 9))
    grade_all(assessment, "a", "a", "a")
    AssessmentItem.objects.filter(assessment=assessment, indicator__code="3.1").update(
        presence="d", trace="d", effect="d"
    )
    rows = {row.element: row for row in readiness(cast.community, assessment_result(assessment))}
    assert rows[1].documents == 2 and rows[1].latest_document == datetime.date(2025, 5, 9)
    assert rows[3].section.zeros == 1
    # The standard cast has committee gaps (a group without a leader, no phases): they hold it back.
    assert rows[1].missing and rows[1].state == "partial"
    assert dataclasses.replace(rows[1], missing=[]).state == "ready"  # documents, full marks
    assert rows[3].state != "ready"  # a zero indicator keeps it from being ready


def test_grading_one_element_through_the_page(cast, assessment):
    items = list(
        AssessmentItem.objects.filter(
            assessment=assessment, indicator__section__element=10
        ).order_by("indicator__order")
    )
    data = {
        "form-TOTAL_FORMS": str(len(items)),
        "form-INITIAL_FORMS": str(len(items)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "next": "1",
    }
    for index, item in enumerate(items):
        data.update(
            {
                f"form-{index}-id": item.pk,
                f"form-{index}-presence": "a",
                f"form-{index}-trace": "b",
                f"form-{index}-effect": "a",
                f"form-{index}-comment": "档案齐全",
            }
        )
    response = cast.client_for("office").post(
        reverse("archive:assessment_element", args=[cast.community.slug, assessment.pk, 10]), data
    )
    assert response.status_code == 302 and response["Location"].endswith("/element/11/")
    section = assessment_result(assessment).section_for(10)
    # 3 items × (0.8 + 0.7 + 1.2)
    assert section.graded == 3 and section.earned == Decimal("8.10")


def test_grades_outside_the_sheet_are_refused(cast, assessment):
    item = AssessmentItem.objects.filter(
        assessment=assessment, indicator__section__element=12
    ).first()
    count = AssessmentItem.objects.filter(
        assessment=assessment, indicator__section__element=12
    ).count()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": str(count),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": item.pk,
        "form-0-presence": "z",
    }
    response = cast.client_for("office").post(
        reverse("archive:assessment_element", args=[cast.community.slug, assessment.pk, 12]), data
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.presence == ""


def test_another_communitys_assessment_is_404(cast):
    foreign = start_assessment(community=cast.other, title="外社区", date=datetime.date(2025, 1, 1))
    client = cast.client_for("office")
    assert (
        client.get(
            reverse("archive:assessment_detail", args=[cast.community.slug, foreign.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("archive:assessment_element", args=[cast.community.slug, foreign.pk, 1])
        ).status_code
        == 404
    )

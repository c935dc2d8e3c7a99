"""Plans: validation, versions (revising keeps the predecessors), deletion rules, documents."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.urls import reverse

from emergency import selectors, services
from emergency.choices import PlanStatus, ReviewState
from emergency.models import EmergencyPlan, PlanGroup
from tests.hazards.factories import HazardFactory

from .factories import DrillFactory, PlanFactory, PlanGroupFactory
from .samples import DOC, PDF, docx_bytes, upload, xlsx_like_bytes

pytestmark = pytest.mark.django_db


def test_type_must_match_category(cast):
    plan = PlanFactory.build(community=cast.community, category="natural", emergency_type="fire")
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["emergency_type"] == ["“火灾”属于事故灾难，与所选类别不一致。"]


def test_review_date_not_before_approval(cast):
    plan = PlanFactory.build(
        community=cast.community,
        approved_on=datetime.date(2025, 5, 1),
        next_review=datetime.date(2025, 4, 30),
    )
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["next_review"] == ["下次评审日期不能早于批准发布日期。"]


def test_review_state():
    today = datetime.date(2026, 6, 1)
    plan = EmergencyPlan(status=PlanStatus.IN_FORCE, next_review=datetime.date(2026, 5, 31))
    assert plan.review_state(today) == ReviewState.OVERDUE
    plan.next_review = datetime.date(2026, 7, 1)  # 30 days ahead: warned
    assert plan.review_state(today) == ReviewState.DUE_SOON
    plan.next_review = datetime.date(2026, 7, 2)
    assert plan.review_state(today) == ReviewState.OK
    plan.next_review = datetime.date(2020, 1, 1)
    plan.status = PlanStatus.SUPERSEDED
    assert plan.review_state(today) == ReviewState.UNSET


def test_revision_keeps_predecessor_and_records_why(cast):
    hazard = HazardFactory(community=cast.community)
    plan = PlanFactory(community=cast.community, commander="李建国")
    plan.hazards.add(hazard)
    PlanGroupFactory(plan=plan, name="疏散安置组")

    revision = services.revise_plan(
        plan,
        user=cast.users["office"],
        change_summary="增加老年人转移责任人",
        change_reason="演练发现问题",
        changes={"commander": "陈志强"},
    )

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert revision.version_no == 2
    assert revision.predecessor == plan
    assert revision.lineage == plan.lineage
    assert revision.status == PlanStatus.IN_FORCE
    assert (revision.commander, plan.commander) == ("陈志强", "李建国")
    assert (revision.change_summary, revision.change_reason) == (
        "增加老年人转移责任人",
        "演练发现问题",
    )
    assert list(revision.hazards.all()) == [hazard]
    assert [g.name for g in revision.groups.all()] == ["疏散安置组"]
    assert [g.name for g in plan.groups.all()] == ["疏散安置组"]  # the history keeps its own rows
    assert list(selectors.plan_versions(revision)) == [plan, revision]
    assert list(selectors.live_plans(cast.community)) == [revision]


def test_revision_requires_what_and_why(cast):
    plan = PlanFactory(community=cast.community)
    with pytest.raises(ValidationError) as error:
        services.revise_plan(plan, user=None, change_summary=" ", change_reason="")
    assert error.value.message_dict == {
        "change_summary": ["请说明修订了哪些内容。"],
        "change_reason": ["请说明修订原因。"],
    }
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_FORCE
    assert EmergencyPlan.objects.count() == 1


def test_history_version_cannot_be_revised(cast):
    plan = PlanFactory(community=cast.community)
    services.revise_plan(plan, user=None, change_summary="a", change_reason="b")
    with pytest.raises(ValidationError, match="只能修订最新版本"):
        services.revise_plan(plan, user=None, change_summary="a", change_reason="b")


def test_database_allows_one_live_version_per_plan(cast):
    plan = PlanFactory(community=cast.community)
    twin = PlanFactory.build(community=cast.community, lineage=plan.lineage, version_no=2)
    with pytest.raises(IntegrityError):
        twin.save()


def test_deleting_a_revision_restores_its_predecessor(cast):
    plan = PlanFactory(community=cast.community)
    revision = services.revise_plan(plan, user=None, change_summary="a", change_reason="b")
    with pytest.raises(ValidationError, match="历史版本不能删除"):
        services.delete_plan(plan)
    assert services.delete_plan(revision) == plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_FORCE


def test_plan_with_drills_cannot_be_deleted(cast):
    plan = PlanFactory(community=cast.community)
    DrillFactory(community=cast.community, plan=plan)
    with pytest.raises(ValidationError, match="已有演练记录"):
        services.delete_plan(plan)
    assert EmergencyPlan.objects.filter(pk=plan.pk).exists()


def test_revise_view_publishes_new_version_with_edited_groups(cast):
    plan = PlanFactory(community=cast.community, title="火灾事故应急预案")
    PlanGroupFactory(plan=plan, name="抢险救援组", leader="孙海涛")
    PlanGroupFactory(plan=plan, name="宣传报道组", leader="蒋红梅")
    client = cast.client_for("office")
    url = reverse("emergency:plan_revise", args=[cast.community.slug, plan.pk])
    page = client.get(url)
    assert "将发布第2版" in page.content.decode()
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and name not in ("hazards", "document")
    }
    data.update(
        change_summary="总指挥调整",
        change_reason="机构人员调整",
        commander="陈志强",
        approved_on="2026-01-05",
        next_review="2029-01-05",
        **{
            "groups-TOTAL_FORMS": "4",
            "groups-INITIAL_FORMS": "0",
            "groups-MIN_NUM_FORMS": "0",
            "groups-MAX_NUM_FORMS": "1000",
            "groups-0-name": "抢险救援组",
            "groups-0-leader": "孙海涛",
            "groups-1-name": "宣传报道组",
            "groups-1-leader": "蒋红梅",
            "groups-1-DELETE": "on",
            "groups-2-name": "医疗救护组",
            "groups-2-leader": "吴秀英",
        },
    )
    response = client.post(url, data)
    revision = EmergencyPlan.objects.get(lineage=plan.lineage, version_no=2)
    assert response.status_code == 302
    assert response["Location"] == revision.get_absolute_url()
    assert revision.commander == "陈志强"
    assert list(revision.groups.values_list("name", flat=True)) == ["抢险救援组", "医疗救护组"]
    detail = client.get(revision.get_absolute_url()).content.decode()
    assert "第1版" in detail and "第2版" in detail and "机构人员调整" in detail


def test_revise_view_shows_missing_reason(cast):
    plan = PlanFactory(community=cast.community)
    client = cast.client_for("office")
    url = reverse("emergency:plan_revise", args=[cast.community.slug, plan.pk])
    response = client.post(
        url, {"title": plan.title, "groups-TOTAL_FORMS": "0", "groups-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert EmergencyPlan.objects.count() == 1


def test_history_version_cannot_be_edited(cast):
    plan = PlanFactory(community=cast.community)
    services.revise_plan(plan, user=None, change_summary="a", change_reason="b")
    url = reverse("emergency:plan_update", args=[cast.community.slug, plan.pk])
    assert cast.client_for("office").get(url).status_code == 403


def _create_data(**extra):
    data = {
        "title": "燃气泄漏事故应急预案",
        "category": "accident",
        "emergency_type": "gas",
        "level": "special",
        "status": "in_force",
        "owner_unit": "街道安监办",
        "groups-TOTAL_FORMS": "1",
        "groups-INITIAL_FORMS": "0",
        "groups-MIN_NUM_FORMS": "0",
        "groups-MAX_NUM_FORMS": "1000",
        "groups-0-name": "抢险救援组",
        "groups-0-leader": "孙海涛",
        "groups-0-phone": "13800000000",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("预案.pdf", PDF, "application/pdf"),
        ("预案.docx", docx_bytes(), None),
        ("预案.doc", DOC, "application/msword"),
    ],
)
def test_create_plan_with_document_and_download_it(cast, name, content, kind):
    client = cast.client_for("office")
    hazard = HazardFactory(community=cast.community)
    response = client.post(
        reverse("emergency:plan_create", args=[cast.community.slug]),
        _create_data(document=upload(name, content), hazards=[hazard.pk]),
    )
    plan = EmergencyPlan.objects.get(title="燃气泄漏事故应急预案")
    assert response.status_code == 302
    assert plan.document_name == name
    assert list(plan.hazards.all()) == [hazard]
    assert PlanGroup.objects.get(plan=plan).leader == "孙海涛"
    download = client.get(reverse("emergency:plan_document", args=[cast.community.slug, plan.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == (
        kind or "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("预案.pdf", b"MZ\x90\x00 this is a program"),
        ("预案.docx", xlsx_like_bytes()),
        ("预案.doc", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_document_is_judged_by_content(cast, name, content):
    response = cast.client_for("office").post(
        reverse("emergency:plan_create", args=[cast.community.slug]),
        _create_data(document=upload(name, content, "application/pdf")),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["document"])
    assert "只接受 PDF、Word、Excel 或 PowerPoint 文件" in errors or "不是 Office 文档" in errors
    assert not EmergencyPlan.objects.exists()


def test_document_size_limit(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = cast.client_for("office").post(
        reverse("emergency:plan_create", args=[cast.community.slug]),
        _create_data(document=upload("预案.pdf", big)),
    )
    assert "超过上限" in " ".join(response.context["form"].errors["document"])
    assert not EmergencyPlan.objects.exists()


def test_document_of_other_community_is_not_served(cast):
    plan = PlanFactory(community=cast.other)
    plan.document.save("plan.pdf", ContentFile(PDF))
    url = reverse("emergency:plan_document", args=[cast.community.slug, plan.pk])
    assert cast.client_for("office").get(url).status_code == 404
    assert (
        cast.client_for("reporter")
        .get(reverse("emergency:plan_document", args=[cast.other.slug, plan.pk]))
        .status_code
        == 404
    )


def test_plan_list_hides_history_versions_unless_asked(cast):
    plan = PlanFactory(community=cast.community, title="地震应急预案")
    services.revise_plan(plan, user=None, change_summary="a", change_reason="b")
    client = cast.client_for("member")
    url = reverse("emergency:plan_list", args=[cast.community.slug])
    current = client.get(url)
    assert [p.version_no for p in current.context["object_list"]] == [2]
    history = client.get(url, {"status": "superseded"})
    assert [p.version_no for p in history.context["object_list"]] == [1]


def test_plan_list_review_filter(cast):
    today = datetime.date.today()
    late = PlanFactory(community=cast.community, next_review=today - datetime.timedelta(days=1))
    soon = PlanFactory(community=cast.community, next_review=today + datetime.timedelta(days=10))
    PlanFactory(community=cast.community, next_review=today + datetime.timedelta(days=100))
    client = cast.client_for("office")
    url = reverse("emergency:plan_list", args=[cast.community.slug])
    assert list(client.get(url, {"review": "overdue"}).context["object_list"]) == [late]
    assert list(client.get(url, {"review": "due_soon"}).context["object_list"]) == [soon]
    assert "逾期未评审" in client.get(url).content.decode()


def test_plan_list_counts_held_drills_over_all_versions(cast):
    plan = PlanFactory(community=cast.community)
    DrillFactory(community=cast.community, plan=plan)
    revision = services.revise_plan(plan, user=None, change_summary="a", change_reason="b")
    DrillFactory(community=cast.community, plan=revision)
    DrillFactory(
        community=cast.community,
        plan=revision,
        status="planned",
        date=datetime.date.today() + datetime.timedelta(days=9),
    )
    assert selectors.held_drill_counts(cast.community, [plan.lineage]) == {plan.lineage: 2}
    page = cast.client_for("office").get(reverse("emergency:plan_list", args=[cast.community.slug]))
    assert [(p.pk, p.drill_count) for p in page.context["object_list"]] == [(revision.pk, 2)]

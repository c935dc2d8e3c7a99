"""Pages of the hazards app: forms, workflows through the web, filters, query counts."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hazards.choices import ActionSource, DangerAction, DangerStatus, RiskLevel
from hazards.models import CorrectiveAction, Hazard, HiddenDanger, Inspection

from .conftest import ordered
from .factories import (
    CorrectiveActionFactory,
    HazardFactory,
    HiddenDangerFactory,
    InspectionFactory,
    InspectionItemFactory,
    InspectionPlanFactory,
    PlaceFactory,
)

TODAY = datetime.date.today()


def url(name, cast, obj=None, **query):
    kwargs = {"community": cast.community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    path = reverse(f"hazards:{name}", kwargs=kwargs)
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


HAZARD_POST = {
    "title": "小区楼道电动车充电",
    "safety_area": "fire",
    "description": "楼道充电引发火灾",
    "source": "survey",
    "identified_on": "2026-03-01",
    "status": "active",
    "exposed_groups": ["elderly", "residents"],
}


def test_leader_creates_hazard_only_for_own_group(cast):
    client = cast.client_for("leader")
    response = client.post(
        url("hazard_create", cast), {**HAZARD_POST, "working_group": cast.other_group.pk}
    )
    assert response.status_code == 200
    assert "working_group" in response.context["form"].errors
    assert not Hazard.objects.exists()
    response = client.post(
        url("hazard_create", cast), {**HAZARD_POST, "working_group": cast.group.pk}
    )
    hazard = Hazard.objects.get()
    assert response.status_code == 302
    assert response["Location"] == hazard.get_absolute_url()
    assert hazard.created_by == cast.users["leader"]
    assert hazard.exposed_groups == ["elderly", "residents"]
    assert hazard.level == ""


def test_assessment_through_the_page_sets_the_level(cast, records):
    client = cast.client_for("office")
    data = {
        "method": "lec",
        "lec_l": "6",
        "lec_e": "6",
        "lec_c": "7",
        "assessed_on": "2026-03-02",
        "assessor": "王丽华",
    }
    response = client.post(url("hazard_assess", cast, records.hazard), data)
    assert response.status_code == 302
    records.hazard.refresh_from_db()
    assert records.hazard.level == RiskLevel.ORANGE  # 252
    assert "已记录评价：风险值 252，较大风险。" in messages_of(response)


def test_incomplete_assessment_is_refused_without_change(cast, records):
    client = cast.client_for("office")
    data = {
        "method": "matrix",
        "likelihood": "3",
        "assessed_on": "2026-03-02",
        "assessor": "王丽华",
    }
    response = client.post(url("hazard_assess", cast, records.hazard), data)
    assert response.status_code == 302
    assert records.hazard.assessments.count() == 0
    assert any("所选评价方法须填写此项" in m for m in messages_of(response))


def test_hazard_detail_shows_history(cast, records):
    from hazards import services

    services.assess_hazard(
        records.hazard,
        method="matrix",
        likelihood=5,
        severity=4,
        assessor="甲",
        assessed_on=TODAY - datetime.timedelta(days=90),
    )
    services.assess_hazard(
        records.hazard, method="matrix", likelihood=2, severity=2, assessor="乙", assessed_on=TODAY
    )
    content = (
        cast.client_for("reviewer").get(url("hazard_detail", cast, records.hazard)).content.decode()
    )
    assert "风险等级变化" in content
    assert "L=5 × S=4" in content and "L=2 × S=2" in content
    assert "新增评价" not in content  # reviewers read only


def test_hazard_list_filters_and_charts(cast):
    HazardFactory(
        community=cast.community,
        title="甲危险源",
        level="red",
        likelihood=5,
        severity=5,
        exposed_groups=["children"],
    )
    HazardFactory(
        community=cast.community,
        title="乙危险源",
        level="blue",
        likelihood=1,
        severity=1,
        safety_area="water",
    )
    client = cast.client_for("member")
    content = client.get(url("hazard_list", cast, level="red")).content.decode()
    assert "甲危险源" in content and "乙危险源" not in content
    content = client.get(url("hazard_list", cast, exposed="children")).content.decode()
    assert "甲危险源" in content and "乙危险源" not in content
    content = client.get(url("hazard_list", cast, safety_area="water")).content.decode()
    assert "乙危险源" in content and "甲危险源" not in content
    assert "<svg" in content


def test_inspection_with_checklist_is_saved_together(cast):
    place = PlaceFactory(community=cast.community)
    data = {
        "date": "2026-03-01",
        "inspection_type": "holiday",
        "method": "community",
        "places": [place.pk],
        "inspectors": "王丽华",
        "working_group": cast.group.pk,
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-item": "消防设施",
        "items-0-result": "fail",
        "items-0-note": "",
        "items-1-item": "疏散通道",
        "items-1-result": "pass",
        "items-1-note": "",
    }
    client = cast.client_for("leader")
    response = client.post(url("inspection_create", cast), data)
    assert response.status_code == 200  # a failed item needs a note
    assert not Inspection.objects.exists()
    data["items-0-note"] = "灭火器过期"
    response = client.post(url("inspection_create", cast), data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert list(inspection.items.values_list("item", "result", "position")) == [
        ("消防设施", "fail", 1),
        ("疏散通道", "pass", 2),
    ]
    assert inspection.recorded_by == cast.users["leader"]
    assert list(inspection.places.all()) == [place]


def test_new_inspection_offers_the_default_checklist_and_plan_values(cast):
    plan = InspectionPlanFactory(
        community=cast.community, inspection_type="seasonal", inspectors="孙海涛"
    )
    response = cast.client_for("office").get(url("inspection_create", cast, plan=plan.pk))
    assert response.context["formset"].total_form_count() == 6
    assert response.context["form"].initial["inspection_type"] == "seasonal"
    assert response.context["form"].initial["inspectors"] == "孙海涛"


def test_danger_from_inspection_then_rectified_with_photo_and_reinspected(cast):
    inspection = InspectionFactory(community=cast.community, working_group=cast.group)
    office, leader = cast.client_for("office"), cast.client_for("leader")
    form = office.get(url("danger_create", cast, inspection=inspection.pk)).context["form"]
    assert form.initial["inspection"] == inspection
    response = office.post(
        url("danger_create", cast, inspection=inspection.pk),
        {
            "title": "灭火器过期",
            "grade": "general",
            "safety_area": "fire",
            "description": "压力不足",
            "source": "inspection",
            "inspection": inspection.pk,
            "found_on": TODAY.isoformat(),
            "working_group": cast.group.pk,
            "photo": png(),
        },
    )
    danger = HiddenDanger.objects.get()
    assert response.status_code == 302
    assert danger.photo.name.startswith("hazards/dangers/")
    office.post(
        url("danger_order", cast, danger),
        {
            "deadline": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "measures_required": "更换",
            "responsible_person": "张伟",
        },
    )
    response = leader.post(
        url("danger_rectify", cast, danger),
        {"note": "已更换灭火器", "rectified_on": TODAY.isoformat(), "photo": png("after.png")},
    )
    assert "已提交整改情况，等待复查。" in messages_of(response)
    danger.refresh_from_db()
    assert danger.status == DangerStatus.RECTIFIED
    rectify = danger.events.get(action=DangerAction.RECTIFY)
    assert rectify.photo.name.startswith("hazards/evidence/")
    # the leader recorded the rectification, so he may not re-inspect it (four eyes); the office can
    response = leader.post(url("danger_reinspect", cast, danger), {"passed": "1"})
    assert "整改填报人不能复查自己的整改。" in messages_of(response)
    danger.refresh_from_db()
    assert danger.status == DangerStatus.RECTIFIED
    office.post(url("danger_reinspect", cast, danger), {"passed": "1", "note": "合格"})
    office.post(url("danger_close", cast, danger), {"note": ""})
    danger.refresh_from_db()
    assert danger.status == DangerStatus.CLOSED


def test_fake_photo_is_refused(cast, records):
    ordered(records.danger)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = cast.client_for("office").post(
        url("danger_rectify", cast, records.danger),
        {"note": "已整改", "rectified_on": TODAY.isoformat(), "photo": fake},
    )
    records.danger.refresh_from_db()
    assert records.danger.status == DangerStatus.ORDERED  # unchanged
    assert any("图片" in m for m in messages_of(response))


def test_invalid_transition_through_the_page_shows_error_and_changes_nothing(cast, records):
    response = cast.client_for("office").post(
        url("danger_close", cast, records.danger), {"note": ""}
    )
    assert response.status_code == 302
    assert "当前状态为“已登记”，不能销号。" in messages_of(response)
    records.danger.refresh_from_db()
    assert records.danger.status == DangerStatus.REPORTED


def test_office_cannot_reinspect_own_rectification_through_the_page(cast, records):
    client = cast.client_for("office")
    ordered(records.danger)
    client.post(
        url("danger_rectify", cast, records.danger),
        {"note": "已整改", "rectified_on": TODAY.isoformat()},
    )
    response = client.post(url("danger_reinspect", cast, records.danger), {"passed": "1"})
    assert "整改填报人不能复查自己的整改。" in messages_of(response)
    records.danger.refresh_from_db()
    assert records.danger.status == DangerStatus.RECTIFIED
    assert (
        "须由其他检查人员复查"
        in client.get(url("danger_detail", cast, records.danger)).content.decode()
    )


def test_preventive_action_from_danger_links_back(cast, records):
    client = cast.client_for("leader")
    response = client.get(url("action_create", cast, danger=records.danger.pk, kind="preventive"))
    assert response.context["form"].initial["source_kind"] == ActionSource.HIDDEN_DANGER
    data = {
        "title": "统一建设充电棚",
        "kind": "preventive",
        "source_kind": "hidden_danger",
        "working_group": cast.group.pk,
    }
    response = client.post(
        url("action_create", cast, danger=records.danger.pk, kind="preventive"), data
    )
    action = CorrectiveAction.objects.get(title="统一建设充电棚")
    assert action.source == records.danger
    detail = client.get(action.get_absolute_url()).content.decode()
    assert records.danger.get_absolute_url() in detail
    danger_page = client.get(records.danger.get_absolute_url()).content.decode()
    assert "统一建设充电棚" in danger_page


def test_action_source_from_other_community_is_ignored(cast, records):
    client = cast.client_for("office")
    data = {"title": "措施甲", "kind": "corrective", "source_kind": "other"}
    client.post(url("action_create", cast, danger=records.foreign["danger"].pk), data)
    action = CorrectiveAction.objects.get(title="措施甲")
    assert action.source_object_id is None


def test_monitoring_lists_overdue_high_risk_places(cast):
    late = PlaceFactory(community=cast.community, name="城东加油站", risk_level="red")
    fresh = PlaceFactory(community=cast.community, name="颐养院", is_key_place=True)
    PlaceFactory(community=cast.community, name="普通商铺", risk_level="blue")
    old = InspectionFactory(community=cast.community, date=TODAY - datetime.timedelta(days=45))
    old.places.add(late)
    recent = InspectionFactory(community=cast.community, date=TODAY - datetime.timedelta(days=5))
    recent.places.add(fresh)
    response = cast.client_for("reviewer").get(url("monitoring", cast))
    rows = {row.place.name: row for row in response.context["watch_rows"]}
    assert set(rows) == {"城东加油站", "颐养院"}
    assert rows["城东加油站"].overdue_days == 15  # red: every 30 days
    assert rows["颐养院"].overdue_days == 0
    assert response.context["overdue_count"] == 1


def test_danger_list_overdue_filter(cast):
    late = ordered(
        HiddenDangerFactory(community=cast.community, title="逾期隐患"),
        deadline=TODAY - datetime.timedelta(days=1),
    )
    ordered(HiddenDangerFactory(community=cast.community, title="按期隐患"))
    response = cast.client_for("office").get(url("danger_list", cast, overdue="true"))
    assert list(response.context["object_list"]) == [late]
    assert response.context["summary"]["overdue"] == 1


# Query counts: a list costs the same with 1 row and with 50 rows.


def _rows(name, cast, n):
    community = cast.community
    for _i in range(n):
        place = PlaceFactory(community=community, working_group=cast.group)
        if name == "hazard_list":
            HazardFactory(
                community=community,
                place=place,
                working_group=cast.group,
                level="red",
                likelihood=5,
                severity=4,
            )
        elif name == "plan_list":
            InspectionPlanFactory(community=community, working_group=cast.group).places.add(place)
        elif name == "inspection_list":
            inspection = InspectionFactory(community=community, working_group=cast.group)
            inspection.places.add(place)
            InspectionItemFactory(inspection=inspection, result="fail", note="问题")
            HiddenDangerFactory(community=community, inspection=inspection)
        elif name == "danger_list":
            HiddenDangerFactory(community=community, place=place, working_group=cast.group)
        elif name == "action_list":
            CorrectiveActionFactory(
                community=community, working_group=cast.group, source_kind="hidden_danger"
            )
        elif name == "monitoring":
            place.risk_level = "red"
            place.save()
            InspectionFactory(community=community).places.add(place)


LIST_QUERY_BOUNDS = {
    "place_list": 12,
    "hazard_list": 14,
    "plan_list": 11,
    "inspection_list": 13,
    "monitoring": 11,
    "danger_list": 13,
    "action_list": 12,
}


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", sorted(LIST_QUERY_BOUNDS))
def test_list_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries, name, rows):
    _rows(name, cast, rows)
    client = cast.client_for("leader")
    client.get(url(name, cast))  # warm the session and content types
    with django_assert_max_num_queries(LIST_QUERY_BOUNDS[name]):
        response = client.get(url(name, cast))
    assert response.status_code == 200

"""现场签到 (issue 18): participants sign in on the organiser's phone, offline if need be; each
entry is stored once however often the outbox resends it; the office or the activity's group
leader may take sign-ins and set the activity's figures from them; nobody else, and never
across communities."""

import uuid

import pytest
from django.urls import reverse

from projects.models import ActivitySignIn

pytestmark = pytest.mark.django_db


def sign_in_url(activity):
    return reverse("projects:activity_sign_in", args=[activity.community.slug, activity.pk])


def apply_url(activity):
    return reverse("projects:activity_apply_sign_ins", args=[activity.community.slug, activity.pk])


@pytest.mark.parametrize(
    ("who", "mine", "theirs"),
    [
        ("office", 200, 200),
        ("leader", 200, 403),  # his group's activity, not the other group's
        ("member", 403, 403),
        ("group_member", 403, 403),
        ("reporter", 403, 403),
        ("reviewer", 403, 403),
        ("county_reviewer", 403, 403),
    ],
)
def test_who_may_take_sign_ins(cast, records, who, mine, theirs):
    client = cast.client_for(who)
    assert client.get(sign_in_url(records.activity)).status_code == mine
    assert client.get(sign_in_url(records.other_activity)).status_code == theirs
    posted = client.post(sign_in_url(records.other_activity), {"name": "闯入者"})
    assert posted.status_code == (302 if theirs == 200 else theirs)
    assert ActivitySignIn.objects.filter(name="闯入者").exists() == (theirs == 200)


def test_another_communitys_activity_is_not_found(cast, records):
    client = cast.client_for("office")
    foreign = records.foreign_activity
    url = reverse("projects:activity_sign_in", args=[cast.community.slug, foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "张三"}).status_code == 404
    assert client.get(sign_in_url(foreign)).status_code == 404  # not a member there
    assert not ActivitySignIn.objects.exists()


def test_a_sign_in_is_stored_and_the_form_is_ready_for_the_next(cast, records):
    client = cast.client_for("leader")
    response = client.post(
        sign_in_url(records.activity),
        {"name": "李阿姨", "phone": "138 1234-5678", "unit": "幸福里3幢", "group": "elderly_count"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == sign_in_url(records.activity)
    page = response.content.decode()
    assert "已签到：李阿姨（共 1 人）" in page and 'data-offline="sign-in"' in page
    sign_in = ActivitySignIn.objects.get()
    assert (sign_in.phone, sign_in.community, sign_in.created_by) == (
        "13812345678",
        cast.community,
        cast.users["leader"],
    )
    detail = client.get(records.activity.get_absolute_url()).content.decode()
    assert "138****5678" in detail and "13812345678" not in detail


def test_a_refused_sign_in_says_why_and_stores_nothing(cast, records):
    client = cast.client_for("office")
    response = client.post(sign_in_url(records.activity), {"name": "", "phone": "abc"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写电话号码（数字），或留空。" in page and "这个字段是必填项" in page
    assert not ActivitySignIn.objects.exists()


def test_the_outbox_resending_a_sign_in_stores_it_once(cast, records):
    client = cast.client_for("office")
    entry = {"name": "王大爷", "client_id": str(uuid.uuid4())}
    first = client.post(sign_in_url(records.activity), entry, HTTP_X_OFFLINE_OUTBOX="1")
    again = client.post(sign_in_url(records.activity), entry, HTTP_X_OFFLINE_OUTBOX="1")
    assert first.json()["accepted"] and again.json() == {
        "accepted": True,
        "url": sign_in_url(records.activity),
        "duplicate": True,
    }
    assert ActivitySignIn.objects.filter(name="王大爷").count() == 1


def test_the_form_page_may_be_kept_on_the_phone(cast, records):
    response = cast.client_for("office").get(sign_in_url(records.activity))
    assert response["X-Offline-Capable"] == "1"
    assert 'name="client_id"' in response.content.decode()


def test_the_figures_come_from_the_sign_ins_when_asked(cast, records):
    activity = records.activity
    client = cast.client_for("leader")
    for name, group in (
        ("甲", "elderly_count"),
        ("乙", "elderly_count"),
        ("丙", "children_count"),
        ("丁", ""),
    ):
        client.post(sign_in_url(activity), {"name": name, "group": group})
    activity.refresh_from_db()
    assert activity.participants == 100  # unchanged until asked
    response = client.post(apply_url(activity), follow=True)
    assert "已按签到名单更新参加人数：4 人。" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.participants, activity.elderly_count, activity.children_count) == (4, 2, 1)
    assert (activity.disabled_count, activity.migrant_count) == (0, 0)


def test_applying_without_sign_ins_changes_nothing(cast, records):
    response = cast.client_for("office").post(apply_url(records.activity), follow=True)
    assert "还没有签到记录。" in response.content.decode()
    records.activity.refresh_from_db()
    assert records.activity.participants == 100


def test_only_who_may_edit_the_activity_may_apply(cast, records):
    ActivitySignIn.objects.create(
        community=cast.community, activity=records.other_activity, name="甲"
    )
    assert cast.client_for("leader").post(apply_url(records.other_activity)).status_code == 403
    assert cast.client_for("member").post(apply_url(records.other_activity)).status_code == 403
    records.other_activity.refresh_from_db()
    assert records.other_activity.participants == 100

"""The server half of the phone outbox: a resend of an accepted entry (same client_id) stores
nothing twice; edits refused with 409 when the record changed since the form was loaded; the
small endpoints of the installable web app."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse

from committee.choices import Role
from hazards.choices import OccurrenceStatus
from hazards.models import HiddenDanger, Inspection
from injuries.models import InjuryCard
from safecommunity.models import ClientSubmission
from safecommunity.offline import record_version
from tests.factories import MembershipFactory
from tests.hazards.factories import HiddenDangerFactory
from tests.hazards.test_schedules import _post_data, due  # noqa: F401 - the fixture
from tests.injuries.factories import InjuryCardFactory, ReportingUnitFactory
from tests.injuries.test_views import card_post

pytestmark = pytest.mark.django_db
OUTBOX = {"HTTP_X_OFFLINE_OUTBOX": "1"}


@pytest.fixture
def unit(cast):
    unit = ReportingUnitFactory(community=cast.community, name="区人民医院")
    unit.reporters.add(cast.users["reporter"])
    return unit


def card_url(community, name="injuries:card_create", **kwargs):
    return reverse(name, kwargs={"community": community.slug, **kwargs})


def danger_data(cast, **overrides):
    return {
        "title": "灭火器过期",
        "grade": "general",
        "safety_area": "fire",
        "description": "压力不足",
        "source": "inspection",
        "found_on": datetime.date.today().isoformat(),
        "working_group": cast.group.pk,
        **overrides,
    }


# Resends -----------------------------------------------------------------------------------------


def test_same_client_id_twice_stores_one_card_and_redirects_to_it(cast, unit):
    client = cast.client_for("reporter")
    data = {**card_post(unit), "client_id": str(uuid.uuid4())}
    first = client.post(card_url(cast.community), data)
    card = InjuryCard.objects.get()
    assert first.status_code == 302 and first["Location"] == card.get_absolute_url()
    second = client.post(card_url(cast.community), data)
    assert second.status_code == 302 and second["Location"] == card.get_absolute_url()
    assert InjuryCard.objects.count() == 1
    submission = ClientSubmission.objects.get()
    assert (submission.user, submission.community, submission.object_id) == (
        cast.users["reporter"],
        cast.community,
        card.pk,
    )


def test_outbox_resend_is_answered_with_json(cast, unit):
    client = cast.client_for("reporter")
    data = {**card_post(unit), "client_id": str(uuid.uuid4())}
    first = client.post(card_url(cast.community), data, **OUTBOX)
    card = InjuryCard.objects.get()
    assert first.status_code == 200
    assert json.loads(first.content) == {
        "accepted": True,
        "url": card.get_absolute_url(),
        "duplicate": False,
    }
    again = json.loads(client.post(card_url(cast.community), data, **OUTBOX).content)
    assert again == {"accepted": True, "url": card.get_absolute_url(), "duplicate": True}
    assert InjuryCard.objects.count() == 1


def test_save_and_next_still_points_a_resend_at_the_card(cast, unit):
    client = cast.client_for("reporter")
    data = {**card_post(unit), "client_id": str(uuid.uuid4()), "save_another": "1"}
    first = client.post(card_url(cast.community), data)
    assert first["Location"] == card_url(cast.community)  # the next empty card
    card = InjuryCard.objects.get()
    assert client.post(card_url(cast.community), data)["Location"] == card.get_absolute_url()


def test_another_users_same_client_id_is_independent(cast, unit):
    client_id = str(uuid.uuid4())
    for role in ("reporter", "office"):
        data = {**card_post(unit), "client_id": client_id}
        assert cast.client_for(role).post(card_url(cast.community), data).status_code == 302
    assert InjuryCard.objects.count() == 2
    assert ClientSubmission.objects.filter(client_id=client_id).count() == 2


def test_refused_entry_is_not_recorded_and_its_fixed_resend_is_stored(cast, unit):
    client = cast.client_for("reporter")
    client_id = str(uuid.uuid4())
    bad = {**card_post(unit, age=""), "client_id": client_id}
    response = client.post(card_url(cast.community), bad, **OUTBOX)
    assert response.status_code == 200 and "application/json" not in response["Content-Type"]
    assert not InjuryCard.objects.exists() and not ClientSubmission.objects.exists()
    good = {**card_post(unit), "client_id": client_id}
    assert json.loads(client.post(card_url(cast.community), good, **OUTBOX).content)["accepted"]
    assert InjuryCard.objects.count() == 1


def test_a_post_without_a_valid_client_id_is_an_ordinary_one(cast, unit):
    client = cast.client_for("reporter")
    for client_id in ("", "abc"):
        data = {**card_post(unit), "client_id": client_id}
        assert client.post(card_url(cast.community), data).status_code == 302
    assert InjuryCard.objects.count() == 2 and not ClientSubmission.objects.exists()


def test_a_client_id_sent_to_another_community_neither_stores_nor_points_there(cast, unit):
    office = cast.users["office"]
    MembershipFactory(user=office, community=cast.other, role=Role.OFFICE)
    other_unit = ReportingUnitFactory(community=cast.other, name="镇卫生院")
    client = cast.client_for("office")
    client_id = str(uuid.uuid4())
    client.post(card_url(cast.community), {**card_post(unit), "client_id": client_id})
    card = InjuryCard.objects.get()
    response = client.post(
        card_url(cast.other), {**card_post(other_unit), "client_id": client_id}, **OUTBOX
    )
    assert response.status_code == 400
    assert card.get_absolute_url() not in response.content.decode()
    assert InjuryCard.objects.count() == 1


@pytest.mark.parametrize("role", ["outsider", "reviewer"])
def test_a_resend_by_someone_without_the_right_stores_nothing(cast, unit, role):
    client_id = str(uuid.uuid4())
    reporter = cast.client_for("reporter")
    reporter.post(card_url(cast.community), {**card_post(unit), "client_id": client_id})
    response = cast.client_for(role).post(
        card_url(cast.community), {**card_post(unit), "client_id": client_id}
    )
    assert response.status_code in (403, 404)
    assert InjuryCard.objects.count() == 1 and ClientSubmission.objects.count() == 1


def test_hidden_danger_resend_stores_one(cast):
    client = cast.client_for("leader")
    url = reverse("hazards:danger_create", args=[cast.community.slug])
    page = client.get(url)
    assert 'data-offline="danger"' in page.content.decode()
    assert page["X-Offline-Capable"] == "1"
    data = danger_data(cast, client_id=str(uuid.uuid4()))
    first = client.post(url, data)
    danger = HiddenDanger.objects.get()
    assert first.status_code == 302 and first["Location"] == danger.get_absolute_url()
    again = client.post(url, data, **OUTBOX)
    assert json.loads(again.content)["url"] == danger.get_absolute_url()
    assert HiddenDanger.objects.count() == 1


def test_scheduled_inspection_resend_stores_one(cast, due):  # noqa: F811
    client = cast.client_for("group_member")
    url, page, data = _post_data(client, due)
    assert page["X-Offline-Capable"] == "1"
    data["client_id"] = str(uuid.uuid4())
    photo = data.pop("items-0-photo")
    first = client.post(url, {**data, "items-0-photo": photo}, **OUTBOX)
    due.refresh_from_db()
    assert due.status == OccurrenceStatus.DONE
    expected = due.inspection.get_absolute_url()
    assert json.loads(first.content) == {"accepted": True, "url": expected, "duplicate": False}
    second = client.post(url, data)
    assert second.status_code == 302 and second["Location"] == expected
    assert Inspection.objects.count() == 1 and ClientSubmission.objects.count() == 1


def test_entry_pages_carry_a_client_id(cast, unit):
    page = cast.client_for("reporter").get(card_url(cast.community))
    body = page.content.decode()
    assert 'data-offline="injury"' in body and 'name="client_id"' in body
    assert page["X-Offline-Capable"] == "1"


# Edit conflicts ----------------------------------------------------------------------------------


def test_card_edit_over_a_newer_save_is_refused_with_both_values(cast, unit):
    card = InjuryCardFactory(community=cast.community, reporting_unit=unit, age=30)
    url = card_url(cast.community, "injuries:card_update", pk=card.pk)
    office, reporter_office = cast.client_for("office"), cast.client_for("office")
    loaded = office.get(url)
    version = loaded.context["record_version"]
    assert f'name="record_version" value="{version}"' in loaded.content.decode()
    # someone else saves meanwhile: age 31
    other = reporter_office.get(url).context["record_version"]
    saved = reporter_office.post(url, {**card_post(unit, age="31"), "record_version": other})
    assert saved.status_code == 302
    # this user's save, from the older form: age 45
    response = office.post(url, {**card_post(unit, age="45"), "record_version": version})
    assert response.status_code == 409
    card.refresh_from_db()
    assert card.age == 31  # nothing overwritten
    body = response.content.decode()
    assert "他人已修改并保存了这条记录" in body
    rows = {label: (theirs, mine) for label, theirs, mine in response.context["conflict_rows"]}
    assert rows[str(InjuryCard._meta.get_field("age").verbose_name)] == ("31", "45"), rows
    assert 'value="45"' in body  # the input is still in the form
    # re-applying it, knowingly: the page carries the current version
    again = office.post(
        url, {**card_post(unit, age="45"), "record_version": response.context["record_version"]}
    )
    assert again.status_code == 302
    card.refresh_from_db()
    assert card.age == 45


def test_card_edit_without_a_concurrent_change_saves(cast, unit):
    card = InjuryCardFactory(community=cast.community, reporting_unit=unit, age=30)
    url = card_url(cast.community, "injuries:card_update", pk=card.pk)
    client = cast.client_for("office")
    version = client.get(url).context["record_version"]
    assert version == record_version(card)
    assert (
        client.post(url, {**card_post(unit, age="33"), "record_version": version}).status_code
        == 302
    )


def test_danger_edit_over_a_newer_save_is_refused(cast):
    danger = HiddenDangerFactory(community=cast.community, working_group=cast.group)
    url = reverse("hazards:danger_update", args=[cast.community.slug, danger.pk])
    office = cast.client_for("office")
    version = office.get(url).context["record_version"]
    assert version
    danger.title = "他人改过的名称"
    danger.save()
    data = {
        **danger_data(cast, title="我的名称"),
        "found_on": danger.found_on.isoformat(),
        "record_version": version,
    }
    response = office.post(url, data)
    assert response.status_code == 409
    danger.refresh_from_db()
    assert danger.title == "他人改过的名称"
    labels = [label for label, _theirs, _mine in response.context["conflict_rows"]]
    assert "隐患名称" in labels


# The installable web app -------------------------------------------------------------------------


def test_manifest_service_worker_and_token(cast, client):
    manifest = client.get("/manifest.webmanifest")
    data = json.loads(manifest.content)
    assert manifest["Content-Type"] == "application/manifest+json"
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    assert "/static/js/offline.js" in worker.content.decode()
    assert client.get("/offline/").status_code == 200
    assert client.get("/offline/csrf/").status_code == 302  # login first
    office = cast.client_for("office")
    assert json.loads(office.get("/offline/csrf/").content)["token"]
    page = office.get("/offline/outbox/")
    assert page.status_code == 200 and page["X-Offline-Capable"] == "1"
    home = office.get(reverse("community_home", args=[cast.community.slug])).content.decode()
    assert 'rel="manifest"' in home and "js/offline.js" in home

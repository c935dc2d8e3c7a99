"""The change history on every record page names fields and values as people read them."""

import datetime

import pytest
from django.urls import reverse

from committee.choices import Role
from committee.models import Meeting
from tests.factories import MemberFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def history_text(response):
    text = response.text
    start = text.index('class="card mt-3 history"')
    return text[start : text.index("</section>", start)]


def test_meeting_history_shows_labels_and_values_not_field_names(cast):
    client = cast.client_for(Role.OFFICE)
    zhang = MemberFactory(community=cast.community, name="张建国")
    li = MemberFactory(community=cast.community, name="李秀英")
    group = WorkingGroupFactory(community=cast.community, name="交通安全组")
    create = reverse("committee:meeting_create", args=[cast.community.slug])
    response = client.post(
        create,
        {
            "date": "2026-03-02",
            "kind": "committee",
            "title": "第一次委员会会议",
            "attendees": [zhang.pk],
            "attendee_count": "1",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(community=cast.community, title="第一次委员会会议")
    update = reverse("committee:meeting_update", args=[cast.community.slug, meeting.pk])
    response = client.post(
        update,
        {
            "date": "2026-03-05",
            "kind": "group",
            "title": "第一次委员会会议",
            "working_group": group.pk,
            "attendees": [zhang.pk, li.pk],
            "attendee_count": "2",
        },
    )
    assert response.status_code == 302

    meeting.refresh_from_db()
    page = client.get(meeting.get_absolute_url())
    history = history_text(page)
    for raw in ("attendees", "attendee_count", "working_group", "kind"):
        assert f">{raw}<" not in history and f"{raw}：" not in history
    assert "出席成员" in history
    assert "张建国（街道安监办）、李秀英" in history  # M2M by names
    assert "出席人数" in history
    assert "会议类型" in history
    assert "委员会会议" in history and "工作组会议" in history  # choices by label
    assert "交通安全组" in history  # FK by name
    assert "2026-03-02" in history and "2026-03-05" in history


def test_boolean_change_reads_yes_no():
    from hazards.models import Place
    from safecommunity.history import history_rows
    from tests.factories import CommunityFactory

    community = CommunityFactory()
    place = Place.objects.create(community=community, name="幸福小区", kind="kindergarten")
    place.is_key_place = True
    place.save()
    rows = history_rows(place)
    change = next(c for c in rows[0].changes if c.label == "重点监管场所")
    assert (change.old, change.new) == ("否", "是")


def test_personal_data_changes_are_named_without_values(cast):
    from safecommunity.history import history_rows
    from tests.injuries.factories import InjuryCardFactory

    card = InjuryCardFactory(community=cast.community, name="王小明")
    card.name = "王大明"
    card.save()
    rows = history_rows(card)
    changes = {c.label: c for c in rows[0].changes}
    named = next(c for c in changes.values() if c.private)
    assert named.old == named.new == ""
    assert not any("王" in (c.old + c.new) for c in changes.values())


def test_history_dates_are_formatted():
    from safecommunity.history import _scalar

    assert _scalar(None, datetime.date(2026, 1, 2)) == "2026-01-02"
    assert _scalar(None, None) == "—"

"""Supplies, shelters and teams: validation, warning states, routine checks, the daily reminder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committee.models import Notification
from emergency import selectors, services
from emergency.choices import SupplyState
from emergency.models import Supply
from emergency.services.reminders import send_emergency_reminders
from tests.factories import MembershipFactory, UserFactory

from .factories import PlanFactory, ShelterFactory, SupplyFactory, TeamFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_expiry_not_before_purchase(cast):
    supply = SupplyFactory.build(
        community=cast.community, purchased_on=days(0), expires_on=days(-1)
    )
    with pytest.raises(ValidationError) as error:
        supply.full_clean()
    assert error.value.message_dict["expires_on"] == ["有效期不能早于购置日期。"]


def test_next_check_follows_last_check_or_purchase(cast):
    supply = SupplyFactory(
        community=cast.community,
        purchased_on=days(-200),
        last_checked_on=days(-40),
        check_interval_days=30,
    )
    assert supply.next_check_on == days(-10)
    never = SupplyFactory(
        community=cast.community,
        purchased_on=days(-20),
        last_checked_on=None,
        check_interval_days=90,
    )
    assert never.next_check_on == days(70)


def test_supply_states(cast):
    supply = Supply(
        expires_on=days(30),
        quantity=4,
        min_quantity=5,
        next_check_on=days(-1),
        check_interval_days=30,
    )
    assert supply.states(TODAY) == [
        SupplyState.EXPIRING,
        SupplyState.CHECK_OVERDUE,
        SupplyState.BELOW_MINIMUM,
    ]
    supply = Supply(expires_on=days(-1), quantity=5, min_quantity=5, next_check_on=days(0))
    assert supply.states(TODAY) == [SupplyState.EXPIRED]
    assert Supply(expires_on=days(31), quantity=1, next_check_on=days(3)).states(TODAY) == []


def test_record_check_moves_next_check_and_counts_quantity(cast):
    supply = SupplyFactory(community=cast.community, last_checked_on=None, check_interval_days=60)
    services.record_check(supply, checked_on=datetime.date.today(), quantity=7)
    supply.refresh_from_db()
    assert supply.quantity == 7
    assert supply.next_check_on == datetime.date.today() + datetime.timedelta(days=60)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_check(supply, checked_on=datetime.date.today() + datetime.timedelta(days=1))


def test_check_view_records_a_shelter_check(cast):
    shelter = ShelterFactory(community=cast.community, last_checked_on=None)
    response = cast.client_for("office").post(
        reverse("emergency:shelter_check", args=[cast.community.slug, shelter.pk]),
        {"checked_on": datetime.date.today().isoformat()},
        follow=True,
    )
    assert "已登记检查。" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.last_checked_on == datetime.date.today()


def test_supply_list_filters_by_state(cast):
    today = datetime.date.today()
    expired = SupplyFactory(
        community=cast.community, name="过期矿泉水", expires_on=today - datetime.timedelta(days=1)
    )
    expiring = SupplyFactory(
        community=cast.community, name="方便食品", expires_on=today + datetime.timedelta(days=30)
    )
    SupplyFactory(
        community=cast.community, name="帐篷", expires_on=today + datetime.timedelta(days=31)
    )
    late = SupplyFactory(
        community=cast.community,
        name="发电机",
        last_checked_on=today - datetime.timedelta(days=100),
    )
    client = cast.client_for("member")
    url = reverse("emergency:supply_list", args=[cast.community.slug])
    assert list(client.get(url, {"state": "expired"}).context["object_list"]) == [expired]
    assert list(client.get(url, {"state": "expiring"}).context["object_list"]) == [expiring]
    assert list(client.get(url, {"state": "check_overdue"}).context["object_list"]) == [late]
    page = client.get(url)
    assert page.context["counts"]["expired"] == 1
    assert "已过期" in page.content.decode()


def test_team_name_unique_in_community(cast):
    TeamFactory(community=cast.community, name="平安志愿者服务队")
    TeamFactory(community=cast.other, name="平安志愿者服务队")  # another community may reuse it
    duplicate = TeamFactory.build(community=cast.community, name="平安志愿者服务队")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["name"] == ["本社区已有同名的救援队伍。"]


# The daily reminder -------------------------------------------------------------------------


@pytest.fixture
def due(cast):
    """In cast.community: 1 plan overdue for review, 1 supply expired, 1 expiring, 1 check late.
    In cast.other: nothing due."""
    today = datetime.date.today()
    PlanFactory(
        community=cast.community, title="防汛预案", next_review=today - datetime.timedelta(days=1)
    )
    PlanFactory(community=cast.community, next_review=today + datetime.timedelta(days=1))
    SupplyFactory(
        community=cast.community, name="消毒液", expires_on=today - datetime.timedelta(days=2)
    )
    SupplyFactory(
        community=cast.community, name="方便食品", expires_on=today + datetime.timedelta(days=30)
    )
    SupplyFactory(
        community=cast.community, name="远期物资", expires_on=today + datetime.timedelta(days=31)
    )
    SupplyFactory(
        community=cast.community, name="抽水泵", last_checked_on=today - datetime.timedelta(days=91)
    )
    SupplyFactory(community=cast.other, name="平安镇帐篷")
    return today


def test_reminders_notify_office_once_a_day(cast, due):
    second_office = UserFactory(username="office2-xingfu")
    MembershipFactory(user=second_office, community=cast.community, role="office")

    sent = send_emergency_reminders()

    # 3 kinds (review, expiry, checks) × 2 office users; nobody else.
    assert sent == 6
    notes = Notification.objects.filter(community=cast.community)
    assert notes.count() == 6
    assert set(notes.values_list("user__username", flat=True)) == {
        "office-xingfu",
        "office2-xingfu",
    }
    titles = sorted(set(notes.values_list("title", flat=True)))
    assert titles == [
        "1 项应急预案已超过评审日期",
        "应急物资：1 项已过期，1 项30天内到期",
        "应急资源检查逾期：物资器材 1 项，避难场所 0 处",
    ]
    expiry = notes.filter(title__startswith="应急物资").first()
    assert expiry.body == "请及时更换或补充：消毒液、方便食品。"
    assert expiry.url.endswith("/emergency/supplies/?state=expired")
    assert not Notification.objects.filter(user=cast.outsider).exists()

    assert send_emergency_reminders() == 0  # the same day again: nothing new
    assert Notification.objects.count() == 6


def test_reminder_runs_through_the_daily_task(cast, due):
    from safecommunity.tasks import daily_reminders

    result = daily_reminders.delay().get()
    assert result["emergency.services.send_emergency_reminders"] == 3


def test_nothing_due_sends_nothing(cast):
    SupplyFactory(community=cast.community)
    PlanFactory(community=cast.community)
    assert send_emergency_reminders() == 0
    assert (
        selectors.communities_with_due_resources(
            datetime.date.today(), datetime.date.today() + datetime.timedelta(days=30)
        )
        == set()
    )

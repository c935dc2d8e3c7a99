"""Daily reminders: overdue rectifications, due re-inspections, late actions and key places."""

import datetime

from django.utils import timezone

from committee.models import Notification
from hazards import services, tasks
from hazards.choices import DangerStatus
from hazards.models import Place
from safecommunity.tasks import daily_reminders

from .conftest import ordered
from .factories import CorrectiveActionFactory, HiddenDangerFactory, PlaceFactory

TODAY = timezone.localdate()


def _setup(cast):
    yesterday = TODAY - datetime.timedelta(days=1)
    late = ordered(
        HiddenDangerFactory(community=cast.community, title="楼道堆物", working_group=cast.group),
        deadline=yesterday,
    )
    ordered(
        HiddenDangerFactory(community=cast.community, title="按期隐患", working_group=cast.group)
    )
    waiting = HiddenDangerFactory(
        community=cast.community,
        title="待复查隐患",
        status=DangerStatus.RECTIFIED,
        rectified_on=TODAY - datetime.timedelta(days=5),
    )
    HiddenDangerFactory(  # rectified yesterday: the inspector still has time
        community=cast.community,
        status=DangerStatus.RECTIFIED,
        rectified_on=yesterday,
    )
    action = CorrectiveActionFactory(
        community=cast.community,
        title="加装护栏",
        due_date=yesterday,
        working_group=cast.other_group,
    )
    CorrectiveActionFactory(
        community=cast.community, due_date=yesterday, status="verified", completed_at=yesterday
    )
    place = PlaceFactory(
        community=cast.community, name="城东加油站", risk_level="red", working_group=cast.group
    )
    PlaceFactory(community=cast.community, name="普通商铺", risk_level="blue")
    Place.objects.update(created_at=timezone.now() - datetime.timedelta(days=100))
    ordered(HiddenDangerFactory(community=cast.other, title="别处逾期"), deadline=yesterday)
    return late, waiting, action, place


def test_reminders_reach_office_and_group_leaders_once_a_day(cast):
    late, waiting, action, place = _setup(cast)
    office, leader = cast.users["office"], cast.users["leader"]
    assert services.send_overdue_reminders() == 7
    mine = Notification.objects.filter(community=cast.community)
    assert sorted(mine.filter(user=office).values_list("title", flat=True)) == sorted(
        [
            "隐患整改逾期：楼道堆物",
            "隐患待复查：待复查隐患",
            "措施逾期未落实：加装护栏",
            "重点场所逾期未检查：城东加油站",
        ]
    )
    assert sorted(mine.filter(user=leader).values_list("title", flat=True)) == sorted(
        [
            "隐患整改逾期：楼道堆物",
            "重点场所逾期未检查：城东加油站",
        ]
    )
    overdue = mine.get(user=leader, title="隐患整改逾期：楼道堆物")
    assert overdue.url == late.get_absolute_url()
    assert "已逾期 1 天" in overdue.body
    assert (
        Notification.objects.filter(user=cast.outsider, title="隐患整改逾期：别处逾期").count() == 1
    )
    # a second run the same day sends nothing again
    assert services.send_overdue_reminders() == 0
    assert Notification.objects.count() == 7


def test_task_and_daily_beat_call_the_service(cast):
    _setup(cast)
    assert tasks.send_overdue_reminders.delay().get() == 7
    assert daily_reminders()["hazards.services.send_overdue_reminders"] == 0

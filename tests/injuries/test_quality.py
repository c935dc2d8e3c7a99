"""The data-quality page: per reporting unit, what a county CDC checks before accepting a batch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from injuries import quality
from injuries.choices import Cause, Place

from .factories import InjuryCardFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db


def at_day(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def hospital(cast):
    return ReportingUnitFactory(
        community=cast.community, name="区人民医院", code="320102001", kind="hospital"
    )


def card(cast, unit, day, **fields):
    fields.setdefault("reported_on", day)
    return InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit,
        injury_at=at_day(day, 8),
        visit_at=at_day(day, 9),
        **fields,
    )


def test_figures_per_unit(cast, hospital, today):
    months = quality.month_starts(today)
    card(cast, hospital, months[-2], card_no="A1", reporter_name="李医生", icd10="S72.0")
    card(cast, hospital, months[-2], cause=Cause.UNKNOWN, place=Place.OTHER)
    # Filled in ten days after the visit: late.
    late = months[-3] + datetime.timedelta(days=2)
    card(cast, hospital, late, reported_on=late + datetime.timedelta(days=10))
    card(
        cast, hospital, months[-3], confirmed_warnings=["车祸伤害的发生时活动应为“驾乘交通工具”。"]
    )
    [q] = quality.unit_quality(cast.community, today=today)
    assert q.unit == hospital and q.cards == 4
    assert {str(label): share for label, share in q.completeness}["卡片编号"] == 25.0
    assert {str(label): share for label, share in q.unknown_shares}["伤害发生原因"] == 25.0
    assert (q.warned, q.late, q.late_share) == (1, 1, 25.0)
    counts = dict(q.months)
    assert counts[months[-2]] == 2 and counts[months[-3]] == 2
    # The nine earlier months without a card are silent; the current month is still open.
    assert q.silent_months == months[:-3]


def test_silent_sentinel_without_cards_is_listed_but_a_school_is_not(cast, hospital, today):
    ReportingUnitFactory(community=cast.community, name="中心小学", kind="school")
    [q] = quality.unit_quality(cast.community, today=today)
    assert q.unit == hospital and q.cards == 0 and len(q.silent_months) == 11


def test_page_is_linked_from_the_card_list_and_the_statistics(cast, hospital, today):
    client = cast.client_for("office")
    target = reverse("injuries:quality", kwargs={"community": cast.community.slug})
    for name in ("injuries:card_list", "injuries:stats"):
        page = client.get(reverse(name, kwargs={"community": cast.community.slug}))
        assert target in page.content.decode()


def test_page_shows_the_figures(cast, hospital, today, django_assert_max_num_queries):
    months = quality.month_starts(today)
    for i in range(3):
        card(cast, hospital, months[-2], card_no=f"Q{i}")
    client = cast.client_for("office")
    url = reverse("injuries:quality", kwargs={"community": cast.community.slug})
    with django_assert_max_num_queries(13):  # 13: the top bar checks region assignments
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "区人民医院" in html and "报告卡 3 张" in html and "10 个月无报告" in html
    assert "全国伤害监测报告卡格式" in html
    for i in range(30):
        card(cast, hospital, months[-4], card_no=f"R{i}")
    with django_assert_max_num_queries(13):  # 13: the top bar checks region assignments
        client.get(url)


def test_reporters_have_no_quality_page(cast, hospital):
    url = reverse("injuries:quality", kwargs={"community": cast.community.slug})
    assert cast.client_for("reporter").get(url).status_code == 403

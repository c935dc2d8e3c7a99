"""The evidence module: cheap status for the home page; figures, tables and charts for a period."""

import datetime

import pytest
from django.utils import timezone

from hazards import evidence, services
from hazards.choices import ActionStatus, DangerStatus
from hazards.models import CorrectiveAction, Place
from safecommunity.evidence import Period

from .factories import (
    CorrectiveActionFactory,
    HazardFactory,
    HiddenDangerFactory,
    InspectionFactory,
    InspectionItemFactory,
    PlaceFactory,
)

D = datetime.date
YEAR = Period.year(2025)


def test_status_counts_and_says_what_is_missing(cast):
    items = evidence.status(cast.community)
    assert [(i.element, i.count) for i in items] == [(3, 0), (3, 0), (8, 0), (11, 0), (11, 0)]
    assert items[0].missing == ["尚无风险辨识记录", "尚未建立社会单位与公共设施库"]
    assert items[2].missing == ["尚无安全检查记录"]
    assert items[4].missing == ["尚无纠正与预防措施记录"]
    HazardFactory(community=cast.community)
    HazardFactory(community=cast.other)
    items = evidence.status(cast.community)
    assert items[0].count == 1
    assert items[0].missing == ["1 项危险源尚未评价", "尚未建立社会单位与公共设施库"]
    assert items[0].url_name == "hazards:hazard_list"


@pytest.fixture
def risk_register(cast):
    place = PlaceFactory(community=cast.community, name="城东加油站")
    h1 = HazardFactory(
        community=cast.community,
        title="加油站静电",
        place=place,
        identified_on=D(2025, 3, 1),
        controls="静电释放柱",
    )
    services.assess_hazard(
        h1, method="matrix", likelihood=5, severity=4, assessor="甲", assessed_on=D(2025, 3, 2)
    )
    h2 = HazardFactory(community=cast.community, identified_on=D(2025, 6, 1))
    services.assess_hazard(
        h2, method="lec", lec_l=6, lec_e=6, lec_c=7, assessor="甲", assessed_on=D(2025, 6, 2)
    )
    h3 = HazardFactory(community=cast.community, safety_area="water", identified_on=D(2024, 5, 1))
    services.assess_hazard(
        h3, method="matrix", likelihood=3, severity=2, assessor="甲", assessed_on=D(2024, 5, 2)
    )
    HazardFactory(community=cast.community, safety_area="traffic", identified_on=D(2025, 8, 1))
    HazardFactory(community=cast.community, identified_on=D(2026, 1, 10))  # after the period
    HazardFactory(community=cast.community, identified_on=D(2025, 2, 1), status="eliminated")
    HazardFactory(community=cast.other, identified_on=D(2025, 2, 1))


def test_element_3_figures_tables_and_charts(cast, risk_register):
    result = evidence.collect(cast.community, 3, YEAR)
    figures = {f.label: f.value for f in result.figures}
    assert figures == {
        "在册危险源与风险点": 4,
        "本期新辨识": 4,
        "本期风险评价": 2,
        "重大风险": 1,
        "较大风险": 1,
        "一般风险": 1,
        "低风险": 0,
    }
    by_area = result.tables[0]
    assert by_area.headers == ["安全领域", "重大", "较大", "一般", "低", "合计"]
    assert by_area.rows == [["消防安全", 1, 1, 0, 0, 2], ["涉水安全", 0, 0, 1, 0, 1]]
    major = result.tables[1]
    assert major.rows == [["加油站静电", "城东加油站", "消防安全", "20", "静电释放柱", ""]]
    assert len(result.charts) == 2 and all("<svg" in c.svg for c in result.charts)
    assert result.gaps == ["1 项危险源尚未评价。"]
    assert "重大 1 项、较大 1 项" in result.summary


def test_element_8_inspections_and_overdue_key_places(cast):
    p1 = PlaceFactory(community=cast.community, name="城东加油站", risk_level="red")
    p2 = PlaceFactory(community=cast.community, name="惠民超市")
    Place.objects.update(created_at=timezone.make_aware(datetime.datetime(2024, 1, 1)))
    i1 = InspectionFactory(
        community=cast.community, date=D(2025, 1, 15), inspection_type="daily", method="self"
    )
    i1.places.add(p1)
    InspectionItemFactory(inspection=i1, result="fail", note="静电释放柱损坏")
    InspectionItemFactory(inspection=i1, result="pass")
    i2 = InspectionFactory(
        community=cast.community, date=D(2025, 1, 20), inspection_type="holiday", method="community"
    )
    i2.places.add(p1, p2)
    InspectionFactory(
        community=cast.community, date=D(2025, 3, 5), inspection_type="daily", method="self"
    )
    InspectionFactory(community=cast.community, date=D(2024, 12, 31)).places.add(p2)
    HiddenDangerFactory(community=cast.community, inspection=i1, found_on=D(2025, 1, 15))
    HiddenDangerFactory(community=cast.community, inspection=i1, found_on=D(2025, 1, 15))
    result = evidence.collect(cast.community, 8, YEAR)
    figures = {f.label: f.value for f in result.figures}
    assert figures == {"安全检查": 3, "检查场所/单位": 2, "不符合项": 1, "检查发现隐患": 2}
    kinds = result.tables[0]
    assert kinds.headers == ["检查类型", "自查", "社（居）组织的检查", "各小组联合交叉检查", "合计"]
    assert kinds.rows == [["日常检查", 2, 0, 0, 2], ["节假日检查", 0, 1, 0, 1]]
    months = dict(result.tables[1].rows)
    assert len(months) == 12 and months["2025-01"] == 2 and months["2025-03"] == 1
    watch = result.tables[2]
    # red place: every 30 days; last inspected 2025-01-20 → due 2025-02-19 → 315 days late at year end
    assert watch.rows == [["城东加油站", "商铺/门店", "重大", D(2025, 1, 20), D(2025, 2, 19), 315]]
    assert result.gaps == ["1 处重点场所逾期未检查。"]


def test_element_11_dangers_and_actions(cast):
    def danger(found, **fields):
        return HiddenDangerFactory(community=cast.community, found_on=found, **fields)

    closed = DangerStatus.CLOSED
    danger(D(2025, 2, 1), status=closed, closed_on=D(2025, 2, 11))
    danger(D(2025, 3, 1), status=closed, closed_on=D(2025, 3, 21), grade="major")
    danger(
        D(2025, 11, 1), status=DangerStatus.ORDERED, deadline=D(2025, 11, 15), safety_area="water"
    )
    danger(D(2024, 12, 1), status=closed, closed_on=D(2025, 1, 5))
    danger(D(2025, 12, 20), deadline=D(2026, 1, 10), safety_area="traffic")
    HiddenDangerFactory(community=cast.other, found_on=D(2025, 5, 1))
    a1 = CorrectiveActionFactory(community=cast.community, source_kind="hidden_danger")
    a2 = CorrectiveActionFactory(
        community=cast.community,
        source_kind="drill",
        status=ActionStatus.VERIFIED,
        completed_at=D(2025, 5, 1),
    )
    a3 = CorrectiveActionFactory(
        community=cast.community,
        source_kind="review",
        status=ActionStatus.DONE,
        completed_at=D(2025, 5, 1),
    )
    CorrectiveActionFactory(
        community=cast.community, source_kind="review"
    )  # created today, outside 2025
    in_2025 = timezone.make_aware(datetime.datetime(2025, 4, 1, 10))
    CorrectiveAction.objects.filter(pk__in=[a1.pk, a2.pk, a3.pk]).update(created_at=in_2025)

    result = evidence.collect(cast.community, 11, YEAR)
    figures = {f.label: f.value for f in result.figures}
    assert figures == {
        "本期发现隐患": 4,
        "其中重大隐患": 1,
        "本期销号": 3,
        "期末未销号": 2,
        "期末逾期未整改": 1,
        "平均整改闭环天数": 21.7,  # (10 + 20 + 35) / 3
    }
    assert result.tables[0].rows == [
        ["交通安全", 1, 0, 0, 1],
        ["消防安全", 2, 1, 3, 0],
        ["涉水安全", 1, 0, 0, 1],
    ]
    actions = result.tables[1]
    assert actions.headers == ["来源", "待落实", "落实中", "已完成", "已验证", "已关闭", "合计"]
    assert actions.rows == [
        ["隐患", 1, 0, 0, 0, 0, 1],
        ["演练", 0, 0, 0, 1, 0, 1],
        ["评审", 0, 0, 1, 0, 0, 1],
    ]
    assert result.gaps == ["期末有 1 项隐患逾期未整改。"]


def test_empty_period_says_so(cast):
    result = evidence.collect(cast.community, 11, YEAR)
    assert result.gaps == ["本期间无隐患排查与纠正措施记录。"]
    assert evidence.collect(cast.community, 8, YEAR).gaps == ["本期间无安全检查记录。"]
    assert evidence.ELEMENTS == (3, 8, 11)

"""archive.evidence: cheap statuses for the home page and the chapters of elements 10 and 12."""

import datetime

from archive import evidence
from archive.choices import JobState
from archive.services.assessment import start_assessment
from safecommunity.evidence import Period, collect_element

from .factories import DecisionFactory, DocumentFactory, ReportFactory, ReviewFactory

YEAR = Period.year(2025)


def test_status_counts_and_names_what_is_missing(cast, django_assert_max_num_queries):
    DocumentFactory(community=cast.community, elements=[1, 2])
    DocumentFactory(community=cast.community, elements=[7])
    DocumentFactory(community=cast.other, elements=[3])
    with django_assert_max_num_queries(5):
        statuses = evidence.status(cast.community)
    by_label = {s.label: s for s in statuses}
    assert by_label["档案资料"].count == 2 and by_label["档案资料"].element == 10
    assert by_label["档案资料"].missing == ["要素 3、4、5、6、8、9、10、11、12 尚无档案资料"]
    assert by_label["评估报告"].missing == ["尚无评估报告"]
    assert by_label["管理评审"].missing == ["尚无管理评审记录"]
    assert by_label["自评"].missing == ["尚未开展自评"]


def test_status_when_everything_is_there(cast):
    for element in range(1, 13):
        DocumentFactory(community=cast.community, elements=[element])
    ReportFactory(community=cast.community)
    ReviewFactory(community=cast.community)
    start_assessment(community=cast.community, title="自评", date=datetime.date(2025, 1, 1))
    assert all(not s.missing for s in evidence.status(cast.community))


def test_archive_chapter_catalogue_by_element(cast):
    DocumentFactory(community=cast.community, elements=[1], date=datetime.date(2025, 2, 1))
    DocumentFactory(community=cast.community, elements=[1, 7], date=datetime.date(2024, 2, 1))
    DocumentFactory(community=cast.community, elements=[9], personal_data=True)
    chapter = evidence.collect(cast.community, 10, YEAR)
    figures = {f.label: f.value for f in chapter.figures}
    assert figures == {"档案资料总数": 2, "本期新增资料": 1, "已有资料的要素": 2}
    catalogue = chapter.tables[0]
    assert catalogue.rows[0] == ["1. 安全社区创建机构与职责", 2] and catalogue.rows[8][1] == 0
    assert chapter.charts and "<svg" in chapter.charts[0].svg
    assert "要素9“事故与伤害记录”尚无档案资料。" in chapter.gaps


def test_review_chapter_counts_reports_reviews_decisions_and_score(cast):
    ReportFactory(
        community=cast.community,
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 3, 31),
        summary={"problems": ["甲", "乙"]},
    )
    ReportFactory(
        community=cast.community,
        state=JobState.FAILED,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 4, 30),
    )
    review = ReviewFactory(community=cast.community, date=datetime.date(2025, 6, 1))
    DecisionFactory(review=review)
    ReviewFactory(community=cast.community, date=datetime.date(2023, 6, 1))  # outside the period
    start_assessment(community=cast.community, title="2025年自评", date=datetime.date(2025, 6, 1))
    chapter = evidence.collect(cast.community, 12, YEAR)
    figures = {f.label: f.value for f in chapter.figures}
    assert (
        figures["本期评估报告"] == 1
        and figures["本期管理评审"] == 1
        and figures["评审改进决定"] == 1
    )
    assert figures["已转为纠正措施的决定"] == 0 and figures["最近一次自评得分"] == "0/150"
    reports_table = chapter.tables[0]
    assert reports_table.rows[0][3] == 2
    assert "本期尚无评估报告。" not in chapter.gaps


def test_collect_element_composes_the_archive_module(cast):
    DocumentFactory(community=cast.community, elements=[10], date=datetime.date(2025, 5, 1))
    merged = collect_element(cast.community, 10, YEAR)
    assert merged.element == 10 and any(f.label == "档案资料总数" for f in merged.figures)
    assert "本要素在本期间暂无记录。" not in merged.gaps

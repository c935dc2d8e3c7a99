"""Periodic evaluation reports: which are due, idempotence, the PDF itself, filing and notice."""

import datetime

import pytest
from django.urls import reverse

from archive.choices import JobState, ReportKind
from archive.models import Document, Report
from archive.services import reports as services
from archive.tasks import generate_report, periodic_reports
from committee.models import Notification
from safecommunity.evidence import Period

from .pdftools import embedded_fonts, pdf_text


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 5, 1), [("monthly", "2025-04-01", "2025-04-30")]),
        (
            datetime.date(2025, 7, 1),
            [("monthly", "2025-06-01", "2025-06-30"), ("quarterly", "2025-04-01", "2025-06-30")],
        ),
        (
            datetime.date(2026, 1, 1),
            [
                ("monthly", "2025-12-01", "2025-12-31"),
                ("quarterly", "2025-10-01", "2025-12-31"),
                ("annual", "2025-01-01", "2025-12-31"),
            ],
        ),
        (datetime.date(2024, 3, 1), [("monthly", "2024-02-01", "2024-02-29")]),
    ],
)
def test_due_periods(today, expected):
    due = [
        (kind, p.start.isoformat(), p.end.isoformat()) for kind, p in services.due_periods(today)
    ]
    assert due == expected


def test_periodic_reports_is_idempotent_and_covers_every_community(cast):
    first = periodic_reports.delay("2025-04-01").get()
    # monthly March + quarterly Q1 for each of the two communities
    assert len(first) == 4
    assert Report.objects.filter(state=JobState.DONE).count() == 4
    assert set(Report.objects.values_list("community__slug", flat=True)) == {"xingfu", "pingan"}
    again = periodic_reports.delay("2025-04-01").get()
    assert again == [] and Report.objects.count() == 4
    quarterly = Report.objects.get(community=cast.community, kind=ReportKind.QUARTERLY)
    assert quarterly.title == "幸福街道2025年第1季度安全社区季度评估报告"
    assert quarterly.document.element_numbers == [12]


def test_report_pdf_has_chinese_headings_and_embedded_cjk_font(cast):
    report, _created = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 3)
    )
    result = generate_report.delay(report.pk).get()
    assert result["state"] == "done"
    report.refresh_from_db()
    path = report.document.file.path
    text = pdf_text(path)
    for heading in (
        "概述",
        "一、事故与伤害发生情况",
        "二、预防目标完成情况",
        "七、应急预案与演练",
        "八、发现的问题与改进建议",
        "幸福街道2025年3月安全社区月度评估报告",
    ):
        assert heading in text
    fonts = embedded_fonts(path)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("SC-Sans" in name for name, _e in fonts)


def test_generated_report_is_filed_and_the_office_is_notified(cast):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.ANNUAL, period=Period.year(2024)
    )
    services.generate_report(report.pk)
    report.refresh_from_db()
    assert report.state == JobState.DONE and report.document.mime_type == "application/pdf"
    notices = Notification.objects.filter(kind="archive.report")
    assert [n.user for n in notices] == [cast.users["office"]]
    assert notices[0].url == report.get_absolute_url()


def test_regenerating_replaces_the_filed_pdf(cast):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 1)
    )
    services.generate_report(report.pk)
    first = Report.objects.get(pk=report.pk).document_id
    services.generate_report(report.pk)
    report.refresh_from_db()
    assert report.document_id != first
    assert Document.objects.filter(pk=first).count() == 0 and Document.objects.count() == 1


def test_failing_report_ends_failed_with_a_message(cast, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker  # storage cannot write below a file
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 2)
    )
    services.generate_report(report.pk)
    report.refresh_from_db()
    assert report.state == JobState.FAILED and report.message.startswith("生成失败")
    assert not Notification.objects.exists()


def test_stale_report_is_reported_failed_when_polled(cast):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 2)
    )
    Report.objects.filter(pk=report.pk).update(
        state=JobState.RUNNING, updated_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    response = cast.client_for("member").get(
        reverse("archive:report_status", args=[cast.community.slug, report.pk])
    )
    assert response.json()["state"] == "failed" and "超时" in response.json()["message"]


def test_on_demand_custom_period_report(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client_for("office").post(
            reverse("archive:report_create", args=[cast.community.slug]),
            {"kind": "custom", "start": "2025-02-10", "end": "2025-05-20"},
        )
    report = Report.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert (report.period_start, report.period_end) == (
        datetime.date(2025, 2, 10),
        datetime.date(2025, 5, 20),
    )
    assert report.state == JobState.DONE
    status = cast.client_for("reviewer").get(
        reverse("archive:report_status", args=[cast.community.slug, report.pk])
    )
    assert (
        status.json()["state"] == "done"
        and status.json()["download_url"] == report.document.get_download_url()
    )


def test_custom_period_needs_an_end_after_the_start(cast):
    response = cast.client_for("office").post(
        reverse("archive:report_create", args=[cast.community.slug]),
        {"kind": "custom", "start": "2025-02-10"},
    )
    assert response.status_code == 200 and not Report.objects.exists()
    assert "end" in response.context["form"].errors


def test_unique_report_per_community_kind_and_period(cast):
    period = Period.month(2025, 3)
    one, created_one = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=period
    )
    two, created_two = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=period
    )
    assert one == two and (created_one, created_two) == (True, False)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            community=cast.community,
            kind="monthly",
            period_start=period.start,
            period_end=period.end,
            title="重复",
        )


def test_the_notification_reads_its_findings_as_one_sentence():
    findings = [
        "伤害例数同比上升 +43.8%（本期 23，去年同期 16）。",
        "逾期未完成任务 1项，需督办整改。",
    ]
    assert services.findings_summary(findings) == (
        "伤害例数同比上升 +43.8%（本期 23，去年同期 16）；逾期未完成任务 1项，需督办整改。"
    )
    assert services.findings_summary([]) == ""
    assert services.findings_summary([f"问题{n}。" for n in range(8)]).count("；") == 4

"""Periodic evaluation reports: which reports are due, and building one (evidence → PDF → archive)."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.models import Community
from committee.services import notify, office_users
from safecommunity.evidence import Period, span_label
from safecommunity.jobs import Heartbeat, enqueue_job, heartbeat_is_stale
from safecommunity.models import bump
from safecommunity.pdf import render_pdf

from .. import composition, problems
from ..choices import DocumentKind, JobState, ReportKind
from ..models import Report
from . import task
from .documents import file_document

if TYPE_CHECKING:
    from typing import Any

    from committee.models import User
    from safecommunity.evidence import ElementEvidence

logger = logging.getLogger(__name__)

# The report's chapters: (anchor, heading, elements whose evidence fills it).
SECTIONS = [
    ("injuries", gettext_lazy("一、事故与伤害发生情况"), (9,)),
    ("objectives", gettext_lazy("二、预防目标完成情况"), (4,)),
    ("projects", gettext_lazy("三、安全促进项目进展"), (5,)),
    ("training", gettext_lazy("四、宣传教育与培训"), (6,)),
    ("risks", gettext_lazy("五、风险辨识与监测检查"), (3, 8)),
    ("rectification", gettext_lazy("六、隐患整改与纠正措施"), (11,)),
    ("emergency", gettext_lazy("七、应急预案与演练"), (7,)),
]
REPORT_ELEMENTS = tuple(e for _a, _h, elements in SECTIONS for e in elements)
KIND_TITLES = {
    ReportKind.MONTHLY: gettext_lazy("月度评估报告"),
    ReportKind.QUARTERLY: gettext_lazy("季度评估报告"),
    ReportKind.HALF_YEARLY: gettext_lazy("半年度评估报告"),
    ReportKind.ANNUAL: gettext_lazy("年度评估报告"),
    ReportKind.CUSTOM: gettext_lazy("评估报告"),
}


def period_for(kind: str, day: datetime.date, end: datetime.date | None = None) -> Period:
    """The period of ``kind`` that contains ``day`` (custom: ``day`` to ``end``)."""
    if kind == ReportKind.MONTHLY:
        return Period.month(day.year, day.month)
    if kind == ReportKind.QUARTERLY:
        return Period.quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == ReportKind.HALF_YEARLY:
        return Period.half(day.year, 1 if day.month <= 6 else 2)
    if kind == ReportKind.ANNUAL:
        return Period.year(day.year)
    return Period(day, end or day, span_label(day, end or day))


def due_periods(today: datetime.date) -> list[tuple[str, Period]]:
    """The reports due on ``today``'s run: last month; last quarter in Jan/Apr/Jul/Oct; last year in Jan."""
    last_month_day = today.replace(day=1) - datetime.timedelta(days=1)
    due = [(ReportKind.MONTHLY, period_for(ReportKind.MONTHLY, last_month_day))]
    if today.month in (1, 4, 7, 10):
        due.append((ReportKind.QUARTERLY, period_for(ReportKind.QUARTERLY, last_month_day)))
    if today.month == 1:
        due.append((ReportKind.ANNUAL, period_for(ReportKind.ANNUAL, last_month_day)))
    return due


def last_finished_period(kind: str, today: datetime.date) -> Period:
    """The latest period of ``kind`` (not custom) that ended before ``today``."""
    return period_for(kind, period_for(kind, today).start - datetime.timedelta(days=1))


def is_running(period: Period, today: datetime.date | None = None) -> bool:
    """Whether ``period`` has not ended yet: its last day is today or later."""
    return period.end >= (today or timezone.localdate())


def covered_period(period: Period, today: datetime.date | None = None) -> Period:
    """The part of ``period`` that has data: all of it once ended, else its start to today."""
    today = today or timezone.localdate()
    if not is_running(period, today):
        return period
    return Period(period.start, max(period.start, today), period.label)


def report_title(community: Community, kind: str, period: Period) -> str:
    return _("%(community)s%(period)s安全社区%(kind)s") % {
        "community": community.name,
        "period": period.label,
        "kind": KIND_TITLES[kind],
    }


def title_lines(report: Report) -> list[str]:
    """The cover title in two parts that each stay on one line: whose period, and what report."""
    head = f"{report.community.name}{report.period_label}"
    if report.title.startswith(head):
        return [head, report.title[len(head) :]]
    return [report.title]


def ensure_report(
    *, community: Community, kind: str, period: Period, user: User | None = None
) -> tuple[Report, bool]:
    """The report of this community, kind and period, created (pending) if missing.

    Returns (report, created). The unique constraint makes concurrent runs converge on one row.
    """
    lookup = {
        "community": community,
        "kind": kind,
        "period_start": period.start,
        "period_end": period.end,
    }
    report = Report.objects.filter(**lookup).first()
    if report is not None:
        return report, False
    try:
        with transaction.atomic():
            report = Report(
                **lookup, title=report_title(community, kind, period), requested_by=user
            )
            report.full_clean(validate_constraints=False)
            report.save()
            return report, True
    except IntegrityError:
        return Report.objects.get(**lookup), False


def request_report(
    *, community: Community, kind: str, period: Period, user: User | None = None
) -> Report:
    """On demand: create or reset the report and queue its build. Returns the report."""
    report, created = ensure_report(community=community, kind=kind, period=period, user=user)
    if not created:
        Report.objects.filter(pk=report.pk).update(
            state=JobState.PENDING, message="", updated_at=timezone.now()
        )
        bump(community.pk)  # no signal from update(): a done report is done no longer
    transaction.on_commit(
        lambda: enqueue_job(task("archive.tasks.generate_report"), Report, report.pk)
    )
    return report


def periodic_reports(today: datetime.date | None = None) -> list[int]:
    """Beat, on the 1st: queue every community's due reports that are not done yet. Idempotent.

    Returns the ids of the reports queued.
    """
    today = today or timezone.localdate()
    queued = []
    for community in Community.objects.order_by("pk"):
        for kind, period in due_periods(today):
            report, _created = ensure_report(community=community, kind=kind, period=period)
            if report.state != JobState.DONE:
                queued.append(report.pk)
    for pk in queued:
        enqueue_job(task("archive.tasks.generate_report"), Report, pk)
    return queued


def report_context(report: Report, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the report template shows: sections of evidence, changes, problems.

    A period that has not ended yet is reported up to ``today`` (截至) and compared like for like:
    with the same days of the previous year, not with that whole period.
    """
    today = today or timezone.localdate()
    community = report.community
    period = covered_period(report.period, today)
    running = is_running(report.period, today)
    compared = period.previous_year()
    current = composition.collect(community, REPORT_ELEMENTS, period)
    previous = composition.collect(community, (9,), compared)
    sections = []
    for anchor, heading, elements in SECTIONS:
        section = {
            "id": anchor,
            "title": heading,
            "evidences": [
                composition.summarised(current[e], max_rows=composition.REPORT_TABLE_ROWS)
                for e in elements
            ],
            "changes": [],
        }
        if 9 in elements:
            section["changes"] = _injury_change_tables(current[9], previous[9])
        sections.append(section)
    found = problems.find_problems(current, previous)
    gaps = [
        gap for e in REPORT_ELEMENTS for gap in current[e].gaps if problems.NO_RECORDS not in gap
    ]
    toc = [{"id": "overview", "title": _("概述")}] + [
        {"id": s["id"], "title": s["title"]} for s in sections
    ]
    toc.append({"id": "problems", "title": _("八、发现的问题与改进建议")})
    if running:
        subtitle = _("统计期间：%(start)s 至 %(end)s（本期尚未结束，数据截至 %(end)s）") % {
            "start": period.start,
            "end": period.end,
        }
    else:
        subtitle = _("统计期间：%(start)s 至 %(end)s") % {"start": period.start, "end": period.end}
    return {
        "community": community,
        "report": report,
        "period": period,
        "full_period": report.period,
        "running": running,
        "as_of": period.end if running else None,
        "compared": compared,
        "report_title": report.title,
        "report_title_lines": title_lines(report),
        "report_subtitle": subtitle,
        "report_date": today,
        "toc": toc,
        "sections": sections,
        "problems": found,
        "gaps": composition.capped_list(gaps, 20),
        "headline": problems.headline(current, previous),
    }


def _injury_change_tables(current: ElementEvidence, previous: ElementEvidence) -> list[Any]:
    tables = []
    figures = problems.figure_changes(current, previous)
    if figures:
        tables.append(
            composition.change_table(figures, title=_("主要指标同比"), key_header=_("指标"))
        )
    for title, changes in problems.table_changes(current, previous):
        tables.append(
            composition.change_table(
                changes, title=_("%(title)s同比") % {"title": title}, key_header=_("类别")
            )
        )
    return tables


def generate_report(report_id: int) -> Report:
    """Build one report: evidence → PDF → filed as an archive document; notify the office.

    Safe to re-run: the PDF document is replaced. Failures leave the report 'failed' with a message.
    """
    updated = (
        Report.objects.filter(pk=report_id)
        .exclude(state=JobState.RUNNING)
        .update(state=JobState.RUNNING, message="", updated_at=timezone.now())
    )
    report = Report.objects.select_related("community", "document").get(pk=report_id)
    if (
        not updated
        and report.state == JobState.RUNNING
        and not heartbeat_is_stale(report, STALE_AFTER)
    ):
        return report  # another worker is on it
    try:
        with Heartbeat(Report.objects.filter(pk=report_id)):
            context = report_context(report)
            pdf = render_pdf("pdf/report.html", context)
            _file(report, pdf)
            report.summary = {
                "problems": context["problems"],
                "gaps": context["gaps"],
                "headline": context["headline"],
                "as_of": context["as_of"].isoformat() if context["as_of"] else "",
                "compared": [
                    context["compared"].start.isoformat(),
                    context["compared"].end.isoformat(),
                ],
            }
            report.state = JobState.DONE
            report.message = _("已生成，共发现 %(n)s 个问题。") % {"n": len(context["problems"])}
            report.generated_at = timezone.now()
            report.save()
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            state=JobState.FAILED,
            message=(_("生成失败：%(error)s") % {"error": exc})[:500],
            updated_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    notify(
        office_users(report.community),
        title=_("%(title)s已生成") % {"title": report.title},
        body=findings_summary(context["problems"]),
        url=report.get_absolute_url(),
        community=report.community,
        kind="archive.report",
    )
    return report


def findings_summary(problems: list[str], count: int = 5) -> str:
    """The first findings as one sentence for the notification: each finding is a sentence of
    its own, so "A。；B。" would show; their full stops give way to the semicolons."""
    shown = [str(p).rstrip("。") for p in problems[:count]]
    return "；".join(shown) + "。" if shown else ""


def _file(report: Report, pdf: bytes) -> None:
    """File the PDF in the archive (element 12), replacing an earlier version of this report."""
    from .documents import delete_document

    old = report.document
    report.document = file_document(
        community=report.community,
        content=pdf,
        filename=f"{report.title}.pdf",
        title=report.title,
        elements=[12],
        mime_type="application/pdf",
        kind=DocumentKind.PDF,
        user=report.requested_by,
        date=min(report.period_end, timezone.localdate()),
        source_unit=_("安全社区促进委员会办公室"),
        description=_("系统根据各要素记录自动生成的评估报告。"),
    )
    report.save(update_fields=["document"])
    if old is not None:
        delete_document(old)


STALE_AFTER = datetime.timedelta(minutes=30)


def _is_stale(job: Report) -> bool:
    return timezone.now() - job.updated_at > STALE_AFTER


def job_status(report: Report) -> dict[str, Any]:
    """What the report page and its poll show: state, its label, progress, message, download.

    One function for the page and the poll, so the badge and the bar never tell two stories.
    """
    done = report.state == JobState.DONE and report.document_id
    progress = {JobState.PENDING: 0, JobState.RUNNING: 50}.get(report.state, 100)
    return {
        "state": report.state,
        "label": report.get_state_display(),
        "progress": progress,
        "message": report.message or report.get_state_display(),
        "download_url": report.document.get_download_url() if done else "",
    }


def expire_if_stale(report: Report) -> Report:
    """A report still pending long after it was requested, or running with its heartbeat
    stopped (its worker died), failed silently: say so."""
    if report.is_finished:
        return report
    if report.state == JobState.RUNNING:
        if not heartbeat_is_stale(report, STALE_AFTER):
            return report
    elif not _is_stale(report):
        return report
    Report.objects.filter(pk=report.pk, state=report.state).update(
        state=JobState.FAILED,
        message=_("生成超时或后台任务未运行，请重新生成。"),
        updated_at=timezone.now(),
    )
    report.refresh_from_db()
    return report

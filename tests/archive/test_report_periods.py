"""Report periods: the chooser, reports of a running period (截至, like for like), findings
without repeats, a status block whose badge and bar agree, and the PDF's layout rules."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from archive import problems
from archive.choices import JobState, ReportKind
from archive.forms import ReportRequestForm
from archive.models import Report
from archive.services import reports as services
from safecommunity.evidence import ElementEvidence, Period, Table
from tests.injuries.factories import InjuryCardFactory

from .pdftools import pdf_text

TODAY = datetime.date(2026, 12, 4)


def chooser(data):
    return ReportRequestForm(data, today=TODAY)


# --- The chooser ---------------------------------------------------------------------------


def test_chooser_defaults_to_the_last_finished_period_of_each_kind():
    form = ReportRequestForm(today=TODAY)
    assert form.fields["kind"].initial == ReportKind.QUARTERLY
    assert form.fields["year"].initial == 2026
    assert form.fields["quarter"].initial == 3  # Q4 is still running on 4 December
    assert form.fields["month"].initial == 11
    assert form.fields["half"].initial == 1
    assert form.default_years[ReportKind.ANNUAL] == 2025


@pytest.mark.parametrize(
    ("data", "start", "end"),
    [
        ({"kind": "quarterly", "year": "2026", "quarter": "3"}, "2026-07-01", "2026-09-30"),
        ({"kind": "monthly", "year": "2024", "month": "2"}, "2024-02-01", "2024-02-29"),
        ({"kind": "half_yearly", "year": "2025", "half": "2"}, "2025-07-01", "2025-12-31"),
        ({"kind": "annual", "year": "2025"}, "2025-01-01", "2025-12-31"),
        (
            {"kind": "custom", "start": "2025-02-10", "end": "2025-05-20"},
            "2025-02-10",
            "2025-05-20",
        ),
    ],
)
def test_chooser_resolves_the_period(data, start, end):
    form = chooser(data)
    assert form.is_valid(), form.errors
    assert (form.period.start.isoformat(), form.period.end.isoformat()) == (start, end)
    assert not form.running


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "quarterly", "year": "2026", "quarter": "5"}, "quarter"),
        ({"kind": "quarterly", "year": "2026"}, "quarter"),
        ({"kind": "monthly", "year": "2026", "month": "13"}, "month"),
        ({"kind": "annual", "year": "1999"}, "year"),  # not offered (ten years back)
        ({"kind": "annual"}, "year"),
        ({"kind": "custom", "start": "2025-02-10"}, "end"),
        ({"kind": "custom", "start": "2025-02-10", "end": "2025-01-10"}, "end"),
    ],
)
def test_chooser_refuses_incomplete_or_impossible_periods(data, field):
    form = chooser(data)
    assert not form.is_valid() and field in form.errors


def test_chooser_refuses_a_period_that_has_not_started():
    form = ReportRequestForm(
        {"kind": "quarterly", "year": "2026", "quarter": "4"}, today=datetime.date(2026, 9, 1)
    )
    assert not form.is_valid()
    assert "尚未开始" in form.non_field_errors()[0]


def test_running_period_needs_confirmation_and_says_what_it_will_compare():
    form = chooser({"kind": "quarterly", "year": "2026", "quarter": "4"})
    assert not form.is_valid() and form.running
    [warning] = form.non_field_errors()
    assert "尚未结束" in warning
    assert "2026-12-04" in warning and "2025-10-01 至 2025-12-04" in warning
    confirmed = chooser(
        {"kind": "quarterly", "year": "2026", "quarter": "4", "confirm_running": "on"}
    )
    assert confirmed.is_valid() and confirmed.running
    assert confirmed.period.end == datetime.date(2026, 12, 31)


def test_refused_running_period_comes_back_with_the_choice_kept_and_nothing_built(cast):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    response = cast.client_for("office").post(
        reverse("archive:report_create", args=[cast.community.slug]),
        {"kind": "quarterly", "year": str(today.year), "quarter": str(quarter)},
    )
    assert response.status_code == 200 and not Report.objects.exists()
    html = response.content.decode()
    assert "尚未结束" in html and "仍然生成截至今日的报告" in html
    assert f'<option value="{quarter}" selected>' in html


def test_regenerate_form_asks_for_the_same_period():
    report = Report(
        kind=ReportKind.QUARTERLY,
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    form = ReportRequestForm.for_report(report)
    data = {name: form[name].value() for name in form.fields}
    bound = ReportRequestForm(
        {k: v for k, v in data.items() if v not in (None, False)}, today=TODAY
    )
    assert bound.is_valid(), bound.errors
    assert (bound.period.start, bound.period.end) == (report.period_start, report.period_end)


# --- A running period: 截至 and like for like ------------------------------------------------


def injury(cast, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return InjuryCardFactory(community=cast.community, injury_at=at)


def test_running_period_is_reported_up_to_today_against_the_same_days_a_year_earlier(cast):
    injury(cast, datetime.date(2025, 10, 15))  # inside 1 Oct–4 Dec 2025
    injury(cast, datetime.date(2025, 12, 20))  # later in Q4 2025: not like for like
    injury(cast, datetime.date(2026, 11, 10))
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.QUARTERLY, period=Period.quarter(2026, 4)
    )
    context = services.report_context(report, today=TODAY)
    assert context["running"] and context["as_of"] == TODAY
    assert (context["period"].start, context["period"].end) == (datetime.date(2026, 10, 1), TODAY)
    assert (context["compared"].start, context["compared"].end) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 12, 4),
    )
    assert context["headline"]["injuries"] == 1
    assert context["headline"]["injuries_previous"] == 1  # not 2: the whole of Q4 2025
    assert "数据截至 2026-12-04" in context["report_subtitle"]
    html = render_to_string("pdf/report.html", context)
    assert "尚未结束，本报告数据截至" in html and "同比数据均与去年同期相同天数" in html


def test_finished_period_is_reported_whole_without_the_running_note(cast):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.QUARTERLY, period=Period.quarter(2026, 3)
    )
    context = services.report_context(report, today=TODAY)
    assert not context["running"] and context["as_of"] is None
    assert context["period"].end == datetime.date(2026, 9, 30)
    assert "截至" not in context["report_subtitle"]
    assert "尚未结束" not in render_to_string("pdf/report.html", context)


# --- Findings --------------------------------------------------------------------------------


def test_one_rise_shown_by_several_breakdown_tables_is_one_finding():
    def evidence(falls):
        return ElementEvidence(
            element=9,
            tables=[
                Table("主要伤害原因", ["原因", "例数"], [["机动车车祸", falls]]),
                Table("伤害原因 × 年龄组", ["原因", "0–4岁", "合计"], [["机动车车祸", 1, falls]]),
                Table("各原因同比变化", ["原因", "本期", "去年同期"], [["机动车车祸", falls, 4]]),
            ],
        )

    found = problems.find_problems({9: evidence(14)}, {9: evidence(4)})
    assert len([p for p in found if "机动车车祸" in p]) == 1
    assert found[0].startswith("主要伤害原因：“机动车车祸”同比上升 +250.0%")


# --- Status: badge, bar and message from one state -------------------------------------------


@pytest.mark.parametrize(
    ("state", "label", "bar", "polls"),
    [
        (JobState.PENDING, "排队中", "", True),
        (JobState.RUNNING, "生成中", "w-50", True),
        (JobState.FAILED, "失败", "w-100", False),
    ],
)
def test_status_block_shows_one_state(cast, state, label, bar, polls):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.MONTHLY, period=Period.month(2025, 3)
    )
    Report.objects.filter(pk=report.pk).update(state=state)
    client = cast.client_for("member")
    url = reverse("archive:report_status", args=[cast.community.slug, report.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f"data-state-label>{label}</span>" in html
    assert ('hx-trigger="every 2s"' in html) is polls
    if bar:
        assert bar in html
    else:
        assert "w-100" not in html and "w-50" not in html
    status = client.get(url).json()
    assert status["label"] == label
    assert (status["progress"] == 100) is (state == JobState.FAILED)
    page = client.get(report.get_absolute_url()).content.decode()
    assert page.count("data-state-label") == 1 and f"data-state-label>{label}<" in page


def test_done_status_block_stops_polling_and_shows_the_findings(cast):
    report, _ = services.ensure_report(
        community=cast.community, kind=ReportKind.QUARTERLY, period=Period.quarter(2025, 1)
    )
    services.generate_report(report.pk)
    url = reverse("archive:report_status", args=[cast.community.slug, report.pk])
    html = cast.client_for("member").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "data-state-label>已完成</span>" in html and "w-100" in html
    assert "hx-trigger" not in html
    assert "数据反映的问题" in html and "下载 PDF" in html
    assert "排队中" not in html

    # --- and the PDF: the cover title breaks between its parts, 报告 never alone.
    report.refresh_from_db()
    lines = [line.strip() for line in pdf_text(report.document.file.path).splitlines()]
    # One line would be too long at the cover's size: it breaks after the period, not before 报告.
    assert "报告" not in lines
    assert "幸福街道2025年第1季度" in lines and "安全社区季度评估报告" in lines


def test_short_table_columns_do_not_wrap_in_the_pdf(cast, tmp_path):
    from archive.services.dossier import dossier_context
    from safecommunity.pdf import render_pdf
    from tests.factories import MemberFactory

    MemberFactory(
        community=cast.community,
        name="陈志强",
        position="副主任",
        committee_role="deputy",
        unit="街道办事处综合治理与平安建设办公室",
        duties="协助主任工作，分管安全生产与应急管理，" * 4,
    )
    context = dossier_context(cast.community, Period.year(2025))
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(render_pdf("pdf/dossier.html", context))
    text = pdf_text(pdf)
    assert "陈志强" in text and "副主任" in text

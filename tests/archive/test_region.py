"""Region overview (reviewers of several communities) and the beat wiring."""

import datetime

from django.urls import reverse

from archive.choices import JobState
from committee.choices import Role
from committee.models import CreationPhase
from tests.factories import CommunityFactory, MembershipFactory

from .factories import ReportFactory


def test_reviewer_sees_only_their_communities_with_last_report_and_phase(cast):
    reviewer = cast.users["reviewer"]
    MembershipFactory(user=reviewer, community=cast.other, role=Role.REVIEWER)
    hidden = CommunityFactory(name="无关社区")
    ReportFactory(community=hidden)
    CreationPhase.objects.create(
        community=cast.community, phase=3, actual_start=datetime.date(2025, 1, 1)
    )
    ReportFactory(
        community=cast.community,
        generated_at=datetime.datetime(2025, 4, 2, tzinfo=datetime.UTC),
        summary={"headline": {"injuries": 44.0, "injuries_previous": 40.0, "overdue": 3.0}},
    )
    response = cast.client_for("reviewer").get(
        reverse("archive:region", args=[cast.community.slug])
    )
    rows = {row["community"].name: row for row in response.context["rows"]}
    assert set(rows) == {"幸福街道", "平安镇"}
    ours = rows["幸福街道"]
    assert str(ours["phase"]) == "全面推进实施"
    assert ours["injury_trend"] == 10.0 and ours["overdue"] == 3.0
    assert ours["injuries"] == [("2025年3月", 44.0)]
    assert ours["last_report"].state == JobState.DONE
    assert len(ours["readiness"]) == 12
    assert rows["平安镇"]["last_report"] is None
    assert "无关社区" not in response.content.decode()


def test_reporter_memberships_do_not_appear_in_the_region(cast):
    MembershipFactory(user=cast.users["reviewer"], community=cast.other, role=Role.REPORTER)
    response = cast.client_for("reviewer").get(
        reverse("archive:region", args=[cast.community.slug])
    )
    assert [row["community"].name for row in response.context["rows"]] == ["幸福街道"]


def test_beat_schedules_the_archive_task_by_its_registered_name():
    from safecommunity.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "archive.tasks.periodic_reports" in scheduled
    assert "archive.tasks.periodic_reports" in app.tasks
    assert "archive.tasks.build_dossier" in app.tasks
    assert app.tasks["archive.tasks.build_dossier"].time_limit is not None

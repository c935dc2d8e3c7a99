"""Inspection schedules: recurrence, generation, missed marking, doing one, and its pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committee.models import Notification
from hazards import selectors
from hazards.choices import CheckResult, OccurrenceStatus, Recurrence
from hazards.models import (
    ChecklistTemplate,
    HiddenDanger,
    Inspection,
    InspectionSchedule,
    ScheduledInspection,
)
from hazards.services import schedules as services
from safecommunity.evidence import member_tasks

from .factories import InspectionFactory, PlaceFactory

D = datetime.date
MONDAY = D(2026, 3, 2)


def png(name="p.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#2e86c1").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_schedule(community, places, *, recurrence=Recurrence.WEEKLY, start=MONDAY, **fields):
    team = fields.pop("team", [])
    schedule = InspectionSchedule.objects.create(
        community=community, title="巡查", recurrence=recurrence, start_date=start, **fields
    )
    schedule.places.set(places)
    schedule.team.set(team)
    return schedule


# Dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "rule", "expected"),
    [
        (Recurrence.DAILY, "", [D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4)]),
        (Recurrence.WEEKLY, "", [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16)]),
        (Recurrence.MONTHLY, "", [D(2026, 3, 2), D(2026, 4, 2), D(2026, 5, 2)]),
        (Recurrence.SEASONAL, "", [D(2026, 3, 2), D(2026, 6, 2), D(2026, 9, 2)]),
        (
            Recurrence.RRULE,
            "FREQ=WEEKLY;BYDAY=TU,FR",
            [D(2026, 3, 3), D(2026, 3, 6), D(2026, 3, 10)],
        ),
        (
            Recurrence.RRULE,
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=15",
            [D(2026, 3, 15), D(2026, 4, 15), D(2026, 5, 15)],
        ),
    ],
)
def test_due_dates_follow_the_recurrence(recurrence, rule, expected):
    schedule = InspectionSchedule(recurrence=recurrence, rrule=rule, start_date=MONDAY)
    assert services.due_dates(schedule, MONDAY, D(2026, 12, 31))[:3] == expected


def test_holiday_schedule_inspects_the_day_before_the_fixed_holidays_or_its_own_dates():
    schedule = InspectionSchedule(recurrence=Recurrence.HOLIDAY, start_date=D(2027, 1, 1))
    dates = services.due_dates(schedule, D(2027, 1, 1), D(2027, 12, 31))
    assert D(2027, 2, 5) in dates  # 春节 2027-02-06
    assert D(2027, 9, 30) in dates  # 国庆
    schedule.holiday_dates = "2027-03-08\n2027-06-01"
    schedule.holiday_lead_days = 2
    assert services.due_dates(schedule, D(2027, 1, 1), D(2027, 12, 31)) == [
        D(2027, 3, 6),
        D(2027, 5, 30),
    ]


def test_monthly_from_the_31st_falls_on_the_last_day_of_short_months():
    schedule = InspectionSchedule(recurrence=Recurrence.MONTHLY, start_date=D(2026, 1, 31))
    assert services.due_dates(schedule, D(2026, 1, 1), D(2026, 4, 30)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
        D(2026, 4, 30),
    ]


@pytest.mark.parametrize("rule", ["FREQ=HOURLY", "nonsense", "FREQ=WEEKLY;BYDAY=XX", ""])
def test_invalid_or_too_frequent_rrule_is_refused(cast, rule):
    schedule = InspectionSchedule(
        community=cast.community,
        title="x",
        recurrence=Recurrence.RRULE,
        rrule=rule,
        start_date=MONDAY,
    )
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert "rrule" in error.value.message_dict


# Generation and missed -----------------------------------------------------------------------------


def test_generation_is_idempotent_and_follows_edits(cast, settings):
    settings.HAZARDS_SCHEDULE_HORIZON_DAYS = 20
    a, b = PlaceFactory(community=cast.community), PlaceFactory(community=cast.community)
    schedule = make_schedule(cast.community, [a, b])
    assert services.generate_occurrences(schedule, today=MONDAY) == 6  # 3 Mondays × 2 places
    assert services.generate_occurrences(schedule, today=MONDAY) == 0
    assert ScheduledInspection.objects.filter(schedule=schedule).count() == 6
    schedule.places.set([a])
    services.generate_occurrences(schedule, today=MONDAY)
    assert set(ScheduledInspection.objects.values_list("place", flat=True)) == {a.pk}
    schedule.is_active = False
    schedule.save()
    services.generate_occurrences(schedule, today=MONDAY)
    assert not ScheduledInspection.objects.exists()


def test_missed_inspection_is_marked_after_its_day_and_reminded_once(cast, settings):
    settings.HAZARDS_SCHEDULE_HORIZON_DAYS = 7
    member = cast.users["group_member"]
    place = PlaceFactory(community=cast.community)
    schedule = make_schedule(cast.community, [place], team=[member])
    services.run_schedules(today=MONDAY)
    occurrence = ScheduledInspection.objects.get(due_date=MONDAY)
    assert occurrence.status == OccurrenceStatus.DUE
    services.run_schedules(today=MONDAY)  # the day itself: still due
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.DUE
    sent = services.run_schedules(today=MONDAY + datetime.timedelta(days=1))
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.MISSED
    assert occurrence.missed_on == MONDAY + datetime.timedelta(days=1)
    assert sent >= 1
    assert Notification.objects.filter(user=member, title__contains=place.name).count() == 1
    services.run_schedules(today=MONDAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(user=member, title__contains=place.name).count() == 1
    assert schedule.occurrences.filter(status=OccurrenceStatus.MISSED).count() == 1


def test_grace_days_delay_the_missed_mark(cast, settings):
    settings.HAZARDS_INSPECTION_GRACE_DAYS = 2
    schedule = make_schedule(cast.community, [PlaceFactory(community=cast.community)])
    services.generate_occurrences(schedule, today=MONDAY)
    assert services.mark_missed(MONDAY + datetime.timedelta(days=2)) == 0
    assert services.mark_missed(MONDAY + datetime.timedelta(days=3)) == 1


def test_builtin_checklists_are_installed_once(cast):
    assert services.install_builtin_checklists(cast.community) == 5
    assert services.install_builtin_checklists(cast.community) == 0
    kinds = set(ChecklistTemplate.objects.values_list("place_kind", flat=True))
    assert {"market", "school", "construction", "elder_care", "water"} <= kinds


def test_figures_count_due_on_time_late_missed(cast):
    place = PlaceFactory(community=cast.community)
    schedule = make_schedule(cast.community, [place], recurrence=Recurrence.DAILY)
    services.generate_occurrences(schedule, today=MONDAY)
    rows = list(schedule.occurrences.order_by("due_date")[:4])
    on_time = InspectionFactory(community=cast.community, date=rows[0].due_date)
    late = InspectionFactory(community=cast.community, date=rows[2].due_date)
    services.complete_occurrence(rows[0], on_time)
    services.mark_missed(rows[3].due_date)
    services.complete_occurrence(rows[2], late)  # done late (today later than due)
    late_row = rows[2]
    late_row.done_on = rows[3].due_date
    late_row.save()
    figures = selectors.schedule_figures(cast.community, rows[3].due_date)
    assert (
        figures.due,
        figures.done_on_time,
        figures.done_late,
        figures.missed,
        figures.pending,
    ) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert figures.on_time_percent == 33


# Pages ---------------------------------------------------------------------------------------------


@pytest.fixture
def due(cast):
    member = cast.users["group_member"]
    place = PlaceFactory(community=cast.community, name="东门菜市场", kind="market")
    services.install_builtin_checklists(cast.community)
    checklist = ChecklistTemplate.objects.get(community=cast.community, place_kind="market")
    schedule = make_schedule(
        cast.community,
        [place],
        team=[member],
        checklist=checklist,
        working_group=cast.group,
        start=datetime.date.today(),
    )
    services.generate_occurrences(schedule)
    return schedule.occurrences.get(due_date=datetime.date.today())


def _post_data(client, occurrence, *, fail_note="消防通道堆物"):
    url = reverse("hazards:occurrence_do", args=[occurrence.community.slug, occurrence.pk])
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "client_id": "abc",
        "date": datetime.date.today().isoformat(),
        "inspection_type": "daily",
        "method": "community",
        "places": [occurrence.place.pk],
        "inspectors": "张三",
        "summary": "",
        "items-TOTAL_FORMS": str(len(formset.forms)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(formset.forms):
        data[f"items-{index}-item"] = row.initial["item"]
        data[f"items-{index}-result"] = CheckResult.FAIL if index == 0 else CheckResult.PASS
        data[f"items-{index}-note"] = fail_note if index == 0 else ""
    data["items-0-photo"] = png()
    return url, page, data


def test_doing_a_due_inspection_records_it_and_a_failed_item_opens_a_danger(cast, due):
    client = cast.client_for("group_member")
    url, page, data = _post_data(client, due)
    body = page.content.decode()
    assert 'data-offline="inspection"' in body and 'name="client_id"' in body
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    due.refresh_from_db()
    assert due.status == OccurrenceStatus.DONE and due.inspection_id
    inspection = due.inspection
    assert inspection.working_group == cast.group
    failed = inspection.items.get(result=CheckResult.FAIL)
    assert failed.photo
    # a resend stores nothing twice
    assert client.post(url, data).status_code == 302
    assert Inspection.objects.filter(occurrences__isnull=False).count() == 1
    # the detail page's button → the danger form pre-filled from the item
    office = cast.client_for("office")
    detail = office.get(inspection.get_absolute_url()).content.decode()
    assert f"item={failed.pk}" in detail
    create = (
        reverse("hazards:danger_create", args=[cast.community.slug])
        + f"?inspection={inspection.pk}&item={failed.pk}"
    )
    form = office.get(create).context["form"]
    assert form.initial["place"] == due.place
    assert "消防通道堆物" in form.initial["description"]
    assert form.initial["inspection"] == inspection
    saved = office.post(
        create,
        {
            "title": form.initial["title"],
            "grade": "general",
            "safety_area": "fire",
            "place": due.place.pk,
            "description": form.initial["description"],
            "source": "inspection",
            "inspection": inspection.pk,
            "found_on": inspection.date.isoformat(),
            "found_by": "张三",
        },
    )
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    danger = HiddenDanger.objects.get(inspection=inspection)
    assert danger.photo and danger.photo.name != failed.photo.name


def test_failed_item_needs_a_note(cast, due):
    client = cast.client_for("group_member")
    url, _page, data = _post_data(client, due, fail_note="")
    response = client.post(url, data)
    assert response.status_code == 200
    due.refresh_from_db()
    assert due.status == OccurrenceStatus.DUE


def test_due_inspection_is_in_the_inspectors_tasks(cast, due):
    membership = cast.users["group_member"].memberships.get(community=cast.community)
    lists = {t.key: t for t in member_tasks(cast.community, membership, datetime.date.today())}
    assert lists["hazards-scheduled"].total == 2  # today and the same day next week
    assert lists["hazards-scheduled"].items[0].url.endswith(f"/schedules/due/{due.pk}/")
    other = cast.users["member"].memberships.get(community=cast.community)
    lists = {t.key: t for t in member_tasks(cast.community, other, datetime.date.today())}
    assert lists["hazards-scheduled"].total == 0


# Permissions and tenancy -------------------------------------------------------------------------

VIEW = ["schedule_list", "schedule_calendar", "checklist_list"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 200),
        ("member", 200),
        ("leader", 200),
        ("group_member", 200),
        ("reviewer", 200),
        ("reporter", 403),
        ("outsider", 404),
        ("county_reviewer", 200),
    ],
)
@pytest.mark.parametrize("name", VIEW)
def test_pages_open_for_readers_only(cast, who, expected, name):
    response = cast.client_for(who).get(reverse(f"hazards:{name}", args=[cast.community.slug]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 200),
        ("group_member", 200),
        ("leader", 200),
        ("member", 403),
        ("reviewer", 403),
        ("outsider", 404),
    ],
)
def test_only_the_team_office_and_group_leaders_do_a_due_inspection(cast, due, who, expected):
    url = reverse("hazards:occurrence_do", args=[cast.community.slug, due.pk])
    assert cast.client_for(who).get(url).status_code == expected


@pytest.mark.parametrize(
    ("who", "name", "expected"),
    [
        ("office", "schedule_create", 200),
        ("leader", "schedule_create", 200),
        ("member", "schedule_create", 403),
        ("reviewer", "schedule_create", 403),
        ("office", "checklist_create", 200),
        ("leader", "checklist_create", 403),
    ],
)
def test_who_may_create(cast, who, name, expected):
    url = reverse(f"hazards:{name}", args=[cast.community.slug])
    assert cast.client_for(who).get(url).status_code == expected


def test_leader_edits_only_his_groups_schedules(cast):
    place = PlaceFactory(community=cast.community)
    mine = make_schedule(cast.community, [place], working_group=cast.group)
    theirs = make_schedule(cast.community, [place], working_group=cast.other_group)
    client = cast.client_for("leader")
    assert (
        client.get(
            reverse("hazards:schedule_update", args=[cast.community.slug, mine.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("hazards:schedule_update", args=[cast.community.slug, theirs.pk])
        ).status_code
        == 403
    )


def test_another_communitys_due_inspection_and_schedule_answer_404(cast):
    foreign = make_schedule(
        cast.other, [PlaceFactory(community=cast.other)], start=datetime.date.today()
    )
    services.generate_occurrences(foreign)
    occurrence = foreign.occurrences.first()
    client = cast.client_for("office")
    slug = cast.community.slug
    assert (
        client.get(reverse("hazards:occurrence_do", args=[slug, occurrence.pk])).status_code == 404
    )
    assert (
        client.get(reverse("hazards:schedule_detail", args=[slug, foreign.pk])).status_code == 404
    )
    calendar = client.get(reverse("hazards:schedule_calendar", args=[slug]) + "?who=all")
    assert foreign.places.first().name not in calendar.content.decode()


def test_office_creates_a_schedule_and_its_due_inspections_appear(cast):
    place = PlaceFactory(community=cast.community)
    client = cast.client_for("office")
    response = client.post(
        reverse("hazards:schedule_create", args=[cast.community.slug]),
        {
            "title": "每日巡查",
            "places": [place.pk],
            "inspection_type": "daily",
            "method": "community",
            "recurrence": "rrule",
            "rrule": "FREQ=DAILY;INTERVAL=2",
            "holiday_lead_days": "1",
            "start_date": datetime.date.today().isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ScheduledInspection.objects.filter(place=place).count() == 31  # 60 days, every 2nd


def test_checklist_template_saves_its_rows(cast):
    client = cast.client_for("office")
    response = client.post(
        reverse("hazards:checklist_create", args=[cast.community.slug]),
        {
            "name": "小区检查表",
            "place_kind": "residential",
            "notes": "",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-text": "消防通道畅通",
            "items-0-position": "",
            "items-1-text": "电动车不入户",
            "items-1-position": "",
        },
    )
    assert response.status_code == 302
    template = ChecklistTemplate.objects.get(name="小区检查表")
    assert [i.text for i in template.items.all()] == ["消防通道畅通", "电动车不入户"]


# Query counts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    "name", ["schedule_list", "schedule_calendar", "checklist_list", "monitoring"]
)
def test_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries, name, rows):
    member = cast.users["group_member"]
    services.install_builtin_checklists(cast.community)
    for _index in range(rows):
        place = PlaceFactory(community=cast.community)
        schedule = make_schedule(
            cast.community,
            [place],
            team=[member],
            recurrence=Recurrence.WEEKLY,
            start=datetime.date.today().replace(day=1),
            working_group=cast.group,
        )
        services.generate_occurrences(schedule, today=schedule.start_date)
    client = cast.client_for("leader")
    url = reverse(f"hazards:{name}", args=[cast.community.slug]) + (
        "?who=all" if name == "schedule_calendar" else ""
    )
    client.get(url)
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200


def test_self_assessment_reads_the_on_time_rate(cast):
    from archive.indicator_facts import community_facts

    place = PlaceFactory(community=cast.community)
    today = datetime.date.today()
    schedule = make_schedule(
        cast.community,
        [place],
        recurrence=Recurrence.DAILY,
        start=today - datetime.timedelta(days=4),
    )
    services.generate_occurrences(schedule, today=schedule.start_date)
    services.mark_missed(today)
    first = schedule.occurrences.order_by("due_date").first()
    first.status = OccurrenceStatus.DONE
    first.done_on = first.due_date
    first.save()
    facts = community_facts(cast.community, today)
    assert facts["scheduled_due"] == 4 and facts["scheduled_on_time"] == 1
    assert facts["scheduled_missed"] == 3

"""Every date range and year a page takes is bounded (1900 to a year from today, at most 20
years): an absurd or impossible value is a form error, never a 500 or an enormous page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.forms import DossierForm, ReportRequestForm
from archive.models import DossierBuild, Report
from committee.choices import Role
from injuries.forms import StatsFilterForm
from safecommunity.forms import latest_date

TOO_FAR = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()


@pytest.mark.parametrize(
    "query",
    [
        {"start": "0001-01-01"},
        {"start": "1000-01-01", "end": "9999-12-31"},
        {"start": "1900-01-01", "end": "1990-01-01"},  # more than 20 years
        {"end": "0001-01-01"},
        {"start": "99999-01-01"},
        {"start": TOO_FAR},
    ],
)
def test_injury_statistics_refuse_unbounded_periods(cast, query):
    client = cast.client_for(Role.OFFICE)
    response = client.get(reverse("injuries:stats", args=[cast.community.slug]), query)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_valid()
    # The page falls back to the default twelve months and says why.
    period = response.context["period"]
    assert (period.end - period.start).days < 370
    assert "invalid-feedback" in response.text
    export = client.get(reverse("injuries:stats_export", args=[cast.community.slug]), query)
    assert export.status_code == 200


def test_statistics_form_messages():
    def errors(**data):
        form = StatsFilterForm(data, community=None)
        form.fields["reporting_unit"].queryset = form.fields["reporting_unit"].queryset.none()
        form.is_valid()
        return form.errors

    assert "1900" in errors(start="0001-01-01")["start"][0]
    assert errors(start="1950-01-01", end="2000-01-01")["end"] == ["期间不能超过 20 年。"]
    assert errors(start="2025-03-01", end="2025-01-01")["end"] == ["结束日期不能早于开始日期。"]
    assert not errors(start="2006-01-01", end="2025-12-31")


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("injuries:card_list", {"start": "0001-01-01"}),
        ("injuries:card_list", {"end": "9999-12-31"}),
        ("injuries:accident_list", {"year": "0"}),
        ("injuries:accident_list", {"year": "2024.5"}),
        ("committee:meeting_list", {"year": "0"}),
        ("committee:meeting_list", {"year": "10000"}),
        ("hazards:inspection_list", {"year": "-1"}),
    ],
)
def test_list_filters_with_impossible_dates_are_form_errors(cast, url_name, query):
    response = cast.client_for(Role.OFFICE).get(
        reverse(url_name, args=[cast.community.slug]), query
    )
    assert response.status_code == 200
    assert response.context["filterset"].errors


def test_year_filter_still_filters(cast):
    from tests.factories import MeetingFactory

    MeetingFactory(community=cast.community, title="二〇二四年会", date=datetime.date(2024, 5, 1))
    MeetingFactory(community=cast.community, title="二〇二五年会", date=datetime.date(2025, 5, 1))
    url = reverse("committee:meeting_list", args=[cast.community.slug])
    response = cast.client_for(Role.OFFICE).get(url, {"year": "2024"})
    assert [m.title for m in response.context["object_list"]] == ["二〇二四年会"]


def test_report_request_refuses_year_one(cast):
    url = reverse("archive:report_create", args=[cast.community.slug])
    response = cast.client_for(Role.OFFICE).post(url, {"kind": "annual", "year": "1"})
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert "year" in ReportRequestForm({"kind": "annual", "year": "1"}).errors
    custom = {"kind": "custom", "start": "0001-01-01", "end": "2025-01-01"}
    assert "start" in ReportRequestForm(custom).errors


def test_dossier_refuses_unbounded_period(cast):
    url = reverse("archive:dossier", args=[cast.community.slug])
    data = {"period_start": "0001-01-01", "period_end": "2025-12-31"}
    response = cast.client_for(Role.OFFICE).post(url, data)
    assert response.status_code == 200
    assert not DossierBuild.objects.exists()
    assert "period_start" in DossierForm(data).errors
    long = DossierForm({"period_start": "1950-01-01", "period_end": "2025-12-31"})
    assert long.errors["period_end"] == ["期间不能超过 20 年。"]


def test_latest_date_is_a_year_ahead_even_on_29_february():
    assert latest_date(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert latest_date(datetime.date(2026, 3, 1)) == datetime.date(2027, 3, 1)

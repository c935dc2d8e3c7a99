"""Every entry form renders the same way (safecommunity.forms.style_widgets, templates/_field.html):
a Chinese empty choice instead of "---------", no ASCII colon after a label, and tick lists
instead of a bare <select multiple>."""

import re

import pytest
from django.urls import get_resolver, reverse

from committee.models import Meeting
from tests.factories import MemberFactory

APPS = ["committee", "hazards", "injuries", "projects", "emergency", "archive"]
ASCII_COLON_LABEL = re.compile(r"[^\x00-\x7f]\s*:\s*(<span[^>]*>\*</span>\s*)?</(label|legend)>")


def create_url_names():
    """Every ``<app>:<name>_create`` route that needs only the community (discovered, not listed)
    and answers a GET with a form."""
    names = []
    for app in APPS:
        for pattern in get_resolver(f"{app}.urls").url_patterns:
            name = getattr(pattern, "name", None) or ""
            if name.endswith("_create") and not pattern.pattern.converters:
                names.append(f"{app}:{name}")
    return sorted(names)


def list_url_names():
    names = []
    for app in APPS:
        for pattern in get_resolver(f"{app}.urls").url_patterns:
            name = getattr(pattern, "name", None) or ""
            if name.endswith("_list") and not pattern.pattern.converters:
                names.append(f"{app}:{name}")
    return sorted(names)


def test_discovery_finds_the_forms_of_every_app():
    names = create_url_names()
    assert {name.split(":")[0] for name in names} == set(APPS)
    assert "injuries:card_create" in names and "hazards:inspection_create" in names


@pytest.mark.parametrize("url_name", create_url_names())
def test_create_form_has_chinese_empty_choices_and_no_ascii_colons(cast, url_name):
    response = cast.client_for("office").get(
        reverse(url_name, kwargs={"community": cast.community.slug})
    )
    if response.status_code == 405:  # a POST-only action (the report request), no form page
        pytest.skip("POST-only")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html
    assert "---------" not in html
    assert not ASCII_COLON_LABEL.search(html), ASCII_COLON_LABEL.search(html).group(0)
    assert not re.search(r"<select[^>]*\bmultiple\b", html)


@pytest.mark.parametrize("url_name", list_url_names())
def test_list_filters_read_all_and_have_no_ascii_colons(cast, url_name):
    response = cast.client_for("office").get(
        reverse(url_name, kwargs={"community": cast.community.slug})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "---------" not in html
    assert not ASCII_COLON_LABEL.search(html), ASCII_COLON_LABEL.search(html).group(0)


def test_a_list_filter_choice_reads_all(cast):
    html = (
        cast.client_for("office")
        .get(reverse("hazards:danger_list", kwargs={"community": cast.community.slug}))
        .content.decode()
    )
    assert re.search(r'<option value=""[^>]*>全部</option>', html)


def test_an_entry_form_choice_reads_please_choose(cast):
    html = (
        cast.client_for("office")
        .get(reverse("hazards:inspection_create", kwargs={"community": cast.community.slug}))
        .content.decode()
    )
    assert re.search(
        r'<select name="inspection_type"[^>]*>\s*<option value=""[^>]*>请选择…</option>', html
    )


def test_inspected_places_are_a_filterable_tick_list(cast):
    from tests.hazards.factories import PlaceFactory

    places = [PlaceFactory(community=cast.community, name=n) for n in ("幸福小学", "农贸市场")]
    for url_name in ("hazards:inspection_create", "hazards:plan_create"):
        html = (
            cast.client_for("office")
            .get(reverse(url_name, kwargs={"community": cast.community.slug}))
            .content.decode()
        )
        widget = re.search(
            r'<div id="id_places" class="choice-list is-filterable" data-choice-filter>.*?</div>\s*</div>',
            html,
            re.S,
        )
        assert widget, url_name
        assert 'class="form-control choice-list-search"' in widget.group(0)
        for place in places:
            # The label sits beside its box, in the same .form-check.
            assert re.search(
                rf'<div class="form-check"><input type="checkbox" name="places" value="{place.pk}"[^>]*>'
                rf'<label class="form-check-label" for="id_places_\d+">{place.name}</label></div>',
                widget.group(0),
            )


def meeting_data(**extra):
    return {"date": "2025-09-18", "kind": "group", "title": "交通组季度会议", **extra}


def test_attendance_count_is_the_ticks_plus_others(cast):
    members = [MemberFactory(community=cast.community) for _ in range(3)]
    client = cast.client_for("office")
    url = reverse("committee:meeting_create", kwargs={"community": cast.community.slug})
    # The posted count is ignored: it always follows the ticks.
    client.post(
        url,
        meeting_data(attendees=[m.pk for m in members[:2]], other_attendees=5, attendee_count=40),
    )
    meeting = Meeting.objects.get(community=cast.community, title="交通组季度会议")
    assert meeting.attendee_count == 7

    edit = reverse(
        "committee:meeting_update", kwargs={"community": cast.community.slug, "pk": meeting.pk}
    )
    page = client.get(edit).content.decode()
    assert re.search(r'name="other_attendees" value="5"', page)
    assert re.search(
        r'<input[^>]*name="attendee_count"[^>]*data-sum-of="attendees other_attendees"', page
    ) or re.search(
        r'<input[^>]*data-sum-of="attendees other_attendees"[^>]*name="attendee_count"', page
    )
    client.post(edit, meeting_data(attendees=[members[0].pk], other_attendees=5, attendee_count=7))
    meeting.refresh_from_db()
    assert meeting.attendee_count == 6  # one tick removed: the count follows
    client.post(edit, meeting_data(attendees=[], other_attendees="", attendee_count=6))
    meeting.refresh_from_db()
    assert meeting.attendee_count == 0


def test_attendance_count_refuses_negative_others(cast):
    client = cast.client_for("office")
    url = reverse("committee:meeting_create", kwargs={"community": cast.community.slug})
    response = client.post(url, meeting_data(other_attendees=-3))
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="交通组季度会议").exists()


def test_every_list_filter_choice_can_be_reset_to_all(cast):
    """The escalation filter had no empty choice: submitting the form filtered on 未升级."""
    html = (
        cast.client_for("office")
        .get(reverse("hazards:danger_list", kwargs={"community": cast.community.slug}))
        .content.decode()
    )
    select = re.search(r'<select name="escalation_level".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value=""[^>]*>全部</option>', select)

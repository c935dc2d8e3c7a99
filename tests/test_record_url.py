"""safecommunity.models.record_url: the URL a record's page is served at, built without a
reverse() per row, and equal to reverse() in every case."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from committee.models import Community
from safecommunity.models import record_url
from tests.factories import CommunityFactory, MeetingFactory
from tests.hazards.factories import PlaceFactory

pytestmark = pytest.mark.django_db

URL_NAMES = ("hazards:place_detail", "committee:meeting_detail", "hazards:hazard_detail")


def reversed_url(record, url_name):
    return reverse(url_name, kwargs={"community": record.community.slug, "pk": record.pk})


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_equals_reverse_for_records_of_two_communities(url_name):
    for slug in ("xingfu", "ping-an_2"):
        place = PlaceFactory(community=CommunityFactory(slug=slug))
        assert record_url(place, url_name) == reversed_url(place, url_name)
        assert f"/c/{slug}/" in record_url(place, url_name)
        assert record_url(place, url_name).endswith(f"/{place.pk}/")


def test_models_link_their_own_pages():
    place = PlaceFactory()
    meeting = MeetingFactory(community=place.community)
    assert place.get_absolute_url() == reversed_url(place, "hazards:place_detail")
    assert meeting.get_absolute_url() == reversed_url(meeting, "committee:meeting_detail")
    assert place.get_absolute_url() != PlaceFactory(community=place.community).get_absolute_url()


def test_follows_the_script_prefix():
    place = PlaceFactory()
    try:
        set_script_prefix("/safety/")
        assert record_url(place, "hazards:place_detail").startswith("/safety/c/")
        assert record_url(place, "hazards:place_detail") == reversed_url(
            place, "hazards:place_detail"
        )
    finally:
        set_script_prefix("/")
    assert record_url(place, "hazards:place_detail").startswith("/c/")


def test_slug_the_converter_would_not_pass_goes_through_reverse():
    place = PlaceFactory()
    Community.objects.filter(pk=place.community.pk).update(slug="幸福")
    place.community.slug = "幸福"
    with pytest.raises(NoReverseMatch):
        record_url(place, "hazards:place_detail")

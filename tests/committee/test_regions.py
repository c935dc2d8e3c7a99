"""Area codes and the region tree (committee.regions), the data migration, and region reviewers'
access through safecommunity.tenancy."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from committee import regions
from committee.choices import RegionLevel, Role
from committee.models import Community, Region, RegionReviewer
from safecommunity import tenancy
from tests.factories import CommunityFactory, MembershipFactory, UserFactory, region

migration = importlib.import_module("committee.migrations.0003_regions")


@pytest.mark.parametrize("code", ["110000", "110100", "110101", "330106001", "419001", "820000"])
def test_valid_area_codes(code):
    assert regions.validate_area_code(f" {code} ") == code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "format"),
        ("33010", "format"),
        ("3301060011", "format"),
        ("33010600100", "format"),
        ("33a106", "format"),
        ("100000", "province"),  # 10 is no province
        ("900106", "province"),
        ("330006", "city"),
        ("330100001", "county"),
        ("330106000", "town"),
    ],
)
def test_invalid_area_codes_say_why(code, reason):
    with pytest.raises(ValidationError) as error:
        regions.validate_area_code(code)
    assert error.value.code == reason


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        ("330000", RegionLevel.PROVINCE, "33"),
        ("330100", RegionLevel.CITY, "3301"),
        ("330106", RegionLevel.COUNTY, "330106"),
        ("330106001", RegionLevel.TOWN, "330106001"),
    ],
)
def test_level_and_prefix_follow_the_code(code, level, prefix):
    assert regions.level_of(code) == level
    assert regions.prefix_of(code) == prefix


def test_ensure_region_path_builds_the_chain_once(db):
    town = regions.ensure_region_path(
        "330106001", names={"330106": "西湖区", "330106001": "北山街道"}
    )
    assert [(r.code, r.level) for r in Region.objects.all()] == [
        ("330000", "province"),
        ("330100", "city"),
        ("330106", "county"),
        ("330106001", "town"),
    ]
    assert town.parent.parent.parent.name == "浙江省"  # provinces are named from GB/T 2260
    assert str(town.parent.parent) == "330100"  # unnamed: shown by its code
    again = regions.ensure_region_path("330106002")
    assert again.parent == town.parent and Region.objects.count() == 5
    assert Region.objects.get(code="330106").name == "西湖区"  # kept without a new name


def test_region_for_area_code_names_the_region_and_validates(db):
    county = regions.region_for_area_code("330106", name="西湖区")
    assert (county.name, county.level, county.parent.code) == ("西湖区", "county", "330100")
    with pytest.raises(ValidationError):
        regions.region_for_area_code("123")
    assert regions.region_for_area_code("330106") == county


def test_region_contains_what_is_below_it(db):
    town = region("330106001")
    assert Region.objects.get(code="330000").contains(town)
    assert town.parent.contains(town) and town.contains(town)
    assert not region("330110").contains(town)
    assert not town.contains(town.parent)


def test_database_refuses_a_bad_code_or_an_orphan(db):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Region.objects.create(code="33010", level=RegionLevel.COUNTY, parent=region("330100"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Region.objects.create(code="330106", level=RegionLevel.COUNTY)


def test_data_migration_links_existing_communities(db):
    street = CommunityFactory(name="北山街道", area_code="330106001", parent_area="西湖区")
    county_level = CommunityFactory(area_code="330110", parent_area="余杭区")
    broken = CommunityFactory(area_code="12345")
    blank = CommunityFactory(area_code="")
    migration.link_communities(apps, None)
    street.refresh_from_db()
    assert (street.region.code, street.region.name) == ("330106001", "北山街道")
    assert street.region.parent.name == "西湖区"
    county_level.refresh_from_db()
    assert (county_level.region.code, county_level.region.name) == ("330110", "余杭区")
    assert Community.objects.get(pk=broken.pk).region is None
    assert Community.objects.get(pk=blank.pk).region is None


def test_communities_under_a_region_include_sub_regions(cast):
    province = Region.objects.get(code="330000")
    assert set(regions.communities_under(province)) == {cast.community, cast.other}
    assert list(regions.communities_under(region("330106"))) == [cast.community]


# Access through safecommunity.tenancy


def test_county_reviewer_gets_a_read_only_reviewer_membership(cast):
    user = cast.regions["county_reviewer"]
    membership = tenancy.get_membership(user, cast.community)
    assert membership.role == Role.REVIEWER and membership.pk is None
    assert tenancy.get_membership(user, cast.other) is None
    assert not tenancy.can_edit(membership)


def test_province_reviewer_reads_a_community_of_a_county_below(cast):
    user = cast.regions["province_reviewer"]
    assert tenancy.get_membership(user, cast.other).role == Role.REVIEWER
    response = cast.client_for("province_reviewer").get(cast.other.get_absolute_url())
    assert response.status_code == 200


def test_a_membership_row_wins_over_the_region(cast):
    user = cast.regions["county_reviewer"]
    MembershipFactory(user=user, community=cast.community, role=Role.OFFICE)
    assert tenancy.get_membership(user, cast.community).role == Role.OFFICE


def test_region_access_costs_one_query_per_request(cast, django_assert_num_queries):
    user = cast.regions["county_reviewer"]
    with django_assert_num_queries(2):  # membership row, region check
        tenancy.get_membership(user, cast.community)
    with django_assert_num_queries(1):  # the region answer is kept for the request
        tenancy.get_membership(user, cast.community)


def test_user_communities_adds_reviewed_regions_in_one_query(cast, django_assert_num_queries):
    user = cast.regions["province_reviewer"]
    MembershipFactory(user=user, community=CommunityFactory(name="外省社区"), role=Role.REVIEWER)
    with django_assert_num_queries(1):
        names = sorted(c.name for c in tenancy.user_communities(user))
    assert names == ["外省社区", "平安镇", "幸福街道"]
    assert list(tenancy.user_communities(cast.regions["county_reviewer"])) == [cast.community]
    assert list(tenancy.user_communities(UserFactory())) == []


def test_removing_the_assignment_removes_access_and_the_link(cast):
    client = cast.client_for("county_reviewer")
    home = cast.community.get_absolute_url()
    response = client.get(home)
    assert response.status_code == 200 and reverse("regions:index") in response.text
    RegionReviewer.objects.filter(user=cast.regions["county_reviewer"]).delete()
    assert client.get(home).status_code == 404
    assert reverse("regions:index") not in client.get(reverse("notifications")).text


def test_region_link_appears_when_a_region_is_assigned_through_the_m2m(cast):
    user = cast.users[Role.MEMBER]
    client = cast.client_for(Role.MEMBER)
    url = reverse("notifications")
    assert reverse("regions:index") not in client.get(url).text
    region("330110").reviewers.add(user)
    assert reverse("regions:index") in client.get(url).text


def profile_post(cast, **changes):
    data = {
        "name": "幸福街道",
        "kind": "street",
        "area_code": "330106001",
        "parent_area": "示范区",
        "population": 68500,
        "households": 24300,
        "area_km2": "12.60",
        "target_level": "national",
        "address": "",
        "introduction": "",
        **changes,
    }
    url = reverse("committee:profile_update", args=[cast.community.slug])
    return cast.client_for(Role.OFFICE).post(url, data)


def test_profile_refuses_an_invalid_area_code(cast):
    response = profile_post(cast, area_code="990106001")
    assert response.status_code == 200
    assert "不是有效的省级代码" in response.text
    cast.community.refresh_from_db()
    assert cast.community.area_code == "330106001"


def test_profile_area_code_moves_the_community_to_its_region(cast):
    Region.objects.filter(code="330110").update(name="余杭区")
    response = profile_post(cast, area_code="330110005", parent_area="别的名字")
    assert response.status_code == 302
    cast.community.refresh_from_db()
    assert cast.community.region.code == "330110005"
    assert cast.community.region.parent.name == "余杭区"  # a profile never renames a county
    assert (
        cast.client_for("county_reviewer").get(cast.community.get_absolute_url()).status_code == 404
    )
    assert (
        cast.client_for("region_outsider").get(cast.community.get_absolute_url()).status_code == 200
    )

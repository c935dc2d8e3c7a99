"""Going live: a superuser starts a community with its first office account (page, command and
/admin/), and assigns a county reviewer to a region."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from committee.choices import Role
from committee.models import Community, Membership, Region, RegionReviewer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client():
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    return client


def start(**overrides):
    data = {
        "c-name": "安康街道",
        "c-slug": "ankang",
        "c-kind": "street",
        "c-area_code": "330106012",
        "c-county_name": "西湖区",
        "c-target_level": "national",
        "c-office_username": "ankang-office",
        "c-office_display_name": "陈主任",
        "c-office_email": "office@ankang.example",
    }
    data.update(overrides)
    return data


def test_superuser_starts_a_community_and_its_office_gets_a_setup_link(admin_client):
    response = admin_client.post(reverse("platform"), start())
    assert response.status_code == 200
    community = Community.objects.get(slug="ankang")
    assert community.region.code == "330106012"
    assert community.region.parent.code == "330106" and community.region.parent.name == "西湖区"
    office = User.objects.get(username="ankang-office")
    assert Membership.objects.get(user=office, community=community).role == Role.OFFICE
    assert not office.has_usable_password()
    url = re.search(r"/accounts/setup/\S+?/\S+?/", response.text).group(0)
    assert url in mail.outbox[0].body and mail.outbox[0].to == ["office@ankang.example"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("c-area_code", "33010", "6 位"),
        ("c-area_code", "990106", "不是有效的省级代码"),
        ("c-slug", "xingfu", "已被使用"),
        ("c-office_username", "OFFICE-XINGFU", "已被使用"),
    ],
)
def test_bad_values_are_form_errors_and_nothing_is_written(
    admin_client, cast, field, value, message
):
    before = (Community.objects.count(), User.objects.count(), Region.objects.count())
    response = admin_client.post(reverse("platform"), start(**{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert (Community.objects.count(), User.objects.count(), Region.objects.count()) == before


def test_platform_is_for_superusers_only(cast, client):
    assert client.get(reverse("platform")).status_code == 302
    for role in Role.values:
        assert cast.client_for(role).get(reverse("platform")).status_code == 403
        assert cast.client_for(role).post(reverse("platform"), start()).status_code == 403
    assert not Community.objects.filter(slug="ankang").exists()


def test_superuser_assigns_a_new_county_reviewer(admin_client):
    admin_client.post(reverse("platform"), start())
    response = admin_client.post(
        reverse("platform"),
        {
            "r-region_code": "330106",
            "r-region_name": "西湖区",
            "r-username": "xihu-reviewer",
            "r-display_name": "区应急管理局",
            "r-email": "",
        },
    )
    assert response.status_code == 200 and "/accounts/setup/" in response.text
    reviewer = User.objects.get(username="xihu-reviewer")
    assert RegionReviewer.objects.filter(user=reviewer, region__code="330106").exists()
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("community_home", args=["ankang"])).status_code == 200
    assert client.get(reverse("committee:group_create", args=["ankang"])).status_code == 403


def test_create_community_command_with_flags():
    out = StringIO()
    call_command(
        "create_community",
        "--name=安康街道",
        "--slug=ankang",
        "--kind=street",
        "--area-code=330106012",
        "--office-username=ankang-office",
        "--office-display-name=陈主任",
        "--no-input",
        stdout=out,
    )
    text = out.getvalue()
    assert "Created 安康街道" in text and "/accounts/setup/" in text
    assert Community.objects.get(slug="ankang").memberships.get().role == Role.OFFICE


def test_create_community_command_refuses_bad_values_with_reasons():
    with pytest.raises(CommandError) as info:
        call_command(
            "create_community",
            "--name=安康街道",
            "--slug=ankang",
            "--kind=castle",
            "--area-code=123",
            "--office-username=x",
            "--no-input",
        )
    assert "area_code" in str(info.value) and "kind" in str(info.value)
    assert not Community.objects.exists()
    with pytest.raises(CommandError, match="--slug is required"):
        call_command("create_community", "--name=安康街道", "--no-input")


def test_create_community_command_asks_when_interactive(monkeypatch):
    answers = iter(["安康街道", "ankang", "", "330106", "", "", "ankang-office", "陈主任", ""])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    call_command("create_community", stdout=StringIO())
    community = Community.objects.get(slug="ankang")
    assert community.kind == "street" and community.region.code == "330106"


def test_admin_lists_the_committee_models(admin_client, cast):
    for name in ("community", "user", "membership", "workinggroup", "member", "region"):
        response = admin_client.get(reverse(f"admin:committee_{name}_changelist"))
        assert response.status_code == 200, name
    response = admin_client.get(
        reverse("admin:committee_community_change", args=[cast.community.pk])
    )
    assert response.status_code == 200

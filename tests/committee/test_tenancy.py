"""Another community's records answer 404 even to our own office, and never show in our lists."""

import pytest
from django.urls import reverse

from committee.choices import GroupRole, Role
from committee.models import GroupMembership, Meeting, Member, Membership

KINDS = ["member", "group", "partner", "volunteer", "participation", "meeting"]


@pytest.mark.parametrize("action", ["detail", "update", "delete"])
@pytest.mark.parametrize("kind", KINDS)
def test_foreign_pk_is_404_for_our_office(cast, foreign, kind, action):
    url = reverse(
        f"committee:{kind}_{action}", args=[cast.community.slug, getattr(foreign, kind).pk]
    )
    client = cast.client_for(Role.OFFICE)
    assert client.get(url).status_code == 404
    if action == "delete":
        assert client.post(url).status_code == 404
        assert type(getattr(foreign, kind)).objects.filter(pk=getattr(foreign, kind).pk).exists()


def test_foreign_phase_is_404(cast, foreign):
    url = reverse("committee:phase_update", args=[cast.community.slug, foreign.phase.pk])
    assert cast.client_for(Role.OFFICE).get(url).status_code == 404


def test_foreign_group_member_add_is_404(cast, foreign, mine):
    url = reverse("committee:group_member_add", args=[cast.community.slug, cast.foreign_group.pk])
    response = cast.client_for(Role.OFFICE).post(
        url, {"member": mine.member.pk, "role": GroupRole.MEMBER}
    )
    assert response.status_code == 404
    assert not GroupMembership.objects.filter(group=cast.foreign_group).exists()


def test_foreign_member_cannot_join_our_group(cast, foreign):
    url = reverse("committee:group_member_add", args=[cast.community.slug, cast.group.pk])
    response = cast.client_for(Role.OFFICE).post(
        url, {"member": foreign.member.pk, "role": GroupRole.LEADER}, follow=True
    )
    assert not GroupMembership.objects.filter(group=cast.group, member=foreign.member).exists()
    assert "请选择本社区的成员和组内职务。" in response.text


def test_foreign_member_remove_is_404(cast, foreign):
    url = reverse(
        "committee:group_member_remove",
        args=[cast.community.slug, cast.group.pk, foreign.member.pk],
    )
    assert cast.client_for(Role.OFFICE).post(url).status_code == 404


def test_foreign_membership_update_is_404(cast, foreign):
    url = reverse("committee:membership_update", args=[cast.community.slug, foreign.membership.pk])
    response = cast.client_for(Role.OFFICE).post(url, {"remove": "1"})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.membership.pk).exists()


def test_meeting_form_offers_only_our_members_and_groups(cast, mine, foreign):
    client = cast.client_for(Role.OFFICE)
    page = client.get(reverse("committee:meeting_create", args=[cast.community.slug])).text
    assert f'value="{mine.member.pk}"' in page
    assert f'value="{foreign.member.pk}"' not in page
    assert cast.foreign_group.name not in page
    response = client.post(
        reverse("committee:meeting_create", args=[cast.community.slug]),
        {
            "date": "2025-06-01",
            "kind": "committee",
            "title": "越权会议",
            "attendees": [foreign.member.pk],
            "attendee_count": 1,
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="越权会议").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_lists_show_only_our_records(cast, mine, foreign, kind):
    response = cast.client_for(Role.OFFICE).get(
        reverse(f"committee:{kind}_list", args=[cast.community.slug])
    )
    assert getattr(mine, kind).get_absolute_url() in response.text
    assert getattr(foreign, kind).get_absolute_url() not in response.text


def test_export_contains_only_our_members(cast, mine, foreign):
    Member.objects.filter(pk=foreign.member.pk).update(name="外社区成员")
    response = cast.client_for(Role.OFFICE).get(
        reverse("committee:member_export", args=[cast.community.slug]) + "?format=csv"
    )
    text = response.content.decode("utf-8-sig")
    assert "张委员" in text
    assert "外社区成员" not in text


def test_user_list_shows_only_our_users(cast):
    response = cast.client_for(Role.OFFICE).get(
        reverse("committee:user_list", args=[cast.community.slug])
    )
    assert cast.users[Role.REVIEWER].username in response.text
    assert cast.outsider.username not in response.text

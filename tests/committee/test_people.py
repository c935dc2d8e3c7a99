"""People: the office creates accounts (never reusing one), invited users choose their own password
from a one-time link, a password somebody else chose must be changed, reset by e-mail works, and a
deactivated account or a leader who left loses every right at once while the records stay."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from committee import services
from committee.choices import GroupRole, Role
from committee.models import Member, Membership
from tests.factories import MemberFactory, UserFactory

User = get_user_model()
STRONG = "Xingfu-2026-safe!"


def users_url(cast):
    return reverse("committee:user_list", args=[cast.community.slug])


def new_user(**overrides):
    data = {
        "username": "zhangsan",
        "display_name": "张三",
        "email": "",
        "phone": "",
        "role": Role.GROUP_MEMBER,
        "password": "",
    }
    data.update(overrides)
    return data


def setup_path(text):
    match = re.search(r"https?://[^/\s]+(/accounts/setup/[^/\s]+/[^/\s<]+/)", text)
    assert match, text
    return match.group(1)


def test_office_creates_a_user_with_the_password_typed_and_it_must_be_changed(cast):
    office = cast.client_for(Role.OFFICE)
    response = office.post(users_url(cast), new_user(password=STRONG), follow=True)
    assert "已创建 张三" in response.text
    user = User.objects.get(username="zhangsan")
    assert Membership.objects.get(user=user, community=cast.community).role == Role.GROUP_MEMBER
    assert user.must_change_password

    client = Client()
    assert client.login(username="zhangsan", password=STRONG)  # the typed password works
    home = reverse("community_home", args=[cast.community.slug])
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": STRONG,
            "new_password1": "Mine-only-7731",
            "new_password2": "Mine-only-7731",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(home).status_code == 200


def test_an_existing_username_is_a_form_error_never_a_silent_reuse(cast):
    office = cast.client_for(Role.OFFICE)
    taken = cast.outsider.username.upper()  # in any letter case
    response = office.post(users_url(cast), new_user(username=taken, password=STRONG))
    assert response.status_code == 400
    assert "已被使用" in response.text
    assert not Membership.objects.filter(user=cast.outsider, community=cast.community).exists()
    cast.outsider.refresh_from_db()
    assert not cast.outsider.check_password(STRONG)


def test_service_refuses_a_taken_username(cast):
    with pytest.raises(ValidationError) as info:
        services.create_user(username=cast.users[Role.MEMBER].username, password=STRONG)
    assert info.value.code == "username_taken"


def test_a_weak_password_is_refused_and_nothing_is_created(cast):
    response = cast.client_for(Role.OFFICE).post(
        users_url(cast), new_user(username="lisi", password="12345678")
    )
    assert "这个密码太常见了。" in response.text
    assert not User.objects.filter(username="lisi").exists()


def test_invited_user_sets_a_password_from_the_e_mailed_link_once(cast):
    office = cast.client_for(Role.OFFICE)
    response = office.post(users_url(cast), new_user(email="zhangsan@example.org"), follow=True)
    assert "设置密码的链接已发到 zhangsan@example.org" in response.text
    user = User.objects.get(username="zhangsan")
    assert not user.has_usable_password() and not user.must_change_password
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhangsan@example.org"]
    path = setup_path(mail.outbox[0].body)
    assert path in response.text  # the printable page shows the same link

    client = Client()
    page = client.get(path, follow=True)
    assert "设置登录密码" in page.text and "zhangsan" in page.text
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Mine-only-7731", "new_password2": "Mine-only-7731"}
    )
    assert response.status_code == 302
    assert client.get(reverse("community_home", args=[cast.community.slug])).status_code == 200
    assert Client().login(username="zhangsan", password="Mine-only-7731")

    again = Client().get(path, follow=True)
    assert "此链接已使用或已过期" in again.text


def test_user_without_e_mail_gets_a_printable_link(cast):
    office = cast.client_for(Role.OFFICE)
    response = office.post(users_url(cast), new_user(), follow=True)
    assert "请打印设置链接交给本人" in response.text
    assert "/accounts/setup/" in response.text
    assert not mail.outbox


def test_existing_account_gets_a_role_through_its_own_form(cast):
    office = cast.client_for(Role.OFFICE)
    response = office.post(
        users_url(cast), {"assign-username": cast.outsider.username, "assign-role": Role.REVIEWER}
    )
    assert response.status_code == 302
    assert (
        Membership.objects.get(user=cast.outsider, community=cast.community).role == Role.REVIEWER
    )
    assert Membership.objects.get(user=cast.outsider, community=cast.other).role == Role.OFFICE
    response = office.post(
        users_url(cast), {"assign-username": "nobody", "assign-role": Role.MEMBER}
    )
    assert response.status_code == 400 and "没有用户名为“nobody”的有效账号" in response.text


def test_password_reset_by_e_mail(cast):
    user = cast.users[Role.MEMBER]
    user.email = "member@example.org"
    user.save()
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "MEMBER@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "重设密码" in mail.outbox[0].subject and user.username in body
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", body).group(1)
    page = client.get(path, follow=True)
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Brand-new-8842", "new_password2": "Brand-new-8842"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert Client().login(username=user.username, password="Brand-new-8842")


def test_unknown_address_reveals_nothing(cast, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and not mail.outbox


def test_office_resets_a_forgotten_password_to_a_new_setup_link(cast):
    target = Membership.objects.get(user=cast.users[Role.MEMBER], community=cast.community)
    user = target.user
    user.set_password(STRONG)
    user.save()
    link = reverse("committee:membership_link", args=[cast.community.slug, target.pk])
    response = cast.client_for(Role.OFFICE).post(link, follow=True)
    assert "原密码已失效" in response.text and "/accounts/setup/" in response.text
    user.refresh_from_db()
    assert not user.check_password(STRONG)


def test_setup_link_pages_are_office_only_and_scoped(cast):
    target = Membership.objects.get(user=cast.users[Role.MEMBER], community=cast.community)
    link = reverse("committee:membership_link", args=[cast.community.slug, target.pk])
    assert cast.client_for(Role.OFFICE).get(link).status_code == 200
    for role in (Role.MEMBER, Role.LEADER, Role.REVIEWER, Role.REPORTER):
        assert cast.client_for(role).get(link).status_code == 403
        assert cast.client_for(role).post(link).status_code == 403
    foreign = reverse("committee:membership_link", args=[cast.other.slug, target.pk])
    assert cast.client_for("outsider").get(foreign).status_code == 404


def test_deactivated_user_is_logged_out_and_keeps_records(cast):
    leader = cast.users[Role.LEADER]
    client = cast.client_for(Role.LEADER)
    home = reverse("community_home", args=[cast.community.slug])
    assert client.get(home).status_code == 200
    assert leader.has_perm("committee.change_workinggroup", cast.group)
    target = Membership.objects.get(user=leader, community=cast.community)
    response = cast.client_for(Role.OFFICE).post(
        reverse("committee:membership_update", args=[cast.community.slug, target.pk]),
        {"active": "0"},
        follow=True,
    )
    assert "已停用" in response.text
    leader = User.objects.get(pk=leader.pk)
    assert not leader.is_active
    assert not leader.has_perm("committee.change_workinggroup", cast.group)
    assert client.get(home).status_code == 302  # logged out at the next request
    assert Membership.objects.filter(pk=target.pk).exists()
    assert Member.objects.filter(user=leader).exists()  # records stay

    cast.client_for(Role.OFFICE).post(
        reverse("committee:membership_update", args=[cast.community.slug, target.pk]),
        {"active": "1"},
    )
    leader = User.objects.get(pk=leader.pk)
    assert leader.is_active and leader.has_perm("committee.change_workinggroup", cast.group)


def test_office_cannot_deactivate_an_account_used_in_another_community(cast):
    services.grant_role(user=cast.outsider, community=cast.community, role=Role.MEMBER)
    target = Membership.objects.get(user=cast.outsider, community=cast.community)
    response = cast.client_for(Role.OFFICE).post(
        reverse("committee:membership_update", args=[cast.community.slug, target.pk]),
        {"active": "0"},
        follow=True,
    )
    assert "其他社区也有角色" in response.text
    cast.outsider.refresh_from_db()
    assert cast.outsider.is_active


def test_a_leader_who_leaves_the_committee_loses_group_rights_at_once(cast):
    leader = cast.users[Role.LEADER]
    member = Member.objects.get(user=leader)
    member.is_active = False  # 在任 unticked
    member.save()
    leader = User.objects.get(pk=leader.pk)
    assert not leader.has_perm("committee.change_workinggroup", cast.group)


def test_deleting_the_leaders_member_record_revokes_rights(cast):
    leader = cast.users[Role.LEADER]
    Member.objects.get(user=leader).delete()
    leader = User.objects.get(pk=leader.pk)
    assert not leader.has_perm("committee.change_workinggroup", cast.group)


def test_linking_a_member_record_to_another_account_moves_the_rights(cast):
    successor = UserFactory(username="successor")
    Membership.objects.create(user=successor, community=cast.community, role=Role.LEADER)
    member = Member.objects.get(user=cast.users[Role.LEADER])
    member.user = successor
    member.save()
    assert User.objects.get(pk=successor.pk).has_perm("committee.change_workinggroup", cast.group)
    old = User.objects.get(pk=cast.users[Role.LEADER].pk)
    assert not old.has_perm("committee.change_workinggroup", cast.group)


def test_a_deputy_added_to_the_roster_gets_rights(cast):
    deputy = UserFactory(username="deputy")
    record = MemberFactory(community=cast.community, name="李副组长", user=deputy)
    services.set_group_member(group=cast.other_group, member=record, role=GroupRole.DEPUTY)
    assert User.objects.get(pk=deputy.pk).has_perm(
        "committee.change_workinggroup", cast.other_group
    )

"""Writes of the committee app: group leadership ↔ guardian permission, roles, notifications."""

import pytest
from django.conf import settings

from committee import services
from committee.choices import GroupRole, Role
from committee.models import GroupMembership, Membership, Notification
from safecommunity.tenancy import leads_group, led_groups
from tests.factories import MemberFactory, UserFactory


def fresh(user):
    """The same user without guardian's per-instance permission cache."""
    return type(user).objects.get(pk=user.pk)


def test_leader_gets_the_group_permission_and_loses_it_when_demoted(cast):
    user = UserFactory()
    member = MemberFactory(community=cast.community, user=user)
    services.set_group_member(group=cast.other_group, member=member, role=GroupRole.LEADER)
    assert leads_group(fresh(user), cast.other_group)
    assert list(led_groups(user, cast.community)) == [cast.other_group]

    services.set_group_member(group=cast.other_group, member=member, role=GroupRole.MEMBER)
    assert not leads_group(fresh(user), cast.other_group)
    assert (
        GroupMembership.objects.get(group=cast.other_group, member=member).role == GroupRole.MEMBER
    )


def test_deputy_leader_also_gets_the_permission(cast):
    user = UserFactory()
    member = MemberFactory(community=cast.community, user=user)
    services.set_group_member(group=cast.other_group, member=member, role=GroupRole.DEPUTY)
    assert leads_group(fresh(user), cast.other_group)
    assert not leads_group(fresh(user), cast.group)


def test_removing_the_leader_revokes_only_his_permission(cast):
    leader = cast.users[Role.LEADER]
    assert leads_group(fresh(leader), cast.group)
    second = UserFactory()
    second_member = MemberFactory(community=cast.community, user=second)
    services.set_group_member(group=cast.group, member=second_member, role=GroupRole.DEPUTY)

    services.remove_group_member(group=cast.group, member=leader.member_records.get())
    assert not leads_group(fresh(leader), cast.group)
    assert leads_group(fresh(second), cast.group)
    assert not GroupMembership.objects.filter(group=cast.group, member__user=leader).exists()


def test_member_without_account_can_lead_without_permissions(cast):
    member = MemberFactory(community=cast.community, user=None)
    link = services.set_group_member(group=cast.other_group, member=member, role=GroupRole.LEADER)
    assert link.role == GroupRole.LEADER
    assert (
        not led_groups(cast.users[Role.LEADER], cast.community)
        .filter(pk=cast.other_group.pk)
        .exists()
    )


def test_grant_role_creates_then_changes_the_one_membership(cast):
    user = UserFactory()
    services.grant_role(user=user, community=cast.community, role=Role.MEMBER)
    services.grant_role(user=user, community=cast.community, role=Role.REVIEWER)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.REVIEWER
    ]


def test_office_users_are_active_office_staff_of_that_community(cast):
    retired = UserFactory(is_active=False)
    services.grant_role(user=retired, community=cast.community, role=Role.OFFICE)
    assert list(services.office_users(cast.community)) == [cast.users[Role.OFFICE]]
    assert list(services.office_users(cast.other)) == [cast.outsider]


def test_notify_creates_rows_and_mails_users_with_an_address(cast, mailoutbox):
    with_mail = UserFactory(email="wang@example.org")
    without_mail = UserFactory(email="")
    created = services.notify(
        [with_mail, without_mail, with_mail],
        title="3 项隐患逾期未整改",
        body="请督促整改。",
        url="/c/xingfu/hazards/dangers/",
        community=cast.community,
        kind="overdue",
    )
    assert len(created) == 2  # the duplicate user is notified once
    assert (
        Notification.objects.filter(title="3 项隐患逾期未整改", read_at__isnull=True).count() == 2
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["wang@example.org"]
    assert message.subject == "3 项隐患逾期未整改"
    assert "请督促整改。" in message.body
    assert f"{settings.SITE_URL}/c/xingfu/hazards/dangers/" in message.body


def test_notify_without_email(cast, mailoutbox):
    user = UserFactory(email="li@example.org")
    services.notify([user], title="站内提醒", email=False)
    assert Notification.objects.filter(user=user, title="站内提醒").exists()
    assert mailoutbox == []


def test_mail_failure_keeps_the_notification(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    user = UserFactory(email="zhao@example.org")
    services.notify([user], title="邮件发送失败也要保留")
    assert Notification.objects.filter(user=user, title="邮件发送失败也要保留").exists()


def test_notify_once_sends_each_reminder_once_a_day(cast, mailoutbox):
    office = cast.users[Role.OFFICE]
    office.email = "office@example.org"
    office.save()
    first = services.notify_once([office], key="plan-review", title="预案到期复审")
    again = services.notify_once([office], key="plan-review", title="预案到期复审")
    other = services.notify_once([office], key="supplies", title="物资即将过期")
    assert (len(first), len(again), len(other)) == (1, 0, 1)
    assert Notification.objects.filter(user=office, kind="plan-review").count() == 1
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("role", [Role.LEADER, Role.GROUP_MEMBER])
def test_group_member_view_grants_permission_through_the_page(cast, role):
    """The office adds a member with an account as leader on the group page: he can then edit."""
    user = cast.users[role]
    member = MemberFactory(community=cast.community, user=user)
    client = cast.client_for(Role.OFFICE)
    from django.urls import reverse

    client.post(
        reverse("committee:group_member_add", args=[cast.community.slug, cast.other_group.pk]),
        {"member": member.pk, "role": GroupRole.LEADER},
    )
    assert leads_group(fresh(user), cast.other_group)
    client.post(
        reverse(
            "committee:group_member_remove",
            args=[cast.community.slug, cast.other_group.pk, member.pk],
        )
    )
    assert not leads_group(fresh(user), cast.other_group)

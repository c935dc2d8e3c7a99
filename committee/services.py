"""Writes for the committee app: memberships, group leadership (object permissions), notifications."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from .choices import GroupRole, Role
from .models import GroupMembership, Membership, Notification

GROUP_PERMISSION = "committee.change_workinggroup"


def sync_group_permissions(group):
    """Grant the group's object permission to the user accounts of its leaders, and only to them.

    Leaders (组长/副组长) with a system account may then change the group's projects, activities
    and evidence; everything a group owns checks this one permission.
    """
    leader_users = set(
        get_user_model().objects.filter(
            member_records__group_memberships__group=group,
            member_records__group_memberships__role__in=[GroupRole.LEADER, GroupRole.DEPUTY],
        )
    )
    current = set(
        get_users_with_perms(
            group, only_with_perms_in=["change_workinggroup"], with_superusers=False
        )
    )
    for user in leader_users - current:
        assign_perm(GROUP_PERMISSION, user, group)
    for user in current - leader_users:
        remove_perm(GROUP_PERMISSION, user, group)


@transaction.atomic
def set_group_member(*, group, member, role=GroupRole.MEMBER):
    membership, _created = GroupMembership.objects.update_or_create(
        group=group, member=member, defaults={"role": role}
    )
    sync_group_permissions(group)
    return membership


@transaction.atomic
def remove_group_member(*, group, member):
    GroupMembership.objects.filter(group=group, member=member).delete()
    sync_group_permissions(group)


def grant_role(*, user, community, role):
    membership, _created = Membership.objects.update_or_create(
        user=user, community=community, defaults={"role": role}
    )
    return membership


def office_users(community):
    return get_user_model().objects.filter(
        memberships__community=community, memberships__role=Role.OFFICE, is_active=True
    )


def notify(users, *, title, body="", url="", community=None, kind="", email=True):
    """Create an in-app notification for each user and, where they have an address, an e-mail.

    Returns the notifications created. Mail failures never lose the in-app notification.
    """
    created = []
    for user in {u.pk: u for u in users}.values():
        created.append(
            Notification.objects.create(
                user=user, community=community, title=title, body=body, url=url, kind=kind
            )
        )
        if email and user.email:
            link = f"{settings.SITE_URL}{url}" if url else ""
            try:
                send_mail(
                    title, f"{body}\n\n{link}".strip(), None, [user.email], fail_silently=False
                )
            except Exception:  # noqa: BLE001 - a mail outage must not break the caller
                import logging

                logging.getLogger(__name__).exception(
                    "Could not e-mail notification to %s", user.pk
                )
    return created


def notify_once(users, *, key, **kwargs):
    """Like notify, but skip users who already have an unread notification of this kind/key today.

    Daily reminders call this so a re-run of the beat task does not duplicate reminders.
    """
    from django.utils import timezone

    today = timezone.localdate()
    fresh = [
        u
        for u in users
        if not Notification.objects.filter(user=u, kind=key, created_at__date=today).exists()
    ]
    return notify(fresh, kind=key, **kwargs)

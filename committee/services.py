"""Writes for the committee app: user accounts and their setup links, memberships, group
leadership (object permissions), notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from .choices import GroupRole, Role
from .models import GroupMembership, Membership, Notification

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from django.db.models import QuerySet

    from .models import Community, Member, User, WorkingGroup

GROUP_PERMISSION = "committee.change_workinggroup"


def sync_group_permissions(group: WorkingGroup) -> None:
    """Grant the group's object permission to the user accounts of its leaders, and only to them.

    Leaders (组长/副组长) with a system account may then change the group's projects, activities
    and evidence; everything a group owns checks this one permission.
    """
    leader_users = set(
        get_user_model().objects.filter(
            member_records__group_memberships__group=group,
            member_records__group_memberships__role__in=[GroupRole.LEADER, GroupRole.DEPUTY],
            # A leader who leaves (在任 unticked, account deactivated) loses the rights at once.
            member_records__is_active=True,
            is_active=True,
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
def set_group_member(
    *, group: WorkingGroup, member: Member, role: str = GroupRole.MEMBER
) -> GroupMembership:
    membership, _created = GroupMembership.objects.update_or_create(
        group=group, member=member, defaults={"role": role}
    )
    sync_group_permissions(group)
    return membership


@transaction.atomic
def remove_group_member(*, group: WorkingGroup, member: Member) -> None:
    GroupMembership.objects.filter(group=group, member=member).delete()
    sync_group_permissions(group)


def sync_member_permissions(member: Member) -> None:
    """Re-derive the object permissions of every group the member belongs to (after the member
    left, was linked to another account, or was deleted)."""
    from .models import WorkingGroup

    for group in WorkingGroup.objects.filter(memberships__member=member).distinct():
        sync_group_permissions(group)


# User accounts ------------------------------------------------------------------------------


def username_taken(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=username).exists()


@transaction.atomic
def create_user(
    *,
    username: str,
    display_name: str = "",
    email: str = "",
    phone: str = "",
    password: str = "",
    community: Community | None = None,
    role: str | None = None,
) -> User:
    """Create a user account, optionally with a role in a community.

    A username in use (in any letter case) is an error, never a reuse of that account. With a
    password, that password works and must be changed at first login (somebody else chose it);
    without one, the account waits for its owner to choose a password from the setup link.
    """
    if username_taken(username):
        raise ValidationError(
            _("用户名“%(username)s”已被使用，请换一个。"),
            code="username_taken",
            params={"username": username},
        )
    user = get_user_model()(username=username, display_name=display_name, email=email, phone=phone)
    if password:
        user.set_password(password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent request took the name between check and save
        raise ValidationError(
            _("用户名“%(username)s”已被使用，请换一个。"),
            code="username_taken",
            params={"username": username},
        ) from exc
    if community is not None and role:
        grant_role(user=user, community=community, role=role)
    return user


def setup_url(user: User) -> str:
    """The one-time link with which the user chooses their own password.

    It is Django's password-reset token: it stops working once the password is set (the token
    covers the password hash and the last login) and after PASSWORD_RESET_TIMEOUT.
    """
    path = reverse(
        "account_setup",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def send_invitation(
    user: User, *, community: Community | None = None, invited_by: User | None = None
) -> str:
    """E-mail the user their setup link; returns the link (to print when there is no address)."""
    url = setup_url(user)
    if user.email:
        context = {
            "user": user,
            "community": community,
            "invited_by": invited_by,
            "url": url,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        send_mail(
            _("安全社区管理平台：请设置您的登录密码"),
            render_to_string("registration/invitation_email.txt", context),
            None,
            [user.email],
        )
    return url


@transaction.atomic
def set_active(user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account. Records and history stay; a deactivated user is
    logged out at their next request (ModelBackend refuses inactive users) and loses every group
    permission at once."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    for member in user.member_records.all():
        sync_member_permissions(member)


def grant_role(*, user: User, community: Community, role: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, community=community, defaults={"role": role}
    )
    return membership


def office_users(community: Community) -> QuerySet[User]:
    return get_user_model().objects.filter(
        memberships__community=community, memberships__role=Role.OFFICE, is_active=True
    )


def notify(
    users: Iterable[User],
    *,
    title: str,
    body: str = "",
    url: str = "",
    community: Community | None = None,
    kind: str = "",
    email: bool = True,
) -> list[Notification]:
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
    if created and community is not None and kind:
        # The community's group robots and SMS: recorded now, sent after the commit (or at the
        # end of the reminder run), so a failing channel never costs an in-app notification.
        from .alerts.services import raised

        raised(community=community, key=kind, title=title, body=body, url=url)
    return created


def notify_once(users: Iterable[User], *, key: str, **kwargs: Any) -> list[Notification]:
    """Like notify, but skip users who already have an unread notification of this kind/key today.

    Daily reminders call this so a re-run of the beat task does not duplicate reminders.
    """
    from django.utils import timezone

    today = timezone.localdate()
    users = list(users)
    # One query for the whole list: who already has it today.
    told = set(
        Notification.objects.filter(
            user__in=[u.pk for u in users], kind=key, created_at__date=today
        ).values_list("user_id", flat=True)
    )
    fresh = [u for u in users if u.pk not in told]
    return notify(fresh, kind=key, **kwargs)


# Communities ---------------------------------------------------------------------------------


@transaction.atomic
def create_community(
    *,
    name: str,
    slug: str,
    kind: str,
    area_code: str,
    parent_area: str = "",
    target_level: str = "",
    office_username: str,
    office_display_name: str = "",
    office_email: str = "",
    county_name: str = "",
) -> tuple[Community, User, str]:
    """Start a community: its profile, its place in the region tree (from the area code) and its
    first office account, which chooses its own password from the returned setup link.

    Returns (community, office user, setup URL). Invalid values raise ValidationError with the
    field they belong to; nothing is written then.
    """
    from . import regions
    from .choices import AccreditationLevel, CommunityKind
    from .models import Community

    errors = {}
    try:
        area_code = regions.validate_area_code(area_code)
    except ValidationError as exc:
        errors["area_code"] = exc.messages
    if kind not in CommunityKind.values:
        errors["kind"] = [_("“%(value)s”不是有效的社区类型。") % {"value": kind}]
    target_level = target_level or AccreditationLevel.NATIONAL
    if target_level not in AccreditationLevel.values:
        errors["target_level"] = [_("“%(value)s”不是有效的创建目标。") % {"value": target_level}]
    if Community.objects.filter(slug=slug).exists():
        errors["slug"] = [_("网址标识“%(slug)s”已被使用。") % {"slug": slug}]
    if username_taken(office_username):
        errors["office_username"] = [
            _("用户名“%(username)s”已被使用，请换一个。") % {"username": office_username}
        ]
    if errors:
        raise ValidationError(errors)
    names = regions.community_region_names(area_code, name, parent_area)
    if county_name:
        names[area_code[:6]] = county_name
    region = regions.ensure_region_path(area_code, names=names)
    community = Community(
        name=name,
        slug=slug,
        kind=kind,
        area_code=area_code,
        parent_area=parent_area,
        target_level=target_level,
        region=region,
    )
    community.full_clean()
    community.save()
    office = create_user(
        username=office_username,
        display_name=office_display_name,
        email=office_email,
        community=community,
        role=Role.OFFICE,
    )
    return community, office, send_invitation(office, community=community)

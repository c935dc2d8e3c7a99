"""The daily reminder of the emergency app, called by ``safecommunity.tasks.daily_reminders``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.models import Community
from committee.services import notify_once, office_users

from .. import selectors
from ..choices import EXPIRY_WARNING_DAYS

if TYPE_CHECKING:
    from django.db.models import QuerySet

LISTED = 5  # names shown in a reminder's text


def _names(queryset: QuerySet) -> str:
    names = [str(obj) for obj in queryset[: LISTED + 1]]
    text = "、".join(names[:LISTED])
    return _("%(names)s等") % {"names": text} if len(names) > LISTED else text


def _reminders(community: Community, today: datetime.date) -> list[tuple[str, str, str, str]]:
    """(key, title, body, url) for each kind of thing that is due in the community."""
    slug = community.slug
    result = []
    plans = selectors.plans_overdue_for_review(community, today)
    count = plans.count()
    if count:
        result.append(
            (
                "plans_review",
                _("%(n)d 项应急预案已超过评审日期") % {"n": count},
                _("请组织评审并修订：%(names)s。") % {"names": _names(plans)},
                reverse("emergency:plan_list", kwargs={"community": slug}) + "?review=overdue",
            )
        )
    expired = selectors.supplies_expired(community, today)
    expiring = selectors.supplies_expiring(community, today)
    n_expired, n_expiring = expired.count(), expiring.count()
    if n_expired or n_expiring:
        result.append(
            (
                "supplies_expiry",
                _("应急物资：%(expired)d 项已过期，%(expiring)d 项%(days)d天内到期")
                % {"expired": n_expired, "expiring": n_expiring, "days": EXPIRY_WARNING_DAYS},
                _("请及时更换或补充：%(names)s。")
                % {"names": _names(selectors.supplies_to_replace(community, today))},
                reverse("emergency:supply_list", kwargs={"community": slug})
                + ("?state=expired" if n_expired else "?state=expiring"),
            )
        )
    supplies = selectors.supplies_check_overdue(community, today)
    shelters = selectors.shelters_check_overdue(community, today)
    n_supplies, n_shelters = supplies.count(), shelters.count()
    if n_supplies or n_shelters:
        result.append(
            (
                "checks_overdue",
                _("应急资源检查逾期：物资器材 %(supplies)d 项，避难场所 %(shelters)d 处")
                % {"supplies": n_supplies, "shelters": n_shelters},
                _("请安排检查并登记结果：%(names)s。")
                % {"names": _names(supplies) if n_supplies else _names(shelters)},
                reverse("emergency:supply_list", kwargs={"community": slug})
                + "?state=check_overdue"
                if n_supplies
                else reverse("emergency:shelter_list", kwargs={"community": slug}),
            )
        )
    return result


def send_emergency_reminders(today: datetime.date | None = None) -> int:
    """Daily: plans past their review date, supplies expiring within 30 days or expired, routine
    checks overdue → one notification per kind to each office user, at most once a day.

    Returns the number of notifications created.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    community_ids = selectors.communities_with_due_resources(today, horizon)
    sent = 0
    for community in Community.objects.filter(pk__in=community_ids).order_by("pk"):
        recipients = list(office_users(community))
        if not recipients:
            continue
        for key, title, body, url in _reminders(community, today):
            sent += len(
                notify_once(
                    recipients,
                    key=f"emergency:{key}:{community.pk}",
                    title=title,
                    body=body,
                    url=url,
                    community=community,
                )
            )
    return sent

"""The injuries app's to-do lists on a member's home: a reporter's own cards of this month and
those needing a second look; suspected duplicates for the office. Cards are named by number,
date and cause only (no personal data on a home page)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committee.choices import Role
from safecommunity.evidence import TASK_ITEMS, TaskItem, TaskList

from .. import selectors


def _card_items(queryset, slug, note, *, needs_look=True):
    return [
        TaskItem(
            title=str(card),
            url=reverse("injuries:card_detail", args=[slug, card.pk]),
            note=str(note(card)),
            alert=needs_look,
        )
        for card in queryset[:TASK_ITEMS]
    ]


def _problem(card):
    if card.is_duplicate:
        return _("疑似重复，请核对")
    return _("有 %(n)d 条已确认的逻辑提示，请核对") % {"n": len(card.confirmed_warnings)}


def todo(community, membership, today):
    slug = community.slug
    card_list = reverse("injuries:card_list", args=[slug])
    if membership.role == Role.OFFICE:
        duplicates = (
            selectors.visible_cards(community, membership)
            .filter(is_duplicate=True)
            .order_by("-reported_on", "-pk")
        )
        return [
            TaskList(
                key="injuries-duplicates",
                title=_("疑似重复的伤害卡"),
                items=_card_items(duplicates, slug, _problem),
                total=duplicates.count(),
                url=card_list,
                empty=_("没有疑似重复的伤害卡。"),
                order=40,
            )
        ]
    if membership.role != Role.REPORTER:
        return []
    mine = selectors.visible_cards(community, membership).filter(
        Q(reporter=membership.user) | Q(created_by=membership.user)
    )
    month = mine.filter(reported_on__gte=today.replace(day=1), reported_on__lte=today).order_by(
        "-reported_on", "-pk"
    )
    problems = mine.filter(Q(is_duplicate=True) | ~Q(confirmed_warnings=[])).order_by(
        "-reported_on", "-pk"
    )
    return [
        TaskList(
            key="injuries-month",
            title=_("本月我填报的伤害卡"),
            items=_card_items(
                month,
                slug,
                lambda card: _("填报于 %(date)s") % {"date": card.reported_on.isoformat()},
                needs_look=False,
            ),
            total=month.count(),
            url=card_list,
            empty=_("本月还没有填报伤害卡。"),
            order=1,
        ),
        TaskList(
            key="injuries-check",
            title=_("需要核对的伤害卡"),
            items=_card_items(problems, slug, _problem),
            total=problems.count(),
            url=card_list,
            empty=_("没有需要核对的伤害卡。"),
            order=2,
        ),
    ]

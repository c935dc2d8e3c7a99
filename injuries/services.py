"""Writes of injury records: saving a card (with the duplicate check) and bulk creation."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.bulk import insert, insert_with_history
from safecommunity.events import announce
from safecommunity.models import bump

from .models import InjuryCard

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import QuerySet

    from committee.models import Community, User

    from .models import ReportingUnit

DUPLICATE_WINDOW = datetime.timedelta(hours=1)


def _duplicate_key(card: InjuryCard) -> tuple[str, str, int, int]:
    return (card.name.strip(), card.sex, card.age, card.place)


def duplicates_of(card: InjuryCard) -> QuerySet[InjuryCard]:
    """Other cards of the same person (name, sex, age), place and injury time within an hour.

    A card without a name cannot be matched to a person, so it has no duplicates.
    """
    if not card.name.strip() or not card.injury_at:
        return InjuryCard.objects.none()
    return (
        InjuryCard.objects.filter(
            community_id=card.community_id,
            name=card.name.strip(),
            sex=card.sex,
            age=card.age,
            place=card.place,
            injury_at__gte=card.injury_at - DUPLICATE_WINDOW,
            injury_at__lte=card.injury_at + DUPLICATE_WINDOW,
        )
        .exclude(pk=card.pk)
        .select_related("reporting_unit")
        .order_by("pk")
    )


@transaction.atomic
def save_card(card: InjuryCard, *, user: User | None = None) -> InjuryCard:
    """Validate and save a card, recording who entered it and flagging a likely duplicate.

    A duplicate is a warning, never a block: the same person may truly be hurt twice, and the
    surveillance officer decides. The flag goes on the card entered later.
    """
    if card.pk is None and user is not None and card.created_by_id is None:
        card.created_by = user
    card.full_clean()
    card.derive()
    card.is_duplicate = duplicates_of(card).filter(pk__lt=card.pk or 2**62).exists()
    card.save()
    return card


def flag_duplicates(community: Community, cards: Sequence[InjuryCard]) -> int:
    """Flag duplicates among freshly bulk-created ``cards`` and the community's existing cards,
    with one read and one update however many cards there are."""
    named = [c for c in cards if c.name.strip() and c.pk]
    if not named:
        return 0
    names = {c.name.strip() for c in named}
    earliest = min(c.injury_at for c in named) - DUPLICATE_WINDOW
    latest = max(c.injury_at for c in named) + DUPLICATE_WINDOW
    candidates = {}
    rows = InjuryCard.objects.filter(
        community=community, name__in=names, injury_at__gte=earliest, injury_at__lte=latest
    ).values_list("pk", "name", "sex", "age", "place", "injury_at")
    for pk, name, sex, age, place, injury_at in rows:
        candidates.setdefault((name.strip(), sex, age, place), []).append((pk, injury_at))
    flagged = []
    for card in named:
        for pk, injury_at in candidates.get(_duplicate_key(card), ()):
            if pk < card.pk and abs(injury_at - card.injury_at) <= DUPLICATE_WINDOW:
                flagged.append(card.pk)
                break
    if flagged:
        InjuryCard.objects.filter(pk__in=flagged).update(is_duplicate=True)
    return len(flagged)


def bulk_create_cards(
    community: Community,
    cards: Sequence[InjuryCard],
    *,
    user: User | None = None,
    history: bool = True,
    change_reason: str | None = None,
) -> list[InjuryCard]:
    """Create many (already validated) cards fast: derived fields, the rows and their audit
    history in few statements (``safecommunity.bulk``) (with ``change_reason`` when given: the API names its
    token), then the duplicate check for all of them at once."""
    now = timezone.now()
    for card in cards:
        card.community = community
        if user is not None and card.created_by_id is None:
            card.created_by = user
        card.derive()
        card.created_at = card.created_at or now
        card.updated_at = now
    if history:
        created = insert_with_history(
            InjuryCard, cards, user=user, date=now, change_reason=change_reason
        )
    else:
        created = insert(InjuryCard, cards)
    flag_duplicates(community, created)
    bump(community.pk)  # bulk inserts send no signals: the cached summaries must go
    announce(community, "injury_cards.batch", created)
    return created


SILENT_DAYS = 30
SURVEILLANCE_UNIT_KINDS = ("hospital", "clinic")


def silent_units(
    community: Community, *, today: datetime.date | None = None
) -> QuerySet[ReportingUnit]:
    """Active hospitals and clinics that have entered no card for SILENT_DAYS days: a sentinel
    that stops reporting leaves a hole in the statistics nobody sees otherwise."""
    from django.db.models import Max, Q

    from .models import ReportingUnit

    today = today or timezone.localdate()
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=SILENT_DAYS), datetime.time())
    )
    return (
        ReportingUnit.objects.filter(
            community=community, is_active=True, kind__in=SURVEILLANCE_UNIT_KINDS
        )
        .annotate(last_card=Max("cards__created_at"))
        .filter(Q(last_card__isnull=True) | Q(last_card__lt=cutoff))
        .order_by("name")
    )


def send_silent_unit_reminders(*, today: datetime.date | None = None) -> int:
    """Daily: tell each community's office which surveillance units have gone silent.
    Returns the number of notifications sent (at most one per office user and unit per day)."""
    from django.urls import reverse

    from committee.models import Community
    from committee.services import notify_once, office_users

    sent = 0
    for community in Community.objects.filter(reporting_units__isnull=False).distinct():
        recipients = list(office_users(community))
        if not recipients:
            continue
        for unit in silent_units(community, today=today):
            sent += len(
                notify_once(
                    recipients,
                    key=f"injuries-silent-unit-{unit.pk}",
                    title=_("报告单位“%(unit)s”已 %(days)d 天未报告伤害监测报告卡")
                    % {"unit": unit.name, "days": SILENT_DAYS},
                    body=_("请联系该单位核实是否漏报。"),
                    url=reverse(
                        "injuries:unit_detail", kwargs={"community": community.slug, "pk": unit.pk}
                    ),
                    community=community,
                )
            )
    return sent

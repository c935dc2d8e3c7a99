"""Validation a surveillance officer applies to a card, and the card → safety-area rule.

The cross-field code rules are data (``CROSS_FIELD_RULES``), taken from standards.md §4.2 (the
松江 form's checks) plus the intent/cause consistency the ICD-10 intent blocks imply (§4.3):
a sexual assault is an assault (Y05), and self-harm cannot be an animal bite or a sexual assault.
Note: the national rule puts every vehicle crash with activity 驾乘交通工具, so a pedestrian hit
by a car is recorded as 驾乘交通工具 too; relax the activity rule below if a local edition differs.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.elements import SafetyArea

from .choices import (
    TRAFFIC_CAUSES,
    Activity,
    BodyPart,
    Cause,
    FollowUp,
    Intent,
    Nature,
    Occupation,
    Outcome,
    Place,
)

MAX_AGE = 120


@dataclass(frozen=True)
class Rule:
    """If ``when_field`` holds one of ``when_values``, one of ``then_fields`` must hold one of
    ``allowed`` (or, with ``forbidden=True``, none of them may); else ``message`` on the first."""

    when_field: str
    when_values: frozenset
    then_fields: tuple
    allowed: frozenset
    message: str
    forbidden: bool = False

    def broken_by(self, card):
        if getattr(card, self.when_field, None) not in self.when_values:
            return False
        values = [getattr(card, name, None) for name in self.then_fields]
        if all(v in (None, "") for v in values):
            return False  # the field's own "required" error says it better
        if self.forbidden:
            return any(v in self.allowed for v in values)
        return not any(v in self.allowed for v in values)


CROSS_FIELD_RULES = (
    Rule(
        "cause",
        TRAFFIC_CAUSES,
        ("place",),
        frozenset({Place.ROAD}),
        gettext_lazy("车祸伤害的发生地点应为“公路/街道”。"),
    ),
    Rule(
        "cause",
        TRAFFIC_CAUSES,
        ("activity",),
        frozenset({Activity.DRIVING}),
        gettext_lazy("车祸伤害的发生时活动应为“驾乘交通工具”。"),
    ),
    Rule(
        "cause",
        frozenset({Cause.SUFFOCATION, Cause.DROWNING, Cause.POISONING}),
        ("body_part",),
        frozenset({BodyPart.WHOLE_BODY}),
        gettext_lazy("窒息/悬吊、溺水、中毒的伤害部位应为“全身广泛受伤”。"),
    ),
    Rule(
        "cause",
        frozenset({Cause.BURN}),
        ("nature", "nature_secondary"),
        frozenset({Nature.BURN}),
        gettext_lazy("原因为烧烫伤时，伤害性质应包括“烧烫伤”。"),
    ),
    Rule(
        "cause",
        frozenset({Cause.SEXUAL_ASSAULT}),
        ("intent",),
        frozenset({Intent.ASSAULT}),
        gettext_lazy("性侵犯属于故意伤害，意图应为“故意（暴力、攻击）”。"),
    ),
    Rule(
        "intent",
        frozenset({Intent.SELF_HARM}),
        ("cause",),
        frozenset({Cause.ANIMAL, Cause.SEXUAL_ASSAULT}),
        gettext_lazy("意图为自残/自杀时，原因不能是动物伤或性侵犯。"),
        forbidden=True,
    ),
)


def age_on(birth_date, day):
    """Whole years of age on ``day``."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def card_errors(card, *, today, now):
    """{field: [message, …]} of everything wrong with a card (empty when it is consistent)."""
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(str(message))

    for field, label in (("injury_at", _("伤害发生时间")), ("visit_at", _("就诊时间"))):
        value = getattr(card, field)
        if value and value > now:
            add(field, _("%(label)s不能晚于当前时间。") % {"label": label})
    if card.reported_on and card.reported_on > today:
        add("reported_on", _("填报日期不能晚于今天。"))
    if card.injury_at and card.visit_at and card.visit_at < card.injury_at:
        add("visit_at", _("就诊时间不能早于伤害发生时间。"))
    if card.visit_at and card.reported_on and card.reported_on < _local_date(card.visit_at):
        add("reported_on", _("填报日期不能早于就诊日期。"))

    if card.age is not None and not 0 <= card.age <= MAX_AGE:
        add("age", _("年龄应在 0–120 岁之间。"))
    if card.birth_date:
        if card.birth_date > today:
            add("birth_date", _("出生日期不能晚于今天。"))
        elif card.injury_at and card.birth_date > _local_date(card.injury_at):
            add("birth_date", _("出生日期不能晚于伤害发生时间。"))
        elif card.injury_at and card.age is not None:
            expected = age_on(card.birth_date, _local_date(card.injury_at))
            if expected != card.age:
                add(
                    "age",
                    _("年龄与出生日期不符：按出生日期计算，受伤时应为 %(age)d 岁。")
                    % {"age": expected},
                )
    if card.occupation == Occupation.PRESCHOOL and card.age is not None and card.age > 7:
        add("occupation", _("“学龄前儿童”的年龄应在 7 岁及以下。"))

    for rule in CROSS_FIELD_RULES:
        if rule.broken_by(card):
            add(rule.then_fields[0], rule.message)
    if card.nature_secondary and card.nature_secondary == card.nature:
        add("nature_secondary", _("第二项伤害性质不能与第一项相同。"))
    if card.outcome == Outcome.DIED and card.follow_up not in (None, "", FollowUp.DIED):
        add("follow_up", _("结局为死亡时，随访转归应为“死亡”。"))
    return errors


def suggest_safety_area(card):
    """The safety area a card belongs to when the reporter left it blank (first match wins)."""
    age = card.age if card.age is not None else 30
    if card.intent == Intent.ASSAULT or card.cause == Cause.SEXUAL_ASSAULT:
        return SafetyArea.PUBLIC_ORDER
    if card.cause in TRAFFIC_CAUSES:
        return SafetyArea.TRAFFIC
    if card.cause == Cause.DROWNING:
        return SafetyArea.WATER
    if card.place == Place.INDUSTRIAL or card.activity == Activity.WORK:
        return SafetyArea.WORKPLACE
    if card.place == Place.SPORTS or card.activity == Activity.SPORTS:
        return SafetyArea.SPORTS
    if age >= 65:
        return SafetyArea.ELDERLY
    if card.activity == Activity.STUDY or (age <= 17 and card.place == Place.SCHOOL_PUBLIC):
        return SafetyArea.SCHOOL
    if age <= 14:
        return SafetyArea.CHILDREN
    if card.place == Place.HOME:
        return SafetyArea.HOME
    if card.cause == Cause.BURN:
        return SafetyArea.FIRE
    if card.place in (Place.SCHOOL_PUBLIC, Place.TRADE, Place.RESIDENTIAL, Place.ROAD):
        return SafetyArea.PUBLIC_PLACE
    return ""

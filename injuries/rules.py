"""Validation a surveillance officer applies to a card, and the card → safety-area rule.

Two kinds of finding:
- errors (``card_errors``): impossible cards — dates out of order or in the future, age against
  birth date, an ID number whose check digit, birth date or sex disagree. They block.
- warnings (``card_warnings``): unusual cards that may be true. The cross-field code rules
  (``CROSS_FIELD_RULES``) come from the 松江 form's checking script (standards.md §4.2), whose
  own comments call them prompts (提示): a pedestrian hit by a car (活动=步行) is a real case,
  so forcing 驾乘交通工具 would distort the traffic figures. Plus the intent/cause consistency the
  ICD-10 intent blocks imply (§4.3) and an ICD-10 external-cause code outside the cause's block.
  A warning does not block: the form and the import preview show it, the user confirms, and
  the confirmed warnings are kept on the card (``confirmed_warnings``) for data quality.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecommunity.elements import SafetyArea

from .choices import (
    CAUSE_ICD10,
    TRAFFIC_CAUSES,
    WRITE_INS,
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
from .choices import CardSex as Sex

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
    for field, message in id_number_errors(card):
        add(field, message)
    if card.icd10 and not ICD10_CODE.fullmatch(card.icd10):
        add("icd10", _("ICD-10 编码格式应为字母加两位数字，可带小数，例如 S52.5、W01。"))
    if card.nature_secondary and card.nature_secondary == card.nature:
        add("nature_secondary", _("第二项伤害性质不能与第一项相同。"))
    if card.outcome == Outcome.DIED and card.follow_up not in (None, "", FollowUp.DIED):
        add("follow_up", _("结局为死亡时，随访转归应为“死亡”。"))
    return errors


ICD10_CODE = re.compile(r"[A-Z]\d{2}(\.\d{1,2})?")
ICD10_RANGE = re.compile(r"([V-Y]\d{2})–([V-Y]\d{2})")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_number_errors(card):
    """[(field, message)] for an entered 身份证号 (GB 11643: 18 characters, check digit, birth
    date in 7–14, odd 17th digit for men) that is malformed or disagrees with the card."""
    number = (card.id_number or "").strip().upper()
    if not number:
        return []
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return [("id_number", _("身份证号应为 18 位，最后一位可为 X。"))]
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != number[17]:
        return [("id_number", _("身份证号校验位不正确，请核对。"))]
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return [("id_number", _("身份证号中的出生日期无效。"))]
    problems = []
    if card.birth_date and card.birth_date != born:
        problems.append(("birth_date", _("出生日期与身份证号不一致。")))
    elif card.age is not None and card.injury_at and card.birth_date is None:
        expected = age_on(born, _local_date(card.injury_at))
        if expected != card.age:
            problems.append(
                ("age", _("年龄与身份证号不符：受伤时应为 %(age)d 岁。") % {"age": expected})
            )
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    if card.sex in (Sex.MALE, Sex.FEMALE) and card.sex != sex:
        problems.append(("sex", _("性别与身份证号不一致。")))
    return problems


def _icd10_blocks(cause):
    text = CAUSE_ICD10.get(cause, "")
    return ICD10_RANGE.findall(text)


def card_warnings(card):
    """[message, …] of what is unusual on a card but may be true (see the module docstring)."""
    warnings = [str(rule.message) for rule in CROSS_FIELD_RULES if rule.broken_by(card)]
    code = (card.icd10 or "").upper()[:3]
    if code[:1] in "VWXY" and code and card.cause:
        blocks = _icd10_blocks(card.cause)
        if blocks and not any(lo <= code <= hi for lo, hi in blocks):
            warnings.append(
                _("ICD-10 外因编码 %(code)s 不在伤害原因“%(cause)s”对应的范围（%(blocks)s）内。")
                % {
                    "code": card.icd10,
                    "cause": Cause(card.cause).label,
                    "blocks": CAUSE_ICD10[card.cause],
                }
            )
    for field, (other, write_in) in WRITE_INS.items():
        if getattr(card, write_in, "") and getattr(card, field, None) != other:
            warnings.append(
                _("填写了“%(field)s”的其他说明，但所选不是“其他”。")
                % {"field": card._meta.get_field(field).verbose_name}
            )
    return warnings


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

"""Escalation of hidden dangers, the 治理方案 in six parts, and risk-matrix bands by convention.

Data steps:
- the free-text 治理方案 (``plan``) moves into 目标和任务 (``plan_objectives``), then goes;
- matrix evaluations (and the hazards whose current level they set) are re-levelled with the
  bands of hazards.risk (standards.md §5.4: 1–3 / 4–9 / 10–16 / 20–25), replacing ≥15/≥10/≥5.
  The bands are frozen here, as migrations must not follow later code; a deployment that sets
  HAZARDS_MATRIX_BANDS gets its own bands.
"""

from django.conf import settings
from django.db import migrations, models

# hazards.risk.DEFAULT_MATRIX_BANDS as of this migration.
MATRIX_BANDS = ((20, "red"), (10, "orange"), (4, "yellow"), (0, "blue"))


def _level(score, bands):
    for lowest, level in bands:
        if score >= lowest:
            return level
    return bands[-1][1]


def move_plan_text(apps, schema_editor):
    HiddenDanger = apps.get_model("hazards", "HiddenDanger")
    for danger in HiddenDanger.objects.exclude(plan="").only("pk", "plan", "plan_objectives"):
        objectives = danger.plan_objectives.strip()
        danger.plan_objectives = f"{objectives}\n{danger.plan}" if objectives else danger.plan
        danger.save(update_fields=["plan_objectives"])


def relevel_matrix_assessments(apps, schema_editor):
    Assessment = apps.get_model("hazards", "Assessment")
    Hazard = apps.get_model("hazards", "Hazard")
    bands = getattr(settings, "HAZARDS_MATRIX_BANDS", MATRIX_BANDS)
    changed = []
    for assessment in Assessment.objects.filter(method="matrix").only(
        "pk", "likelihood", "severity", "level"
    ):
        if assessment.likelihood is None or assessment.severity is None:
            continue
        level = _level(assessment.likelihood * assessment.severity, bands)
        if level != assessment.level:
            assessment.level = level
            changed.append(assessment)
    Assessment.objects.bulk_update(changed, ["level"], batch_size=500)
    # A hazard's level is its latest evaluation's (hazards.services.refresh_current_level).
    hazards = []
    for hazard in (
        Hazard.objects.filter(assessments__method="matrix").distinct().only("pk", "level")
    ):
        latest = Assessment.objects.filter(hazard=hazard).order_by("-assessed_on", "-pk").first()
        if latest is not None and latest.level != hazard.level:
            hazard.level = latest.level
            hazards.append(hazard)
    Hazard.objects.bulk_update(hazards, ["level"], batch_size=500)
    if changed or hazards:
        print(  # noqa: T201 - the count belongs in the deployment log
            f"\n  hazards 0003_escalation: {len(changed)} matrix evaluations and "
            f"{len(hazards)} hazards changed risk level"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0002_order_within_community_without_join"),
        ("hazards", "0002_order_within_community_without_join"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="hiddendanger",
            name="escalated_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="最近升级日期"
            ),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="escalation_level",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "未升级"),
                    (1, "办公室督促"),
                    (2, "委员会领导督办"),
                    (3, "已上报上级"),
                    (4, "挂牌督办"),
                ],
                default=0,
                editable=False,
                verbose_name="升级层级",
            ),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="lifted_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="摘牌日期"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="listed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="挂牌日期"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_funds_materials",
            field=models.TextField(blank=True, verbose_name="经费和物资"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_methods",
            field=models.TextField(blank=True, verbose_name="方法和措施"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_objectives",
            field=models.TextField(blank=True, verbose_name="目标和任务"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_organisation",
            field=models.TextField(blank=True, verbose_name="负责治理的机构和人员"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_safety_measures",
            field=models.TextField(blank=True, verbose_name="安全措施和应急预案"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="plan_timeline",
            field=models.TextField(blank=True, verbose_name="治理的时限和要求"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="reported_to",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="上报单位"
            ),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="reported_upward_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="上报日期"),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="supervised_by",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="督办单位"
            ),
        ),
        migrations.AddField(
            model_name="hiddendanger",
            name="supervision_deadline",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="督办期限"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="escalated_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="最近升级日期"
            ),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="escalation_level",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "未升级"),
                    (1, "办公室督促"),
                    (2, "委员会领导督办"),
                    (3, "已上报上级"),
                    (4, "挂牌督办"),
                ],
                default=0,
                editable=False,
                verbose_name="升级层级",
            ),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="lifted_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="摘牌日期"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="listed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="挂牌日期"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_funds_materials",
            field=models.TextField(blank=True, verbose_name="经费和物资"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_methods",
            field=models.TextField(blank=True, verbose_name="方法和措施"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_objectives",
            field=models.TextField(blank=True, verbose_name="目标和任务"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_organisation",
            field=models.TextField(blank=True, verbose_name="负责治理的机构和人员"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_safety_measures",
            field=models.TextField(blank=True, verbose_name="安全措施和应急预案"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="plan_timeline",
            field=models.TextField(blank=True, verbose_name="治理的时限和要求"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="reported_to",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="上报单位"
            ),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="reported_upward_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="上报日期"),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="supervised_by",
            field=models.CharField(
                blank=True, editable=False, max_length=100, verbose_name="督办单位"
            ),
        ),
        migrations.AddField(
            model_name="historicalhiddendanger",
            name="supervision_deadline",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="督办期限"),
        ),
        migrations.AlterField(
            model_name="dangerevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("report", "登记隐患"),
                    ("order", "下达整改通知"),
                    ("rectify", "提交整改情况"),
                    ("reinspect_pass", "复查合格"),
                    ("reinspect_fail", "复查不合格，退回整改"),
                    ("close", "销号"),
                    ("escalate_office", "逾期升级：委员会办公室督促"),
                    ("escalate_leadership", "逾期升级：委员会领导督办"),
                    ("report_upward", "重大隐患上报"),
                    ("list_supervision", "挂牌督办"),
                    ("lift_supervision", "摘牌（解除挂牌督办）"),
                ],
                max_length=20,
                verbose_name="操作",
            ),
        ),
        migrations.AddIndex(
            model_name="hiddendanger",
            index=models.Index(
                fields=["community", "escalation_level"], name="hazards_hid_communi_0b65ca_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="hiddendanger",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("lifted_on__isnull", True),
                    models.Q(
                        ("lifted_on__gte", models.F("listed_on")), ("listed_on__isnull", False)
                    ),
                    _connector="OR",
                ),
                name="hazards_danger_lifted_after_listed",
            ),
        ),
        migrations.AddConstraint(
            model_name="hiddendanger",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("supervision_deadline__isnull", True),
                    models.Q(
                        ("listed_on__isnull", False),
                        ("supervision_deadline__gte", models.F("listed_on")),
                    ),
                    _connector="OR",
                ),
                name="hazards_danger_supervision_deadline_after_listed",
            ),
        ),
        migrations.RunPython(move_plan_text, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="hiddendanger",
            name="plan",
        ),
        migrations.RemoveField(
            model_name="historicalhiddendanger",
            name="plan",
        ),
        migrations.RunPython(relevel_matrix_assessments, migrations.RunPython.noop),
    ]

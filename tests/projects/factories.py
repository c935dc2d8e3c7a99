"""Factories for the projects app."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projects import models
from projects.choices import ActivityKind, IndicatorKind, PlanKind, ProjectStatus
from tests.factories import CommunityFactory, WorkingGroupFactory


def today():
    return timezone.localdate()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan

    community = factory.SubFactory(CommunityFactory)
    kind = PlanKind.OVERALL
    title = factory.Sequence(lambda n: f"安全社区创建总体规划{n}")
    start_year = factory.LazyFunction(lambda: today().year - 1)
    end_year = factory.LazyFunction(lambda: today().year + 1)
    goals = "三年见成效，通过全国安全社区评定。"


class PlanTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanTask

    plan = factory.SubFactory(PlanFactory)
    community = factory.SelfAttribute("plan.community")
    title = factory.Sequence(lambda n: f"任务{n}")
    due_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Objective

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"预防目标{n}")
    indicator = "楼道改造完成率"
    indicator_kind = IndicatorKind.MANUAL
    unit = "%"
    direction = "higher"
    baseline_value = Decimal("40")
    baseline_year = factory.LazyFunction(lambda: today().year - 1)
    target_value = Decimal("100")
    target_year = factory.LazyFunction(lambda: today().year + 1)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    working_group = factory.SubFactory(
        WorkingGroupFactory, community=factory.SelfAttribute("..community")
    )
    title = factory.Sequence(lambda n: f"安全促进项目{n}")
    safety_area = "traffic"
    background = "学校门口上下学高峰人车混行。"
    goals = "交通伤害下降30%。"
    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=90))
    end_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=270))
    status = ProjectStatus.RUNNING


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    community = factory.SelfAttribute("project.community")
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=3))
    done = "增设减速带两处。"
    percent = 40


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Activity

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"交通安全进校园{n}")
    kind = ActivityKind.PUBLICITY
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    place = "中心小学操场"
    safety_area = "traffic"
    participants = 100


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AwarenessSurvey

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"知晓率调查{n}")
    date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=20))
    population = 10000
    sample_size = 6000
    aware_count = 5100

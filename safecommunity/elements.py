"""The twelve elements of AQ/T 9001 and the twelve safety areas, shared by every app.

Elements number the chapters of the dossier and the evidence catalogue; safety areas are the one
set of choices by which hazards, projects, activities and injuries are all cut.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.IntegerChoices):
    ORGANISATION = 1, _("安全社区创建机构与职责")
    COMMUNICATION = 2, _("信息交流和全员参与")
    RISK = 3, _("事故与伤害风险辨识及其评价")
    OBJECTIVES = 4, _("事故与伤害预防目标及计划")
    PROJECTS = 5, _("安全促进项目")
    TRAINING = 6, _("宣传教育与培训")
    EMERGENCY = 7, _("应急预案和响应")
    MONITORING = 8, _("监测与监督")
    INJURY_RECORDS = 9, _("事故与伤害记录")
    ARCHIVE = 10, _("安全社区创建档案")
    CORRECTIVE = 11, _("预防与纠正措施")
    REVIEW = 12, _("评审与持续改进")


class SafetyArea(models.TextChoices):
    TRAFFIC = "traffic", _("交通安全")
    FIRE = "fire", _("消防安全")
    WORKPLACE = "workplace", _("工作场所安全")
    HOME = "home", _("家居安全")
    ELDERLY = "elderly", _("老年人安全")
    CHILDREN = "children", _("儿童安全")
    SCHOOL = "school", _("学校安全")
    PUBLIC_PLACE = "public", _("公共场所安全")
    SPORTS = "sports", _("体育运动安全")
    WATER = "water", _("涉水安全")
    PUBLIC_ORDER = "order", _("社会治安")
    DISASTER = "disaster", _("防灾减灾与环境安全")


class TargetGroup(models.TextChoices):
    """High-risk and vulnerable groups the standard asks communities to name."""

    ELDERLY = "elderly", _("老年人")
    CHILDREN = "children", _("儿童")
    STUDENTS = "students", _("学生")
    DISABLED = "disabled", _("残疾人")
    MIGRANT_WORKERS = "migrants", _("外来务工人员")
    LEFT_BEHIND = "left_behind", _("留守老人/儿童")
    PREGNANT = "pregnant", _("孕产妇")
    WORKERS = "workers", _("企业职工")
    DRIVERS = "drivers", _("驾驶人")
    RESIDENTS = "residents", _("社区居民")


def element_label(number):
    return f"{number:02d} {Element(number).label}"

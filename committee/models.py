"""The tenant (Community), its users and roles, and the organisation of elements 1–2."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from safecommunity.elements import SafetyArea
from safecommunity.models import record_url

from .choices import (
    AccreditationLevel,
    AgeGroup,
    CommitteeRole,
    CommunityKind,
    GroupKind,
    GroupRole,
    MeetingKind,
    ParticipationKind,
    PartnerKind,
    Phase,
    RegionLevel,
    Role,
    Sex,
)
from .regions import prefix_of


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    # Set when somebody else chose the password (office staff, an administrator): the user
    # must choose their own before anything else (ForcePasswordChangeMiddleware).
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class Region(models.Model):
    """A node of the administrative tree (province → city → county → town/street).

    The tree follows the codes (``committee.regions``): create regions with
    ``regions.ensure_region_path`` so that ``parent`` and ``code`` always agree.
    """

    code = models.CharField(_("行政区划代码"), max_length=9, unique=True)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区域"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="RegionReviewer",
        related_name="reviewed_regions",
        verbose_name=_("评审员"),
        blank=True,
    )

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}([0-9]{3})?$"), name="region_code_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(level=RegionLevel.PROVINCE, parent__isnull=True)
                | (~models.Q(level=RegionLevel.PROVINCE) & models.Q(parent__isnull=False)),
                name="region_parent_unless_province",
            ),
        ]

    def __str__(self):
        return self.name or self.code

    def get_absolute_url(self):
        return reverse("regions:detail", kwargs={"code": self.code})

    @property
    def prefix(self):
        return prefix_of(self.code)

    def contains(self, other):
        """True if ``other`` (a Region) is this region or lies below it."""
        return other is not None and other.code.startswith(self.prefix)


class RegionReviewer(models.Model):
    """A county or province reviewer: reads every community in the region, changes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="region_assignments",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("区域"),
        on_delete=models.CASCADE,
        related_name="reviewer_assignments",
    )
    created_at = models.DateTimeField(_("指派时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域评审员")
        verbose_name_plural = _("区域评审员")
        ordering = ["region__code", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="uniq_region_reviewer")
        ]

    def __str__(self):
        return f"{self.user} · {self.region}"


class Community(models.Model):
    name = models.CharField(_("社区名称"), max_length=100)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=CommunityKind.choices)
    area_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    parent_area = models.CharField(_("上级行政区"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区域"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communities",
    )
    population = models.PositiveIntegerField(_("常住人口"), default=0)
    households = models.PositiveIntegerField(_("户数"), default=0)
    area_km2 = models.DecimalField(_("面积（平方公里）"), max_digits=8, decimal_places=2, default=0)
    target_level = models.CharField(
        _("创建目标"),
        max_length=20,
        choices=AccreditationLevel.choices,
        default=AccreditationLevel.NATIONAL,
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    introduction = models.TextField(_("社区概况"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community_home", kwargs={"community": self.slug})

    def population_for(self, year):
        """Total population for a year from the yearly base, falling back to the profile figure."""
        total = self.population_years.filter(year=year).aggregate(n=models.Sum("count"))["n"]
        return total or self.population


class CreationPhase(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="phases")
    phase = models.PositiveSmallIntegerField(_("阶段"), choices=Phase.choices)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束"), null=True, blank=True)
    actual_start = models.DateField(_("实际开始"), null=True, blank=True)
    actual_end = models.DateField(_("实际结束"), null=True, blank=True)
    notes = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("创建阶段")
        verbose_name_plural = _("创建阶段")
        ordering = ["community_id", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["community", "phase"], name="uniq_phase_per_community"),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="phase_planned_end_after_start",
            ),
        ]

    def __str__(self):
        return self.get_phase_display()

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("计划结束日期不能早于计划开始日期。")})
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValidationError({"actual_end": _("实际结束日期不能早于实际开始日期。")})

    @property
    def status(self):
        if self.actual_end:
            return _("已完成")
        if self.actual_start:
            return _("进行中")
        return _("未开始")


class PopulationYear(models.Model):
    """One cell of a year's population base: sex × age group."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="population_years"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("年龄组"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("人数"))

    class Meta:
        verbose_name = _("人口基数")
        verbose_name_plural = _("人口基数")
        ordering = ["community_id", "-year", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "sex", "age_group"], name="uniq_population_cell"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_sex_display()} {self.get_age_group_display()}: {self.count}"


class Membership(models.Model):
    """A user's role in one community. Roles are per community: one person may be office staff in
    one street and a reviewer of several others."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社区角色")
        verbose_name_plural = _("社区角色")
        ordering = ["community_id", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="uniq_membership")
        ]

    def __str__(self):
        return f"{self.user} · {self.community} · {self.get_role_display()}"

    @property
    def is_office(self):
        return self.role == Role.OFFICE


class Member(models.Model):
    """A person in the committee or a working group (not necessarily a user of the system)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=60)
    unit = models.CharField(_("单位/部门"), max_length=100)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    committee_role = models.CharField(
        _("委员会职务"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    duties = models.TextField(_("职责"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_records",
    )
    is_active = models.BooleanField(_("在任"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员会成员")
        verbose_name_plural = _("委员会成员")
        ordering = ["community_id", "committee_role", "name"]
        indexes = [models.Index(fields=["community", "committee_role"])]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def get_absolute_url(self):
        return record_url(self, "committee:member_detail")


class WorkingGroup(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="working_groups"
    )
    name = models.CharField(_("工作组名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=20, choices=GroupKind.choices, default=GroupKind.PROJECT
    )
    safety_area = models.CharField(
        _("安全领域"), max_length=20, choices=SafetyArea.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subgroups",
    )
    lead_unit = models.CharField(_("牵头单位"), max_length=100, blank=True)
    duties = models.TextField(_("工作职责"), blank=True)
    members = models.ManyToManyField(
        Member, through="GroupMembership", related_name="groups", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        ordering = ["community_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="uniq_group_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "committee:group_detail")

    def clean(self):
        if self.kind == GroupKind.PROJECT and not self.safety_area:
            raise ValidationError({"safety_area": _("项目工作组必须选择安全领域。")})
        if self.parent_id and self.parent and self.parent.community_id != self.community_id:
            raise ValidationError({"parent": _("上级工作组必须属于同一社区。")})


class GroupMembership(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        Member, verbose_name=_("成员"), on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(
        _("组内职务"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作组成员")
        verbose_name_plural = _("工作组成员")
        ordering = ["group", "role", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="uniq_group_member")
        ]

    def __str__(self):
        return f"{self.group} · {self.member.name} · {self.get_role_display()}"


class Partner(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contribution = models.TextField(_("参与内容与贡献"), blank=True)
    since = models.DateField(_("合作开始"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("合作单位")
        verbose_name_plural = _("合作单位")
        ordering = ["community_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="uniq_partner_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "committee:partner_detail")


class Volunteer(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(_("姓名/队伍"), max_length=60)
    team = models.CharField(_("所属队伍"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    skills = models.CharField(_("专长"), max_length=200, blank=True)
    is_expert = models.BooleanField(_("专家"), default=False)
    joined = models.DateField(_("加入日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["community_id", "team", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url(self, "committee:volunteer_detail")


class Participation(models.Model):
    """A record of residents, volunteers or partners taking part (element 2)."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="participations"
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=ParticipationKind.choices)
    description = models.CharField(_("内容"), max_length=200)
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("志愿者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("合作单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    participants = models.PositiveIntegerField(_("参与人数"), default=1)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=6, decimal_places=1, default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        ordering = ["community_id", "-date"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self):
        return f"{self.date} {self.description}"

    def get_absolute_url(self):
        return record_url(self, "committee:participation_detail")


class Meeting(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("会议日期"))
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=150)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("工作组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    chair = models.CharField(_("主持人"), max_length=60, blank=True)
    attendees = models.ManyToManyField(
        Member, verbose_name=_("出席成员"), blank=True, related_name="meetings"
    )
    attendee_count = models.PositiveIntegerField(_("出席人数"), default=0)
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    decisions = models.TextField(_("决定事项"), blank=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["community_id", "-date"]
        indexes = [
            models.Index(fields=["community", "date"]),
            models.Index(fields=["community", "kind"]),
        ]

    def __str__(self):
        return f"{self.date} {self.title}"

    def get_absolute_url(self):
        return record_url(self, "committee:meeting_detail")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    kind = models.CharField(_("类别"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


@receiver([post_save, post_delete], sender=RegionReviewer)
def _forget_region_flag(sender, instance, **kwargs):
    from django.core.cache import cache

    from safecommunity.tenancy import region_flag_key  # not at the top: it needs the user model

    cache.delete(region_flag_key(instance.user_id))


@receiver(m2m_changed, sender=Region.reviewers.through)
def _forget_region_flags(sender, instance, action, pk_set, **kwargs):
    """``region.reviewers.add(user)`` saves no RegionReviewer one by one, so forget here too."""
    from django.core.cache import cache

    from safecommunity.tenancy import region_flag_key

    if isinstance(instance, Region):
        user_ids = pk_set or []
        if action == "pre_clear":
            user_ids = list(instance.reviewer_assignments.values_list("user_id", flat=True))
    else:
        user_ids = [instance.pk]
    cache.delete_many([region_flag_key(pk) for pk in user_ids])


# The alert channels live in their own module (committee/alerts/models.py); importing them
# here registers them with the app.
from .alerts.models import AlertChannel, AlertDelivery, AlertDigest, AlertItem  # noqa: E402, F401

"""What the dossier, the reports and the home page take from the committee app (elements 1, 2).

Counts only; no personal data beyond the names and units of committee and group members, which
the dossier lists anyway.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity import charts
from safecommunity.evidence import Chart, ElementEvidence, ElementStatus, Figure, Table

from .choices import CommitteeRole, GroupRole, MeetingKind
from .models import Meeting, Member, Participation, Partner, Volunteer, WorkingGroup

ELEMENTS = (1, 2)

# Changes that never show in a summary (``safecommunity.signals``): regions and their reviewers
# decide who reads a community, not what its summaries say.
UNTRACKED_MODELS = ("notification", "user", "region", "regionreviewer")

# Record kinds whose presence shows an element is covered (region rankings count them in bulk).
COVERAGE = {
    1: ("committee.Member", "committee.WorkingGroup"),
    2: ("committee.Meeting", "committee.Partner", "committee.Volunteer", "committee.Participation"),
}


def status(community):
    """Cheap counts for the home page, with what is still missing in words."""
    today = timezone.localdate()
    members = Member.objects.filter(community=community, is_active=True).aggregate(
        total=Count("pk"), directors=Count("pk", filter=Q(committee_role=CommitteeRole.DIRECTOR))
    )
    groups = WorkingGroup.objects.filter(community=community).aggregate(
        total=Count("pk", distinct=True),
        without_duties=Count("pk", filter=Q(duties=""), distinct=True),
    )
    leaderless = (
        WorkingGroup.objects.filter(community=community)
        .exclude(memberships__role__in=[GroupRole.LEADER, GroupRole.DEPUTY])
        .count()
    )
    phases = community.phases.count()
    has_population = community.population_years.filter(year__gte=today.year - 1).exists()
    meetings = Meeting.objects.filter(community=community).aggregate(
        total=Count("pk"),
        recent_committee=Count(
            "pk",
            filter=Q(kind=MeetingKind.COMMITTEE, date__gte=today - datetime.timedelta(days=365)),
        ),
        without_minutes=Count("pk", filter=Q(minutes="")),
    )
    partners = Partner.objects.filter(community=community).count()
    volunteers = Volunteer.objects.filter(community=community).count()
    participations = Participation.objects.filter(community=community).count()

    member_missing = []
    if not members["total"]:
        member_missing.append(_("尚未登记委员会成员"))
    elif not members["directors"]:
        member_missing.append(_("尚未登记委员会主任"))
    group_missing = []
    if not groups["total"]:
        group_missing.append(_("尚未设立工作组"))
    if leaderless:
        group_missing.append(_("%(n)d 个工作组未设组长") % {"n": leaderless})
    if groups["without_duties"]:
        group_missing.append(_("%(n)d 个工作组尚无书面职责") % {"n": groups["without_duties"]})
    profile_missing = []
    if not phases:
        profile_missing.append(_("尚未登记创建阶段"))
    if not has_population:
        profile_missing.append(_("尚未登记近两年的人口基数"))
    meeting_missing = []
    if not meetings["recent_committee"]:
        meeting_missing.append(_("近 12 个月没有委员会会议记录"))
    if meetings["without_minutes"]:
        meeting_missing.append(_("%(n)d 次会议缺少会议纪要") % {"n": meetings["without_minutes"]})
    return [
        ElementStatus(
            1, _("委员会成员"), members["total"], "committee:member_list", member_missing
        ),
        ElementStatus(1, _("工作组"), groups["total"], "committee:group_list", group_missing),
        ElementStatus(1, _("创建阶段"), phases, "committee:profile", profile_missing),
        ElementStatus(
            2, _("会议与纪要"), meetings["total"], "committee:meeting_list", meeting_missing
        ),
        ElementStatus(
            2,
            _("合作单位"),
            partners,
            "committee:partner_list",
            [] if partners else [_("尚未登记合作单位")],
        ),
        ElementStatus(2, _("志愿者"), volunteers, "committee:volunteer_list"),
        ElementStatus(
            2,
            _("参与记录"),
            participations,
            "committee:participation_list",
            [] if participations else [_("尚无居民与志愿者参与记录")],
        ),
    ]


def collect(community, element, period):
    if element == 1:
        return _organisation(community, period)
    if element == 2:
        return _participation(community, period)
    return ElementEvidence(element=element)


def _organisation(community, period):
    evidence = ElementEvidence(element=1)
    members = Member.objects.filter(community=community, is_active=True).order_by(
        "committee_role", "name"
    )
    groups = (
        WorkingGroup.objects.filter(community=community)
        .annotate(n=Count("memberships"))
        .order_by("kind", "name")
    )
    evidence.figures += [
        Figure(_("委员会在任成员"), members.count(), _("人")),
        Figure(_("工作组"), groups.count(), _("个")),
    ]
    evidence.tables.append(
        Table(
            _("安全社区促进委员会成员"),
            [_("姓名"), _("单位/部门"), _("职务"), _("委员会职务"), _("职责")],
            [
                [m.name, m.unit, m.position, m.get_committee_role_display(), m.duties]
                for m in members
            ],
        )
    )
    evidence.tables.append(
        Table(
            _("工作组"),
            [_("工作组名称"), _("类型"), _("安全领域"), _("牵头单位"), _("成员数"), _("工作职责")],
            [
                [
                    g.name,
                    g.get_kind_display(),
                    g.get_safety_area_display(),
                    g.lead_unit,
                    g.n,
                    g.duties,
                ]
                for g in groups
            ],
        )
    )
    evidence.summary = _("委员会在任成员 %(m)d 人，设工作组 %(g)d 个。") % {
        "m": members.count(),
        "g": groups.count(),
    }
    if not members.exists():
        evidence.gaps.append(_("尚未登记委员会成员。"))
    if groups.filter(duties="").exists():
        evidence.gaps.append(_("部分工作组尚无书面职责。"))
    return evidence


def _participation(community, period):
    evidence = ElementEvidence(element=2)
    meetings = Meeting.objects.filter(community=community, date__range=(period.start, period.end))
    participations = Participation.objects.filter(
        community=community, date__range=(period.start, period.end)
    )
    by_kind = dict(meetings.values_list("kind").annotate(n=Count("pk")))
    evidence.figures += [
        Figure(_("本期会议"), meetings.count(), _("次")),
        Figure(_("合作单位"), Partner.objects.filter(community=community).count(), _("家")),
        Figure(_("本期参与活动"), participations.count(), _("次")),
        Figure(_("本期参与人次"), sum(p.participants for p in participations), _("人次")),
    ]
    evidence.tables.append(
        Table(
            _("会议记录"),
            [_("日期"), _("会议类型"), _("会议名称"), _("出席人数"), _("决定事项")],
            [
                [m.date, m.get_kind_display(), m.title, m.attendee_count, m.decisions]
                for m in meetings.order_by("date")
            ],
        )
    )
    if by_kind:
        labels = [str(label) for value, label in MeetingKind.choices if value in by_kind]
        values = [by_kind[value] for value, _label in MeetingKind.choices if value in by_kind]
        evidence.charts.append(
            Chart(_("各类会议次数"), charts.bar_chart(labels, values, unit=_("次")))
        )
    if not meetings.filter(kind=MeetingKind.COMMITTEE).exists():
        evidence.gaps.append(_("本期间没有委员会会议记录。"))
    return evidence

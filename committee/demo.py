"""Demo county for `seed_demo`: communities, committee, groups, meetings, users per role.

Other apps add their records through their own ``<app>.demo.seed``, found by the command
(``seeders()``, in each module's ``SEED_ORDER``), so this module knows only the committee app.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from safecommunity.elements import SafetyArea

from . import models, regions
from .choices import (
    AgeGroup,
    CommitteeRole,
    CommunityKind,
    GroupKind,
    GroupRole,
    MeetingKind,
    ParticipationKind,
    PartnerKind,
    Phase,
    Role,
    Sex,
)
from .services import grant_role, set_group_member

DEMO_PASSWORD = "demo-pass-2026"
REVIEWER_USERNAME = "reviewer"
# The demo county and the region tree above it: its reviewer reads every demo community through
# one region assignment (committee.RegionReviewer), with no membership row per community.
COUNTY_CODE = "330106"
REGION_NAMES = {"330000": "浙江省", "330100": "杭州市", COUNTY_CODE: "示范区"}

COMMUNITIES = [
    # slug, name, kind, population, households, area, code, target, phases done (1..5)
    ("xingfu", "幸福街道", CommunityKind.STREET, 68500, 24300, "12.60", "330106001", "national", 4),
    ("pingan", "平安镇", CommunityKind.TOWN, 41200, 13800, "56.30", "330106102", "province", 1),
    (
        "binjiang",
        "滨江工业园区",
        CommunityKind.INDUSTRIAL_PARK,
        23800,
        5200,
        "18.90",
        "330106200",
        "city",
        2,
    ),
]

ROLE_NAMES = {
    Role.OFFICE: "办公室",
    Role.MEMBER: "委员",
    Role.LEADER: "组长",
    Role.GROUP_MEMBER: "组员",
    Role.REPORTER: "报告员",
}

MEMBERS = [
    (
        "李建国",
        "街道办事处",
        "主任",
        CommitteeRole.DIRECTOR,
        "全面领导安全社区创建工作，主持委员会会议，决策重大事项。",
    ),
    (
        "陈志强",
        "街道办事处",
        "副主任",
        CommitteeRole.DEPUTY,
        "协助主任工作，分管安全生产与应急管理。",
    ),
    (
        "王丽华",
        "街道安监办",
        "科长",
        CommitteeRole.OFFICE_HEAD,
        "负责委员会办公室日常工作，组织会议、督查进度、管理档案。",
    ),
    ("赵敏", "街道安监办", "科员", CommitteeRole.OFFICE_STAFF, "负责资料收集整理与信息报送。"),
    ("刘洋", "区公安分局派出所", "所长", CommitteeRole.MEMBER, "负责社会治安项目，组织治安巡防。"),
    (
        "孙海涛",
        "区消防救援大队",
        "教导员",
        CommitteeRole.MEMBER,
        "负责消防安全项目与消防培训演练。",
    ),
    (
        "周建华",
        "区交警大队中队",
        "中队长",
        CommitteeRole.MEMBER,
        "负责交通安全项目与道路隐患排查。",
    ),
    (
        "吴秀英",
        "社区卫生服务中心",
        "主任",
        CommitteeRole.MEMBER,
        "负责伤害监测与统计，组织伤害数据收集。",
    ),
    ("郑国强", "中心小学", "校长", CommitteeRole.MEMBER, "负责学校安全与儿童安全项目。"),
    ("钱淑芬", "街道民政科", "科长", CommitteeRole.MEMBER, "负责老年人安全与家居安全项目。"),
    ("冯立新", "区市场监管所", "所长", CommitteeRole.MEMBER, "负责工作场所与公共场所安全检查。"),
    ("蒋红梅", "街道妇联", "主席", CommitteeRole.MEMBER, "负责宣传发动与居民参与。"),
]

GROUPS = [
    ("交通安全促进组", GroupKind.PROJECT, SafetyArea.TRAFFIC, "交警中队", "周建华"),
    ("消防安全促进组", GroupKind.PROJECT, SafetyArea.FIRE, "消防救援大队", "孙海涛"),
    ("老年人安全促进组", GroupKind.PROJECT, SafetyArea.ELDERLY, "街道民政科", "钱淑芬"),
    ("儿童与学校安全促进组", GroupKind.PROJECT, SafetyArea.SCHOOL, "中心小学", "郑国强"),
    ("工作场所安全促进组", GroupKind.PROJECT, SafetyArea.WORKPLACE, "市场监管所", "冯立新"),
    ("社会治安促进组", GroupKind.PROJECT, SafetyArea.PUBLIC_ORDER, "派出所", "刘洋"),
    ("宣传报道组", GroupKind.PUBLICITY, "", "街道妇联", "蒋红梅"),
    ("效能督查组", GroupKind.SUPERVISION, "", "街道纪工委", "陈志强"),
    ("伤害统计与监测组", GroupKind.SURVEILLANCE, "", "社区卫生服务中心", "吴秀英"),
]

PARTNERS = [
    ("区公安分局", PartnerKind.POLICE, "治安巡防、反诈宣传、案件数据共享"),
    ("区消防救援大队", PartnerKind.FIRE, "消防检查、培训与演练指导"),
    ("区交警大队", PartnerKind.TRAFFIC_POLICE, "交通事故数据、道路隐患整改"),
    ("社区卫生服务中心", PartnerKind.HEALTH, "伤害监测哨点、急救培训"),
    ("中心小学", PartnerKind.SCHOOL, "学生安全教育、校园周边治理"),
    ("区市场监管局", PartnerKind.MARKET, "三合一场所、食品与特种设备检查"),
    ("区住建局", PartnerKind.CONSTRUCTION, "老旧小区改造、建筑工地安全"),
    ("红十字会志愿服务队", PartnerKind.NGO, "应急救护志愿者"),
]

MEETINGS = [
    (
        MeetingKind.MOBILISATION,
        "安全社区创建动员大会",
        "传达创建方案；各成员单位表态。",
        "启动创建工作，成立促进委员会和工作组。",
    ),
    (
        MeetingKind.COMMITTEE,
        "促进委员会第一次全体会议",
        "审议创建方案和年度计划。",
        "通过《安全社区创建实施方案》。",
    ),
    (
        MeetingKind.GROUP,
        "交通安全促进组工作会议",
        "分析交通伤害数据，确定重点路段。",
        "在学校周边设置减速带和护栏。",
    ),
    (MeetingKind.OFFICE, "办公室月度例会", "通报各组进度，梳理档案。", "督促逾期未整改隐患。"),
    (
        MeetingKind.COMMITTEE,
        "促进委员会季度会议",
        "听取评估报告，研究改进措施。",
        "加强老年人跌倒预防项目。",
    ),
    (
        MeetingKind.SEMINAR,
        "伤害监测数据分析研讨会",
        "分析一季度伤害监测数据。",
        "增设学校伤害报告点。",
    ),
    (
        MeetingKind.RESIDENTS,
        "居民安全议事会",
        "征集居民对社区安全的意见。",
        "增加楼道照明，清理楼道堆物。",
    ),
]


def demo_usernames():
    """Every account the demo creates (regions may add their own reviewer names)."""
    names = {f"{slug}-{role}" for slug, *_rest in COMMUNITIES for role in ROLE_NAMES}
    return names | {REVIEWER_USERNAME}


def demo_slugs():
    return [slug for slug, *_rest in COMMUNITIES]


@transaction.atomic
def remove_demo():
    """Delete the demo communities with all their records and the demo accounts that have no
    role in any other community. Returns (communities, users) deleted."""
    User = get_user_model()
    communities = models.Community.objects.filter(slug__in=demo_slugs())
    community_count = communities.count()
    for community in communities:
        community.delete()
    users = User.objects.filter(username__in=demo_usernames(), is_superuser=False).exclude(
        memberships__isnull=False
    )
    user_count = users.count()
    users.delete()
    return community_count, user_count


def _user(username, display_name, email=""):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _population(community, years, rng):
    shares = {
        AgeGroup.A0_4: 0.045,
        AgeGroup.A5_14: 0.095,
        AgeGroup.A15_24: 0.11,
        AgeGroup.A25_44: 0.32,
        AgeGroup.A45_64: 0.27,
        AgeGroup.A65: 0.16,
    }
    cells = []
    for year in years:
        growth = 1 + 0.01 * (year - years[0])
        for sex, share_sex in ((Sex.MALE, 0.505), (Sex.FEMALE, 0.495)):
            for group, share in shares.items():
                cells.append(
                    models.PopulationYear(
                        community=community,
                        year=year,
                        sex=sex,
                        age_group=group,
                        count=int(community.population * share_sex * share * growth),
                    )
                )
    models.PopulationYear.objects.bulk_create(cells)


@transaction.atomic
def seed_community(spec, *, today, rng):
    """Create one community with committee, groups, meetings and a user per role."""
    slug, name, kind, population, households, area, code, target, phases_done = spec
    region = regions.ensure_region_path(
        code, names={**REGION_NAMES, **regions.community_region_names(code, name, "示范区")}
    )
    community = models.Community.objects.create(
        name=name,
        region=region,
        slug=slug,
        kind=kind,
        population=population,
        households=households,
        area_km2=area,
        area_code=code,
        target_level=target,
        parent_area="示范区",
        address=f"示范区{name}",
        introduction=f"{name}辖区常住人口{population}人，下设社区（村）若干，正在开展安全社区创建工作。",
    )
    # The current phase began about two months ago; earlier phases lasted half a year each.
    start = today - datetime.timedelta(days=180 * (phases_done - 1) + 60)
    for phase in Phase:
        planned_start = start + datetime.timedelta(days=180 * (phase - 1))
        done = phase < phases_done
        current = phase == phases_done
        models.CreationPhase.objects.create(
            community=community,
            phase=phase,
            planned_start=planned_start,
            planned_end=planned_start + datetime.timedelta(days=179),
            actual_start=planned_start if (done or current) else None,
            actual_end=planned_start + datetime.timedelta(days=170) if done else None,
        )
    _population(community, [today.year - 2, today.year - 1, today.year], rng)

    users = {}
    for role, label in ROLE_NAMES.items():
        users[role] = _user(f"{slug}-{role}", f"{name}{label}", f"{slug}-{role}@example.org")
        grant_role(user=users[role], community=community, role=role)
    users[Role.REVIEWER] = _user(REVIEWER_USERNAME, "县应急管理局评审员")
    county = regions.ensure_region_path(COUNTY_CODE, names=REGION_NAMES)
    models.RegionReviewer.objects.get_or_create(user=users[Role.REVIEWER], region=county)

    members = {}
    for member_name, unit, position, committee_role, duties in MEMBERS:
        members[member_name] = models.Member.objects.create(
            community=community,
            name=member_name,
            unit=unit,
            position=position,
            committee_role=committee_role,
            duties=duties,
            phone=f"139{rng.randint(10000000, 99999999)}",
        )
    members["王丽华"].user = users[Role.OFFICE]
    members["王丽华"].save()
    members["周建华"].user = users[Role.LEADER]  # the demo leader leads the traffic group
    members["周建华"].save()
    members["赵敏"].user = users[Role.GROUP_MEMBER]
    members["赵敏"].save()
    members["李建国"].user = users[Role.MEMBER]
    members["李建国"].save()

    groups = []
    for group_name, group_kind, area_value, lead_unit, leader_name in GROUPS:
        group = models.WorkingGroup.objects.create(
            community=community,
            name=group_name,
            kind=group_kind,
            safety_area=area_value,
            lead_unit=lead_unit,
            duties=f"负责{group_name.replace('促进组', '')}的风险辨识、项目实施、检查督导和资料归档。",
        )
        set_group_member(group=group, member=members[leader_name], role=GroupRole.LEADER)
        for other in rng.sample(list(members.values()), 3):
            if other.name != leader_name:
                set_group_member(group=group, member=other, role=GroupRole.MEMBER)
        groups.append(group)
    for village in ("阳光社区工作小组", "和平村工作小组"):
        groups.append(
            models.WorkingGroup.objects.create(
                community=community,
                name=village,
                kind=GroupKind.SUBGROUP,
                parent=groups[0],
                duties="落实本社区（村）安全促进项目，收集居民意见。",
            )
        )

    partners = [
        models.Partner.objects.create(
            community=community,
            name=p_name,
            kind=p_kind,
            contribution=contribution,
            contact_person=rng.choice(["张", "李", "黄", "何"])
            + rng.choice(["工", "科长", "老师"]),
            since=start,
        )
        for p_name, p_kind, contribution in PARTNERS
    ]
    volunteers = [
        models.Volunteer.objects.create(
            community=community,
            name=v,
            team=rng.choice(["平安志愿者服务队", "红十字救护队", "楼道长队伍"]),
            skills=rng.choice(["急救", "消防", "宣传", "巡防"]),
            joined=start,
        )
        for v in ("黄建军", "何丽", "马文", "林小红", "高峰", "罗晓燕")
    ]
    span = (today - start).days
    for index, (meeting_kind, title, agenda, decisions) in enumerate(
        MEETINGS[: 3 + 2 * phases_done]
    ):
        meeting = models.Meeting.objects.create(
            community=community,
            date=start + datetime.timedelta(days=int(span * index / 8)),
            kind=meeting_kind,
            title=title,
            location="街道三楼会议室",
            chair="李建国",
            agenda=agenda,
            minutes=f"会议由李建国主持。{agenda}与会人员进行了讨论。",
            decisions=decisions,
            working_group=groups[0] if meeting_kind == MeetingKind.GROUP else None,
        )
        attendees = rng.sample(list(members.values()), 8)
        meeting.attendees.set(attendees)
        meeting.attendee_count = len(attendees) + rng.randint(0, 20)
        meeting.save()
    for _ in range(6 * phases_done):
        models.Participation.objects.create(
            community=community,
            date=start + datetime.timedelta(days=rng.randint(0, span)),
            kind=rng.choice(ParticipationKind.values),
            description=rng.choice(
                [
                    "楼道堆物清理",
                    "老年人居家安全入户走访",
                    "消防安全宣传进社区",
                    "校园周边护学岗",
                    "夜间治安巡逻",
                ]
            ),
            volunteer=rng.choice(volunteers),
            partner=rng.choice(partners),
            participants=rng.randint(3, 60),
            hours=rng.randint(1, 6),
        )
    return community, users, groups

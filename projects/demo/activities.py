"""One demo activity, built alike by the small demo and the large benchmark set (``large``)."""

from safecommunity.elements import SafetyArea

from ..choices import ActivityKind
from ..models import Activity
from . import data


def _kind_of(title):
    for word, kind in data.KIND_BY_WORD:
        if word in title:
            return kind
    return ActivityKind.PUBLICITY


def build_activity(community, rng, today, project, group, area, day):
    title = rng.choice(data.ACTIVITY_TITLES[area])
    participants = rng.randint(20, 260)
    elderly = rng.randint(0, participants // 3) if area in ("elderly", "home", "order") else 0
    children = rng.randint(0, participants // 2) if area in ("school", "children", "water") else 0
    migrants = rng.randint(0, participants // 4) if area in ("workplace", "fire") else 0
    return Activity(
        community=community,
        title=title,
        kind=_kind_of(title),
        date=day,
        place=rng.choice(data.PLACES),
        organiser=rng.choice(data.ORGANISERS),
        working_group=group,
        project=project,
        safety_area=area,
        audience="社区居民" if not children else "学生及家长",
        target_group=rng.choice(project.target_groups) if project and project.target_groups else "",
        participants=participants,
        elderly_count=elderly,
        children_count=children,
        disabled_count=rng.randint(0, 3) if elderly else 0,
        migrant_count=migrants,
        materials=rng.choice(data.MATERIALS),
        materials_count=rng.randint(0, participants * 2),
        content=f"围绕{SafetyArea(area).label}开展{title}，现场讲解、互动问答并发放宣传资料。",
    )

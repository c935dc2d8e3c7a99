"""The benchmark volume of the projects app (``seed_demo --scale large``): 500 projects with
their updates and 5,000 activities, written with bulk_create in well under a minute."""

import datetime
from decimal import Decimal

from committee.choices import Role
from safecommunity.elements import SafetyArea, TargetGroup

from ..choices import ProjectStatus
from ..models import Activity, AwarenessSurvey, Project, ProjectUpdate
from .activities import build_activity


def seed_large(community, users, group_by_area, rng, today, projects=500, activities=5000):
    statuses = [s.value for s in ProjectStatus]
    weights = [1, 6, 1, 3, 1]
    areas = SafetyArea.values
    built = []
    for index in range(projects):
        area = areas[index % len(areas)]
        start = today - datetime.timedelta(days=rng.randint(30, 3 * 365))
        status = rng.choices(statuses, weights)[0]
        built.append(
            Project(
                community=community,
                code=f"BX-{index + 1:04d}",
                title=f"{SafetyArea(area).label}促进项目{index + 1:03d}",
                safety_area=area,
                target_groups=[rng.choice(TargetGroup.values)],
                background="基准测试数据。",
                working_group=group_by_area[area],
                goals="降低相关伤害。",
                interventions=[rng.choice(["education", "engineering", "enforcement"])],
                budget=Decimal(rng.randint(1, 80)),
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.randint(90, 720)),
                status=status,
                progress=rng.randint(0, 100) // 5 * 5 if status != "planned" else 0,
                last_update_on=None
                if status == "planned"
                else today - datetime.timedelta(days=rng.randint(0, 90)),
            )
        )
    built = Project.objects.bulk_create(built, batch_size=2000)
    author = users.get(Role.OFFICE)
    updates = [
        ProjectUpdate(
            community=community,
            project=project,
            date=project.last_update_on,
            done="按计划推进。",
            percent=project.progress,
            author=author,
        )
        for project in built
        if project.last_update_on
        for _ in range(3)
    ]
    ProjectUpdate.objects.bulk_create(updates, batch_size=2000)
    rows = []
    for _ in range(activities):
        project = rng.choice(built) if rng.random() < 0.6 else None
        area = project.safety_area if project else rng.choice(areas)
        day = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        rows.append(build_activity(community, rng, today, project, group_by_area[area], area, day))
    Activity.objects.bulk_create(rows, batch_size=2000)
    population = community.population or 10000
    AwarenessSurvey.objects.bulk_create(
        [
            AwarenessSurvey(
                community=community,
                title=f"知晓率调查{i + 1}",
                date=today - datetime.timedelta(days=40 * i),
                population=population,
                sample_size=int(population * 0.5),
                aware_count=int(population * 0.5 * 0.8),
            )
            for i in range(30)
        ],
        batch_size=2000,
    )

"""Demo data of the projects app for ``seed_demo``: plans with tasks, objectives, projects with
their progress updates, publicity/education/training activities and awareness surveys.

"small" is a realistic street over the last ~14 months; "large" is the benchmark volume
(500 projects, 5,000 activities) written with bulk_create.
"""

import datetime
from decimal import Decimal

from committee.choices import GroupKind, Role
from safecommunity.elements import SafetyArea

from ..choices import (
    PlanKind,
    PlanStatus,
    ProjectStatus,
    SurveyMethod,
    TaskStatus,
)
from ..models import (
    AwarenessSurvey,
    Objective,
    ObjectiveValue,
    Plan,
    PlanTask,
    Project,
    ProjectUpdate,
)
from ..services import refresh_progress
from . import data
from .activities import build_activity
from .large import seed_large

# seed_demo runs the seeders by this order: after committee, hazards (their records are linked to).
SEED_ORDER = 20


def seed(community, *, users, groups, rng, scale, today):
    plans = _plans(community, groups, today)
    objectives = _objectives(community, plans, today)
    group_by_area = _groups_by_area(groups)
    if scale == "large":
        seed_large(community, users, group_by_area, rng, today)
        return
    projects = _projects(community, users, group_by_area, objectives, rng, today)
    _activities(community, projects, group_by_area, rng, today, count=60)
    _surveys(community, today)


def _months_ago(today, months, day=15):
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day, 28))


def _groups_by_area(groups):
    project_groups = [g for g in groups if g.kind == GroupKind.PROJECT]
    by_area = {g.safety_area: g for g in project_groups}
    fallback = project_groups[0] if project_groups else groups[0]
    return {
        area: by_area.get(area) or by_area.get(data.AREA_FALLBACK.get(area)) or fallback
        for area in SafetyArea.values
    }


def _plans(community, groups, today):
    first_year = today.year - 1
    overall = Plan.objects.create(
        community=community,
        kind=PlanKind.OVERALL,
        title=f"{community.name}安全社区创建总体规划（{first_year}–{first_year + 2}年）",
        start_year=first_year,
        end_year=first_year + 2,
        goals=data.OVERALL_GOALS,
        priorities=data.OVERALL_PRIORITIES,
        status=PlanStatus.ACTIVE,
        approved_on=datetime.date(first_year, 3, 18),
        approved_by="安全社区建设促进委员会第一次全体会议",
    )
    by_name = {g.name: g for g in groups}
    for title, _area, owner, offset, done in data.OVERALL_TASKS:
        due = datetime.date(first_year + (offset - 1) // 12, (offset - 1) % 12 + 1, 28)
        PlanTask.objects.create(
            community=community,
            plan=overall,
            title=title,
            owner=owner,
            working_group=by_name.get(owner),
            due_date=due,
            status=TaskStatus.DONE if done and due <= today else TaskStatus.IN_PROGRESS,
            done_on=due - datetime.timedelta(days=5) if done and due <= today else None,
        )
    group_of_area = {g.safety_area: g for g in groups if g.safety_area}
    plans = [overall]
    for year in (first_year, today.year):
        closed = year < today.year
        annual = Plan.objects.create(
            community=community,
            kind=PlanKind.ANNUAL,
            title=f"{year}年度安全社区建设工作计划",
            start_year=year,
            end_year=year,
            parent=overall,
            goals=f"{year}年完成年度项目任务，伤害发生率和隐患数量较上年下降，居民安全知识知晓率稳步提高。",
            status=PlanStatus.CLOSED if closed else PlanStatus.ACTIVE,
            approved_on=datetime.date(year, 2, 20),
            approved_by="促进委员会年度工作会议",
        )
        for title, area, owner, month in data.ANNUAL_TASKS:
            due = datetime.date(year, month, 28)
            finished = due < today - datetime.timedelta(days=20) and (closed or month % 3)
            PlanTask.objects.create(
                community=community,
                plan=annual,
                title=title,
                owner=owner,
                working_group=group_of_area.get(area),
                due_date=due,
                status=TaskStatus.DONE if finished else TaskStatus.PENDING,
                done_on=due - datetime.timedelta(days=3) if finished else None,
            )
        plans.append(annual)
    return plans


def _objectives(community, plans, today):
    overall = plans[0]
    objectives = []
    for line in data.OBJECTIVES:
        title, area, group, indicator, kind, age, cause, unit, direction, baseline, goal = (
            line.split("|")
        )
        objective = Objective(
            community=community,
            plan=overall,
            title=title,
            safety_area=area,
            target_group=group,
            indicator=indicator,
            indicator_kind=kind,
            age_group=age,
            injury_cause=int(cause) if cause else None,
            unit=unit,
            direction=direction or "higher",
            baseline_value=Decimal(baseline),
            baseline_year=today.year - 1,
            target_value=Decimal(goal),
            target_year=today.year + 1,
            measures="见相关安全促进项目。",
        )
        objective.full_clean()  # sets the fixed unit and direction of computed indicators
        objective.save()
        if indicator in data.OBJECTIVE_VALUES:
            ObjectiveValue.objects.create(
                community=community,
                objective=objective,
                year=today.year,
                value=Decimal(data.OBJECTIVE_VALUES[indicator]),
                source="工作组年度统计",
            )
        objectives.append(objective)
    return objectives


def _projects(community, users, group_by_area, objectives, rng, today):
    from hazards.models import Hazard

    leader, office = users.get(Role.LEADER), users.get(Role.OFFICE)
    leader_groups = _led_group_ids(leader, community)
    partners = list(community.partners.all())
    members = list(community.members.filter(is_active=True))
    projects = []
    for index, spec in enumerate(data.PROJECTS):
        (
            title,
            area,
            target_groups,
            environments,
            interventions,
            background,
            goals,
            details,
            budget,
            status,
            started,
            duration,
            update_count,
        ) = spec
        start = _months_ago(today, started, day=5 + index)
        if status == ProjectStatus.PLANNED:
            start = today + datetime.timedelta(days=10 + 2 * index)
        end = _months_ago(start, -duration, day=start.day)
        completed = status == ProjectStatus.COMPLETED
        group = group_by_area[area]
        project = Project.objects.create(
            community=community,
            code=f"XM-{today.year - 1}-{index + 1:02d}",
            title=title,
            safety_area=area,
            target_groups=list(target_groups),
            target_environments=environments,
            background=background,
            working_group=group,
            leader=rng.choice(members) if members else None,
            goals=goals,
            interventions=list(interventions),
            intervention_details=details,
            budget=Decimal(budget),
            start_date=start,
            end_date=min(end, today) if completed else end,
            status=status,
            process_evaluation="按计划完成各项干预措施，参与单位和居民配合良好。"
            if completed
            else "",
            effect_evaluation="干预后相关伤害和隐患明显下降，居民满意度提高。" if completed else "",
            indicator_name="相关隐患数" if completed else "",
            indicator_unit="处" if completed else "",
            indicator_before=Decimal(rng.randint(40, 90)) if completed else None,
            indicator_after=Decimal(rng.randint(3, 20)) if completed else None,
        )
        project.hazards.set(Hazard.objects.filter(community=community, safety_area=area)[:2])
        project.partners.set(rng.sample(partners, min(2, len(partners))))
        project.objectives.set([o for o in objectives if o.safety_area == area][:2])
        author = leader if group.pk in leader_groups else office
        _updates(project, update_count, author, rng, today)
        projects.append(project)
    return projects


def _led_group_ids(user, community):
    from safecommunity.tenancy import led_groups

    return set(led_groups(user, community).values_list("pk", flat=True)) if user else set()


def _updates(project, count, author, rng, today):
    if not count:
        return
    # Two running projects have gone quiet for over 30 days (the daily reminder's demo).
    quiet = project.status == ProjectStatus.RUNNING and project.code.endswith(("06", "10"))
    last = today - datetime.timedelta(days=rng.randint(45, 70) if quiet else rng.randint(2, 20))
    if project.status == ProjectStatus.COMPLETED:
        last = min(last, project.end_date)
    span = max((last - project.start_date).days, count)
    final = (
        100
        if project.status in (ProjectStatus.COMPLETED, ProjectStatus.EVALUATING)
        else rng.randint(35, 90)
    )
    for step in range(count):
        fraction = (step + 1) / count
        done, next_steps, problems = data.UPDATE_TEXTS[min(step, len(data.UPDATE_TEXTS) - 1)]
        ProjectUpdate.objects.create(
            community=project.community,
            project=project,
            date=project.start_date + datetime.timedelta(days=int(span * fraction)),
            done=done.format(n=rng.randint(60, 400), k=rng.randint(2, 9)),
            percent=min(100, int(final * fraction) // 5 * 5),
            next_steps=next_steps,
            problems=problems,
            author=author,
        )
    refresh_progress(project)


def _activities(community, projects, group_by_area, rng, today, count):
    running = [p for p in projects if p.status != ProjectStatus.PLANNED]
    activities = []
    for _ in range(count):
        day = today - datetime.timedelta(days=rng.randint(0, 420))
        eligible = [p for p in running if p.start_date <= day]
        project = rng.choice(eligible) if eligible and rng.random() < 0.7 else None
        area = project.safety_area if project else rng.choice(SafetyArea.values)
        group = project.working_group if project else group_by_area[area]
        activity = build_activity(community, rng, today, project, group, area, day)
        activity.save()
        activities.append(activity)
    return activities


def _surveys(community, today):
    population = community.population or 10000
    for title, months, area, share, aware in data.SURVEYS:
        sample = int(population * share)
        AwarenessSurvey.objects.create(
            community=community,
            title=title,
            date=_months_ago(today, months, day=20),
            safety_area=area,
            method=SurveyMethod.HOME if months > 12 else SurveyMethod.QUESTIONNAIRE,
            population=population,
            sample_size=sample,
            aware_count=int(sample * aware),
            conducted_by="宣传报道组、各村（社区）网格员",
            findings="老年人和外来务工人员知晓率偏低，需加强针对性宣传。",
        )

"""Demo drills (participants, problems found and their corrective actions) and responses."""

import datetime

from django.utils import timezone

from hazards.services import complete_action, verify_action

from .. import services
from ..choices import TYPE_CATEGORY, Category, DrillRating, DrillStatus, DrillType, ResponseLevel
from ..models import Drill, DrillParticipant, DrillProblem, EmergencyResponse
from . import data
from .utils import BATCH, day_between, store


def seed_drills(community, rng, groups, plans, count, start, today, user, large):
    rows = []
    for index in range(count):
        plan = rng.choice(plans) if plans and rng.random() < 0.9 else None
        kind = plan.emergency_type if plan else "fire"
        planned = index % 12 == 0
        day = (
            today + datetime.timedelta(days=rng.randint(5, 60))
            if planned
            else day_between(rng, start, today)
        )
        drill_type = rng.choices(list(DrillType), weights=[2, 5, 2])[0]
        held = not planned
        place = rng.choice(data.DRILL_PLACES)
        rows.append(
            Drill(
                community=community,
                title=f"{place}{plan.get_emergency_type_display() if plan else '消防'}应急演练",
                plan=plan,
                drill_type=drill_type,
                status=DrillStatus.HELD if held else DrillStatus.PLANNED,
                date=day,
                start_time=datetime.time(9, 0),
                end_time=datetime.time(10, rng.choice([0, 15, 30])),
                place=place,
                organiser=plan.owner_unit if plan else "街道应急办",
                working_group=plan.working_group if plan else None,
                objectives="检验预案的可操作性，锻炼队伍，提高居民自救互救能力。",
                scenario=data.SCENARIOS.get(kind, data.DEFAULT_SCENARIO),
                timeline="\n".join(data.TIMELINE) if drill_type != DrillType.TABLETOP else "",
                strengths="响应迅速，各组分工明确，居民配合度高。" if held else "",
                evaluation="演练达到预期目的，预案基本可行，需针对发现的问题完善。" if held else "",
                rating=rng.choices(list(DrillRating), weights=[2, 5, 3, 1])[0] if held else "",
                evaluator="应急管理专家组" if held else "",
                created_by=user,
            )
        )
    drills = store(Drill, rows, large)
    participants = []
    for drill in drills:
        total = 0
        for group, task in rng.sample(data.PARTICIPANT_GROUPS, rng.randint(2, 4)):
            number = rng.randint(5, 120)
            total += number
            participants.append(DrillParticipant(drill=drill, group=group, count=number, task=task))
        drill.participants = total
    store(DrillParticipant, participants, large)
    Drill.objects.bulk_update(drills, ["participants"], batch_size=BATCH)
    return drills


def seed_problems(community, rng, users, drills, max_actions, today, large):
    """Problems of held drills; small: all become corrective actions (older ones closed);
    large: a share becomes actions through the service, the rest stay plain rows."""
    held = [d for d in drills if d.status == DrillStatus.HELD]
    office, leader = users.get("office"), users.get("leader")
    plain, with_action = [], []
    for drill in held:
        for description, category, suggestion in rng.sample(
            data.PROBLEMS, rng.choice([0, 1, 1, 2, 3])
        ):
            due = drill.date + datetime.timedelta(days=30)
            fields = {
                "description": description,
                "category": category,
                "suggestion": suggestion,
                "responsible_unit": drill.organiser,
                "due_date": due,
            }
            if max_actions is None or len(with_action) < max_actions:
                with_action.append((drill, fields))
            else:
                plain.append(
                    DrillProblem(community=community, drill=drill, created_by=office, **fields)
                )
    DrillProblem.objects.bulk_create(plain, batch_size=BATCH)
    for drill, fields in with_action:
        problem = services.add_problem(drill=drill, user=office, **fields)
        # Older findings have been put right and verified by the office.
        if (
            problem.action
            and leader
            and office
            and drill.date < today - datetime.timedelta(days=60)
        ):
            if rng.random() < 0.75:
                done = min(today, fields["due_date"])
                complete_action(
                    problem.action, note="已按改进建议整改完毕。", user=leader, completed_at=done
                )
                verify_action(problem.action, user=office, passed=True, note="复查合格。")


def seed_responses(community, rng, plans, teams, count, start, today, user, large):
    from injuries.models import Accident

    accidents = {}
    for accident in Accident.objects.filter(community=community).order_by("occurred_at"):
        accidents.setdefault(accident.kind, []).append(accident)
    plan_by_type = {}
    for plan in plans:
        plan_by_type.setdefault(plan.emergency_type, plan)
    now = timezone.now()
    rows, links = [], []
    for index in range(count):
        title, kind, accident_kind, place, evacuated, actions, outcome = data.RESPONSES[
            index % len(data.RESPONSES)
        ]
        linked = accidents.get(accident_kind) or []
        accident = linked[index // len(data.RESPONSES) % len(linked)] if linked else None
        if accident is not None:
            occurred = accident.occurred_at
        else:
            day = day_between(rng, start, today - datetime.timedelta(days=1))
            occurred = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(rng.randint(6, 22), 10))
            )
        occurred = min(occurred, now - datetime.timedelta(hours=3))
        response = EmergencyResponse(
            community=community,
            title=title
            if index < len(data.RESPONSES)
            else f"{title}（{index // len(data.RESPONSES) + 1}）",
            category=TYPE_CATEGORY.get(kind, Category.ACCIDENT),
            emergency_type=kind,
            response_level=ResponseLevel.IV,
            plan=plan_by_type.get(kind),
            occurred_at=occurred,
            ended_at=occurred + datetime.timedelta(hours=rng.randint(1, 8)),
            place=place,
            commander="陈志强",
            description=f"{place}发生{kind.label}，街道应急值班室接报后按预案启动响应。",
            actions_taken=actions,
            evacuated=evacuated,
            outcome=outcome,
            lessons="信息报送及时，部门联动顺畅；需进一步加强夜间值守和居民自救知识宣传。",
            created_by=user,
        )
        rows.append((response, accident))
    stored = store(EmergencyResponse, [r for r, _a in rows], large)
    Link = EmergencyResponse.accidents.through
    TeamLink = EmergencyResponse.teams.through
    team_links = []
    for response, (_r, accident) in zip(stored, rows, strict=True):
        if accident is not None:
            links.append(Link(emergencyresponse_id=response.pk, accident_id=accident.pk))
        for team in rng.sample(teams, min(len(teams), 2)):
            team_links.append(TeamLink(emergencyresponse_id=response.pk, rescueteam_id=team.pk))
    Link.objects.bulk_create(links, batch_size=BATCH)
    TeamLink.objects.bulk_create(team_links, batch_size=BATCH)

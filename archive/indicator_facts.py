"""One community's records boiled down to numbers: the facts the indicator rules judge.

``community_facts`` runs a fixed number of aggregate queries (one or two per record kind, never
one per row), so the self-assessment page, the dossier and the ISCCC panel cost the same for a
community with ten records as for one with ten thousand. The rules in ``archive.indicators`` are
pure functions of a ``Facts``; tests build one with ``Facts.of(**numbers)``.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from committee.models import (
    CreationPhase,
    Meeting,
    Member,
    Participation,
    Partner,
    Volunteer,
    WorkingGroup,
)
from emergency.models import (
    Drill,
    DrillPhoto,
    EmergencyPlan,
    PlanGroup,
    RescueTeam,
    Shelter,
    Supply,
)
from hazards.models import (
    CorrectiveAction,
    Hazard,
    HiddenDanger,
    Inspection,
    InspectionPlan,
    Place,
    ScheduledInspection,
)
from injuries.models import Accident, InjuryCard, ReportingUnit
from projects.models import (
    Activity,
    AwarenessSurvey,
    Objective,
    Plan,
    PlanTask,
    Project,
    ProjectUpdate,
)

from .models import (
    Assessment,
    Document,
    DocumentElement,
    DossierBuild,
    ManagementReview,
    Report,
    ReviewDecision,
)


def _all_plan_parts():
    from hazards.models.dangers import PLAN_PARTS

    condition = Q()
    for part in PLAN_PARTS:
        condition &= ~Q(**{part: ""})
    return condition


# Title words that mark a filed document as a rule, plan or diagnosis of its element.
DOCUMENT_WORDS = {"rule": "制度", "plan": "计划", "diagnosis": "诊断", "funds": "经费"}


@dataclass
class Facts:
    """Numbers about one community (missing names read as 0) and the URLs of its pages."""

    values: dict = field(default_factory=dict)
    slug: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)

    @classmethod
    def of(cls, slug="", today=None, **values):
        return cls(values=values, slug=slug, today=today or timezone.localdate())

    def __getitem__(self, name):
        return self.values.get(name) or 0

    def share(self, part, whole):
        """part / whole in percent (0 when the whole is 0)."""
        return round(self[part] * 100 / self[whole]) if self[whole] else 0

    def url(self, name, *args):
        if not self.slug:
            return ""
        try:
            return reverse(name, args=[self.slug, *args])
        except NoReverseMatch:
            return ""


def _add(values, prefix, row):
    for key, value in row.items():
        values[f"{prefix}{key}"] = value or 0


def community_facts(community, today=None):
    """The facts snapshot of ``community`` as of ``today`` (a fixed number of queries)."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    two_years_ago = today - datetime.timedelta(days=730)
    values = {"population": community.population or 0}
    c = {"community": community}

    _add(
        values,
        "members_",
        Member.objects.filter(**c, is_active=True).aggregate(
            n=Count("id"),
            units=Count("unit", distinct=True),
            with_duties=Count("id", filter=~Q(duties="")),
            directors=Count("id", filter=Q(committee_role="director")),
            office=Count("id", filter=Q(committee_role__in=["office_head", "office_staff"])),
        ),
    )
    _add(
        values,
        "groups_",
        WorkingGroup.objects.filter(**c).aggregate(
            n=Count("id", distinct=True),
            project=Count("id", filter=Q(kind="project"), distinct=True),
            support_kinds=Count(
                "kind",
                filter=Q(kind__in=["publicity", "supervision", "surveillance"]),
                distinct=True,
            ),
            areas=Count("safety_area", filter=~Q(safety_area=""), distinct=True),
            with_duties=Count("id", filter=~Q(duties=""), distinct=True),
            staffed=Count("id", filter=Q(members__isnull=False), distinct=True),
        ),
    )
    _add(
        values,
        "partners_",
        Partner.objects.filter(**c).aggregate(n=Count("id"), kinds=Count("kind", distinct=True)),
    )
    _add(
        values,
        "volunteers_",
        Volunteer.objects.filter(**c).aggregate(
            n=Count("id"), experts=Count("id", filter=Q(is_expert=True))
        ),
    )
    recent = Participation.objects.filter(**c, date__gt=year_ago)
    _add(
        values,
        "participation_",
        recent.aggregate(
            n=Count("id"),
            organised=Count("id", filter=Q(volunteer__isnull=False) | Q(partner__isnull=False)),
            people=Sum("participants"),
        ),
    )
    values["participation_months"] = len(set(recent.dates("date", "month")))
    _add(
        values,
        "meetings_",
        Meeting.objects.filter(**c, date__gt=year_ago).aggregate(
            n=Count("id"),
            committee=Count("id", filter=Q(kind="committee")),
            group=Count("id", filter=Q(kind="group")),
            residents=Count("id", filter=Q(kind="residents")),
            seminar=Count("id", filter=Q(kind="seminar")),
            minutes=Count("id", filter=~Q(minutes="")),
            decisions=Count("id", filter=~Q(decisions="")),
        ),
    )
    phases = {p.phase: p for p in CreationPhase.objects.filter(**c)}
    values["phases_done"] = sum(1 for p in phases.values() if p.actual_end)
    values["phases"] = phases  # the timeline needs the dates, not a count

    # Hazards: register, assessments, inspections, hidden dangers, corrective actions
    _add(
        values,
        "hazards_",
        Hazard.objects.filter(**c, status="active").aggregate(
            n=Count("id", distinct=True),
            levelled=Count("id", filter=~Q(level=""), distinct=True),
            assessed=Count("id", filter=Q(last_assessed_on__isnull=False), distinct=True),
            assessed_12m=Count("id", filter=Q(last_assessed_on__gt=year_ago), distinct=True),
            exposed=Count("id", filter=~Q(exposed_groups=[]), distinct=True),
            owned=Count(
                "id",
                filter=~Q(level="") & (Q(working_group__isnull=False) | ~Q(responsible_unit="")),
                distinct=True,
            ),
            high=Count("id", filter=Q(level__in=["red", "orange"]), distinct=True),
            high_projects=Count(
                "id", filter=Q(level__in=["red", "orange"], projects__isnull=False), distinct=True
            ),
            from_injuries=Count("id", filter=Q(source="injury_data"), distinct=True),
        ),
    )
    values["hazards_high_plans"] = (
        Hazard.objects.filter(
            **c,
            status="active",
            level__in=["red", "orange"],
            emergency_plans__status="in_force",
        )
        .values("id")
        .distinct()
        .count()
    )
    values["inspection_plans_n"] = InspectionPlan.objects.filter(**c).count()
    _add(
        values,
        "inspections_",
        Inspection.objects.filter(**c, date__gt=year_ago).aggregate(
            n=Count("id", distinct=True),
            summarised=Count("id", filter=~Q(summary=""), distinct=True),
            joint=Count("id", filter=Q(method="joint"), distinct=True),
            projects=Count(
                "id",
                filter=Q(inspection_type__in=["project_ongoing", "project_end"]),
                distinct=True,
            ),
            key_places=Count("places", filter=Q(places__is_key_place=True), distinct=True),
        ),
    )
    # Scheduled inspections whose day has passed in 12 months: done on their day, or missed.
    _add(
        values,
        "scheduled_",
        ScheduledInspection.objects.filter(**c, due_date__gt=year_ago, due_date__lte=today)
        .exclude(status="due")
        .aggregate(
            due=Count("id"),
            on_time=Count("id", filter=Q(status="done", done_on__lte=F("due_date"))),
            missed=Count("id", filter=Q(status="missed")),
        ),
    )
    values["key_places_n"] = Place.objects.filter(**c, is_active=True, is_key_place=True).count()
    _add(
        values,
        "dangers_",
        HiddenDanger.objects.filter(**c).aggregate(
            n=Count("id"),
            found_12m=Count("id", filter=Q(found_on__gt=year_ago)),
            assigned=Count("id", filter=Q(deadline__isnull=False) & ~Q(responsible_department="")),
            major=Count("id", filter=Q(grade="major")),
            # A 重大 隐患 has its 治理方案 when every required part is written.
            major_planned=Count("id", filter=Q(grade="major") & _all_plan_parts()),
            due=Count("id", filter=Q(deadline__lte=today)),
            on_time=Count(
                "id",
                filter=Q(deadline__lte=today, rectified_on__isnull=False)
                & Q(rectified_on__lte=F("deadline")),
            ),
            overdue=Count(
                "id",
                filter=Q(deadline__lt=today, status__in=["reported", "ordered"]),
            ),
            rectified=Count("id", filter=Q(rectified_on__isnull=False)),
            verified=Count("id", filter=Q(verified_on__isnull=False)),
            closed=Count("id", filter=Q(status="closed")),
            closed_first_time=Count("id", filter=Q(status="closed", sent_back_count=0)),
            reported_by_residents=Count("id", filter=Q(source="report")),
            residents_closed=Count(
                "id", filter=Q(source="report", status__in=["verified", "closed"])
            ),
        ),
    )
    _add(
        values,
        "actions_",
        CorrectiveAction.objects.filter(**c).aggregate(
            n=Count("id"),
            sources=Count("source_kind", distinct=True),
            with_cause=Count("id", filter=~Q(cause="")),
            done=Count("id", filter=Q(status__in=["done", "verified", "closed"])),
            verified=Count("id", filter=Q(verified_at__isnull=False)),
            from_reviews=Count("id", filter=Q(source_kind="review")),
            from_reviews_done=Count(
                "id", filter=Q(source_kind="review", status__in=["done", "verified", "closed"])
            ),
        ),
    )

    # Projects: plans, tasks, objectives, projects and updates, activities, surveys
    _add(
        values,
        "plans_",
        Plan.objects.filter(**c).aggregate(
            overall=Count("id", filter=Q(kind="overall") & ~Q(goals="")),
            annual_now=Count(
                "id", filter=Q(kind="annual", start_year__lte=today.year, end_year__gte=today.year)
            ),
        ),
    )
    _add(
        values,
        "tasks_",
        PlanTask.objects.filter(**c).aggregate(
            n=Count("id"),
            assigned=Count(
                "id",
                filter=Q(due_date__isnull=False) & (Q(working_group__isnull=False) | ~Q(owner="")),
            ),
            due=Count("id", filter=Q(due_date__lte=today)),
            due_done=Count("id", filter=Q(due_date__lte=today, status="done")),
            overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(status="done")),
        ),
    )
    _add(
        values,
        "objectives_",
        Objective.objects.filter(**c).aggregate(
            n=Count("id", distinct=True),
            quantified=Count(
                "id",
                filter=Q(baseline_value__isnull=False, target_value__isnull=False),
                distinct=True,
            ),
            measured=Count(
                "id", filter=~Q(indicator_kind="manual") | Q(values__isnull=False), distinct=True
            ),
            injury=Count("id", filter=Q(indicator_kind="injury_rate"), distinct=True),
            areas=Count("safety_area", filter=~Q(safety_area=""), distinct=True),
            targeted=Count("id", filter=~Q(target_group=""), distinct=True),
        ),
    )
    _add(
        values,
        "projects_",
        Project.objects.filter(**c).aggregate(
            n=Count("id", distinct=True),
            areas=Count("safety_area", distinct=True),
            targeted=Count("id", filter=~Q(target_groups=[]), distinct=True),
            active=Count(
                "id", filter=Q(status__in=["running", "evaluating", "completed"]), distinct=True
            ),
            running=Count("id", filter=Q(status="running"), distinct=True),
            fresh=Count(
                "id",
                filter=Q(status="running", last_update_on__gte=today - datetime.timedelta(days=30)),
                distinct=True,
            ),
            designed=Count(
                "id",
                filter=~Q(background="")
                & ~Q(goals="")
                & ~Q(interventions=[])
                & Q(working_group__isnull=False),
                distinct=True,
            ),
            resourced=Count(
                "id",
                filter=Q(budget__gt=0, start_date__isnull=False, end_date__isnull=False),
                distinct=True,
            ),
            budgeted=Count("id", filter=Q(budget__gt=0), distinct=True),
            measurable=Count("id", filter=~Q(indicator_name=""), distinct=True),
            updated=Count("id", filter=Q(updates__isnull=False), distinct=True),
            process_evaluated=Count("id", filter=~Q(process_evaluation=""), distinct=True),
            evaluated=Count("id", filter=~Q(effect_evaluation=""), distinct=True),
            targeted_evaluated=Count(
                "id", filter=~Q(target_groups=[]) & ~Q(effect_evaluation=""), distinct=True
            ),
            before_after=Count(
                "id",
                filter=Q(indicator_before__isnull=False, indicator_after__isnull=False),
                distinct=True,
            ),
            improved=Count(
                "id",
                filter=Q(indicator_direction="lower", indicator_after__lt=F("indicator_before"))
                | Q(
                    indicator_direction="higher",
                    indicator_after__gt=F("indicator_before"),
                ),
                distinct=True,
            ),
            linked=Count("id", filter=Q(hazards__isnull=False), distinct=True),
        ),
    )
    _add(
        values,
        "updates_",
        ProjectUpdate.objects.filter(**c, date__gt=year_ago).aggregate(
            n=Count("id"), planned_next=Count("id", filter=~Q(next_steps=""))
        ),
    )
    activities = Activity.objects.filter(**c, date__gt=year_ago)
    _add(
        values,
        "activities_",
        activities.aggregate(
            n=Count("id"),
            training=Count("id", filter=Q(kind__in=["training", "lecture"])),
            publicity=Count("id", filter=Q(kind__in=["publicity", "consultation", "contest"])),
            groups=Count("target_group", filter=~Q(target_group=""), distinct=True),
            targeted=Count("id", filter=~Q(target_group="")),
            with_materials=Count("id", filter=~Q(materials="")),
            materials=Sum("materials_count"),
            people=Sum("participants"),
        ),
    )
    values["activities_months"] = len(set(activities.dates("date", "month")))
    latest_survey = (
        AwarenessSurvey.objects.filter(**c)
        .order_by("-date", "-id")
        .values("id", "date", "sample_size", "population", "aware_count", "coverage_threshold")
        .first()
    )
    values["surveys_n"] = AwarenessSurvey.objects.filter(**c).count()
    if latest_survey:
        values["survey_id"] = latest_survey["id"]
        values["survey_date"] = latest_survey["date"]
        values["survey_awareness"] = (
            round(latest_survey["aware_count"] * 100 / latest_survey["sample_size"])
            if latest_survey["sample_size"]
            else 0
        )
        values["survey_coverage"] = (
            round(latest_survey["sample_size"] * 100 / latest_survey["population"])
            if latest_survey["population"]
            else 0
        )
        values["survey_coverage_threshold"] = latest_survey["coverage_threshold"] or 50

    # Emergency: plans, organisation, resources, drills
    _add(
        values,
        "eplans_",
        EmergencyPlan.objects.filter(**c, status="in_force").aggregate(
            n=Count("id", distinct=True),
            categories=Count("category", distinct=True),
            levels=Count("level", distinct=True),
            comprehensive_led=Count(
                "id", filter=Q(level="comprehensive") & ~Q(commander=""), distinct=True
            ),
            commanded=Count("id", filter=~Q(commander=""), distinct=True),
            approved=Count("id", filter=Q(approved_on__isnull=False), distinct=True),
            review_overdue=Count("id", filter=Q(next_review__lt=today), distinct=True),
            linked=Count("id", filter=Q(hazards__isnull=False), distinct=True),
        ),
    )
    values["plan_groups_n"] = PlanGroup.objects.filter(
        plan__community=community, plan__status="in_force"
    ).count()
    _add(
        values,
        "teams_",
        RescueTeam.objects.filter(**c, is_active=True).aggregate(n=Count("id"), people=Sum("size")),
    )
    _add(
        values,
        "supplies_",
        Supply.objects.filter(**c).aggregate(
            n=Count("id"),
            checked=Count("id", filter=Q(next_check_on__gte=today) | Q(next_check_on__isnull=True)),
            sound=Count(
                "id",
                filter=(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
                & Q(quantity__gte=F("min_quantity")),
            ),
        ),
    )
    values["shelters_n"] = Shelter.objects.filter(**c, is_active=True).count()
    _add(
        values,
        "drills_",
        Drill.objects.filter(**c, date__gt=year_ago).aggregate(
            n=Count("id", filter=~Q(status="cancelled")),
            held=Count("id", filter=Q(status="held")),
            field=Count("id", filter=Q(status="held", drill_type__in=["field", "combined"])),
            evaluated=Count("id", filter=Q(status="held") & ~Q(evaluation="")),
        ),
    )
    values["drill_photos_n"] = DrillPhoto.objects.filter(
        drill__community=community, drill__date__gt=year_ago
    ).count()

    # Injuries: reporting units, cards, accidents
    _add(
        values,
        "units_",
        ReportingUnit.objects.filter(**c, is_active=True).aggregate(
            n=Count("id"), kinds=Count("kind", distinct=True)
        ),
    )
    cards = InjuryCard.objects.filter(**c, is_duplicate=False)
    _add(
        values,
        "cards_",
        cards.aggregate(
            n12=Count("id", filter=Q(injury_date__gt=year_ago)),
            prev12=Count("id", filter=Q(injury_date__gt=two_years_ago, injury_date__lte=year_ago)),
            units12=Count("reporting_unit", filter=Q(injury_date__gt=year_ago), distinct=True),
            with_unit=Count("id", filter=Q(injury_date__gt=year_ago, reporting_unit__isnull=False)),
        ),
    )
    values["cards_months"] = len(
        set(cards.filter(injury_date__gt=year_ago).dates("injury_date", "month"))
    )
    values["accidents_12m"] = Accident.objects.filter(**c, occurred_at__date__gt=year_ago).count()

    # Archive: documents per element, reports, reviews, assessments, dossier
    per_element = {
        row["element"]: row
        for row in DocumentElement.objects.filter(**c)
        .values("element")
        .annotate(
            n=Count("id"),
            latest=Max("document__date"),
            **{
                word: Count("id", filter=Q(document__title__contains=text))
                for word, text in DOCUMENT_WORDS.items()
            },
        )
    }
    values["documents_by_element"] = per_element
    values["doc_elements"] = len(per_element)
    values["doc_elements_12m"] = sum(
        1 for row in per_element.values() if row["latest"] and row["latest"] > year_ago
    )
    for element, row in per_element.items():
        for word in DOCUMENT_WORDS:
            values[f"doc_{element}_{word}"] = row[word]
        values[f"doc_{element}_n"] = row["n"]
    activity_type = ContentType.objects.get_for_model(Activity)
    project_type = ContentType.objects.get_for_model(Project)
    _add(
        values,
        "documents_",
        Document.objects.filter(**c).aggregate(
            n=Count("id", distinct=True),
            tagged=Count("id", filter=Q(element_links__isnull=False), distinct=True),
            recent=Count("id", filter=Q(date__gt=year_ago), distinct=True),
            images=Count("id", filter=Q(kind="image"), distinct=True),
            linked=Count("id", filter=Q(content_type__isnull=False), distinct=True),
            activity_photos=Count(
                "object_id", filter=Q(content_type=activity_type, kind="image"), distinct=True
            ),
            project_files=Count("object_id", filter=Q(content_type=project_type), distinct=True),
        ),
    )
    _add(
        values,
        "reports_",
        Report.objects.filter(**c, state="done").aggregate(
            n=Count("id"),
            recent=Count("id", filter=Q(period_end__gt=year_ago)),
            annual=Count(
                "id", filter=Q(kind="annual", period_end__gt=today - datetime.timedelta(days=400))
            ),
        ),
    )
    _add(
        values,
        "reviews_",
        ManagementReview.objects.filter(**c).aggregate(
            n=Count("id"),
            recent=Count("id", filter=Q(date__gt=year_ago)),
            recent2=Count("id", filter=Q(date__gt=two_years_ago)),
            concluded=Count("id", filter=~Q(conclusions="")),
        ),
    )
    _add(
        values,
        "decisions_",
        ReviewDecision.objects.filter(**c).aggregate(
            n=Count("id"), linked=Count("id", filter=Q(action_id__isnull=False))
        ),
    )
    values["assessments_12m"] = Assessment.objects.filter(**c, date__gt=year_ago).count()
    values["dossiers_done"] = DossierBuild.objects.filter(**c, state="done").count()
    return Facts(values=values, slug=community.slug, today=today)

"""What the API answers with, and (for the schema) what an injury card item may carry.

No personal data is ever returned (name, ID number, phone, birth date, address, narrative:
``injuries.models.PERSONAL_FIELDS``): a token is no person, and the hospital that sent them
keeps them in its own system. They may be sent; they are kept as from the import.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hazards.models import HiddenDanger, Inspection, InspectionItem
from injuries.models import PERSONAL_FIELDS, InjuryCard, ReportingUnit
from injuries.resources import InjuryCardResource
from projects.models import Project, ProjectUpdate

CARD_FIELDS = (
    "id",
    "number",
    "card_no",
    "reporting_unit",
    "reporting_unit_name",
    "reported_on",
    "reporter_name",
    "sex",
    "age",
    "age_group",
    "residence",
    "education",
    "occupation",
    "injury_at",
    "visit_at",
    "cause",
    "cause_other",
    "place",
    "place_other",
    "activity",
    "activity_other",
    "intent",
    "alcohol",
    "nature",
    "nature_secondary",
    "nature_other",
    "body_part",
    "body_part_other",
    "severity",
    "diagnosis",
    "icd10",
    "outcome",
    "outcome_other",
    "follow_up",
    "safety_area",
    "is_duplicate",
    "confirmed_warnings",
    "created_at",
)
assert not set(CARD_FIELDS) & set(PERSONAL_FIELDS)


class InjuryCardSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    reporting_unit_name = serializers.CharField(source="reporting_unit.name", read_only=True)

    class Meta:
        model = InjuryCard
        fields = CARD_FIELDS
        read_only_fields = CARD_FIELDS


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": True})
class CellField(serializers.Field):
    """A value as a cell of the import holds it: a code, a label, or a date as people write it."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


def _card_input_fields():
    resource = InjuryCardResource()
    required = set(resource.required_columns)
    return {
        ("unit_code" if f.attribute == "reporting_unit__code" else f.attribute): CellField(
            required=f.attribute in required,
            help_text=f"{f.column_name}",
        )
        for f in resource.get_import_fields()
    }


CardInputSerializer = type(
    "InjuryCardInput",
    (serializers.Serializer,),
    {
        **_card_input_fields(),
        "__doc__": "One card: our field names or the national card's Chinese headings as keys, "
        "codes or labels as values (the import's rules). injury_at and visit_at: local time "
        "'2026-11-03 08:30' or ISO 8601 with an offset. A hospital token may leave out "
        "reporting_unit (its own unit is used).",
    },
)


class CardBatchInputSerializer(serializers.Serializer):
    cards = CardInputSerializer(many=True, help_text="1 to 1,000 cards")


class CreatedCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())


UNKNOWN_HELP = "keys that are no field of the card: ignored, as the import ignores such columns"


class CardBatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    cards = CreatedCardSerializer(many=True)
    unknown_fields = serializers.ListField(child=serializers.CharField(), help_text=UNKNOWN_HELP)


class ItemErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="position of the item in cards, from 0")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class CardBatchErrorSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    errors = ItemErrorSerializer(many=True)
    unknown_fields = serializers.ListField(child=serializers.CharField(), help_text=UNKNOWN_HELP)


class CardBatchRefusalSerializer(CardBatchErrorSerializer):
    """A refused batch: the bad items (``created``, ``errors``, ``unknown_fields``), or, when
    there is no batch to check (no ``cards`` list, an empty one, over 1,000 cards), ``cards``
    saying why; a body that is no JSON at all is ``{"detail": …}``."""

    created = serializers.IntegerField(required=False)
    errors = ItemErrorSerializer(many=True, required=False)
    unknown_fields = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=UNKNOWN_HELP
    )
    cards = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(required=False)


class CreatedInjuryCardSerializer(InjuryCardSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    unknown_fields = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=UNKNOWN_HELP
    )

    class Meta(InjuryCardSerializer.Meta):
        fields = (*CARD_FIELDS, "warnings", "unknown_fields")
        read_only_fields = fields


class ReportingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingUnit
        fields = ("id", "name", "kind", "code", "is_active")
        read_only_fields = fields


class HiddenDangerSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = HiddenDanger
        fields = (
            "id",
            "title",
            "grade",
            "grade_label",
            "safety_area",
            "location",
            "found_on",
            "deadline",
            "status",
            "status_label",
            "ordered_on",
            "rectified_on",
            "verified_on",
            "closed_on",
            "escalation_level",
            "responsible_department",
            "created_at",
        )
        read_only_fields = fields


# Inspections, projects and their updates: the records as the pages show them to a member,
# without the people (inspectors, recorder, project leader, update author): a token is no
# person, as for hidden dangers (no 责任人). Working groups are named.


class InspectionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionItem
        fields = ("item", "result", "note")
        read_only_fields = fields


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InspectionSerializer(serializers.ModelSerializer):
    inspection_type_label = serializers.CharField(
        source="get_inspection_type_display", read_only=True
    )
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    plan_title = serializers.CharField(source="plan.title", read_only=True, allow_null=True)
    working_group_name = serializers.CharField(
        source="working_group.name", read_only=True, allow_null=True
    )
    places = PlaceRefSerializer(many=True, read_only=True)
    items = InspectionItemSerializer(many=True, read_only=True)
    failed_items = serializers.IntegerField(read_only=True, help_text="checklist lines failed")
    danger_count = serializers.IntegerField(
        read_only=True, help_text="hidden dangers recorded from this inspection"
    )

    class Meta:
        model = Inspection
        fields = (
            "id",
            "date",
            "inspection_type",
            "inspection_type_label",
            "method",
            "method_label",
            "plan",
            "plan_title",
            "places",
            "target_groups",
            "scope",
            "working_group",
            "working_group_name",
            "summary",
            "items",
            "failed_items",
            "danger_count",
            "created_at",
        )
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    working_group_name = serializers.CharField(source="working_group.name", read_only=True)
    effect_change = serializers.FloatField(
        read_only=True, allow_null=True, help_text="change of the indicator after/before, in %"
    )

    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            "title",
            "safety_area",
            "target_groups",
            "target_environments",
            "background",
            "working_group",
            "working_group_name",
            "goals",
            "interventions",
            "intervention_details",
            "budget",
            "start_date",
            "end_date",
            "status",
            "status_label",
            "progress",
            "last_update_on",
            "process_evaluation",
            "effect_evaluation",
            "indicator_name",
            "indicator_unit",
            "indicator_direction",
            "indicator_before",
            "indicator_after",
            "effect_change",
            "created_at",
        )
        read_only_fields = fields


class ProjectUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectUpdate
        fields = (
            "id",
            "project",
            "date",
            "percent",
            "previous_percent",
            "done",
            "next_steps",
            "problems",
            "drop_reason",
            "created_at",
        )
        read_only_fields = fields


# Readiness, the self-assessment score, per-region figures: the archive's own results
# (``api.aggregates`` turns them into these plain dicts; nothing is computed twice).


def _points(**kwargs):
    return serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, **kwargs
    )


class SectionScoreSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    title = serializers.CharField()
    earned = _points()
    maximum = _points()
    percent = serializers.IntegerField(allow_null=True)
    graded = serializers.IntegerField()
    items = serializers.IntegerField()
    zeros = serializers.IntegerField(help_text="items graded 0 (any one fails the assessment)")


class AssessmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    date = serializers.DateField()
    scheme = serializers.CharField()


class SelfAssessmentSerializer(serializers.Serializer):
    """The latest self-assessment's score as the assessment page computes it."""

    assessment = AssessmentRefSerializer(allow_null=True)
    earned = _points(allow_null=True)
    maximum = _points(allow_null=True)
    graded = serializers.IntegerField()
    total_items = serializers.IntegerField()
    zeros = serializers.IntegerField()
    complete = serializers.BooleanField()
    verdict = serializers.ChoiceField(
        choices=["pass", "rectify", "fail", "incomplete", "none"],
        help_text="pass / rectify / fail by the scheme's lines; incomplete while an item is "
        "ungraded; none without any self-assessment",
    )
    verdict_label = serializers.CharField()
    sections = SectionScoreSerializer(many=True)


class ElementReadinessSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    label = serializers.CharField()
    state = serializers.ChoiceField(choices=["missing", "partial", "ready"])
    state_label = serializers.CharField()
    records = serializers.IntegerField(help_text="records the system holds for the element")
    missing = serializers.ListField(child=serializers.CharField(), help_text="gaps, in words")
    documents = serializers.IntegerField(help_text="archive documents tagged to the element")
    latest_document = serializers.DateField(allow_null=True)
    score_percent = serializers.IntegerField(
        allow_null=True, help_text="the latest self-assessment's score of the element, in %"
    )


class ReadinessSerializer(serializers.Serializer):
    ready = serializers.IntegerField(help_text="elements in state ready")
    elements = ElementReadinessSerializer(many=True)
    self_assessment = SelfAssessmentSerializer()


class ScoreSummarySerializer(serializers.Serializer):
    assessment_date = serializers.DateField()
    earned = _points()
    maximum = _points()
    percent = serializers.IntegerField(allow_null=True)
    graded = serializers.IntegerField()
    total_items = serializers.IntegerField()
    complete = serializers.BooleanField()


class CommunityFiguresSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="the community's region code")
    coverage = serializers.IntegerField(help_text="elements (of 12) holding any record")
    elements_covered = serializers.ListField(child=serializers.IntegerField())
    overdue = serializers.IntegerField(help_text="hidden dangers past their deadline")
    gap_months = serializers.IntegerField(
        help_text="of the last 12 complete months, those without any injury card"
    )
    score = ScoreSummarySerializer(allow_null=True, help_text="latest self-assessment")


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class RegionFiguresSerializer(serializers.Serializer):
    region = RegionSerializer()
    sort = serializers.CharField()
    communities = CommunityFiguresSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """Every refusal (401, 403, 404, 405, 429 …) says why in ``detail``."""

    detail = serializers.CharField()


class TableSerializer(serializers.Serializer):
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField())
    note = serializers.CharField()


class StatisticsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField()
    figures = serializers.DictField()
    tables = serializers.DictField(child=TableSerializer())

"""What the API answers with, and (for the schema) what an injury card item may carry.

No personal data is ever returned (name, ID number, phone, birth date, address, narrative:
``injuries.models.PERSONAL_FIELDS``): a token is no person, and the hospital that sent them
keeps them in its own system. They may be sent; they are kept as from the import.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hazards.models import HiddenDanger
from injuries.models import PERSONAL_FIELDS, InjuryCard, ReportingUnit
from injuries.resources import InjuryCardResource

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

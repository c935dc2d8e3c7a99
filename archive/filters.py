import django_filters
from django.utils.translation import gettext_lazy as _

from safecommunity.elements import Element

from .choices import DocumentKind, JobState, ReportKind
from .models import Document, Report


class DocumentFilter(django_filters.FilterSet):
    element = django_filters.ChoiceFilter(
        label=_("要素"), field_name="element_links__element", choices=Element.choices
    )
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=DocumentKind.choices)
    year = django_filters.NumberFilter(label=_("年份"), field_name="date", lookup_expr="year")
    attached = django_filters.ChoiceFilter(
        label=_("来源"),
        choices=[("yes", _("记录的附件")), ("no", _("独立归档"))],
        method="filter_attached",
    )

    class Meta:
        model = Document
        fields = ["element", "kind", "year", "attached"]

    def filter_attached(self, queryset, name, value):
        return queryset.filter(content_type__isnull=value != "yes")


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("报告类型"), choices=ReportKind.choices)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=JobState.choices)
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="period_start", lookup_expr="year"
    )

    class Meta:
        model = Report
        fields = ["kind", "state", "year"]

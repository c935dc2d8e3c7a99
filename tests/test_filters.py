"""Every yes/no list filter offers 全部 / 是 / 否, never Django's 未知 ("unknown") for "all"."""

import django_filters
import pytest

import committee.filters
import emergency.filters
import hazards.filters
import injuries.filters
import projects.filters  # noqa: F401 - registers its filtersets as subclasses

BOOLEAN_FILTERS = sorted(
    (
        (filterset, name)
        for filterset in django_filters.FilterSet.__subclasses__()
        + [
            sub
            for base in django_filters.FilterSet.__subclasses__()
            for sub in base.__subclasses__()
        ]
        if filterset.__module__.split(".")[0]
        in {"committee", "hazards", "emergency", "injuries", "projects"}
        for name, field in filterset.base_filters.items()
        if isinstance(field, django_filters.BooleanFilter)
    ),
    key=lambda item: (item[0].__module__, item[0].__name__, item[1]),
)


def test_the_apps_have_yes_no_filters():
    modules = {filterset.__module__ for filterset, _name in BOOLEAN_FILTERS}
    assert {committee.filters.__name__, hazards.filters.__name__} <= modules
    assert {emergency.filters.__name__, injuries.filters.__name__} <= modules


@pytest.mark.parametrize(
    ("filterset", "name"), BOOLEAN_FILTERS, ids=[f"{f.__name__}.{n}" for f, n in BOOLEAN_FILTERS]
)
def test_yes_no_filter_reads_all_yes_no(filterset, name):
    html = filterset.base_filters[name].field.widget.render(name, "")
    assert "未知" not in html and "Unknown" not in html
    assert '<option value="" selected>全部</option>' in html
    assert (
        '<option value="true">是</option>' in html and '<option value="false">否</option>' in html
    )


def test_lists_of_the_same_class_name_keep_their_own_filter_forms(cast):
    """PlanList is a list in hazards, projects and emergency: each keeps its own cached filter
    form (the cache key names the module, not only the class)."""
    from django.urls import reverse

    client = cast.client_for("office")
    forms = []
    for name in ("hazards:plan_list", "projects:plan_list", "emergency:plan_list"):
        html = client.get(reverse(name, args=[cast.community.slug])).content.decode()
        start = html.index('class="row g-2 mb-3 filter-form"')
        forms.append(html[start : html.index("</form>", start)])
    assert len(set(forms)) == 3

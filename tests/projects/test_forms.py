"""Form configuration: choices narrowed before validation, replaced fields really used."""

import pytest

from projects.forms import ObjectiveForm, ProjectForm
from safecommunity.tenancy import get_membership

pytestmark = pytest.mark.django_db


def test_bound_project_form_validates_against_the_leaders_groups(cast):
    membership = get_membership(cast.users["leader"], cast.community)
    form = ProjectForm(
        {"working_group": cast.other_group.pk},
        community=cast.community,
        user=membership.user,
        membership=membership,
    )
    assert not form.is_valid()
    assert "working_group" in form.errors
    assert "is-invalid" in form["working_group"].field.widget.attrs["class"]


def test_objective_form_offers_injury_causes_as_a_select(cast):
    form = ObjectiveForm({"injury_cause": "3"}, community=cast.community)
    form.is_valid()
    assert form.cleaned_data.get("injury_cause") == 3
    assert "<select" in str(form["injury_cause"])
    assert "跌倒/坠落" in str(form["injury_cause"])

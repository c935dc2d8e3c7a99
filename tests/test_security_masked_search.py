"""The injury card list searches only what the role may see: a field the detail page masks
（已隐藏） is not searched for that role, so a search cannot reveal whose card has an address."""

import pytest
from django.urls import reverse

from committee.choices import Role

from .injuries.factories import InjuryCardFactory

MASKED_ROLES = [Role.MEMBER, Role.LEADER, Role.GROUP_MEMBER, Role.REVIEWER]


@pytest.fixture
def card(cast):
    return InjuryCardFactory(
        community=cast.community,
        name="李秀英",
        phone="13912345678",
        address="幸福路18号3单元",
        narrative="在自家厨房滑倒，右腿着地。",
        diagnosis="右股骨颈骨折",
    )


def found(client, community, query):
    url = reverse("injuries:card_list", args=[community.slug])
    return [c.pk for c in client.get(url, {"q": query}).context["object_list"]]


@pytest.mark.parametrize("role", MASKED_ROLES)
@pytest.mark.parametrize("query", ["幸福路18号", "自家厨房", "李秀英", "13912345678"])
def test_masked_roles_cannot_search_masked_fields(cast, card, role, query):
    client = cast.client_for(role)
    detail = client.get(card.get_absolute_url()).content.decode()
    assert query not in detail  # the detail masks it ...
    assert found(client, cast.community, query) == []  # ... so the search does not find it


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_masked_roles_still_search_what_they_see(cast, card, role):
    assert found(cast.client_for(role), cast.community, "股骨颈") == [card.pk]


@pytest.mark.parametrize("query", ["幸福路18号", "自家厨房", "李秀英", "13912345678", "股骨颈"])
def test_office_searches_every_field(cast, card, query):
    assert found(cast.client_for(Role.OFFICE), cast.community, query) == [card.pk]

"""Tokens for the API tests: a community token and a hospital token in cast.community, a
second hospital of the same community, a token of the other community, and a region token of
the county of cast.community (issued for cast's county reviewer)."""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from committee.choices import Role
from tests.factories import region
from tests.injuries.factories import ReportingUnitFactory


@dataclass
class Tokens:
    hospital: object
    other_hospital: object
    foreign_unit: object
    secrets: dict
    objects: dict

    def client(self, who):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.secrets[who]}")
        return client


def issue(community=None, *, unit=None, user=None, name="接口", **fields):
    token, secret = ApiToken.issue(
        community=community, reporting_unit=unit, created_by=user, name=name, **fields
    )
    token.save()
    return token, secret


@pytest.fixture
def tokens(cast):
    office = cast.users[Role.OFFICE]
    hospital = ReportingUnitFactory(
        community=cast.community, name="区人民医院", code="320102001", kind="hospital"
    )
    other_hospital = ReportingUnitFactory(
        community=cast.community, name="镇卫生院", code="320102002", kind="clinic"
    )
    foreign_unit = ReportingUnitFactory(community=cast.other, name="外区医院", code="999")
    made = {
        "community": issue(cast.community, user=office, name="县平台"),
        "hospital": issue(cast.community, unit=hospital, user=office, name="区人民医院 HIS"),
        "other_hospital": issue(cast.community, unit=other_hospital, user=office),
        "foreign": issue(cast.other, user=cast.outsider),
        "region": issue(
            user=cast.regions["county_reviewer"], region=region("330106"), name="区县平台"
        ),
    }
    return Tokens(
        hospital=hospital,
        other_hospital=other_hospital,
        foreign_unit=foreign_unit,
        secrets={who: secret for who, (_t, secret) in made.items()},
        objects={who: token for who, (token, _s) in made.items()},
    )


def card(**overrides):
    """A consistent card as a hospital system would send it: field names, codes."""
    values = {
        "card_no": "H0001",
        "sex": "2",
        "age": 78,
        "residence": 1,
        "education": 2,
        "occupation": 11,
        "injury_at": "2025-01-10 08:30",
        "visit_at": "2025-01-10 09:40",
        "reported_on": "2025-01-10",
        "cause": 3,
        "place": 1,
        "activity": 4,
        "intent": 1,
        "nature": 4,
        "body_part": 5,
        "severity": 2,
        "outcome": 1,
        "name": "王秀英",
    }
    values.update(overrides)
    return values

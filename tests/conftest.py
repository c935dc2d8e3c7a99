"""The standard cast: two communities, one user per role in each, a leader who leads one group.

cast.community / cast.other           the two communities
cast.users[role]                      users of `community` by role (Role values)
cast.outsider                         office staff of `other` only
cast.regions[who]                     region reviewers, no memberships: "county_reviewer" (the
                                      county of `community`), "province_reviewer" (its province),
                                      "region_outsider" (the county of `other` only)
cast.group / cast.other_group         a group led by cast.users["leader"] / a group he does not lead
cast.client_for(role)                 a logged-in test client
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client

from committee.choices import GroupRole, Role
from committee.services import set_group_member

from .factories import (
    CommunityFactory,
    MemberFactory,
    MembershipFactory,
    RegionReviewerFactory,
    UserFactory,
    WorkingGroupFactory,
    region,
)

pytest_plugins = ["tests.browser"]

ROLES = [r.value for r in Role]


@dataclass
class Cast:
    community: object
    other: object
    users: dict
    outsider: object
    group: object
    other_group: object
    foreign_group: object
    regions: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def client_for(self, who):
        if who == "outsider":
            user = self.outsider
        elif who in self.regions:
            user = self.regions[who]
        else:
            user = self.users[who]
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached summaries are keyed by community pk, which a rolled-back test hands out again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; every test starts in Chinese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_and_eager(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if str(settings.CELERY_RESULT_BACKEND).startswith("file://"):
        Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(
            parents=True, exist_ok=True
        )
    from safecommunity.celery import app

    app.conf.task_always_eager = True


def _computed(assert_queries, settings):
    """Query pins count the page as it is computed, not as served from the kept content of an
    earlier request (``safecommunity.views.KeptContentMixin``): the kept copy is neither read
    nor written inside the measured block; everywhere else it is on, as in production."""

    @contextmanager
    def measured(*args, **kwargs):
        settings.KEEP_PAGE_CONTENT = False
        try:
            with assert_queries(*args, **kwargs) as context:
                yield context
        finally:
            settings.KEEP_PAGE_CONTENT = True

    return measured


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, settings):
    return _computed(django_assert_max_num_queries, settings)


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, settings):
    return _computed(django_assert_num_queries, settings)


@pytest.fixture
def cast(db):
    community = CommunityFactory(
        name="幸福街道",
        slug="xingfu",
        area_code="330106001",
        region=region("330106001", "幸福街道"),
    )
    other = CommunityFactory(
        name="平安镇", slug="pingan", area_code="330110102", region=region("330110102", "平安镇")
    )
    users = {}
    for role in ROLES:
        user = UserFactory(username=f"{role}-xingfu")
        MembershipFactory(user=user, community=community, role=role)
        users[role] = user
    outsider = UserFactory(username="office-pingan")
    MembershipFactory(user=outsider, community=other, role=Role.OFFICE)
    group = WorkingGroupFactory(community=community, name="交通安全促进组")
    other_group = WorkingGroupFactory(
        community=community, name="消防安全促进组", safety_area="fire"
    )
    foreign_group = WorkingGroupFactory(community=other, name="平安镇交通组")
    leader_member = MemberFactory(community=community, name="王组长", user=users[Role.LEADER])
    set_group_member(group=group, member=leader_member, role=GroupRole.LEADER)
    regions = {
        who: RegionReviewerFactory(user=UserFactory(username=who), region=region(code)).user
        for who, code in (
            ("county_reviewer", "330106"),
            ("province_reviewer", "330000"),
            ("region_outsider", "330110"),
        )
    }
    return Cast(community, other, users, outsider, group, other_group, foreign_group, regions)

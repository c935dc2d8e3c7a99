"""Factories for the committee app (the base every other app's factories build on)."""

import factory
from django.contrib.auth import get_user_model

from committee import models
from committee.choices import CommunityKind, GroupKind, Role
from safecommunity.elements import SafetyArea

PASSWORD = "Demo-pass-2026!"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Community

    name = factory.Sequence(lambda n: f"测试街道{n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    kind = CommunityKind.STREET
    population = 50000
    households = 18000


def region(code, name=""):
    """The region of a code with its whole chain (committee.regions.ensure_region_path)."""
    from committee.regions import ensure_region_path

    return ensure_region_path(code, names={code: name} if name else None)


class RegionReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegionReviewer

    user = factory.SubFactory("tests.factories.UserFactory")
    region = factory.LazyFunction(lambda: region("330106", "示范区"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    role = Role.OFFICE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Member

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"成员{n}")
    unit = "街道安监办"
    position = "科员"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WorkingGroup

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"工作组{n}")
    kind = GroupKind.PROJECT
    safety_area = SafetyArea.TRAFFIC


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partner

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"合作单位{n}")
    kind = "police"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    community = factory.SubFactory(CommunityFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    kind = "committee"
    title = factory.Sequence(lambda n: f"安全社区促进委员会第{n}次会议")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Volunteer

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"志愿者{n}")

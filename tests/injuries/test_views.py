"""Every view × every role, tenancy, masking of personal data, and query counts of the lists."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from injuries.models import InjuryCard

from .factories import AccidentFactory, InjuryCardFactory, ReportingUnitFactory, days_ago

pytestmark = pytest.mark.django_db

READERS = ("office", "member", "leader", "group_member", "reviewer")
# county_reviewer reads through a region assignment (answered as a reviewer); region_outsider
# reviews the other community's county only (answered as an outsider).
ROLES = (*READERS, "reporter", "outsider", "county_reviewer", "region_outsider")
ALIASES = {"county_reviewer": "reviewer", "region_outsider": "outsider"}


@pytest.fixture
def records(cast):
    unit = ReportingUnitFactory(community=cast.community, name="区人民医院")
    unit.reporters.add(cast.users["reporter"])
    own = InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit,
        reporter=cast.users["reporter"],
        created_by=cast.users["reporter"],
        name="张三丰",
        phone="13812345678",
        id_number="110101195003071234",
    )
    office_card = InjuryCardFactory(
        community=cast.community,
        reporting_unit=unit,
        created_by=cast.users["office"],
        name="李四光",
        phone="13987654321",
    )
    accident = AccidentFactory(community=cast.community)
    return {"unit": unit, "own": own, "card": office_card, "accident": accident}


def expected(role, rule):
    """rule: 'all' (every member incl. reporter), 'read' (not reporter), 'office', 'entry'
    (office and reporter)."""
    role = ALIASES.get(role, role)
    if role == "outsider":
        return 404
    allowed = {
        "all": (*READERS, "reporter"),
        "read": READERS,
        "office": ("office",),
        "entry": ("office", "reporter"),
    }[rule]
    return 200 if role in allowed else 403


PAGES = [
    ("injuries:card_list", None, "all"),
    ("injuries:card_create", None, "entry"),
    ("injuries:card_import", None, "office"),
    ("injuries:card_export", None, "all"),
    ("injuries:stats", None, "read"),
    ("injuries:stats_export", None, "read"),
    ("injuries:accident_list", None, "read"),
    ("injuries:accident_create", None, "office"),
    ("injuries:accident_detail", "accident", "read"),
    ("injuries:accident_update", "accident", "office"),
    ("injuries:accident_delete", "accident", "office"),
    ("injuries:unit_list", None, "read"),
    ("injuries:unit_create", None, "office"),
    ("injuries:unit_detail", "unit", "read"),
    ("injuries:unit_update", "unit", "office"),
    ("injuries:unit_delete", "unit", "office"),
    ("injuries:card_delete", "card", "office"),
]


def url(cast, name, obj=None):
    kwargs = {"community": cast.community.slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "key", "rule"), PAGES)
def test_permission_matrix(cast, records, role, name, key, rule):
    response = cast.client_for(role).get(url(cast, name, records.get(key)))
    assert response.status_code == expected(role, rule)


# A card someone else entered: readers see it, only office edits, a reporter does not see it.
CARD_PAGES = {
    "injuries:card_detail": {
        "office": 200,
        "member": 200,
        "leader": 200,
        "group_member": 200,
        "reviewer": 200,
        "reporter": 404,
        "outsider": 404,
    },
    "injuries:card_update": {
        "office": 200,
        "member": 403,
        "leader": 403,
        "group_member": 403,
        "reviewer": 403,
        "reporter": 404,
        "outsider": 404,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", CARD_PAGES)
def test_card_pages_by_role(cast, records, role, name):
    assert (
        cast.client_for(role).get(url(cast, name, records["card"])).status_code
        == CARD_PAGES[name][ALIASES.get(role, role)]
    )


@pytest.mark.parametrize("name", ["injuries:card_detail", "injuries:card_update"])
def test_reporter_opens_and_edits_his_own_card(cast, records, name):
    assert cast.client_for("reporter").get(url(cast, name, records["own"])).status_code == 200


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("injuries:card_detail", lambda other: InjuryCardFactory(community=other)),
        ("injuries:card_update", lambda other: InjuryCardFactory(community=other)),
        ("injuries:accident_detail", lambda other: AccidentFactory(community=other)),
        ("injuries:unit_detail", lambda other: ReportingUnitFactory(community=other)),
        ("injuries:unit_update", lambda other: ReportingUnitFactory(community=other)),
    ],
)
def test_foreign_community_object_is_404(cast, name, factory):
    foreign = factory(cast.other)
    assert cast.client_for("office").get(url(cast, name, foreign)).status_code == 404


def test_reporter_list_shows_only_his_cards(cast, records):
    response = cast.client_for("reporter").get(url(cast, "injuries:card_list"))
    cards = list(response.context["object_list"])
    assert cards == [records["own"]]
    assert "张三丰" in response.content.decode()  # his own card, unmasked


@pytest.mark.parametrize("who", ["reviewer", "county_reviewer"])
def test_reviewer_sees_personal_data_masked(cast, records, who):
    client = cast.client_for(who)
    page = client.get(url(cast, "injuries:card_detail", records["own"])).content.decode()
    assert "张**" in page and "138****5678" in page and "110101********1234" in page
    assert "张三丰" not in page and "13812345678" not in page and "110101195003071234" not in page
    listing = client.get(url(cast, "injuries:card_list")).content.decode()
    assert "张三丰" not in listing and "李四光" not in listing and "李**" in listing


def test_office_sees_personal_data(cast, records):
    page = (
        cast.client_for("office")
        .get(url(cast, "injuries:card_detail", records["own"]))
        .content.decode()
    )
    assert "张三丰" in page and "13812345678" in page


def test_reviewer_cannot_search_by_name(cast, records):
    response = cast.client_for("reviewer").get(url(cast, "injuries:card_list") + "?q=张三丰")
    assert list(response.context["object_list"]) == []
    response = cast.client_for("office").get(url(cast, "injuries:card_list") + "?q=张三丰")
    assert list(response.context["object_list"]) == [records["own"]]


def card_post(unit, **overrides):
    injury = timezone.localtime() - datetime.timedelta(hours=2)
    data = {
        "reporting_unit": unit.pk,
        "reported_on": timezone.localdate().isoformat(),
        "sex": "1",
        "age": "8",
        "residence": "1",
        "education": "3",
        "occupation": "2",
        "injury_at": injury.strftime("%Y-%m-%dT%H:%M"),
        "visit_at": (injury + datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "cause": "3",
        "place": "3",
        "activity": "3",
        "intent": "1",
        "nature": "4",
        "body_part": "2",
        "severity": "1",
        "outcome": "1",
    }
    data.update(overrides)
    return data


def test_reporter_enters_a_card(cast, records):
    response = cast.client_for("reporter").post(
        url(cast, "injuries:card_create"), card_post(records["unit"])
    )
    card = InjuryCard.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == card.get_absolute_url()
    assert (card.reporter, card.created_by) == (cast.users["reporter"], cast.users["reporter"])
    assert card.safety_area == "school" and card.age_group == "5-14"


def test_reporter_cannot_use_a_unit_he_does_not_belong_to(cast, records):
    other_unit = ReportingUnitFactory(community=cast.community, name="中心小学")
    response = cast.client_for("reporter").post(
        url(cast, "injuries:card_create"), card_post(other_unit)
    )
    assert response.status_code == 200
    assert "reporting_unit" in response.context["form"].errors


def test_entry_form_shows_rule_prompts_and_saves_once_confirmed(cast, records):
    data = card_post(records["unit"], cause="1")  # a vehicle crash at school while studying
    client = cast.client_for("office")
    before = InjuryCard.objects.count()
    response = client.post(url(cast, "injuries:card_create"), data)
    assert response.status_code == 200 and InjuryCard.objects.count() == before
    form = response.context["form"]
    assert form.warnings == [
        "车祸伤害的发生地点应为“公路/街道”。",
        "车祸伤害的发生时活动应为“驾乘交通工具”。",
    ]
    assert "place" not in form.errors and "confirm_warnings" in form.errors
    assert "车祸伤害的发生地点应为“公路/街道”。" in response.content.decode()
    response = client.post(url(cast, "injuries:card_create"), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    card = InjuryCard.objects.latest("pk")
    assert card.confirmed_warnings == form.warnings


def test_duplicate_entry_is_saved_with_a_warning(cast, records):
    first = records["card"]
    local = timezone.localtime(first.injury_at)
    data = card_post(
        records["unit"],
        name=first.name,
        sex=first.sex,
        age=str(first.age),
        place=str(first.place),
        activity="2",
        cause="3",
        occupation="5",
        education="3",
        injury_at=(local + datetime.timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"),
        visit_at=(local + datetime.timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M"),
        reported_on=local.date().isoformat(),
    )
    response = cast.client_for("office").post(url(cast, "injuries:card_create"), data, follow=True)
    card = InjuryCard.objects.latest("pk")
    assert card.is_duplicate
    page = response.content.decode()
    assert "疑似重复" in page and first.number in page


def test_reporter_cannot_update_another_reporters_card_by_post(cast, records):
    response = cast.client_for("reporter").post(
        url(cast, "injuries:card_update", records["card"]), card_post(records["unit"])
    )
    assert response.status_code == 404


def export_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_card_export_personal_data_only_for_office_on_request(cast, records):
    office = cast.client_for("office")
    plain = export_rows(office.get(url(cast, "injuries:card_export")))
    assert "姓名" not in plain[0] and len(plain) == 3
    personal = export_rows(office.get(url(cast, "injuries:card_export") + "?personal=1"))
    assert "姓名" in personal[0] and "张三丰" in {
        row[personal[0].index("姓名")] for row in personal
    }
    reviewer = export_rows(
        cast.client_for("reviewer").get(url(cast, "injuries:card_export") + "?personal=1")
    )
    assert "姓名" not in reviewer[0]


def test_stats_page_and_export_carry_no_personal_data(cast, records):
    client = cast.client_for("office")
    page = client.get(url(cast, "injuries:stats")).content.decode()
    assert "<svg" in page and "张三丰" not in page
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(url(cast, "injuries:stats_export")).content)
    )
    assert len(workbook.sheetnames) > 20
    cells = {str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c}
    assert not {"张三丰", "李四光", "13812345678"} & cells
    one = client.get(url(cast, "injuries:stats_export") + "?table=cause")
    assert export_rows(one)[0][0] == "伤害发生原因分布"
    assert client.get(url(cast, "injuries:stats_export") + "?table=nope").status_code == 404


def test_stats_filters_apply(cast, records):
    start = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = cast.client_for("office").get(url(cast, "injuries:stats") + f"?start={start}&sex=1")
    assert response.context["stats"].total == 0  # both cards are women
    response = cast.client_for("office").get(url(cast, "injuries:stats") + f"?start={start}&sex=2")
    assert response.context["stats"].total == 2


def test_unit_with_cards_cannot_be_deleted(cast, records):
    response = cast.client_for("office").post(url(cast, "injuries:unit_delete", records["unit"]))
    assert response.status_code == 302
    assert type(records["unit"]).objects.filter(pk=records["unit"].pk).exists()


def test_office_links_reporters_to_a_unit(cast, records):
    data = {
        "name": "中心小学",
        "kind": "school",
        "reporters": [cast.users["reporter"].pk],
        "is_active": "on",
    }
    response = cast.client_for("office").post(url(cast, "injuries:unit_create"), data)
    assert response.status_code == 302
    unit = type(records["unit"]).objects.get(name="中心小学")
    assert list(unit.reporters.all()) == [cast.users["reporter"]]


def test_unit_reporters_must_be_reporters_of_the_community(cast, records):
    data = {"name": "中心小学", "kind": "school", "reporters": [cast.users["member"].pk]}
    response = cast.client_for("office").post(url(cast, "injuries:unit_create"), data)
    assert "reporters" in response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "make"),
    [
        (
            "injuries:card_list",
            lambda cast, unit, i: InjuryCardFactory(
                community=cast.community,
                reporting_unit=unit,
                name=f"患者{i}",
                injury_at=days_ago(i % 300 + 1),
            ),
        ),
        ("injuries:accident_list", lambda cast, unit, i: AccidentFactory(community=cast.community)),
        (
            "injuries:unit_list",
            lambda cast, unit, i: ReportingUnitFactory(community=cast.community),
        ),
    ],
)
def test_list_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries, name, make):
    unit = ReportingUnitFactory(community=cast.community)
    client = cast.client_for("office")
    make(cast, unit, 0)
    client.get(url(cast, name))  # warm up (session, content types)
    with django_assert_max_num_queries(12):
        assert client.get(url(cast, name)).status_code == 200
    for i in range(1, 50):
        make(cast, unit, i)
    with django_assert_max_num_queries(12):
        response = client.get(url(cast, name))
    assert response.status_code == 200 and len(response.context["object_list"]) >= 25


def test_free_text_that_may_identify_is_hidden_from_readers(cast, records):
    card = records["card"]
    card.address = "和平街12号3单元"
    card.narrative = "李四光在家中浴室滑倒"
    card.save()
    page = cast.client_for("member").get(url(cast, "injuries:card_detail", card)).content.decode()
    assert "和平街12号" not in page and "浴室" not in page and "（已隐藏）" in page
    page = cast.client_for("office").get(url(cast, "injuries:card_detail", card)).content.decode()
    assert "和平街12号" in page and "浴室" in page


def test_detail_shows_local_times(cast, records):
    card = records["card"]
    page = cast.client_for("office").get(url(cast, "injuries:card_detail", card)).content.decode()
    assert f"{timezone.localtime(card.injury_at):%Y-%m-%d %H:%M}" in page
    assert "+00:00" not in page


def test_reporter_form_has_no_accident_choice(cast, records):
    form = cast.client_for("reporter").get(url(cast, "injuries:card_create")).context["form"]
    assert "accident" not in form.fields
    assert list(form.fields["reporting_unit"].queryset) == [records["unit"]]
    assert form.initial["reporting_unit"] == records["unit"].pk


def test_duplicate_unit_name_is_a_form_error(cast, records):
    data = {"name": records["unit"].name, "kind": "hospital"}
    response = cast.client_for("office").post(url(cast, "injuries:unit_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["本社区已有同名的报告单位。"]

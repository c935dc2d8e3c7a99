"""A community started from empty: the home page says what to enter first, and every setup step
can be done from an Excel template with a preview."""

import io

import openpyxl
import pytest
from django.urls import reverse

from committee.choices import Role
from committee.models import CreationPhase, PopulationYear
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(client):
    community = CommunityFactory(
        name="安康街道", slug="ankang", population=0, address="", area_code=""
    )
    office = UserFactory(username="ankang-office")
    MembershipFactory(user=office, community=community, role=Role.OFFICE)
    client.force_login(office)
    return community


def url(name, community):
    return reverse(name, args=[community.slug])


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "data.xlsx"
    return buffer


def preview_and_confirm(client, path, upload):
    response = client.post(path, {"file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    return response, client.post(path, {"token": token, "confirm": "1"})


def test_empty_community_home_guides_instead_of_zero_cards(client, fresh):
    page = client.get(url("community_home", fresh)).text
    assert 'id="setup-guide"' in page and "先录入什么" in page
    assert 'class="element-grid' not in page
    assert url("committee:setup", fresh) in page


def test_a_member_of_an_empty_community_sees_no_setup_but_a_note(client, fresh):
    member = UserFactory(username="ankang-member")
    MembershipFactory(user=member, community=fresh, role=Role.MEMBER)
    client.force_login(member)
    page = client.get(url("community_home", fresh)).text
    assert 'id="setup-guide"' not in page and "本社区正在建档" in page
    assert client.get(url("committee:setup", fresh)).status_code == 403


def test_setup_page_lists_five_steps_with_their_state(client, fresh, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(url("committee:setup", fresh))
    page = response.text
    for key in ("profile", "population", "phases", "committee", "groups"):
        assert f'id="setup-{key}" data-done="0"' in page
    assert "已完成 0 / 5 步" in page


def test_population_from_an_excel_template_as_people_write_it(client, fresh):
    template = client.get(url("committee:population_import", fresh) + "?template=1")
    assert template.status_code == 200
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers == ["年份", "性别", "年龄组", "人数"]
    rows = [headers]
    for sex in ("男", "2"):
        for group in ("0-4岁", "5～14岁", "15-24", "25–44岁", "45-64岁", "65岁以上"):
            rows.append([2025, sex, group, 1000])
    preview, done = preview_and_confirm(
        client, url("committee:population_import", fresh), xlsx(rows)
    )
    assert "所有行均有效" in preview.text
    assert done.status_code == 302
    assert PopulationYear.objects.filter(community=fresh, year=2025).count() == 12
    assert fresh.population_for(2025) == 12000
    page = client.get(url("committee:setup", fresh)).text
    assert 'id="setup-population" data-done="1"' in page


def test_a_bad_population_row_is_refused_with_its_reason_and_nothing_written(client, fresh):
    rows = [
        ["年份", "性别", "年龄组", "人数"],
        [2025, "男", "0-4岁", 10],
        [2025, "未知", "老年", -3],
    ]
    response = client.post(url("committee:population_import", fresh), {"file": xlsx(rows)})
    assert "第 3 行" in response.text and "不是有效的选项" in response.text
    client.post(
        url("committee:population_import", fresh),
        {"token": response.context["token"], "confirm": "1"},
    )
    assert not PopulationYear.objects.filter(community=fresh).exists()


def test_phases_from_an_excel_template(client, fresh):
    rows = [
        ["阶段", "计划开始", "计划结束", "实际开始", "实际结束", "说明"],
        ["前期启动", "2026-01-01", "2026-03-31", "2026-01-05", None, "成立促进委员会"],
        [2, "2026-04-01", "2026-09-30", None, None, ""],
    ]
    _preview, done = preview_and_confirm(client, url("committee:phase_import", fresh), xlsx(rows))
    assert done.status_code == 302
    phases = {p.phase: p for p in CreationPhase.objects.filter(community=fresh)}
    assert set(phases) == {1, 2}
    assert str(phases[1].actual_start) == "2026-01-05"


def test_profile_from_excel_is_previewed_then_saved(client, fresh):
    path = url("committee:profile_import", fresh)
    template = client.get(path + "?template=1")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    headers = [c.value for c in sheet[1]]
    assert "常住人口" in headers and "行政区划代码" in headers
    values = dict(zip(headers, [c.value for c in sheet[2]], strict=False))
    values.update(
        {"常住人口": "52000", "户数": 18000.0, "地址": "安康路1号", "行政区划代码": "330106"}
    )
    upload = xlsx([list(values), list(values.values())])
    preview = client.post(path, {"file": upload})
    assert preview.status_code == 200 and "尚未保存" in preview.text
    fresh.refresh_from_db()
    assert fresh.population == 0  # nothing saved by the preview
    form = preview.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    saved = client.post(path, data)
    assert saved.status_code == 302
    fresh.refresh_from_db()
    assert (fresh.population, fresh.households, fresh.address) == (52000, 18000, "安康路1号")


def test_profile_file_with_a_bad_value_shows_it_at_the_field(client, fresh):
    upload = xlsx([["社区名称", "常住人口"], ["安康街道", "五万"]])
    response = client.post(url("committee:profile_import", fresh), {"file": upload})
    assert "文件中有的值不正确" in response.text
    assert response.context["form"].errors["population"]
    fresh.refresh_from_db()
    assert fresh.population == 0


def test_setup_pages_are_office_only(cast):
    for name in (
        "committee:setup",
        "committee:profile_import",
        "committee:population_import",
        "committee:phase_import",
    ):
        path = reverse(name, args=[cast.community.slug])
        assert cast.client_for(Role.OFFICE).get(path).status_code == 200
        for role in (Role.MEMBER, Role.LEADER, Role.REVIEWER, Role.REPORTER):
            assert cast.client_for(role).get(path).status_code == 403, (name, role)
        assert cast.client_for("outsider").get(path).status_code == 404

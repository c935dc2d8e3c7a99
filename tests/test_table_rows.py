"""safecommunity.display.TableRows: the generic list table's cells resolved in Python write what
the template's ``obj|attr:path`` and ``|default_if_none:""`` wrote."""

import pytest
from django.template import Context, Template

from safecommunity.display import TableRows, attribute
from tests.factories import CommunityFactory, MemberFactory

pytestmark = pytest.mark.django_db

COLUMNS = (("姓名", "name"), ("社区", "community.name"), ("职务", "committee_role"))
OLD_ROW = (
    "{% load sc_tags %}{% for obj in objects %}{% for label, path in columns %}"
    '{% if forloop.first and obj.get_absolute_url %}<a href="{{ obj.get_absolute_url }}">'
    '{{ obj|attr:path }}</a>{% else %}{{ obj|attr:path|default_if_none:"" }}{% endif %}|'
    "{% endfor %}{% endfor %}"
)
NEW_ROW = (
    "{% for url, cells in rows %}{% for value in cells %}{% if forloop.first and url %}"
    '<a href="{{ url }}">{{ value }}</a>{% else %}{{ value }}{% endif %}|{% endfor %}{% endfor %}'
)


class Plain:
    """A row without a page of its own."""

    def __init__(self, name, note):
        self.name, self.note = name, note


def render_both(objects, columns):
    context = {"objects": objects, "columns": columns, "rows": TableRows(objects, columns)}
    return Template(OLD_ROW).render(Context(context)), Template(NEW_ROW).render(Context(context))


def test_linked_rows_render_as_the_template_filter_did():
    community = CommunityFactory(name="幸福街道")
    members = [MemberFactory(community=community, name=f"委员{i}") for i in range(3)]
    old, new = render_both(members, COLUMNS)
    assert new == old
    assert members[0].get_absolute_url() in new
    assert "幸福街道" in new
    assert new.count("<a href=") == 3


def test_rows_without_a_page_and_empty_values():
    rows = [Plain(None, None), Plain("甲", "备注")]
    old, new = render_both(rows, (("名称", "name"), ("备注", "note"), ("缺", "missing.deeper")))
    assert new == old
    assert "None" not in new
    assert "<a" not in new
    assert list(TableRows(rows, (("名称", "name"),))) == [("", [""]), ("", ["甲"])]
    assert attribute(rows[1], "note") == "备注"

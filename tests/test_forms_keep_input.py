"""A submit refused by validation shows the form again with everything that was typed.

For every create form of every app: fill each field as a user would (text, text areas, selects,
multi-selects, check boxes, dates, numbers), leave one required field empty, post, and read the
re-rendered HTML back. Files cannot come back (browsers never resend them): the page says so.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from hazards.choices import DangerStatus
from safecommunity.forms import CHOOSE_FILE_AGAIN
from tests.hazards.factories import (
    HazardFactory,
    HiddenDangerFactory,
    InspectionFactory,
    PlaceFactory,
)

CREATE_FORMS = [
    "committee:phase_create",
    "committee:population_create",
    "committee:member_create",
    "committee:group_create",
    "committee:partner_create",
    "committee:volunteer_create",
    "committee:participation_create",
    "committee:meeting_create",
    "hazards:place_create",
    "hazards:hazard_create",
    "hazards:plan_create",
    "hazards:inspection_create",
    "hazards:danger_create",
    "hazards:action_create",
    "projects:plan_create",
    "projects:objective_create",
    "projects:project_create",
    "projects:activity_create",
    "projects:survey_create",
    "injuries:card_create",
    "injuries:accident_create",
    "injuries:unit_create",
    "emergency:plan_create",
    "emergency:supply_create",
    "emergency:shelter_create",
    "emergency:team_create",
    "emergency:drill_create",
    "emergency:response_create",
    "archive:document_create",
    "archive:review_create",
    "archive:assessment_create",
]


class FormValues(HTMLParser):
    """What a browser would show in each named control: {name: [values]}; for the first form
    after the page's navigation: every <form method=post>, merged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self.defaults = {}  # what a browser would submit untouched (hidden inputs etc.)
        self.names = set()  # every control on the page, files included
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name:
            self.names.add(name)
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
                    self.defaults.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.values.setdefault(name, []).append(attrs.get("value", ""))
                if kind == "hidden" or attrs.get("value"):
                    self.defaults.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # a browser drops the newline right after <textarea>
            current = self.values[self._textarea]
            current[-1] += data if current[-1] else data.removeprefix("\r").removeprefix("\n")


def read_form(html):
    parser = FormValues()
    parser.feed(html)
    return parser


def typed_value(name, field, index):
    """A value a user could type into the field, distinct per field; None to leave it alone."""
    widget = field.widget
    if isinstance(field, forms.FileField) or widget.is_hidden:
        return None
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:2]]
        if not pks:
            return None
        return pks if isinstance(field, forms.ModelMultipleChoiceField) else [pks[-1]]
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(v) for v, _label in field.choices if v not in ("", None)]
        return values[-2:] or None
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if v not in ("", None)]
        if not values or isinstance(values[0], list | tuple):
            return None
        return [values[-1]]
    if isinstance(field, forms.BooleanField):
        return ["on"]
    if isinstance(field, forms.DateTimeField):
        return [f"2024-03-{1 + index % 27:02d}T09:30"]
    if isinstance(field, forms.DateField):
        return [f"2024-03-{1 + index % 27:02d}"]
    if isinstance(field, forms.TimeField):
        return [f"09:{index % 60:02d}"]
    if isinstance(field, forms.DecimalField):
        return [f"{12 + index}.5"]
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 1
        value = low + 3 + index % 5
        if field.max_value is not None:
            value = min(value, field.max_value)
        return [str(value)]
    if isinstance(field, forms.EmailField):
        return [f"keep{index}@example.cn"]
    if isinstance(field, forms.URLField):
        return [f"https://example.cn/keep{index}"]
    if isinstance(field, forms.CharField):
        text = f"留存{index}号输入"
        if field.max_length:
            text = text[: field.max_length]
        if isinstance(widget, forms.Textarea):
            text += "\n第二行"
        return [text]
    return None


def blank_one(form, typed):
    """The required field left empty: a text field when there is one, else any."""
    required = [
        name
        for name, field in form.fields.items()
        if field.required and not field.widget.is_hidden and name in typed
    ]
    text = [name for name in required if isinstance(form.fields[name], forms.CharField)]
    return (text or required or [None])[0]


@pytest.fixture
def records(cast):
    """Something to pick in the record selects of the forms."""
    place = PlaceFactory(community=cast.community, working_group=cast.group)
    HazardFactory(community=cast.community, working_group=cast.group, place=place)
    InspectionFactory(community=cast.community, working_group=cast.group)
    HiddenDangerFactory(
        community=cast.community, working_group=cast.group, status=DangerStatus.REPORTED
    )
    return cast


@pytest.mark.parametrize("url_name", CREATE_FORMS)
def test_refused_create_form_keeps_everything_typed(records, url_name):
    cast = records
    client = cast.client_for("office")
    url = reverse(url_name, kwargs={"community": cast.community.slug})
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["form"]
    controls = read_form(page.content.decode())
    untouched = controls.defaults
    typed = {}
    for index, (name, field) in enumerate(form.fields.items()):
        value = typed_value(name, field, index)
        # only what the page offers (a confirmation box may show up only after a warning)
        if value is not None and form.add_prefix(name) in controls.names:
            typed[form.add_prefix(name)] = value
    assert typed, f"{url_name}: nothing to fill in"
    left_empty = blank_one(form, {n.removeprefix(f"{form.prefix}-") for n in typed})
    assert left_empty, f"{url_name}: no required field to leave empty"
    typed[form.add_prefix(left_empty)] = [""]
    payload = {**untouched, **typed}
    payload.pop("csrfmiddlewaretoken", None)

    response = client.post(url, payload)

    assert response.status_code == 200, f"{url_name}: the refused submit should show the form"
    assert response.context["form"].errors, url_name
    html = response.content.decode()
    shown = read_form(html).values
    for name, values in typed.items():
        if name == form.add_prefix(left_empty):
            continue
        field = form.fields[name.removeprefix(f"{form.prefix}-") if form.prefix else name]
        got = shown.get(name, [])
        if isinstance(field, forms.BooleanField):
            assert got and got[0] in ("on", "True", "true", "1"), (url_name, name, got)
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            assert sorted(got) == sorted(values), (url_name, name, got, values)
        else:
            assert [v.replace("\r\n", "\n") for v in got[:1]] == values, (url_name, name, got)
    if any(isinstance(f, forms.FileField) for f in form.fields.values()):
        assert str(CHOOSE_FILE_AGAIN) in html, f"{url_name}: say that files must be chosen again"


def test_refused_rectification_notice_keeps_its_text(records):
    """The issue's case: 整改期限 before 发现日期 must not empty the notice."""
    cast = records
    danger = HiddenDangerFactory(
        community=cast.community, working_group=cast.group, found_on=datetime.date(2024, 5, 10)
    )
    client = cast.client_for("office")
    typed = {
        "unit_notified": "幸福里物业公司",
        "measures_required": "清理楼道杂物\n张贴禁放告示",
        "responsible_department": "物业工程部",
        "responsible_person": "张伟",
        "deadline": "2024-05-01",  # before the finding: refused by the service
        "target": "楼道畅通",
        "funds": "1200.50",
        "note": "请按期完成",
        "reinspector": str(cast.users["member"].pk),
    }
    response = client.post(
        reverse("hazards:danger_order", args=[cast.community.slug, danger.pk]), typed
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "整改期限不能早于发现日期。" in page
    shown = read_form(page).values
    for name, value in typed.items():
        assert shown[name][:1] == [value], (name, shown.get(name))
    assert "is-invalid" in re.search(r'<input[^>]*name="deadline"[^>]*>', page).group()
    # the next visit shows the notice fresh again (the kept input is for one page view)
    again = read_form(client.get(response.url).content.decode()).values
    assert again["measures_required"] == [""]
    # and the corrected resubmit goes through
    response = client.post(
        reverse("hazards:danger_order", args=[cast.community.slug, danger.pk]),
        {**typed, "deadline": "2024-06-01"},
    )
    danger.refresh_from_db()
    assert danger.status == DangerStatus.ORDERED
    assert danger.responsible_department == "物业工程部"


def test_refused_drill_problem_keeps_its_text(records):
    """A step form on a record's page (emergency's drill problems) comes back as typed, too."""
    from tests.emergency.factories import DrillFactory

    cast = records
    drill = DrillFactory(community=cast.community)
    client = cast.client_for("office")
    typed = {
        "description": "",  # required: refused
        "cause": "疏散指示不清\n楼道灯损坏",
        "suggestion": "更换应急照明",
        "responsible_unit": "物业公司",
        "due_date": "2024-07-01",
    }
    response = client.post(
        reverse("emergency:problem_add", args=[cast.community.slug, drill.pk]), typed
    )
    assert response.status_code == 302
    shown = read_form(client.get(drill.get_absolute_url()).content.decode()).values
    for name, value in typed.items():
        assert shown[name][:1] == [value], (name, shown.get(name))
    assert "raise_action" not in shown  # the box was left unticked, and stays so
    assert drill.problems.count() == 0


def test_kept_input_is_for_the_page_right_after_the_refusal(records, monkeypatch):
    """Input refused long ago does not come back on a later visit."""
    import time

    cast = records
    danger = HiddenDangerFactory(community=cast.community, found_on=datetime.date(2024, 5, 10))
    client = cast.client_for("office")
    client.post(
        reverse("hazards:danger_order", args=[cast.community.slug, danger.pk]),
        {"measures_required": "清理楼道杂物", "deadline": "2024-05-01"},
    )
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    shown = read_form(client.get(danger.get_absolute_url()).content.decode()).values
    assert shown["measures_required"] == [""]

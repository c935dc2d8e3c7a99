"""Security review, content side (issue 8): stored XSS is escaped in pages, charts and PDFs; the
PDF renderer fetches nothing from outside; hostile uploads are refused at every entry point; and
the access rules tests/test_security.py does not cover (real records of another community,
staff who are not superusers, CSRF on more than one form).

The URL sweep itself (anonymous → login, outsider → 404, no 500 for any role) is in
tests/test_security.py.
"""

import datetime
import io
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models as dj
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from archive.services.assessment import start_assessment
from committee.models import Notification
from emergency import services as emergency_services
from hazards.models import Assessment as HazardAssessment
from hazards.models import DangerEvent
from projects.models import ObjectiveValue
from safecommunity import charts

from .archive.factories import DecisionFactory, DocumentFactory, ReportFactory, ReviewFactory
from .committee.factories import CreationPhaseFactory, GroupMembershipFactory, ParticipationFactory
from .emergency import factories as ef
from .factories import MeetingFactory, MemberFactory, PartnerFactory, VolunteerFactory
from .hazards import factories as hf
from .injuries import factories as inf
from .projects import factories as pf

# --- Payloads -----------------------------------------------------------------------------------


def script(tag):
    return f"<script>alert(/{tag}/)</script>"


def payload(tag):
    """Every classic breakout at once: a script element, an attribute breakout into an <img>
    with an event handler, and a javascript: URL."""
    return f'{script(tag)}"><img src=x onerror=alert(/{tag}/)>javascript:alert(1)'


def escaped(tag):
    return f"&lt;script&gt;alert(/{tag}/)&lt;/script&gt;"


# Raw markup that must never reach a page: our payloads unescaped, or a javascript: URL in an
# attribute. (The pages' own <script src=...> tags and the forms' "javascript:history.back()"
# cancel links do not match.)
RAW = re.compile(
    r"<script>alert\(|<img src=x onerror|"
    r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:alert""",
    re.IGNORECASE,
)

NOT_TEXT = {"password", "username", "mime_type", "sha256", "task_id", "url", "kind", "id_number"}


def poison(obj, tag, *, save=True, **extra):
    """Put the payload into every free-text field of ``obj`` that is long enough for it."""
    full, short = payload(tag), script(tag)
    for f in obj._meta.concrete_fields:
        if (
            not isinstance(f, dj.CharField | dj.TextField)
            or isinstance(f, dj.SlugField | dj.EmailField | dj.URLField)
            or f.choices
            or f.name in NOT_TEXT
        ):
            continue
        if f.max_length is None or f.max_length >= len(full):
            setattr(obj, f.name, full)
        elif f.max_length >= len(short):
            setattr(obj, f.name, short)
    for name, value in extra.items():
        setattr(obj, name, value)
    if save:
        obj.save()
    return obj


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c0392b").save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class World:
    cast: object
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]


@pytest.fixture
def world(cast):
    """One record of every kind in cast.community with the payload in all its text fields,
    tagged by kind (the tag shows which record a page rendered)."""
    c, group = cast.community, cast.group
    today = timezone.localdate()
    o = {}
    poison(c, "comm")
    poison(cast.users["office"], "usr")
    # committee
    o["mem"] = poison(MemberFactory(community=c), "mem")
    o["grp"] = poison(group, "grp")
    GroupMembershipFactory(group=group, member=o["mem"])
    o["ptn"] = poison(PartnerFactory(community=c), "ptn")
    o["vol"] = poison(VolunteerFactory(community=c), "vol")
    o["par"] = poison(ParticipationFactory(community=c, date=today), "par")
    o["mtg"] = poison(MeetingFactory(community=c, date=today), "mtg")
    o["phase"] = poison(CreationPhaseFactory(community=c), "phase")
    o["ntf"] = poison(
        Notification(user=cast.users["office"], community=c, url=c.get_absolute_url()), "ntf"
    )
    # hazards
    o["plc"] = poison(hf.PlaceFactory(community=c, working_group=group), "plc")
    o["hz"] = poison(
        hf.HazardFactory(
            community=c,
            working_group=group,
            place=o["plc"],
            level="red",
            likelihood=4,
            severity=5,
        ),
        "hz",
    )
    o["hza"] = poison(
        HazardAssessment(
            community=c,
            hazard=o["hz"],
            method="matrix",
            score=20,
            level="red",
            assessed_on=today,
            likelihood=4,
            severity=5,
        ),
        "hza",
    )
    o["ipl"] = poison(hf.InspectionPlanFactory(community=c, working_group=group), "ipl")
    o["ins"] = poison(hf.InspectionFactory(community=c, working_group=group), "ins")
    o["itm"] = poison(hf.InspectionItemFactory(inspection=o["ins"], result="fail"), "itm")
    o["dgr"] = poison(
        hf.HiddenDangerFactory(community=c, working_group=group, place=o["plc"], found_on=today),
        "dgr",
    )
    o["dev"] = poison(
        DangerEvent(
            community=c, danger=o["dgr"], action="report", to_status="reported", at=timezone.now()
        ),
        "dev",
    )
    o["act"] = poison(hf.CorrectiveActionFactory(community=c, working_group=group), "act")
    # projects
    o["ppl"] = poison(pf.PlanFactory(community=c), "ppl")
    o["task"] = poison(pf.PlanTaskFactory(plan=o["ppl"], working_group=group), "task")
    o["obj"] = poison(pf.ObjectiveFactory(community=c, plan=o["ppl"]), "obj")
    o["objv"] = poison(
        ObjectiveValue(community=c, objective=o["obj"], year=today.year - 1, value=50), "objv"
    )
    o["prj"] = poison(
        pf.ProjectFactory(community=c, working_group=group, indicator_before=10, indicator_after=5),
        "prj",
    )
    o["upd"] = poison(pf.ProjectUpdateFactory(project=o["prj"]), "upd")
    o["acty"] = poison(pf.ActivityFactory(community=c, working_group=group), "acty")
    o["srv"] = poison(pf.SurveyFactory(community=c), "srv")
    # injuries
    o["unit"] = poison(inf.ReportingUnitFactory(community=c), "unit")
    o["acc"] = poison(inf.AccidentFactory(community=c), "acc")
    o["card"] = poison(
        inf.InjuryCardFactory(community=c, reporting_unit=o["unit"], accident=o["acc"]), "card"
    )
    # emergency
    o["epl"] = poison(ef.PlanFactory(community=c), "epl")
    o["pgrp"] = poison(ef.PlanGroupFactory(plan=o["epl"]), "pgrp")
    o["drl"] = poison(
        ef.DrillFactory(community=c, plan=o["epl"], working_group=group, date=today), "drl"
    )
    o["dpt"] = poison(ef.ParticipantFactory(drill=o["drl"]), "dpt")
    o["prb"] = poison(ef.ProblemFactory(drill=o["drl"]), "prb")
    o["pho"] = emergency_services.add_photo(
        drill=o["drl"],
        user=None,
        image=SimpleUploadedFile("scene.png", png_bytes()),
        caption=script("pho"),
    )
    o["sup"] = poison(ef.SupplyFactory(community=c), "sup")
    o["shl"] = poison(ef.ShelterFactory(community=c), "shl")
    o["team"] = poison(ef.TeamFactory(community=c), "team")
    o["rsp"] = poison(ef.ResponseFactory(community=c), "rsp")
    # archive
    o["doc"] = poison(DocumentFactory(community=c, elements=[1, 10]), "doc")
    o["rep"] = poison(ReportFactory(community=c), "rep")
    o["rev"] = poison(ReviewFactory(community=c), "rev")
    o["dec"] = poison(DecisionFactory(review=o["rev"]), "dec")
    o["ass"] = poison(
        start_assessment(community=c, title=script("ass"), date=today, user=None), "ass"
    )
    o["aitem"] = poison(o["ass"].items.order_by("pk").first(), "aitem")
    return World(cast, o)


# --- 1. Stored XSS is escaped in pages ----------------------------------------------------------

# (URL name, record key for <pk> or None, tags whose escaped payload the page must show)
PAGES = [
    ("community_home", None, ["comm"]),
    ("committee:profile", None, ["comm", "phase"]),
    ("committee:profile_update", None, ["comm"]),
    ("committee:user_list", None, ["usr"]),
    ("committee:member_list", None, ["mem"]),
    ("committee:member_detail", "mem", ["mem", "grp"]),
    ("committee:member_update", "mem", ["mem"]),
    ("committee:member_delete", "mem", ["mem"]),
    ("committee:group_list", None, ["grp"]),
    ("committee:group_detail", "grp", ["grp", "mem"]),
    ("committee:group_update", "grp", ["grp"]),
    ("committee:group_create", None, ["grp"]),
    ("committee:partner_list", None, ["ptn"]),
    ("committee:partner_detail", "ptn", ["ptn"]),
    ("committee:partner_update", "ptn", ["ptn"]),
    ("committee:volunteer_list", None, ["vol"]),
    ("committee:volunteer_detail", "vol", ["vol"]),
    ("committee:volunteer_update", "vol", ["vol"]),
    ("committee:participation_list", None, ["par"]),
    ("committee:participation_detail", "par", ["par"]),
    ("committee:participation_update", "par", ["par", "ptn", "vol"]),
    ("committee:meeting_list", None, ["mtg"]),
    ("committee:meeting_detail", "mtg", ["mtg"]),
    ("committee:meeting_update", "mtg", ["mtg", "mem", "grp"]),
    ("committee:phase_update", "phase", ["phase"]),
    ("hazards:place_list", None, ["plc", "grp"]),
    ("hazards:place_detail", "plc", ["plc", "hz", "dgr"]),
    ("hazards:place_update", "plc", ["plc"]),
    ("hazards:hazard_list", None, ["hz", "plc"]),
    ("hazards:hazard_detail", "hz", ["hz", "hza", "plc"]),
    ("hazards:hazard_update", "hz", ["hz"]),
    ("hazards:hazard_create", None, ["plc", "grp"]),
    ("hazards:plan_list", None, ["ipl"]),
    ("hazards:plan_detail", "ipl", ["ipl"]),
    ("hazards:plan_update", "ipl", ["ipl"]),
    ("hazards:inspection_list", None, ["ins"]),
    ("hazards:inspection_detail", "ins", ["ins", "itm"]),
    ("hazards:inspection_update", "ins", ["ins", "itm"]),
    ("hazards:danger_list", None, ["dgr"]),
    ("hazards:danger_detail", "dgr", ["dgr", "dev", "plc"]),
    ("hazards:danger_update", "dgr", ["dgr"]),
    ("hazards:danger_create", None, ["hz", "plc"]),
    ("hazards:action_list", None, ["act"]),
    ("hazards:action_detail", "act", ["act"]),
    ("hazards:action_update", "act", ["act"]),
    ("hazards:monitoring", None, []),
    ("projects:plan_list", None, ["ppl"]),
    ("projects:plan_detail", "ppl", ["ppl", "task", "obj"]),
    ("projects:plan_update", "ppl", ["ppl", "task"]),
    ("projects:objective_list", None, ["obj"]),
    ("projects:objective_detail", "obj", ["obj"]),
    ("projects:objective_update", "obj", ["obj"]),
    ("projects:project_list", None, ["prj"]),
    ("projects:project_detail", "prj", ["prj", "upd"]),
    ("projects:project_update", "prj", ["prj", "hz", "obj", "ptn"]),
    ("projects:project_create", None, ["hz", "obj", "mem"]),
    ("projects:update_detail", "upd", ["upd", "prj"]),
    ("projects:update_edit", "upd", ["upd"]),
    ("projects:activity_list", None, ["acty"]),
    ("projects:activity_detail", "acty", ["acty"]),
    ("projects:activity_update", "acty", ["acty", "prj"]),
    ("projects:activity_stats", None, []),
    ("projects:survey_list", None, ["srv"]),
    ("projects:survey_detail", "srv", ["srv"]),
    ("projects:survey_update", "srv", ["srv"]),
    ("injuries:card_list", None, ["card"]),
    ("injuries:card_detail", "card", ["card", "unit", "acc"]),
    ("injuries:card_update", "card", ["card"]),
    ("injuries:card_create", None, ["unit", "acc"]),
    ("injuries:accident_list", None, ["acc"]),
    ("injuries:accident_detail", "acc", ["acc", "card"]),
    ("injuries:accident_update", "acc", ["acc"]),
    ("injuries:unit_list", None, ["unit"]),
    ("injuries:unit_detail", "unit", ["unit"]),
    ("injuries:unit_update", "unit", ["unit"]),
    ("injuries:stats", None, ["unit"]),
    ("emergency:plan_list", None, ["epl"]),
    ("emergency:plan_detail", "epl", ["epl", "pgrp", "drl"]),
    ("emergency:plan_update", "epl", ["epl", "pgrp", "hz"]),
    ("emergency:plan_revise", "epl", ["epl", "pgrp"]),
    ("emergency:drill_list", None, ["drl"]),
    ("emergency:drill_detail", "drl", ["drl", "dpt", "prb", "pho"]),
    ("emergency:drill_update", "drl", ["drl", "dpt"]),
    ("emergency:drill_create", None, ["epl"]),
    ("emergency:supply_list", None, ["sup"]),
    ("emergency:supply_detail", "sup", ["sup"]),
    ("emergency:supply_update", "sup", ["sup"]),
    ("emergency:shelter_list", None, ["shl"]),
    ("emergency:shelter_detail", "shl", ["shl"]),
    ("emergency:shelter_update", "shl", ["shl"]),
    ("emergency:team_list", None, ["team"]),
    ("emergency:team_detail", "team", ["team"]),
    ("emergency:team_update", "team", ["team"]),
    ("emergency:response_list", None, ["rsp"]),
    ("emergency:response_detail", "rsp", ["rsp"]),
    ("emergency:response_update", "rsp", ["rsp", "acc", "team"]),
    ("archive:document_list", None, ["doc"]),
    ("archive:document_detail", "doc", ["doc"]),
    ("archive:document_update", "doc", ["doc"]),
    ("archive:catalogue", None, []),  # counts per element, no titles
    ("archive:report_list", None, ["rep"]),
    ("archive:report_detail", "rep", ["rep"]),
    ("archive:review_list", None, ["rev"]),
    ("archive:review_detail", "rev", ["rev", "dec"]),
    ("archive:review_update", "rev", ["rev", "dec", "rep"]),
    ("archive:assessment", None, ["ass"]),
    ("archive:assessment_detail", "ass", ["ass", "aitem"]),
    ("archive:dossier", None, []),
]


def check_page(text, tags):
    hits = RAW.findall(text)
    assert not hits, f"unescaped markup in the page: {hits[:3]}"
    missing = [t for t in tags if escaped(t) not in text]
    assert not missing, f"the page did not show the stored records {missing}"


APPS = ["community_home", "committee", "hazards", "projects", "injuries", "emergency", "archive"]


def app_of(name):
    return name.split(":")[0] if ":" in name else "community_home"


@pytest.mark.parametrize("app", APPS)
def test_stored_payloads_are_escaped_in_pages(world, app):
    """One test per app (the world is expensive to build), every page of the app checked and
    every failure reported at once."""
    client = world.cast.client_for("office")
    failures = []
    pages = [p for p in PAGES if app_of(p[0]) == app]
    assert pages
    for name, key, tags in pages:
        kwargs = {"community": world.cast.community.slug}
        if key:
            kwargs["pk"] = world[key].pk
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code != 200:
            failures.append(f"{name}: status {response.status_code}")
            continue
        try:
            check_page(response.content.decode(), ["usr", *tags])
        except AssertionError as error:
            failures.append(f"{name}: {str(error).splitlines()[0]}")
    assert not failures, "\n".join(failures)


# --- 2. Stored XSS in PDFs and charts -----------------------------------------------------------


def squash(text):
    """pdftotext breaks long lines anywhere: compare without whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")


@pytest.fixture
def fetches(monkeypatch):
    """Every URL the PDF renderer asks for."""
    from safecommunity import pdf

    seen = []
    original = pdf.OfflineURLFetcher.fetch

    def spy(self, url, *args, **kwargs):
        seen.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(pdf.OfflineURLFetcher, "fetch", spy)
    return seen


def check_pdf(path, fetched, required):
    text = squash(pdf_text(path))
    # The markup is shown as text: had it been interpreted, the tags would be gone from the text.
    shown = sorted(t for t in TAGS if squash(script(t)) in text)
    assert set(required) <= set(shown), f"payloads shown as text: {shown}"
    assert squash("<img src=x onerror=alert(/comm/)>") in text
    # ... and the <img src=x> was never fetched (the font was: the spy works).
    assert any("wqy-microhei" in url for url in fetched)
    images = [u for u in fetched if urlsplit(u).path.rstrip("/").rsplit("/", 1)[-1] == "x"]
    assert not images, f"the PDF renderer fetched {images}"
    return shown


TAGS = [
    "comm", "usr", "mem", "grp", "ptn", "vol", "par", "mtg", "phase", "plc", "hz", "hza", "ipl",
    "ins", "itm", "dgr", "dev", "act", "ppl", "task", "obj", "objv", "prj", "upd", "acty", "srv",
    "unit", "acc", "card", "epl", "pgrp", "drl", "dpt", "prb", "pho", "sup", "shl", "team", "rsp",
    "doc", "rep", "rev", "dec", "ass", "aitem",
]  # fmt: skip


def test_report_pdf_shows_stored_payloads_as_text(world, fetches):
    from archive.choices import JobState, ReportKind
    from archive.services import reports
    from safecommunity.evidence import Period

    today = timezone.localdate()
    report, _created = reports.ensure_report(
        community=world.cast.community,
        kind=ReportKind.MONTHLY,
        period=Period.month(today.year, today.month),
    )
    report = reports.generate_report(report.pk)
    assert report.state == JobState.DONE, report.message
    check_pdf(report.document.file.path, fetches, ["comm", "hz", "prj", "drl", "plc"])


def test_dossier_pdf_shows_stored_payloads_as_text(world, fetches):
    from archive.choices import JobState
    from archive.models import DossierBuild
    from archive.services import dossier

    today = timezone.localdate()
    build = DossierBuild.objects.create(
        community=world.cast.community,
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
    )
    build = dossier.run_build(build.pk)
    assert build.state == JobState.DONE, build.message
    check_pdf(build.pdf.path, fetches, ["comm", "mem", "hz", "prj", "drl", "doc", "ass"])


def parsed_svg(svg):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(str(svg))  # well-formed: a raw "<img src=x ...>" would not parse
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    handlers = [
        name for element in root.iter() for name in element.attrib if name.lower().startswith("on")
    ]
    return root, tags, handlers


@pytest.mark.parametrize(
    "draw",
    [
        lambda p: charts.bar_chart([p, "b"], [3, 4], title=p, unit=p),
        lambda p: charts.bar_chart([p, "b"], [3, 4], title=p, horizontal=True),
        lambda p: charts.stacked_bar_chart([p, "b"], {p: [1, 2], "y": [2, 1]}, title=p),
        lambda p: charts.line_chart([p, "b"], {p: [1, 2]}, title=p, unit=p),
        lambda p: charts.donut_chart([p, "b"], [3, 4], title=p),
        lambda p: charts.risk_matrix_chart(
            {(4, 5): 2},
            likelihood_labels=[p] * 5,
            severity_labels=[p] * 5,
            level_of=lambda _l, _s: "red",
            title=p,
        ),
        lambda p: charts.bar_chart([], [], title=p),
    ],
    ids=["bar", "horizontal-bar", "stacked-bar", "line", "donut", "risk-matrix", "empty"],
)
def test_chart_labels_are_escaped(draw):
    svg = draw(payload("chart"))
    assert not RAW.findall(str(svg))
    root, tags, handlers = parsed_svg(svg)
    assert not tags & {"script", "img", "image", "foreignObject", "a"}, tags
    assert not handlers
    # The label is there, as text.
    assert script("chart") in "".join(root.itertext())


# --- 3. Hostile uploads are refused at every entry point ----------------------------------------

EXE = b"MZ\x90\x00" + b"\x00" * 2044
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def pdf_file():
    buffer = io.BytesIO()
    Image.new("L", (200, 280), "white").save(buffer, "PDF")
    return buffer.getvalue()


def files_under(root):
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@dataclass
class Entry:
    """An upload entry point: who posts what to where, the file field, and a row counter."""

    role: str
    url: str
    data: dict
    field: str
    count: object
    document: bool = False  # PDF/Word expected rather than an image


def entry_point(name, cast):
    from archive.models import Document
    from emergency.models import DrillPhoto, EmergencyPlan
    from hazards.models import Hazard, HiddenDanger

    c, slug, today = cast.community, cast.community.slug, timezone.localdate().isoformat()
    if name == "hazard":
        data = {
            "title": "楼道充电",
            "safety_area": "fire",
            "description": "楼道充电",
            "source": "survey",
            "identified_on": today,
            "status": "active",
            "working_group": cast.group.pk,
        }
        return Entry("office", reverse("hazards:hazard_create", args=[slug]), data, "photo",
                     Hazard.objects.count)  # fmt: skip
    if name == "danger":
        data = {
            "title": "灭火器过期",
            "grade": "general",
            "safety_area": "fire",
            "description": "压力不足",
            "source": "inspection",
            "found_on": today,
            "working_group": cast.group.pk,
        }
        return Entry("office", reverse("hazards:danger_create", args=[slug]), data, "photo",
                     HiddenDanger.objects.count)  # fmt: skip
    if name == "inspection":
        from hazards.models import Inspection

        data = {
            "date": today,
            "inspection_type": "holiday",
            "method": "community",
            "places": [hf.PlaceFactory(community=c).pk],
            "inspectors": "王丽华",
            "working_group": cast.group.pk,
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-item": "疏散通道",
            "items-0-result": "pass",
            "items-0-note": "",
        }
        return Entry("leader", reverse("hazards:inspection_create", args=[slug]), data, "photo",
                     Inspection.objects.count)  # fmt: skip
    if name == "danger-rectify":
        danger = hf.HiddenDangerFactory(
            community=c,
            working_group=cast.group,
            status="ordered",
            deadline=timezone.localdate() + datetime.timedelta(days=7),
            measures_required="整改",
            responsible_person="张伟",
        )
        return Entry(
            "leader",
            reverse("hazards:danger_rectify", args=[slug, danger.pk]),
            {"note": "已整改", "rectified_on": today},
            "photo",
            DangerEvent.objects.filter(danger=danger, action="rectify").count,
        )
    if name == "drill-photo":
        drill = ef.DrillFactory(community=c, working_group=cast.group)
        return Entry("leader", reverse("emergency:photo_add", args=[slug, drill.pk]),
                     {"caption": "现场"}, "image", DrillPhoto.objects.count)  # fmt: skip
    if name == "plan-document":
        data = {
            "title": "燃气泄漏事故应急预案",
            "category": "accident",
            "emergency_type": "gas",
            "level": "special",
            "status": "in_force",
            "owner_unit": "街道安监办",
            "groups-TOTAL_FORMS": "1",
            "groups-INITIAL_FORMS": "0",
            "groups-MIN_NUM_FORMS": "0",
            "groups-MAX_NUM_FORMS": "1000",
            "groups-0-name": "抢险救援组",
            "groups-0-leader": "孙海涛",
            "groups-0-phone": "13800000000",
        }
        return Entry("office", reverse("emergency:plan_create", args=[slug]), data, "document",
                     EmergencyPlan.objects.count, document=True)  # fmt: skip
    if name == "project-update-attachment":
        update = pf.ProjectUpdateFactory(
            project=pf.ProjectFactory(community=c, working_group=cast.group)
        )
        content_type = ContentType.objects.get_for_model(update)
        return Entry(
            "leader",
            reverse("archive:attachment_upload", args=[slug, content_type.pk, update.pk]),
            {"title": "进展照片"},
            "file",
            Document.objects.count,
            document=True,
        )
    raise AssertionError(name)


ENTRY_POINTS = [
    "hazard",
    "inspection",
    "danger",
    "danger-rectify",
    "drill-photo",
    "plan-document",
    "project-update-attachment",
]
CASES = ["valid", "html", "svg", "exe", "oversized"]


def refusals(response, field):
    """The errors shown for a refused upload: on the form, or as messages after a redirect."""
    from django.contrib.messages import constants, get_messages

    if response.status_code == 200:
        return [str(e) for e in response.context["form"].errors.get(field, [])]
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_upload_entry_points_refuse_hostile_files(cast, settings, name, case):
    entry = entry_point(name, cast)
    valid = pdf_file() if entry.document else png_bytes()
    files = {
        "valid": ("report.pdf" if entry.document else "photo.png", valid),
        "html": ("page.html", HTML),
        "svg": ("logo.svg", SVG),
        "exe": ("report.pdf" if entry.document else "photo.jpg", EXE),
        "oversized": ("big.pdf" if entry.document else "big.png", valid + b"\x00" * 4096),
    }
    if case == "oversized":
        settings.UPLOAD_MAX_BYTES = len(valid) + 1024
    filename, content = files[case]
    before = entry.count()
    response = cast.client_for(entry.role).post(
        entry.url, {**entry.data, entry.field: SimpleUploadedFile(filename, content)}
    )
    stored = files_under(settings.MEDIA_ROOT)
    if case == "valid":  # the same post with a harmless file goes through
        assert response.status_code == 302, refusals(response, entry.field)
        assert not refusals(response, entry.field)
        assert entry.count() == before + 1 and stored
        return
    errors = refusals(response, entry.field)
    assert errors, f"{name} accepted {filename} ({case})"
    assert entry.count() == before, "a row was written"
    assert not stored, f"files were written: {stored}"
    if case == "oversized":
        assert any(re.search("过大|超过上限", e) for e in errors), errors


IMPORTS = [
    "committee:member_import",
    "committee:group_import",
    "committee:partner_import",
    "hazards:place_import",
    "hazards:hazard_import",
    "projects:activity_import",
    "injuries:card_import",
    "emergency:supply_import",
    "emergency:team_import",
]


def import_staging(settings):
    return files_under(Path(settings.VAR_DIR) / "imports")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("cards.csv", EXE, "无法识别文件编码"),
        ("cards.csv", b"MZ" + b"\x00" * 200, "文件内容不是文本 CSV。"),
        ("cards.xlsx", EXE, "文件内容不是有效的 XLSX 工作簿。"),
        ("cards.exe", EXE, "只支持 .xlsx 或 .csv 文件。"),
        ("cards.xlsx", b"PK\x03\x04" + b"\x00" * 200, "无法读取 XLSX 文件"),
    ],
    ids=["exe-as-csv", "nul-bytes-as-csv", "exe-as-xlsx", "exe", "broken-zip-as-xlsx"],
)
def test_imports_refuse_programs_with_a_clear_message(cast, settings, filename, content, message):
    from injuries.models import InjuryCard

    client = cast.client_for("office")
    for name in IMPORTS:
        response = client.post(
            reverse(name, args=[cast.community.slug]),
            {"file": SimpleUploadedFile(filename, content)},
        )
        assert response.status_code == 200, name
        assert message in response.content.decode(), name
        assert "token" not in response.context or not response.context["token"], name
    assert not import_staging(settings)
    assert not InjuryCard.objects.exists()


def test_oversized_import_is_refused(cast, settings, monkeypatch):
    from injuries.models import InjuryCard
    from safecommunity import importing

    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 100)
    response = cast.client_for("office").post(
        reverse("injuries:card_import", args=[cast.community.slug]),
        {"file": SimpleUploadedFile("cards.csv", "姓名,性别\n".encode() + b"x,y\n" * 100)},
    )
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert not import_staging(settings) and not InjuryCard.objects.exists()


# --- 4. Real records of another community ------------------------------------------------------

# The folder in front of <int:pk> names the record kind: (namespace, folder) → world key.
FOLDERS = {
    ("committee", "members"): "mem",
    ("committee", "groups"): "grp",
    ("committee", "partners"): "ptn",
    ("committee", "volunteers"): "vol",
    ("committee", "participation"): "par",
    ("committee", "meetings"): "mtg",
    ("committee", "phases"): "phase",
    ("hazards", "places"): "plc",
    ("hazards", "register"): "hz",
    ("hazards", "plans"): "ipl",
    ("hazards", "inspections"): "ins",
    ("hazards", "dangers"): "dgr",
    ("hazards", "actions"): "act",
    ("projects", "plans"): "ppl",
    ("projects", "tasks"): "task",
    ("projects", "objectives"): "obj",
    ("projects", "list"): "prj",
    ("projects", "updates"): "upd",
    ("projects", "activities"): "acty",
    ("projects", "surveys"): "srv",
    ("injuries", "cards"): "card",
    ("injuries", "accidents"): "acc",
    ("injuries", "units"): "unit",
    ("emergency", "plans"): "epl",
    ("emergency", "drills"): "drl",
    ("emergency", "problems"): "prb",
    ("emergency", "photos"): "pho",
    ("emergency", "supplies"): "sup",
    ("emergency", "shelters"): "shl",
    ("emergency", "teams"): "team",
    ("emergency", "responses"): "rsp",
    ("archive", "documents"): "doc",
    ("archive", "reports"): "rep",
    ("archive", "reviews"): "rev",
    ("archive", "assessment"): "ass",
}


def record_routes(world):
    """(name, path with the community left as {community}) for every route that takes the pk of
    a record the world holds; the other parameters filled with real values."""
    from django.urls import get_resolver

    from .test_security import iter_patterns

    routes = []
    for name, route in sorted(set(iter_patterns(get_resolver()))):
        match = re.search(r"([a-z_-]+)/<int:pk>", route)
        if not match or "<slug:community>" not in route:
            continue
        namespace = name.split(":")[0] if ":" in name else ""
        if (namespace, match.group(1)) == ("committee", "users"):
            pk = world.cast.users["office"].memberships.get(community=world.cast.community).pk
        elif (namespace, match.group(1)) in FOLDERS:
            pk = world[FOLDERS[namespace, match.group(1)]].pk
        else:
            continue  # dossier builds: none in the world (tests/archive/test_dossier.py)
        path = "/" + route.replace("<slug:community>", "{community}").replace("<int:pk>", str(pk))
        path = path.replace("<int:member>", str(world["mem"].pk)).replace("<int:element>", "1")
        path = path.replace("<int:item>", str(world["aitem"].pk)).replace("<str:action>", "confirm")
        assert "<" not in path, path
        routes.append((name, path))
    return routes


def snapshot(world):
    return {
        key: type(obj)._base_manager.filter(pk=obj.pk).values().first()
        for key, obj in world.objects.items()
    }


def test_real_records_of_another_community_are_404_and_unchanged(world):
    cast = world.cast
    before = snapshot(world)
    routes = record_routes(world)
    assert len(routes) > 100, len(routes)
    client = cast.client_for("outsider")  # the office of the other community
    wrong = []
    for name, path in routes:
        own = path.format(community=cast.other.slug)  # A's pk under B's own community
        foreign = path.format(community=cast.community.slug)  # A's pk under A
        # Views that take only POST (or only GET) answer the other method with 405 before any
        # lookup; one of the two must reach the lookup and answer 404.
        own_statuses = {client.get(own).status_code, client.post(own, {}).status_code}
        if not own_statuses <= {404, 405} or 404 not in own_statuses:
            wrong.append(f"{own} ({name}) → {sorted(own_statuses)}")
        if (status := client.get(foreign).status_code) != 404:
            wrong.append(f"GET {foreign} ({name}) → {status}")
    assert not wrong, "\n".join(wrong)
    assert snapshot(world) == before


def test_attachment_onto_another_communitys_record_is_404(world, settings):
    from archive.models import Document

    update = world["upd"]
    content_type = ContentType.objects.get_for_model(update)
    documents = Document.objects.count()
    response = world.cast.client_for("outsider").post(
        reverse(
            "archive:attachment_upload", args=[world.cast.other.slug, content_type.pk, update.pk]
        ),
        {"file": SimpleUploadedFile("a.png", png_bytes())},
    )
    assert response.status_code == 404
    assert Document.objects.count() == documents


# --- 5. The admin is for superusers only, staff or not ------------------------------------------
# (tests/test_security.py covers users of every role, who are not staff.)


@pytest.mark.parametrize("with_permissions", [False, True], ids=["no-permissions", "permissions"])
def test_staff_who_are_not_superusers_cannot_reach_the_admin(cast, with_permissions):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = cast.users["office"]
    user.is_staff = True
    user.save()
    User = get_user_model()
    if with_permissions:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="committee"))
    client = Client()
    client.force_login(user)
    app, model = User._meta.app_label, User._meta.model_name
    for url in ["/admin/", f"/admin/{app}/{model}/", f"/admin/{app}/{model}/{user.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 302, f"{url} → {response.status_code}"
        assert "/admin/login/" in response["Location"]


# --- CSRF beyond the one form tests/test_security.py posts to -----------------------------------


def test_csrf_is_enforced_on_upload_and_state_changing_forms(world):
    from archive.models import Document

    cast = world.cast
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.users["office"])
    slug = cast.community.slug
    update = world["upd"]
    content_type = ContentType.objects.get_for_model(update)
    before = snapshot(world)
    documents = Document.objects.count()
    for url in [
        reverse("hazards:hazard_create", args=[slug]),
        reverse("hazards:danger_rectify", args=[slug, world["dgr"].pk]),
        reverse("emergency:photo_add", args=[slug, world["drl"].pk]),
        reverse("archive:attachment_upload", args=[slug, content_type.pk, update.pk]),
        reverse("injuries:card_import", args=[slug]),
        reverse("committee:member_update", args=[slug, world["mem"].pk]),
        reverse("committee:member_delete", args=[slug, world["mem"].pk]),
    ]:
        response = client.post(url, {"name": "x", "file": SimpleUploadedFile("a.png", png_bytes())})
        assert response.status_code == 403, url
    assert snapshot(world) == before
    assert Document.objects.count() == documents

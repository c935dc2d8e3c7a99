"""Community hand-over: export → import into an empty community → export gives the same ledgers."""

import datetime
import hashlib
import io
import json
import random
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from archive import handover
from archive.services.handover import (
    MANIFEST,
    HandoverError,
    export_community,
    import_community,
)
from committee import demo
from committee.management.commands.seed_demo import seeders
from committee.models import Community
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def seeded():
    rng = random.Random(7)
    community, users, groups = demo.seed_community(demo.COMMUNITIES[0], today=TODAY, rng=rng)
    for module in seeders():
        module.seed(community, users=users, groups=groups, rng=rng, scale="small", today=TODAY)
    return community


def _export(community):
    buffer = io.BytesIO()
    export_community(community, buffer)
    buffer.seek(0)
    return buffer


def _ledger_cells(buffer):
    """Every ledger's cells (as text) and every evidence file's hash, from a hand-over ZIP."""
    with zipfile.ZipFile(buffer) as archive:
        sheets = {}
        for name in archive.namelist():
            if name.startswith("ledgers/"):
                book = load_workbook(io.BytesIO(archive.read(name)), read_only=True)
                rows = [
                    ["" if v is None else str(v) for v in row]
                    for row in book.worksheets[0].iter_rows(values_only=True)
                ]
                sheets[name] = rows
        files = {
            name: _fingerprint(archive.read(name))
            for name in archive.namelist()
            if name.startswith("files/")
        }
        manifest = json.loads(archive.read(MANIFEST))
    return sheets, files, manifest


def _fingerprint(data):
    """Documents must come back byte for byte. Photos are re-encoded whenever they are stored
    (issue 15: metadata and polyglot payloads never survive an upload, a hand-over included), so
    a lossy JPEG comes back as the same picture — same format, size and mode — not the same bytes."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format in {"JPEG", "WEBP"}:
                return ("picture", image.format, image.size, image.mode)
    except Exception:  # noqa: BLE001 - not an image: compare the bytes
        pass
    return hashlib.sha256(data).hexdigest()


def test_round_trip_gives_the_same_ledgers_and_files(seeded):
    first = _export(seeded)
    sheets, files, manifest = _ledger_cells(first)
    copy = CommunityFactory(name="安康街道", slug="ankang")
    first.seek(0)
    report = import_community(copy, first)
    assert report.ok, report.problems[:5]
    assert report.committed
    again_sheets, again_files, again_manifest = _ledger_cells(_export(copy))
    profile = "ledgers/community.xlsx"
    # the receiving community keeps what it was created with (name, kind, area code)
    del sheets[profile], again_sheets[profile]
    assert set(sheets) == set(again_sheets)
    for name in sheets:
        assert again_sheets[name] == sheets[name], name
    assert again_files == files
    assert again_manifest["counts"] == manifest["counts"]
    # the demo has records and files in every kind the round trip must carry
    counts = manifest["counts"]
    for label in ("hazards.hazard", "hazards.hiddendanger", "projects.project", "archive.document"):
        assert counts[label] > 0, label
    assert files
    assert {entry["path"] for entry in manifest["files"]} == set(files)
    first.seek(0)
    with zipfile.ZipFile(first) as archive:
        for entry in manifest["files"]:
            digest = hashlib.sha256(archive.read(entry["path"])).hexdigest()
            assert entry["sha256"] == digest, entry["path"]


# Small cases on factory data --------------------------------------------------------------------


@pytest.fixture
def small(cast):
    """A community with linked records across apps and a file: enough to break a relation."""
    from django.core.files.base import ContentFile

    from tests.archive.factories import DocumentFactory
    from tests.archive.samples import image_bytes
    from tests.hazards.factories import HazardFactory, HiddenDangerFactory, PlaceFactory

    place = PlaceFactory(community=cast.community, name="幸福小学", working_group=cast.group)
    hazard = HazardFactory(community=cast.community, code="FX-1", place=place)
    hazard.photo.save("hazard.png", ContentFile(image_bytes()), save=True)
    HiddenDangerFactory(community=cast.community, hazard=hazard, place=place, title="护栏松动")
    DocumentFactory(community=cast.community, record=hazard, elements=[3])
    return cast


def _export_bytes(community):
    return _export(community).getvalue()


def test_relations_and_files_survive_by_natural_keys(small):
    from archive.models import Document
    from hazards.models import Hazard, HiddenDanger

    data = _export_bytes(small.community)
    target = CommunityFactory(slug="ankang")
    report = import_community(target, io.BytesIO(data))
    assert report.committed and report.files == 2
    danger = HiddenDanger.objects.get(community=target)
    assert danger.hazard.community == target and danger.hazard.code == "FX-1"
    assert danger.place.name == "幸福小学" and danger.place.community == target
    assert danger.place.working_group.community == target
    hazard = Hazard.objects.get(community=target)
    with (
        hazard.photo.open("rb") as copied,
        Hazard.objects.get(community=small.community).photo.open("rb") as original,
    ):
        assert copied.read() == original.read()
    document = Document.objects.get(community=target)
    assert document.record == hazard
    assert document.element_numbers == [3]
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.startswith("files/03-事故与伤害风险辨识及其评价/hazards.hazard/") for n in names)


def test_import_refuses_a_community_with_records(small):
    data = _export_bytes(small.community)
    with pytest.raises(HandoverError, match="已有数据"):
        import_community(small.community, io.BytesIO(data))


def test_import_refuses_a_zip_without_manifest(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ledgers/x.xlsx", b"")
    with pytest.raises(HandoverError, match="manifest"):
        import_community(CommunityFactory(), io.BytesIO(buffer.getvalue()))


def _edit_cell(data, member, heading, row, value):
    """The package with one cell of one ledger changed."""
    from openpyxl import Workbook

    source = zipfile.ZipFile(io.BytesIO(data))
    book = load_workbook(io.BytesIO(source.read(member)))
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index(heading) + 1
    sheet.cell(row=row, column=column, value=value)
    edited = io.BytesIO()
    book.save(edited)
    assert Workbook  # openpyxl round-trips the sheet as written
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            target.writestr(name, edited.getvalue() if name == member else source.read(name))
    return output.getvalue()


def test_bad_row_is_reported_and_nothing_is_written(small, settings):
    from hazards.models import Hazard

    data = _edit_cell(
        _export_bytes(small.community),
        "ledgers/hazards.hiddendanger.xlsx",
        "场所/单位",
        2,
        "不存在的场所",
    )
    target = CommunityFactory(slug="ankang")
    report = import_community(target, io.BytesIO(data))
    assert not report.committed
    [(sheet, problem)] = report.problems
    assert sheet.ledger == "hazards.hiddendanger" and problem.row == 2
    assert "不存在的场所" in problem.messages[0]
    assert not Hazard.objects.filter(community=target).exists()
    stored = [p for p in (settings.MEDIA_ROOT / "hazards").rglob("*") if p.is_file()]
    assert len(stored) == 1  # only the original photo; the copy was removed again


def test_preview_writes_nothing(small):
    from hazards.models import Hazard

    target = CommunityFactory(slug="ankang")
    report = import_community(target, io.BytesIO(_export_bytes(small.community)), commit=False)
    assert report.ok and not report.committed and report.total > 0
    assert not Hazard.objects.filter(community=target).exists()


def test_manifest_lists_ledgers_counts_and_what_is_left_out(small):
    manifest = json.loads(
        zipfile.ZipFile(io.BytesIO(_export_bytes(small.community))).read(MANIFEST)
    )
    assert manifest["format_version"] == handover.FORMAT_VERSION
    assert manifest["community"]["slug"] == "xingfu"
    assert manifest["counts"]["hazards.hazard"] == 1
    assert manifest["counts"]["committee.workinggroup"] == 2  # not the other community's
    assert "committee.membership" in manifest["not_included"]
    labels = {entry["ledger"] for entry in manifest["ledgers"]}
    for label in ("committee.populationyear", "committee.creationphase", "injuries.injurycard"):
        assert label in labels


def test_commands_export_and_import_with_create(small, tmp_path):
    path = tmp_path / "handover.zip"
    out = io.StringIO()
    call_command("export_community", "xingfu", str(path), stdout=out)
    assert "ledgers" in out.getvalue()
    call_command(
        "import_community",
        "ankang",
        str(path),
        "--create",
        "--name",
        "安康街道",
        "--kind",
        "street",
        "--area-code",
        "110105",
        stdout=io.StringIO(),
    )
    target = Community.objects.get(slug="ankang")
    assert target.name == "安康街道" and target.area_code == "110105"
    assert target.population == small.community.population
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="已有数据"):
        call_command("import_community", "ankang", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--create"):
        call_command("import_community", "nowhere", str(path), stdout=io.StringIO())


@pytest.mark.parametrize("role", ["member", "leader", "reviewer", "reporter"])
def test_handover_page_is_office_only(small, role):
    from django.urls import reverse

    client = small.client_for(role)
    for name in ("archive:handover", "archive:handover_export"):
        assert client.get(reverse(name, args=["xingfu"])).status_code == 403


def test_office_downloads_and_uploads_into_an_empty_community(small):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from committee.choices import Role
    from hazards.models import HiddenDanger
    from tests.factories import MembershipFactory

    client = small.client_for("office")
    response = client.get(reverse("archive:handover_export", args=["xingfu"]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert MANIFEST in zipfile.ZipFile(io.BytesIO(data)).namelist()

    target = CommunityFactory(slug="ankang")
    MembershipFactory(user=small.users["office"], community=target, role=Role.OFFICE)
    url = reverse("archive:handover", args=["ankang"])
    preview = client.post(url, {"package": SimpleUploadedFile("h.zip", data)})
    assert preview.status_code == 200
    assert not HiddenDanger.objects.filter(community=target).exists()
    token = preview.context["token"]
    assert token
    done = client.post(url, {"confirm": "1", "token": token})
    assert done.status_code == 302
    assert HiddenDanger.objects.filter(community=target).count() == 1
    page = client.get(url)
    assert "已有台账记录" in page.content.decode()


def test_headings_do_not_depend_on_the_language_of_the_first_caller(monkeypatch):
    """The ledgers are described once per process; an English page asking first must not turn a
    package's headings English (a Chinese-made package would then not import again)."""
    from django.apps import apps
    from django.utils import translation

    monkeypatch.setattr(handover, "_LEDGERS", None)
    with translation.override("en"):
        ledger = handover.ledger_for(apps.get_model("hazards", "HiddenDanger"))
    headings = [column.heading for column in ledger.columns]
    assert "场所/单位" in headings and "Place / unit" not in headings

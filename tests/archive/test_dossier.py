"""The accreditation dossier: PDF with chapters, ZIP foldered by element, no personal data,
and a build that always ends (done or failed with a message)."""

import datetime
import zipfile

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from archive.choices import JobState
from archive.models import DossierBuild
from archive.services import dossier as services
from archive.services.assessment import start_assessment
from committee.models import CreationPhase

from .factories import DocumentFactory, ImageDocumentFactory
from .pdftools import embedded_fonts, pdf_text


def make_build(community, **kwargs):
    return DossierBuild.objects.create(
        community=community,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        **kwargs,
    )


def test_build_produces_pdf_and_zip_with_element_folders(cast, tmp_path):
    DocumentFactory(community=cast.community, title="促进委员会成立通知", elements=[1])
    ImageDocumentFactory(community=cast.community, title="防汛演练现场", elements=[7, 10])
    DocumentFactory(
        community=cast.community, title="伤者张三病历", personal_data=True, elements=[9]
    )
    injury_model = next(iter(apps.get_app_config("injuries").get_models()))
    DocumentFactory(
        community=cast.community,
        title="报告卡附件李四",
        elements=[9],
        content_type=ContentType.objects.get_for_model(injury_model),
        object_id=1,
    )
    DocumentFactory(community=cast.other, title="外社区资料", elements=[1])
    start_assessment(community=cast.community, title="2025年自评", date=datetime.date(2025, 6, 1))
    build = services.run_build(make_build(cast.community).pk)

    assert build.state == JobState.DONE and build.progress == 100, build.message
    assert build.page_count > 10 and f"{build.page_count} 页" in build.message
    pdf_path = tmp_path / "dossier.pdf"
    pdf_path.write_bytes(build.pdf.read())
    text = pdf_text(pdf_path)
    for heading in (
        "安全社区申报材料",
        "目录",
        "社区概况",
        "1. 安全社区创建机构与职责",
        "7. 应急预案和响应",
        "12. 评审与持续改进",
        "自评情况",
        "国际安全社区指标对照",
        "促进委员会成立通知",
        "防汛演练现场",
    ):
        assert heading in text, heading
    assert "伤者张三病历" not in text and "报告卡附件李四" not in text and "外社区资料" not in text
    assert all(embedded for _name, embedded in embedded_fonts(pdf_path))

    with zipfile.ZipFile(build.zip.open("rb")) as archive:
        names = archive.namelist()
    assert "幸福街道-安全社区申报材料.pdf" in names and "资料清单.csv" in names
    assert any(
        n.startswith("01-安全社区创建机构与职责/") and "促进委员会成立通知" in n for n in names
    )
    assert any(n.startswith("07-应急预案和响应/") and n.endswith(".png") for n in names)
    assert any(n.startswith("10-安全社区创建档案/") and "防汛演练现场" in n for n in names)
    assert not any("张三" in n or "李四" in n or "外社区" in n for n in names)


def test_toc_lists_every_chapter_with_a_page_number(cast, tmp_path):
    build = services.run_build(make_build(cast.community).pk)
    path = tmp_path / "d.pdf"
    path.write_bytes(build.pdf.read())
    toc_page = pdf_text(path).split("\f")[1]
    import re

    lines = [line for line in toc_page.splitlines() if re.search(r"\.{5,}\s*\d+$", line)]
    assert len(lines) == 1 + 12 + 2  # profile, twelve elements, self-assessment, crosswalk


def test_failing_build_ends_failed_with_a_message(cast, settings, tmp_path):
    blocker = tmp_path / "media-is-a-file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    build = services.run_build(make_build(cast.community).pk)
    assert build.state == JobState.FAILED and build.message.startswith("生成失败")
    status = services.job_status(build)
    assert status["state"] == "failed" and status["download_url"] == ""


def test_status_json_for_polling(cast):
    build = make_build(
        cast.community, state=JobState.RUNNING, progress=40, message="已汇总第 5/12 个要素…"
    )
    response = cast.client_for("reviewer").get(
        reverse("archive:dossier_status", args=[cast.community.slug, build.pk])
    )
    assert response.json() == {
        "state": "running",
        "progress": 40,
        "message": "已汇总第 5/12 个要素…",
        "download_url": "",
        "zip_url": "",
    }
    assert "no-cache" in response["Cache-Control"]


def test_abandoned_builds_are_failed_when_polled(cast):
    old = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    pending = make_build(cast.community)
    running = make_build(cast.community, state=JobState.RUNNING)
    DossierBuild.objects.filter(pk__in=[pending.pk, running.pk]).update(updated_at=old)
    for build, words in ((pending, "未开始"), (running, "中断")):
        data = services.job_status(DossierBuild.objects.get(pk=build.pk))
        assert data["state"] == "failed" and words in data["message"]


def test_dossier_page_starts_a_build_and_offers_downloads(cast, django_capture_on_commit_callbacks):
    CreationPhase.objects.create(
        community=cast.community, phase=1, actual_start=datetime.date(2024, 3, 1)
    )
    url = reverse("archive:dossier", args=[cast.community.slug])
    page = cast.client_for("office").get(url)
    assert page.context["form"].initial["period_start"] == datetime.date(2024, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client_for("office").post(
            url, {"period_start": "2024-03-01", "period_end": "2025-06-30"}
        )
    assert response.status_code == 302
    build = DossierBuild.objects.get()
    assert build.state == JobState.DONE and build.requested_by == cast.users["office"]
    html = cast.client_for("reviewer").get(url).content.decode()
    assert build.get_download_url("pdf") in html and build.get_download_url("zip") in html
    pdf = cast.client_for("reviewer").get(build.get_download_url("pdf"))
    assert (
        pdf["Content-Disposition"].startswith("attachment;")
        and pdf["X-Content-Type-Options"] == "nosniff"
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_running_build_page_has_the_polled_progress_area(cast):
    build = make_build(cast.community, state=JobState.RUNNING, progress=30)
    html = (
        cast.client_for("office")
        .get(reverse("archive:dossier", args=[cast.community.slug]))
        .content.decode()
    )
    assert f'data-poll-url="{build.get_status_url()}"' in html
    assert (
        'class="progress-bar' in html
        and 'class="progress-message"' in html
        and "download-link" in html
    )


def test_only_the_office_builds_and_foreign_builds_are_404(cast):
    url = reverse("archive:dossier", args=[cast.community.slug])
    data = {"period_start": "2024-01-01", "period_end": "2024-12-31"}
    assert cast.client_for("member").post(url, data).status_code == 403
    assert not DossierBuild.objects.exists()
    foreign = make_build(cast.other, state=JobState.DONE)
    client = cast.client_for("office")
    assert (
        client.get(
            reverse("archive:dossier_status", args=[cast.community.slug, foreign.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("archive:dossier_download", args=[cast.community.slug, foreign.pk, "pdf"])
        ).status_code
        == 404
    )


def test_only_five_builds_are_kept(cast):
    for _ in range(6):
        make_build(cast.community, state=JobState.FAILED)
    services.run_build(make_build(cast.community).pk)
    assert DossierBuild.objects.filter(community=cast.community).count() == 5


def test_export_dossier_command(cast, tmp_path):
    from django.core.management import call_command

    DocumentFactory(community=cast.community, title="档案管理制度", elements=[10])
    pdf, archive = tmp_path / "out.pdf", tmp_path / "out.zip"
    call_command("export_dossier", community="xingfu", output=str(pdf), zip_path=str(archive))
    assert pdf.read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(archive) as opened:
        assert any(n.startswith("10-安全社区创建档案/") for n in opened.namelist())

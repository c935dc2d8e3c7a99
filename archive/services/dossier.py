"""The dossier build: a job row the page polls, a PDF of the twelve elements and a ZIP of originals.

``start_build`` creates the job and queues the Celery task; ``run_build`` (the task's body) does the
work and records progress; ``job_status`` is what the page's poller reads. A build that fails ends
in the 'failed' state with a message, and one whose worker vanished is marked failed when polled.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import posixpath
import re
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safecommunity.elements import Element
from safecommunity.evidence import Period
from safecommunity.importing import neutralise_formula
from safecommunity.jobs import Heartbeat, enqueue_job, heartbeat_is_stale
from safecommunity.pdf import render_pdf

from ..choices import DocumentKind, JobState
from ..dossier_content import dossier_context
from ..models import Document, DossierBuild
from ..models.documents import stored_name
from . import DOSSIER_TIME_LIMIT, task

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from celery import Task

    from committee.models import Community, User

logger = logging.getLogger(__name__)

TIME_LIMIT = DOSSIER_TIME_LIMIT  # seconds: the build task's hard limit
PENDING_TIMEOUT = datetime.timedelta(minutes=10)  # no worker picked it up
KEEP_BUILDS = 5
# Already-compressed formats go into the ZIP stored, the rest deflated.
STORED_KINDS = {
    DocumentKind.IMAGE,
    DocumentKind.AUDIO,
    DocumentKind.VIDEO,
    DocumentKind.WORD,
    DocumentKind.EXCEL,
    DocumentKind.POWERPOINT,
}


def element_folder(number: int) -> str:
    return f"{number:02d}-{Element(number).label}"


@transaction.atomic
def start_build(
    *,
    community: Community,
    period_start: datetime.date,
    period_end: datetime.date,
    user: User | None = None,
) -> DossierBuild:
    """Create a pending build and queue it (after commit). Returns the build."""
    build = DossierBuild(
        community=community,
        period_start=period_start,
        period_end=period_end,
        requested_by=user,
        message=_("已提交，等待后台任务开始…"),
    )
    build.full_clean()
    build.save()
    transaction.on_commit(lambda: _queue(task("archive.tasks.build_dossier"), build.pk))
    return build


def _queue(task: Task, build_id: int) -> None:
    """Queue the build (pending with a message while the broker is down; beat queues it again)."""
    result = enqueue_job(task, DossierBuild, build_id)
    if result is not None:
        DossierBuild.objects.filter(pk=build_id).exclude(task_id__gt="").update(
            task_id=result.id or ""
        )


def set_progress(build_id: int, progress: float, message: str) -> None:
    DossierBuild.objects.filter(pk=build_id).update(
        progress=max(0, min(100, int(progress))), message=message[:500], updated_at=timezone.now()
    )


def fail(build_id: int, message: str) -> None:
    DossierBuild.objects.filter(pk=build_id).exclude(state=JobState.DONE).update(
        state=JobState.FAILED,
        message=message[:500],
        updated_at=timezone.now(),
        finished_at=timezone.now(),
    )


def run_build(build_id: int, task_id: str = "") -> DossierBuild:
    """Build the PDF and the ZIP of one job, recording progress; never leaves it 'running' on error.

    Claims the build when it is pending, or when it is running under this same task id: the
    message came back after the worker process running it died (acks late + reject on worker
    lost), so the build starts over instead of waiting for its heartbeat to go stale.
    """
    claim = Q(state=JobState.PENDING)
    if task_id:
        claim |= Q(state=JobState.RUNNING, task_id=task_id)
    claimed = DossierBuild.objects.filter(claim, pk=build_id).update(
        state=JobState.RUNNING,
        progress=1,
        message=_("开始汇总各要素记录…"),
        updated_at=timezone.now(),
        **({"task_id": task_id} if task_id else {}),
    )
    if not claimed:
        return DossierBuild.objects.get(pk=build_id)
    build = DossierBuild.objects.select_related("community").get(pk=build_id)
    saved = []
    try:
        with Heartbeat(DossierBuild.objects.filter(pk=build_id)):
            _build(build, saved)
    except SoftTimeLimitExceeded:
        fail(
            build_id,
            _("生成超时（超过 %(minutes)s 分钟），请缩短材料期间后重试。")
            % {"minutes": TIME_LIMIT // 60},
        )
        _delete_files(saved)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the page must stop spinning
        logger.exception("Dossier build %s failed", build_id)
        fail(build_id, _("生成失败：%(error)s") % {"error": exc})
        _delete_files(saved)
    finally:
        _remove_old_builds(build.community_id)
    return DossierBuild.objects.get(pk=build_id)


def _delete_files(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s", name)


def _build(build: DossierBuild, saved: list[str]) -> None:
    community = build.community
    period = Period(build.period_start, build.period_end, "")

    def chapter_done(done: int, total: int) -> None:
        set_progress(
            build.pk,
            2 + 58 * done / total,
            _("已汇总第 %(done)s/%(total)s 个要素…") % {"done": done, "total": total},
        )

    context = dossier_context(community, period, progress=chapter_done)
    set_progress(build.pk, 62, _("正在排版 PDF…"))
    pdf = render_pdf("pdf/dossier.html", context)
    pages = pdf_page_count(pdf)
    pdf_name = default_storage_save(stored_name(community.pk, "dossier", ".pdf"), ContentFile(pdf))
    saved.append(pdf_name)
    set_progress(
        build.pk, 80, _("PDF 已生成（%(pages)s 页），正在打包原始资料…") % {"pages": pages}
    )
    zip_name, zip_size, files = _zip(build, pdf)
    saved.append(zip_name)
    DossierBuild.objects.filter(pk=build.pk).update(
        state=JobState.DONE,
        progress=100,
        pdf=pdf_name,
        zip=zip_name,
        pdf_size=len(pdf),
        zip_size=zip_size,
        page_count=pages,
        message=_("已完成：PDF %(pages)s 页，资料包含原始文件 %(files)s 个。")
        % {"pages": pages, "files": files},
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


_PAGES = re.compile(
    rb"/Type\s*/Pages\b(?:(?!>>).)*?/Count\s+(\d+)|/Count\s+(\d+)(?:(?!>>).)*?/Type\s*/Pages\b",
    re.S,
)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF: the /Count of its page tree, looked for in compressed object streams too."""
    counts = [int(a or b) for a, b in _PAGES.findall(pdf)]
    if not counts:
        for match in _STREAM.finditer(pdf):
            try:
                data = zlib.decompress(match.group(1))
            except zlib.error:
                continue
            counts += [int(a or b) for a, b in _PAGES.findall(data)]
    return max(counts, default=0)


def default_storage_save(name: str, content: File) -> str:
    from django.core.files.storage import default_storage

    return default_storage.save(name, content)


def pdf_filename(community: Community) -> str:
    return f"{community.name}-安全社区申报材料.pdf"


def _zip(build: DossierBuild, pdf: bytes) -> tuple[str, int, list[str]]:
    """The ZIP: the PDF, a CSV index and every original evidence file foldered by element."""
    community = build.community
    documents = (
        Document.objects.filter(community=community)
        .unrestricted()
        .prefetch_related("element_links")
        .order_by("date", "id")
    )
    total = documents.count()
    index_rows = []
    used = set()
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossier.zip"
        with zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True
        ) as archive:
            archive.writestr(pdf_filename(community), pdf)
            for count, document in enumerate(documents.iterator(chunk_size=500), start=1):
                elements = document.element_numbers or [10]
                for number in elements:
                    name = _unique(
                        used, posixpath.join(element_folder(number), _file_name(document))
                    )
                    status = _add_file(archive, document, name)
                    written += status == "ok"
                    index_rows.append(
                        [
                            element_folder(number),
                            name,
                            document.title,
                            document.date,
                            document.source_unit,
                            document.get_kind_display(),
                            document.size,
                            status,
                        ]
                    )
                if count % 200 == 0:
                    set_progress(
                        build.pk,
                        80 + 18 * count / max(total, 1),
                        _("正在打包原始资料 %(done)s/%(total)s…") % {"done": count, "total": total},
                    )
            archive.writestr("资料清单.csv", _index_csv(index_rows))
        name = default_storage_save(
            stored_name(community.pk, "dossier", ".zip"), File(path.open("rb"))
        )
        size = path.stat().st_size
    return name, size, written


def _add_file(archive: zipfile.ZipFile, document: Document, name: str) -> str:
    info = zipfile.ZipInfo(
        name,
        date_time=(max(document.date.year, 1980), document.date.month, document.date.day, 0, 0, 0),
    )
    info.compress_type = (
        zipfile.ZIP_STORED if document.kind in STORED_KINDS else zipfile.ZIP_DEFLATED
    )
    try:
        with (
            document.file.open("rb") as source,
            archive.open(info, "w", force_zip64=document.size > 2**31) as target,
        ):
            shutil.copyfileobj(source, target, 1024 * 1024)
    except FileNotFoundError:
        return _("文件缺失")
    return "ok"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _file_name(document: Document) -> str:
    title = _UNSAFE.sub("_", document.title).strip(" .") or "document"
    return f"{document.date:%Y%m%d}-{title[:80]}{document.extension}"


def _unique(used: set[str], name: str) -> str:
    candidate, counter = name, 2
    stem, extension = posixpath.splitext(name)
    while candidate in used:
        candidate = f"{stem}-{counter}{extension}"
        counter += 1
    used.add(candidate)
    return candidate


def _index_csv(rows: Iterable[Sequence[Any]]) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        [
            _("要素"),
            _("文件"),
            _("标题"),
            _("日期"),
            _("来源单位"),
            _("类型"),
            _("大小（字节）"),
            _("状态"),
        ]
    )
    writer.writerows([neutralise_formula(v) for v in row] for row in rows)
    return "\ufeff" + output.getvalue()


def _remove_old_builds(community_id: int) -> None:
    """Keep the latest KEEP_BUILDS builds of a community; delete older ones and their files."""
    old = DossierBuild.objects.filter(community_id=community_id).order_by("-created_at", "-id")[
        KEEP_BUILDS:
    ]
    for build in list(old):
        for stored in (build.pdf, build.zip):
            if stored:
                stored.storage.delete(stored.name)
        build.delete()


def expire_if_stale(build: DossierBuild) -> DossierBuild:
    """Mark a build failed when no worker took it up, or its worker died past the time limit."""
    if build.is_finished:
        return build
    age = timezone.now() - build.updated_at
    if build.state == JobState.PENDING and age > PENDING_TIMEOUT:
        fail(build.pk, _("后台任务长时间未开始，请确认后台任务进程在运行后重试。"))
    elif build.state == JobState.RUNNING and heartbeat_is_stale(
        build, datetime.timedelta(seconds=TIME_LIMIT + 60)
    ):
        # Its worker is gone: killed, restarted, or past the hard time limit (which kills it).
        fail(build.pk, _("后台任务进程已中断（被终止、重启或超时），本次生成未完成，请重试。"))
    else:
        return build
    build.refresh_from_db()
    return build


def job_status(build: DossierBuild) -> dict[str, Any]:
    """The JSON the page polls (static/js/site.js): state, progress, message, download_url."""
    build = expire_if_stale(build)
    return {
        "state": build.state,
        "progress": 100 if build.state == JobState.DONE else build.progress,
        "message": build.message,
        "download_url": build.get_download_url("pdf") if build.state == JobState.DONE else "",
        "zip_url": build.get_download_url("zip") if build.state == JobState.DONE else "",
    }

import io
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db.models.fields.files import FieldFile
from PIL import Image

from safecommunity import charts
from safecommunity.pdf import (
    FONT_PATH,
    OfflineURLFetcher,
    image_uri,
    local_path,
    media_source,
    render_pdf,
    render_pdf_to_file,
)

COMMUNITY = SimpleNamespace(name="安全社区促进委员会")

REPORT_TEMPLATE = """{% extends "pdf/base.html" %}
{% block content %}
<h1 class="chapter" id="organisation">一、组织机构与职责</h1>
<p>委员会负责统筹协调社区安全促进工作。</p>
<img src="/static/img/dot.png" alt="">
<img src="/media/photos/现场照片.jpg" alt="">
<img src="http://198.51.100.1/remote.png" alt="">
{% include "_chart.html" with chart=chart caption="图1 伤害类型分布" %}
{% endblock %}
"""


def poppler(tool, *args):
    """Run a poppler-utils tool, skipping the test when it is not installed."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    result = subprocess.run([tool, *args], capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def embedded_fonts(pdf_path):
    """(name, embedded) for each font that pdffonts lists."""
    fonts = []
    for line in poppler("pdffonts", str(pdf_path)).splitlines()[2:]:
        columns = line.split()
        # name type... encoding emb sub uni object ID: count "emb" from the right.
        fonts.append((columns[0], columns[-5] == "yes"))
    return fonts


def page_text(pdf_path, page):
    return poppler(
        "pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf_path), "-"
    )


@pytest.fixture
def report_template(settings, tmp_path):
    """pdf/test_report.html, a child of pdf/base.html, plus the files it shows."""
    folder = tmp_path / "templates"
    (folder / "pdf").mkdir(parents=True)
    (folder / "pdf" / "test_report.html").write_text(REPORT_TEMPLATE, encoding="utf-8")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}, *settings.TEMPLATES[1:]]

    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "img").mkdir(parents=True)
    Image.new("RGB", (8, 8), "#1a3c6e").save(settings.STATIC_ROOT / "img" / "dot.png")
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    Image.new("RGB", (40, 30), "#27ae60").save(settings.MEDIA_ROOT / "photos" / "现场照片.jpg")
    return "pdf/test_report.html"


def report_context():
    return {
        "community": COMMUNITY,
        "report_title": "2024年度安全社区自评报告",
        "toc": [{"id": "organisation", "title": "一、组织机构与职责"}],
        "chart": charts.bar_chart(["跌倒", "溺水"], [5, 3], title="伤害类型"),
    }


def test_base_template_renders_a_pdf_in_the_bundled_cjk_font(tmp_path):
    pdf = render_pdf(
        "pdf/base.html",
        {"community": COMMUNITY, "report_title": "2024年度安全社区自评报告"},
    )

    assert pdf.startswith(b"%PDF")
    path = tmp_path / "base.pdf"
    path.write_bytes(pdf)
    fonts = embedded_fonts(path)
    # WeasyPrint names a font in the PDF after its @font-face family, and no
    # installed font is called "SC Sans": so this is the bundled file.
    assert any("SC-Sans" in name and embedded for name, embedded in fonts)
    assert all(embedded for _name, embedded in fonts)
    text = page_text(path, 1)
    assert "安全社区促进委员会" in text
    assert "2024年度安全社区自评报告" in text


def test_base_template_renders_without_a_community():
    pdf = render_pdf("pdf/base.html", {"community": None, "report_title": "报告"})

    assert pdf.startswith(b"%PDF")


def test_report_pdf_has_cover_toc_running_header_and_chart(report_template, tmp_path, caplog):
    path = render_pdf_to_file(report_template, report_context(), tmp_path / "out" / "report.pdf")

    assert path.read_bytes().startswith(b"%PDF")
    assert not list(path.parent.glob("*.part"))
    cover, toc, chapter = (page_text(path, page) for page in (1, 2, 3))
    assert "2024年度安全社区自评报告" in cover
    assert not re.search(r"1\s*/\s*3", cover)  # the cover page has no header or footer
    assert re.search(r"一、组织机构与职责\s*\.+\s*3", toc)  # leader and target page
    assert "安全社区促进委员会" in toc and re.search(r"2\s*/\s*3", toc)
    assert "安全社区促进委员会" in chapter  # the running header
    assert "委员会负责统筹协调社区安全促进工作" in chapter
    assert "伤害类型" in chapter and "跌倒" in chapter  # SVG text stays text
    assert "图1 伤害类型分布" in chapter
    fonts = embedded_fonts(path)
    assert any(re.search("wenquanyi|wqy", name, re.I) and embedded for name, embedded in fonts)
    assert "offline" in caplog.text  # the remote image was refused, not fetched


def test_report_pdf_embeds_static_and_media_images(report_template, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report_template, report_context()))

    images = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert sorted((line.split()[3], line.split()[4]) for line in images) == [
        ("40", "30"),
        ("8", "8"),
    ]


def test_fetcher_refuses_the_network_at_once():
    fetcher = OfflineURLFetcher()

    for url in ("http://198.51.100.1/x.png", "https://example.com/a.css", "ftp://host/file"):
        with pytest.raises(ValueError, match="offline"):
            fetcher.fetch(url)


def test_fetcher_serves_static_files_from_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.css").write_text("p { color: red }")

    response = OfflineURLFetcher().fetch("http://intranet.example/static/css/print.css")

    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"
    response.close()


def test_fetcher_falls_back_to_finders_before_collectstatic(settings, tmp_path):
    source = tmp_path / "source"
    (source / "img").mkdir(parents=True)
    (source / "img" / "logo.svg").write_text("<svg/>")
    settings.STATIC_ROOT = tmp_path / "empty"
    settings.STATICFILES_DIRS = [source]

    assert local_path("file:///static/img/logo.svg") == source / "img" / "logo.svg"


def test_fetcher_serves_media_with_non_ascii_names(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "证据.txt").write_text("ok")

    assert local_path("file:///media/%E8%AF%81%E6%8D%AE.txt") == tmp_path / "证据.txt"


@pytest.mark.parametrize(
    "url",
    [
        "file:///static/../../../etc/passwd",
        "file:///media/../../../etc/passwd",
        "file:///etc/passwd",
        "http://intranet.example/etc/passwd",
        "file:///static/missing.png",
    ],
)
def test_fetcher_reads_nothing_outside_static_media_and_fonts(settings, tmp_path, url):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"

    assert local_path(url) is None


def test_fetcher_reads_the_bundled_font_and_data_uris():
    assert local_path(FONT_PATH.as_uri()) == FONT_PATH
    response = OfflineURLFetcher().fetch("data:text/plain;base64,5a6J5YWo")
    assert response.read().decode() == "安全"
    response.close()


def stored_png(storage, name, size):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#8e44ad").save(buffer, "PNG")
    saved = storage.save(name, ContentFile(buffer.getvalue()))
    return FieldFile(None, SimpleNamespace(storage=storage), saved)


def test_media_source_is_a_path_on_disk_and_a_media_uri_on_object_storage(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    on_disk = stored_png(FileSystemStorage(location=tmp_path), "photos/a.png", (4, 4))
    in_bucket = stored_png(InMemoryStorage(), "photos/b.png", (4, 4))

    assert media_source(on_disk) == str(tmp_path / "photos" / "a.png")
    assert image_uri(media_source(on_disk)) == (tmp_path / "photos" / "a.png").as_uri()
    assert media_source(in_bucket) == "media:photos/b.png"
    assert image_uri("media:photos/b.png") == "media:photos/b.png"
    assert media_source(FieldFile(None, SimpleNamespace(storage=InMemoryStorage()), "")) is None


def test_pdf_shows_photos_kept_in_object_storage(settings, tmp_path, monkeypatch):
    """With S3-compatible storage there is no local path: the fetcher reads through the storage."""
    storage = InMemoryStorage()
    monkeypatch.setattr("safecommunity.pdf.default_storage", storage)
    photo = stored_png(storage, "photos/现场.png", (33, 21))
    folder = tmp_path / "templates"
    (folder / "pdf").mkdir(parents=True)
    (folder / "pdf" / "photo.html").write_text(
        '{% extends "pdf/base.html" %}{% load archive_tags %}'
        '{% block content %}<img src="{{ source|file_uri }}">{% endblock %}',
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}, *settings.TEMPLATES[1:]]
    path = tmp_path / "photo.pdf"

    path.write_bytes(
        render_pdf("pdf/photo.html", {"community": COMMUNITY, "source": media_source(photo)})
    )

    images = poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert [(line.split()[3], line.split()[4]) for line in images] == [("33", "21")]


@pytest.mark.parametrize("url", ["media:../secret.png", "media:/etc/passwd", "media:"])
def test_fetcher_refuses_media_names_that_leave_the_storage(url):
    with pytest.raises(ValueError, match="stored file"):
        OfflineURLFetcher().fetch(url)

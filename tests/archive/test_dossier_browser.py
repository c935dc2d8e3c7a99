"""Browser: the office starts a dossier build, watches the progress bar, downloads the PDF and the
test reads its chapter headings. The build runs in a real (embedded) Celery worker thread over an
in-memory broker, so the page polls a job that really is in progress."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from archive.models import DossierBuild
from tests.factories import PASSWORD

from .factories import DocumentFactory
from .pdftools import pdf_text

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_page():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        yield page
        browser.close()


@pytest.fixture
def embedded_worker(settings):
    """A Celery worker thread on an in-memory broker, instead of eager execution."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from safecommunity.celery import app

    def close_connections(**kwargs):
        connections.close_all()  # in the worker thread, so the test database can be dropped

    task_postrun.connect(close_connections, weak=False)

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(
        task_always_eager=False, broker_url="memory://", result_backend="cache+memory://"
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    forget_connections(app)  # producers must use the memory broker configured above
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        task_postrun.disconnect(close_connections)
        app.conf.update(**saved)
        forget_connections(app)


def forget_connections(app):
    """Drop the app's cached broker pools and result backend so new settings take effect."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


def test_office_builds_the_dossier_and_downloads_it(
    cast, live_server, browser_page, embedded_worker, tmp_path
):
    DocumentFactory(community=cast.community, title="安全社区创建工作实施方案", elements=[1])
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", cast.users["office"].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/c/{cast.community.slug}/archive/dossier/")
    page.click("[data-build-button]")
    area = page.locator("[data-poll-url]")
    area.wait_for()
    assert page.locator("[role=progressbar]").count() == 1
    page.wait_for_selector("[data-poll-url].is-done", timeout=120000)
    assert page.locator("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert "已完成" in page.locator(".progress-message").inner_text()
    assert page.locator("[data-zip-download]").is_visible()

    with page.expect_download() as info:
        page.click("a.download-link")
    target = tmp_path / "dossier.pdf"
    info.value.save_as(target)
    page.close()  # stop polling and let the server threads finish before the database goes
    text = pdf_text(target)
    for heading in (
        "安全社区申报材料",
        "社区概况",
        "1. 安全社区创建机构与职责",
        "12. 评审与持续改进",
        "自评情况",
        "安全社区创建工作实施方案",
    ):
        assert heading in text
    assert DossierBuild.objects.get().state == "done"
    # Under Playwright's greenlet the ORM opened a connection of its own; close it, or the test
    # database cannot be dropped at the end of the run.
    connections.close_all()

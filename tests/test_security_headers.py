"""Security headers: a Content-Security-Policy without inline script on every HTML page, a
Permissions-Policy that denies devices no page uses, and no caching of logged-in pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from committee.choices import Role

ROOT = Path(settings.BASE_DIR)


def csp_of(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )


@pytest.mark.parametrize(
    "url_name", ["community_home", "injuries:card_list", "injuries:stats", "archive:dossier"]
)
def test_logged_in_pages_have_csp_permissions_policy_and_no_store(cast, url_name):
    response = cast.client_for(Role.OFFICE).get(reverse(url_name, args=[cast.community.slug]))
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    cache = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    assert "public" not in cache


def test_anonymous_page_has_csp_but_is_not_made_private(client, db):
    response = client.get(reverse("minimal_page"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    cache = response.get("Cache-Control", "")
    assert "no-store" not in cache and "private" not in cache


def test_json_has_permissions_policy_but_no_csp(cast):
    from tests.archive.factories import ReportFactory

    report = ReportFactory(community=cast.community)
    url = reverse("archive:report_status", args=[cast.community.slug, report.pk])
    response = cast.client_for(Role.OFFICE).get(url)
    assert response["Content-Type"] == "application/json"
    assert "Content-Security-Policy" not in response
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "pdf" in path.parts:
            continue  # PDFs are drawn by WeasyPrint, not a browser
        yield path


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
]


def test_no_template_needs_unsafe_inline():
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            found += [f"{path.relative_to(ROOT)}: {what}" for _match in pattern.finditer(text)]
    assert found == []
    assert len(list(templates())) > 50  # the sweep really read the templates

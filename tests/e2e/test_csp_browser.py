"""With the Content-Security-Policy on, the pages still work and the browser reports no
violation: the language switch and the back link run from static/js, not inline handlers."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/committee/groups/",
    "/committee/groups/new/",
    "/injuries/",
    "/injuries/cards/new/",
    "/injuries/stats/",
    "/hazards/register/",
    "/archive/dossier/",
]


def test_pages_raise_no_csp_violation(cast, live_server, page, login):
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(page, cast.users["office"])
    assert "Content-Security-Policy" in page.evaluate(
        "fetch(location.href).then(r => r.headers.has('content-security-policy')"
        " ? 'Content-Security-Policy' : '')"
    )
    base = f"{live_server.url}/c/{cast.community.slug}"
    for path in PAGES:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    # The cancel link of a new record goes back a page (data-history-back).
    page.goto(f"{base}/committee/groups/")
    page.goto(f"{base}/committee/groups/new/")
    page.click("a[data-history-back]")
    page.wait_for_url(f"{base}/committee/groups/")

    # The language switch submits on change (data-autosubmit).
    page.evaluate(
        "const s = document.querySelector('select[name=language]'); s.value = 'en';"
        " s.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    page.wait_for_function("document.documentElement.lang === 'en'")

    assert [p for p in problems if "Content Security Policy" in p] == []
    assert [p for p in problems if "Refused" in p] == []

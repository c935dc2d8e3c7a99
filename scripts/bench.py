"""`make bench`: throughput and latency of the community home and every menu page, measured with
wrk (a C load generator, so the client does not set the pace on these two cores), against two
yardsticks served in the same run by the same gunicorn settings:

- the project's minimal page (/health/page/, requested signed in as the bench user: every
  middleware, the session, the user and the context processors of a project page, then a
  template with no data and no navigation: the fixed cost every page pays);
- a bare Django template page (scripts/bench_bare.py: Django's stock middleware, no database).

Printed per page: req/s, p50/p99 latency, queries, and the ratio to both yardsticks. The large data
set (`seed_demo --scale large`) is built once into var/bench.sqlite3 (or the database in
BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/bench, created beforehand) and
reused. The server runs the production settings: DEBUG off (so the cached template loader),
persistent database connections (DB_CONN_MAX_AGE, default 60), sessions and the user in the
shared cache (files under var/cache/ without REDIS_URL, Redis with it). Figures only; nothing
here asserts a time. The machine may be shared: compare the ratios of one run, and read the load
average printed in the header.

    BENCH_SECONDS      seconds per page (default 6)
    BENCH_CONNECTIONS  wrk connections (default 8), over BENCH_THREADS wrk threads (default 2)
    BENCH_PAGES        a regular expression: only the pages whose label or URL matches
    KEEP_PAGE_CONTENT  0: pages compute their content on every request (as the first view after
                       a change does); default 1, a repeat view is served its kept content
                       (safecommunity.views.KeptContentMixin). Run both: they are different
                       questions, and the closing figures give both.
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# BENCH_DATABASE_URL wins over a DATABASE_URL exported for the development database.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG=0 needs a key
SECONDS = int(float(os.environ.get("BENCH_SECONDS", 6)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
ONLY = os.environ.get("BENCH_PAGES")
PORT = int(os.environ.get("BENCH_PORT", 8765))
BARE_PORT = PORT + 1
BASE = f"http://127.0.0.1:{PORT}"
# Two processes for two cores (the time is Python, so more processes only queue on the cores
# that wrk also needs), two threads each so one waiting on the database does not idle a core.
WORKERS, WORKER_THREADS = 2, 2
# No keep-alive, as behind nginx (HTTP/1.0 to its upstream by default): each request comes on a
# connection of its own, which the kernel hands to whichever worker accepts first. With
# keep-alive, wrk's 8 connections stay with the worker that accepted them, and a run where most
# landed on one worker measured half the throughput (on 2026-12-07 the bare page came out at
# 1,238 req/s, below the minimal page's 1,604; pages of the same cost differed threefold).
GUNICORN = [
    *("--workers", str(WORKERS), "--threads", str(WORKER_THREADS), "--worker-class", "gthread"),
    *("--keep-alive", "0", "--timeout", "120", "--log-level", "warning"),
]
USERNAME = "xingfu-office"

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from committee.demo import DEMO_PASSWORD  # noqa: E402
from committee.models import Community  # noqa: E402
from safecommunity.navigation import entries  # noqa: E402


def ensure_data():
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if not Community.objects.exists():
        print("Building the large data set (once)…", flush=True)
        started = time.monotonic()
        call_command("seed_demo", scale="large")
        print(f"  built in {time.monotonic() - started:.0f} s", flush=True)


def pages(community):
    found = [
        ("社区首页 community home", reverse("community_home", kwargs={"community": community.slug}))
    ]
    for entry in entries():
        label, url_name = entry.label, entry.url_name
        try:
            found.append(
                (f"{label} {url_name}", reverse(url_name, kwargs={"community": community.slug}))
            )
        except NoReverseMatch:
            continue
    return found


def query_counts(urls):
    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=USERNAME))
    for url in ("/health/page/", urls[0][1] if urls else "/health/page/"):
        client.get(url)  # session, user, unread count and switcher cached, as on a server in use
    counts = {}
    for _label, url in urls:
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts[url] = (len(ctx.captured_queries), response.status_code)
    return counts


def start_server(app, port, probe):
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), app, "--bind", f"127.0.0.1:{port}", *GUNICORN],
        cwd=ROOT,
        env=dict(os.environ),
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}{probe}", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn {app} did not start")


def login():
    session = requests.Session()
    page = session.get(f"{BASE}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{BASE}/accounts/login/",
        data={"username": USERNAME, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/accounts/login/"},
    )
    if "sessionid" not in session.cookies:
        sys.exit(f"login failed: {response.status_code}")
    return session.cookies.get_dict()


WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load(url, cookies, base=BASE):
    """wrk on one URL for SECONDS; returns (req/s, p50 ms, p99 ms, failed requests)."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, f"{base}{url}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNIT_MS[unit] for p, v, unit in WRK_LATENCY.findall(out)}
    failed = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        failed += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        failed += sum(int(n) for n in match.groups())
    return rps, latency.get("50", 0.0), latency.get("99", 0.0), failed


def configuration():
    """What the figures depend on besides the code: settings, load, the minimal page's meaning."""
    from django.conf import settings

    return (
        f"load average at start: {LOAD_AT_START} ({os.cpu_count()} cores); "
        f"DEBUG={settings.DEBUG}, "
        f"CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}, "
        f"kept content {'on (repeat views)' if settings.KEEP_PAGE_CONTENT else 'off (computed)'}, "
        "sessions "
        f"{settings.SESSION_ENGINE.rsplit('.', 1)[-1]} on "
        f"{settings.CACHES[settings.SESSION_CACHE_ALIAS]['BACKEND'].rsplit('.', 1)[-1]}\n"
        f"minimal page = /health/page/ signed in as {USERNAME}: middleware, session, user and "
        "context processors, a template without data or navigation"
    )


def load_average():
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


LOAD_AT_START = load_average()


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run `make sysdeps` (Debian package wrk)")
    ensure_data()
    community = Community.objects.order_by("pk").first()
    urls = pages(community)
    if ONLY:
        urls = [(label, url) for label, url in urls if re.search(ONLY, f"{label} {url}")]
    counts = query_counts(urls)
    server = start_server("safecommunity.wsgi", PORT, "/health/")
    bare = start_server("scripts.bench_bare:application", BARE_PORT, "/")
    try:
        cookies = login()
        for _label, url in urls:  # wrk counts only 4xx/5xx as failures: a redirect must show here
            status = requests.get(
                f"{BASE}{url}", cookies=cookies, allow_redirects=False, timeout=60
            ).status_code
            counts[url] = (counts[url][0], status if counts[url][1] == 200 else counts[url][1])
        bare_base = f"http://127.0.0.1:{BARE_PORT}"
        load("/", {}, base=bare_base)  # warm-up
        bare_rps, bare_p50, bare_p99, _ = load("/", {}, base=bare_base)
        load("/health/page/", cookies)
        base_rps, base_p50, base_p99, _ = load("/health/page/", cookies)
        print(
            f"\nSafeCommunity bench — {community.name}, wrk {THREADS} threads × {CONNECTIONS} "
            f"connections × {SECONDS} s per page, gunicorn {WORKERS} workers × {WORKER_THREADS} "
            f"threads (gthread), {connection.vendor}"
        )
        print(configuration())
        header = (
            f"{'page':44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'÷min':>5} {'÷bare':>6} "
            f"{'queries':>7} {'fail':>5}  budget"
        )
        print(header)
        print(
            f"{'bare Django template page (bench_bare)':44} {bare_rps:8.1f} {bare_p50:8.1f} "
            f"{bare_p99:8.1f} {'':>5} {1:6.2f}"
        )
        minimal_ok = base_rps >= 0.25 * bare_rps
        print(
            f"{'minimal project page /health/page/':44} {base_rps:8.1f} {base_p50:8.1f} "
            f"{base_p99:8.1f} {1:5.2f} {base_rps / bare_rps:6.2f} {'':>7} {'':>5}  "
            + ("ok" if minimal_ok else "OVER (budget ≥ 0.25 of bare)")
        )
        worst, over = 1.0, 0
        for label, url in urls:
            rps, p50, p99, failed = load(url, cookies)
            ratio = rps / base_rps if base_rps else 0
            worst = min(worst, ratio)
            queries, status = counts[url]
            ok = ratio >= 0.25 and status == 200 and not failed
            over += not ok
            print(
                f"{label[:44]:44} {rps:8.1f} {p50:8.1f} {p99:8.1f} {ratio:5.2f} "
                f"{rps / bare_rps:6.2f} {queries:7d} {failed:5d}  "
                + ("ok" if ok else "OVER")
                + ("" if status == 200 else f" (status {status})")
            )
        print(
            f"\nlowest ratio to the minimal page: {worst:.2f} (budget ≥ 0.25); "
            f"{over} of {len(urls)} pages over budget; load average at the end: {load_average()}"
        )
    finally:
        for process in (server, bare):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    extra = ROOT / "scripts" / "bench_extra.py"
    if extra.exists() and not ONLY:
        subprocess.run([sys.executable, str(extra)], check=False)


if __name__ == "__main__":
    main()

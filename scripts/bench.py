"""`make bench`: throughput and latency of the community home and every list page against a
minimal template page served by the same gunicorn in the same run, plus each page's query count.

The large data set (`seed_demo --scale large`) is built once into var/bench.sqlite3 (or the
database in BENCH_DATABASE_URL) and reused. Figures only; nothing here asserts a time.

    BENCH_SECONDS   seconds per page (default 5)
    BENCH_CLIENTS   concurrent clients (default 4)
"""

import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG=0 needs a key
SECONDS = float(os.environ.get("BENCH_SECONDS", 5))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
PORT = int(os.environ.get("BENCH_PORT", 8765))
BASE = f"http://127.0.0.1:{PORT}"
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
from safecommunity.navigation import NAVIGATION  # noqa: E402


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
    for _element, label, url_name in NAVIGATION:
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
    counts = {}
    for _label, url in urls:
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts[url] = (len(ctx.captured_queries), response.status_code)
    return counts


def start_server():
    env = dict(os.environ)
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "safecommunity.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if requests.get(f"{BASE}/health/", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start")


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


def load(url, cookies):
    """CLIENTS threads hammer one URL for SECONDS; returns (req/s, p50 ms, p95 ms, errors)."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def worker():
        session = requests.Session()
        session.cookies.update(cookies)
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                ok = (
                    session.get(f"{BASE}{url}", timeout=30, allow_redirects=False).status_code
                    == 200
                )
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.monotonic() - began
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0
    return len(latencies) / duration, statistics.median(latencies) * 1000, p95 * 1000, errors[0]


def main():
    ensure_data()
    community = Community.objects.order_by("pk").first()
    urls = pages(community)
    counts = query_counts(urls)
    server = start_server()
    try:
        cookies = login()
        load("/health/page/", cookies)  # warm-up
        base_rps, base_p50, base_p95, _ = load("/health/page/", cookies)
        print(
            f"\nSafeCommunity bench — {community.name}, {CLIENTS} clients × {SECONDS:.0f} s per page, "
            f"gunicorn 2 workers × 2 threads, {connection.vendor}"
        )
        print(
            f"{'page':44} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'queries':>7} {'err':>4}  budget"
        )
        print(
            f"{'minimal template page /health/page/':44} {base_rps:7.1f} {base_p50:8.1f} {base_p95:8.1f} {1:6.2f}"
        )
        worst = 1.0
        for label, url in urls:
            rps, p50, p95, errors = load(url, cookies)
            ratio = rps / base_rps if base_rps else 0
            worst = min(worst, ratio)
            queries, status = counts[url]
            verdict = "ok" if ratio >= 0.25 and status == 200 and not errors else "OVER"
            print(
                f"{label[:44]:44} {rps:7.1f} {p50:8.1f} {p95:8.1f} {ratio:6.2f} {queries:7d} {errors:4d}  {verdict}"
                + ("" if status == 200 else f" (status {status})")
            )
        print(f"\nlowest throughput ratio: {worst:.2f} (budget ≥ 0.25)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    extra = ROOT / "scripts" / "bench_extra.py"
    if extra.exists():
        subprocess.run([sys.executable, str(extra)], check=False)


if __name__ == "__main__":
    main()

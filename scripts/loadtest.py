"""`make loadtest`: 50 concurrent users on loopback against gunicorn + PostgreSQL with the large
data set, mixing page views, form posts and evidence uploads for a fixed time. Prints throughput,
p50/p95/p99 latency and errors. Figures only (goal: no errors, p95 under 1 s on 2 cores).

    LOAD_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/safecommunity_load (created and
                       seeded with `seed_demo --scale large` when empty)
    LOAD_USERS         concurrent users (default 50)
    LOAD_SECONDS       duration (default 60)
    LOAD_WORKERS, LOAD_THREADS  gunicorn processes and threads per process (default 3 × 8)
    LOAD_THINK         seconds a user pauses between actions, drawn uniformly from 0..2×THINK
                       (default 0.5: far busier than people at a desk, who pause several seconds)

A view counts as an error unless it answers 200; a form post or an upload unless it answers 302
(the redirect after a successful save) — a form re-rendered with errors is an error here.
"""

import io
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/safecommunity_load"
)
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG=0 needs a key
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
USERS = int(os.environ.get("LOAD_USERS", 50))
SECONDS = float(os.environ.get("LOAD_SECONDS", 60))
THINK = float(os.environ.get("LOAD_THINK", 0.5))
WORKERS = int(os.environ.get("LOAD_WORKERS", 3))
THREADS = int(os.environ.get("LOAD_THREADS", 8))
PORT = int(os.environ.get("LOAD_PORT", 8766))
BASE = f"http://127.0.0.1:{PORT}"


def ensure_database():
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(DB_URL)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


ensure_database()

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from committee.demo import DEMO_PASSWORD  # noqa: E402
from committee.models import Community  # noqa: E402
from safecommunity.navigation import entries  # noqa: E402

call_command("migrate", verbosity=0)
if not Community.objects.exists():
    print("Seeding the large data set into PostgreSQL (once)…", flush=True)
    call_command("seed_demo", scale="large")

COMMUNITY = Community.objects.order_by("pk").first()
PAGES = [reverse("community_home", kwargs={"community": COMMUNITY.slug})]
for url_name in [entry.url_name for entry in entries()]:
    try:
        PAGES.append(reverse(url_name, kwargs={"community": COMMUNITY.slug}))
    except NoReverseMatch:
        pass
PARTICIPATION_NEW = reverse("committee:participation_create", kwargs={"community": COMMUNITY.slug})
MEETING_LIST = reverse("committee:meeting_list", kwargs={"community": COMMUNITY.slug})
try:
    UPLOAD_URL = reverse("archive:document_create", kwargs={"community": COMMUNITY.slug})
except NoReverseMatch:
    UPLOAD_URL = None


def tiny_png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (random.randint(0, 255), 120, 80)).save(buffer, "PNG")
    return buffer.getvalue()


class User:
    def __init__(self):
        self.session = requests.Session()
        page = self.session.get(f"{BASE}/accounts/login/")
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.session.post(
            f"{BASE}/accounts/login/",
            data={
                "username": f"{COMMUNITY.slug}-office",
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": self.token,
            },
        )
        self.csrf = self.session.cookies.get("csrftoken")

    def view(self):
        return "view", self.session.get(f"{BASE}{random.choice(PAGES)}", timeout=60)

    def post_form(self):
        return "post", self.session.post(
            f"{BASE}{PARTICIPATION_NEW}",
            data={
                "csrfmiddlewaretoken": self.csrf,
                "date": "2026-11-20",
                "kind": "volunteer",
                "description": f"压测志愿服务{random.randint(1, 10**6)}",
                "participants": 5,
                "hours": 2,
            },
            headers={"Referer": BASE},
            timeout=60,
            allow_redirects=False,
        )

    def upload(self):
        if UPLOAD_URL is None:
            return self.post_form()
        return "upload", self.session.post(
            f"{BASE}{UPLOAD_URL}",
            data={
                "csrfmiddlewaretoken": self.csrf,
                "title": f"压测照片{random.randint(1, 10**6)}",
                "date": "2026-11-20",
                "elements": ["6"],
                "source_unit": "压测",
            },
            files={"file": ("photo.png", tiny_png(), "image/png")},
            headers={"Referer": BASE},
            timeout=60,
            allow_redirects=False,
        )


def main():
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "safecommunity.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ, DB_CONN_MAX_AGE="60"),
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{BASE}/health/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        results, errors, lock, by_page = [], {}, threading.Lock(), {}
        stop = time.monotonic() + SECONDS

        def run():
            user = User()
            while time.monotonic() < stop:
                action = random.choices(
                    [user.view, user.post_form, user.upload], weights=[75, 15, 10]
                )[0]
                started = time.perf_counter()
                try:
                    kind, response = action()
                    ok = response.status_code == (200 if kind == "view" else 302)
                    label = f"{kind} {response.status_code}"
                except requests.RequestException as exc:
                    kind, ok, label = "error", False, type(exc).__name__
                elapsed = time.perf_counter() - started
                path = urlsplit(response.url).path if kind == "view" and ok else ""
                with lock:
                    results.append((kind, elapsed))
                    if path:
                        by_page.setdefault(path, []).append(elapsed)
                    if not ok:
                        errors[label] = errors.get(label, 0) + 1
                if THINK:
                    time.sleep(random.uniform(0, 2 * THINK))

        threads = [threading.Thread(target=run) for _ in range(USERS)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        duration = time.monotonic() - began
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def pct(values, p):
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else 0

    print(
        f"\nLoad test: {USERS} users × {SECONDS:.0f} s (think time 0–{2 * THINK:.1f} s), "
        f"gunicorn {WORKERS}×{THREADS} threads, PostgreSQL, {COMMUNITY.name}"
    )
    print(f"{'kind':8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ("view", "post", "upload", "all"):
        values = sorted(e for k, e in results if kind in ("all", k))
        if values:
            print(
                f"{kind:8} {len(values):7d} {pct(values, 0.5):8.0f} {pct(values, 0.95):8.0f} {pct(values, 0.99):8.0f}"
            )
    print(
        f"throughput: {len(results) / duration:.1f} req/s; errors: {sum(errors.values())} {errors or ''}"
    )
    print("\nslowest pages (by mean):")
    ranked = sorted(by_page.items(), key=lambda item: -sum(item[1]) / len(item[1]))
    for path, values in ranked[:8]:
        values.sort()
        mean = sum(values) / len(values) * 1000
        print(
            f"  {path:48} {len(values):5d} × mean {mean:5.0f} ms, p95 {pct(values, 0.95):5.0f} ms"
        )
    from archive.models import Document
    from committee.models import Participation

    Participation.objects.filter(description__startswith="压测").delete()
    for document in Document.objects.filter(title__startswith="压测照片"):
        document.file.delete(save=False)
        document.delete()


if __name__ == "__main__":
    main()

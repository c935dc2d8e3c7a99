"""In-process cost of every menu page (the pages `make bench` drives), for the bench user on the
bench data set (var/bench.sqlite3, or BENCH_DATABASE_URL; built by `make bench`):

    .venv/bin/python scripts/profile_pages.py                 # table: ms, CPU ms, queries per page
    .venv/bin/python scripts/profile_pages.py -n 50 plan      # only pages whose label/URL matches
    .venv/bin/python scripts/profile_pages.py --profile monitoring   # + top cumulative functions
    .venv/bin/python scripts/profile_pages.py --url /health/page/ '^$'  # any URL (here: only it)

Each page is requested once to warm the template loaders and caches, then three batches of N times
(the best batch counts) through the test client (the project's middleware, session and user, DEBUG off, production template loaders). For
one page's breakdown of a single request through the WSGI handler, see scripts/profile_page.py.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import secrets
import sys
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
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from committee.models import Community  # noqa: E402
from safecommunity.navigation import entries  # noqa: E402

USERNAME = os.environ.get("BENCH_USER", "xingfu-office")


def pages(community):
    found = [("community home", reverse("community_home", kwargs={"community": community.slug}))]
    for entry in entries():
        try:
            url = reverse(entry.url_name, kwargs={"community": community.slug})
        except NoReverseMatch:
            continue
        found.append((f"{entry.url_name}", url))
    return found


def measure(client, url, count):
    client.get(url)  # warm-up: template loaders, fragment caches
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        response = client.get(url)
    best = None
    for _ in range(3):  # best of three batches: the machine is shared
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            client.get(url)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        best = (wall, cpu) if best is None or cpu < best[1] else best
    wall, cpu = best
    return response.status_code, len(queries), wall / count * 1000, cpu / count * 1000


def profile(client, url, count, top):
    stats_profile = cProfile.Profile()
    stats_profile.enable()
    for _ in range(count):
        client.get(url)
    stats_profile.disable()
    out = io.StringIO()
    pstats.Stats(stats_profile, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="?", help="regular expression on the page's name or URL")
    parser.add_argument("-n", "--requests", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="print the top functions too")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--url", action="append", default=[], help="measure this URL too")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    community = Community.objects.order_by("pk").first()
    print(f"{'page':34} {'status':>6} {'queries':>7} {'ms':>7} {'CPU ms':>7}")
    for name, url in [(url, url) for url in args.url] + pages(community):
        if args.only and not re.search(args.only, f"{name} {url}"):
            continue
        status, queries, wall, cpu = measure(client, url, args.requests)
        print(f"{name:34} {status:>6} {queries:>7} {wall:7.1f} {cpu:7.1f}", flush=True)
        if args.profile:
            print(profile(client, url, args.requests, args.top))


if __name__ == "__main__":
    main()

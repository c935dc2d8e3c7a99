"""Time the pages that matter at province scale, with EXPLAIN ANALYZE of their slow queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python scripts/province_measure.py [--explain] [--community p330101001]

Loads nothing: run it on a database built with ``seed_demo --scale province``. Each page is
requested in process (Django's test client, no network): first with an empty cache ("cold"; the
database's buffers are whatever the previous run left), then three times warm (median). With
``--explain`` every query of a cold request that took over 20 ms is run again under
``EXPLAIN (ANALYZE, BUFFERS)`` and printed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecommunity.settings")
os.environ.setdefault("AXES_ENABLED", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SLOW_MS = 20  # --explain-ms overrides


def pages(community, county, province):
    office = f"{community}-office"
    return [
        (office, "injury list", f"/c/{community}/injuries/"),
        (office, "injury statistics", f"/c/{community}/injuries/stats/"),
        (office, "hidden-danger register", f"/c/{community}/hazards/dangers/"),
        (office, "hazard register", f"/c/{community}/hazards/register/"),
        (office, "community home", f"/c/{community}/"),
        (f"reviewer-{county}", "county ranking", f"/regions/{county}/"),
        (f"reviewer-{province}", "province ranking", f"/regions/{province}/"),
    ]


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def timed(client, url):
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--community", default="p330101001")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--explain-ms", type=float, default=SLOW_MS)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    county, province = args.community[1:7], args.community[1:3] + "0000"
    User = get_user_model()
    # Warm the process (imports, URL resolver, template loading): not the page's cost.
    warmup = Client()
    warmup.force_login(User.objects.get(username=f"{args.community}-office"))
    timed(warmup, f"/c/{args.community}/injuries/")
    print(f"{'page':<24} {'cold ms':>8} {'warm ms':>8} {'queries':>7}  slowest query ms")
    for username, name, url in pages(args.community, county, province):
        if args.only and name not in args.only.split(","):
            continue
        client = Client()
        client.force_login(User.objects.get(username=username))
        cache.clear()
        cold, queries = timed(client, url)
        warm = statistics.median(timed(client, url)[0] for _n in range(3))
        slowest = max((float(q["time"]) * 1000 for q in queries.captured_queries), default=0)
        print(f"{name:<24} {cold:8.0f} {warm:8.0f} {len(queries):7d}  {slowest:.0f}")
        if args.explain:
            for query in queries.captured_queries:
                if float(query["time"]) * 1000 >= args.explain_ms and query["sql"].lstrip(
                    "("
                ).startswith("SELECT"):
                    print(f"\n--- {name}: {float(query['time']) * 1000:.0f} ms\n{query['sql']}\n")
                    print(explain(query["sql"], None))
                    print()


if __name__ == "__main__":
    main()

"""Where a page's time goes, in process: cProfile over repeated warm requests of one URL.

    .venv/bin/python scripts/profile_page.py /c/xingfu/hazards/ [requests] [sort]

Uses the bench data set (var/bench.sqlite3, or BENCH_DATABASE_URL) and the bench user, with the
production template loaders (DEBUG off). Prints the mean time per request, the share spent in
template rendering and in SQL, and the top functions (sort: cumulative, default, or tottime).
"""

import cProfile
import io
import os
import pstats
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
from django.test import Client  # noqa: E402

USERNAME = os.environ.get("BENCH_USER", "xingfu-office")


def main():
    url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    sort = sys.argv[3] if len(sys.argv) > 3 else "cumulative"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    status = client.get(url).status_code  # warm-up: template loaders, caches
    started = time.perf_counter()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        client.get(url)
    profile.disable()
    elapsed = (time.perf_counter() - started) / count
    stats = pstats.Stats(profile)

    def cumulative(name_part):
        return max(
            (row[3] for (file, _line, name), row in stats.stats.items() if name_part(file, name)),
            default=0.0,
        )

    render = cumulative(lambda f, n: f.endswith("django/template/base.py") and n == "render")
    sql = cumulative(
        lambda f, n: f.endswith("django/db/models/sql/compiler.py") and n == "execute_sql"
    )
    print(f"{url}: status {status}, {elapsed * 1000:.1f} ms per request (profiled), ")
    print(
        f"  template Template.render cumulative {render / count * 1000:.1f} ms, "
        f"SQL execute_sql cumulative {sql / count * 1000:.1f} ms per request"
    )
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(40)
    print(out.getvalue())


if __name__ == "__main__":
    main()

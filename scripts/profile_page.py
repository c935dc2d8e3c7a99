"""Where a page's time goes, in process: cProfile over repeated warm requests of one URL,
made through the WSGI application as gunicorn makes them (signals, connection handling).

    .venv/bin/python scripts/profile_page.py /c/xingfu/hazards/ [requests] [sort]

Uses the bench data set (var/bench.sqlite3, or BENCH_DATABASE_URL) and the bench user
(BENCH_USER; empty: anonymous), with the production template loaders (DEBUG off) and the bench's
persistent database connection (DB_CONN_MAX_AGE, as in production). Prints the mean time per request, the share spent in
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
os.environ.setdefault("DB_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

USERNAME = os.environ.get("BENCH_USER", "xingfu-office")


def wsgi_caller(cookies):
    """One request through the WSGI application, as gunicorn makes it: the request_started and
    request_finished signals fire (so DB_CONN_MAX_AGE=0 opens a connection per request), the
    response is read and closed."""
    application = get_wsgi_application()
    cookie = "; ".join(f"{morsel.key}={morsel.value}" for morsel in cookies.values())

    def call(url):
        environ = RequestFactory()._base_environ(
            PATH_INFO=url, REQUEST_METHOD="GET", HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie
        )
        status = []
        response = application(environ, lambda code, headers, *_: status.append(code))
        b"".join(response)
        response.close()
        return int(status[0].split()[0])

    return call


def main():
    url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    sort = sys.argv[3] if len(sys.argv) > 3 else "cumulative"
    client = Client(HTTP_HOST="127.0.0.1")
    if USERNAME:
        client.force_login(get_user_model().objects.get(username=USERNAME))
    get = wsgi_caller(client.cookies)
    status = get(url)  # warm-up: template loaders, caches
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        get(url)
    started = time.perf_counter()
    for _ in range(count):
        get(url)
    plain = (time.perf_counter() - started) / count
    started = time.perf_counter()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        get(url)
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
    who = USERNAME or "anonymous"
    print(
        f"{url} as {who}: status {status}, {len(queries)} queries, "
        f"{plain * 1000:.2f} ms per request ({elapsed * 1000:.2f} ms profiled)"
    )
    for statement in queries:
        print(f"  SQL {statement[:150]}")
    print(
        f"  template Template.render cumulative {render / count * 1000:.1f} ms, "
        f"SQL execute_sql cumulative {sql / count * 1000:.1f} ms per request"
    )
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(
        int(os.environ.get("PROFILE_LINES", 40))
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()

"""`make faults`: four scripted faults against a production-like stack, each ending PASS or FAIL.

The stack is PRIVATE to this run and thrown away afterwards — the shared PostgreSQL (5432) and Redis
(6379) are never touched: a Redis on port 6390 (no persistence) and a PostgreSQL cluster initdb'd
under a temporary directory on port 5440, then `migrate` + `seed_demo`, gunicorn (DEBUG=0, a
generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, persistent DB connections), one Celery worker
(prefork, concurrency 1) and one beat.

1. Redis stopped while users work: pages and a form post still serve; a report and a dossier
   requested meanwhile say so on their status poller, and are built once Redis is back.
2. The Celery worker killed (SIGKILL) during a dossier build: (a) its pool process — the task is
   retried and finishes; (b) the whole worker — the poller shows the build failed with a message
   within the heartbeat timeout; a restarted worker builds a new dossier.
3. The database restarted (`pg_ctl restart`), then stopped for ~5 s and started: requests during
   the outage get a clean error page quickly, and everything recovers without restarting gunicorn
   or the worker.
4. An injury import of 10,000 rows SIGKILLed half way (mid-validation, and mid-write): the number
   of cards is unchanged; then the import runs to completion.

Run: .venv/bin/python scripts/faults.py   (exit status 1 when any check FAILs)
Environment: FAULTS_PG_PORT (5440), FAULTS_REDIS_PORT (6390), FAULTS_WEB_PORT (8791),
FAULTS_KEEP=1 keeps the temporary directory (logs) for inspection.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv/bin"
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", 5440))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", 6390))
WEB_PORT = int(os.environ.get("FAULTS_WEB_PORT", 8791))
BASE = f"http://127.0.0.1:{WEB_PORT}"
COMMUNITY = "xingfu"
PASSWORD = "demo-pass-2026"
FAST = 5.0  # seconds: a page (or an error page) must answer within this, never hang

TMP = Path(tempfile.mkdtemp(prefix="sc-faults-"))
os.chmod(TMP, 0o755)  # the postgres OS user must reach its data directory below
PG_DATA = TMP / "pgdata"
PG_SOCKET = TMP / "pgsocket"
LOGS = TMP / "logs"
LOGS.mkdir()

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "safecommunity.settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/safecommunity",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "VAR_DIR": str(TMP / "var"),
    "MEDIA_ROOT": str(TMP / "media"),
    "STATIC_ROOT": str(TMP / "static"),
    "DB_CONN_MAX_AGE": "60",
    "CELERY_TASK_ALWAYS_EAGER": "0",
    "LOG_LEVEL": "WARNING",
    "PYTHONUNBUFFERED": "1",
}
os.environ.update(ENV)

RESULTS = []  # (fault, check, ok, detail)


def say(text=""):
    print(text, flush=True)


def check(fault, name, ok, detail=""):
    RESULTS.append((fault, name, bool(ok), detail))
    say(f"  [{'PASS' if ok else 'FAIL'}] {name}{' — ' + detail if detail else ''}")
    return ok


def port_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001 - not ready yet
            value = None
        if value:
            return value
        time.sleep(interval)
    return None


# ---- the private services -------------------------------------------------------------------


class Processes:
    """Every process this run starts, by name; stopped (and killed if need be) at the end."""

    def __init__(self):
        self.running = {}

    def start(self, name, args, **kwargs):
        log = (LOGS / f"{name}.log").open("ab")
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl-C reaches only this script
            **kwargs,
        )
        self.running[name] = process
        return process

    def stop(self, name, sig=signal.SIGTERM, timeout=20):
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.wait(timeout=10)

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)


def kill_group(process):
    """SIGKILL a process we started and its children (its own session, by its id)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


PROCS = Processes()


def as_postgres(command):
    """Run a PostgreSQL tool as the postgres OS user (initdb refuses root)."""
    if os.geteuid() == 0:
        return subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", command],
            check=True,
            capture_output=True,
            text=True,
        )
    return subprocess.run(["sh", "-c", command], check=True, capture_output=True, text=True)


def pg_ctl(action, *extra):
    options = f"-p {PG_PORT} -k {PG_SOCKET} -c listen_addresses=127.0.0.1"
    return as_postgres(
        f"{PG_BIN}/pg_ctl -D {PG_DATA} -l {LOGS}/postgres.log -w -t 60 "
        f"-o '{options}' {' '.join(extra)} {action}"
    )


def start_postgres():
    for path in (PG_DATA, PG_SOCKET):
        path.mkdir()
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")
    (LOGS / "postgres.log").touch()
    if os.geteuid() == 0:
        shutil.chown(LOGS / "postgres.log", "postgres", "postgres")
        os.chmod(LOGS, 0o777)
    as_postgres(f"{PG_BIN}/initdb -D {PG_DATA} -A trust -U postgres -E UTF8 --locale=C.UTF-8")
    pg_ctl("start")
    as_postgres(f"{PG_BIN}/createdb -h 127.0.0.1 -p {PG_PORT} -U postgres safecommunity")


def stop_postgres():
    if (PG_DATA / "postmaster.pid").exists():
        try:
            pg_ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError as exc:
            say(f"  (could not stop the private PostgreSQL: {exc.stderr.strip()})")


def start_redis():
    PROCS.start(
        "redis",
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            str(TMP),
        ],
    )
    if not wait_for(lambda: not port_free(REDIS_PORT), 10):
        raise RuntimeError("the private Redis did not start")


def manage(*args, check=True, **kwargs):
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=False,
        capture_output=True,
        text=True,
        **kwargs,
    )
    if check and result.returncode:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
        raise RuntimeError(f"manage.py {' '.join(args)} exited {result.returncode}:\n{tail}")
    return result


def start_web():
    PROCS.start(
        "gunicorn",
        [
            str(BIN / "gunicorn"),
            "safecommunity.wsgi",
            "--bind",
            f"127.0.0.1:{WEB_PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
    )
    if not wait_for(lambda: http().get(f"{BASE}/health/", timeout=2).ok, 30):
        raise RuntimeError("gunicorn did not answer /health/")


def start_worker():
    process = PROCS.start(
        "worker",
        [
            str(BIN / "celery"),
            "-A",
            "safecommunity",
            "worker",
            "--concurrency=1",
            "-n",
            f"faults-{secrets.token_hex(3)}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
    )
    ready = wait_for(lambda: "ready." in (LOGS / "worker.log").read_text(errors="replace"), 60)
    if not ready:
        raise RuntimeError("the Celery worker did not start")
    return process


def start_beat():
    PROCS.start(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "safecommunity",
            "beat",
            "-s",
            str(TMP / "celerybeat-schedule"),
            "--loglevel=INFO",
        ],
    )


# ---- a user over HTTP -------------------------------------------------------------------------


def http():
    import requests

    return requests.Session()


class User:
    def __init__(self, username=f"{COMMUNITY}-office"):
        self.session = http()
        page = self.session.get(f"{BASE}/accounts/login/", timeout=FAST)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        done = self.session.post(
            f"{BASE}/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            timeout=FAST,
            allow_redirects=False,
        )
        if done.status_code != 302:
            raise RuntimeError(f"login of {username} answered {done.status_code}")

    @property
    def csrf(self):
        return self.session.cookies.get("csrftoken")

    def get(self, path, **kwargs):
        return self.session.get(f"{BASE}{path}", timeout=kwargs.pop("timeout", 30), **kwargs)

    def post(self, path, data, **kwargs):
        return self.session.post(
            f"{BASE}{path}",
            data={"csrfmiddlewaretoken": self.csrf, **data},
            headers={"Referer": BASE + path},
            timeout=kwargs.pop("timeout", 30),
            allow_redirects=False,
            **kwargs,
        )


def timed(func):
    started = time.monotonic()
    try:
        response = func()
        return response.status_code, time.monotonic() - started, response
    except Exception as exc:  # noqa: BLE001 - a timeout or a refused connection is an outcome
        return type(exc).__name__, time.monotonic() - started, None


def urls():
    from django.urls import reverse

    def url(name, **kwargs):
        return reverse(name, kwargs={"community": COMMUNITY, **kwargs})

    return {
        "home": url("community_home"),
        "members": url("committee:member_list"),
        "hazards": url("hazards:hazard_list"),
        "injury cards": url("injuries:card_list"),
        "documents": url("archive:document_list"),
        "participation form": url("committee:participation_create"),
        "report new": url("archive:report_create"),
        "dossier": url("archive:dossier"),
        "report status": lambda pk: url("archive:report_status", pk=pk),
        "dossier status": lambda pk: url("archive:dossier_status", pk=pk),
    }


PAGES = ("home", "members", "hazards", "injury cards", "documents")


def browse(user, u):
    """Every page of PAGES and one form post: [(name, status, seconds, ok)]."""
    rows = []
    for name in PAGES:
        status, seconds, _r = timed(lambda n=name: user.get(u[n], timeout=30))
        rows.append((name, status, seconds, status == 200 and seconds < FAST))
    status, seconds, _r = timed(
        lambda: user.post(
            u["participation form"],
            {
                "date": "2026-11-20",
                "kind": "volunteer",
                "description": f"故障演练志愿服务{secrets.token_hex(3)}",
                "participants": 3,
                "hours": 1,
            },
        )
    )
    rows.append(("form post", status, seconds, status == 302 and seconds < FAST))
    return rows


def show(rows):
    return ", ".join(f"{name} {status} {seconds:.2f}s" for name, status, seconds, _ok in rows)


def request_report(user, u, year=2026, month=10):
    """Ask for the monthly report of a finished month (the form takes kind, year and month)."""
    status, seconds, response = timed(
        lambda: user.post(u["report new"], {"kind": "monthly", "year": year, "month": month})
    )
    pk = None
    if response is not None and response.status_code == 302:
        found = re.search(r"/reports/(\d+)/", response.headers.get("Location", ""))
        pk = int(found.group(1)) if found else None
    return status, seconds, pk


def request_dossier(user, u):
    from archive.dossier_content import default_period
    from archive.models import DossierBuild
    from committee.models import Community

    fresh_db()
    community = Community.objects.get(slug=COMMUNITY)
    start, end = default_period(community)
    before = DossierBuild.objects.filter(community=community).order_by("-pk").first()
    status, seconds, _r = timed(
        lambda: user.post(u["dossier"], {"period_start": start, "period_end": end})
    )
    latest = DossierBuild.objects.filter(community=community).order_by("-pk").first()
    pk = latest.pk if latest and (before is None or latest.pk != before.pk) else None
    return status, seconds, pk


def poll(user, url, until, timeout, interval=1.0, seen=None):
    """Poll a status URL (as the page does) until ``until(json)``; returns (json, seconds)."""
    started = time.monotonic()
    data = None
    while time.monotonic() - started < timeout:
        try:
            response = user.get(url, timeout=FAST)
            data = (
                response.json() if response.status_code == 200 else {"http": response.status_code}
            )
        except Exception as exc:  # noqa: BLE001
            data = {"error": type(exc).__name__}
        if seen is not None:
            key = (data.get("state"), data.get("message"))
            if not seen or seen[-1][1:] != key:
                seen.append((round(time.monotonic() - started, 1), *key))
        if until(data):
            return data, time.monotonic() - started
        time.sleep(interval)
    return data, None


def finished(data):
    return data.get("state") in ("done", "failed")


def fresh_db():
    from django.db import connections

    for connection in connections.all():
        connection.close()


# ---- the faults -------------------------------------------------------------------------------


def fault_redis(u):
    fault = "1 Redis"
    say("\n== Fault 1: Redis stopped while users work ==")
    user = User()
    check(fault, "baseline pages with Redis up", all(r[3] for r in browse(user, u)))
    PROCS.stop("redis")
    stopped = time.monotonic()
    say("  did: stopped the private Redis (SIGTERM) with gunicorn, worker and beat running")
    rows = browse(user, u)
    check(
        fault,
        "pages and a form post serve while Redis is down",
        all(r[3] for r in rows),
        show(rows),
    )
    started = time.monotonic()
    try:
        User()
        login = f"logged in in {time.monotonic() - started:.2f}s"
    except Exception as exc:  # noqa: BLE001
        login = repr(exc)
    check(fault, "a new login works while Redis is down", login.startswith("logged"), login)
    status, seconds, report = request_report(user, u)
    check(
        fault,
        "requesting a report while Redis is down answers quickly, no 500",
        status == 302 and report and seconds < FAST,
        f"POST answered {status} in {seconds:.2f}s",
    )
    report_seen, dossier_seen = [], []
    if report:
        data, _s = poll(user, u["report status"](report), lambda d: True, 5, seen=report_seen)
        check(
            fault,
            "the report's status says what happened",
            data.get("state") in ("pending", "failed") and data.get("message"),
            f"{data.get('state')}: {data.get('message')}",
        )
    status, seconds, build = request_dossier(user, u)
    check(
        fault,
        "requesting a dossier while Redis is down answers quickly, no 500",
        status == 302 and build and seconds < FAST,
        f"POST answered {status} in {seconds:.2f}s",
    )
    if build:
        data, _s = poll(user, u["dossier status"](build), lambda d: True, 5, seen=dossier_seen)
        check(
            fault,
            "the dossier's status says what happened",
            data.get("state") in ("pending", "failed") and data.get("message"),
            f"{data.get('state')}: {data.get('message')}",
        )
    time.sleep(max(0, 20 - (time.monotonic() - stopped)))
    rows = browse(user, u)
    check(fault, "still serving after 20 s without Redis", all(r[3] for r in rows), show(rows))
    start_redis()
    back = time.monotonic()
    say(f"  did: started Redis again after {back - stopped:.0f} s down (empty: no persistence)")
    if report:
        data, seconds = poll(user, u["report status"](report), finished, 180, seen=report_seen)
        check(
            fault,
            "the report requested during the outage is built once Redis is back",
            data.get("state") == "done",
            f"{data.get('state')} {'%.0f s after Redis came back' % (time.monotonic() - back)}; "
            f"poller showed {report_seen}",
        )
    if build:
        data, seconds = poll(user, u["dossier status"](build), finished, 300, seen=dossier_seen)
        check(
            fault,
            "the dossier requested during the outage is built once Redis is back",
            data.get("state") == "done",
            f"{data.get('state')} {'%.0f s after Redis came back' % (time.monotonic() - back)}; "
            f"poller showed {dossier_seen}",
        )
    rows = browse(user, u)
    check(fault, "pages after Redis is back", all(r[3] for r in rows), show(rows))


def wait_running(user, u, build, progress=3, timeout=120):
    return poll(
        user,
        u["dossier status"](build),
        lambda d: finished(d) or (d.get("state") == "running" and d.get("progress", 0) >= progress),
        timeout,
        interval=0.2,
    )


def fault_worker(u):
    fault = "2 worker"
    say("\n== Fault 2: the Celery worker killed (SIGKILL) during a dossier build ==")
    user = User()
    worker = PROCS.running["worker"]
    # (a) the pool process that runs the task
    status, _s, build = request_dossier(user, u)
    if not check(fault, "dossier build requested", status == 302 and build, f"{status}"):
        return
    data, _s = wait_running(user, u, build)
    pool = children(worker.pid)
    if data.get("state") != "running" or not pool:
        check(fault, "caught the build running", False, f"{data}, pool {pool}")
        return
    for pid in pool:
        os.kill(pid, signal.SIGKILL)
    say(
        f"  did: SIGKILL of the worker's pool process {pool} at {data['progress']}% "
        f"({data['message']})"
    )
    seen = [(0.0, data["state"], data["message"])]
    data, seconds = poll(user, u["dossier status"](build), finished, 300, seen=seen)
    check(
        fault,
        "(a) pool process killed: the build is retried and finishes (or fails with a message)",
        data.get("state") == "done" or (data.get("state") == "failed" and data.get("message")),
        f"{data.get('state')} after {seconds or 0:.0f} s; poller showed {seen}",
    )
    # (b) the whole worker, main process and pool
    status, _s, build = request_dossier(user, u)
    if not check(fault, "second dossier build requested", status == 302 and build, f"{status}"):
        return
    data, _s = wait_running(user, u, build)
    if data.get("state") != "running":
        check(fault, "caught the second build running", False, f"{data}")
        return
    kill_group(worker)
    worker.wait(timeout=10)
    PROCS.running.pop("worker", None)
    say(f"  did: SIGKILL of the whole worker (main process and pool) at {data['progress']}%")
    seen = [(0.0, data["state"], data["message"])]
    data, seconds = poll(user, u["dossier status"](build), finished, 240, seen=seen)
    check(
        fault,
        "(b) worker killed: the poller shows the build failed with a message, not running forever",
        data.get("state") == "failed" and data.get("message"),
        f"{data.get('state')} after {seconds or 240:.0f} s; poller showed {seen}",
    )
    start_worker()
    say("  did: started a new worker")
    status, _s, build = request_dossier(user, u)
    data, seconds = poll(user, u["dossier status"](build), finished, 300) if build else ({}, 0)
    check(
        fault,
        "a restarted worker builds a new dossier",
        data.get("state") == "done",
        f"{data.get('state')} in {seconds or 0:.0f} s: {data.get('message')}",
    )


def fault_database(u):
    fault = "3 database"
    say("\n== Fault 3: the database restarted ==")
    user = User()
    check(fault, "baseline pages (persistent DB connections)", all(r[3] for r in browse(user, u)))
    started = time.monotonic()
    pg_ctl("restart", "-m", "fast")
    say(f"  did: pg_ctl restart -m fast ({time.monotonic() - started:.1f} s)")
    statuses = []
    for _round in range(3):  # every gunicorn worker and thread holds a connection to renew
        statuses += browse(user, u)
    bad = [r for r in statuses if not r[3]]
    check(
        fault,
        "right after the restart every request succeeds (stale connections renewed)",
        not bad,
        f"{len(statuses) - len(bad)}/{len(statuses)} ok"
        + (f"; failed: {show(bad[:6])}" if bad else ""),
    )
    pg_ctl("stop", "-m", "fast")
    down = time.monotonic()
    say("  did: pg_ctl stop -m fast (outage of ~5 s)")
    during = []
    while time.monotonic() - down < 5:
        for name in ("home", "hazards"):
            status, seconds, response = timed(lambda n=name: user.get(u[n], timeout=30))
            body = response.text if response is not None else ""
            during.append((name, status, seconds, body))
        status, seconds, response = timed(lambda: user.get("/health/", timeout=30))
        during.append(("health", status, seconds, response.text if response is not None else ""))
        time.sleep(0.5)
    leaks = [d for d in during if "Traceback" in d[3] or "OperationalError" in d[3]]
    slow = [d for d in during if not isinstance(d[1], int) or d[2] >= FAST]
    codes = sorted({(d[0], d[1]) for d in during})
    check(
        fault,
        "requests during the outage fail fast with an error page, no traceback",
        not leaks and not slow and all(d[1] in (500, 503) for d in during),
        f"{len(during)} requests, answers {codes}, slowest {max(d[2] for d in during):.2f}s",
    )
    health = [d for d in during if d[0] == "health"]
    check(
        fault,
        "the health check says 503 while the database is down",
        all(d[1] == 503 for d in health),
        f"{sorted({d[1] for d in health})}",
    )
    pg_ctl("start")
    up = time.monotonic()
    say(f"  did: pg_ctl start after {up - down:.1f} s down")
    first_ok = wait_for(lambda: user.get(u["home"], timeout=FAST).status_code == 200, 60, 0.1)
    recovered = time.monotonic() - up
    statuses = []
    for _round in range(3):
        statuses += browse(user, u)
    bad = [r for r in statuses if not r[3]]
    check(
        fault,
        "the site recovers without restarting gunicorn",
        first_ok and not bad,
        f"first 200 {recovered:.2f} s after start; then {len(statuses) - len(bad)}/{len(statuses)} ok"
        + (f"; failed: {show(bad[:6])}" if bad else ""),
    )
    status, _s, report = request_report(user, u, month=9)
    data, seconds = poll(user, u["report status"](report), finished, 180) if report else ({}, 0)
    check(
        fault,
        "the worker recovers without a restart (a report built after the outage)",
        data.get("state") == "done",
        f"{data.get('state')} in {seconds or 0:.0f} s: {data.get('message')}",
    )


def sequence_value(cursor):
    cursor.execute("SELECT last_value FROM injuries_injurycard_id_seq")
    return cursor.fetchone()[0]


def fault_import():
    import psycopg

    from committee.models import Community
    from injuries.models import InjuryCard
    from injuries.resources import InjuryCardResource

    fault = "4 import"
    say("\n== Fault 4: an injury import interrupted half way ==")
    fresh_db()
    community = Community.objects.get(slug=COMMUNITY)
    source = InjuryCard.objects.filter(community=community).select_related("reporting_unit")
    dataset = InjuryCardResource(community=community).export(queryset=source.order_by("pk"))
    rows = 10_000
    while dataset.height < rows:
        dataset.extend(list(dataset)[: rows - dataset.height])
    numbers = dataset.headers.index("卡片编号")
    for index in range(dataset.height):
        row = list(dataset[index])
        row[numbers] = f"FAULT-{index:06d}"
        dataset[index] = row
    path = TMP / "injuries-10000.csv"
    path.write_text(dataset.export("csv"), encoding="utf-8-sig")
    command = [str(BIN / "python"), "manage.py", "import_injuries", "--community", COMMUNITY]

    def count():
        fresh_db()
        return InjuryCard.objects.count()

    before = count()
    started = time.monotonic()
    dry = manage("import_injuries", "--community", COMMUNITY, "--dry-run", str(path), check=False)
    validation = time.monotonic() - started
    say(
        f"  did: built a {rows}-row CSV from the community's {source.count()} cards; "
        f"cards before: {before}; a dry run takes {validation:.1f} s (exit {dry.returncode})"
    )
    # (a) half way through validation
    process = subprocess.Popen(
        [*command, str(path)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(validation / 2)
    process.kill()
    process.wait()
    after = count()
    check(
        fault,
        "(a) SIGKILL half way through validation: no card written",
        after == before and process.returncode == -signal.SIGKILL,
        f"killed at {validation / 2:.1f} s; cards {before} -> {after}",
    )
    # (b) half way through writing: the id sequence moves (non-transactionally) during the INSERT
    with psycopg.connect(
        host="127.0.0.1", port=PG_PORT, user="postgres", dbname="safecommunity", autocommit=True
    ) as conn:
        cursor = conn.cursor()
        start_value = sequence_value(cursor)
        process = subprocess.Popen(
            [*command, str(path)],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        began = time.monotonic()
        moved = 0
        while process.poll() is None and time.monotonic() - began < 300:
            moved = sequence_value(cursor) - start_value
            if moved >= 1:
                break
            time.sleep(0.005)
        process.kill()
        process.wait()
        killed_at = time.monotonic() - began
        moved = sequence_value(cursor) - start_value
    after = count()
    check(
        fault,
        "(b) SIGKILL while the rows are being written: nothing half-written",
        after == before and process.returncode == -signal.SIGKILL and moved > 0,
        f"killed at {killed_at:.1f} s with {moved} ids drawn (uncommitted rows); "
        f"cards {before} -> {after}",
    )
    stuck = 0
    with psycopg.connect(
        host="127.0.0.1", port=PG_PORT, user="postgres", dbname="safecommunity", autocommit=True
    ) as conn:
        stuck = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%%'"
        ).fetchone()[0]
    check(fault, "no transaction left open by the killed import", stuck == 0, f"{stuck} open")
    started = time.monotonic()
    done = manage("import_injuries", "--community", COMMUNITY, str(path), check=False)
    seconds = time.monotonic() - started
    final = count()
    check(
        fault,
        "the import then runs to completion",
        done.returncode == 0 and final == before + rows,
        f"exit {done.returncode} in {seconds:.1f} s; cards {before} -> {final} "
        f"({done.stdout.strip() or done.stderr.strip()[-200:]})",
    )


# ---- main -------------------------------------------------------------------------------------


def main():
    for port, what in ((PG_PORT, "PostgreSQL"), (REDIS_PORT, "Redis"), (WEB_PORT, "gunicorn")):
        if not port_free(port):
            sys.exit(
                f"port {port} (private {what}) is in use: another faults run? Set FAULTS_*_PORT."
            )
    say(
        f"Fault run in {TMP}: private PostgreSQL :{PG_PORT}, Redis :{REDIS_PORT}, gunicorn :{WEB_PORT}"
    )
    started = time.monotonic()

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")  # run the finally: below, stop what we started

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    try:
        start_postgres()
        start_redis()
        manage("migrate", "--noinput")
        seeded = time.monotonic()
        manage("seed_demo")
        say(f"  migrated and seeded the demo data ({time.monotonic() - seeded:.0f} s)")
        import django

        django.setup()
        u = urls()
        start_web()
        start_worker()
        start_beat()
        say(
            f"  gunicorn (2 workers × 4 threads), a Celery worker and beat are up ({time.monotonic() - started:.0f} s)"
        )
        for fault in (fault_redis, fault_worker, fault_database):
            try:
                fault(u)
            except Exception as exc:  # noqa: BLE001 - record and go on with the next fault
                check(fault.__name__, f"{fault.__name__} ran to its end", False, repr(exc))
        try:
            fault_import()
        except Exception as exc:  # noqa: BLE001
            check("4 import", "fault_import ran to its end", False, repr(exc))
        tracebacks = (LOGS / "gunicorn.log").read_text(errors="replace").count("Traceback")
        say(f"\n  gunicorn log: {tracebacks} tracebacks logged (server side, never shown to users)")
    finally:
        fresh_db()
        PROCS.stop_all()
        stop_postgres()
        if os.environ.get("FAULTS_KEEP") == "1":
            say(f"  kept {TMP}")
        else:
            shutil.rmtree(TMP, ignore_errors=True)
    failed = [r for r in RESULTS if not r[2]]
    say(
        f"\n== Summary ({time.monotonic() - started:.0f} s): {len(RESULTS) - len(failed)} passed, {len(failed)} failed =="
    )
    for fault, name, _ok, detail in failed:
        say(f"  FAIL [{fault}] {name}: {detail}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""`make prod-smoke`: the production stack on this machine, end to end, over real HTTP.

Starts gunicorn with the production settings (DEBUG=0, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
WhiteNoise serving the collected static files with the manifest), a Celery worker and a separate
celery beat against the local PostgreSQL (a dedicated database, dropped and recreated each run) and
Redis (a dedicated db number, flushed), seeds the demo data, then acts like a browser: logs in with
CSRF tokens, reads pages, creates records through the real forms, uploads and downloads a file,
requests an evaluation report and a dossier build (queued through Redis to the real worker), polls
their status until done, downloads both PDFs and checks them with poppler. Everything is stopped
(SIGTERM to each process group, then SIGKILL if needed) and the database dropped even on failure.
Exits non-zero with the reason and the tail of the server logs on any failure.

    PROD_SMOKE_PORT         gunicorn port on 127.0.0.1 (default 8777)
    PROD_SMOKE_PG           PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
    PROD_SMOKE_DB           database created and dropped (default safecommunity_smoke)
    PROD_SMOKE_REDIS_URL    Redis database flushed and used (default redis://127.0.0.1:6379/3)
    PROD_SMOKE_JOB_TIMEOUT  seconds to wait for the report and the dossier (default 300)
    PROD_SMOKE_KEEP         1 = keep the temporary directory (logs, static, media) after success
"""

import fcntl
import html
import io
import json
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
import traceback
import zipfile
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))

PORT = int(os.environ.get("PROD_SMOKE_PORT", 8777))
BASE = f"http://127.0.0.1:{PORT}"
PG_SERVER = os.environ.get("PROD_SMOKE_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = os.environ.get("PROD_SMOKE_DB", "safecommunity_smoke")
REDIS_URL = os.environ.get("PROD_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/3")
JOB_TIMEOUT = float(os.environ.get("PROD_SMOKE_JOB_TIMEOUT", 300))
KEEP = os.environ.get("PROD_SMOKE_KEEP", "0") == "1"
LOCK_FILE = Path(tempfile.gettempdir()) / "safecommunity-prod-smoke.lock"

SLUG = "xingfu"
COMMUNITY_NAME = "幸福街道"
USERNAME = f"{SLUG}-office"
REPORT_TITLES = ["概述", "一、事故与伤害发生情况", "八、发现的问题与改进建议"]
DOSSIER_TITLES = ["社区概况", "自评情况", "国际安全社区指标对照"]
CJK = re.compile(r"[\u4e00-\u9fff]")
T0 = time.monotonic()


class SmokeFailure(Exception):
    pass


def log(message):
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


def check(condition, message):
    if not condition:
        raise SmokeFailure(message)


STEPS = []


@contextmanager
def step(name):
    number = len(STEPS) + 1
    STEPS.append(name)
    log(f"step {number}: {name}")
    started = time.monotonic()
    try:
        yield
    except Exception:
        log(f"step {number}: FAILED after {time.monotonic() - started:.1f}s")
        raise
    log(f"step {number}: ok ({time.monotonic() - started:.1f}s)")


# --------------------------------------------------------------------------- environment


def smoke_env(workdir):
    """The production environment of every process (nothing inherited from the caller's settings)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "LOGNAME", "TZ")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="safecommunity.settings",
        PYTHONUNBUFFERED="1",
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="0",
        # Plain HTTP on loopback: secure cookies, HSTS and the SSL redirect stay off.
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=BASE,
        VAR_DIR=str(workdir / "var"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_MANIFEST="1",
        DB_CONN_MAX_AGE="60",
        CELERY_TASK_ALWAYS_EAGER="0",
        AXES_ENABLED="1",
        LOG_LEVEL="WARNING",
    )
    return env


def pg_connect(dbname="postgres"):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(f"{PG_SERVER}/{dbname}")
    return psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=5,
    )


def drop_database():
    with pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def create_database():
    drop_database()
    with pg_connect() as conn:
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def flush_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def manage(env, *args, timeout=600):
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SmokeFailure(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n"
            + tail_text(result.stdout + result.stderr, 40)
        )
    log(f"  manage.py {' '.join(args)} ({time.monotonic() - started:.1f}s)")
    return result.stdout


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- processes


def group_members(pgid):
    """Live (non-zombie) processes whose process group is ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            members.append(int(entry.name))
    return members


class Service:
    """A server process in its own session (process group), logging to a file."""

    def __init__(self, name, argv, env, logdir):
        self.name = name
        self.log_path = logdir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pgid = self.proc.pid
        log(f"  started {name}: pid {self.proc.pid}")

    def alive(self):
        return self.proc.poll() is None

    def log_text(self):
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout):
        """SIGTERM to the whole group, wait, SIGKILL what is left. Returns a problem or None."""
        problem = None
        started = time.monotonic()
        if group_members(self.pgid):
            try:
                os.killpg(self.pgid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.proc.poll()
            if self.proc.returncode is not None and not group_members(self.pgid):
                break
            time.sleep(0.2)
        else:
            left = group_members(self.pgid)
            problem = f"{self.name} did not stop within {timeout:.0f}s after SIGTERM ({left})"
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self._log.close()
        left = group_members(self.pgid)
        if left:
            problem = f"{self.name}: processes left after SIGKILL: {left}"
        log(
            f"  stopped {self.name} (exit {self.proc.returncode}, "
            f"{time.monotonic() - started:.1f}s){'' if problem else ', no process left'}"
        )
        return problem


def tail_text(text, lines):
    return "\n".join(text.rstrip().splitlines()[-lines:])


def wait_until(what, predicate, timeout, services=(), interval=0.5):
    deadline = time.monotonic() + timeout
    while True:
        for service in services:
            check(service.alive(), f"{service.name} exited ({service.proc.returncode}) {what}")
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailure(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------- a small browser


class FormParser(HTMLParser):
    """Every <form> of a page with its fields, the way a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form["fields"].append({"tag": "input", **attrs})
        elif tag == "select":
            self._select = {"tag": "select", "options": [], **attrs}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "selected": "selected" in attrs,
                "text": "",
            }
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "text": "", **attrs}
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = self._option = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data


class Form:
    def __init__(self, page_url, parsed):
        self.action = urljoin(page_url, parsed["attrs"].get("action") or page_url)
        self.method = (parsed["attrs"].get("method") or "get").lower()
        self.fields = parsed["fields"]
        self.names = {f.get("name") for f in self.fields if f.get("name")}

    def data(self, overrides):
        """Field values as a browser submits them; required empty selects get their first choice."""
        data = {}
        for field in self.fields:
            name = field.get("name")
            if not name or "disabled" in field:
                continue
            if field["tag"] == "input":
                kind = field.get("type", "text").lower()
                if kind in ("submit", "button", "image", "reset", "file"):
                    continue
                if kind in ("checkbox", "radio"):
                    if "checked" in field:
                        data.setdefault(name, []).append(field.get("value", "on"))
                    continue
                data.setdefault(name, []).append(field.get("value", ""))
            elif field["tag"] == "textarea":
                data.setdefault(name, []).append(field["text"].removeprefix("\n"))
            else:
                options = [o for o in field["options"] if o["value"] is not None] or [
                    {**o, "value": o["text"].strip()} for o in field["options"]
                ]
                chosen = [o["value"] for o in options if o["selected"]]
                if not chosen and "multiple" not in field and options:
                    chosen = [options[0]["value"]]
                if "required" in field and not any(chosen):
                    chosen = [next((o["value"] for o in options if o["value"]), "")]
                if chosen:
                    data.setdefault(name, []).extend(chosen)
        for name, value in overrides.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value if isinstance(value, list) else [value]
        return data


class Browser:
    def __init__(self):
        import requests

        self.session = requests.Session()
        self.session.headers.update(
            {
                "User-Agent": "SafeCommunity-prod-smoke/1.0",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
            }
        )

    def get(self, path, expect=200, **kwargs):
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        response = self.session.get(urljoin(BASE, path), **kwargs)
        if expect is not None:
            check(
                response.status_code == expect,
                f"GET {path}: status {response.status_code}, expected {expect}"
                + page_problem(response),
            )
        return response

    def page(self, path):
        """GET an HTML page that must answer 200 in Chinese under DEBUG=0."""
        response = self.get(path)
        check("text/html" in response.headers.get("Content-Type", ""), f"{path}: not HTML")
        check(CJK.search(response.text), f"{path}: no Chinese text in the page")
        check("Traceback" not in response.text, f"{path}: a traceback in the page")
        return response

    def form(self, path, must_have):
        response = self.page(path)
        parser = FormParser()
        parser.feed(response.text)
        for parsed in parser.forms:
            form = Form(response.url, parsed)
            if form.method == "post" and must_have <= form.names:
                check("csrfmiddlewaretoken" in form.names, f"{path}: the form has no CSRF token")
                return form
        raise SmokeFailure(f"{path}: no POST form with the fields {sorted(must_have)}")

    def submit(self, form, overrides=None, files=None, expect=302):
        response = self.session.post(
            form.action,
            data=form.data(overrides or {}),
            files=files,
            # What a browser sends with a same-origin form post.
            headers={"Origin": BASE, "Referer": form.action},
            timeout=120,
            allow_redirects=False,
        )
        if response.status_code != expect:
            raise SmokeFailure(
                f"POST {urlsplit(form.action).path}: status {response.status_code}, "
                f"expected {expect}" + page_problem(response)
            )
        return response


def page_problem(response):
    """The form errors or the message of an error page, for the failure report."""
    text = response.text if "text" in response.headers.get("Content-Type", "") else ""
    errors = re.findall(
        r'class="(?:invalid-feedback[^"]*|errorlist[^"]*|alert alert-danger[^"]*)"[^>]*>(.*?)</',
        text,
        re.S,
    )
    errors = [html.unescape(re.sub(r"<[^>]+>", "", e)).strip() for e in errors]
    errors = [e for e in errors if e]
    if errors:
        return "; errors: " + " | ".join(errors[:10])
    if text:
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        return f"; page title: {html.unescape(title.group(1)).strip() if title else text[:200]!r}"
    return ""


def location(response):
    return urlsplit(urljoin(BASE, response.headers.get("Location", ""))).path


# --------------------------------------------------------------------------- PDF checks


def check_pdf(path, what, titles):
    data = path.read_bytes()
    check(data.startswith(b"%PDF-"), f"{what}: not a PDF (starts with {data[:20]!r})")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    check(COMMUNITY_NAME in flat, f"{what}: the community name {COMMUNITY_NAME} is not in the text")
    missing = [title for title in titles if re.sub(r"\s+", "", title) not in flat]
    check(not missing, f"{what}: section titles missing from the text: {missing}")
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    cjk = [line for line in fonts.splitlines() if "wenquanyi" in line.lower()]
    check(cjk, f"{what}: no WenQuanYi font in pdffonts:\n{fonts}")
    embedded = [
        line
        for line in cjk
        if (m := re.search(r"(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line))
        and m.group(1) == "yes"
    ]
    check(embedded, f"{what}: the WenQuanYi font is not embedded:\n{fonts}")
    pages = re.search(
        r"Pages:\s+(\d+)",
        subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60).stdout,
    )
    log(
        f"  {what}: {len(data) / 1024:.0f} KiB, {pages.group(1) if pages else '?'} pages, "
        f"{len(flat)} characters of text, font {embedded[0].split()[0]} embedded"
    )


# --------------------------------------------------------------------------- the run


def run(workdir, services):
    """Every step; ``services`` receives the started processes (for the shutdown in main)."""
    env = smoke_env(workdir)
    os.environ.update(env)  # reverse() below reads the same settings
    logdir = workdir / "log"
    logdir.mkdir()
    (workdir / "var").mkdir()
    schedule = workdir / "var" / "celerybeat-schedule"

    with step("preflight: tools, PostgreSQL, Redis, port"):
        for tool in ("pdftotext", "pdffonts", "pdfinfo"):
            check(shutil.which(tool), f"{tool} not found (poppler-utils; `make sysdeps`)")
        check(port_is_free(PORT), f"port {PORT} on 127.0.0.1 is in use (set PROD_SMOKE_PORT)")
        with pg_connect() as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        import redis

        info = redis.Redis.from_url(REDIS_URL).info("server")
        log(f"  PostgreSQL {version}, Redis {info['redis_version']}, port {PORT}, dir {workdir}")

    with step(f"fresh database {DB_NAME} and Redis {REDIS_URL} (flushed)"):
        create_database()
        flush_redis()

    with step("deploy commands: check, migrate, collectstatic (manifest), seed_demo"):
        manage(env, "check", "--fail-level", "WARNING")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manifest = workdir / "static" / "staticfiles.json"
        check(manifest.is_file(), "collectstatic wrote no staticfiles.json (STATIC_MANIFEST=1)")
        paths = json.loads(manifest.read_text())["paths"]
        log(f"  staticfiles.json maps {len(paths)} files")
        manage(env, "seed_demo")

    with step("start gunicorn, celery worker and celery beat"):
        services["gunicorn"] = Service(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "safecommunity.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--timeout",
                "120",
                "--graceful-timeout",
                "20",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
            ],
            env,
            logdir,
        )
        services["worker"] = Service(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "safecommunity",
                "worker",
                "--concurrency",
                "2",
                "--max-tasks-per-child",
                "50",
                "--hostname",
                "prodsmoke@%h",
                "--loglevel",
                "INFO",
            ],
            env,
            logdir,
        )
        services["beat"] = Service(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "safecommunity",
                "beat",
                "--schedule",
                str(schedule),
                "--pidfile",
                str(workdir / "var" / "celerybeat.pid"),
                "--loglevel",
                "INFO",
            ],
            env,
            logdir,
        )
        running = list(services.values())
        import requests

        def healthy():
            try:
                return requests.get(f"{BASE}/health/", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until("gunicorn to answer /health/", healthy, 60, running)
        log("  gunicorn answers")
        wait_until(
            "the worker to be ready",
            lambda: "ready." in services["worker"].log_text(),
            90,
            running,
        )
        ping = subprocess.run(
            [str(BIN / "celery"), "-A", "safecommunity", "inspect", "ping", "--timeout", "10"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        check(
            ping.returncode == 0 and "pong" in ping.stdout,
            f"celery inspect ping failed:\n{ping.stdout}{ping.stderr}",
        )
        log("  worker ready; `celery inspect ping` answers pong")
        wait_until(
            "beat to start",
            lambda: "beat: Starting" in services["beat"].log_text(),
            60,
            running,
        )
        log("  beat started")

    import django

    django.setup()
    from django.urls import reverse

    def url(name, *args):
        return reverse(name, args=[SLUG, *args])

    browser = Browser()

    with step("anonymous: /health/, login redirects, login page, 404 page"):
        response = browser.get("/health/")
        check(response.json() == {"status": "ok"}, f"/health/ answered {response.text!r}")
        for path in ("/", url("hazards:hazard_list"), url("archive:dossier")):
            response = browser.get(path, expect=302)
            check(
                location(response) == "/accounts/login/",
                f"anonymous {path} redirected to {response.headers.get('Location')}",
            )
        browser.page("/accounts/login/")
        response = browser.get("/no-such-page/", expect=404)
        check("Traceback" not in response.text and "DEBUG" not in response.text, "debug 404 page")
        response = browser.get("/health/", headers={"Host": "evil.example.com"}, expect=400)
        log("  /health/ ok; anonymous pages redirect to login; 404 plain; foreign Host refused")

    with step(f"log in as {USERNAME} (CSRF token and cookie, like a browser)"):
        form = browser.form("/accounts/login/", {"username", "password"})
        from committee.demo import DEMO_PASSWORD

        response = browser.submit(form, {"username": USERNAME, "password": DEMO_PASSWORD})
        check(location(response) != "/accounts/login/", "login refused")
        cookies = {c.name: c for c in browser.session.cookies}
        check("sessionid" in cookies, "no session cookie after login")
        check(not cookies["sessionid"].secure, "session cookie is Secure on plain HTTP")
        check(
            cookies["sessionid"].has_nonstandard_attr("HttpOnly")
            or "httponly" in str(cookies["sessionid"]._rest).lower(),
            "session cookie is not HttpOnly",
        )
        response = browser.get("/", expect=302)
        home = location(response)
        check(home == url("community_home"), f"/ redirected to {home}")
        page = browser.page(home)
        check(COMMUNITY_NAME in page.text, f"home page does not name {COMMUNITY_NAME}")
        check(page.headers.get("X-Frame-Options") == "DENY", "X-Frame-Options is not DENY")
        check(
            page.headers.get("X-Content-Type-Options") == "nosniff",
            "X-Content-Type-Options is not nosniff",
        )
        log(f"  logged in; {home} is the {COMMUNITY_NAME} home page")

    with step("static files from WhiteNoise with the manifest"):
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
        scripts = re.findall(r'<script src="([^"]+)"', page.text)
        check(links and scripts, "the home page links no stylesheet or script")
        for asset in links + scripts:
            check(asset.startswith("/static/"), f"{asset} is not under /static/")
            check(
                re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset),
                f"{asset} is not a hashed (manifest) name",
            )
            response = browser.get(asset, headers={"Accept-Encoding": "gzip"})
            check(len(response.content) > 100, f"{asset} is empty")
            check(
                "immutable" in response.headers.get("Cache-Control", ""),
                f"{asset}: Cache-Control {response.headers.get('Cache-Control')!r}",
            )
        bootstrap = next((a for a in links if "vendor/bootstrap/" in a), None)
        check(bootstrap, "the vendored Bootstrap CSS is not linked")
        response = browser.get(bootstrap, headers={"Accept-Encoding": "gzip"})
        check("text/css" in response.headers["Content-Type"], "Bootstrap CSS content type")
        check(response.headers.get("Content-Encoding") == "gzip", "Bootstrap CSS is not gzipped")
        check(b"Bootstrap" in response.content[:500], "the vendored Bootstrap CSS is not Bootstrap")
        icons = next((a for a in links if "bootstrap-icons" in a), None)
        if icons:
            css = browser.get(icons).text
            fonts = re.findall(r'url\("?([^")?#]+\.woff2)', css)
            check(fonts, "bootstrap-icons CSS references no font")
            browser.get(urljoin(urljoin(BASE, icons), fonts[0]))
        log(f"  {len(links)} stylesheets and {len(scripts)} scripts served (hashed, immutable)")

    with step("list pages of every menu entry answer 200 in Chinese"):
        from safecommunity.navigation import entries

        timings = []
        for name in [entry.url_name for entry in entries()]:
            started = time.monotonic()
            browser.page(url(name))
            timings.append((time.monotonic() - started, name))
        slowest = max(timings)
        log(f"  {len(timings)} pages; slowest {slowest[1]} {slowest[0] * 1000:.0f} ms")

    stamp = f"{time.strftime('%H%M%S')}{secrets.randbelow(1000):03d}"
    with step("create a hazard through the form; it shows in the register"):
        form = browser.form(url("hazards:hazard_create"), {"title", "description"})
        title = f"烟测危险源{stamp}"
        response = browser.submit(
            form,
            {
                "title": title,
                "description": "生产环境烟测：楼道堆放杂物可能引发火灾。",
                "location": "幸福街道烟测小区3号楼",
                "identified_on": date.today().isoformat(),
            },
        )
        detail = location(response)
        check(re.search(r"/register/\d+/$", detail), f"the hazard form redirected to {detail}")
        check(title in browser.page(detail).text, "the new hazard page does not show its title")
        listing = browser.page(url("hazards:hazard_list") + f"?q={title}")
        check(title in listing.text, "the new hazard is not in the register list")
        log(f"  {title} → {detail}")

    with step("create an injury card through the form; it shows in the card list"):
        form = browser.form(url("injuries:card_create"), {"age", "injury_at", "reporting_unit"})
        card_no = f"SMOKE-{stamp}"
        response = browser.submit(
            form,
            {
                "card_no": card_no,
                "age": "42",
                "education": "5",  # 高中或中专
                "occupation": "6",  # 专业技术人员
                "cause": "2",  # 非机动车车祸
                "place": "5",  # 公路/街道
                "activity": "7",  # 驾乘交通工具
                "diagnosis": "左前臂擦伤",
                "narrative": "生产环境烟测：上班途中骑电动车摔倒。",
                "address": "幸福街道烟测路口",
            },
        )
        detail = location(response)
        check(re.search(r"/cards/\d+/$", detail), f"the card form redirected to {detail}")
        check(card_no in browser.page(detail).text, "the new card page does not show its number")
        listing = browser.page(url("injuries:card_list") + f"?q={card_no}")
        check(card_no in listing.text, "the new card is not in the card list")
        log(f"  card {card_no} → {detail}")

    with step("upload an evidence document; it shows in the archive and downloads intact"):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (320, 200), (40, 120, 200)).save(buffer, "PNG")
        image = buffer.getvalue()
        form = browser.form(url("archive:document_create"), {"title", "date"})
        doc_title = f"烟测现场照片{stamp}"
        response = browser.submit(
            form,
            {"title": doc_title, "source_unit": "烟测", "elements": ["3"]},
            files={"file": ("smoke.png", image, "image/png")},
        )
        detail = location(response)
        match = re.search(r"/documents/(\d+)/$", detail)
        check(match, f"the document form redirected to {detail}")
        check(doc_title in browser.page(detail).text, "the document page does not show its title")
        listing = browser.page(url("archive:document_list") + f"?q={doc_title}")
        check(doc_title in listing.text, "the new document is not in the archive list")
        download = browser.get(url("archive:document_download", int(match.group(1))))
        check(download.content == image, "the downloaded file differs from the upload")
        stored = list((workdir / "media").rglob("*.png"))
        check(stored, "the upload is not under MEDIA_ROOT")
        log(f"  {doc_title} → {detail}; {len(image)} bytes back; stored under MEDIA_ROOT")

    with step("request an evaluation report and a dossier build (queued through Redis)"):
        form = browser.form(url("archive:report_list"), {"kind", "year", "month"})
        values = form.data({})
        response = browser.submit(form, {"kind": "monthly"})
        report_page = location(response)
        match = re.search(r"/reports/(\d+)/$", report_page)
        check(match, f"the report request redirected to {report_page}")
        report_status = url("archive:report_status", int(match.group(1)))
        log(
            f"  report requested: monthly, {values['year'][0]}-{values['month'][0]} "
            f"(the last finished month) → {report_page}"
        )

        form = browser.form(url("archive:dossier"), {"period_start", "period_end"})
        values = form.data({})
        response = browser.submit(form)
        check(location(response) == url("archive:dossier"), "the dossier post did not come back")
        dossier_page = browser.page(url("archive:dossier"))
        match = re.search(r"/dossier/(\d+)/(?:status|pdf)/", dossier_page.text)
        check(match, "the dossier page shows no build after the request")
        dossier_status = url("archive:dossier_status", int(match.group(1)))
        poll = re.search(r'data-poll-url="([^"]+)"', dossier_page.text)
        check(not poll or poll.group(1) == dossier_status, "the page polls another build")
        log(
            f"  dossier requested: {values['period_start'][0]} to {values['period_end'][0]} "
            f"→ build {match.group(1)}"
        )

    with step(f"poll both status URLs until done (timeout {JOB_TIMEOUT:.0f}s)"):
        jobs = {"report": report_status, "dossier": dossier_status}
        results, last = {}, {}
        deadline = time.monotonic() + JOB_TIMEOUT
        while len(results) < len(jobs):
            for name in ("gunicorn", "worker"):
                check(services[name].alive(), f"{name} exited while the jobs ran")
            for job, status_url in jobs.items():
                if job in results:
                    continue
                response = browser.get(status_url)
                check("no-cache" in response.headers.get("Cache-Control", ""), "status cached")
                status = response.json()
                shown = (status["state"], status.get("progress"), status.get("message"))
                if shown != last.get(job):
                    log(f"  {job}: {status['state']} {status.get('progress')}% {status['message']}")
                    last[job] = shown
                if status["state"] == "failed":
                    raise SmokeFailure(f"the {job} failed: {status['message']}")
                if status["state"] == "done":
                    check(status["download_url"], f"the {job} is done without a download URL")
                    results[job] = status
            if time.monotonic() > deadline:
                raise SmokeFailure(f"jobs not done after {JOB_TIMEOUT:.0f}s: {last}")
            time.sleep(1)

    with step("download both PDFs (and the dossier ZIP) and check them with poppler"):
        for job, titles in (("report", REPORT_TITLES), ("dossier", DOSSIER_TITLES)):
            response = browser.get(results[job]["download_url"])
            check(response.headers["Content-Type"] == "application/pdf", f"{job}: content type")
            check("attachment" in response.headers.get("Content-Disposition", ""), "not attached")
            path = workdir / f"{job}.pdf"
            path.write_bytes(response.content)
            check_pdf(path, f"{job} PDF", titles)
        response = browser.get(results["dossier"]["zip_url"])
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            check(archive.testzip() is None, "the dossier ZIP is corrupt")
            names = archive.namelist()
        check(any(n.endswith(".pdf") for n in names), "the dossier ZIP holds no PDF")
        check(any(n.startswith("03-") for n in names), "the dossier ZIP has no 03- folder")
        log(f"  dossier ZIP: {len(response.content) / 1024:.0f} KiB, {len(names)} entries")

    with step("the worker ran both tasks; beat is alive and wrote its schedule"):
        worker_log = services["worker"].log_text()
        for task in ("archive.tasks.generate_report", "archive.tasks.build_dossier"):
            check(
                re.search(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", worker_log),
                f"the worker log does not show {task} succeeding",
            )
        check(services["beat"].alive(), "beat is not running")
        written = [p for p in schedule.parent.iterdir() if p.name.startswith(schedule.name)]
        check(written, f"beat wrote no schedule file {schedule}")
        log(f"  worker log shows both tasks succeeded; beat schedule: {[p.name for p in written]}")

    with step("log out; the session no longer opens pages"):
        home_url = url("community_home")
        parser = FormParser()
        parser.feed(browser.page(home_url).text)
        logout = next(
            (
                Form(urljoin(BASE, home_url), parsed)
                for parsed in parser.forms
                if (parsed["attrs"].get("action") or "").endswith("/logout/")
            ),
            None,
        )
        check(logout, "no logout form on the home page")
        browser.submit(logout)
        response = browser.get(home_url, expect=302)
        check(location(response) == "/accounts/login/", "still logged in after logout")

    return schedule


def verify_beat_schedule(schedule):
    """After beat stopped: its shelve holds the project's periodic entries."""
    import shelve

    with shelve.open(str(schedule), flag="r") as store:
        entries = sorted(store.get("entries", {}))
    for name in ("daily-reminders", "monthly-reports"):
        check(name in entries, f"beat schedule lacks {name}: {entries}")
    log(f"  beat schedule entries: {entries}")


def shutdown(services):
    """Stop beat, then the worker (warm shutdown), then gunicorn. Returns the problems."""
    problems = []
    if services:
        log("shutting down (SIGTERM to each process group)")
    for name, timeout in (("beat", 20), ("worker", 60), ("gunicorn", 40)):
        service = services.get(name)
        if service is not None:
            problem = service.stop(timeout)
            if problem:
                problems.append(problem)
    return problems


def print_logs(services, lines=40):
    for service in services.values():
        print(f"\n----- last {lines} lines of {service.log_path} -----", flush=True)
        print(tail_text(service.log_text(), lines) or "(empty)", flush=True)
    print(flush=True)


def cleanup():
    problems = []
    try:
        drop_database()
        log(f"  dropped database {DB_NAME}")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"could not drop {DB_NAME}: {exc}")
    try:
        flush_redis()
        log(f"  flushed {REDIS_URL}")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"could not flush {REDIS_URL}: {exc}")
    return problems


def main():
    lock = LOCK_FILE.open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log(f"another prod-smoke run holds {LOCK_FILE}; waiting for it")
        fcntl.flock(lock, fcntl.LOCK_EX)

    # SIGTERM (a cancelled CI job) and SIGHUP unwind like Ctrl-C, so that the cleanup runs.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    workdir = Path(tempfile.mkdtemp(prefix="safecommunity-smoke-"))
    log(f"SafeCommunity production smoke test on {BASE} (work dir {workdir})")
    failure, schedule, services, problems = None, None, {}, []
    try:
        try:
            schedule = run(workdir, services)
        except SmokeFailure as exc:
            failure = str(exc)
        except KeyboardInterrupt as exc:
            failure = f"interrupted ({exc or 'Ctrl-C'})"
        except Exception:  # noqa: BLE001 - a crash of the script is a failed run too
            failure = traceback.format_exc()
    finally:
        # Reached on any exception, including a second Ctrl-C during the first one.
        problems += shutdown(services)
        if failure is None and schedule is not None:
            try:
                verify_beat_schedule(schedule)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"beat schedule: {exc}")
        if failure is not None or problems:
            print_logs(services)
        problems += cleanup()
    total = time.monotonic() - T0
    if failure is not None or problems:
        reason = "; ".join(filter(None, [failure, *problems]))
        log(f"PROD SMOKE FAILED after {total:.1f}s (at step {len(STEPS)}: {STEPS[-1:]}):")
        print(reason, file=sys.stderr, flush=True)
        log(f"logs and files kept in {workdir}")
        return 1
    if KEEP:
        log(f"files kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    log(f"PROD SMOKE PASSED: {len(STEPS)} steps in {total:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

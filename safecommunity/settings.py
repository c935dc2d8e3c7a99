"""Settings for SafeCommunity, read from the environment (12-factor).

Every value that differs between a laptop and production comes from an environment variable;
the defaults give the embedded set-up of `make run` (SQLite under var/, filesystem broker).
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def envbool(name, default="0"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (VAR_DIR / "secret_key").is_file():
    # This installation's own key, generated once by `make` (never in the code or the repo), so
    # `manage.py createsuperuser` and friends work after `make run` without exporting it.
    SECRET_KEY = (VAR_DIR / "secret_key").read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        # A key published in the code would sign anyone's session cookie: production refuses to
        # start instead. `make` generates a local key under var/, the tests use tests/settings.py.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
    SECRET_KEY = "insecure-debug-only-key-" + "x" * 40
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "safecommunity.admin_site.SafeCommunityAdminConfig",  # django.contrib.admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "import_export",
    "simple_history",
    "django_filters",
    "axes",
    "django_htmx",
    "safecommunity",
    "committee",
    "hazards",
    "projects",
    "injuries",
    "emergency",
    "archive",
]

MIDDLEWARE = [
    "safecommunity.middleware.HealthCheckMiddleware",  # /health/ needs no session or user
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files need none of it), around everything else.
    "safecommunity.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safecommunity.middleware.SessionRefreshMiddleware",
    "safecommunity.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "committee.middleware.ForcePasswordChangeMiddleware",
]

ROOT_URLCONF = "safecommunity.urls"
WSGI_APPLICATION = "safecommunity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "committee.context_processors.community",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safecommunity.sqlite3'}"),
        # Persistent connections (one per gunicorn thread): opening one per request cost more
        # than the whole minimal page (SQLite: connect and the PRAGMAs below, 6 ms; PostgreSQL:
        # a new server process). 0 opens one per request again.
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        # A persistent connection is checked before each request reuses it, so a database
        # restart costs no failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share the embedded file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "committee.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, the user read from the shared cache on page views (safecommunity/auth.py).
    "safecommunity.auth.CachedModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Setup links (invitations) and password-reset links are valid this long, and once.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout: five failures lock the username from that client address for 30 minutes (the
# pair, so a stranger cannot lock the office out). Behind nginx the client address is taken from
# X-Forwarded-For, written by the TRUSTED_PROXY_COUNT proxies in front (docs/deploy.md); with 0
# it is REMOTE_ADDR and the header is ignored.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "safecommunity.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", "1")

# Idle sessions expire after two hours. Activity extends the window, but the session is written
# at most once per SESSION_REFRESH_SECONDS (safecommunity.middleware.SessionRefreshMiddleware):
# a write on every request serialised all page views on SQLite and cost a write on PostgreSQL.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 5 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", "0")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Media on S3-compatible object storage (MinIO, a cloud bucket) shared by every web and worker
    # host; needs `pip install "django-storages[s3]"` (docs/deploy.md). Files stay private: every
    # download goes through the application's permission check, PDFs read photos through storage.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 50 * 1024 * 1024)

REDIS_URL = os.environ.get("REDIS_URL", "")
# Two caches. "default" holds what may differ a little between processes for a while (rendered
# fragments keyed by what they show, summaries keyed by data version). "shared" holds what must be
# the same in every gunicorn worker and Celery worker the moment it changes: sessions, the
# signed-in user, the unread count; a write in one process must be seen by the others.
# With Redis both are Redis (a Redis outage turns them into misses, not 500s:
# safecommunity/cache.py). Without it "default" is per-process memory and "shared" files under
# var/cache/ (one machine, several processes: `make run`, the bench, the SQLite set-up).
# The shared entries name rows by primary key (user:3), so they are kept apart per database: two
# databases served from one checkout (`make run` and the bench) or one Redis never mix users.
_DB_ID = ":".join(str(DATABASES["default"].get(k, "")) for k in ("ENGINE", "HOST", "PORT", "NAME"))
_SHARED_PREFIX = "shared-" + hashlib.sha1(_DB_ID.encode()).hexdigest()[:8]
if REDIS_URL:
    _REDIS_CACHE = {
        "BACKEND": "safecommunity.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
    CACHES = {"default": _REDIS_CACHE, "shared": {**_REDIS_CACHE, "KEY_PREFIX": _SHARED_PREFIX}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "shared"),
            "KEY_PREFIX": _SHARED_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Sessions are read from the shared cache and written through to the database (which survives a
# cache flush or a Redis restart): a page view reads no session row. Never the per-process
# memory cache: it would keep a logged-out session alive in the other workers.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "shared"
# Lists' tables and the risk map kept per session under the community's data version
# (safecommunity.views.KeptContentMixin); off (KEEP_PAGE_CONTENT=0), every request computes them.
KEEP_PAGE_CONTENT = envbool("KEEP_PAGE_CONTENT", "1")

# Celery: Redis in production; without REDIS_URL an embedded filesystem broker under var/.
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_BROKER_DIR / 'results'}"
# Publishing gives up fast when the broker is down (safecommunity/jobs.py keeps the job pending).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "0")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Daily reminders in the early morning (every app's, registered in its tasks.py), reports after
# each period closes.
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "safecommunity.tasks.daily_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "requeue-pending-jobs": {
        "task": "archive.tasks.requeue_pending",
        "schedule": 60.0,
    },
    "monthly-reports": {
        "task": "archive.tasks.periodic_reports",
        "schedule": crontab(hour=2, minute=0, day_of_month=1),
    },
    # Webhook deliveries left pending while the broker was down (api.webhooks.requeue_pending).
    "requeue-webhook-deliveries": {
        "task": "api.requeue_webhook_deliveries",
        "schedule": 300.0,
    },
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safecommunity@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
# For the file backend (make run uses it: one file per message under var/mail/).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# The tenant models, named here as AUTH_USER_MODEL is, so that core (safecommunity/) imports no
# app (safecommunity.tenancy). Each app's evidence, reminders, menu and demo data are
# autodiscovered (safecommunity/discovery.py), not listed here.
COMMUNITY_MODEL = "committee.Community"
MEMBERSHIP_MODEL = "committee.Membership"
REGION_REVIEWER_MODEL = "committee.RegionReviewer"
WORKING_GROUP_MODEL = "committee.WorkingGroup"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and envbool("SECURE_COOKIES", "0"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The REST API (api/, docs/api.md): tokens only (no session, so no CSRF), JSON only.
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "api"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONWithoutNullParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SafeCommunity API",
    "DESCRIPTION": "安全社区管理平台 REST API: injury cards, reporting units, hidden dangers, "
    "injury statistics. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"NatureEnum": "injuries.choices.Nature"},
}

# Alerts to 企业微信 / 钉钉 group robots and SMS (committee/alerts/): the robots' base URLs (an
# intranet proxy, or the tests' local server, may stand in) and the SMS gateway, chosen like
# EMAIL_BACKEND: committee.alerts.sms.ConsoleBackend | LocmemBackend | HttpJsonBackend.
ALERTS_WECOM_URL = os.environ.get(
    "ALERTS_WECOM_URL", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
)
ALERTS_DINGTALK_URL = os.environ.get("ALERTS_DINGTALK_URL", "https://oapi.dingtalk.com/robot/send")
ALERTS_SMS_BACKEND = os.environ.get("ALERTS_SMS_BACKEND", "committee.alerts.sms.ConsoleBackend")
ALERTS_SMS_URL = os.environ.get("ALERTS_SMS_URL", "")
ALERTS_SMS_TOKEN = os.environ.get("ALERTS_SMS_TOKEN", "")
ALERTS_SMS_SIGN = os.environ.get("ALERTS_SMS_SIGN", "")

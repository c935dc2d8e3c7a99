"""A bare Django site: one template page, no database, no sessions, the stock middleware only.

`make bench` serves it with the same gunicorn settings as the project, beside it in the same run, so
the project's minimal page can be compared with what Django itself costs on this machine:

    gunicorn scripts.bench_bare:application
"""

from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.shortcuts import render
from django.urls import path

TEMPLATES_DIR = Path(__file__).resolve().parent / "bench_bare_templates"


def page(request):
    return render(request, "bare.html", {"title": "bare"})


urlpatterns = [path("", page)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-bare-site-not-secret",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        INSTALLED_APPS=[],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [TEMPLATES_DIR],
            }
        ],
        USE_TZ=True,
    )
    django.setup()

application = get_wsgi_application()

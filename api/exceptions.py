from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def handle(exc, context):
    """DRF's handler, but a 404 says only "not found": never the model's name (we do not
    confirm what kind of record a foreign id is)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)

"""JSON in, refused whole when it carries a NUL character anywhere (PostgreSQL stores none, in
text or in jsonb: it would surface as a 500 at the first write, an error message or the
idempotency record echoing the value)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _has_null(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_null(k) or _has_null(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_null(item) for item in value)
    return False


class JSONWithoutNullParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _has_null(data):
            raise ParseError(_("请求中含有空字符（NUL），请删除后重试。"))
        return data

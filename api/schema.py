"""drf-spectacular: how the schema describes the token scheme and the refusals.

``ApiSchema`` adds to every operation the answers a client must expect besides success, so
that a generated client (and the schemathesis test's status-code and response-schema checks)
knows them: 401 (no, unknown, expired or revoked token), 403 (this kind of token may not call
this), 429 (the token's rate limit), 404 where a path names a record or a region or a list
may be paged past its end, 400 where query parameters are checked, 422 where an
``Idempotency-Key`` may be reused for another request. Every one of them is
``{"detail": "…"}`` but the 400s, which name the refused fields. An integer id in a path is
documented as ``minimum: 0``: the URL's ``int`` converter takes digits only, so ``-1`` is no
URL of the API (the site's HTML 404), not a record that is not found.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Token <secret> (or Bearer <secret>); "
            "an office issues tokens on the community's API token page.",
        }


REFUSALS = {
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "This kind of token may not call this operation (docs/api.md, Tokens).",
    "404": "Not found: no such record (or page) for this token; another community's or "
    "region's record answers the same.",
    "422": "This Idempotency-Key was used before for another request (a client's mistake: "
    "replaying the first answer would hide it).",
    "429": "The token's rate limit (API_RATE) is used up; see the Retry-After header.",
}
FIELD_ERRORS = {
    "description": "Refused input: {field: [message]} (or {detail: message}).",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {},
                "description": "field name → list of messages",
            }
        }
    },
}


class ApiSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        from .serializers import ErrorSerializer

        error = {
            "application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}
        }
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                parameter["schema"]["minimum"] = 0
        located = {p["in"] for p in parameters}
        codes = ["401", "403", "429"]
        if "path" in located or any(p["name"] == "page" for p in parameters):
            codes.append("404")
        if any(p["name"] == "Idempotency-Key" for p in parameters):
            codes.append("422")
        responses = operation["responses"]
        for code in codes:
            responses.setdefault(code, {"description": REFUSALS[code], "content": error})
        if "query" in located:
            responses.setdefault("400", FIELD_ERRORS)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

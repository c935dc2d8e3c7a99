"""drf-spectacular: how the schema describes the token scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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

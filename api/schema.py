"""The OpenAPI document: the bearer scheme, and the error shape on every operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_SCHEMA = {
    "type": "object",
    "required": ["message", "field_errors"],
    "properties": {
        "message": {"type": "string", "description": "What went wrong, for a person to read"},
        "field_errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
ERRORS = {
    "400": "The body or the query is not usable: the message and field errors say why.",
    "401": "No token, or a token that is not valid (expired, revoked).",
    "403": "The token may not do this (read-only, or an inbox token).",
    "404": "Not found, or not yours: the answer is the same.",
    "405": "Method not allowed.",
    "406": "Not acceptable: this endpoint answers in JSON.",
    "409": "A possible duplicate, or a step the record's state does not allow.",
    "415": "Send JSON.",
    "429": "Too many requests for this token: wait and retry.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (Sign-in & sessions → API tokens), or "
            "for POST /api/v1/intake/ only, an organisation's inbox token.",
        }


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ref}}},
                )
    return result

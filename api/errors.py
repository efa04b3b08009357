"""One error shape for every API answer that is not a success:

    {"message": "<a sentence a person can act on>", "field_errors": {"<field>": ["..."]}}

Services raise Django's ValidationError with messages written for lawyers; they reach the
client as they are, under the field they concern.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    400: _("The request could not be used: see the field errors."),
    401: _("Send a valid token: “Authorization: Bearer <token>”."),
    403: _("You may not do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("This endpoint answers in JSON only."),
    415: _("Send the body as JSON (Content-Type: application/json)."),
}
NON_FIELD = ("non_field_errors", "__all__")


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = key if key in NON_FIELD else f"{prefix}{key}"
            for field, messages in _flatten(value, f"{name}.").items():
                out.setdefault(field or name, []).extend(messages)
        return out
    if isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            return {"": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            for field, messages in _flatten(item, f"{prefix}{index}.").items():
                out.setdefault(field or f"{prefix}{index}", []).extend(messages)
        return out
    return {"": [str(detail)]}


def error_body(message: str, field_errors: dict[str, list[str]] | None = None) -> dict:
    return {"message": message, "field_errors": field_errors or {}}


def _from_django(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = [m for key in ("", *NON_FIELD) for m in fields.pop(key, [])]
        message = " ".join(general) if general else MESSAGES[400]
        response.data = error_body(message, fields)
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response.data = error_body(f"Too many requests: try again in {wait} seconds.")
    elif isinstance(exc, exceptions.NotFound):
        response.data = error_body(MESSAGES[404])
    else:
        detail = getattr(exc, "detail", None)
        text = str(detail) if isinstance(detail, str) and detail else MESSAGES.get(status, "")
        response.data = error_body(text or "The request failed.")
    return response


@csrf_exempt  # no session is used here: a stray PATCH gets this 404, not a CSRF page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any path under /api/ that names no endpoint: the same JSON 404 as a missing object."""
    return JsonResponse(error_body(MESSAGES[404]), status=404)

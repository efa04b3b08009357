"""JSON bodies, strictly: a size limit checked before parsing, and messages that say what
went wrong instead of a stack trace."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(
                _("The body is too large: at most %(kb)d KB of JSON is accepted.")
                % {"kb": limit // 1024}
            )
        if not raw.strip():
            raise ParseError(_("The body is empty: send a JSON object."))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("The body is not valid UTF-8 text.")) from None
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(
                _("The body is not valid JSON: %(error)s") % {"error": error}
            ) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")

import logging
import zoneinfo

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone, translation

from casework.crypto import FieldKeyMissing
from casework.http import language_cookie_set
from casework.models import Membership

logger = logging.getLogger(__name__)


class OrganisationTimeZoneMiddleware:
    """Show times in the organisation's zone; they are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = settings.DEFAULT_ORGANISATION_TIME_ZONE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # One query for membership and organisation; later reads hit this cache.
            membership = Membership.objects.select_related("organisation").filter(user=user).first()
            if membership is not None:
                user.membership = membership
                zone = membership.organisation.time_zone
        timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class MemberLanguageMiddleware:
    """A signed-in member sees the language they chose, on every device; everyone else gets
    what LocaleMiddleware chose from the language cookie or the browser. Reads the
    membership OrganisationTimeZoneMiddleware already loaded: no query of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        membership = getattr(user, "membership", None) if user is not None else None
        language = getattr(membership, "language", "")
        if not (language and translation.check_for_language(language)):
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # Applied from the first page after sign-in, and kept in the browser so the
        # sign-in page after signing out speaks it too.
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            language_cookie_set(response, language)
        return response


class FieldKeyMissingMiddleware:
    """Special-category data that no configured key opens is a configuration problem the
    lawyer cannot fix and must not mistake for lost data: say so plainly, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, FieldKeyMissing):
            return None
        logger.error("Special-category data on %s cannot be decrypted: the key is missing",
                     request.path)  # fmt: skip
        return render(request, "field_key_missing.html", status=503)

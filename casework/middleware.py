import zoneinfo

from django.conf import settings
from django.utils import timezone

from casework.models import Membership


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

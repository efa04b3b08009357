"""Links that leave the browser (emails, calendar feeds) are built here, and only here:
``reverse()`` for the path, ``SITE_URL`` for the address phones and mail clients reach,
whatever Host header a request came in with."""

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args, **kwargs) -> str:
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)


def case_url(reference: str) -> str:
    return absolute_url("casework:case-detail", reference)

"""Rate limits per credential: each personal token, each inbox token, each signed-in user.

Rates come from settings on every request (``API_THROTTLE_RATES``), so a deployment or a
test can change them. Counts live in the ``default`` cache (Redis when configured).
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken, InboxToken


class CredentialRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return None  # resolved per request in allow_request

    def allow_request(self, request, view):
        if isinstance(request.auth, InboxToken):
            self.scope, ident = "inbox", f"inbox-{request.auth.pk}"
        elif isinstance(request.auth, ApiToken):
            self.scope, ident = "token", f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, ident = "user", f"user-{request.user.pk}"
        else:
            self.scope, ident = "anonymous", self.get_ident(request)
        self.rate = settings.API_THROTTLE_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

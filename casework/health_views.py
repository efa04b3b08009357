from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse

from casework.health import health_report
from casework.http import method_not_allowed


@login_not_required
def healthz(request):
    """For monitoring: 200 when everything answers, 503 otherwise, with the figures."""
    if refused := method_not_allowed(request, "GET"):
        return refused
    report = health_report()
    response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response

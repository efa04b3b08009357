from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from casework.export import case_export
from casework.reauth import reauth_redirect
from casework.selectors import case_for_user


@require_http_methods(["GET", "POST"])
def case_export_view(request, reference: str):
    # Access first, so strangers get 404 rather than a re-authentication prompt.
    case = case_for_user(request.user, reference, "change_case")
    if case.anonymised_at is not None:
        raise Http404
    if request.method == "GET":
        return render(request, "casework/case_export.html", {"case": case})
    redirect = reauth_redirect(request)
    if redirect is not None:
        return redirect
    export = case_export(case=case, by=request.user)
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response

"""Case-bound document pages. Each fetches its case through case_for_user first."""

from django.http import FileResponse, Http404, HttpResponseNotAllowed

from casework.selectors import case_for_user
from documents import services


def file_download(request, reference: str, file_id: int):
    # Access first, so a stranger gets the same 404 whatever the method.
    case = case_for_user(request.user, reference)
    stored = case.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.file_downloaded(case=case, stored=stored, by=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case.reference}-{stored.purpose}-{stored.pk}.{stored.extension}",
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response

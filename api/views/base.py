"""What every API view shares: parsing the query string, answering with a page."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException
from rest_framework.views import APIView

from api.pagination import PagePagination
from api.permissions import MemberWithinScope
from casework.audit import log_read


class Conflict(APIException):
    status_code = 409
    default_detail = _("The request conflicts with existing records.")


class MemberView(APIView):
    """A member's view: their personal token (within its scope) or their session."""

    permission_classes = [MemberWithinScope]

    def http_method_not_allowed(self, request, *args, **kwargs):
        # Access first, then the method (as casework.http.method_not_allowed): a stranger
        # gets the same 404 for every method, a member a 405 for a method not offered.
        objects_for_user(request.user, **kwargs)
        return super().http_method_not_allowed(request, *args, **kwargs)


def objects_for_user(
    user,
    *,
    reference=None,
    incident_id=None,
    petition_id=None,
    document_id=None,
    hearing_id=None,
) -> None:
    """404 unless every object the URL names is the user's to see."""
    from casework.selectors import case_for_user
    from detainees.incidents.selectors import incident_for_user
    from documents.models import IdentityDocument
    from documents.petitions.selectors import petition_for_case

    if incident_id is not None:
        incident_for_user(user, incident_id)
    if reference is None:
        return
    case = case_for_user(user, reference)
    if petition_id is not None:
        petition_for_case(case, petition_id)
    missing = (
        document_id is not None
        and not IdentityDocument.objects.filter(
            public_id=document_id,
            person_id=case.person_id,
            organisation_id=case.organisation_id,
        ).exists()
    ) or (hearing_id is not None and not case.hearings.filter(public_id=hearing_id).exists())
    if missing:
        raise Http404


def query(serializer_class, request) -> dict:
    """The query string, validated: a bad value is a 400 with the field named."""
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def page_of(view: APIView, request, items, serializer_class):
    paginator = PagePagination()
    rows = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(
        serializer_class(rows, many=True, context={"request": request}).data
    )


def case_read(request, case) -> None:
    """Reading a case through the API is a read, as opening its page is."""
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "api"})  # fmt: skip


def list_read(request, verb: str, organisation, response, filters=()) -> None:
    """A page of cases or raids: how many, filtered by which names, never by what."""
    log_read(request, verb, organisation=organisation,
             data={"page": "api", "filters": sorted(filters),
                   "shown": len(response.data["results"])})  # fmt: skip

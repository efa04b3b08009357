"""What every API view shares: parsing the query string, answering with a page."""

from rest_framework.exceptions import APIException
from rest_framework.views import APIView

from api.pagination import PagePagination
from api.permissions import MemberWithinScope


class Conflict(APIException):
    status_code = 409
    default_detail = "The request conflicts with existing records."


class MemberView(APIView):
    """A member's view: their personal token (within its scope) or their session."""

    permission_classes = [MemberWithinScope]


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

"""Page-number pagination without COUNT(*), like the case list (casework.paging).

One row beyond the page says whether there is a next one; ``page_size`` is capped.
"""

from collections import OrderedDict

from django.conf import settings
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from casework.paging import paginate

MAX_PAGE_SIZE = 100


def _positive(raw, default: int, ceiling: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return min(max(value, 1), ceiling)


class PagePagination(BasePagination):
    page_query_param = "page"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.number = _positive(request.query_params.get("page"), 1, 100_000)
        size = _positive(
            request.query_params.get("page_size"), settings.API_PAGE_SIZE, MAX_PAGE_SIZE
        )
        self.page = paginate(queryset, number=self.number, size=size)
        return self.page.items

    def _link(self, number: int | None) -> str | None:
        if number is None:
            return None
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                page=self.number,
                next=self._link(self.page.next_number if self.page.has_next else None),
                previous=self._link(self.page.previous_number if self.page.has_previous else None),
                results=data,
            )
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["page", "next", "previous", "results"],
            "properties": {
                "page": {"type": "integer", "minimum": 1},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Items per page, at most {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]

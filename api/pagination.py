"""Pages of a list: `page` and `pageSize` in the query, links to self, first, prev, next and last in
the body (absolute URLs that keep the other query parameters)."""

import math

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1, help_text="Page number, from 1.")
    pageSize = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=DEFAULT_PAGE_SIZE,
        help_text=f"Items per page (at most {MAX_PAGE_SIZE}).",
    )


def validated(request, query_class) -> dict:
    """The query parameters checked by `query_class`; invalid ones give 400 with `invalidParams`."""
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


def paginate(request, rows, params: dict, name: str) -> dict:
    """One page of `rows` (a queryset) under `name`, with the counts and links. A page past the
    last gives 404."""
    page, size = params["page"], params["pageSize"]
    total = rows.count()
    pages = max(1, math.ceil(total / size))
    if page > pages:
        detail = _("Page %(page)s does not exist: the last page is %(last)s.") % {"page": page, "last": pages}
        raise exceptions.NotFound(detail)
    items = list(rows[(page - 1) * size : page * size])

    def href(number):
        query = request.query_params.copy()
        query["page"] = str(number)
        return {"href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}

    links = {"self": href(page), "first": href(1), "last": href(pages)}
    if page > 1:
        links["prev"] = href(page - 1)
    if page < pages:
        links["next"] = href(page + 1)
    return {name: items, "page": page, "pageSize": size, "totalItems": total, "totalPages": pages, "links": links}

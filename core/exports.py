"""Shared helpers for list pages and their CSV exports."""

import csv

from django.http import HttpResponse


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV download as Dutch spreadsheet programs read it: semicolons and a byte-order mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response


def query_string_without_page(request) -> str:
    """The list's filters, for pagination and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

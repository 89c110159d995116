"""Shared helpers for list pages and their CSV exports."""

import csv

from django.http import HttpResponse

from core import events


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


def xlsx_response(filename: str, header, rows, *, sheet_title: str = "Export") -> HttpResponse:
    """The same table as an Excel workbook (openpyxl), with a bold, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([v if isinstance(v, (int, float)) or v is None else str(v) for v in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response


def table_response(request, basename: str, header, rows, *, sheet_title: str = "Export") -> HttpResponse:
    """CSV by default, Excel with ?formaat=xlsx. Every export is written to the security log."""
    announce_export(request, basename)
    if request.GET.get("formaat") == "xlsx":
        return xlsx_response(f"{basename}.xlsx", header, rows, sheet_title=sheet_title)
    return csv_response(f"{basename}.csv", header, rows)


def announce_export(request, what: str) -> None:
    """Tell the security log which list was downloaded, in which format, with which filters."""
    params = request.GET.copy()
    params.pop("page", None)
    fmt = params.pop("formaat", ["csv"])[-1] or "csv"
    events.announce(request, "export", detail={"what": what, "format": fmt, "filters": params.urlencode()})

"""Shared helpers for list pages and their CSV exports."""

import csv

from django.http import HttpResponse

from core import events
from core.downloads import set_attachment
from core.safety import is_number, spreadsheet_text


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A CSV download as Dutch spreadsheet programs read it: semicolons and a byte-order mark."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    set_attachment(response, filename)
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([spreadsheet_text(h) for h in header])
    # Text that a spreadsheet would run as a formula (=HYPERLINK(...)) gets a leading quote.
    writer.writerows([v if is_number(v) else spreadsheet_text(v) for v in row] for row in rows)
    return response


def query_string_without_page(request) -> str:
    """The list's filters, for pagination and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def xlsx_response(filename: str, header, rows, *, sheet_title: str = "Export") -> HttpResponse:
    """The same table as an Excel workbook (openpyxl), with a bold, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]

    def cell(value):
        if value is None or is_number(value):
            return value
        # Never a formula: the text is neutralised as in the CSV and stored as a string cell. Control
        # characters that the file format cannot hold are left out (openpyxl would refuse them).
        text = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_text(value)))
        text.data_type = "s"
        return text

    sheet.append([cell(h) for h in header])
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([cell(v) for v in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    set_attachment(response, filename)
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

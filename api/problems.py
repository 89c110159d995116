"""Errors as `application/problem+json` (RFC 9457): type, title, status, detail, instance, and for
invalid input the ADR's `invalidParams`. Both DRF's exceptions (through `exception_handler`) and
Django's own error pages under /api/ (through `api.middleware`) end up here."""

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"


def titles():
    """Titles per status, in the request's language."""
    return {
        400: _("Invalid input"),
        401: _("Not authenticated"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        429: _("Too many requests"),
        500: _("Internal server error"),
    }


def default_details():
    return {
        400: _("The request has invalid parameters."),
        404: _("There is nothing at this address. Addresses in this API end without a slash."),
        405: _("This API can only be read: use GET."),
        500: _("Something went wrong on our side. Please try again later."),
    }


def problem(status: int, detail: str = "", *, instance: str = "", **extra) -> dict:
    title = titles().get(status) or HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": str(title), "status": status, "detail": str(detail or title)}
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_response(request, status: int, detail: str = "", **extra) -> JsonResponse:
    body = problem(status, detail or default_details().get(status, ""), instance=request.path, **extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False})


def _flatten(errors, prefix=""):
    """DRF's error dict -> [(name, code, reason)]."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = key if key != "non_field_errors" else ""
            yield from _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(errors, list):
        for item in errors:
            yield from _flatten(item, prefix)
    else:
        yield prefix, getattr(errors, "code", "invalid"), str(errors)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling, then api.middleware, make it a problem
    request = context["request"]
    status = response.status_code
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        status = response.status_code = 400
        detail = default_details()[400]
        extra["invalidParams"] = [
            {"name": name, "code": code, "reason": reason} for name, code, reason in _flatten(exc.detail)
        ]
    elif isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests from this client. Try again in %(seconds)s seconds.") % {
            "seconds": int(exc.wait or 1)
        }
    elif isinstance(exc, exceptions.APIException) and not isinstance(exc.detail, list | dict):
        detail = str(exc.detail)
        if isinstance(exc, exceptions.NotFound) and exc.detail == exceptions.NotFound.default_detail:
            detail = default_details()[404]
        elif isinstance(exc, exceptions.MethodNotAllowed):
            detail = default_details()[405]
    else:
        detail = default_details().get(status, "")
    response.data = problem(status, detail, instance=request.path, **extra)
    response.content_type = PROBLEM_JSON
    return response

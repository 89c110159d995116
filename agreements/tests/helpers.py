"""Helpers shared by the draft agreement tests; their fixtures are in conftest.py."""

import io

from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfWriter

from accounts.tests.factories import UserFactory
from agreements.models import DraftSection
from partnerships.models import CoordinatorAccess


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def section(draft, key) -> DraftSection:
    return draft.sections.get(key=key)


def edit(client, draft, key, text, *, version=None, title=None, clause=None):
    sec = section(draft, key)
    draft.refresh_from_db()
    data = {"version": draft.version if version is None else version, "title": title or sec.title, "text": text}
    if clause is not None:
        data["clause"] = clause.pk
    return client.post(reverse("agreements:section", args=[sec.pk]), data)


def one_page_pdf() -> bytes:
    """A real one-page PDF: the upload reads its structure (agreements/scan_check.py)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


VALID_PDF = one_page_pdf()

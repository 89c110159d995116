"""Documents of a partnership: upload, versions, rename, share, remove; who sees and downloads what."""

import datetime
import hashlib
import os

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import history
from core.concurrency import StaleEditError
from core.models import ChangeEntry
from core.testing import assert_on_page
from documents import services
from documents.models import Document, DocumentVersion
from documents.tests import files
from documents.tests.conftest import add_document, coordinator_of
from meetings.tests.helpers import plan
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory
from partnerships.workflow import PartnershipClosedError

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- services -------------------------------------------------------------------------------


def test_an_upload_is_stored_privately_under_a_random_name_with_the_detected_extension(partnership, medewerker):
    # A PNG named like a PDF is stored as what it is.
    document = add_document(partnership, actor=medewerker, data=files.image(), name="subsidie.pdf", shared=False)
    version = document.current
    assert version.number == 1 and version.extension == "png" and version.content_type == "image/png"
    assert version.original_name == "subsidie.pdf"
    assert version.file.name.startswith("documents/") and version.file.name.endswith(".png")
    assert "subsidie" not in version.file.name
    assert default_storage.exists(version.file.name)
    assert len(version.sha256) == 64 and version.size == len(files.image())


def test_an_internal_document_tells_nobody_and_its_history_is_internal(partnership, medewerker, told):
    document = add_document(partnership, actor=medewerker, shared=False)
    assert told == []
    entry = ChangeEntry.objects.for_object(document).get()
    assert entry.internal


def test_a_shared_document_tells_the_other_side(partnership, medewerker, told):
    document = add_document(partnership, actor=medewerker, shared=True, title="WUP")
    assert [(n.kind, n.obj, n.summary, n.url) for n in told] == [
        ("document_shared", document, "WUP", reverse("documents:detail", args=[document.pk]))
    ]
    assert not ChangeEntry.objects.for_object(document).get().internal


def test_a_coordinators_document_is_always_shared(partnership, coordinator, told):
    document = add_document(partnership, actor=coordinator, shared=False)
    assert document.shared_with_initiative and document.created_by == coordinator
    assert [n.kind for n in told] == ["document_shared"]


def test_a_conversation_of_another_partnership_is_refused(partnership, medewerker):
    other = partnership_services.add_conversation(
        PartnershipFactory(), actor=None, values={"date": datetime.date(2026, 1, 1)}
    )
    with pytest.raises(services.DocumentRefused):
        add_document(partnership, actor=medewerker, conversation=other)
    assert not Document.objects.exists()


def test_replacing_keeps_the_earlier_versions(partnership, medewerker, told):
    document = add_document(partnership, actor=medewerker)
    first = document.current
    version = services.replace(
        document, actor=medewerker, upload=files.upload(files.docx(), "plan.docx"), expected_version=document.version
    )
    document.refresh_from_db()
    assert document.current == version and version.number == 2 and version.extension == "docx"
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    assert default_storage.exists(first.file.name)
    assert [n.kind for n in told] == ["document_shared", "document_replaced"]
    entry = ChangeEntry.objects.for_object(document).filter(action="update").get()
    assert entry.changes[0]["field"] == "document_replaced" and entry.changes[0]["new"] == "plan.docx"


def test_a_stale_replace_or_rename_is_refused(partnership, medewerker):
    document = add_document(partnership, actor=medewerker)
    services.rename(document, actor=medewerker, expected_version=1, title="Nieuw", description="")
    with pytest.raises(StaleEditError):
        services.rename(document, actor=medewerker, expected_version=1, title="Ander", description="")
    with pytest.raises(StaleEditError):
        services.replace(document, actor=medewerker, upload=files.upload(files.pdf()), expected_version=1)
    assert DocumentVersion.objects.count() == 1  # the refused file was not kept


def test_rename_is_in_the_history(partnership, medewerker):
    document = add_document(partnership, actor=medewerker, title="Oud")
    services.rename(document, actor=medewerker, expected_version=document.version, title="Nieuw", description="x")
    entry = ChangeEntry.objects.for_object(document).filter(action="update").get()
    assert {(c["field"], c["old"], c["new"]) for c in entry.changes} == {
        ("title", "Oud", "Nieuw"),
        ("description", "", "x"),
    }


def test_remove_deletes_the_files_after_commit_and_the_history_says_so(
    partnership, medewerker, django_capture_on_commit_callbacks
):
    document = add_document(partnership, actor=medewerker, name="wup.pdf")
    services.replace(document, actor=medewerker, upload=files.upload(files.pdf(), "wup-2.pdf"), expected_version=1)
    names = list(DocumentVersion.objects.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.remove(document, actor=medewerker)
    assert not any(default_storage.exists(name) for name in names)
    document.refresh_from_db()
    assert document.removed_at is not None and document.removed_by == medewerker
    assert not DocumentVersion.objects.exists()
    entry = ChangeEntry.objects.for_object(document).filter(action="delete").get()
    assert [c["field"] for c in entry.changes] == ["document_removed", "files_deleted"]
    assert entry.changes[1]["new"] == "wup.pdf, wup-2.pdf"


def test_a_closed_partnership_is_read_only(medewerker):
    partnership = PartnershipFactory(stopped=True)
    with pytest.raises(PartnershipClosedError):
        add_document(partnership, actor=medewerker)
    assert not DocumentVersion.objects.exists()


def test_a_refused_transaction_leaves_no_file_behind(partnership, medewerker, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(history, "record", fail)
    before = set(os.listdir(default_storage.path("documents"))) if default_storage.exists("documents") else set()
    with pytest.raises(RuntimeError):
        add_document(partnership, actor=medewerker)
    after = set(os.listdir(default_storage.path("documents"))) if default_storage.exists("documents") else set()
    assert after == before


# --- views ----------------------------------------------------------------------------------


def test_staff_upload_through_the_form(client, partnership, medewerker):
    conversation = partnership_services.add_conversation(
        partnership, actor=None, values={"date": datetime.date(2026, 2, 3)}
    )
    client.force_login(medewerker)
    url = reverse("documents:upload", args=[partnership.pk])
    page = client.get(url + f"?gesprek={conversation.pk}")
    assert page.status_code == 200 and "3 februari 2026" in page.content.decode()
    response = client.post(
        url,
        {
            "file": files.upload(files.opendocument("presentation"), "presentatie.odp"),
            "title": "Presentatie",
            "description": "Voor de bewonersavond",
            "conversation": conversation.pk,
            "shared": "on",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.conversation == conversation and document.shared_with_initiative
    assert document.current.extension == "odp"


def test_a_refused_file_keeps_the_form_with_a_dutch_message(client, partnership, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("documents:upload", args=[partnership.pk]),
        {"file": files.upload(b"<html><body>hoi</body></html>", "rapport.pdf"), "title": "Mijn rapport"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Toegestaan zijn" in page and "Mijn rapport" in page
    assert not Document.objects.exists()


@override_settings(DOCUMENT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_in_the_form(client, partnership, medewerker):
    client.force_login(medewerker)
    response = client.post(
        reverse("documents:upload", args=[partnership.pk]),
        {"file": files.upload(files.pdf() + b" " * 2000, "groot.pdf"), "title": "Groot"},
    )
    assert response.status_code == 200
    assert "hoogstens 1000\xa0bytes" in response.content.decode()
    assert not Document.objects.exists()


def test_a_coordinator_cannot_make_their_upload_internal(client, partnership, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("documents:upload", args=[partnership.pk]))
    assert 'name="shared"' not in page.content.decode()
    client.post(
        reverse("documents:upload", args=[partnership.pk]),
        {"file": files.upload(files.pdf()), "title": "Van ons", "shared": ""},
    )
    assert Document.objects.get().shared_with_initiative


def test_download_headers(client, partnership, medewerker):
    document = add_document(partnership, actor=medewerker, title="Subsidiebeschikking Energiecoöperatie")
    client.force_login(medewerker)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Subsidiebeschikking%20Energieco%C3%B6peratie.pdf" in response["Content-Disposition"]
    assert "object-src 'none'" in response["Content-Security-Policy"]  # the site's policy
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.current.sha256


def test_downloads_by_a_coordinator(client, partnership, coordinator, medewerker):
    shared = add_document(partnership, actor=medewerker, shared=True)
    internal = add_document(partnership, actor=medewerker, shared=False)
    other = add_document(PartnershipFactory(), actor=medewerker, shared=True)
    client.force_login(coordinator)
    for document, expected in ((shared, 200), (internal, 404), (other, 404)):
        for url in (
            reverse("documents:download", args=[document.pk]),
            reverse("documents:version_download", args=[document.current.pk]),
            reverse("documents:detail", args=[document.pk]),
        ):
            assert client.get(url).status_code == expected, url


def test_anonymous_downloads_go_to_the_login_page(client, partnership, medewerker):
    document = add_document(partnership, actor=medewerker)
    for url in (
        reverse("documents:download", args=[document.pk]),
        reverse("documents:version_download", args=[document.current.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_removed_document_is_gone_for_everyone(client, partnership, medewerker):
    document = add_document(partnership, actor=medewerker)
    version = document.current
    services.remove(document, actor=medewerker)
    client.force_login(medewerker)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:version_download", args=[version.pk])).status_code == 404


def test_a_coordinator_changes_only_what_they_uploaded(client, partnership, coordinator, medewerker):
    theirs = add_document(partnership, actor=coordinator, title="Van de coöperatie")
    ours = add_document(partnership, actor=medewerker, shared=True)
    client.force_login(coordinator)
    for name in ("rename", "replace", "remove"):
        assert client.get(reverse(f"documents:{name}", args=[theirs.pk])).status_code == 200
        assert client.get(reverse(f"documents:{name}", args=[ours.pk])).status_code == 404
    assert client.post(reverse("documents:share", args=[theirs.pk]), {"shared": "0"}).status_code == 404
    response = client.post(
        reverse("documents:rename", args=[theirs.pk]), {"title": "Onze notitie", "description": "", "version": 1}
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.title == "Onze notitie"


def test_a_lezer_reads_internal_documents_but_changes_nothing(client, partnership, lezer, medewerker):
    document = add_document(partnership, actor=medewerker, shared=False)
    client.force_login(lezer)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert client.get(reverse("documents:upload", args=[partnership.pk])).status_code == 403
    assert client.get(reverse("documents:rename", args=[document.pk])).status_code == 403


def test_share_and_unshare(client, partnership, medewerker, told):
    document = add_document(partnership, actor=medewerker, shared=False)
    client.force_login(medewerker)
    client.post(reverse("documents:share", args=[document.pk]), {"shared": "1"})
    document.refresh_from_db()
    assert document.shared_with_initiative and [n.kind for n in told] == ["document_shared"]
    client.post(reverse("documents:share", args=[document.pk]), {"shared": "0"})
    document.refresh_from_db()
    assert not document.shared_with_initiative and len(told) == 1
    assert client.get(reverse("documents:share", args=[document.pk])).status_code == 405


def test_remove_asks_for_confirmation(client, partnership, medewerker):
    document = add_document(partnership, actor=medewerker)
    client.force_login(medewerker)
    page = client.get(reverse("documents:remove", args=[document.pk]))
    assert page.status_code == 200 and "kan niet ongedaan" in page.content.decode()
    assert Document.objects.present().exists()
    response = client.post(reverse("documents:remove", args=[document.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("documents:list", args=[partnership.pk])
    assert not Document.objects.present().exists()


def test_a_closed_partnership_shows_no_buttons_and_refuses_changes(client, medewerker):
    partnership = PartnershipFactory()
    document = add_document(partnership, actor=medewerker)
    partnership.status = "stopped_together"
    partnership.save()
    client.force_login(medewerker)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:rename", args=[document.pk]) not in page
    assert (
        reverse("documents:upload", args=[partnership.pk])
        not in client.get(reverse("documents:list", args=[partnership.pk])).content.decode()
    )
    response = client.post(reverse("documents:remove", args=[document.pk]))
    assert response.status_code == 302 and Document.objects.present().exists()
    assert any("gesloten" in m or "afgesloten" in m for m in messages_of(response))


def test_the_list_filters_for_staff_and_hides_internal_from_coordinators(client, partnership, medewerker, coordinator):
    add_document(partnership, actor=medewerker, shared=True, title="Gedeeld stuk")
    add_document(partnership, actor=medewerker, shared=False, title="Intern stuk")
    url = reverse("documents:list", args=[partnership.pk])
    client.force_login(medewerker)
    page = client.get(url + "?zichtbaarheid=intern").content.decode()
    assert "Intern stuk" in page and "Gedeeld stuk" not in page
    page = client.get(url + "?zichtbaarheid=gedeeld").content.decode()
    assert "Gedeeld stuk" in page and "Intern stuk" not in page
    client.force_login(coordinator)
    page = client.get(url + "?zichtbaarheid=intern").content.decode()
    assert "Gedeeld stuk" in page and "Intern stuk" not in page


def test_the_partnership_page_shows_documents_and_those_of_a_conversation(client, partnership, medewerker, coordinator):
    conversation = partnership_services.add_conversation(
        partnership, actor=None, values={"date": datetime.date(2026, 2, 3)}
    )
    add_document(partnership, actor=medewerker, shared=True, title="Verslag gesprek", conversation=conversation)
    add_document(partnership, actor=medewerker, shared=False, title="Interne notitie", conversation=conversation)
    client.force_login(medewerker)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert page.count("Verslag gesprek") == 2 and page.count("Interne notitie") == 2  # latest and conversation
    assert reverse("documents:upload", args=[partnership.pk]) + f"?gesprek={conversation.pk}" in page
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:detail", args=[partnership.pk])).content.decode()
    assert "Verslag gesprek" in page and "Interne notitie" not in page


# --- query counts ---------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["medewerker", "coordinator"])
def test_the_list_query_count_does_not_grow(client, medewerker, role):
    small, large = PartnershipFactory(), PartnershipFactory()
    user = medewerker if role == "medewerker" else coordinator_of(small.initiative)
    if role == "coordinator":
        CoordinatorAccess.objects.create(user=user, initiative=large.initiative)
    conversation = partnership_services.add_conversation(large, actor=None, values={"date": datetime.date(2026, 2, 3)})
    add_document(small, actor=medewerker, title="Stuk 00")
    for i in range(50):
        add_document(large, actor=medewerker, title=f"Stuk {i:02d}", conversation=conversation if i % 2 else None)
    client.force_login(user)
    client.get(reverse("documents:list", args=[small.pk]))
    one, page = _count(client, reverse("documents:list", args=[small.pk]))
    assert_on_page(page, ["Stuk 00"])
    fifty, page = _count(client, reverse("documents:list", args=[large.pk]))
    assert_on_page(page, [f"Stuk {i:02d}" for i in range(25, 50)])
    assert one == fifty


def test_the_detail_query_count_does_not_grow_with_versions(client, partnership, medewerker):
    small = add_document(partnership, actor=medewerker, title="Klein")
    large = add_document(partnership, actor=medewerker, title="Groot", name="v1.pdf")
    for i in range(2, 51):
        services.replace(
            large, actor=medewerker, upload=files.upload(files.pdf(), f"v{i}.pdf"), expected_version=large.version
        )
    client.force_login(medewerker)
    client.get(reverse("documents:detail", args=[small.pk]))
    one, page = _count(client, reverse("documents:detail", args=[small.pk]))
    assert_on_page(page, ["studie.pdf"])
    fifty, page = _count(client, reverse("documents:detail", args=[large.pk]))
    assert_on_page(page, [f"v{i}.pdf" for i in range(1, 51)])
    assert one == fifty


def test_the_partnership_page_query_count_does_not_grow_with_documents(client, medewerker):
    small, large = PartnershipFactory(), PartnershipFactory()
    add_document(small, actor=medewerker, title="Stuk 00")
    conversation = partnership_services.add_conversation(large, actor=None, values={"date": datetime.date(2026, 2, 3)})
    for i in range(50):
        add_document(large, actor=medewerker, title=f"Stuk {i:02d}", conversation=conversation)
    client.force_login(medewerker)
    client.get(reverse("partnerships:detail", args=[small.pk]))
    one, page = _count(client, reverse("partnerships:detail", args=[small.pk]))
    assert_on_page(page, ["Stuk 00"])
    # A conversation adds its own (fixed) queries: compare with one conversation on both sides.
    partnership_services.add_conversation(small, actor=None, values={"date": datetime.date(2026, 2, 3)})
    one, page = _count(client, reverse("partnerships:detail", args=[small.pk]))
    fifty, page = _count(client, reverse("partnerships:detail", args=[large.pk]))
    assert_on_page(page, [f"Stuk {i:02d}" for i in range(50)])
    assert one == fifty


def test_the_partnership_history_shows_documents_but_internal_ones_only_to_staff(
    client, partnership, medewerker, coordinator
):
    add_document(partnership, actor=medewerker, shared=True, title="Gedeelde studie")
    internal = add_document(partnership, actor=medewerker, shared=False, title="Interne afweging")
    services.remove(internal, actor=medewerker)
    url = reverse("overview:history_partnership", args=[partnership.pk])
    client.force_login(medewerker)
    page = client.get(url).content.decode()
    assert "Gedeelde studie" in page and "Interne afweging" in page and "document verwijderd" in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Gedeelde studie" in page and "Interne afweging" not in page


def test_a_document_the_initiative_added_stays_shared(client, partnership, coordinator, medewerker):
    document = add_document(partnership, actor=coordinator)
    assert document.from_initiative
    with pytest.raises(services.DocumentRefused):
        services.set_shared(document, actor=medewerker, shared=False)
    client.force_login(medewerker)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:share", args=[document.pk]) not in page
    response = client.post(reverse("documents:share", args=[document.pk]), {"shared": "0"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.shared_with_initiative


# --- documents of a meeting -----------------------------------------------------------------


def test_a_meeting_lists_its_documents_and_a_coordinator_only_the_shared_ones(
    client, partnership, medewerker, coordinator
):
    meeting = plan(partnership, medewerker, [medewerker, coordinator])
    client.force_login(medewerker)
    url = reverse("documents:upload", args=[partnership.pk])
    assert f'value="{meeting.pk}" selected' in client.get(url + f"?overleg={meeting.pk}").content.decode()
    response = client.post(
        url,
        {"file": files.upload(files.pdf(), "sheets.pdf"), "title": "Presentatie avond", "meeting": meeting.pk},
    )
    assert response.status_code == 302
    add_document(partnership, actor=medewerker, shared=True, title="Verslag vorige keer", meeting=meeting)
    add_document(partnership, actor=medewerker, shared=True, title="Niet bij dit overleg")
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Presentatie avond" in page and "Verslag vorige keer" in page and "Niet bij dit overleg" not in page
    client.force_login(coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Verslag vorige keer" in page and "Presentatie avond" not in page  # internal: staff only


def test_a_meeting_of_another_partnership_is_refused(partnership, medewerker):
    other = PartnershipFactory()
    meeting = plan(other, medewerker, [medewerker])
    with pytest.raises(services.DocumentRefused):
        add_document(partnership, actor=medewerker, meeting=meeting)
    assert not Document.objects.exists()

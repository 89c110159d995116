"""The draft agreements of a closed partnership cannot be added to or changed: no new draft,
section edit, removal, freeze, agreement, comment or scan. They can still be read (security
finding 8)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.models import Draft, DraftSection, DraftVersion, SectionComment, SignedScan
from agreements.tests.helpers import one_page_pdf
from core.models import ChangeEntry
from partnerships import services as partnership_services
from partnerships import workflow
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

CLOSED_NL = "Dit partnerschap is afgesloten"
VALID_PDF = one_page_pdf()  # a real PDF: the upload reads it (agreements.scan_check)


@pytest.fixture
def draft(medewerker):
    partnership = PartnershipFactory(intensity="middel")
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    services.freeze(draft, actor=medewerker)
    partnership_services.change_status(partnership, "ended", actor=medewerker)
    return draft


def written():
    return (
        list(Draft.objects.values()),
        list(DraftSection.objects.values()),
        list(DraftVersion.objects.values()),
        list(SectionComment.objects.values()),
        SignedScan.objects.count(),
        ChangeEntry.objects.count(),
    )


def test_staff_cannot_change_the_agreement_of_an_ended_partnership(client, draft, medewerker):
    section = draft.sections.exclude(required=True).first() or draft.sections.first()
    version = draft.versions.get()
    to_draft = reverse("agreements:draft", args=[draft.pk])
    client.force_login(medewerker)
    before = written()
    for url, data, location in [
        (
            reverse("agreements:partnership", args=[draft.partnership_id]),
            {"form": "afsprakenlijst"},
            reverse("agreements:partnership", args=[draft.partnership_id]),
        ),
        (
            reverse("agreements:section", args=[section.pk]),
            {"version": draft.version, "title": "T", "text": "Nieuw"},
            to_draft,
        ),
        (reverse("agreements:section_remove", args=[section.pk]), {}, to_draft),
        (reverse("agreements:freeze", args=[draft.pk]), {}, to_draft),
        (reverse("agreements:agree", args=[version.pk]), {}, to_draft),
        (reverse("agreements:comment", args=[draft.pk]), {"section": section.key, "text": "Nog dit"}, to_draft),
    ]:
        response = client.post(url, data)
        assert (response.status_code, response["Location"]) == (302, location), url
        assert any(CLOSED_NL in str(m) for m in get_messages(response.wsgi_request)), url
    assert written() == before
    assert client.get(to_draft).status_code == 200  # still readable


def test_the_services_refuse_a_closed_partnership(draft, medewerker):
    section = draft.sections.first()
    version = draft.versions.get()
    before = written()
    for change in [
        lambda: services.create_draft(draft.partnership, form="afsprakenlijst", actor=medewerker),
        lambda: services.update_section(section, actor=medewerker, expected_version=draft.version, text="X"),
        lambda: services.remove_section(section, actor=medewerker),
        lambda: services.freeze(draft, actor=medewerker),
        lambda: services.agree(version, side="municipality", actor=medewerker),
        lambda: services.add_comment(draft, actor=medewerker, section=section.key, text="X"),
    ]:
        with pytest.raises(workflow.PartnershipClosedError):
            change()
    assert written() == before


def test_no_signed_scan_for_an_ended_partnership(medewerker):
    partnership = PartnershipFactory(intensity="middel")
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    version = services.freeze(draft, actor=medewerker)
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=medewerker)
    partnership_services.change_status(partnership, "ended", actor=medewerker)
    with pytest.raises(workflow.PartnershipClosedError):
        services.upload_scan(draft, actor=medewerker, upload=SimpleUploadedFile("getekend.pdf", VALID_PDF))
    assert not SignedScan.objects.exists()
    assert Draft.objects.get().status == Draft.Status.FINAL  # the agreement itself stays as it was

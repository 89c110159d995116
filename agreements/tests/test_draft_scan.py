"""The signed scan: only after both sides agreed, only a real PDF under the size limit, uploaded by
editors and served to who may see the draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.models import SignedScan
from agreements.tests.helpers import VALID_PDF, messages_of, section

pytestmark = pytest.mark.django_db


# --- the signed scan --------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, draft, data: bytes, name="getekend.pdf"):
    return client.post(
        reverse("agreements:scan_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_no_scan_before_both_sides_agreed(client, draft, medewerker, media):
    services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    response = upload(client, draft, VALID_PDF)
    assert response.status_code == 200
    assert "Een getekende scan kan worden geüpload zodra beide partijen akkoord zijn" in response.content.decode()
    assert not SignedScan.objects.exists()
    assert not list(media.rglob("*.pdf"))


def test_no_scan_once_a_change_cleared_the_agreement(client, final_draft, medewerker, media):
    services.update_section(
        section(final_draft, "doel"), actor=medewerker, expected_version=final_draft.version, text="Anders"
    )
    client.force_login(medewerker)
    assert upload(client, final_draft, VALID_PDF).status_code == 200
    assert not SignedScan.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00not a pdf %%EOF\n",
        b"<html><body>%PDF-1.4</body></html>\n%%EOF\n",
        b"%PDF-1.4\nno end of file marker\n",
    ],
)
def test_a_scan_that_is_not_a_pdf_is_refused(client, final_draft, medewerker, media, data):
    client.force_login(medewerker)
    response = upload(client, final_draft, data)
    assert response.status_code == 200
    assert "Het bestand is geen pdf-document." in response.content.decode()
    assert not SignedScan.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(client, final_draft, medewerker, media, settings):
    settings.SIGNED_SCAN_MAX_MB = 0
    client.force_login(medewerker)
    response = upload(client, final_draft, VALID_PDF)
    assert response.status_code == 200
    assert "Het bestand is groter dan 0 MB." in response.content.decode()
    assert not SignedScan.objects.exists()


def test_the_size_limit_is_in_megabytes(client, final_draft, medewerker, media, settings):
    settings.SIGNED_SCAN_MAX_MB = 1
    padding = b"0" * (1024 * 1024 - len(VALID_PDF))
    exactly_one_mb = VALID_PDF[:9] + padding + VALID_PDF[9:]
    assert len(exactly_one_mb) == 1024 * 1024
    client.force_login(medewerker)
    response = upload(client, final_draft, exactly_one_mb[:9] + b"0" + exactly_one_mb[9:])
    assert "Het bestand is groter dan 1 MB." in response.content.decode()
    assert not SignedScan.objects.exists()
    assert upload(client, final_draft, exactly_one_mb).status_code == 302
    assert SignedScan.objects.get().size == 1024 * 1024


def test_a_valid_scan_is_stored_and_served_to_who_may_see_the_draft(
    client, final_draft, medewerker, lezer, coordinator, other_coordinator, media
):
    client.force_login(medewerker)
    response = upload(client, final_draft, VALID_PDF, name="Getekend v1.pdf")
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:draft", args=[final_draft.pk])
    assert messages_of(response) == ["Het getekende document is opgeslagen."]
    scan = SignedScan.objects.get()
    assert scan.version == final_draft.versions.get()
    assert scan.original_name == "Getekend v1.pdf" and scan.size == len(VALID_PDF) and scan.uploaded_by == medewerker
    assert len(scan.sha256) == 64
    assert scan.file.path.startswith(str(media))
    assert "Getekend v1.pdf" in client.get(reverse("agreements:draft", args=[final_draft.pk])).content.decode()

    url = reverse("agreements:scan", args=[scan.pk])
    for user in [medewerker, lezer, coordinator]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        # Reading the whole stream lets the test client close the file; an explicit
        # response.close() would send request_finished and close the database connection.
        assert b"".join(response.streaming_content) == VALID_PDF

    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["lezer", "coordinator"])
def test_only_editors_upload_a_scan(client, final_draft, media, who, lezer, coordinator):
    client.force_login({"lezer": lezer, "coordinator": coordinator}[who])
    response = upload(client, final_draft, VALID_PDF)
    assert response.status_code == {"lezer": 403, "coordinator": 404}[who]
    assert not SignedScan.objects.exists()

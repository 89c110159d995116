"""The beheerder's page for the API: the access setting, issuing a key (shown once), revoking one."""

import hashlib
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from api import services
from api.models import ApiKey
from audit.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_the_page_says_how_the_api_is_set_and_links_the_openapi_document(client, beheerder):
    client.force_login(beheerder)
    page = client.get(reverse("api_keys:list")).content.decode()
    assert 'data-api-mode="public"' in page and "openbaar" in page
    assert "Elke client mag 100000 verzoeken per minuut sturen." in page
    assert 'href="/api/v1/openapi.json"' in page and "http://testserver/api/v1" in page
    assert "Nog geen sleutels uitgegeven." in page
    with override_settings(API_ACCESS="off"):
        page = client.get(reverse("api_keys:list")).content.decode()
    assert 'data-api-mode="off"' in page and "/api/v1/openapi.json" not in page
    # The menu leads there, for a beheerder only.
    assert 'href="/api-sleutels/"' in client.get(reverse("overview:home")).content.decode()


def test_a_key_is_shown_once_stored_as_a_hash_and_works(client, beheerder, django_capture_on_commit_callbacks):
    client.force_login(beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api_keys:issue"), {"name": "Netbeheerder Stedin"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r"<code[^>]*data-api-key>([^<]+)</code>", response.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert (key.name, key.created_by, key.key_hash) == (
        "Netbeheerder Stedin",
        beheerder,
        hashlib.sha256(raw.encode()).hexdigest(),
    )
    event = SecurityEvent.objects.get(action="api_key_issued")
    assert (event.actor, event.object_id, event.detail) == (beheerder, str(key.pk), {"name": "Netbeheerder Stedin"})
    later = client.get(reverse("api_keys:list")).content.decode()
    assert raw not in later and key.prefix in later and "Netbeheerder Stedin" in later
    with override_settings(API_ACCESS="key"):
        assert client.get("/api/v1/crss", HTTP_X_API_KEY=raw).status_code == 200


def test_a_key_needs_a_name(client, beheerder):
    client.force_login(beheerder)
    response = client.post(reverse("api_keys:issue"), {"name": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not ApiKey.objects.exists()


@override_settings(API_ACCESS="key")
def test_revoking_ends_the_key_at_once(client, beheerder, django_capture_on_commit_callbacks):
    key, raw = services.issue_key(name="Onderzoeksbureau", actor=beheerder)
    client.force_login(beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api_keys:revoke", args=[key.pk]), follow=True)
    assert "De sleutel voor Onderzoeksbureau is ingetrokken." in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at and key.revoked_by == beheerder
    assert SecurityEvent.objects.get(action="api_key_revoked").actor == beheerder
    client.logout()
    assert client.get("/api/v1/crss", HTTP_X_API_KEY=raw).status_code == 401
    client.force_login(beheerder)
    again = client.post(reverse("api_keys:revoke", args=[key.pk]), follow=True)
    assert "al ingetrokken" in again.content.decode()
    assert client.get(reverse("api_keys:revoke", args=[key.pk])).status_code == 405

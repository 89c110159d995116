"""Whether the API is public is the municipality's choice (API_ACCESS): off, public, or with keys."""

import hashlib

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from api import services
from api.models import ApiKey
from audit.models import SecurityEvent
from core.testing import run_fresh

pytestmark = pytest.mark.django_db

GOOD_KEY = "k8Jd2-sLq9Zx0pW3vBn7Ty4Hm1Rf6Gc5Ue8Io2Pa3Sd4Fg5Hj6Kl7Zx8Cv9Bn0M"
PRODUCTION = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "example.nl"}
ADDRESSES = ["/api/v1", "/api/v1/openapi.json", "/api/v1/neighbourhoods", "/api/v1/crss", "/api/v1/unknown"]


def setting_in(code="print(settings.API_ACCESS)", **environ):
    result = run_fresh(["manage.py", "shell", "-c", f"from django.conf import settings; {code}"], **environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_off_in_production_and_public_in_development_by_default():
    assert setting_in(**PRODUCTION) == "off"
    assert setting_in() == "public"
    assert setting_in(API_ACCESS="key", **PRODUCTION) == "key"
    refused = run_fresh(["manage.py", "check"], API_ACCESS="sometimes")
    assert refused.returncode != 0 and "API_ACCESS" in refused.stderr


@override_settings(API_ACCESS="off")
def test_off_every_address_is_404_as_if_there_were_no_api(api):
    for url in ADDRESSES:
        response = api.get(url, HTTP_X_API_KEY="anything")
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        assert "API-Version" not in response and "Access-Control-Allow-Origin" not in response
    assert api.options("/api/v1/neighbourhoods").status_code == 404


@override_settings(API_ACCESS="key")
def test_with_keys_a_request_without_one_is_401_but_the_openapi_document_is_public(api):
    response = api.get("/api/v1/neighbourhoods")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'ApiKey header="X-Api-Key"'
    assert "X-Api-Key" in response.json()["detail"]
    document = api.get("/api/v1/openapi.json")
    assert document.status_code == 200
    schema = document.json()
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": schema["components"]["securitySchemes"]["ApiKey"]["description"],
    }
    assert schema["security"] == [{"ApiKey": []}]
    assert "401" in schema["paths"]["/neighbourhoods"]["get"]["responses"]
    # The preflight is answered without a key (browsers send none with it).
    assert api.options("/api/v1/neighbourhoods", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET").status_code == 204


def test_in_public_mode_the_document_asks_for_no_key(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert "security" not in schema and "securitySchemes" not in schema["components"]
    assert "401" not in schema["paths"]["/neighbourhoods"]["get"]["responses"]
    assert api.get("/api/v1/neighbourhoods", HTTP_X_API_KEY="not-a-key").status_code == 200


@override_settings(API_ACCESS="key")
def test_a_valid_key_reads_and_each_use_is_in_the_security_log(api, django_capture_on_commit_callbacks):
    beheerder = UserFactory(beheerder=True)
    with django_capture_on_commit_callbacks(execute=True):
        key, raw = services.issue_key(name="Netbeheerder", actor=beheerder)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.get("/api/v1/neighbourhoods?kind=buurt", HTTP_X_API_KEY=raw, HTTP_USER_AGENT="curl/8")
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
    uses = SecurityEvent.objects.filter(action="api_key_used")
    assert uses.count() == 2
    use = uses.first()
    assert (use.object_type, use.object_id, use.result) == ("api.apikey", str(key.pk), "success")
    assert use.detail == {"method": "GET", "path": "/api/v1/neighbourhoods"}
    assert use.origin == "127.0.0.1" and use.user_agent == "curl/8"
    key.refresh_from_db()
    assert key.last_used_at is not None
    issued = SecurityEvent.objects.get(action="api_key_issued")
    assert (issued.actor, issued.object_id) == (beheerder, str(key.pk))


@override_settings(API_ACCESS="key")
def test_a_revoked_or_unknown_key_is_refused_and_logged_without_the_key(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        key, raw = services.issue_key(name="Onderzoeker", actor=None)
        assert api.get("/api/v1/crss", HTTP_X_API_KEY=raw).status_code == 200
        assert services.revoke_key(key, actor=None) is True
        assert services.revoke_key(key, actor=None) is False  # once
        response = api.get("/api/v1/crss", HTTP_X_API_KEY=raw)
        assert response.status_code == 401
        assert "ingetrokken" in response.json()["detail"]
        assert api.get("/api/v1/crss", HTTP_X_API_KEY="wpk_guessed").status_code == 401
    refused = SecurityEvent.objects.filter(action="api_key_refused")
    assert refused.count() == 2 and {e.result for e in refused} == {"failure"}
    assert SecurityEvent.objects.filter(action="api_key_revoked").count() == 1
    for event in SecurityEvent.objects.all():
        assert raw not in str(event.detail) and "wpk_guessed" not in str(event.detail)


def test_keys_are_stored_only_as_a_hash():
    key, raw = services.issue_key(name="Regionale energiestrategie", actor=None)
    assert raw.startswith("wpk_") and len(raw) >= 40
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert row["prefix"] == raw[:12]
    assert not [value for value in row.values() if isinstance(value, str) and raw in value]
    other, other_raw = services.issue_key(name="Regionale energiestrategie", actor=None)
    assert other_raw != raw and other.key_hash != key.key_hash
    assert services.find_active(raw) == key and services.find_active(raw[:-1]) is None


@override_settings(API_ACCESS="key", API_RATE_LIMIT="2/minute")
def test_with_keys_the_rate_limit_counts_per_key_and_counts_refused_requests(api):
    _key, first = services.issue_key(name="Eén", actor=None)
    _key, second = services.issue_key(name="Twee", actor=None)
    assert [api.get("/api/v1/crss", HTTP_X_API_KEY=first).status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/v1/crss", HTTP_X_API_KEY=second).status_code == 200
    # Guessing keys from one address: limited like any request without a valid key.
    assert [api.get("/api/v1/crss", HTTP_X_API_KEY=f"wpk_{n}").status_code for n in range(3)] == [401, 401, 429]

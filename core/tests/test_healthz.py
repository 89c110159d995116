import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_returns_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_the_accessibility_statement_is_public_and_linked_from_every_page(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200 and "WCAG 2.1" in response.content.decode()
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("core:accessibility") in login_page

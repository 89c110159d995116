"""Cache-Control: private, no-store on every response to a logged-in user."""

import pytest
from django.urls import reverse
from django.utils.cache import patch_cache_control

from neighbourhoods.tests.factories import BuurtFactory
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.parametrize(
    "url, query",
    [
        (reverse("overview:home"), {}),
        (reverse("initiatives:list"), {}),
        (reverse("initiatives:export"), {}),
        (reverse("initiatives:export"), {"formaat": "xlsx"}),
        (reverse("neighbourhoods:export"), {}),
        (reverse("overview:report"), {}),
        (reverse("accounts:profile"), {}),
    ],
)
def test_pages_exports_and_pdfs_for_a_logged_in_user_are_not_stored(client, lezer, url, query):
    BuurtFactory()
    InitiativeFactory()
    client.force_login(lezer)
    response = client.get(url, query)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


def test_a_draft_pdf_is_not_stored(client, medewerker, final_version):
    version = final_version("Zon op Zuid")
    client.force_login(medewerker)
    response = client.get(reverse("agreements:pdf", args=[version.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= directives(response)


def test_a_public_choice_of_a_view_does_not_win(rf, lezer):
    from core.cache_control import PrivateNoStoreMiddleware

    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("x")
        patch_cache_control(response, public=True, max_age=3600)
        return response

    request = rf.get("/")
    request.user = lezer
    response = PrivateNoStoreMiddleware(view)(request)
    assert {"private", "no-store"} <= directives(response) and "public" not in directives(response)


def test_anonymous_public_pages_keep_their_caching(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "no-store" not in directives(response)

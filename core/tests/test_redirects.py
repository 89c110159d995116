"""No open redirects: every `next` that a view follows stays on this site (core.views.safe_next_url)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.views import safe_next_url
from neighbourhoods import services
from neighbourhoods.tests.factories import BuurtFactory

pytestmark = pytest.mark.django_db
FOREIGN = ["//evil.example/", "https://evil.example/pad", "/\\evil.example", "javascript:alert(1)", "\\\\evil.example"]


@pytest.mark.parametrize("target", FOREIGN)
def test_a_foreign_next_is_refused(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next_url(request, "/standaard/") == "/standaard/"


def test_a_local_next_is_followed():
    request = RequestFactory().post("/", {"next": "/buurten/BU1/"})
    assert safe_next_url(request, "/standaard/") == "/buurten/BU1/"


def save_goal_with_next(client, medewerker, target):
    """Edit a goal through its form with `?next=target`; returns the response and the buurt."""
    buurt = BuurtFactory()
    goal = services.create_goal(
        actor=medewerker, values={"horizon": "kort", "title": "Isoleren", "neighbourhoods": [buurt]}
    )
    client.force_login(medewerker)
    values = {"horizon": "kort", "title": "Isoleren 2", "source": "tvw", "status": "planned", "version": goal.version}
    url = reverse("neighbourhoods:goal_update", args=[goal.pk]) + "?next=" + target(buurt)
    return client.post(url, {**values, "neighbourhoods": [buurt.pk]}), buurt


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/"])
def test_saving_a_goal_does_not_follow_a_foreign_next(client, medewerker, target):
    response, _ = save_goal_with_next(client, medewerker, lambda buurt: target)
    assert response.status_code == 302
    assert response["Location"] == reverse("neighbourhoods:list")


def test_saving_a_goal_returns_to_the_page_it_came_from(client, medewerker):
    response, buurt = save_goal_with_next(
        client, medewerker, lambda buurt: reverse("neighbourhoods:detail", args=[buurt.code])
    )
    assert response["Location"] == reverse("neighbourhoods:detail", args=[buurt.code])

"""Wijkkompas discussions of a closed partnership cannot be started or changed: the services
refuse, the pages say why and redirect, nothing is written (security finding 8)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from partnerships import services as partnership_services
from partnerships import workflow
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory
from wijkkompas import services
from wijkkompas.models import Discussion, Node, NodeNeed, Track, TrackView

pytestmark = pytest.mark.django_db

CLOSED_NL = "Dit partnerschap is afgesloten"


@pytest.fixture
def discussion(medewerker):
    partnership = PartnershipFactory(intensity="middel")
    discussion = services.start_discussion(partnership, actor=medewerker)
    partnership_services.change_status(
        partnership,
        "stopped_together",
        actor=medewerker,
        stop_reasons="Te ver uit elkaar",
        stop_agreed_by="Beide besturen",
        stop_date=datetime.date(2026, 11, 1),
    )
    return discussion


def written():
    return (
        list(Discussion.objects.values()),
        list(TrackView.objects.values()),
        list(NodeNeed.objects.values()),
        ChangeEntry.objects.count(),
    )


def side_data(discussion, side):
    data = {"version": discussion.version, "phase": "", "next_year": "Verder"}
    for track in Track.objects.all():
        data[f"t{track.pk}_active"] = "yes"
        data[f"t{track.pk}_note"] = "Notitie"
        if side == "municipality":
            data[f"t{track.pk}_role"] = "Rol"
    return data


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_a_closed_partnerships_discussion_is_not_changed_through_the_pages(client, discussion, medewerker, role):
    partnership = discussion.partnership
    back = reverse("wijkkompas:discussion", args=[discussion.pk])
    need = {"node": Node.objects.first().pk, "direction": "mutual", "what": "Hulp", "next_step": "", "owner": ""}
    if role == "staff":
        user = medewerker
        posts = [
            (
                reverse("wijkkompas:start", args=[partnership.pk]),
                {},
                reverse("wijkkompas:partnership", args=[partnership.pk]),
            ),
            (
                reverse("wijkkompas:municipality_side", args=[discussion.pk]),
                side_data(discussion, "municipality"),
                back,
            ),
            (reverse("wijkkompas:node_need", args=[discussion.pk]), need, back),
            (reverse("wijkkompas:complete", args=[discussion.pk]), {}, back),
        ]
    else:
        user = UserFactory(role="coordinator")
        CoordinatorAccess.objects.create(user=user, initiative=partnership.initiative)
        posts = [
            (reverse("wijkkompas:initiative_side", args=[discussion.pk]), side_data(discussion, "initiative"), back),
            (reverse("wijkkompas:node_need", args=[discussion.pk]), need, back),
        ]
    client.force_login(user)
    before = written()
    for url, data, location in posts:
        response = client.post(url, data)
        assert (response.status_code, response["Location"]) == (302, location), url
        assert any(CLOSED_NL in str(m) for m in get_messages(response.wsgi_request)), url
    assert written() == before


def test_the_services_refuse_a_closed_partnership(discussion, medewerker):
    partnership = discussion.partnership
    before = written()
    for change in [
        lambda: services.start_discussion(partnership, actor=medewerker),
        lambda: services.save_side(
            discussion, side="municipality", actor=medewerker, expected_version=discussion.version, tracks={}, values={}
        ),
        lambda: services.add_node_need(
            discussion, actor=medewerker, values={"node": Node.objects.first(), "direction": "mutual", "what": "X"}
        ),
        lambda: services.complete(discussion, actor=medewerker),
    ]:
        with pytest.raises(workflow.PartnershipClosedError):
            change()
    assert written() == before

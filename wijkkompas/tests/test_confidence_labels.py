"""How sure the reference data is ("niet geverifieerd") is for the beheerder who maintains it."""

import pytest

from neighbourhoods.models import RoleFramework
from wijkkompas.models import Node, Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified():
    Phase.objects.filter(pk=Phase.objects.first().pk).update(confidence="unconfirmed")
    node = Node.objects.first()
    Node.objects.filter(pk=node.pk).update(confidence="unconfirmed")
    RoleFramework.objects.update(confidence="partial")
    return node


@pytest.mark.parametrize("role", ["beheerder", "medewerker", "lezer"])
def test_confidence_labels_only_for_the_beheerder(client_for, unverified, role):
    client = client_for(role)
    pages = {
        "method": client.get("/wijkkompas/").content.decode(),
        "node": client.get(f"/wijkkompas/knooppunten/{unverified.pk}/").content.decode(),
        "frameworks": client.get("/buurten/rollen/").content.decode(),
    }
    for name, html in pages.items():
        shown = "niet geverifieerd" in html or "zekerheid" in html.lower()
        assert shown == (role == "beheerder"), f"{role} on {name}: label shown={shown}"

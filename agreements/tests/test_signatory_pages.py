"""The signatory pages: adding, removing, choosing who signs a draft, the college decision; query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Signatory
from core.models import ChangeEntry
from core.testing import assert_on_page
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("side", ["municipality", "initiative"])
def test_the_signatory_list_takes_a_fixed_number_of_queries(client, beheerder, count, side):
    initiative = InitiativeFactory() if side == "initiative" else None
    names = [
        services.add_signatory(
            actor=beheerder,
            values={"name": f"Ondertekenaar {i:02d}", "function": "wethouder", "mandate": ""},
            initiative=initiative,
        ).name
        for i in range(count)
    ]
    url = (
        reverse("agreements:initiative_signatories", args=[initiative.pk])
        if initiative
        else reverse("agreements:signatories")
    )
    client.force_login(beheerder)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert_on_page(response, names)
    assert len(ctx.captured_queries) <= 12


def test_a_beheerder_adds_and_removes_a_municipal_signatory_with_history(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        reverse("agreements:signatories"), {"name": "Mandaat Mens", "function": "gemandateerde", "mandate": ""}
    )
    assert response.status_code == 200 and not Signatory.objects.exists()  # a mandate decision is needed
    client.post(
        reverse("agreements:signatories"),
        {"name": "Mandaat Mens", "function": "gemandateerde", "mandate": "Besluit 12"},
    )
    signatory = Signatory.objects.get()
    assert ChangeEntry.objects.for_object(signatory).exists()
    client.post(reverse("agreements:signatory_deactivate", args=[signatory.pk]))
    signatory.refresh_from_db()
    assert not signatory.active


def test_an_editor_chooses_who_signs_and_records_the_college_decision(client, medewerker):
    partnership = PartnershipFactory()
    wethouder = services.add_signatory(
        actor=medewerker, values={"name": "W. Wethouder", "function": "wethouder", "mandate": ""}
    )
    draft = services.create_draft(partnership, form="afsprakenlijst", actor=medewerker)
    client.force_login(medewerker)
    page = client.get(reverse("agreements:draft_signatories", args=[draft.pk]))
    assert_on_page(page, ["W. Wethouder"])
    client.post(reverse("agreements:draft_signatories", args=[draft.pk]), {"signatories": [wethouder.pk]})
    assert list(draft.signatories.all()) == [wethouder]
    version = services.freeze(draft, actor=medewerker)
    client.post(reverse("agreements:college_decision", args=[version.pk]), {"date": "2026-05-01", "reference": "B&W-9"})
    version.refresh_from_db()
    assert str(version.college_decision_date) == "2026-05-01" and version.college_decision_reference == "B&W-9"
    assert "B&amp;W-9" in client.get(reverse("agreements:draft", args=[draft.pk])).content.decode()

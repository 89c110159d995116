"""Dashboard, exports, the overview report and history pages."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from core.testing import assert_on_page
from neighbourhoods import services as nb_services
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory
from partnerships import services as p_services
from partnerships.models import CoordinatorAccess, Invitation
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_dashboard_lists_what_needs_attention_with_links(client, medewerker):
    today = datetime.date.today()
    buurt = BuurtFactory(name="Onvoorbereide buurt")
    InitiativeFactory(name="Actief hier", contact=medewerker).neighbourhoods.set([buurt])
    partnership = PartnershipFactory(initiative__contact=medewerker, review_date=today - datetime.timedelta(days=1))
    p_services.add_activity(
        partnership,
        actor=medewerker,
        values={"what": "Te laat", "responsible": "municipality", "due_date": today - datetime.timedelta(days=3)},
    )
    InitiativeFactory(name="Zonder contact")
    from django.utils import timezone

    Invitation.objects.create(
        initiative=partnership.initiative,
        email="x@example.org",
        token_hash="a" * 64,
        expires_at=timezone.now() + datetime.timedelta(hours=20),
    )
    client.force_login(medewerker)
    page = client.get(reverse("overview:home")).content.decode()
    attention = page.split('id="aandacht"')[1].split("</section>")[0]
    assert reverse("neighbourhoods:detail", args=[buurt.code]) in attention
    assert reverse("partnerships:detail", args=[partnership.pk]) in attention and "Te laat" in attention
    assert "Zonder contact" in attention and "x@example.org" in attention


def test_dashboard_counts_steps_and_partnerships(client, lezer):
    done = BuurtFactory()
    BuurtFactory()  # a second buurt without a role
    from neighbourhoods.models import Role

    nb_services.set_role_decision(done, actor=None, values={"roles": [Role.objects.first()], "dominant_roles": []})
    PartnershipFactory(status="active", intensity="zwaar")
    PartnershipFactory(status="stopped_together")
    client.force_login(lezer)
    page = client.get(reverse("overview:home")).content.decode()
    assert 'data-figure="step1">1 / 2<' in page  # buurten only, as the tiles count them
    by_status = page.split('id="per-status"')[1].split("</section>")[0]
    assert "?status=active" in by_status and "?status=stopped_together" in by_status


def test_with_a_national_import_the_dashboard_counts_the_own_municipality(client, lezer):
    from neighbourhoods.models import Role

    own = BuurtFactory(code="BU04020101")  # GM0402, as the factories make them
    other = [
        BuurtFactory(
            code=f"BU03630{i}01",
            municipality_code="GM0363",
            parent__code=f"WK03630{i}",
            parent__municipality_code="GM0363",
        )
        for i in range(3)
    ]
    for buurt in [own, other[0]]:
        nb_services.set_role_decision(buurt, actor=None, values={"roles": [Role.objects.first()], "dominant_roles": []})
    InitiativeFactory(contact=UserFactory()).neighbourhoods.set([other[1]])
    client.force_login(lezer)

    # Without a municipality profile: every neighbourhood.
    page = client.get(reverse("overview:home")).content.decode()
    assert 'data-figure="buurten">4<' in page and 'data-figure="step1">2 / 4<' in page
    assert "data-area=" not in page
    assert other[1].code in page.split('id="aandacht"')[1].split("</section>")[0]

    # With it: its own wijk and buurt only, and the page says so.
    MunicipalityFactory(name="Hilversum", cbs_code="GM0402")
    page = client.get(reverse("overview:home")).content.decode()
    assert 'data-figure="wijken">1<' in page and 'data-figure="buurten">1<' in page
    assert 'data-figure="step1">1 / 1<' in page
    assert 'data-area="GM0402"' in page and "Hilversum (GM0402)" in page
    assert other[1].code not in page.split('id="aandacht"')[1].split("</section>")[0]

    # A profile whose code matches no neighbourhood changes nothing.
    from neighbourhoods.models import Municipality

    Municipality.objects.update(cbs_code="GM0999")
    page = client.get(reverse("overview:home")).content.decode()
    assert 'data-figure="buurten">4<' in page and "data-area=" not in page


def test_coordinator_dashboard_shows_only_their_items(client, medewerker):
    own = PartnershipFactory()
    other = PartnershipFactory()
    p_services.add_activity(own, actor=medewerker, values={"what": "Onze activiteit", "responsible": "initiative"})
    p_services.add_activity(
        other, actor=medewerker, values={"what": "Andermans activiteit", "responsible": "initiative"}
    )
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=own.initiative)
    client.force_login(coordinator)
    page = client.get(reverse("overview:home")).content.decode()
    assert "Onze activiteit" in page and "Andermans activiteit" not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_coordinator_dashboard_query_count_does_not_grow(client, medewerker, django_assert_num_queries, rows):
    partnership = PartnershipFactory()
    later = datetime.date.today() + datetime.timedelta(days=100)  # not yet a reminder
    for i in range(rows):
        p_services.add_activity(
            partnership,
            actor=medewerker,
            values={
                "what": f"Activiteit {i:02d}",
                "responsible": "initiative",
                "due_date": later + datetime.timedelta(i),
            },
        )
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=partnership.initiative)
    client.force_login(coordinator)
    # session, user, initiatives (+partnership), activities, waiting drafts, next conversation,
    # the reminders waiting for this person (5), municipality in the header; what is asked of the
    # initiative (open activities in one aggregate, the municipality's needs); their unread
    # notifications (notifications/includes/inbox.html)
    with django_assert_num_queries(16):
        response = client.get(reverse("overview:home"))
    assert response.status_code == 200
    assert f">{rows} activiteit" in response.content.decode()  # the rows are counted on the page
    # the first 20 open activities, soonest first
    assert_on_page(response, [partnership.initiative.name, *[f"Activiteit {i:02d}" for i in range(min(rows, 20))]])


def test_excel_exports_match_the_csv(client, lezer):
    PartnershipFactory(initiative__name="Excel-initiatief", status="active")
    BuurtFactory(name="Excelbuurt")
    client.force_login(lezer)
    for url, needle in [
        (reverse("neighbourhoods:export"), "Excelbuurt"),
        (reverse("initiatives:export"), "Excel-initiatief"),
        (reverse("partnerships:export"), "Excel-initiatief"),
    ]:
        csv_body = client.get(url).content.decode("utf-8-sig")
        assert needle in csv_body
        response = client.get(url + "?formaat=xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
        assert values[0] == csv_body.splitlines()[0].split(";")
        assert any(needle in cell for row in values[1:] for cell in row)


def test_exports_are_refused_to_coordinators(client):
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=InitiativeFactory())
    client.force_login(coordinator)
    for url in [
        reverse("neighbourhoods:export"),
        reverse("initiatives:export"),
        reverse("partnerships:export"),
        reverse("overview:report"),
    ]:
        assert client.get(url).status_code == 404


def test_overview_report_is_an_accessible_pdf_with_the_neighbourhoods(client, lezer):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    buurt = BuurtFactory(name="Rapportbuurt")
    InitiativeFactory(name="Rapportinitiatief").neighbourhoods.set([buurt])
    client.force_login(lezer)
    response = client.get(reverse("overview:report"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Rapportbuurt" in text and "Rapportinitiatief" in text and "Gemeente Voorbeeld" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]).startswith("nl")


def test_after_a_national_import_the_report_covers_the_own_municipality(client, lezer):
    MunicipalityFactory(name="Gemeente Hilversum", cbs_code="GM0402")
    own = BuurtFactory(name="Eigen buurt")  # GM0402
    other = BuurtFactory(
        code="BU03630101",
        name="Andermans buurt",
        municipality_code="GM0363",
        parent__code="WK036301",
        parent__municipality_code="GM0363",
    )
    # The report lists neighbourhoods where something was chosen (here: an initiative).
    InitiativeFactory().neighbourhoods.set([own])
    InitiativeFactory().neighbourhoods.set([other])
    client.force_login(lezer)
    response = client.get(reverse("overview:report"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Eigen buurt" in text and "Andermans buurt" not in text


def test_history_page_shows_changes_and_hides_internal_fields_from_coordinators(client, medewerker):
    initiative = InitiativeFactory(notes="")
    from core.concurrency import update_versioned

    update_versioned(
        initiative, expected_version=1, values={"notes": "Geheime notitie", "phone": "020-1234567"}, actor=medewerker
    )
    ContactLog = __import__("partnerships.models", fromlist=["ContactLogEntry"]).ContactLogEntry
    ContactLog.objects.create(
        initiative=initiative, date=datetime.date(2026, 1, 1), summary="Intern overleg", visibility="internal"
    )
    client.force_login(medewerker)
    staff_page = client.get(reverse("overview:history_initiative", args=[initiative.pk])).content.decode()
    assert "Geheime notitie" in staff_page and "020-1234567" in staff_page and "Intern overleg" in staff_page
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    client.force_login(coordinator)
    page = client.get(reverse("overview:history_initiative", args=[initiative.pk])).content.decode()
    assert "020-1234567" in page
    assert "Geheime notitie" not in page and "Intern overleg" not in page


def test_partnership_timeline_merges_history_log_conversations_and_drafts(client, medewerker):
    partnership = PartnershipFactory()
    p_services.add_conversation(
        partnership, actor=medewerker, values={"date": datetime.date(2026, 2, 1), "summary": "Tweede gesprek"}
    )
    from agreements import services as a_services

    draft = a_services.create_draft(partnership, form="afsprakenlijst", actor=medewerker)
    a_services.freeze(draft, actor=medewerker)
    client.force_login(medewerker)
    page = client.get(reverse("overview:history_partnership", args=[partnership.pk])).content.decode()
    assert "Tweede gesprek" in page and draft.title in page

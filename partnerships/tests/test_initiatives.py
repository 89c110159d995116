"""The initiative register, its contact log, the handover of files and deactivation rules."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.models import ChangeEntry
from core.testing import assert_on_page
from neighbourhoods.tests.factories import BuurtFactory
from partnerships import services
from partnerships.models import ContactLogEntry, CoordinatorAccess, Initiative, Theme
from partnerships.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def initiative_post(**extra):
    data = {
        "version": 1,
        "name": "Energie Samen Oost",
        "legal_form": "cooperatie",
        "email": "info@energiesamen.example",
        "phone": "",
        "address": "",
        "website": "energiesamen.example",
        "themes": [Theme.objects.get(key="zon").pk],
        "phase": "planning",
        "members": "80",
        "households_reached": "",
        "notes": "Let op: bestuur wisselt in het voorjaar.",
    }
    return {**data, **extra}


def test_medewerker_registers_an_initiative_with_contacts(client, medewerker, beheerder):
    buurt = BuurtFactory()
    client.force_login(medewerker)
    response = client.post(
        reverse("initiatives:create"),
        initiative_post(neighbourhoods=[buurt.pk], contact=medewerker.pk, deputy=beheerder.pk),
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(name="Energie Samen Oost")
    assert (initiative.contact, initiative.deputy) == (medewerker, beheerder)
    assert initiative.website == "https://energiesamen.example"
    assert [t.key for t in initiative.themes.all()] == ["zon"]
    assert list(initiative.neighbourhoods.all()) == [buurt]
    assert ChangeEntry.objects.for_object(initiative).get().action == "create"
    # The neighbourhood page lists the initiative active there.
    assert "Energie Samen Oost" in client.get(reverse("neighbourhoods:detail", args=[buurt.code])).content.decode()


def test_contact_and_deputy_must_differ(client, medewerker):
    client.force_login(medewerker)
    response = client.post(reverse("initiatives:create"), initiative_post(contact=medewerker.pk, deputy=medewerker.pk))
    assert "De vervanger moet iemand anders zijn" in response.content.decode()
    assert not Initiative.objects.exists()


def test_list_warns_about_initiatives_without_an_active_contact(client, lezer):
    gone = UserFactory(is_active=False)
    InitiativeFactory(name="Verweesd initiatief", contact=gone)
    InitiativeFactory(name="Goed geregeld", contact=UserFactory())
    client.force_login(lezer)
    page = client.get(reverse("initiatives:list")).content.decode()
    warning = page.split('id="zonder-contact"')[1].split("</div>")[0]
    assert "Verweesd initiatief" in warning and "Goed geregeld" not in warning
    filtered = client.get(reverse("initiatives:list") + "?contact=geen").content.decode()
    assert "Goed geregeld" not in filtered


def test_list_filters_and_csv_export(client, lezer):
    contact = UserFactory()  # both have a contact, so the warning box does not list them
    zon = InitiativeFactory(name="Zonnedak", phase="execution", contact=contact)
    zon.themes.set([Theme.objects.get(key="zon")])
    InitiativeFactory(name="Warmtegroep", phase="exploring", contact=contact)
    client.force_login(lezer)
    page = client.get(reverse("initiatives:list") + "?thema=zon").content.decode()
    assert "Zonnedak" in page and "Warmtegroep" not in page
    page = client.get(reverse("initiatives:list") + "?fase=exploring").content.decode()
    assert "Warmtegroep" in page and "Zonnedak" not in page
    body = client.get(reverse("initiatives:export") + "?q=zonne").content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Naam;Rechtsvorm")
    assert "Zonnedak" in body and "Warmtegroep" not in body


def test_list_filters_by_district_list_each_initiative_once(client, lezer):
    """An initiative in several buurten of the district, and in the district itself, is one row."""
    contact = UserFactory()
    first = BuurtFactory(code="BU04020101")
    second = BuurtFactory(code="BU04020102", parent=first.parent)
    elsewhere = BuurtFactory(code="BU04020901")
    wide = InitiativeFactory(name="Wijkbreed", contact=contact)
    wide.neighbourhoods.set([first, second, first.parent])
    wide.themes.set(Theme.objects.all()[:3])
    InitiativeFactory(name="Elders", contact=contact).neighbourhoods.set([elsewhere])
    client.force_login(lezer)
    for query in [f"?buurt={first.parent.code}", f"?buurt={first.parent.code.lower()}&thema={wide.themes.first().key}"]:
        page = client.get(reverse("initiatives:list") + query).content.decode()
        assert page.count(">Wijkbreed</a>") == 1, query
        assert "Elders" not in page
    page = client.get(reverse("initiatives:list") + f"?buurt={second.code}").content.decode()
    assert page.count(">Wijkbreed</a>") == 1 and "Elders" not in page


def test_log_entries_are_shared_or_internal(client, medewerker):
    initiative = InitiativeFactory()
    client.force_login(medewerker)
    for visibility, summary in [("shared", "Gedeeld verslag"), ("internal", "Interne afweging")]:
        response = client.post(
            reverse("initiatives:log_create", args=[initiative.pk]),
            {
                "date": "2026-10-01",
                "kind": "meeting",
                "participants": "A, B",
                "summary": summary,
                "visibility": visibility,
            },
        )
        assert response.status_code == 302
    assert set(initiative.log.values_list("visibility", flat=True)) == {"shared", "internal"}
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    client.force_login(coordinator)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Gedeeld verslag" in page
    assert "Interne afweging" not in page
    assert "Interne notities" not in page


def test_coordinator_edits_the_profile_but_not_contacts_or_notes(client):
    contact = UserFactory()
    initiative = InitiativeFactory(contact=contact, notes="Intern")
    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    client.force_login(coordinator)
    response = client.post(
        reverse("initiatives:update", args=[initiative.pk]),
        initiative_post(name="Nieuwe naam", contact="", notes="overschreven"),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.name == "Nieuwe naam"
    assert (initiative.contact, initiative.notes) == (contact, "Intern")


def test_handover_moves_every_file_with_a_note(client, beheerder):
    leaving, successor, other = UserFactory(), UserFactory(), UserFactory()
    a = InitiativeFactory(name="A", contact=leaving, deputy=other)
    b = InitiativeFactory(name="B", contact=other, deputy=leaving)
    c = InitiativeFactory(name="C", contact=other)
    client.force_login(beheerder)
    data = {"from_user": leaving.pk, "to_user": successor.pk, "note": "Lopende subsidieaanvraag bij A."}
    response = client.post(reverse("initiatives:handover"), data)
    assert "Bevestig" in response.content.decode()
    assert Initiative.objects.get(pk=a.pk).contact == leaving  # nothing moved before confirmation
    response = client.post(reverse("initiatives:handover"), {**data, "confirmed": "1"})
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.contact, a.deputy) == (successor, other)
    assert (b.contact, b.deputy) == (other, successor)
    assert c.contact == other
    for initiative in (a, b):
        entry = initiative.log.get(kind=ContactLogEntry.Kind.HANDOVER)
        assert "Lopende subsidieaanvraag" in entry.summary and entry.visibility == "internal"
    assert not c.log.exists()


def test_handover_to_the_deputy_leaves_no_one_deputy_of_themselves():
    leaving, deputy = UserFactory(), UserFactory()
    initiative = InitiativeFactory(contact=leaving, deputy=deputy)
    services.hand_over(from_user=leaving, to_user=deputy, note="", actor=None)
    initiative.refresh_from_db()
    assert (initiative.contact, initiative.deputy) == (deputy, None)


def test_deactivating_the_only_contact_is_refused_with_an_explanation(client, beheerder):
    only = UserFactory()
    InitiativeFactory(name="Alleen-ik", contact=only)
    client.force_login(beheerder)
    data = {"version": only.version, "full_name": only.full_name, "role": only.role, "language": ""}
    response = client.post(reverse("accounts:user_update", args=[only.pk]), data)  # is_active unticked
    content = response.content.decode()
    assert "enige actieve contactpersoon van: Alleen-ik" in content
    only.refresh_from_db()
    assert only.is_active


def test_deactivating_is_allowed_when_a_deputy_covers(client, beheerder):
    contact = UserFactory()
    InitiativeFactory(contact=contact, deputy=UserFactory())
    client.force_login(beheerder)
    data = {"version": contact.version, "full_name": contact.full_name, "role": contact.role, "language": ""}
    assert client.post(reverse("accounts:user_update", args=[contact.pk]), data).status_code == 302
    contact.refresh_from_db()
    assert not contact.is_active


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow(client, lezer, django_assert_num_queries, rows):
    contact = UserFactory()
    for n in range(rows):
        i = InitiativeFactory(name=f"Initiatief {n:02d}", contact=contact, deputy=UserFactory())
        i.themes.set(Theme.objects.all()[:2])
        i.neighbourhoods.set([BuurtFactory(name=f"Buurt van initiatief {n:02d}")])
    client.force_login(lezer)
    # session, user, count, page with contacts, themes, neighbourhoods, themes/phases/wijken for the
    # filters, the "without contact" warning, municipality in the header
    with django_assert_num_queries(10):
        response = client.get(reverse("initiatives:list"))
    assert response.status_code == 200
    first_page = range(min(rows, 25))  # by name, 25 a page
    assert_on_page(response, [f"Initiatief {n:02d}" for n in first_page])
    assert_on_page(response, [f"Buurt van initiatief {n:02d}" for n in first_page])
    assert_on_page(response, [contact.full_name, *[theme.label for theme in Theme.objects.all()[:2]]])


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_does_not_grow(client, medewerker, django_assert_num_queries, rows):
    initiative = InitiativeFactory(contact=medewerker)
    initiative.themes.set(Theme.objects.all()[:3])
    initiative.neighbourhoods.set(BuurtFactory.create_batch(3))
    for i in range(rows):
        ContactLogEntry.objects.create(
            initiative=initiative, date="2026-01-01", summary=f"Gesprek {i:02d}", author=medewerker
        )
    client.force_login(medewerker)
    # session, user, initiative, themes, neighbourhoods, log (+authors), invitations, coordinators,
    # content type and history, municipality, the contact person shown in the page, its partnership
    with django_assert_num_queries(13):
        response = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    assert response.status_code == 200
    assert_on_page(response, [f"Gesprek {i:02d}" for i in range(rows)])
    assert_on_page(response, [n.name for n in initiative.neighbourhoods.all()])


@pytest.mark.parametrize("rows", [1, 50])
def test_coordinators_own_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    coordinator = UserFactory(role="coordinator")
    # One more than `rows`, so the page lists them instead of going straight to the only one.
    initiatives = InitiativeFactory.create_batch(rows + 1)
    for initiative in initiatives:
        CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)
    client.force_login(coordinator)
    # session, user, the initiatives, municipality in the header
    with django_assert_num_queries(4):
        response = client.get(reverse("initiatives:mine"))
    assert response.status_code == 200
    assert_on_page(response, [initiative.name for initiative in initiatives])

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from partnerships.models import ContactLogEntry
from partnerships.tests.factories import InitiativeFactory

PASSWORD = "een-goed-wachtwoord"


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_staff_invites_a_coordinator_who_sees_only_their_initiative(
    page, browser, live_server, transactional_db, assert_accessible, request
):
    staff = UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    ours = InitiativeFactory(name="Zonnig Zuid (fictief)", contact=staff)
    other = InitiativeFactory(name="Warm Noord (fictief)", contact=staff)
    ContactLogEntry.objects.create(initiative=ours, date="2026-10-01", summary="Gedeeld verslag", visibility="shared")
    ContactLogEntry.objects.create(
        initiative=ours, date="2026-10-02", summary="Interne afweging", visibility="internal"
    )

    log_in(page, live_server, "mo@gemeente.example")
    page.get_by_role("link", name="Initiatieven", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Zonnig Zuid (fictief)").click()
    assert_accessible(page)
    page.get_by_role("link", name="Coördinator uitnodigen").click()
    assert_accessible(page)
    page.get_by_label("E-mailadres van de coördinator").fill("fatima@initiatief.example")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Er is een uitnodiging verstuurd naar fatima@initiatief.example.")).to_be_visible()
    expect(page.get_by_role("cell", name="verstuurd", exact=True)).to_be_visible()

    # The coordinator opens the link from the mail in their own browser.
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/uitnodiging/\S+/", message.body).group(0)
    coordinator_context = browser.new_context(locale="nl-NL")
    request.addfinalizer(coordinator_context.close)  # no requests may outlive the test's live server
    coordinator = coordinator_context.new_page()
    coordinator.goto(link)
    expect(coordinator).to_have_url(re.compile(r"/accounts/uitnodiging/$"))  # the token is gone from the URL
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Uitnodiging accepteren")
    assert_accessible(coordinator)
    coordinator.get_by_label("Uw naam").fill("Fatima de Vries")
    coordinator.get_by_label("Kies een wachtwoord").fill("Zonnepanelen-op-elk-dak-2026")
    coordinator.get_by_label("Herhaal het wachtwoord").fill("Zonnepanelen-op-elk-dak-2026")
    coordinator.get_by_role("button", name="Mijn account aanmaken").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Zonnig Zuid (fictief)")
    expect(coordinator.get_by_text("Gedeeld verslag")).to_be_visible()
    expect(coordinator.get_by_text("Interne afweging")).to_have_count(0)
    expect(coordinator.get_by_role("link", name="Initiatieven", exact=True)).to_have_count(0)
    assert_accessible(coordinator)

    # Guessing another initiative's URL, or a staff page, finds nothing.
    coordinator.goto(f"{live_server.url}/initiatieven/{other.pk}/")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(coordinator)
    assert coordinator.goto(f"{live_server.url}/buurten/").status == 404

    # The used link no longer works.
    coordinator.goto(link)
    expect(coordinator.get_by_role("alert")).to_contain_text("al gebruikt")
    assert_accessible(coordinator)

    # Staff revoke access; the coordinator's open session loses the initiative at once.
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Toegang intrekken")).click()
    expect(page.get_by_text("De uitnodiging is ingetrokken")).to_be_visible()
    assert coordinator.goto(f"{live_server.url}/initiatieven/{ours.pk}/").status == 404


def test_beheerder_publishes_the_way_of_working(page, live_server, transactional_db, assert_accessible):
    UserFactory(email="bea@gemeente.example", role=Role.BEHEERDER)
    log_in(page, live_server, "bea@gemeente.example")
    page.get_by_role("link", name="Werkwijze").click()
    expect(page.get_by_text("Er is nog geen versie gepubliceerd")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Aan een nieuwe versie werken").click()
    assert_accessible(page)
    page.get_by_label("Uitgangspunten").fill("Initiatieven zijn partners in de wijkaanpak.")
    page.get_by_label("Hoe continuïteit is geborgd").fill("Elk initiatief heeft een vervanger.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Publiceren").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, publiceren").click()
    expect(page.get_by_text("Versie 1 is gepubliceerd en geldt nu.")).to_be_visible()
    expect(page.get_by_role("link", name="Concept bewerken")).to_have_count(0)
    page.get_by_role("link", name="Werkwijze", exact=True).first.click()
    expect(page.get_by_text("Versie 1 geldt")).to_be_visible()

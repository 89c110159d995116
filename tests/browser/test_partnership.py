import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods.tests.factories import BuurtFactory
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory

PASSWORD = "een-goed-wachtwoord"


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_partnership_from_start_to_stopping_together_and_reopening(
    page, browser, live_server, transactional_db, assert_accessible, request
):
    UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    buurt = BuurtFactory(name="Zonnebuurt")
    initiative = InitiativeFactory(name="Zonnig Zuid (fictief)")
    initiative.neighbourhoods.set([buurt])
    coordinator = UserFactory(email="cor@initiatief.example", full_name="Cor Coördinator", role=Role.COORDINATOR)
    CoordinatorAccess.objects.create(user=coordinator, initiative=initiative)

    # Staff start the partnership: the steps gate asks for a reason.
    log_in(page, live_server, "mo@gemeente.example")
    page.goto(f"{live_server.url}/initiatieven/{initiative.pk}/")
    page.get_by_role("link", name="Partnerschap starten").click()
    expect(page.get_by_role("link", name=re.compile("open: kies de rol"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Partnerschap starten").click()
    expect(page.locator("#foutmeldingen")).to_contain_text("geef een reden om toch te starten")
    assert_accessible(page)
    page.get_by_label("Reden om te starten").fill("Het initiatief wil snel beginnen.")
    page.get_by_role("button", name="Partnerschap starten").click()
    expect(page.get_by_text("Het partnerschap is gestart.")).to_be_visible()
    assert_accessible(page)
    partnership_url = page.url

    # The conversation: needs, a shared goal, activities.
    page.get_by_role("link", name="Gesprek vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Deelnemers").fill("Mo (gemeente), Cor (initiatief)")
    page.get_by_label("Samenvatting").fill("Een eerste verkennend gesprek.")
    page.get_by_label("Interne notities").fill("Budget is krap.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Behoefte toevoegen").click()
    assert_accessible(page)
    page.get_by_label("de gemeente heeft nodig van het initiatief").check()
    page.get_by_label("Categorie").select_option(label="bereik in de buurt")
    page.get_by_label("Omschrijving").fill("Bereik van bewoners in de straat")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De behoefte is toegevoegd.")).to_be_visible()  # in place: wait for it
    page.get_by_role("link", name="Gezamenlijk doel toevoegen").click()
    page.get_by_label("Gezamenlijk doel").fill("Samen 100 woningen isoleren")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("listitem").filter(has_text="Samen 100 woningen isoleren")).to_be_visible()
    page.get_by_role("link", name="Activiteit toevoegen").click()
    page.get_by_role("textbox", name=re.compile("^Wat")).fill("Buurtavond organiseren")
    page.get_by_label("Verantwoordelijk*", exact=True).select_option(label="nog niet bepaald")
    page.mouse.move(0, 0)  # the form opened in place: not the button's hover state, mid-transition
    page.wait_for_timeout(300)
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="Buurtavond organiseren", exact=True)).to_be_visible()
    assert_accessible(page)

    # The coordinator adds a need of the initiative and takes on the activity.
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)
    cor = context.new_page()
    log_in(cor, live_server, "cor@initiatief.example")
    cor.goto(partnership_url)
    expect(cor.get_by_text("Een eerste verkennend gesprek.")).to_be_visible()
    expect(cor.get_by_text("Budget is krap.")).to_have_count(0)
    assert_accessible(cor)
    cor.get_by_role("link", name="Behoefte van ons initiatief toevoegen").click()
    cor.get_by_label("Categorie").select_option(label="budget")
    cor.get_by_label("Omschrijving").fill("Procesgeld voor de buurtaanpak")
    assert_accessible(cor)
    cor.get_by_role("button", name="Opslaan").click()
    expect(cor.get_by_text("Procesgeld voor de buurtaanpak")).to_be_visible()
    cor.get_by_role("button", name=re.compile("Dit pakken wij op")).click()
    expect(cor.get_by_text("Uw initiatief heeft deze activiteit opgepakt.")).to_be_visible()
    assert_accessible(cor)

    # Staff see who wrote what, and assess the intensity.
    page.goto(partnership_url)
    expect(page.get_by_text("geschreven door Cor Coördinator")).to_be_visible()
    page.get_by_role("link", name="Intensiteit beoordelen").click()
    assert_accessible(page)
    page.get_by_role("group", name="Is het gezamenlijke doel voor beide partijen helder?").get_by_label("ja").check()
    page.get_by_role("group", name="Zit het initiatief in een verkennende fase?").get_by_label("ja").check()
    page.get_by_role("group", name="Zijn de doelen van het initiatief smal?").get_by_label("nee").check()
    page.get_by_role("group", name="Is er sprake van projectontwikkeling?").get_by_label("nee").check()
    page.get_by_role("group", name="Is het een serieus, grootschaliger initiatief?").get_by_label("nee").check()
    page.get_by_role("button", name="Uitkomst bekijken").click()
    expect(page.get_by_role("heading", name="Voorgestelde intensiteit: licht")).to_be_visible()
    expect(page.get_by_text("Samenwerkingsverklaring").first).to_be_visible()
    assert_accessible(page)

    # Stopping together, agreed outside the app (a proposal in the app that the other side confirms:
    # partnerships/tests/test_flow.py), with reasons; then reopening with a note.
    page.get_by_role("link", name="Terug naar het partnerschap").click()
    page.get_by_role("link", name="Buiten de app afgesproken stoppen vastleggen…").click()
    assert_accessible(page)
    page.get_by_label("Buiten de app afgesproken: met wie en wanneer?").fill(
        "In het overleg van 3 maart met het bestuur"
    )
    page.get_by_label("Waarom stoppen de gemeente en het initiatief samen?").fill("De wensen liggen te ver uit elkaar.")
    page.get_by_label("Afgesproken door").fill("Mo Medewerker en het bestuur")
    page.get_by_role("button", name="Vastleggen: samen gestopt").click()
    expect(page.get_by_role("region", name="Samen gestopt")).to_contain_text("De wensen liggen te ver uit elkaar.")
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partnerschappen").click()
    expect(page.get_by_role("cell", name="samen gestopt")).to_be_visible()
    assert_accessible(page)
    page.goto(partnership_url)
    page.get_by_role("link", name="Heropenen").click()
    page.get_by_label("Waarom begint de zoektocht opnieuw?").fill("Nieuw bestuur, nieuwe kansen.")
    assert_accessible(page)
    page.get_by_role("button", name="Heropenen").click()
    expect(page.get_by_text("Het partnerschap is heropend.")).to_be_visible()
    expect(page.get_by_role("region", name="Statusverloop")).to_contain_text("samen gestopt → verkennend")
    expect(page.get_by_role("region", name="Statusverloop")).to_contain_text("Nieuw bestuur, nieuwe kansen.")
    assert_accessible(page)

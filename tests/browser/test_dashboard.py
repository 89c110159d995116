import datetime

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from neighbourhoods.tests.factories import BuurtFactory
from partnerships import services as p_services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import InitiativeFactory, PartnershipFactory

PASSWORD = "een-goed-wachtwoord"


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_dashboards_for_staff_and_coordinator_and_an_excel_export(
    page, browser, live_server, transactional_db, assert_accessible, request
):
    staff = UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    buurt = BuurtFactory(name="Zonnebuurt")
    partnership = PartnershipFactory(
        initiative__name="Zonnig Zuid (fictief)",
        initiative__contact=staff,
        review_date=datetime.date.today() - datetime.timedelta(days=2),
    )
    partnership.initiative.neighbourhoods.set([buurt])
    p_services.add_activity(
        partnership,
        actor=staff,
        values={
            "what": "Subsidie aanvragen",
            "responsible": "initiative",
            "due_date": datetime.date.today() - datetime.timedelta(days=1),
        },
    )
    InitiativeFactory(name="Zonder contactpersoon (fictief)")
    cor = UserFactory(email="cor@initiatief.example", full_name="Cor Coördinator", role=Role.COORDINATOR)
    CoordinatorAccess.objects.create(user=cor, initiative=partnership.initiative)

    log_in(page, live_server, "mo@gemeente.example")
    attention = page.get_by_role("region", name="Vraagt aandacht")
    expect(attention).to_contain_text("Zonnebuurt")
    expect(attention).to_contain_text("herijkingsdatum is verstreken")
    expect(attention).to_contain_text("Subsidie aanvragen")
    expect(attention).to_contain_text("Zonder contactpersoon (fictief)")
    assert_accessible(page)
    attention.get_by_role("link", name="Zonnebuurt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zonnebuurt")

    # An export, as Excel, from the neighbourhood list.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Buurten").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == "buurten.xlsx"
    assert open(download.value.path(), "rb").read(2) == b"PK"  # a zip container, as xlsx is

    # The coordinator's own dashboard.
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)
    cpage = context.new_page()
    log_in(cpage, live_server, "cor@initiatief.example")
    expect(cpage.get_by_role("heading", level=1)).to_have_text("Welkom, Cor")
    expect(cpage.get_by_role("region", name="Openstaande activiteiten")).to_contain_text("Subsidie aanvragen")
    expect(cpage.get_by_role("region", name="Openstaande activiteiten")).to_contain_text("over tijd")
    expect(cpage.get_by_text("Zonder contactpersoon (fictief)")).to_have_count(0)
    assert_accessible(cpage)

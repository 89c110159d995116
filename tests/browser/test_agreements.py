import re

from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UserFactory
from agreements.models import Clause
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory

PASSWORD = "een-goed-wachtwoord"


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_draft_versions_comments_agreement_and_pdf(
    page, browser, live_server, transactional_db, assert_accessible, request
):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    staff = UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=Role.MEDEWERKER)
    partnership = PartnershipFactory(initiative__name="Zonnig Zuid (fictief)", intensity="zwaar")
    partnership_services.add_activity(
        partnership, actor=staff, values={"what": "Buurtavond organiseren", "responsible": "initiative"}
    )
    Clause.objects.create(
        section="inspanning",
        title="Geen resultaatverplichting",
        text="Partijen spannen zich in; er is **geen resultaatverplichting**.",
    )
    cor = UserFactory(email="cor@initiatief.example", full_name="Cor Coördinator", role=Role.COORDINATOR)
    CoordinatorAccess.objects.create(user=cor, initiative=partnership.initiative)

    log_in(page, live_server, "mo@gemeente.example")
    page.goto(f"{live_server.url}/partnerschappen/{partnership.pk}/")
    page.get_by_role("link", name="Concept-afspraken").last.click()
    expect(page.get_by_label("Intentieovereenkomst, meestal met inspanningsverplichting")).to_be_checked()  # suggested
    assert_accessible(page)
    page.get_by_role("button", name="Concept maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intentieovereenkomst Zonnig Zuid (fictief)")
    expect(page.get_by_role("cell", name="Buurtavond organiseren")).to_be_visible()  # the activities table
    assert_accessible(page)
    page.get_by_role("button", name="Versie vastzetten voor bespreking").click()
    expect(page.get_by_text("Versie 1 is vastgezet voor bespreking.")).to_be_visible()

    # Edit a section and insert a library clause.
    page.get_by_role("link", name="Bewerken Inspanningsverplichting").click()
    page.get_by_label("Tekst", exact=True).fill("Wij werken samen in goed vertrouwen.")
    page.get_by_label("Standaardtekst uit de bibliotheek invoegen").select_option(label="Geen resultaatverplichting")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("strong", has_text="geen resultaatverplichting")).to_be_visible()
    page.get_by_role("button", name="Versie vastzetten voor bespreking").click()
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", name=re.compile("Inspanningsverplichting · gewijzigd"))).to_be_visible()
    expect(page.get_by_text("Wij werken samen in goed vertrouwen.")).to_be_visible()
    assert_accessible(page)

    # The coordinator comments and agrees to version 2.
    context = browser.new_context(locale="nl-NL")
    request.addfinalizer(context.close)
    cpage = context.new_page()
    log_in(cpage, live_server, "cor@initiatief.example")
    cpage.goto(page.url.split("vergelijken")[0])
    assert_accessible(cpage)
    cpage.get_by_role("link", name="Reactie bij een onderdeel toevoegen").click()
    cpage.get_by_label("Onderdeel").select_option(label="Fasering en go/no-go-momenten")
    cpage.get_by_label("Reactie").fill("Graag een go/no-go-moment in juni.")
    assert_accessible(cpage)
    cpage.get_by_role("button", name="Opslaan").click()
    cpage.get_by_role("button", name=re.compile("Akkoord met deze versie")).click()
    expect(cpage.get_by_text("Uw akkoord met versie 2 is vastgelegd.")).to_be_visible()
    assert_accessible(cpage)

    # Staff agree too: the draft is final, and the PDF downloads without "CONCEPT".
    page.goto(cpage.url)
    expect(page.get_by_text("Graag een go/no-go-moment in juni.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Akkoord met deze versie")).click()
    expect(page.get_by_text("Beide partijen zijn akkoord met versie 2")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Pdf versie 2").click()
    path = download.value.path()
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF-")
    import io

    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Buurtavond organiseren" in text and "CONCEPT" not in text

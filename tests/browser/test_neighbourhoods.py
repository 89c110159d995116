import re

from playwright.sync_api import expect

from accounts.models import Role as UserRole
from accounts.tests.factories import UserFactory
from neighbourhoods.models import Role, RoleFramework
from neighbourhoods.reference_data import seed_role_frameworks
from neighbourhoods.tests.factories import BuurtFactory, MunicipalityFactory, WijkFactory

PASSWORD = "een-goed-wachtwoord"


def test_staff_finds_a_buurt_sets_role_and_goals_and_sees_progress(
    page, live_server, transactional_db, assert_accessible
):
    # transactional_db flushes the seeded reference data between tests; put it back.
    seed_role_frameworks(RoleFramework, Role)
    MunicipalityFactory(name="Gemeente Voorbeeld")
    wijk = WijkFactory(name="Noord")
    BuurtFactory(parent=wijk, name="Zonnebuurt", code=f"BU{wijk.code[2:]}01")
    BuurtFactory(parent=wijk, name="Maanbuurt", code=f"BU{wijk.code[2:]}02")
    UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=UserRole.MEDEWERKER)

    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("mo@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("link", name="Buurten", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Zoek op naam of code").fill("zonne")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Maanbuurt")).to_have_count(0)
    page.get_by_role("link", name="Zonnebuurt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zonnebuurt")
    expect(page.get_by_role("region", name="Voortgang stappen")).to_contain_text("Stap 1, de rol van de gemeente: open")
    assert_accessible(page)

    # Step 1: the role page explains every role next to its choice.
    page.get_by_role("link", name="Rol kiezen").first.click()
    expect(page.get_by_text("De samenleving neemt het initiatief")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()  # nothing chosen
    expect(page.locator("#foutmeldingen")).to_contain_text("Kies ten minste één rol")
    assert_accessible(page)
    page.get_by_role("radio", name="Dominant Participerende overheid").check()
    page.get_by_role("checkbox", name="Ook aanwezig Netwerkende overheid").check()
    page.get_by_role("checkbox", name="Gekozen Facilitator").check()
    page.get_by_label("Veel").check()
    page.get_by_label("Onderbouwing").fill("Het initiatief in de buurt is sterk.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De rol is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("region", name="Rol van de gemeente (stap 1)")).to_contain_text(
        "Participerende overheid (Vier vormen van overheidssturing) dominant"
    )

    # Step 2: one goal per horizon.
    for horizon, title in [
        ("korte termijn", "Buurtavond"),
        ("middellange termijn", "Isolatie"),
        ("lange termijn", "Aardgasvrij"),
    ]:
        page.get_by_role("link", name="Doel toevoegen").first.click()
        page.get_by_label("Termijn").select_option(label=horizon)
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Streefwaarde").fill("100")
        assert_accessible(page)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("Het doel is toegevoegd.")).to_be_visible()
    progress = page.get_by_role("region", name="Voortgang stappen")
    expect(progress).to_contain_text("Stap 1, de rol van de gemeente: klaar")
    expect(progress).to_contain_text("Stap 2, doelen voor de korte, middellange en lange termijn: klaar")
    assert_accessible(page)

    # The list shows the progress, and the step filter agrees.
    page.goto(live_server.url + "/buurten/?stap=done")
    expect(page.get_by_role("link", name="Zonnebuurt")).to_be_visible()
    expect(page.get_by_role("link", name="Maanbuurt")).to_have_count(0)
    assert_accessible(page)


def test_beheerder_imports_a_file_in_the_browser(page, live_server, transactional_db, assert_accessible, tmp_path):
    UserFactory(email="bea@gemeente.example", role=UserRole.BEHEERDER)
    upload = tmp_path / "buurten.csv"
    upload.write_text("code;naam;WK_NAAM\nBU04020101;Centrum;Wijk Centrum\n", encoding="utf-8-sig")
    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("bea@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(live_server.url + "/buurten/importeren/")
    assert_accessible(page)
    page.get_by_label("CBS-bestand").set_input_files(str(upload))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("status").filter(has_text="Controle van buurten.csv")).to_contain_text(
        "Controle van buurten.csv"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Import bevestigen").click()
    expect(page.get_by_text(re.compile("created=2 updated=0 unchanged=0 skipped=0"))).to_be_visible()
    expect(page.get_by_role("link", name="Centrum", exact=True)).to_be_visible()
    assert_accessible(page)

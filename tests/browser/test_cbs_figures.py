"""CBS figures of two years, imported from the GeoPackage fixtures, where staff make decisions:
the buurt page (both years, the change, special values in words, attribution), the list filtered
and sorted by a figure, the map coloured by it, the role form. axe on every page."""

import io
import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role as UserRole
from accounts.tests.factories import UserFactory
from neighbourhoods.models import Role, RoleFramework
from neighbourhoods.reference_data import seed_role_frameworks
from neighbourhoods.tests.factories import MunicipalityFactory

DATA = Path(__file__).resolve().parents[2] / "neighbourhoods" / "tests" / "data"
PASSWORD = "een-goed-wachtwoord"


def test_two_years_of_cbs_figures_on_the_buurt_page_list_map_and_role_form(
    page, live_server, transactional_db, assert_accessible
):
    seed_role_frameworks(RoleFramework, Role)
    MunicipalityFactory(name="Gemeente Baarn", cbs_code="GM0308")
    for name in ("baarn_GM0308_2024.gpkg", "baarn_GM0308_2023_synthetic.gpkg"):
        call_command("import_neighbourhoods", str(DATA / name), stdout=io.StringIO())
    UserFactory(email="mo@gemeente.example", full_name="Mo Medewerker", role=UserRole.MEDEWERKER)

    page.goto(live_server.url + "/accounts/inloggen/")
    page.get_by_label("E-mailadres").fill("mo@gemeente.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # The buurt page: both years side by side, the change, words for special values, the source.
    page.goto(live_server.url + "/buurten/BU03080000/")
    figures = page.get_by_role("region", name="CBS-cijfers")
    expect(figures.get_by_role("columnheader", name="2023")).to_be_visible()
    expect(figures.get_by_role("columnheader", name="2024")).to_be_visible()
    gas = figures.get_by_role("row", name="Gemiddeld gasverbruik per woning")
    expect(gas).to_contain_text("983 m³")
    expect(gas).to_contain_text("komt in een latere versie")
    inhabitants = figures.get_by_role("row", name="Inwoners")
    expect(inhabitants).to_contain_text("1.825")
    expect(figures).not_to_contain_text("-99995")
    expect(figures.get_by_role("link", name="licentie CC BY 4.0")).to_be_visible()
    assert_accessible(page)

    # A wijk shows figures derived from its buurten, marked as such.
    page.goto(live_server.url + "/buurten/WK030800/")
    expect(page.get_by_role("region", name="CBS-cijfers")).to_contain_text("afgeleid uit de buurten")
    assert_accessible(page)

    # The list, filtered and sorted by gas use.
    page.goto(live_server.url + "/buurten/")
    page.get_by_label("CBS-cijfer").select_option(label="Gemiddeld gasverbruik per woning (m³)")
    page.get_by_label("vanaf (minstens)").fill("1500")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("columnheader", name=re.compile("Gemiddeld gasverbruik"))).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("m³")
    assert_accessible(page)

    # The map coloured by the share of corporation rentals, with its legend and table.
    page.goto(live_server.url + "/buurten/kaart/?kleur=cijfer-perc_huurwoningen_in_bezit_woningcorporaties")
    expect(page.get_by_role("heading", name="Legenda")).to_be_visible()
    expect(page.get_by_text("Bron: CBS, Wijk- en Buurtkaart")).to_be_visible()
    assert_accessible(page)

    # The role form shows the key figures beside the fields.
    page.goto(live_server.url + "/buurten/BU03080000/rol/")
    expect(page.get_by_role("complementary", name="Kerncijfers van CBS")).to_contain_text(
        "Huurwoningen van een woningcorporatie"
    )
    assert_accessible(page)
